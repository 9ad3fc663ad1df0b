import { useEffect } from "react";
import { SignInForm } from "../features/session/sign-in-form";
import { useSessionStore } from "../features/session/store";
import { Shell } from "./shell";
import { chooseServer, signIn, start } from "./wiring";

export function App() {
  const status = useSessionStore((s) => s.status);
  useEffect(() => {
    void start();
  }, []);
  return status === "signedIn" ? <Shell /> : <SignInForm onSignIn={signIn} onChooseServer={chooseServer} />;
}
