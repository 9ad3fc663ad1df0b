/** PEM files named by the configuration: the gateway's own certificate and key, and CA bundles. */
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import type { Problems } from "./config-problems.js";

/** The text of a PEM file holding `kind` (`CERTIFICATE`, `PRIVATE KEY`); undefined after a problem. */
function readPem(setting: string, file: string, kind: string, problems: Problems): string | undefined {
  if (!existsSync(file)) {
    problems.add("GW_ERR_CONFIG_FILE", setting, `${setting}: ${file} does not exist`);
    return undefined;
  }
  try {
    const text = readFileSync(file, "utf8");
    if (!text.includes("-----BEGIN ") || !text.includes(kind)) {
      problems.add("GW_ERR_CONFIG_FILE", setting, `${setting}: ${file} holds no PEM ${kind}`);
      return undefined;
    }
    return text;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    problems.add("GW_ERR_CONFIG_FILE", setting, `${setting}: cannot read ${file} (${code})`);
    return undefined;
  }
}

/** Reads a PEM bundle of CA certificates; every certificate in it must parse. */
export function readCaBundle(setting: string, file: string, problems: Problems): string | undefined {
  const text = readPem(setting, file, "CERTIFICATE", problems);
  if (text === undefined) return undefined;
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (blocks.length === 0) throw new Error("no certificate");
    for (const block of blocks) new X509Certificate(block);
  } catch (err) {
    const message = `${setting}: ${file} holds an unreadable certificate (${(err as Error).message})`;
    problems.add("GW_ERR_CONFIG_FILE", setting, message);
    return undefined;
  }
  return text;
}

/** The gateway's certificate and key from `TLS_CERT_FILE`/`TLS_KEY_FILE` (both or neither), or null. */
export function readTlsPair(
  certFile: string | undefined,
  keyFile: string | undefined,
  problems: Problems,
): { cert: string; key: string } | null {
  if (certFile === undefined && keyFile === undefined) return null;
  if (certFile === undefined || keyFile === undefined) {
    const message = "TLS_CERT_FILE and TLS_KEY_FILE go together: set both, or neither";
    problems.add(
      "GW_ERR_CONFIG_CONFLICT",
      certFile === undefined ? "TLS_CERT_FILE" : "TLS_KEY_FILE",
      message,
    );
    return null;
  }
  const cert = readPem("TLS_CERT_FILE", certFile, "CERTIFICATE", problems);
  const key = readPem("TLS_KEY_FILE", keyFile, "PRIVATE KEY", problems);
  if (cert === undefined || key === undefined) return null;
  try {
    createSecureContext({ cert, key });
    return { cert, key };
  } catch (err) {
    const message = `TLS_CERT_FILE/TLS_KEY_FILE: unusable certificate or key (${(err as Error).message})`;
    problems.add("GW_ERR_CONFIG_FILE", "TLS_CERT_FILE", message);
    return null;
  }
}
