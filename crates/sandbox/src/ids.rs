//! Identifiers and secrets in the shapes Supabase uses.
//!
//! - project refs and new organization slugs: 20 lowercase ASCII letters;
//! - OAuth client ids and user ids: UUIDs;
//! - client secrets (seeded): `sba_` + 40 hex digits;
//! - OAuth access tokens: `sbp_oauth_` + 40 hex digits; personal access tokens `sbp_` + 40 hex;
//! - refresh tokens and authorization codes: opaque base64url strings.
//!
//! Secrets that clients present later (tokens, codes) are stored only as their
//! SHA-256 digest ([`digest`]); the raw value exists once, in the response
//! that hands it out. [`display_prefix`] is the only part of a token the admin
//! API and logs may show.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::Rng;
use sha2::{Digest, Sha256};

pub(crate) const ACCESS_TOKEN_PREFIX: &str = "sbp_oauth_";

/// 20 random lowercase letters: a project ref or an organization slug.
pub(crate) fn random_ref(rng: &mut impl Rng) -> String {
    (0..20)
        .map(|_| char::from(b'a' + rng.gen_range(0..26u8)))
        .collect()
}

fn random_bytes(rng: &mut impl Rng, bytes: usize) -> Vec<u8> {
    let mut buf = vec![0u8; bytes];
    rng.fill_bytes(&mut buf);
    buf
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn random_hex(rng: &mut impl Rng, bytes: usize) -> String {
    hex(&random_bytes(rng, bytes))
}

/// Refresh tokens and authorization codes take 32 bytes.
pub(crate) fn random_b64(rng: &mut impl Rng, bytes: usize) -> String {
    URL_SAFE_NO_PAD.encode(random_bytes(rng, bytes))
}

/// A version-4 UUID built from `rng`, so seeded generators stay deterministic.
pub(crate) fn random_uuid(rng: &mut impl Rng) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    let uuid = uuid::Builder::from_random_bytes(bytes).into_uuid();
    uuid.to_string()
}

/// `prefix` and `bytes` random bytes in hex: each provider's token shape.
pub(crate) fn new_access_token(rng: &mut impl Rng, prefix: &str, bytes: usize) -> String {
    format!("{prefix}{}", random_hex(rng, bytes))
}

/// Hex SHA-256 of a secret: the form in which tokens and codes are stored.
pub(crate) fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// The first characters of a token followed by an ellipsis: enough to tell
/// tokens apart in the admin API, useless to an attacker.
pub(crate) fn display_prefix(secret: &str) -> String {
    let keep = if secret.starts_with(ACCESS_TOKEN_PREFIX) {
        ACCESS_TOKEN_PREFIX.len() + 4
    } else {
        6
    };
    let head: String = secret.chars().take(keep).collect();
    format!("{head}…")
}

pub(crate) fn is_project_ref(s: &str) -> bool {
    s.len() == 20 && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// The spec's slug pattern, `^[\w-]+$` (ASCII word characters and `-`).
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty() && (s.bytes()).all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub(crate) fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok() && s.len() == 36
}

/// Constant-time comparison for secrets, so a wrong client secret takes as
/// long to reject as a nearly right one.
pub(crate) fn secrets_equal(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn shapes_match_supabase() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let r = random_ref(&mut rng);
        assert!(is_project_ref(&r), "{r}");
        let t = new_access_token(&mut rng, ACCESS_TOKEN_PREFIX, 20);
        assert!(t.starts_with("sbp_oauth_") && t.len() == 50, "{t}");
        assert!(is_uuid(&random_uuid(&mut rng)));
    }

    #[test]
    fn prefix_hides_the_secret_part() {
        let p = display_prefix("sbp_oauth_0123456789abcdef0123456789abcdef01234567");
        assert_eq!(p, "sbp_oauth_0123…");
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(secrets_equal("abc", "abc"));
        assert!(!secrets_equal("abc", "abd"));
        assert!(!secrets_equal("abc", "abcd"));
    }
}
