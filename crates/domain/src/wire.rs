//! Reading an internally tagged enum (`{"state": "due", "by": …}`) as one flat struct of optional
//! fields, then parsing that into the enum. serde's own reading of such enums buffers every field
//! first and brings a copy of its buffering code for each enum, which the staff app's `.wasm` pays
//! for in size; the flat struct is plain code. The JSON read and written stays the same.

/// A field the tag's variant needs was not in the object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("missing field `{0}`")]
pub struct MissingField(pub &'static str);

/// The value of the field `name`, which the variant read needs.
pub fn field<T>(value: Option<T>, name: &'static str) -> Result<T, MissingField> {
    value.ok_or(MissingField(name))
}

/// Declares how `$enum` (internally tagged by `$tag`) is read: `$fields`, a struct with the tag (one
/// of `$names`, the variants' snake_case names), any `$extra` fields the object also holds, and each
/// variant's fields as options; and `TryFrom<$fields>` for `$enum`, which needs the fields of the
/// variant named. The enum then takes `#[serde(try_from = "$fields")]`.
macro_rules! read_flat {
    (
        $enum:ident from $fields:ident { $tag:ident: $names:ident $(, $extra:ident: $extra_ty:ty)* }
        options { $($field:ident: $ty:ty),* $(,)? }
        variants { $($variant:ident { $($needs:ident),* }),* $(,)? }
    ) => {
        #[doc = concat!("[`", stringify!($enum), "`] as read, in one flat object ([`crate::wire`]).")]
        #[derive(serde::Deserialize)]
        struct $fields {
            $tag: $names,
            $($extra: $extra_ty,)*
            $($field: Option<$ty>,)*
        }

        #[derive(serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum $names {
            $($variant),*
        }

        impl TryFrom<$fields> for $enum {
            type Error = $crate::wire::MissingField;

            fn try_from(f: $fields) -> Result<Self, Self::Error> {
                Ok(match f.$tag {
                    $($names::$variant => $enum::$variant { $($needs: $crate::wire::field(f.$needs, stringify!($needs))?),* },)*
                })
            }
        }
    };
}
pub(crate) use read_flat;

#[cfg(test)]
pub(crate) mod tests {
    use serde::{de::DeserializeOwned, Serialize};
    use std::fmt::Debug;

    /// `value` written as JSON reads back as itself; without `needed` (one of its variant's fields) it
    /// is refused, naming that field.
    pub(crate) fn reads_back<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T, needed: Option<&str>) {
        let json = serde_json::to_value(value).unwrap();
        assert_eq!(&serde_json::from_value::<T>(json.clone()).unwrap(), value, "{json}");
        if let Some(name) = needed {
            let mut without = json.clone();
            without.as_object_mut().unwrap().remove(name).expect("the field is written");
            let error = serde_json::from_value::<T>(without).unwrap_err().to_string();
            assert!(error.contains(&format!("missing field `{name}`")), "{json} without {name}: {error}");
        }
    }
}
