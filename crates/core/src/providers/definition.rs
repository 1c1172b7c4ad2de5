//! A provider is data: where to send the user, where to trade codes for
//! tokens, how to authenticate the client, which redirect to use. The shape
//! follows the vocabulary integration platforms use, so adding Neon or
//! Netlify is a new definition file, not new engine code.
//!
//! An endpoint override ([`ProviderDefinition::with_origin`]) is `https`, or
//! `http` to this machine only, and never carries credentials.

use std::collections::BTreeMap;

use serde::Deserialize;
use url::Url;

use super::access::Access;
use super::facts::{ConnectionCovers, PersonalTokenFacts, Words};

/// Where the client secret goes on token requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuth {
    /// HTTP Basic header (RFC 6749 §2.3.1, preferred).
    BasicHeader,
    /// `client_id` and `client_secret` form fields.
    Body,
    /// Both at once, for servers that read either.
    Both,
    /// A public client: no secret at all.
    None,
}

/// How a revoke request is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevokeBody {
    /// RFC 7009: form-encoded `token` and `token_type_hint`.
    Rfc7009Form,
    /// Supabase: JSON `{client_id, client_secret, refresh_token}`.
    JsonClientAndRefreshToken,
}

/// How the browser hands the authorization response back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RedirectMode {
    /// `<scheme>:/oauth/<provider>` (RFC 8252 §7.1), the default.
    DeepLink,
    /// An https page (shipped in `relay/`) that forwards to the deep link.
    HttpsRelay,
    /// `http://127.0.0.1:<port>/oauth/<provider>`, listening only during a flow.
    Loopback,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderDefinition {
    /// Short lowercase id; also the redirect path segment (mix-up defence).
    pub id: String,
    pub display_name: String,
    pub authorize_url: Url,
    pub token_url: Url,
    pub revoke_url: Option<Url>,
    pub revoke_body: Option<RevokeBody>,
    pub api_base_url: Url,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default = "space")]
    pub scope_separator: String,
    pub client_auth: ClientAuth,
    pub pkce: bool,
    pub refresh: bool,
    /// Query parameters added to every authorize URL.
    #[serde(default)]
    pub extra_authorize_params: Vec<(String, String)>,
    /// Name of the authorize parameter that preselects an organization.
    pub organization_param: Option<String>,
    pub redirect_mode: RedirectMode,
    /// The https page registered for `HttpsRelay` mode.
    pub relay_url: Option<Url>,
    /// The port registered for `Loopback` mode.
    pub loopback_port: Option<u16>,
    /// Further registered ports, tried in order when `loopback_port` is
    /// taken by another program (each must be registered with the provider
    /// as its own redirect URI).
    #[serde(default)]
    pub loopback_spare_ports: Vec<u16>,
    /// Where the loopback redirect says `localhost` instead of `127.0.0.1`.
    #[serde(default)]
    pub loopback_host_localhost: bool,
    /// The OAuth app's client id (public; the secret lives in the keychain).
    pub client_id: String,
    /// Use the implicit grant (`response_type=token`, the token in the URL
    /// fragment) instead of the code flow. Off unless asked for: RFC 9700
    /// §2.1.2 says it SHOULD NOT be used (the token travels in a URL, with
    /// no PKCE, no client authentication and no refresh). Only for a provider
    /// whose registered app allows nothing else.
    #[serde(default)]
    pub implicit_grant: bool,
    /// What one connection covers: one organization, or the user.
    #[serde(default)]
    pub covers: ConnectionCovers,
    /// How the screens speak of this provider.
    #[serde(default)]
    pub words: Words,
    /// Where a user-defined provider says who a grant covers (an OpenID
    /// Connect `userinfo` endpoint or alike); built-in providers use their API.
    #[serde(default)]
    pub userinfo_url: Option<Url>,
    /// The provider's OAuth scope for each kind of call ([`Access`]), named
    /// when a call is refused for lack of it.
    #[serde(default)]
    pub access_scopes: BTreeMap<Access, String>,
    /// A publisher's token-exchange broker (`latchkey-broker`): when set,
    /// code exchange, refresh and revoke go to `<broker>/v1/<id>/…` as a
    /// public client, the broker adds the OAuth app's client secret, and
    /// the app never asks for, stores or sends one.
    #[serde(default)]
    pub broker_url: Option<Url>,
    /// The provider's personal tokens, when a user can connect with one
    /// instead of signing in (checked against its API before it is saved).
    #[serde(default)]
    pub personal_token: Option<PersonalTokenFacts>,
}

