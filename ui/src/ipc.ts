// The only module that talks to Tauri. Everything else receives a `Backend`,
// so components are tested with a fake and never see `invoke`.
import { invoke as tauriInvoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { CommandName } from "./bindings/commands";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AppError } from "./bindings/AppError";
import type { AppStatus } from "./bindings/AppStatus";
import type { ConnectFinished } from "./bindings/ConnectFinished";
import type { ConnectStarted } from "./bindings/ConnectStarted";
import type { ConnectionId } from "./bindings/ConnectionId";
import type { ConnectionMeta } from "./bindings/ConnectionMeta";
import type { ConnectionDetail } from "./bindings/ConnectionDetail";
import type { LinkSummary } from "./bindings/LinkSummary";
import type { ProjectPage } from "./bindings/ProjectPage";
import type { ProviderSettings } from "./bindings/ProviderSettings";
import type { NetworkSettings } from "./bindings/NetworkSettings";
import type { NetworkView } from "./bindings/NetworkView";
import type { CreateProjectRequest } from "./bindings/CreateProjectRequest";
import type { ProjectCreated } from "./bindings/ProjectCreated";
import type { ProjectDetailView } from "./bindings/ProjectDetailView";
import type { RegionChoice } from "./bindings/RegionChoice";
import type { SmtpSettings } from "./bindings/SmtpSettings";
import type { SmtpUpdate } from "./bindings/SmtpUpdate";
import type { ApiKeyView } from "./bindings/ApiKeyView";
import type { DatabaseRoute } from "./bindings/DatabaseRoute";
import type { NeonCreateRequest } from "./bindings/NeonCreateRequest";
import type { NeonOptions } from "./bindings/NeonOptions";
import type { ProjectSummary } from "./bindings/ProjectSummary";
import type { ProviderInfo } from "./bindings/ProviderInfo";
import type { NeonProjectView } from "./bindings/NeonProjectView";
import type { NeonBranchContents } from "./bindings/NeonBranchContents";
import type { NeonBranchRequest } from "./bindings/NeonBranchRequest";
import type { NeonBranchView } from "./bindings/NeonBranchView";
import type { NeonDatabaseChoice } from "./bindings/NeonDatabaseChoice";
import type { NeonConnectionStrings } from "./bindings/NeonConnectionStrings";
import type { NetlifySiteView } from "./bindings/NetlifySiteView";
import type { SiteLink } from "./bindings/SiteLink";
import type { EnvVarView } from "./bindings/EnvVarView";
import type { EnvValueView } from "./bindings/EnvValueView";
import type { EnvVarSet } from "./bindings/EnvVarSet";

