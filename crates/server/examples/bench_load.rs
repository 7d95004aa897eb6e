//! `make bench` (second part): the release server binary, started on loopback as its own process,
//! driven by many concurrent clients from this one for a bounded time. Sync (batches of 10 new
//! entries, each client its own phone) and the caseload, at 50 and 200 concurrent clients. Prints
//! requests/s, p50/p99 latency and errors, and compares sync throughput with a raw SQLite insert loop
//! of the same rows in the same run. The database is a new SQLite file, or `DATABASE_URL`'s.
//! Prints numbers; asserts nothing.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use steady_domain::accounts::Role;
use steady_server::{accounts, db, state};
use tokio::sync::Mutex;

const RUN_FOR: Duration = Duration::from_secs(5);
const BATCH: usize = 10;
const PHONES: usize = 200;
const CASELOAD: usize = 60;

/// A link worker account, signed in.
async fn signed_in(pool: &steady_server::db::Pool, base: &str, email: &str) -> reqwest::Client {
    let (id, _) = accounts::create_staff(pool, "Load Worker", email, Role::LinkWorker).await.expect("staff");
    accounts::set_password(pool, &id, "a long benchmark password").await.expect("password");
    let origin = reqwest::header::HeaderValue::from_str(base).expect("an origin");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers([(reqwest::header::ORIGIN, origin)].into_iter().collect())
        .pool_max_idle_per_host(256)
        .build()
        .expect("client");
    client
        .post(format!("{base}/api/v1/staff/sign-in"))
        .json(&serde_json::json!({ "email": email, "password": "a long benchmark password" }))
        .send()
        .await
        .expect("sign in");
    client
}

/// Enrols a participant and links a phone; returns its token.
async fn enrol_and_pair(staff: &reqwest::Client, base: &str, p: usize) -> String {
    let enrolled: serde_json::Value = staff
        .post(format!("{base}/api/v1/participants"))
        .json(&serde_json::json!({ "display_name": format!("P{p}"), "referral_source": "other", "justice_contact": false, "consent_discussed_on": "2026-01-01" }))
        .send().await.expect("enrol").json().await.expect("enrolled");
    let paired: serde_json::Value = staff
        .post(format!("{base}/api/v1/pair"))
        .json(&serde_json::json!({ "code": enrolled["pairing"]["code"] }))
        .send()
        .await
        .expect("pair")
        .json()
        .await
        .expect("paired");
    paired["device_token"].as_str().expect("token").to_string()
}

fn entry(phone: usize, n: usize) -> serde_json::Value {
    let at = state::now().plus_minutes(-((n % 50_400) as i64));
    serde_json::json!({
        "id": format!("{phone:08x}-0000-4000-8000-{n:012x}"), "at": at.to_string(), "updated_at": at.to_string(),
        "keep_private": false, "body": { "kind": "quick_log", "wellbeing": 6, "stress": 4, "note": null }
    })
}

struct Outcome {
    latencies: Vec<Duration>,
    errors: usize,
    requests: usize,
}

fn report(name: &str, clients: usize, outcome: &mut Outcome, elapsed: Duration) -> f64 {
    outcome.latencies.sort();
    let at = |q: f64| {
        outcome
            .latencies
            .get(((outcome.latencies.len() as f64 * q) as usize).min(outcome.latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let rate = outcome.requests as f64 / elapsed.as_secs_f64();
    let p99 = at(0.99).as_secs_f64() * 1000.0;
    // The targets: no errors at all, and p99 within 50 ms at 50 clients.
    let verdict = match (clients, outcome.errors) {
        (_, errors) if errors > 0 => "  (target: no errors: missed)",
        (50, _) if p99 > 50.0 => "  (target p99 <= 50 ms: missed)",
        (50, _) => "  (target p99 <= 50 ms: met)",
        _ => "",
    };
    println!(
        "{name:<9} {clients:>4} clients  {rate:>8.0} req/s  p50 {:>6.1} ms  p99 {p99:>6.1} ms  errors {}{verdict}",
        at(0.50).as_secs_f64() * 1000.0,
        outcome.errors
    );
    rate
}

/// Runs `clients` loops of `request` for [`RUN_FOR`].
async fn drive<F, Fut>(clients: usize, request: F) -> (Outcome, Duration)
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let outcome = Arc::new(Mutex::new(Outcome { latencies: Vec::new(), errors: 0, requests: 0 }));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (request, outcome) = (request.clone(), outcome.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while started.elapsed() < RUN_FOR {
                let t = Instant::now();
                let ok = request(client, n).await;
                let mut o = outcome.lock().await;
                o.latencies.push(t.elapsed());
                o.requests += 1;
                o.errors += usize::from(!ok);
                n += 1;
            }
        }));
    }
    for t in tasks {
        t.await.expect("client task");
    }
    let elapsed = started.elapsed();
    let outcome = Arc::try_unwrap(outcome).ok().expect("all clients done").into_inner();
    (outcome, elapsed)
}

