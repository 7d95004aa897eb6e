//! A participant's phone: linking it with a one-time code, syncing shared entries, withdrawing them,
//! and checking that the link still stands.

use crate::auth::Device;
use crate::db::{value_rows, Flag};
use crate::error::ApiError;
use crate::openapi;
use crate::extract::ApiJson;
use crate::secrets::{hash_token, new_token};
use crate::state::{now, AppState};
use axum::extract::{ConnectInfo, State};
use axum::Json;
use serde::Serialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use steady_domain::enrolment::{PairRequest, Paired};
use steady_domain::sync::{Acknowledgement, BatchError, Change, Outcome, Stored, SyncBatch, SyncResponse, WithdrawResponse};
use steady_domain::{Entry, EntryId, Timestamp};

/// Wrong pairing codes: 10 per client address, and 500 from everyone together, in 15 minutes.
pub const PAIRING_CODES: crate::throttle::Limit = crate::throttle::Limit {
    scope: "pairing_code",
    per_client: 10,
    in_total: 500,
    window_minutes: 15,
    message: "Too many codes that did not work. Wait 15 minutes, then check the code with your link worker.",
};

/// `POST /api/v1/pair`: exchanges a pairing code for a device token. Codes are single use; guessing is
/// limited by [`PAIRING_CODES`], per client address.
#[utoipa::path(
    post,
    path = "/pair",
    tag = "device",
    request_body = PairRequest,
    responses(
        (status = 200, description = "Linked: the device token is shown this once.", body = Paired),
        (status = 404, response = openapi::NotFound),
        (status = 409, response = openapi::Conflict),
        (status = 429, response = openapi::TooManyAttempts),
    )
)]
pub async fn pair(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    ApiJson(request): ApiJson<PairRequest>,
) -> Result<Json<Paired>, ApiError> {
    let client = client.ip().to_string();
    crate::throttle::check(&state.pool, &PAIRING_CODES, &client).await?;
    let result = pair_with(&state, &request).await;
    if matches!(result, Err(ApiError::NotFound(_))) {
        crate::throttle::failed(&state.pool, &PAIRING_CODES, &client).await?;
    }
    result
}

async fn pair_with(state: &AppState, request: &PairRequest) -> Result<Json<Paired>, ApiError> {
    let now = now();
    let mut tx = crate::db::write_tx(&state.pool).await?;
    let code: Option<(String, i64, Option<i64>)> =
        sqlx::query_as("SELECT participant_id, expires_at, used_at FROM pairing_codes WHERE code_hash = $1")
            .bind(hash_token(request.code.as_str()))
            .fetch_optional(&mut *tx)
            .await?;
    let (participant_id, expires_at, used_at) = code.ok_or(ApiError::NotFound(
        "This code was not recognised. Check it, or ask your link worker for a new one.",
    ))?;
    if used_at.is_some() {
        return Err(ApiError::Conflict {
            code: "code_used",
            message: "This code has already been used. Ask your link worker for a new one.",
        });
    }
    if expires_at <= now.millis() {
        return Err(ApiError::Conflict {
            code: "code_expired",
            message: "This code has expired. Ask your link worker for a new one.",
        });
    }
    sqlx::query("UPDATE pairing_codes SET used_at = $1 WHERE code_hash = $2")
        .bind(now.millis())
        .bind(hash_token(request.code.as_str()))
        .execute(&mut *tx)
        .await?;
    let token = new_token()?;
    sqlx::query("INSERT INTO devices (token_hash, participant_id, created_at) VALUES ($1, $2, $3)")
        .bind(hash_token(&token))
        .bind(&participant_id)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    let (participant_name, link_worker_name): (String, String) = sqlx::query_as(
        "SELECT p.display_name, s.name FROM participants p JOIN staff s ON s.id = p.link_worker_id WHERE p.id = $1",
    )
    .bind(&participant_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(participant = %participant_id, "phone linked");
    Ok(Json(Paired { device_token: token, participant_name, link_worker_name }))
}

/// `GET /api/v1/device`: whether this phone's link stands, and with whom.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeviceStatus {
    pub participant_name: String,
    pub link_worker_name: String,
}

#[utoipa::path(
    get,
    operation_id = "device_status",
    path = "/device",
    tag = "device",
    security(("device_token" = [])),
    responses(
        (status = 200, description = "The link stands; the participant's and link worker's names.", body = DeviceStatus),
    )
)]
pub async fn status(State(state): State<AppState>, device: Device) -> Result<Json<DeviceStatus>, ApiError> {
    let (participant_name, link_worker_name): (String, String) = sqlx::query_as(
        "SELECT p.display_name, s.name FROM participants p JOIN staff s ON s.id = p.link_worker_id WHERE p.id = $1",
    )
    .bind(&device.participant_id)
    .fetch_one(&state.pool)
    .await?;
    Ok(Json(DeviceStatus { participant_name, link_worker_name }))
}

fn batch_error(e: BatchError) -> ApiError {
    let code = match e {
        BatchError::TooManyChanges(_) => "too_many_changes",
        BatchError::PrivateEntry(_) => "private_entry",
        BatchError::InTheFuture(_) => "in_the_future",
        BatchError::Duplicate(_) => "duplicate_change",
    };
    ApiError::unprocessable(code, e.to_string())
}

/// Changes applied per group of statements. SQLite looks up `$N` parameters by name, which grows with
/// the square of their number in one statement, so big batches go in slices of this size.
const CHANGES_PER_STATEMENT: usize = 50;

