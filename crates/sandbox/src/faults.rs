//! Fault injection: make chosen routes slow, failing, silent or throttled.
//!
//! A [`FaultRule`] matches requests by method and path pattern and, each
//! time it matches, fires with probability `rate` (optionally at most `times`
//! times). When it fires, its latency is waited (real time) and then its
//! action, if any, replaces the real answer:
//! - `error_status`: that status with `{"message": "<reason phrase>"}`;
//! - `drop`: the connection is closed without any response;
//! - `rate_limit`: a 429 with the rate-limit headers, as if the quota ran out.
//!
//! Rules apply to every route of the emulated API (OAuth and Management),
//! never to the admin listener. They are evaluated in the order added; the
//! latencies of all rules that fire add up, and the first action wins.
//!
//! Path patterns: segments separated by `/`; `*` or `{name}` matches one
//! segment, a final `**` matches any rest (including nothing). Method `*`
//! matches any method. Random draws come from a seeded generator so a run
//! with the same seed and request order fires the same faults.

use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::error::SandboxError;

/// One fault-injection rule. Also the admin API's JSON shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    /// An HTTP method, or `*` for any.
    #[serde(default = "any_method")]
    pub method: String,
    /// A path pattern such as `/v1/projects/{ref}` or `/v1/**`.
    pub path: String,
    /// Added latency in milliseconds.
    #[serde(default)]
    pub latency_ms: u64,
    /// Answer with this status (400–599) instead of the real response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_status: Option<u16>,
    /// Close the connection without answering.
    #[serde(default)]
    pub drop: bool,
    /// Answer 429 as if the rate limit were exhausted.
    #[serde(default)]
    pub rate_limit: bool,
    /// Probability (0–1) that a matching request triggers the rule.
    #[serde(default = "one")]
    pub rate: f64,
    /// Fire at most this many times, then stay inert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

fn any_method() -> String {
    "*".to_owned()
}

fn one() -> f64 {
    1.0
}

impl FaultRule {
    /// A rule matching `method` and `path` that does nothing yet; set fields
    /// or use the builder-style helpers.
    pub fn new(method: &str, path: &str) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            latency_ms: 0,
            error_status: None,
            drop: false,
            rate_limit: false,
            rate: 1.0,
            times: None,
        }
    }

    pub fn latency(mut self, d: Duration) -> Self {
        self.latency_ms = d.as_millis() as u64;
        self
    }

    pub fn error(mut self, status: u16) -> Self {
        self.error_status = Some(status);
        self
    }

    pub fn drop_connection(mut self) -> Self {
        self.drop = true;
        self
    }

    pub fn force_rate_limit(mut self) -> Self {
        self.rate_limit = true;
        self
    }

    pub fn with_rate(mut self, rate: f64) -> Self {
        self.rate = rate;
        self
    }

    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    /// Checks the rule's consistency; the error says what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if !self.path.starts_with('/') {
            return Err("the path pattern must start with /".into());
        }
        if (self.path.find("**")).is_some_and(|i| i + 2 != self.path.len()) {
            return Err("** is allowed only at the end of a pattern".into());
        }
        if self.method != "*" && !self.method.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!("{:?} is not an HTTP method", self.method));
        }
        let actions = [self.error_status.is_some(), self.drop, self.rate_limit];
        if actions.iter().filter(|a| **a).count() > 1 {
            return Err("choose at most one of error, drop and 429".into());
        }
        if let Some(s) = self.error_status.filter(|s| !(400..=599).contains(s)) {
            return Err(format!("error status {s} is not between 400 and 599"));
        }
        if !(0.0..=1.0).contains(&self.rate) || self.rate.is_nan() {
            return Err(format!("rate {} is not between 0 and 1", self.rate));
        }
        if self.latency_ms == 0 && actions.iter().all(|a| !a) {
            return Err("the rule does nothing: give latency, error, drop or 429".into());
        }
        Ok(())
    }

    pub fn matches(&self, method: &str, path: &str) -> bool {
        (self.method == "*" || self.method.eq_ignore_ascii_case(method))
            && path_matches(&self.path, path)
    }

    fn action(&self) -> Option<FaultAction> {
        (self.error_status.map(FaultAction::Error))
            .or(self.drop.then_some(FaultAction::Drop))
            .or(self.rate_limit.then_some(FaultAction::RateLimit))
    }
}

