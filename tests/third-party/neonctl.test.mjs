// Neon's own CLI, neonctl (from npm, unchanged), against the sandbox's Neon
// emulator through its --api-host option: a client no one here wrote.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { startSandbox } from "./sandbox.mjs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
// The demo user's Neon API key (docs/sandbox.md); not a real secret.
const API_KEY = "neon_sandbox_apikey_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071";
const NEONCTL = join(process.cwd(), "node_modules", ".bin", "neonctl");
let sandbox;
let apiHost;
const configDir = mkdtempSync(join(tmpdir(), "neonctl-"));

before(async () => {
  sandbox = await startSandbox();
  apiHost = `${sandbox.base}/neon/api/v2`;
});

after(() => sandbox?.stop());

async function neonctl(...args) {
  const { stdout } = await run(NEONCTL, [
    ...args,
    "--api-host",
    apiHost,
    "--api-key",
    API_KEY,
    "--output",
    "json",
    "--no-analytics",
    "--config-dir",
    configDir,
  ]);
  return JSON.parse(stdout);
}

test("neonctl reads the user, organizations and projects", async () => {
  const me = await neonctl("me");
  assert.equal(me.email, "ada@example.com");
  const orgs = await neonctl("orgs", "list");
  assert.ok(orgs.length >= 2);
  const projects = await neonctl("projects", "list", "--org-id", orgs[1].id);
  assert.ok(projects.length > 0);
  assert.ok(projects.every((p) => p.org_id === orgs[1].id));
});

test("neonctl creates a project", async () => {
  const orgs = await neonctl("orgs", "list");
  const created = await neonctl("projects", "create", "--name", "from-neonctl", "--org-id", orgs[0].id);
  assert.equal(created.project.name, "from-neonctl");
  const projects = await neonctl("projects", "list", "--org-id", orgs[0].id);
  assert.equal(projects.filter((p) => p.name === "from-neonctl").length, 1);
});
