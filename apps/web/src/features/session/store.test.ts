import { describe, expect, it } from "vitest";
import { createSessionStore } from "./store";

describe("session store", () => {
  it("picks the first server and lets the user choose another", () => {
    const store = createSessionStore();
    store.getState().serversLoaded([
      { id: "a", label: "A" },
      { id: "b", label: "B" },
    ]);
    expect(store.getState()).toMatchObject({ status: "signedOut", serverId: "a" });
    store.getState().chooseServer("b");
    expect(store.getState().serverId).toBe("b");
  });

  it("keeps the problem of a failed sign-in and clears it on the next attempt", () => {
    const store = createSessionStore();
    store.getState().signingIn("alice");
    store.getState().failed({ reason: "auth", message: "Authentication failed." });
    expect(store.getState()).toMatchObject({ status: "signedOut", problem: { reason: "auth" } });
    store.getState().signingIn("alice");
    expect(store.getState().problem).toBeNull();
  });

  it("marks a lost connection only while signed in, and sign-out forgets the user", () => {
    const store = createSessionStore();
    store.getState().signingIn("alice");
    store.getState().signedIn();
    store.getState().lost({ reason: "closed", message: "closed" });
    expect(store.getState().connectionLost).toBe(true);
    store.getState().signedOut();
    expect(store.getState()).toMatchObject({ username: "", connectionLost: false, problem: null });
  });
});
