//! Reading JSON request bodies and query parameters with `{"message"}`
//! errors worded the way Supabase's API (NestJS + class-validator) words
//! them: "property x should not exist", "name must be a string", ….

use axum::http::{HeaderMap, StatusCode};
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::oauth_server::token::has_content_type;

/// 415, for a body not of the `expected` media type.
pub(crate) fn wrong_content_type(expected: &str) -> ApiError {
    let message = format!("Content-Type must be {expected}");
    ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, message)
}

/// The body as a JSON object.
pub(crate) fn json_object(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Map<String, Value>, ApiError> {
    if !has_content_type(headers, "application/json") {
        return Err(wrong_content_type("application/json"));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::bad_request("Body must be valid JSON"))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(ApiError::bad_request("Body must be a JSON object")),
    }
}

/// Refuses properties outside `allowed` (`additionalProperties: false`).
pub(crate) fn reject_unknown(obj: &Map<String, Value>, allowed: &[&str]) -> Result<(), ApiError> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(ApiError::bad_request(format!(
            "property {k} should not exist"
        ))),
        None => Ok(()),
    }
}

/// An optional string property.
pub(crate) fn opt_string<'a>(
    obj: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, ApiError> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::bad_request(format!("{name} must be a string"))),
    }
}

/// A required, non-empty string property.
pub(crate) fn required_string<'a>(
    obj: &'a Map<String, Value>,
    name: &str,
) -> Result<&'a str, ApiError> {
    match opt_string(obj, name)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(ApiError::bad_request(format!("{name} should not be empty"))),
    }
}

/// An optional string property restricted to `allowed`.
pub(crate) fn opt_enum<'a>(
    obj: &'a Map<String, Value>,
    name: &str,
    allowed: &[&str],
) -> Result<Option<&'a str>, ApiError> {
    check_enum(opt_string(obj, name)?, name, allowed)
}

/// An optional value restricted to `allowed`.
pub(crate) fn check_enum<'a>(
    value: Option<&'a str>,
    name: &str,
    allowed: &[&str],
) -> Result<Option<&'a str>, ApiError> {
    match value {
        Some(s) if !allowed.contains(&s) => Err(one_of(name, allowed)),
        other => Ok(other),
    }
}

pub(crate) fn one_of(name: &str, allowed: &[&str]) -> ApiError {
    ApiError::bad_request(format!(
        "{name} must be one of the following values: {}",
        allowed.join(", ")
    ))
}

/// The comma-separated values of a query parameter given once or more,
/// each one of `allowed`, without repeats.
pub(crate) fn query_list<'a>(
    values: impl IntoIterator<Item = &'a str>,
    name: &str,
    allowed: &[&str],
) -> Result<Vec<&'a str>, ApiError> {
    let mut out = Vec::new();
    let items = values.into_iter().flat_map(|v| v.split(','));
    for v in items.map(str::trim).filter(|v| !v.is_empty()) {
        if !allowed.contains(&v) {
            return Err(one_of(&format!("each value in {name}"), allowed));
        }
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

/// An optional integer query parameter within `[min, max]`.
pub(crate) fn query_int(
    value: Option<&str>,
    name: &str,
    min: i64,
    max: Option<i64>,
) -> Result<Option<i64>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    let n: i64 = v
        .parse()
        .map_err(|_| ApiError::bad_request(format!("{name} must be an integer number")))?;
    if n < min {
        return Err(ApiError::bad_request(format!(
            "{name} must not be less than {min}"
        )));
    }
    if let Some(max) = max.filter(|m| n > *m) {
        return Err(ApiError::bad_request(format!(
            "{name} must not be greater than {max}"
        )));
    }
    Ok(Some(n))
}
