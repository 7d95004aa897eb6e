//! With the lock on, entries are sealed in a few blocks instead of one by one: opening History after
//! unlocking then reads and decrypts 16 records, not one per entry (10,000 entries took 10,000 reads and
//! decryptions, about half a second; 16 blocks take a few milliseconds).
//!
//! An entry's block is chosen by a hash of its id ([`block_of`]), never by its date, so nothing in clear
//! says when entries were made or how many there were in a month: the 16 block keys are the same for
//! everyone, and their sizes say only about how many entries there are in all (as the number of records
//! did before). A block is stored as any sealed record is ([`super::codec`]): `{ id: "block-07", sealed }`,
//! whose plaintext is `{ id: "block-07", entries: [ <entry>, … ] }`.
//!
//! An entry lives in one place: a block, or a record of its own (plain while the lock is off; sealed on
//! its own if its block cannot be read, so a damaged block is kept as it is and never written over).
//! Every write of an entry goes through [`Storage::entry_writes`], which reads the blocks it touches and
//! works out the whole change; the caller writes it in one readwrite transaction while holding the
//! database's lock, so a block's read-change-write cannot interleave with another.

use super::codec::{self, Keys};
use super::schema::ENTRIES;
use super::{Storage, StorageError};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

/// How many blocks the entries are spread over.
const BLOCKS: u32 = 16;
const PREFIX: &str = "block-";
const ENTRIES_FIELD: &str = "entries";

/// The key of the block an entry belongs in: an FNV-1a hash of its id, so entries spread evenly
/// whatever their ids look like.
pub fn block_of(id: &str) -> String {
    format!("{PREFIX}{:02}", number_of(id))
}

fn number_of(id: &str) -> usize {
    let hash = id.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    (hash % BLOCKS) as usize
}

/// The entries with these ids, a group for each block they belong in.
pub fn by_block(ids: Vec<String>) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = (0..BLOCKS).map(|_| Vec::new()).collect();
    for id in ids {
        groups[number_of(&id)].push(id);
    }
    groups.retain(|group| !group.is_empty());
    groups
}

/// The blocks the entries with these ids belong in, each once.
pub fn blocks_of(ids: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for key in ids.iter().map(|id| block_of(id)) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Whether a record of `store` under `key` is a block of entries.
pub fn is_block(store: &str, key: &str) -> bool {
    store == ENTRIES && key.starts_with(PREFIX)
}

/// The entries in an opened block (none if it is not a block's plaintext).
pub fn entries_in(block: &JsValue) -> Array {
    js_sys::Reflect::get(block, &ENTRIES_FIELD.into())
        .ok()
        .filter(Array::is_array)
        .map(JsCast::unchecked_into)
        .unwrap_or_default()
}

/// An opened block holding `entries`, ready to be sealed.
fn block(key: &str, entries: &Array) -> Result<JsValue, StorageError> {
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &"id".into(), &key.into())
        .and_then(|_| js_sys::Reflect::set(&out, &ENTRIES_FIELD.into(), entries))
        .map_err(|e| StorageError::Failed(format!("{e:?}")))?;
    Ok(out.into())
}

/// The entries of the block `key` among `blocks` (`None` inside if it cannot be read), if it is there.
fn slot<'a>(blocks: &'a mut [(String, Option<Array>)], key: &str) -> Option<&'a mut Option<Array>> {
    blocks.iter_mut().find(|(k, _)| k == key).map(|(_, entries)| entries)
}

/// A change to the entries store, worked out beforehand so it can be written in one transaction.
#[derive(Debug, Default)]
pub struct Writes {
    deletes: Vec<String>,
    puts: Vec<JsValue>,
}

impl Writes {
    pub fn puts(puts: Vec<JsValue>) -> Self {
        Writes { deletes: Vec::new(), puts }
    }

    pub fn deletes(deletes: Vec<String>) -> Self {
        Writes { deletes, puts: Vec::new() }
    }

    /// How many records it changes.
    pub fn len(&self) -> usize {
        self.deletes.len() + self.puts.len()
    }

    /// Writes it, inside the caller's readwrite transaction: deletes first (the browser does requests
    /// in the order they are made), so a record put under a deleted key stays. The answers are not
    /// awaited one by one, so the browser does the writes one after another without waiting on the app
    /// in between (10,000 awaited one by one took seconds); one that fails aborts the transaction, which
    /// the caller's commit reports.
    pub fn apply(&self, store: &ObjectStore<'_>) -> Result<(), StorageError> {
        for key in &self.deletes {
            drop(store.delete(key.as_str()).primitive()?);
        }
        for value in &self.puts {
            drop(store.put(value).primitive()?);
        }
        Ok(())
    }
}

