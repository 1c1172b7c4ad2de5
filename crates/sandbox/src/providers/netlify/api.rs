//! `GET /netlify/api/v1/user`, `/accounts`, `/sites` and
//! `/{account_slug}/sites`.
//!
//! Shapes follow the open-api definitions `user`, `accountMembership` and
//! `site` (no field is required there; the sandbox fills the ones a client
//! reads and never sends a field the definition lacks). A site names its
//! account by `account_slug` / `account_name`: the definition has no
//! `account_id`.
//!
//! `/sites` pages with `page` (from 1) and `per_page` (default 100, at most
//! 100) and a `Link` header with `first`, `prev`, `next` and `last` where
//! they apply, like Netlify's; `filter` is `all` (default), `owner` or
//! `guest`. Sites of every account the user belongs to are listed, newest
//! first.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Value};

use super::data::{Data, NetlifyAccount, NetlifySite};
use crate::clock::{from_millis, rfc3339};
use crate::oauth_server::grants::Caller;
use crate::params::Params;
use crate::state::{App, AppState, Auth};

use super::PREFIX;

const DEFAULT_PER_PAGE: usize = 100;
const MAX_PER_PAGE: usize = 100;

pub(crate) async fn user(State(app): App, Extension(c): Auth) -> Response {
    let data = app.data();
    let s = &data.netlify;
    let Some(u) = s.users.iter().find(|u| u.id == c.user_id) else {
        return super::error(StatusCode::NOT_FOUND, "Not Found");
    };
    let site_count = s.sites.iter().filter(|site| site.user_id == u.id).count();
    let at = rfc3339(from_millis(u.created_at_ms));
    Json(json!({
        "id": u.id,
        "uid": u.id,
        "full_name": u.full_name,
        "avatar_url": "",
        "email": u.email,
        "affiliate_id": "",
        "site_count": site_count,
        "created_at": at,
        "last_login": rfc3339(app.now()),
        "login_providers": ["email"],
    }))
    .into_response()
}

fn account_json(a: &NetlifyAccount, s: &Data) -> Value {
    let at = rfc3339(from_millis(a.created_at_ms));
    let sites = s
        .sites
        .iter()
        .filter(|site| site.account_id == a.id)
        .count();
    json!({
        "id": a.id,
        "name": a.name,
        "slug": a.slug,
        "type": a.type_name.to_lowercase(),
        "capabilities": {
            "sites": { "included": 500, "used": sites },
            "collaborators": { "included": 1, "used": a.members.len() },
        },
        "billing_name": a.name,
        "billing_email": "",
        "billing_details": "",
        "billing_period": "monthly",
        "payment_method_id": "",
        "type_name": a.type_name,
        "type_id": a.type_name.to_lowercase(),
        "owner_ids": a.owner_ids,
        "roles_allowed": ["Owner", "Collaborator"],
        "created_at": at,
        "updated_at": at,
    })
}

pub(crate) async fn accounts(State(app): App, Extension(c): Auth) -> Json<Vec<Value>> {
    let data = app.data();
    let s = &data.netlify;
    Json(
        s.accounts_of(&c.user_id)
            .into_iter()
            .map(|a| account_json(a, s))
            .collect(),
    )
}

fn site_json(site: &NetlifySite, account: Option<&NetlifyAccount>) -> Value {
    let at = rfc3339(from_millis(site.created_at_ms));
    json!({
        "id": site.id,
        "state": "current",
        "plan": "nf_team_dev",
        "name": site.name,
        "custom_domain": null,
        "domain_aliases": [],
        "url": format!("http://{}.netlify.app", site.name),
        "ssl_url": format!("https://{}.netlify.app", site.name),
        "admin_url": format!("https://app.netlify.com/sites/{}", site.name),
        "screenshot_url": null,
        "created_at": at,
        "updated_at": at,
        "user_id": site.user_id,
        "ssl": true,
        "force_ssl": true,
        "managed_dns": true,
        "deploy_url": format!("https://main--{}.netlify.app", site.name),
        "account_name": account.map(|a| a.name.as_str()).unwrap_or(""),
        "account_slug": account.map(|a| a.slug.as_str()).unwrap_or(""),
        "git_provider": "github",
    })
}

