//! Behaviour tests of the sandbox over real loopback HTTP.

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod api;
mod cli;
mod faults;
mod oauth;
mod persistence;
mod rate_limit;
mod seed;
mod smtp;
