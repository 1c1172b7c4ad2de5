//! Time as the sandbox sees it.
//!
//! Everything that depends on "now" (authorization-code expiry, access-token
//! expiry, rate-limit windows, project activation) asks a [`Clock`] instead of
//! the OS, so tests can move time forward instead of sleeping. Injected latency
//! (faults) is the one exception: it is real waiting by definition.
//!
//! Invariant: a clock never goes backwards. [`ManualClock::advance`] only adds.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The source of "now" for the whole sandbox.
pub trait Clock: Send + Sync + 'static {
    /// The current wall-clock time.
    fn now(&self) -> SystemTime;

    /// Moves the clock forward, if this clock can be moved. The admin API's
    /// `POST /admin/clock/advance` calls this; the system clock refuses.
    fn advance(&self, _by: Duration) -> Result<(), ClockError> {
        Err(ClockError::NotAdjustable)
    }
}

/// Why a clock could not be moved.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClockError {
    #[error("this sandbox runs on the system clock, which cannot be advanced (start it with a manual clock)")]
    NotAdjustable,
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that only moves when told to. Clones share the same time, so a
/// test keeps one clone and hands another to the sandbox.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<SystemTime>>,
}

impl ManualClock {
    /// A manual clock frozen at `start`.
    pub fn new(start: SystemTime) -> Self {
        Self {
            now: Arc::new(Mutex::new(start)),
        }
    }

    /// A manual clock frozen at the current system time.
    pub fn starting_now() -> Self {
        Self::new(SystemTime::now())
    }

    /// Moves the clock forward by `by`.
    pub fn advance_by(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::starting_now()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn advance(&self, by: Duration) -> Result<(), ClockError> {
        self.advance_by(by);
        Ok(())
    }
}

/// Milliseconds since the Unix epoch; what the state file stores.
pub(crate) fn to_millis(t: SystemTime) -> u64 {
    (t.duration_since(UNIX_EPOCH)).map_or(0, |d| d.as_millis() as u64)
}

pub(crate) fn from_millis(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

/// RFC 3339 in UTC with millisecond precision, the way the Management API
/// writes `created_at` / `inserted_at`.
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let ms = to_millis(t) as i128;
    let dt = OffsetDateTime::from_unix_timestamp_nanos(ms * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    (dt.format(&Rfc3339)).unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// Parses an RFC 3339 timestamp (seed files use them).
pub(crate) fn parse_rfc3339(s: &str) -> Option<SystemTime> {
    let dt = OffsetDateTime::parse(s, &Rfc3339).ok()?;
    let nanos = dt.unix_timestamp_nanos();
    (nanos >= 0).then(|| UNIX_EPOCH + Duration::from_nanos(nanos as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told_and_clones_share_time() {
        let c = ManualClock::new(from_millis(1_000));
        let c2 = c.clone();
        assert_eq!(to_millis(c.now()), 1_000);
        c2.advance(Duration::from_secs(2)).unwrap();
        assert_eq!(to_millis(c.now()), 3_000);
    }

    #[test]
    fn system_clock_refuses_to_advance() {
        assert_eq!(
            SystemClock.advance(Duration::from_secs(1)),
            Err(ClockError::NotAdjustable)
        );
    }

    #[test]
    fn rfc3339_round_trips() {
        let t = from_millis(1_700_000_000_123);
        let s = rfc3339(t);
        assert_eq!(s, "2023-11-14T22:13:20.123Z");
        assert_eq!(parse_rfc3339(&s), Some(t));
    }
}
