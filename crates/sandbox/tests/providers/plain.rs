//! The plain RFC 6749 profile under `/plain`: each of its settings is
//! observable (client authentication place, no refresh token, PKCE
//! optional, required authorize parameters), by builder, admin API and CLI.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use latchkey_sandbox::{ClientAuthPlace, Decision, PlainConfig, Provider};
use serde_json::{json, Value};

use crate::common::*;
use crate::helpers::*;

/// What a user-defined provider with id `acme` would use.
const REDIRECT: &str = "dev.latchkey.debug:/oauth/acme";

async fn start_plain(config: PlainConfig) -> Env {
    start_with(|b| b.plain(config)).await
}

fn authorize_url(env: &Env, extra: &[(&str, &str)]) -> String {
    let mut u = url::Url::parse(&format!("{}/oauth/authorize", env.sb.plain_base_url())).unwrap();
    u.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &env.sb.plain_demo_client().id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("state", STATE)
        .extend_pairs(extra);
    u.to_string()
}

/// Pre-approves and follows the authorize request: its redirect's params.
async fn authorize(env: &Env, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    env.sb
        .pre_approve_provider(Provider::Plain, Decision::Approve);
    let resp = env
        .http
        .get(authorize_url(env, extra))
        .send()
        .await
        .unwrap();
    assert!(
        location_of(&resp).starts_with(REDIRECT),
        "{}",
        location_of(&resp)
    );
    redirect_params(&resp)
}

/// A code issued with an S256 challenge, and its verifier.
async fn code_with_pkce(env: &Env) -> (String, String) {
    let p = pkce();
    let extra = [
        ("code_challenge", p.challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    let params = authorize(env, &extra).await;
    (
        param(&params, "code").expect("a code").to_owned(),
        p.verifier,
    )
}

async fn token(env: &Env, form: &[(&str, &str)], basic: Option<(&str, &str)>) -> reqwest::Response {
    let mut req = env
        .http
        .post(format!("{}/oauth/token", env.sb.plain_base_url()))
        .form(form);
    if let Some((id, secret)) = basic {
        req = req.header(
            "authorization",
            format!("Basic {}", STANDARD.encode(format!("{id}:{secret}"))),
        );
    }
    req.send().await.unwrap()
}

/// A code exchange with the credentials in the body.
async fn exchange(env: &Env, code: &str, verifier: Option<&str>) -> reqwest::Response {
    let c = env.sb.plain_demo_client();
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("client_id", &c.id),
        ("client_secret", &c.secret),
    ];
    form.extend(verifier.map(|v| ("code_verifier", v)));
    token(env, &form, None).await
}

async fn error_of(resp: reqwest::Response, status: u16) -> String {
    assert_eq!(resp.status(), status);
    let v: Value = resp.json().await.unwrap();
    assert!(v["error_description"].is_string(), "{v}");
    v["error"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_default_is_a_strict_code_flow_with_refresh_and_userinfo() {
    let env = start_plain(PlainConfig::default()).await;
    let (code, verifier) = code_with_pkce(&env).await;
    assert_eq!(
        param(&authorize(&env, &[]).await, "error"),
        Some("invalid_request"),
        "S256 PKCE is required"
    );
    let resp = exchange(&env, &code, Some(&verifier)).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let t: Value = resp.json().await.unwrap();
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 86_400);
    let access = t["access_token"].as_str().unwrap();
    let userinfo = |token: String| {
        let url = format!("{}/userinfo", env.sb.plain_base_url());
        env.http.get(url).bearer_auth(token).send()
    };
    let me: Value = userinfo(access.to_owned())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "ada@example.com");
    assert!(me["sub"].is_string());
    assert_eq!(
        error_of(userinfo("nope".into()).await.unwrap(), 401).await,
        "invalid_token"
    );

    let c = env.sb.plain_demo_client();
    let refresh = t["refresh_token"]
        .as_str()
        .expect("a refresh token by default");
    let form = [("grant_type", "refresh_token"), ("refresh_token", refresh)];
    let rotated = token(&env, &form, Some((&c.id, &c.secret))).await;
    assert_eq!(rotated.status(), 200);
    assert_eq!(
        userinfo(access.to_owned()).await.unwrap().status(),
        401,
        "rotation ends the old access token"
    );
    let again = token(&env, &form, Some((&c.id, &c.secret))).await;
    assert_eq!(error_of(again, 400).await, "invalid_grant");
    env.shutdown().await;
}

#[tokio::test]
async fn the_default_requires_s256_and_its_verifier() {
    let env = start_plain(PlainConfig::default()).await;
    let p = pkce();
    let plain = [
        ("code_challenge", p.verifier.as_str()),
        ("code_challenge_method", "plain"),
    ];
    assert_eq!(
        param(&authorize(&env, &plain).await, "error"),
        Some("invalid_request")
    );
    let (code, verifier) = code_with_pkce(&env).await;
    assert_eq!(
        error_of(exchange(&env, &code, None).await, 400).await,
        "invalid_grant"
    );
    let wrong = pkce().verifier;
    assert_eq!(
        error_of(exchange(&env, &code, Some(&wrong)).await, 400).await,
        "invalid_grant"
    );
    assert_eq!(
        exchange(&env, &code, Some(&verifier)).await.status(),
        200,
        "failed tries do not use the code"
    );
    env.shutdown().await;
}

#[tokio::test]
async fn skip_pkce_accepts_a_code_without_a_verifier() {
    let env = start_plain(PlainConfig {
        skip_pkce: true,
        ..PlainConfig::default()
    })
    .await;
    let params = authorize(&env, &[]).await;
    let code = param(&params, "code").expect("no challenge needed");
    assert_eq!(exchange(&env, code, None).await.status(), 200);
    // A challenge that is sent is still checked.
    let (code, _) = code_with_pkce(&env).await;
    assert_eq!(
        error_of(exchange(&env, &code, None).await, 400).await,
        "invalid_grant"
    );
    env.shutdown().await;
}

#[tokio::test]
async fn body_only_refuses_a_basic_header_and_headers_only_refuses_the_body() {
    let env = start_plain(PlainConfig {
        client_auth: Some(ClientAuthPlace::Body),
        ..PlainConfig::default()
    })
    .await;
    let c = env.sb.plain_demo_client();
    let (code, verifier) = code_with_pkce(&env).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier.as_str()),
    ];
    let basic = token(&env, &form, Some((&c.id, &c.secret))).await;
    assert_eq!(error_of(basic, 401).await, "invalid_client");
    assert_eq!(exchange(&env, &code, Some(&verifier)).await.status(), 200);

    env.sb.set_plain_config(PlainConfig {
        client_auth: Some(ClientAuthPlace::Headers),
        ..PlainConfig::default()
    });
    let (code, verifier) = code_with_pkce(&env).await;
    assert_eq!(
        error_of(exchange(&env, &code, Some(&verifier)).await, 401).await,
        "invalid_client"
    );
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier.as_str()),
    ];
    assert_eq!(
        token(&env, &form, Some((&c.id, &c.secret))).await.status(),
        200
    );
    env.shutdown().await;
}

