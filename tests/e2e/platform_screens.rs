//! Issue 13 in the real app: what Neon and Netlify users come for, over
//! the sandbox's emulators, with the X clipboard and the system browser
//! (xdg-open) as the oracle. Each provider is connected with a personal
//! token pasted into the window, as most of their users connect.
//!
//! - Neon: projects grouped by organization; a project's branches and
//!   computes; a connection string copied for a chosen database and role
//!   and read back from the clipboard with the password filled in (the same
//!   string Neon's API gives); Copy as .env; a new branch.
//! - Netlify: a site's repository and its failed deploy with Netlify's
//!   message; Open site through the system browser; a variable set, listed
//!   hidden and revealed; a secret one never revealed.

use std::time::Duration;

use latchkey_sandbox::Provider;

use crate::connect::sandbox;
use crate::harness::{browser_log, desktop_with_browser, wait_until, AppSession, Desktop};

/// Pastes `token` into `provider`'s token form and waits for its list.
async fn connect_with_token(app: &AppSession, provider: &str, token: &str) {
    app.click(&format!("[data-testid=token-{provider}]")).await;
    app.type_into("[data-testid=token-input]", token).await;
    app.click("[data-testid=token-submit]").await;
    wait_until(
        &format!("{provider}'s list"),
        Duration::from_secs(30),
        || async { (app.count("[data-testid=project-row]").await > 0).then_some(()) },
    )
    .await;
}

/// What the clipboard holds once `ok` accepts it.
async fn clipboard_until(desktop: &Desktop, what: &str, ok: impl Fn(&str) -> bool) -> String {
    wait_until(what, Duration::from_secs(15), || async {
        desktop.clipboard().filter(|text| ok(text))
    })
    .await
}

/// Picks `value` in the `<select>` at `css`.
async fn choose(app: &AppSession, css: &str, value: &str) {
    app.wait_for(css, css)
        .await
        .select_by_value(value)
        .await
        .expect("choose an option");
    // WebKitWebDriver does not always deliver the change event of a pick
    // (seen when the page had set the select back after an earlier pick of
    // the same option): send it, as the browser does for a person's pick.
    app.client
        .execute(
            "const s = document.querySelector(arguments[0]); s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![serde_json::json!(css)],
        )
        .await
        .expect("change event");
}

