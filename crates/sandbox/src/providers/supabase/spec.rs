//! Supabase's own OpenAPI document, compiled in, as the source of truth for
//! the auth-config fields.
//!
//! `UpdateAuthConfigBody` has 234 properties and `AuthConfigResponse` 237.
//! Rather than copy them by hand (and drift), the sandbox reads their types,
//! nullability, enums, bounds and patterns from the spec at first use and
//! validates PATCH bodies with them. The copy lives in `spec/` inside this
//! crate so nothing depends on files outside it.
//!
//! Only the small subset of JSON Schema those two schemas use is supported:
//! `type` (string, integer, number, boolean), `nullable`, `enum`, `minimum`,
//! `maximum`, `minLength`, `maxLength`, `pattern` and `format: email`. A unit
//! test fails if the spec ever uses more, so nothing is silently skipped.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

pub(crate) const OPENAPI: &str = include_str!("../../../spec/supabase-management-api.openapi.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Integer,
    Number,
    Boolean,
}

/// The constraints of one scalar property.
#[derive(Debug, Clone)]
pub(crate) struct FieldRule {
    pub kind: Kind,
    pub nullable: bool,
    pub enum_values: Option<Vec<Value>>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<(String, Regex)>,
    pub email: bool,
}

/// Keys a property schema may have for [`FieldRule::from_schema`].
const UNDERSTOOD: [&str; 13] = [
    "type",
    "nullable",
    "enum",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "description",
    "example",
    "deprecated",
    "default",
];

impl FieldRule {
    pub fn from_schema(schema: &Value) -> Result<Self, String> {
        let obj = schema
            .as_object()
            .ok_or("property schema is not an object")?;
        if let Some(k) = obj.keys().find(|k| !UNDERSTOOD.contains(&k.as_str())) {
            return Err(format!("unsupported keyword {k}"));
        }
        let kind = match obj.get("type").and_then(Value::as_str) {
            Some("string") => Kind::String,
            Some("integer") => Kind::Integer,
            Some("number") => Kind::Number,
            Some("boolean") => Kind::Boolean,
            other => return Err(format!("unsupported type {other:?}")),
        };
        let str_of = |k: &str| obj.get(k).and_then(Value::as_str);
        let num_of = |k: &str| obj.get(k).and_then(Value::as_f64);
        let len_of = |k: &str| obj.get(k).and_then(Value::as_u64).map(|n| n as usize);
        let format = str_of("format");
        if format.is_some_and(|f| !matches!(f, "email" | "date-time" | "uri")) {
            return Err(format!("unsupported format {format:?}"));
        }
        let pattern = match str_of("pattern") {
            Some(p) => Some((p.to_owned(), Regex::new(p).map_err(|e| e.to_string())?)),
            None => None,
        };
        Ok(Self {
            kind,
            nullable: is_nullable(schema),
            enum_values: obj.get("enum").and_then(Value::as_array).cloned(),
            minimum: num_of("minimum"),
            maximum: num_of("maximum"),
            min_length: len_of("minLength"),
            max_length: len_of("maxLength"),
            pattern,
            email: format == Some("email"),
        })
    }

    /// Checks `value` for property `name`; the error is a class-validator
    /// style message naming the property.
    pub fn check(&self, name: &str, value: &Value) -> Result<(), String> {
        if value.is_null() {
            return if self.nullable {
                Ok(())
            } else {
                Err(format!("{name} should not be null"))
            };
        }
        let (typed, what) = match self.kind {
            Kind::Boolean => (value.is_boolean(), "a boolean value"),
            Kind::String => (value.is_string(), "a string"),
            Kind::Number => (value.is_number(), "a number"),
            Kind::Integer => (is_integer(value), "an integer number"),
        };
        if !typed {
            return Err(format!("{name} must be {what}"));
        }
        if let Some(allowed) = &self.enum_values {
            if !allowed.contains(value) {
                let list: Vec<String> = (allowed.iter())
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect();
                return Err(format!(
                    "{name} must be one of the following values: {}",
                    list.join(", ")
                ));
            }
        }
        if let Some(n) = value.as_f64() {
            if let Some(min) = self.minimum.filter(|m| n < *m) {
                return Err(format!("{name} must not be less than {min}"));
            }
            if let Some(max) = self.maximum.filter(|m| n > *m) {
                return Err(format!("{name} must not be greater than {max}"));
            }
        }
        if let Some(s) = value.as_str() {
            let len = s.chars().count();
            if let Some(min) = self.min_length.filter(|m| len < *m) {
                return Err(format!(
                    "{name} must be longer than or equal to {min} characters"
                ));
            }
            if let Some(max) = self.max_length.filter(|m| len > *m) {
                return Err(format!(
                    "{name} must be shorter than or equal to {max} characters"
                ));
            }
            if let Some((source, re)) = &self.pattern {
                if !re.is_match(s) {
                    return Err(format!("{name} must match /{source}/ regular expression"));
                }
            }
            if self.email && !looks_like_email(s) {
                return Err(format!("{name} must be an email"));
            }
        }
        Ok(())
    }
}

