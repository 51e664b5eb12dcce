//! HTTP and NATS header values: RFC 7230 quoting and percent-encoding
//! (HTTP-10..HTTP-17).
//!
//! Decoding a received value takes two steps (HTTP-12, HTTP-13): every
//! `"…"` segment loses its quotes, with `\x` → `x` inside them (a backslash
//! outside quotes is literal); then the unquoted text goes through exactly
//! one round of `%XY` decoding. The result must be valid UTF-8 (HTTP-14) and
//! a valid CloudEvents String (TYPE-4, HTTP-16). Raw bytes ≥ 0x80 are
//! accepted when they form valid UTF-8 (HTTP-17).
//!
//! Encoding (HTTP-11) escapes space, `"`, `%` and every byte outside
//! 0x21–0x7E as `%XY` with uppercase hex; other printable ASCII stays.

use crate::error::{Error, ErrorKind};
use crate::sink::Sink;
use crate::spec::chars;
use crate::text::{hex_val, Piece, Text, TextEncoding};

/// Bytes that [`encode`] escapes: controls, space, `"`, `%`, DEL, ≥ 0x80.
static NEEDS_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i <= 0x20 || i >= 0x7f || i == b'"' as usize || i == b'%' as usize;
        i += 1;
    }
    t
};

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Walks a header value as its unquoted byte sequence (step 1 of decoding).
struct Cursor<'a> {
    value: &'a [u8],
    pos: usize,
    in_quotes: bool,
    /// Offset of the quote that opened the current quoted segment.
    open_at: usize,
}

impl Cursor<'_> {
    /// The next unquoted byte and the offset of the raw byte it came from.
    #[inline]
    fn next(&mut self) -> Option<(u8, usize)> {
        loop {
            let at = self.pos;
            let b = *self.value.get(at)?;
            self.pos += 1;
            if b == b'"' {
                self.in_quotes = !self.in_quotes;
                self.open_at = at;
                continue;
            }
            if b == b'\\' && self.in_quotes {
                if let Some(&x) = self.value.get(self.pos) {
                    self.pos += 1;
                    return Some((x, at));
                }
            }
            return Some((b, at));
        }
    }

    /// Reads two unquoted hex digits (after a `%`).
    #[inline]
    fn hex_pair(&mut self) -> Option<u8> {
        let h = hex_val(self.next()?.0)?;
        let l = hex_val(self.next()?.0)?;
        Some((h << 4) | l)
    }
}

/// Streaming check that decoded bytes form valid UTF-8 holding only TYPE-4
/// characters; errors point at the raw offset of a character's first byte.
struct Utf8Check {
    buf: [u8; 4],
    n: usize,
    need: usize,
    start: usize,
}

