//! Auth config: partial SMTP updates, the write-only smtp_pass, and the
//! record of PATCH bodies.

use serde_json::{json, Value};

use crate::common::*;

async fn patch(env: &Env, token: &str, body: Value) -> reqwest::Response {
    env.http
        .patch(env.url(&format!("/v1/projects/{ACME_WEB}/config/auth")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn config(env: &Env, token: &str) -> Value {
    let resp = env
        .get(token, &format!("/v1/projects/{ACME_WEB}/config/auth"))
        .await;
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

const SMTP: [&str; 7] = [
    "smtp_admin_email",
    "smtp_host",
    "smtp_port",
    "smtp_user",
    "smtp_pass",
    "smtp_max_frequency",
    "smtp_sender_name",
];

#[tokio::test]
async fn a_partial_smtp_update_changes_only_the_fields_sent() {
    let env = start().await;
    let t = tokens_for(&env, ACME).await.access;
    let before = config(&env, &t).await;
    assert_eq!(before["smtp_host"], Value::Null);
    assert_eq!(before["smtp_max_frequency"], 60);
    assert_eq!(before["external_email_enabled"], true);

    let full = json!({
        "smtp_admin_email": "noreply@acme.test",
        "smtp_host": "smtp.acme.test",
        "smtp_port": "587",
        "smtp_user": "mailer",
        "smtp_pass": "hunter2-hunter2",
        "smtp_max_frequency": 30,
        "smtp_sender_name": "Acme",
    });
    let resp = patch(&env, &t, full.clone()).await;
    assert_eq!(resp.status(), 200);
    let after: Value = resp.json().await.unwrap();
    for k in SMTP {
        if k == "smtp_pass" {
            assert_eq!(after[k], Value::Null, "smtp_pass is write-only");
        } else {
            assert_eq!(after[k], full[k], "{k}");
        }
    }
    // Everything else is untouched.
    let mut a = after.as_object().unwrap().clone();
    let mut b = before.as_object().unwrap().clone();
    for k in SMTP {
        a.remove(k);
        b.remove(k);
    }
    assert_eq!(a, b);

    // A partial update: only the host and port change; the password stays.
    let resp = patch(
        &env,
        &t,
        json!({"smtp_host": "mail.acme.test", "smtp_port": "465"}),
    )
    .await;
    let after2: Value = resp.json().await.unwrap();
    assert_eq!(after2["smtp_host"], "mail.acme.test");
    assert_eq!(after2["smtp_port"], "465");
    assert_eq!(after2["smtp_user"], "mailer");
    assert_eq!(after2["smtp_sender_name"], "Acme");
    let stored = env.sb.stored_auth_config(ACME_WEB).unwrap();
    assert_eq!(
        stored["smtp_pass"], "hunter2-hunter2",
        "a PATCH without smtp_pass keeps it"
    );
    assert_eq!(
        config(&env, &t).await,
        after2,
        "GET and PATCH answer the same configuration"
    );

    // Explicit null clears a field; for a non-nullable one it restores the default.
    let resp = patch(
        &env,
        &t,
        json!({"smtp_pass": null, "smtp_sender_name": null, "mailer_otp_exp": 600}),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let stored = env.sb.stored_auth_config(ACME_WEB).unwrap();
    assert_eq!(stored["smtp_pass"], Value::Null);
    assert_eq!(stored["smtp_sender_name"], Value::Null);
    assert_eq!(stored["smtp_host"], "mail.acme.test");
    assert_eq!(stored["mailer_otp_exp"], 600);
    let resp = patch(&env, &t, json!({"mfa_phone_otp_length": null})).await;
    assert_eq!(
        resp.json::<Value>().await.unwrap()["mfa_phone_otp_length"],
        6
    );

    // Other projects are unaffected.
    let other: Value = env
        .get(&t, "/v1/projects/xhfomiuwrhvkyybhbzkm/config/auth")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(other["smtp_host"], Value::Null);
    env.shutdown().await;
}

#[tokio::test]
async fn every_patch_body_is_recorded_exactly_and_invalid_ones_store_nothing() {
    let env = start().await;
    let t = tokens_for(&env, ACME).await.access;
    let good = json!({"smtp_host": "smtp.acme.test", "smtp_port": "2525", "smtp_pass": "pw-1", "rate_limit_email_sent": 100});
    assert_eq!(patch(&env, &t, good.clone()).await.status(), 200);
    let bad = json!({"smtp_host": "evil.test", "smtp_port": 2525});
    let resp = patch(&env, &t, bad.clone()).await;
    assert_eq!(message(resp, 400).await, "smtp_port must be a string");
    assert_eq!(
        env.sb.stored_auth_config(ACME_WEB).unwrap()["smtp_host"],
        "smtp.acme.test",
        "a refused PATCH stores nothing"
    );

    let records = env.sb.auth_config_patches();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].reference, ACME_WEB);
    assert_eq!(records[0].body, good);
    assert_eq!(records[0].status, 200);
    assert_eq!(records[1].body, bad);
    assert_eq!(records[1].status, 400);

    // The admin API shows the same records, filterable by project.
    let via_http: Value = env
        .http
        .get(env.admin(&format!("/admin/auth-config-patches?ref={ACME_WEB}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(via_http.as_array().unwrap().len(), 2);
    assert_eq!(via_http[0]["body"], good);
    let none: Value = env
        .http
        .get(env.admin("/admin/auth-config-patches?ref=aaaaaaaaaaaaaaaaaaaa"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(none, json!([]));
    // And the stored values, password included, for "exactly what was sent" checks.
    let stored: Value = env
        .http
        .get(env.admin(&format!("/admin/projects/{ACME_WEB}/config/auth")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (k, v) in good.as_object().unwrap() {
        assert_eq!(&stored[k], v, "{k}");
    }
    assert_eq!(
        env.http
            .delete(env.admin("/admin/auth-config-patches"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert!(env.sb.auth_config_patches().is_empty());
    env.shutdown().await;
}

#[tokio::test]
async fn smtp_pass_is_never_returned_in_clear() {
    let env = start().await;
    let t = tokens_for(&env, ACME).await.access;
    let secret = "a-very-distinctive-password-4217";
    let resp = patch(&env, &t, json!({"smtp_pass": secret, "smtp_user": "u"})).await;
    let text = resp.text().await.unwrap();
    assert!(!text.contains(secret));
    let text = env
        .get(&t, &format!("/v1/projects/{ACME_WEB}/config/auth"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!text.contains(secret));
    assert!(text.contains("\"smtp_pass\":null"));
    env.shutdown().await;
}

#[tokio::test]
async fn unknown_and_read_only_fields_are_ignored() {
    let env = start().await;
    let t = tokens_for(&env, ACME).await.access;
    let before = config(&env, &t).await;
    let resp = patch(
        &env,
        &t,
        json!({"custom_oauth_max_providers": 99, "not_a_field": true}),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let after: Value = resp.json().await.unwrap();
    assert_eq!(after, before);
    assert!(after.get("not_a_field").is_none());
    env.shutdown().await;
}
