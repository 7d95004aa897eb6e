//! Durability: the real server binary is killed with SIGKILL several times while a phone syncs;
//! every entry the server acknowledged before a kill is there after the restarts (SQLite WAL with
//! synchronous=FULL; one transaction per batch).

use crate::helpers::{fresh_database, quick_log, upserts};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_steady-server");

/// Starts the server on a free port over the database at `url`; returns the process and its address.
fn start(url: &str) -> (Child, String) {
    let mut child = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0", "--no-demo"])
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("a first line");
    let address = line.trim().trim_start_matches("Steady is running at ").trim_end_matches('/').to_string();
    assert!(address.starts_with("http://127.0.0.1:"), "{line}");
    (child, address)
}

#[tokio::test]
async fn acknowledged_entries_survive_sigkill() {
    let data = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(data.path()).await;
    let add = Command::new(BIN)
        .args([
            "user",
            "add",
            "--role",
            "link-worker",
            "--name",
            "Lin",
            "--email",
            "lin@steady.test",
            "--password-prompt",
        ])
        .env("DATABASE_URL", &url)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().expect("stdin").write_all(b"a long test password\n")?;
            c.wait()
        })
        .expect("user add runs");
    assert!(add.success());

    let (mut server, address) = start(&url);
    let staff = crate::helpers::staff_client(&address);
    staff
        .post(format!("{address}/api/v1/staff/sign-in"))
        .json(&serde_json::json!({ "email": "lin@steady.test", "password": "a long test password" }))
        .send()
        .await
        .unwrap();
    let enrolled: serde_json::Value = staff
        .post(format!("{address}/api/v1/participants"))
        .json(&serde_json::json!({ "display_name": "Alex", "referral_source": "probation", "justice_contact": true, "consent_discussed_on": "2026-01-05" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let participant = enrolled["participant"]["id"].as_str().unwrap().to_string();
    let paired: serde_json::Value = reqwest::Client::new()
        .post(format!("{address}/api/v1/pair"))
        .json(&serde_json::json!({ "code": enrolled["pairing"]["code"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = paired["device_token"].as_str().unwrap().to_string();

    let phone = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let mut acknowledged = Vec::new();
    let mut next_id = 1;
    let mut address = address;
    for round in 0..4 {
        // Fire batches back to back, and kill the server while some are in flight.
        let sender = {
            let (phone, token, address) = (phone.clone(), token.clone(), address.clone());
            let first = next_id;
            tokio::spawn(async move {
                let mut done = Vec::new();
                for batch in 0..40u32 {
                    let ids: Vec<u32> = (0..25).map(|i| first + batch * 25 + i).collect();
                    let body = upserts(&ids.iter().map(|id| quick_log(*id, 5)).collect::<Vec<_>>());
                    match phone.post(format!("{address}/api/v1/sync")).bearer_auth(&token).json(&body).send().await {
                        Ok(r) if r.status() == 200 => done.extend(ids),
                        _ => break,
                    }
                }
                done
            })
        };
        tokio::time::sleep(Duration::from_millis(150 + 100 * round)).await;
        server.kill().expect("SIGKILL");
        server.wait().expect("reaped");
        acknowledged.extend(sender.await.expect("sender finished"));
        next_id += 40 * 25;
        (server, address) = start(&url);
    }
    assert!(!acknowledged.is_empty(), "some batches were acknowledged before the kills");
    eprintln!("acknowledged {} entries across 4 kills", acknowledged.len());

    staff
        .post(format!("{address}/api/v1/staff/sign-in"))
        .json(&serde_json::json!({ "email": "lin@steady.test", "password": "a long test password" }))
        .send()
        .await
        .unwrap();
    let entries: Vec<serde_json::Value> = staff
        .get(format!("{address}/api/v1/participants/{participant}/entries"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored: std::collections::HashSet<String> =
        entries.iter().map(|e| e["id"].as_str().unwrap().to_string()).collect();
    let missing: Vec<&u32> =
        acknowledged.iter().filter(|id| !stored.contains(&format!("00000000-0000-4000-8000-{id:012}"))).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged entries lost after SIGKILL: {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    assert_eq!(stored.len() % 25, 0, "no batch half-written");
    server.kill().ok();
}
