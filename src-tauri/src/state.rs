//! State shared by commands and event handlers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use latchkey_core::channel::Channel;
use latchkey_core::deep_link::LinkSummary;
use latchkey_core::vault::Keychain;

/// How many received links the debug list keeps.
const RECENT_LINKS: usize = 20;

pub struct AppState {
    pub channel: Channel,
    pub keychain: Keychain,
    recent_links: Mutex<Vec<LinkSummary>>,
    started: Instant,
    ui_ready: AtomicBool,
}

impl AppState {
    pub fn new(channel: Channel, started: Instant) -> Self {
        Self {
            channel,
            keychain: Keychain::new(channel.keychain_service()),
            recent_links: Mutex::new(Vec::new()),
            started,
            ui_ready: AtomicBool::new(false),
        }
    }

    /// The UI's first request comes right after its first render: log the
    /// time from process start once, for scripts/bench and scripts/run.
    pub fn note_ui_ready(&self) {
        if !self.ui_ready.swap(true, Ordering::Relaxed) {
            let ms = self.started.elapsed().as_millis() as u64;
            tracing::info!(since_start_ms = ms, "ui ready");
        }
    }

    pub fn remember_link(&self, summary: LinkSummary) {
        let mut links = self.recent_links.lock().unwrap_or_else(|p| p.into_inner());
        links.push(summary);
        let excess = links.len().saturating_sub(RECENT_LINKS);
        links.drain(..excess);
    }

    pub fn recent_links(&self) -> Vec<LinkSummary> {
        self.recent_links
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}
