//! What can go wrong while connecting or using a connection, in words a
//! person can act on, and the `{code, message}` the UI branches on.

use crate::connections::metadata::MetadataError;
use crate::connections::session::SessionError;
use crate::error::{AppError, ErrorCode};
use crate::net::api_error::ApiError;
use crate::oauth::callback::CallbackError;
use crate::oauth::flow::FlowError;
use crate::oauth::token_client::TokenError;
use crate::providers::RegistryError;
use crate::vault::KeychainError;

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("Latchkey does not know the provider “{0}”.")]
    UnknownProvider(String),
    /// A link on a sign-in path that answers no waiting sign-in (unknown
    /// provider, no state): quiet, like [`FlowError::NoMatchingFlow`].
    #[error("the link is not the answer to a sign-in Latchkey is waiting for")]
    NotAnAnswer,
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// The provider has no such screen or call (a Neon action on a Supabase
    /// connection, any API call on a user-defined provider).
    #[error("This is not available for {0} connections.")]
    Unsupported(String),
    #[error("{0}")]
    Unconfirmed(&'static str),
    #[error("Creating “{name}” timed out, and since then {count} new projects with that name appeared in the organization. Latchkey cannot tell which one is yours, so it saved no database password for either. Open the one you created in the list and reset its database password in Supabase's dashboard if you need it.")]
    CreateAmbiguous { name: String, count: usize },
    #[error("{provider} refused: the OAuth app behind this connection lacks the “{scope}” scope. Add it to the OAuth app in {provider}'s dashboard, then connect again.")]
    MissingScope { provider: String, scope: String },
    #[error("{0} needs its OAuth client secret first. Enter it in Settings.")]
    MissingClientSecret(String),
    #[error(transparent)]
    Flow(#[from] FlowError),
    #[error(transparent)]
    Callback(#[from] CallbackError),
    #[error("{0}")]
    Denied(&'static str),
    #[error("The sign-in answer names a different issuer than the provider's, so it was refused.")]
    IssuerMismatch,
    #[error("The new sign-in does not cover any organization.")]
    NoOrganization,
    #[error(
        "The sign-in for this organization was revoked or has expired. Reconnect to continue."
    )]
    NeedsReconnect,
    #[error("This connection has no saved sign-in. Connect it again.")]
    NotConnected,
    /// A personal-token connection the provider no longer accepts.
    #[error("{provider} no longer accepts the {name} this connection uses: it was deleted or has expired. Paste a new one to continue.")]
    TokenRevoked { provider: String, name: String },
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error("{0}")]
    Api(#[from] ApiError),
    #[error(transparent)]
    Loopback(#[from] crate::oauth::loopback::LoopbackError),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    /// Always [`SessionError::RenewalNotSaved`].
    #[error(transparent)]
    RenewalNotSaved(SessionError),
    #[error(transparent)]
    Metadata(#[from] MetadataError),
}

impl From<RegistryError> for ConnectError {
    fn from(err: RegistryError) -> Self {
        match err {
            RegistryError::Unknown(id) => ConnectError::UnknownProvider(id),
            RegistryError::Unsupported(name) => ConnectError::Unsupported(name),
        }
    }
}

impl From<SessionError> for ConnectError {
    fn from(err: SessionError) -> Self {
        match err {
            SessionError::NotConnected => ConnectError::NotConnected,
            SessionError::NeedsReconnect => ConnectError::NeedsReconnect,
            SessionError::Keychain(e) => ConnectError::Keychain(e),
            err @ SessionError::RenewalNotSaved(_) => ConnectError::RenewalNotSaved(err),
            SessionError::Token(e) => ConnectError::Token(e),
        }
    }
}

impl ConnectError {
    /// A callback nobody is waiting for (unknown, already used or expired
    /// state: a reloaded page, a stale link): logged, never shown as an error.
    /// The UI ends its own wait when a flow's 10 minutes are up.
    pub fn is_quiet(&self) -> bool {
        matches!(
            self,
            ConnectError::NotAnAnswer
                | ConnectError::Flow(FlowError::NoMatchingFlow | FlowError::Expired)
        )
    }

    /// A provider's 404 said as what the user chose that is not there any
    /// more (`field`, in `message`'s words); any other error is kept.
    pub(crate) fn not_found_as(
        self,
        field: &'static str,
        message: impl FnOnce() -> String,
    ) -> ConnectError {
        match self {
            ConnectError::Api(ApiError::NotFound { .. }) => ConnectError::Invalid {
                field,
                message: message(),
            },
            other => other,
        }
    }

    /// The input field a validation error is about, if this is one.
    pub fn invalid_field(&self) -> Option<&'static str> {
        match self {
            ConnectError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl From<ConnectError> for AppError {
    fn from(err: ConnectError) -> Self {
        match &err {
            ConnectError::Invalid { field, message } => return AppError::invalid(field, message),
            ConnectError::Api(ApiError::InvalidInput(v)) => {
                return AppError::invalid(v.field, v.to_string())
            }
            _ => {}
        }
        let code = match &err {
            ConnectError::Keychain(k) => return AppError::from(k.clone()),
            ConnectError::RenewalNotSaved(SessionError::RenewalNotSaved(k)) => {
                AppError::from(k.clone()).code
            }
            ConnectError::UnknownProvider(_) => ErrorCode::NotFound,
            ConnectError::NotAnAnswer => ErrorCode::Cancelled,
            ConnectError::Invalid { .. } => ErrorCode::Validation,
            ConnectError::Unsupported(_) => ErrorCode::NotFound,
            ConnectError::Unconfirmed(_) | ConnectError::CreateAmbiguous { .. } => {
                ErrorCode::Network
            }
            ConnectError::MissingScope { .. } => ErrorCode::MissingScope,
            ConnectError::MissingClientSecret(_) => ErrorCode::NotConfigured,
            ConnectError::Flow(FlowError::NoMatchingFlow) => ErrorCode::Cancelled,
            ConnectError::Denied(_) => ErrorCode::Denied,
            ConnectError::NeedsReconnect
            | ConnectError::NotConnected
            | ConnectError::TokenRevoked { .. } => ErrorCode::NeedsReconnect,
            ConnectError::Token(t) if t.retry_after().is_some() => ErrorCode::RateLimited,
            ConnectError::Token(
                TokenError::Unreachable { .. } | TokenError::BrokerUnreachable { .. },
            ) => ErrorCode::Network,
            ConnectError::Token(
                TokenError::MissingClientSecret { .. } | TokenError::ClientRejected { .. },
            ) => ErrorCode::NotConfigured,
            ConnectError::Api(ApiError::RateLimited { .. }) => ErrorCode::RateLimited,
            ConnectError::Api(ApiError::Network(_)) => ErrorCode::Network,
            ConnectError::Api(ApiError::Unauthorized { .. }) => ErrorCode::NeedsReconnect,
            ConnectError::Api(ApiError::InvalidInput(_)) => ErrorCode::Validation,
            ConnectError::Metadata(_) => ErrorCode::Internal,
            ConnectError::Loopback(crate::oauth::loopback::LoopbackError::Cancelled) => {
                ErrorCode::Cancelled
            }
            _ => ErrorCode::Provider,
        };
        AppError::new(code, err.to_string())
    }
}
