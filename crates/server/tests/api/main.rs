//! Integration tests: each spawns the real server on a free port with a fresh database (SQLite, or
//! PostgreSQL when `STEADY_TEST_POSTGRES` is set; `make test` runs them on both).

mod authorisation;
mod crash;
mod fhir_documents;
mod hardening;
mod helpers;
mod leaders;
mod limits;
mod migrations;
mod openapi;
mod referrals;
mod review;
mod scale_out;
mod schedule;
mod sharing;
mod staff;
mod static_files;
