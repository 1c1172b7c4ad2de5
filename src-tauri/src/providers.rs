//! Which providers this build offers, and where they point. Defaults are the
//! real services; `LATCHKEY_<PROVIDER>_API_URL` points every endpoint of a
//! provider elsewhere (scripts/run points Supabase at the local sandbox) and
//! `LATCHKEY_<PROVIDER>_CLIENT_ID` names another registered OAuth app, and
//! `LATCHKEY_<PROVIDER>_REDIRECT_MODE` (`deep_link`, `loopback`,
//! `https_relay`) picks how the browser hands the answer back, and
//! `LATCHKEY_<PROVIDER>_IMPLICIT_GRANT=1` turns on the implicit grant for a
//! provider that documents no PKCE and no refresh (Netlify), discouraged.

use latchkey_core::providers::{built_in, ProviderDefinition, RedirectMode};

pub fn definitions() -> Vec<ProviderDefinition> {
    built_in().into_iter().map(apply_overrides).collect()
}

fn apply_overrides(def: ProviderDefinition) -> ProviderDefinition {
    let prefix = format!("LATCHKEY_{}", def.id.to_ascii_uppercase().replace('-', "_"));
    let mut def = match std::env::var(format!("{prefix}_API_URL")) {
        Ok(origin) => match def.clone().with_origin(&origin) {
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
        Err(_) => def,
    };
    if let Ok(client_id) = std::env::var(format!("{prefix}_CLIENT_ID")) {
        def.client_id = client_id;
    }
    // The implicit grant only on explicit request (RFC 9700 discourages it).
    if std::env::var(format!("{prefix}_IMPLICIT_GRANT")).as_deref() == Ok("1") {
        if def.pkce || def.refresh {
            tracing::warn!(provider = %def.id, "the implicit grant is not available for this provider");
        } else {
            tracing::warn!(provider = %def.id, "implicit grant turned on: the token will arrive in the redirect URL (discouraged by RFC 9700)");
            def.implicit_grant = true;
        }
    }
    match std::env::var(format!("{prefix}_REDIRECT_MODE")).as_deref() {
        Ok("deep_link") => def.redirect_mode = RedirectMode::DeepLink,
        Ok("loopback") if def.loopback_port.is_some() => def.redirect_mode = RedirectMode::Loopback,
        Ok("https_relay") if def.relay_url.is_some() => {
            def.redirect_mode = RedirectMode::HttpsRelay
        }
        Ok(other) => {
            tracing::warn!(provider = %def.id, mode = other, "ignoring an unknown redirect mode")
        }
        Err(_) => {}
    }
    def
}
