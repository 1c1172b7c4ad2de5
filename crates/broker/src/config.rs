//! The broker's one TOML file: where it listens, its limits, and for each
//! provider the publisher's OAuth app (client id, where its secret is),
//! where the provider lives and which redirect URIs it may exchange codes
//! for.
//!
//! A secret is never written in the file: `client_secret_env` names an
//! environment variable, `client_secret_file` a file (a systemd credential,
//! a Kubernetes secret mount). Both are read once at start; a missing or
//! empty one stops the broker with a message naming the variable or file,
//! never showing a value.
//!
//! What a provider's token endpoint wants (its URL, where the client
//! authenticates, how revocation is shaped) is not configured here: it is
//! the app's own built-in definition ([`latchkey_core::providers`]), so the
//! broker and the app cannot disagree about a provider.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use latchkey_core::providers::{built_in_definitions, ProviderDefinition};
use secrecy::SecretString;
use serde::Deserialize;

/// A broker ready to serve: every secret read, every provider resolved.
#[derive(Debug)]
pub struct Config {
    pub listen: SocketAddr,
    pub limits: Limits,
    /// By provider id.
    pub providers: BTreeMap<String, BrokeredProvider>,
}

#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long an upstream call may take before the broker answers 504.
    pub upstream_timeout: Duration,
    /// Token and revoke requests per minute per client address. Counted in
    /// this process's memory: with N copies behind a load balancer, a client
    /// may get up to N times this.
    pub requests_per_minute: u32,
    /// A header a trusted reverse proxy sets to the client's address
    /// (`x-forwarded-for`: its last entry is used). Without it, the TCP
    /// peer's address is the client's.
    pub client_address_header: Option<String>,
}

/// One provider as this broker serves it.
pub struct BrokeredProvider {
    /// The built-in definition, its endpoints moved to `upstream` if set.
    pub definition: ProviderDefinition,
    pub client_id: String,
    pub client_secret: SecretString,
    /// Exact strings: the `redirect_uri` of a code exchange must equal one.
    pub redirect_uris: Vec<String>,
}

impl std::fmt::Debug for BrokeredProvider {
    // By hand so that no `{:?}` can ever print the secret's type's contents
    // (secrecy redacts it too; this keeps the shape obvious in logs).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrokeredProvider")
            .field("id", &self.definition.id)
            .field("token_url", &self.definition.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("redirect_uris", &self.redirect_uris)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the config file is not valid: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("`listen` is not an address and port: {0:?}")]
    Listen(String),
    #[error("no providers are configured: add a [providers.<id>] table")]
    NoProviders,
    #[error("[providers.{id}]: no such provider; this broker knows {known}")]
    UnknownProvider { id: String, known: String },
    #[error("[providers.{0}]: a client secret is never written in the file; name an environment variable (client_secret_env) or a file (client_secret_file)")]
    InlineSecret(String),
    #[error("[providers.{0}]: give exactly one of client_secret_env and client_secret_file")]
    SecretSource(String),
    #[error("[providers.{id}]: the environment variable {var} is not set or is empty")]
    SecretEnvMissing { id: String, var: String },
    #[error("[providers.{id}]: cannot read the secret file {path}: {source}")]
    SecretFile {
        id: String,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("[providers.{id}]: the secret file {path} is empty")]
    SecretFileEmpty { id: String, path: PathBuf },
    #[error("[providers.{id}]: upstream: {source}")]
    Upstream {
        id: String,
        source: latchkey_core::providers::DefinitionError,
    },
    #[error("[providers.{0}]: list the redirect URIs the app may use (redirect_uris); the broker exchanges codes for those only")]
    NoRedirectUris(String),
    #[error("[providers.{id}]: {uri:?} is not an absolute URI")]
    BadRedirectUri { id: String, uri: String },
    #[error("[providers.{0}]: client_id is empty")]
    EmptyClientId(String),
    #[error("[limits]: {0}")]
    Limit(&'static str),
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default = "default_listen")]
    listen: String,
    #[serde(default)]
    limits: LimitsFile,
    #[serde(default)]
    providers: BTreeMap<String, ProviderFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsFile {
    #[serde(default = "default_max_body")]
    max_body_bytes: usize,
    #[serde(default = "default_timeout")]
    upstream_timeout_seconds: u64,
    #[serde(default = "default_rate")]
    requests_per_minute: u32,
    client_address_header: Option<String>,
}

