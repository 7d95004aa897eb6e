//! The one place where a participant's record becomes what IndexedDB stores, and back.
//!
//! Without the lock, a record is stored as a plain object, as Steady always has. With the lock on, a
//! personal record is stored as `{ <key path>: <key>, sealed: <bytes> }`: its JSON encrypted with
//! AES-GCM under the data key ([`super::crypto`]), with the store's name and the record's key as
//! associated data, so a sealed record cannot be moved to another record's place. What stays in clear:
//! the keys (entries and outbox items are keyed by random UUIDs; settings by fixed names such as
//! "sharing"), the public schedule, when it was fetched, and the lock's own record (salt, rounds, the
//! wrapped key, wrong tries, idle time). None of them says anything about the person.
//!
//! Entries are sealed many to a record ([`super::blocks`]); a block opens to its entries here.
//!
//! Both shapes are always read, so a store part-way through turning the lock on or off reads whole.

use super::blocks;
use super::crypto::{self, DataKey};
use super::schema::{ENTRIES, LOCK, META, SCHEDULE, SCHEDULE_FETCHED_AT};
use super::{raw_json, Decoded, StorageError};
use js_sys::{JsString, Uint8Array};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    // The browser's own UTF-8 and JSON, so a record's text never has to be copied into the `.wasm`.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsString) -> Uint8Array;
    type TextDecoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextDecoder;
    #[wasm_bindgen(method)]
    fn decode(this: &TextDecoder, bytes: &JsValue) -> JsString;
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_text(text: &JsString) -> Result<JsValue, JsValue>;
}

const SEALED: &str = "sealed";

/// Whether records can be read, and how new ones are written.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Keys {
    /// No lock: records are written plain.
    #[default]
    Plain,
    /// The lock is on and the data key is not in memory: nothing personal can be read or written.
    Locked,
    /// Unlocked: sealed records can be read; new ones are sealed when `seal_writes` (the lock is on or
    /// being turned on) and written plain while it is being turned off.
    Open { key: DataKey, seal_writes: bool },
}

/// Stored records as [`Codec::open_records`] opens them: each stored value (to report if it does not
/// decode) beside its plain object, or why it cannot be read.
pub type Opened = Vec<(JsValue, Result<JsValue, String>)>;

/// The codec over one database: clones share the keys, so locking it locks every handle.
#[derive(Debug, Clone, Default)]
pub struct Codec {
    keys: Rc<RefCell<Keys>>,
}

/// Which records are personal (so sealed when the lock is on): everything in every store except the
/// public schedule and the clear settings named in the module's docs.
pub fn is_personal(store: &str, key: &str) -> bool {
    store != SCHEDULE && !(store == META && (key == LOCK || key == SCHEDULE_FETCHED_AT))
}

/// The property a store's records are keyed by.
fn key_path(store: &str) -> &'static str {
    if store == META {
        "key"
    } else {
        "id"
    }
}

/// The record's key, read from its stored form.
pub fn key_of(store: &str, value: &JsValue) -> String {
    js_sys::Reflect::get(value, &key_path(store).into()).ok().and_then(|k| k.as_string()).unwrap_or_default()
}

/// The encrypted bytes of a stored record, if it is sealed.
pub fn sealed_bytes(value: &JsValue) -> Option<Uint8Array> {
    js_sys::Reflect::get(value, &SEALED.into()).ok()?.dyn_into::<Uint8Array>().ok()
}

fn associated(store: &str, key: &str) -> Vec<u8> {
    format!("steady/{store}/{key}").into_bytes()
}

/// A record as the plain object it is stored as without the lock. (The only generic step of writing one:
/// sealing is not generic, so the `.wasm` holds it once.)
pub fn plain(value: &impl Serialize) -> Result<JsValue, StorageError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| StorageError::Failed(e.to_string()))
}

