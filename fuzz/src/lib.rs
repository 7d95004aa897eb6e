//! What every fuzz target checks of a decoder: whatever it accepts, it writes back out in a form
//! it reads back as the same value, so nothing is lost or changed between the phone and the server.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;

/// Decodes `data` as JSON into `T`; if that works, encodes it and checks it decodes to the same value.
pub fn json_round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(data: &[u8]) -> Option<T> {
    let value: T = serde_json::from_slice(data).ok()?;
    let again = serde_json::to_vec(&value).expect("an accepted value encodes");
    let back: T = serde_json::from_slice(&again).expect("an encoded value decodes");
    assert_eq!(value, back, "JSON round trip changed the value");
    Some(value)
}

/// Parses `text`; if that works, checks that the parsed value's text parses to the same value.
pub fn text_round_trip<T: PartialEq + Debug, E>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, E>,
    show: impl Fn(&T) -> String,
) -> Option<T> {
    let value = parse(text).ok()?;
    let again = parse(&show(&value)).ok().expect("a parsed value's text parses");
    assert_eq!(value, again, "text round trip changed the value");
    Some(value)
}
