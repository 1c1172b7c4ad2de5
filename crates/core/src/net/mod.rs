//! One HTTP client for everything Latchkey sends to a provider (token
//! endpoints and provider APIs alike): rustls, a timeout on every request,
//! redirects never followed (a token endpoint that redirects could forward
//! the code or secret elsewhere), and every body read through one size cap
//! ([`body`]). A status other than 2xx becomes an [`HttpFailure`] carrying
//! the status and the provider's `message` (never the raw body).
//!
//! Provider API clients build on [`bearer`] (a request with a bearer token,
//! answered as JSON) and fail with an [`ApiError`], which says what a screen
//! can do about it.

pub mod api_error;
pub(crate) mod bearer;
pub mod body;
pub mod network;

pub use api_error::ApiError;
pub use network::{NetworkSettings, NetworkSettingsError, NetworkView};

use std::time::Duration;

pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
const MAX_MESSAGE_LEN: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpFailure {
    #[error("the request timed out")]
    Timeout,
    #[error("could not connect ({0})")]
    Connect(String),
    /// The proxy in the way said no (or was not there): the words say
    /// which, so the user looks at the proxy rather than the provider.
    #[error("{0}")]
    Proxy(String),
    /// The server's certificate chains to no trusted root: a TLS-inspecting
    /// network whose CA this machine does not trust.
    #[error("the certificate of {0} is not trusted; if your network inspects TLS, add its CA to the system's trust store (or point SSL_CERT_FILE at it)")]
    Untrusted(String),
    #[error("the server answered with a redirect, which Latchkey never follows")]
    Redirected,
    #[error("the server answered {status}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Status {
        status: u16,
        message: Option<String>,
        /// The RFC 6749 §5.2 `error` code (`invalid_grant`, `invalid_client`…)
        /// when the body carried one: what decides whether a grant is dead.
        oauth_error: Option<String>,
        /// From `X-RateLimit-Reset` or `Retry-After`, in seconds.
        retry_after: Option<u64>,
    },
    #[error("the answer could not be read")]
    Body,
}

pub fn client() -> reqwest::Client {
    client_with_timeout(REQUEST_TIMEOUT)
}

/// The same client with another per-request timeout.
pub fn client_with_timeout(timeout: Duration) -> reqwest::Client {
    client_for(timeout, &NetworkSettings::default())
}

/// The client for the user's network ([`network`]): the Settings proxy, or
/// the environment's, and the system's trust store beside the bundled roots.
pub fn client_for(timeout: Duration, settings: &NetworkSettings) -> reqwest::Client {
    let build = |system_roots: bool| {
        let builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(10))
            .tls_built_in_native_certs(system_roots)
            .user_agent(concat!("Latchkey/", env!("CARGO_PKG_VERSION")));
        settings.apply(builder).build()
    };
    build(true)
        // Only a broken system trust store fails here (a CA file with no
        // certificate in it): then the bundled roots alone must do.
        .or_else(|err| {
            tracing::warn!(%err, "the system's trust store could not be read; using the bundled roots only");
            build(false)
        })
        .expect("a rustls client with the bundled roots builds")
}

impl HttpFailure {
    pub fn from_reqwest(err: &reqwest::Error) -> Self {
        let host = || {
            err.url()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_else(|| "the server".into())
        };
        if err.is_timeout() {
            HttpFailure::Timeout
        } else if let Some(proxy) = proxy_failure(err) {
            HttpFailure::Proxy(format!("{proxy} (on the way to {})", host()))
        } else if untrusted_certificate(err) {
            HttpFailure::Untrusted(host())
        } else if err.is_connect() {
            // The host is enough; reqwest's text would add the whole URL.
            HttpFailure::Connect(host())
        } else if err.is_body() || err.is_decode() {
            HttpFailure::Body
        } else {
            HttpFailure::Connect("network error".into())
        }
    }
}

/// What went wrong with the proxy, if the failure was the proxy's: hyper's
/// tunnel errors say "tunnel error: …" somewhere in the chain.
fn proxy_failure(err: &reqwest::Error) -> Option<&'static str> {
    causes(err).find_map(|text| {
        let what = text.strip_prefix("tunnel error: ")?;
        Some(match what {
            "unsuccessful" => "the proxy refused the connection",
            "proxy authorization required" => {
                "the proxy asks for a user name and password (put them in HTTPS_PROXY)"
            }
            "failed to create underlying connection" => "the proxy could not be reached",
            _ => "the proxy broke off the connection",
        })
    })
}

/// Whether a certificate check failed (rustls: "invalid peer certificate").
fn untrusted_certificate(err: &reqwest::Error) -> bool {
    causes(err).any(|text| text.contains("invalid peer certificate"))
}

/// The text of `err` and of each error under it.
fn causes(err: &reqwest::Error) -> impl Iterator<Item = String> + '_ {
    let top: &(dyn std::error::Error + 'static) = err;
    std::iter::successors(Some(top), |e| e.source()).map(ToString::to_string)
}