/// Many records as plain objects (see [`plain`]).
pub fn plain_all<T: Serialize>(records: &[T]) -> Result<Vec<JsValue>, StorageError> {
    records.iter().map(plain).collect()
}

impl Codec {
    pub fn keys(&self) -> Keys {
        self.keys.borrow().clone()
    }

    pub fn set(&self, keys: Keys) {
        *self.keys.borrow_mut() = keys;
    }

    pub fn is_locked(&self) -> bool {
        matches!(*self.keys.borrow(), Keys::Locked)
    }

    /// The key to encrypt new records with, if they are to be sealed.
    fn sealing_key(&self) -> Result<Option<DataKey>, StorageError> {
        match &*self.keys.borrow() {
            Keys::Plain | Keys::Open { seal_writes: false, .. } => Ok(None),
            Keys::Locked => Err(StorageError::Locked),
            Keys::Open { key, seal_writes: true } => Ok(Some(key.clone())),
        }
    }

    /// The stored forms of many records for `store` (plain objects, see [`plain`]): those that are
    /// personal sealed if the lock is on, encrypted side by side. No records need no key, so asking to
    /// seal none is never refused.
    pub async fn seal_values(&self, store: &str, mut values: Vec<JsValue>) -> Result<Vec<JsValue>, StorageError> {
        if values.is_empty() {
            return Ok(values);
        }
        let Some(data_key) = self.sealing_key()? else { return Ok(values) };
        let encoder = TextEncoder::new();
        // Where each personal record is, and its key; the rest are written as they are.
        let mut personal = Vec::new();
        let mut items = Vec::new();
        for (at, value) in values.iter().enumerate() {
            let key = key_of(store, value);
            if is_personal(store, &key) {
                let json = js_sys::JSON::stringify(value).map_err(|e| StorageError::Failed(format!("{e:?}")))?;
                items.push((associated(store, &key), encoder.encode(&json)));
                personal.push((at, key));
            }
        }
        // One answer for each item, in order.
        let sealed = crypto::encrypt_all(&data_key, &items).await?;
        for ((at, key), sealed) in personal.into_iter().zip(sealed) {
            values[at] = sealed_record(store, &key, &sealed)?;
        }
        Ok(values)
    }

    /// Each record in `raw` as a plain object (or why it cannot be read), beside the value to report if
    /// it does not decode: a block gives each of its entries, before the records stored on their own.
    /// (Not generic, so the `.wasm` holds it once, not once per record type.)
    pub async fn open_records(&self, store: &str, raw: Vec<JsValue>) -> Result<Opened, StorageError> {
        let opened = self.open_values(store, &raw).await?;
        // Only an unlocked codec opens blocks: without the lock, plain records are not looked at twice.
        let blocks_open = store == ENTRIES && matches!(self.keys(), Keys::Open { .. });
        let mut records = Vec::new();
        let mut own_records = Vec::new();
        for (value, plain) in raw.into_iter().zip(opened) {
            match plain {
                Ok(block) if blocks_open && blocks::is_block(store, &key_of(store, &value)) => {
                    records.extend(blocks::entries_in(&block).iter().map(|entry| (entry.clone(), Ok(entry))))
                }
                plain => own_records.push((value, plain)),
            }
        }
        // After the blocks: an entry also stored on its own was written there later (by a tab that did
        // not know of the lock), and the later copy of an id is the one kept.
        records.extend(own_records);
        Ok(records)
    }

