//! Contract tests: every response the sandbox gives is checked twice against
//! Supabase's OpenAPI document — deserialised into the spec types of
//! `spec_types.rs` (unknown fields denied, required fields mandatory) and
//! validated with the spec's own JSON schema (`schema.rs`). Error bodies
//! must be exactly `{"message": string}`.
//!
//! Request validation is checked the other way round: for a list of request
//! bodies, the sandbox accepts exactly those the spec's schema accepts.

#[path = "../common/mod.rs"]
mod common;

mod auth_config_type;
mod schema;
mod spec_types;

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use common::*;
use schema::{assert_response, check_component, request_is_valid};
use spec_types::*;

/// Checks a success body both ways and returns it typed.
fn typed<T: DeserializeOwned>(template: &str, method: &str, status: u16, body: &Value) -> T {
    assert_response(template, method, status, body);
    serde_json::from_value(body.clone()).unwrap_or_else(|e| {
        panic!("{method} {template} {status} does not fit the spec type: {e}\nbody: {body}")
    })
}

/// Checks an error body: exactly `{"message": string}`.
fn error_body(body: &Value) -> String {
    let e: ErrorBody = serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("error body is not {{message}}: {e}: {body}"));
    e.message
}

async fn call(
    env: &Env,
    token: Option<&str>,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = env.http.request(method.parse().unwrap(), env.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{method} {path}: not JSON: {text}"))
    };
    (status, value)
}

