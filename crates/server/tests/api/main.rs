//! Integration tests: each spawns the real server on a free port with a fresh SQLite database.

mod authorisation;
mod crash;
mod helpers;
mod leaders;
mod migrations;
mod review;
mod schedule;
mod sharing;
mod staff;
mod static_files;
