import { it } from "vitest";
import { selectedPair } from "../../test/session-pair.js";
it("scratch", () => {
  const pair = selectedPair();
  const a = pair.send({ name: "FETCH", uid: false, set: "1:3", attributes: ["ENVELOPE"] });
  const b = pair.send({ name: "NOOP" });
  const c = pair.send({ name: "STORE", uid: false, set: "1", operation: "add", flags: ["\\Seen"] });
  console.log(pair.clientToServer().map((r) => r.text), pair.session.blockedReason());
  pair.complete(a, b);
  console.log(pair.clientToServer().map((r) => r.text));
  console.log(pair.events.map((e) => e.type).join(" "));
});
