/*
 * Finds the dovecot binary. When it is missing and we run as root on a Debian-like system, installs
 * Debian's dovecot-imapd (apt-get update first, waiting for the dpkg lock so parallel test workers do not
 * collide); otherwise fails with the exact command to run.
 */
import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access } from "node:fs/promises";

/** Where Debian's dovecot-core puts the binary. */
export const DEFAULT_DOVECOT_BINARY = "/usr/sbin/dovecot";

/** The command printed when Dovecot is missing and cannot be installed automatically. */
export const INSTALL_COMMAND = "sudo apt-get install -y dovecot-imapd";

const APT_GET = "/usr/bin/apt-get";

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${stderr.trim()}`));
    });
  });
}

let installing: Promise<void> | undefined;

async function install(): Promise<void> {
  const lock = ["-o", "DPkg::Lock::Timeout=300"];
  process.stderr.write("[dovecot] /usr/sbin/dovecot missing: installing dovecot-imapd with apt-get\n");
  await run(APT_GET, [...lock, "update"]);
  await run(APT_GET, [...lock, "install", "-y", "--no-install-recommends", "dovecot-imapd"]);
}

/**
 * The path of an executable dovecot binary, installing Debian's package when that is possible.
 * @param binary an explicit path (no install attempted when it is not the default)
 * @throws Error with the install command when Dovecot is missing and cannot be installed here
 */
export async function findDovecot(binary: string = DEFAULT_DOVECOT_BINARY): Promise<string> {
  if (await executable(binary)) return binary;
  if (binary !== DEFAULT_DOVECOT_BINARY)
    throw new Error(`Dovecot binary ${binary} is missing or not executable`);
  const canInstall = process.getuid?.() === 0 && (await executable(APT_GET));
  if (!canInstall) {
    throw new Error(`Dovecot is not installed (${binary} missing). Install it with: ${INSTALL_COMMAND}`);
  }
  installing ??= install().finally(() => {
    installing = undefined;
  });
  try {
    await installing;
  } catch (error) {
    throw new Error(
      `Installing dovecot-imapd failed; install it with: ${INSTALL_COMMAND}\n${(error as Error).message}`,
    );
  }
  if (!(await executable(binary))) {
    throw new Error(`dovecot-imapd was installed but ${binary} is still missing; try: ${INSTALL_COMMAND}`);
  }
  return binary;
}
