//! A one-way gate: closed at start, opened once, awaited with a limit.
//! Start-up chores wait for the first frame through one; a sign-in waits
//! for the link handler's registration through another.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

#[derive(Default)]
pub struct Gate {
    open: AtomicBool,
    opened: Notify,
}

impl Gate {
    /// Opens it; true the first time.
    pub fn open(&self) -> bool {
        let first = !self.open.swap(true, Ordering::AcqRel);
        if first {
            self.opened.notify_waiters();
        }
        first
    }

    /// Resolves once it is open (at once if it is), or after `at_most`.
    pub async fn passed(&self, at_most: Duration) {
        let opened = self.opened.notified();
        tokio::pin!(opened);
        // Registered before the check, so an `open` in between is not lost.
        opened.as_mut().enable();
        if self.open.load(Ordering::Acquire) {
            return;
        }
        let _ = tokio::time::timeout(at_most, opened).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn waiters_pass_when_it_opens_and_later_ones_pass_at_once() {
        let gate = std::sync::Arc::new(Gate::default());
        let waiter = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.passed(Duration::from_secs(30)).await })
        };
        tokio::task::yield_now().await;
        assert!(gate.open());
        assert!(!gate.open(), "only the first open counts");
        tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("the waiter passed when the gate opened")
            .unwrap();
        tokio::time::timeout(
            Duration::from_millis(100),
            gate.passed(Duration::from_secs(30)),
        )
        .await
        .expect("an open gate never waits");
    }

    #[tokio::test]
    async fn a_gate_that_never_opens_lets_go_after_the_limit() {
        let gate = Gate::default();
        let started = std::time::Instant::now();
        gate.passed(Duration::from_millis(50)).await;
        assert!(started.elapsed() >= Duration::from_millis(50));
    }
}