/// A positive integer query parameter; `Err` is the status and message.
fn positive(q: &Params, name: &str, default: usize) -> Result<usize, (StatusCode, String)> {
    match q.single(name) {
        Err(e) => Err((StatusCode::BAD_REQUEST, e.message)),
        Ok(None) | Ok(Some("")) => Ok(default),
        Ok(Some(raw)) => (raw.parse::<usize>().ok().filter(|n| *n >= 1)).ok_or_else(|| {
            let message = format!("{name} must be a positive integer");
            (StatusCode::UNPROCESSABLE_ENTITY, message)
        }),
    }
}

pub(crate) async fn sites(State(app): App, Extension(c): Auth, h: HeaderMap, uri: Uri) -> Response {
    list_sites(&app, &c, &h, &uri, None)
}

/// `GET /netlify/api/v1/{account_slug}/sites`: one account's sites (404 if
/// the caller is not a member).
pub(crate) async fn account_sites(
    State(app): App,
    Extension(c): Auth,
    Path(slug): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    list_sites(&app, &c, &headers, &uri, Some(&slug))
}

fn list_sites(
    app: &AppState,
    c: &Caller,
    headers: &HeaderMap,
    uri: &Uri,
    account_slug: Option<&str>,
) -> Response {
    let q = Params::from_query(uri);
    let (page, per_page) = match (
        positive(&q, "page", 1),
        positive(&q, "per_page", DEFAULT_PER_PAGE),
    ) {
        (Ok(p), Ok(n)) => (p, n.min(MAX_PER_PAGE)),
        (Err(e), _) | (_, Err(e)) => return super::error(e.0, e.1),
    };
    let filter = q.single("filter").ok().flatten().unwrap_or("all");
    let data = app.data();
    let s = &data.netlify;
    let mut accounts = s.accounts_of(&c.user_id);
    if let Some(slug) = account_slug {
        accounts.retain(|a| a.slug == slug);
        if accounts.is_empty() {
            return super::error(StatusCode::NOT_FOUND, "Not Found");
        }
    }
    let mut all: Vec<&NetlifySite> = s
        .sites
        .iter()
        .filter(|site| {
            let Some(a) = accounts.iter().find(|a| a.id == site.account_id) else {
                return false;
            };
            let owner = a.owner_ids.iter().any(|o| o == &c.user_id);
            match filter {
                "owner" => owner,
                "guest" => !owner,
                _ => true,
            }
        })
        .collect();
    all.sort_by(|a, b| {
        b.created_at_ms
            .cmp(&a.created_at_ms)
            .then_with(|| a.id.cmp(&b.id))
    });
    let last = all.len().div_ceil(per_page).max(1);
    let body: Vec<_> = all
        .iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .map(|site| {
            let account = accounts.iter().copied().find(|a| a.id == site.account_id);
            site_json(site, account)
        })
        .collect();
    let mut r = Json(body).into_response();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let path = match account_slug {
        Some(slug) => format!("{slug}/sites"),
        None => "sites".to_owned(),
    };
    let link = link_header(
        &format!("http://{host}{PREFIX}/api/v1/{path}"),
        page,
        per_page,
        last,
    );
    if let Ok(v) = HeaderValue::from_str(&link) {
        r.headers_mut().insert(header::LINK, v);
    }
    r
}

/// RFC 8288 `Link` with the relations that apply to `page` of `last`.
pub(crate) fn link_header(base: &str, page: usize, per_page: usize, last: usize) -> String {
    let url = |p: usize| format!("<{base}?page={p}&per_page={per_page}>");
    let mut parts = Vec::new();
    if page > 1 {
        parts.push(format!("{}; rel=\"first\"", url(1)));
        parts.push(format!("{}; rel=\"prev\"", url((page - 1).min(last))));
    }
    if page < last {
        parts.push(format!("{}; rel=\"next\"", url(page + 1)));
    }
    parts.push(format!("{}; rel=\"last\"", url(last)));
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::link_header;

    #[test]
    fn link_relations_depend_on_the_page() {
        let first = link_header("http://h/s", 1, 5, 3);
        assert_eq!(
            first,
            "<http://h/s?page=2&per_page=5>; rel=\"next\", <http://h/s?page=3&per_page=5>; rel=\"last\""
        );
        let last = link_header("http://h/s", 3, 5, 3);
        assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""));
    }
}