/// `METHOD PATH [latency=2000ms|2s] [error=503] [drop] [429] [rate=0.5] [times=3]`,
/// the `--fault` flag's syntax.
impl FromStr for FaultRule {
    type Err = SandboxError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_rule(s).map_err(|reason| SandboxError::Fault {
            rule: s.to_owned(),
            reason,
        })
    }
}

fn parse_rule(s: &str) -> Result<FaultRule, String> {
    let mut words = s.split_whitespace();
    let method = words.next().ok_or("empty rule")?;
    let path = words.next().ok_or("expected METHOD PATH options")?;
    let mut rule = FaultRule::new(method, path);
    for w in words {
        let (key, v) = w.split_once('=').unwrap_or((w, ""));
        let bad = |what: &str| format!("bad {what} {v:?}");
        match (key.to_ascii_lowercase().as_str(), v) {
            ("latency" | "delay", _) => {
                rule.latency_ms = parse_duration_ms(v).ok_or_else(|| bad("latency"))?
            }
            ("error" | "status", _) => {
                rule.error_status = Some(v.parse().map_err(|_| bad("status"))?)
            }
            ("drop", "") => rule.drop = true,
            ("429" | "ratelimit" | "rate-limit" | "rate_limit", "") => rule.rate_limit = true,
            ("rate" | "p", _) => rule.rate = v.parse().map_err(|_| bad("rate"))?,
            ("times" | "count", _) => rule.times = Some(v.parse().map_err(|_| bad("times"))?),
            _ => return Err(format!("unknown option {w:?}")),
        }
    }
    rule.validate()?;
    Ok(rule)
}

fn parse_duration_ms(v: &str) -> Option<u64> {
    if let Some(ms) = v.strip_suffix("ms") {
        ms.parse().ok()
    } else if let Some(s) = v.strip_suffix('s') {
        let secs = s.parse::<f64>().ok().filter(|s| *s >= 0.0);
        secs.map(|s| (s * 1000.0) as u64)
    } else {
        v.parse().ok()
    }
}

fn path_matches(pattern: &str, path: &str) -> bool {
    let mut pat = pattern.trim_end_matches('/').split('/');
    let mut segs = path.trim_end_matches('/').split('/');
    loop {
        match (pat.next(), segs.next()) {
            (Some("**"), _) | (None, None) => return true,
            (Some(p), Some(s))
                if p == s || p == "*" || (p.starts_with('{') && p.ends_with('}')) => {}
            _ => return false,
        }
    }
}

/// What a fired rule does instead of the real handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultAction {
    Error(u16),
    Drop,
    RateLimit,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FaultOutcome {
    pub latency: Duration,
    pub action: Option<FaultAction>,
}

/// A rule with its id and how often it has fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActiveFault {
    pub id: u64,
    #[serde(flatten)]
    pub rule: FaultRule,
    pub fired: u32,
}

pub(crate) struct FaultSet {
    inner: Mutex<Inner>,
}

struct Inner {
    rules: Vec<ActiveFault>,
    next_id: u64,
    rng: StdRng,
}

