//! Supabase's `Sandbox` methods: its OAuth endpoints and clients, the
//! signed-in user, organization pre-approvals, grants and auth configs.

use crate::error::ApiError;
use crate::oauth_server::admin as engine;
use crate::oauth_server::profile::Profile as _;
use crate::state::AuthConfigPatch;
use crate::{ClientInfo, Sandbox};

use super::admin::{self, GrantInfo, PreApprove};
use super::oauth::PROFILE;
use super::seed;

impl Sandbox {
    /// `{base_url}/v1/oauth/authorize`.
    pub fn authorize_url(&self) -> String {
        format!("{}/v1/oauth/authorize", self.base_url)
    }

    /// `{base_url}/v1/oauth/token`.
    pub fn token_url(&self) -> String {
        format!("{}/v1/oauth/token", self.base_url)
    }

    /// `{base_url}/v1/oauth/revoke`.
    pub fn revoke_url(&self) -> String {
        format!("{}/v1/oauth/revoke", self.base_url)
    }

    /// A registered Supabase OAuth client by id.
    pub fn client(&self, id: &str) -> Option<ClientInfo> {
        self.provider_client(PROFILE.provider(), id)
    }

    /// The demo client (private-use schemes, loopback, https relay).
    /// Panics if the seed has no such client.
    pub fn demo_client(&self) -> ClientInfo {
        self.client(seed::DEMO_CLIENT_ID)
            .expect("the seed has the demo client")
    }

    /// The strict client (https and loopback only).
    /// Panics if the seed has no such client.
    pub fn strict_client(&self) -> ClientInfo {
        self.client(seed::STRICT_CLIENT_ID)
            .expect("the seed has the strict client")
    }

    /// The user the consent page is signed in as.
    pub fn current_user(&self) -> String {
        self.app
            .oauth(PROFILE.provider(), |s| s.current_user.clone())
    }

    /// Signs the consent page in as another user.
    pub fn set_current_user(&self, user_id: &str) -> Result<(), ApiError> {
        admin::set_current_user(&self.app, user_id)
    }

    /// The organizations (slug, name) a user belongs to.
    pub fn organizations_of(&self, user_id: &str) -> Vec<(String, String)> {
        let store = self.app.store();
        let orgs = store.orgs_of(user_id).into_iter();
        orgs.map(|o| (o.slug.clone(), o.name.clone())).collect()
    }

    /// Makes the next authorize request answer at once (see [`PreApprove`]).
    pub fn pre_approve(&self, req: PreApprove) -> Result<(), ApiError> {
        admin::pre_approve(&self.app, req).map(|_| ())
    }

    /// Every grant, with token prefixes only.
    pub fn grants(&self) -> Vec<GrantInfo> {
        admin::grants(&self.app)
    }

    /// Revokes a grant now. False if there is no such live grant.
    pub fn revoke_grant(&self, grant_id: &str) -> bool {
        admin::revoke_grant(&self.app, grant_id)
    }

    /// Revokes every grant now; returns how many were live.
    pub fn revoke_all_grants(&self) -> usize {
        engine::revoke_all(&self.app, PROFILE.provider())
    }

    /// Expires access tokens now (one grant's, or all); refresh still works.
    pub fn expire_tokens(&self, grant_id: Option<&str>) -> usize {
        engine::expire_all(&self.app, PROFILE.provider(), grant_id)
    }

    /// Every PATCH /config/auth body received, in order.
    pub fn auth_config_patches(&self) -> Vec<AuthConfigPatch> {
        self.app.patches()
    }

    /// A project's stored auth config, write-only fields (smtp_pass) included.
    pub fn stored_auth_config(
        &self,
        project_ref: &str,
    ) -> Option<serde_json::Map<String, serde_json::Value>> {
        admin::stored_auth_config(&self.app, project_ref)
    }
}
