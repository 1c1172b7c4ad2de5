//! `GET /v1/oauth/authorize` and the consent decision
//! (`POST /v1/oauth/authorize/decision`).
//!
//! Order of checks, per RFC 6749 §4.1.2.1: first the client and the redirect
//! URI. If either is missing, unknown or not registered, the browser gets an
//! HTML error page and is **not** redirected (the redirect target cannot be
//! trusted). Only after both are good are other problems reported by
//! redirecting with `error=…` and the `state`.
//!
//! Then, unless the admin API queued a pre-approval (which answers at once
//! with the same redirect a click would produce), the consent page is shown
//! for the sandbox's current user. The page's form posts back an opaque
//! request id; everything else about the request stays server-side.
//!
//! `scope` is accepted and ignored: scopes are fixed per registered app, as
//! on Supabase. An authorization covers exactly one organization.

use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::clock::to_millis;
use crate::ids;
use crate::model::{AuthCode, Decision, PendingAuthorization, Pkce, PreApproval};
use crate::oauth::{pages, pkce, redirect};
use crate::params::Params;
use crate::state::AppState;

/// A 302 to `location`, never cached.
pub(crate) fn found(location: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    let h = r.headers_mut();
    match HeaderValue::from_str(location) {
        Ok(v) => {
            h.insert(header::LOCATION, v);
        }
        Err(_) => {
            return pages::error(
                StatusCode::BAD_REQUEST,
                "Invalid redirect",
                "The redirect URI cannot be used.",
            )
        }
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn error_redirect(
    redirect_uri: &str,
    error: &str,
    description: &str,
    state: Option<&str>,
) -> Response {
    let mut params = vec![("error", error), ("error_description", description)];
    if let Some(s) = state {
        params.push(("state", s));
    }
    found(&redirect::with_query(redirect_uri, &params))
}

/// The client and redirect URI, once both are known to be good.
struct Trusted {
    client_id: String,
    redirect_uri: String,
    state: Option<String>,
}

pub(crate) async fn authorize(State(app): State<Arc<AppState>>, uri: Uri) -> Response {
    let params = Params::from_query(&uri);
    let trusted = match trusted_target(&app, &params) {
        Ok(t) => t,
        Err((title, detail)) => return pages::error(StatusCode::BAD_REQUEST, title, &detail),
    };
    let state = trusted.state.as_deref();
    let redirect_uri = trusted.redirect_uri.as_str();

    // From here on, problems are reported to the client by redirect.
    let single = |name: &str| {
        params
            .single(name)
            .map_err(|e| ("invalid_request", e.message))
    };
    let checks = (|| {
        match single("response_type")? {
            None => return Err(("invalid_request", "Missing response_type".to_owned())),
            Some("code") => {}
            Some(_) => {
                return Err((
                    "unsupported_response_type",
                    "Only response_type=code is supported".to_owned(),
                ))
            }
        }
        if let Some(mode) = single("response_mode")? {
            if mode != "query" {
                return Err(("invalid_request", "response_mode must be query".to_owned()));
            }
        }
        let pkce = pkce::from_request(single("code_challenge")?, single("code_challenge_method")?)
            .map_err(|e| ("invalid_request", e.to_string()))?;
        Ok((pkce, single("organization_slug")?.map(str::to_owned)))
    })();
    let (pkce, org_hint) = match checks {
        Ok(x) => x,
        Err((code, description)) => return error_redirect(redirect_uri, code, &description, state),
    };

    let now = app.now();
    let settings = app.settings();
    // A queued pre-approval answers at once, exactly as a click would.
    let pre = app.mutate(|s| {
        let i = s.pre_approvals.iter().position(|p| {
            p.client_id
                .as_deref()
                .is_none_or(|c| c == trusted.client_id)
        })?;
        s.pre_approvals.remove(i)
    });
    if let Some(PreApproval {
        user_id,
        organization_slug,
        decision,
        ..
    }) = pre
    {
        return match decision {
            Decision::Deny => deny(redirect_uri, state),
            Decision::Approve => {
                let code = issue_code(
                    &app,
                    &trusted.client_id,
                    redirect_uri,
                    pkce,
                    &user_id,
                    &organization_slug,
                    now,
                );
                approve(redirect_uri, &code, state)
            }
        };
    }

    let request_id = ids::random_b64(&mut *app.rng(), 24);
    app.mutate(|s| {
        s.prune_expired(now);
        s.pending.insert(
            request_id.clone(),
            PendingAuthorization {
                client_id: trusted.client_id.clone(),
                redirect_uri: trusted.redirect_uri.clone(),
                state: trusted.state.clone(),
                pkce,
                user_id: s.current_user.clone(),
                expires_at_ms: to_millis(now + settings.consent_ttl),
            },
        );
    });
    let store = app.store();
    let (Some(user), Some(client)) = (
        store.users.get(&store.current_user),
        store.clients.get(&trusted.client_id),
    ) else {
        return pages::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Not signed in",
            "The sandbox has no current user.",
        );
    };
    let orgs = store.orgs_of(&user.id);
    let preselected = org_hint
        .as_deref()
        .filter(|slug| orgs.iter().any(|o| o.slug == *slug));
    pages::consent(&request_id, user, client, &orgs, preselected)
}

/// Checks client_id and redirect_uri; on failure, the title and text of the
/// error page to show.
fn trusted_target(app: &AppState, params: &Params) -> Result<Trusted, (&'static str, String)> {
    let page = |title: &'static str, detail: &str| (title, detail.to_owned());
    let client_id = params
        .non_empty("client_id")
        .map_err(|e| page("Invalid request", &e.message))?
        .ok_or_else(|| page("Invalid request", "The request has no client_id."))?;
    let redirect_uri = params
        .non_empty("redirect_uri")
        .map_err(|e| page("Invalid request", &e.message))?
        .ok_or_else(|| page("Invalid request", "The request has no redirect_uri."))?;
    let store = app.store();
    let client = store.clients.get(client_id).ok_or_else(|| {
        page(
            "Unknown application",
            "No OAuth application is registered with this client_id.",
        )
    })?;
    if !client.redirect_uris.iter().any(|r| r == redirect_uri) {
        return Err(page(
            "Redirect URI not registered",
            &format!(
                "{} has not registered this redirect_uri, so you are not being sent back to it.",
                client.name
            ),
        ));
    }
    let state = params
        .single("state")
        .map_err(|e| page("Invalid request", &e.message))?
        .map(str::to_owned);
    Ok(Trusted {
        client_id: client.id.clone(),
        redirect_uri: redirect_uri.to_owned(),
        state,
    })
}

/// Creates an authorization code for an approved request.
pub(crate) fn issue_code(
    app: &AppState,
    client_id: &str,
    redirect_uri: &str,
    pkce: Option<Pkce>,
    user_id: &str,
    organization_slug: &str,
    now: SystemTime,
) -> String {
    let code = ids::new_authorization_code(&mut *app.rng());
    let ttl = app.settings().code_ttl;
    app.mutate(|s| {
        s.prune_expired(now);
        s.codes.insert(
            ids::digest(&code),
            AuthCode {
                client_id: client_id.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                pkce,
                user_id: user_id.to_owned(),
                organization_slug: organization_slug.to_owned(),
                expires_at_ms: to_millis(now + ttl),
                grant_id: None,
            },
        );
    });
    code
}

fn approve(redirect_uri: &str, code: &str, state: Option<&str>) -> Response {
    let mut params = vec![("code", code)];
    if let Some(s) = state {
        params.push(("state", s));
    }
    found(&redirect::with_query(redirect_uri, &params))
}

fn deny(redirect_uri: &str, state: Option<&str>) -> Response {
    error_redirect(
        redirect_uri,
        "access_denied",
        "The user denied the request",
        state,
    )
}

/// `POST /v1/oauth/authorize/decision`: the consent form's Approve / Deny.
pub(crate) async fn decide(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    let params = Params::parse(&body);
    let bad = |detail: &str| pages::error(StatusCode::BAD_REQUEST, "Invalid request", detail);
    let (request_id, decision, org) = match (
        params.non_empty("request_id"),
        params.non_empty("decision"),
        params.non_empty("organization_slug"),
    ) {
        (Ok(Some(r)), Ok(Some(d)), Ok(o)) => (r, d, o),
        _ => return bad("The form is incomplete."),
    };
    let now = app.now();
    let pending = app.mutate(|s| {
        s.prune_expired(now);
        s.pending.remove(request_id)
    });
    let Some(p) = pending else {
        return pages::error(
            StatusCode::BAD_REQUEST,
            "Request expired",
            "This authorization request has expired or was already answered. Start again from the application.",
        );
    };
    match decision {
        "deny" => deny(&p.redirect_uri, p.state.as_deref()),
        "approve" => {
            let Some(org) = org else {
                return bad("Choose an organization.");
            };
            if !app.store().is_member(&p.user_id, org) {
                return bad("You are not a member of that organization.");
            }
            let code = issue_code(
                &app,
                &p.client_id,
                &p.redirect_uri,
                p.pkce,
                &p.user_id,
                org,
                now,
            );
            approve(&p.redirect_uri, &code, p.state.as_deref())
        }
        _ => bad("Unknown decision."),
    }
}
