//! Steady's server: the JSON API the PWA talks to, the built PWA itself, and the database behind them.
//!
//! `main.rs` only parses the command line; [`startup::Application`] builds everything from a
//! [`configuration::Settings`], so the integration tests run exactly what production runs.

pub mod configuration;
pub mod db;
pub mod demo;
pub mod error;
pub mod routes;
pub mod startup;
pub mod static_files;
pub mod telemetry;
