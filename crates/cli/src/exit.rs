//! Exit codes a script can branch on. Documented in the README; never
//! renumbered.

use latchkey_core::error::{AppError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Ok = 0,
    /// Anything not listed below.
    Failed = 1,
    /// Bad arguments (clap's own code).
    Usage = 2,
    /// The connection must be connected again (revoked, expired, missing).
    NeedsReconnect = 3,
    /// The keychain is locked, missing or not answering.
    Keychain = 4,
    /// The provider could not be reached, or asked to slow down.
    Network = 5,
    /// No such connection or provider.
    NotFound = 6,
}

impl Exit {
    pub fn from_error(error: &AppError) -> Self {
        match error.code {
            ErrorCode::NeedsReconnect => Exit::NeedsReconnect,
            ErrorCode::KeychainLocked
            | ErrorCode::KeychainUnavailable
            | ErrorCode::KeychainTimeout => Exit::Keychain,
            ErrorCode::Network | ErrorCode::RateLimited => Exit::Network,
            ErrorCode::NotFound => Exit::NotFound,
            ErrorCode::Validation => Exit::Usage,
            _ => Exit::Failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_failure_has_its_own_code() {
        let code = |c| Exit::from_error(&AppError::new(c, "x")) as u8;
        assert_eq!(code(ErrorCode::NeedsReconnect), 3);
        assert_eq!(code(ErrorCode::KeychainLocked), 4);
        assert_eq!(code(ErrorCode::KeychainUnavailable), 4);
        assert_eq!(code(ErrorCode::Network), 5);
        assert_eq!(code(ErrorCode::RateLimited), 5);
        assert_eq!(code(ErrorCode::NotFound), 6);
        assert_eq!(code(ErrorCode::Validation), 2);
        assert_eq!(code(ErrorCode::Provider), 1);
    }
}