impl FaultSet {
    pub fn new(rules: Vec<FaultRule>, seed: u64) -> Self {
        let set = Self {
            inner: Mutex::new(Inner {
                rules: Vec::new(),
                next_id: 1,
                rng: StdRng::seed_from_u64(seed),
            }),
        };
        for r in rules {
            set.add(r);
        }
        set
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a (validated) rule and returns its id.
    pub fn add(&self, rule: FaultRule) -> u64 {
        let mut inner = self.lock();
        let id = inner.next_id;
        inner.next_id += 1;
        inner.rules.push(ActiveFault { id, rule, fired: 0 });
        id
    }

    pub fn remove(&self, id: u64) -> bool {
        let mut inner = self.lock();
        let before = inner.rules.len();
        inner.rules.retain(|r| r.id != id);
        inner.rules.len() != before
    }

    pub fn clear(&self) {
        self.lock().rules.clear();
    }

    pub fn list(&self) -> Vec<ActiveFault> {
        self.lock().rules.clone()
    }

    /// Decides what happens to one request.
    pub fn decide(&self, method: &str, path: &str) -> FaultOutcome {
        let mut inner = self.lock();
        let Inner { rules, rng, .. } = &mut *inner;
        let mut out = FaultOutcome::default();
        for r in rules.iter_mut() {
            if !r.rule.matches(method, path) || r.rule.times.is_some_and(|t| r.fired >= t) {
                continue;
            }
            let fires = r.rule.rate >= 1.0 || (r.rule.rate > 0.0 && rng.gen::<f64>() < r.rule.rate);
            if !fires {
                continue;
            }
            r.fired += 1;
            out.latency += Duration::from_millis(r.rule.latency_ms);
            if out.action.is_none() {
                out.action = r.rule.action();
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_syntax_parses() {
        let r: FaultRule = "POST /v1/projects latency=2000ms".parse().unwrap();
        assert_eq!(
            (r.method.as_str(), r.latency_ms, r.rate),
            ("POST", 2000, 1.0)
        );
        let r: FaultRule = "get /v1/projects/* error=503 rate=0.5 times=2"
            .parse()
            .unwrap();
        assert_eq!(
            (r.method.as_str(), r.error_status, r.rate, r.times),
            ("GET", Some(503), 0.5, Some(2))
        );
        let r: FaultRule = "* /v1/** 429".parse().unwrap();
        assert!(r.rate_limit);
        let r: FaultRule = "GET /v1/profile drop latency=1.5s".parse().unwrap();
        assert!(r.drop && r.latency_ms == 1500);
        assert!("GET /v1/profile".parse::<FaultRule>().is_err());
        assert!("GET /v1/profile drop error=500"
            .parse::<FaultRule>()
            .is_err());
        assert!("GET /v1/profile error=200".parse::<FaultRule>().is_err());
        assert!("GET /v1/profile bogus".parse::<FaultRule>().is_err());
    }

    #[test]
    fn patterns_match_segments() {
        assert!(path_matches("/v1/projects", "/v1/projects"));
        assert!(!path_matches("/v1/projects", "/v1/projects/abc"));
        assert!(path_matches("/v1/projects/*", "/v1/projects/abc"));
        assert!(path_matches(
            "/v1/projects/{ref}/health",
            "/v1/projects/abc/health"
        ));
        assert!(!path_matches("/v1/projects/*", "/v1/projects/abc/health"));
        assert!(path_matches("/v1/**", "/v1/projects/abc/health"));
        assert!(path_matches("/v1/**", "/v1"));
        assert!(!path_matches("/v1/**", "/admin/x"));
    }

    #[test]
    fn times_and_rate_limit_firing() {
        let set = FaultSet::new(vec![FaultRule::new("GET", "/x").error(500).times(2)], 1);
        assert_eq!(
            set.decide("GET", "/x").action,
            Some(FaultAction::Error(500))
        );
        assert_eq!(set.decide("POST", "/x").action, None);
        assert_eq!(
            set.decide("GET", "/x").action,
            Some(FaultAction::Error(500))
        );
        assert_eq!(set.decide("GET", "/x").action, None);

        let set = FaultSet::new(vec![FaultRule::new("*", "/x").error(500).with_rate(0.0)], 1);
        assert_eq!(set.decide("GET", "/x").action, None);
    }

    #[test]
    fn latencies_add_up_and_first_action_wins() {
        let set = FaultSet::new(
            vec![
                FaultRule::new("*", "/x").latency(Duration::from_millis(10)),
                FaultRule::new("*", "/x")
                    .latency(Duration::from_millis(5))
                    .drop_connection(),
                FaultRule::new("*", "/x").force_rate_limit(),
            ],
            1,
        );
        let o = set.decide("GET", "/x");
        assert_eq!(o.latency, Duration::from_millis(15));
        assert_eq!(o.action, Some(FaultAction::Drop));
    }
}
