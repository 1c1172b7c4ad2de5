//! A provider the user defines in a TOML file, end to end on the real OS:
//! the file in the app's config directory, the browser through xdg-open
//! (the fake browser approves the sandbox's plain RFC 6749 consent page),
//! the answer back as a deep link, the token in gnome-keyring, the
//! connection in the sidebar, and disconnect. A broken file beside it is
//! named, with its line and field, and costs nothing else.

use std::time::Duration;

use latchkey_sandbox::{ClientAuthPlace, PlainConfig};

use crate::connect::{browser_log, desktop_for, keychain_item, sandbox};
use crate::harness::{wait_until, AppSession};

#[tokio::test]
#[ignore = "end-to-end: run by scripts/test"]
async fn a_provider_defined_in_a_toml_file_connects_through_the_browser() {
    let sb = sandbox().await;
    // The server insists on what the file says: the client secret in the
    // body only, and an `audience` parameter on the authorize URL.
    sb.set_plain_config(
        PlainConfig {
            client_auth: Some(ClientAuthPlace::Body),
            ..Default::default()
        }
        .require("audience=api"),
    );
    let supabase = sb.demo_client();
    let mut desktop = desktop_for("user-defined", &sb, &supabase.id, &supabase.secret);
    let plain = sb.plain_demo_client();
    let base = sb.plain_base_url();
    let providers = desktop
        .path()
        .join("config/dev.latchkey.app.debug/providers");
    std::fs::create_dir_all(&providers).unwrap();
    std::fs::write(
        providers.join("forge.toml"),
        format!(
            "name = \"Forge\"\n\
             authorize_uri = \"{base}/oauth/authorize\"\n\
             token_uri = \"{base}/oauth/token\"\n\
             revoke_uri = \"{base}/oauth/revoke\"\n\
             userinfo_uri = \"{base}/userinfo\"\n\
             client_id = \"{}\"\n\
             client_auth = \"body\"\n\
             [authorize_params]\n\
             audience = \"api\"\n",
            plain.id
        ),
    )
    .unwrap();
    std::fs::write(
        providers.join("broken.toml"),
        "name = \"Broken\"\nauthorize_uri = 42\n",
    )
    .unwrap();
    desktop.set_env("LATCHKEY_FORGE_CLIENT_SECRET", plain.secret.clone());
    let app = AppSession::launch(&desktop, &[]).await;

    let notice = app
        .wait_for_text("[data-testid=provider-problems]", |t| {
            t.contains("broken.toml")
        })
        .await;
    assert!(
        notice.contains("line 2"),
        "the notice names the line: {notice}"
    );
    app.click("[data-testid=connect-forge]").await;
    wait_until("Forge in the sidebar", Duration::from_secs(20), || async {
        (app.count("[data-testid=account]").await == 1).then_some(())
    })
    .await;
    let sidebar = app.text_content("[data-testid=account]").await;
    assert!(sidebar.contains("Forge"), "{sidebar}");
    assert!(
        sidebar.contains("ada@example.com"),
        "the userinfo names the user: {sidebar}"
    );
    assert_eq!(
        app.count("[data-testid=new-project]").await,
        0,
        "a user-defined provider has no project screens"
    );
    desktop.screenshot("connected-user-defined");
    assert!(
        keychain_item(&desktop, "forge:plain-user-ada").is_some(),
        "the token pair is in the keychain under the userinfo subject"
    );
    assert!(
        browser_log(&desktop).contains("redirect to dev.latchkey.debug:/oauth/forge"),
        "the answer came back as this build's deep link"
    );

    app.click("[data-testid=disconnect]").await;
    app.wait_for("the empty accounts list", "[data-testid=accounts-empty]")
        .await;
    assert_eq!(keychain_item(&desktop, "forge:plain-user-ada"), None);
    app.close().await;
    sb.shutdown().await;
}
