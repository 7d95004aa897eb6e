//! A participant's phone: linking it with a one-time code, syncing shared entries, withdrawing them,
//! and checking that the link still stands.

use crate::auth::Device;
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::openapi;
use crate::secrets::{hash_token, new_token};
use crate::state::{now, AppState};
use crate::store;
use crate::store::devices::Pairing;
use crate::store::participants::Names;
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use steady_domain::enrolment::{PairRequest, Paired};
use steady_domain::sync::{BatchError, SyncBatch, SyncResponse, WithdrawResponse};

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
    ClientAddr(client): ClientAddr,
    ApiJson(request): ApiJson<PairRequest>,
) -> Result<Json<Paired>, ApiError> {
    let attempt = crate::throttle::attempt(&state.pool, &PAIRING_CODES, &client.to_string()).await?;
    let checked = pair_with(&state, &request).await;
    attempt.settle(&state.pool, checked, |e| matches!(e, ApiError::NotFound(_))).await
}

async fn pair_with(state: &AppState, request: &PairRequest) -> Result<Json<Paired>, ApiError> {
    let token = new_token()?;
    let code_hash = hash_token(request.code.as_str());
    match store::devices::pair(&state.pool, &code_hash, &hash_token(&token), now()).await? {
        Pairing::Unknown => {
            Err(ApiError::NotFound("This code was not recognised. Check it, or ask your link worker for a new one."))
        }
        Pairing::Used => Err(ApiError::Conflict {
            code: "code_used",
            message: "This code has already been used. Ask your link worker for a new one.",
        }),
        Pairing::Expired => Err(ApiError::Conflict {
            code: "code_expired",
            message: "This code has expired. Ask your link worker for a new one.",
        }),
        Pairing::Linked { participant_id, names } => {
            tracing::info!(participant = %participant_id, "phone linked");
            let Names { participant_name, link_worker_name } = names;
            Ok(Json(Paired { device_token: token, participant_name, link_worker_name }))
        }
    }
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
    let Names { participant_name, link_worker_name } =
        store::participants::names(&state.pool, &device.participant_id).await?;
    Ok(Json(DeviceStatus { participant_name, link_worker_name }))
}

fn batch_error(e: BatchError) -> ApiError {
    ApiError::unprocessable(e.code(), e.to_string())
}

/// `POST /api/v1/sync`: applies a batch of changes in one transaction and acknowledges each.
/// Upserts keep the copy with the latest `updated_at`; deletes are final. Replays change nothing.
/// Batches arriving together are committed together (see [`crate::writer`]).
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
pub async fn sync(
    State(state): State<AppState>,
    device: Device,
    ApiJson(batch): ApiJson<SyncBatch>,
) -> Result<Json<SyncResponse>, ApiError> {
    let now = now();
    batch.check(now).map_err(batch_error)?;
    let acknowledged = state.writer.sync(device.participant_id, batch.changes, now).await?;
    Ok(Json(SyncResponse { acknowledged }))
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
    let deleted = store::entries::withdraw(&state.pool, &device.participant_id).await?;
    tracing::info!(participant = %device.participant_id, deleted, "shared data withdrawn");
    Ok(Json(WithdrawResponse { deleted }))
}
