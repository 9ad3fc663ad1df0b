import { createServer, type Server } from "node:net";

function listen(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host, port: 0, exclusive: true }, () => resolve(server));
  });
}

/**
 * `count` distinct free TCP ports on `host`, found by binding port 0 (all held open together so they
 * differ, then released). Another process may still take one before Dovecot binds it: callers retry.
 */
export async function freePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  const settled = await Promise.allSettled(Array.from({ length: count }, () => listen(host)));
  const servers = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failed = settled.find((result) => result.status === "rejected");
  if (failed !== undefined) {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    throw failed.reason;
  }
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("Unexpected server address");
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
