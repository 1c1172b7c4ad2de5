//! `lk`'s commands against the sandbox, in-process: a connection made
//! through the engine (as the app makes it) is listed, its projects are
//! listed, a token is handed out, and every failure has its exit code.

use std::sync::Arc;

use latchkey_cli::{run_in, Cli, Exit};
use latchkey_core::channel::Channel;
use latchkey_core::connect::Connector;
use latchkey_core::connections::session::system_clock;
use latchkey_core::providers::supabase;
use latchkey_core::vault::{memory_store, Keychain};
use latchkey_sandbox::{PreApprove, Sandbox, Seed};
use secrecy::SecretString;
use url::Url;

struct World {
    sandbox: Sandbox,
    connector: Arc<Connector>,
    _dir: tempfile::TempDir,
}

async fn world(name: &str) -> World {
    memory_store::install();
    let sandbox = Sandbox::builder()
        .seed(Seed::demo())
        .rate_limit_per_minute(10_000)
        .start()
        .await
        .expect("sandbox starts");
    let client = sandbox.demo_client();
    let mut def = supabase::definition()
        .with_origin(sandbox.base_url())
        .unwrap();
    def.client_id = client.id.clone();
    let dir = tempfile::tempdir().unwrap();
    let connector = Connector::new(
        Channel::Debug,
        vec![def.clone()],
        Keychain::new(format!("test.cli.{name}")),
        dir.path(),
        latchkey_core::net::client(),
        system_clock(),
    );
    connector
        .secrets()
        .set(&def, &SecretString::from(client.secret.clone()))
        .await
        .unwrap();
    World {
        sandbox,
        connector: Arc::new(connector),
        _dir: dir,
    }
}

/// Connects an organization of the demo user, as the app's Connect does.
async fn connect(w: &World, index: usize) -> String {
    let (slug, _) = w
        .sandbox
        .organizations_of(&w.sandbox.current_user())
        .remove(index);
    w.sandbox.pre_approve(PreApprove::org(&slug)).unwrap();
    let started = w
        .connector
        .sign_in()
        .start("supabase", Some(slug.clone()))
        .await
        .unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = http
        .get(started.authorize_url.clone())
        .send()
        .await
        .unwrap();
    let location = Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
    w.connector
        .sign_in()
        .complete("supabase", &location)
        .await
        .unwrap();
    slug
}

/// The demo seed's projects in an organization.
fn projects_of(slug: &str) -> usize {
    Seed::demo()
        .projects
        .iter()
        .filter(|p| p.organization_slug == slug)
        .count()
}

struct Ran {
    exit: Exit,
    out: String,
    err: String,
}

async fn lk(w: &World, args: &[&str]) -> Ran {
    lk_in(w, &std::env::current_dir().unwrap(), args).await
}

