//! Netlify's site, deploy and environment-variable routes: what each
//! answers, that a secret's non-dev values never leave the sandbox, that
//! writes round-trip, and that an unknown or someone else's site, deploy,
//! account or key is 404 (Netlify does not tell "not yours" from "none").
//!
//! Bodies are read into the types below, written from `@netlify/open-api`
//! 2.60.0's `deploy` and `envVar` definitions with unknown fields denied;
//! `tests/third-party/netlify-contract.test.mjs` validates the same routes
//! against the document itself.
#![allow(dead_code)]

use latchkey_sandbox::{
    NETLIFY_ACCOUNT_ADA, NETLIFY_ACCOUNT_BABBAGE, NETLIFY_DEMO_ACCESS_TOKEN,
    NETLIFY_FAILED_DEPLOY_MESSAGE, NETLIFY_SITE_ADA_NOTES, NETLIFY_SITE_BABBAGE,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::common::*;
use crate::spec_types::{NetlifyError, Site};

/// The one deploy of Babbage's site that the demo data's id scheme gives
/// (site 12, first deploy): real, but not Ada's to see.
const BABBAGE_DEPLOY: &str = "6601f0a0b1c2d3e400000024";
/// `engine-docs-1`, a site of Ada's other account.
const ENGINES_SITE: &str = "7c3e9a10-1b2c-4d5e-8f90-0000000000a4";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deploy {
    id: Option<String>,
    site_id: Option<String>,
    user_id: Option<String>,
    build_id: Option<String>,
    state: Option<String>,
    name: Option<String>,
    url: Option<String>,
    ssl_url: Option<String>,
    admin_url: Option<String>,
    deploy_url: Option<String>,
    deploy_ssl_url: Option<String>,
    screenshot_url: Option<String>,
    review_id: Option<f64>,
    draft: Option<bool>,
    required: Option<Vec<String>>,
    required_functions: Option<Vec<String>>,
    error_message: Option<String>,
    branch: Option<String>,
    commit_ref: Option<String>,
    commit_url: Option<String>,
    skipped: Option<bool>,
    created_at: Option<String>,
    updated_at: Option<String>,
    published_at: Option<String>,
    title: Option<String>,
    context: Option<String>,
    locked: Option<bool>,
    review_url: Option<String>,
    framework: Option<String>,
    function_schedules: Option<Vec<Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvVar {
    key: String,
    scopes: Vec<String>,
    values: Vec<EnvValue>,
    is_secret: bool,
    updated_at: Option<String>,
    updated_by: Option<Value>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct EnvValue {
    id: String,
    value: Option<String>,
    context: String,
    context_parameter: Option<String>,
}

impl EnvVar {
    fn value_for(&self, context: &str) -> Option<&EnvValue> {
        self.values.iter().find(|v| v.context == context)
    }
}

async fn call(env: &Env, method: &str, path: &str, body: Option<Value>) -> reqwest::Response {
    let url = format!("{}/api/v1{path}", env.sb.netlify_base_url());
    let mut req = env
        .http
        .request(method.parse().unwrap(), url)
        .bearer_auth(NETLIFY_DEMO_ACCESS_TOKEN);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

async fn ok<T: DeserializeOwned>(
    env: &Env,
    method: &str,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> T {
    let resp = call(env, method, path, body).await;
    let got = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    assert_eq!(got, status, "{method} {path}: {text}");
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{method} {path} does not fit the spec type: {e}\nbody: {text}"))
}

/// `status` with Netlify's `{code, message}`, `code` being the status.
async fn refused(env: &Env, method: &str, path: &str, body: Option<Value>, status: u16) -> String {
    let resp = call(env, method, path, body).await;
    assert_eq!(resp.status().as_u16(), status, "{method} {path}");
    let e: NetlifyError = resp.json().await.unwrap();
    assert_eq!(e.code, Some(i64::from(status)));
    e.message
}

fn env_path(account: &str, rest: &str, site: Option<&str>) -> String {
    let q = site.map(|s| format!("?site_id={s}")).unwrap_or_default();
    format!("/accounts/{account}/env{rest}{q}")
}

#[tokio::test]
async fn get_site_names_its_account_repository_and_published_deploy() {
    let env = start().await;
    let site: Site = ok(
        &env,
        "GET",
        &format!("/sites/{NETLIFY_SITE_ADA_NOTES}"),
        None,
        200,
    )
    .await;
    assert_eq!(site.name.as_deref(), Some("ada-notes-1"));
    assert_eq!(site.account_id.as_deref(), Some(NETLIFY_ACCOUNT_ADA));
    assert_eq!(site.account_slug.as_deref(), Some("ada"));
    assert_eq!(
        site.ssl_url.as_deref(),
        Some("https://ada-notes-1.netlify.app")
    );
    let build = site.build_settings.unwrap();
    assert_eq!(build["provider"], "github");
    assert_eq!(build["repo_url"], "https://github.com/ada/ada-notes-1");
    assert_eq!(build["repo_path"], "ada/ada-notes-1");
    assert_eq!(
        (
            build["repo_branch"].as_str(),
            build["cmd"].as_str(),
            build["dir"].as_str()
        ),
        (Some("main"), Some("npm run build"), Some("dist"))
    );
    // The site still serves its last good production deploy, not the
    // failed newer one.
    let published: Deploy = serde_json::from_value(site.published_deploy.unwrap()).unwrap();
    assert_eq!(published.state.as_deref(), Some("ready"));
    assert_eq!(published.context.as_deref(), Some("production"));
    assert!(published.published_at.is_some());

    refused(
        &env,
        "GET",
        "/sites/7c3e9a10-0000-0000-0000-000000000000",
        None,
        404,
    )
    .await;
    refused(
        &env,
        "GET",
        &format!("/sites/{NETLIFY_SITE_BABBAGE}"),
        None,
        404,
    )
    .await;
    let anonymous = env
        .http
        .get(format!(
            "{}/api/v1/sites/{NETLIFY_SITE_ADA_NOTES}",
            env.sb.netlify_base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    env.shutdown().await;
}

#[tokio::test]
async fn deploys_are_newest_first_and_ada_notes_1_last_failed() {
    let env = start().await;
    let path = format!("/sites/{NETLIFY_SITE_ADA_NOTES}/deploys");
    let deploys: Vec<Deploy> = ok(&env, "GET", &path, None, 200).await;
    assert_eq!(deploys.len(), 3);
    let created: Vec<_> = deploys
        .iter()
        .map(|d| d.created_at.clone().unwrap())
        .collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted, "newest first");
    let latest = &deploys[0];
    assert_eq!(latest.state.as_deref(), Some("error"));
    assert_eq!(
        latest.error_message.as_deref(),
        Some(NETLIFY_FAILED_DEPLOY_MESSAGE)
    );
    assert_eq!(latest.branch.as_deref(), Some("main"));
    assert_eq!(latest.context.as_deref(), Some("production"));
    let sha = latest.commit_ref.as_deref().unwrap();
    assert_eq!(sha.len(), 40);
    assert!(latest.commit_url.as_deref().unwrap().ends_with(sha));
    assert!(latest.title.is_some() && latest.deploy_url.is_some());
    for earlier in &deploys[1..] {
        assert_eq!(earlier.state.as_deref(), Some("ready"));
        assert!(
            earlier.error_message.is_none(),
            "only failed deploys carry a message"
        );
    }
    assert!(deploys
        .iter()
        .any(|d| d.context.as_deref() == Some("deploy-preview")));

    // Pages, with the Link header /sites has.
    let resp = call(&env, "GET", &format!("{path}?page=2&per_page=2"), None).await;
    let link = resp.headers()["link"].to_str().unwrap().to_owned();
    assert!(
        link.contains("rel=\"prev\"") && !link.contains("rel=\"next\""),
        "{link}"
    );
    let page: Vec<Deploy> = resp.json().await.unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].id, deploys[2].id);

    let ready: Vec<Deploy> = ok(&env, "GET", &format!("{path}?state=ready"), None, 200).await;
    assert_eq!(ready.len(), 2);
    let production: Vec<Deploy> =
        ok(&env, "GET", &format!("{path}?production=true"), None, 200).await;
    assert!(production
        .iter()
        .all(|d| d.context.as_deref() == Some("production")));
    assert_eq!(production.len(), 2);
    let branch: Vec<Deploy> = ok(
        &env,
        "GET",
        &format!("{path}?branch=feature/search"),
        None,
        200,
    )
    .await;
    assert_eq!(branch.len(), 1);

    refused(&env, "GET", &format!("{path}?state=done"), None, 422).await;
    refused(&env, "GET", &format!("{path}?per_page=0"), None, 422).await;
    refused(&env, "GET", "/sites/nope/deploys", None, 404).await;
    refused(
        &env,
        "GET",
        &format!("/sites/{NETLIFY_SITE_BABBAGE}/deploys"),
        None,
        404,
    )
    .await;
    env.shutdown().await;
}

#[tokio::test]
async fn get_deploy_answers_what_the_list_does() {
    let env = start().await;
    let listed: Vec<Value> = ok(
        &env,
        "GET",
        &format!("/sites/{ENGINES_SITE}/deploys"),
        None,
        200,
    )
    .await;
    for d in &listed {
        let id = d["id"].as_str().unwrap();
        let one: Value = ok(&env, "GET", &format!("/deploys/{id}"), None, 200).await;
        assert_eq!(&one, d);
        let _: Deploy = serde_json::from_value(one).unwrap();
    }
    refused(&env, "GET", "/deploys/000000000000000000000000", None, 404).await;
    refused(
        &env,
        "GET",
        &format!("/deploys/{BABBAGE_DEPLOY}"),
        None,
        404,
    )
    .await;
    env.shutdown().await;
}

#[tokio::test]
async fn demo_variables_hide_secret_values_except_dev() {
    let env = start().await;
    let vars: Vec<EnvVar> = ok(
        &env,
        "GET",
        &env_path(NETLIFY_ACCOUNT_ADA, "", Some(NETLIFY_SITE_ADA_NOTES)),
        None,
        200,
    )
    .await;
    let keys: Vec<_> = vars.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(
        keys,
        ["DATABASE_URL", "PUBLIC_API_URL", "STRIPE_SECRET_KEY"]
    );
    let plain = &vars[1];
    assert!(!plain.is_secret);
    assert_eq!(
        plain.value_for("all").unwrap().value.as_deref(),
        Some("https://api.ada-notes.example")
    );
    let db = &vars[0];
    let production = db.value_for("production").unwrap().value.clone().unwrap();
    let preview = db
        .value_for("deploy-preview")
        .unwrap()
        .value
        .clone()
        .unwrap();
    assert_ne!(production, preview);
    let secret = &vars[2];
    assert!(secret.is_secret);
    assert!(!secret.scopes.iter().any(|s| s == "post-processing"));
    assert_eq!(secret.value_for("production").unwrap().value, None);
    assert_eq!(secret.value_for("deploy-preview").unwrap().value, None);
    assert!(
        secret.value_for("dev").unwrap().value.is_some(),
        "dev values stay readable"
    );

    // The slug names the account too (netlify-cli passes it), and the
    // site's own route, at both paths, answers the same list.
    let by_slug: Value = ok(
        &env,
        "GET",
        &env_path("ada", "", Some(NETLIFY_SITE_ADA_NOTES)),
        None,
        200,
    )
    .await;
    for path in [
        format!("/sites/{NETLIFY_SITE_ADA_NOTES}/env"),
        format!("/api/v1/sites/{NETLIFY_SITE_ADA_NOTES}/env"),
    ] {
        let of_site: Value = ok(&env, "GET", &path, None, 200).await;
        assert_eq!(of_site, by_slug, "{path}");
    }
    let one: EnvVar = ok(
        &env,
        "GET",
        &env_path("ada", "/STRIPE_SECRET_KEY", Some(NETLIFY_SITE_ADA_NOTES)),
        None,
        200,
    )
    .await;
    assert_eq!(one.value_for("production").unwrap().value, None);

    // Filters.
    let site = Some(NETLIFY_SITE_ADA_NOTES);
    let runtime_free: Vec<EnvVar> = ok(
        &env,
        "GET",
        &format!("{}&scope=post-processing", env_path("ada", "", site)),
        None,
        200,
    )
    .await;
    assert_eq!(
        runtime_free.len(),
        1,
        "only PUBLIC_API_URL has post-processing"
    );
    let dev: Vec<EnvVar> = ok(
        &env,
        "GET",
        &format!("/sites/{NETLIFY_SITE_ADA_NOTES}/env?context_name=dev"),
        None,
        200,
    )
    .await;
    let keys: Vec<_> = dev.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(
        keys,
        ["PUBLIC_API_URL", "STRIPE_SECRET_KEY"],
        "an `all` value counts for dev"
    );
    refused(
        &env,
        "GET",
        &format!("{}&context_name=staging", env_path("ada", "", site)),
        None,
        422,
    )
    .await;
    refused(
        &env,
        "GET",
        &format!("{}&scope=everything", env_path("ada", "", site)),
        None,
        422,
    )
    .await;
    // The account's own variables are not the site's.
    let shared: Vec<EnvVar> = ok(&env, "GET", &env_path("ada", "", None), None, 200).await;
    assert!(shared.is_empty());
    env.shutdown().await;
}

#[tokio::test]
async fn a_secrets_non_dev_values_never_come_back() {
    let env = start().await;
    let site = Some(NETLIFY_SITE_ADA_NOTES);
    let production = "sandbox-production-secret-0451";
    let preview = "sandbox-preview-secret-0452";
    let create = json!([{
        "key": "SIGNING_KEY",
        "is_secret": true,
        "scopes": ["builds", "functions"],
        "values": [
            {"context": "production", "value": production},
            {"context": "dev", "value": "dev-value"},
        ],
    }]);
    let mut bodies = Vec::new();
    let resp = call(&env, "POST", &env_path("ada", "", site), Some(create)).await;
    assert_eq!(resp.status(), 201);
    bodies.push(resp.text().await.unwrap());
    let resp = call(
        &env,
        "PATCH",
        &env_path("ada", "/SIGNING_KEY", site),
        Some(json!({"context": "deploy-preview", "value": preview})),
    )
    .await;
    assert_eq!(resp.status(), 201);
    bodies.push(resp.text().await.unwrap());
    let put = json!({"values": [
        {"context": "production", "value": production},
        {"context": "deploy-preview", "value": preview},
        {"context": "dev", "value": "dev-value"},
    ]});
    let resp = call(
        &env,
        "PUT",
        &env_path("ada", "/SIGNING_KEY", site),
        Some(put),
    )
    .await;
    assert_eq!(resp.status(), 200);
    bodies.push(resp.text().await.unwrap());
    for path in [
        env_path("ada", "", site),
        env_path("ada", "/SIGNING_KEY", site),
        format!("/sites/{NETLIFY_SITE_ADA_NOTES}/env"),
        format!("/sites/{NETLIFY_SITE_ADA_NOTES}/env?context_name=production"),
    ] {
        bodies.push(call(&env, "GET", &path, None).await.text().await.unwrap());
    }
    for body in &bodies {
        assert!(
            !body.contains(production) && !body.contains(preview),
            "{body}"
        );
    }
    assert!(bodies.iter().all(|b| b.contains("dev-value")));
    // And it cannot be made readable by unflagging it.
    let message = refused(
        &env,
        "PUT",
        &env_path("ada", "/SIGNING_KEY", site),
        Some(json!({"is_secret": false})),
        422,
    )
    .await;
    assert!(message.contains("secret"), "{message}");
    env.shutdown().await;
}

#[tokio::test]
async fn variables_round_trip_through_create_update_set_and_delete() {
    let env = start().await;
    let site = Some(NETLIFY_SITE_ADA_NOTES);
    let created: Vec<EnvVar> = ok(
        &env,
        "POST",
        &env_path(NETLIFY_ACCOUNT_ADA, "", site),
        Some(json!([
            {"key": "FEATURE_FLAGS", "values": [{"context": "all", "value": "search"}]},
            {"key": "EMPTY"},
        ])),
        201,
    )
    .await;
    assert_eq!(created.len(), 2);
    assert_eq!(created[0].scopes.len(), 4, "every scope by default");
    assert!(created[1].values.is_empty());
    let again = refused(
        &env,
        "POST",
        &env_path("ada", "", site),
        Some(json!([{"key": "FEATURE_FLAGS"}])),
        409,
    )
    .await;
    assert!(again.contains("FEATURE_FLAGS"), "{again}");
    // All or nothing: EMPTY exists, so NEW was not created either.
    refused(
        &env,
        "POST",
        &env_path("ada", "", site),
        Some(json!([{"key": "NEW"}, {"key": "EMPTY"}])),
        409,
    )
    .await;
    refused(&env, "GET", &env_path("ada", "/NEW", site), None, 404).await;

    // PUT replaces what it names, renames with `key`.
    let put = json!({"key": "FLAGS", "scopes": ["builds"], "values": [
        {"context": "production", "value": "search"},
        {"context": "branch", "context_parameter": "staging", "value": "search,beta"},
    ]});
    let updated: EnvVar = ok(
        &env,
        "PUT",
        &env_path("ada", "/FEATURE_FLAGS", site),
        Some(put),
        200,
    )
    .await;
    assert_eq!(
        (updated.key.as_str(), updated.scopes.as_slice()),
        ("FLAGS", &["builds".to_owned()][..])
    );
    let branch = updated.value_for("branch").unwrap();
    assert_eq!(branch.context_parameter.as_deref(), Some("staging"));
    refused(
        &env,
        "GET",
        &env_path("ada", "/FEATURE_FLAGS", site),
        None,
        404,
    )
    .await;
    refused(
        &env,
        "PUT",
        &env_path("ada", "/FLAGS", site),
        Some(json!({"key": "EMPTY"})),
        409,
    )
    .await;

    // PATCH sets one context: replaces that context's value in place, or
    // adds one.
    let before = updated.value_for("production").unwrap().id.clone();
    let set: EnvVar = ok(
        &env,
        "PATCH",
        &env_path("ada", "/FLAGS", site),
        Some(json!({"context": "production", "value": "search,ai"})),
        201,
    )
    .await;
    let now = set.value_for("production").unwrap();
    assert_eq!(
        (now.id.as_str(), now.value.as_deref()),
        (before.as_str(), Some("search,ai"))
    );
    let set: EnvVar = ok(
        &env,
        "PATCH",
        &env_path("ada", "/FLAGS", site),
        Some(json!({"context": "dev", "value": "all"})),
        201,
    )
    .await;
    assert_eq!(set.values.len(), 3);
    let read: EnvVar = ok(&env, "GET", &env_path("ada", "/FLAGS", site), None, 200).await;
    assert_eq!(read.values, set.values);

    // Deleting one value, then the variable.
    let dev_id = read.value_for("dev").unwrap().id.clone();
    let value_path = env_path("ada", &format!("/FLAGS/value/{dev_id}"), site);
    let gone = call(&env, "DELETE", &value_path, None).await;
    assert_eq!(gone.status(), 204);
    refused(&env, "DELETE", &value_path, None, 404).await;
    let read: EnvVar = ok(&env, "GET", &env_path("ada", "/FLAGS", site), None, 200).await;
    assert!(read.value_for("dev").is_none());
    assert_eq!(
        call(&env, "DELETE", &env_path("ada", "/FLAGS", site), None)
            .await
            .status(),
        204
    );
    refused(&env, "GET", &env_path("ada", "/FLAGS", site), None, 404).await;
    refused(&env, "DELETE", &env_path("ada", "/FLAGS", site), None, 404).await;
    refused(
        &env,
        "PATCH",
        &env_path("ada", "/FLAGS", site),
        Some(json!({"context": "dev", "value": "x"})),
        404,
    )
    .await;
    env.shutdown().await;
}

#[tokio::test]
async fn account_variables_and_site_variables_are_kept_apart() {
    let env = start().await;
    let shared: Vec<EnvVar> = ok(
        &env,
        "POST",
        &env_path("ada", "", None),
        Some(json!([{"key": "PUBLIC_API_URL", "values": [{"context": "all", "value": "https://team.example"}]}])),
        201,
    )
    .await;
    assert_eq!(
        shared.len(),
        1,
        "the site's PUBLIC_API_URL does not clash with the account's"
    );
    let site: EnvVar = ok(
        &env,
        "GET",
        &env_path("ada", "/PUBLIC_API_URL", Some(NETLIFY_SITE_ADA_NOTES)),
        None,
        200,
    )
    .await;
    assert_eq!(
        site.value_for("all").unwrap().value.as_deref(),
        Some("https://api.ada-notes.example")
    );
    assert_eq!(
        call(
            &env,
            "DELETE",
            &env_path("ada", "/PUBLIC_API_URL", None),
            None
        )
        .await
        .status(),
        204
    );
    let _: EnvVar = ok(
        &env,
        "GET",
        &env_path("ada", "/PUBLIC_API_URL", Some(NETLIFY_SITE_ADA_NOTES)),
        None,
        200,
    )
    .await;
    env.shutdown().await;
}

#[tokio::test]
async fn unreachable_accounts_and_sites_are_404_and_bad_bodies_422() {
    let env = start().await;
    let ada_site = Some(NETLIFY_SITE_ADA_NOTES);
    for path in [
        env_path("nobody", "", None),
        env_path(NETLIFY_ACCOUNT_BABBAGE, "", None),
        env_path("babbage", "", None),
        env_path(NETLIFY_ACCOUNT_BABBAGE, "", Some(NETLIFY_SITE_BABBAGE)),
        // A site of Ada's other account, named under the wrong account.
        env_path(NETLIFY_ACCOUNT_ADA, "", Some(ENGINES_SITE)),
        env_path(NETLIFY_ACCOUNT_ADA, "", Some(NETLIFY_SITE_BABBAGE)),
        env_path(
            NETLIFY_ACCOUNT_ADA,
            "/ANALYTICS_ID",
            Some(NETLIFY_SITE_BABBAGE),
        ),
        format!("/sites/{NETLIFY_SITE_BABBAGE}/env"),
        env_path("ada", "/NOPE", ada_site),
    ] {
        refused(&env, "GET", &path, None, 404).await;
    }
    // Writes to someone else's account are 404 before the body is read.
    refused(
        &env,
        "POST",
        &env_path("babbage", "", None),
        Some(json!("not an array")),
        404,
    )
    .await;
    refused(
        &env,
        "DELETE",
        &env_path("babbage", "/ANALYTICS_ID", Some(NETLIFY_SITE_BABBAGE)),
        None,
        404,
    )
    .await;

    let create = env_path("ada", "", ada_site);
    for body in [
        json!({"key": "NOT_AN_ARRAY"}),
        json!([{"values": []}]),
        json!([{"key": ""}]),
        json!([{"key": "HAS SPACE"}]),
        json!([{"key": "A"}, {"key": "A"}]),
        json!([{"key": "A", "scopes": ["everything"]}]),
        json!([{"key": "A", "values": [{"context": "staging", "value": "x"}]}]),
        json!([{"key": "A", "values": [{"value": "x"}]}]),
        json!([{"key": "A", "values": [{"context": "branch", "value": "x"}]}]),
        json!([{"key": "A", "values": [{"context": "dev", "value": "x"}, {"context": "dev", "value": "y"}]}]),
        json!([{"key": "A", "is_secret": true, "values": [{"context": "production", "value": "x"}]}]),
        json!([{"key": "A", "is_secret": true, "scopes": ["builds"], "values": [{"context": "all", "value": "x"}]}]),
        json!([{"key": "A", "is_secret": true, "scopes": ["builds", "post-processing"]}]),
        json!([{"key": "A", "is_secret": "yes"}]),
    ] {
        let message = refused(&env, "POST", &create, Some(body.clone()), 422).await;
        assert!(!message.is_empty(), "{body}");
    }
    refused(&env, "GET", &env_path("ada", "/A", ada_site), None, 404).await;
    let secret = env_path("ada", "/STRIPE_SECRET_KEY", ada_site);
    refused(
        &env,
        "PATCH",
        &secret,
        Some(json!({"context": "all", "value": "x"})),
        422,
    )
    .await;
    refused(&env, "PATCH", &secret, Some(json!({"value": "x"})), 422).await;
    refused(
        &env,
        "PUT",
        &secret,
        Some(json!({"scopes": ["post-processing"]})),
        422,
    )
    .await;
    refused(
        &env,
        "PUT",
        &env_path("ada", "/PUBLIC_API_URL", ada_site),
        Some(json!({"is_secret": true})),
        422,
    )
    .await;
    env.shutdown().await;
}

/// The guard in front of every Netlify route: 401 without a token, the
/// limit per endpoint and user, Netlify's Unix-time `X-RateLimit-Reset`.
#[tokio::test]
async fn new_routes_share_the_guard_and_rate_limit() {
    let env = start_with(|b| b.rate_limit_per_minute(2)).await;
    let path = env_path("ada", "", Some(NETLIFY_SITE_ADA_NOTES));
    let anonymous = env
        .http
        .get(format!("{}/api/v1{path}", env.sb.netlify_base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    for _ in 0..2 {
        assert_eq!(call(&env, "GET", &path, None).await.status(), 200);
    }
    let limited = call(&env, "GET", &path, None).await;
    assert!(limited.headers().contains_key("x-ratelimit-reset"));
    let e: NetlifyError = {
        assert_eq!(limited.status(), 429);
        limited.json().await.unwrap()
    };
    assert_eq!(e.code, Some(429));
    // Another endpoint has its own budget.
    assert_eq!(
        call(
            &env,
            "GET",
            &format!("/sites/{NETLIFY_SITE_ADA_NOTES}"),
            None
        )
        .await
        .status(),
        200
    );
    env.shutdown().await;
}
