//! Managing Supabase from the real app: create a project and watch it come
//! up; configure custom SMTP and check the sandbox stored exactly the
//! submitted fields.

use std::time::Duration;

use fantoccini::Locator;

use crate::connect::{connect_through_the_browser, desktop_for, keychain_item, sandbox};
use crate::harness::{wait_until, AppSession};

/// Waits until the detail screen's status badge says `status` (it polls).
async fn wait_for_status(app: &AppSession, status: &str) {
    wait_until(status, Duration::from_secs(30), || async {
        let badge = app
            .client
            .find(Locator::Css("[data-testid=project-status]"))
            .await
            .ok()?;
        (badge.attr("data-status").await.ok()?? == status).then_some(())
    })
    .await;
}

/// Waits until the create form's region picker has its choices.
async fn wait_for_regions(app: &AppSession) {
    wait_until("the regions to load", Duration::from_secs(15), || async {
        let select = app
            .client
            .find(Locator::Css("select[name=region]"))
            .await
            .ok()?;
        let value = select.prop("value").await.ok()??;
        value.contains(':').then_some(())
    })
    .await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn create_a_project_watch_it_come_up_and_configure_smtp() {
    let sb = sandbox().await;
    sb.set_activation_delay(Duration::from_millis(2500));
    let client = sb.demo_client();
    let (org_slug, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let mut desktop = desktop_for("manage", &sb, &client.id, &client.secret);
    // Copied secrets are cleared from the clipboard after this long (60 s
    // by default).
    desktop.set_env("LATCHKEY_CLIPBOARD_CLEAR_SECS", "4");
    let app = AppSession::launch(&desktop, &[]).await;
    connect_through_the_browser(&app, &desktop, &org_name).await;
    let before = app.count("[data-testid=project-row]").await;

    // Create: the generated password is shown once, the status goes from
    // "Coming up" to "Healthy" while the screen polls.
    app.click("[data-testid=new-project]").await;
    // A name the organization already uses is refused beside the name field
    // (issue 13), and nothing is created.
    app.type_into("input[name=name]", "acme-web").await;
    wait_for_regions(&app).await;
    app.click("[data-testid=create-submit]").await;
    let problem = app
        .wait_for_text("[data-testid=field-error][data-field=name]", |t| {
            t.contains("already exists")
        })
        .await;
    assert!(problem.contains("acme-web"), "{problem}");
    desktop.screenshot("create-name-taken");
    app.type_into("input[name=name]", "e2e-created").await;
    desktop.screenshot("create-form");
    app.click("[data-testid=create-submit]").await;
    app.wait_for("the generated password", "[data-testid=password-once]")
        .await;
    let status = app
        .attribute("[data-testid=project-status]", "data-status")
        .await;
    assert_eq!(status, "COMING_UP");
    desktop.screenshot("project-coming-up");
    wait_for_status(&app, "ACTIVE_HEALTHY").await;
    let reference = app.text_content("[data-testid=connection-string]").await;
    let reference = reference
        .split("@db.")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .expect("ref in the connection string")
        .to_owned();
    assert!(
        keychain_item(&desktop, &format!("db-password:supabase:{reference}")).is_some(),
        "the generated database password is in the keychain"
    );
    desktop.screenshot("project-healthy");

    // Each connection string with the saved password goes straight to the
    // clipboard (Rust fills it in from the keychain): the direct one, and
    // the transaction pooler's, whose host comes from the pooler
    // configuration (issue 13).
    let shown_once = app.text_content("[data-testid=password-once] code").await;
    let pooler_template = app
        .text_content("[data-testid=endpoint-transaction_pooler] [data-testid=connection-string]")
        .await;
    desktop.screenshot("connection-strings");
    for (button, expected) in [
        (
            "[data-testid=copy-direct]",
            format!("postgresql://postgres:{shown_once}@db.{reference}.supabase.co:5432/postgres"),
        ),
        (
            "[data-testid=copy-transaction_pooler]",
            pooler_template.replace("[DB-PASSWORD]", &shown_once),
        ),
    ] {
        app.click(button).await;
        let copied = wait_until(
            "the connection string on the clipboard",
            Duration::from_secs(10),
            || async {
                let text = desktop.clipboard()?;
                (text == expected).then_some(text)
            },
        )
        .await;
        assert_eq!(copied, expected);
    }
    assert!(
        pooler_template.starts_with(&format!(
            "postgresql://postgres.{reference}:[DB-PASSWORD]@aws-0-"
        )) && pooler_template.ends_with(".pooler.supabase.com:6543/postgres"),
        "{pooler_template}"
    );

    // API keys: hidden until revealed; .env copies through the clipboard.
    let hidden = app.text_content("[data-testid=api-key-value]").await;
    assert!(hidden.contains('•'), "{hidden}");
    app.click("[data-testid=reveal-key]").await;
    wait_until(
        "the key to be revealed",
        Duration::from_secs(15),
        || async {
            let value = app.text_content("[data-testid=api-key-value]").await;
            (!value.contains('•') && !value.is_empty()).then_some(())
        },
    )
    .await;
    app.click("[data-testid=copy-env]").await;
    let copied = app.text("[data-testid=env-copied]").await;
    assert_eq!(copied, "Copied .env");
    // What a paste would give, read from the X server's clipboard.
    let clipboard = wait_until(
        "the clipboard to hold the .env",
        Duration::from_secs(10),
        || async {
            let text = desktop.clipboard()?;
            text.starts_with("SUPABASE_URL=").then_some(text)
        },
    )
    .await;
    assert!(clipboard.contains(&format!("SUPABASE_URL=https://{reference}.supabase.co")));
    assert!(clipboard.contains("SUPABASE_ANON_KEY="));
    assert!(
        !clipboard.contains("SERVICE_ROLE"),
        "the secret key only after confirming"
    );

    // The secret key (M1): copied by Rust after a confirmation, never in the
    // page, and the page cannot get it over IPC either.
    let secret_row = "[data-testid=api-key][data-kind=secret]";
    app.click(&format!("{secret_row} [data-testid=copy-key]"))
        .await;
    app.click(&format!("{secret_row} [data-testid=confirm-copy-key]"))
        .await;
    let secret_key = wait_until(
        "the secret key on the clipboard",
        Duration::from_secs(10),
        || async {
            let text = desktop.clipboard()?;
            (text.starts_with("sb_secret_") || text.starts_with("eyJ")).then_some(text)
        },
    )
    .await;
    assert!(!secret_key.contains('•'), "the full key: {secret_key}");
    let source = app.client.source().await.unwrap();
    assert!(
        !source.contains(&secret_key),
        "the secret key is never in the DOM"
    );
    let ipc = app
        .client
        .execute_async(
            r#"const [connection, reference, done] = arguments;
               const invoke = window.__TAURI_INTERNALS__.invoke;
               invoke("api_keys_list", { connection, reference }).then(async (keys) => {
                 const out = [];
                 for (const k of keys.filter((k) => k.kind === "secret")) {
                   out.push(await invoke("api_key_reveal", { connection, reference, key: k.id })
                     .then((v) => "REVEALED " + v, (e) => "refused " + e.code));
                   out.push(await invoke("api_key_copy", { connection, reference, key: k.id, confirmed: false })
                     .then(() => "COPIED", (e) => "refused " + e.code));
                 }
                 done(JSON.stringify(out));
               }, (e) => done("IPC error: " + JSON.stringify(e)));"#,
            vec![
                serde_json::json!({ "provider": "supabase", "account": org_slug }),
                serde_json::json!(reference),
            ],
        )
        .await
        .expect("IPC calls from the page");
    let ipc = ipc.as_str().unwrap_or_default().to_owned();
    assert!(
        ipc.contains("refused validation") && !ipc.contains("REVEALED") && !ipc.contains("COPIED"),
        "secret keys are refused over IPC: {ipc}"
    );
    assert!(!app.log().contains(&secret_key), "nor in the log");
    // I7: and it does not stay on the clipboard.
    wait_until(
        "the secret key to be cleared from the clipboard",
        Duration::from_secs(20),
        || async { (!desktop.clipboard()?.contains(&secret_key)).then_some(()) },
    )
    .await;
    desktop.screenshot("api-keys");

    // SMTP: fill the form, save, and compare with what the sandbox received.
    // The form is prefilled from the project's Auth config (the minimum
    // interval keeps its current value and is sent with the group).
    let interval = app
        .attribute("input[name=smtp_max_frequency]", "value")
        .await;
    app.type_into("input[name=smtp_host]", "smtp.example.com")
        .await;
    app.type_into("input[name=smtp_port]", "587").await;
    app.type_into("input[name=smtp_user]", "mailer").await;
    app.type_into("input[name=smtp_password]", "e2e-smtp-password")
        .await;
    app.type_into("input[name=smtp_admin_email]", "no-reply@example.com")
        .await;
    app.type_into("input[name=smtp_sender_name]", "Example App")
        .await;
    app.type_into("input[name=smtp_rate_limit_email_sent]", "120")
        .await;
    app.click("[data-testid=smtp-save]").await;
    app.wait_for("the saved confirmation", "[data-testid=smtp-saved]")
        .await;
    let patch = sb
        .auth_config_patches()
        .into_iter()
        .last()
        .expect("one PATCH");
    let body = patch.body.as_object().expect("a JSON object").clone();
    let mut keys: Vec<&str> = body.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "rate_limit_email_sent",
            "smtp_admin_email",
            "smtp_host",
            "smtp_max_frequency",
            "smtp_pass",
            "smtp_port",
            "smtp_sender_name",
            "smtp_user"
        ],
        "exactly the submitted fields"
    );
    assert_eq!(body["smtp_port"], "587", "the port is sent as a string");
    assert_eq!(body["rate_limit_email_sent"], 120);
    assert_eq!(
        body["smtp_max_frequency"].to_string(),
        interval,
        "the prefilled value, unchanged"
    );
    assert_eq!(patch.reference, reference);
    desktop.screenshot("smtp-saved");

    // Back to the list: the new project is there exactly once.
    app.click("[data-testid=back-to-projects]").await;
    wait_until(
        "the list with the new project",
        Duration::from_secs(15),
        || async { (app.count("[data-testid=project-row]").await == before + 1).then_some(()) },
    )
    .await;
    app.close().await;
    sb.shutdown().await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn an_organization_with_two_thousand_projects_scrolls_and_filters() {
    let sb = latchkey_sandbox::Sandbox::builder()
        .seed(latchkey_sandbox::Seed::generate(1, 2000, 11))
        .start()
        .await
        .expect("the sandbox starts");
    let client = sb.demo_client();
    let (_, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let desktop = desktop_for("scale", &sb, &client.id, &client.secret);
    let app = AppSession::launch(&desktop, &[]).await;
    connect_through_the_browser(&app, &desktop, &org_name).await;

    let count = app.text("[data-testid=projects-count]").await;
    assert_eq!(count, "2000 projects");
    let rendered = app.count("[data-testid=project-row]").await;
    assert!(
        rendered > 0 && rendered < 100,
        "only the rows in view are rendered: {rendered}"
    );
    desktop.screenshot("2000-projects");

    // Scroll to the end: the last rows render.
    app.client
        .execute(
            "const v = document.querySelector('[data-testid=projects-viewport]'); v.scrollTop = v.scrollHeight; v.dispatchEvent(new Event('scroll'));",
            vec![],
        )
        .await
        .expect("scroll");
    let last_name = app
        .client
        .execute(
            "const rows = [...document.querySelectorAll('[data-testid=open-project]')]; return rows[rows.length - 1].textContent;",
            vec![],
        )
        .await
        .expect("last row");
    let names: Vec<String> = {
        // The list is sorted by name: the last rendered row is the last name.
        let mut all = Vec::new();
        let text = app
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=open-project]')].map(b => b.textContent);",
                vec![],
            )
            .await
            .expect("rows");
        for v in text.as_array().cloned().unwrap_or_default() {
            all.push(v.as_str().unwrap_or_default().to_owned());
        }
        all
    };
    assert!(names
        .iter()
        .all(|n| n.as_str() <= last_name.as_str().unwrap_or_default()));
    desktop.screenshot("2000-projects-end");

    // Filter by a name prefix: the count follows.
    let first = names.first().cloned().unwrap_or_default();
    let prefix: String = first.chars().take(first.len().saturating_sub(1)).collect();
    app.wait_for("search", "[data-testid=project-search]")
        .await
        .send_keys(&prefix)
        .await
        .expect("type");
    let filtered = app
        .wait_for_text("[data-testid=projects-count]", |t| {
            t.contains(" of 2000 projects")
        })
        .await;
    let shown: usize = filtered.split(' ').next().unwrap().parse().unwrap();
    assert!((1..2000).contains(&shown), "{filtered}");
    desktop.screenshot("2000-projects-filtered");
    app.close().await;
    sb.shutdown().await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn a_timeout_on_create_leaves_exactly_one_project() {
    let sb = sandbox().await;
    let client = sb.demo_client();
    let (_, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    // Everything goes through a proxy that loses the answer to the create
    // in a timeout (the app gives up after 2 s; the answer comes after 6 s).
    let proxy = latchkey_sandbox::late_proxy::late_answers(
        sb.addr(),
        "POST /v1/projects ",
        Duration::from_secs(6),
    )
    .await
    .expect("proxy");
    let mut desktop = desktop_for("create-timeout", &sb, &client.id, &client.secret);
    desktop.set_env("LATCHKEY_SUPABASE_API_URL", proxy);
    desktop.set_env("LATCHKEY_HTTP_TIMEOUT_SECS", "2");
    let app = AppSession::launch(&desktop, &[]).await;
    connect_through_the_browser(&app, &desktop, &org_name).await;

    app.click("[data-testid=new-project]").await;
    app.type_into("input[name=name]", "e2e-timeout").await;
    wait_for_regions(&app).await;
    app.click("[data-testid=create-submit]").await;
    // The POST timed out; the app found the project by listing, once.
    app.wait_for_text("[data-testid=project-name]", |t| t == "e2e-timeout")
        .await;
    app.click("[data-testid=back-to-projects]").await;
    app.type_into("[data-testid=project-search]", "e2e-timeout")
        .await;
    let count = app
        .wait_for_text("[data-testid=projects-count]", |t| t.contains(" of "))
        .await;
    assert!(count.starts_with("1 of "), "exactly one project: {count}");
    desktop.screenshot("after-timeout");
    app.close().await;
    sb.shutdown().await;
}

/// Issue 13: a paused project says so, Restore wakes it, and the screen
/// follows it from "Restoring" to "Healthy" by itself; its poolers appear.
#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn a_paused_project_is_restored_from_its_detail_screen() {
    let sb = sandbox().await;
    sb.set_activation_delay(Duration::from_secs(3));
    let client = sb.demo_client();
    let (_, org_name) = sb.organizations_of(&sb.current_user()).remove(0);
    let desktop = desktop_for("restore", &sb, &client.id, &client.secret);
    let app = AppSession::launch(&desktop, &[]).await;
    connect_through_the_browser(&app, &desktop, &org_name).await;

    // acme-staging is paused in the demo seed.
    app.click_containing("[data-testid=open-project]", "acme-staging")
        .await;
    app.wait_for("the paused notice", "[data-testid=paused-notice]")
        .await;
    assert_eq!(
        app.attribute("[data-testid=project-status]", "data-status")
            .await,
        "INACTIVE"
    );
    assert_eq!(
        app.count("[data-testid=no-pooler]").await,
        1,
        "a paused project has no pooler, and says so"
    );
    desktop.screenshot("paused");

    app.click("[data-testid=restore-project]").await;
    app.wait_for("the restoring notice", "[data-testid=restoring-notice]")
        .await;
    desktop.screenshot("restoring");
    wait_for_status(&app, "ACTIVE_HEALTHY").await;
    app.wait_for(
        "the pooler strings",
        "[data-testid=endpoint-transaction_pooler]",
    )
    .await;
    assert_eq!(app.count("[data-testid=paused-notice]").await, 0);
    desktop.screenshot("restored");
    app.close().await;
}
