// Neon's official API client, @neondatabase/api-client (from npm, unchanged),
// against the sandbox's Neon emulator with only `baseURL` changed: branches,
// compute endpoints, databases, roles and connection URIs, plus a contract
// check that feeds each answer, as a literal, to `tsc --strict` under the
// client's own declared types (api.gen.d.ts), so a missing field, an extra
// field or a wrong type in the sandbox fails here with tsc's message.
// Run by scripts/test: node --test tests/third-party/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { startSandbox } from "./sandbox.mjs";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createApiClient } from "@neondatabase/api-client";

const run = promisify(execFile);
// The demo user's Neon API key (docs/sandbox.md); not a real secret.
const API_KEY = "neon_sandbox_apikey_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071";
// Demo data (docs/sandbox.md): the personal project has branches `main` and
// `development`, databases `neondb` and `notes`, roles `neondb_owner` and
// `notes_app`; the organization project has only `main`, `neondb`, `neondb_owner`.
const PERSONAL = "lovelace-notes-100001";
const ORG_PROJECT = "difference-engine-200001";
const ORG_ID = "org-quiet-lake-10203040";
const ROOT = process.cwd();
const CLIENT_PACKAGE = join(ROOT, "node_modules", "@neondatabase", "api-client");
const TSC = join(ROOT, "node_modules", ".bin", "tsc");

let sandbox;
let api;

before(async () => {
  sandbox = await startSandbox();
  api = createApiClient({ apiKey: API_KEY, baseURL: `${sandbox.base}/neon/api/v2` });
});

after(() => sandbox?.stop());

async function branchNamed(projectId, name) {
  const { data } = await api.listProjectBranches({ projectId });
  const branch = data.branches.find((b) => b.name === name);
  assert.ok(branch, `${projectId} has a branch ${name}`);
  return branch;
}

/** The rejection of `promise`: an axios error carrying Neon's GeneralError. */
async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected the call to fail");
}

test("lists a project's branches and reads one", async () => {
  const { data, status } = await api.listProjectBranches({ projectId: PERSONAL });
  assert.equal(status, 200);
  assert.deepEqual(data.branches.map((b) => b.name).sort(), ["development", "main"]);
  assert.deepEqual(data.annotations, {});
  const main = data.branches.find((b) => b.default);
  assert.equal(main.name, "main");
  const dev = data.branches.find((b) => !b.default);
  assert.equal(dev.parent_id, main.id);

  const page = await api.listProjectBranches({ projectId: PERSONAL, limit: 1, sort_by: "name", sort_order: "asc" });
  assert.equal(page.data.branches[0].name, "development");
  const rest = await api.listProjectBranches({
    projectId: PERSONAL,
    limit: 1,
    sort_by: "name",
    sort_order: "asc",
    cursor: page.data.pagination.next,
  });
  assert.equal(rest.data.branches[0].name, "main");

  const { data: one } = await api.getProjectBranch(PERSONAL, dev.id);
  assert.equal(one.branch.name, "development");
  assert.equal(one.annotation.object.id, dev.id);
});

test("lists endpoints, databases and roles, and reveals a password", async () => {
  const dev = await branchNamed(PERSONAL, "development");
  const { data: all } = await api.listProjectEndpoints(PERSONAL);
  assert.equal(all.endpoints.length, 2);
  const { data: mine } = await api.listProjectBranchEndpoints(PERSONAL, dev.id);
  assert.equal(mine.endpoints.length, 1);
  const [endpoint] = mine.endpoints;
  assert.equal(endpoint.type, "read_write");
  assert.match(endpoint.host, /^ep-[a-z]+-[a-z]+-\d{8}\.eu-central-1\.aws\.neon\.tech$/);
  assert.ok(["idle", "active"].includes(endpoint.current_state));

  const { data: dbs } = await api.listProjectBranchDatabases(PERSONAL, dev.id);
  assert.deepEqual(dbs.databases.map((d) => d.name), ["neondb", "notes"]);
  const { data: roles } = await api.listProjectBranchRoles(PERSONAL, dev.id);
  assert.deepEqual(roles.roles.map((r) => r.name), ["neondb_owner", "notes_app"]);
  assert.ok(roles.roles.every((r) => r.password === undefined), "a role list carries no password");
  const { data: secret } = await api.getProjectBranchRolePassword(PERSONAL, dev.id, "notes_app");
  assert.ok(secret.password.length > 0);
});

