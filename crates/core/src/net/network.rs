//! The network a user is on. Three things decide how Latchkey reaches a
//! provider or a broker, in this order:
//!
//! 1. A proxy named in Settings (`<config dir>/network.toml`, shared by the
//!    app and `lk`), with the hosts that bypass it. It holds no password:
//!    one given there is refused, and the environment carries it instead.
//! 2. Otherwise the environment: `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`
//!    and `NO_PROXY` (upper or lower case), as curl and git read them.
//! 3. Otherwise a direct connection.
//!
//! Certificates are checked against the bundled web roots *and* the
//! operating system's trust store (`SSL_CERT_FILE` / `SSL_CERT_DIR` replace
//! the system store when set), so a corporate CA installed on the machine
//! is trusted. Both come from reqwest's rustls features; this module only
//! chooses the proxy and says, in words, which one is in use.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

const FILE_NAME: &str = "network.toml";

/// What Settings saves: a proxy for every request, and the hosts that go
/// direct (`NO_PROXY` syntax: `example.com, .internal, 10.0.0.0/8`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct NetworkSettings {
    pub proxy: Option<String>,
    pub no_proxy: Option<String>,
}

/// The Settings screen's network card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NetworkView {
    /// What `network.toml` holds.
    pub saved: NetworkSettings,
    /// The proxy this run's requests use, in words (never a password).
    pub in_use: String,
    /// The saved settings are not this run's: they apply from the next start.
    pub restart_needed: bool,
}

impl NetworkView {
    pub fn new(saved: NetworkSettings, in_use: &NetworkSettings) -> Self {
        Self {
            restart_needed: &saved != in_use,
            in_use: in_use.describe(),
            saved,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkSettingsError {
    /// `field` names the input, for the form.
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("Latchkey could not save its network settings: {0}")]
    Io(String),
}

impl NetworkSettings {
    /// The settings in `config_dir`; none (the environment decides) when
    /// there is no file. A file that cannot be read or does not hold valid
    /// settings is ignored with a warning rather than stopping the app.
    pub fn load(config_dir: &Path) -> Self {
        let path = config_dir.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Self::default(),
            Err(e) => {
                tracing::warn!(kind = ?e.kind(), "could not read the network settings; using the environment's");
                return Self::default();
            }
        };
        match toml::from_str::<Self>(&text).map(Self::checked) {
            Ok(Ok(settings)) => settings,
            _ => {
                tracing::warn!("the network settings file is not valid; using the environment's");
                Self::default()
            }
        }
    }

    /// Checks and saves the settings (blank fields mean "none").
    pub fn save(self, config_dir: &Path) -> Result<Self, NetworkSettingsError> {
        let settings = self.checked()?;
        let io = |e: std::io::Error| NetworkSettingsError::Io(e.kind().to_string());
        std::fs::create_dir_all(config_dir).map_err(io)?;
        let path = config_dir.join(FILE_NAME);
        let tmp: PathBuf = config_dir.join(format!("{FILE_NAME}.tmp"));
        let text =
            toml::to_string(&settings).map_err(|e| NetworkSettingsError::Io(e.to_string()))?;
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        Ok(settings)
    }

    /// Trimmed, blanks as none, and the proxy a plain `http(s)://host:port`
    /// with no user name or password.
    fn checked(self) -> Result<Self, NetworkSettingsError> {
        let blank_is_none =
            |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let proxy = blank_is_none(self.proxy);
        let no_proxy = blank_is_none(self.no_proxy);
        if let Some(proxy) = &proxy {
            proxy_url(proxy)?;
        }
        if no_proxy
            .as_deref()
            .is_some_and(|n| n.len() > 2048 || n.chars().any(char::is_control))
        {
            return Err(NetworkSettingsError::Invalid {
                field: "no_proxy",
                message: "List host names, domains or addresses, separated by commas.".into(),
            });
        }
        Ok(Self { proxy, no_proxy })
    }

    /// The proxy requests go through, in words for Settings and logs
    /// (`proxy.example:3128 (Settings)`), never with a password.
    pub fn describe(&self) -> String {
        if let Some(url) = self.proxy.as_deref().and_then(|p| proxy_url(p).ok()) {
            return format!("{} (Settings)", host_port(&url));
        }
        for var in [
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
            "HTTP_PROXY",
            "http_proxy",
        ] {
            if let Some(url) = std::env::var(var).ok().and_then(|v| Url::parse(&v).ok()) {
                return format!("{} ({var})", host_port(&url));
            }
        }
        "none: direct connections".into()
    }

    /// Adds the Settings proxy to a client being built; without one,
    /// reqwest reads the environment's proxy variables itself.
    pub(crate) fn apply(&self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        let Some(url) = self.proxy.as_deref().and_then(|p| proxy_url(p).ok()) else {
            return builder;
        };
        match reqwest::Proxy::all(url.as_str()) {
            Ok(proxy) => builder.proxy(
                proxy.no_proxy(
                    self.no_proxy
                        .as_deref()
                        .and_then(reqwest::NoProxy::from_string),
                ),
            ),
            Err(_) => builder,
        }
    }
}

/// A proxy address as Settings accepts it.
fn proxy_url(text: &str) -> Result<Url, NetworkSettingsError> {
    let invalid = |message: &str| NetworkSettingsError::Invalid {
        field: "proxy",
        message: message.to_owned(),
    };
    let url = Url::parse(text)
        .map_err(|_| invalid("Enter the proxy as http://host:port (or https://host:port)."))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid(
            "Enter the proxy as http://host:port (or https://host:port).",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("Latchkey keeps no password in its settings file. Set HTTPS_PROXY=http://user:password@host:port in the environment Latchkey starts in instead, and leave this empty."));
    }
    if url.path() != "/" || url.query().is_some() {
        return Err(invalid("A proxy address has no path: http://host:port."));
    }
    Ok(url)
}

fn host_port(url: &Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_file_and_blanks_mean_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            NetworkSettings::load(dir.path()),
            NetworkSettings::default()
        );
        let saved = NetworkSettings {
            proxy: Some(" http://proxy.corp:3128 ".into()),
            no_proxy: Some("   ".into()),
        }
        .save(dir.path())
        .unwrap();
        assert_eq!(saved.proxy.as_deref(), Some("http://proxy.corp:3128"));
        assert_eq!(saved.no_proxy, None);
        assert_eq!(NetworkSettings::load(dir.path()), saved);
        assert_eq!(saved.describe(), "proxy.corp:3128 (Settings)");
    }

    #[test]
    fn a_proxy_with_a_password_or_a_path_is_refused_and_never_echoed() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [
            "http://ada:hunter2@proxy:3128",
            "proxy:3128",
            "ftp://proxy:21",
            "http://proxy:3128/path",
        ] {
            let err = NetworkSettings {
                proxy: Some(bad.into()),
                no_proxy: None,
            }
            .save(dir.path())
            .unwrap_err();
            assert!(
                matches!(err, NetworkSettingsError::Invalid { field: "proxy", .. }),
                "{bad}: {err:?}"
            );
            assert!(!err.to_string().contains("hunter2"));
        }
        assert!(!dir.path().join(FILE_NAME).exists(), "nothing saved");
    }

    #[test]
    fn a_damaged_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "proxy = 3").unwrap();
        assert_eq!(
            NetworkSettings::load(dir.path()),
            NetworkSettings::default()
        );
    }
}