/// Where tokens and a client secret may be sent: `https`, or `http` to this
/// machine only, and never with a user name or password in the URL.
pub(crate) fn check_endpoint(url: &Url) -> Result<(), DefinitionError> {
    if !url.username().is_empty() || url.password().is_some() {
        return Err(DefinitionError::CredentialsInOrigin);
    }
    match url.scheme() {
        "https" if url.host().is_some() => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        _ => Err(DefinitionError::InsecureOrigin),
    }
}

/// The URL names this machine: 127.0.0.0/8, `::1` or `localhost`.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn space() -> String {
    " ".into()
}

#[derive(Debug, thiserror::Error)]
pub enum DefinitionError {
    #[error("the provider definition is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("the provider definition is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the provider definition is inconsistent: {0}")]
    Inconsistent(&'static str),
    /// Never carries the text: it may hold a password.
    #[error("the API URL override is not a valid URL")]
    BadUrl,
    #[error("an API URL override must use https, or http only for this machine (127.0.0.1, ::1, localhost)")]
    InsecureOrigin,
    #[error("an API URL override must not contain a user name or password")]
    CredentialsInOrigin,
}

impl ProviderDefinition {
    pub fn from_toml(text: &str) -> Result<Self, DefinitionError> {
        toml::from_str::<Self>(text)?.validated()
    }

    pub fn from_json(text: &str) -> Result<Self, DefinitionError> {
        serde_json::from_str::<Self>(text)?.validated()
    }

    fn validated(self) -> Result<Self, DefinitionError> {
        if self.id.is_empty() || !self.id.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            return Err(DefinitionError::Inconsistent(
                "id must be lowercase letters and dashes",
            ));
        }
        if self.revoke_url.is_some() != self.revoke_body.is_some() {
            return Err(DefinitionError::Inconsistent(
                "revoke_url and revoke_body go together",
            ));
        }
        if self.implicit_grant && (self.pkce || self.refresh) {
            return Err(DefinitionError::Inconsistent(
                "the implicit grant has no PKCE and no refresh token",
            ));
        }
        if self.redirect_mode == RedirectMode::HttpsRelay && self.relay_url.is_none() {
            return Err(DefinitionError::Inconsistent(
                "https_relay mode needs relay_url",
            ));
        }
        if self.redirect_mode == RedirectMode::Loopback && self.loopback_port.is_none() {
            return Err(DefinitionError::Inconsistent(
                "loopback mode needs loopback_port",
            ));
        }
        if let Some(broker) = &self.broker_url {
            check_endpoint(broker)?;
        }
        Ok(self)
    }

    /// Sends token requests through the broker at `url` (same rules as an
    /// endpoint override; no error shows the text given).
    pub fn with_broker(mut self, url: &str) -> Result<Self, DefinitionError> {
        let url = Url::parse(url).map_err(|_| DefinitionError::BadUrl)?;
        check_endpoint(&url)?;
        self.broker_url = Some(url);
        Ok(self)
    }

    /// The loopback ports to try, in order: the registered one, then the
    /// spares (a port listed twice is tried once).
    pub fn loopback_ports(&self) -> Vec<u16> {
        let mut ports: Vec<u16> = Vec::new();
        for port in self.loopback_port.iter().chain(&self.loopback_spare_ports) {
            if !ports.contains(port) {
                ports.push(*port);
            }
        }
        ports
    }

