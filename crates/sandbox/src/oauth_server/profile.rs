//! What a provider tells the engine: the [`Profile`] trait and its [`Rules`].
//!
//! A profile holds only what differs between providers: its brand and path
//! prefix, which authorize requests it accepts, how client authentication,
//! PKCE and refresh tokens work, and how answers and errors look on the wire.
//! Everything else (the order of checks, codes, replay, rotation, revocation,
//! the consent page, the bearer guard) is the engine's, written once.
//!
//! Profiles are `'static` values listed in `providers::mod.rs`; settings that
//! change at run time (the plain profile's) are read through `AppState`
//! in [`Profile::rules`], so they apply to the next request.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use crate::params::Params;
use crate::providers::Provider;
use crate::state::AppState;

use crate::rate_limit::ResetHeader;

use super::error::{standard_error, OAuthError};
use super::grants::Issued;
use super::model::{Ask, Client, Pending};

/// The engine's handle on a profile.
pub(crate) type P = &'static dyn Profile;

/// Where the client may authenticate at the token and revoke endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClientAuth {
    /// `Authorization: Basic` (RFC 6749 §2.3.1).
    pub basic: bool,
    /// `client_id` and `client_secret` in the form body.
    pub body: bool,
    /// A public client may send its `client_id` alone (PKCE proves it).
    pub public: bool,
    /// An `Authorization: Bearer …` header is ignored, so body credentials
    /// still count (Supabase: the community JS client sends its API token
    /// on every request of one client object, the token call included).
    /// Otherwise any Authorization that is not Basic is refused, as RFC 6749
    /// §2.3 and Hydra do.
    pub ignores_bearer: bool,
}

impl ClientAuth {
    /// A confidential client's usual choice (RFC 6749 §2.3.1): Basic or the
    /// form body, never its `client_id` alone; profiles name only where
    /// they differ.
    pub(crate) const CONFIDENTIAL: ClientAuth = ClientAuth {
        basic: true,
        body: true,
        public: false,
        ignores_bearer: false,
    };
}

/// When an exchange or a refresh hands out a refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefreshTokens {
    Always,
    Never,
    /// Only when the grant's scope has one of these (Hydra's `offline`).
    WithScope(&'static [&'static str]),
}

/// The token-endpoint rules of a profile.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules {
    pub grant_types: &'static [&'static str],
    /// Parameters an `authorization_code` request must carry, checked in
    /// this order before the code is looked at.
    pub code_params: &'static [&'static str],
    pub client_auth: ClientAuth,
    pub refresh: RefreshTokens,
    /// Do access tokens expire (after the sandbox's token TTL)?
    pub access_expires: bool,
    /// Refuse a `code_verifier` for a code issued without a challenge.
    pub refuse_stray_verifier: bool,
    /// A rotated-out refresh token coming back revokes its whole grant,
    /// the live pair included (Hydra/fosite's reuse detection).
    pub reuse_revokes_grant: bool,
    /// Refuse bodies that are not `application/x-www-form-urlencoded`.
    pub form_only: bool,
}

/// What the consent page shows besides the client and the brand.
pub(crate) struct Consent {
    pub user_name: String,
    pub user_email: String,
    /// "one of your organizations", "your Neon account", ...
    pub asks_for: &'static str,
    pub scopes: Vec<String>,
    /// Extra form controls, already escaped HTML.
    pub picker: String,
    pub can_approve: bool,
}