/// Ok for 2xx; otherwise the failure with the provider's own words.
pub fn check_status(
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<(), HttpFailure> {
    match status {
        200..=299 => Ok(()),
        300..=399 => Err(HttpFailure::Redirected),
        _ => Err(HttpFailure::Status {
            status,
            message: provider_message(body),
            oauth_error: oauth_error_code(body),
            retry_after: retry_after(headers),
        }),
    }
}

/// `{"message": …}` (Supabase), `{"error", "error_description"}` (RFC 6749)
/// or `{"code", "message"}` (Netlify), bounded in length. Anything else is
/// dropped rather than shown raw. Control characters are stripped (no line
/// injection), and so are invisible or reordering format characters: bidi
/// embeddings, overrides and isolates, zero-width characters, the BOM, and
/// line/paragraph separators, which would make a log line or a message
/// read differently from what it is.
pub fn provider_message(body: &[u8]) -> Option<String> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(
                c,
                '\u{061C}'
                    | '\u{180E}'
                    | '\u{200B}'..='\u{200F}'
                    | '\u{2028}'..='\u{202E}'
                    | '\u{2060}'..='\u{206F}'
                    | '\u{FEFF}'
            )
    };
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text = match (
        json.get("message").and_then(|v| v.as_str()),
        json.get("error").and_then(|v| v.as_str()),
        json.get("error_description").and_then(|v| v.as_str()),
    ) {
        (Some(message), _, _) => message.to_owned(),
        (None, Some(error), Some(description)) => format!("{error}: {description}"),
        (None, Some(error), None) => error.to_owned(),
        _ => return None,
    };
    Some(
        text.chars()
            .filter(|&c| !hidden(c))
            .take(MAX_MESSAGE_LEN)
            .collect(),
    )
}

/// The `error` member of an RFC 6749 error body, if it is a plain code.
fn oauth_error_code(body: &[u8]) -> Option<String> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    let code = json.get("error")?.as_str()?;
    (code.len() <= 64 && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .then(|| code.to_owned())
}

/// Seconds to wait. Supabase's `X-RateLimit-Reset` counts seconds left;
/// Netlify's is the Unix time the window ends (peers.md T4): a value past
/// [`UNIX_TIME_FROM`] is read as such, so a 429 never asks the user to
/// wait 56 years.
fn retry_after(headers: &http::HeaderMap) -> Option<u64> {
    let value: u64 = ["x-ratelimit-reset", "retry-after"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok()?.trim().parse().ok())?;
    if value < UNIX_TIME_FROM {
        return Some(value);
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(value.saturating_sub(now))
}

/// 2001-09-09: no rate-limit window is this many seconds long.
const UNIX_TIME_FROM: u64 = 1_000_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_statuses_pass_and_others_carry_the_providers_words() {
        let none = http::HeaderMap::new();
        assert!(check_status(201, &none, b"{}").is_ok());
        let err =
            check_status(404, &none, br#"{"message":"No such refresh token found"}"#).unwrap_err();
        assert_eq!(
            err,
            HttpFailure::Status {
                status: 404,
                message: Some("No such refresh token found".into()),
                oauth_error: None,
                retry_after: None
            }
        );
        assert_eq!(
            check_status(302, &none, b"").unwrap_err(),
            HttpFailure::Redirected
        );
    }

    #[test]
    fn rate_limit_reset_is_read_from_either_header() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-ratelimit-reset", "42".parse().unwrap());
        let err = check_status(429, &headers, b"{}").unwrap_err();
        assert!(matches!(
            err,
            HttpFailure::Status {
                retry_after: Some(42),
                ..
            }
        ));
        let mut headers = http::HeaderMap::new();
        let in_42s = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 42;
        headers.insert("x-ratelimit-reset", in_42s.into());
        let HttpFailure::Status { retry_after, .. } =
            check_status(429, &headers, b"{}").unwrap_err()
        else {
            panic!("a status failure")
        };
        assert!(
            matches!(retry_after, Some(41..=42)),
            "Netlify's Unix time becomes seconds left: {retry_after:?}"
        );
        let mut headers = http::HeaderMap::new();
        headers.insert("retry-after", "7".parse().unwrap());
        assert!(matches!(
            check_status(429, &headers, b"").unwrap_err(),
            HttpFailure::Status {
                retry_after: Some(7),
                message: None,
                ..
            }
        ));
    }

    #[test]
    fn only_known_error_shapes_are_shown_and_they_are_bounded() {
        assert_eq!(
            provider_message(br#"{"error":"invalid_grant","error_description":"expired"}"#)
                .as_deref(),
            Some("invalid_grant: expired")
        );
        assert_eq!(provider_message(b"<html>raw page</html>"), None);
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(1000));
        assert_eq!(
            provider_message(long.as_bytes()).unwrap().len(),
            MAX_MESSAGE_LEN
        );
    }
}
