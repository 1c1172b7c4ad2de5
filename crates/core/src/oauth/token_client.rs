//! Token endpoint calls: code exchange, refresh, revoke.
//!
//! oauth2-rs builds and parses the RFC 6749 requests; [`super::transport`] sends
//! them (accepting Supabase's 201, never following redirects). Revocation
//! bodies differ by provider and are built here from the definition.
//!
//! With a broker ([`ProviderDefinition::broker_url`]) the same requests go
//! to `<broker>/v1/<provider>/token` and `/revoke` as a public client's
//! (client id in the body, no secret, RFC 7009 revoke): the broker adds the
//! client authentication and passes the provider's answer back unchanged,
//! so everything below reads it as it would the provider's.

use std::borrow::Cow;

use oauth2::basic::BasicClient;
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, EndpointNotSet, EndpointSet,
    PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::tokens::TokenSet;
use super::transport::send_for_oauth2;
use crate::net::{self, HttpFailure};
use crate::providers::{ClientAuth, ProviderDefinition, RevokeBody};

type Oauth2Client =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("{provider} needs a client secret and none is saved. Enter it in Settings.")]
    MissingClientSecret { provider: String },
    #[error("{provider} could not be reached: {failure}")]
    Unreachable {
        provider: String,
        failure: HttpFailure,
    },
    #[error("{provider} refused: {failure}")]
    Refused {
        provider: String,
        failure: HttpFailure,
    },
    /// The provider refused the client's own credentials (401, or
    /// `invalid_client` / `unauthorized_client`): a wrong or rotated client
    /// secret, not a dead grant, so no connection is given up over it.
    #[error("{provider} refused the client secret, so the sign-in could not be renewed; your connections are kept. Check the client secret in Settings.")]
    ClientRejected { provider: String },
    #[error("{provider}'s answer was not a valid token response")]
    BadResponse { provider: String },
    /// The publisher's broker did not answer: nothing about the grant is
    /// known, so nothing is given up.
    #[error("{provider}'s sign-in service ({broker}) could not be reached: {failure}. Your connections are kept; try again in a moment.")]
    BrokerUnreachable {
        provider: String,
        broker: String,
        failure: HttpFailure,
    },
    /// The provider refused the broker's OAuth app credentials: the
    /// publisher's to fix, and no grant is given up over it.
    #[error("{provider} refused the sign-in service's app credentials ({broker}), so the sign-in could not go through; your connections are kept. The service's publisher needs to fix this.")]
    BrokerRejected { provider: String, broker: String },
}

impl TokenError {
    /// The grant is gone and only a new sign-in helps. Only the provider's
    /// own words say so: OAuth's `invalid_grant` (RFC 6749 §5.2), or
    /// Supabase's 404 with its JSON message for a rotated or revoked refresh
    /// token. A proxy's 400, a 5xx or a refused client secret never does:
    /// purging on those would throw away grants that still work.
    pub fn grant_is_dead(&self) -> bool {
        let TokenError::Refused {
            failure:
                HttpFailure::Status {
                    status,
                    message,
                    oauth_error,
                    ..
                },
            ..
        } = self
        else {
            return false;
        };
        match oauth_error.as_deref() {
            Some(code) => code == "invalid_grant",
            None => *status == 404 && message.is_some(),
        }
    }

    /// Seconds the provider asked us to wait (429), if it said.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            TokenError::Refused {
                failure:
                    HttpFailure::Status {
                        status: 429,
                        retry_after,
                        ..
                    },
                ..
            } => retry_after.or(Some(60)),
            _ => None,
        }
    }
}

/// What a code exchange needs from the pending flow.
pub struct CodeExchange<'a> {
    pub code: SecretString,
    pub redirect_uri: &'a Url,
    pub verifier: Option<&'a SecretString>,
}

#[derive(Clone)]
pub struct TokenClient {
    http: reqwest::Client,
}

impl Default for TokenClient {
    fn default() -> Self {
        Self::new(net::client())
    }
}

impl TokenClient {
    pub fn new(http: reqwest::Client) -> Self {
        Self { http }
    }

