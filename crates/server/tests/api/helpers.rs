//! `spawn_app`: the real application, on port 0, with its own database and PWA folder.

use std::path::PathBuf;
use steady_server::configuration::Settings;
use steady_server::startup::Application;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: sqlx::SqlitePool,
    pub dist: PathBuf,
    _dir: tempfile::TempDir,
}

/// Options for one test server.
pub struct Spawn {
    pub demo: bool,
}

pub async fn spawn_app() -> TestApp {
    spawn(Spawn { demo: true }).await
}

pub async fn spawn(options: Spawn) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).expect("dist dir");
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Steady</title>").expect("index");
    std::fs::write(dist.join("steady-0123456789abcdef_bg.wasm"), b"\0asm").expect("wasm");
    std::fs::write(dist.join("sw.js"), "self.addEventListener('fetch', () => {});").expect("sw");
    let settings = Settings {
        addr: "127.0.0.1:0".parse().expect("addr"),
        database_url: Settings::database_url_for(dir.path(), None),
        dist_dir: dist.clone(),
        seed_demo: options.demo,
    };
    let app = Application::build(&settings).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp { address, client: reqwest::Client::new(), pool, dist, _dir: dir }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request sent")
    }
}
