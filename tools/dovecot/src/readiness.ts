/*
 * Waits until a listener really serves IMAP: the port accepts a connection (and a TLS handshake that
 * verifies against our certificate) and the greeting arrives. Dovecot may first send
 * `* OK Waiting for authentication process to respond..` while its auth process starts; only the real
 * greeting that follows counts.
 */
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { greetingVerdict } from "./mini-imap.js";

/** Where and how to probe. */
export interface ProbeTarget {
  host: string;
  port: number;
  /** Trusted CA PEM: set for implicit-TLS listeners. */
  tlsCa?: string;
}

/** One attempt: resolves with the greeting line, rejects on any error or after `timeoutMs`. */
export function readGreeting(target: ProbeTarget, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket =
      target.tlsCa === undefined
        ? connectTcp({ host: target.host, port: target.port })
        : connectTls({ host: target.host, port: target.port, ca: target.tlsCa, servername: "localhost" });
    let buffer = "";
    const finish = (error: Error | undefined, line?: string): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error === undefined) resolve(line ?? "");
      else reject(error);
    };
    const timer = setTimeout(() => finish(new Error(`no greeting within ${timeoutMs} ms`)), timeoutMs);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf("\n");
      while (end >= 0) {
        const line = buffer.slice(0, end).replace(/\r$/, "");
        buffer = buffer.slice(end + 1);
        const verdict = greetingVerdict(line);
        if (verdict === "ready") return finish(undefined, line);
        if (verdict === "refused") return finish(new Error(`server said ${line}`));
        end = buffer.indexOf("\n");
      }
    });
    socket.on("error", (error) => finish(error));
    socket.on("close", () => finish(new Error("connection closed before the greeting")));
  });
}

/**
 * Retry {@link readGreeting} until it succeeds, `deadline` (epoch ms) passes or `abort` settles
 * (e.g. the server exited). Connection refusals are retried quickly; other errors a little slower.
 */
export async function waitForGreeting(
  target: ProbeTarget,
  deadline: number,
  abort: Promise<unknown>,
): Promise<string> {
  let aborted = false;
  void abort.then(() => {
    aborted = true;
  });
  let lastError: unknown;
  while (!aborted && Date.now() < deadline) {
    try {
      return await readGreeting(target, Math.max(100, Math.min(5000, deadline - Date.now())));
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  const reason = aborted ? "the server exited" : "timed out";
  const detail = lastError instanceof Error ? `: ${lastError.message}` : "";
  throw new Error(`port ${target.port} did not greet (${reason}${detail})`);
}
