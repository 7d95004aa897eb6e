//! Group leaders: which groups they lead, their sessions (create, edit, move, cancel), the register
//! (merged per person, latest tap wins) and session check-in codes; and participants joining a group
//! or checking in with a code. A leader reaches only the groups they lead; anything else is 404.

use crate::auth::{Device, Leader, LinkWorkerOrAdmin};
use crate::db::{Flag, Pool};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::openapi;
use crate::routes::sessions::SessionRow;
use crate::state::{now, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use steady_domain::accounts::Role;
use steady_domain::attendance::{
    wins, CodeCheckIn, CodeForSession, Expected, LedGroup, LedSession, Mark, MarkOutcome, MarkRefusal, Marks,
    PersonKey, Register, RegisterReply, SessionChange, SessionCode,
};
use steady_domain::enrolment::DisplayName;
use steady_domain::{Session, Timestamp};

const NOT_YOURS: ApiError = ApiError::NotFound("There is no such session or group among the groups you lead.");
/// Wrong session codes: 5 per participant, and 200 from everyone together, in 15 minutes.
pub const SESSION_CODES: crate::throttle::Limit = crate::throttle::Limit {
    scope: "session_code",
    per_client: 5,
    in_total: 200,
    window_minutes: 15,
    message: "Too many wrong codes. Try again in 15 minutes, or ask your group leader.",
};

const SESSION_SELECT: &str = "SELECT s.id, s.group_id, g.name AS group_name, g.kind, s.starts_at, s.ends_at,
    COALESCE(s.meeting_point, g.meeting_point) AS meeting_point, g.accessibility, g.description, s.cancelled
    FROM sessions s JOIN groups g ON g.id = s.group_id";

/// A session of a group this leader leads, or 404.
async fn led_session(pool: &Pool, leader: &str, session: &str) -> Result<Session, ApiError> {
    let sql = format!("{SESSION_SELECT} WHERE s.id = $1 AND EXISTS (SELECT 1 FROM group_leaders l WHERE l.group_id = s.group_id AND l.staff_id = $2)");
    let row: Option<SessionRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(session).bind(leader).fetch_optional(pool).await?;
    row.and_then(SessionRow::into_session).ok_or(NOT_YOURS)
}

async fn leads(pool: &Pool, leader: &str, group: &str) -> Result<(), ApiError> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM group_leaders WHERE group_id = $1 AND staff_id = $2")
        .bind(group)
        .bind(leader)
        .fetch_optional(pool)
        .await?;
    found.map(|_| ()).ok_or(NOT_YOURS)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignLeader {
    pub email: String,
}

/// `POST /api/v1/groups/{id}/leaders`: an admin or link worker makes a leader account lead a group.
#[utoipa::path(
    post,
    path = "/groups/{id}/leaders",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id.")),
    request_body = AssignLeader,
    security(("staff_session" = [])),
    responses(
        (status = 204, description = "The account leads the group."),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
        (status = 422, response = openapi::Unprocessable),
    )
)]
pub async fn assign_leader(
    State(state): State<AppState>,
    _: LinkWorkerOrAdmin,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<AssignLeader>,
) -> Result<StatusCode, ApiError> {
    let leader: Option<(String, String)> = sqlx::query_as("SELECT id, role FROM staff WHERE email = $1")
        .bind(body.email.trim().to_lowercase())
        .fetch_optional(&state.pool)
        .await?;
    let (leader_id, role) = leader.ok_or(ApiError::NotFound("There is no staff account with that email."))?;
    if role != Role::Leader.code() {
        return Err(ApiError::unprocessable("not_a_leader", "That account is not a group leader's."));
    }
    let inserted = sqlx::query(
        "INSERT INTO group_leaders (group_id, staff_id) SELECT id, $1 FROM groups WHERE id = $2 ON CONFLICT DO NOTHING",
    )
    .bind(&leader_id)
    .bind(&group)
    .execute(&state.pool)
    .await?;
    let exists: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM groups WHERE id = $1").bind(&group).fetch_optional(&state.pool).await?;
    if inserted.rows_affected() == 0 && exists.is_none() {
        return Err(ApiError::NotFound("There is no such group."));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/leader/groups`: the groups this leader leads, by name.
#[utoipa::path(
    get,
    path = "/leader/groups",
    tag = "groups",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The groups this leader leads, by name.", body = Vec<LedGroup>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn leader_groups(State(state): State<AppState>, Leader(me): Leader) -> Result<Json<Vec<LedGroup>>, ApiError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT g.id, g.name FROM groups g JOIN group_leaders l ON l.group_id = g.id WHERE l.staff_id = $1 ORDER BY g.name",
    )
    .bind(&me.id)
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(rows.into_iter().map(|(id, name)| LedGroup { id, name }).collect()))
}

/// `GET /api/v1/leader/sessions`: today's and upcoming sessions of the groups this leader leads.
#[utoipa::path(
    get,
    path = "/leader/sessions",
    tag = "groups",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "Today's and the next 4 weeks' sessions of the groups this leader leads.", body = Vec<LedSession>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn leader_sessions(
    State(state): State<AppState>,
    Leader(me): Leader,
) -> Result<Json<Vec<LedSession>>, ApiError> {
    let now = now();
    let sql = format!(
        "{SESSION_SELECT} WHERE s.group_id IN (SELECT group_id FROM group_leaders WHERE staff_id = $1) AND s.ends_at > $2 AND s.starts_at < $3
         ORDER BY s.starts_at"
    );
    let rows: Vec<SessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(&me.id)
        .bind(Timestamp::from_uk(now.uk_day(), 0, 0).millis())
        .bind(now.plus_days(28).millis())
        .fetch_all(&state.pool)
        .await?;
    let mut out = Vec::new();
    for session in rows.into_iter().filter_map(SessionRow::into_session) {
        let (expected,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM group_members WHERE group_id = $1")
            .bind(&session.group_id)
            .fetch_one(&state.pool)
            .await?;
        out.push(LedSession { session, expected: expected as u32 });
    }
    Ok(Json(out))
}

fn check_times(starts_at: Timestamp, ends_at: Timestamp) -> Result<(), ApiError> {
    if ends_at <= starts_at || ends_at > starts_at.plus_minutes(12 * 60) {
        return Err(ApiError::unprocessable(
            "invalid_times",
            "A session must end after it starts, and last at most 12 hours.",
        ));
    }
    Ok(())
}

/// `POST /api/v1/groups/{id}/sessions`: a new session of a group this leader leads.
#[utoipa::path(
    post,
    path = "/groups/{id}/sessions",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id.")),
    request_body = SessionChange,
    security(("staff_session" = [])),
    responses(
        (status = 201, description = "The new session.", body = Session),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn create_session(
    State(state): State<AppState>,
    Leader(me): Leader,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<SessionChange>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    leads(&state.pool, &me.id, &group).await?;
    let (Some(starts_at), Some(ends_at)) = (body.starts_at, body.ends_at) else {
        return Err(ApiError::unprocessable("missing_times", "Give the start and end of the session."));
    };
    check_times(starts_at, ends_at)?;
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO sessions (id, group_id, starts_at, ends_at, meeting_point, cancelled) VALUES ($1, $2, $3, $4, $5, 0)")
        .bind(&id)
        .bind(&group)
        .bind(starts_at.millis())
        .bind(ends_at.millis())
        .bind(body.meeting_point.filter(|m| !m.trim().is_empty()))
        .execute(&state.pool)
        .await?;
    Ok((StatusCode::CREATED, Json(led_session(&state.pool, &me.id, &id).await?)))
}

/// `PATCH /api/v1/sessions/{id}`: move, edit or cancel (or un-cancel) a session.
#[utoipa::path(
    patch,
    path = "/sessions/{id}",
    tag = "groups",
    params(("id" = String, Path, description = "The session's id.")),
    request_body = SessionChange,
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The session as it is now.", body = Session),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn change_session(
    State(state): State<AppState>,
    Leader(me): Leader,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SessionChange>,
) -> Result<Json<Session>, ApiError> {
    let current = led_session(&state.pool, &me.id, &id).await?;
    let starts_at = body.starts_at.unwrap_or(current.starts_at);
    let ends_at = body.ends_at.unwrap_or(current.ends_at);
    check_times(starts_at, ends_at)?;
    sqlx::query("UPDATE sessions SET starts_at = $1, ends_at = $2, meeting_point = COALESCE($3, meeting_point), cancelled = $4 WHERE id = $5")
        .bind(starts_at.millis())
        .bind(ends_at.millis())
        .bind(body.meeting_point.filter(|m| !m.trim().is_empty()))
        .bind(Flag(body.cancelled.unwrap_or(current.cancelled)))
        .bind(&id)
        .execute(&state.pool)
        .await?;
    Ok(Json(led_session(&state.pool, &me.id, &id).await?))
}

async fn register(pool: &Pool, session: Session) -> Result<Register, ApiError> {
    let expected: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.id, p.display_name FROM group_members m JOIN participants p ON p.id = m.participant_id
         WHERE m.group_id = $1 ORDER BY p.display_name",
    )
    .bind(&session.group_id)
    .fetch_all(pool)
    .await?;
    let marks: Vec<(String, String, Flag, i64)> = sqlx::query_as(
        "SELECT person_key, name, present, tapped_at FROM register_marks WHERE session_id = $1 ORDER BY name",
    )
    .bind(&session.id.0)
    .fetch_all(pool)
    .await?;
    Ok(Register {
        expected: expected
            .into_iter()
            .filter_map(|(id, name)| {
                Some(Expected { person: PersonKey::participant(&id), name: DisplayName::parse(&name).ok()? })
            })
            .collect(),
        marks: marks
            .into_iter()
            .filter_map(|(key, name, present, at)| {
                Some(Mark {
                    person: PersonKey::parse(&key).ok()?,
                    name: DisplayName::parse(&name).ok()?,
                    present: present.0,
                    tapped_at: Timestamp::from_millis(at),
                })
            })
            .collect(),
        session,
    })
}

/// `GET /api/v1/sessions/{id}/register`.
#[utoipa::path(
    get,
    path = "/sessions/{id}/register",
    tag = "groups",
    params(("id" = String, Path, description = "The session's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The session's register.", body = Register),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn get_register(
    State(state): State<AppState>,
    Leader(me): Leader,
    Path(id): Path<String>,
) -> Result<Json<Register>, ApiError> {
    let session = led_session(&state.pool, &me.id, &id).await?;
    Ok(Json(register(&state.pool, session).await?))
}

/// Stores one mark if it wins over the stored one (the merge rule in the domain crate).
async fn apply_mark(
    tx: &mut sqlx::AnyConnection,
    session: &str,
    mark: &Mark,
    by: Option<&str>,
) -> Result<(), ApiError> {
    let current: Option<(String, Flag, i64)> =
        sqlx::query_as("SELECT name, present, tapped_at FROM register_marks WHERE session_id = $1 AND person_key = $2")
            .bind(session)
            .bind(mark.person.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let current = current.map(|(_, present, at)| Mark {
        person: mark.person.clone(),
        name: mark.name.clone(),
        present: present.0,
        tapped_at: Timestamp::from_millis(at),
    });
    if wins(mark, current.as_ref()) {
        sqlx::query(
            "INSERT INTO register_marks (session_id, person_key, name, present, tapped_at, marked_by, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (session_id, person_key) DO UPDATE SET name = excluded.name, present = excluded.present,
                 tapped_at = excluded.tapped_at, marked_by = excluded.marked_by, received_at = excluded.received_at",
        )
        .bind(session)
        .bind(mark.person.as_str())
        .bind(mark.name.as_str())
        .bind(Flag(mark.present))
        .bind(mark.tapped_at.millis())
        .bind(by)
        .bind(now().millis())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// `POST /api/v1/sessions/{id}/register`: taps from a leader's phone, merged per person in one
/// transaction. Each mark is checked alone: refused marks are reported with a reason and never hold
/// back the others. Answers with the merged register and one outcome per mark, in the order sent.
#[utoipa::path(
    post,
    path = "/sessions/{id}/register",
    tag = "groups",
    params(("id" = String, Path, description = "The session's id.")),
    request_body = Marks,
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The merged register, and what became of each mark.", body = RegisterReply),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn post_register(
    State(state): State<AppState>,
    Leader(me): Leader,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Marks>,
) -> Result<Json<RegisterReply>, ApiError> {
    let session = led_session(&state.pool, &me.id, &id).await?;
    if body.marks.len() > 500 {
        return Err(ApiError::unprocessable("too_many_marks", "Send at most 500 marks at a time."));
    }
    let now = now();
    let checked: Vec<Result<(), MarkRefusal>> = body.marks.iter().map(|mark| mark.check(now)).collect();
    let mut tx = crate::db::write_tx(&state.pool).await?;
    for (mark, check) in body.marks.iter().zip(&checked) {
        if check.is_ok() {
            apply_mark(&mut tx, &id, mark, Some(&me.id)).await?;
        }
    }
    tx.commit().await?;
    let outcomes = checked.into_iter().map(MarkOutcome::from).collect();
    Ok(Json(RegisterReply { register: register(&state.pool, session).await?, outcomes }))
}

/// `GET /api/v1/sessions/{id}/code`: the session's 6-digit code (made on first request).
#[utoipa::path(
    get,
    path = "/sessions/{id}/code",
    tag = "groups",
    params(("id" = String, Path, description = "The session's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The session's check-in code and when it works.", body = CodeForSession),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn session_code(
    State(state): State<AppState>,
    Leader(me): Leader,
    Path(id): Path<String>,
) -> Result<Json<CodeForSession>, ApiError> {
    let session = led_session(&state.pool, &me.id, &id).await?;
    let existing: Option<(String,)> = sqlx::query_as("SELECT code FROM session_codes WHERE session_id = $1")
        .bind(&id)
        .fetch_optional(&state.pool)
        .await?;
    let code = match existing.and_then(|(c,)| SessionCode::parse(&c).ok()) {
        Some(code) => code,
        None => {
            let bytes = crate::secrets::random_bytes(4)?;
            let code = SessionCode::from_random(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
            sqlx::query("INSERT INTO session_codes (session_id, code, created_at) VALUES ($1, $2, $3)")
                .bind(&id)
                .bind(code.as_str())
                .bind(now().millis())
                .execute(&state.pool)
                .await?;
            code
        }
    };
    let margin = steady_domain::group::CHECK_IN_MARGIN_MINUTES;
    let qr_svg = qrcode::QrCode::new(code.as_str().as_bytes())
        .map_err(ApiError::internal)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(180, 180)
        .build();
    Ok(Json(CodeForSession {
        code,
        opens_at: session.starts_at.plus_minutes(-margin),
        closes_at: session.ends_at.plus_minutes(margin),
        qr_svg,
    }))
}

/// `POST /api/v1/check-in-code`: a linked phone checks in with the code its leader shows. Works from an
/// hour before the session to an hour after it ends; guessing is limited by [`SESSION_CODES`].
#[utoipa::path(
    post,
    path = "/check-in-code",
    tag = "groups",
    request_body = CodeCheckIn,
    security(("device_token" = [])),
    responses(
        (status = 200, description = "Checked in to this session.", body = Session),
        (status = 429, response = openapi::TooManyAttempts),
    )
)]
pub async fn check_in_with_code(
    State(state): State<AppState>,
    device: Device,
    ApiJson(body): ApiJson<CodeCheckIn>,
) -> Result<Json<Session>, ApiError> {
    let now = now();
    crate::throttle::check(&state.pool, &SESSION_CODES, &device.participant_id).await?;
    let sql = format!("{SESSION_SELECT} JOIN session_codes c ON c.session_id = s.id WHERE c.code = $1");
    let candidates: Vec<SessionRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(body.code.as_str()).fetch_all(&state.pool).await?;
    let Some(session) = candidates.into_iter().filter_map(SessionRow::into_session).find(|s| s.check_in_open(now))
    else {
        crate::throttle::failed(&state.pool, &SESSION_CODES, &device.participant_id).await?;
        return Err(ApiError::unprocessable(
            "code_not_open",
            "That code is not open now. Check the numbers with your group leader: codes work from an hour before a session until an hour after it.",
        ));
    };
    let (name,): (String,) = sqlx::query_as("SELECT display_name FROM participants WHERE id = $1")
        .bind(&device.participant_id)
        .fetch_one(&state.pool)
        .await?;
    let name = DisplayName::parse(&name).map_err(ApiError::internal)?;
    let mark = Mark { person: PersonKey::participant(&device.participant_id), name, present: true, tapped_at: now };
    let mut tx = crate::db::write_tx(&state.pool).await?;
    apply_mark(&mut tx, &session.id.0, &mark, None).await?;
    sqlx::query(
        "INSERT INTO group_members (group_id, participant_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(&session.group_id)
    .bind(&device.participant_id)
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Json(session))
}

/// `POST /api/v1/groups/{id}/join` ("I'd like to come") and `DELETE` (no longer).
#[utoipa::path(
    post,
    path = "/groups/{id}/join",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id.")),
    security(("device_token" = [])),
    responses(
        (status = 204, description = "The participant is on the group's list."),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn join(
    State(state): State<AppState>,
    device: Device,
    Path(group): Path<String>,
) -> Result<StatusCode, ApiError> {
    let inserted = sqlx::query(
        "INSERT INTO group_members (group_id, participant_id, joined_at) SELECT id, $1, $2 FROM groups WHERE id = $3 ON CONFLICT DO NOTHING",
    )
    .bind(&device.participant_id)
    .bind(now().millis())
    .bind(&group)
    .execute(&state.pool)
    .await?;
    let exists: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM groups WHERE id = $1").bind(&group).fetch_optional(&state.pool).await?;
    match (inserted.rows_affected(), exists) {
        (_, None) => Err(ApiError::NotFound("There is no such group.")),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}

#[utoipa::path(
    delete,
    path = "/groups/{id}/join",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id.")),
    security(("device_token" = [])),
    responses(
        (status = 204, description = "The participant is no longer on the group's list."),
    )
)]
pub async fn leave(
    State(state): State<AppState>,
    device: Device,
    Path(group): Path<String>,
) -> Result<StatusCode, ApiError> {
    sqlx::query("DELETE FROM group_members WHERE group_id = $1 AND participant_id = $2")
        .bind(&group)
        .bind(&device.participant_id)
        .execute(&state.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
