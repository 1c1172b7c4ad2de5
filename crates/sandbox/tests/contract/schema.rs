//! Validation against the spec's own JSON schemas, with the `jsonschema`
//! crate: the strongest check that the sandbox speaks the spec.
//!
//! The document is OpenAPI 3.0, whose schemas are JSON Schema plus
//! `nullable`. [`to_json_schema`] rewrites `nullable: true` into JSON Schema
//! (`type: [T, "null"]`, `null` added to an `enum`, or `anyOf [..., null]`
//! around a `$ref`/composition); everything else is used as written. Formats
//! (`uuid`, `email`, `date-time`, `uri`) are validated.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Map, Value};

const SPEC_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/spec/supabase-management-api.openapi.json"
);

pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(SPEC_PATH).expect("the crate's copy of the spec");
        serde_json::from_str(&text).expect("the spec is JSON")
    })
}

fn components() -> &'static Value {
    static C: OnceLock<Value> = OnceLock::new();
    C.get_or_init(|| to_json_schema(&spec()["components"]["schemas"]))
}

/// OpenAPI 3.0 schema → JSON Schema 2020-12.
pub fn to_json_schema(v: &Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        Value::Object(obj) => {
            let mut out: Map<String, Value> = obj
                .iter()
                .filter(|(k, _)| k.as_str() != "nullable")
                .map(|(k, v)| {
                    let converted = match k.as_str() {
                        // Maps of name → schema: keep the names, convert the schemas.
                        "properties" | "patternProperties" | "schemas" => match v {
                            Value::Object(m) => Value::Object(
                                m.iter()
                                    .map(|(name, s)| (name.clone(), to_json_schema(s)))
                                    .collect(),
                            ),
                            other => other.clone(),
                        },
                        // Data, not schemas.
                        "example" | "examples" | "enum" | "required" | "default" | "const" => {
                            v.clone()
                        }
                        _ => to_json_schema(v),
                    };
                    (k.clone(), converted)
                })
                .collect();
            if obj.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(t)) = out.get("type").cloned() {
                    out.insert("type".into(), json!([t, "null"]));
                    if let Some(Value::Array(e)) = out.get_mut("enum") {
                        e.push(Value::Null);
                    }
                } else {
                    return json!({ "anyOf": [Value::Object(out), { "type": "null" }] });
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

type Validator = Arc<jsonschema::Validator>;

fn validator(key: &str, schema: &Value) -> Validator {
    static CACHE: OnceLock<Mutex<HashMap<String, Validator>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(key) {
        return v.clone();
    }
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [to_json_schema(schema)],
        "components": { "schemas": components() },
    });
    let v = Arc::new(
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("schema for {key} compiles: {e}")),
    );
    cache.lock().unwrap().insert(key.to_owned(), v.clone());
    v
}

fn check(key: &str, schema: &Value, instance: &Value) -> Result<(), String> {
    let v = validator(key, schema);
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{key}: {}", errors.join("; ")))
    }
}

/// The schema an operation declares for a response status.
pub fn response_schema(path: &str, method: &str, status: u16) -> Option<&'static Value> {
    spec()["paths"][path][method]["responses"][status.to_string()]["content"]["application/json"]
        ["schema"]
        .as_object()
        .map(|_| {
            &spec()["paths"][path][method]["responses"][status.to_string()]["content"]
                ["application/json"]["schema"]
        })
}

/// Validates a response body against what the operation declares for that
/// status.
pub fn check_response(path: &str, method: &str, status: u16, body: &Value) -> Result<(), String> {
    let schema = response_schema(path, method, status)
        .unwrap_or_else(|| panic!("the spec declares no JSON body for {method} {path} {status}"));
    check(&format!("{method} {path} {status}"), schema, body)
}

/// [`check_response`], failing the test with every violation listed.
pub fn assert_response(path: &str, method: &str, status: u16, body: &Value) {
    if let Err(e) = check_response(path, method, status, body) {
        panic!("response does not match the spec: {e}\nbody: {body}");
    }
}

/// Validates an instance against `#/components/schemas/{name}`.
pub fn check_component(name: &str, instance: &Value) -> Result<(), String> {
    let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
    check(name, &schema, instance)
}

/// Does the spec accept this request body for the operation?
pub fn request_is_valid(path: &str, method: &str, media: &str, body: &Value) -> Result<(), String> {
    let schema = &spec()["paths"][path][method]["requestBody"]["content"][media]["schema"];
    assert!(
        schema.is_object(),
        "the spec declares no {media} body for {method} {path}"
    );
    check(&format!("request {method} {path}"), schema, body)
}
