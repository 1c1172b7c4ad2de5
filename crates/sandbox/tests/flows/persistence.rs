//! The state file: a demo survives a restart, and the file holds no raw tokens.

use std::time::Duration;

use latchkey_sandbox::{ManualClock, Sandbox, Seed};
use serde_json::{json, Value};

use crate::common::*;

#[tokio::test]
async fn state_survives_a_restart_without_storing_raw_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let clock = ManualClock::starting_now();
    let env = start_with(|b| {
        b.state_file(&file)
            .clock(clock.clone())
            .activation_delay(Duration::ZERO)
    })
    .await;
    assert!(file.exists(), "the state file is written at start");
    let t = tokens_for(&env, ACME).await;
    let created: Value = env
        .http
        .post(env.url("/v1/projects"))
        .bearer_auth(&t.access)
        .json(&json!({"db_pass": "secret-db-pass-991", "name": "survivor", "organization_slug": ACME}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let reference = created["ref"].as_str().unwrap().to_owned();
    let resp = env
        .http
        .patch(env.url(&format!("/v1/projects/{reference}/config/auth")))
        .bearer_auth(&t.access)
        .json(&json!({"smtp_host": "smtp.survivor.test", "smtp_pass": "pw-kept"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    env.sb.set_current_user(SECOND_USER_ID).unwrap();
    env.shutdown().await;

    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        !text.contains(&t.access),
        "no raw access token in the state file"
    );
    assert!(
        !text.contains(&t.refresh),
        "no raw refresh token in the state file"
    );
    assert!(
        !text.contains("secret-db-pass-991"),
        "db_pass is never stored"
    );
    assert!(
        !text.contains(DEMO_ACCESS_TOKEN),
        "personal tokens are stored as digests"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");

    // Restart with a different seed: the file wins.
    let sb = Sandbox::builder()
        .seed(Seed::generate(1, 1, 1))
        .state_file(&file)
        .clock(clock.clone())
        .start()
        .await
        .unwrap();
    let http = http();
    let get = |token: String, p: String| {
        http.get(format!("{}{p}", sb.base_url()))
            .bearer_auth(token)
            .send()
    };
    let p: Value = get(t.access.clone(), format!("/v1/projects/{reference}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p["name"], "survivor");
    assert_eq!(p["status"], "ACTIVE_HEALTHY");
    let c: Value = get(
        t.access.clone(),
        format!("/v1/projects/{reference}/config/auth"),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(c["smtp_host"], "smtp.survivor.test");
    assert_eq!(
        sb.stored_auth_config(&reference).unwrap()["smtp_pass"],
        "pw-kept"
    );
    assert_eq!(sb.current_user(), SECOND_USER_ID);
    assert_eq!(
        get(DEMO_ACCESS_TOKEN.to_owned(), "/v1/profile".into())
            .await
            .unwrap()
            .status(),
        200
    );
    // The refresh token still rotates after the restart.
    let env2 = Env {
        sb,
        http: http.clone(),
        clock,
    };
    let t2 = tokens_from(refresh(&env2, &env2.demo(), &t.refresh).await).await;
    assert_eq!(env2.get(&t2.access, "/v1/profile").await.status(), 200);
    assert_eq!(env2.get(&t.access, "/v1/profile").await.status(), 401);
    env2.shutdown().await;

    // A corrupt state file is an error, not a silent reset.
    std::fs::write(&file, "{").unwrap();
    assert!(Sandbox::builder().state_file(&file).start().await.is_err());
}

/// A state file written by the sandbox before the OAuth engine was shared
/// (commit 0c9ebc9): three Supabase grants (ACME and ENGINES live, LOVELACE
/// revoked) and a project created over OAuth. Its refresh tokens are below,
/// in the clear, because only their digests are in the file. That format has
/// no Neon or Netlify section: those providers were never persisted and
/// start from their demo data, which this test checks too.
const FIXTURE: &str = include_str!("../fixtures/state-v1.json");
const FIXTURE_ACME_REFRESH: &str = "GJrifGzKE0515REivyMvSWkCjyZDDlnXJcKlexGLlxc";
const FIXTURE_ENGINES_REFRESH: &str = "WDNCQV84T-4zSr5dyR2F6OgXfD4XNE5tpnBIlj0dbrA";
const FIXTURE_PROJECT: &str = "pjkfdyjdztapcylrtuon";

#[tokio::test]
async fn a_state_file_from_the_first_format_still_loads_and_its_grants_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    std::fs::write(&file, FIXTURE).unwrap();
    let env = start_with(|b| b.state_file(&file)).await;
    let grants = env.sb.grants();
    assert_eq!(grants.len(), 3, "every grant of the file is loaded");
    assert_eq!(
        grants.iter().filter(|g| g.revoked_at.is_some()).count(),
        1,
        "the revoked grant stays revoked"
    );

    let t = tokens_from(refresh(&env, &env.demo(), FIXTURE_ACME_REFRESH).await).await;
    let projects: Value = env
        .get(&t.access, &format!("/v1/organizations/{ACME}/projects"))
        .await
        .json()
        .await
        .unwrap();
    let refs: Vec<&str> = projects["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["ref"].as_str().unwrap())
        .collect();
    assert!(refs.contains(&FIXTURE_PROJECT), "{refs:?}");
    assert!(refs.contains(&ACME_WEB), "{refs:?}");
    let engines = tokens_from(refresh(&env, &env.demo(), FIXTURE_ENGINES_REFRESH).await).await;
    assert_eq!(
        env.get(&engines.access, "/v1/organizations").await.status(),
        200
    );

    // Neon and Netlify answer with their demo data beside the loaded file.
    let neon = env
        .http
        .get(format!("{}/api/v2/projects", env.sb.neon_base_url()))
        .bearer_auth(latchkey_sandbox::NEON_DEMO_API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(neon.status(), 200);
    let neon: Value = neon.json().await.unwrap();
    assert!(!neon["projects"].as_array().unwrap().is_empty());
    let netlify = env
        .http
        .get(format!("{}/api/v1/sites", env.sb.netlify_base_url()))
        .bearer_auth(latchkey_sandbox::NETLIFY_DEMO_ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(netlify.status(), 200);
    let netlify: Value = netlify.json().await.unwrap();
    assert!(!netlify.as_array().unwrap().is_empty());
    env.shutdown().await;

    // What this sandbox wrote back loads again, with the rotated token.
    let env = start_with(|b| b.state_file(&file)).await;
    let again = tokens_from(refresh(&env, &env.demo(), &t.refresh).await).await;
    assert_eq!(env.get(&again.access, "/v1/profile").await.status(), 200);
    env.shutdown().await;
}