    /// Each stored value as a plain object: sealed ones decrypted (all side by side in the browser),
    /// plain ones as they are. While locked, nothing personal is read.
    pub async fn open_values(
        &self,
        store: &str,
        raw: &[JsValue],
    ) -> Result<Vec<Result<JsValue, String>>, StorageError> {
        let key = match self.keys() {
            Keys::Locked if raw.iter().any(|v| is_personal(store, &key_of(store, v))) => {
                return Err(StorageError::Locked)
            }
            Keys::Open { key, .. } => Some(key),
            _ => None,
        };
        let items: Vec<(Vec<u8>, Uint8Array)> = raw
            .iter()
            .filter_map(|value| Some((associated(store, &key_of(store, value)), sealed_bytes(value)?)))
            .collect();
        let mut opened = match &key {
            Some(key) if !items.is_empty() => crypto::decrypt_all(key, &items).await,
            _ => items.iter().map(|_| Err("sealed, but the lock is off".to_string())).collect(),
        }
        .into_iter();
        let decoder = TextDecoder::new();
        Ok(raw
            .iter()
            .map(|value| match sealed_bytes(value) {
                None => Ok(value.clone()),
                Some(_) => opened
                    .next()
                    .unwrap_or_else(|| Err("missing".into()))
                    .and_then(|plain| parse_text(&decoder.decode(&plain)).map_err(|e| format!("{e:?}"))),
            })
            .collect())
    }

    /// Whether a stored value is in the wrong shape for the lock as it is now.
    /// Entries are sealed in blocks ([`blocks`]): with the lock on, an entry not in a block needs
    /// converting, and with it off, every sealed record of them does.
    pub fn needs_conversion(&self, store: &str, value: &JsValue) -> bool {
        let sealing = matches!(*self.keys.borrow(), Keys::Open { seal_writes: true, .. });
        let key = key_of(store, value);
        let sealed = sealed_bytes(value).is_some();
        match store {
            ENTRIES if sealing => !blocks::is_block(store, &key),
            _ => (sealing && is_personal(store, &key)) != sealed,
        }
    }

    /// Stored values rewritten for the lock as it is now: sealed when they should be and are not, plain
    /// when they should not be and are. Values already right are left out, and so are those that cannot
    /// be read (they stay as they are, to be reported and exported as unreadable).
    pub async fn convert_all(&self, store: &str, raw: Vec<JsValue>) -> Result<Vec<JsValue>, StorageError> {
        let wrong: Vec<JsValue> = raw.into_iter().filter(|v| self.needs_conversion(store, v)).collect();
        let plain = self.open_values(store, &wrong).await?.into_iter().filter_map(Result::ok).collect();
        self.seal_values(store, plain).await
    }
}

/// Each record opened by [`Codec::open_records`], decoded as a `T`: what decodes, and the raw JSON of
/// what does not (kept, never deleted). Only the decoding itself is generic; the rest is [`decode_with`].
pub fn decode_all<T: DeserializeOwned>(store: &str, opened: Opened) -> Decoded<T> {
    let mut records = Vec::new();
    let unreadable = decode_with(store, opened, &mut |plain| {
        records.push(serde_wasm_bindgen::from_value::<T>(plain).map_err(|e| e.to_string())?);
        Ok(())
    });
    Decoded { records, unreadable }
}

/// Hands each opened record to `decode`, and answers the raw JSON of those it could not read (each one
/// logged). Not generic, so the `.wasm` holds this loop once, not once per record type.
fn decode_with(store: &str, opened: Opened, decode: &mut dyn FnMut(JsValue) -> Result<(), String>) -> Vec<String> {
    let mut unreadable = Vec::new();
    for (value, plain) in opened {
        if let Err(e) = plain.and_then(&mut *decode) {
            gloo::console::warn!(format!("Skipping an unreadable record in '{store}': {e}"));
            unreadable.push(raw_json(&value));
        }
    }
    unreadable
}

/// A sealed record: its key in clear (the store's key path) and its encrypted JSON.
fn sealed_record(store: &str, key: &str, sealed: &Uint8Array) -> Result<JsValue, StorageError> {
    let out = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&out, &k.into(), v).map(drop);
    set(key_path(store), &key.into())
        .and_then(|_| set(SEALED, sealed))
        .map_err(|e| StorageError::Failed(format!("{e:?}")))?;
    Ok(out.into())
}
