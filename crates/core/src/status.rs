//! What the status bar shows: version, channel and keychain health, and
//! what the window must say once about this start (a recovered file).

use serde::Serialize;
use ts_rs::TS;

use crate::channel::Channel;
use crate::vault::KeychainStatus;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    pub channel: Channel,
    /// The deep-link scheme this build answers, e.g. `dev.latchkey`.
    pub scheme: String,
    pub keychain: KeychainStatus,
    /// Set when `connections.json` could not be read at this start: what
    /// Latchkey did about it, in a sentence for the user.
    pub connections_recovered: Option<String>,
    /// The user-defined provider files that were skipped at this start, one
    /// sentence each naming the file, line and field.
    pub provider_problems: Vec<String>,
}

/// The sentence for a recovered connections file.
pub fn recovery_notice(recovery: &crate::connections::metadata::CorruptionRecovery) -> String {
    let kept = recovery.kept_at.display();
    let salvaged = match recovery.salvaged {
        0 => "none of its connections could be read".to_owned(),
        1 => "1 connection was recovered".to_owned(),
        n => format!("{n} connections were recovered"),
    };
    format!(
        "Latchkey's list of connections was damaged, so it was set aside at {kept} and {salvaged}. \
         Connect any organization that is missing again; nothing else is needed."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connections::metadata::CorruptionRecovery;

    #[test]
    fn the_recovery_notice_says_where_the_file_is_and_what_was_kept() {
        let notice = recovery_notice(&CorruptionRecovery {
            kept_at: "/data/connections.json.corrupt-1".into(),
            salvaged: 2,
        });
        assert!(
            notice.contains("/data/connections.json.corrupt-1"),
            "{notice}"
        );
        assert!(notice.contains("2 connections were recovered"), "{notice}");
        assert!(notice.contains("Connect any organization that is missing again"));
    }
}
