/*
 * Test helper process: starts a process group whose members ignore SIGTERM, prints its id and the folder to
 * clean as one JSON line, then either waits (to be killed) or exits at once (argv[3] === "exit").
 */
import { spawnGroup } from "../src/process-group.js";

const [dir = "", mode = "wait"] = process.argv.slice(2);
const group = spawnGroup("sh", ["-c", "trap '' TERM; sleep 60 & sleep 60 & wait"], { cleanupDir: dir });
setTimeout(() => {
  process.stdout.write(`${JSON.stringify({ pid: group.pid })}\n`);
  if (mode === "exit") process.exit(0);
}, 100);
