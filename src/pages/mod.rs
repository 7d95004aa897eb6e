//! The participant's pages, one module per route.

pub mod edit_entry;
pub mod groups;
pub mod history;
pub mod home;
pub mod lock;
pub mod lock_settings;
pub mod my_data;
pub mod not_found;
pub mod session;
pub mod sharing;
pub mod support;
pub mod wellbeing;
