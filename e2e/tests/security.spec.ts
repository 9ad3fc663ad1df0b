/**
 * The core runs under the gateway's production CSP (W1), and a session leaves the password nowhere a
 * script or a protocol log could read it back (W3).
 */
import { expect, test } from "../support/harness-test.js";
import { runInfo } from "../support/run-info.js";

/** The gateway's policy (apps/gateway/src/static-files.ts, explained there), directive by directive. */
const GATEWAY_CSP: Record<string, string[]> = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "connect-src": ["'self'"],
  "img-src": ["'self'", "data:", "blob:", "https:", "http:"],
  "frame-src": ["'self'"],
  "object-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
};

function directives(policy: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (policy ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name !== undefined && name !== "") out[name.toLowerCase()] = values;
  }
  return out;
}

test("runs the bundled core under the gateway's strict CSP, which blocks inline script and eval", async ({
  page,
  openHarness,
}) => {
  const bundle = page.waitForResponse((response) => new URL(response.url()).pathname === "/harness.js");
  const document = await openHarness();
  const script = await bundle;

  expect(directives(document.headers()["content-security-policy"])).toEqual(GATEWAY_CSP);
  expect(script.headers()["content-security-policy"]).toBe(document.headers()["content-security-policy"]);
  expect(script.headers()["content-type"]).toMatch(/^text\/javascript/);
  expect(document.headers()["x-frame-options"]).toBe("DENY");
  expect(document.headers()["x-content-type-options"]).toBe("nosniff");
  // The page's only script is the bundle file: nothing inline was needed to run the core.
  await expect(page.locator("script:not([src])")).toHaveCount(0);

  const probe = await page.evaluate(() => window.tagwire.cspProbe());
  expect(probe.inlineScriptRan).toBe(false);
  expect(probe.evalAllowed).toBe(false);
  expect(probe.violations).toContain("script-src-elem");

  // Under that policy the core still reaches the gateway (connect-src 'self') and speaks IMAP.
  const state = await page.evaluate(async (user) => {
    const t = window.tagwire;
    const id = await t.connect();
    const state = await t.login(id, user.username, user.password);
    await t.logout(id);
    return state;
  }, runInfo().users.alice);
  expect(state).toBe("authenticated");
});

test("keeps the password out of storage, cookies, the URL and the protocol trace", async ({
  page,
  openHarness,
}) => {
  const { users } = runInfo();
  const { username, password } = users.secret;
  await openHarness();

  const result = await page.evaluate(
    async ({ username, password }) => {
      const t = window.tagwire;
      const traces = [];
      for (const mechanism of ["PLAIN", "LOGIN"] as const) {
        const id = await t.connect();
        await t.login(id, username, password, { mechanism });
        await Promise.all([t.list(id), t.select(id, "INBOX"), t.status(id, "Sent")]);
        await t.logout(id);
        traces.push(t.trace(id));
      }
      return { traces, storage: await t.storage() };
    },
    { username, password },
  );

  const forms = [
    password,
    Buffer.from(password).toString("base64"),
    Buffer.from(`\0${username}\0${password}`).toString("base64"),
    encodeURIComponent(password),
  ];
  const sent = result.traces.flat().filter((entry) => entry.type === "commandSent");
  // The trace is not empty of credentials commands: it shows them, redacted.
  expect(sent.map((entry) => entry.name)).toEqual(expect.arrayContaining(["AUTHENTICATE", "LOGIN"]));
  expect(sent.find((entry) => entry.name === "LOGIN")?.text).toContain(username);

  const haystacks = { trace: JSON.stringify(result.traces), storage: JSON.stringify(result.storage) };
  for (const [where, text] of Object.entries(haystacks)) {
    for (const form of forms)
      expect(text.includes(form), `${where} contains a form of the password`).toBe(false);
  }
  expect(result.storage.localStorage).toEqual({});
  expect(result.storage.sessionStorage).toEqual({});
  expect(result.storage.cookie).toBe("");
});