/// A page-level refusal: status, title and text of the error page.
pub(crate) type PageError = (StatusCode, &'static str, String);

/// The fixed facts of a profile.
pub(crate) struct Meta {
    pub provider: Provider,
    /// Shown on the consent and error pages.
    pub brand: &'static str,
    /// Where its routes live, e.g. `/neon`; Supabase's is empty.
    pub prefix: &'static str,
    /// The consent form's target (a sandbox-only route).
    pub decision_path: &'static str,
    /// The prefix and random bytes of a new access token.
    pub token_shape: (&'static str, usize),
    /// The same for a personal token minted through the admin API (a
    /// Supabase `sbp_…`, a Neon API key, a Netlify `nfp_…`).
    pub personal_token_shape: (&'static str, usize),
    /// The approval redirect echoes the granted scope (Hydra does).
    pub echo_scope: bool,
    /// What the consent page says the application asks for.
    pub asks_for: &'static str,
    /// `error_description` of a denial.
    pub deny_description: &'static str,
    /// The API's 401 text for a missing or bad token.
    pub unauthorized: &'static str,
    /// How its API writes `X-RateLimit-Reset`.
    pub rate_reset: ResetHeader,
    pub rules: Rules,
}

pub(crate) trait Profile: Send + Sync + 'static {
    fn meta(&self) -> &'static Meta;

    fn provider(&self) -> Provider {
        self.meta().provider
    }

    fn brand(&self) -> &'static str {
        self.meta().brand
    }

    /// The token-endpoint rules; read per request, so they may change.
    fn rules(&self, _app: &AppState) -> Rules {
        self.meta().rules
    }

    /// Checks what the authorize request asks for, once its client and
    /// redirect URI are trusted. An `Err` is `(error, error_description)`,
    /// sent back by redirect.
    fn check_authorize(
        &self,
        app: &AppState,
        params: &Params,
        client: &Client,
        state: Option<&str>,
    ) -> Result<Ask, (&'static str, String)>;

    /// The signed-in user's part of the consent page; by default their
    /// name and email ([`Profile::signed_in`]), the requested scopes and
    /// no picker.
    fn consent(&self, app: &AppState, pending: &Pending, _: &Client) -> Result<Consent, PageError> {
        let Some((user_name, user_email)) = self.signed_in(app, &pending.user_id) else {
            let detail = format!("The sandbox has no {} user.", self.brand());
            return Err((StatusCode::BAD_REQUEST, "Not signed in", detail));
        };
        Ok(Consent {
            user_name,
            user_email,
            asks_for: self.meta().asks_for,
            scopes: pending.ask.scope.clone(),
            picker: String::new(),
            can_approve: true,
        })
    }

    /// The name and email of user `user_id`, if the provider has one.
    fn signed_in(&self, _app: &AppState, _user_id: &str) -> Option<(String, String)> {
        None
    }

    /// The tenant the consent form chose, checked (Supabase's organization
    /// picker). `Err` is the error page's text.
    fn tenant_from_form(
        &self,
        _app: &AppState,
        _pending: &Pending,
        _form: &Params,
    ) -> Result<Option<String>, &'static str> {
        Ok(None)
    }

    /// The tenant of an approval that named none (a pre-approval made
    /// without one).
    fn default_tenant(&self, _app: &AppState, _user_id: &str) -> Option<String> {
        None
    }

    /// Is the grant's user still allowed into its tenant when the code is
    /// exchanged? Called with the OAuth store locked: it may lock the
    /// provider's data, never the OAuth store.
    fn tenant_still_valid(&self, _app: &AppState, _user_id: &str, _tenant: Option<&str>) -> bool {
        true
    }

    /// Extra checks of a token request's parameters (Supabase refuses
    /// unknown and repeated ones).
    fn check_token_params(&self, _params: &Params) -> Result<(), OAuthError> {
        Ok(())
    }

    /// A successful token answer: status and body.
    fn token_body(&self, app: &AppState, issued: &Issued) -> (StatusCode, Value);

    /// A refused token or revoke request: by default the standard status
    /// and code with [`Profile::describe`] as `error_description`.
    fn oauth_error(&self, e: &OAuthError) -> Response {
        let (status, code) = e.standard();
        standard_error(status, code, &self.describe(e, code))
    }

    /// The `error_description` of a refusal with `error` `code`.
    fn describe(&self, e: &OAuthError, _code: &str) -> String {
        e.to_string()
    }

    /// An error of the provider's API (also the fault layer's and the
    /// fallbacks' answer under its prefix).
    fn api_error(&self, status: StatusCode, message: &str) -> Response;

    /// The authorize endpoint's answer to an unknown `client_id`, if the
    /// provider has its own (never a redirect: the target is untrusted);
    /// `None` shows the HTML error page.
    fn unknown_client(&self) -> Option<Response> {
        None
    }
}
