//! Behaviour tests of the sandbox over real loopback HTTP.

#[path = "../common/mod.rs"]
mod common;

mod oauth;
