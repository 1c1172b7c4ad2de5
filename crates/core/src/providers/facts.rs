//! What the UI needs to know about a provider, as data: its name, how it
//! speaks of its groups and projects, what one connection covers and which
//! screens exist. The UI reads these instead of branching on provider ids,
//! and none of it needs the keychain.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What one connection covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectionCovers {
    /// One organization per grant (Supabase): connect again for another.
    Organization,
    /// The user, with every organization or account they can reach.
    #[default]
    User,
}

/// A screen beyond the connection's list, offered only where the provider's
/// folder implements it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProviderAction {
    CreateProject,
    ProjectDetail,
}

/// How the screens speak of a provider: part of its definition.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Words {
    /// One line on the Connect panel.
    pub blurb: String,
    /// Shown first, as the primary button, on the Connect panel.
    pub featured: bool,
    /// What the provider calls the groups projects live in (singular, plural).
    pub group_noun: [String; 2],
    /// What it calls a project (singular, plural).
    pub item_noun: [String; 2],
}

impl Default for Words {
    fn default() -> Self {
        Self {
            blurb: String::new(),
            featured: false,
            group_noun: ["account".into(), "accounts".into()],
            item_noun: ["project".into(), "projects".into()],
        }
    }
}

/// A provider's personal tokens, where it has them: the second way to
/// connect, beside OAuth. Part of its definition (`[personal_token]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PersonalTokenFacts {
    /// What the provider calls it: "personal access token", "API key".
    pub name: String,
    /// Where in the provider's dashboard a user creates one (opened by Rust
    /// in the system browser); an address, checked when the definition loads.
    #[ts(type = "string")]
    pub create_at: url::Url,
    /// What the token reaches, in a few words, for the paste form.
    pub reaches: String,
}

/// A provider as the UI sees it: `providers_list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProviderInfo {
    pub id: String,
    pub display_name: String,
    /// One line for the Connect panel.
    pub blurb: String,
    /// Shown first, as the primary button, on the Connect panel.
    pub featured: bool,
    /// What one connection covers.
    pub covers: ConnectionCovers,
    /// What the provider calls the groups projects live in (singular, plural).
    pub group_noun: [String; 2],
    /// What it calls a project (singular, plural).
    pub item_noun: [String; 2],
    /// Screens beyond the list; none for a user-defined provider.
    pub actions: Vec<ProviderAction>,
    /// Defined by the user in a TOML file: connect, status and disconnect only.
    pub user_defined: bool,
    /// Whether, and how, a personal token can connect it instead of OAuth.
    pub personal_token: Option<PersonalTokenFacts>,
}
