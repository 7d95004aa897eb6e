//! OpenAPI schemas of the types whose JSON is not their Rust shape (a [`Timestamp`] is an RFC 3339
//! string, a [`Rating`] a whole number from 0 to 10, ...), so the server's API document describes the
//! real wire format. Built only with the `openapi` feature: the server turns it on, the PWA leaves it off.

use crate::attendance::{PersonKey, SessionCode};
use crate::enrolment::{DisplayName, PairingCode, PAIRING_CODE_LEN};
use crate::entry::{CheckIn, EntryBody, EntryId, QuickLog};
use crate::note::Note;
use crate::ons4::Ons4Response;
use crate::rating::Rating;
use crate::referral::{NhsNumber, OdsCode, PhoneNumber};
use crate::time::{Day, Timestamp};
use utoipa::openapi::schema::{
    AdditionalProperties, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// Names `$type`'s schema in the document's components, built by `$schema`.
macro_rules! wire_schema {
    ($type:ty, $schema:expr) => {
        impl PartialSchema for $type {
            fn schema() -> RefOr<Schema> {
                $schema.into()
            }
        }
        impl ToSchema for $type {}
    };
}

fn string(description: &str, example: &str) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).description(Some(description)).examples([example])
}

fn format(format: KnownFormat) -> Option<SchemaFormat> {
    Some(SchemaFormat::KnownFormat(format))
}

wire_schema!(
    Timestamp,
    string("An instant, as RFC 3339; the server answers in UTC to the millisecond.", "2026-11-25T10:00:00Z")
        .format(format(KnownFormat::DateTime))
);
wire_schema!(Day, string("A calendar day.", "2026-11-25").format(format(KnownFormat::Date)));
wire_schema!(
    Rating,
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .description(Some("A self-rating: a whole number from 0 to 10."))
        .minimum(Some(Rating::MIN))
        .maximum(Some(Rating::MAX))
        .examples([7])
);
wire_schema!(
    EntryId,
    string("The UUID the phone gave the entry when it was made.", "1b4e28ba-2fa1-41d2-883f-0016d3cca427")
        .format(Some(SchemaFormat::Custom("uuid".into())))
);
wire_schema!(
    Note,
    string("Free text; spaces around it are removed, and what is left must not be empty.", "A good walk.")
        .min_length(Some(1))
        .max_length(Some(Note::MAX_CHARS))
);
wire_schema!(
    DisplayName,
    string("A name or reference the participant and link worker recognise; spaces around it are removed.", "Sam R")
        .min_length(Some(1))
        .max_length(Some(80))
);
wire_schema!(
    PairingCode,
    string(
        "A one-time linking code: 8 letters and digits without 0, 1, I, L or O. Accepted in any case, with \
         spaces or dashes; sent back upper case without them.",
        "7KQ4MZ2P",
    )
    .min_length(Some(PAIRING_CODE_LEN))
);
wire_schema!(
    SessionCode,
    string("A session's check-in code: 6 digits (spaces are ignored).", "042137").min_length(Some(6))
);
wire_schema!(
    PersonKey,
    string("A register line: `p:<participant id>` for someone enrolled, `w:<walk-in id>` for a walk-in.", "w:7")
        .pattern(Some("^[pw]:[A-Za-z0-9-]{1,62}$"))
);

wire_schema!(
    OdsCode,
    string("An organisation's ODS code: 3 to 10 letters and digits, sent back upper case.", "A81001")
        .pattern(Some("^\\s*[A-Za-z0-9]{3,10}\\s*$"))
);
wire_schema!(
    PhoneNumber,
    string(
        "A phone number: 10 to 15 digits, optionally after +; spaces, dashes and brackets are ignored.",
        "07700 900123"
    )
    .min_length(Some(10))
    .max_length(Some(40))
);
wire_schema!(
    NhsNumber,
    string("An NHS number: 10 digits with a valid check digit; spaces are ignored.", "943 476 5919")
        .min_length(Some(10))
        .max_length(Some(20))
);

/// An entry's body is its kind's fields with `kind` naming the kind, and nothing else. By hand, because
/// the derived schema puts the kind's schema, which refuses other fields, and `kind` side by side in an
/// `allOf` that no body could match.
impl PartialSchema for EntryBody {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .description(Some("The three kinds of entry, named by `kind`."))
            .item(tagged("quick_log", QuickLog::schema()))
            .item(tagged("check_in", CheckIn::schema()))
            .item(tagged("ons4", Ons4Response::schema()))
            .into()
    }
}

impl ToSchema for EntryBody {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        QuickLog::schemas(schemas);
        CheckIn::schemas(schemas);
        Ons4Response::schemas(schemas);
    }
}

/// A kind's object schema with the `kind` tag added, refusing any other field.
fn tagged(kind: &str, schema: RefOr<Schema>) -> RefOr<Schema> {
    let RefOr::T(Schema::Object(mut object)) = schema else {
        return schema;
    };
    let tag = ObjectBuilder::new().schema_type(Type::String).enum_values(Some([kind]));
    object.properties.insert("kind".into(), tag.into());
    object.required.push("kind".into());
    object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
    RefOr::T(Schema::Object(object))
}