impl Storage {
    /// What to write to store the entries `put` (plain objects, as [`codec`] makes them) and remove the
    /// entries `removed`, in the shape the lock wants now. Without the lock, just that. With it on, each
    /// entry touched leaves its block and its own record, and the entries put join their blocks. While
    /// the lock is being turned off, each block touched is opened into plain records. Entries in
    /// `sealed_alone` are stored sealed on their own already: if their block cannot be read they are
    /// left where they are. Only while holding the database's lock ([`Storage::hold`]).
    pub(super) async fn entry_writes(
        &self,
        put: Vec<JsValue>,
        removed: Vec<String>,
        sealed_alone: &[String],
    ) -> Result<Writes, StorageError> {
        let sealing = match self.codec.keys() {
            Keys::Plain => return Ok(Writes { deletes: removed, puts: put }),
            Keys::Locked => return Err(StorageError::Locked),
            Keys::Open { seal_writes, .. } => seal_writes,
        };
        let mut touched: Vec<String> = put.iter().map(|v| codec::key_of(ENTRIES, v)).chain(removed).collect();
        // Sorted, so checking each of a block's entries is a binary search, not a scan of 500 ids.
        steady_domain::order::sort_by(&mut touched, Ord::cmp);
        // Each touched block's other entries; `None` for one that cannot be read (kept as it is).
        let keys = blocks_of(&touched);
        let raw = self.raw_by_keys(ENTRIES, &keys).await?;
        let mut blocks: Vec<(String, Option<Array>)> = keys.into_iter().map(|key| (key, Some(Array::new()))).collect();
        for (value, opened) in raw.iter().zip(self.codec.open_values(ENTRIES, &raw).await?) {
            let key = codec::key_of(ENTRIES, value);
            if let Some(slot) = slot(&mut blocks, &key) {
                *slot = opened.ok().map(|plain| {
                    entries_in(&plain)
                        .iter()
                        .filter(|e| touched.binary_search(&codec::key_of(ENTRIES, e)).is_err())
                        .collect()
                });
            }
        }
        let mut writes = Writes::default();
        if !sealing {
            for (key, others) in blocks {
                if let Some(others) = others {
                    writes.puts.extend(others.iter());
                    writes.deletes.push(key);
                }
            }
            writes.deletes.extend(touched);
            writes.puts.extend(put);
            return Ok(writes);
        }
        let mut alone = Vec::new();
        for value in put {
            let id = codec::key_of(ENTRIES, &value);
            let key = block_of(&id);
            match slot(&mut blocks, &key).and_then(Option::as_mut) {
                Some(entries) => {
                    entries.push(&value);
                }
                _ if sealed_alone.contains(&id) => touched.retain(|t| *t != id),
                _ => alone.push(value),
            }
        }
        let mut opened = Vec::new();
        for (key, entries) in blocks {
            match entries {
                Some(entries) if entries.length() == 0 => writes.deletes.push(key),
                Some(entries) => opened.push(block(&key, &entries)?),
                None => {}
            }
        }
        writes.deletes.extend(touched);
        opened.extend(alone);
        writes.puts = self.codec.seal_values(ENTRIES, opened).await?;
        Ok(writes)
    }

    /// What to write to bring the entries stored as `raw` into the shape the lock wants now (see
    /// [`codec::Codec::needs_conversion`]): while it is being turned on, plain entries (and entries
    /// sealed on their own) join their blocks; while it is being turned off, blocks and entries sealed
    /// on their own become plain records, except where a plain record of the entry is already stored
    /// (written since, so newer). What cannot be read stays as it is. Only while holding the database's lock ([`Storage::hold`]).
    pub(super) async fn entry_conversion(&self, raw: Vec<JsValue>) -> Result<Writes, StorageError> {
        let sealing = matches!(self.codec.keys(), Keys::Open { seal_writes: true, .. });
        let opened = self.codec.open_values(ENTRIES, &raw).await?;
        let mut plain = Vec::new();
        let mut sealed_alone = Vec::new();
        let mut writes = Writes::default();
        for (value, opened) in raw.iter().zip(opened) {
            let Ok(opened) = opened else { continue };
            let key = codec::key_of(ENTRIES, value);
            if is_block(ENTRIES, &key) {
                let entries = entries_in(&opened);
                let ids: Vec<String> = entries.iter().map(|e| codec::key_of(ENTRIES, &e)).collect();
                let newer: Vec<String> =
                    self.raw_by_keys(ENTRIES, &ids).await?.iter().map(|v| codec::key_of(ENTRIES, v)).collect();
                writes.puts.extend(entries.iter().filter(|e| !newer.contains(&codec::key_of(ENTRIES, e))));
                writes.deletes.push(key);
            } else {
                if codec::sealed_bytes(value).is_some() {
                    sealed_alone.push(key);
                }
                plain.push(opened);
            }
        }
        if sealing {
            return self.entry_writes(plain, Vec::new(), &sealed_alone).await;
        }
        writes.puts.extend(plain);
        Ok(writes)
    }
}
