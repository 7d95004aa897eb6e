//! What a server process is told at start: where to listen, which database, where the PWA is.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything [`crate::startup::Application::build`] needs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Port 0 picks a free port (the tests do this).
    pub addr: SocketAddr,
    /// `sqlite://path/to/steady.db` or `postgres://user@host/database`.
    pub database_url: String,
    /// The built PWA (`trunk build` output).
    pub dist_dir: PathBuf,
    /// Create the demo schedule when the database has no groups yet.
    pub seed_demo: bool,
    /// Where people reach this server: for links in QR codes and password links, and the only origin
    /// staff writes are accepted from. Not given: `http://` and the address the server is bound to.
    pub public_url: Option<String>,
    /// Mark the staff session cookie `Secure`; on whenever the public URL is https.
    pub secure_cookies: bool,
    /// Reverse proxies whose `Forwarded`/`X-Forwarded-For` headers name the client (none by default).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The referral pathway's contact clock: working days to first contact, and bank holidays.
    pub referrals: ReferralSettings,
    /// What "now" is; the system clock except in tests.
    pub clock: crate::clock::Clock,
}

/// How the referral inbox counts: first contact is due within `first_contact_working_days`
/// working days, skipping weekends and the calendar's bank holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralSettings {
    pub first_contact_working_days: u32,
    pub calendar: steady_domain::working_days::WorkingCalendar,
}

impl Default for ReferralSettings {
    /// 5 working days; bank holidays in England and Wales.
    fn default() -> Self {
        ReferralSettings {
            first_contact_working_days: steady_domain::referral::DEFAULT_FIRST_CONTACT_WORKING_DAYS,
            calendar: Default::default(),
        }
    }
}

impl Settings {
    /// A server on a free loopback port with its database in `data_dir`: what tests and benches run.
    pub fn on_loopback(data_dir: &std::path::Path, dist_dir: PathBuf, seed_demo: bool) -> Self {
        Settings {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: Settings::database_url_for(data_dir, None),
            dist_dir,
            seed_demo,
            public_url: Some("https://steady.test".into()),
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            referrals: ReferralSettings::default(),
            clock: crate::clock::Clock::system(),
        }
    }

    /// The SQLite file under `data_dir`, unless `DATABASE_URL` names another database.
    pub fn database_url_for(data_dir: &std::path::Path, env_url: Option<String>) -> String {
        env_url.unwrap_or_else(|| format!("sqlite://{}", data_dir.join("steady.db").display()))
    }
}
