//! `GET /v1/projects/available-regions?organization_slug=…[&continent=…]`.
//!
//! Answers the spec's `RegionsInfo`: `recommendations` (one smart group and
//! a few specific regions, chosen by `continent`, default North America) and
//! `all` (every smart group and every region). All regions are AWS.

use axum::extract::State;
use axum::http::Uri;
use axum::{Extension, Json};
use serde::Serialize;

use super::access::org_for;
use super::body::one_of;
use super::projects::INSTANCE_SIZES;
use crate::error::ApiError;
use crate::params::Params;
use crate::state::{App, Auth};

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

const CONTINENTS: [&str; 7] = ["NA", "SA", "EU", "AF", "AS", "OC", "AN"];

#[derive(Serialize)]
struct SmartGroup {
    name: &'static str,
    code: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Specific {
    name: &'static str,
    code: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    provider: &'static str,
    status: &'static str,
}

#[derive(Serialize)]
struct Recommendations {
    #[serde(rename = "smartGroup")]
    smart_group: SmartGroup,
    specific: Vec<Specific>,
}

#[derive(Serialize)]
struct All {
    #[serde(rename = "smartGroup")]
    smart_group: Vec<SmartGroup>,
    specific: Vec<Specific>,
}

#[derive(Serialize)]
pub(crate) struct RegionsInfo {
    recommendations: Recommendations,
    all: All,
}

fn group(code: &'static str) -> SmartGroup {
    let name = match code {
        "emea" => "EMEA",
        "apac" => "APAC",
        _ => "Americas",
    };
    SmartGroup {
        name,
        code,
        kind: "smartGroup",
    }
}

fn specific(code: &str) -> Specific {
    let (code, name) = REGION_NAMES
        .iter()
        .find(|(c, _)| *c == code)
        .copied()
        .unwrap_or(REGION_NAMES[0]);
    Specific {
        name,
        code,
        kind: "specific",
        provider: "AWS",
        status: "capacity",
    }
}

pub(crate) async fn available(
    State(app): App,
    Extension(p): Auth,
    uri: Uri,
) -> Result<Json<RegionsInfo>, ApiError> {
    let q = Params::from_query(&uri);
    let slug = q
        .non_empty("organization_slug")?
        .ok_or_else(|| ApiError::bad_request("organization_slug should not be empty"))?;
    let continent = q.single("continent")?.unwrap_or("NA");
    if !CONTINENTS.contains(&continent) {
        return Err(one_of("continent", &CONTINENTS));
    }
    if let Some(size) = q.single("desired_instance_size")? {
        if !INSTANCE_SIZES.contains(&size) {
            return Err(one_of("desired_instance_size", &INSTANCE_SIZES));
        }
    }
    org_for(&app.store(), &p, slug)?;
    let (group_code, picks): (&'static str, [&str; 3]) = match continent {
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
        recommendations: Recommendations {
            smart_group: group(group_code),
            specific: picks.iter().map(|c| specific(c)).collect(),
        },
        all: All {
            smart_group: vec![group("americas"), group("emea"), group("apac")],
            specific: REGION_NAMES.iter().map(|(c, _)| specific(c)).collect(),
        },
    }))
}
