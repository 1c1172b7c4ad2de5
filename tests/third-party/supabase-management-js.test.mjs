// A client no one here wrote, against the sandbox: supabase-community's
// supabase-management-js (generated from Supabase's OpenAPI spec), used
// exactly as against api.supabase.com with only `baseUrl` changed.
// Run by scripts/test: node --test tests/third-party/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "./sandbox.mjs";
import { SupabaseManagementAPI, SupabaseManagementAPIError } from "supabase-management-js";

// The demo user's personal access token (docs/sandbox.md); not a real secret.
const DEMO_ACCESS_TOKEN = "sbp_0d3e5a7c9b1f2e4d6c8a0b2d4f6e8a1c3e5b7d9f";

let sandbox;
let api;

before(async () => {
  sandbox = await startSandbox(["--activation-delay-ms", "200"]);
  api = new SupabaseManagementAPI({ accessToken: DEMO_ACCESS_TOKEN, baseUrl: sandbox.base });
});

after(() => sandbox?.stop());

test("lists organizations and reads one", async () => {
  const { data: orgs, status } = await api.listAllOrganizations();
  assert.equal(status, 200);
  assert.ok(orgs.length >= 1);
  for (const org of orgs) assert.equal(typeof org.slug, "string");
  const { data: one } = await api.getAnOrganization(orgs[0].slug);
  assert.equal(one.name, orgs[0].name);
});

test("pages through an organization's projects", async () => {
  const { data: orgs } = await api.listAllOrganizations();
  const slug = orgs[0].slug;
  const { data: first } = await api.getAllProjectsForOrganization(slug, { limit: 1, offset: 0 });
  assert.equal(first.projects.length, 1);
  assert.ok(first.pagination.count >= 1);
  const { data: all } = await api.getAllProjectsForOrganization(slug, { limit: 100 });
  assert.equal(all.projects.length, all.pagination.count);
  const { data: project } = await api.getProject(all.projects[0].ref);
  assert.equal(project.ref, all.projects[0].ref);
});

test("creates a project that comes up, and reads its keys and auth config", async () => {
  const { data: orgs } = await api.listAllOrganizations();
  const { data: regions, status: regionStatus } = await api.getAvailableRegions({ organization_slug: orgs[0].slug });
  assert.equal(regionStatus, 200);
  assert.ok(regions);
  const { data: created, status } = await api.createAProject({
    name: "third-party-client",
    organization_slug: orgs[0].slug,
    db_pass: "a-Strong-db-pass-123",
    region: "eu-west-1",
  });
  assert.equal(status, 201);
  assert.equal(created.status, "COMING_UP");
  await new Promise((r) => setTimeout(r, 400));
  const { data: later } = await api.getProject(created.ref);
  assert.equal(later.status, "ACTIVE_HEALTHY");

  const { data: keys } = await api.getProjectApiKeys(created.ref);
  assert.ok(Array.isArray(keys) && keys.length > 0);

  const { data: updated } = await api.updateAuthServiceConfig(created.ref, {
    smtp_host: "smtp.example.com",
    smtp_port: "587",
    smtp_user: "mailer",
    smtp_pass: "s3cret",
    smtp_admin_email: "admin@example.com",
    smtp_sender_name: "Example",
  });
  assert.equal(updated.smtp_host, "smtp.example.com");
  assert.equal(updated.smtp_port, "587");
  const { data: config } = await api.getAuthServiceConfig(created.ref);
  assert.equal(config.smtp_admin_email, "admin@example.com");
  assert.notEqual(config.smtp_pass, "s3cret", "the SMTP password is never returned");
});

test("errors arrive as Supabase's {message}", async () => {
  await assert.rejects(api.getProject("aaaaaaaaaaaaaaaaaaaa"), (err) => {
    assert.ok(err instanceof SupabaseManagementAPIError);
    assert.equal(err.status, 404);
    assert.equal(typeof err.data.message, "string");
    return true;
  });
  const anonymous = new SupabaseManagementAPI({ accessToken: "sbp_not_a_token", baseUrl: api.baseUrl });
  await assert.rejects(anonymous.listAllOrganizations(), (err) => err.status === 401);
});
