//! `steady-server`: runs the Steady server, or (`steady-server user add …`, `referrer add …`) manages staff
//! accounts and referring organisations.
//! `steady-server --help` lists the options.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use steady_domain::accounts::Role;
use steady_domain::working_days::WorkingCalendar;
use steady_server::client_addr::TrustedProxies;
use steady_server::clock::Clock;
use steady_server::configuration::{ReferralSettings, Settings};
use steady_server::startup::Application;
use steady_server::{cli, db, telemetry};

/// Steady's server: the JSON API and the PWA.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080", env = "STEADY_ADDR", global = true)]
    addr: SocketAddr,
    /// Folder for the SQLite database (ignored when DATABASE_URL is set, to sqlite:// or postgres://).
    #[arg(long, default_value = "data", env = "STEADY_DATA_DIR", global = true)]
    data_dir: PathBuf,
    /// Where people reach this server, for links (default: http://ADDR).
    #[arg(long, env = "STEADY_PUBLIC_URL", global = true)]
    public_url: Option<String>,
    /// A reverse proxy in front of Steady (an address or CIDR range; repeat, or comma-separate in the
    /// variable). Only these may name the client in Forwarded / X-Forwarded-For. Default: none.
    #[arg(long = "trusted-proxy", env = "STEADY_TRUSTED_PROXIES", value_delimiter = ',',
        value_parser = TrustedProxies::parse_one)]
    trusted_proxies: Vec<ipnet::IpNet>,
    /// The built PWA.
    #[arg(long, default_value = "dist", env = "STEADY_DIST")]
    dist: PathBuf,
    /// Do not create the demo schedule in an empty database.
    #[arg(long)]
    no_demo: bool,
    /// Working days within which a referral's first contact is due.
    #[arg(long, default_value_t = steady_domain::referral::DEFAULT_FIRST_CONTACT_WORKING_DAYS,
        env = "STEADY_FIRST_CONTACT_DAYS", value_parser = clap::value_parser!(u32).range(1..=60))]
    first_contact_days: u32,
    /// A bank holiday (YYYY-MM-DD; repeat, or comma-separate in the variable). Given, these replace
    /// the built-in list (England and Wales, 2025 to 2027).
    #[arg(long = "bank-holiday", env = "STEADY_BANK_HOLIDAYS", value_delimiter = ',',
        value_parser = |s: &str| steady_domain::Day::parse(s.trim()).ok_or_else(|| format!("'{s}' is not a date like 2026-12-25")))]
    bank_holidays: Vec<steady_domain::Day>,
    /// For end-to-end tests only: the referral clock stands still at this time (RFC 3339), so a
    /// journey can take a referral in days ago and restart the server to see it overdue.
    #[arg(long, hide = true, value_parser = |s: &str| steady_domain::Timestamp::parse(s).map_err(|e| e.to_string()))]
    fixed_clock: Option<steady_domain::Timestamp>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Staff accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Organisations that send referrals through the FHIR API.
    Referrer {
        #[command(subcommand)]
        action: ReferrerAction,
    },
}

#[derive(Debug, Subcommand)]
enum ReferrerAction {
    /// Add a referring organisation and print its API key (shown once; only its hash is stored).
    Add {
        #[arg(long)]
        name: String,
        /// Its ODS code (a GP practice is like A81001).
        #[arg(long, value_parser = |s: &str| steady_domain::referral::OdsCode::parse(s).map_err(|e| e.to_string()))]
        ods: steady_domain::referral::OdsCode,
        /// primary-care (a GP practice, the default), probation or other.
        #[arg(long, default_value = "primary-care", value_parser = |s: &str| {
            steady_domain::enrolment::ReferralSource::parse(&s.replace('-', "_"))
                .ok_or_else(|| format!("'{s}' is not primary-care, probation or other"))
        })]
        source: steady_domain::enrolment::ReferralSource,
    },
    /// Stop every API key of an organisation working at once (add it again for a new key).
    Revoke {
        #[arg(long, value_parser = |s: &str| steady_domain::referral::OdsCode::parse(s).map_err(|e| e.to_string()))]
        ods: steady_domain::referral::OdsCode,
    },
}

