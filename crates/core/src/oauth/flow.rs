//! Pending authorization flows.
//!
//! Invariants:
//! - A flow lives only in this process's memory and is taken at most once (a
//!   reloaded callback finds nothing).
//! - It expires once [`FLOW_TTL`] has passed on *either* clock: the monotonic
//!   one (never set back, but on Linux it stops while the machine sleeps) or
//!   the wall clock (runs through a suspend). A flow started before a laptop
//!   slept for an hour is dead when it wakes.
//! - At most [`MAX_PENDING`] wait *per provider*, that provider's oldest
//!   giving way; a sign-in for one provider never evicts another's. Every
//!   flow that gives way (expired or evicted) is reported to the caller, so
//!   its loopback listener can be stopped.
//! - Its state is bound to its provider, so a callback on provider A's path
//!   can never complete provider B's flow, and to the place its answer
//!   arrives (`answer_at`): a loopback flow is not completed by a deep link,
//!   nor a deep-link flow by a request to a loopback address. States are compared in constant
//!   time.
//! - The verifier is a `SecretString`, zeroized when the flow is dropped.
//!
//! Time is passed in ([`FlowTime`]), so every rule is tested without waiting.

use std::time::{Duration, Instant, SystemTime};

use secrecy::SecretString;
use subtle::ConstantTimeEq;
use url::Url;

use super::pkce::FlowSecrets;

pub const FLOW_TTL: Duration = Duration::from_secs(10 * 60);
/// Pending flows per provider.
pub const MAX_PENDING: usize = 4;

/// A moment on both clocks a flow's age is measured with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowTime {
    pub monotonic: Instant,
    pub wall: SystemTime,
}

impl FlowTime {
    pub fn now() -> Self {
        Self {
            monotonic: Instant::now(),
            wall: SystemTime::now(),
        }
    }

    /// The longer of the two clocks' readings since `earlier`. A wall clock
    /// set back counts as no time passed (the monotonic clock still counts).
    fn since(self, earlier: FlowTime) -> Duration {
        let monotonic = self.monotonic.saturating_duration_since(earlier.monotonic);
        let wall = self.wall.duration_since(earlier.wall).unwrap_or_default();
        monotonic.max(wall)
    }
}

impl std::ops::Add<Duration> for FlowTime {
    type Output = FlowTime;
    fn add(self, d: Duration) -> FlowTime {
        FlowTime {
            monotonic: self.monotonic + d,
            wall: self.wall + d,
        }
    }
}

pub struct PendingFlow {
    pub provider: String,
    pub state: String,
    pub verifier: SecretString,
    pub redirect_uri: Url,
    /// Where the answer must arrive: the loopback listener's URL, or this
    /// build's deep link (for the relay too, which forwards to it).
    pub answer_at: Url,
    /// The organization the user asked for (Reconnect preselects it).
    pub organization: Option<String>,
    pub created_at: FlowTime,
}

impl PendingFlow {
    fn is_expired(&self, now: FlowTime) -> bool {
        now.since(self.created_at) >= FLOW_TTL
    }

    /// Whether `state` and the place `arrived_at` are this flow's.
    fn answered_by(&self, provider: &str, state: &str, arrived_at: &Url) -> bool {
        // The state first, so its comparison runs whatever the rest says.
        let state_matches = same_state(&self.state, state);
        state_matches && self.provider == provider && same_endpoint(&self.answer_at, arrived_at)
    }
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

/// What [`FlowRegistry::start`] hands back.
pub struct NewFlow {
    pub state: String,
    /// The S256 challenge for the authorize URL.
    pub challenge: String,
    /// The states of the flows that gave way to this one (expired, or the
    /// provider's oldest over [`MAX_PENDING`]).
    pub dropped: Vec<String>,
}

impl std::fmt::Debug for NewFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewFlow")
            .field("dropped", &self.dropped.len())
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
pub struct FlowRegistry {
    flows: Vec<PendingFlow>,
}

impl FlowRegistry {
    /// Records a new flow and returns the values the authorize URL needs.
    pub fn start(
        &mut self,
        provider: &str,
        redirect_uri: Url,
        answer_at: Url,
        organization: Option<String>,
        secrets: FlowSecrets,
        now: FlowTime,
    ) -> NewFlow {
        let mut dropped = self.expire(now);
        if self.pending(provider) >= MAX_PENDING {
            // Oldest first: flows are pushed in start order.
            if let Some(oldest) = self.flows.iter().position(|f| f.provider == provider) {
                dropped.push(self.flows.remove(oldest).state);
            }
        }
        let challenge = secrets.challenge();
        let state = secrets.state.clone();
        self.flows.push(PendingFlow {
            provider: provider.to_owned(),
            state: secrets.state,
            verifier: secrets.verifier,
            redirect_uri,
            answer_at,
            organization,
            created_at: now,
        });
        NewFlow {
            state,
            challenge,
            dropped,
        }
    }

