use std::path::Path;

use super::*;
use crate::providers::{ClientAuth, RedirectMode};

const GOOD: &str = r#"
name = "Acme Cloud"
authorize_uri = "https://auth.acme.example/oauth/authorize"
token_uri = "https://auth.acme.example/oauth/token"
client_id = "lk-acme"
scopes = ["read", "offline"]
"#;

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn load(files: &[(&str, &str)]) -> (Vec<ProviderDefinition>, Vec<Problem>) {
    let dir = dir_with(files);
    load_dir(dir.path(), &["supabase", "neon", "netlify"])
}

fn only_problem(files: &[(&str, &str)]) -> Problem {
    let (defs, problems) = load(files);
    assert!(defs.is_empty(), "{defs:?}");
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems.into_iter().next().unwrap()
}

#[test]
fn a_minimal_file_is_a_provider_with_the_engines_defaults() {
    let (defs, problems) = load(&[("acme.toml", GOOD)]);
    assert!(problems.is_empty(), "{problems:?}");
    let def = &defs[0];
    assert_eq!(
        (def.id.as_str(), def.display_name.as_str()),
        ("acme", "Acme Cloud")
    );
    assert_eq!(
        def.client_auth,
        ClientAuth::Both,
        "headers and body when unset"
    );
    assert!(def.pkce && def.refresh);
    assert_eq!(def.redirect_mode, RedirectMode::DeepLink);
    assert_eq!(def.scope_param().as_deref(), Some("read offline"));
    assert!(def.revoke_url.is_none() && def.userinfo_url.is_none());
}

#[test]
fn each_setting_of_the_format_reaches_the_definition() {
    let text = format!(
        "{GOOD}client_auth = \"body\"\nno_refresh_token = true\nskip_pkce = true\n\
         redirect = \"loopback\"\nloopback_port = 8123\n\
         revoke_uri = \"https://auth.acme.example/oauth/revoke\"\n\
         userinfo_uri = \"http://127.0.0.1:9/userinfo\"\n\
         [authorize_params]\naudience = \"api\"\n"
    );
    let (defs, problems) = load(&[("acme.toml", &text)]);
    assert!(problems.is_empty(), "{problems:?}");
    let def = &defs[0];
    assert_eq!(def.client_auth, ClientAuth::Body);
    assert!(!def.pkce && !def.refresh);
    assert_eq!(def.redirect_mode, RedirectMode::Loopback);
    assert_eq!(def.loopback_port, Some(8123));
    assert!(def.revoke_url.is_some() && def.revoke_body.is_some());
    assert_eq!(
        def.extra_authorize_params,
        [("audience".into(), "api".into())]
    );
    let headers = format!("{GOOD}client_auth = \"headers\"\n");
    assert_eq!(
        load(&[("a.toml", &headers)]).0[0].client_auth,
        ClientAuth::BasicHeader
    );
}

#[test]
fn an_unknown_field_is_named_with_its_line() {
    let text = format!("{GOOD}client_secret = \"never here\"\n");
    let problem = only_problem(&[("acme.toml", &text)]);
    assert_eq!(problem.file, "acme.toml");
    assert_eq!(problem.line, Some(7), "{problem}");
    assert_eq!(problem.field.as_deref(), Some("client_secret"), "{problem}");
    assert!(
        problem
            .to_string()
            .starts_with("acme.toml, line 7, client_secret: "),
        "{problem}"
    );
    assert!(
        !problem.to_string().contains("never here"),
        "the value is not repeated: {problem}"
    );
}

#[test]
fn a_value_of_the_wrong_kind_or_a_missing_field_says_where() {
    let wrong = GOOD.replace("scopes = [\"read\", \"offline\"]", "scopes = \"read\"");
    let problem = only_problem(&[("acme.toml", &wrong)]);
    assert_eq!(problem.line, Some(6), "{problem}");
    assert_eq!(
        problem.field.as_deref(),
        Some("scopes"),
        "the key, not the value: {problem}"
    );
    let missing = GOOD.replace("client_id = \"lk-acme\"\n", "");
    let problem = only_problem(&[("acme.toml", &missing)]);
    assert!(problem.message.contains("client_id"), "{problem}");
}

#[test]
fn an_endpoint_that_would_send_secrets_in_clear_is_refused_by_field_and_line() {
    let text = GOOD.replace(
        "https://auth.acme.example/oauth/token",
        "http://auth.acme.example/token",
    );
    let problem = only_problem(&[("acme.toml", &text)]);
    assert_eq!(
        (problem.field.as_deref(), problem.line),
        (Some("token_uri"), Some(4))
    );
    let with_password = GOOD.replace("https://auth.", "https://me:hunter2@auth.");
    let problem = only_problem(&[("acme.toml", &with_password)]);
    assert!(!problem.to_string().contains("hunter2"), "{problem}");
}

#[test]
fn a_bad_file_costs_only_itself() {
    let (defs, problems) = load(&[
        ("acme.toml", GOOD),
        ("broken.toml", "name = "),
        ("supabase.toml", GOOD),
        ("Bad Name.toml", GOOD),
        ("notes.txt", "not a provider"),
        ("zeta.toml", &GOOD.replace("Acme Cloud", "Zeta")),
    ]);
    let ids: Vec<&str> = defs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["acme", "zeta"]);
    let files: Vec<&str> = problems.iter().map(|p| p.file.as_str()).collect();
    assert_eq!(files, ["Bad Name.toml", "broken.toml", "supabase.toml"]);
    assert!(
        problems[2].message.contains("another provider"),
        "{}",
        problems[2]
    );
}

#[test]
fn no_directory_means_no_providers_and_no_problems() {
    let (defs, problems) = load_dir(Path::new("/nonexistent/latchkey/providers"), &[]);
    assert!(defs.is_empty() && problems.is_empty());
}
