//! The characters a CloudEvents String may hold (TYPE-4).
//!
//! A String excludes the C0 controls U+0000–U+001F, DEL and the C1 controls
//! U+007F–U+009F, and the 66 Unicode noncharacters (U+FDD0–U+FDEF and
//! U+xxFFFE/U+xxFFFF in every plane). Unpaired surrogates cannot occur in a
//! `&str` or in valid UTF-8; the JSON reader rejects lone `\uDxxx` escapes.
//!
//! The checks run eight bytes at a time over ASCII text and decode characters
//! only where a byte ≥ 0x80 appears.

use crate::error::{Error, ErrorKind};

/// True when `c` may appear in a CloudEvents String (TYPE-4).
///
/// ```
/// use cloudevents_codec::spec::chars::is_allowed;
/// assert!(is_allowed('a') && is_allowed('€'));
/// assert!(!is_allowed('\n') && !is_allowed('\u{85}') && !is_allowed('\u{FFFE}'));
/// ```
#[inline]
pub fn is_allowed(c: char) -> bool {
    is_allowed_u32(c as u32)
}

/// [`is_allowed`] on a code point value.
#[inline]
pub(crate) const fn is_allowed_u32(u: u32) -> bool {
    !(u < 0x20
        || (u >= 0x7f && u <= 0x9f)
        || (u >= 0xfdd0 && u <= 0xfdef)
        || (u & 0xfffe) == 0xfffe)
}

/// Checks that `s` holds only characters allowed in a CloudEvents String
/// (TYPE-4).
///
/// # Errors
/// The byte offset of the first forbidden character.
///
/// ```
/// use cloudevents_codec::spec::chars::check_str;
/// assert_eq!(check_str("hello €"), Ok(()));
/// assert_eq!(check_str("a\u{0}b"), Err(1));
/// ```
pub fn check_str(s: &str) -> Result<(), usize> {
    match scan(s.as_bytes()) {
        Ok(()) => Ok(()),
        Err((offset, _)) => Err(offset),
    }
}

