//! `GET /v1/projects/available-regions?organization_slug=…[&continent=…]`.
//!
//! Answers the spec's `RegionsInfo`: `recommendations` (one smart group and
//! a few specific regions, chosen by `continent`, default North America) and
//! `all` (every smart group and every region). All regions are AWS.

use axum::http::Uri;
use axum::Json;
use serde::Serialize;

use super::access::org_for;
use super::body::check_enum;
use super::projects::INSTANCE_SIZES;
use crate::error::ApiError;
use crate::params::Params;
use crate::state::Api;

/// Every region with its display name, in the spec's order.
pub(crate) const REGION_NAMES: [(&str, &str); 18] = [
    ("us-east-1", "East US (North Virginia)"),
    ("us-east-2", "East US (Ohio)"),
    ("us-west-1", "West US (North California)"),
    ("us-west-2", "West US (Oregon)"),
    ("ap-east-1", "East Asia (Hong Kong)"),
    ("ap-southeast-1", "Southeast Asia (Singapore)"),
    ("ap-northeast-1", "Northeast Asia (Tokyo)"),
    ("ap-northeast-2", "Northeast Asia (Seoul)"),
    ("ap-southeast-2", "Oceania (Sydney)"),
    ("eu-west-1", "West EU (Ireland)"),
    ("eu-west-2", "West Europe (London)"),
    ("eu-west-3", "West EU (Paris)"),
    ("eu-north-1", "North EU (Stockholm)"),
    ("eu-central-1", "Central EU (Frankfurt)"),
    ("eu-central-2", "Central Europe (Zurich)"),
    ("ca-central-1", "Canada (Central)"),
    ("ap-south-1", "South Asia (Mumbai)"),
    ("sa-east-1", "South America (São Paulo)"),
];

/// The smart groups: code, name, and the region a new project in the group
/// is placed in.
pub(crate) const SMART_GROUPS: [(&str, &str, &str); 3] = [
    ("americas", "Americas", "us-east-1"),
    ("emea", "EMEA", "eu-central-1"),
    ("apac", "APAC", "ap-southeast-1"),
];

const CONTINENTS: [&str; 7] = ["NA", "SA", "EU", "AF", "AS", "OC", "AN"];

/// A smart group or, with a provider and a status, a specific region.
#[derive(Serialize)]
struct Region {
    name: &'static str,
    code: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
}

/// `recommendations` has one smart group, `all` every one.
#[derive(Serialize)]
struct Regions<G> {
    #[serde(rename = "smartGroup")]
    smart_group: G,
    specific: Vec<Region>,
}

#[derive(Serialize)]
pub(crate) struct RegionsInfo {
    recommendations: Regions<Region>,
    all: Regions<Vec<Region>>,
}

fn group(code: &str) -> Region {
    let (code, name, _) = SMART_GROUPS
        .into_iter()
        .find(|g| g.0 == code)
        .unwrap_or(SMART_GROUPS[0]);
    Region {
        name,
        code,
        kind: "smartGroup",
        provider: None,
        status: None,
    }
}

fn specific(code: &str) -> Region {
    let (code, name) = REGION_NAMES
        .iter()
        .find(|(c, _)| *c == code)
        .copied()
        .unwrap_or(REGION_NAMES[0]);
    Region {
        name,
        code,
        kind: "specific",
        provider: Some("AWS"),
        status: Some("capacity"),
    }
}

pub(crate) async fn available(Api(app, p): Api, uri: Uri) -> Result<Json<RegionsInfo>, ApiError> {
    let q = Params::from_query(&uri);
    let slug = q
        .non_empty("organization_slug")?
        .ok_or_else(|| ApiError::bad_request("organization_slug should not be empty"))?;
    let continent = check_enum(q.single("continent")?, "continent", &CONTINENTS)?;
    let size = q.single("desired_instance_size")?;
    check_enum(size, "desired_instance_size", &INSTANCE_SIZES)?;
    org_for(&app.store(), &p, slug)?;
    let (group_code, picks): (&str, [&str; 3]) = match continent.unwrap_or("NA") {
        "EU" | "AF" => ("emea", ["eu-central-1", "eu-west-2", "eu-west-1"]),
        "AS" => ("apac", ["ap-southeast-1", "ap-northeast-1", "ap-south-1"]),
        "OC" => (
            "apac",
            ["ap-southeast-2", "ap-southeast-1", "ap-northeast-1"],
        ),
        "SA" => ("americas", ["sa-east-1", "us-east-1", "us-east-2"]),
        _ => ("americas", ["us-east-1", "us-east-2", "us-west-1"]),
    };
    Ok(Json(RegionsInfo {
        recommendations: Regions {
            smart_group: group(group_code),
            specific: picks.iter().map(|c| specific(c)).collect(),
        },
        all: Regions {
            smart_group: SMART_GROUPS.iter().map(|g| group(g.0)).collect(),
            specific: REGION_NAMES.iter().map(|(c, _)| specific(c)).collect(),
        },
    }))
}
