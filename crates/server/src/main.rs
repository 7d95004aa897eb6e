//! `steady-server`: runs the Steady server. `steady-server --help` lists the options.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use steady_server::configuration::Settings;
use steady_server::startup::Application;
use steady_server::telemetry;

/// Steady's server: the JSON API and the PWA.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080", env = "STEADY_ADDR")]
    addr: SocketAddr,
    /// Folder for the SQLite database (ignored when DATABASE_URL is set).
    #[arg(long, default_value = "data", env = "STEADY_DATA_DIR")]
    data_dir: PathBuf,
    /// The built PWA.
    #[arg(long, default_value = "dist", env = "STEADY_DIST")]
    dist: PathBuf,
    /// Do not create the demo schedule in an empty database.
    #[arg(long)]
    no_demo: bool,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    telemetry::init();
    let cli = Cli::parse();
    if let Err(e) = std::fs::create_dir_all(&cli.data_dir) {
        eprintln!("Could not create the data folder {}: {e}", cli.data_dir.display());
        return std::process::ExitCode::FAILURE;
    }
    let settings = Settings {
        addr: cli.addr,
        database_url: Settings::database_url_for(&cli.data_dir, std::env::var("DATABASE_URL").ok()),
        dist_dir: cli.dist,
        seed_demo: !cli.no_demo,
    };
    let app = match Application::build(&settings).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Steady could not start: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("Steady is running at http://{}:{}/", settings.addr.ip(), app.port());
    match app.run_until_stopped().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Steady stopped with an error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
