/*
 * A throwaway self-signed certificate for the implicit-TLS listener, made with the system's openssl:
 * CN=localhost, SAN DNS:localhost and IP:127.0.0.1, valid two days. `req -x509` marks it CA:TRUE, so TLS
 * clients can trust it directly as their only CA.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** Key algorithm: RSA 2048 (default) or EC P-256 (much faster to generate). */
export type TlsKeyType = "rsa" | "ec";

/** Paths and PEM of a generated certificate. */
export interface SelfSignedCertificate {
  certFile: string;
  keyFile: string;
  certPem: string;
}

/** Write `cert.pem` and `key.pem` (mode 0600) into `dir` and return them. */
export async function makeSelfSignedCertificate(
  dir: string,
  keyType: TlsKeyType = "rsa",
): Promise<SelfSignedCertificate> {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  const key =
    keyType === "rsa" ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
  const args = [
    "req",
    "-x509",
    ...key,
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout",
    keyFile,
    "-out",
    certFile,
  ];
  await new Promise<void>((resolve, reject) => {
    execFile("openssl", args, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(`openssl failed to make the test certificate: ${error.message}\n${stderr}`));
    });
  });
  return { certFile, keyFile, certPem: await readFile(certFile, "utf8") };
}
