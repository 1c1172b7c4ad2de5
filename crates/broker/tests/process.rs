//! The broker binary, run as a publisher runs it, in front of the sandbox
//! over loopback HTTP: both grant types for all three providers, revoke,
//! every refusal, the provider's errors passed through, SIGTERM, and a log
//! (at `trace`) that holds no token, code, verifier or secret.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;

use latchkey_sandbox::{FaultRule, Sandbox};
use serde_json::Value;

mod common;
use common::{authorization_code, deep_link, post_form, providers};

struct BrokerProcess {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl BrokerProcess {
    fn start(sb: &Sandbox, limits: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("broker.toml");
        std::fs::write(&config, common::config_text(sb, "127.0.0.1:0", limits)).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_latchkey-broker"))
            .arg("--config")
            .arg(&config)
            .envs(common::secret_env(sb))
            // The most a user could ask for: the log must stay clean anyway.
            .env("RUST_LOG", "trace")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the broker binary starts");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert!(
            ready.starts_with("http://127.0.0.1:"),
            "ready line: {ready:?}"
        );
        Self {
            child,
            url: ready.trim().to_owned(),
            _dir: dir,
        }
    }

    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// SIGTERM, then the exit status and everything it logged.
    fn stop(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let status = self.child.wait().unwrap();
        let mut log = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut log)
            .unwrap();
        (status, log)
    }
}

async fn json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

#[tokio::test]
async fn both_grants_and_revoke_for_every_provider_and_a_log_with_no_secret() {
    let sb = common::sandbox().await;
    let broker = BrokerProcess::start(&sb, "");
    let mut secrets: Vec<String> = common::secret_env(&sb).into_values().collect();

    for (def, _, which) in providers(&sb) {
        let (code, verifier) = authorization_code(&sb, &def, which).await;
        let link = deep_link(&def.id);
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", link.as_str()),
            ("client_id", def.client_id.as_str()),
        ];
        if let Some(v) = &verifier {
            form.push(("code_verifier", v));
        }
        let token_url = broker.at(&format!("/v1/{}/token", def.id));
        let response = post_form(&token_url, &form).await;
        assert_eq!(response.headers()["cache-control"], "no-store");
        let (status, tokens) = json(response).await;
        // The provider's own success status: Supabase answers 201.
        let expected = if def.id == "supabase" { 201 } else { 200 };
        assert_eq!(status, expected, "{}: {tokens}", def.id);
        let access = tokens["access_token"].as_str().unwrap().to_owned();
        secrets.extend([code.clone(), access.clone()]);
        secrets.extend(verifier.clone());

        if def.refresh {
            let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
            secrets.push(refresh.clone());
            let renew = [
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh.as_str()),
            ];
            let (status, renewed) = json(post_form(&token_url, &renew).await).await;
            assert_eq!(status, expected, "{} refresh: {renewed}", def.id);
            let rotated = renewed["refresh_token"].as_str().unwrap().to_owned();
            secrets.extend([
                rotated.clone(),
                renewed["access_token"].as_str().unwrap().to_owned(),
            ]);

            let revoke_url = broker.at(&format!("/v1/{}/revoke", def.id));
            let revoke = [
                ("token", rotated.as_str()),
                ("token_type_hint", "refresh_token"),
            ];
            let response = post_form(&revoke_url, &revoke).await;
            assert!(
                response.status().is_success(),
                "{} revoke: {}",
                def.id,
                response.status()
            );
            // Revoked: the refresh token no longer renews.
            let dead = [
                ("grant_type", "refresh_token"),
                ("refresh_token", rotated.as_str()),
            ];
            let (status, _) = json(post_form(&token_url, &dead).await).await;
            assert!(
                (400..500).contains(&status),
                "{} after revoke: {status}",
                def.id
            );
        }
        // A code is good once (replaying it revokes the grant, RFC 6749
        // §4.1.2, so last): the provider's refusal comes back as it said it.
        let (status, again) = json(post_form(&token_url, &form).await).await;
        assert!(
            status == 400 || status == 404,
            "{}: {status} {again}",
            def.id
        );
    }
    if let Some(grant) = sb.grants().first() {
        assert!(
            grant.revoked_at.is_some(),
            "Supabase saw the revoke: {grant:?}"
        );
    }

    let (status, log) = broker.stop();
    assert!(status.success(), "SIGTERM is a clean stop: {status}\n{log}");
    assert!(log.contains("stopped"), "{log}");
    assert!(log.contains("token request passed on"), "{log}");
    for secret in &secrets {
        assert!(secret.len() >= 8, "a real value: {secret:?}");
        assert!(
            !log.contains(secret.as_str()),
            "the log holds a secret value:\n{log}"
        );
    }
}

