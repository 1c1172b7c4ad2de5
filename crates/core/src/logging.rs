//! The log filter (`tracing_subscriber::EnvFilter` directives).
//!
//! Invariant: whatever `RUST_LOG` says, the dependencies in [`CAPPED`] log at
//! `info` at most. At `debug`/`trace` they log what passes through them:
//! HTTP bodies and headers (tokens, the client secret), D-Bus messages (the
//! argv a second launch forwards, with a sign-in's code and state), IPC
//! responses (a revealed key). Latchkey's own lines never carry a secret, so
//! `RUST_LOG=trace` stays safe to ask a user for.

/// The filter when `RUST_LOG` is unset or empty.
pub const DEFAULT: &str = "info";

/// Targets (and everything under them) capped at `info`.
pub const CAPPED: &[&str] = &[
    "hyper",
    "hyper_util",
    "h2",
    "reqwest",
    "rustls",
    "zbus",
    "keyring",
    "secret_service",
    "tauri",
    "tauri_plugin_deep_link",
    "tauri_plugin_single_instance",
    "tauri_plugin_shell",
    "wry",
];

/// The directives for `EnvFilter` from the user's `RUST_LOG`: the user's,
/// minus any that could open a capped target below `info`, then
/// `<target>=info` for each capped target.
///
/// Appending alone is not enough. `EnvFilter` tries the most specific
/// directive first (a longer target, then a span, then fields), and a later
/// directive replaces an earlier one only for the very same target, so
/// `hyper::proto=trace` would still beat `hyper=info`; a span directive
/// (`[request]=trace`) enables everything inside that span whatever the
/// targets say. So these user directives are dropped: those whose target
/// lies under a capped one, and span or field directives whose target is
/// absent or overlaps a capped one.
pub fn filter_directives(user: Option<&str>) -> String {
    let user = user.unwrap_or_default();
    let mut kept: Vec<&str> = user
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty() && !could_open_a_capped_target(d))
        .collect();
    if kept.is_empty() {
        kept.push(DEFAULT);
    }
    let caps = CAPPED.iter().map(|t| format!("{t}=info"));
    kept.into_iter()
        .map(str::to_owned)
        .chain(caps)
        .collect::<Vec<_>>()
        .join(",")
}

/// `target[span{field=value}]=level`, `target=level`, `target` or `level`.
fn could_open_a_capped_target(directive: &str) -> bool {
    let head = directive.split('=').next().unwrap_or_default();
    let (target, dynamic) = match head.find('[') {
        Some(i) => (&head[..i], true),
        None if is_level(head) && !directive.contains('=') => ("", false),
        None => (head, false),
    };
    CAPPED.iter().any(|capped| {
        let under = target.starts_with(capped);
        // With a span or field filter, a shorter target (or none) also
        // reaches the capped target's events inside that span.
        under || (dynamic && capped.starts_with(target))
    })
}

fn is_level(text: &str) -> bool {
    ["off", "error", "warn", "info", "debug", "trace"]
        .iter()
        .any(|l| l.eq_ignore_ascii_case(text))
        || matches!(text, "0" | "1" | "2" | "3" | "4" | "5")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    /// What a subscriber with `directives` writes while `emit` runs.
    fn logged(directives: &str, emit: impl FnOnce()) -> String {
        #[derive(Clone, Default)]
        struct Buf(Arc<Mutex<Vec<u8>>>);
        impl Write for Buf {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buf = Buf::default();
        let writer = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::try_new(directives).unwrap())
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, emit);
        let out = buf.0.lock().unwrap().clone();
        String::from_utf8(out).unwrap()
    }

    /// A dependency's trace and debug lines, as if they carried a body.
    fn dependencies_log_bodies() {
        tracing::trace!(target: "hyper::proto::h1::io", "BODY-hyper");
        tracing::debug!(target: "hyper_util::client", "BODY-hyper-util");
        tracing::trace!(target: "reqwest::connect", "BODY-reqwest");
        tracing::trace!(target: "h2::codec", "BODY-h2");
        tracing::trace!(target: "zbus::connection::socket_reader", "BODY-zbus");
        tracing::trace!(target: "tauri::ipc::protocol", "BODY-tauri");
        let span = tracing::info_span!("request");
        let _inside = span.enter();
        tracing::trace!(target: "hyper::client", "BODY-in-span");
    }

    #[test]
    fn no_rust_log_means_info() {
        assert_eq!(filter_directives(None).split(',').next(), Some("info"));
        assert_eq!(
            filter_directives(Some("  ")).split(',').next(),
            Some("info")
        );
    }

    #[test]
    fn whatever_rust_log_asks_dependencies_never_log_below_info() {
        for user in [
            "trace",
            "debug",
            "hyper=trace,zbus=trace,reqwest=trace,h2=trace,hyper_util=trace,tauri=trace",
            "hyper::proto=trace,hyper_util::client=trace,zbus::connection=trace,h2::codec=trace,reqwest::connect=trace,tauri::ipc=trace",
            "hyper,zbus,reqwest,h2,hyper_util,tauri",
            "trace,[request]=trace",
            "[request]=trace,hyper[request]=trace,hy[request]=trace",
            "[{x}]=trace,hyper[{x}]=trace",
        ] {
            let out = logged(&filter_directives(Some(user)), dependencies_log_bodies);
            assert!(!out.contains("BODY"), "RUST_LOG={user}:\n{out}");
        }
    }

    #[test]
    fn latchkeys_own_lines_still_follow_rust_log() {
        let emit = || {
            tracing::trace!(target: "latchkey::links", "own-trace");
            tracing::info!(target: "hyper::client", "dependency-info");
        };
        let out = logged(&filter_directives(Some("trace")), emit);
        assert!(
            out.contains("own-trace") && out.contains("dependency-info"),
            "{out}"
        );
        let out = logged(&filter_directives(Some("warn")), emit);
        assert!(!out.contains("own-trace"), "{out}");
        let out = logged(&filter_directives(Some("latchkey=trace")), emit);
        assert!(out.contains("own-trace"), "{out}");
    }
}