#[tokio::test]
async fn no_refresh_token_issues_none() {
    let env = start_plain(PlainConfig {
        no_refresh_token: true,
        ..PlainConfig::default()
    })
    .await;
    let (code, verifier) = code_with_pkce(&env).await;
    let t: Value = exchange(&env, &code, Some(&verifier))
        .await
        .json()
        .await
        .unwrap();
    assert!(t["access_token"].is_string());
    assert!(t.get("refresh_token").is_none(), "{t}");
    env.shutdown().await;
}

#[tokio::test]
async fn a_missing_or_wrong_required_parameter_is_refused() {
    let config = PlainConfig::default()
        .require("audience=api")
        .require("prompt");
    let env = start_plain(config).await;
    let p = pkce();
    let mut extra = vec![
        ("code_challenge", p.challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    let params = authorize(&env, &extra).await;
    assert_eq!(param(&params, "error"), Some("invalid_request"));
    assert_eq!(param(&params, "state"), Some(STATE));
    extra.extend([("audience", "web"), ("prompt", "consent")]);
    let params = authorize(&env, &extra).await;
    assert_eq!(
        param(&params, "error"),
        Some("invalid_request"),
        "audience must be api"
    );
    extra[2] = ("audience", "api");
    assert!(param(&authorize(&env, &extra).await, "code").is_some());
    env.shutdown().await;
}

#[tokio::test]
async fn any_provider_id_may_come_back_but_nothing_else() {
    let env = start_plain(PlainConfig::default()).await;
    let mut u = url::Url::parse(&authorize_url(&env, &[])).unwrap();
    let pairs: Vec<(String, String)> = u.query_pairs().into_owned().collect();
    u.query_pairs_mut().clear();
    for (k, v) in pairs {
        let v = if k == "redirect_uri" {
            "dev.latchkey.debug:/oauth/acme/evil".to_owned()
        } else {
            v
        };
        u.query_pairs_mut().append_pair(&k, &v);
    }
    let resp = env.http.get(u.to_string()).send().await.unwrap();
    assert_eq!(resp.status(), 400, "an error page, no redirect");
    assert!(resp.headers().get("location").is_none());
    env.shutdown().await;
}

#[tokio::test]
async fn revoke_ends_the_grant() {
    let env = start_plain(PlainConfig::default()).await;
    let (code, verifier) = code_with_pkce(&env).await;
    let t: Value = exchange(&env, &code, Some(&verifier))
        .await
        .json()
        .await
        .unwrap();
    let c = env.sb.plain_demo_client();
    let revoke = env
        .http
        .post(format!("{}/oauth/revoke", env.sb.plain_base_url()))
        .form(&[
            ("token", t["refresh_token"].as_str().unwrap()),
            ("client_id", &c.id),
            ("client_secret", &c.secret),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 200);
    let url = format!("{}/userinfo", env.sb.plain_base_url());
    let me = env
        .http
        .get(url)
        .bearer_auth(t["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
    env.shutdown().await;
}

#[tokio::test]
async fn the_admin_api_reads_and_replaces_the_settings() {
    let env = start_plain(PlainConfig::default()).await;
    let url = env.admin("/admin/plain/settings");
    let got: Value = env
        .http
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        got,
        json!({"clientAuth": null, "noRefreshToken": false, "skipPkce": false, "requiredParams": {}})
    );
    let new = json!({"clientAuth": "body", "skipPkce": true, "requiredParams": {"audience": "api", "prompt": null}});
    let put: Value = env
        .http
        .put(&url)
        .json(&new)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(put["skipPkce"], true);
    let expected = PlainConfig {
        client_auth: Some(ClientAuthPlace::Body),
        skip_pkce: true,
        ..PlainConfig::default()
    }
    .require("audience=api")
    .require("prompt");
    assert_eq!(env.sb.plain_config(), expected);
    let bad = env
        .http
        .put(&url)
        .json(&json!({"noRefresh": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400, "unknown settings are refused");
    env.shutdown().await;
}
