//! Neon's OAuth server under `/neon`: discovery, the code flow with PKCE,
//! refresh rotation, offline scope, revocation, error pages and redirects.

use latchkey_sandbox::{Decision, Provider, NEON_SCOPES};
use serde_json::Value;

use crate::common::*;
use crate::helpers::*;
use crate::spec_types::*;

#[tokio::test]
async fn discovery_document_lists_the_endpoints_and_methods() {
    let env = start().await;
    let resp = env
        .http
        .get(format!(
            "{}/.well-known/openid-configuration",
            env.sb.neon_base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let doc: Value = resp.json().await.unwrap();
    let base = env.sb.neon_base_url();
    assert_eq!(doc["issuer"], format!("{base}/"));
    assert_eq!(doc["authorization_endpoint"], format!("{base}/oauth2/auth"));
    assert_eq!(doc["token_endpoint"], format!("{base}/oauth2/token"));
    assert_eq!(doc["revocation_endpoint"], format!("{base}/oauth2/revoke"));
    let list = |k: &str| -> Vec<String> {
        serde_json::from_value(doc[k].clone()).unwrap_or_else(|_| panic!("{k} is a list"))
    };
    assert_eq!(list("scopes_supported"), NEON_SCOPES.map(str::to_owned));
    assert!(list("code_challenge_methods_supported").contains(&"S256".to_owned()));
    for m in ["none", "client_secret_post"] {
        assert!(list("token_endpoint_auth_methods_supported").contains(&m.to_owned()));
    }
    assert_eq!(list("response_types_supported"), ["code"]);
    assert_eq!(
        list("grant_types_supported"),
        ["authorization_code", "refresh_token"]
    );
    env.shutdown().await;
}

#[tokio::test]
async fn code_flow_through_the_consent_page_with_pkce() {
    let env = start().await;
    let p = pkce();
    let url = neon_authorize_url(
        &env,
        NEON_LOOPBACK,
        "openid offline_access urn:neoncloud:projects:read",
        &p.challenge,
    );
    let page = env.http.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Neon"), "the page is Neon's");
    assert!(
        html.contains("urn:neoncloud:projects:read"),
        "scopes are listed"
    );
    assert!(html.contains("action=\"/neon/oauth/decision\""));
    let resp = env
        .http
        .post(env.url("/neon/oauth/decision"))
        .form(&[
            ("request_id", request_id(&html).as_str()),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert!(location_of(&resp).starts_with(NEON_LOOPBACK));
    let params = redirect_params(&resp);
    assert_eq!(param(&params, "state"), Some(STATE));
    assert_eq!(
        param(&params, "scope"),
        Some("openid offline_access urn:neoncloud:projects:read")
    );
    let code = param(&params, "code").unwrap().to_owned();

    // A wrong verifier fails; the right one succeeds once.
    let id = env.sb.neon_demo_client().id;
    let wrong = pkce();
    let bad = neon_token(
        &env,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &id),
            ("code", &code),
            ("redirect_uri", NEON_LOOPBACK),
            ("code_verifier", &wrong.verifier),
        ],
    )
    .await;
    assert_eq!(bad.status(), 400);
    let e: OAuthError = bad.json().await.unwrap();
    assert_eq!(e.error, "invalid_grant");
    let ok = neon_token(
        &env,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &id),
            ("code", &code),
            ("redirect_uri", NEON_LOOPBACK),
            ("code_verifier", &p.verifier),
        ],
    )
    .await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["cache-control"], "no-store");
    let t: NeonTokenResponse = ok.json().await.unwrap();
    assert_eq!(t.token_type, "bearer");
    assert_eq!(t.expires_in, 86_400);
    assert_eq!(t.scope, "openid offline_access urn:neoncloud:projects:read");
    assert!(t.refresh_token.is_some());
    let me = neon_get(&env, &t.access_token, "/users/me").await;
    assert_eq!(me.status(), 200);
    env.shutdown().await;
}

