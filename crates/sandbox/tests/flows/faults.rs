//! Fault injection: each kind, set in-process, over the admin API, and as
//! the actions "revoke now" and "expire now".

use std::time::{Duration, Instant};

use latchkey_sandbox::FaultRule;
use serde_json::{json, Value};

use crate::common::*;

#[tokio::test]
async fn latency_delays_only_the_matching_route() {
    let env = start_with(|b| {
        b.fault(FaultRule::new("GET", "/v1/profile").latency(Duration::from_millis(300)))
    })
    .await;
    let started = Instant::now();
    let resp = env.get(DEMO_ACCESS_TOKEN, "/v1/profile").await;
    assert_eq!(resp.status(), 200, "latency alone changes nothing else");
    // A lower bound only: the request cannot answer before the injected wait.
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(env.sb.faults()[0].fired, 1);
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/organizations")
            .await
            .status(),
        200
    );
    assert_eq!(env.sb.faults()[0].fired, 1, "other routes do not match");
    env.shutdown().await;
}

#[tokio::test]
async fn error_rate_one_always_fails_the_matching_route() {
    let env = start().await;
    env.sb
        .add_fault(FaultRule::new("GET", "/v1/projects/{ref}").error(503))
        .unwrap();
    for r in [ACME_WEB, NOTEBOOK] {
        let resp = env
            .get(DEMO_ACCESS_TOKEN, &format!("/v1/projects/{r}"))
            .await;
        assert_eq!(resp.headers()["x-sandbox-fault"], "injected");
        assert_eq!(message(resp, 503).await, "Service Unavailable");
    }
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/projects").await.status(),
        200
    );
    assert_eq!(
        env.get(
            DEMO_ACCESS_TOKEN,
            &format!("/v1/projects/{ACME_WEB}/health?services=db")
        )
        .await
        .status(),
        200
    );
    // The OAuth endpoints can fail too.
    env.sb
        .add_fault(FaultRule::new("POST", "/v1/oauth/token").error(500))
        .unwrap();
    let resp = token_request(&env, &[("grant_type", "refresh_token")]).await;
    assert_eq!(message(resp, 500).await, "Internal Server Error");
    env.sb.clear_faults();
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, &format!("/v1/projects/{ACME_WEB}"))
            .await
            .status(),
        200
    );
    env.shutdown().await;
}

#[tokio::test]
async fn a_partial_rate_fires_sometimes_and_times_limits_firings() {
    let env = start_with(|b| b.fault_seed(7)).await;
    env.sb
        .add_fault(
            FaultRule::new("GET", "/v1/profile")
                .error(500)
                .with_rate(0.5),
        )
        .unwrap();
    let mut failed = 0;
    for _ in 0..60 {
        if env.get(DEMO_ACCESS_TOKEN, "/v1/profile").await.status() == 500 {
            failed += 1;
        }
    }
    // Seeded, so this is the same on every run; it must be neither all nor none.
    assert!(failed > 0 && failed < 60, "{failed}");
    env.sb.clear_faults();
    env.sb
        .add_fault(FaultRule::new("*", "/v1/**").error(502).times(2))
        .unwrap();
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/profile").await.status(),
        502
    );
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/organizations")
            .await
            .status(),
        502
    );
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/profile").await.status(),
        200
    );
    env.shutdown().await;
}

#[tokio::test]
async fn drop_closes_the_connection_without_a_response() {
    let env = start().await;
    let id = env
        .sb
        .add_fault(FaultRule::new("GET", "/v1/profile").drop_connection())
        .unwrap();
    let err = env
        .http
        .get(env.url("/v1/profile"))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .send()
        .await
        .expect_err("no response at all");
    assert!(err.status().is_none());
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );
    // The server keeps serving other connections and routes.
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/organizations")
            .await
            .status(),
        200
    );
    assert!(env.sb.remove_fault(id));
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/profile").await.status(),
        200
    );
    env.shutdown().await;
}

