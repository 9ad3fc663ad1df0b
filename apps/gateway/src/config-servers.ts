/**
 * The mail servers: the `default` one from `IMAP_URL`/`SMTP_URL`/`SERVER_LABEL`, plus those of the
 * `TAGWIRE_CONFIG` file, built by one function whichever source they come from.
 */
import { readConfigFile } from "./config-file.js";
import type { Problems } from "./config-problems.js";
import type { EnvValues } from "./config-schema.js";
import { type Endpoint, plaintextFlaw, type ServerUrl } from "./server-url.js";

/** One mail server the browser may pick by id. */
export interface ServerConfig {
  id: string;
  label: string;
  imap: Endpoint;
  smtp?: Endpoint;
  /** PEM bundle that replaces the system CAs when verifying this server's certificate. */
  ca?: string;
}

/** A server as a source describes it; each URL comes with the name of its setting, for messages. */
export interface ServerSpec {
  id: string;
  label: string | undefined;
  ca: string | undefined;
  imap: readonly [setting: string, url: ServerUrl];
  smtp: readonly [setting: string, url: ServerUrl] | undefined;
}

/** Every configured server; records a problem when none is, or when an id repeats. */
export function readServers(v: EnvValues, globalCa: string | undefined, problems: Problems): ServerConfig[] {
  const specs: ServerSpec[] = [];
  if (v.imapUrl !== undefined) {
    const smtp = v.smtpUrl === undefined ? undefined : (["SMTP_URL", v.smtpUrl] as const);
    specs.push({ id: "default", label: v.serverLabel, ca: globalCa, imap: ["IMAP_URL", v.imapUrl], smtp });
  } else if (v.smtpUrl !== undefined || v.serverLabel !== undefined) {
    const message = "SMTP_URL and SERVER_LABEL describe the `default` server: set IMAP_URL too";
    problems.add("GW_ERR_CONFIG_MISSING", "IMAP_URL", message);
  }
  if (v.demoAccount !== undefined && v.imapUrl === undefined) {
    const message = "DEMO_ACCOUNT is the demo account of the `default` server: set IMAP_URL too";
    problems.add("GW_ERR_CONFIG_MISSING", "IMAP_URL", message);
  }
  if (v.configFile !== undefined) specs.push(...readConfigFile(v.configFile, globalCa, problems));

  const servers = specs.flatMap((spec) => buildServer(spec, v.allowInsecureUpstream, problems) ?? []);
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.id)) {
      const message = `server id "${s.id}" is defined twice (IMAP_URL defines "default")`;
      problems.add("GW_ERR_CONFIG_CONFLICT", "TAGWIRE_CONFIG", message);
    }
    seen.add(s.id);
  }
  if (specs.length === 0 && problems.empty) {
    problems.add(
      "GW_ERR_CONFIG_MISSING",
      "IMAP_URL",
      "no mail server configured: set IMAP_URL (e.g. IMAP_URL=imaps://imap.example.org) or TAGWIRE_CONFIG=/path/to/servers.json",
    );
  }
  return servers;
}

/** The server, or null when a URL is refused as plaintext (the problem is recorded). */
function buildServer(spec: ServerSpec, allowInsecure: boolean, problems: Problems): ServerConfig | null {
  let refused = false;
  for (const [setting, url] of spec.smtp === undefined ? [spec.imap] : [spec.imap, spec.smtp]) {
    const flaw = plaintextFlaw(url, allowInsecure);
    if (flaw !== null) {
      problems.flaws(setting, [flaw]);
      refused = true;
    }
  }
  if (refused) return null;
  const imap = spec.imap[1].endpoint;
  return {
    id: spec.id,
    label: spec.label ?? imap.host,
    imap,
    ...(spec.smtp === undefined ? {} : { smtp: spec.smtp[1].endpoint }),
    ...(spec.ca === undefined ? {} : { ca: spec.ca }),
  };
}
