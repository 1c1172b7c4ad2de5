//! Neon and Netlify, emulated under `/neon` and `/netlify`: OAuth flows,
//! API behaviour and contract checks over real loopback HTTP.
//!
//! The contract types in `spec_types.rs` are written from the providers'
//! specs (Neon's API v2 OpenAPI document, Netlify's open-api swagger) with
//! `deny_unknown_fields`: a response with a field the spec lacks, or without
//! one it requires, fails to deserialise.

#[path = "../common/mod.rs"]
mod common;

mod helpers;
mod logs;
mod neon;
mod neon_api;
mod neon_branches;
mod netlify;
mod netlify_api;
mod plain;
mod spec_types;