    pub async fn exchange_code(
        &self,
        def: &ProviderDefinition,
        secret: Option<&SecretString>,
        exchange: CodeExchange<'_>,
        now: u64,
    ) -> Result<TokenSet, TokenError> {
        let def = &*endpoints(def);
        let client = oauth2_client(def, secret)?;
        let mut request = client
            .exchange_code(AuthorizationCode::new(
                exchange.code.expose_secret().to_owned(),
            ))
            .set_redirect_uri(Cow::Owned(RedirectUrl::from_url(
                exchange.redirect_uri.clone(),
            )));
        if let Some(verifier) = exchange.verifier {
            request = request
                .set_pkce_verifier(PkceCodeVerifier::new(verifier.expose_secret().to_owned()));
        }
        if let (ClientAuth::Both, Some(secret)) = (def.client_auth, secret) {
            request = request
                .add_extra_param("client_id", def.client_id.clone())
                .add_extra_param("client_secret", secret.expose_secret().to_owned());
        }
        let client = self.http.clone();
        let send = move |req| send_for_oauth2(client.clone(), req);
        let response = request
            .request_async(&send)
            .await
            .map_err(|e| map_oauth2_error(def, e))?;
        Ok(token_set(&response, None, now))
    }

    /// Trades the refresh token for a new pair. Providers that rotate (Supabase)
    /// return a new refresh token; one that does not keeps the old one.
    pub async fn refresh(
        &self,
        def: &ProviderDefinition,
        secret: Option<&SecretString>,
        refresh_token: &SecretString,
        now: u64,
    ) -> Result<TokenSet, TokenError> {
        let def = &*endpoints(def);
        let client = oauth2_client(def, secret)?;
        let token = RefreshToken::new(refresh_token.expose_secret().to_owned());
        let mut request = client.exchange_refresh_token(&token);
        if let (ClientAuth::Both, Some(secret)) = (def.client_auth, secret) {
            request = request
                .add_extra_param("client_id", def.client_id.clone())
                .add_extra_param("client_secret", secret.expose_secret().to_owned());
        }
        let client = self.http.clone();
        let send = move |req| send_for_oauth2(client.clone(), req);
        let response = request
            .request_async(&send)
            .await
            .map_err(|e| map_oauth2_error(def, e))?;
        Ok(token_set(&response, Some(refresh_token), now))
    }

    /// Revokes the grant on the server. Callers treat failure as best effort.
    pub async fn revoke(
        &self,
        def: &ProviderDefinition,
        secret: Option<&SecretString>,
        tokens: &TokenSet,
    ) -> Result<(), TokenError> {
        let def = &*endpoints(def);
        let (Some(url), Some(shape)) = (&def.revoke_url, def.revoke_body) else {
            return Ok(());
        };
        let request = match shape {
            RevokeBody::JsonClientAndRefreshToken => {
                let secret = secret.ok_or_else(|| TokenError::MissingClientSecret {
                    provider: def.display_name.clone(),
                })?;
                let refresh = tokens
                    .refresh_token
                    .as_ref()
                    .unwrap_or(&tokens.access_token);
                self.http.post(url.clone()).json(&serde_json::json!({
                    "client_id": def.client_id,
                    "client_secret": secret.expose_secret(),
                    "refresh_token": refresh.expose_secret(),
                }))
            }
            RevokeBody::Rfc7009Form => {
                let (token, hint) = match &tokens.refresh_token {
                    Some(t) => (t, "refresh_token"),
                    None => (&tokens.access_token, "access_token"),
                };
                let mut form = vec![
                    ("token", token.expose_secret().to_owned()),
                    ("token_type_hint", hint.to_owned()),
                ];
                let mut builder = self.http.post(url.clone());
                match (def.client_auth, secret) {
                    (ClientAuth::BasicHeader, Some(s)) => {
                        builder = builder.basic_auth(&def.client_id, Some(s.expose_secret()));
                    }
                    (ClientAuth::Body | ClientAuth::Both, Some(s)) => {
                        form.push(("client_id", def.client_id.clone()));
                        form.push(("client_secret", s.expose_secret().to_owned()));
                    }
                    _ => form.push(("client_id", def.client_id.clone())),
                }
                builder.form(&form)
            }
        };
        let response = request
            .send()
            .await
            .map_err(|e| unreachable(def, HttpFailure::from_reqwest(&e)))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = net::body::read_body_limited(response, net::body::MAX_BODY)
            .await
            .unwrap_or_default();
        net::check_status(status, &headers, &body).map_err(|failure| TokenError::Refused {
            provider: def.display_name.clone(),
            failure,
        })
    }
}

