//! Strong database passwords, generated from the OS RNG.

use rand::distributions::{Alphanumeric, DistString};

/// 28 alphanumerics (~166 bits): strong, and safe inside a connection URL
/// without escaping.
pub fn generate() -> String {
    Alphanumeric.sample_string(&mut rand::rngs::OsRng, 28)
}

/// A short verdict on a user's own password, or `None` when it is strong
/// enough: at least 12 characters from at least three character classes.
pub fn weakness(password: &str) -> Option<&'static str> {
    if password.chars().count() < 12 {
        return Some("Use at least 12 characters.");
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|&&c| c).count() < 3 {
        return Some("Mix at least three of: lower case, upper case, digits, symbols.");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_are_long_unique_and_strong() {
        let a = generate();
        assert_eq!(a.len(), 28);
        assert_ne!(a, generate());
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn weak_passwords_are_named() {
        assert!(weakness("short1A").is_some());
        assert!(weakness("alllowercaseletters").is_some());
        assert_eq!(weakness("Correct-horse-42"), None);
    }
}
