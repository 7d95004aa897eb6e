//! Steady's server: the JSON API the PWA talks to, the built PWA itself, and the database behind them.
//!
//! `main.rs` only parses the command line; [`startup::Application`] builds everything from a
//! [`configuration::Settings`], so the integration tests run exactly what production runs.

pub mod accounts;
pub mod auth;
pub mod cli;
pub mod client_addr;
pub mod clock;
pub mod configuration;
pub mod csrf;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod facts_cache;
pub mod fhir;
pub mod fhir_intake;
pub mod gp_bundle;
pub mod openapi;
pub mod params;
pub mod routes;
pub mod secrets;
pub mod startup;
pub mod state;
pub mod static_files;
pub mod store;
pub mod telemetry;
pub mod throttle;
pub mod writer;
