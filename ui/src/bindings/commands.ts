// Generated from src-tauri/src/commands/list.rs by `cargo test`. Do not edit.

/** Every command the app answers; `ipc.ts` can invoke no other name. */
export const COMMANDS = [
  "status_get",
  "links_list",
  "providers_list",
  "connect_start",
  "connect_cancel",
  "connect_paste",
  "connect_with_token",
  "personal_token_page_open",
  "client_secret_set",
  "client_secret_status",
  "settings_get",
  "network_get",
  "network_set",
  "connections_list",
  "projects_list",
  "connection_disconnect",
  "connection_groups",
  "connection_detail",
  "project_get",
  "regions_list",
  "project_create",
  "smtp_get",
  "smtp_update",
  "smtp_disable",
  "api_keys_list",
  "api_key_reveal",
  "api_key_copy",
  "api_keys_copy_env",
  "connection_string_copy",
  "neon_options",
  "neon_project_create",
  "clipboard_write",
] as const;

export type CommandName = (typeof COMMANDS)[number];
