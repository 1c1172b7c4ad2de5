//! What the status bar shows: version, channel and keychain health.

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
}