    /// Drops every expired flow; returns their states.
    pub fn expire(&mut self, now: FlowTime) -> Vec<String> {
        let (expired, live) = std::mem::take(&mut self.flows)
            .into_iter()
            .partition::<Vec<_>, _>(|f| f.is_expired(now));
        self.flows = live;
        expired.into_iter().map(|f| f.state).collect()
    }

    /// Takes the flow for `state` on `provider`'s callback, once, if the
    /// answer arrived where the flow expects it (`arrived_at`: its scheme,
    /// host, port and path). An expired flow is taken too (and reported as
    /// [`FlowError::Expired`]).
    pub fn take(
        &mut self,
        provider: &str,
        state: &str,
        arrived_at: &Url,
        now: FlowTime,
    ) -> Result<PendingFlow, FlowError> {
        let index = self
            .flows
            .iter()
            .position(|f| f.answered_by(provider, state, arrived_at))
            .ok_or(FlowError::NoMatchingFlow)?;
        let flow = self.flows.remove(index);
        if flow.is_expired(now) {
            return Err(FlowError::Expired);
        }
        Ok(flow)
    }

    /// Whether a flow of `provider` waits for `state` at `arrived_at`
    /// (expired or not: an expired one is still reported as such by
    /// [`Self::take`]).
    pub fn is_waiting(&self, provider: &str, state: &str, arrived_at: &Url) -> bool {
        self.flows
            .iter()
            .any(|f| f.answered_by(provider, state, arrived_at))
    }