/// Rows per second inserting the same rows straight into SQLite (same settings), one transaction
/// per batch of [`BATCH`], for [`RUN_FOR`].
async fn raw_insert_rate(dir: &std::path::Path) -> f64 {
    let pool = db::connect(&format!("sqlite://{}", dir.join("raw.db").display())).await.expect("raw database");
    sqlx::query("INSERT INTO staff (id, name, email, role, created_at) VALUES ('s', 'S', 's@x', 'link_worker', 0)")
        .execute(&pool)
        .await
        .expect("staff");
    sqlx::query("INSERT INTO participants (id, link_worker_id, display_name, referral_source, justice_contact, consent_discussed_on, created_at) VALUES ('p', 's', 'P', 'other', 0, '2026-01-01', 0)").execute(&pool).await.expect("participant");
    let started = Instant::now();
    let mut rows = 0;
    while started.elapsed() < RUN_FOR {
        let mut tx = pool.begin().await.expect("tx");
        for _ in 0..BATCH {
            let e = entry(0, rows);
            sqlx::query("INSERT INTO shared_entries (participant_id, id, kind, at, updated_at, body, deleted, received_at) VALUES ('p', $1, 'quick_log', 0, 0, $2, 0, 0)")
                .bind(e["id"].as_str())
                .bind(e.to_string())
                .execute(&mut *tx)
                .await
                .expect("insert");
            rows += 1;
        }
        tx.commit().await.expect("commit");
    }
    rows as f64 / started.elapsed().as_secs_f64()
}

/// The release server process, stopped when this is dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `target/release/steady-server` (built beside this example) over `url`; returns it and its address.
fn start_server(url: &str, dist: &std::path::Path) -> (Server, String) {
    let exe = std::env::current_exe().expect("this example's path");
    let binary = exe.parent().and_then(|examples| examples.parent()).expect("target/release").join("steady-server");
    let mut child = Command::new(&binary)
        .args(["--addr", "127.0.0.1:0", "--no-demo", "--dist"])
        .arg(dist)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{} starts (cargo build --release -p steady-server): {e}", binary.display()));
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("the server's first line");
    let base = line.trim().trim_start_matches("Steady is running at ").trim_end_matches('/').to_string();
    (Server(child), base)
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}?mode=rwc", dir.path().join("steady.db").display()));
    let (_server, base) = start_server(&url, &dir.path().join("dist"));
    let pool = db::connect(&url).await.expect("the server's database");

    // The phones that sync belong to one link worker; the caseload measured is another's: 60
    // participants with five weeks of two entries a day, as in real use.
    let staff = signed_in(&pool, &base, "load@steady.test").await;
    let reviewer = signed_in(&pool, &base, "review@steady.test").await;
    for p in 0..CASELOAD {
        let token = enrol_and_pair(&reviewer, &base, p).await;
        let changes: Vec<_> =
            (0..70).map(|n| serde_json::json!({ "op": "upsert", "entry": entry(1_000 + p, n * 720) })).collect();
        reviewer
            .post(format!("{base}/api/v1/sync"))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "changes": changes }))
            .send()
            .await
            .expect("history");
    }
    let mut tokens = Vec::new();
    for p in 0..PHONES {
        tokens.push(enrol_and_pair(&staff, &base, p).await);
    }
    let tokens = Arc::new(tokens);
    let database = url.split(':').next().unwrap_or_default();
    println!("Load on {base} ({database}, 2 cores): {}s per run; sync in batches of {BATCH} from {PHONES} phones; a caseload of {CASELOAD}", RUN_FOR.as_secs());
    let mut sync_rows_per_sec = 0.0f64;
    for clients in [50, 200] {
        let (client, base2, tokens2) = (staff.clone(), base.clone(), tokens.clone());
        let (mut outcome, elapsed) = drive(clients, move |c, n| {
            let (client, base, tokens) = (client.clone(), base2.clone(), tokens2.clone());
            async move {
                let changes: Vec<_> = (0..BATCH).map(|i| serde_json::json!({ "op": "upsert", "entry": entry(c, n * BATCH + i + clients * 1_000_000) })).collect();
                let r = client.post(format!("{base}/api/v1/sync")).bearer_auth(&tokens[c % PHONES]).json(&serde_json::json!({ "changes": changes })).send().await;
                matches!(r, Ok(r) if r.status().is_success())
            }
        })
        .await;
        let rate = report("sync", clients, &mut outcome, elapsed);
        sync_rows_per_sec = sync_rows_per_sec.max(rate * BATCH as f64);
        let (client, base2) = (reviewer.clone(), base.clone());
        let (mut outcome, elapsed) = drive(clients, move |_, _| {
            let (client, base) = (client.clone(), base2.clone());
            async move {
                // As a browser asks: compressed if the answer is large.
                let request = client.get(format!("{base}/api/v1/caseload")).header("accept-encoding", "br, gzip");
                matches!(request.send().await, Ok(r) if r.status().is_success())
            }
        })
        .await;
        report("caseload", clients, &mut outcome, elapsed);
    }
    let raw = raw_insert_rate(dir.path()).await;
    println!("sync stores {sync_rows_per_sec:.0} rows/s at best; a raw SQLite insert loop of the same rows: {raw:.0} rows/s; ratio {:.2} (target >= 0.5)", sync_rows_per_sec / raw);
}
