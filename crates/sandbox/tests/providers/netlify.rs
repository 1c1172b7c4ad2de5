//! Netlify under `/netlify`: the code and implicit flows (no PKCE, no
//! refresh), error pages and redirects, the API with page / per_page and
//! Link headers, error bodies and faults — checked against the spec types.

use latchkey_sandbox::{
    Decision, FaultRule, Provider, NEON_DEMO_API_KEY, NETLIFY_ACCOUNT_ADA, NETLIFY_ACCOUNT_ENGINES,
    NETLIFY_DEMO_ACCESS_TOKEN, NETLIFY_DEMO_USER_ID,
};
use serde::de::DeserializeOwned;

use crate::common::*;
use crate::helpers::*;
use crate::spec_types::*;

async fn typed<T: DeserializeOwned>(resp: reqwest::Response, status: u16) -> T {
    assert_eq!(resp.status(), status);
    let body: serde_json::Value = resp.json().await.unwrap();
    serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("does not fit the spec type: {e}\nbody: {body}"))
}

async fn netlify_error(resp: reqwest::Response, status: u16) -> NetlifyError {
    let e: NetlifyError = typed(resp, status).await;
    assert_eq!(e.code, Some(i64::from(status)), "code is the status");
    e
}

async fn code_via_consent_page(env: &Env, redirect: &str) -> String {
    let page = env
        .http
        .get(netlify_authorize_url(env, redirect, "code"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Netlify"));
    assert!(html.contains("action=\"/netlify/oauth/decision\""));
    let resp = env
        .http
        .post(env.url("/netlify/oauth/decision"))
        .form(&[
            ("request_id", request_id(&html).as_str()),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert!(location_of(&resp).starts_with(redirect));
    let params = redirect_params(&resp);
    assert_eq!(param(&params, "state"), Some(STATE));
    assert!(param(&params, "scope").is_none());
    param(&params, "code").expect("code").to_owned()
}

async fn exchange(env: &Env, code: &str, redirect: &str) -> reqwest::Response {
    let c = env.sb.netlify_demo_client();
    netlify_token(
        env,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", &c.id),
            ("client_secret", &c.secret),
            ("redirect_uri", redirect),
        ],
    )
    .await
}

#[tokio::test]
async fn code_flow_gives_a_non_expiring_token_without_refresh() {
    let env = start().await;
    let code = code_via_consent_page(&env, NETLIFY_LOOPBACK).await;
    let resp = exchange(&env, &code, NETLIFY_LOOPBACK).await;
    let t: NetlifyToken = typed(resp, 200).await;
    assert_eq!(t.token_type, "Bearer");
    assert!(t.created_at.is_some());
    let user: NetlifyUser = typed(netlify_get(&env, &t.access_token, "/user").await, 200).await;
    assert_eq!(user.id.as_deref(), Some(NETLIFY_DEMO_USER_ID));
    // Single use.
    let again = exchange(&env, &code, NETLIFY_LOOPBACK).await;
    assert_eq!(again.status(), 400);
    assert_eq!(
        again.json::<OAuthError>().await.unwrap().error,
        "invalid_grant"
    );
    env.shutdown().await;
}

#[tokio::test]
async fn token_endpoint_needs_the_client_secret() {
    let env = start().await;
    env.sb
        .pre_approve_provider(Provider::Netlify, Decision::Approve);
    let resp = env
        .http
        .get(netlify_authorize_url(&env, NETLIFY_APP_REDIRECT, "code"))
        .send()
        .await
        .unwrap();
    let code = param(&redirect_params(&resp), "code").unwrap().to_owned();
    let c = env.sb.netlify_demo_client();
    for form in [
        vec![
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", &c.id),
        ],
        vec![
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", &c.id),
            ("client_secret", "wrong"),
        ],
    ] {
        let resp = netlify_token(&env, &form).await;
        assert_eq!(resp.status(), 401);
        assert_eq!(
            resp.json::<OAuthError>().await.unwrap().error,
            "invalid_client"
        );
    }
    let resp = netlify_token(
        &env,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
            ("client_id", &c.id),
            ("client_secret", &c.secret),
        ],
    )
    .await;
    assert_eq!(
        resp.json::<OAuthError>().await.unwrap().error,
        "unsupported_grant_type"
    );
    // The wrong redirect_uri for a good code.
    let resp = exchange(&env, &code, NETLIFY_LOOPBACK).await;
    assert_eq!(resp.status(), 400);
    // A refused attempt does not use the code up.
    assert_eq!(
        exchange(&env, &code, NETLIFY_APP_REDIRECT).await.status(),
        200
    );
    env.shutdown().await;
}

#[tokio::test]
async fn implicit_grant_puts_the_token_in_the_fragment() {
    let env = start().await;
    env.sb
        .pre_approve_provider(Provider::Netlify, Decision::Approve);
    let resp = env
        .http
        .get(netlify_authorize_url(&env, NETLIFY_APP_REDIRECT, "token"))
        .send()
        .await
        .unwrap();
    let loc = location_of(&resp);
    let (head, fragment) = loc.split_once('#').expect("a fragment");
    assert_eq!(head, NETLIFY_APP_REDIRECT, "nothing in the query");
    let params: Vec<(String, String)> = url::form_urlencoded::parse(fragment.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(param(&params, "token_type"), Some("Bearer"));
    assert_eq!(param(&params, "state"), Some(STATE));
    let token = param(&params, "access_token").unwrap();
    assert_eq!(netlify_get(&env, token, "/user").await.status(), 200);
    env.shutdown().await;
}

#[tokio::test]
async fn wrong_redirect_is_an_error_page_and_deny_is_access_denied() {
    let env = start().await;
    let url = netlify_authorize_url(&env, "https://evil.example/cb", "code");
    let resp = env.http.get(url).send().await.unwrap();
    assert_eq!(resp.status(), 400);
    assert!(resp.headers().get("location").is_none());
    assert!(resp
        .text()
        .await
        .unwrap()
        .contains("Redirect URI not registered"));
    // Neon's redirect is not Netlify's.
    let url = netlify_authorize_url(&env, NEON_APP_REDIRECT, "code");
    assert_eq!(env.http.get(url).send().await.unwrap().status(), 400);

    env.sb
        .pre_approve_provider(Provider::Netlify, Decision::Deny);
    let resp = env
        .http
        .get(netlify_authorize_url(&env, NETLIFY_APP_REDIRECT, "code"))
        .send()
        .await
        .unwrap();
    let params = redirect_params(&resp);
    assert_eq!(param(&params, "error"), Some("access_denied"));
    assert_eq!(param(&params, "state"), Some(STATE));
    let resp = env
        .http
        .get(netlify_authorize_url(
            &env,
            NETLIFY_APP_REDIRECT,
            "id_token",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        param(&redirect_params(&resp), "error"),
        Some("unsupported_response_type")
    );
    env.shutdown().await;
}

#[tokio::test]
async fn accounts_and_user_fit_the_spec() {
    let env = start().await;
    let accounts: Vec<AccountMembership> = typed(
        netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/accounts").await,
        200,
    )
    .await;
    let ids: Vec<_> = accounts.iter().map(|a| a.id.clone().unwrap()).collect();
    assert_eq!(ids, [NETLIFY_ACCOUNT_ADA, NETLIFY_ACCOUNT_ENGINES]);
    assert!(accounts
        .iter()
        .all(|a| a.slug.is_some() && a.name.is_some()));
    let user: NetlifyUser = typed(
        netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/user").await,
        200,
    )
    .await;
    assert_eq!(user.email.as_deref(), Some("ada@example.com"));
    env.shutdown().await;
}

fn links(resp: &reqwest::Response) -> Vec<(String, String)> {
    let raw = resp.headers()["link"].to_str().unwrap().to_owned();
    raw.split(", ")
        .map(|part| {
            let (url, rel) = part.split_once("; ").unwrap();
            (
                rel.trim_start_matches("rel=\"")
                    .trim_end_matches('"')
                    .to_owned(),
                url.trim_start_matches('<').trim_end_matches('>').to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn sites_page_with_page_and_per_page_and_link_headers() {
    let env = start().await;
    let mut seen = Vec::new();
    let mut next = Some(format!(
        "{}/api/v1/sites?page=1&per_page=5",
        env.sb.netlify_base_url()
    ));
    let mut pages = 0;
    while let Some(url) = next.take() {
        let resp = env
            .http
            .get(&url)
            .bearer_auth(NETLIFY_DEMO_ACCESS_TOKEN)
            .send()
            .await
            .unwrap();
        let l = links(&resp);
        next = l
            .iter()
            .find(|(rel, _)| rel == "next")
            .map(|(_, u)| u.clone());
        assert!(l
            .iter()
            .any(|(rel, u)| rel == "last" && u.contains("page=3")));
        let sites: Vec<Site> = typed(resp, 200).await;
        assert!(sites.len() <= 5);
        for s in &sites {
            assert!(s.ssl_url.as_deref().unwrap().starts_with("https://"));
            assert!(s.admin_url.is_some() && s.url.is_some() && s.account_slug.is_some());
        }
        seen.extend(sites.into_iter().map(|s| s.id.unwrap()));
        pages += 1;
    }
    assert_eq!(pages, 3);
    let n = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!((n, seen.len()), (12, 12));

    // Default page size covers all; beyond the last page is empty.
    let all: Vec<Site> = typed(
        netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/sites").await,
        200,
    )
    .await;
    assert_eq!(all.len(), 12);
    let empty: Vec<Site> = typed(
        netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/sites?page=9&per_page=5").await,
        200,
    )
    .await;
    assert!(empty.is_empty());
    let owner: Vec<Site> = typed(
        netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/sites?filter=owner").await,
        200,
    )
    .await;
    assert_eq!(owner.len(), 4);
    netlify_error(
        netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/sites?per_page=0").await,
        422,
    )
    .await;
    env.shutdown().await;
}

#[tokio::test]
async fn errors_are_code_and_message() {
    let env = start().await;
    let resp = env
        .http
        .get(format!("{}/api/v1/sites", env.sb.netlify_base_url()))
        .send()
        .await
        .unwrap();
    netlify_error(resp, 401).await;
    netlify_error(netlify_get(&env, NEON_DEMO_API_KEY, "/user").await, 401).await;
    netlify_error(
        netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/nope").await,
        404,
    )
    .await;
    env.shutdown().await;
}

#[tokio::test]
async fn faults_match_prefixed_paths_and_answer_in_netlifys_shape() {
    let env = start().await;
    env.sb
        .add_fault(
            FaultRule::new("GET", "/netlify/api/v1/**")
                .error(500)
                .times(1),
        )
        .unwrap();
    let resp = netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/sites").await;
    assert_eq!(resp.headers()["x-sandbox-fault"], "injected");
    netlify_error(resp, 500).await;
    assert_eq!(
        netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/sites")
            .await
            .status(),
        200
    );
    env.shutdown().await;
}

/// Netlify's `X-RateLimit-Reset` is the Unix time the window ends, not the
/// seconds left as at Supabase (peers.md T4): on every answer and on a 429.
#[tokio::test]
async fn rate_limit_reset_is_a_unix_time() {
    let env = start().await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let reset = |resp: &reqwest::Response| -> u64 {
        resp.headers()["x-ratelimit-reset"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    let ok = netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/sites").await;
    assert_eq!(ok.status(), 200);
    assert!((now..=now + 61).contains(&reset(&ok)), "{}", reset(&ok));
    env.sb
        .add_fault("GET /netlify/api/v1/** 429 times=1".parse().unwrap())
        .unwrap();
    let limited = netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/sites").await;
    assert_eq!(limited.status(), 429);
    assert!(
        (now..=now + 61).contains(&reset(&limited)),
        "{}",
        reset(&limited)
    );
    // Supabase keeps seconds left.
    let supabase = env
        .http
        .get(env.url("/v1/projects"))
        .bearer_auth(latchkey_sandbox::seed::DEMO_ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert!(reset(&supabase) <= 60);
    env.shutdown().await;
}

#[tokio::test]
async fn a_consent_request_answers_only_on_its_own_providers_route() {
    let env = start().await;
    let p = pkce();
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
    let wrong = env
        .http
        .post(env.url("/netlify/oauth/decision"))
        .form(&[("request_id", rid.as_str()), ("decision", "approve")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    assert!(wrong.text().await.unwrap().contains("Request expired"));
    let right = env
        .http
        .post(env.url("/neon/oauth/decision"))
        .form(&[("request_id", rid.as_str()), ("decision", "approve")])
        .send()
        .await
        .unwrap();
    assert!(param(&redirect_params(&right), "code").is_some());
    env.shutdown().await;
}

#[tokio::test]
async fn admin_api_pre_approves_and_revokes_per_provider() {
    let env = start().await;
    let resp = env
        .http
        .post(env.admin("/admin/netlify/pre-approve"))
        .json(&serde_json::json!({ "decision": "deny" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let resp = env
        .http
        .get(netlify_authorize_url(&env, NETLIFY_APP_REDIRECT, "token"))
        .send()
        .await
        .unwrap();
    assert!(location_of(&resp).contains("#error=access_denied"));

    env.http
        .post(env.admin("/admin/netlify/pre-approve"))
        .send()
        .await
        .unwrap();
    let code_resp = env
        .http
        .get(netlify_authorize_url(&env, NETLIFY_APP_REDIRECT, "code"))
        .send()
        .await
        .unwrap();
    let code = param(&redirect_params(&code_resp), "code")
        .unwrap()
        .to_owned();
    let t: NetlifyToken = typed(exchange(&env, &code, NETLIFY_APP_REDIRECT).await, 200).await;
    let revoked: serde_json::Value = env
        .http
        .post(env.admin("/admin/netlify/grants/revoke-all"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(revoked["revoked"], 1);
    netlify_error(netlify_get(&env, &t.access_token, "/user").await, 401).await;
    // Personal tokens stay.
    assert_eq!(
        netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/user")
            .await
            .status(),
        200
    );
    let unknown = env
        .http
        .post(env.admin("/admin/heroku/pre-approve"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    env.shutdown().await;
}

#[tokio::test]
async fn one_accounts_sites_page_too() {
    let env = start().await;
    let resp = netlify_get(
        &env,
        NETLIFY_DEMO_ACCESS_TOKEN,
        "/analytical-engines/sites?per_page=5",
    )
    .await;
    let l = links(&resp);
    assert!(l
        .iter()
        .any(|(rel, u)| rel == "next" && u.contains("/api/v1/analytical-engines/sites?page=2")));
    let sites: Vec<Site> = typed(resp, 200).await;
    assert_eq!(sites.len(), 5);
    assert!(sites
        .iter()
        .all(|s| s.account_slug.as_deref() == Some("analytical-engines")));
    netlify_error(
        netlify_get(&env, NETLIFY_DEMO_ACCESS_TOKEN, "/someone-else/sites").await,
        404,
    )
    .await;
    env.shutdown().await;
}

#[tokio::test]
async fn netlify_tokens_do_not_expire() {
    let env = start().await;
    env.sb
        .pre_approve_provider(Provider::Netlify, Decision::Approve);
    let resp = env
        .http
        .get(netlify_authorize_url(&env, NETLIFY_APP_REDIRECT, "code"))
        .send()
        .await
        .unwrap();
    let code = param(&redirect_params(&resp), "code").unwrap().to_owned();
    let t: NetlifyToken = typed(exchange(&env, &code, NETLIFY_APP_REDIRECT).await, 200).await;
    env.clock
        .advance_by(std::time::Duration::from_secs(400 * 86_400));
    assert_eq!(
        netlify_get(&env, &t.access_token, "/user").await.status(),
        200
    );
    env.shutdown().await;
}