/// OpenAPI 3.0's `nullable`, false unless set.
fn is_nullable(schema: &Value) -> bool {
    schema
        .get("nullable")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// JSON Schema's integer: a number with no fractional part (5.0 counts).
fn is_integer(v: &Value) -> bool {
    // Every JSON integer, i64 or u64, is an integral f64 too.
    v.as_f64()
        .is_some_and(|f| f.fract() == 0.0 && f.is_finite())
}

fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !s.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

/// The parts of the spec the server uses.
pub(crate) struct Spec {
    /// `UpdateAuthConfigBody`'s properties.
    pub update_auth: BTreeMap<String, FieldRule>,
    /// `AuthConfigResponse`'s properties and whether each is nullable.
    pub response_auth_nullable: BTreeMap<String, bool>,
}

pub(crate) fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| load().expect("the embedded OpenAPI spec is well-formed"))
}

fn load() -> Result<Spec, String> {
    let doc: Value = serde_json::from_str(OPENAPI).map_err(|e| e.to_string())?;
    let schemas = &doc["components"]["schemas"];
    let props = |name: &str| {
        schemas[name]["properties"]
            .as_object()
            .cloned()
            .ok_or(format!("{name} has no properties"))
    };
    let mut update_auth = BTreeMap::new();
    for (k, v) in props("UpdateAuthConfigBody")? {
        let rule =
            FieldRule::from_schema(&v).map_err(|e| format!("UpdateAuthConfigBody.{k}: {e}"))?;
        update_auth.insert(k, rule);
    }
    let response_auth_nullable = props("AuthConfigResponse")?
        .into_iter()
        .map(|(k, v)| (k, is_nullable(&v)))
        .collect();
    Ok(Spec {
        update_auth,
        response_auth_nullable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_embedded_spec_is_fully_understood() {
        let s = load().unwrap();
        assert_eq!(s.update_auth.len(), 234);
        assert_eq!(s.response_auth_nullable.len(), 237);
        assert_eq!(s.update_auth["smtp_port"].kind, Kind::String);
        assert!(s.update_auth["smtp_pass"].nullable);
    }

    #[test]
    fn rules_check_like_class_validator() {
        let s = spec();
        let port = &s.update_auth["smtp_port"];
        assert_eq!(
            port.check("smtp_port", &json!(587)).unwrap_err(),
            "smtp_port must be a string"
        );
        assert!(port.check("smtp_port", &json!("587")).is_ok());
        let freq = &s.update_auth["smtp_max_frequency"];
        assert_eq!(
            freq.check("smtp_max_frequency", &json!(40000)).unwrap_err(),
            "smtp_max_frequency must not be greater than 32767"
        );
        assert!(freq.check("smtp_max_frequency", &json!(60.0)).is_ok());
        assert!(freq.check("smtp_max_frequency", &json!(1.5)).is_err());
        let email = &s.update_auth["smtp_admin_email"];
        assert_eq!(
            email.check("smtp_admin_email", &json!("nope")).unwrap_err(),
            "smtp_admin_email must be an email"
        );
        let otp = &s.update_auth["mailer_otp_exp"];
        assert_eq!(
            otp.check("mailer_otp_exp", &json!(null)).unwrap_err(),
            "mailer_otp_exp should not be null"
        );
        let site = &s.update_auth["site_url"];
        assert!(site
            .check("site_url", &json!("a,b"))
            .unwrap_err()
            .contains("regular expression"));
    }
}
