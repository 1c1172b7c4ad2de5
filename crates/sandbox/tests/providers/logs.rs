//! The binary's logs during Neon and Netlify flows: request lines only, no
//! token, code, verifier, state, secret or query value.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use latchkey_sandbox::{NEON_DEMO_CLIENT_ID, NETLIFY_DEMO_CLIENT_ID};
use serde_json::Value;

use crate::common::*;
use crate::helpers::*;

const BIN: &str = env!("CARGO_BIN_EXE_latchkey-sandbox");

struct Guard(std::process::Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn provider_flows_log_no_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("stderr.log");
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--admin-port", "0"])
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let mut guard = Guard(child);
    let urls: Vec<&str> = line.split_whitespace().collect();
    let (base, admin) = (urls[0], urls[1]);
    let http = http();

    // Neon: code flow with PKCE and a refresh.
    let p = pkce();
    http.post(format!("{admin}/admin/neon/pre-approve"))
        .send()
        .await
        .unwrap();
    let mut u = url::Url::parse(&format!("{base}/neon/oauth2/auth")).unwrap();
    u.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", NEON_DEMO_CLIENT_ID)
        .append_pair("redirect_uri", NEON_APP_REDIRECT)
        .append_pair("scope", "offline urn:neoncloud:projects:read")
        .append_pair("state", STATE)
        .append_pair("code_challenge", &p.challenge)
        .append_pair("code_challenge_method", "S256");
    let resp = http.get(u).send().await.unwrap();
    let code = param(&redirect_params(&resp), "code").unwrap().to_owned();
    let t: Value = http
        .post(format!("{base}/neon/oauth2/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", NEON_DEMO_CLIENT_ID),
            ("code", &code),
            ("redirect_uri", NEON_APP_REDIRECT),
            ("code_verifier", &p.verifier),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = t["access_token"].as_str().unwrap().to_owned();
    let refresh = t["refresh_token"].as_str().unwrap().to_owned();
    let resp = http
        .get(format!(
            "{base}/neon/api/v2/projects?search=secret-search-term"
        ))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    // Netlify: implicit grant.
    http.post(format!("{admin}/admin/netlify/pre-approve"))
        .send()
        .await
        .unwrap();
    let mut u = url::Url::parse(&format!("{base}/netlify/authorize")).unwrap();
    u.query_pairs_mut()
        .append_pair("response_type", "token")
        .append_pair("client_id", NETLIFY_DEMO_CLIENT_ID)
        .append_pair("redirect_uri", NETLIFY_APP_REDIRECT)
        .append_pair("state", STATE);
    let resp = http.get(u).send().await.unwrap();
    let loc = location_of(&resp);
    let fragment = loc.split_once('#').unwrap().1.to_owned();
    let netlify_token = url::form_urlencoded::parse(fragment.as_bytes())
        .find(|(k, _)| k == "access_token")
        .unwrap()
        .1
        .into_owned();
    let resp = http
        .get(format!("{base}/netlify/api/v1/sites"))
        .bearer_auth(&netlify_token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    let status = Command::new("kill")
        .args(["-TERM", &guard.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    guard.0.wait().unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("POST /neon/oauth2/token 200"), "{text}");
    assert!(text.contains("GET /netlify/api/v1/sites 200"), "{text}");
    for secret in [
        access.as_str(),
        refresh.as_str(),
        code.as_str(),
        p.verifier.as_str(),
        p.challenge.as_str(),
        STATE,
        netlify_token.as_str(),
        "secret-search-term",
        latchkey_sandbox::seed::DEMO_CLIENT_SECRET,
    ] {
        assert!(!text.contains(secret), "the log leaks {secret:?}:\n{text}");
    }
}
