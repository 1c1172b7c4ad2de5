//! Exit codes a script can branch on. Documented in the README; never
//! renumbered.

use latchkey_core::error::{AppError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok,
    /// Anything not listed below.
    Failed,
    /// Bad arguments (clap's own code).
    Usage,
    /// The connection must be connected again (revoked, expired, missing).
    NeedsReconnect,
    /// The keychain is locked, missing or not answering.
    Keychain,
    /// The provider could not be reached, or asked to slow down.
    Network,
    /// No such connection or provider.
    NotFound,
    /// `lk exec`: the command's own exit code, passed on.
    Child(u8),
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Failed => 1,
            Exit::Usage => 2,
            Exit::NeedsReconnect => 3,
            Exit::Keychain => 4,
            Exit::Network => 5,
            Exit::NotFound => 6,
            Exit::Child(code) => code,
        }
    }

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
        let code = |c| Exit::from_error(&AppError::new(c, "x")).code();
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
