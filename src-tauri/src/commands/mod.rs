//! Tauri commands: thin adapters that call one core function each and return
//! plain data or an `AppError {code, message}`.

pub mod connect;
pub mod connections;
pub mod links;
pub mod network;
pub mod providers;
pub mod status;
