//! `spawn_app`: the real application, on port 0, with its own database and PWA folder; and the
//! people who use it: staff signed in with their own cookie jar, and linked phones with tokens.
//!
//! The database is a fresh SQLite file, or, when `STEADY_TEST_POSTGRES` holds the URL of a
//! PostgreSQL server (`make test` starts one), a fresh database created on that server.

use std::path::PathBuf;
use steady_domain::accounts::Role;
use steady_domain::enrolment::Enrolled;
use steady_server::configuration::Settings;
use steady_server::startup::Application;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub address: String,
    /// Where the server says people reach it: the origin staff pages are served from.
    pub public_url: String,
    pub client: reqwest::Client,
    pub pool: steady_server::db::Pool,
    pub database_url: String,
    pub dist: PathBuf,
    _dir: tempfile::TempDir,
}

/// Options for one test server.
pub struct Spawn {
    pub demo: bool,
    /// Another server's database, to run a second process over it; a fresh one if `None`.
    pub database_url: Option<String>,
}

pub async fn spawn_app() -> TestApp {
    spawn(Spawn { demo: true, database_url: None }).await
}

pub async fn spawn(options: Spawn) -> TestApp {
    spawn_configured(options, |_| {}).await
}

/// [`spawn`], with the server's settings changed by `configure` first.
pub async fn spawn_configured(options: Spawn, configure: impl FnOnce(&mut Settings)) -> TestApp {
    // Server errors show in a failing test's output (RUST_LOG=debug for more).
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).expect("dist dir");
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Steady</title><style>body { margin: 0; }</style>")
        .expect("index");
    std::fs::write(dist.join("staff.html"), "<!doctype html><title>Steady for staff</title>").expect("staff");
    std::fs::write(dist.join("steady-0123456789abcdef_bg.wasm"), b"\0asm").expect("wasm");
    std::fs::write(dist.join("sw.js"), "self.addEventListener('fetch', () => {});").expect("sw");
    let mut settings = Settings::on_loopback(dir.path(), dist.clone(), options.demo);
    settings.database_url = match options.database_url {
        Some(url) => url,
        None => fresh_database(dir.path()).await,
    };
    configure(&mut settings);
    let app = Application::build(&settings).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    tokio::spawn(app.run_until_stopped());
    let public_url = settings.public_url.clone().expect("the test server has a public URL");
    TestApp {
        address,
        public_url,
        client: reqwest::Client::new(),
        pool,
        database_url: settings.database_url,
        dist,
        _dir: dir,
    }
}

/// A browser-like staff client: its own cookie jar, and the `Origin` a browser puts on requests from
/// Steady's pages served at `public_url` (staff writes from anywhere else are refused).
pub fn staff_client(public_url: &str) -> reqwest::Client {
    let origin = reqwest::header::HeaderValue::from_str(public_url).expect("an origin");
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers([(reqwest::header::ORIGIN, origin)].into_iter().collect())
        .build()
        .expect("client")
}

/// The URL of an empty database for one test: a new SQLite file in `dir`, or a newly created
/// database on the PostgreSQL server named by `STEADY_TEST_POSTGRES`.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    use sqlx::{Connection, Executor};
    let Ok(server) = std::env::var("STEADY_TEST_POSTGRES") else {
        return format!("sqlite://{}?mode=rwc", dir.join("steady.db").display());
    };
    let name = format!("steady_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&server).await.expect("the test PostgreSQL server answers");
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.expect("a test database");
    let (base, _) =
        server.rsplit_once('/').expect("STEADY_TEST_POSTGRES looks like postgres://user@host:port/postgres");
    format!("{base}/{name}")
}

/// A staff member with a signed-in session (their own cookie jar).
pub struct StaffUser {
    pub email: String,
    pub client: reqwest::Client,
}

/// A participant's linked phone.
pub struct Phone {
    pub token: String,
}

