//! Environment variables, the swagger's `environmentVariables` routes under
//! `/netlify/api/v1`:
//!
//! | Route | Operation | Answer |
//! |---|---|---|
//! | `GET /accounts/{account_id}/env` | getEnvVars | 200 `[envVar]` |
//! | `POST /accounts/{account_id}/env` | createEnvVars | 201 `[envVar]` |
//! | `GET /accounts/{account_id}/env/{key}` | getEnvVar | 200 `envVar` |
//! | `PUT /accounts/{account_id}/env/{key}` | updateEnvVar | 200 `envVar` |
//! | `PATCH /accounts/{account_id}/env/{key}` | setEnvVarValue | 201 `envVar` |
//! | `DELETE /accounts/{account_id}/env/{key}` | deleteEnvVar | 204 |
//! | `DELETE /accounts/{account_id}/env/{key}/value/{id}` | deleteEnvVarValue | 204 |
//! | `GET /api/v1/sites/{site_id}/env` | getSiteEnvVars | 200 `[envVar]` |
//!
//! `account_id` is the account's id or its slug (netlify-cli passes the
//! slug). With `?site_id=` a route works on that site's variables (the
//! site must be in that account), without it on the account's own
//! (shared) ones; the two never merge. getSiteEnvVars is a site's
//! variables without naming the account; the swagger writes its path with
//! `/api/v1` inside, so `@netlify/api` calls `/api/v1/api/v1/sites/…/env`:
//! both that and `/api/v1/sites/{site_id}/env` are mounted.
//!
//! Secrets: "Secret values are only readable by code running on Netlify's
//! systems. With secrets, only the local development context values are
//! readable from the UI, API, and CLI" (`envVar.is_secret`). So a secret's
//! values come back with `value` only for context `dev`; the others carry
//! id and context alone, on every route, writes included.
//!
//! Errors: 404 for an unknown or unreachable account, site, key or value
//! id; 409 for a key that already exists (create, or a rename by PUT; the
//! swagger names no status for it); 422 for a body or filter that breaks a
//! rule of `env_input.rs`. Lists are sorted by key; `context_name` keeps
//! the variables with a value for that context or for `all`, `scope` those
//! with that scope.

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use super::data::{Data, NetlifyEnvValue, NetlifyEnvVar};
use super::env_input::{self as input, ValueBody, VarBody};
use super::{Answer, Call, NetlifyError};
use crate::clock::{from_millis, rfc3339, to_millis};
use crate::ids;
use crate::state::AppState;

/// A variable's path, `/accounts/{account_id}/env/{key}`.
type VarPath = Path<(String, String)>;
/// One of its values' path, `…/value/{id}`.
type ValuePath = Path<(String, String, String)>;

fn conflict(key: &str) -> NetlifyError {
    let message = format!("Environment variable {key} already exists");
    NetlifyError::new(StatusCode::CONFLICT, message)
}

/// Whose variables a request is about: an account's own, or one site's.
struct Owner {
    account_id: String,
    site_id: Option<String>,
}

impl Owner {
    /// `account` (id or slug) and the `site_id` query parameter, both
    /// reachable by the caller and the site inside the account; else 404.
    fn resolve(s: &Data, call: &Call, account: &str) -> Answer<Owner> {
        let a = s.account_of(&call.user_id, account)?;
        let site_id = match call.q.non_empty("site_id")? {
            None => None,
            Some(id) => {
                let site = s.site_of(&call.user_id, id).ok();
                let site = site.filter(|x| x.account_id == a.id);
                Some(site.ok_or_else(NetlifyError::not_found)?.id.clone())
            }
        };
        Ok(Owner {
            account_id: a.id.clone(),
            site_id,
        })
    }

    fn holds(&self, v: &NetlifyEnvVar) -> bool {
        v.account_id == self.account_id && v.site_id == self.site_id
    }

    fn find<'a>(&self, s: &'a Data, key: &str) -> Answer<&'a NetlifyEnvVar> {
        let found = s.env_vars.iter().find(|v| self.holds(v) && v.key == key);
        found.ok_or_else(NetlifyError::not_found)
    }

    fn find_mut<'a>(&self, s: &'a mut Data, key: &str) -> Answer<&'a mut NetlifyEnvVar> {
        let found = s
            .env_vars
            .iter_mut()
            .find(|v| self.holds(v) && v.key == key);
        found.ok_or_else(NetlifyError::not_found)
    }
}

