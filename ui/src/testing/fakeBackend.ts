// A scriptable Backend for component tests: every command is a vi.fn with a
// sensible default, and events are fired by hand.
import type { ProviderSettings } from "../bindings/ProviderSettings";
import { vi } from "vitest";
import type { Backend } from "../ipc";
import type { AppStatus } from "../bindings/AppStatus";
import type { ConnectFinished } from "../bindings/ConnectFinished";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { LinkSummary } from "../bindings/LinkSummary";
import type { ProviderInfo } from "../bindings/ProviderInfo";
import type { ConnectionDetail } from "../bindings/ConnectionDetail";
import type { ConnectionId } from "../bindings/ConnectionId";

export const okStatus: AppStatus = {
  version: "0.1.0",
  channel: "debug",
  scheme: "dev.latchkey.debug",
  keychain: { backend: "Secret Service", state: "ok", problem: null },
  connections_recovered: null,
  provider_problems: [],
};

/** What the backend says about its providers today (crates/core's registry). */
export const PROVIDERS: ProviderInfo[] = [
  {
    id: "supabase",
    display_name: "Supabase",
    blurb: "One organization per sign-in: connect again to add another.",
    featured: true,
    covers: "organization",
    group_noun: ["organization", "organizations"],
    item_noun: ["project", "projects"],
    actions: ["create_project", "project_detail"],
    user_defined: false,
    personal_token: { name: "personal access token", create_at: "https://supabase.com/dashboard/account/tokens", reaches: "every organization you belong to" },
  },
  {
    id: "neon",
    display_name: "Neon",
    blurb: "Your organizations and projects, with refresh through offline access.",
    featured: false,
    covers: "user",
    group_noun: ["organization", "organizations"],
    item_noun: ["project", "projects"],
    actions: ["create_project"],
    user_defined: false,
    personal_token: { name: "API key", create_at: "https://console.neon.tech/app/settings/api-keys", reaches: "your account and its organizations" },
  },
  {
    id: "netlify",
    display_name: "Netlify",
    blurb: "Your accounts and sites. Netlify tokens do not expire.",
    featured: false,
    covers: "user",
    group_noun: ["account", "accounts"],
    item_noun: ["site", "sites"],
    actions: [],
    user_defined: false,
    personal_token: { name: "personal access token", create_at: "https://app.netlify.com/user/applications#personal-access-tokens", reaches: "your user and its teams" },
  },
];

/** A provider the user defined in a TOML file: it has no folder in ui/src/providers/. */
export const USER_DEFINED: ProviderInfo = {
  id: "gitforge",
  display_name: "Gitforge",
  blurb: "Defined in your providers.toml.",
  featured: false,
  covers: "user",
  group_noun: ["account", "accounts"],
  item_noun: ["project", "projects"],
  actions: ["create_project", "project_detail"],
  user_defined: true,
  personal_token: null,
};

export function connection(
  account: string,
  name: string,
  status: ConnectionMeta["status"] = "connected",
  provider = "supabase",
): ConnectionMeta {
  return {
    id: { provider, account },
    account_name: name,
    user: "dev@example.com",
    connected_at: 1_700_000_000,
    sign_in_ends_at: null,
    status,
    source: "oauth_app",
    granted_scopes: null,
    missing_scope: null,
  };
}

export type FakeBackend = Backend & {
  emitLink(link: LinkSummary): void;
  emitFinished(event: ConnectFinished): void;
};

