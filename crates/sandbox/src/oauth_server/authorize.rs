//! The authorization endpoint and the consent decision, for every profile.
//!
//! Order of checks, per RFC 6749 §4.1.2.1: first the client and the redirect
//! URI. If either is missing, unknown or not registered, the browser gets the
//! profile's HTML error page and is **not** redirected (the target cannot be
//! trusted); a profile may answer an unknown client its own way (Supabase:
//! a 422 JSON message). Only then does the profile check the rest of the request
//! (response type, scope, PKCE, ...); its refusals go back by redirect with
//! `error`, `error_description` and `state`.
//!
//! Then a queued pre-approval answers at once with the redirect a click would
//! have produced, or the consent page is shown for the signed-in user. Its
//! form posts back an opaque, single-use request id to the profile's
//! decision route; state, challenge and redirect URI stay on the server, and
//! a request id only answers on the profile that issued it (each profile has
//! its own store).

use axum::http::StatusCode;
use axum::response::Response;

use crate::clock::to_millis;
use crate::ids;
use crate::params::Params;
use crate::state::AppState;

use super::grants;
use super::model::{Client, Decision, Pending, ResponseType};
use super::pages;
use super::profile::P;
use super::redirect;

/// `GET <authorize path>`.
pub(crate) fn authorize(app: &AppState, p: P, params: &Params) -> Response {
    let (client, redirect_uri, state) = match trusted(app, p, params) {
        Ok(t) => t,
        Err(page) => return *page,
    };
    let ask = match p.check_authorize(app, params, &client, state.as_deref()) {
        Ok(ask) => ask,
        Err((error, description)) => {
            let answer = error_params(error, &description, state.as_deref());
            return redirect::answer(&redirect_uri, ResponseType::Code, &answer);
        }
    };
    let now = app.now();
    let (pre, current_user) = app.oauth(p.provider(), |s| {
        s.prune_expired(now);
        let i = (s.pre_approvals.iter())
            .position(|a| a.client_id.as_deref().is_none_or(|c| c == client.id));
        let pre = i.and_then(|i| s.pre_approvals.remove(i));
        (pre, s.current_user.clone())
    });
    let mut pending = Pending {
        client_id: client.id.clone(),
        redirect_uri,
        state,
        ask,
        user_id: current_user,
        expires_at_ms: to_millis(now + app.settings().consent_ttl),
    };
    if let Some(pre) = pre {
        pending.user_id = pre.user_id.unwrap_or(pending.user_id);
        return finish(app, p, pending, pre.decision, pre.tenant);
    }
    let consent = match p.consent(app, &pending, &client) {
        Ok(c) => c,
        Err((status, title, detail)) => return pages::error(p.brand(), status, title, &detail),
    };
    let request_id = ids::random_b64(&mut *app.rng(), 24);
    let page = pages::consent(p, &request_id, &client.name, &consent);
    app.oauth(p.provider(), |s| s.pending.insert(request_id, pending));
    page
}

/// The client, redirect URI and state once client and redirect URI are
/// known good; otherwise the page (or the profile's own answer) saying why
/// (boxed: a `Response` is large).
fn trusted(
    app: &AppState,
    p: P,
    params: &Params,
) -> Result<(Client, String, Option<String>), Box<Response>> {
    let page = |title, detail: &str| {
        Box::new(pages::error(
            p.brand(),
            StatusCode::BAD_REQUEST,
            title,
            detail,
        ))
    };
    let invalid = |detail: &str| page("Invalid request", detail);
    let named = |name: &str| params.non_empty(name).map_err(|e| invalid(&e.message));
    let client_id = named("client_id")?.ok_or_else(|| invalid("The request has no client_id."))?;
    let redirect_uri =
        named("redirect_uri")?.ok_or_else(|| invalid("The request has no redirect_uri."))?;
    let state = params.single("state").map_err(|e| invalid(&e.message))?;
    let client = app.oauth(p.provider(), |s| s.clients.get(client_id).cloned());
    let Some(client) = client else {
        let detail = "No OAuth application is registered with this client_id.";
        let own = p.unknown_client();
        return Err(own.map_or_else(|| page("Unknown application", detail), Box::new));
    };
    if !(client.redirect_uris.iter()).any(|r| redirect::matches(r, redirect_uri)) {
        let detail = format!(
            "{} has not registered this redirect_uri, so you are not being sent back to it.",
            client.name
        );
        return Err(page("Redirect URI not registered", &detail));
    }
    Ok((client, redirect_uri.to_owned(), state.map(str::to_owned)))
}

/// The parameters a redirect carries back.
type Pairs<'a> = Vec<(&'a str, &'a str)>;

fn error_params<'a>(error: &'a str, description: &'a str, state: Option<&'a str>) -> Pairs<'a> {
    let mut params = vec![("error", error), ("error_description", description)];
    params.extend(state.map(|s| ("state", s)));
    params
}

/// `POST <decision path>`: the consent form's Approve / Deny.
pub(crate) fn decide(app: &AppState, p: P, form: &Params) -> Response {
    let page =
        |title, detail: &str| pages::error(p.brand(), StatusCode::BAD_REQUEST, title, detail);
    let bad = |detail: &str| page("Invalid request", detail);
    let (Ok(Some(request_id)), Ok(Some(decision))) =
        (form.non_empty("request_id"), form.non_empty("decision"))
    else {
        return bad("The form is incomplete.");
    };
    let now = app.now();
    let pending = app.oauth(p.provider(), |s| {
        s.prune_expired(now);
        s.pending.remove(request_id)
    });
    let Some(pending) = pending else {
        return page(
            "Request expired",
            "This authorization request has expired or was already answered. Start again from the application.",
        );
    };
    match decision {
        "deny" => finish(app, p, pending, Decision::Deny, None),
        "approve" => match p.tenant_from_form(app, &pending, form) {
            Ok(tenant) => finish(app, p, pending, Decision::Approve, tenant),
            Err(detail) => bad(detail),
        },
        _ => bad("Unknown decision."),
    }
}

/// The redirect for an answered request: a code, an implicit-grant token,
/// or `access_denied`.
fn finish(
    app: &AppState,
    p: P,
    pending: Pending,
    decision: Decision,
    tenant: Option<String>,
) -> Response {
    let (uri, rt) = (pending.redirect_uri.clone(), pending.ask.response_type);
    let state = pending.state.clone();
    let state = state.as_deref();
    if decision == Decision::Deny {
        let params = error_params("access_denied", p.meta().deny_description, state);
        return redirect::answer(&uri, rt, &params);
    }
    let (secret, scope);
    let mut params = Vec::new();
    match rt {
        ResponseType::Code => {
            scope = pending.ask.scope.join(" ");
            let tenant = tenant.or_else(|| p.default_tenant(app, &pending.user_id));
            secret = grants::issue_code(app, p, pending, tenant);
            params.push(("code", secret.as_str()));
            if p.meta().echo_scope {
                params.push(("scope", scope.as_str()));
            }
        }
        ResponseType::Token => {
            secret = grants::grant_implicitly(app, p, pending).access_token;
            params.extend([("access_token", secret.as_str()), ("token_type", "Bearer")]);
        }
    }
    params.extend(state.map(|s| ("state", s)));
    redirect::answer(&uri, rt, &params)
}
