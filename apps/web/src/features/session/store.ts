/**
 * Who is signed in where. The password is never held here (the app's wiring keeps it in memory for
 * the connection only); this store holds what the sign-in page and the header show.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { ConnectionProblem, ServerInfo } from "../../lib/imap-client/types";

export type SessionStatus = "loading" | "signedOut" | "signingIn" | "signedIn";

export interface SessionState {
  readonly status: SessionStatus;
  readonly servers: readonly ServerInfo[];
  readonly serverId: string | null;
  readonly username: string;
  /** Why sign-in failed or the connection ended, in words; null when all is well. */
  readonly problem: ConnectionProblem | null;
  /** The connection dropped after sign-in. */
  readonly connectionLost: boolean;
  serversLoaded(servers: readonly ServerInfo[]): void;
  serversFailed(problem: ConnectionProblem): void;
  chooseServer(serverId: string): void;
  signingIn(username: string): void;
  signedIn(): void;
  failed(problem: ConnectionProblem): void;
  lost(problem: ConnectionProblem): void;
  signedOut(): void;
}

export function createSessionStore() {
  return createStore<SessionState>()((set) => ({
    status: "loading",
    servers: [],
    serverId: null,
    username: "",
    problem: null,
    connectionLost: false,
    serversLoaded: (servers) =>
      set((s) => ({ servers, serverId: s.serverId ?? servers[0]?.id ?? null, status: "signedOut" })),
    serversFailed: (problem) => set({ status: "signedOut", problem }),
    chooseServer: (serverId) => set({ serverId, problem: null }),
    signingIn: (username) => set({ status: "signingIn", username, problem: null }),
    signedIn: () => set({ status: "signedIn", problem: null, connectionLost: false }),
    failed: (problem) => set({ status: "signedOut", problem }),
    lost: (problem) =>
      set((s) => (s.status === "signedIn" ? { problem, connectionLost: true } : { problem })),
    signedOut: () => set({ status: "signedOut", username: "", problem: null, connectionLost: false }),
  }));
}

export const sessionStore = createSessionStore();

export function useSessionStore<T>(selector: (state: SessionState) => T): T {
  return useStore(sessionStore, selector);
}
