//! Management API behaviour: pagination, project creation and activation,
//! access with personal tokens.

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::*;

async fn page(env: &Env, token: &str, org: &str, query: &str) -> Value {
    let resp = env
        .get(token, &format!("/v1/organizations/{org}/projects{query}"))
        .await;
    assert_eq!(resp.status(), 200, "{query}");
    resp.json().await.unwrap()
}

fn names(page: &Value) -> Vec<String> {
    page["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn organization_projects_paginate_search_sort_and_filter() {
    let env = start().await;
    let t = tokens_for(&env, ACME).await.access;

    let all = page(&env, &t, ACME, "").await;
    assert_eq!(
        names(&all),
        ["acme-analytics", "acme-api", "acme-staging", "acme-web"],
        "name_asc by default"
    );
    assert_eq!(
        all["pagination"],
        json!({"count": 4, "limit": 100, "offset": 0})
    );

    let p = page(&env, &t, ACME, "?offset=1&limit=2").await;
    assert_eq!(names(&p), ["acme-api", "acme-staging"]);
    assert_eq!(
        p["pagination"],
        json!({"count": 4, "limit": 2, "offset": 1})
    );
    let p = page(&env, &t, ACME, "?offset=4&limit=2").await;
    assert!(names(&p).is_empty());
    assert_eq!(p["pagination"]["count"], 4);

    assert_eq!(
        names(&page(&env, &t, ACME, "?sort=name_desc").await),
        ["acme-web", "acme-staging", "acme-api", "acme-analytics"]
    );
    // Created: staging 2023-11, web 2024-02, api 2024-03, analytics 2024-06.
    assert_eq!(
        names(&page(&env, &t, ACME, "?sort=created_asc").await),
        ["acme-staging", "acme-web", "acme-api", "acme-analytics"]
    );
    assert_eq!(
        names(&page(&env, &t, ACME, "?sort=created_desc").await),
        ["acme-analytics", "acme-api", "acme-web", "acme-staging"]
    );

    let p = page(&env, &t, ACME, "?search=A").await;
    assert_eq!(p["pagination"]["count"], 4);
    let p = page(&env, &t, ACME, "?search=API").await;
    assert_eq!(names(&p), ["acme-api"]);
    assert_eq!(p["pagination"]["count"], 1);

    assert_eq!(
        names(&page(&env, &t, ACME, "?statuses=INACTIVE").await),
        ["acme-staging"]
    );
    let p = page(&env, &t, ACME, "?statuses=ACTIVE_HEALTHY").await;
    assert_eq!(p["pagination"]["count"], 3);
    assert_eq!(
        page(&env, &t, ACME, "?statuses=ACTIVE_HEALTHY,INACTIVE").await["pagination"]["count"],
        4
    );
    let p = page(
        &env,
        &t,
        ACME,
        "?statuses=ACTIVE_HEALTHY&search=acme-a&sort=name_desc&limit=1",
    )
    .await;
    assert_eq!(names(&p), ["acme-api"]);
    assert_eq!(
        p["pagination"],
        json!({"count": 2, "limit": 1, "offset": 0})
    );

    for (query, msg) in [
        ("?limit=101", "limit must not be greater than 100"),
        ("?limit=0", "limit must not be less than 1"),
        ("?limit=ten", "limit must be an integer number"),
        ("?offset=-1", "offset must not be less than 0"),
        ("?sort=random", "sort must be one of the following values: name_asc, name_desc, created_asc, created_desc"),
        ("?statuses=PAUSED", "each value in statuses must be one of the following values: ACTIVE_HEALTHY, INACTIVE"),
    ] {
        let resp = env.get(&t, &format!("/v1/organizations/{ACME}/projects{query}")).await;
        assert_eq!(message(resp, 400).await, msg, "{query}");
    }
    env.shutdown().await;
}

#[tokio::test]
async fn a_new_project_comes_up_then_turns_healthy_on_the_sandbox_clock() {
    let env = start_with(|b| b.activation_delay(Duration::from_secs(90))).await;
    let t = tokens_for(&env, ACME).await.access;
    let resp = env
        .http
        .post(env.url("/v1/projects"))
        .bearer_auth(&t)
        .json(&json!({"db_pass": "correct-horse", "name": "launchpad", "organization_slug": ACME, "region_selection": {"type": "smartGroup", "code": "emea"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let created: Value = resp.json().await.unwrap();
    let r = created["ref"].as_str().unwrap().to_owned();
    assert!(
        r.len() == 20 && r.bytes().all(|b| b.is_ascii_lowercase()),
        "{r}"
    );
    assert_eq!(created["status"], "COMING_UP");
    assert_eq!(
        created["region"], "eu-central-1",
        "the emea smart group lands in Frankfurt"
    );
    assert_eq!(created["organization_slug"], ACME);
    assert!(
        created.get("database").is_none(),
        "V1ProjectResponse has no database"
    );

    let get = |env: &Env| {
        let (t, r) = (t.clone(), r.clone());
        let http = env.http.clone();
        let url = env.url(&format!("/v1/projects/{r}"));
        async move {
            http.get(url)
                .bearer_auth(t)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(get(&env).await["status"], "COMING_UP");
    let health: Value = env
        .get(&t, &format!("/v1/projects/{r}/health?services=auth"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(health[0]["status"], "COMING_UP");
    let p = page(&env, &t, ACME, "?search=launchpad").await;
    assert_eq!(p["projects"][0]["status"], "COMING_UP");
    assert_eq!(p["projects"][0]["databases"][0]["status"], "COMING_UP");

    env.clock.advance_by(Duration::from_secs(89));
    assert_eq!(get(&env).await["status"], "COMING_UP");
    env.clock.advance_by(Duration::from_secs(1));
    assert_eq!(get(&env).await["status"], "ACTIVE_HEALTHY");
    let health: Value = env
        .get(&t, &format!("/v1/projects/{r}/health?services=auth,db"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(health[0]["status"], "ACTIVE_HEALTHY");
    assert_eq!(health[0]["healthy"], true);
    assert_eq!(page(&env, &t, ACME, "").await["pagination"]["count"], 5);

    // The activation delay can be changed while running.
    env.sb.set_activation_delay(Duration::ZERO);
    let resp = env
        .http
        .post(env.url("/v1/projects"))
        .bearer_auth(&t)
        .json(&json!({"db_pass": "pw-pw-pw", "name": "instant", "organization_slug": ACME, "region": "us-west-2"}))
        .send()
        .await
        .unwrap();
    let created: Value = resp.json().await.unwrap();
    assert_eq!(
        created["status"], "COMING_UP",
        "the creation answer is always COMING_UP"
    );
    let now: Value = env
        .get(
            &t,
            &format!("/v1/projects/{}", created["ref"].as_str().unwrap()),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["status"], "ACTIVE_HEALTHY");
    assert_eq!(now["region"], "us-west-2");
    env.shutdown().await;
}

/// Issue 13: one organization never holds two projects of the same name
/// (case and surrounding spaces ignored); another organization may.
#[tokio::test]
async fn a_name_already_used_in_the_organization_is_refused() {
    let env = start().await;
    let t = tokens_for(&env, ACME).await.access;
    for name in ["acme-web", " ACME-Web "] {
        let resp = env
            .http
            .post(env.url("/v1/projects"))
            .bearer_auth(&t)
            .json(&json!({"db_pass": "correct-horse", "name": name, "organization_slug": ACME}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{name:?}");
        let body: Value = resp.json().await.unwrap();
        assert!(
            body["message"].as_str().unwrap().contains("already exists"),
            "{body}"
        );
    }
    env.shutdown().await;
}

#[tokio::test]
async fn invalid_project_bodies_are_refused_naming_the_field() {
    let env = start().await;
    let t = tokens_for(&env, ACME).await.access;
    let base = json!({"db_pass": "pw-12345678", "name": "ok", "organization_slug": ACME});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        if v.is_null() {
            b.as_object_mut().unwrap().remove(k);
        } else {
            b[k] = v;
        }
        b
    };
    let cases = [
        (with("db_pass", Value::Null), "db_pass should not be empty"),
        (with("db_pass", json!("")), "db_pass should not be empty"),
        (with("name", Value::Null), "name should not be empty"),
        (with("name", json!("x".repeat(257))), "name must be shorter than or equal to 256 characters"),
        (with("name", json!(7)), "name must be a string"),
        (with("organization_slug", Value::Null), "organization_slug should not be empty"),
        (with("organization_slug", json!("a/b")), "organization_slug must match /^[\\w-]+$/ regular expression"),
        (with("region", json!("moon-1")), "region must be one of the following values: us-east-1, us-east-2, us-west-1, us-west-2, ap-east-1, ap-southeast-1, ap-northeast-1, ap-northeast-2, ap-southeast-2, eu-west-1, eu-west-2, eu-west-3, eu-north-1, eu-central-1, eu-central-2, ca-central-1, ap-south-1, sa-east-1"),
        (with("region_selection", json!({"type": "smartGroup", "code": "mars"})), "region_selection.code must be one of the following values: americas, emea, apac"),
        (with("region_selection", json!("eu")), "region_selection must be an object"),
        (with("plan", json!("team")), "plan must be one of the following values: free, pro"),
        (with("desired_instance_size", json!("huge")), "desired_instance_size must be one of the following values: nano, micro, small, medium, large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, 24xlarge_optimized_memory, 24xlarge_optimized_cpu, 24xlarge_high_memory, 48xlarge, 48xlarge_optimized_memory, 48xlarge_optimized_cpu, 48xlarge_high_memory"),
        (with("kps_enabled", json!(1)), "kps_enabled must be a boolean value"),
        (with("template_url", json!("not a url")), "template_url must be a URL address"),
        (with("color", json!("green")), "property color should not exist"),
        (with("region_selection", json!({"type": "specific", "code": "eu-west-1"})).as_object().cloned().map(|mut o| {
            o.insert("region".into(), json!("eu-west-1"));
            Value::Object(o)
        }).unwrap(), "Only one of region or region_selection can be specified"),
    ];
    for (body, msg) in cases {
        let resp = env
            .http
            .post(env.url("/v1/projects"))
            .bearer_auth(&t)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(message(resp, 400).await, msg, "{body}");
    }
    let resp = env
        .http
        .post(env.url("/v1/projects"))
        .bearer_auth(&t)
        .body("{")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(message(resp, 400).await, "Body must be valid JSON");
    let resp = env
        .http
        .post(env.url("/v1/projects"))
        .bearer_auth(&t)
        .body(base.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        message(resp, 415).await,
        "Content-Type must be application/json"
    );
    // Nothing was created by all that.
    assert_eq!(page(&env, &t, ACME, "").await["pagination"]["count"], 4);
    env.shutdown().await;
}

#[tokio::test]
async fn a_personal_access_token_reaches_all_of_its_users_organizations_only() {
    let env = start().await;
    let orgs: Value = env
        .get(DEMO_ACCESS_TOKEN, "/v1/organizations")
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Acme Corp", "Analytical Engines", "Lovelace Labs"]);
    let projects: Value = env
        .get(DEMO_ACCESS_TOKEN, "/v1/projects")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(projects.as_array().unwrap().len(), 11);
    assert_eq!(
        env.get(DEMO_ACCESS_TOKEN, &format!("/v1/projects/{NOTEBOOK}"))
            .await
            .status(),
        200
    );
    // Grace's organization and project do not exist as far as Ada can tell.
    assert_eq!(
        message(
            env.get(DEMO_ACCESS_TOKEN, &format!("/v1/organizations/{HOPPER}"))
                .await,
            404
        )
        .await,
        "Organization not found"
    );
    assert_eq!(
        message(
            env.get(DEMO_ACCESS_TOKEN, &format!("/v1/projects/{COBOL}"))
                .await,
            404
        )
        .await,
        "Project not found"
    );
    let profile: Value = env
        .get(DEMO_ACCESS_TOKEN, "/v1/profile")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        profile,
        json!({"gotrue_id": DEMO_USER_ID, "primary_email": "ada@example.com", "username": "ada"})
    );
    assert_eq!(
        message(
            env.http.get(env.url("/v1/profile")).send().await.unwrap(),
            401
        )
        .await,
        "Unauthorized"
    );
    let resp = env
        .http
        .get(env.url("/v1/profile"))
        .header("authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    env.shutdown().await;
}

#[tokio::test]
async fn api_keys_are_masked_unless_revealed_and_stable() {
    let env = start().await;
    let t = tokens_for(&env, ACME).await.access;
    let keys: Value = env
        .get(&t, &format!("/v1/projects/{ACME_WEB}/api-keys"))
        .await
        .json()
        .await
        .unwrap();
    let revealed: Value = env
        .get(&t, &format!("/v1/projects/{ACME_WEB}/api-keys?reveal=true"))
        .await
        .json()
        .await
        .unwrap();
    let secret = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|k| k["type"] == "secret")
            .unwrap()["api_key"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let masked = secret(&keys);
    let full = secret(&revealed);
    assert!(full.starts_with("sb_secret_") && !full.contains('•'));
    assert!(masked.starts_with(&full[..14]) && masked.contains('•') && masked != full);
    let names: Vec<&str> = keys
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["anon", "service_role", "default", "default"]);
    // Stable across calls (derived from the ref, not random).
    let again: Value = env
        .get(&t, &format!("/v1/projects/{ACME_WEB}/api-keys?reveal=true"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, revealed);
    env.shutdown().await;
}
