/**
 * With the gateway's demo latency on, the same folder open done pipelined and strictly sequentially
 * (`maxInFlight: 1`): pipelining needs fewer round trips. Counted from the trace's timestamps, not
 * from wall-clock thresholds.
 */
import { expect, test } from "../support/harness-test.js";
import { type CommandTiming, commandTimings, roundTrips } from "../support/round-trips.js";
import { runInfo } from "../support/run-info.js";

/** What opening a folder costs: the folder list, INBOX, the counts of three others, the newest envelopes. */
const STATUS_FOLDERS = ["Sent", "Drafts", "Archive"];

/** Timer and clock granularity allowed per one-way delay when checking that the latency was applied. */
const DELAY_SLACK_MS = 2;

function span(timings: readonly CommandTiming[]): number {
  return (
    Math.max(...timings.map((command) => command.completedAt)) -
    Math.min(...timings.map((command) => command.sentAt))
  );
}

test("opens a folder in fewer round trips pipelined than with maxInFlight 1", async ({
  page,
  openHarness,
}, testInfo) => {
  const { users, latencyGatewayUrl, demoLatencyMs } = runInfo();
  await openHarness(latencyGatewayUrl);

  const openFolder = (maxInFlight: number | null) =>
    page.evaluate(
      async ({ alice, maxInFlight, folders }) => {
        const t = window.tagwire;
        const id = await t.connect(maxInFlight === null ? {} : { maxInFlight });
        await t.login(id, alice.username, alice.password);
        const mark = t.trace(id).length;
        const [, inbox] = await Promise.all([
          t.list(id),
          t.select(id, "INBOX"),
          ...folders.map((folder) => t.status(id, folder)),
        ]);
        await t.envelopes(id, `${Math.max(1, inbox.exists - 9)}:*`);
        const trace = t.trace(id).slice(mark);
        await t.logout(id);
        return trace;
      },
      { alice: users.alice, maxInFlight, folders: STATUS_FOLDERS },
    );

  const pipelined = commandTimings(await openFolder(null));
  const sequential = commandTimings(await openFolder(1));

  const commands = ["LIST", "SELECT", ...STATUS_FOLDERS.map(() => "STATUS"), "FETCH"].sort();
  expect(pipelined.map((command) => command.name).sort()).toEqual(commands);
  expect(sequential.map((command) => command.name).sort()).toEqual(commands);

  const rounds = { pipelined: roundTrips(pipelined), sequential: roundTrips(sequential) };
  testInfo.annotations.push({
    type: "round trips",
    description: `pipelined ${rounds.pipelined} in ${span(pipelined).toFixed(0)} ms, sequential ${rounds.sequential} in ${span(sequential).toFixed(0)} ms (${demoLatencyMs} ms each way)`,
  });

  // maxInFlight 1: every command waited for the previous one's completion.
  expect(rounds.sequential).toBe(commands.length);
  expect(Math.max(...sequential.map((command) => command.inFlight))).toBe(1);
  // Pipelined: everything up to SELECT's completion in one write; only the FETCH, which needs the
  // selected mailbox, waits for it.
  expect(rounds.pipelined).toBe(2);
  expect(Math.max(...pipelined.map((command) => command.inFlight))).toBe(commands.length - 1);

  // The latency was really there: each round trip cost at least the delay both ways.
  for (const [mode, timings] of [
    ["pipelined", pipelined],
    ["sequential", sequential],
  ] as const) {
    const minimum = rounds[mode] * 2 * (demoLatencyMs - DELAY_SLACK_MS);
    expect(span(timings), `${mode}: elapsed over ${rounds[mode]} round trips`).toBeGreaterThanOrEqual(
      minimum,
    );
  }
});