    /// Whether token requests need the OAuth app's client secret from this
    /// machine: not through a broker (it adds the secret), not for a public
    /// client, not for the implicit grant (no token request at all).
    pub fn needs_client_secret(&self) -> bool {
        self.client_auth != ClientAuth::None && !self.implicit_grant && self.broker_url.is_none()
    }

    /// Points every endpoint at another base (the sandbox, a staging
    /// server): its origin, with its path (if any) put in front of each
    /// endpoint's own path, so `http://127.0.0.1:54321/neon` serves
    /// `/neon/oauth2/auth` and `/neon/api/v2`.
    ///
    /// Tokens and the client secret go there, so it must be `https`, or
    /// `http` only to this machine (127.0.0.0/8, `::1`, `localhost`), and
    /// carry no user name or password. No error shows the text given.
    ///
    /// A broker the definition names is dropped: it exchanges codes with
    /// the provider it was deployed for, not with this origin. Name one for
    /// the new origin afterwards ([`Self::with_broker`]) if there is one.
    pub fn with_origin(mut self, origin: &str) -> Result<Self, DefinitionError> {
        let origin = Url::parse(origin).map_err(|_| DefinitionError::BadUrl)?;
        check_endpoint(&origin)?;
        let prefix = origin.path().trim_end_matches('/').to_owned();
        let rebase = |url: &Url| -> Url {
            let mut out = origin.clone();
            out.set_path(&format!("{prefix}{}", url.path()));
            out.set_query(url.query());
            out
        };
        self.authorize_url = rebase(&self.authorize_url);
        self.token_url = rebase(&self.token_url);
        self.revoke_url = self.revoke_url.as_ref().map(rebase);
        self.api_base_url = rebase(&self.api_base_url);
        self.userinfo_url = self.userinfo_url.as_ref().map(rebase);
        self.broker_url = None;
        Ok(self)
    }

    /// The scopes as the authorize URL carries them, or `None` when the
    /// provider fixes scopes per registered app.
    pub fn scope_param(&self) -> Option<String> {
        (!self.scopes.is_empty()).then(|| self.scopes.join(&self.scope_separator))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        id = "example"
        display_name = "Example"
        authorize_url = "https://auth.example.com/authorize"
        token_url = "https://auth.example.com/token"
        api_base_url = "https://api.example.com/v1"
        client_auth = "none"
        pkce = true
        refresh = false
        redirect_mode = "deep_link"
        client_id = "abc"
    "#;

    #[test]
    fn a_minimal_toml_definition_loads_with_defaults() {
        let def = ProviderDefinition::from_toml(MINIMAL).unwrap();
        assert_eq!(def.scope_separator, " ");
        assert_eq!(def.scope_param(), None);
        assert_eq!(def.client_auth, ClientAuth::None);
    }

    #[test]
    fn json_loads_the_same_vocabulary() {
        let json = r#"{"id":"example","display_name":"Example",
            "authorize_url":"https://a.example/authorize","token_url":"https://a.example/token",
            "revoke_url":"https://a.example/revoke","revoke_body":"rfc7009_form",
            "api_base_url":"https://a.example/api","scopes":["read","write"],"scope_separator":",",
            "client_auth":"body","pkce":false,"refresh":true,"redirect_mode":"loopback",
            "loopback_port":8123,"client_id":"x"}"#;
        let def = ProviderDefinition::from_json(json).unwrap();
        assert_eq!(def.scope_param().as_deref(), Some("read,write"));
        assert_eq!(def.revoke_body, Some(RevokeBody::Rfc7009Form));
    }

    #[test]
    fn inconsistent_or_unknown_fields_are_rejected() {
        let unknown = format!("{MINIMAL}\nsurprise = 1");
        assert!(matches!(
            ProviderDefinition::from_toml(&unknown),
            Err(DefinitionError::Toml(_))
        ));
        let loopback = MINIMAL.replace("\"deep_link\"", "\"loopback\"");
        assert!(matches!(
            ProviderDefinition::from_toml(&loopback),
            Err(DefinitionError::Inconsistent(_))
        ));
        let revoke = format!("{MINIMAL}\nrevoke_url = \"https://a.example/r\"");
        assert!(matches!(
            ProviderDefinition::from_toml(&revoke),
            Err(DefinitionError::Inconsistent(_))
        ));
    }