impl Utf8Check {
    #[inline]
    fn push(&mut self, b: u8, at: usize) -> Result<(), Error> {
        if self.n == 0 {
            if b < 0x80 {
                if b < 0x20 || b == 0x7f {
                    return Err(forbidden(at));
                }
                return Ok(());
            }
            let w = chars::utf8_width(b);
            if w < 2 {
                return Err(bad_utf8(at));
            }
            self.buf[0] = b;
            self.n = 1;
            self.need = w;
            self.start = at;
            return Ok(());
        }
        if b & 0xc0 != 0x80 {
            return Err(bad_utf8(self.start));
        }
        if let Some(slot) = self.buf.get_mut(self.n) {
            *slot = b;
        }
        self.n += 1;
        if self.n >= self.need {
            self.n = 0;
            match chars::decode_utf8(&self.buf[..self.need.min(4)]) {
                None => return Err(bad_utf8(self.start)),
                Some((u, _)) if !chars::is_allowed_u32(u) => return Err(forbidden(self.start)),
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn finish(&self) -> Result<(), Error> {
        if self.n == 0 {
            Ok(())
        } else {
            Err(bad_utf8(self.start))
        }
    }
}

fn bad_utf8(at: usize) -> Error {
    Error::new(
        ErrorKind::Encoding,
        "decoded header value is not valid UTF-8",
    )
    .at(at)
}

fn forbidden(at: usize) -> Error {
    Error::new(
        ErrorKind::InvalidValue,
        "control character or noncharacter in a string",
    )
    .at(at)
}

/// Validates a header value (HTTP-12..HTTP-17) and returns true when it
/// needs decoding (it contains `%` or `"`).
///
/// ```
/// use cloudevents_codec::spec::percent::validate;
/// assert_eq!(validate(b"plain"), Ok(false));
/// assert_eq!(validate(b"Euro%20%E2%82%AC"), Ok(true));
/// assert!(validate(b"100%").is_err());
/// ```
///
/// # Errors
/// With the offset of the offending byte in `value`:
/// - `Syntax`: a quoted segment is not terminated (at its opening quote);
/// - `Encoding`: `%` not followed by two hex digits, or decoded bytes that
///   are not valid UTF-8 (overlong forms, surrogates, `%FF`, raw invalid
///   bytes), at the start of the bad sequence;
/// - `InvalidValue`: a decoded character TYPE-4 forbids (`a%0Ab`).
pub fn validate(value: &[u8]) -> Result<bool, Error> {
    if crate::kernels::find_byte2(value, b'%', b'"').is_none() {
        chars::check_bytes(value)?;
        return Ok(false);
    }
    let mut cur = Cursor {
        value,
        pos: 0,
        in_quotes: false,
        open_at: 0,
    };
    let mut check = Utf8Check {
        buf: [0; 4],
        n: 0,
        need: 0,
        start: 0,
    };
    while let Some((b, at)) = cur.next() {
        let byte = if b == b'%' {
            cur.hex_pair().ok_or_else(|| {
                Error::new(
                    ErrorKind::Encoding,
                    "'%' must be followed by two hex digits",
                )
                .at(at)
            })?
        } else {
            b
        };
        check.push(byte, at)?;
    }
    if cur.in_quotes {
        return Err(Error::new(ErrorKind::Syntax, "unterminated quoted string").at(cur.open_at));
    }
    check.finish()?;
    Ok(true)
}

/// Validates a header value and returns it as a [`Text`] view: `Plain`
/// (borrowed as `&str`) when it needs no decoding, else `Percent`, decoded
/// lazily.
///
/// ```
/// use cloudevents_codec::spec::percent::to_text;
/// assert_eq!(to_text(b"Euro%20%E2%82%AC")?, "Euro €");
/// assert_eq!(to_text(b"plain")?.try_str(), Some("plain"));
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
///
/// # Errors
/// As [`validate`].
pub fn to_text(value: &[u8]) -> Result<Text<'_>, Error> {
    let encoding = if validate(value)? {
        TextEncoding::Percent
    } else {
        TextEncoding::Plain
    };
    Ok(Text::from_validated(value, encoding))
}

/// The next decoded piece of a validated header value.
///
/// `*pos` starts at 0 and `*in_quotes` at false; returns `None` at the end.
/// Quote marks produce no output and are skipped; a `Raw` piece is never
/// empty. On an unvalidated value this never panics (a bad `%` is literal).
pub(crate) fn next_piece<'a>(
    value: &'a [u8],
    pos: &mut usize,
    in_quotes: &mut bool,
) -> Option<Piece<'a>> {
    loop {
        let b = *value.get(*pos)?;
        if b == b'"' {
            *in_quotes = !*in_quotes;
            *pos += 1;
            continue;
        }
        if b == b'%' || (b == b'\\' && *in_quotes) {
            let mut cur = Cursor {
                value,
                pos: *pos,
                in_quotes: *in_quotes,
                open_at: 0,
            };
            let (c, _) = cur.next()?;
            let mut out = [0u8; 4];
            out[0] = c;
            if c == b'%' {
                let save = (cur.pos, cur.in_quotes);
                match cur.hex_pair() {
                    Some(v) => out[0] = v,
                    None => (cur.pos, cur.in_quotes) = save,
                }
            }
            // Gather directly following escapes (a multi-byte character).
            let mut n = 1;
            while n < 4 {
                let v = match value.get(cur.pos..cur.pos + 3) {
                    Some(&[b'%', h, l]) => match (hex_val(h), hex_val(l)) {
                        (Some(h), Some(l)) => (h << 4) | l,
                        _ => break,
                    },
                    _ => break,
                };
                out[n] = v;
                n += 1;
                cur.pos += 3;
            }
            *pos = cur.pos;
            *in_quotes = cur.in_quotes;
            return Some(Piece::Decoded(out, n as u8));
        }
        let rest = &value[*pos..];
        let run = if *in_quotes {
            memchr::memchr3(b'"', b'%', b'\\', rest)
        } else {
            crate::kernels::find_byte2(rest, b'"', b'%')
        }
        .unwrap_or(rest.len())
        .max(1);
        *pos += run;
        return Some(Piece::Raw(&rest[..run]));
    }
}

/// Appends the decoded form of a validated header value to `out`: runs that
/// need no decoding are copied in one call.
///
/// On an unvalidated value this never panics, but the output is unspecified.
pub fn decode_to<S: Sink + ?Sized>(value: &[u8], out: &mut S) {
    let mut pos = 0;
    let mut in_quotes = false;
    while let Some(p) = next_piece(value, &mut pos, &mut in_quotes) {
        out.put(p.bytes());
    }
}

