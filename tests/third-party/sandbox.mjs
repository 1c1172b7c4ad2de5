// The sandbox process every file here runs its client against: the binary
// scripts/test builds, named by LATCHKEY_SANDBOX_BIN, on a free port.
// Not a test file (node --test picks only `*.test.mjs` here).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Starts the sandbox with `args` and waits for its ready line; resolves to
 * `{ base, stop }`, `base` being the API base URL it printed.
 */
export async function startSandbox(args = []) {
  const binary = process.env.LATCHKEY_SANDBOX_BIN;
  assert.ok(binary, "LATCHKEY_SANDBOX_BIN names the sandbox binary");
  const child = spawn(binary, ["--port", "0", ...args], { stdio: ["ignore", "pipe", "ignore"] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return { base: line.split(" ")[0], stop: () => child.kill("SIGTERM") };
}