test("builds a connection URI for a chosen branch, database and role", async () => {
  const dev = await branchNamed(PERSONAL, "development");
  const { data: eps } = await api.listProjectBranchEndpoints(PERSONAL, dev.id);
  const { data: secret } = await api.getProjectBranchRolePassword(PERSONAL, dev.id, "notes_app");
  const query = { projectId: PERSONAL, branch_id: dev.id, database_name: "notes", role_name: "notes_app" };
  const direct = new URL((await api.getConnectionUri(query)).data.uri);
  assert.equal(direct.protocol, "postgresql:");
  assert.equal(direct.hostname, eps.endpoints[0].host);
  assert.equal(direct.username, "notes_app");
  assert.equal(direct.password, secret.password);
  assert.equal(direct.pathname, "/notes");
  const pooled = new URL((await api.getConnectionUri({ ...query, pooled: true })).data.uri);
  assert.equal(pooled.hostname, eps.endpoints[0].host.replace(/^(ep-[^.]+)/, "$1-pooler"));
});

test("creates a branch with a compute and connects to it", async () => {
  const main = await branchNamed(ORG_PROJECT, "main");
  const { data, status } = await api.createProjectBranch(ORG_PROJECT, {
    branch: { name: "from-api-client" },
    endpoints: [{ type: "read_write" }],
  });
  assert.equal(status, 201);
  assert.equal(data.branch.parent_id, main.id);
  assert.equal(data.endpoints[0].branch_id, data.branch.id);
  assert.deepEqual(data.databases.map((d) => d.name), ["neondb"]);
  assert.deepEqual(data.roles.map((r) => r.name), ["neondb_owner"]);
  const [details] = data.connection_uris;
  const { data: uri } = await api.getConnectionUri({
    projectId: ORG_PROJECT,
    branch_id: data.branch.id,
    database_name: "neondb",
    role_name: "neondb_owner",
  });
  assert.equal(uri.uri, details.connection_uri);
  const listed = await branchNamed(ORG_PROJECT, "from-api-client");
  assert.equal(listed.id, data.branch.id);

  const again = await failure(api.createProjectBranch(ORG_PROJECT, { branch: { name: "from-api-client" } }));
  assert.equal(again.response.status, 409);
});

test("unknown ids come back as the client's errors with Neon's body", async () => {
  const unknownBranch = await failure(api.getProjectBranch(PERSONAL, "br-no-such-00000000"));
  assert.equal(unknownBranch.response.status, 404);
  assert.equal(typeof unknownBranch.response.data.message, "string");
  assert.equal(unknownBranch.response.data.code, "");
  const unknownProject = await failure(api.listProjectBranches({ projectId: "no-such-123456" }));
  assert.equal(unknownProject.response.status, 404);
  const wrongBranch = await failure(
    api.getConnectionUri({
      projectId: PERSONAL,
      branch_id: "br-no-such-00000000",
      database_name: "neondb",
      role_name: "neondb_owner",
    }),
  );
  assert.equal(wrongBranch.response.status, 404);
});

// ------------------------------------------------------------------ contract

/**
 * `tsc --strict` on `const x: T = <literal>` for each answer. `Wire<T>` turns
 * the client's string enums (EndpointType, OperationAction, …) into their
 * string literals, which is what JSON carries; it keeps every property, its
 * optionality and its type otherwise, so excess and missing properties
 * still fail.
 */
