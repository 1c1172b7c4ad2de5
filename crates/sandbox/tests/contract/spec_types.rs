//! Response types written from Supabase's OpenAPI document
//! (`spec/supabase-management-api.openapi.json`), independently of the
//! server's own types.
//!
//! Every struct denies unknown fields (the sandbox sends nothing the spec
//! lacks); required fields are never `Option` (the sandbox sends everything
//! the spec requires). A field that is required *and* nullable is a
//! [`Nullable`], which must be present but may be `null`; an optional field
//! is `Option` with `#[serde(default)]`. Enums list exactly the spec's values.
#![allow(dead_code)]

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// A required property whose value may be `null`. Unlike `Option`, a
/// missing property is an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Nullable<T>(pub Option<T>);

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Going through Value forces `deserialize_any`, which fails on a
        // missing field (serde's Option handling would accept absence).
        let v = serde_json::Value::deserialize(d)?;
        if v.is_null() {
            return Ok(Nullable(None));
        }
        T::deserialize(v)
            .map(|t| Nullable(Some(t)))
            .map_err(D::Error::custom)
    }
}

/// Every error body: exactly `{"message": "..."}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub message: String,
}

// ------------------------------------------------------------------ OAuth

#[derive(Debug, Deserialize, PartialEq)]
pub enum TokenType {
    Bearer,
}

/// `OAuthTokenResponse`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthTokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
    pub token_type: TokenType,
}

// ------------------------------------------------------------------ Organizations

/// `OrganizationResponseV1`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationResponseV1 {
    pub id: String,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Free,
    Pro,
    Team,
    Enterprise,
    Platform,
}

/// `AI_<kind>_GENERATOR_OPT_IN`.
#[derive(Debug, Deserialize, PartialEq)]
pub enum OptInTag {
    #[serde(rename = "AI_SQL_GENERATOR_OPT_IN")]
    Sql,
    #[serde(rename = "AI_DATA_GENERATOR_OPT_IN")]
    Data,
    #[serde(rename = "AI_LOG_GENERATOR_OPT_IN")]
    Log,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum ReleaseChannel {
    Internal,
    Alpha,
    Beta,
    Ga,
    Withdrawn,
    Preview,
}

/// `V1OrganizationSlugResponse` (note: no `slug` property).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V1OrganizationSlugResponse {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub plan: Option<Plan>,
    pub opt_in_tags: Vec<OptInTag>,
    pub allowed_release_channels: Vec<ReleaseChannel>,
}

// ------------------------------------------------------------------ Projects

#[derive(Debug, Deserialize, PartialEq, Clone, Copy)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProjectStatus {
    Inactive,
    ActiveHealthy,
    ActiveUnhealthy,
    ComingUp,
    Unknown,
    GoingDown,
    InitFailed,
    Removed,
    Restoring,
    Upgrading,
    Pausing,
    RestoreFailed,
    Restarting,
    PauseFailed,
    Resizing,
}

/// `V1ProjectWithDatabaseResponse.database`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectDatabase {
    pub host: String,
    pub version: String,
    pub postgres_engine: String,
    pub release_channel: String,
}

/// `V1ProjectWithDatabaseResponse`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V1ProjectWithDatabaseResponse {
    pub id: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub organization_id: String,
    pub organization_slug: String,
    pub name: String,
    pub region: String,
    pub created_at: String,
    pub status: ProjectStatus,
    pub database: ProjectDatabase,
}

/// `V1ProjectResponse`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V1ProjectResponse {
    pub id: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub organization_id: String,
    pub organization_slug: String,
    pub name: String,
    pub region: String,
    pub created_at: String,
    pub status: ProjectStatus,
}

#[derive(Debug, Deserialize, PartialEq)]
pub enum ComputeSize {
    #[serde(rename = "pico")]
    Pico,
    #[serde(rename = "nano")]
    Nano,
    #[serde(rename = "micro")]
    Micro,
    #[serde(rename = "small")]
    Small,
    #[serde(rename = "medium")]
    Medium,
    #[serde(rename = "large")]
    Large,
    #[serde(rename = "xlarge")]
    Xlarge,
    #[serde(rename = "2xlarge")]
    X2large,
    #[serde(rename = "4xlarge")]
    X4large,
    #[serde(rename = "8xlarge")]
    X8large,
    #[serde(rename = "12xlarge")]
    X12large,
    #[serde(rename = "16xlarge")]
    X16large,
    #[serde(rename = "24xlarge")]
    X24large,
    #[serde(rename = "24xlarge_optimized_memory")]
    X24largeOptimizedMemory,
    #[serde(rename = "24xlarge_optimized_cpu")]
    X24largeOptimizedCpu,
    #[serde(rename = "24xlarge_high_memory")]
    X24largeHighMemory,
    #[serde(rename = "48xlarge")]
    X48large,
    #[serde(rename = "48xlarge_optimized_memory")]
    X48largeOptimizedMemory,
    #[serde(rename = "48xlarge_optimized_cpu")]
    X48largeOptimizedCpu,
    #[serde(rename = "48xlarge_high_memory")]
    X48largeHighMemory,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DatabaseStatus {
    ActiveHealthy,
    ActiveUnhealthy,
    ComingUp,
    GoingDown,
    InitFailed,
    Removed,
    Restoring,
    Unknown,
    InitReadReplica,
    InitReadReplicaFailed,
    Restarting,
    Resizing,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DatabaseType {
    Primary,
    ReadReplica,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum DiskType {
    Gp3,
    Io2,
}

/// `OrganizationProjectsResponse.projects[].databases[]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgProjectDatabase {
    #[serde(default)]
    pub infra_compute_size: Option<ComputeSize>,
    pub region: String,
    pub status: DatabaseStatus,
    pub cloud_provider: String,
    pub identifier: String,
    #[serde(rename = "type")]
    pub kind: DatabaseType,
    #[serde(default)]
    pub disk_volume_size_gb: Option<f64>,
    #[serde(default)]
    pub disk_type: Option<DiskType>,
    #[serde(default)]
    pub disk_throughput_mbps: Option<f64>,
    #[serde(default)]
    pub disk_last_modified_at: Option<String>,
}

/// `OrganizationProjectsResponse.projects[]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgProject {
    #[serde(rename = "ref")]
    pub reference: String,
    pub name: String,
    pub cloud_provider: String,
    pub region: String,
    pub is_branch: bool,
    pub status: ProjectStatus,
    pub inserted_at: String,
    pub databases: Vec<OrgProjectDatabase>,
}

/// `OrganizationProjectsResponse.pagination` (numbers in the spec).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    pub count: f64,
    pub limit: f64,
    pub offset: f64,
}

