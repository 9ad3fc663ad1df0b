/** The command-text reader: `UID FETCH 1:* (FLAGS)`-style text → a typed `Command`. */
export { type CommandTextOptions, parseCommandText } from "./parse.js";