#[tokio::test]
async fn oauth_token_responses_match_the_spec() {
    let env = start().await;
    let client = env.demo();
    let p = pkce();
    let code = code_for(&env, &client.id, APP_REDIRECT, ACME, &p.challenge).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("client_id", client.id.as_str()),
        ("client_secret", client.secret.as_str()),
        ("code", code.as_str()),
        ("redirect_uri", APP_REDIRECT),
        ("code_verifier", p.verifier.as_str()),
    ];
    let as_object: Value = form
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect::<serde_json::Map<_, _>>()
        .into();
    request_is_valid(
        "/v1/oauth/token",
        "post",
        "application/x-www-form-urlencoded",
        &as_object,
    )
    .unwrap();
    let resp = token_request(&env, &form).await;
    assert_eq!(resp.status(), 201);
    let body: Value = resp.json().await.unwrap();
    let t: OAuthTokenResponse = typed("/v1/oauth/token", "post", 201, &body);
    assert_eq!(t.token_type, TokenType::Bearer);
    assert_eq!(t.expires_in, 86_400);

    let resp = refresh(&env, &client, &t.refresh_token).await;
    let body: Value = resp.json().await.unwrap();
    let _: OAuthTokenResponse = typed("/v1/oauth/token", "post", 201, &body);

    // Errors are {message}.
    for (form, status) in [
        (
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", client.id.as_str()),
            ],
            422,
        ),
        (
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", client.id.as_str()),
                ("client_secret", "x"),
            ],
            401,
        ),
        (
            vec![
                ("grant_type", "refresh_token"),
                ("client_id", client.id.as_str()),
                ("client_secret", client.secret.as_str()),
                ("refresh_token", "nope"),
            ],
            404,
        ),
        (
            vec![
                ("grant_type", "nope"),
                ("client_id", client.id.as_str()),
                ("client_secret", client.secret.as_str()),
            ],
            400,
        ),
    ] {
        let resp = token_request(&env, &form).await;
        assert_eq!(resp.status(), status);
        error_body(&resp.json().await.unwrap());
    }

    // Revoke: the body the spec describes, 204 with no body.
    let t = tokens_for(&env, ACME).await;
    let body =
        json!({"client_id": client.id, "client_secret": client.secret, "refresh_token": t.refresh});
    request_is_valid("/v1/oauth/revoke", "post", "application/json", &body).unwrap();
    let resp = env
        .http
        .post(env.url("/v1/oauth/revoke"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    assert!(resp.bytes().await.unwrap().is_empty());
    env.shutdown().await;
}

#[tokio::test]
async fn organization_responses_match_the_spec() {
    let env = start().await;
    let oauth = tokens_for(&env, ACME).await.access;
    for token in [oauth.as_str(), DEMO_ACCESS_TOKEN] {
        let (status, body) = call(&env, Some(token), "GET", "/v1/organizations", None).await;
        assert_eq!(status, 200);
        let orgs: Vec<OrganizationResponseV1> = typed("/v1/organizations", "get", 200, &body);
        assert!(orgs.iter().all(|o| o.id == o.slug));
        for o in orgs {
            let (status, body) = call(
                &env,
                Some(token),
                "GET",
                &format!("/v1/organizations/{}", o.slug),
                None,
            )
            .await;
            assert_eq!(status, 200);
            let detail: V1OrganizationSlugResponse =
                typed("/v1/organizations/{slug}", "get", 200, &body);
            assert_eq!(detail.name, o.name);
        }
    }
    let (status, body) = call(
        &env,
        Some(DEMO_ACCESS_TOKEN),
        "GET",
        &format!("/v1/organizations/{HOPPER}"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    error_body(&body);
    let (status, body) = call(
        &env,
        Some(&oauth),
        "GET",
        &format!("/v1/organizations/{LOVELACE}"),
        None,
    )
    .await;
    assert_eq!(status, 403);
    error_body(&body);
    env.shutdown().await;
}

#[tokio::test]
async fn project_responses_match_the_spec() {
    let env = start_with(|b| b.activation_delay(Duration::from_secs(30))).await;
    let token = tokens_for(&env, ACME).await.access;
    let (status, body) = call(&env, Some(&token), "GET", "/v1/projects", None).await;
    assert_eq!(status, 200);
    let list: Vec<V1ProjectWithDatabaseResponse> = typed("/v1/projects", "get", 200, &body);
    assert_eq!(list.len(), 4);
    assert!(list.iter().any(|p| p.status == ProjectStatus::Inactive));
    for p in &list {
        assert_eq!(p.id, p.reference);
        let (status, body) = call(
            &env,
            Some(&token),
            "GET",
            &format!("/v1/projects/{}", p.reference),
            None,
        )
        .await;
        assert_eq!(status, 200);
        let _: V1ProjectWithDatabaseResponse = typed("/v1/projects/{ref}", "get", 200, &body);
    }

    let create = json!({"db_pass": "correct-horse-battery-staple", "name": "contract-check", "organization_slug": ACME, "region": "eu-west-2"});
    request_is_valid("/v1/projects", "post", "application/json", &create).unwrap();
    let (status, body) = call(&env, Some(&token), "POST", "/v1/projects", Some(create)).await;
    assert_eq!(status, 201);
    let created: V1ProjectResponse = typed("/v1/projects", "post", 201, &body);
    assert_eq!(created.status, ProjectStatus::ComingUp);
    // A COMING_UP project in every listing shape.
    let (_, body) = call(
        &env,
        Some(&token),
        "GET",
        &format!("/v1/projects/{}", created.reference),
        None,
    )
    .await;
    let _: V1ProjectWithDatabaseResponse = typed("/v1/projects/{ref}", "get", 200, &body);

    for query in [
        "",
        "?limit=2",
        "?offset=3&limit=1",
        "?search=ACME&sort=created_desc",
        "?statuses=INACTIVE",
        "?statuses=ACTIVE_HEALTHY,INACTIVE&sort=name_desc",
        "?offset=100",
    ] {
        let (status, body) = call(
            &env,
            Some(&token),
            "GET",
            &format!("/v1/organizations/{ACME}/projects{query}"),
            None,
        )
        .await;
        assert_eq!(status, 200, "{query}");
        let page: OrganizationProjectsResponse =
            typed("/v1/organizations/{slug}/projects", "get", 200, &body);
        assert!(page.projects.len() as f64 <= page.pagination.limit);
    }
    for (path, status) in [
        (format!("/v1/projects/{NOTEBOOK}"), 403),
        ("/v1/projects/aaaaaaaaaaaaaaaaaaaa".to_owned(), 404),
        ("/v1/projects/BAD".to_owned(), 400),
        (format!("/v1/organizations/{ACME}/projects?limit=101"), 400),
    ] {
        let (got, body) = call(&env, Some(&token), "GET", &path, None).await;
        assert_eq!(got, status, "{path}");
        error_body(&body);
    }
    env.shutdown().await;
}

#[tokio::test]
async fn regions_profile_health_and_keys_match_the_spec() {
    let env = start_with(|b| b.activation_delay(Duration::from_secs(30))).await;
    let token = tokens_for(&env, ACME).await.access;
    for continent in [
        "",
        "&continent=NA",
        "&continent=SA",
        "&continent=EU",
        "&continent=AF",
        "&continent=AS",
        "&continent=OC",
        "&continent=AN",
    ] {
        let (status, body) = call(
            &env,
            Some(&token),
            "GET",
            &format!("/v1/projects/available-regions?organization_slug={ACME}{continent}"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        let r: RegionsInfo = typed("/v1/projects/available-regions", "get", 200, &body);
        assert_eq!(r.all.specific.len(), 18);
        assert_eq!(r.all.smart_group.len(), 3);
    }
    let (status, body) = call(&env, Some(&token), "GET", "/v1/profile", None).await;
    assert_eq!(status, 200);
    let profile: V1ProfileResponse = typed("/v1/profile", "get", 200, &body);
    assert_eq!(profile.gotrue_id, DEMO_USER_ID);

    let (_, created) = call(
        &env,
        Some(&token),
        "POST",
        "/v1/projects",
        Some(json!({"db_pass": "pw-pw-pw-pw", "name": "new", "organization_slug": ACME})),
    )
    .await;
    let coming_up = created["ref"].as_str().unwrap().to_owned();
    let all = "services=auth,db,db_postgres_user,pooler,realtime,rest,storage,pg_bouncer";
    // Active, paused (acme-staging) and starting projects.
    for reference in [ACME_WEB, "xsnsmlheqpcybdeufzvn", coming_up.as_str()] {
        let (status, body) = call(
            &env,
            Some(&token),
            "GET",
            &format!("/v1/projects/{reference}/health?{all}"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        let h: Vec<V1ServiceHealthResponse> = typed("/v1/projects/{ref}/health", "get", 200, &body);
        assert_eq!(h.len(), 8);
    }
    let (status, body) = call(
        &env,
        Some(&token),
        "GET",
        &format!("/v1/projects/{ACME_WEB}/health?services=auth&services=rest"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let h: Vec<V1ServiceHealthResponse> = typed("/v1/projects/{ref}/health", "get", 200, &body);
    assert!(matches!(h[0].info, Some(HealthInfo::GoTrue(_))));
    assert!(matches!(h[1].info, Some(HealthInfo::Rest(_))));

    for reveal in ["", "?reveal=true", "?reveal=false"] {
        let (status, body) = call(
            &env,
            Some(&token),
            "GET",
            &format!("/v1/projects/{ACME_WEB}/api-keys{reveal}"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        let keys: Vec<ApiKeyResponse> = typed("/v1/projects/{ref}/api-keys", "get", 200, &body);
        assert_eq!(keys.len(), 4);
    }
    for path in [
        format!("/v1/projects/{ACME_WEB}/health"),
        format!("/v1/projects/{ACME_WEB}/api-keys?reveal=maybe"),
        "/v1/projects/available-regions".to_owned(),
    ] {
        let (status, body) = call(&env, Some(&token), "GET", &path, None).await;
        assert_eq!(status, 400, "{path}");
        error_body(&body);
    }
    env.shutdown().await;
}

#[tokio::test]
async fn auth_config_responses_match_the_spec() {
    let env = start().await;
    let token = tokens_for(&env, ACME).await.access;
    let path = format!("/v1/projects/{ACME_WEB}/config/auth");
    let (status, body) = call(&env, Some(&token), "GET", &path, None).await;
    assert_eq!(status, 200);
    let _: AuthConfigResponse = typed("/v1/projects/{ref}/config/auth", "get", 200, &body);

    let patch = json!({
        "smtp_admin_email": "noreply@acme.test",
        "smtp_host": "smtp.acme.test",
        "smtp_port": "587",
        "smtp_user": "mailer",
        "smtp_pass": "s3cret",
        "smtp_max_frequency": 60,
        "smtp_sender_name": "Acme",
        "rate_limit_email_sent": 30,
        "external_email_enabled": true,
        "password_required_characters": "abcdefghijklmnopqrstuvwxyz:ABCDEFGHIJKLMNOPQRSTUVWXYZ:0123456789",
        "sms_provider": "vonage"
    });
    request_is_valid(
        "/v1/projects/{ref}/config/auth",
        "patch",
        "application/json",
        &patch,
    )
    .unwrap();
    let (status, body) = call(&env, Some(&token), "PATCH", &path, Some(patch)).await;
    assert_eq!(status, 200);
    let c: AuthConfigResponse = typed("/v1/projects/{ref}/config/auth", "patch", 200, &body);
    assert_eq!(c.smtp_port, Nullable(Some("587".to_owned())));
    assert_eq!(c.smtp_pass, Nullable(None));
    let (_, body) = call(&env, Some(&token), "GET", &path, None).await;
    let _: AuthConfigResponse = typed("/v1/projects/{ref}/config/auth", "get", 200, &body);
    env.shutdown().await;
}

#[test]
fn auth_config_type_lists_every_spec_property() {
    let props = schema::spec()["components"]["schemas"]["AuthConfigResponse"]["properties"]
        .as_object()
        .unwrap();
    // serde_json's map is sorted, so compare as sorted lists.
    let names: Vec<&str> = props.keys().map(String::as_str).collect();
    let mut fields = auth_config_type::FIELDS.to_vec();
    fields.sort_unstable();
    assert_eq!(names, fields);
    let required = schema::spec()["components"]["schemas"]["AuthConfigResponse"]["required"]
        .as_array()
        .unwrap();
    assert_eq!(
        required.len(),
        auth_config_type::FIELDS.len(),
        "every property is required"
    );
}

/// Issue 13: the pooler configuration in the spec's shape, empty for a
/// paused project, and its errors: 401, 404 for an unknown ref, 403 for a
/// grant without `database:read`, 429.
#[tokio::test]
async fn pooler_config_matches_the_spec_and_errs_like_the_api() {
    const ROUTE: &str = "/v1/projects/{ref}/config/database/pooler";
    let path = |reference: &str| format!("/v1/projects/{reference}/config/database/pooler");
    let env = start().await;
    let token = tokens_for(&env, ACME).await.access;
    let (status, body) = call(&env, Some(&token), "GET", &path(ACME_WEB), None).await;
    assert_eq!(status, 200);
    assert_response(ROUTE, "get", 200, &body);
    let entries = body.as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["pool_mode"], "transaction");
    assert_eq!(entries[0]["db_port"], 6543);
    assert_eq!(entries[0]["db_user"], format!("postgres.{ACME_WEB}"));
    // acme-staging is paused: no pooler (as the real API answers).
    let (status, body) = call(
        &env,
        Some(&token),
        "GET",
        &path("xsnsmlheqpcybdeufzvn"),
        None,
    )
    .await;
    assert_eq!((status, body), (200, json!([])));
    let cases = [
        (None, path(ACME_WEB), 401),
        (Some(token.as_str()), path("aaaaaaaaaaaaaaaaaaaa"), 404),
        (Some(token.as_str()), path("not-a-ref"), 400),
    ];
    errs_like_the_api(&env, "GET", &cases, &token, &path(ACME_WEB)).await;
    env.shutdown().await;
    refused_without_scope("database:read", "GET", &path(ACME_WEB)).await;
}

/// Issue 13: restoring a paused project: 200 with no body, `RESTORING`,
/// then healthy once the activation delay has passed; its errors.
#[tokio::test]
async fn restore_wakes_a_paused_project_and_errs_like_the_api() {
    const PAUSED: &str = "xsnsmlheqpcybdeufzvn"; // acme-staging
    let path = |reference: &str| format!("/v1/projects/{reference}/restore");
    let project_path = format!("/v1/projects/{PAUSED}");
    let env = start_with(|b| b.activation_delay(Duration::from_secs(30))).await;
    let token = tokens_for(&env, ACME).await.access;
    let (status, body) = call(&env, Some(&token), "POST", &path(PAUSED), None).await;
    assert_eq!((status, body), (200, Value::Null));
    let (_, project) = call(&env, Some(&token), "GET", &project_path, None).await;
    let _: V1ProjectWithDatabaseResponse = typed("/v1/projects/{ref}", "get", 200, &project);
    assert_eq!(project["status"], "RESTORING");
    let (status, again) = call(&env, Some(&token), "POST", &path(PAUSED), None).await;
    assert_eq!(status, 400, "a restoring project is not paused");
    assert!(error_body(&again).contains("not paused"));
    env.clock.advance_by(Duration::from_secs(31));
    let (_, project) = call(&env, Some(&token), "GET", &project_path, None).await;
    assert_eq!(project["status"], "ACTIVE_HEALTHY");
    let cases = [
        (None, path(PAUSED), 401),
        (Some(token.as_str()), path("aaaaaaaaaaaaaaaaaaaa"), 404),
        (Some(token.as_str()), path(ACME_WEB), 400),
    ];
    errs_like_the_api(&env, "POST", &cases, &token, &path(PAUSED)).await;
    env.shutdown().await;
    refused_without_scope("projects:write", "POST", &path(PAUSED)).await;
}

/// Each case (token, path, status) answers that status with a `{message}`
/// body; then an injected 429 on `limited` does too.
async fn errs_like_the_api(
    env: &Env,
    method: &str,
    cases: &[(Option<&str>, String, u16)],
    token: &str,
    limited: &str,
) {
    for (tok, path, want) in cases {
        let (got, value) = call(env, *tok, method, path, None).await;
        assert_eq!(got, *want, "{method} {path}");
        error_body(&value);
    }
    let rule = format!("{method} {limited} 429 times=1");
    env.sb.add_fault(rule.parse().unwrap()).unwrap();
    let (got, value) = call(env, Some(token), method, limited, None).await;
    assert_eq!(got, 429);
    error_body(&value);
}

/// An app registered without `scope` gets 403 naming it on `path`.
async fn refused_without_scope(scope: &str, method: &str, path: &str) {
    let mut seed = latchkey_sandbox::Seed::demo();
    for client in &mut seed.oauth_clients {
        client.scopes.retain(|s| s != scope);
    }
    let env = start_with(|b| b.seed(seed)).await;
    let token = tokens_for(&env, ACME).await.access;
    let (got, value) = call(&env, Some(&token), method, path, None).await;
    assert_eq!(got, 403);
    assert_eq!(
        error_body(&value),
        format!("Missing required scope: {scope}")
    );
    env.shutdown().await;
}

#[tokio::test]
async fn every_error_the_api_gives_is_a_message_object() {
    let env = start().await;
    let token = tokens_for(&env, ACME).await.access;
    type Case<'a> = (Option<&'a str>, &'a str, String, Option<Value>, u16);
    let cases: Vec<Case> = vec![
        (None, "GET", "/v1/organizations".into(), None, 401),
        (
            Some("sbp_oauth_nope"),
            "GET",
            "/v1/profile".into(),
            None,
            401,
        ),
        (
            Some(&token),
            "GET",
            format!("/v1/organizations/{LOVELACE}/projects"),
            None,
            403,
        ),
        (
            Some(&token),
            "GET",
            format!("/v1/organizations/{ACME}/projects?sort=size"),
            None,
            400,
        ),
        (
            Some(&token),
            "GET",
            format!("/v1/organizations/{ACME}/projects?offset=-1"),
            None,
            400,
        ),
        (
            Some(&token),
            "GET",
            format!("/v1/organizations/{ACME}/projects?statuses=COMING_UP"),
            None,
            400,
        ),
        (
            Some(&token),
            "POST",
            "/v1/projects".into(),
            Some(json!({"name": "x"})),
            400,
        ),
        (
            Some(&token),
            "PATCH",
            format!("/v1/projects/{ACME_WEB}/config/auth"),
            Some(json!({"smtp_port": 587})),
            400,
        ),
        (Some(&token), "DELETE", "/v1/projects".into(), None, 405),
        (Some(&token), "GET", "/v1/nothing-here".into(), None, 404),
    ];
    for (tok, method, path, body, status) in cases {
        let (got, value) = call(&env, tok, method, &path, body).await;
        assert_eq!(got, status, "{method} {path}");
        error_body(&value);
    }
    env.shutdown().await;
}

/// The sandbox accepts exactly the create-project bodies the spec accepts.
#[tokio::test]
async fn create_project_validation_agrees_with_the_spec_schema() {
    let env = start().await;
    let token = tokens_for(&env, ACME).await.access;
    let base = || json!({"db_pass": "pw-123456789", "name": "agree", "organization_slug": ACME});
    let with = |k: &str, v: Value| {
        let mut b = base();
        b[k] = v;
        b
    };
    let without = |k: &str| {
        let mut b = base();
        b.as_object_mut().unwrap().remove(k);
        b
    };
    let bodies = vec![
        base(),
        with("region", json!("ap-south-1")),
        with("region", json!("mars-north-1")),
        with("region", json!(5)),
        with(
            "region_selection",
            json!({"type": "specific", "code": "eu-central-2"}),
        ),
        with(
            "region_selection",
            json!({"type": "smartGroup", "code": "apac"}),
        ),
        with(
            "region_selection",
            json!({"type": "smartGroup", "code": "eu-central-2"}),
        ),
        with(
            "region_selection",
            json!({"type": "nearby", "code": "apac"}),
        ),
        with("region_selection", json!({"type": "specific"})),
        with("plan", json!("pro")),
        with("plan", json!("team")),
        with("desired_instance_size", json!("small")),
        with("desired_instance_size", json!("huge")),
        with("kps_enabled", json!(true)),
        with("kps_enabled", json!("yes")),
        with(
            "template_url",
            json!("https://github.com/supabase/supabase"),
        ),
        with("organization_id", json!(ACME)),
        with("name", json!("n".repeat(256))),
        with("name", json!("n".repeat(257))),
        with("name", json!(42)),
        with("db_pass", json!(12345)),
        with("organization_slug", json!("not a slug!")),
        with("unexpected", json!(1)),
        with("release_channel", json!("ga")),
        without("db_pass"),
        without("name"),
        without("organization_slug"),
    ];
    for (i, mut body) in bodies.into_iter().enumerate() {
        // One organization holds one project of a name: each valid body
        // gets its own.
        if body["name"] == "agree" {
            body["name"] = json!(format!("agree-{i}"));
        }
        let spec_ok = request_is_valid("/v1/projects", "post", "application/json", &body);
        let (status, value) = call(
            &env,
            Some(&token),
            "POST",
            "/v1/projects",
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            status == 201,
            spec_ok.is_ok(),
            "sandbox said {status} {value}, spec said {spec_ok:?} for {body}"
        );
        if status != 201 {
            assert_eq!(status, 400);
            error_body(&value);
        }
    }
    // Beyond a single-property schema check: both region fields at once.
    let (status, value) = call(
        &env,
        Some(&token),
        "POST",
        "/v1/projects",
        Some(
            with(
                "region_selection",
                json!({"type": "specific", "code": "eu-west-1"}),
            )
            .as_object()
            .map(|o| {
                let mut o = o.clone();
                o.insert("region".into(), json!("eu-west-1"));
                Value::Object(o)
            })
            .unwrap(),
        ),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        error_body(&value),
        "Only one of region or region_selection can be specified"
    );
    env.shutdown().await;
}

/// The sandbox accepts exactly the auth-config PATCH bodies the spec accepts
/// (with one documented extra rule: smtp_port must hold a port number).
#[tokio::test]
async fn auth_config_validation_agrees_with_the_spec_schema() {
    let env = start().await;
    let token = tokens_for(&env, ACME).await.access;
    let path = format!("/v1/projects/{ACME_WEB}/config/auth");
    let bodies = vec![
        json!({"smtp_port": "465"}),
        json!({"smtp_port": 465}),
        json!({"smtp_port": null}),
        json!({"smtp_max_frequency": 0}),
        json!({"smtp_max_frequency": 32767}),
        json!({"smtp_max_frequency": 32768}),
        json!({"smtp_max_frequency": -1}),
        json!({"smtp_max_frequency": 1.5}),
        json!({"smtp_admin_email": "admin@example.com"}),
        json!({"smtp_admin_email": "not-an-email"}),
        json!({"smtp_pass": null}),
        json!({"smtp_pass": true}),
        json!({"rate_limit_email_sent": 0}),
        json!({"rate_limit_email_sent": 1}),
        json!({"external_email_enabled": "yes"}),
        json!({"mailer_otp_exp": null}),
        json!({"mailer_otp_exp": 3600}),
        json!({"site_url": "https://a.example,https://b.example"}),
        json!({"site_url": "https://a.example"}),
        json!({"sms_provider": "carrier-pigeon"}),
        json!({"security_captcha_provider": "turnstile"}),
        json!({"sessions_tags": "a, b ,c"}),
        json!({"sessions_tags": "a;b"}),
        json!({"jwt_exp": 604801}),
        json!({"some_future_field": 1}),
    ];
    for body in bodies {
        let spec_ok = request_is_valid(
            "/v1/projects/{ref}/config/auth",
            "patch",
            "application/json",
            &body,
        );
        let (status, value) = call(&env, Some(&token), "PATCH", &path, Some(body.clone())).await;
        assert_eq!(
            status == 200,
            spec_ok.is_ok(),
            "sandbox said {status} {value}, spec said {spec_ok:?} for {body}"
        );
        if status == 200 {
            let _: AuthConfigResponse =
                typed("/v1/projects/{ref}/config/auth", "patch", 200, &value);
        } else {
            assert_eq!(status, 400);
            error_body(&value);
        }
    }
    // The extra rule.
    assert!(request_is_valid(
        "/v1/projects/{ref}/config/auth",
        "patch",
        "application/json",
        &json!({"smtp_port": "smtp"})
    )
    .is_ok());
    let (status, value) = call(
        &env,
        Some(&token),
        "PATCH",
        &path,
        Some(json!({"smtp_port": "smtp"})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        error_body(&value),
        "smtp_port must be a port number (1-65535) as a string"
    );
    env.shutdown().await;
}

#[test]
fn the_spec_types_accept_the_specs_own_component_schemas_shape() {
    // Sanity of the schema tooling itself: a body missing a required
    // property or carrying a wrong type is rejected by the JSON schema.
    assert!(check_component(
        "V1ProfileResponse",
        &json!({"gotrue_id": "a", "primary_email": "b", "username": "c"})
    )
    .is_ok());
    assert!(check_component(
        "V1ProfileResponse",
        &json!({"gotrue_id": "a", "primary_email": "b"})
    )
    .is_err());
    assert!(check_component("OAuthTokenResponse", &json!({"access_token": "a", "refresh_token": "b", "expires_in": 1, "token_type": "Bearer", "x": 1})).is_err());
    assert!(check_component("ApiKeyResponse", &json!({"name": "anon", "api_key": null})).is_ok());
    // Operation schemas resolve too, arrays and nested requirements included.
    use schema::check_response;
    let page = "/v1/organizations/{slug}/projects";
    assert!(check_response(
        page,
        "get",
        200,
        &json!({"projects": [], "pagination": {"count": 0, "limit": 1, "offset": 0}})
    )
    .is_ok());
    assert!(check_response(
        page,
        "get",
        200,
        &json!({"projects": [], "pagination": {"count": 0}})
    )
    .is_err());
    assert!(check_response(
        "/v1/organizations",
        "get",
        200,
        &json!([{"id": "a", "slug": "a"}])
    )
    .is_err());
    assert!(check_response(
        "/v1/projects/{ref}/health",
        "get",
        200,
        &json!([{"name": "auth", "healthy": true, "status": "FINE"}])
    )
    .is_err());
    // And by the typed side.
    assert!(serde_json::from_value::<V1ProfileResponse>(
        json!({"gotrue_id": "a", "primary_email": "b", "username": "c", "extra": 1})
    )
    .is_err());
    assert!(serde_json::from_value::<AuthConfigResponse>(json!({})).is_err());
}
