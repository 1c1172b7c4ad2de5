//! Management API rate limits, as Supabase documents them: a number of
//! requests per minute (120) per endpoint, counted per organization for
//! OAuth tokens and per user for personal access tokens.
//!
//! A fixed one-minute window starts at a key's first request. Every
//! Management API response carries `X-RateLimit-Limit`,
//! `X-RateLimit-Remaining` and `X-RateLimit-Reset` (whole seconds until the
//! window ends, rounded up; Netlify writes the Unix time the window ends
//! instead, see [`ResetHeader`]); the request after the last allowed one
//! gets 429.
//! Windows use the injectable clock, so tests move time instead of waiting.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, HeaderValue};

pub(crate) const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateDecision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window resets.
    pub reset_secs: u64,
}

impl RateDecision {
    /// What a forced 429 (fault injection) reports.
    pub fn exhausted(limit: u32) -> Self {
        Self {
            allowed: false,
            limit,
            remaining: 0,
            reset_secs: WINDOW.as_secs(),
        }
    }

    /// The three headers, `X-RateLimit-Reset` as `style` writes it.
    pub fn apply_headers(&self, headers: &mut HeaderMap, style: ResetHeader, now: SystemTime) {
        let reset = match style {
            ResetHeader::SecondsLeft => self.reset_secs,
            ResetHeader::UnixTime => crate::clock::to_millis(now) / 1000 + self.reset_secs,
        };
        headers.insert("x-ratelimit-limit", HeaderValue::from(self.limit));
        headers.insert("x-ratelimit-remaining", HeaderValue::from(self.remaining));
        headers.insert("x-ratelimit-reset", HeaderValue::from(reset));
    }
}

/// How a provider writes `X-RateLimit-Reset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResetHeader {
    /// Seconds until the window ends (Supabase).
    SecondsLeft,
    /// The Unix time, in seconds, when it ends (Netlify; peers.md T4).
    UnixTime,
}

#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    /// Key → when its window started and how many requests it counted.
    windows: Mutex<HashMap<String, (SystemTime, u32)>>,
}

impl RateLimiter {
    /// Counts one request under `key` and says whether it may proceed.
    pub fn check(&self, key: &str, now: SystemTime, limit: u32) -> RateDecision {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > 50_000 {
            windows.retain(|_, (started, _)| elapsed(*started, now) < WINDOW);
        }
        let (started, count) = windows.entry(key.to_owned()).or_insert((now, 0));
        if elapsed(*started, now) >= WINDOW {
            (*started, *count) = (now, 0);
        }
        let allowed = *count < limit;
        if allowed {
            *count += 1;
        }
        let left = WINDOW.saturating_sub(elapsed(*started, now));
        RateDecision {
            allowed,
            limit,
            remaining: limit.saturating_sub(*count),
            reset_secs: left.as_secs() + u64::from(left.subsec_nanos() > 0),
        }
    }

    /// Forgets every window (admin: reset rate limits).
    pub fn reset(&self) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        windows.clear();
    }
}

fn elapsed(since: SystemTime, now: SystemTime) -> Duration {
    now.duration_since(since).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_counts_down_and_resets() {
        let rl = RateLimiter::default();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let d = rl.check("k", t0, 3);
        assert_eq!((d.allowed, d.remaining, d.reset_secs), (true, 2, 60));
        rl.check("k", t0, 3);
        let d = rl.check("k", t0 + Duration::from_millis(10_500), 3);
        assert_eq!((d.allowed, d.remaining, d.reset_secs), (true, 0, 50));
        let d = rl.check("k", t0 + Duration::from_secs(11), 3);
        assert_eq!((d.allowed, d.remaining), (false, 0));
        // Other keys are independent.
        assert!(rl.check("other", t0, 3).allowed);
        let d = rl.check("k", t0 + Duration::from_secs(60), 3);
        assert_eq!((d.allowed, d.remaining, d.reset_secs), (true, 2, 60));
    }
}
