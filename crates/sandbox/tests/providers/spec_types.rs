//! Wire types written from the providers' specs, `deny_unknown_fields`,
//! required fields as plain types, optional ones as `Option`.
//!
//! Neon: the API v2 OpenAPI document (components `ProjectListItem`,
//! `Project`, `PaginationResponse`, `Branch`, `Endpoint`, `Role`,
//! `Database`, `Operation`, `ConnectionDetails`, `Organization`,
//! `CurrentUserInfoResponse`, `BillingAccount`, `GeneralError`) as found in
//! a public copy of it; `ActiveRegionsResponse` is not in that copy and is
//! written from Neon's API reference. OAuth token answers follow Hydra
//! (RFC 6749 §5.1). Netlify: the open-api definitions `user`,
//! `accountMembership`, `site` (field lists as in the go-swagger models the
//! netlify/open-api repository generates from `swagger.yml`) and `error`
//! (`{code, message}`, message required), and Doorkeeper's token answer.
#![allow(dead_code)]

use serde::Deserialize;
use serde_json::Value;

// ---------------------------------------------------------------- Neon

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeonGeneralError {
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthError {
    pub error: String,
    pub error_description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeonTokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: u64,
    pub scope: String,
    pub refresh_token: Option<String>,
    pub id_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectListItem {
    pub id: String,
    pub platform_id: String,
    pub region_id: String,
    pub name: String,
    pub provisioner: String,
    pub default_endpoint_settings: Option<Value>,
    pub settings: Option<Value>,
    pub pg_version: u32,
    pub proxy_host: String,
    pub branch_logical_size_limit: i64,
    pub branch_logical_size_limit_bytes: i64,
    pub store_passwords: bool,
    pub active_time: i64,
    pub cpu_used_sec: i64,
    pub maintenance_starts_at: Option<String>,
    pub creation_source: String,
    pub created_at: String,
    pub updated_at: String,
    pub synthetic_storage_size: Option<i64>,
    pub quota_reset_at: Option<String>,
    pub owner_id: String,
    pub compute_last_active_at: Option<String>,
    pub org_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    pub cursor: String,
}

/// `ProjectsResponse` + `PaginationResponse` (allOf).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListProjects {
    pub projects: Vec<ProjectListItem>,
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub data_storage_bytes_hour: i64,
    pub data_transfer_bytes: i64,
    pub written_data_bytes: i64,
    pub compute_time_seconds: i64,
    pub active_time_seconds: i64,
    pub cpu_used_sec: i64,
    pub id: String,
    pub platform_id: String,
    pub region_id: String,
    pub name: String,
    pub provisioner: String,
    pub default_endpoint_settings: Option<Value>,
    pub settings: Option<Value>,
    pub pg_version: u32,
    pub proxy_host: String,
    pub branch_logical_size_limit: i64,
    pub branch_logical_size_limit_bytes: i64,
    pub store_passwords: bool,
    pub maintenance_starts_at: Option<String>,
    pub creation_source: String,
    pub history_retention_seconds: i64,
    pub created_at: String,
    pub updated_at: String,
    pub synthetic_storage_size: Option<i64>,
    pub consumption_period_start: String,
    pub consumption_period_end: String,
    pub quota_reset_at: Option<String>,
    pub owner_id: String,
    pub owner: Option<Value>,
    pub compute_last_active_at: Option<String>,
    pub org_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionParameters {
    pub database: String,
    pub password: String,
    pub role: String,
    pub host: String,
    pub pooler_host: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionDetails {
    pub connection_uri: String,
    pub connection_parameters: ConnectionParameters,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub branch_id: String,
    pub name: String,
    pub password: Option<String>,
    pub protected: Option<bool>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub id: i64,
    pub branch_id: String,
    pub name: String,
    pub owner_name: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub id: String,
    pub project_id: String,
    pub branch_id: Option<String>,
    pub endpoint_id: Option<String>,
    pub action: String,
    pub status: String,
    pub error: Option<String>,
    pub failures_count: i32,
    pub retry_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub total_duration_ms: i32,
}

/// `Branch` as `@neondatabase/api-client` 2.7.3 declares it (newer than the
/// spec copy above: `default` and `state_changed_at` are required there,
/// `primary` is deprecated).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub id: String,
    pub project_id: String,
    pub parent_id: Option<String>,
    pub parent_lsn: Option<String>,
    pub parent_timestamp: Option<String>,
    pub name: String,
    pub current_state: String,
    pub pending_state: Option<String>,
    pub state_changed_at: String,
    pub logical_size: Option<i64>,
    pub creation_source: String,
    pub primary: Option<bool>,
    pub default: bool,
    pub protected: bool,
    pub cpu_used_sec: i64,
    pub compute_time_seconds: i64,
    pub active_time_seconds: i64,
    pub written_data_bytes: i64,
    pub data_transfer_bytes: i64,
    pub created_at: String,
    pub updated_at: String,
    pub ttl_interval_seconds: Option<i64>,
    pub expires_at: Option<String>,
    pub last_reset_at: Option<String>,
    pub created_by: Option<Value>,
    pub init_source: Option<String>,
    pub restore_status: Option<String>,
    pub restored_from: Option<String>,
    pub restored_as: Option<String>,
    pub restricted_actions: Option<Vec<Value>>,
    pub recovery: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub host: String,
    pub id: String,
    pub project_id: String,
    pub branch_id: String,
    pub autoscaling_limit_min_cu: f64,
    pub autoscaling_limit_max_cu: f64,
    pub region_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub current_state: String,
    pub pending_state: Option<String>,
    pub settings: Value,
    pub pooler_enabled: bool,
    pub pooler_mode: String,
    pub disabled: bool,
    pub passwordless_access: bool,
    pub last_active: Option<String>,
    pub creation_source: String,
    pub created_at: String,
    pub updated_at: String,
    pub proxy_host: String,
    pub suspend_timeout_seconds: i64,
    pub provisioner: String,
    pub compute_release_version: Option<String>,
}

/// `POST /projects` 201: ProjectResponse + ConnectionURIsResponse +
/// RolesResponse + DatabasesResponse + OperationsResponse + BranchResponse
/// + EndpointsResponse (allOf).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatedProject {
    pub project: Project,
    pub connection_uris: Vec<ConnectionDetails>,
    pub roles: Vec<Role>,
    pub databases: Vec<Database>,
    pub operations: Vec<Operation>,
    pub branch: Branch,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub handle: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationsResponse {
    pub organizations: Vec<Organization>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentSource {
    #[serde(rename = "type")]
    pub kind: String,
    pub card: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillingAccount {
    pub payment_source: PaymentSource,
    pub subscription_type: String,
    pub quota_reset_at_last: String,
    pub email: String,
    pub address_city: String,
    pub address_country: String,
    pub address_line1: String,
    pub address_line2: String,
    pub address_postal_code: String,
    pub address_state: String,
    pub orb_portal_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentUserAuthAccount {
    pub provider: String,
    pub email: String,
    pub name: String,
    pub login: String,
    pub image: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentUserInfoResponse {
    pub active_seconds_limit: i64,
    pub billing_account: BillingAccount,
    pub auth_accounts: Vec<CurrentUserAuthAccount>,
    pub email: String,
    pub id: String,
    pub image: String,
    pub login: String,
    pub name: String,
    pub last_name: String,
    pub projects_limit: i64,
    pub branches_limit: i64,
    pub max_autoscaling_limit: f64,
    pub compute_seconds_limit: Option<i64>,
    pub plan: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub region_id: String,
    pub name: String,
    pub default: bool,
    pub geo_lat: String,
    pub geo_long: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionsResponse {
    pub regions: Vec<Region>,
}

// ------------------------------------------------------------- Netlify

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetlifyError {
    pub code: Option<i64>,
    pub message: String,
}

/// Doorkeeper's token answer, as Netlify documents it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetlifyToken {
    pub access_token: String,
    pub token_type: String,
    pub scope: Option<String>,
    pub created_at: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetlifyUser {
    pub id: Option<String>,
    pub uid: Option<String>,
    pub full_name: Option<String>,
    pub avatar_url: Option<String>,
    pub email: Option<String>,
    pub affiliate_id: Option<String>,
    pub site_count: Option<i64>,
    pub created_at: Option<String>,
    pub last_login: Option<String>,
    pub login_providers: Option<Vec<String>>,
    pub onboarding_progress: Option<Value>,
    pub support_priority: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountMembership {
    pub id: Option<String>,
    pub name: Option<String>,
    pub slug: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub capabilities: Option<Value>,
    pub billing_name: Option<String>,
    pub billing_email: Option<String>,
    pub billing_details: Option<String>,
    pub billing_period: Option<String>,
    pub payment_method_id: Option<String>,
    pub type_name: Option<String>,
    pub type_id: Option<String>,
    pub owner_ids: Option<Vec<String>>,
    pub roles_allowed: Option<Vec<String>>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: Option<String>,
    pub state: Option<String>,
    pub plan: Option<String>,
    pub name: Option<String>,
    pub custom_domain: Option<String>,
    pub domain_aliases: Option<Vec<String>>,
    pub password: Option<String>,
    pub notification_email: Option<String>,
    pub url: Option<String>,
    pub ssl_url: Option<String>,
    pub admin_url: Option<String>,
    pub screenshot_url: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub user_id: Option<String>,
    pub session_id: Option<String>,
    pub ssl: Option<bool>,
    pub force_ssl: Option<bool>,
    pub managed_dns: Option<bool>,
    pub deploy_url: Option<String>,
    pub published_deploy: Option<Value>,
    pub account_id: Option<String>,
    pub account_name: Option<String>,
    pub account_slug: Option<String>,
    pub git_provider: Option<String>,
    pub deploy_hook: Option<String>,
    pub capabilities: Option<Value>,
    pub processing_settings: Option<Value>,
    pub build_settings: Option<Value>,
}
