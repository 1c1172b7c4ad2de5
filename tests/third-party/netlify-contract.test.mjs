// Contract: every answer of the sandbox's Netlify site, deploy and
// environment-variable routes, validated with ajv against the definitions
// of @netlify/open-api's swagger.json (2.60.0, the document @netlify/api is
// generated from): `site`, `deploy`, `envVar`, arrays of them, and `error`
// for refusals. The status must also be one the operation declares.
//
// Swagger 2.0 definitions are read as JSON Schema (draft-04 keywords, which
// ajv's draft-07 default understands), with three changes, each on a copy:
// - `additionalProperties: false` on every object schema that lists
//   `properties` and says nothing else, so a field the definition lacks
//   fails (swagger leaves objects open);
// - `null` accepted for properties that are not `required`: Netlify sends
//   null for unset fields (`custom_domain`, `error_message`, …) and swagger
//   2.0 cannot say so;
// - the formats it uses (`date-time`, and `dateTime` as some definitions
//   spell it) checked as RFC 3339; `x-` keywords ignored (`strict: false`).
// Run by scripts/test: node --test tests/third-party/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "./sandbox.mjs";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv";

const require = createRequire(import.meta.url);
const swagger = JSON.parse(readFileSync(require.resolve("@netlify/open-api/dist/swagger.json"), "utf8"));

// Demo data (crates/sandbox/src/providers/netlify/data.rs); not real secrets.
const TOKEN = "nfp_sandboxAda0123456789abcdefghijklmnopqrstuv";
const ACCOUNT_ID = "5f1a2b3c4d5e6f7a8b9c0d2a";
const SITE_ID = "7c3e9a10-1b2c-4d5e-8f90-0000000000a0"; // ada-notes-1
const OTHER_TEAMS_SITE = "7c3e9a10-1b2c-4d5e-8f90-0000000000ac";