impl Default for LimitsFile {
    fn default() -> Self {
        Self {
            max_body_bytes: default_max_body(),
            upstream_timeout_seconds: default_timeout(),
            requests_per_minute: default_rate(),
            client_address_header: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderFile {
    /// Defaults to the built-in definition's (the publisher's app).
    client_id: Option<String>,
    client_secret_env: Option<String>,
    client_secret_file: Option<PathBuf>,
    /// Caught to say why, rather than "unknown field".
    client_secret: Option<toml::Value>,
    /// Another origin for the provider (a staging server, the sandbox).
    upstream: Option<String>,
    #[serde(default)]
    redirect_uris: Vec<String>,
}

fn default_listen() -> String {
    "127.0.0.1:8788".into()
}
fn default_max_body() -> usize {
    16 * 1024
}
fn default_timeout() -> u64 {
    10
}
fn default_rate() -> u32 {
    60
}

impl Config {
    /// Reads `path`, taking secrets from `env` (the process environment in
    /// production; a map in tests).
    pub fn load(path: &Path, env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        // Relative secret files are relative to the config file.
        let base = path.parent().unwrap_or(Path::new("."));
        Self::parse(&text, base, env)
    }

    pub fn parse(
        text: &str,
        base: &Path,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let file: File = toml::from_str(text)?;
        let listen = file
            .listen
            .parse()
            .map_err(|_| ConfigError::Listen(file.listen.clone()))?;
        let limits = limits(file.limits)?;
        if file.providers.is_empty() {
            return Err(ConfigError::NoProviders);
        }
        let built_in = built_in_definitions();
        let mut providers = BTreeMap::new();
        for (id, given) in file.providers {
            let definition = built_in
                .iter()
                .find(|d| d.id == id)
                .cloned()
                .ok_or_else(|| ConfigError::UnknownProvider {
                    id: id.clone(),
                    known: built_in
                        .iter()
                        .map(|d| d.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
            let provider = provider(&id, definition, given, base, &env)?;
            providers.insert(id, provider);
        }
        Ok(Self {
            listen,
            limits,
            providers,
        })
    }
}

fn limits(given: LimitsFile) -> Result<Limits, ConfigError> {
    if !(256..=1024 * 1024).contains(&given.max_body_bytes) {
        return Err(ConfigError::Limit(
            "max_body_bytes must be between 256 and 1048576",
        ));
    }
    if !(1..=120).contains(&given.upstream_timeout_seconds) {
        return Err(ConfigError::Limit(
            "upstream_timeout_seconds must be between 1 and 120",
        ));
    }
    if given.requests_per_minute == 0 {
        return Err(ConfigError::Limit("requests_per_minute must be at least 1"));
    }
    Ok(Limits {
        max_body_bytes: given.max_body_bytes,
        upstream_timeout: Duration::from_secs(given.upstream_timeout_seconds),
        requests_per_minute: given.requests_per_minute,
        client_address_header: given.client_address_header.map(|h| h.to_ascii_lowercase()),
    })
}

fn provider(
    id: &str,
    definition: ProviderDefinition,
    given: ProviderFile,
    base: &Path,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<BrokeredProvider, ConfigError> {
    if given.client_secret.is_some() {
        return Err(ConfigError::InlineSecret(id.to_owned()));
    }
    let client_secret = match (given.client_secret_env, given.client_secret_file) {
        (Some(var), None) => {
            let value = env(&var).filter(|v| !v.trim().is_empty()).ok_or_else(|| {
                ConfigError::SecretEnvMissing {
                    id: id.to_owned(),
                    var: var.clone(),
                }
            })?;
            SecretString::from(value.trim().to_owned())
        }
        (None, Some(path)) => {
            let path = base.join(path);
            let value =
                std::fs::read_to_string(&path).map_err(|source| ConfigError::SecretFile {
                    id: id.to_owned(),
                    path: path.clone(),
                    source,
                })?;
            // A trailing newline from `echo > file` is not part of the secret.
            let value = value.trim();
            if value.is_empty() {
                return Err(ConfigError::SecretFileEmpty {
                    id: id.to_owned(),
                    path,
                });
            }
            SecretString::from(value.to_owned())
        }
        _ => return Err(ConfigError::SecretSource(id.to_owned())),
    };
    let definition = match given.upstream {
        Some(origin) => {
            definition
                .with_origin(&origin)
                .map_err(|source| ConfigError::Upstream {
                    id: id.to_owned(),
                    source,
                })?
        }
        None => definition,
    };
    let client_id = given
        .client_id
        .unwrap_or_else(|| definition.client_id.clone());
    if client_id.trim().is_empty() {
        return Err(ConfigError::EmptyClientId(id.to_owned()));
    }
    if given.redirect_uris.is_empty() {
        return Err(ConfigError::NoRedirectUris(id.to_owned()));
    }
    for uri in &given.redirect_uris {
        if url::Url::parse(uri).is_err() {
            return Err(ConfigError::BadRedirectUri {
                id: id.to_owned(),
                uri: uri.clone(),
            });
        }
    }
    Ok(BrokeredProvider {
        definition,
        client_id,
        client_secret,
        redirect_uris: given.redirect_uris,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    const GOOD: &str = r#"
        listen = "127.0.0.1:0"
        [providers.supabase]
        client_secret_env = "SB_SECRET"
        upstream = "http://127.0.0.1:54321"
        redirect_uris = ["dev.latchkey:/oauth/supabase"]
    "#;

    fn env(var: &str) -> Option<String> {
        (var == "SB_SECRET").then(|| "s3cret\n".to_owned())
    }

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("."), env)
    }

    #[test]
    fn a_provider_takes_its_endpoints_from_the_built_in_definition() {
        let config = parse(GOOD).unwrap();
        let sb = &config.providers["supabase"];
        assert_eq!(
            sb.definition.token_url.as_str(),
            "http://127.0.0.1:54321/v1/oauth/token"
        );
        assert_eq!(sb.client_id, sb.definition.client_id);
        assert_eq!(sb.client_secret.expose_secret(), "s3cret");
        assert_eq!(config.limits.requests_per_minute, 60);
    }

    #[test]
    fn an_inline_secret_is_refused_and_never_echoed() {
        let text = GOOD.replace(
            "client_secret_env = \"SB_SECRET\"",
            "client_secret = \"hunter2\"",
        );
        let err = parse(&text).unwrap_err();
        assert!(matches!(err, ConfigError::InlineSecret(_)), "{err}");
        assert!(!err.to_string().contains("hunter2"));
    }

    #[test]
    fn a_missing_secret_names_its_variable_or_file() {
        let text = GOOD.replace("SB_SECRET", "NOT_SET");
        let err = parse(&text).unwrap_err().to_string();
        assert!(err.contains("NOT_SET"), "{err}");

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("empty"), "\n").unwrap();
        let text = GOOD.replace(
            "client_secret_env = \"SB_SECRET\"",
            "client_secret_file = \"empty\"",
        );
        let err = Config::parse(&text, dir.path(), env).unwrap_err();
        assert!(matches!(err, ConfigError::SecretFileEmpty { .. }), "{err}");
        std::fs::write(dir.path().join("secret"), "from-file\n").unwrap();
        let text = text.replace("\"empty\"", "\"secret\"");
        let config = Config::parse(&text, dir.path(), env).unwrap();
        assert_eq!(
            config.providers["supabase"].client_secret.expose_secret(),
            "from-file"
        );
    }

    #[test]
    fn unknown_providers_fields_and_empty_allowlists_are_refused() {
        let err = parse(&GOOD.replace("providers.supabase", "providers.gitlab")).unwrap_err();
        assert!(err.to_string().contains("supabase, neon, netlify"), "{err}");
        assert!(matches!(
            parse(&format!("{GOOD}\nsurprise = 1")),
            Err(ConfigError::Toml(_))
        ));
        let no_uris = GOOD.replace("redirect_uris = [\"dev.latchkey:/oauth/supabase\"]", "");
        assert!(matches!(
            parse(&no_uris),
            Err(ConfigError::NoRedirectUris(_))
        ));
        assert!(matches!(
            parse("listen = \"127.0.0.1:0\""),
            Err(ConfigError::NoProviders)
        ));
        // The same rule as the app's: tokens never go to plain http elsewhere.
        let remote = GOOD.replace("http://127.0.0.1:54321", "http://api.example.com");
        assert!(matches!(parse(&remote), Err(ConfigError::Upstream { .. })));
    }

    #[test]
    fn the_deploy_example_is_a_valid_config() {
        let text = include_str!("../../../deploy/broker.example.toml");
        let dir = tempfile::tempdir().unwrap();
        for id in ["supabase", "neon"] {
            std::fs::write(dir.path().join(id), "a-secret\n").unwrap();
        }
        let text = text.replace("/run/credentials/latchkey-broker.service/", "");
        let config = Config::parse(&text, dir.path(), |v| {
            (v == "NETLIFY_CLIENT_SECRET").then(|| "n".to_owned())
        })
        .unwrap();
        assert_eq!(config.providers.len(), 3);
        assert_eq!(
            config.providers["supabase"].definition.token_url.as_str(),
            "https://api.supabase.com/v1/oauth/token"
        );
    }

    #[test]
    fn limits_are_bounded() {
        let text = format!("{GOOD}\n[limits]\nmax_body_bytes = 10");
        assert!(matches!(parse(&text), Err(ConfigError::Limit(_))));
    }
}