/// `OrganizationProjectsResponse`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationProjectsResponse {
    pub projects: Vec<OrgProject>,
    pub pagination: Pagination,
}

// ------------------------------------------------------------------ Regions

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum SmartGroupCode {
    Americas,
    Emea,
    Apac,
}

#[derive(Debug, Deserialize, PartialEq)]
pub enum SmartGroupType {
    #[serde(rename = "smartGroup")]
    SmartGroup,
}

#[derive(Debug, Deserialize, PartialEq)]
pub enum SpecificType {
    #[serde(rename = "specific")]
    Specific,
}

#[derive(Debug, Deserialize, PartialEq)]
pub enum RegionCode {
    #[serde(rename = "us-east-1")]
    UsEast1,
    #[serde(rename = "us-east-2")]
    UsEast2,
    #[serde(rename = "us-west-1")]
    UsWest1,
    #[serde(rename = "us-west-2")]
    UsWest2,
    #[serde(rename = "ap-southeast-1")]
    ApSoutheast1,
    #[serde(rename = "ap-northeast-1")]
    ApNortheast1,
    #[serde(rename = "ap-northeast-2")]
    ApNortheast2,
    #[serde(rename = "ap-east-1")]
    ApEast1,
    #[serde(rename = "ap-southeast-2")]
    ApSoutheast2,
    #[serde(rename = "eu-west-1")]
    EuWest1,
    #[serde(rename = "eu-west-2")]
    EuWest2,
    #[serde(rename = "eu-west-3")]
    EuWest3,
    #[serde(rename = "eu-north-1")]
    EuNorth1,
    #[serde(rename = "eu-central-1")]
    EuCentral1,
    #[serde(rename = "eu-central-2")]
    EuCentral2,
    #[serde(rename = "ca-central-1")]
    CaCentral1,
    #[serde(rename = "ap-south-1")]
    ApSouth1,
    #[serde(rename = "sa-east-1")]
    SaEast1,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Provider {
    Aws,
    Fly,
    AwsK8s,
    AwsNimbus,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum RegionStatus {
    Capacity,
    Other,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmartGroup {
    pub name: String,
    pub code: SmartGroupCode,
    #[serde(rename = "type")]
    pub kind: SmartGroupType,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecificRegion {
    pub name: String,
    pub code: RegionCode,
    #[serde(rename = "type")]
    pub kind: SpecificType,
    pub provider: Provider,
    #[serde(default)]
    pub status: Option<RegionStatus>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendations {
    #[serde(rename = "smartGroup")]
    pub smart_group: SmartGroup,
    pub specific: Vec<SpecificRegion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllRegions {
    #[serde(rename = "smartGroup")]
    pub smart_group: Vec<SmartGroup>,
    pub specific: Vec<SpecificRegion>,
}

/// `RegionsInfo`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionsInfo {
    pub recommendations: Recommendations,
    pub all: AllRegions,
}

// ------------------------------------------------------------------ Profile, health, keys

/// `V1ProfileResponse`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V1ProfileResponse {
    pub gotrue_id: String,
    pub primary_email: String,
    pub username: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum ServiceName {
    Auth,
    Db,
    DbPostgresUser,
    Pooler,
    Realtime,
    Rest,
    Storage,
    PgBouncer,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HealthStatus {
    ComingUp,
    ActiveHealthy,
    Unhealthy,
}

#[derive(Debug, Deserialize, PartialEq)]
pub enum GoTrueName {
    GoTrue,
}

/// `V1ServiceHealthResponse.info`: one of three shapes.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum HealthInfo {
    GoTrue(GoTrueInfo),
    Realtime(RealtimeInfo),
    Rest(RestInfo),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoTrueInfo {
    pub name: GoTrueName,
    pub version: String,
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RealtimeInfo {
    pub healthy: bool,
    pub db_connected: bool,
    pub replication_connected: bool,
    pub connected_cluster: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestInfo {
    pub db_schema: String,
}

/// `V1ServiceHealthResponse`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V1ServiceHealthResponse {
    pub name: ServiceName,
    pub healthy: bool,
    pub status: HealthStatus,
    #[serde(default)]
    pub info: Option<HealthInfo>,
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum ApiKeyType {
    Legacy,
    Publishable,
    Secret,
}

/// `ApiKeyResponse`: only `name` is required; the rest may be absent or null.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyResponse {
    #[serde(default)]
    pub api_key: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<ApiKeyType>,
    #[serde(default)]
    pub prefix: Option<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub hash: Option<String>,
    #[serde(default)]
    pub secret_jwt_template: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub inserted_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

pub use super::auth_config_type::AuthConfigResponse;
