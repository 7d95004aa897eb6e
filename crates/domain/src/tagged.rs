//! Reading an object tagged by one of its fields (serde's internally tagged form, such as an entry's body
//! `{ "kind": "check_in", …a check-in's fields }`) in one pass, each field straight into its type.
//!
//! serde's derived reading of that form first copies the whole object into a buffer to find the tag, then
//! reads the kind's fields from the copy: twice the work, and in the participant's `.wasm` a second
//! decoder of every field type. [`Tagged::read`] accepts and refuses what the derived reading did, with
//! the same messages when the tag comes first (as serde writes it); the types' tests check this against
//! the derived reading itself.
//!
//! For a tagged type that refuses nothing but a missing field, [`crate::wire`]'s flat struct is simpler.
//! An entry's body and a sync change need this one: each kind refuses any field it does not have (serde's
//! `deny_unknown_fields`, which the sync protocol relies on), and a body's kinds are whole structs.

use serde::de::{Error, IgnoredAny, MapAccess};
use std::ops::Range;

/// The shape of one tagged object: its tag, and which fields each kind has.
pub(crate) struct Tagged {
    /// The tag's name, such as `kind`.
    pub tag: &'static str,
    /// What the tag may say, one name per kind.
    pub kinds: &'static [&'static str],
    /// Every kind's fields (the tag aside), each kind's as a run.
    pub fields: &'static [&'static str],
    /// Each kind's run of `fields`, in the order of `kinds`.
    pub runs: &'static [Range<usize>],
}

impl Tagged {
    /// The fields of the kind at `kind` in `kinds`.
    pub fn fields_of(&self, kind: usize) -> &'static [&'static str] {
        &self.fields[self.runs[kind].clone()]
    }

    /// Reads every entry of `map`: the tag, and each field through `field`, given the field's place in
    /// `fields`, which reads its value. Refuses a missing or unknown tag, a field twice, and a field the
    /// kind does not have (the kind's own refusal, which names its fields). Answers the kind's place in
    /// `kinds`; the caller checks that the kind's required fields came.
    pub fn read<'de, A: MapAccess<'de>>(
        &self,
        mut map: A,
        mut field: impl FnMut(&mut A, usize) -> Result<(), A::Error>,
    ) -> Result<usize, A::Error> {
        let mut kind: Option<usize> = None;
        // Fields met before the tag, in order: the kind may refuse one once it is known.
        let mut early: Vec<String> = Vec::new();
        let mut seen = vec![false; self.fields.len()];
        while let Some(key) = map.next_key::<String>()? {
            if key == self.tag {
                if kind.is_some() {
                    return Err(A::Error::duplicate_field(self.tag));
                }
                let name: String = map.next_value()?;
                let Some(k) = self.kinds.iter().position(|k| *k == name) else {
                    return Err(A::Error::unknown_variant(&name, self.kinds));
                };
                if let Some(refused) = early.iter().find(|f| !self.fields_of(k).contains(&f.as_str())) {
                    return Err(A::Error::unknown_field(refused, self.fields_of(k)));
                }
                kind = Some(k);
                continue;
            }
            match kind {
                Some(k) if !self.fields_of(k).contains(&key.as_str()) => {
                    return Err(A::Error::unknown_field(&key, self.fields_of(k)))
                }
                Some(_) => {}
                None => early.push(key.clone()),
            }
            let Some(i) = self.fields.iter().position(|f| *f == key) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if std::mem::replace(&mut seen[i], true) {
                return Err(A::Error::duplicate_field(self.fields[i]));
            }
            field(&mut map, i)?;
        }
        kind.ok_or_else(|| A::Error::missing_field(self.tag))
    }
}

/// A field the kind must have, or serde's "missing field" refusal.
pub(crate) fn required<T, E: Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}
