//! Build channels. A debug or test build must never answer links meant for an
//! installed release copy (nor read its keychain items), so each channel has its
//! own deep-link scheme, app identifier and keychain service name.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Channel {
    Release,
    Debug,
}

impl Channel {
    /// The channel this binary was compiled as.
    pub const fn current() -> Self {
        if cfg!(debug_assertions) {
            Channel::Debug
        } else {
            Channel::Release
        }
    }

    /// Reverse-DNS private-use URI scheme (RFC 8252 §7.1).
    pub const fn scheme(self) -> &'static str {
        match self {
            Channel::Release => "dev.latchkey",
            Channel::Debug => "dev.latchkey.debug",
        }
    }

    /// Tauri identifier: also names the single-instance D-Bus service and the
    /// app's data directory, so the channels stay apart there too.
    pub const fn identifier(self) -> &'static str {
        match self {
            Channel::Release => "dev.latchkey.app",
            Channel::Debug => "dev.latchkey.app.debug",
        }
    }

    /// Keychain "service" attribute under which every secret is stored.
    pub const fn keychain_service(self) -> &'static str {
        self.scheme()
    }

    /// Base name of the `.desktop` file that registers the scheme handler.
    pub const fn desktop_file_name(self) -> &'static str {
        match self {
            Channel::Release => "dev.latchkey.app-handler.desktop",
            Channel::Debug => "dev.latchkey.app.debug-handler.desktop",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_never_share_a_scheme_identifier_or_keychain_namespace() {
        let (r, d) = (Channel::Release, Channel::Debug);
        assert_ne!(r.scheme(), d.scheme());
        assert_ne!(r.identifier(), d.identifier());
        assert_ne!(r.keychain_service(), d.keychain_service());
        assert_ne!(r.desktop_file_name(), d.desktop_file_name());
    }

    #[test]
    fn schemes_are_reverse_dns_as_rfc_8252_asks() {
        for c in [Channel::Release, Channel::Debug] {
            let s = c.scheme();
            assert!(s.contains('.'), "{s} must be reverse-DNS");
            assert!(s
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '.' || ch == '-'));
        }
    }
}
