//! Proof Key for Code Exchange (RFC 7636).
//!
//! The authorize request may carry a `code_challenge`; if it does, the token
//! request must carry the matching `code_verifier`. Methods: `S256` (and the
//! spec's `sha256`, treated as the same) and `plain`. With no method given the
//! RFC's default, `plain`, applies.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::model::{Pkce, PkceMethod};

/// Why the PKCE parameters of an authorize request are unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PkceError {
    #[error("code_challenge_method must be one of plain, sha256, S256")]
    UnknownMethod,
    #[error("code_challenge_method was given without code_challenge")]
    MethodWithoutChallenge,
    #[error("code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~")]
    MalformedChallenge,
}

/// RFC 7636 §4.1: 43–128 characters from the unreserved set.
pub fn is_valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && (v.bytes()).all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// The S256 challenge of a verifier: BASE64URL(SHA256(verifier)).
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Reads the authorize request's PKCE parameters.
pub fn from_request(
    challenge: Option<&str>,
    method: Option<&str>,
) -> Result<Option<Pkce>, PkceError> {
    let method = match method {
        None => None,
        Some("S256") | Some("sha256") => Some(PkceMethod::S256),
        Some("plain") => Some(PkceMethod::Plain),
        Some(_) => return Err(PkceError::UnknownMethod),
    };
    match (challenge, method) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err(PkceError::MethodWithoutChallenge),
        // An S256 challenge is a base64url SHA-256: 43 characters. Either
        // way it uses the verifier's alphabet and length limits.
        (Some(c), _) if !is_valid_verifier(c) => Err(PkceError::MalformedChallenge),
        (Some(c), m) => Ok(Some(Pkce {
            challenge: c.to_owned(),
            method: m.unwrap_or(PkceMethod::Plain),
        })),
    }
}

/// Does `verifier` prove possession for `pkce`?
pub fn verify(pkce: &Pkce, verifier: &str) -> bool {
    let expected = match pkce.method {
        PkceMethod::S256 => s256_challenge(verifier),
        PkceMethod::Plain => verifier.to_owned(),
    };
    is_valid_verifier(verifier) && crate::ids::secrets_equal(&expected, &pkce.challenge)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B.
    #[test]
    fn rfc_7636_appendix_b_vector() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            s256_challenge(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let pkce = from_request(
            Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
            Some("S256"),
        )
        .unwrap()
        .unwrap();
        assert!(verify(&pkce, verifier));
        assert!(!verify(
            &pkce,
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj"
        ));
    }

    #[test]
    fn plain_is_the_default_and_sha256_means_s256() {
        let v = "a".repeat(43);
        let p = from_request(Some(&v), None).unwrap().unwrap();
        assert_eq!(p.method, PkceMethod::Plain);
        assert!(verify(&p, &v));
        let p = from_request(Some(&s256_challenge(&v)), Some("sha256"))
            .unwrap()
            .unwrap();
        assert_eq!(p.method, PkceMethod::S256);
        assert!(verify(&p, &v));
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert_eq!(
            from_request(None, Some("S256")).unwrap_err(),
            PkceError::MethodWithoutChallenge
        );
        assert_eq!(
            from_request(Some("short"), Some("S256")).unwrap_err(),
            PkceError::MalformedChallenge
        );
        assert_eq!(
            from_request(Some(&"a".repeat(43)), Some("MD5")).unwrap_err(),
            PkceError::UnknownMethod
        );
        assert!(from_request(None, None).unwrap().is_none());
    }
}