/// True when [`encode`] would change `bytes` (HTTP-11).
pub fn needs_encoding(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| NEEDS_ESCAPE[b as usize])
}

/// The length of the [`encode`]d form of `bytes`.
pub fn encoded_len(bytes: &[u8]) -> usize {
    bytes.len() + 2 * bytes.iter().filter(|&&b| NEEDS_ESCAPE[b as usize]).count()
}

/// Percent-encodes decoded `bytes` for a header value (HTTP-11): space, `"`,
/// `%` and every byte outside 0x21–0x7E become `%XY` (uppercase hex). Clean
/// runs are copied in one call; escapes are batched in a stack buffer.
///
/// ```
/// use cloudevents_codec::spec::percent::encode;
/// let mut out = Vec::new();
/// encode("Euro € 😀".as_bytes(), &mut out);
/// assert_eq!(out, b"Euro%20%E2%82%AC%20%F0%9F%98%80");
/// ```
pub fn encode<S: Sink + ?Sized>(bytes: &[u8], out: &mut S) {
    let mut esc = [0u8; 192];
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let run = rest
            .iter()
            .position(|&b| NEEDS_ESCAPE[b as usize])
            .unwrap_or(rest.len());
        if run > 0 {
            if n > 0 {
                out.put(&esc[..n]);
                n = 0;
            }
            out.put(&rest[..run]);
            i += run;
        }
        while let Some(&b) = bytes.get(i) {
            if !NEEDS_ESCAPE[b as usize] {
                break;
            }
            if n + 3 > esc.len() {
                out.put(&esc[..n]);
                n = 0;
            }
            if let Some(dst) = esc.get_mut(n..n + 3) {
                dst.copy_from_slice(&[
                    b'%',
                    UPPER_HEX[(b >> 4) as usize],
                    UPPER_HEX[(b & 15) as usize],
                ]);
                n += 3;
            }
            i += 1;
        }
    }
    if n > 0 {
        out.put(&esc[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::{String, ToString};
    use std::vec::Vec;

    fn dec(v: &str) -> String {
        let b = v.as_bytes();
        assert_eq!(
            validate(b),
            Ok(b.contains(&b'%') || b.contains(&b'"')),
            "{v}"
        );
        let mut out = Vec::new();
        decode_to(b, &mut out);
        let s = String::from_utf8(out).unwrap();
        // The Text view decodes the same way.
        let t = Text::from_validated(b, TextEncoding::Percent);
        assert_eq!(t.to_string(), s);
        assert_eq!(t.decoded_len(), s.len());
        assert!(t.eq_str(&s));
        s
    }

    fn bad(v: &[u8]) -> (ErrorKind, Option<usize>) {
        let e = validate(v).expect_err(&String::from_utf8_lossy(v));
        (e.kind(), e.offset())
    }

    fn enc(b: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        encode(b, &mut out);
        out
    }

    /// Naive reference: unquote into a Vec, then percent-decode, then check.
    fn naive(v: &[u8]) -> Result<Vec<u8>, ErrorKind> {
        let mut unq = Vec::new();
        let mut inq = false;
        let mut i = 0;
        while i < v.len() {
            match v[i] {
                b'"' => inq = !inq,
                b'\\' if inq && i + 1 < v.len() => {
                    i += 1;
                    unq.push(v[i]);
                }
                c => unq.push(c),
            }
            i += 1;
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < unq.len() {
            if unq[i] == b'%' {
                let h = unq.get(i + 1).and_then(|&c| hex_val(c));
                let l = unq.get(i + 2).and_then(|&c| hex_val(c));
                match (h, l) {
                    (Some(h), Some(l)) => out.push(h * 16 + l),
                    _ => return Err(ErrorKind::Encoding),
                }
                i += 3;
            } else {
                out.push(unq[i]);
                i += 1;
            }
        }
        if inq {
            return Err(ErrorKind::Syntax);
        }
        let s = core::str::from_utf8(&out).map_err(|_| ErrorKind::Encoding)?;
        if s.chars().any(|c| !chars::is_allowed(c)) {
            return Err(ErrorKind::InvalidValue);
        }
        Ok(out)
    }

    #[test]
    fn decodes_escapes() {
        // E-49, HTTP-13
        assert_eq!(dec("Euro%20%E2%82%AC%20%F0%9F%98%80"), "Euro € 😀");
        assert_eq!(dec("%e2%82%ac"), "€");
        assert_eq!(dec("%41bc"), "Abc");
        assert_eq!(dec("plain"), "plain");
        assert_eq!(dec(""), "");
    }

    #[test]
    fn strict_escapes() {
        // E-50, HTTP-15
        assert_eq!(bad(b"100%"), (ErrorKind::Encoding, Some(3)));
        assert_eq!(bad(b"%G1"), (ErrorKind::Encoding, Some(0)));
        assert_eq!(bad(b"a%4"), (ErrorKind::Encoding, Some(1)));
        assert_eq!(bad(b"a%4g"), (ErrorKind::Encoding, Some(1)));
    }

    #[test]
    fn utf8_after_decoding() {
        // E-51, HTTP-14
        assert_eq!(bad(b"%C0%A0"), (ErrorKind::Encoding, Some(0)));
        assert_eq!(bad(b"x%ED%A0%80"), (ErrorKind::Encoding, Some(1)));
        assert_eq!(bad(b"%FF"), (ErrorKind::Encoding, Some(0)));
        assert_eq!(bad(b"%E2%82"), (ErrorKind::Encoding, Some(0)));
        assert_eq!(bad(b"%E2%82x"), (ErrorKind::Encoding, Some(0)));
        assert_eq!(bad(b"%80"), (ErrorKind::Encoding, Some(0)));
        assert_eq!(bad(b"%F4%90%80%80"), (ErrorKind::Encoding, Some(0)));
        // Raw invalid bytes, with and without escapes elsewhere.
        assert_eq!(bad(b"ab\xff"), (ErrorKind::Encoding, Some(2)));
        assert_eq!(bad(b"%41\xff"), (ErrorKind::Encoding, Some(3)));
        // A character split between escapes and raw bytes is still one
        // UTF-8 sequence after decoding.
        let v = b"%E2%82\xac";
        assert_eq!(validate(v), Ok(true));
        let mut out = Vec::new();
        decode_to(v, &mut out);
        assert_eq!(out, "€".as_bytes());
    }

    #[test]
    fn one_round_only() {
        // E-52, HTTP-13
        assert_eq!(dec("%2541"), "%41");
        assert_eq!(dec("%25%25"), "%%");
    }

    #[test]
    fn quoting() {
        // E-53, HTTP-12
        assert_eq!(dec("\"hello world\""), "hello world");
        assert_eq!(dec(r#""a\"b""#), "a\"b");
        assert_eq!(dec(r#""%41""#), "A");
        assert_eq!(bad(b"\"abc"), (ErrorKind::Syntax, Some(0)));
        assert_eq!(bad(b"ab\"\"c\"d"), (ErrorKind::Syntax, Some(5)));
        assert_eq!(dec(r#"a"b c"d"#), "ab cd");
        assert_eq!(dec(r#""""#), "");
        assert_eq!(dec(r#""\\""#), "\\");
        // Backslash outside quotes is literal.
        assert_eq!(dec(r"a\b"), r"a\b");
        assert_eq!(dec(r#"a\"b""#), r"a\b");
        // Percent decoding applies to the unquoted text.
        assert_eq!(dec(r#"%4"1""#), "A");
        assert_eq!(dec(r#""\%41""#), "A");
        assert_eq!(dec(r#""%"41"#), "A");
        assert_eq!(bad(br#""a\"#), (ErrorKind::Syntax, Some(0)));
    }

    #[test]
    fn type4_after_decoding() {
        // E-54, HTTP-16
        assert_eq!(bad(b"a%0Ab"), (ErrorKind::InvalidValue, Some(1)));
        assert_eq!(bad(b"%7F"), (ErrorKind::InvalidValue, Some(0)));
        assert_eq!(bad(b"%C2%85"), (ErrorKind::InvalidValue, Some(0)));
        assert_eq!(bad(b"x%EF%BF%BE"), (ErrorKind::InvalidValue, Some(1)));
        assert_eq!(bad(b"a\tb"), (ErrorKind::InvalidValue, Some(1)));
        assert_eq!(bad(b"\"a\tb\""), (ErrorKind::InvalidValue, Some(2)));
    }

    #[test]
    fn text_views() {
        let t = to_text(b"%41bc").unwrap();
        assert_eq!(t.encoding(), TextEncoding::Percent);
        assert_eq!(t, "Abc");
        let t = to_text("a €".as_bytes()).unwrap();
        assert_eq!(t.try_str(), Some("a €"));
        assert_eq!(
            to_text(b"a%0Ab").unwrap_err().kind(),
            ErrorKind::InvalidValue
        );
    }

    #[test]
    fn raw_utf8_accepted() {
        // E-55, HTTP-17
        assert_eq!(validate("€".as_bytes()), Ok(false));
        assert_eq!(dec("\"€ %E2%82%AC\""), "€ €");
    }

    #[test]
    fn quoted_timestamp() {
        // E-65
        assert_eq!(dec("\"2018-04-05T17:31:00Z\""), "2018-04-05T17:31:00Z");
    }

    #[test]
    fn encoding() {
        // HTTP-11
        assert_eq!(
            enc("Euro € 😀".as_bytes()),
            b"Euro%20%E2%82%AC%20%F0%9F%98%80"
        );
        assert_eq!(enc(b"+&,;/?#'()=:"), b"+&,;/?#'()=:");
        assert_eq!(enc(b"a\"b%c d\x7f\x00\n"), b"a%22b%25c%20d%7F%00%0A");
        assert_eq!(enc(b""), b"");
        assert!(!needs_encoding(b"abc~!"));
        assert!(needs_encoding(b"a b"));
        assert_eq!(encoded_len("a €".as_bytes()), "a%20%E2%82%AC".len());
        // Long escape runs cross the stack buffer.
        let long = "€".repeat(200);
        let e = enc(long.as_bytes());
        assert_eq!(e, "%E2%82%AC".repeat(200).as_bytes());
        assert_eq!(dec(core::str::from_utf8(&e).unwrap()), long);
    }

    /// A small deterministic generator.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn encode_decode_round_trip() {
        // HTTP-11 ∘ HTTP-13 is the identity on valid strings.
        let alphabet = [
            "a", "Z", "0", " ", "\"", "%", "\\", "~", "+", "€", "😀", "é", "\u{a0}", "%41",
        ];
        let mut rng = Rng(0x1234_5678_9abc_def1);
        for _ in 0..5000 {
            let len = (rng.next() % 30) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect();
            let e = enc(s.as_bytes());
            assert!(e.iter().all(|&b| (0x21..=0x7e).contains(&b) && b != b'"'));
            assert_eq!(validate(&e), Ok(e.contains(&b'%')));
            let mut out = Vec::new();
            decode_to(&e, &mut out);
            assert_eq!(out, s.as_bytes());
            assert_eq!(needs_encoding(s.as_bytes()), e != s.as_bytes());
            assert_eq!(encoded_len(s.as_bytes()), e.len());
        }
    }

    #[test]
    fn matches_naive_reference() {
        // Random values over the bytes that matter; validate and decode_to
        // must agree with the two-step naive decoder.
        let pool: &[u8] = b"\"\"\\\\%%%4A1fgZ \t\xe2\x82\xac\xc3\xa9\xff\x80";
        let mut rng = Rng(0xfeed_beef_dead_f00d);
        let mut accepted = 0;
        for _ in 0..100_000 {
            let len = (rng.next() % 12) as usize;
            let v: Vec<u8> = (0..len)
                .map(|_| pool[(rng.next() % pool.len() as u64) as usize])
                .collect();
            let ours = validate(&v);
            match naive(&v) {
                Ok(expected) => {
                    accepted += 1;
                    assert!(ours.is_ok(), "{v:?}: {ours:?}");
                    let mut out = Vec::new();
                    decode_to(&v, &mut out);
                    assert_eq!(out, expected, "{v:?}");
                    let t = Text::from_validated(&v, TextEncoding::Percent);
                    assert_eq!(t.decoded_len(), expected.len());
                }
                Err(kind) => {
                    let e = ours.expect_err(&String::from_utf8_lossy(&v));
                    // The first problem found may differ in kind only when
                    // several are present; Syntax is reported last.
                    if kind != ErrorKind::Syntax {
                        assert_ne!(e.kind(), ErrorKind::Syntax, "{v:?}");
                    }
                    assert!(e.offset().is_some_and(|o| o < v.len().max(1)));
                    // Decoding an invalid value must not panic or loop.
                    let mut out = Vec::new();
                    decode_to(&v, &mut out);
                }
            }
        }
        assert!(accepted > 1000, "{accepted}");
    }

    #[test]
    fn pieces_never_empty() {
        for v in [
            &b"\"\""[..],
            b"\"a\"\"b\"",
            b"%",
            b"%4",
            b"\"\\",
            b"\"%\"",
            b"a\"\\",
        ] {
            let mut pos = 0;
            let mut q = false;
            let mut steps = 0;
            while let Some(p) = next_piece(v, &mut pos, &mut q) {
                assert!(!p.bytes().is_empty());
                steps += 1;
                assert!(steps <= v.len());
            }
        }
        assert!(Text::from_validated(b"\"\"", TextEncoding::Percent).is_empty());
    }
}