#[derive(Debug, Subcommand)]
enum UserAction {
    /// Create a staff account and print a one-time link to set its password.
    Add {
        /// admin, link-worker or leader.
        #[arg(long, value_parser = |s: &str| Role::parse(s).map_err(|e| e.to_string()))]
        role: Role,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// Type the password now instead of printing a link (reads one line when piped).
        #[arg(long)]
        password_prompt: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    telemetry::init();
    let cli = Cli::parse();
    if let Err(e) = std::fs::create_dir_all(&cli.data_dir) {
        eprintln!("Could not create the data folder {}: {e}", cli.data_dir.display());
        return ExitCode::FAILURE;
    }

    let database_url = Settings::database_url_for(&cli.data_dir, std::env::var("DATABASE_URL").ok());
    match cli.command {
        Some(Command::Referrer { action: ReferrerAction::Add { name, ods, source } }) => {
            let Some(pool) = open(&database_url).await else { return ExitCode::FAILURE };
            match cli::add_referrer(&pool, &name, ods, source).await {
                Ok(key) => {
                    println!("Added {name} as a referrer. Its API key is below: it is shown only this once.");
                    println!("Send it as `Authorization: Bearer <key>` to POST /api/v1/fhir/ServiceRequest.\n{key}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("The referrer was not added: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(Command::Referrer { action: ReferrerAction::Revoke { ods } }) => {
            let Some(pool) = open(&database_url).await else { return ExitCode::FAILURE };
            match steady_server::store::referrers::revoke(&pool, &ods, steady_server::state::now()).await {
                Ok(0) => {
                    eprintln!("No working key has the ODS code {ods}.");
                    ExitCode::FAILURE
                }
                Ok(n) => {
                    println!("Revoked {n} key(s) of {ods}: they stop working now.");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("Nothing was revoked: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(Command::User { action: UserAction::Add { role, name, email, password_prompt } }) => {
            let Some(pool) = open(&database_url).await else { return ExitCode::FAILURE };
            let public_url = cli.public_url.clone().unwrap_or_else(|| format!("http://{}", cli.addr));
            match cli::add_user(&pool, &public_url, role, &name, &email, password_prompt).await {
                Ok(added) => {
                    println!("Created the {} account for {name} <{email}>.", role.code().replace('_', " "));
                    if let Some(link) = added.password_link {
                        println!("Send them this one-time link to set their password (it works for 72 hours):\n{link}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("The account was not created: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        None => {
            serve(Settings {
                addr: cli.addr,
                database_url,
                dist_dir: cli.dist,
                seed_demo: !cli.no_demo,
                secure_cookies: cli.public_url.as_deref().is_some_and(|url| url.starts_with("https://")),
                public_url: cli.public_url,
                trusted_proxies: cli.trusted_proxies,
                referrals: ReferralSettings {
                    first_contact_working_days: cli.first_contact_days,
                    calendar: if cli.bank_holidays.is_empty() {
                        Default::default()
                    } else {
                        WorkingCalendar::new(cli.bank_holidays)
                    },
                },
                clock: cli.fixed_clock.map(Clock::fixed).unwrap_or_else(Clock::system),
            })
            .await
        }
    }
}

/// The database, or `None` after saying why not.
async fn open(database_url: &str) -> Option<db::Pool> {
    match db::connect(database_url).await {
        Ok(pool) => Some(pool),
        Err(e) => {
            eprintln!("Could not open the database: {e}");
            None
        }
    }
}

async fn serve(settings: Settings) -> ExitCode {
    let app = match Application::build(&settings).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Steady could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("Steady is running at http://{}:{}/", settings.addr.ip(), app.port());
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Steady stopped with an error: {e}");
            ExitCode::FAILURE
        }
    }
}
