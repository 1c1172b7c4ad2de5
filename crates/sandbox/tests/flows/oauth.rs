//! One test per OAuth rule, over real HTTP against an in-process sandbox.

use std::time::Duration;

use latchkey_sandbox::PreApprove;

use crate::common::*;

fn hidden_request_id(html: &str) -> String {
    let marker = "name=\"request_id\" value=\"";
    let start = html.find(marker).expect("request_id field") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

#[tokio::test]
async fn consent_page_shows_user_app_scopes_and_orgs_then_approve_redirects_with_code_and_state() {
    let env = start().await;
    let client = env.demo();
    let p = pkce();
    let mut url = authorize_url(&env, &client.id, APP_REDIRECT, "xyz-state", &p.challenge);
    url.push_str(&format!("&organization_slug={LOVELACE}&scope=ignored"));
    let resp = env.http.get(&url).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = resp.text().await.unwrap();
    for needle in [
        "Ada Lovelace",
        "ada@example.com",
        "Latchkey (sandbox)",
        "projects:read",
        "auth:write",
        "Acme Corp",
        "Analytical Engines",
        &format!("<option value=\"{LOVELACE}\" selected>"),
        "value=\"approve\"",
        "value=\"deny\"",
    ] {
        assert!(html.contains(needle), "consent page lacks {needle:?}");
    }
    // Grace's organization is not offered, and no PKCE value leaks into the page.
    assert!(!html.contains("Hopper Systems"));
    assert!(!html.contains(&p.challenge));

    let rid = hidden_request_id(&html);
    let resp = env
        .http
        .post(env.url("/v1/oauth/authorize/decision"))
        .form(&[
            ("request_id", rid.as_str()),
            ("organization_slug", LOVELACE),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert!(location(&resp).starts_with("dev.latchkey.debug:/oauth/supabase?"));
    let params = redirect_params(&resp);
    assert_eq!(param(&params, "state"), Some("xyz-state"));
    let code = param(&params, "code").unwrap().to_owned();

    let t = tokens_from(exchange(&env, &client, &code, APP_REDIRECT, &p.verifier).await).await;
    assert!(t.access.starts_with("sbp_oauth_"));
    assert_eq!(t.expires_in, 86_400);
    let orgs: serde_json::Value = env
        .get(&t.access, "/v1/organizations")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        orgs.as_array().unwrap().len(),
        1,
        "a grant covers exactly one organization"
    );
    assert_eq!(orgs[0]["slug"], LOVELACE);

    // The consent request is single-use.
    let again = env
        .http
        .post(env.url("/v1/oauth/authorize/decision"))
        .form(&[
            ("request_id", rid.as_str()),
            ("organization_slug", LOVELACE),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 400);
    assert!(again.headers().get("location").is_none());
    env.shutdown().await;
}

#[tokio::test]
async fn deny_redirects_with_access_denied_and_state() {
    let env = start().await;
    let client = env.demo();
    let p = pkce();
    let html = env
        .http
        .get(authorize_url(
            &env,
            &client.id,
            LOOPBACK_REDIRECT,
            "s1",
            &p.challenge,
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rid = hidden_request_id(&html);
    let resp = env
        .http
        .post(env.url("/v1/oauth/authorize/decision"))
        .form(&[("request_id", rid.as_str()), ("decision", "deny")])
        .send()
        .await
        .unwrap();
    assert!(location(&resp).starts_with(LOOPBACK_REDIRECT));
    let params = redirect_params(&resp);
    assert_eq!(param(&params, "error"), Some("access_denied"));
    assert_eq!(param(&params, "state"), Some("s1"));
    assert_eq!(param(&params, "code"), None);

    // A pre-approved denial answers the same way, without a page.
    env.sb.pre_approve(PreApprove::org(ACME).deny()).unwrap();
    let resp = env
        .http
        .get(authorize_url(
            &env,
            &client.id,
            LOOPBACK_REDIRECT,
            "s2",
            &p.challenge,
        ))
        .send()
        .await
        .unwrap();
    let params = redirect_params(&resp);
    assert_eq!(param(&params, "error"), Some("access_denied"));
    assert_eq!(param(&params, "state"), Some("s2"));
    env.shutdown().await;
}

#[tokio::test]
async fn unknown_client_or_unregistered_redirect_shows_an_error_page_and_never_redirects() {
    let env = start().await;
    let client = env.demo();
    let p = pkce();
    // An unknown client: Supabase's raw 422 JSON, shown as is by the browser
    // (peers.md S3), and never a redirect.
    for id in ["00000000-0000-4000-8000-000000000000", "not-a-uuid"] {
        env.sb.pre_approve(PreApprove::org(ACME)).unwrap();
        let url = authorize_url(&env, id, APP_REDIRECT, "s", &p.challenge);
        let resp = env.http.get(&url).send().await.unwrap();
        assert_eq!(resp.status(), 422, "{url}");
        assert!(
            resp.headers().get("location").is_none(),
            "{url} must not redirect"
        );
        assert_eq!(
            resp.text().await.unwrap(),
            r#"{"message":"Unrecognized client_id"}"#
        );
    }
    let cases = [
        authorize_url(&env, &client.id, "https://evil.example/cb", "s", &p.challenge),
        // Exact match: a different loopback port is not the registered URI.
        authorize_url(&env, &client.id, "http://127.0.0.1:9999/oauth/supabase", "s", &p.challenge),
        authorize_url(&env, &client.id, "dev.latchkey.debug:/oauth/supabase/", "s", &p.challenge),
        env.url("/v1/oauth/authorize?response_type=code&redirect_uri=dev.latchkey%3A%2Foauth%2Fsupabase"),
        env.url(&format!("/v1/oauth/authorize?response_type=code&client_id={}", client.id)),
    ];
    for url in cases {
        // Even a queued pre-approval must not turn these into redirects.
        env.sb.pre_approve(PreApprove::org(ACME)).unwrap();
        let resp = env.http.get(&url).send().await.unwrap();
        assert_eq!(resp.status(), 400, "{url}");
        assert!(
            resp.headers().get("location").is_none(),
            "{url} must not redirect"
        );
        assert!(resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let html = resp.text().await.unwrap();
        assert!(html.contains("You have not been redirected"), "{url}");
    }
    env.shutdown().await;
}

#[tokio::test]
async fn strict_client_refuses_private_use_schemes_but_takes_https_relay_and_loopback() {
    let env = start().await;
    let strict = env.sb.strict_client();
    assert!(strict
        .redirect_uris
        .iter()
        .all(|u| u.starts_with("https://") || u.starts_with("http://")));
    let p = pkce();
    for scheme_uri in [
        "dev.latchkey:/oauth/supabase",
        "dev.latchkey.debug:/oauth/supabase",
    ] {
        let resp = env
            .http
            .get(authorize_url(
                &env,
                &strict.id,
                scheme_uri,
                "s",
                &p.challenge,
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400);
        assert!(resp.headers().get("location").is_none());
    }
    for uri in [
        RELAY_REDIRECT,
        LOOPBACK_REDIRECT,
        "http://localhost:53682/oauth/supabase",
    ] {
        let code = code_for(&env, &strict.id, uri, ACME, &p.challenge).await;
        let t = tokens_from(exchange(&env, &strict, &code, uri, &p.verifier).await).await;
        assert_eq!(env.get(&t.access, "/v1/profile").await.status(), 200);
    }
    env.shutdown().await;
}

#[tokio::test]
async fn other_authorize_problems_are_redirected_with_an_error_and_the_state() {
    let env = start().await;
    let client = env.demo();
    let base = authorize_url(&env, &client.id, APP_REDIRECT, "st8", &pkce().challenge);
    let cases = [
        (
            base.replace("response_type=code", "response_type=token"),
            "unsupported_response_type",
        ),
        (base.replace("response_type=code&", ""), "invalid_request"),
        (
            base.replace("code_challenge_method=S256", "code_challenge_method=MD5"),
            "invalid_request",
        ),
        (format!("{base}&response_mode=fragment"), "invalid_request"),
    ];
    for (url, error) in cases {
        let resp = env.http.get(&url).send().await.unwrap();
        let params = redirect_params(&resp);
        assert_eq!(param(&params, "error"), Some(error), "{url}");
        assert_eq!(param(&params, "state"), Some("st8"));
    }
    env.shutdown().await;
}

#[tokio::test]
async fn codes_expire_after_five_minutes_on_the_sandbox_clock() {
    let env = start().await;
    let client = env.demo();
    let p = pkce();
    let code = code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    env.clock.advance_by(Duration::from_secs(299));
    assert_eq!(
        exchange(&env, &client, &code, APP_REDIRECT, &p.verifier)
            .await
            .status(),
        201
    );

    let code = code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    env.clock.advance_by(Duration::from_secs(300));
    let msg = message(
        exchange(&env, &client, &code, APP_REDIRECT, &p.verifier).await,
        400,
    )
    .await;
    assert_eq!(msg, "Authorization code has expired");
    env.shutdown().await;
}

#[tokio::test]
async fn a_code_is_single_use_and_its_reuse_revokes_the_grant() {
    let env = start().await;
    let client = env.demo();
    let p = pkce();
    let code = code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    let t = tokens_from(exchange(&env, &client, &code, APP_REDIRECT, &p.verifier).await).await;
    assert_eq!(env.get(&t.access, "/v1/organizations").await.status(), 200);

    let msg = message(
        exchange(&env, &client, &code, APP_REDIRECT, &p.verifier).await,
        400,
    )
    .await;
    assert_eq!(msg, "Authorization code has already been used");
    // RFC 6749 §4.1.2: the tokens issued from that code are revoked.
    assert_eq!(env.get(&t.access, "/v1/organizations").await.status(), 401);
    assert_eq!(
        message(refresh(&env, &client, &t.refresh).await, 404).await,
        "No such refresh token found"
    );
    assert!(env.sb.grants()[0].revoked_at.is_some());
    env.shutdown().await;
}

#[tokio::test]
async fn a_replay_after_the_code_expired_still_revokes_the_grant() {
    let env = start().await;
    let client = env.demo();
    let p = pkce();
    let code = code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    let t = tokens_from(exchange(&env, &client, &code, APP_REDIRECT, &p.verifier).await).await;
    env.clock.advance_by(Duration::from_secs(600));
    // Issuing another code prunes expired ones; the used code is remembered.
    code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    let msg = message(
        exchange(&env, &client, &code, APP_REDIRECT, &p.verifier).await,
        400,
    )
    .await;
    assert_eq!(msg, "Authorization code has already been used");
    assert_eq!(env.get(&t.access, "/v1/profile").await.status(), 401);
    env.shutdown().await;
}

#[tokio::test]
async fn pkce_verifier_must_match_the_challenge() {
    let env = start().await;
    let client = env.demo();
    let p = pkce();
    let code = code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    let wrong = pkce();
    let msg = message(
        exchange(&env, &client, &code, APP_REDIRECT, &wrong.verifier).await,
        400,
    )
    .await;
    assert_eq!(msg, "Invalid code_verifier");
    let msg = message(
        token_request(
            &env,
            &[
                ("grant_type", "authorization_code"),
                ("client_id", &client.id),
                ("client_secret", &client.secret),
                ("code", &code),
                ("redirect_uri", APP_REDIRECT),
            ],
        )
        .await,
        422,
    )
    .await;
    assert_eq!(msg, "Required parameter: code_verifier");
    // A failed attempt does not burn the code: the right verifier still works.
    assert_eq!(
        exchange(&env, &client, &code, APP_REDIRECT, &p.verifier)
            .await
            .status(),
        201
    );
    env.shutdown().await;
}

#[tokio::test]
async fn rfc_7636_appendix_b_vector_works_end_to_end() {
    let env = start().await;
    let client = env.demo();
    let code = code_for(
        &env,
        &client.id,
        APP_REDIRECT,
        ACME,
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    )
    .await;
    let resp = exchange(
        &env,
        &client,
        &code,
        APP_REDIRECT,
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    )
    .await;
    assert_eq!(resp.status(), 201);
    env.shutdown().await;
}

#[tokio::test]
async fn plain_pkce_is_supported() {
    let env = start().await;
    let client = env.demo();
    let verifier = "plain-verifier-0123456789-0123456789-0123456789";
    env.sb.pre_approve(PreApprove::org(ACME)).unwrap();
    let url = authorize_url(&env, &client.id, APP_REDIRECT, "s", verifier).replace("S256", "plain");
    let code = param(
        &redirect_params(&env.http.get(url).send().await.unwrap()),
        "code",
    )
    .unwrap()
    .to_owned();
    assert_eq!(
        exchange(&env, &client, &code, APP_REDIRECT, verifier)
            .await
            .status(),
        201
    );
    env.shutdown().await;
}

#[tokio::test]
async fn redirect_uri_must_equal_the_authorize_one() {
    let env = start().await;
    let client = env.demo();
    let p = pkce();
    let code = code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    let msg = message(
        exchange(&env, &client, &code, LOOPBACK_REDIRECT, &p.verifier).await,
        400,
    )
    .await;
    assert_eq!(
        msg,
        "redirect_uri does not match the one used in the authorization request"
    );
    env.shutdown().await;
}

#[tokio::test]
async fn client_authenticates_by_basic_header_or_by_body_even_beside_a_stray_bearer() {
    let env = start().await;
    let client = env.demo();
    let p = pkce();
    // HTTP Basic.
    let code = code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    let resp = env
        .http
        .post(env.url("/v1/oauth/token"))
        .basic_auth(&client.id, Some(&client.secret))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", APP_REDIRECT),
            ("code_verifier", p.verifier.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let t = tokens_from(resp).await;
    // Body.
    let resp = refresh(&env, &client, &t.refresh).await;
    assert_eq!(resp.status(), 201);
    // Body beside a stray `Authorization: Bearer` (the community JS client
    // sends its API token on every call of one client object, this one
    // included): still 201, the header ignored (peers.md S13, issue 13).
    let t = tokens_from(resp).await;
    let resp = env
        .http
        .post(env.url("/v1/oauth/token"))
        .bearer_auth("sbp_some_unrelated_api_token")
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", client.id.as_str()),
            ("client_secret", client.secret.as_str()),
            ("refresh_token", t.refresh.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);

    // Missing secret: 422 with the exact message.
    let code = code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    let resp = token_request(
        &env,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &client.id),
            ("code", &code),
            ("redirect_uri", APP_REDIRECT),
            ("code_verifier", &p.verifier),
        ],
    )
    .await;
    assert_eq!(resp.status(), 422);
    assert_eq!(
        resp.text().await.unwrap(),
        r#"{"message":"Required parameter: client_secret"}"#
    );

    // Wrong secret (body or Basic) and unknown client: 401.
    let mut wrong = client.clone();
    wrong.secret = "sba_0000000000000000000000000000000000000000".into();
    let msg = message(
        exchange(&env, &wrong, &code, APP_REDIRECT, &p.verifier).await,
        401,
    )
    .await;
    assert_eq!(msg, "Invalid client credentials");
    let resp = env
        .http
        .post(env.url("/v1/oauth/token"))
        .basic_auth(&client.id, Some("sba_nope"))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(message(resp, 401).await, "Invalid client credentials");
    let mut unknown = client.clone();
    unknown.id = "00000000-0000-4000-8000-000000000000".into();
    assert_eq!(
        message(
            exchange(&env, &unknown, &code, APP_REDIRECT, &p.verifier).await,
            401
        )
        .await,
        "Invalid client credentials"
    );
    // The code is still good after those failures.
    assert_eq!(
        exchange(&env, &client, &code, APP_REDIRECT, &p.verifier)
            .await
            .status(),
        201
    );

    // A code issued to one client cannot be redeemed by another.
    let strict = env.sb.strict_client();
    let code = code_for(&env, &client.id, LOOPBACK_REDIRECT, ACME, &p.challenge).await;
    let msg = message(
        exchange(&env, &strict, &code, LOOPBACK_REDIRECT, &p.verifier).await,
        400,
    )
    .await;
    assert_eq!(msg, "Invalid authorization code");
    env.shutdown().await;
}

#[tokio::test]
async fn token_endpoint_checks_its_body_like_the_spec() {
    let env = start().await;
    let client = env.demo();
    let msg = message(
        token_request(
            &env,
            &[
                ("grant_type", "password"),
                ("client_id", &client.id),
                ("client_secret", &client.secret),
            ],
        )
        .await,
        400,
    )
    .await;
    assert_eq!(
        msg,
        "grant_type must be one of the following values: authorization_code, refresh_token"
    );
    let msg = message(
        token_request(
            &env,
            &[("client_id", &client.id), ("client_secret", &client.secret)],
        )
        .await,
        422,
    )
    .await;
    assert_eq!(msg, "Required parameter: grant_type");
    // additionalProperties: false.
    let msg = message(
        token_request(
            &env,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", "x"),
                ("extra", "1"),
            ],
        )
        .await,
        400,
    )
    .await;
    assert_eq!(msg, "property extra should not exist");
    let msg = message(
        token_request(
            &env,
            &[
                ("grant_type", "refresh_token"),
                ("grant_type", "refresh_token"),
            ],
        )
        .await,
        400,
    )
    .await;
    assert_eq!(msg, "Parameter grant_type was given more than once");
    let resp = env
        .http
        .post(env.url("/v1/oauth/token"))
        .json(&serde_json::json!({"grant_type": "refresh_token"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        message(resp, 415).await,
        "Content-Type must be application/x-www-form-urlencoded"
    );
    env.shutdown().await;
}

#[tokio::test]
async fn refresh_rotates_both_tokens_and_kills_the_old_ones_at_once() {
    let env = start_with(|b| b.token_ttl(Duration::from_secs(60))).await;
    let client = env.demo();
    let t1 = tokens_for(&env, ACME).await;
    assert_eq!(t1.expires_in, 60);
    let t2 = tokens_from(refresh(&env, &client, &t1.refresh).await).await;
    assert_ne!(t1.access, t2.access);
    assert_ne!(t1.refresh, t2.refresh);
    assert_eq!(
        message(env.get(&t1.access, "/v1/organizations").await, 401).await,
        "Unauthorized"
    );
    let resp = refresh(&env, &client, &t1.refresh).await;
    assert_eq!(resp.status(), 404);
    assert_eq!(
        resp.text().await.unwrap(),
        r#"{"message":"No such refresh token found"}"#
    );
    // The new pair works, and the grant still covers the same organization.
    let orgs: serde_json::Value = env
        .get(&t2.access, "/v1/organizations")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(orgs[0]["slug"], ACME);
    assert_eq!(refresh(&env, &client, &t2.refresh).await.status(), 201);
    // Another client cannot use the refresh token.
    let t3 = tokens_for(&env, ACME).await;
    assert_eq!(
        message(
            refresh(&env, &env.sb.strict_client(), &t3.refresh).await,
            404
        )
        .await,
        "No such refresh token found"
    );
    env.shutdown().await;
}

#[tokio::test]
async fn access_tokens_expire_after_their_ttl_and_refresh_still_works() {
    let env = start_with(|b| b.token_ttl(Duration::from_secs(60))).await;
    let t = tokens_for(&env, ACME).await;
    env.clock.advance_by(Duration::from_secs(59));
    assert_eq!(env.get(&t.access, "/v1/profile").await.status(), 200);
    env.clock.advance_by(Duration::from_secs(1));
    assert_eq!(env.get(&t.access, "/v1/profile").await.status(), 401);
    let t2 = tokens_from(refresh(&env, &env.demo(), &t.refresh).await).await;
    assert_eq!(env.get(&t2.access, "/v1/profile").await.status(), 200);
    env.shutdown().await;
}

#[tokio::test]
async fn revoke_answers_204_and_ends_the_grant() {
    let env = start().await;
    let client = env.demo();
    let t = tokens_for(&env, ACME).await;
    let other = tokens_for(&env, LOVELACE).await;
    let revoke = |body: serde_json::Value| {
        env.http
            .post(env.url("/v1/oauth/revoke"))
            .json(&body)
            .send()
    };

    let resp = revoke(serde_json::json!({"client_id": client.id, "client_secret": "sba_wrong", "refresh_token": t.refresh}))
        .await
        .unwrap();
    assert_eq!(message(resp, 401).await, "Invalid client credentials");
    let resp = revoke(serde_json::json!({"client_id": client.id, "refresh_token": t.refresh}))
        .await
        .unwrap();
    assert_eq!(
        message(resp, 422).await,
        "Required parameter: client_secret"
    );
    let resp = revoke(serde_json::json!({"client_id": client.id, "client_secret": client.secret, "refresh_token": t.refresh, "x": 1}))
        .await
        .unwrap();
    assert_eq!(message(resp, 400).await, "property x should not exist");

    let resp = revoke(serde_json::json!({"client_id": client.id, "client_secret": client.secret, "refresh_token": t.refresh}))
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    assert!(resp.bytes().await.unwrap().is_empty());
    assert_eq!(env.get(&t.access, "/v1/profile").await.status(), 401);
    assert_eq!(
        message(refresh(&env, &client, &t.refresh).await, 404).await,
        "No such refresh token found"
    );
    let resp = revoke(serde_json::json!({"client_id": client.id, "client_secret": client.secret, "refresh_token": t.refresh}))
        .await
        .unwrap();
    assert_eq!(message(resp, 404).await, "No such refresh token found");
    // Only that grant ended.
    assert_eq!(env.get(&other.access, "/v1/profile").await.status(), 200);
    env.shutdown().await;
}

#[tokio::test]
async fn a_grant_reaches_only_its_organization() {
    let env = start().await;
    let t = tokens_for(&env, ACME).await;
    assert_eq!(
        env.get(&t.access, &format!("/v1/organizations/{ACME}"))
            .await
            .status(),
        200
    );
    for path in [
        format!("/v1/organizations/{LOVELACE}"),
        format!("/v1/organizations/{LOVELACE}/projects"),
        format!("/v1/projects/{NOTEBOOK}"),
        format!("/v1/projects/{NOTEBOOK}/config/auth"),
        format!("/v1/projects/{NOTEBOOK}/api-keys"),
        format!("/v1/projects/{NOTEBOOK}/health?services=auth"),
        format!("/v1/projects/available-regions?organization_slug={LOVELACE}"),
        // Not even an organization the user cannot see is 404 for a grant: it is out of scope.
        format!("/v1/organizations/{HOPPER}"),
    ] {
        let resp = env.get(&t.access, &path).await;
        assert_eq!(resp.status(), 403, "{path}");
    }
    let resp = env
        .http
        .post(env.url("/v1/projects"))
        .bearer_auth(&t.access)
        .json(&serde_json::json!({"db_pass": "pw-123456", "name": "x", "organization_slug": LOVELACE}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let projects: serde_json::Value = env
        .get(&t.access, "/v1/projects")
        .await
        .json()
        .await
        .unwrap();
    let projects = projects.as_array().unwrap();
    assert_eq!(projects.len(), 4);
    assert!(projects.iter().all(|p| p["organization_slug"] == ACME));
    env.shutdown().await;
}

#[tokio::test]
async fn the_grant_belongs_to_the_pre_approved_user_and_org() {
    let env = start().await;
    // Grace's organization, pre-approved for Grace.
    let mut req = PreApprove::org(HOPPER);
    req.user_id = Some(SECOND_USER_ID.into());
    env.sb.pre_approve(req).unwrap();
    let p = pkce();
    let client = env.demo();
    let resp = env
        .http
        .get(authorize_url(
            &env,
            &client.id,
            APP_REDIRECT,
            "s",
            &p.challenge,
        ))
        .send()
        .await
        .unwrap();
    let code = param(&redirect_params(&resp), "code").unwrap().to_owned();
    let t = tokens_from(exchange(&env, &client, &code, APP_REDIRECT, &p.verifier).await).await;
    let profile: serde_json::Value = env
        .get(&t.access, "/v1/profile")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["primary_email"], "grace@example.com");
    // Ada cannot be pre-approved for an organization she is not in.
    assert!(env.sb.pre_approve(PreApprove::org(HOPPER)).is_err());
    env.shutdown().await;
}
