//! Numbers shown to one decimal place ("5.3"), without the standard float formatting: `format!("{x:.1}")`
//! brings the general float-to-text algorithms into the app's `.wasm`, and every figure Steady draws
//! or writes fits in whole tenths.

/// `x` to one decimal place, exactly as `format!("{x:.1}")` writes it (ties to even, "-0.0" for small
/// negatives), for finite values up to a billion: charts and means of 0–10 ratings stay far inside.
pub fn one_decimal(x: f32) -> String {
    // Every f32 times ten is exact in f64, so the rounding sees the same value the formatter does.
    let tenths = (f64::from(x) * 10.0).abs().round_ties_even() as u64;
    let sign = if x.is_sign_negative() { "-" } else { "" };
    format!("{sign}{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn writes_what_the_standard_formatter_writes(x in -1.0e9f32..1.0e9) {
            prop_assert_eq!(one_decimal(x), format!("{x:.1}"));
        }

        #[test]
        fn writes_small_values_as_the_standard_formatter_does(x in -20.0f32..20.0) {
            prop_assert_eq!(one_decimal(x), format!("{x:.1}"));
        }

        #[test]
        fn rounds_means_of_ratings_as_the_standard_formatter_does(sum in -400i32..400, count in 1i32..40) {
            let mean = sum as f32 / count as f32;
            prop_assert_eq!(one_decimal(mean), format!("{mean:.1}"));
        }
    }

    #[test]
    fn ties_and_signs_match_the_standard_formatter() {
        for x in [0.0f32, -0.0, 0.05, 0.25, 0.35, -0.25, 5.25, 5.35, 9.95, 10.0, -0.04, 312.0, 76.0, 0.45, 2.5] {
            assert_eq!(one_decimal(x), format!("{x:.1}"), "{x}");
        }
    }
}
