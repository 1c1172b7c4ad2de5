//! The `latchkey-sandbox` binary: flags, the ready line, graceful stop.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::common::*;

const BIN: &str = env!("CARGO_BIN_EXE_latchkey-sandbox");

/// Starts the binary and reads its ready line.
fn spawn(args: &[&str]) -> (Child, Vec<String>) {
    let mut child = Command::new(BIN)
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let urls: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    assert!(!urls.is_empty(), "ready line printed");
    (child, urls)
}

struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_its_urls_serves_and_honours_flags() {
    let (child, urls) = spawn(&[
        "--port",
        "0",
        "--admin-port",
        "0",
        "--token-ttl",
        "60",
        "--fault",
        "GET /v1/projects error=503",
        "--generate",
        "2x5",
    ]);
    let _guard = Guard(child);
    assert_eq!(urls.len(), 2, "API and admin URLs: {urls:?}");
    assert!(urls.iter().all(|u| u.starts_with("http://127.0.0.1:")));
    let (base, admin) = (&urls[0], &urls[1]);
    let http = http();
    let orgs: Value = http
        .get(format!("{base}/v1/organizations"))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(orgs.as_array().unwrap().len(), 2, "--generate 2x5");
    let resp = http
        .get(format!("{base}/v1/projects"))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 503, "--fault");
    let settings: Value = http
        .get(format!("{admin}/admin/settings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(settings["token_ttl_secs"], 60, "--token-ttl");
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_stops_it_gracefully_and_saves_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let (child, urls) = spawn(&[
        "--port",
        "0",
        "--state-file",
        file.to_str().unwrap(),
        "--activation-delay-ms",
        "0",
    ]);
    let mut guard = Guard(child);
    assert_eq!(urls.len(), 1, "admin is off unless asked for");
    let http = http();
    let resp = http
        .post(format!("{}/v1/projects", urls[0]))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .json(&serde_json::json!({"db_pass": "pw-pw-pw-pw", "name": "from-cli", "organization_slug": ACME}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let status = Command::new("kill")
        .args(["-TERM", &guard.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = guard.0.wait().unwrap();
    assert!(exit.success(), "graceful exit: {exit:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("from-cli"));
}

#[test]
fn dump_seed_prints_a_seed_that_loads_back() {
    let out = Command::new(BIN)
        .args(["--dump-seed", "--generate", "3x4", "--generate-seed", "9"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let seed: latchkey_sandbox::Seed = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seed, latchkey_sandbox::Seed::generate(3, 4, 9));
    let out = Command::new(BIN)
        .args(["--fault", "GET /x nonsense"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid fault rule"));
    let out = Command::new(BIN)
        .args(["--generate", "lots"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// The request log names method, path, status and latency, and never a
/// token, code, secret, verifier or query value.
#[tokio::test]
async fn logs_never_contain_secrets_or_query_values() {
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

    let verifier = "log-check-verifier-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let state = "log-check-state-value";
    http.post(format!("{admin}/admin/oauth/pre-approve"))
        .json(&serde_json::json!({"organization_slug": ACME}))
        .send()
        .await
        .unwrap();
    let resp = http
        .get(format!(
            "{base}/v1/oauth/authorize?client_id={DEMO_CLIENT_ID}&redirect_uri=dev.latchkey.debug%3A%2Foauth%2Fsupabase&response_type=code&state={state}&code_challenge={verifier}&code_challenge_method=plain"
        ))
        .send()
        .await
        .unwrap();
    let code = param(&redirect_params(&resp), "code").unwrap().to_owned();
    let secret = latchkey_sandbox::seed::DEMO_CLIENT_SECRET;
    let resp = http
        .post(format!("{base}/v1/oauth/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", secret),
            ("code", code.as_str()),
            ("redirect_uri", APP_REDIRECT),
            ("code_verifier", verifier),
        ])
        .send()
        .await
        .unwrap();
    let t = tokens_from(resp).await;
    let resp = http
        .get(format!(
            "{base}/v1/projects/{ACME_WEB}/api-keys?reveal=true"
        ))
        .bearer_auth(&t.access)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    http.patch(format!("{base}/v1/projects/{ACME_WEB}/config/auth"))
        .bearer_auth(&t.access)
        .json(&serde_json::json!({"smtp_pass": "log-check-smtp-password"}))
        .send()
        .await
        .unwrap();

    let status = Command::new("kill")
        .args(["-TERM", &guard.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    guard.0.wait().unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("POST /v1/oauth/token 201"),
        "requests are logged:\n{text}"
    );
    assert!(text.contains(&format!("GET /v1/projects/{ACME_WEB}/api-keys 200")));
    for secret_value in [
        t.access.as_str(),
        t.refresh.as_str(),
        code.as_str(),
        verifier,
        state,
        secret,
        "log-check-smtp-password",
        "reveal=true",
    ] {
        assert!(
            !text.contains(secret_value),
            "the log leaks {secret_value:?}:\n{text}"
        );
    }
}

#[tokio::test]
async fn plain_profile_flags_set_its_settings() {
    let (child, urls) = spawn(&[
        "--port",
        "0",
        "--admin-port",
        "0",
        "--plain-client-auth",
        "headers",
        "--plain-no-refresh-token",
        "--plain-skip-pkce",
        "--plain-require-param",
        "audience=api",
        "--plain-require-param",
        "prompt",
    ]);
    let _guard = Guard(child);
    let settings: Value = http()
        .get(format!("{}/admin/plain/settings", urls[1]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        settings,
        serde_json::json!({
            "clientAuth": "headers",
            "noRefreshToken": true,
            "skipPkce": true,
            "requiredParams": {"audience": "api", "prompt": null},
        })
    );
}
