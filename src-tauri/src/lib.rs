//! The Tauri layer: wires plugins, state and commands to `latchkey-core`.
//! Nothing here decides anything a test would want to check without a window;
//! that lives in the core crate.

mod browser;
mod clipboard;
mod commands;
mod links;
mod providers;
mod scheme_registration;
mod state;

use latchkey_core::channel::Channel;
use tauri::Manager;

pub use state::AppState;

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
        .invoke_handler(tauri::generate_handler![
            commands::status::status_get,
            commands::links::links_list,
            commands::connect::connect_start,
            commands::connect::connect_cancel,
            commands::connect::client_secret_set,
            commands::connect::client_secret_status,
            commands::connect::settings_get,
            commands::connections::connections_list,
            commands::connections::projects_list,
            commands::connections::connection_disconnect,
            commands::connections::connection_groups,
            commands::manage::project_get,
            commands::manage::regions_list,
            commands::manage::project_create,
            commands::manage::smtp_get,
            commands::manage::smtp_update,
            commands::manage::smtp_disable,
            commands::manage::api_keys_list,
            commands::manage::api_key_reveal,
            commands::manage::api_key_copy,
            commands::manage::api_keys_copy_env,
            commands::manage::connection_string_copy,
            commands::manage::neon_options,
            commands::manage::neon_project_create,
            clipboard::clipboard_write,
        ])
        .setup(move |app| {
            app.manage(state::build(app.handle(), channel, started)?);
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                handle.state::<AppState>().import_env_secrets().await;
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
    let unsaved = tauri::async_runtime::block_on(connector.save_unsaved());
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
