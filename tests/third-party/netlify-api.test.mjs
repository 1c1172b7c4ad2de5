// Netlify's official JS client, @netlify/api (from npm, unchanged), against
// the sandbox's Netlify emulator: only scheme, host and pathPrefix differ
// from api.netlify.com. Sites, deploys and environment variables, and a 404
// as the client reports it.
// Run by scripts/test: node --test tests/third-party/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "./sandbox.mjs";
import { NetlifyAPI } from "@netlify/api";

// The demo user's Netlify personal access token and demo ids
// (crates/sandbox/src/providers/netlify/data.rs); not real secrets.
const TOKEN = "nfp_sandboxAda0123456789abcdefghijklmnopqrstuv";
const ACCOUNT_ID = "5f1a2b3c4d5e6f7a8b9c0d2a";
const SITE_ID = "7c3e9a10-1b2c-4d5e-8f90-0000000000a0"; // ada-notes-1
const OTHER_TEAMS_SITE = "7c3e9a10-1b2c-4d5e-8f90-0000000000ac";

let sandbox;
let api;

before(async () => {
  sandbox = await startSandbox();
  const base = new URL(sandbox.base);
  api = new NetlifyAPI(TOKEN, { scheme: "http", host: base.host, pathPrefix: "/netlify/api/v1" });
});

after(() => sandbox?.stop());

test("getSite: account, repository and the deploy it serves", async () => {
  const site = await api.getSite({ site_id: SITE_ID });
  assert.equal(site.name, "ada-notes-1");
  assert.equal(site.account_id, ACCOUNT_ID);
  assert.equal(site.ssl_url, "https://ada-notes-1.netlify.app");
  assert.equal(site.build_settings.repo_url, "https://github.com/ada/ada-notes-1");
  assert.equal(site.build_settings.repo_branch, "main");
  assert.equal(site.published_deploy.state, "ready");
});

test("listSiteDeploys and getDeploy: the latest deploy of ada-notes-1 failed", async () => {
  const deploys = await api.listSiteDeploys({ site_id: SITE_ID });
  assert.equal(deploys.length, 3);
  const [latest, ...earlier] = deploys;
  assert.equal(latest.state, "error");
  assert.match(latest.error_message, /Build script returned non-zero exit code: 2/);
  assert.ok(earlier.every((d) => d.state === "ready"));
  const page = await api.listSiteDeploys({ site_id: SITE_ID, page: 2, per_page: 2 });
  assert.deepEqual(page.map((d) => d.id), [deploys[2].id]);
  const one = await api.getDeploy({ deploy_id: latest.id });
  assert.deepEqual(one, latest);
});

test("environment variables: read, create, update, set one value, delete", async () => {
  const params = { account_id: ACCOUNT_ID, site_id: SITE_ID };
  const vars = await api.getEnvVars(params);
  const stripe = vars.find((v) => v.key === "STRIPE_SECRET_KEY");
  assert.equal(stripe.is_secret, true);
  const production = stripe.values.find((v) => v.context === "production");
  assert.equal(production.value, undefined, "a secret's production value is never returned");
  assert.ok(stripe.values.find((v) => v.context === "dev").value);
  // The slug names the account too (netlify-cli passes it).
  assert.deepEqual(await api.getEnvVars({ accountId: "ada", siteId: SITE_ID }), vars);
  assert.deepEqual(await api.getSiteEnvVars({ site_id: SITE_ID }), vars);

  const [created] = await api.createEnvVars({
    ...params,
    body: [{ key: "FROM_NETLIFY_API", values: [{ context: "all", value: "one" }] }],
  });
  assert.equal(created.key, "FROM_NETLIFY_API");
  const updated = await api.updateEnvVar({
    ...params,
    key: "FROM_NETLIFY_API",
    body: {
      key: "FROM_NETLIFY_API",
      scopes: ["builds", "functions"],
      values: [
        { context: "production", value: "prod" },
        { context: "deploy-preview", value: "preview" },
      ],
    },
  });
  assert.deepEqual(updated.scopes, ["builds", "functions"]);
  const set = await api.setEnvVarValue({ ...params, key: "FROM_NETLIFY_API", body: { context: "dev", value: "local" } });
  assert.equal(set.values.length, 3);
  const dev = set.values.find((v) => v.context === "dev");
  assert.equal(dev.value, "local");
  await api.deleteEnvVarValue({ ...params, key: "FROM_NETLIFY_API", id: dev.id });
  const after = await api.getEnvVar({ ...params, key: "FROM_NETLIFY_API" });
  assert.deepEqual(after.values.map((v) => v.context).sort(), ["deploy-preview", "production"]);
  await api.deleteEnvVar({ ...params, key: "FROM_NETLIFY_API" });
  const remaining = await api.getSiteEnvVars({ site_id: SITE_ID });
  assert.ok(!remaining.some((v) => v.key === "FROM_NETLIFY_API"));
});

test("a site of a team the user is not in is a 404 JSONHTTPError", async () => {
  await assert.rejects(api.getSite({ site_id: OTHER_TEAMS_SITE }), (error) => {
    assert.equal(error.name, "JSONHTTPError");
    assert.equal(error.status, 404);
    assert.deepEqual(error.json, { code: 404, message: "Not Found" });
    return true;
  });
  await assert.rejects(api.getEnvVar({ account_id: ACCOUNT_ID, site_id: SITE_ID, key: "NOPE" }), { status: 404 });
});
