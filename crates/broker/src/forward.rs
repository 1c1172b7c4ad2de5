//! From the app's request to the provider's, and the provider's answer back
//! unchanged.
//!
//! The app talks to the broker as a public OAuth client talks to a token
//! endpoint (RFC 6749 §4.1.3, §6; RFC 7009 for revoke): form fields, no
//! client authentication. The broker keeps only the fields a grant needs,
//! adds the publisher's client authentication the way the provider's
//! definition says, and sends it on. The provider's status, body and
//! rate-limit headers come back as they were, so the app's handling of a
//! dead grant, a 429 and its wait, or a 5xx is the same with or without a
//! broker. Nothing here is stored or logged.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use latchkey_core::providers::{ClientAuth, RevokeBody};
use secrecy::ExposeSecret;

use crate::config::BrokeredProvider;
use crate::refusal::Refusal;

/// The provider's answer is read whole before it is passed on; a token
/// response is small, so anything larger is not one.
const MAX_UPSTREAM_BODY: usize = 64 * 1024;

/// Headers of the provider's answer the app reads (type, and the waits of a
/// 429); every other header stays behind.
const PASSED_HEADERS: [&str; 5] = [
    "content-type",
    "retry-after",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
];

/// A token request the broker will pass on.
#[derive(PartialEq, Eq)]
pub enum Grant {
    Code {
        code: String,
        redirect_uri: String,
        verifier: Option<String>,
    },
    Refresh {
        refresh_token: String,
        scope: Option<String>,
    },
}

/// Only the kind: the values are secrets.
impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind())
    }
}

impl Grant {
    /// For the log: which grant, never its values.
    pub fn kind(&self) -> &'static str {
        match self {
            Grant::Code { .. } => "authorization_code",
            Grant::Refresh { .. } => "refresh_token",
        }
    }
}

/// The form's fields, each at most once (RFC 6749 §3.2).
pub struct Form(Vec<(String, String)>);

impl Form {
    pub fn parse(body: &[u8]) -> Result<Self, Refusal> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
        for (i, (name, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(n, _)| n == name) {
                return Err(Refusal::bad_request(format!(
                    "the parameter {name:?} is sent more than once"
                )));
            }
        }
        Ok(Self(pairs))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn require(&self, name: &str) -> Result<String, Refusal> {
        self.get(name)
            .map(str::to_owned)
            .ok_or_else(|| Refusal::bad_request(format!("the parameter {name:?} is missing")))
    }

    /// The app is a public client to the broker: it names the publisher's
    /// client id (or none) and never sends a secret.
    fn check_client(&self, provider: &BrokeredProvider) -> Result<(), Refusal> {
        if self.get("client_secret").is_some() {
            return Err(Refusal::bad_request(
                "send no client_secret: the broker authenticates the client itself",
            ));
        }
        match self.get("client_id") {
            Some(id) if id != provider.client_id => Err(Refusal::bad_request(format!(
                "this broker serves {}'s OAuth app {:?}, not {id:?}",
                provider.definition.display_name, provider.client_id
            ))),
            _ => Ok(()),
        }
    }
}

/// Reads and checks a token request against the provider's rules.
pub fn token_grant(form: &Form, provider: &BrokeredProvider) -> Result<Grant, Refusal> {
    form.check_client(provider)?;
    match form.get("grant_type") {
        Some("authorization_code") => {
            let redirect_uri = form.require("redirect_uri")?;
            if !provider.redirect_uris.contains(&redirect_uri) {
                return Err(Refusal::bad_request(format!(
                    "the redirect URI {redirect_uri:?} is not on this broker's list for {}",
                    provider.definition.display_name
                )));
            }
            let verifier = form.get("code_verifier").map(str::to_owned);
            if provider.definition.pkce && verifier.is_none() {
                return Err(Refusal::bad_request(
                    "the parameter \"code_verifier\" is missing: PKCE is required",
                ));
            }
            Ok(Grant::Code {
                code: form.require("code")?,
                redirect_uri,
                verifier,
            })
        }
        Some("refresh_token") => Ok(Grant::Refresh {
            refresh_token: form.require("refresh_token")?,
            scope: form.get("scope").map(str::to_owned),
        }),
        Some(other) => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!(
                "the broker exchanges authorization codes and refresh tokens only, not {other:?}"
            ),
        )),
        None => Err(Refusal::bad_request(
            "the parameter \"grant_type\" is missing",
        )),
    }
}

