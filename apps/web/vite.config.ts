import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** `pnpm --filter @tagwire/web dev` runs against a gateway already listening (`GATEWAY_URL`). */
const gateway = process.env.GATEWAY_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    target: "es2022",
    sourcemap: true,
    // The gateway's CSP has no 'unsafe-inline': keep every script and style in files.
    assetsInlineLimit: 0,
  },
  server: {
    host: "127.0.0.1",
    // The gateway admits only its own Host and Origin (SECURITY.md G3, G4): the dev server, bound to
    // loopback, presents the page as if the gateway had served it.
    proxy: {
      "/api": { target: gateway, changeOrigin: true },
      "/ws": {
        target: gateway,
        ws: true,
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on("proxyReqWs", (request) => request.setHeader("Origin", new URL(gateway).origin));
        },
      },
    },
  },
});
