//! The per-client-address rate limit on token and revoke requests: GCRA
//! (governor), a burst of the per-minute figure, in this process's memory.
//! With several copies behind a load balancer each counts on its own, so a
//! client may get up to one quota per copy; the README says so.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::http::HeaderMap;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::refusal::Refusal;

/// Addresses remembered before stale ones are swept out, so a flood of
/// addresses cannot grow the table without bound.
const SWEEP_ABOVE: usize = 10_000;

pub struct ClientLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
    address_header: Option<String>,
}

impl ClientLimiter {
    pub fn new(per_minute: u32, address_header: Option<String>) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
            clock: DefaultClock::default(),
            address_header,
        }
    }

    /// The client's address: the peer's, or the last entry of the trusted
    /// proxy's header (the one that proxy appended; earlier ones are the
    /// client's own word). A header that is missing or unreadable falls
    /// back to the peer, which then counts for all such clients.
    pub fn client_address(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        self.address_header
            .as_deref()
            .and_then(|name| headers.get(name))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|last| last.trim().parse().ok())
            .unwrap_or(peer.ip())
    }

    pub fn check(&self, client: IpAddr) -> Result<(), Refusal> {
        if self.limiter.len() > SWEEP_ABOVE {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            Refusal::rate_limited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_own_quota_and_the_refusal_says_how_long() {
        let limiter = ClientLimiter::new(2, None);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!(limiter.check(a).is_ok());
        assert!(limiter.check(a).is_ok());
        let refused = limiter.check(a).unwrap_err();
        assert_eq!(refused.status, 429);
        assert!(matches!(refused.retry_after, Some(1..=30)), "{refused:?}");
        assert!(limiter.check(b).is_ok());
    }

    #[test]
    fn the_proxy_header_is_read_only_when_configured_and_from_its_last_entry() {
        let peer: SocketAddr = "10.0.0.9:1234".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "1.1.1.1, 203.0.113.7".parse().unwrap());
        let trusting = ClientLimiter::new(1, Some("x-forwarded-for".into()));
        assert_eq!(
            trusting.client_address(peer, &headers),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        let plain = ClientLimiter::new(1, None);
        assert_eq!(plain.client_address(peer, &headers), peer.ip());
        headers.insert("x-forwarded-for", "junk".parse().unwrap());
        assert_eq!(trusting.client_address(peer, &headers), peer.ip());
    }
}
