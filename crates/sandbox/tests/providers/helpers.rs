//! Driving the Neon and Netlify flows from tests.

use latchkey_sandbox::{Decision, Provider};
use reqwest::header::LOCATION;
use serde_json::Value;

use crate::common::*;

pub const NEON_APP_REDIRECT: &str = "dev.latchkey:/oauth/neon";
pub const NEON_LOOPBACK: &str = "http://127.0.0.1:53682/oauth/neon";
pub const NETLIFY_APP_REDIRECT: &str = "dev.latchkey:/oauth/netlify";
pub const NETLIFY_LOOPBACK: &str = "http://localhost:53682/oauth/netlify";
pub const STATE: &str = "state-0123456789";

pub fn neon_authorize_url(env: &Env, redirect: &str, scope: &str, challenge: &str) -> String {
    let mut u = url::Url::parse(&format!("{}/oauth2/auth", env.sb.neon_base_url())).unwrap();
    u.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &env.sb.neon_demo_client().id)
        .append_pair("redirect_uri", redirect)
        .append_pair("scope", scope)
        .append_pair("state", STATE)
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", "S256");
    u.to_string()
}

/// Pre-approves, follows /oauth2/auth and returns (code, verifier).
pub async fn neon_code(env: &Env, scope: &str) -> (String, String) {
    let p = pkce();
    env.sb
        .pre_approve_provider(Provider::Neon, Decision::Approve);
    let resp = env
        .http
        .get(neon_authorize_url(
            env,
            NEON_APP_REDIRECT,
            scope,
            &p.challenge,
        ))
        .send()
        .await
        .unwrap();
    let params = redirect_params(&resp);
    assert_eq!(param(&params, "state"), Some(STATE));
    assert_eq!(param(&params, "scope"), Some(scope));
    (param(&params, "code").expect("code").to_owned(), p.verifier)
}

pub async fn neon_token(env: &Env, form: &[(&str, &str)]) -> reqwest::Response {
    env.http
        .post(format!("{}/oauth2/token", env.sb.neon_base_url()))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// A public-client code exchange (client_id only, PKCE verifier).
pub async fn neon_exchange(env: &Env, code: &str, verifier: &str) -> reqwest::Response {
    let id = env.sb.neon_demo_client().id;
    neon_token(
        env,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &id),
            ("code", code),
            ("redirect_uri", NEON_APP_REDIRECT),
            ("code_verifier", verifier),
        ],
    )
    .await
}

/// A Neon access token with `scope`, through the whole code flow.
pub async fn neon_access_token(env: &Env, scope: &str) -> Value {
    let (code, verifier) = neon_code(env, scope).await;
    let resp = neon_exchange(env, &code, &verifier).await;
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

pub async fn neon_get(env: &Env, token: &str, path: &str) -> reqwest::Response {
    env.http
        .get(format!("{}/api/v2{path}", env.sb.neon_base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

pub fn netlify_authorize_url(env: &Env, redirect: &str, response_type: &str) -> String {
    let mut u = url::Url::parse(&format!("{}/authorize", env.sb.netlify_base_url())).unwrap();
    u.query_pairs_mut()
        .append_pair("response_type", response_type)
        .append_pair("client_id", &env.sb.netlify_demo_client().id)
        .append_pair("redirect_uri", redirect)
        .append_pair("state", STATE);
    u.to_string()
}

pub async fn netlify_token(env: &Env, form: &[(&str, &str)]) -> reqwest::Response {
    env.http
        .post(format!("{}/oauth/token", env.sb.netlify_base_url()))
        .form(form)
        .send()
        .await
        .unwrap()
}

pub async fn netlify_get(env: &Env, token: &str, path: &str) -> reqwest::Response {
    env.http
        .get(format!("{}/api/v1{path}", env.sb.netlify_base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// The hidden request id of a consent page.
pub fn request_id(html: &str) -> String {
    let marker = "name=\"request_id\" value=\"";
    let start = html.find(marker).expect("a request id") + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

pub fn location_of(resp: &reqwest::Response) -> String {
    resp.headers()[LOCATION].to_str().unwrap().to_owned()
}