/// The revoke request's token (RFC 7009 §2.1).
pub struct Revocation {
    pub token: String,
    pub hint: Option<String>,
}

pub fn revocation(form: &Form, provider: &BrokeredProvider) -> Result<Revocation, Refusal> {
    form.check_client(provider)?;
    if provider.definition.revoke_url.is_none() {
        return Err(Refusal::new(
            StatusCode::NOT_FOUND,
            "unsupported_operation",
            format!(
                "{} has no revocation endpoint",
                provider.definition.display_name
            ),
        ));
    }
    let hint = form.get("token_type_hint").map(str::to_owned);
    if let Some(hint) = &hint {
        if hint != "refresh_token" && hint != "access_token" {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                "unsupported_token_type",
                format!("token_type_hint is refresh_token or access_token, not {hint:?}"),
            ));
        }
    }
    Ok(Revocation {
        token: form.require("token")?,
        hint,
    })
}

/// Sends `grant` to the provider's token endpoint with the client's
/// authentication, and returns the provider's answer.
pub async fn exchange(
    http: &reqwest::Client,
    provider: &BrokeredProvider,
    grant: Grant,
    timeout: Duration,
) -> Result<Response, Refusal> {
    let mut fields: Vec<(&str, String)> = Vec::with_capacity(6);
    fields.push(("grant_type", grant.kind().to_owned()));
    match grant {
        Grant::Code {
            code,
            redirect_uri,
            verifier,
        } => {
            fields.push(("code", code));
            fields.push(("redirect_uri", redirect_uri));
            if let Some(verifier) = verifier {
                fields.push(("code_verifier", verifier));
            }
        }
        Grant::Refresh {
            refresh_token,
            scope,
        } => {
            fields.push(("refresh_token", refresh_token));
            if let Some(scope) = scope {
                fields.push(("scope", scope));
            }
        }
    }
    let request = authenticated_form(
        http.post(provider.definition.token_url.clone()),
        provider,
        fields,
    );
    send(request, provider, timeout).await
}

/// Revokes at the provider, in the shape its definition says.
pub async fn revoke(
    http: &reqwest::Client,
    provider: &BrokeredProvider,
    revocation: Revocation,
    timeout: Duration,
) -> Result<Response, Refusal> {
    let def = &provider.definition;
    let (Some(url), Some(shape)) = (&def.revoke_url, def.revoke_body) else {
        unreachable!("revocation() refuses a provider without a revoke endpoint");
    };
    let request = match shape {
        RevokeBody::JsonClientAndRefreshToken => http.post(url.clone()).json(&serde_json::json!({
            "client_id": provider.client_id,
            "client_secret": provider.client_secret.expose_secret(),
            "refresh_token": revocation.token,
        })),
        RevokeBody::Rfc7009Form => {
            let mut fields = vec![("token", revocation.token)];
            if let Some(hint) = revocation.hint {
                fields.push(("token_type_hint", hint));
            }
            authenticated_form(http.post(url.clone()), provider, fields)
        }
    };
    send(request, provider, timeout).await
}

/// `fields` as a form, with the client's id and secret where the provider
/// wants them.
fn authenticated_form(
    mut request: reqwest::RequestBuilder,
    provider: &BrokeredProvider,
    mut fields: Vec<(&str, String)>,
) -> reqwest::RequestBuilder {
    let secret = provider.client_secret.expose_secret();
    let auth = provider.definition.client_auth;
    if matches!(auth, ClientAuth::BasicHeader | ClientAuth::Both) {
        request = request.header(
            header::AUTHORIZATION,
            basic_credentials(&provider.client_id, secret),
        );
    }
    match auth {
        ClientAuth::Body | ClientAuth::Both => {
            fields.push(("client_id", provider.client_id.clone()));
            fields.push(("client_secret", secret.to_owned()));
        }
        ClientAuth::None => fields.push(("client_id", provider.client_id.clone())),
        ClientAuth::BasicHeader => {}
    }
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    request
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(body)
}

/// RFC 6749 §2.3.1: each part form-urlencoded, then Base64.
fn basic_credentials(id: &str, secret: &str) -> String {
    let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", encode(id), encode(secret)))
    )
}

