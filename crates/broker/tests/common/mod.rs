//! Shared by the broker's tests: a sandbox with all three providers, a
//! broker config in front of it, and a browser that approves.

#![allow(dead_code)]

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use latchkey_core::providers::{neon, netlify, supabase, ProviderDefinition};
use latchkey_sandbox::{Decision, Provider, Sandbox, Seed};
use sha2::{Digest, Sha256};
use url::Url;

pub const SECRET_VARS: [(&str, &str); 3] = [
    ("supabase", "BROKER_TEST_SUPABASE_SECRET"),
    ("neon", "BROKER_TEST_NEON_SECRET"),
    ("netlify", "BROKER_TEST_NETLIFY_SECRET"),
];

pub async fn sandbox() -> Sandbox {
    Sandbox::builder()
        .seed(Seed::demo())
        .start()
        .await
        .expect("the sandbox starts")
}

/// Each provider as the sandbox serves it: definition, client secret, and
/// its id in the sandbox's admin calls.
pub fn providers(sb: &Sandbox) -> Vec<(ProviderDefinition, String, Provider)> {
    vec![
        (
            supabase::definition().with_origin(sb.base_url()).unwrap(),
            sb.demo_client().secret,
            Provider::Supabase,
        ),
        (
            neon::definition().with_origin(&sb.neon_base_url()).unwrap(),
            sb.neon_demo_client().secret,
            Provider::Neon,
        ),
        (
            netlify::definition()
                .with_origin(&sb.netlify_base_url())
                .unwrap(),
            sb.netlify_demo_client().secret,
            Provider::Netlify,
        ),
    ]
}

/// Where the sandbox serves provider `id`.
pub fn upstream(sb: &Sandbox, id: &str) -> String {
    match id {
        "supabase" => sb.base_url().to_owned(),
        "neon" => sb.neon_base_url(),
        "netlify" => sb.netlify_base_url(),
        other => panic!("no sandbox profile for {other}"),
    }
}

/// The environment the config's `client_secret_env` names read from.
pub fn secret_env(sb: &Sandbox) -> HashMap<String, String> {
    providers(sb)
        .into_iter()
        .map(|(def, secret, _)| {
            let var = SECRET_VARS.iter().find(|(id, _)| *id == def.id).unwrap().1;
            (var.to_owned(), secret)
        })
        .collect()
}

/// The redirect a debug build uses for `id` (what the broker must allow).
pub fn deep_link(id: &str) -> String {
    format!("dev.latchkey.debug:/oauth/{id}")
}

/// A config serving all three providers from `sb`; `limits` is the body
/// of a `[limits]` table.
pub fn config_text(sb: &Sandbox, listen: &str, limits: &str) -> String {
    let mut text = format!("listen = \"{listen}\"\n[limits]\n{limits}\n");
    for (def, _, _) in providers(sb) {
        let var = SECRET_VARS.iter().find(|(id, _)| *id == def.id).unwrap().1;
        let upstream = upstream(sb, &def.id);
        text.push_str(&format!(
            "[providers.{id}]\nclient_id = \"{client}\"\nclient_secret_env = \"{var}\"\nupstream = \"{upstream}\"\nredirect_uris = [\"{link}\"]\n",
            id = def.id,
            client = def.client_id,
            link = deep_link(&def.id),
        ));
    }
    text
}

pub fn config(sb: &Sandbox, limits: &str) -> latchkey_broker::Config {
    let env = secret_env(sb);
    latchkey_broker::Config::parse(
        &config_text(sb, "127.0.0.1:0", limits),
        std::path::Path::new("."),
        |var| env.get(var).cloned(),
    )
    .expect("the test config is valid")
}

/// A PKCE pair (RFC 7636): verifier, S256 challenge.
pub fn pkce() -> (String, String) {
    let verifier: String = (0..64)
        .map(|i| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[(i * 7 + 3) % 36]))
        .collect::<String>()
        + &format!("{:x}", std::process::id());
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// Plays the user: approves `def`'s consent (pre-approved at the sandbox)
/// and returns the authorization code the redirect carries, with the PKCE
/// verifier when the provider uses PKCE.
pub async fn authorization_code(
    sb: &Sandbox,
    def: &ProviderDefinition,
    which: Provider,
) -> (String, Option<String>) {
    sb.pre_approve_provider(which, Decision::Approve);
    let (verifier, challenge) = pkce();
    let mut url = def.authorize_url.clone();
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", "code")
            .append_pair("client_id", &def.client_id)
            .append_pair("redirect_uri", &deep_link(&def.id))
            .append_pair("state", "state-of-the-test");
        if !def.scopes.is_empty() {
            q.append_pair("scope", &def.scopes.join(&def.scope_separator));
        }
        if def.pkce {
            q.append_pair("code_challenge", &challenge)
                .append_pair("code_challenge_method", "S256");
        }
    }
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = http.get(url).send().await.unwrap();
    assert_eq!(response.status(), 302, "{} pre-approved authorize", def.id);
    let location = Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("a code");
    (code, def.pkce.then_some(verifier))
}

/// POSTs a form to the broker.
pub async fn post_form(url: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    reqwest::Client::new()
        .post(url)
        .form(fields)
        .send()
        .await
        .expect("the broker answers")
}
