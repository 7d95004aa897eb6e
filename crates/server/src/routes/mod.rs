//! The JSON API under `/api/v1`, one module per resource.

pub mod admin;
pub mod calendar;
pub mod check_in_code;
pub mod devices;
pub mod fhir_service_request;
pub mod leader_sessions;
pub mod membership;
pub mod participants;
pub mod referrals;
pub mod register;
pub mod reports;
pub mod review;
pub mod sessions;
pub mod staff;

use crate::error::ApiError;
use crate::openapi;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::Router;
use steady_domain::sync::MAX_BODY_BYTES;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Where the API is mounted.
pub const PREFIX: &str = "/api/v1";

/// The answer to a path the API does not have.
pub const NO_SUCH_ENDPOINT: ApiError = ApiError::NotFound("There is no such API endpoint.");

/// The largest body any other endpoint accepts.
const SMALL_BODY_BYTES: usize = 16 * 1024;

/// Every endpoint with its documentation. `routes!` takes each handler's method and path from its
/// `#[utoipa::path]`, so the router and the OpenAPI document come from the same annotations: an
/// endpoint cannot be routed without being documented, nor documented at a path it is not routed at.
fn documented() -> OpenApiRouter<AppState> {
    let sync = OpenApiRouter::new().routes(routes!(devices::sync)).layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    OpenApiRouter::with_openapi(openapi::Base::openapi())
        .routes(routes!(sessions::list))
        .routes(routes!(staff::sign_in))
        .routes(routes!(staff::sign_out))
        .routes(routes!(staff::me))
        .routes(routes!(staff::set_password))
        .routes(routes!(participants::list, participants::create))
        .routes(routes!(review::caseload))
        .routes(routes!(review::detail))
        .routes(routes!(review::add_review))
        .routes(routes!(review::fhir))
        .routes(routes!(admin::access_log))
        .routes(routes!(admin::leaders))
        .routes(routes!(reports::report))
        .routes(routes!(reports::referral_funnel))
        .routes(routes!(referrals::inbox, referrals::create))
        .routes(routes!(referrals::assignees))
        .routes(routes!(referrals::closed))
        .routes(routes!(referrals::show))
        .routes(routes!(referrals::assign))
        .routes(routes!(referrals::add_attempt))
        .routes(routes!(referrals::record_outcome))
        .routes(routes!(referrals::gp_bundle))
        .routes(routes!(fhir_service_request::create))
        .routes(routes!(fhir_service_request::read_status))
        .routes(routes!(participants::new_code))
        .routes(routes!(participants::unlink))
        .routes(routes!(participants::entries))
        .routes(routes!(leader_sessions::assign_leader))
        .routes(routes!(leader_sessions::create_session))
        .routes(routes!(membership::join, membership::leave))
        .routes(routes!(calendar::group_feed))
        .routes(routes!(leader_sessions::leader_sessions))
        .routes(routes!(leader_sessions::leader_groups))
        .routes(routes!(leader_sessions::change_session))
        .routes(routes!(register::get_register, register::post_register))
        .routes(routes!(check_in_code::session_code))
        .routes(routes!(check_in_code::check_in_with_code))
        .routes(routes!(devices::pair))
        .routes(routes!(devices::status))
        .routes(routes!(devices::withdraw))
        .routes(routes!(openapi::document))
        .layer(DefaultBodyLimit::max(SMALL_BODY_BYTES))
        .merge(sync)
}

pub fn api(state: AppState) -> Router {
    let (router, _) = documented().split_for_parts();
    router
        .fallback(|| async { NO_SUCH_ENDPOINT })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .with_state(state)
}

/// The OpenAPI document of [`api`], with its paths as mounted under [`PREFIX`].
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut document) = documented().split_for_parts();
    document.paths.paths =
        document.paths.paths.into_iter().map(|(path, item)| (format!("{PREFIX}{path}"), item)).collect();
    openapi::add_shared_responses(&mut document);
    document
}