    /// For an answer the user pasted: where the flow of `provider` with
    /// `state` expects it, if `pasted` is that flow's redirect URI or its
    /// answer place (the relay page's address stands for the deep link it
    /// forwards to). The answer's query and fragment move there unchanged.
    pub fn pasted_answer_place(&self, provider: &str, state: &str, pasted: &Url) -> Option<Url> {
        let flow = self.flows.iter().find(|f| {
            same_state(&f.state, state)
                && f.provider == provider
                && (same_endpoint(&f.answer_at, pasted) || same_endpoint(&f.redirect_uri, pasted))
        })?;
        let mut at = flow.answer_at.clone();
        at.set_query(pasted.query());
        at.set_fragment(pasted.fragment());
        Some(at)
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

/// Same scheme, host, port and path; the query (the answer) is not compared.
fn same_endpoint(expected: &Url, arrived_at: &Url) -> bool {
    expected.scheme() == arrived_at.scheme()
        && expected.host_str() == arrived_at.host_str()
        && expected.port_or_known_default() == arrived_at.port_or_known_default()
        && expected.path() == arrived_at.path()
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

    /// Starts `n` Supabase flows with states `s0`, `s1`, …
    fn start_supabase_flows(reg: &mut FlowRegistry, n: usize, at: FlowTime) {
        for i in 0..n {
            reg.start(
                "supabase",
                redirect(),
                redirect(),
                None,
                secrets(&format!("s{i}")),
                at,
            );
        }
    }

    #[test]
    fn a_flow_is_taken_once() {
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        reg.start(
            "supabase",
            redirect(),
            redirect(),
            Some("acme".into()),
            secrets("s1"),
            t0,
        );
        let flow = reg.take("supabase", "s1", &redirect(), t0).unwrap();
        assert_eq!(flow.organization.as_deref(), Some("acme"));
        assert_eq!(
            reg.take("supabase", "s1", &redirect(), t0).unwrap_err(),
            FlowError::NoMatchingFlow
        );
    }

    #[test]
    fn a_flow_expires_after_ten_minutes() {
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        reg.start("supabase", redirect(), redirect(), None, secrets("s1"), t0);
        reg.start("supabase", redirect(), redirect(), None, secrets("s2"), t0);
        assert!(reg
            .take(
                "supabase",
                "s1",
                &redirect(),
                t0 + (FLOW_TTL - Duration::from_secs(1))
            )
            .is_ok());
        assert_eq!(
            reg.take("supabase", "s2", &redirect(), t0 + FLOW_TTL)
                .unwrap_err(),
            FlowError::Expired
        );
    }

    #[test]
    fn a_state_is_bound_to_its_provider() {
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        reg.start("neon", redirect(), redirect(), None, secrets("s1"), t0);
        assert_eq!(
            reg.take("supabase", "s1", &redirect(), t0).unwrap_err(),
            FlowError::NoMatchingFlow
        );
        assert!(
            reg.take("neon", "s1", &redirect(), t0).is_ok(),
            "the mismatched attempt must not consume it"
        );
    }

    #[test]
    fn at_most_a_handful_are_pending_and_the_oldest_gives_way() {
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        start_supabase_flows(&mut reg, MAX_PENDING + 2, t0);
        assert_eq!(reg.pending("supabase"), MAX_PENDING);
        assert!(reg.take("supabase", "s0", &redirect(), t0).is_err());
        assert!(reg
            .take(
                "supabase",
                &format!("s{}", MAX_PENDING + 1),
                &redirect(),
                t0
            )
            .is_ok());
    }

    #[test]
    fn only_the_exact_state_matches_not_a_prefix_an_extension_or_a_near_miss() {
        // The comparison is constant time (`subtle`); a test can only pin
        // that it still says yes and no to the right values.
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        reg.start(
            "supabase",
            redirect(),
            redirect(),
            None,
            secrets("state-1234"),
            t0,
        );
        for guess in ["", "state-123", "state-12345", "state-1235", "STATE-1234"] {
            assert!(!reg.is_waiting("supabase", guess, &redirect()), "{guess:?}");
            assert_eq!(
                reg.take("supabase", guess, &redirect(), t0).unwrap_err(),
                FlowError::NoMatchingFlow,
                "{guess:?}"
            );
        }
        assert!(reg.is_waiting("supabase", "state-1234", &redirect()));
        assert!(reg.take("supabase", "state-1234", &redirect(), t0).is_ok());
    }

    #[test]
    fn a_sign_in_for_one_provider_never_evicts_another_providers_flow() {
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        start_supabase_flows(&mut reg, MAX_PENDING, t0);
        let neon = reg.start("neon", redirect(), redirect(), None, secrets("n0"), t0);
        assert!(neon.dropped.is_empty(), "nothing gave way");
        assert_eq!(reg.pending("supabase"), MAX_PENDING);
        assert!(
            reg.take("supabase", "s0", &redirect(), t0).is_ok(),
            "the oldest Supabase flow still waits"
        );
    }

    #[test]
    fn the_flow_that_gives_way_is_reported_so_its_listener_can_stop() {
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        start_supabase_flows(&mut reg, MAX_PENDING, t0);
        let newest = reg.start(
            "supabase",
            redirect(),
            redirect(),
            None,
            secrets("s-new"),
            t0,
        );
        assert_eq!(newest.dropped, ["s0"]);

        let later = reg.start(
            "neon",
            redirect(),
            redirect(),
            None,
            secrets("n0"),
            t0 + FLOW_TTL,
        );
        assert_eq!(
            later.dropped.len(),
            MAX_PENDING,
            "every expired flow is reported"
        );
        assert_eq!(reg.pending("supabase"), 0);
    }

    #[test]
    fn a_flow_expires_when_the_wall_clock_says_ten_minutes_passed_even_if_the_monotonic_one_slept()
    {
        // Linux's monotonic clock stops during suspend: an hour asleep reads
        // as a minute on it, but not on the wall clock.
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        let after_suspend = FlowTime {
            monotonic: t0.monotonic + Duration::from_secs(60),
            wall: t0.wall + Duration::from_secs(60 * 60),
        };
        reg.start("supabase", redirect(), redirect(), None, secrets("s1"), t0);
        assert!(reg.is_waiting("supabase", "s1", &redirect()));
        assert_eq!(
            reg.take("supabase", "s1", &redirect(), after_suspend)
                .unwrap_err(),
            FlowError::Expired
        );
        reg.start("supabase", redirect(), redirect(), None, secrets("s2"), t0);
        assert_eq!(
            reg.start(
                "supabase",
                redirect(),
                redirect(),
                None,
                secrets("s3"),
                after_suspend
            )
            .dropped,
            ["s2"],
            "starting another sign-in purges it too"
        );
    }

    #[test]
    fn a_flow_expires_on_the_monotonic_clock_even_if_the_wall_clock_was_set_back() {
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        let set_back = FlowTime {
            monotonic: t0.monotonic + FLOW_TTL,
            wall: t0.wall - Duration::from_secs(60 * 60),
        };
        reg.start("supabase", redirect(), redirect(), None, secrets("s1"), t0);
        assert_eq!(
            reg.take("supabase", "s1", &redirect(), set_back)
                .unwrap_err(),
            FlowError::Expired
        );
        reg.start("supabase", redirect(), redirect(), None, secrets("s2"), t0);
        let almost = FlowTime {
            monotonic: t0.monotonic + FLOW_TTL - Duration::from_secs(1),
            wall: t0.wall - Duration::from_secs(60 * 60),
        };
        assert!(reg.take("supabase", "s2", &redirect(), almost).is_ok());
    }

    #[test]
    fn a_flow_is_answered_only_where_it_expects_its_answer() {
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        let loopback = Url::parse("http://127.0.0.1:53682/oauth/supabase").unwrap();
        reg.start(
            "supabase",
            loopback.clone(),
            loopback.clone(),
            None,
            secrets("s1"),
            t0,
        );
        for elsewhere in [
            "dev.latchkey.debug:/oauth/supabase",
            "http://127.0.0.1:53683/oauth/supabase",
            "http://localhost:53682/oauth/supabase",
            "https://127.0.0.1:53682/oauth/supabase",
            "http://127.0.0.1:53682/oauth/supabase/x",
        ] {
            let at = Url::parse(elsewhere).unwrap();
            assert!(!reg.is_waiting("supabase", "s1", &at), "{elsewhere}");
            assert_eq!(
                reg.take("supabase", "s1", &at, t0).unwrap_err(),
                FlowError::NoMatchingFlow,
                "{elsewhere}"
            );
        }
        let answer = Url::parse("http://127.0.0.1:53682/oauth/supabase?code=c&state=s1").unwrap();
        assert!(
            reg.take("supabase", "s1", &answer, t0).is_ok(),
            "the query is not compared"
        );
    }

    #[test]
    fn cancel_drops_only_that_providers_flows() {
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        reg.start("supabase", redirect(), redirect(), None, secrets("a"), t0);
        reg.start("neon", redirect(), redirect(), None, secrets("b"), t0);
        assert_eq!(reg.cancel("supabase"), 1);
        assert_eq!(reg.pending("neon"), 1);
    }

    #[test]
    fn debug_output_never_shows_state_or_verifier() {
        let mut reg = FlowRegistry::default();
        let t0 = FlowTime::now();
        reg.start(
            "supabase",
            redirect(),
            redirect(),
            None,
            secrets("STATEVALUE"),
            t0,
        );
        let flow = reg.take("supabase", "STATEVALUE", &redirect(), t0).unwrap();
        let shown = format!("{flow:?}");
        assert!(
            !shown.contains("STATEVALUE") && !shown.contains("vvvv"),
            "{shown}"
        );
    }
}