/// The definition token requests are built from: the provider's own, or,
/// through a broker, the broker's endpoints for this provider with the app
/// as a public client.
fn endpoints(def: &ProviderDefinition) -> Cow<'_, ProviderDefinition> {
    let Some(broker) = &def.broker_url else {
        return Cow::Borrowed(def);
    };
    let at = |action: &str| {
        let mut url = broker.clone();
        let base = broker.path().trim_end_matches('/');
        url.set_path(&format!("{base}/v1/{}/{action}", def.id));
        url.set_query(None);
        url
    };
    let mut via = def.clone();
    via.token_url = at("token");
    via.revoke_url = def.revoke_url.as_ref().map(|_| at("revoke"));
    via.revoke_body = via.revoke_url.as_ref().map(|_| RevokeBody::Rfc7009Form);
    via.client_auth = ClientAuth::None;
    Cow::Owned(via)
}

/// The broker's host, for messages, when token requests go through one.
fn broker_host(def: &ProviderDefinition) -> Option<String> {
    def.broker_url
        .as_ref()
        .map(|u| u.host_str().unwrap_or_default().to_owned())
}

fn unreachable(def: &ProviderDefinition, failure: HttpFailure) -> TokenError {
    let provider = def.display_name.clone();
    match broker_host(def) {
        Some(broker) => TokenError::BrokerUnreachable {
            provider,
            broker,
            failure,
        },
        None => TokenError::Unreachable { provider, failure },
    }
}

fn oauth2_client(
    def: &ProviderDefinition,
    secret: Option<&SecretString>,
) -> Result<Oauth2Client, TokenError> {
    let needs_secret = def.client_auth != ClientAuth::None;
    let mut client = BasicClient::new(ClientId::new(def.client_id.clone()))
        .set_auth_uri(AuthUrl::from_url(def.authorize_url.clone()))
        .set_token_uri(TokenUrl::from_url(def.token_url.clone()))
        .set_auth_type(match def.client_auth {
            ClientAuth::BasicHeader | ClientAuth::Both => AuthType::BasicAuth,
            ClientAuth::Body | ClientAuth::None => AuthType::RequestBody,
        });
    match secret {
        Some(secret) if needs_secret => {
            client = client.set_client_secret(ClientSecret::new(secret.expose_secret().to_owned()));
        }
        None if needs_secret => {
            return Err(TokenError::MissingClientSecret {
                provider: def.display_name.clone(),
            });
        }
        _ => {}
    }
    Ok(client)
}

fn map_oauth2_error<RE: oauth2::ErrorResponse + 'static>(
    def: &ProviderDefinition,
    err: RequestTokenError<HttpFailure, RE>,
) -> TokenError {
    let provider = def.display_name.clone();
    match err {
        RequestTokenError::Request(HttpFailure::Status {
            status,
            oauth_error,
            ..
        }) if status == 401
            || matches!(
                oauth_error.as_deref(),
                Some("invalid_client" | "unauthorized_client")
            ) =>
        {
            match broker_host(def) {
                Some(broker) => TokenError::BrokerRejected { provider, broker },
                None => TokenError::ClientRejected { provider },
            }
        }
        RequestTokenError::Request(failure @ HttpFailure::Status { .. })
        | RequestTokenError::Request(failure @ HttpFailure::Redirected) => {
            TokenError::Refused { provider, failure }
        }
        RequestTokenError::Request(failure) => unreachable(def, failure),
        // Only reached with a 200 body oauth2-rs could not read as tokens.
        RequestTokenError::ServerResponse(_)
        | RequestTokenError::Parse(_, _)
        | RequestTokenError::Other(_) => TokenError::BadResponse { provider },
    }
}

fn token_set<TR: TokenResponse>(
    response: &TR,
    previous_refresh: Option<&SecretString>,
    now: u64,
) -> TokenSet {
    TokenSet {
        access_token: SecretString::from(response.access_token().secret().clone()),
        refresh_token: response
            .refresh_token()
            .map(|t| SecretString::from(t.secret().clone()))
            .or_else(|| previous_refresh.cloned()),
        expires_at: response.expires_in().map(|d| now + d.as_secs()),
        granted_scopes: response
            .scopes()
            .map(|s| s.iter().map(|scope| scope.to_string()).collect()),
    }
}