    #[test]
    fn every_endpoint_can_be_pointed_at_the_sandbox() {
        let def = ProviderDefinition::from_toml(MINIMAL)
            .unwrap()
            .with_origin("http://127.0.0.1:54321")
            .unwrap();
        assert_eq!(
            def.authorize_url.as_str(),
            "http://127.0.0.1:54321/authorize"
        );
        assert_eq!(def.token_url.as_str(), "http://127.0.0.1:54321/token");
        assert_eq!(def.api_base_url.as_str(), "http://127.0.0.1:54321/v1");
        let prefixed = ProviderDefinition::from_toml(MINIMAL)
            .unwrap()
            .with_origin("http://127.0.0.1:54321/neon/")
            .unwrap();
        assert_eq!(
            prefixed.authorize_url.as_str(),
            "http://127.0.0.1:54321/neon/authorize"
        );
        assert_eq!(
            prefixed.api_base_url.as_str(),
            "http://127.0.0.1:54321/neon/v1"
        );
    }

    #[test]
    fn a_broker_means_no_client_secret_here_and_moving_the_provider_drops_it() {
        let confidential = MINIMAL.replace("\"none\"", "\"basic_header\"");
        let def = ProviderDefinition::from_toml(&confidential).unwrap();
        assert!(def.needs_client_secret());
        let brokered = def
            .clone()
            .with_broker("https://broker.example.com")
            .unwrap();
        assert!(!brokered.needs_client_secret());
        assert!(matches!(
            def.clone().with_broker("http://broker.example.com"),
            Err(DefinitionError::InsecureOrigin)
        ));
        let in_file = format!("{confidential}\nbroker_url = \"http://10.1.2.3\"");
        assert!(ProviderDefinition::from_toml(&in_file).is_err());
        let moved = brokered.with_origin("http://127.0.0.1:54321").unwrap();
        assert_eq!(moved.broker_url, None);
        assert!(moved.needs_client_secret());
    }

    fn moved(origin: &str) -> Result<ProviderDefinition, DefinitionError> {
        ProviderDefinition::from_toml(MINIMAL)
            .unwrap()
            .with_origin(origin)
    }

    #[test]
    fn plain_http_is_refused_unless_the_host_is_this_machine() {
        // Tokens and the client secret would cross the network in clear.
        for remote in [
            "http://api.example.com",
            "http://10.0.0.1:8080",
            "http://192.168.1.2",
            "http://localhost.example.com",
            "http://[fe80::1]:8080",
        ] {
            assert!(
                matches!(moved(remote), Err(DefinitionError::InsecureOrigin)),
                "{remote}"
            );
        }
        for local in [
            "http://127.0.0.1:54321",
            "http://127.1.2.3:8080/neon",
            "http://[::1]:8080",
            "http://localhost:3000",
            "http://LOCALHOST:3000",
            "https://staging.example.com",
        ] {
            assert!(moved(local).is_ok(), "{local}");
        }
        for other in ["ftp://127.0.0.1", "file:///tmp/x", "javascript:alert(1)"] {
            assert!(moved(other).is_err(), "{other}");
        }
    }

    #[test]
    fn an_origin_with_credentials_is_refused_and_the_error_never_shows_them() {
        for with_userinfo in [
            "https://user:hunter2@api.example.com",
            "https://hunter2@api.example.com",
            "http://user:hunter2@127.0.0.1:54321",
        ] {
            let err = moved(with_userinfo).unwrap_err();
            assert!(
                matches!(err, DefinitionError::CredentialsInOrigin),
                "{with_userinfo}: {err:?}"
            );
            assert!(!err.to_string().contains("hunter2"), "{err}");
        }
        let unparsable = moved("https://user:hunter2@[bad").unwrap_err();
        assert!(
            !unparsable.to_string().contains("hunter2")
                && !format!("{unparsable:?}").contains("hunter2"),
            "{unparsable}"
        );
    }
}
