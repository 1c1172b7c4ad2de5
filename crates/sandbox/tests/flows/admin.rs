//! The admin listener: off unless asked for, separate from the API, JSON.

use std::time::Duration;

use latchkey_sandbox::{Sandbox, Seed};
use serde_json::{json, Value};

use crate::common::*;

#[tokio::test]
async fn admin_is_off_by_default_and_never_on_the_api_port() {
    let sb = Sandbox::builder().start().await.unwrap();
    assert!(sb.admin_url().is_none());
    let resp = http()
        .get(format!("{}/admin/health", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    sb.shutdown().await;

    let env = start().await;
    assert_ne!(env.sb.admin_addr().unwrap().port(), env.sb.addr().port());
    let resp = env.http.get(env.url("/admin/health")).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    let health: Value = env
        .http
        .get(env.admin("/admin/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health, json!({"ok": true}));
    // Nor does the admin port serve the emulated API.
    assert_eq!(
        env.http
            .get(env.admin("/v1/profile"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    env.shutdown().await;
}

#[tokio::test]
async fn clients_users_and_current_user() {
    let env = start().await;
    let clients: Value = env
        .http
        .get(env.admin("/admin/clients"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let demo = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == DEMO_CLIENT_ID)
        .unwrap();
    assert_eq!(demo["secret"], env.demo().secret);
    assert_eq!(demo["allow_private_use_schemes"], true);
    let users: Value = env
        .http
        .get(env.admin("/admin/users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(users.as_array().unwrap().len(), 2);

    let resp = env
        .http
        .put(env.admin("/admin/current-user"))
        .json(&json!({"user_id": SECOND_USER_ID}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(env.sb.current_user(), SECOND_USER_ID);
    let html = env
        .http
        .get(authorize_url(
            &env,
            DEMO_CLIENT_ID,
            APP_REDIRECT,
            "s",
            &pkce().challenge,
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Grace Hopper")
            && html.contains("Hopper Systems")
            && !html.contains("Acme Corp")
    );
    let resp = env
        .http
        .put(env.admin("/admin/current-user"))
        .json(&json!({"user_id": "nobody"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    let current: Value = env
        .http
        .get(env.admin("/admin/current-user"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(current["user_id"], SECOND_USER_ID);
    env.shutdown().await;
}

#[tokio::test]
async fn pre_approval_over_http_answers_the_next_authorize_with_a_redirect() {
    let env = start().await;
    let strict = env.sb.strict_client();
    let resp = env
        .http
        .post(env.admin("/admin/oauth/pre-approve"))
        .json(&json!({"organization_slug": ENGINES, "client_id": STRICT_CLIENT_ID}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let p = pkce();
    // The demo client does not consume a pre-approval meant for the strict one.
    let resp = env
        .http
        .get(authorize_url(
            &env,
            DEMO_CLIENT_ID,
            APP_REDIRECT,
            "a",
            &p.challenge,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let resp = env
        .http
        .get(authorize_url(
            &env,
            &strict.id,
            RELAY_REDIRECT,
            "b",
            &p.challenge,
        ))
        .send()
        .await
        .unwrap();
    assert!(location(&resp).starts_with("https://latchkey.dev/relay/supabase?code="));
    let code = param(&redirect_params(&resp), "code").unwrap().to_owned();
    let t = tokens_from(exchange(&env, &strict, &code, RELAY_REDIRECT, &p.verifier).await).await;
    let orgs: Value = env
        .get(&t.access, "/v1/organizations")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(orgs[0]["slug"], ENGINES);
    // Consumed: the next request shows the page again.
    let resp = env
        .http
        .get(authorize_url(
            &env,
            &strict.id,
            RELAY_REDIRECT,
            "c",
            &p.challenge,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    for bad in [
        json!({}),
        json!({"organization_slug": HOPPER}),
        json!({"organization_slug": ACME, "client_id": "x"}),
        json!({"organization_slug": ACME, "decision": "maybe"}),
    ] {
        let resp = env
            .http
            .post(env.admin("/admin/oauth/pre-approve"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_client_error(), "{bad}");
    }
    env.shutdown().await;
}

#[tokio::test]
async fn settings_and_the_clock() {
    let env = start().await;
    let s: Value = env
        .http
        .get(env.admin("/admin/settings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        s,
        json!({"token_ttl_secs": 86400, "activation_delay_ms": 3000, "code_ttl_secs": 300, "rate_limit_per_minute": 120})
    );
    let resp = env
        .http
        .patch(env.admin("/admin/settings"))
        .json(&json!({"activation_delay_ms": 0, "token_ttl_secs": 120}))
        .send()
        .await
        .unwrap();
    let s: Value = resp.json().await.unwrap();
    assert_eq!(s["activation_delay_ms"], 0);
    assert_eq!(env.sb.settings().token_ttl, Duration::from_secs(120));
    assert_eq!(tokens_for(&env, ACME).await.expires_in, 120);
    assert_eq!(
        env.http
            .patch(env.admin("/admin/settings"))
            .json(&json!({"rate_limit_per_minute": 0}))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        env.http
            .patch(env.admin("/admin/settings"))
            .json(&json!({"bogus": 1}))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );

    let clock: Value = env
        .http
        .get(env.admin("/admin/clock"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(clock["adjustable"], true);
    let p = pkce();
    let client = env.demo();
    let code = code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    let resp = env
        .http
        .post(env.admin("/admin/clock/advance"))
        .json(&json!({"secs": 300}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        message(
            exchange(&env, &client, &code, APP_REDIRECT, &p.verifier).await,
            400
        )
        .await,
        "Authorization code has expired"
    );
    assert_eq!(
        env.http
            .post(env.admin("/admin/clock/advance"))
            .json(&json!({"secs": 1, "ms": 1}))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    env.shutdown().await;

    // The system clock cannot be moved.
    let sb = Sandbox::builder()
        .seed(Seed::demo())
        .admin()
        .start()
        .await
        .unwrap();
    let base = sb.admin_url().unwrap().to_owned();
    let resp = http()
        .post(format!("{base}/admin/clock/advance"))
        .json(&json!({"secs": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 409);
    let clock: Value = http()
        .get(format!("{base}/admin/clock"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(clock["adjustable"], false);
    sb.shutdown().await;
}