async fn send(
    request: reqwest::RequestBuilder,
    provider: &BrokeredProvider,
    timeout: Duration,
) -> Result<Response, Refusal> {
    let name = &provider.definition.display_name;
    let failed = |err: reqwest::Error| {
        if err.is_timeout() {
            Refusal::new(
                StatusCode::GATEWAY_TIMEOUT,
                "upstream_timeout",
                format!("{name} did not answer within {} s", timeout.as_secs()),
            )
        } else {
            Refusal::new(
                StatusCode::BAD_GATEWAY,
                "upstream_unreachable",
                format!("{name} could not be reached from the broker"),
            )
        }
    };
    let response = request.timeout(timeout).send().await.map_err(failed)?;
    let status = response.status();
    let headers = passed_headers(response.headers());
    let body = read_bounded(response).await.map_err(|too_large| {
        if too_large {
            Refusal::new(
                StatusCode::BAD_GATEWAY,
                "upstream_error",
                format!("{name}'s answer was too large to be a token response"),
            )
        } else {
            failed_read(name)
        }
    })?;
    let mut answer = Response::new(Body::from(body));
    *answer.status_mut() = status;
    *answer.headers_mut() = headers;
    Ok(answer)
}

fn failed_read(name: &str) -> Refusal {
    Refusal::new(
        StatusCode::BAD_GATEWAY,
        "upstream_error",
        format!("{name}'s answer could not be read"),
    )
}

/// Err(true): over the limit; Err(false): the connection failed.
async fn read_bounded(mut response: reqwest::Response) -> Result<Vec<u8>, bool> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|_| false)? {
        if body.len() + chunk.len() > MAX_UPSTREAM_BODY {
            return Err(true);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn passed_headers(from: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    for name in PASSED_HEADERS {
        if let Some(value) = from.get(name) {
            out.insert(HeaderName::from_static(name), value.clone());
        }
    }
    // RFC 6749 §5.1: token responses are never cached.
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use latchkey_core::providers::supabase;
    use secrecy::SecretString;

    fn supabase_provider() -> BrokeredProvider {
        let definition = supabase::definition();
        BrokeredProvider {
            client_id: definition.client_id.clone(),
            definition,
            client_secret: SecretString::from("s".to_owned()),
            redirect_uris: vec!["dev.latchkey:/oauth/supabase".into()],
        }
    }

    fn grant(body: &str) -> Result<Grant, Refusal> {
        token_grant(&Form::parse(body.as_bytes())?, &supabase_provider())
    }

    #[test]
    fn a_code_exchange_needs_a_listed_redirect_and_the_verifier() {
        let ok = "grant_type=authorization_code&code=c&code_verifier=v&redirect_uri=dev.latchkey%3A%2Foauth%2Fsupabase";
        assert_eq!(grant(ok).unwrap().kind(), "authorization_code");
        let elsewhere = ok.replace("dev.latchkey%3A", "https%3A%2F%2Fevil.example");
        let refused = grant(&elsewhere).unwrap_err();
        assert_eq!(refused.error, "invalid_request");
        assert!(refused.description.contains("not on this broker's list"));
        let no_pkce = ok.replace("code_verifier=v&", "");
        assert!(grant(&no_pkce).unwrap_err().description.contains("PKCE"));
    }

    #[test]
    fn other_grants_repeats_and_secrets_are_refused() {
        assert_eq!(
            grant("grant_type=client_credentials").unwrap_err().error,
            "unsupported_grant_type"
        );
        assert_eq!(
            grant("grant_type=refresh_token&refresh_token=a&refresh_token=b")
                .unwrap_err()
                .error,
            "invalid_request"
        );
        assert!(grant("grant_type=refresh_token&refresh_token=a&client_secret=x").is_err());
        assert!(grant("grant_type=refresh_token&refresh_token=a&client_id=someone-else").is_err());
        assert!(grant("grant_type=refresh_token").is_err());
        assert!(grant("grant_type=refresh_token&refresh_token=a&extra=dropped").is_ok());
    }

    #[test]
    fn basic_credentials_are_form_encoded_first() {
        let header = basic_credentials("id", "se+cret:");
        let decoded = STANDARD
            .decode(header.strip_prefix("Basic ").unwrap())
            .unwrap();
        assert_eq!(decoded, b"id:se%2Bcret%3A");
    }
}
