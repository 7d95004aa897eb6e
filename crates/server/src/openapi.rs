//! The OpenAPI document of the JSON API, served at `GET /api/v1/openapi.json` so clients can be
//! generated from it. Paths come from the `#[utoipa::path]` on each handler (the router is built from
//! the same annotations, see [`crate::routes`]); this module holds what they share: the error
//! responses, the two ways of signing in, and the responses every operation of a kind can give.

use axum::Json;
use std::sync::LazyLock;
use steady_domain::api::ApiError as ErrorBody;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{OpenApi, Ref, RefOr};
use utoipa::{Modify, ToResponse};

/// The security scheme of a signed-in staff member: the session cookie set by sign-in.
pub const STAFF: &str = "staff_session";
/// The security scheme of a linked phone: its device token as a bearer token.
pub const DEVICE: &str = "device_token";
/// The security scheme of a referring organisation: its API key as a bearer token.
pub const REFERRER: &str = "referrer_key";

/// The request could not be understood: the body is not JSON (`invalid_json`, `not_json`) or a query
/// parameter is wrong (`invalid_query`, `invalid_range`, ...; the code names it).
#[derive(ToResponse)]
pub struct BadRequest(pub ErrorBody);

/// No staff session (`not_signed_in`): sign in first. Sessions last 8 hours.
#[derive(ToResponse)]
pub struct NotSignedIn(pub ErrorBody);

/// No device token (`not_linked`), or the link worker ended the link (`link_ended`).
#[derive(ToResponse)]
pub struct NotLinked(pub ErrorBody);

/// No API key, or not one `steady-server referrer add` issued (`not_a_referrer`).
#[derive(ToResponse)]
pub struct NotAReferrer(pub ErrorBody);

/// Signed in, but this role may not do this (`forbidden`).
#[derive(ToResponse)]
pub struct Forbidden(pub ErrorBody);

/// No such thing, or not one this caller may know about (`not_found`).
#[derive(ToResponse)]
pub struct NotFound(pub ErrorBody);

/// The request conflicts with what is stored: a code or link already used or expired; the code says which.
#[derive(ToResponse)]
pub struct Conflict(pub ErrorBody);

/// The body is over the limit (`too_large`): 256 KiB for a sync batch, 16 KiB anywhere else.
#[derive(ToResponse)]
pub struct TooLarge(pub ErrorBody);

/// Well-formed, but the values break a rule: `invalid_fields` for a wrong or unknown field, or a code
/// naming the rule.
#[derive(ToResponse)]
pub struct Unprocessable(pub ErrorBody);

/// Too many attempts (`too_many_attempts`); try again later.
#[derive(ToResponse)]
#[response(headers(("Retry-After" = u64, description = "Seconds to wait before trying again.")))]
pub struct TooManyAttempts(pub ErrorBody);

/// Something failed on the server (`internal`); the details are only logged.
#[derive(ToResponse)]
pub struct Internal(pub ErrorBody);

/// What every operation shares: the description, the error body and responses, the security schemes.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Steady API",
        description = "The JSON API of Steady, the offline-first companion app for social prescribing. \
            Every error answers with an `ApiError` body: a stable `code` and a plain-English `message`."
    ),
    components(
        schemas(ErrorBody),
        responses(BadRequest, NotSignedIn, NotLinked, NotAReferrer, Forbidden, NotFound, Conflict, TooLarge, Unprocessable, TooManyAttempts, Internal)
    ),
    modifiers(&SecuritySchemes)
)]
pub struct Base;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            STAFF,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "The session cookie `POST /api/v1/staff/sign-in` sets (HttpOnly, SameSite=Strict).",
            ))),
        );
        let bearer = |description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some(description)).build(),
            )
        };
        components.add_security_scheme(DEVICE, bearer("The device token `POST /api/v1/pair` gives a linked phone."));
        components.add_security_scheme(
            REFERRER,
            bearer("A referring organisation's API key, from `steady-server referrer add`."),
        );
    }
}

/// Adds the responses that follow from how handlers are built rather than from what each one does:
/// any operation can fail with 500; one with a JSON body (read by `ApiJson`) with 400, 413 and 422;
/// one that needs a caller (the `Staff`, `LinkWorker`, `Device` or `Referrer` extractor) with 401.
pub fn add_shared_responses(openapi: &mut OpenApi) {
    let needs = |scheme: &str| SecurityRequirement::new(scheme, Vec::<String>::new());
    let (staff, device, referrer) = (needs(STAFF), needs(DEVICE), needs(REFERRER));
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
            &mut item.query,
        ];
        for operation in operations.into_iter().flatten() {
            let mut shared = vec![("500", "Internal")];
            if operation.request_body.is_some() {
                shared.extend([("400", "BadRequest"), ("413", "TooLarge"), ("422", "Unprocessable")]);
            }
            for requirement in operation.security.iter().flatten() {
                if *requirement == staff {
                    shared.push(("401", "NotSignedIn"));
                }
                if *requirement == device {
                    shared.push(("401", "NotLinked"));
                }
                if *requirement == referrer {
                    shared.push(("401", "NotAReferrer"));
                }
            }
            for (status, response) in shared {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(response)));
            }
        }
    }
}

/// The document, built once.
static DOCUMENT: LazyLock<OpenApi> = LazyLock::new(crate::routes::openapi);

/// `GET /api/v1/openapi.json`: this API's OpenAPI document.
#[utoipa::path(
    get,
    operation_id = "openapi_document",
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI document of this API.", body = Object))
)]
pub async fn document() -> Json<&'static OpenApi> {
    Json(&DOCUMENT)
}
