//! Counts in words, as people write them: "1 session", "2 sessions", "0 sessions". One rule for
//! every count both apps show, so none says "1 sessions".

/// `n` and the noun that goes with it: `count(1, "tap", "taps")` is "1 tap".
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1u32, "session", "sessions"), "1 session");
        assert_eq!(count(0u32, "session", "sessions"), "0 sessions");
        assert_eq!(count(2u32, "tap", "taps"), "2 taps");
        assert_eq!(count(11u32, "entry", "entries"), "11 entries");
    }
}