/// Neon's own answer for a connection string: the oracle for the clipboard.
async fn neon_uri(base: &str, key: &str, project: &str, query: &str) -> String {
    let url = format!("{base}/api/v2/projects/{project}/connection_uri?{query}");
    let body: serde_json::Value = reqwest::Client::new()
        .get(url)
        .bearer_auth(key)
        .send()
        .await
        .expect("ask the sandbox")
        .json()
        .await
        .expect("json");
    body["uri"]
        .as_str()
        .unwrap_or_else(|| panic!("a uri: {body}"))
        .to_owned()
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn a_neon_connection_string_is_copied_with_its_password_and_a_branch_made() {
    let sb = sandbox().await;
    let mut desktop = desktop_with_browser("neon-detail", &sb);
    desktop.set_env("LATCHKEY_NEON_API_URL", sb.neon_base_url());
    desktop.set_env("LATCHKEY_CLIPBOARD_CLEAR_SECS", "600");
    let app = AppSession::launch(&desktop, &[]).await;
    let key = sb.mint_personal_token(Provider::Neon);
    connect_with_token(&app, "neon", &key).await;

    // Grouped by organization, personal projects first.
    let groups = app.text_content("[data-testid=project-group]").await;
    assert!(groups.starts_with("Personal"), "{groups}");
    assert!(app.count("[data-testid=project-group]").await >= 2);
    desktop.screenshot("neon-grouped");

    app.click_containing("[data-testid=open-project]", "lovelace-notes")
        .await;
    wait_until("the branches", Duration::from_secs(20), || async {
        (app.count("[data-testid=branch]").await == 2).then_some(())
    })
    .await;
    let first = app.attribute("[data-testid=branch]", "data-branch").await;
    assert_eq!(first, "main", "the default branch comes first");
    assert!(app.count("[data-testid=compute]").await >= 2);
    let shown = app
        .wait_for_text("[data-testid=connection-string]", |t| t.contains("@ep-"))
        .await;
    assert!(shown.contains(":********@"), "masked on the page: {shown}");

    // The database `notes`: its owner `notes_app` becomes the role.
    choose(&app, "[data-testid=neon-database]", "notes").await;
    app.wait_for_text("[data-testid=connection-string]", |t| {
        t.contains("notes_app:********@") && t.ends_with("/notes?sslmode=require")
    })
    .await;
    desktop.screenshot("neon-project");
    let project = "lovelace-notes-100001";
    let expected = neon_uri(
        &sb.neon_base_url(),
        &key,
        project,
        "database_name=notes&role_name=notes_app&pooled=true",
    )
    .await;
    assert!(!expected.contains("********"));
    app.click("[data-testid=copy-pooled]").await;
    let copied = clipboard_until(&desktop, "the pooled string on the clipboard", |t| {
        t.starts_with("postgresql://notes_app:")
    })
    .await;
    assert_eq!(
        copied, expected,
        "the clipboard holds Neon's string, password and all"
    );
    assert!(copied.contains("-pooler."), "{copied}");
    assert!(
        !app.text_content("body").await.contains(&copied),
        "the password never reached the page"
    );

    // Copy as .env: the variables Neon's integrations use.
    app.click("[data-testid=copy-env]").await;
    let env = clipboard_until(&desktop, "the .env on the clipboard", |t| {
        t.contains("DATABASE_URL=")
    })
    .await;
    assert!(env.contains(&format!("DATABASE_URL={expected}\n")), "{env}");
    assert!(
        env.contains("PGDATABASE=notes\nPGUSER=notes_app\n"),
        "{env}"
    );

    // Reveal: the password shows on the page only now.
    app.click("[data-testid=reveal-pooled]").await;
    app.wait_for_text("[data-testid=connection-string]", |t| t == expected)
        .await;

    // A new branch, from `main`: it is chosen, with a compute of its own.
    app.click("[data-testid=new-branch]").await;
    app.type_into("[data-testid=branch-name]", "feature-login")
        .await;
    desktop.screenshot("neon-new-branch");
    app.click("[data-testid=create-branch]").await;
    wait_until("the new branch", Duration::from_secs(20), || async {
        (app.count("[data-testid=branch]").await == 3).then_some(())
    })
    .await;
    let chosen = app
        .attribute("[data-testid=branch].chosen", "data-branch")
        .await;
    assert_eq!(chosen, "feature-login");
    app.wait_for_text("[data-testid=connection-string]", |t| {
        t.contains("********@ep-")
    })
    .await;
    desktop.screenshot("neon-branch-created");
    app.close().await;
    sb.shutdown().await;
}

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn a_netlify_site_shows_its_failed_deploy_and_a_variable_is_set_hidden_and_revealed() {
    let sb = sandbox().await;
    let mut desktop = desktop_with_browser("netlify-detail", &sb);
    desktop.set_env("LATCHKEY_NETLIFY_API_URL", sb.netlify_base_url());
    let app = AppSession::launch(&desktop, &[]).await;
    let token = sb.mint_personal_token(Provider::Netlify);
    connect_with_token(&app, "netlify", &token).await;

    // Sites by account, each with its URL where Supabase shows a region.
    let groups = app.count("[data-testid=project-group]").await;
    assert!(groups >= 2, "one heading per account: {groups}");
    let rows = app.text_content("[data-testid=projects]").await;
    assert!(rows.contains(".netlify.app"), "{rows}");

    app.click_containing("[data-testid=open-project]", "ada-notes-1")
        .await;
    let repository = app.text_content("[data-testid=site-repository]").await;
    assert!(repository.contains("branch"), "{repository}");
    let state = app.attribute("[data-testid=deploy]", "data-state").await;
    assert_eq!(state, "error", "the latest deploy failed");
    let reason = app.text_content("[data-testid=deploy-error]").await;
    assert!(
        reason.contains("Build script returned non-zero exit code: 2"),
        "{reason}"
    );

    desktop.screenshot("netlify-deploys");

    // Open site: Rust hands the site's address to the system browser.
    app.click("[data-testid=open-site]").await;
    wait_until(
        "the site in the browser",
        Duration::from_secs(15),
        || async {
            browser_log(&desktop)
                .contains("open https://ada-notes-1.netlify.app")
                .then_some(())
        },
    )
    .await;

    // Variables: none of their values on the page.
    wait_until("the variables", Duration::from_secs(15), || async {
        (app.count("[data-testid=env-var]").await > 0).then_some(())
    })
    .await;
    let secret = "[data-testid=env-var][data-secret=true]";
    assert!(
        app.count(secret).await > 0,
        "the demo site has a secret variable"
    );
    assert_eq!(
        app.count(&format!("{secret} [data-testid=reveal-env]"))
            .await,
        0,
        "a secret variable cannot be revealed"
    );

    // Set a new one: listed, hidden; revealed on request.
    let value = "https://api.example.test/v2";
    app.type_into("[data-testid=env-key]", "E2E_API_URL").await;
    app.type_into("[data-testid=env-value-input]", value).await;
    choose(&app, "[data-testid=env-context]", "production").await;
    app.click("[data-testid=env-save]").await;
    app.wait_for("the saved note", "[data-testid=env-saved]")
        .await;
    let row = "[data-testid=env-var][data-key=E2E_API_URL]";
    let listed = app.text_content(row).await;
    assert!(listed.contains("Production"), "{listed}");
    assert!(!listed.contains(value), "listed hidden: {listed}");
    assert!(!app.text_content("body").await.contains(value));
    desktop.screenshot("netlify-site");
    app.click(&format!("{row} [data-testid=reveal-env]")).await;
    app.wait_for_text(&format!("{row} [data-testid=env-value]"), |t| {
        t.contains(value)
    })
    .await;
    desktop.screenshot("netlify-variable-revealed");

    // Delete it: gone from Netlify's list.
    app.click(&format!("{row} [data-testid=delete-env]")).await;
    app.click(&format!("{row} [data-testid=confirm-delete-env]"))
        .await;
    wait_until("the variable deleted", Duration::from_secs(15), || async {
        (app.count(row).await == 0).then_some(())
    })
    .await;

    // A secret one: for all contexts Netlify refuses it, and the form says
    // so beside the context; for production it is kept, never revealable.
    app.type_into("[data-testid=env-key]", "E2E_SIGNING_KEY")
        .await;
    app.type_into("[data-testid=env-value-input]", "s3cret-signing-key")
        .await;
    app.click("[data-testid=env-secret]").await;
    app.click("[data-testid=env-save]").await;
    let field = app
        .attribute("[data-testid=field-error]", "data-field")
        .await;
    assert_eq!(field, "context");
    choose(&app, "[data-testid=env-context]", "production").await;
    app.click("[data-testid=env-save]").await;
    let secret_row = "[data-testid=env-var][data-key=E2E_SIGNING_KEY]";
    app.wait_for("the secret variable", secret_row).await;
    assert_eq!(app.attribute(secret_row, "data-secret").await, "true");
    assert_eq!(
        app.count(&format!("{secret_row} [data-testid=reveal-env]"))
            .await,
        0
    );
    assert!(!app
        .text_content("body")
        .await
        .contains("s3cret-signing-key"));
    app.close().await;
    sb.shutdown().await;
}