export function fakeBackend(overrides: Partial<Backend> = {}): FakeBackend {
  let onLink: ((l: LinkSummary) => void) | undefined;
  let onFinished: ((e: ConnectFinished) => void) | undefined;
  const base: Backend = {
    statusGet: vi.fn(async () => okStatus),
    providersList: vi.fn(async () => PROVIDERS),
    linksList: vi.fn(async () => []),
    onLinkReceived: vi.fn(async (h) => {
      onLink = h;
      return () => (onLink = undefined);
    }),
    connectStart: vi.fn(async () => ({ authorize_url: "https://auth.example/authorize?state=s", browser_opened: true })),
    connectCancel: vi.fn(async () => undefined),
    connectPaste: vi.fn(async () => undefined),
    connectWithToken: vi.fn(async () => []),
    personalTokenPageOpen: vi.fn(async () => true),
    networkGet: vi.fn(async () => ({ saved: { proxy: null, no_proxy: null }, in_use: "none: direct connections", restart_needed: false })),
    networkSet: vi.fn(async (settings) => ({ saved: settings, in_use: "none: direct connections", restart_needed: true })),
    onConnectFinished: vi.fn(async (h) => {
      onFinished = h;
      return () => (onFinished = undefined);
    }),
    clientSecretStatus: vi.fn(async () => true),
    clientSecretSet: vi.fn(async () => undefined),
    connectionsList: vi.fn(async () => []),
    projectsList: vi.fn(async () => ({ projects: [], total: 0, fetched_at: Math.floor(Date.now() / 1000) })),
    connectionDisconnect: vi.fn(async () => undefined),
    connectionGroups: vi.fn(async () => ["Analytic Engine", "Personal"]),
    connectionDetail: vi.fn(async (id: ConnectionId): Promise<ConnectionDetail> => ({
      provider_name: "Supabase",
      covers: "organization",
      group_noun: "organization",
      account: id.account,
      account_name: "Acme Inc",
      source: "oauth_app",
      user: "dev@example.com",
      connected_at: 1_700_000_000,
      status: "connected",
      expires_at: Math.floor(Date.now() / 1000) + 2 * 3600,
      refreshes: true,
      granted_scopes: null,
      scopes_needed: ["organizations:read", "projects:read"],
      missing_scope: "secrets:read",
    })),
    projectGet: vi.fn(async (_c, reference: string) => ({
      reference,
      name: "web",
      region: "eu-west-1",
      status: "ACTIVE_HEALTHY",
      created_at: "2026-11-01T10:00:00Z",
      group: null,
      database_host: `db.${reference}.supabase.co`,
      database_version: "15.8",
      endpoints: [
        {
          route: "direct" as const,
          label: "Direct connection",
          template: `postgresql://postgres:[DB-PASSWORD]@db.${reference}.supabase.co:5432/postgres`,
          networks: "IPv6 only, unless the project has the IPv4 add-on",
          use_for: "Long-lived servers",
        },
        {
          route: "transaction_pooler" as const,
          label: "Transaction pooler",
          template: `postgresql://postgres.${reference}:[DB-PASSWORD]@aws-0-eu-west-1.pooler.supabase.com:6543/postgres`,
          networks: "IPv4 and IPv6",
          use_for: "Serverless functions",
        },
      ],
      pooler_problem: null,
      health: [
        { name: "db", healthy: true, status: "ACTIVE_HEALTHY" },
        { name: "auth", healthy: true, status: "ACTIVE_HEALTHY" },
      ],
      password_saved: false,
    })),
    projectRestore: vi.fn(async () => undefined),
    regionsList: vi.fn(async () => [
      { code: "emea", name: "Europe, Middle East and Africa", kind: "smartGroup", recommended: true },
      { code: "eu-west-1", name: "West EU (Ireland)", kind: "specific", recommended: true },
      { code: "us-east-1", name: "East US (North Virginia)", kind: "specific", recommended: false },
    ]),
    projectCreate: vi.fn(async (_c, request) => ({
      project: {
        reference: "newprojectrefabcdefg",
        name: request.name,
        region: "eu-west-1",
        url: null,
        status: "COMING_UP",
        created_at: "",
        group: null,
      },
      generated_password: request.db_password ? null : "GeneratedPassword1234567890ab",
      password_saved: true,
      confirmed_by_listing: false,
    })),
    smtpGet: vi.fn(async () => ({
      enabled: false,
      host: "",
      port: "",
      user: "",
      sender_name: "",
      admin_email: "",
      max_frequency: null,
      rate_limit_email_sent: 30,
    })),
    smtpUpdate: vi.fn(async (_c, _r, u) => ({
      enabled: true,
      host: u.host,
      port: u.port,
      user: u.user,
      sender_name: u.sender_name,
      admin_email: u.admin_email,
      max_frequency: u.max_frequency,
      rate_limit_email_sent: u.rate_limit_email_sent,
    })),
    smtpDisable: vi.fn(async () => ({
      enabled: false,
      host: "",
      port: "",
      user: "",
      sender_name: "",
      admin_email: "",
      max_frequency: null,
      rate_limit_email_sent: 30,
    })),
    apiKeysList: vi.fn(async () => [
      { id: "anon", name: "anon", kind: "publishable", hidden: "eyJhbGci••••••••••••" },
      { id: "service_role", name: "service_role", kind: "secret", hidden: "eyJhbGci••••••••••••" },
    ]),
    apiKeyReveal: vi.fn(async (_c, _r, key: string) => `revealed-${key}-value`),
    apiKeyCopy: vi.fn(async () => undefined),
    apiKeysCopyEnv: vi.fn(async () => undefined),
    clipboardWrite: vi.fn(async () => undefined),
    connectionStringCopy: vi.fn(async () => undefined),
    neonOptions: vi.fn(async () => ({
      organizations: [["org-1", "Analytic Engine"]] as [string, string][],
      regions: [["aws-us-east-2", "AWS US East (Ohio)"]] as [string, string][],
      pg_versions: [17, 16],
    })),
    neonProjectCreate: vi.fn(async (_c, request) => ({
      reference: "neon-project-1",
      name: request.name,
      region: request.region_id,
      url: null,
      status: "ACTIVE",
      created_at: "",
      group: null,
    })),
    neonProjectGet: vi.fn(async (_c, project: string) => ({
      id: project,
      name: "lovelace-notes",
      region_id: "aws-us-east-2",
      pg_version: 17,
      created_at: "2026-01-01T00:00:00Z",
      branches: [
        {
          id: "br-main-1",
          name: "main",
          parent_id: null,
          is_default: true,
          protected: false,
          state: "ready",
          created_at: "2026-01-01T00:00:00Z",
          computes: [
            {
              id: "ep-main-1",
              host: "ep-main-1.us-east-2.aws.neon.tech",
              kind: "read_write",
              state: "idle",
              min_cu: 0.25,
              max_cu: 2,
              pooler_enabled: true,
            },
          ],
        },
        {
          id: "br-dev-2",
          name: "development",
          parent_id: "br-main-1",
          is_default: false,
          protected: false,
          state: "ready",
          created_at: "2026-02-01T00:00:00Z",
          computes: [],
        },
      ],
    })),
    neonBranchContents: vi.fn(async () => ({
      databases: [{ name: "neondb", owner: "neondb_owner" }],
      roles: [{ name: "neondb_owner", protected: false }],
    })),
    neonBranchCreate: vi.fn(async (_c, _p, request) => ({
      id: "br-new-3",
      name: request.name,
      parent_id: request.parent_id,
      is_default: false,
      protected: false,
      state: "init",
      created_at: "2026-03-01T00:00:00Z",
      computes: [],
    })),
    neonConnectionStrings: vi.fn(async (_c, _p, choice) => ({
      pooled: `postgresql://${choice.role}:********@ep-main-1-pooler.us-east-2.aws.neon.tech/${choice.database}?sslmode=require`,
      direct: `postgresql://${choice.role}:********@ep-main-1.us-east-2.aws.neon.tech/${choice.database}?sslmode=require`,
    })),
    neonConnectionStringCopy: vi.fn(async () => undefined),
    neonConnectionStringReveal: vi.fn(
      async (_c, _p, choice, pooled: boolean) =>
        `postgresql://${choice.role}:revealed-pw@ep-main-1${pooled ? "-pooler" : ""}.us-east-2.aws.neon.tech/${choice.database}`,
    ),
    neonEnvCopy: vi.fn(async () => undefined),
    netlifySiteGet: vi.fn(async (_c, site: string) => ({
      id: site,
      name: "ada-notes-1",
      url: "https://ada-notes-1.netlify.app",
      account_name: "Ada Lovelace's team",
      repository: { provider: "github", name: "ada/notes", url: "https://github.com/ada/notes", branch: "main" },
      deploys: [
        {
          id: "d2",
          state: "error",
          branch: "main",
          commit: "0123456",
          context: "production",
          title: "Add the engine page",
          created_at: "2026-03-02T00:00:00Z",
          error_message: "Build script returned non-zero exit code: 2",
        },
        {
          id: "d1",
          state: "ready",
          branch: "main",
          commit: "89abcde",
          context: "production",
          title: null,
          created_at: "2026-03-01T00:00:00Z",
          error_message: null,
        },
      ],
    })),
    netlifySiteOpen: vi.fn(async () => true),
    netlifyEnvList: vi.fn(async () => [
      { key: "PUBLIC_API_URL", is_secret: false, scopes: ["builds", "functions"], contexts: ["all"], updated_at: null },
      { key: "STRIPE_SECRET_KEY", is_secret: true, scopes: ["functions"], contexts: ["production"], updated_at: null },
    ]),
    netlifyEnvReveal: vi.fn(async () => [{ context: "all", value: "https://api.example.com" }]),
    netlifyEnvSet: vi.fn(async (_c, _s, request) => [
      { key: request.key, is_secret: request.secret, scopes: [], contexts: [request.context], updated_at: null },
    ]),
    netlifyEnvDelete: vi.fn(async () => []),
    settingsGet: vi.fn(async (): Promise<ProviderSettings[]> => [
      {
        id: "supabase",
        display_name: "Supabase",
        client_id: "9b2f4a8e-6c1d-4e5f-8a7b-3c2d1e0f9a8b",
        api_base_url: "http://127.0.0.1:54321/",
        redirect_uri: "dev.latchkey.debug:/oauth/supabase",
        token_path: { kind: "own_app", client_secret_saved: false },
      },
      {
        id: "neon",
        display_name: "Neon",
        client_id: "neon-demo",
        api_base_url: "http://127.0.0.1:54321/neon/api/v2",
        redirect_uri: "dev.latchkey.debug:/oauth/neon",
        token_path: { kind: "broker", url: "https://broker.example.com/" },
      },
    ]),
  };
  return {
    ...base,
    ...overrides,
    emitLink: (l) => onLink?.(l),
    emitFinished: (e) => onFinished?.(e),
  };
}