/// The `envVar` definition, a secret's non-dev values without `value`.
fn var_json(s: &Data, v: &NetlifyEnvVar) -> Value {
    let values: Vec<Value> = (v.values.iter())
        .map(|x| {
            let mut o = json!(x);
            if v.is_secret && x.context != "dev" {
                o.as_object_mut().map(|o| o.remove("value"));
            }
            o
        })
        .collect();
    let updated_by = match s.user(&v.updated_by) {
        Some(u) => json!({
            "id": u.id, "full_name": u.full_name, "email": u.email, "avatar_url": "",
        }),
        None => json!({ "id": v.updated_by }),
    };
    json!({
        "key": v.key,
        "scopes": v.scopes,
        "values": values,
        "is_secret": v.is_secret,
        "updated_at": rfc3339(from_millis(v.updated_at_ms)),
        "updated_by": updated_by,
    })
}

/// getEnvVars' and getSiteEnvVars' filters.
fn list_json(s: &Data, owner: &Owner, call: &Call) -> Answer {
    let context = call.q.non_empty("context_name")?.map(input::context_filter);
    let context = context.transpose().map_err(NetlifyError::unprocessable)?;
    let scope = call.q.non_empty("scope")?.map(input::scope);
    let scope = scope.transpose().map_err(NetlifyError::unprocessable)?;
    let in_context = |v: &NetlifyEnvVar, c: &str| {
        (v.values.iter()).any(|x| x.context == c || x.context == "all")
    };
    let keep = |v: &&NetlifyEnvVar| {
        owner.holds(v)
            && scope.is_none_or(|sc| v.scopes.iter().any(|x| x == sc))
            && context.is_none_or(|c| in_context(v, c))
    };
    let mut vars: Vec<&NetlifyEnvVar> = s.env_vars.iter().filter(keep).collect();
    vars.sort_by_key(|&v| &v.key);
    let body: Vec<Value> = vars.into_iter().map(|v| var_json(s, v)).collect();
    Ok(Json(body).into_response())
}

/// `v` with a fresh id.
fn with_id(app: &AppState, v: NetlifyEnvValue) -> NetlifyEnvValue {
    let id = ids::random_uuid(&mut *app.rng());
    NetlifyEnvValue { id, ..v }
}

/// Each checked value with a fresh id.
fn stored(app: &AppState, values: Vec<NetlifyEnvValue>) -> Vec<NetlifyEnvValue> {
    values.into_iter().map(|v| with_id(app, v)).collect()
}

/// Marks `v` as changed now by the caller.
fn touch(v: &mut NetlifyEnvVar, call: &Call) {
    v.updated_at_ms = to_millis(call.app.now());
    v.updated_by = call.user_id.clone();
}

/// `GET /accounts/{account_id}/env`.
pub(crate) async fn list(call: Call, Path(account): Path<String>) -> Answer {
    let data = call.app.data();
    let owner = Owner::resolve(&data.netlify, &call, &account)?;
    list_json(&data.netlify, &owner, &call)
}

/// `GET /sites/{site_id}/env` (and the swagger's `/api/v1/sites/…/env`).
pub(crate) async fn of_site(call: Call, Path(site_id): Path<String>) -> Answer {
    let data = call.app.data();
    let site = data.netlify.site_of(&call.user_id, &site_id)?;
    let owner = Owner {
        account_id: site.account_id.clone(),
        site_id: Some(site.id.clone()),
    };
    list_json(&data.netlify, &owner, &call)
}

