//! Widgets shared by several pages, one per file.

pub mod bar_chart;
pub mod chart;
pub mod confirm;
pub mod crisis_card;
pub mod entry_summary;
pub mod error_summary;
pub mod in_view;
pub mod link_ended;
pub mod linking_code;
pub mod menu_link;
pub mod nav;
pub mod rating_picker;
pub mod secret_form;
pub mod session_card;
pub mod sharing_status;
pub mod sparkline;
