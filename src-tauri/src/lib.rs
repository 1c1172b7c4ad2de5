//! The Tauri layer: wires plugins, state and commands to `latchkey-core`.
//! Nothing here decides anything a test would want to check without a window;
//! that lives in the core crate.

// The one command list, as macros (see the file); included first so every
// module below can use them.
include!("commands/list.rs");

/// The invoke handler for every command of the list.
macro_rules! invoke_handler {
    ($([$($module:ident)::+] $name:ident),* $(,)?) => {
        tauri::generate_handler![$($($module)::+::$name),*]
    };
}

mod browser;
mod clipboard;
#[cfg(test)]
mod command_list_tests;
mod commands;
mod gate;
mod links;
mod scheme_registration;
mod state;

use latchkey_core::channel::Channel;
use tauri::Manager;

pub use state::AppState;

/// How long start-up chores (keychain imports, the link handler's
/// registration) wait for the first frame before running anyway.
const START_CHORES_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

pub fn run() {
    let started = std::time::Instant::now();
    init_logging();
    let channel = Channel::current();
    let mut context = tauri::generate_context!();
    // The identifier names the single-instance D-Bus service and the data
    // directory; a debug build must not forward its links to a release copy.
    context.config_mut().identifier = channel.identifier().to_string();

    let app = tauri::Builder::default()
        // Registered first: a second launch (how Linux and Windows deliver a
        // link to a running app) must be caught before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            links::receive_from_args(app, argv);
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        // No tauri-plugin-deep-link at run time: it broadcasts every raw
        // link (code and state) to the page as `deep-link://new-url`, and
        // reads `std::env::args()`, which panics on a non-UTF-8 argument.
        // Links enter through `links` only; the bundler reads the schemes
        // from `plugins.deep-link` in tauri.conf.json without the crate.
        .plugin(tauri_plugin_shell::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .invoke_handler(with_app_commands!(invoke_handler))
        .setup(move |app| {
            app.manage(state::build(app.handle(), channel, started)?);
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                // Keychain writes wait for the first frame (connect_start
                // awaits the import, so a first click never races it).
                let state = handle.state::<AppState>();
                state.ui_ready.passed(START_CHORES_WAIT).await;
                state.import_env_secrets().await;
            });
            scheme_registration::spawn(app.handle().clone(), channel);
            links::receive_from_os_args(app.handle(), std::env::args_os());
            tracing::info!(scheme = channel.scheme(), "Latchkey ready");
            Ok(())
        })
        .build(context);

    match app {
        Ok(app) => app.run(on_run_event),
        Err(err) => {
            tracing::error!(%err, "Latchkey could not start");
            std::process::exit(1);
        }
    }
}

/// What the run loop tells the app: links (macOS) and that it is exiting.
fn on_run_event(app: &tauri::AppHandle, event: tauri::RunEvent) {
    match event {
        tauri::RunEvent::ExitRequested { .. } => save_renewed_sign_ins(app),
        #[cfg(target_os = "macos")]
        tauri::RunEvent::Opened { urls } => links::receive_opened(app, &urls),
        _ => {}
    }
}

/// A renewed sign-in the keychain refused lives only in memory (the
/// provider already forgot the old one): one last try to save it.
fn save_renewed_sign_ins(app: &tauri::AppHandle) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    let connector = state.connector.clone();
    let unsaved = tauri::async_runtime::block_on(connector.connections().save_unsaved());
    for id in unsaved {
        tracing::warn!(provider = %id.provider, "a renewed sign-in could not be saved before exit; this connection will need a new sign-in");
    }
}

/// Logs go to stderr, filtered by `RUST_LOG` (default `info`). No log line in
/// this app formats a secret or a link's query values, and dependencies that
/// would log bodies or D-Bus messages are capped at `info` whatever
/// `RUST_LOG` says (`latchkey_core::logging`).
fn init_logging() {
    use latchkey_core::logging::filter_directives;
    let user = std::env::var("RUST_LOG").ok();
    let filter = tracing_subscriber::EnvFilter::try_new(filter_directives(user.as_deref()))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter_directives(None)));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