/// Checks that `s` is valid UTF-8 holding only characters allowed in a
/// CloudEvents String (TYPE-4), in one pass.
///
/// # Errors
/// `Encoding` for invalid UTF-8 (overlong forms, surrogates, truncated or
/// stray bytes), `InvalidValue` for a forbidden character; the offset is that
/// of the first byte of the offending sequence.
pub fn check_bytes(s: &[u8]) -> Result<(), Error> {
    match scan(s) {
        Ok(()) => Ok(()),
        Err((offset, true)) => Err(Error::new(ErrorKind::Encoding, "invalid UTF-8").at(offset)),
        Err((offset, false)) => Err(Error::new(
            ErrorKind::InvalidValue,
            "control character or noncharacter in a string",
        )
        .at(offset)),
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// True when all eight bytes of `w` are printable ASCII (0x20..=0x7E).
#[inline(always)]
const fn word_is_clean(w: u64) -> bool {
    // Any byte >= 0x80, any byte < 0x20, any byte == 0x7F.
    let non_ascii = w & HI;
    let below_space = w.wrapping_sub(LO * 0x20) & !w & HI;
    let x = w ^ (LO * 0x7f);
    let del = x.wrapping_sub(LO) & !x & HI;
    (non_ascii | below_space | del) == 0
}

/// The shared scanner: `Err((offset, is_encoding_error))`.
fn scan(b: &[u8]) -> Result<(), (usize, bool)> {
    let mut i = 0;
    while i < b.len() {
        // Fast path: eight clean ASCII bytes at a time.
        while let Some(chunk) = b.get(i..i + 8) {
            let Ok(arr) = <[u8; 8]>::try_from(chunk) else {
                break;
            };
            if !word_is_clean(u64::from_le_bytes(arr)) {
                break;
            }
            i += 8;
        }
        let Some(&c) = b.get(i) else {
            break;
        };
        if c < 0x80 {
            if c < 0x20 || c == 0x7f {
                return Err((i, false));
            }
            i += 1;
            continue;
        }
        let Some((u, len)) = decode_utf8(&b[i..]) else {
            return Err((i, true));
        };
        if !is_allowed_u32(u) {
            return Err((i, false));
        }
        i += len;
    }
    Ok(())
}

/// Strictly decodes one multi-byte UTF-8 sequence at the start of `b`
/// (whose first byte is ≥ 0x80): returns the code point and the sequence
/// length, or `None` for an invalid lead byte, a bad or missing continuation
/// byte, an overlong form, a surrogate or a value above U+10FFFF.
#[inline]
pub(crate) fn decode_utf8(b: &[u8]) -> Option<(u32, usize)> {
    let b0 = *b.first()?;
    let cont = |i: usize, lo: u8, hi: u8| -> Option<u32> {
        match b.get(i) {
            Some(&c) if c >= lo && c <= hi => Some(u32::from(c & 0x3f)),
            _ => None,
        }
    };
    match b0 {
        0xc2..=0xdf => Some(((u32::from(b0 & 0x1f) << 6) | cont(1, 0x80, 0xbf)?, 2)),
        0xe0..=0xef => {
            let (lo, hi) = match b0 {
                0xe0 => (0xa0, 0xbf),
                0xed => (0x80, 0x9f),
                _ => (0x80, 0xbf),
            };
            let c1 = cont(1, lo, hi)?;
            let c2 = cont(2, 0x80, 0xbf)?;
            Some(((u32::from(b0 & 0x0f) << 12) | (c1 << 6) | c2, 3))
        }
        0xf0..=0xf4 => {
            let (lo, hi) = match b0 {
                0xf0 => (0x90, 0xbf),
                0xf4 => (0x80, 0x8f),
                _ => (0x80, 0xbf),
            };
            let c1 = cont(1, lo, hi)?;
            let c2 = cont(2, 0x80, 0xbf)?;
            let c3 = cont(3, 0x80, 0xbf)?;
            Some((
                (u32::from(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3,
                4,
            ))
        }
        _ => None,
    }
}

/// The length of the UTF-8 sequence a lead byte announces (1 for ASCII),
/// or 0 for a byte that cannot start a sequence.
#[inline]
pub(crate) const fn utf8_width(b0: u8) -> usize {
    match b0 {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::String;
    use std::vec::Vec;

    /// The naive twin of `check_str`: per character, no fast path.
    fn naive(s: &str) -> Result<(), usize> {
        match s.char_indices().find(|(_, c)| !naive_allowed(*c)) {
            Some((i, _)) => Err(i),
            None => Ok(()),
        }
    }

    fn naive_allowed(c: char) -> bool {
        let u = c as u32;
        let nonchar = (0xfdd0..=0xfdef).contains(&u) || u % 0x10000 >= 0xfffe;
        !(c.is_control() || nonchar)
    }

    #[test]
    fn forbidden_characters() {
        // TYPE-4, E-18
        for c in [
            '\0', '\t', '\n', '\r', '\u{1f}', '\u{7f}', '\u{80}', '\u{85}', '\u{9f}',
        ] {
            assert!(!is_allowed(c), "{c:?}");
        }
        for c in [
            '\u{fdd0}',
            '\u{fdef}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            assert!(!is_allowed(c), "{c:?}");
        }
        for c in [
            ' ', '~', '\u{a0}', '\u{fdcf}', '\u{fdf0}', '\u{fffd}', '€', '😀',
        ] {
            assert!(is_allowed(c), "{c:?}");
        }
    }

    #[test]
    fn exactly_66_noncharacters() {
        // TYPE-4: 32 in U+FDD0..U+FDEF plus 2 per plane × 17 planes.
        let n = (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|&c| !is_allowed(c) && !c.is_control())
            .count();
        assert_eq!(n, 66);
        // And is_allowed agrees with the naive rule for every code point.
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            assert_eq!(is_allowed(c), naive_allowed(c), "{c:?}");
        }
    }

    #[test]
    fn offsets() {
        // E-18
        assert_eq!(check_str(""), Ok(()));
        assert_eq!(check_str("a\u{0}b"), Err(1));
        assert_eq!(check_str("0123456789abcdef\u{7f}"), Err(16));
        assert_eq!(check_str("€\u{85}"), Err(3));
        assert_eq!(check_str("aaaaaaaa€\u{fffe}"), Err(11));
        assert_eq!(check_str("aaaaaaaaa\u{fdd0}"), Err(9));
        assert_eq!(check_str("Euro € 😀 ok, long enough to use words"), Ok(()));
    }

    #[test]
    fn check_bytes_kinds() {
        // TYPE-4, E-09, E-51
        assert!(check_bytes(b"plain ascii text, quite long").is_ok());
        assert!(check_bytes("€😀".as_bytes()).is_ok());
        let e = check_bytes(b"abc\xffdef").unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::Encoding, Some(3)));
        for bad in [
            &b"\xc0\xa0"[..],    // overlong
            b"\xe0\x80\xaf",     // overlong
            b"\xed\xa0\x80",     // surrogate
            b"\xf4\x90\x80\x80", // above U+10FFFF
            b"\xe2\x82",         // truncated
            b"\x80",             // stray continuation
            b"\xf5\x80\x80\x80", // bad lead
        ] {
            let e = check_bytes(bad).unwrap_err();
            assert_eq!(
                (e.kind(), e.offset()),
                (ErrorKind::Encoding, Some(0)),
                "{bad:?}"
            );
        }
        let e = check_bytes(b"12345678\n").unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidValue, Some(8)));
        let e = check_bytes("x\u{ffff}".as_bytes()).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidValue, Some(1)));
    }

    #[test]
    fn decode_utf8_matches_core() {
        // Every 1..=4 byte sequence drawn from interesting bytes.
        let interesting: Vec<u8> = (0x00..=0xffu8)
            .filter(|b| matches!(b, 0x00 | 0x41 | 0x7f | 0x80..=0x81 | 0x8f..=0x90 | 0x9f..=0xa0 | 0xbf..=0xc2 | 0xdf..=0xe1 | 0xec..=0xee | 0xef..=0xf1 | 0xf3..=0xf5 | 0xff))
            .collect();
        let mut buf = [0u8; 4];
        for &a in &interesting {
            for &b in &interesting {
                for &c in &interesting {
                    for &d in &interesting {
                        buf.copy_from_slice(&[a, b, c, d]);
                        let ours = check_bytes(&buf).is_ok();
                        let reference = core::str::from_utf8(&buf)
                            .map(|s| naive(s).is_ok())
                            .unwrap_or(false);
                        assert_eq!(ours, reference, "{buf:x?}");
                    }
                }
            }
        }
    }

    #[test]
    fn fast_path_matches_naive() {
        // Deterministic pseudo-random strings mixing clean ASCII runs with
        // controls and multi-byte characters at every alignment.
        let alphabet = [
            'a',
            'b',
            ' ',
            '~',
            '\u{7f}',
            '\u{1}',
            '\u{85}',
            '\u{a0}',
            'é',
            '€',
            '\u{fdd0}',
            '\u{fffe}',
            '😀',
            '\u{1ffff}',
            'z',
            'x',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            let mut s = String::new();
            let mut r = seed;
            for _ in 0..len {
                r = r
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                // Mostly clean ASCII so the word loop runs.
                let k = (r >> 33) as usize % 64;
                s.push(if k < alphabet.len() { alphabet[k] } else { 'a' });
            }
            assert_eq!(check_str(&s), naive(&s), "{s:?}");
            assert_eq!(
                check_bytes(s.as_bytes()).is_ok(),
                naive(&s).is_ok(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn width() {
        assert_eq!(utf8_width(b'a'), 1);
        assert_eq!(utf8_width(0xc3), 2);
        assert_eq!(utf8_width(0xe2), 3);
        assert_eq!(utf8_width(0xf0), 4);
        assert_eq!(utf8_width(0x80), 0);
        assert_eq!(utf8_width(0xc0), 0);
    }
}
