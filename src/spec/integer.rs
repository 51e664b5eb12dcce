//! Integers in their canonical string form (TYPE-3), as string-only
//! metadata (HTTP, Kafka, MQTT, NATS headers) delivers them (TYPE-10).

use crate::error::{Error, ErrorKind};

/// Parses the canonical string form of a CloudEvents Integer: an optional
/// `-` and the decimal digits of a value in the signed 32-bit range, with no
/// `+`, no leading zeros, no fraction and no exponent (TYPE-3). `-0` is 0.
///
/// ```
/// use cloudevents_codec::spec::integer::parse;
/// assert_eq!(parse(b"-2147483648")?, i32::MIN);
/// assert_eq!(parse(b"-0")?, 0);
/// for bad in ["", "+5", "05", "5.0", "1e3", "2147483648", " 5"] {
///     assert!(parse(bad.as_bytes()).is_err(), "{bad}");
/// }
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
///
/// # Errors
///
/// `InvalidValue` for anything else, with the offset of the first offending
/// byte (the end of the text for the empty string, the start for a value out
/// of range).
pub fn parse(text: &[u8]) -> Result<i32, Error> {
    let invalid = |detail, at| Err(Error::new(ErrorKind::InvalidValue, detail).at(at));
    let (negative, digits, start) = match text.split_first() {
        Some((b'-', rest)) => (true, rest, 1),
        _ => (false, text, 0),
    };
    match digits {
        [] => return invalid("an Integer needs at least one digit", text.len()),
        [b'0', _, ..] => return invalid("an Integer has no leading zeros", start),
        _ => {}
    }
    let mut value: i64 = 0;
    for (i, &c) in digits.iter().enumerate() {
        if !c.is_ascii_digit() {
            return invalid(
                "an Integer is decimal digits with an optional leading '-'",
                start + i,
            );
        }
        value = value * 10 + i64::from(c - b'0');
        // Stop before the accumulator could overflow on long inputs.
        if value > 1 << 31 {
            return invalid("Integer outside the signed 32-bit range", 0);
        }
    }
    let value = if negative { -value } else { value };
    i32::try_from(value).or_else(|_| invalid("Integer outside the signed 32-bit range", 0))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn type_3_canonical_integers() {
        for (text, want) in [
            ("0", 0),
            ("-0", 0),
            ("7", 7),
            ("2147483647", i32::MAX),
            ("-2147483648", i32::MIN),
        ] {
            assert_eq!(parse(text.as_bytes()).unwrap(), want, "{text}");
        }
        for bad in [
            "",
            "-",
            "+1",
            "01",
            "-01",
            "1.0",
            "1e2",
            "2147483648",
            "-2147483649",
            "1 ",
            "0x1",
            "99999999999999999999999",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