#[tokio::test]
async fn client_secret_post_works_and_a_wrong_secret_is_invalid_client() {
    let env = start().await;
    let client = env.sb.neon_demo_client();
    let (code, verifier) = neon_code(&env, "offline").await;
    let bad = neon_token(
        &env,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &client.id),
            ("client_secret", "not-the-secret"),
            ("code", &code),
            ("redirect_uri", NEON_APP_REDIRECT),
            ("code_verifier", &verifier),
        ],
    )
    .await;
    assert_eq!(bad.status(), 401);
    let e: OAuthError = bad.json().await.unwrap();
    assert_eq!(e.error, "invalid_client");
    let ok = neon_token(
        &env,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &client.id),
            ("client_secret", &client.secret),
            ("code", &code),
            ("redirect_uri", NEON_APP_REDIRECT),
            ("code_verifier", &verifier),
        ],
    )
    .await;
    assert_eq!(ok.status(), 200);
    let unknown = neon_token(
        &env,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "nobody"),
            ("refresh_token", "x"),
        ],
    )
    .await;
    assert_eq!(unknown.status(), 401);
    env.shutdown().await;
}

#[tokio::test]
async fn no_refresh_token_without_an_offline_scope() {
    let env = start().await;
    let t: NeonTokenResponse =
        serde_json::from_value(neon_access_token(&env, "urn:neoncloud:projects:read").await)
            .unwrap();
    assert!(t.refresh_token.is_none());
    for offline in ["offline", "offline_access"] {
        let t: NeonTokenResponse =
            serde_json::from_value(neon_access_token(&env, offline).await).unwrap();
        assert!(t.refresh_token.is_some(), "{offline} gives a refresh token");
    }
    env.shutdown().await;
}

#[tokio::test]
async fn refresh_rotates_both_tokens_and_a_reused_one_revokes_the_chain() {
    let env = start().await;
    let first: NeonTokenResponse = serde_json::from_value(
        neon_access_token(&env, "offline urn:neoncloud:projects:read").await,
    )
    .unwrap();
    let id = env.sb.neon_demo_client().id;
    let r1 = first.refresh_token.clone().unwrap();
    let resp = neon_token(
        &env,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &id),
            ("refresh_token", &r1),
        ],
    )
    .await;
    assert_eq!(resp.status(), 200);
    let second: NeonTokenResponse = resp.json().await.unwrap();
    assert_ne!(second.access_token, first.access_token);
    let r2 = second.refresh_token.clone().unwrap();
    assert_ne!(r2, r1, "the refresh token rotates");
    assert_eq!(second.scope, "offline urn:neoncloud:projects:read");
    // The old tokens are dead.
    assert_eq!(
        neon_get(&env, &first.access_token, "/projects")
            .await
            .status(),
        401
    );
    assert_eq!(
        neon_get(&env, &second.access_token, "/projects")
            .await
            .status(),
        200
    );

    // Expired access tokens are 401; the refresh token still works.
    assert_eq!(env.sb.expire_provider_tokens(Provider::Neon), 1);
    assert_eq!(
        neon_get(&env, &second.access_token, "/projects")
            .await
            .status(),
        401
    );
    let third = neon_token(
        &env,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &id),
            ("refresh_token", &r2),
        ],
    )
    .await;
    assert_eq!(third.status(), 200);
    let third: NeonTokenResponse = third.json().await.unwrap();

    // Hydra (fosite) treats a rotated-out refresh token coming back as
    // theft: invalid_grant, and the whole chain is revoked, the live pair
    // included (peers.md N7). A lost refresh race ends the session.
    let replay = neon_token(
        &env,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &id),
            ("refresh_token", &r1),
        ],
    )
    .await;
    assert_eq!(replay.status(), 400);
    assert_eq!(
        replay.json::<OAuthError>().await.unwrap().error,
        "invalid_grant"
    );
    assert_eq!(
        neon_get(&env, &third.access_token, "/projects")
            .await
            .status(),
        401,
        "the live access token died with the chain"
    );
    let after = neon_token(
        &env,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &id),
            ("refresh_token", third.refresh_token.as_deref().unwrap()),
        ],
    )
    .await;
    assert_eq!(after.status(), 400, "so did the live refresh token");
    env.shutdown().await;
}