#[tokio::test]
async fn every_refusal_is_a_clear_json_error_that_never_looks_like_a_dead_grant() {
    let sb = common::sandbox().await;
    let broker = BrokerProcess::start(&sb, "max_body_bytes = 1024");
    let token = broker.at("/v1/supabase/token");
    let link = deep_link("supabase");
    let code_form = |redirect: &'static str| {
        vec![
            ("grant_type", "authorization_code"),
            ("code", "c"),
            ("code_verifier", "v"),
            ("redirect_uri", redirect),
        ]
    };
    type Case<'a> = (String, Vec<(&'a str, &'a str)>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            broker.at("/v1/gitlab/token"),
            vec![("grant_type", "refresh_token"), ("refresh_token", "r")],
            404,
            "unknown_provider",
        ),
        (
            token.clone(),
            vec![("grant_type", "client_credentials")],
            400,
            "unsupported_grant_type",
        ),
        (
            token.clone(),
            code_form("https://evil.example/callback"),
            400,
            "invalid_request",
        ),
        (
            token.clone(),
            vec![
                ("grant_type", "refresh_token"),
                ("refresh_token", "r"),
                ("client_secret", "mine"),
            ],
            400,
            "invalid_request",
        ),
    ];
    for (url, form, status, error) in cases {
        let (got, body) = json(post_form(&url, &form).await).await;
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(error)),
            "{url} {body}"
        );
        assert!(body["error_description"]
            .as_str()
            .is_some_and(|d| d.len() > 10));
    }
    // The allowed redirect gets as far as the provider, which refuses the made-up code.
    let (status, body) =
        json(post_form(&token, &code_form(Box::leak(link.into_boxed_str()))).await).await;
    assert!(
        (400..500).contains(&status) && body["error"] != "invalid_request",
        "{status} {body}"
    );

    let http = reqwest::Client::new();
    let big = "x".repeat(2000);
    let response = http
        .post(&token)
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", big.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let response = http
        .post(&token)
        .json(&serde_json::json!({"grant_type": "refresh_token"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);

    let health: Value = http
        .get(broker.at("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(
        health["providers"],
        serde_json::json!(["neon", "netlify", "supabase"])
    );
    let _ = broker.stop();
}

#[tokio::test]
async fn the_providers_errors_and_waits_come_back_unchanged_and_a_slow_one_times_out() {
    let sb = common::sandbox().await;
    let broker = BrokerProcess::start(&sb, "upstream_timeout_seconds = 1");
    let token = broker.at("/v1/supabase/token");
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", "sbr_whatever"),
    ];

    sb.add_fault(FaultRule::from_str("POST /v1/oauth/token status=503 times=1").unwrap())
        .unwrap();
    let (status, body) = json(post_form(&token, &form).await).await;
    assert_eq!(status, 503, "{body}");
    assert!(body["message"].is_string(), "Supabase's shape: {body}");

    sb.add_fault(FaultRule::from_str("POST /v1/oauth/token 429 times=1").unwrap())
        .unwrap();
    let response = post_form(&token, &form).await;
    assert_eq!(response.status(), 429);
    let waits = ["retry-after", "x-ratelimit-reset"];
    assert!(
        waits.iter().any(|h| response.headers().contains_key(*h)),
        "the wait is passed on: {:?}",
        response.headers()
    );

    sb.add_fault(FaultRule::from_str("POST /v1/oauth/token latency=3000ms times=1").unwrap())
        .unwrap();
    let (status, body) = json(post_form(&token, &form).await).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (504, Some("upstream_timeout")),
        "{body}"
    );
    let _ = broker.stop();
}

#[tokio::test]
async fn each_address_is_rate_limited_with_a_wait() {
    let sb = common::sandbox().await;
    let broker = BrokerProcess::start(&sb, "requests_per_minute = 3");
    let token = broker.at("/v1/neon/token");
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", "not-a-token"),
    ];
    for _ in 0..3 {
        assert_ne!(post_form(&token, &form).await.status(), 429);
    }
    let response = post_form(&token, &form).await;
    assert_eq!(response.status(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let (_, body) = json(response).await;
    assert_eq!(body["error"], "rate_limited");
    let _ = broker.stop();
}

#[tokio::test]
async fn the_relay_page_is_served_for_configured_providers_only() {
    let sb = common::sandbox().await;
    let broker = BrokerProcess::start(&sb, "");
    let http = reqwest::Client::new();
    for path in ["/relay/supabase?code=abc&state=xyz", "/relay/debug/neon"] {
        let response = http.get(broker.at(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(response.text().await.unwrap().contains("/relay/relay.js"));
    }
    let script = http.get(broker.at("/relay/relay.js")).send().await.unwrap();
    assert!(script.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(
        http.get(broker.at("/relay/gitlab"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let (_, log) = broker.stop();
    assert!(
        !log.contains("abc"),
        "a relay page's query is never logged:\n{log}"
    );
}
