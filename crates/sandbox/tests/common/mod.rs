//! Helpers shared by the integration tests: start a sandbox on loopback,
//! drive the OAuth flow over real HTTP, read redirects.
#![allow(dead_code, unused_imports)]

use std::sync::atomic::{AtomicU64, Ordering};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use latchkey_sandbox::{ClientInfo, ManualClock, PreApprove, Sandbox, SandboxBuilder, Seed};
use reqwest::header::LOCATION;
use sha2::{Digest, Sha256};

pub use latchkey_sandbox::seed::{
    DEMO_ACCESS_TOKEN, DEMO_CLIENT_ID, DEMO_USER_ID, SECOND_USER_ID, STRICT_CLIENT_ID,
};

/// Ada's organizations in the demo seed.
pub const ACME: &str = "udaxihhexdvxrcsnbacg";
pub const LOVELACE: &str = "hqtargwuwrnhosizayzf";
pub const ENGINES: &str = "wnkiegykdcmdlltizbxo";
/// Grace's organization (Ada is not a member).
pub const HOPPER: &str = "rdmcrjutlsgwcbvhyjch";
/// acme-web, in ACME.
pub const ACME_WEB: &str = "dmioulfllgviwvuctufr";
/// notebook, in LOVELACE.
pub const NOTEBOOK: &str = "tcmmtoqiravxdvryiyuk";
/// cobol-modernizer, in HOPPER.
pub const COBOL: &str = "xbvuudbmxkzdhggroenf";

pub const APP_REDIRECT: &str = "dev.latchkey.debug:/oauth/supabase";
pub const LOOPBACK_REDIRECT: &str = "http://127.0.0.1:53682/oauth/supabase";
pub const RELAY_REDIRECT: &str = "https://latchkey.dev/relay/supabase";

pub struct Env {
    pub sb: Sandbox,
    pub http: reqwest::Client,
    pub clock: ManualClock,
}

impl Env {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sb.base_url())
    }

    pub fn admin(&self, path: &str) -> String {
        format!("{}{path}", self.sb.admin_url().expect("admin listener on"))
    }

    pub fn demo(&self) -> ClientInfo {
        self.sb.demo_client()
    }

    /// GET a Management API path with a bearer token.
    pub async fn get(&self, token: &str, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn shutdown(self) {
        self.sb.shutdown().await;
    }
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The demo seed, a manual clock, the admin listener on.
pub async fn start() -> Env {
    start_with(|b| b).await
}

pub async fn start_with(f: impl FnOnce(SandboxBuilder) -> SandboxBuilder) -> Env {
    let clock = ManualClock::starting_now();
    let builder = Sandbox::builder()
        .seed(Seed::demo())
        .clock(clock.clone())
        .admin();
    let sb = f(builder).start().await.expect("sandbox starts");
    Env {
        sb,
        http: http(),
        clock,
    }
}

/// A PKCE verifier and its S256 challenge, computed here independently.
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

pub fn pkce() -> Pkce {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let verifier = format!("test-verifier-{n:0>30}-padding-padding");
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    Pkce {
        verifier,
        challenge,
    }
}

/// The authorize URL for `client` with S256 PKCE.
pub fn authorize_url(
    env: &Env,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    challenge: &str,
) -> String {
    let mut u = url::Url::parse(&env.url("/v1/oauth/authorize")).unwrap();
    u.query_pairs_mut()
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("state", state)
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", "S256");
    u.to_string()
}

/// The query parameters of a redirect's Location header.
pub fn redirect_params(resp: &reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(resp.status(), 302, "expected a redirect");
    let loc = resp
        .headers()
        .get(LOCATION)
        .expect("Location")
        .to_str()
        .unwrap();
    let query = loc.split_once('?').map(|(_, q)| q).unwrap_or("");
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

pub fn location(resp: &reqwest::Response) -> String {
    resp.headers()
        .get(LOCATION)
        .expect("Location")
        .to_str()
        .unwrap()
        .to_owned()
}

pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Pre-approves and follows the authorize request; returns the code.
pub async fn code_for(
    env: &Env,
    client_id: &str,
    redirect_uri: &str,
    org: &str,
    challenge: &str,
) -> String {
    env.sb.pre_approve(PreApprove::org(org)).unwrap();
    let resp = env
        .http
        .get(authorize_url(env, client_id, redirect_uri, "st", challenge))
        .send()
        .await
        .unwrap();
    let params = redirect_params(&resp);
    assert_eq!(param(&params, "state"), Some("st"));
    param(&params, "code").expect("code").to_owned()
}

/// POST /v1/oauth/token with the client credentials in the body.
pub async fn token_request(env: &Env, form: &[(&str, &str)]) -> reqwest::Response {
    env.http
        .post(env.url("/v1/oauth/token"))
        .form(form)
        .send()
        .await
        .unwrap()
}

pub async fn exchange(
    env: &Env,
    client: &ClientInfo,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> reqwest::Response {
    token_request(
        env,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &client.id),
            ("client_secret", &client.secret),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ],
    )
    .await
}

pub async fn refresh(env: &Env, client: &ClientInfo, refresh_token: &str) -> reqwest::Response {
    token_request(
        env,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &client.id),
            ("client_secret", &client.secret),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
    pub expires_in: u64,
}

pub async fn tokens_from(resp: reqwest::Response) -> Tokens {
    assert_eq!(resp.status(), 201, "token endpoint answers 201");
    let v: serde_json::Value = resp.json().await.unwrap();
    Tokens {
        access: v["access_token"].as_str().unwrap().to_owned(),
        refresh: v["refresh_token"].as_str().unwrap().to_owned(),
        expires_in: v["expires_in"].as_u64().unwrap(),
    }
}

/// A full authorization for `org` with the demo client.
pub async fn tokens_for(env: &Env, org: &str) -> Tokens {
    let p = pkce();
    let client = env.demo();
    let code = code_for(env, &client.id, APP_REDIRECT, org, &p.challenge).await;
    tokens_from(exchange(env, &client, &code, APP_REDIRECT, &p.verifier).await).await
}

/// `{"message": ...}` of an error response, checking its status.
pub async fn message(resp: reqwest::Response, status: u16) -> String {
    assert_eq!(resp.status(), status, "status");
    let v: serde_json::Value = resp.json().await.unwrap();
    let obj = v.as_object().expect("error body is an object");
    assert_eq!(obj.len(), 1, "error body is exactly {{message}}: {v}");
    obj["message"]
        .as_str()
        .expect("message is a string")
        .to_owned()
}
