//! The authorize front half shared by the prefixed providers.
//!
//! Same order of checks as Supabase's authorize (RFC 6749 §4.1.2.1): first
//! the client and the redirect URI; if either is missing, unknown or not
//! registered, the browser gets the provider's HTML error page and is not
//! redirected. Provider-specific checks (response_type, scope, PKCE) run
//! next in the provider's module and answer by redirect. Then a queued
//! pre-approval answers at once, or the consent page is shown; the page's
//! form posts an opaque request id to `<prefix>/…/decision`, handled by
//! [`decide`] for every provider.
//!
//! Answers: `response_type=code` redirects with `code` and `state` in the
//! query (plus `scope` for Neon, as Hydra does); `response_type=token`
//! (Netlify's implicit grant) puts `access_token`, `token_type` and `state`
//! in the fragment. A denial is `error=access_denied` in the same place.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::clock::to_millis;
use crate::ids;
use crate::model::{Decision, Pkce};
use crate::oauth::authorize::found;
use crate::oauth::pages::{self, ConsentView};
use crate::oauth::redirect;
use crate::params::Params;
use crate::state::AppState;

use super::grants::{self, TokenPolicy};
use super::store::{Pending, PreApproval, ResponseType};
use super::Provider;

/// The client and redirect URI of a request, once both are known good.
pub(crate) struct Trusted {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
}

/// An error page in the provider's brand.
pub(crate) fn error_page(provider: Provider, title: &str, detail: &str) -> Response {
    pages::error_for(provider.brand(), StatusCode::BAD_REQUEST, title, detail)
}

