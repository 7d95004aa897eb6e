//! Integration tests: each spawns the real server on a free port with a fresh SQLite database.

mod helpers;
mod schedule;
mod static_files;
