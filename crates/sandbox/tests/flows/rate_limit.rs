//! Rate limits: 120 requests per minute per endpoint per organization (OAuth)
//! or user (personal token), with the X-RateLimit-* headers everywhere.

use std::time::Duration;

use crate::common::*;

fn header(resp: &reqwest::Response, name: &str) -> u64 {
    resp.headers()
        .get(name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_121st_request_in_a_minute_gets_429_and_the_window_counts_down() {
    let env = start().await;
    let t = tokens_for(&env, ACME).await.access;
    for i in 1..=120u64 {
        let resp = env.get(&t, "/v1/organizations").await;
        assert_eq!(resp.status(), 200, "request {i}");
        assert_eq!(header(&resp, "x-ratelimit-limit"), 120);
        assert_eq!(header(&resp, "x-ratelimit-remaining"), 120 - i);
        assert_eq!(
            header(&resp, "x-ratelimit-reset"),
            60,
            "the clock is frozen"
        );
    }
    let resp = env.get(&t, "/v1/organizations").await;
    assert_eq!(resp.status(), 429);
    assert_eq!(header(&resp, "x-ratelimit-remaining"), 0);
    assert_eq!(header(&resp, "x-ratelimit-reset"), 60);
    assert_eq!(message(resp, 429).await, "Too many requests");

    // Reset counts down with the clock.
    env.clock.advance_by(Duration::from_millis(10_500));
    let resp = env.get(&t, "/v1/organizations").await;
    assert_eq!(resp.status(), 429);
    assert_eq!(header(&resp, "x-ratelimit-reset"), 50);

    // Per endpoint: another route has its own budget.
    let resp = env.get(&t, "/v1/profile").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(header(&resp, "x-ratelimit-remaining"), 119);
    // Route patterns, not raw paths, name the endpoint.
    let a = env.get(&t, &format!("/v1/projects/{ACME_WEB}")).await;
    let b = env.get(&t, "/v1/projects/xhfomiuwrhvkyybhbzkm").await;
    assert_eq!(header(&a, "x-ratelimit-remaining"), 119);
    assert_eq!(header(&b, "x-ratelimit-remaining"), 118);

    // Per organization: a second grant for the same organization shares the
    // budget; a grant for another organization does not.
    let same_org = tokens_for(&env, ACME).await.access;
    assert_eq!(env.get(&same_org, "/v1/organizations").await.status(), 429);
    let other_org = tokens_for(&env, LOVELACE).await.access;
    assert_eq!(env.get(&other_org, "/v1/organizations").await.status(), 200);
    // A personal token counts per user.
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/organizations")
            .await
            .status(),
        200
    );

    // The window ends a minute after it started.
    env.clock.advance_by(Duration::from_millis(49_500));
    let resp = env.get(&t, "/v1/organizations").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(header(&resp, "x-ratelimit-remaining"), 119);
    assert_eq!(header(&resp, "x-ratelimit-reset"), 60);
    env.shutdown().await;
}

#[tokio::test]
async fn every_management_api_response_carries_the_headers() {
    let env = start_with(|b| b.rate_limit_per_minute(5)).await;
    let t = tokens_for(&env, ACME).await.access;
    for resp in [
        env.http.get(env.url("/v1/profile")).send().await.unwrap(),
        env.get(&t, &format!("/v1/organizations/{LOVELACE}")).await,
        env.get(&t, "/v1/projects/aaaaaaaaaaaaaaaaaaaa").await,
        env.get(&t, &format!("/v1/organizations/{ACME}/projects?limit=500"))
            .await,
    ] {
        assert!(resp.status().is_client_error());
        assert_eq!(header(&resp, "x-ratelimit-limit"), 5);
        header(&resp, "x-ratelimit-remaining");
        header(&resp, "x-ratelimit-reset");
    }
    // Unauthenticated requests are throttled too (by address).
    for _ in 0..4 {
        assert_eq!(
            env.http
                .get(env.url("/v1/profile"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
    }
    assert_eq!(
        env.http
            .get(env.url("/v1/profile"))
            .send()
            .await
            .unwrap()
            .status(),
        429
    );
    // The OAuth endpoints are not Management API routes: no headers there.
    let resp = env
        .http
        .post(env.url("/v1/oauth/token"))
        .form(&[("grant_type", "x")])
        .send()
        .await
        .unwrap();
    assert!(resp.headers().get("x-ratelimit-limit").is_none());
    // The admin API can reset the windows.
    env.sb.reset_rate_limits();
    assert_eq!(
        env.http
            .get(env.url("/v1/profile"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    env.shutdown().await;
}
