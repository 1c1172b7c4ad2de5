//! One user-defined provider file: its format, its checks, and what a bad
//! one is told. The vocabulary is the one integration platforms use for
//! OAuth connectors (authorize and token URIs, scopes, where the client
//! authenticates, `no_refresh_token`, `skip_pkce`, extra authorize
//! parameters), in snake_case like the rest of Latchkey's TOML.

use std::collections::BTreeMap;

use serde::Deserialize;
use url::Url;

use crate::providers::definition::check_endpoint;
use crate::providers::facts::Words;
use crate::providers::{
    ClientAuth, ConnectionCovers, ProviderDefinition, RedirectMode, RevokeBody,
};

/// The loopback port when a file asks for loopback without naming one:
/// the one Latchkey's built-in providers register.
const DEFAULT_LOOPBACK_PORT: u16 = 53682;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserProvider {
    /// Shown in the sidebar and on the Connect panel.
    name: String,
    authorize_uri: Url,
    token_uri: Url,
    /// RFC 7009 revocation, used on disconnect when given.
    revoke_uri: Option<Url>,
    /// Who a grant covers: a JSON object with `sub` or `id`, and `name`,
    /// `email` or `preferred_username`. Without it, one connection per provider.
    userinfo_uri: Option<Url>,
    client_id: String,
    #[serde(default)]
    scopes: Vec<String>,
    scope_separator: Option<String>,
    /// `headers` (HTTP Basic), `body`, or `none` for a public client; both
    /// headers and body when unset.
    client_auth: Option<UserClientAuth>,
    #[serde(default)]
    no_refresh_token: bool,
    #[serde(default)]
    skip_pkce: bool,
    /// Added to every authorize URL.
    #[serde(default)]
    authorize_params: BTreeMap<String, String>,
    /// `deep_link` (the default) or `loopback`.
    redirect: Option<UserRedirect>,
    loopback_port: Option<u16>,
    /// Ports tried in order when `loopback_port` is taken.
    #[serde(default)]
    loopback_spare_ports: Vec<u16>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum UserClientAuth {
    Headers,
    Body,
    None,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum UserRedirect {
    DeepLink,
    Loopback,
}

/// What was wrong with a file, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub(super) fn whole_file(file: &str, message: String) -> Self {
        Self {
            file: file.to_owned(),
            line: None,
            field: None,
            message,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

pub(super) fn parse(file: &str, id: &str, text: &str) -> Result<ProviderDefinition, Problem> {
    let user: UserProvider = toml::from_str(text).map_err(|e| toml_problem(file, text, &e))?;
    let at = |field: &str, message: &str| Problem {
        file: file.to_owned(),
        line: line_of_key(text, field),
        field: Some(field.to_owned()),
        message: message.to_owned(),
    };
    if user.name.trim().is_empty() {
        return Err(at("name", "give the provider a name"));
    }
    if user.client_id.trim().is_empty() {
        return Err(at("client_id", "give the client id of your OAuth app"));
    }
    let endpoints = [
        ("authorize_uri", Some(&user.authorize_uri)),
        ("token_uri", Some(&user.token_uri)),
        ("revoke_uri", user.revoke_uri.as_ref()),
        ("userinfo_uri", user.userinfo_uri.as_ref()),
    ];
    for (field, url) in endpoints {
        if let Some(url) = url {
            if check_endpoint(url).is_err() {
                return Err(at(
                    field,
                    "must be an https URL (http only to this machine) without a user name or password",
                ));
            }
        }
    }
    let redirect_mode = match user.redirect {
        Some(UserRedirect::Loopback) => RedirectMode::Loopback,
        Some(UserRedirect::DeepLink) | None => RedirectMode::DeepLink,
    };
    let api_base_url = user
        .userinfo_uri
        .clone()
        .unwrap_or_else(|| user.token_uri.clone());
    let def = ProviderDefinition {
        id: id.to_owned(),
        display_name: user.name.trim().to_owned(),
        authorize_url: user.authorize_uri,
        token_url: user.token_uri,
        revoke_body: user.revoke_uri.as_ref().map(|_| RevokeBody::Rfc7009Form),
        revoke_url: user.revoke_uri,
        api_base_url,
        scopes: user.scopes,
        scope_separator: user.scope_separator.unwrap_or_else(|| " ".into()),
        client_auth: match user.client_auth {
            Some(UserClientAuth::Headers) => ClientAuth::BasicHeader,
            Some(UserClientAuth::Body) => ClientAuth::Body,
            Some(UserClientAuth::None) => ClientAuth::None,
            None => ClientAuth::Both,
        },
        pkce: !user.skip_pkce,
        refresh: !user.no_refresh_token,
        extra_authorize_params: user.authorize_params.into_iter().collect(),
        organization_param: None,
        redirect_mode,
        relay_url: None,
        loopback_port: Some(user.loopback_port.unwrap_or(DEFAULT_LOOPBACK_PORT)),
        loopback_spare_ports: user.loopback_spare_ports,
        loopback_host_localhost: false,
        client_id: user.client_id.trim().to_owned(),
        implicit_grant: false,
        covers: ConnectionCovers::User,
        words: Words {
            blurb: format!("Defined by you in {file}."),
            ..Words::default()
        },
        userinfo_url: user.userinfo_uri,
        personal_token: None,
        access_scopes: BTreeMap::new(),
        // A broker serves the built-in providers its publisher registered.
        broker_url: None,
    };
    Ok(def)
}

/// A TOML or shape error, with the line and the key it points at.
fn toml_problem(file: &str, text: &str, err: &toml::de::Error) -> Problem {
    let line = err
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
    // The key set on that line: an unknown field's error points at the key,
    // a bad value's at the value.
    let field = line.and_then(|n| key_on_line(text.lines().nth(n - 1)?));
    // The message, without the excerpt toml adds (it would repeat the file).
    let message = err.message().trim().to_owned();
    Problem {
        file: file.to_owned(),
        line,
        field,
        message,
    }
}

/// The key of a `key = value` line.
fn key_on_line(line: &str) -> Option<String> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    let key_like = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    key_like.then(|| key.to_owned())
}

/// The 1-based line where `key = …` is set, if it is.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}
