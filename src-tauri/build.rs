// tauri-build reads the root tauri.conf.json; our capabilities live under
// src-tauri/ with the rest of the Tauri layer. Listing the app's commands makes
// each one a permission, so a capability must grant it explicitly.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(&[
                "status_get",
                "links_list",
                "connect_start",
                "connect_cancel",
                "client_secret_set",
                "client_secret_status",
                "settings_get",
                "connections_list",
                "projects_list",
                "connection_disconnect",
                "connection_groups",
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
            ])),
    )
    .expect("tauri-build failed");
}