/// `POST /api/v1/sync`: applies a batch of changes in one transaction and acknowledges each.
/// Upserts keep the copy with the latest `updated_at`; deletes are final. Replays change nothing.
/// Each slice of the batch costs three statements: read what is held, write upserts, write deletes.
#[utoipa::path(
    post,
    path = "/sync",
    tag = "device",
    request_body = SyncBatch,
    security(("device_token" = [])),
    responses(
        (status = 200, description = "One acknowledgement per change, in order.", body = SyncResponse),
    )
)]
pub async fn sync(State(state): State<AppState>, device: Device, ApiJson(batch): ApiJson<SyncBatch>) -> Result<Json<SyncResponse>, ApiError> {
    let now = now();
    batch.check(now).map_err(batch_error)?;
    let participant = device.participant_id.as_str();
    let mut tx = crate::db::write_tx(&state.pool).await?;
    let mut acknowledged = Vec::with_capacity(batch.changes.len());
    for changes in batch.changes.chunks(CHANGES_PER_STATEMENT) {
        let held = held(&mut tx, participant, changes).await?;
        let (mut upserts, mut deletes) = (Vec::new(), Vec::new());
        for change in changes {
            let outcome = change.outcome_over(held.get(change.id().as_str()).copied());
            match (outcome, change) {
                (Outcome::Applied, Change::Upsert { entry }) => upserts.push(entry),
                (Outcome::Applied, Change::Delete { id, deleted_at }) => deletes.push((id, *deleted_at)),
                (Outcome::AlreadyApplied, _) => {}
            }
            acknowledged.push(Acknowledgement { id: change.id().clone(), outcome });
        }
        store_upserts(&mut tx, participant, &upserts, now).await?;
        store_deletes(&mut tx, participant, &deletes, now).await?;
    }
    tx.commit().await?;
    Ok(Json(SyncResponse { acknowledged }))
}

/// Stores new and newer entries, in one statement.
async fn store_upserts(tx: &mut sqlx::AnyConnection, participant: &str, upserts: &[&Entry], now: Timestamp) -> Result<(), ApiError> {
    if upserts.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO shared_entries (participant_id, id, kind, at, updated_at, body, received_at, deleted) VALUES {}
         ON CONFLICT (participant_id, id) DO UPDATE SET kind = excluded.kind, at = excluded.at,
             updated_at = excluded.updated_at, body = excluded.body, received_at = excluded.received_at",
        value_rows(upserts.len(), 8, 1)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for entry in upserts {
        let body = serde_json::to_string(entry).map_err(ApiError::internal)?;
        query = query.bind(participant).bind(entry.id.as_str()).bind(entry.body.kind_code()).bind(entry.at.millis());
        query = query.bind(entry.updated_at.millis()).bind(body).bind(now.millis()).bind(Flag(false));
    }
    query.execute(&mut *tx).await?;
    Ok(())
}

/// Deletes entries for good, leaving a tombstone (id and times, no content), in one statement.
async fn store_deletes(tx: &mut sqlx::AnyConnection, participant: &str, deletes: &[(&EntryId, Timestamp)], now: Timestamp) -> Result<(), ApiError> {
    if deletes.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO shared_entries (participant_id, id, at, updated_at, received_at, deleted) VALUES {}
         ON CONFLICT (participant_id, id) DO UPDATE SET kind = NULL, body = NULL, deleted = excluded.deleted,
             updated_at = excluded.updated_at, received_at = excluded.received_at",
        value_rows(deletes.len(), 6, 1)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (id, deleted_at) in deletes {
        query = query.bind(participant).bind(id.as_str()).bind(deleted_at.millis()).bind(deleted_at.millis()).bind(now.millis()).bind(Flag(true));
    }
    query.execute(&mut *tx).await?;
    Ok(())
}

/// What the server holds for the entries a batch touches, by id, in one query.
async fn held(tx: &mut sqlx::AnyConnection, participant: &str, changes: &[Change]) -> Result<HashMap<String, Stored>, ApiError> {
    if changes.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<String> = (2..changes.len() + 2).map(|n| format!("${n}")).collect();
    let sql = format!("SELECT id, updated_at, deleted FROM shared_entries WHERE participant_id = $1 AND id IN ({})", ids.join(", "));
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(participant);
    for change in changes {
        query = query.bind(change.id().as_str());
    }
    let rows: Vec<(String, i64, Flag)> = query.fetch_all(&mut *tx).await?;
    Ok(rows.into_iter().map(|(id, updated_at, deleted)| (id, Stored { updated_at: Timestamp::from_millis(updated_at), deleted: deleted.0 })).collect())
}

/// `DELETE /api/v1/sync/shared`: the participant withdraws; every shared copy is hard-deleted.
#[utoipa::path(
    delete,
    path = "/sync/shared",
    tag = "device",
    security(("device_token" = [])),
    responses(
        (status = 200, description = "How many shared entries were deleted.", body = WithdrawResponse),
    )
)]
pub async fn withdraw(State(state): State<AppState>, device: Device) -> Result<Json<WithdrawResponse>, ApiError> {
    let mut tx = crate::db::write_tx(&state.pool).await?;
    let (deleted,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM shared_entries WHERE participant_id = $1 AND deleted = 0")
        .bind(&device.participant_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM shared_entries WHERE participant_id = $1")
        .bind(&device.participant_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(participant = %device.participant_id, deleted, "shared data withdrawn");
    Ok(Json(WithdrawResponse { deleted: deleted as u64 }))
}