#[tokio::test]
async fn codes_are_single_use_and_a_replay_revokes_the_grant() {
    let env = start().await;
    let (code, verifier) = neon_code(&env, "urn:neoncloud:projects:read").await;
    let t: NeonTokenResponse = neon_exchange(&env, &code, &verifier)
        .await
        .json()
        .await
        .unwrap();
    let again = neon_exchange(&env, &code, &verifier).await;
    assert_eq!(again.status(), 400);
    assert_eq!(
        again.json::<OAuthError>().await.unwrap().error,
        "invalid_grant"
    );
    assert_eq!(
        neon_get(&env, &t.access_token, "/projects").await.status(),
        401
    );
    env.shutdown().await;
}

#[tokio::test]
async fn revoke_ends_the_grant_and_answers_200() {
    let env = start().await;
    let t: NeonTokenResponse = serde_json::from_value(
        neon_access_token(&env, "offline urn:neoncloud:projects:read").await,
    )
    .unwrap();
    let id = env.sb.neon_demo_client().id;
    let revoke = |token: String| {
        let env = &env;
        let id = id.clone();
        async move {
            env.http
                .post(format!("{}/oauth2/revoke", env.sb.neon_base_url()))
                .form(&[("token", token.as_str()), ("client_id", id.as_str())])
                .send()
                .await
                .unwrap()
        }
    };
    let r = revoke(t.refresh_token.clone().unwrap()).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        neon_get(&env, &t.access_token, "/projects").await.status(),
        401
    );
    let refresh = neon_token(
        &env,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &id),
            ("refresh_token", &t.refresh_token.unwrap()),
        ],
    )
    .await;
    assert_eq!(refresh.status(), 400);
    // Unknown tokens are fine too (RFC 7009 §2.2).
    assert_eq!(revoke("no-such-token".to_owned()).await.status(), 200);
    env.shutdown().await;
}

#[tokio::test]
async fn bad_client_or_redirect_shows_an_error_page_without_redirecting() {
    let env = start().await;
    let p = pkce();
    let wrong = neon_authorize_url(&env, "http://127.0.0.1:9/evil", "openid", &p.challenge);
    let resp = env.http.get(wrong).send().await.unwrap();
    assert_eq!(resp.status(), 400);
    assert!(resp.headers().get("location").is_none());
    assert!(resp
        .text()
        .await
        .unwrap()
        .contains("Redirect URI not registered"));
    // The Supabase demo redirect is not Neon's.
    let supabase = neon_authorize_url(&env, APP_REDIRECT, "openid", &p.challenge);
    assert_eq!(env.http.get(supabase).send().await.unwrap().status(), 400);
    let unknown = neon_authorize_url(&env, NEON_APP_REDIRECT, "openid", &p.challenge)
        .replace("latchkey-sandbox-neon", "someone-else");
    let resp = env.http.get(unknown).send().await.unwrap();
    assert_eq!(resp.status(), 400);
    assert!(resp.text().await.unwrap().contains("Unknown application"));
    env.shutdown().await;
}

