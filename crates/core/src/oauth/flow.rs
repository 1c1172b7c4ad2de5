//! Pending authorization flows.
//!
//! Invariants: a flow lives only in this process's memory; it is taken at
//! most once (a reloaded callback finds nothing); it expires after
//! [`FLOW_TTL`]; at most [`MAX_PENDING`] exist, the oldest giving way; its
//! state is bound to its provider, so a callback on provider A's path can
//! never complete provider B's flow. States are compared in constant time. The verifier is a `SecretString`,
//! zeroized when the flow is dropped. Time is passed in, so every rule is
//! tested without waiting.

use std::time::{Duration, Instant};

use secrecy::SecretString;
use subtle::ConstantTimeEq;
use url::Url;

use super::pkce::FlowSecrets;

pub const FLOW_TTL: Duration = Duration::from_secs(10 * 60);
pub const MAX_PENDING: usize = 4;

pub struct PendingFlow {
    pub provider: String,
    pub state: String,
    pub verifier: SecretString,
    pub redirect_uri: Url,
    /// The organization the user asked for (Reconnect preselects it).
    pub organization: Option<String>,
    pub created_at: Instant,
}

impl std::fmt::Debug for PendingFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingFlow")
            .field("provider", &self.provider)
            .field("organization", &self.organization)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    /// Unknown state, already used, or for another provider: ignored quietly.
    #[error("no sign-in is waiting for this answer (it was already used, cancelled, or never started here)")]
    NoMatchingFlow,
    #[error("this sign-in took longer than 10 minutes and expired; start it again")]
    Expired,
}

#[derive(Default)]
pub struct FlowRegistry {
    flows: Vec<PendingFlow>,
}

impl FlowRegistry {
    /// Records a new flow and returns the values the authorize URL needs:
    /// (state, S256 challenge).
    pub fn start(
        &mut self,
        provider: &str,
        redirect_uri: Url,
        organization: Option<String>,
        secrets: FlowSecrets,
        now: Instant,
    ) -> (String, String) {
        self.flows
            .retain(|f| now.duration_since(f.created_at) < FLOW_TTL);
        if self.flows.len() >= MAX_PENDING {
            self.flows.remove(0);
        }
        let challenge = secrets.challenge();
        let state = secrets.state.clone();
        self.flows.push(PendingFlow {
            provider: provider.to_owned(),
            state: secrets.state,
            verifier: secrets.verifier,
            redirect_uri,
            organization,
            created_at: now,
        });
        (state, challenge)
    }

    /// Takes the flow for `state` on `provider`'s callback, once.
    pub fn take(
        &mut self,
        provider: &str,
        state: &str,
        now: Instant,
    ) -> Result<PendingFlow, FlowError> {
        let index = self
            .flows
            .iter()
            .position(|f| f.provider == provider && same_state(&f.state, state))
            .ok_or(FlowError::NoMatchingFlow)?;
        let flow = self.flows.remove(index);
        if now.duration_since(flow.created_at) >= FLOW_TTL {
            return Err(FlowError::Expired);
        }
        Ok(flow)
    }

    /// Whether a flow of `provider` waits for `state` (expired or not: an
    /// expired one is still reported as such by [`Self::take`]).
    pub fn is_waiting(&self, provider: &str, state: &str) -> bool {
        self.flows
            .iter()
            .any(|f| f.provider == provider && same_state(&f.state, state))
    }

    /// Drops every pending flow of `provider` (the user pressed Cancel).
    pub fn cancel(&mut self, provider: &str) -> usize {
        let before = self.flows.len();
        self.flows.retain(|f| f.provider != provider);
        before - self.flows.len()
    }

    pub fn pending(&self, provider: &str) -> usize {
        self.flows.iter().filter(|f| f.provider == provider).count()
    }
}

