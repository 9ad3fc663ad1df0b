import { describe, expect, it } from "vitest";
import { type GatewayConfig, loadConfig } from "../src/config.js";
import { ENV_SCHEMA } from "../src/config-schema.js";
import { NO_WEB, problems } from "./config-problems.js";

const SERVER = { IMAP_URL: "imaps://imap.example.org" };
const ROWS = Object.entries(ENV_SCHEMA);

/** `[setting, code]` of the problems of `env` that concern `setting`. */
const about = (setting: string, env: Record<string, string>) =>
  problems({ ...SERVER, ...env })
    .filter((p) => p.setting === setting)
    .map((p) => p.code);

describe("ENV_SCHEMA", () => {
  it("is the only way loadConfig reads the environment", () => {
    const read = new Set<string>();
    const env = new Proxy({ ...SERVER } as Record<string, string | undefined>, {
      get(target, name) {
        if (typeof name === "string") read.add(name);
        return target[name as string];
      },
    });
    loadConfig(env, NO_WEB);
    expect([...read].sort()).toEqual(ROWS.map(([, o]) => o.env).sort());
  });

  it("loads each row's typed default when the variable is unset, empty or blank", () => {
    const blank = Object.fromEntries(ROWS.map(([, o]) => [o.env, "  "]));
    for (const env of [SERVER, { ...blank, ...SERVER }]) {
      const config = loadConfig(env, NO_WEB) as unknown as Record<string, unknown>;
      for (const [key, option] of ROWS) {
        const literal =
          option.default !== undefined && !(Array.isArray(option.default) && option.default.length === 0);
        if (literal && key in config) expect(config[key], option.env).toEqual(option.default);
      }
    }
  });

  it("accepts every whole number within a row's bounds and refuses one outside with GW_ERR_CONFIG_RANGE", () => {
    const ints = ROWS.flatMap(([, o]) => ("range" in o ? [[o.env, o.range] as const] : []));
    expect(ints.length).toBeGreaterThan(15);
    for (const [env, [min, max]] of ints) {
      expect(about(env, { [env]: String(min) }), `${env}=${min}`).not.toContain("GW_ERR_CONFIG_RANGE");
      expect(about(env, { [env]: String(max) }), `${env}=${max}`).not.toContain("GW_ERR_CONFIG_RANGE");
      expect(about(env, { [env]: String(max + 1) }), `${env}=${max + 1}`).toEqual(["GW_ERR_CONFIG_RANGE"]);
      expect(about(env, { [env]: "12abc" }), `${env}=12abc`).toEqual(["GW_ERR_CONFIG_RANGE"]);
      if (min > 0)
        expect(about(env, { [env]: String(min - 1) }), `${env}=${min - 1}`).toEqual(["GW_ERR_CONFIG_RANGE"]);
    }
  });

  it("reads every switch as 1/0 and refuses anything else with GW_ERR_CONFIG_FORMAT", () => {
    const flags = ROWS.filter(([, o]) => typeof o.default === "boolean");
    expect(flags.map(([, o]) => o.env)).toContain("WS_PER_MESSAGE_DEFLATE");
    for (const [key, option] of flags) {
      const on = loadConfig({ ...SERVER, [option.env]: "1", ALLOWED_HOSTS: "x.example" }, NO_WEB);
      if (key in on) expect((on as unknown as Record<string, unknown>)[key], option.env).toBe(true);
      expect(about(option.env, { [option.env]: "maybe" })).toEqual(["GW_ERR_CONFIG_FORMAT"]);
    }
  });

  it("skips a rule across options when one of them is invalid", () => {
    const found = problems({ ...SERVER, LOW_WATERMARK: "lots", HIGH_WATERMARK: "16384" });
    expect(found.map((p) => [p.setting, p.code])).toEqual([["LOW_WATERMARK", "GW_ERR_CONFIG_RANGE"]]);
    expect(about("LOW_WATERMARK", { LOW_WATERMARK: "16384", HIGH_WATERMARK: "16384" })).toEqual([
      "GW_ERR_CONFIG_CONFLICT",
    ]);
    expect(about("MAX_SESSIONS_PER_IP", { MAX_SESSIONS: "5" })).toEqual(["GW_ERR_CONFIG_CONFLICT"]);
    expect(about("REQUEST_TIMEOUT_MS", { REQUEST_TIMEOUT_MS: "1000" })).toEqual(["GW_ERR_CONFIG_CONFLICT"]);
  });

  it("names each row's config field after a GatewayConfig key or an input of one", () => {
    const config: GatewayConfig = loadConfig(SERVER, NO_WEB);
    const inputs = [
      "imapUrl",
      "smtpUrl",
      "serverLabel",
      "configFile",
      "caFile",
      "tlsCertFile",
      "tlsKeyFile",
      "allowInsecureUpstream",
    ];
    for (const [key] of ROWS) expect(key in config || inputs.includes(key), key).toBe(true);
  });
});
