//! Which providers this build offers, and where they point. Defaults are the
//! real services; `LATCHKEY_<PROVIDER>_API_URL` points every endpoint of a
//! provider elsewhere (scripts/run points Supabase at the local sandbox) and
//! `LATCHKEY_<PROVIDER>_CLIENT_ID` names another registered OAuth app, and
//! `LATCHKEY_<PROVIDER>_REDIRECT_MODE` (`deep_link`, `loopback`,
//! `https_relay`) picks how the browser hands the answer back, and
//! `LATCHKEY_<PROVIDER>_IMPLICIT_GRANT=1` turns on the implicit grant for a
//! provider that documents no PKCE and no refresh (Netlify), discouraged.
//! `LATCHKEY_<PROVIDER>_BROKER_URL` sends code exchange, refresh and revoke
//! through a publisher's broker (no client secret on this machine); set
//! after `_API_URL`, which drops the definition's own broker, and empty or
//! `none` turns a definition's broker off (your own OAuth app instead).
//!
//! In core so the app and a command-line companion read the same settings;
//! the environment is passed in, so tests need not touch the process's.

use super::{built_in_definitions, ProviderDefinition, RedirectMode};

/// The built-in providers as the environment configures them.
pub fn from_process_env() -> Vec<ProviderDefinition> {
    built_in_definitions()
        .into_iter()
        .map(|def| apply(def, |name| std::env::var(name).ok()))
        .collect()
}

/// `def` with the `LATCHKEY_<PROVIDER>_*` settings `env` gives applied.
pub fn apply(def: ProviderDefinition, env: impl Fn(&str) -> Option<String>) -> ProviderDefinition {
    let prefix = format!("LATCHKEY_{}", def.id.to_ascii_uppercase().replace('-', "_"));
    let mut def = match env(&format!("{prefix}_API_URL")) {
        Some(origin) => match def.clone().with_origin(&origin) {
            Ok(moved) => {
                // Never the raw value: only the parsed origin, which
                // with_origin guarantees has no user name or password.
                let origin = moved.api_base_url.origin().ascii_serialization();
                tracing::info!(provider = %def.id, %origin, "provider endpoints overridden");
                moved
            }
            Err(err) => {
                tracing::warn!(provider = %def.id, %err, "ignoring an invalid API URL override");
                def
            }
        },
        None => def,
    };
    match env(&format!("{prefix}_BROKER_URL")) {
        Some(off) if off.trim().is_empty() || off.trim() == "none" => def.broker_url = None,
        Some(url) => match def.clone().with_broker(url.trim()) {
            Ok(brokered) => {
                let broker = brokered
                    .broker_url
                    .as_ref()
                    .map(|u| u.origin().ascii_serialization())
                    .unwrap_or_default();
                tracing::info!(provider = %def.id, %broker, "token requests go through a broker");
                def = brokered;
            }
            Err(err) => {
                tracing::warn!(provider = %def.id, %err, "ignoring an invalid broker URL")
            }
        },
        None => {}
    }
    if let Some(client_id) = env(&format!("{prefix}_CLIENT_ID")) {
        def.client_id = client_id;
    }
    // The implicit grant only on explicit request (RFC 9700 discourages it).
    if env(&format!("{prefix}_IMPLICIT_GRANT")).as_deref() == Some("1") {
        if def.pkce || def.refresh {
            tracing::warn!(provider = %def.id, "the implicit grant is not available for this provider");
        } else {
            tracing::warn!(provider = %def.id, "implicit grant turned on: the token will arrive in the redirect URL (discouraged by RFC 9700)");
            def.implicit_grant = true;
        }
    }
    match env(&format!("{prefix}_REDIRECT_MODE")).as_deref() {
        Some("deep_link") => def.redirect_mode = RedirectMode::DeepLink,
        Some("loopback") if def.loopback_port.is_some() => {
            def.redirect_mode = RedirectMode::Loopback
        }
        Some("https_relay") if def.relay_url.is_some() => {
            def.redirect_mode = RedirectMode::HttpsRelay
        }
        Some(other) => {
            tracing::warn!(provider = %def.id, mode = other, "ignoring an unknown redirect mode")
        }
        None => {}
    }
    def
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{neon, netlify, supabase};

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn each_setting_applies_to_its_own_provider_only() {
        let env = with(&[
            ("LATCHKEY_NEON_API_URL", "http://127.0.0.1:54321/neon"),
            ("LATCHKEY_NEON_CLIENT_ID", "mine"),
            ("LATCHKEY_NEON_REDIRECT_MODE", "loopback"),
        ]);
        let neon = apply(neon::definition(), &env);
        assert_eq!(
            neon.token_url.as_str(),
            "http://127.0.0.1:54321/neon/oauth2/token"
        );
        assert_eq!(neon.client_id, "mine");
        assert_eq!(neon.redirect_mode, RedirectMode::Loopback);
        assert_eq!(apply(supabase::definition(), &env), supabase::definition());
    }

    #[test]
    fn a_broker_is_named_after_the_origin_moves_and_can_be_turned_off() {
        let env = with(&[
            ("LATCHKEY_SUPABASE_API_URL", "http://127.0.0.1:54321"),
            ("LATCHKEY_SUPABASE_BROKER_URL", "http://127.0.0.1:8788"),
        ]);
        let sb = apply(supabase::definition(), &env);
        assert_eq!(
            sb.broker_url.as_ref().map(|u| u.as_str()),
            Some("http://127.0.0.1:8788/")
        );
        assert!(!sb.needs_client_secret());
        let off = apply(
            sb.clone(),
            with(&[("LATCHKEY_SUPABASE_BROKER_URL", "none")]),
        );
        assert_eq!(off.broker_url, None);
        let remote = apply(
            supabase::definition(),
            with(&[("LATCHKEY_SUPABASE_BROKER_URL", "http://broker.example.com")]),
        );
        assert_eq!(remote.broker_url, None, "plain http elsewhere is refused");
    }

    #[test]
    fn a_bad_setting_is_ignored_and_the_default_kept() {
        let env = with(&[
            ("LATCHKEY_SUPABASE_API_URL", "http://evil.example"),
            ("LATCHKEY_SUPABASE_REDIRECT_MODE", "carrier-pigeon"),
            ("LATCHKEY_SUPABASE_IMPLICIT_GRANT", "1"),
        ]);
        assert_eq!(apply(supabase::definition(), &env), supabase::definition());
        let netlify = apply(
            netlify::definition(),
            with(&[("LATCHKEY_NETLIFY_IMPLICIT_GRANT", "1")]),
        );
        assert!(
            netlify.implicit_grant,
            "only where there is no PKCE and no refresh"
        );
    }
}