#[tokio::test]
async fn deny_redirects_with_access_denied() {
    let env = start().await;
    let p = pkce();
    env.sb.pre_approve_provider(Provider::Neon, Decision::Deny);
    let resp = env
        .http
        .get(neon_authorize_url(
            &env,
            NEON_APP_REDIRECT,
            "openid",
            &p.challenge,
        ))
        .send()
        .await
        .unwrap();
    let params = redirect_params(&resp);
    assert_eq!(param(&params, "error"), Some("access_denied"));
    assert_eq!(param(&params, "state"), Some(STATE));
    assert!(param(&params, "code").is_none());

    // The same through the page's Deny button.
    let page = env
        .http
        .get(neon_authorize_url(
            &env,
            NEON_APP_REDIRECT,
            "openid",
            &p.challenge,
        ))
        .send()
        .await
        .unwrap();
    let rid = request_id(&page.text().await.unwrap());
    let resp = env
        .http
        .post(env.url("/neon/oauth/decision"))
        .form(&[("request_id", rid.as_str()), ("decision", "deny")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        param(&redirect_params(&resp), "error"),
        Some("access_denied")
    );
    env.shutdown().await;
}

#[tokio::test]
async fn request_problems_are_reported_by_redirect() {
    let env = start().await;
    let p = pkce();
    let base = neon_authorize_url(&env, NEON_APP_REDIRECT, "openid", &p.challenge);
    let cases = [
        (
            base.replace("scope=openid", "scope=openid+admin"),
            "invalid_scope",
        ),
        (
            base.replace("code_challenge_method=S256", "code_challenge_method=plain"),
            "invalid_request",
        ),
        (
            base.replace(&format!("&code_challenge={}", p.challenge), ""),
            "invalid_request",
        ),
        (
            base.replace("response_type=code", "response_type=token"),
            "unsupported_response_type",
        ),
        (
            base.replace(&format!("state={STATE}"), "state=short"),
            "invalid_state",
        ),
    ];
    for (url, error) in cases {
        let resp = env.http.get(&url).send().await.unwrap();
        let params = redirect_params(&resp);
        assert_eq!(param(&params, "error"), Some(error), "{url}");
        assert!(param(&params, "error_description").is_some());
    }
    env.shutdown().await;
}

#[tokio::test]
async fn token_endpoint_errors_are_oauth_errors() {
    let env = start().await;
    let id = env.sb.neon_demo_client().id;
    let resp = neon_token(&env, &[("grant_type", "password"), ("client_id", &id)]).await;
    assert_eq!(resp.status(), 400);
    let e: OAuthError = resp.json().await.unwrap();
    assert_eq!(e.error, "unsupported_grant_type");
    let resp = neon_token(
        &env,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &id),
            ("code", "nope"),
            ("redirect_uri", NEON_APP_REDIRECT),
            ("code_verifier", &pkce().verifier),
        ],
    )
    .await;
    assert_eq!(resp.status(), 400);
    assert_eq!(
        resp.json::<OAuthError>().await.unwrap().error,
        "invalid_grant"
    );
    // The wrong redirect_uri for a good code.
    let (code, verifier) = neon_code(&env, "openid").await;
    let resp = neon_token(
        &env,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &id),
            ("code", &code),
            ("redirect_uri", NEON_LOOPBACK),
            ("code_verifier", &verifier),
        ],
    )
    .await;
    assert_eq!(
        resp.json::<OAuthError>().await.unwrap().error,
        "invalid_grant"
    );
    env.shutdown().await;
}

#[tokio::test]
async fn codes_and_access_tokens_expire_on_the_sandbox_clock() {
    let env = start().await;
    let (code, verifier) = neon_code(&env, "offline urn:neoncloud:projects:read").await;
    env.clock.advance_by(std::time::Duration::from_secs(301));
    let late = neon_exchange(&env, &code, &verifier).await;
    assert_eq!(late.status(), 400);
    assert_eq!(
        late.json::<OAuthError>().await.unwrap().error,
        "invalid_grant"
    );

    let t: NeonTokenResponse = serde_json::from_value(
        neon_access_token(&env, "offline urn:neoncloud:projects:read").await,
    )
    .unwrap();
    assert_eq!(
        neon_get(&env, &t.access_token, "/projects").await.status(),
        200
    );
    env.clock.advance_by(std::time::Duration::from_secs(86_400));
    assert_eq!(
        neon_get(&env, &t.access_token, "/projects").await.status(),
        401
    );
    let id = env.sb.neon_demo_client().id;
    let refreshed = neon_token(
        &env,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &id),
            ("refresh_token", &t.refresh_token.unwrap()),
        ],
    )
    .await;
    assert_eq!(
        refreshed.status(),
        200,
        "refresh tokens outlive access tokens"
    );
    env.shutdown().await;
}