#[tokio::test]
async fn forced_429_looks_like_an_exhausted_rate_limit() {
    let env = start().await;
    env.sb
        .add_fault(FaultRule::new("*", "/v1/**").force_rate_limit())
        .unwrap();
    let resp = env.get(DEMO_ACCESS_TOKEN, "/v1/projects").await;
    assert_eq!(resp.headers()["x-ratelimit-limit"], "120");
    assert_eq!(resp.headers()["x-ratelimit-remaining"], "0");
    assert_eq!(resp.headers()["x-ratelimit-reset"], "60");
    assert_eq!(message(resp, 429).await, "Too many requests");
    env.shutdown().await;
}

#[tokio::test]
async fn faults_over_the_admin_api() {
    let env = start().await;
    let admin = |p: &str| env.admin(p);
    let resp = env
        .http
        .post(admin("/admin/faults"))
        .json(&json!({"rule": "GET /v1/profile error=418"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let created: Value = resp.json().await.unwrap();
    assert_eq!(created["error_status"], 418);
    assert_eq!(created["method"], "GET");
    let id = created["id"].as_u64().unwrap();
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/profile").await.status(),
        418
    );

    let resp = env
        .http
        .post(admin("/admin/faults"))
        .json(
            &json!({"method": "GET", "path": "/v1/organizations", "rate_limit": true, "times": 1}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/organizations")
            .await
            .status(),
        429
    );
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/organizations")
            .await
            .status(),
        200
    );

    let list: Value = env
        .http
        .get(admin("/admin/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["fired"], 1);

    for bad in [
        json!({"rule": "GET /v1/profile"}),
        json!({"rule": "GET /v1/profile drop error=500"}),
        json!({"path": "/x", "error_status": 200}),
        json!({"nonsense": 1}),
    ] {
        let resp = env
            .http
            .post(admin("/admin/faults"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{bad}");
    }
    assert_eq!(
        env.http
            .delete(admin(&format!("/admin/faults/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        env.http
            .delete(admin(&format!("/admin/faults/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, "/v1/profile").await.status(),
        200
    );
    assert_eq!(
        env.http
            .delete(admin("/admin/faults"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert!(env.sb.faults().is_empty());
    env.shutdown().await;
}

#[tokio::test]
async fn revoke_now_and_expire_now_actions() {
    let env = start().await;
    let client = env.demo();
    let a = tokens_for(&env, ACME).await;
    let b = tokens_for(&env, LOVELACE).await;
    let grants: Value = env
        .http
        .get(env.admin("/admin/grants"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = grants.to_string();
    assert!(
        !text.contains(&a.access) && !text.contains(&a.refresh),
        "no raw tokens in the admin API"
    );
    let ga = grants
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["organization_slug"] == ACME)
        .unwrap();
    assert_eq!(ga["access_token_prefix"], format!("{}…", &a.access[..14]));
    let grant_a = ga["id"].as_str().unwrap().to_owned();

    // Expire now: access tokens die, refresh tokens still work.
    let resp = env
        .http
        .post(env.admin("/admin/tokens/expire"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.json::<Value>().await.unwrap()["expired"], 2);
    assert_eq!(env.get(&a.access, "/v1/profile").await.status(), 401);
    assert_eq!(env.get(&b.access, "/v1/profile").await.status(), 401);
    let a2 = tokens_from(refresh(&env, &client, &a.refresh).await).await;
    let b2 = tokens_from(refresh(&env, &client, &b.refresh).await).await;
    // Expire one grant only.
    env.http
        .post(env.admin("/admin/tokens/expire"))
        .json(&json!({"grant_id": grant_a}))
        .send()
        .await
        .unwrap();
    assert_eq!(env.get(&a2.access, "/v1/profile").await.status(), 401);
    assert_eq!(env.get(&b2.access, "/v1/profile").await.status(), 200);

    // Revoke now: both tokens of that grant die for good.
    let resp = env
        .http
        .post(env.admin(&format!("/admin/grants/{grant_a}/revoke")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    assert_eq!(
        message(refresh(&env, &client, &a2.refresh).await, 404).await,
        "No such refresh token found"
    );
    assert_eq!(
        env.http
            .post(env.admin(&format!("/admin/grants/{grant_a}/revoke")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(env.get(&b2.access, "/v1/profile").await.status(), 200);
    assert_eq!(env.sb.revoke_all_grants(), 1);
    assert_eq!(env.get(&b2.access, "/v1/profile").await.status(), 401);
    env.shutdown().await;
}