/// Checks client_id and redirect_uri; on failure, the error page.
pub(crate) fn trusted(
    app: &AppState,
    provider: Provider,
    params: &Params,
) -> Result<Trusted, Box<Response>> {
    let page = |title: &str, detail: &str| Box::new(error_page(provider, title, detail));
    let client_id = params
        .non_empty("client_id")
        .map_err(|e| page("Invalid request", &e.message))?
        .ok_or_else(|| page("Invalid request", "The request has no client_id."))?;
    let redirect_uri = params
        .non_empty("redirect_uri")
        .map_err(|e| page("Invalid request", &e.message))?
        .ok_or_else(|| page("Invalid request", "The request has no redirect_uri."))?;
    let state = params
        .single("state")
        .map_err(|e| page("Invalid request", &e.message))?
        .map(str::to_owned);
    let s = app.providers();
    let client = s.client(provider, client_id).ok_or_else(|| {
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
    Ok(Trusted {
        client_id: client.id.clone(),
        redirect_uri: redirect_uri.to_owned(),
        state,
    })
}

/// Redirects with `params` in the query (code flow) or fragment (implicit).
pub(crate) fn redirect_with(
    redirect_uri: &str,
    response_type: ResponseType,
    params: &[(&str, &str)],
) -> Response {
    match response_type {
        ResponseType::Code => found(&redirect::with_query(redirect_uri, params)),
        ResponseType::Token => {
            let mut out = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in params {
                out.append_pair(k, v);
            }
            found(&format!("{redirect_uri}#{}", out.finish()))
        }
    }
}

/// An OAuth error, by redirect.
pub(crate) fn error_redirect(
    t: &Trusted,
    response_type: ResponseType,
    error: &str,
    description: &str,
) -> Response {
    let mut params = vec![("error", error), ("error_description", description)];
    if let Some(s) = &t.state {
        params.push(("state", s));
    }
    redirect_with(&t.redirect_uri, response_type, &params)
}

/// What a provider's authorize handler has validated.
pub(crate) struct Validated {
    pub pkce: Option<Pkce>,
    pub scope: Vec<String>,
    pub response_type: ResponseType,
}

/// Answers a validated request: a queued pre-approval, else the consent page.
pub(crate) fn ask(app: &AppState, provider: Provider, t: Trusted, v: Validated) -> Response {
    let now = app.now();
    let (pre, current) = {
        let mut s = app.providers();
        s.prune(now);
        let pre = s
            .pre_approvals
            .iter()
            .position(|p| p.provider == provider)
            .map(|i| s.pre_approvals.remove(i));
        (
            pre,
            s.current_user.get(&provider).cloned().unwrap_or_default(),
        )
    };
    let mut pending = Pending {
        provider,
        client_id: t.client_id,
        redirect_uri: t.redirect_uri,
        state: t.state,
        pkce: v.pkce,
        scope: v.scope,
        response_type: v.response_type,
        user_id: current,
        expires_at_ms: to_millis(now + app.settings().consent_ttl),
    };
    if let Some(PreApproval {
        user_id, decision, ..
    }) = pre
    {
        if let Some(u) = user_id {
            pending.user_id = u;
        }
        return finish(app, pending, decision);
    }
    let request_id = ids::random_b64(&mut *app.rng(), 24);
    let s = &mut *app.providers();
    let Some(client) = s.clients.get(&pending.client_id).cloned() else {
        return error_page(provider, "Unknown application", "The application is gone.");
    };
    let (name, email, asks_for) = match provider {
        Provider::Neon => match s.neon_users.iter().find(|u| u.id == pending.user_id) {
            Some(u) => (
                format!("{} {}", u.name, u.last_name),
                u.email.clone(),
                "your Neon account",
            ),
            None => return error_page(provider, "Not signed in", "The sandbox has no Neon user."),
        },
        Provider::Netlify => match s.netlify_users.iter().find(|u| u.id == pending.user_id) {
            Some(u) => (u.full_name.clone(), u.email.clone(), "your Netlify account"),
            None => {
                return error_page(
                    provider,
                    "Not signed in",
                    "The sandbox has no Netlify user.",
                )
            }
        },
    };
    let scopes = pending.scope.clone();
    s.pending.insert(request_id.clone(), pending);
    let action = format!("{}/oauth/decision", provider.prefix());
    pages::consent_page(&ConsentView {
        brand: provider.brand(),
        action: &action,
        request_id: &request_id,
        client_name: &client.name,
        user_name: &name,
        user_email: &email,
        asks_for,
        scopes: &scopes,
        picker: "",
        can_approve: true,
    })
}

/// The redirect for an answered request.
fn finish(app: &AppState, p: Pending, decision: Decision) -> Response {
    let t = Trusted {
        client_id: p.client_id.clone(),
        redirect_uri: p.redirect_uri.clone(),
        state: p.state.clone(),
    };
    if decision == Decision::Deny {
        return error_redirect(
            &t,
            p.response_type,
            "access_denied",
            "The resource owner denied the request",
        );
    }
    let state = p.state.clone();
    match p.response_type {
        ResponseType::Code => {
            let scope = p.scope.join(" ");
            let code = grants::issue_code(
                app,
                p.provider,
                &p.client_id,
                &p.redirect_uri,
                p.pkce,
                p.scope,
                &p.user_id,
            );
            let mut params = vec![("code", code.as_str())];
            if p.provider == Provider::Neon {
                params.push(("scope", scope.as_str()));
            }
            if let Some(s) = &state {
                params.push(("state", s));
            }
            redirect_with(&p.redirect_uri, ResponseType::Code, &params)
        }
        ResponseType::Token => {
            let issued = grants::grant_directly(
                app,
                p.provider,
                &p.client_id,
                &p.user_id,
                p.scope,
                TokenPolicy {
                    with_refresh: false,
                    ttl: None,
                },
            );
            let mut params = vec![
                ("access_token", issued.access_token.as_str()),
                ("token_type", "Bearer"),
            ];
            if let Some(s) = &state {
                params.push(("state", s));
            }
            redirect_with(&p.redirect_uri, ResponseType::Token, &params)
        }
    }
}

/// `POST /neon/oauth/decision`.
pub(crate) async fn decide_neon(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    decide(&app, Provider::Neon, &body)
}

/// `POST /netlify/oauth/decision`.
pub(crate) async fn decide_netlify(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    decide(&app, Provider::Netlify, &body)
}

/// The consent form's Approve / Deny. A request id only answers on its own
/// provider's route.
fn decide(app: &AppState, provider: Provider, body: &[u8]) -> Response {
    let params = Params::parse(body);
    let (Ok(Some(request_id)), Ok(Some(decision))) =
        (params.non_empty("request_id"), params.non_empty("decision"))
    else {
        return error_page(provider, "Invalid request", "The form is incomplete.");
    };
    let now = app.now();
    let pending = {
        let mut s = app.providers();
        s.prune(now);
        match s.pending.get(request_id) {
            Some(p) if p.provider == provider => s.pending.remove(request_id),
            _ => None,
        }
    };
    let Some(p) = pending else {
        return error_page(
            provider,
            "Request expired",
            "This authorization request has expired or was already answered. Start again from the application.",
        );
    };
    match decision {
        "approve" => finish(app, p, Decision::Approve),
        "deny" => finish(app, p, Decision::Deny),
        _ => error_page(provider, "Invalid request", "Unknown decision."),
    }
}

/// Queues an answer for the next authorize request of `provider`.
pub(crate) fn pre_approve(app: &AppState, provider: Provider, decision: Decision) {
    app.providers().pre_approvals.push(PreApproval {
        provider,
        user_id: None,
        decision,
    });
}