/// Who makes a request in an authorisation test.
pub enum Caller<'a> {
    Anonymous,
    Staff(&'a StaffUser),
    Phone(&'a Phone),
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    /// Creates an account with a password, and signs it in.
    pub async fn staff(&self, role: Role, name: &str) -> StaffUser {
        let email = format!("{}@steady.test", name.to_lowercase().replace(' ', "."));
        let (id, _) = steady_server::accounts::create_staff(&self.pool, name, &email, role).await.expect("account");
        steady_server::accounts::set_password(&self.pool, &id, PASSWORD).await.expect("password");
        let client = staff_client(&self.public_url);
        let response = client
            .post(self.url("/api/v1/staff/sign-in"))
            .json(&serde_json::json!({ "email": email, "password": PASSWORD }))
            .send()
            .await
            .expect("sign in sent");
        assert_eq!(response.status(), 200, "{name} signs in");
        StaffUser { email, client }
    }

    /// A link worker enrols a participant; returns the enrolment (with its pairing code).
    pub async fn enrol(&self, link_worker: &StaffUser, name: &str) -> Enrolled {
        let response = link_worker
            .client
            .post(self.url("/api/v1/participants"))
            .json(&serde_json::json!({
                "display_name": name, "referral_source": "probation",
                "justice_contact": true, "consent_discussed_on": "2026-01-05"
            }))
            .send()
            .await
            .expect("enrol sent");
        assert_eq!(response.status(), 201, "enrolling {name}");
        response.json().await.expect("enrolment")
    }

    pub async fn pair(&self, code: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/pair"))
            .json(&serde_json::json!({ "code": code }))
            .send()
            .await
            .expect("pair sent")
    }

    /// Enrols and links a participant's phone.
    pub async fn linked_phone(&self, link_worker: &StaffUser, name: &str) -> (String, Phone) {
        let enrolled = self.enrol(link_worker, name).await;
        let response = self.pair(enrolled.pairing.code.as_str()).await;
        assert_eq!(response.status(), 200);
        let paired: steady_domain::enrolment::Paired = response.json().await.expect("paired");
        (enrolled.participant.id, Phone { token: paired.device_token })
    }

    /// A request as `caller`; `body` is sent as JSON.
    pub async fn call(
        &self,
        caller: &Caller<'_>,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> reqwest::Response {
        let client = match caller {
            Caller::Staff(s) => &s.client,
            _ => &self.client,
        };
        let mut request = client.request(method, self.url(path));
        if let Caller::Phone(p) = caller {
            request = request.bearer_auth(&p.token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request sent")
    }
}

/// A quick-log entry as the phone sends it.
pub fn quick_log(id: u32, stress: u8) -> serde_json::Value {
    serde_json::json!({
        "id": format!("00000000-0000-4000-8000-{id:012}"),
        "at": "2026-11-20T09:00:00Z", "updated_at": "2026-11-20T09:00:00Z", "keep_private": false,
        "body": { "kind": "quick_log", "wellbeing": 5, "stress": stress, "note": null }
    })
}

/// A quick log rated `stress`, made half an hour ago (inside every flag's window).
pub fn stress_now(id: u32, stress: u8) -> serde_json::Value {
    let now = steady_server::state::now().plus_minutes(-30).to_string();
    let mut entry = quick_log(id, stress);
    entry["at"] = now.clone().into();
    entry["updated_at"] = now.into();
    entry
}

pub fn upserts(entries: &[serde_json::Value]) -> serde_json::Value {
    serde_json::json!({ "changes": entries.iter().map(|e| serde_json::json!({ "op": "upsert", "entry": e })).collect::<Vec<_>>() })
}

/// Asserts the status each caller gets for one request, and that every refusal is a JSON error.
pub async fn expect_statuses(
    app: &TestApp,
    callers: &[(&'static str, Caller<'_>)],
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
    statuses: [u16; 7],
) {
    assert_eq!(callers.len(), statuses.len());
    for ((who, caller), want) in callers.iter().zip(statuses) {
        let response = app.call(caller, method.clone(), path, body.clone()).await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        assert_eq!(status, want, "{method} {path} as {who}: {text}");
        if status >= 400 {
            let error: steady_domain::api::ApiError = serde_json::from_str(&text).expect("a JSON error body");
            assert!(!error.message.is_empty());
        }
    }
}
