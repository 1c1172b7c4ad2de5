//! Supabase's profile of the OAuth engine (`/v1/oauth/*`).
//!
//! What differs from the other providers:
//! - a grant covers exactly one organization, chosen on the consent page's
//!   picker (preselected by `organization_slug`) and checked again when the
//!   code is exchanged;
//! - authorize takes `code_challenge_method` `S256`, `sha256` or `plain`
//!   (with a challenge and no method, `plain`, per RFC 7636), only
//!   `response_type=code` and `response_mode=query`; `scope` is ignored
//!   because scopes are fixed per app;
//! - the token endpoint is strict about its body (`OAuthTokenBody` has
//!   `additionalProperties: false`), answers **201** with
//!   `{access_token, refresh_token, expires_in, token_type}`, and words
//!   errors as `{"message"}` with 415 / 422 / 400 / 401 / 404;
//! - revocation is JSON (`revoke.rs`), not RFC 7009.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::body::{one_of, wrong_content_type};
use crate::error::ApiError;
use crate::oauth_server::error::OAuthError;
use crate::oauth_server::grants::Issued;
use crate::oauth_server::model::{Ask, Client, Pending, ResponseType};
use crate::oauth_server::pages::escape;
use crate::oauth_server::pkce;
use crate::oauth_server::profile::{
    ClientAuth, Consent, Meta, PageError, Profile, RefreshTokens, Rules,
};
use crate::params::Params;
use crate::providers::Provider;
use crate::state::AppState;

/// The spec's `OAuthTokenBody` properties.
const ALLOWED: [&str; 9] = [
    "grant_type",
    "client_id",
    "client_secret",
    "code",
    "code_verifier",
    "redirect_uri",
    "refresh_token",
    "resource",
    "scope",
];

pub(crate) struct Supabase;

pub(crate) static PROFILE: Supabase = Supabase;

static META: Meta = Meta {
    provider: Provider::Supabase,
    brand: "Supabase",
    prefix: "",
    decision_path: "/v1/oauth/authorize/decision",
    token_shape: (crate::ids::ACCESS_TOKEN_PREFIX, 20),
    personal_token_shape: ("sbp_", 20),
    echo_scope: false,
    asks_for: "one of your organizations",
    deny_description: "The user denied the request",
    unauthorized: "Unauthorized",
    rate_reset: crate::rate_limit::ResetHeader::SecondsLeft,
    rules: Rules {
        grant_types: &["authorization_code", "refresh_token"],
        code_params: &["code", "redirect_uri"],
        client_auth: ClientAuth {
            ignores_bearer: true,
            ..ClientAuth::CONFIDENTIAL
        },
        refresh: RefreshTokens::Always,
        access_expires: true,
        refuse_stray_verifier: true,
        reuse_revokes_grant: false,
        form_only: true,
    },
};

impl Profile for Supabase {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check_authorize(
        &self,
        _app: &AppState,
        params: &Params,
        client: &Client,
        _state: Option<&str>,
    ) -> Result<Ask, (&'static str, String)> {
        let single = |name: &str| {
            params
                .single(name)
                .map_err(|e| ("invalid_request", e.message))
        };
        match single("response_type")? {
            None => return Err(("invalid_request", "Missing response_type".to_owned())),
            Some("code") => {}
            Some(_) => {
                let why = "Only response_type=code is supported".to_owned();
                return Err(("unsupported_response_type", why));
            }
        }
        if single("response_mode")?.is_some_and(|m| m != "query") {
            return Err(("invalid_request", "response_mode must be query".to_owned()));
        }
        let pkce = pkce::from_request(single("code_challenge")?, single("code_challenge_method")?)
            .map_err(|e| ("invalid_request", e.to_string()))?;
        Ok(Ask {
            pkce,
            // Scopes are the app's, fixed when the user consents: a grant
            // keeps them even if the app's scopes change later (peers.md S4).
            scope: client.scopes.clone(),
            response_type: ResponseType::Code,
            tenant_hint: single("organization_slug")?.map(str::to_owned),
        })
    }

