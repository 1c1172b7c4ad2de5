// tauri-build reads the root tauri.conf.json; our capabilities live under
// src-tauri/ with the rest of the Tauri layer. Listing the app's commands
// (from the one list, src/commands/list.rs) makes each one a permission, so
// a capability must grant it explicitly.
include!("src/commands/list.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/src/commands/list.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(
                tauri_build::AppManifest::new().commands(with_app_commands!(command_names)),
            ),
    )
    .expect("tauri-build failed");
}