export interface Backend {
  statusGet(): Promise<AppStatus>;
  /** Every provider this build knows, with what the UI may offer for each. Needs no keychain. */
  providersList(): Promise<ProviderInfo[]>;
  linksList(): Promise<LinkSummary[]>;
  onLinkReceived(handler: (link: LinkSummary) => void): Promise<UnlistenFn>;
  /** `account` preselects what to sign in to again (a reconnect); the command still names it `organization`. */
  connectStart(provider: string, account: string | null): Promise<ConnectStarted>;
  connectCancel(provider: string): Promise<void>;
  /** The address the browser ended on; refused with a field error, or accepted and finished through `onConnectFinished`. */
  connectPaste(provider: string, address: string): Promise<void>;
  /** Checks a personal token with the provider and saves it; one connection per account it reaches. */
  connectWithToken(provider: string, token: string): Promise<ConnectionMeta[]>;
  /** Opens the provider's page for creating a personal token, in the system browser. */
  personalTokenPageOpen(provider: string): Promise<boolean>;
  onConnectFinished(handler: (event: ConnectFinished) => void): Promise<UnlistenFn>;
  clientSecretStatus(provider: string): Promise<boolean>;
  clientSecretSet(provider: string, secret: string): Promise<void>;
  connectionsList(): Promise<ConnectionMeta[]>;
  projectsList(connection: ConnectionId, refresh: boolean): Promise<ProjectPage>;
  connectionDisconnect(connection: ConnectionId): Promise<void>;
  connectionGroups(connection: ConnectionId): Promise<string[]>;
  /** What the connection holds: coverage, credential source, expiry, scopes. Nothing secret. */
  connectionDetail(connection: ConnectionId): Promise<ConnectionDetail>;
  settingsGet(): Promise<ProviderSettings[]>;
  networkGet(): Promise<NetworkView>;
  /** Saves the proxy settings; they apply from the next start. */
  networkSet(settings: NetworkSettings): Promise<NetworkView>;
  projectGet(connection: ConnectionId, reference: string): Promise<ProjectDetailView>;
  projectRestore(connection: ConnectionId, reference: string): Promise<void>;
  regionsList(connection: ConnectionId): Promise<RegionChoice[]>;
  projectCreate(connection: ConnectionId, request: CreateProjectRequest): Promise<ProjectCreated>;
  smtpGet(connection: ConnectionId, reference: string): Promise<SmtpSettings>;
  smtpUpdate(connection: ConnectionId, reference: string, update: SmtpUpdate): Promise<SmtpSettings>;
  smtpDisable(connection: ConnectionId, reference: string): Promise<SmtpSettings>;
  apiKeysList(connection: ConnectionId, reference: string): Promise<ApiKeyView[]>;
  /** Publishable keys only: the backend refuses secret ones. */
  apiKeyReveal(connection: ConnectionId, reference: string, key: string): Promise<string>;
  /** Rust writes the key to the clipboard; a secret key only with `confirmed`. */
  apiKeyCopy(connection: ConnectionId, reference: string, key: string, confirmed: boolean): Promise<void>;
  apiKeysCopyEnv(connection: ConnectionId, reference: string, includeSecret: boolean): Promise<void>;
  clipboardWrite(text: string): Promise<void>;
  connectionStringCopy(
    connection: ConnectionId,
    reference: string,
    route: DatabaseRoute,
    password: string | null,
    remember: boolean,
  ): Promise<void>;
  neonOptions(connection: ConnectionId): Promise<NeonOptions>;
  neonProjectCreate(connection: ConnectionId, request: NeonCreateRequest): Promise<ProjectSummary>;
  neonProjectGet(connection: ConnectionId, project: string): Promise<NeonProjectView>;
  neonBranchContents(connection: ConnectionId, project: string, branch: string): Promise<NeonBranchContents>;
  neonBranchCreate(connection: ConnectionId, project: string, request: NeonBranchRequest): Promise<NeonBranchView>;
  /** Both strings with the password masked. */
  neonConnectionStrings(connection: ConnectionId, project: string, choice: NeonDatabaseChoice): Promise<NeonConnectionStrings>;
  /** Rust writes the full string to the clipboard; it never reaches the page. */
  neonConnectionStringCopy(connection: ConnectionId, project: string, choice: NeonDatabaseChoice, pooled: boolean): Promise<void>;
  /** The full string, password included: only on the user's explicit "Reveal". */
  neonConnectionStringReveal(connection: ConnectionId, project: string, choice: NeonDatabaseChoice, pooled: boolean): Promise<string>;
  neonEnvCopy(connection: ConnectionId, project: string, choice: NeonDatabaseChoice): Promise<void>;
  netlifySiteGet(connection: ConnectionId, site: string): Promise<NetlifySiteView>;
  /** Rust opens the address Netlify gives for the site; answers whether a browser started. */
  netlifySiteOpen(connection: ConnectionId, site: string, which: SiteLink): Promise<boolean>;
  /** Keys, contexts and whether each is secret: never a value. */
  netlifyEnvList(connection: ConnectionId, site: string): Promise<EnvVarView[]>;
  /** A plain variable's values; the backend refuses secret ones. */
  netlifyEnvReveal(connection: ConnectionId, site: string, key: string): Promise<EnvValueView[]>;
  netlifyEnvSet(connection: ConnectionId, site: string, request: EnvVarSet): Promise<EnvVarView[]>;
  netlifyEnvDelete(connection: ConnectionId, site: string, key: string): Promise<EnvVarView[]>;
}

/** Commands reject with `AppError`; anything else is wrapped into one. */
export function asAppError(err: unknown): AppError {
  if (err && typeof err === "object" && "code" in err && "message" in err) {
    return err as AppError;
  }
  return { code: "internal", message: String(err) };
}

/** `invoke` for the app's own commands only: a name Rust does not list
 * (src-tauri/src/commands/list.rs) does not type-check. */
function invoke<T>(command: CommandName, args?: InvokeArgs): Promise<T> {
  return tauriInvoke<T>(command, args);
}

