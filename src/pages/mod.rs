//! One module per route.

pub mod access_log;
pub mod caseload;
pub mod groups;
pub mod history;
pub mod home;
pub mod my_data;
pub mod not_found;
pub mod reports;
pub mod session;
pub mod sharing;
pub mod staff_participant;
pub mod staff_set_password;
pub mod staff_sign_in;
pub mod support;
pub mod wellbeing;