/// Constant time in the contents, so the comparison tells a guesser nothing
/// about how much of the state was right (only the length, which is public).
fn same_state(waiting: &str, claimed: &str) -> bool {
    waiting.as_bytes().ct_eq(claimed.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(state: &str) -> FlowSecrets {
        FlowSecrets {
            verifier: SecretString::from("v".repeat(43)),
            state: state.into(),
        }
    }

    fn redirect() -> Url {
        Url::parse("dev.latchkey.debug:/oauth/supabase").unwrap()
    }

    #[test]
    fn a_flow_is_taken_once() {
        let mut reg = FlowRegistry::default();
        let t0 = Instant::now();
        reg.start(
            "supabase",
            redirect(),
            Some("acme".into()),
            secrets("s1"),
            t0,
        );
        let flow = reg.take("supabase", "s1", t0).unwrap();
        assert_eq!(flow.organization.as_deref(), Some("acme"));
        assert_eq!(
            reg.take("supabase", "s1", t0).unwrap_err(),
            FlowError::NoMatchingFlow
        );
    }

    #[test]
    fn a_flow_expires_after_ten_minutes() {
        let mut reg = FlowRegistry::default();
        let t0 = Instant::now();
        reg.start("supabase", redirect(), None, secrets("s1"), t0);
        reg.start("supabase", redirect(), None, secrets("s2"), t0);
        assert!(reg
            .take("supabase", "s1", t0 + FLOW_TTL - Duration::from_secs(1))
            .is_ok());
        assert_eq!(
            reg.take("supabase", "s2", t0 + FLOW_TTL).unwrap_err(),
            FlowError::Expired
        );
    }

    #[test]
    fn a_state_is_bound_to_its_provider() {
        let mut reg = FlowRegistry::default();
        let t0 = Instant::now();
        reg.start("neon", redirect(), None, secrets("s1"), t0);
        assert_eq!(
            reg.take("supabase", "s1", t0).unwrap_err(),
            FlowError::NoMatchingFlow
        );
        assert!(
            reg.take("neon", "s1", t0).is_ok(),
            "the mismatched attempt must not consume it"
        );
    }

    #[test]
    fn at_most_a_handful_are_pending_and_the_oldest_gives_way() {
        let mut reg = FlowRegistry::default();
        let t0 = Instant::now();
        for i in 0..MAX_PENDING + 2 {
            reg.start("supabase", redirect(), None, secrets(&format!("s{i}")), t0);
        }
        assert_eq!(reg.pending("supabase"), MAX_PENDING);
        assert!(reg.take("supabase", "s0", t0).is_err());
        assert!(reg
            .take("supabase", &format!("s{}", MAX_PENDING + 1), t0)
            .is_ok());
    }

    #[test]
    fn only_the_exact_state_matches_not_a_prefix_an_extension_or_a_near_miss() {
        // The comparison is constant time (`subtle`); a test can only pin
        // that it still says yes and no to the right values.
        let mut reg = FlowRegistry::default();
        let t0 = Instant::now();
        reg.start("supabase", redirect(), None, secrets("state-1234"), t0);
        for guess in ["", "state-123", "state-12345", "state-1235", "STATE-1234"] {
            assert!(!reg.is_waiting("supabase", guess), "{guess:?}");
            assert_eq!(
                reg.take("supabase", guess, t0).unwrap_err(),
                FlowError::NoMatchingFlow,
                "{guess:?}"
            );
        }
        assert!(reg.is_waiting("supabase", "state-1234"));
        assert!(reg.take("supabase", "state-1234", t0).is_ok());
    }

    #[test]
    fn cancel_drops_only_that_providers_flows() {
        let mut reg = FlowRegistry::default();
        let t0 = Instant::now();
        reg.start("supabase", redirect(), None, secrets("a"), t0);
        reg.start("neon", redirect(), None, secrets("b"), t0);
        assert_eq!(reg.cancel("supabase"), 1);
        assert_eq!(reg.pending("neon"), 1);
    }

    #[test]
    fn debug_output_never_shows_state_or_verifier() {
        let mut reg = FlowRegistry::default();
        let t0 = Instant::now();
        reg.start("supabase", redirect(), None, secrets("STATEVALUE"), t0);
        let flow = reg.take("supabase", "STATEVALUE", t0).unwrap();
        let shown = format!("{flow:?}");
        assert!(
            !shown.contains("STATEVALUE") && !shown.contains("vvvv"),
            "{shown}"
        );
    }
}
