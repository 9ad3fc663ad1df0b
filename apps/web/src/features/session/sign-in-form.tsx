import { type FormEvent, useState } from "react";
import { useSessionStore } from "./store";
import "./session.css";

export interface SignInFormProps {
  readonly onSignIn: (username: string, password: string) => void;
  /** Another server picked: the app connects to it at once. */
  readonly onChooseServer: (serverId: string) => void;
}

export function SignInForm({ onSignIn, onChooseServer }: SignInFormProps) {
  const status = useSessionStore((s) => s.status);
  const servers = useSessionStore((s) => s.servers);
  const serverId = useSessionStore((s) => s.serverId);
  const problem = useSessionStore((s) => s.problem);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const server = servers.find((s) => s.id === serverId);
  const busy = status === "signingIn" || status === "loading";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || username === "" || password === "") return;
    onSignIn(username, password);
  };

  return (
    <main className="session-page">
      <form
        className="session-card"
        onSubmit={submit}
        aria-describedby={problem ? "session-problem" : undefined}
      >
        <h1 className="session-brand">Tagwire</h1>
        <p className="session-lede">
          Sign in to your mail{server === undefined ? "" : ` on ${server.label}`}.
        </p>
        {servers.length > 1 && (
          <label className="session-field">
            <span>Server</span>
            <select value={serverId ?? ""} onChange={(e) => onChooseServer(e.target.value)}>
              {servers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="session-field">
          <span>Username</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label className="session-field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {problem !== null && (
          <p id="session-problem" className="session-problem" role="alert">
            {problem.message}
          </p>
        )}
        <button className="session-submit" type="submit" disabled={busy}>
          {status === "signingIn" ? "Signing in…" : "Sign in"}
        </button>
        {server?.demoAccount !== undefined && (
          <p className="session-demo">
            Demo account: <code>{server.demoAccount.username}</code> /{" "}
            <code>{server.demoAccount.password}</code>{" "}
            <button
              type="button"
              className="session-link"
              onClick={() => {
                const demo = server.demoAccount;
                if (demo === undefined) return;
                setUsername(demo.username);
                setPassword(demo.password);
              }}
            >
              Use demo account
            </button>
          </p>
        )}
      </form>
    </main>
  );
}