export const backend: Backend = {
  statusGet: () => invoke<AppStatus>("status_get"),
  providersList: () => invoke<ProviderInfo[]>("providers_list"),
  linksList: () => invoke<LinkSummary[]>("links_list"),
  onLinkReceived: (handler) => listen<LinkSummary>("link-received", (e) => handler(e.payload)),
  connectStart: (provider, account) => invoke<ConnectStarted>("connect_start", { provider, organization: account }),
  connectCancel: (provider) => invoke<void>("connect_cancel", { provider }),
  connectPaste: (provider, address) => invoke<void>("connect_paste", { provider, address }),
  connectWithToken: (provider, token) => invoke<ConnectionMeta[]>("connect_with_token", { provider, token }),
  personalTokenPageOpen: (provider) => invoke<boolean>("personal_token_page_open", { provider }),
  onConnectFinished: (handler) => listen<ConnectFinished>("connect-finished", (e) => handler(e.payload)),
  clientSecretStatus: (provider) => invoke<boolean>("client_secret_status", { provider }),
  clientSecretSet: (provider, secret) => invoke<void>("client_secret_set", { provider, secret }),
  connectionsList: () => invoke<ConnectionMeta[]>("connections_list"),
  projectsList: (connection, refresh) => invoke<ProjectPage>("projects_list", { connection, refresh }),
  connectionDisconnect: (connection) => invoke<void>("connection_disconnect", { connection }),
  connectionGroups: (connection) => invoke<string[]>("connection_groups", { connection }),
  connectionDetail: (connection) => invoke<ConnectionDetail>("connection_detail", { connection }),
  settingsGet: () => invoke<ProviderSettings[]>("settings_get"),
  networkGet: () => invoke<NetworkView>("network_get"),
  networkSet: (settings) => invoke<NetworkView>("network_set", { settings }),
  projectGet: (connection, reference) => invoke<ProjectDetailView>("project_get", { connection, reference }),
  projectRestore: (connection, reference) => invoke<void>("project_restore", { connection, reference }),
  regionsList: (connection) => invoke<RegionChoice[]>("regions_list", { connection }),
  projectCreate: (connection, request) => invoke<ProjectCreated>("project_create", { connection, request }),
  smtpGet: (connection, reference) => invoke<SmtpSettings>("smtp_get", { connection, reference }),
  smtpUpdate: (connection, reference, update) => invoke<SmtpSettings>("smtp_update", { connection, reference, update }),
  smtpDisable: (connection, reference) => invoke<SmtpSettings>("smtp_disable", { connection, reference }),
  apiKeysList: (connection, reference) => invoke<ApiKeyView[]>("api_keys_list", { connection, reference }),
  apiKeyReveal: (connection, reference, key) => invoke<string>("api_key_reveal", { connection, reference, key }),
  apiKeyCopy: (connection, reference, key, confirmed) =>
    invoke<void>("api_key_copy", { connection, reference, key, confirmed }),
  apiKeysCopyEnv: (connection, reference, includeSecret) =>
    invoke<void>("api_keys_copy_env", { connection, reference, includeSecret }),
  clipboardWrite: (text) => invoke<void>("clipboard_write", { text }),
  connectionStringCopy: (connection, reference, route, password, remember) =>
    invoke<void>("connection_string_copy", { connection, reference, route, password, remember }),
  neonOptions: (connection) => invoke<NeonOptions>("neon_options", { connection }),
  neonProjectCreate: (connection, request) => invoke<ProjectSummary>("neon_project_create", { connection, request }),
  neonProjectGet: (connection, project) => invoke<NeonProjectView>("neon_project_get", { connection, project }),
  neonBranchContents: (connection, project, branch) =>
    invoke<NeonBranchContents>("neon_branch_contents", { connection, project, branch }),
  neonBranchCreate: (connection, project, request) =>
    invoke<NeonBranchView>("neon_branch_create", { connection, project, request }),
  neonConnectionStrings: (connection, project, choice) =>
    invoke<NeonConnectionStrings>("neon_connection_strings", { connection, project, choice }),
  neonConnectionStringCopy: (connection, project, choice, pooled) =>
    invoke<void>("neon_connection_string_copy", { connection, project, choice, pooled }),
  neonConnectionStringReveal: (connection, project, choice, pooled) =>
    invoke<string>("neon_connection_string_reveal", { connection, project, choice, pooled }),
  neonEnvCopy: (connection, project, choice) => invoke<void>("neon_env_copy", { connection, project, choice }),
  netlifySiteGet: (connection, site) => invoke<NetlifySiteView>("netlify_site_get", { connection, site }),
  netlifySiteOpen: (connection, site, which) => invoke<boolean>("netlify_site_open", { connection, site, which }),
  netlifyEnvList: (connection, site) => invoke<EnvVarView[]>("netlify_env_list", { connection, site }),
  netlifyEnvReveal: (connection, site, key) => invoke<EnvValueView[]>("netlify_env_reveal", { connection, site, key }),
  netlifyEnvSet: (connection, site, request) => invoke<EnvVarView[]>("netlify_env_set", { connection, site, request }),
  netlifyEnvDelete: (connection, site, key) => invoke<EnvVarView[]>("netlify_env_delete", { connection, site, key }),
};
