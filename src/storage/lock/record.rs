//! The lock's record as IndexedDB holds it, read and written by hand rather than through serde: the same
//! shape as before (the lock of a phone set up by an earlier version still opens), for a fraction of the
//! `.wasm` that serde's generic decoder cost (5.7 KB of code for this one record).
//!
//! Stored under `meta` as `{ key: "lock", value: { wrapped: { salt, iterations, iv, wrapped },
//! migration, tries: { failed, last_failed_at }, relock_minutes, quick_exit, passkey: { credential,
//! salt, iv, wrapped } } }`: bytes as arrays of numbers, `migration` "Sealing" or "Opening",
//! `last_failed_at` an RFC 3339 text, and a value that is not there `undefined`. Every field but
//! `wrapped` has a default, so one that is missing (`passkey` came later) reads as its default.

use super::super::crypto::{PasskeyWrap, WrappedKey};
use super::super::schema::LOCK;
use js_sys::{Array, Object, Reflect, Uint8Array};
use steady_domain::lock::{Tries, DEFAULT_RELOCK_MINUTES};
use steady_domain::Timestamp;
use wasm_bindgen::{JsCast, JsValue};

/// Which way records are being converted, while they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::storage) enum Migration {
    Sealing,
    Opening,
}

/// The lock's record, kept in clear. It exists only while the lock is on (or being turned off).
#[derive(Debug, Clone, PartialEq)]
pub(in crate::storage) struct LockRecord {
    pub wrapped: WrappedKey,
    pub migration: Option<Migration>,
    pub tries: Tries,
    pub relock_minutes: u32,
    pub quick_exit: bool,
    /// The data key wrapped for unlocking with the phone's fingerprint or face, when that is on.
    pub passkey: Option<PasskeyWrap>,
}

impl LockRecord {
    /// The record as stored under `meta`.
    pub fn to_js(&self) -> JsValue {
        let wrapped = &self.wrapped;
        let wrapped = object(&[
            ("salt", bytes_to_js(&wrapped.salt)),
            ("iterations", wrapped.iterations.into()),
            ("iv", bytes_to_js(&wrapped.iv)),
            ("wrapped", bytes_to_js(&wrapped.wrapped)),
        ]);
        let migration = self.migration.map(|m| if m == Migration::Sealing { "Sealing" } else { "Opening" });
        let last_failed_at = self.tries.last_failed_at.map(String::from);
        let passkey = self.passkey.as_ref().map(|p| {
            object(&[
                ("credential", bytes_to_js(&p.credential)),
                ("salt", bytes_to_js(&p.salt)),
                ("iv", bytes_to_js(&p.iv)),
                ("wrapped", bytes_to_js(&p.wrapped)),
            ])
        });
        let value = object(&[
            ("wrapped", wrapped),
            ("migration", migration.into()),
            ("tries", object(&[("failed", self.tries.failed.into()), ("last_failed_at", last_failed_at.into())])),
            ("relock_minutes", self.relock_minutes.into()),
            ("quick_exit", self.quick_exit.into()),
            ("passkey", passkey.unwrap_or(JsValue::UNDEFINED)),
        ]);
        object(&[("key", LOCK.into()), ("value", value)])
    }

    /// The record from its stored form; `None` if it is not one (as serde refused such a record).
    pub fn from_js(stored: &JsValue) -> Option<Self> {
        let value = get(stored, "value");
        get(stored, "key").as_string()?;
        let wrapped = get(&value, "wrapped");
        let wrapped = WrappedKey {
            salt: bytes(get(&wrapped, "salt"))?,
            iterations: number(get(&wrapped, "iterations"))?,
            iv: bytes(get(&wrapped, "iv"))?,
            wrapped: bytes(get(&wrapped, "wrapped"))?,
        };
        let migration = match get(&value, "migration").as_string().as_deref() {
            None => None,
            Some("Sealing") => Some(Migration::Sealing),
            Some("Opening") => Some(Migration::Opening),
            Some(_) => return None,
        };
        let tries = get(&value, "tries");
        let tries = match tries.is_undefined() {
            true => Tries::default(),
            false => Tries {
                failed: number(get(&tries, "failed"))?,
                last_failed_at: match get(&tries, "last_failed_at").as_string() {
                    Some(text) => Some(Timestamp::try_from(text).ok()?),
                    None => None,
                },
            },
        };
        let passkey = get(&value, "passkey");
        let passkey = match passkey.is_undefined() || passkey.is_null() {
            true => None,
            false => Some(PasskeyWrap {
                credential: bytes(get(&passkey, "credential"))?,
                salt: bytes(get(&passkey, "salt"))?,
                iv: bytes(get(&passkey, "iv"))?,
                wrapped: bytes(get(&passkey, "wrapped"))?,
            }),
        };
        let relock_minutes = get(&value, "relock_minutes");
        let quick_exit = get(&value, "quick_exit");
        Some(LockRecord {
            wrapped,
            migration,
            tries,
            relock_minutes: if relock_minutes.is_undefined() {
                DEFAULT_RELOCK_MINUTES
            } else {
                number(relock_minutes)?
            },
            quick_exit: if quick_exit.is_undefined() { false } else { quick_exit.as_bool()? },
            passkey,
        })
    }
}

fn get(from: &JsValue, key: &str) -> JsValue {
    Reflect::get(from, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let out = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&out, &(*key).into(), value);
    }
    out.into()
}

/// Bytes as an array of numbers, as serde stored a `Vec<u8>`.
fn bytes_to_js(bytes: &[u8]) -> JsValue {
    Array::from(&Uint8Array::from(bytes)).into()
}

/// Bytes from an array of numbers (or bytes held by the browser). Only Steady writes this record, so
/// each number is a byte.
fn bytes(value: JsValue) -> Option<Vec<u8>> {
    (Array::is_array(&value) || value.is_instance_of::<Uint8Array>()).then(|| Uint8Array::new(&value).to_vec())
}

/// A whole number that fits a `u32`.
fn number(value: JsValue) -> Option<u32> {
    value.as_f64().filter(|n| (0.0..=f64::from(u32::MAX)).contains(n) && n.fract() == 0.0).map(|n| n as u32)
}
