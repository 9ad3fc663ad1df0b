/** Which login command to send, chosen from the server's capabilities. */
import type { CapabilitySet } from "../session/capabilities.js";
import type { Command } from "../types/command.js";
import type { Secret } from "../types/secret.js";
import type { LoginOptions } from "./options.js";

/**
 * AUTHENTICATE PLAIN when asked for, or with `auto` when the server advertises `AUTH=PLAIN`;
 * otherwise LOGIN (which the session refuses where the server says LOGINDISABLED).
 */
export function chooseLogin(
  caps: CapabilitySet,
  username: string,
  password: Secret,
  options: LoginOptions,
): Command {
  const mechanism = options.mechanism ?? "auto";
  const plain = mechanism === "PLAIN" || (mechanism === "auto" && caps.has("AUTH=PLAIN"));
  if (!plain) return { name: "LOGIN", username, password };
  return {
    name: "AUTHENTICATE",
    mechanism: "PLAIN",
    username,
    password,
    ...(options.authzid === undefined ? {} : { authzid: options.authzid }),
  };
}