/** The schema with the changes described above, recursively. */
function tightened(schema) {
  if (Array.isArray(schema)) return schema.map(tightened);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(v).map(([name, s]) => {
          const t = tightened(s);
          return [name, (schema.required ?? []).includes(name) ? t : nullable(t)];
        }),
      );
    } else if (["enum", "required", "default", "example", "description"].includes(k)) {
      out[k] = v;
    } else {
      out[k] = tightened(v);
    }
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function nullable(s) {
  if (typeof s.type === "string") {
    const out = { ...s, type: [s.type, "null"] };
    if (Array.isArray(s.enum)) out.enum = [...s.enum, null];
    return out;
  }
  return s;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const dateTime = (s) => RFC3339.test(s) && !Number.isNaN(Date.parse(s));
const ajv = new Ajv({
  strict: false,
  allErrors: true,
  validateSchema: false,
  formats: { "date-time": dateTime, dateTime, int64: true, int32: true },
});
ajv.addSchema({ $id: "netlify", definitions: tightened(swagger.definitions) });
const definition = (name) => ajv.getSchema(`netlify#/definitions/${name}`);
const arrayOf = (name) => ajv.compile({ type: "array", items: { $ref: `netlify#/definitions/${name}` } });
const schemas = {
  site: definition("site"),
  deploy: definition("deploy"),
  envVar: definition("envVar"),
  error: definition("error"),
  "[site]": arrayOf("site"),
  "[deploy]": arrayOf("deploy"),
  "[envVar]": arrayOf("envVar"),
};

function assertFits(name, body, what) {
  const validate = schemas[name];
  assert.ok(validate(body), `${what} is not ${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
}

let sandbox;
let base;

before(async () => {
  sandbox = await startSandbox();
  base = `${sandbox.base}/netlify/api/v1`;
});

after(() => sandbox?.stop());

/**
 * Calls `method path` (under /api/v1), checks that the status is one the
 * swagger operation `op` (its path template) declares or, for a refusal,
 * that the body is an `error`; then that a success body fits `shape`.
 */
async function check(method, path, op, shape, { body, status: want } = {}) {
  const resp = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await resp.text();
  const what = `${method} ${path} (${resp.status})`;
  if (want !== undefined) assert.equal(resp.status, want, `${what}: ${text}`);
  const declared = swagger.paths[op]?.[method.toLowerCase()];
  assert.ok(declared, `${method} ${op} is not in the swagger`);
  if (resp.status >= 400) {
    assertFits("error", JSON.parse(text), what);
    assert.equal(JSON.parse(text).code, resp.status, `${what}: code is the status`);
    return undefined;
  }
  assert.ok(String(resp.status) in declared.responses, `${what}: the swagger declares ${Object.keys(declared.responses)}`);
  if (resp.status === 204) {
    assert.equal(text, "", `${what}: no body`);
    return undefined;
  }
  const json = JSON.parse(text);
  assertFits(shape, json, what);
  return json;
}

test("the validator refuses a field the definition lacks, a wrong type and a bad date", () => {
  const deploy = { id: "d", state: "ready", created_at: "2024-05-01T10:00:00.000Z", error_message: null };
  assert.ok(schemas.deploy(deploy));
  assert.ok(!schemas.deploy({ ...deploy, extra: 1 }));
  assert.ok(!schemas.deploy({ ...deploy, draft: "no" }));
  assert.ok(!schemas.deploy({ ...deploy, created_at: "yesterday" }));
  assert.ok(!schemas.site({ id: "s", build_settings: { repo: "x" } }), "nested objects are closed too");
  assert.ok(!schemas.envVar({ key: "K", values: [{ context: "staging" }] }), "enums hold");
  assert.ok(!schemas.error({ code: 404 }), "message is required");
});

test("sites and deploys fit `site` and `deploy`", async () => {
  await check("GET", `/sites/${SITE_ID}`, "/sites/{site_id}", "site", { status: 200 });
  await check("GET", "/sites?per_page=5", "/sites", "[site]", { status: 200 });
  const deploys = await check("GET", `/sites/${SITE_ID}/deploys`, "/sites/{site_id}/deploys", "[deploy]", {
    status: 200,
  });
  for (const d of deploys) {
    await check("GET", `/deploys/${d.id}`, "/deploys/{deploy_id}", "deploy", { status: 200 });
  }
  // ada-notes-2's newest deploy is still building.
  await check("GET", "/sites/7c3e9a10-1b2c-4d5e-8f90-0000000000a1/deploys?state=building", "/sites/{site_id}/deploys", "[deploy]", {
    status: 200,
  });
  await check("GET", `/sites/${OTHER_TEAMS_SITE}`, "/sites/{site_id}", "site", { status: 404 });
  await check("GET", `/sites/${SITE_ID}/deploys?per_page=0`, "/sites/{site_id}/deploys", "[deploy]", { status: 422 });
  await check("GET", "/deploys/000000000000000000000000", "/deploys/{deploy_id}", "deploy", { status: 404 });
});

test("environment variable routes fit `envVar`", async () => {
  const q = `?site_id=${SITE_ID}`;
  const env = `/accounts/${ACCOUNT_ID}/env`;
  const op = "/accounts/{account_id}/env";
  const one = "/accounts/{account_id}/env/{key}";
  await check("GET", `${env}${q}`, op, "[envVar]", { status: 200 });
  await check("GET", `${env}${q}&context_name=production&scope=runtime`, op, "[envVar]", { status: 200 });
  await check("GET", `/api/v1/sites/${SITE_ID}/env`, "/api/v1/sites/{site_id}/env", "[envVar]", { status: 200 });
  await check("GET", `${env}/STRIPE_SECRET_KEY${q}`, one, "envVar", { status: 200 });
  const body = [
    {
      key: "CONTRACT_SECRET",
      is_secret: true,
      scopes: ["functions"],
      values: [
        { context: "production", value: "p" },
        { context: "branch", context_parameter: "staging", value: "s" },
      ],
    },
    { key: "CONTRACT_PLAIN" },
  ];
  await check("POST", `${env}${q}`, op, "[envVar]", { status: 201, body });
  await check("POST", `${env}${q}`, op, "[envVar]", { status: 409, body });
  await check("POST", `${env}${q}`, op, "[envVar]", { status: 422, body: [{ key: "X", scopes: ["nope"] }] });
  await check("PUT", `${env}/CONTRACT_PLAIN${q}`, one, "envVar", {
    status: 200,
    body: { values: [{ context: "all", value: "v" }] },
  });
  const set = await check("PATCH", `${env}/CONTRACT_SECRET${q}`, one, "envVar", {
    status: 201,
    body: { context: "dev", value: "d" },
  });
  const dev = set.values.find((v) => v.context === "dev");
  const valueOp = "/accounts/{account_id}/env/{key}/value/{id}";
  await check("DELETE", `${env}/CONTRACT_SECRET/value/${dev.id}${q}`, valueOp, undefined, { status: 204 });
  await check("DELETE", `${env}/CONTRACT_SECRET/value/${dev.id}${q}`, valueOp, undefined, { status: 404 });
  await check("DELETE", `${env}/CONTRACT_SECRET${q}`, one, undefined, { status: 204 });
  await check("DELETE", `${env}/CONTRACT_PLAIN${q}`, one, undefined, { status: 204 });
  await check("GET", `${env}/CONTRACT_PLAIN${q}`, one, "envVar", { status: 404 });
  await check("GET", `${env}?site_id=${OTHER_TEAMS_SITE}`, op, "[envVar]", { status: 404 });
});