/// `lk` as if started in `dir`.
async fn lk_in(w: &World, dir: &std::path::Path, args: &[&str]) -> Ran {
    use clap::Parser;
    let cli = Cli::try_parse_from(std::iter::once("lk").chain(args.iter().copied())).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = run_in(&cli, &w.connector, dir, &mut out, &mut err).await;
    Ran {
        exit,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

fn json(ran: &Ran) -> serde_json::Value {
    serde_json::from_str(&ran.out).unwrap_or_else(|e| panic!("{e}: {}", ran.out))
}

#[tokio::test]
async fn status_shows_a_connection_made_through_the_engine_and_checks_it() {
    let w = world("status").await;
    let slug = connect(&w, 0).await;
    let ran = lk(&w, &["status", "--json"]).await;
    assert_eq!(ran.exit, Exit::Ok, "{}", ran.err);
    let entry = &json(&ran)["connections"][0];
    assert_eq!(entry["connection"], format!("supabase:{slug}"));
    assert_eq!(entry["covers"], "organization");
    assert_eq!(entry["source"], "oauth_app");
    assert_eq!(entry["refreshes"], true, "a Supabase grant renews itself");
    assert!(
        entry["token_expires_at"].as_u64().is_some(),
        "and its access token expires: {entry}"
    );
    assert_eq!(entry["health"]["ok"], true);
    let text = lk(&w, &["status"]).await;
    assert!(text.out.starts_with("CONNECTION"), "{}", text.out);
    assert!(
        text.out.contains(&format!("supabase:{slug}")),
        "{}",
        text.out
    );

    // Revoked at the provider: the check says so, and the exit code too.
    assert!(w.sandbox.revoke_all_grants() >= 1);
    w.sandbox.expire_tokens(None);
    let ran = lk(&w, &["status", "--json"]).await;
    assert_eq!(ran.exit, Exit::Failed);
    let health = &json(&ran)["connections"][0]["health"];
    assert_eq!(health["ok"], false);
    assert_eq!(health["code"], "needs_reconnect", "{health}");
}

#[tokio::test]
async fn projects_lists_every_project_of_every_connection_and_filters() {
    let w = world("projects").await;
    let first = connect(&w, 0).await;
    let second = connect(&w, 1).await;
    let ran = lk(&w, &["projects", "--json"]).await;
    assert_eq!(ran.exit, Exit::Ok, "{}", ran.err);
    let report = json(&ran);
    let listed = report["projects"].as_array().unwrap();
    let expected = projects_of(&first) + projects_of(&second);
    assert_eq!(listed.len(), expected, "both organizations, all pages");
    assert!(report["errors"].as_array().unwrap().is_empty());

    let only_first = lk(&w, &["projects", "--json", "--account", &first]).await;
    let rows = json(&only_first)["projects"].as_array().unwrap().clone();
    assert_eq!(rows.len(), projects_of(&first));
    let name = rows[0]["name"].as_str().unwrap().to_owned();
    let filtered = lk(
        &w,
        &["projects", "--json", "--filter", &name.to_uppercase()],
    )
    .await;
    let found = json(&filtered)["projects"].as_array().unwrap().clone();
    assert!(
        !found.is_empty()
            && found
                .iter()
                .all(|p| p["name"].as_str().unwrap().contains(&name))
    );
}

#[tokio::test]
async fn token_prints_a_fresh_token_only_on_its_own_line() {
    let w = world("token").await;
    let slug = connect(&w, 0).await;
    w.sandbox.expire_tokens(None);
    let ran = lk(&w, &["token", &format!("supabase:{slug}")]).await;
    assert_eq!(ran.exit, Exit::Ok, "{}", ran.err);
    let token = ran.out.trim_end().to_owned();
    assert!(
        token.starts_with("sbp_oauth_"),
        "an access token, refreshed: {token}"
    );
    assert_eq!(ran.out, format!("{token}\n"), "nothing but the token");
    // The token opens the Management API.
    let me = reqwest::Client::new()
        .get(format!("{}/v1/organizations", w.sandbox.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    // Nothing else prints it.
    for args in [&["status", "--json"][..], &["projects", "--json"]] {
        let other = lk(&w, args).await;
        assert!(
            !other.out.contains(&token) && !other.err.contains(&token),
            "{args:?}"
        );
    }
}

#[tokio::test]
async fn each_failure_has_its_exit_code_and_a_message_that_says_what_to_do() {
    let w = world("exits").await;
    let unknown = lk(&w, &["token", "supabase:nobody"]).await;
    assert_eq!(unknown.exit, Exit::NotFound);
    assert!(unknown.err.contains("lk status"), "{}", unknown.err);
    connect(&w, 0).await;
    connect(&w, 1).await;
    let ambiguous = lk(&w, &["token", "supabase"]).await;
    assert_eq!(ambiguous.exit, Exit::Usage);
    assert!(ambiguous.err.contains("say which"), "{}", ambiguous.err);
    assert!(w.sandbox.revoke_all_grants() >= 1);
    w.sandbox.expire_tokens(None);
    let (slug, _) = w
        .sandbox
        .organizations_of(&w.sandbox.current_user())
        .remove(0);
    let revoked = lk(&w, &["token", &slug]).await;
    assert_eq!(revoked.exit, Exit::NeedsReconnect, "{}", revoked.err);
    assert!(revoked.out.is_empty());
}

#[tokio::test]
async fn env_pull_merges_the_projects_variables_into_a_private_file() {
    let w = world("env").await;
    let slug = connect(&w, 0).await;
    let project = Seed::demo()
        .projects
        .into_iter()
        .find(|p| p.organization_slug == slug)
        .unwrap()
        .reference;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(".env");
    std::fs::write(&file, "# my app\nPORT=3000\n").unwrap();
    let path = file.to_str().unwrap();

    let ran = lk(&w, &["env", "pull", "--project", &project, "--file", path]).await;
    assert_eq!(ran.exit, Exit::Ok, "{}", ran.err);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("# my app\nPORT=3000\n"),
        "the user's lines stay: {text}"
    );
    assert!(
        text.contains(&format!("SUPABASE_URL=https://{project}.supabase.co\n")),
        "{text}"
    );
    assert!(text.contains("SUPABASE_ANON_KEY="), "{text}");
    assert!(
        !text.contains("SERVICE_ROLE"),
        "no secret unless asked: {text}"
    );
    assert!(
        ran.out.is_empty() && !ran.err.contains("sb_"),
        "no key value on the terminal"
    );

    let again = lk(
        &w,
        &[
            "env",
            "pull",
            "--project",
            &project,
            "--file",
            path,
            "--with-secret",
        ],
    )
    .await;
    assert_eq!(again.exit, Exit::Ok, "{}", again.err);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        text.matches("SUPABASE_URL=").count(),
        1,
        "replaced, not repeated: {text}"
    );
    assert!(text.contains("SUPABASE_SERVICE_ROLE_KEY="), "{text}");

    let bad = lk(&w, &["env", "pull", "--project", "../x", "--file", path]).await;
    assert_eq!(
        bad.exit,
        Exit::Usage,
        "a reference that is not one: {}",
        bad.err
    );

    // --json says where and which variables, never their values.
    let pulled = lk(
        &w,
        &[
            "env",
            "pull",
            "--project",
            &project,
            "--file",
            path,
            "--json",
        ],
    )
    .await;
    assert_eq!(pulled.exit, Exit::Ok, "{}", pulled.err);
    let answer = json(&pulled);
    assert_eq!(answer["file"], path);
    assert_eq!(
        answer["variables"],
        serde_json::json!(["SUPABASE_URL", "SUPABASE_ANON_KEY"])
    );
    assert!(!pulled.out.contains("sb_"), "{}", pulled.out);
}

#[tokio::test]
async fn completions_come_from_the_same_argument_definitions() {
    let w = world("completions").await;
    for shell in ["bash", "zsh", "fish"] {
        let ran = lk(&w, &["completions", shell]).await;
        assert_eq!(ran.exit, Exit::Ok);
        for word in [
            "status",
            "projects",
            "token",
            "env",
            "disconnect",
            "with-secret",
        ] {
            assert!(ran.out.contains(word), "{shell} completes {word}");
        }
    }
}

#[tokio::test]
async fn disconnect_revokes_at_the_provider_and_forgets_the_connection() {
    let w = world("disconnect").await;
    let slug = connect(&w, 0).await;
    let revoked_before = w
        .sandbox
        .grants()
        .iter()
        .filter(|g| g.revoked_at.is_some())
        .count();
    let ran = lk(&w, &["disconnect", &slug]).await;
    assert_eq!(ran.exit, Exit::Ok, "{}", ran.err);
    assert!(ran.err.contains("Disconnected supabase:"), "{}", ran.err);
    let revoked_after = w
        .sandbox
        .grants()
        .iter()
        .filter(|g| g.revoked_at.is_some())
        .count();
    assert_eq!(
        revoked_after,
        revoked_before + 1,
        "the sandbox saw the revoke"
    );
    let status = lk(&w, &["status", "--json"]).await;
    assert_eq!(json(&status)["connections"], serde_json::json!([]));
    assert_eq!(lk(&w, &["token", &slug]).await.exit, Exit::NotFound);
}

#[tokio::test]
async fn a_linked_folder_needs_no_arguments_and_exec_passes_the_variables_and_the_exit_code() {
    let w = world("link").await;
    let slug = connect(&w, 0).await;
    let project = Seed::demo()
        .projects
        .into_iter()
        .find(|p| p.organization_slug == slug)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let missing = lk_in(&w, dir.path(), &["env", "pull"]).await;
    assert_eq!(missing.exit, Exit::Usage);
    assert!(missing.err.contains("lk link"), "{}", missing.err);

    let unknown = lk_in(&w, dir.path(), &["link", "no-such-project"]).await;
    assert_eq!(unknown.exit, Exit::NotFound, "{}", unknown.err);
    // By name, as people remember projects; the file keeps the reference.
    let linked = lk_in(&w, dir.path(), &["link", &project.name]).await;
    assert_eq!(linked.exit, Exit::Ok, "{}", linked.err);
    let link = std::fs::read_to_string(dir.path().join(".lk.toml")).unwrap();
    assert!(
        link.contains(&project.reference) && !link.contains("sb_"),
        "{link}"
    );

    let below = dir.path().join("src");
    std::fs::create_dir_all(&below).unwrap();
    let pulled = lk_in(&w, &below, &["env", "pull"]).await;
    assert_eq!(pulled.exit, Exit::Ok, "{}", pulled.err);
    let env = std::fs::read_to_string(below.join(".env")).unwrap();
    assert!(env.contains(&format!(
        "SUPABASE_URL=https://{}.supabase.co",
        project.reference
    )));

    let ran = lk_in(
        &w,
        dir.path(),
        &[
            "exec",
            "--",
            "sh",
            "-c",
            "printf %s \"$SUPABASE_URL\" > seen; exit 7",
        ],
    )
    .await;
    assert_eq!(
        ran.exit,
        Exit::Child(7),
        "the command's own exit code: {}",
        ran.err
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("seen")).unwrap(),
        format!("https://{}.supabase.co", project.reference),
        "the variable reached the command's environment"
    );
    assert!(
        !dir.path().join(".env").exists(),
        "exec writes nothing to disk"
    );
}