    fn consent(
        &self,
        app: &AppState,
        pending: &Pending,
        client: &Client,
    ) -> Result<Consent, PageError> {
        let store = app.store();
        let Some(user) = store.users.get(&pending.user_id) else {
            let detail = "The sandbox has no current user.".to_owned();
            return Err((StatusCode::INTERNAL_SERVER_ERROR, "Not signed in", detail));
        };
        let orgs = store.orgs_of(&user.id);
        let hint = pending.ask.tenant_hint.as_deref();
        let options: String = (orgs.iter())
            .map(|o| {
                let selected = (hint == Some(&o.slug)).then_some(" selected");
                let selected = selected.unwrap_or_default();
                format!(
                    "<option value=\"{}\"{selected}>{} ({})</option>",
                    escape(&o.slug),
                    escape(&o.name),
                    escape(&o.plan)
                )
            })
            .collect();
        let picker = if orgs.is_empty() {
            "<p>You are not a member of any organization, so there is nothing to authorize.</p>"
                .to_owned()
        } else {
            format!(
                "<label for=\"org\">Organization</label>\
<select id=\"org\" name=\"organization_slug\" required>{options}</select>"
            )
        };
        Ok(Consent {
            user_name: user.display_name().to_owned(),
            user_email: user.email.clone(),
            asks_for: META.asks_for,
            scopes: client.scopes.clone(),
            picker,
            can_approve: !orgs.is_empty(),
        })
    }

    fn tenant_from_form(
        &self,
        app: &AppState,
        pending: &Pending,
        form: &Params,
    ) -> Result<Option<String>, &'static str> {
        let org = (form.non_empty("organization_slug"))
            .map_err(|_| "The form is incomplete.")?
            .ok_or("Choose an organization.")?;
        if !app.store().is_member(&pending.user_id, org) {
            return Err("You are not a member of that organization.");
        }
        Ok(Some(org.to_owned()))
    }

    fn default_tenant(&self, app: &AppState, user_id: &str) -> Option<String> {
        let store = app.store();
        store.orgs_of(user_id).first().map(|o| o.slug.clone())
    }

    fn tenant_still_valid(&self, app: &AppState, user_id: &str, tenant: Option<&str>) -> bool {
        tenant.is_some_and(|org| app.store().is_member(user_id, org))
    }

    fn check_token_params(&self, params: &Params) -> Result<(), OAuthError> {
        if let Some(name) = params.unknown(&ALLOWED) {
            return Err(OAuthError::UnknownParameter(name.to_owned()));
        }
        for name in ALLOWED {
            (params.single(name)).map_err(|_| OAuthError::Repeated(name.to_owned()))?;
        }
        Ok(())
    }

    fn token_body(&self, _app: &AppState, issued: &Issued) -> (StatusCode, Value) {
        let body = json!({
            "access_token": issued.access_token,
            "refresh_token": issued.refresh_token,
            "expires_in": issued.expires_in,
            "token_type": "Bearer",
        });
        (StatusCode::CREATED, body)
    }

    fn oauth_error(&self, e: &OAuthError) -> Response {
        use OAuthError as E;
        let bad = |m: &str| ApiError::bad_request(m);
        let e = match e {
            E::WrongContentType(t) => wrong_content_type(t),
            E::UnknownParameter(k) => bad(&format!("property {k} should not exist")),
            E::Repeated(k) => bad(&format!("Parameter {k} was given more than once")),
            E::Missing(k) => ApiError::required_parameter(k),
            E::UnsupportedGrantType => one_of("grant_type", META.rules.grant_types),
            E::MissingClientId => ApiError::required_parameter("client_id"),
            E::MissingClientSecret => ApiError::required_parameter("client_secret"),
            E::InvalidClient => {
                ApiError::new(StatusCode::UNAUTHORIZED, "Invalid client credentials")
            }
            E::ClientConflict => {
                bad("client credentials in the Authorization header and the body differ")
            }
            E::UnknownCode | E::CodeOfAnotherClient => bad("Invalid authorization code"),
            E::CodeReused => bad("Authorization code has already been used"),
            E::CodeExpired => bad("Authorization code has expired"),
            E::RedirectMismatch => {
                bad("redirect_uri does not match the one used in the authorization request")
            }
            E::VerifierMissing => ApiError::required_parameter("code_verifier"),
            E::VerifierMismatch | E::VerifierUnexpected => bad("Invalid code_verifier"),
            E::UnknownRefreshToken | E::RefreshTokenOfAnotherClient => {
                ApiError::not_found("No such refresh token found")
            }
        };
        e.into_response()
    }

    fn api_error(&self, status: StatusCode, message: &str) -> Response {
        ApiError::new(status, message).into_response()
    }

    /// Supabase answers raw JSON, shown as is in the browser (peers.md S3).
    fn unknown_client(&self) -> Option<Response> {
        Some(self.api_error(StatusCode::UNPROCESSABLE_ENTITY, "Unrecognized client_id"))
    }
}