function contractSource(answers) {
  const lines = [
    `import type { Api, GeneralError } from "@neondatabase/api-client";`,
    `type Wire<T> = T extends string ? \`\${T}\` : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;`,
    // What a client method's promise resolves to: an AxiosResponse's `data`.
    `type Data<K extends keyof Api<unknown>> = Api<unknown>[K] extends (...args: never[]) => Promise<{ data: infer D }> ? Wire<D> : never;`,
  ];
  answers.forEach(({ type, body }, i) => {
    lines.push(`export const answer${i}: ${type} = ${JSON.stringify(body, null, 2)};`);
  });
  return lines.join("\n") + "\n";
}

async function typecheck(answers) {
  const dir = mkdtempSync(join(tmpdir(), "neon-contract-"));
  try {
    writeFileSync(join(dir, "contract.ts"), contractSource(answers));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "es2022",
          module: "commonjs",
          moduleResolution: "node",
          skipLibCheck: true,
          types: [],
          // The file lives outside the checkout; point the import at the
          // installed package (its own imports, axios, resolve from there).
          paths: { "@neondatabase/api-client": [join(CLIENT_PACKAGE, "dist", "index.d.ts")] },
        },
        files: ["contract.ts"],
      }),
    );
    try {
      await run(TSC, ["-p", dir, "--pretty", "false"]);
    } catch (e) {
      assert.fail(`the sandbox's answers do not fit @neondatabase/api-client's types:\n${e.stdout}${e.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("every answer fits the client's declared types (tsc --strict)", async () => {
  const main = await branchNamed(PERSONAL, "main");
  const dev = await branchNamed(PERSONAL, "development");
  const d = (type, response) => ({ type: `Data<"${type}">`, body: response.data });
  const answers = [
    d("listProjectBranches", await api.listProjectBranches({ projectId: PERSONAL })),
    d("listProjectBranches", await api.listProjectBranches({ projectId: PERSONAL, limit: 1 })),
    d("getProjectBranch", await api.getProjectBranch(PERSONAL, main.id)),
    d("getProjectBranch", await api.getProjectBranch(PERSONAL, dev.id)),
    d("listProjectEndpoints", await api.listProjectEndpoints(PERSONAL)),
    d("listProjectBranchEndpoints", await api.listProjectBranchEndpoints(PERSONAL, dev.id)),
    d("listProjectBranchDatabases", await api.listProjectBranchDatabases(PERSONAL, dev.id)),
    d("listProjectBranchRoles", await api.listProjectBranchRoles(PERSONAL, dev.id)),
    d("getProjectBranchRolePassword", await api.getProjectBranchRolePassword(PERSONAL, dev.id, "neondb_owner")),
    d(
      "getConnectionUri",
      await api.getConnectionUri({ projectId: PERSONAL, branch_id: dev.id, database_name: "notes", role_name: "notes_app" }),
    ),
    // With a compute and one database and role (connection_uris present),
    // without a compute, and from a parent with two of each (no URIs).
    d(
      "createProjectBranch",
      await api.createProjectBranch(ORG_PROJECT, { endpoints: [{ type: "read_write" }], annotation_value: { ci: "yes" } }),
    ),
    d("createProjectBranch", await api.createProjectBranch(ORG_PROJECT)),
    d(
      "createProjectBranch",
      await api.createProjectBranch(PERSONAL, { branch: { parent_id: dev.id }, endpoints: [{ type: "read_write" }] }),
    ),
    d("listProjectBranches", await api.listProjectBranches({ projectId: ORG_PROJECT })),
    d("createProject", await api.createProject({ project: { name: "contract", org_id: ORG_ID } })),
  ];
  const notFound = await failure(api.getProjectBranch(PERSONAL, "br-no-such-00000000"));
  answers.push({ type: "Wire<GeneralError>", body: notFound.response.data });
  await typecheck(answers);
});