/// `POST /accounts/{account_id}/env`: all or nothing.
pub(crate) async fn create(call: Call, Path(account): Path<String>, body: Bytes) -> Answer {
    let parsed = input::parse::<Vec<VarBody>>(&body).and_then(|items| {
        let mut out: Vec<NetlifyEnvVar> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let v = input::new_var(item).map_err(|m| format!("env_vars[{i}]: {m}"))?;
            if out.iter().any(|o| o.key == v.key) {
                return Err(format!("env_vars[{i}]: key {} given twice", v.key));
            }
            out.push(v);
        }
        Ok(out)
    });
    let owner = Owner::resolve(&call.app.data().netlify, &call, &account)?;
    let new = parsed.map_err(NetlifyError::unprocessable)?;
    let now_ms = to_millis(call.app.now());
    let vars: Vec<NetlifyEnvVar> = new
        .into_iter()
        .map(|n| NetlifyEnvVar {
            account_id: owner.account_id.clone(),
            site_id: owner.site_id.clone(),
            values: stored(&call.app, n.values),
            updated_at_ms: now_ms,
            updated_by: call.user_id.clone(),
            ..n
        })
        .collect();
    let mut data = call.app.data();
    let s = &mut data.netlify;
    if let Some(v) = vars.iter().find(|v| owner.find(s, &v.key).is_ok()) {
        return Err(conflict(&v.key));
    }
    let body: Vec<Value> = vars.iter().map(|v| var_json(s, v)).collect();
    s.env_vars.extend(vars);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET /accounts/{account_id}/env/{key}`.
pub(crate) async fn get_one(call: Call, Path((account, key)): VarPath) -> Answer {
    let data = call.app.data();
    let s = &data.netlify;
    let v = Owner::resolve(s, &call, &account)?.find(s, &key)?;
    Ok(Json(var_json(s, v)).into_response())
}

/// `PUT /accounts/{account_id}/env/{key}`: what the body has replaces what
/// the variable had (a rename with `key`); what it leaves out stays.
pub(crate) async fn update(call: Call, Path((account, key)): VarPath, body: Bytes) -> Answer {
    let parsed = input::parse::<VarBody>(&body).and_then(|b| {
        let key = b.key.as_deref().map(input::key).transpose()?;
        let scopes = b.scopes.as_deref().map(input::scopes).transpose()?;
        let values = b.values.as_deref().map(input::values).transpose()?;
        // Ids are drawn before the data lock is taken: never two locks at once.
        let values = values.map(|v| stored(&call.app, v));
        Ok((key, scopes, values, b.is_secret))
    });
    let mut data = call.app.data();
    let s = &mut data.netlify;
    let owner = Owner::resolve(s, &call, &account)?;
    let old = owner.find(s, &key)?;
    let (new_key, scopes, values, is_secret) = parsed.map_err(NetlifyError::unprocessable)?;
    let new_key = new_key.unwrap_or_else(|| key.clone());
    if new_key != key && owner.find(s, &new_key).is_ok() {
        return Err(conflict(&new_key));
    }
    if old.is_secret && is_secret == Some(false) {
        let message = "A secret environment variable cannot be made non-secret";
        return Err(NetlifyError::unprocessable(message));
    }
    let is_secret = is_secret.unwrap_or(old.is_secret);
    if is_secret && !old.is_secret && scopes.is_none() {
        let message = "A secret needs explicit scopes";
        return Err(NetlifyError::unprocessable(message));
    }
    let scopes = scopes.unwrap_or_else(|| old.scopes.clone());
    let values = values.unwrap_or_else(|| old.values.clone());
    if is_secret {
        input::secret_policy(&scopes, &values).map_err(NetlifyError::unprocessable)?;
    }
    let v = owner.find_mut(s, &key)?;
    (v.key, v.scopes, v.is_secret, v.values) = (new_key, scopes, is_secret, values);
    touch(v, &call);
    let v = v.clone();
    Ok(Json(var_json(s, &v)).into_response())
}

/// `PATCH /accounts/{account_id}/env/{key}`: sets one context's value,
/// replacing the one of that context (and branch) or adding it.
pub(crate) async fn set_value(call: Call, Path((account, key)): VarPath, body: Bytes) -> Answer {
    let parsed = input::parse::<ValueBody>(&body).and_then(|b| input::value(&b));
    // Its id is drawn before the data lock is taken, used only for a new
    // context.
    let parsed = parsed.map(|v| with_id(&call.app, v));
    let mut data = call.app.data();
    let s = &mut data.netlify;
    let v = Owner::resolve(s, &call, &account)?.find_mut(s, &key)?;
    let new = parsed.map_err(NetlifyError::unprocessable)?;
    if v.is_secret {
        input::secret_policy(&v.scopes, std::slice::from_ref(&new))
            .map_err(NetlifyError::unprocessable)?;
    }
    let same = |x: &&mut NetlifyEnvValue| {
        x.context == new.context && x.context_parameter == new.context_parameter
    };
    match v.values.iter_mut().find(same) {
        Some(x) => x.value = new.value,
        None => v.values.push(new),
    }
    touch(v, &call);
    let v = v.clone();
    Ok((StatusCode::CREATED, Json(var_json(s, &v))).into_response())
}

/// `DELETE /accounts/{account_id}/env/{key}`.
pub(crate) async fn delete(call: Call, Path((account, key)): VarPath) -> Answer {
    let mut data = call.app.data();
    let s = &mut data.netlify;
    let owner = Owner::resolve(s, &call, &account)?;
    owner.find(s, &key)?;
    s.env_vars.retain(|v| !(owner.holds(v) && v.key == key));
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /accounts/{account_id}/env/{key}/value/{id}`.
pub(crate) async fn delete_value(call: Call, Path((account, key, id)): ValuePath) -> Answer {
    let mut data = call.app.data();
    let s = &mut data.netlify;
    let v = Owner::resolve(s, &call, &account)?.find_mut(s, &key)?;
    let before = v.values.len();
    v.values.retain(|x| x.id != id);
    if v.values.len() == before {
        return Err(NetlifyError::not_found());
    }
    touch(v, &call);
    Ok(StatusCode::NO_CONTENT.into_response())
}
