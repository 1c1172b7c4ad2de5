//! Neon-shaped ids for branches (`br-…`), compute endpoints (`ep-…`) and
//! databases, derived from a seed string instead of drawn at random.
//!
//! Why derived: the demo data must be the same at every start (a saved
//! connection string names an endpoint host), and a branch created at run
//! time gets the id its project and ordinal imply, so a test that repeats
//! the same steps sees the same ids. The seeds ([`branch_seed`],
//! [`endpoint_seed`]) include the project id, and project ids are unique,
//! so two projects never share a branch or endpoint id.

/// Neon's generator picks words like these (`br-wispy-meadow-118737`).
const ADJECTIVES: [&str; 16] = [
    "wispy", "aged", "silent", "little", "small", "damp", "super", "long", "quiet", "raspy",
    "young", "misty", "bold", "proud", "cool", "dawn",
];
const NOUNS: [&str; 16] = [
    "meadow",
    "salad",
    "smoke",
    "term",
    "glitter",
    "wildflower",
    "feather",
    "glade",
    "river",
    "forest",
    "hill",
    "lake",
    "wind",
    "king",
    "darkness",
    "sun",
];

/// `{prefix}-adjective-noun-12345678`, a function of `seed` alone.
pub(super) fn slug(prefix: &str, seed: &str) -> String {
    let d = crate::ids::digest(seed);
    let byte = |i: usize| usize::from_str_radix(&d[2 * i..2 * i + 2], 16).unwrap_or(0);
    let digits = u64::from_str_radix(&d[4..16], 16).unwrap_or(0) % 100_000_000;
    format!(
        "{prefix}-{}-{}-{digits:08}",
        ADJECTIVES[byte(0) % ADJECTIVES.len()],
        NOUNS[byte(1) % NOUNS.len()]
    )
}

/// The seed of a project's `ordinal`-th branch (0 = the one it was created with).
pub(super) fn branch_seed(project_id: &str, ordinal: usize) -> String {
    format!("branch:{project_id}:{ordinal}")
}

/// The seed of a project's `ordinal`-th compute endpoint, whichever branch it serves.
pub(super) fn endpoint_seed(project_id: &str, ordinal: usize) -> String {
    format!("endpoint:{project_id}:{ordinal}")
}

/// A database id (the spec's int64), like Neon's seven-digit ones.
pub(super) fn database_id(branch_id: &str, name: &str) -> u64 {
    let d = crate::ids::digest(&format!("database:{branch_id}:{name}"));
    1_000_000 + u64::from_str_radix(&d[..12], 16).unwrap_or(0) % 9_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_have_neons_shape_and_depend_only_on_the_seed() {
        let id = slug("br", &branch_seed("lovelace-notes-100001", 0));
        let parts: Vec<_> = id.split('-').collect();
        assert_eq!(parts.len(), 4, "{id}");
        assert_eq!(parts[0], "br");
        assert!(parts[3].len() == 8 && parts[3].bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(id, slug("br", &branch_seed("lovelace-notes-100001", 0)));
        assert_ne!(id, slug("br", &branch_seed("lovelace-notes-100001", 1)));
        let db = database_id(&id, "neondb");
        assert!((1_000_000..10_000_000).contains(&db));
    }
}
