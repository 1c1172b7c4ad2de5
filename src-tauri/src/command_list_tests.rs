//! The command list (`commands/list.rs`) against its other copies: the main
//! window's capability must grant exactly its commands, and the UI's typed
//! list of names (`ui/src/bindings/commands.ts`, written here like ts-rs's
//! bindings and drift-checked by scripts/test) must be its names.

const NAMES: &[&str] = with_app_commands!(command_names);

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

#[test]
fn the_main_window_may_call_exactly_the_listed_commands() {
    let text =
        std::fs::read_to_string(root().join("src-tauri/capabilities/main-window.json")).unwrap();
    let capability: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            p.as_str()?
                .strip_prefix("allow-")
                .map(|n| n.replace('-', "_"))
        })
        .collect();
    granted.sort();
    let mut listed: Vec<String> = NAMES.iter().map(|n| n.to_string()).collect();
    listed.sort();
    assert_eq!(
        granted, listed,
        "src-tauri/capabilities/main-window.json and commands/list.rs differ"
    );
}

#[test]
fn the_ui_invokes_only_listed_commands() {
    let mut ts = String::from(
        "// Generated from src-tauri/src/commands/list.rs by `cargo test`. Do not edit.\n\n\
         /** Every command the app answers; `ipc.ts` can invoke no other name. */\n\
         export const COMMANDS = [\n",
    );
    for name in NAMES {
        ts.push_str(&format!("  \"{name}\",\n"));
    }
    ts.push_str("] as const;\n\nexport type CommandName = (typeof COMMANDS)[number];\n");
    let path = root().join("ui/src/bindings/commands.ts");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(ts.as_str()) {
        std::fs::write(&path, ts).unwrap();
    }
}
