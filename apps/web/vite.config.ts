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
    proxy: {
      "/api": { target: gateway, changeOrigin: false },
      "/ws": { target: gateway, ws: true, changeOrigin: false },
    },
  },
});
