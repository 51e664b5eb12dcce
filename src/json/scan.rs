//! Byte-level JSON scanning: whitespace, strings, numbers, literals and whole
//! values, over a borrowed input. No allocation, no recursion.
//!
//! Strings are scanned eight bytes at a time (SWAR) to the next byte that
//! needs attention; everything else is a plain cursor.

use crate::error::{Error, ErrorKind};

/// A cursor over the input.
pub(crate) struct Cursor<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) pos: usize,
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Flags (high bit of each byte) every byte of `x` that is zero. The lowest
/// flag is exact; flags above a true hit may be spurious, so callers only use
/// the lowest one.
#[inline(always)]
const fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

#[inline(always)]
const fn eq_bytes(x: u64, b: u8) -> u64 {
    zero_bytes(x ^ (LO * b as u64))
}

#[inline(always)]
const fn lt_bytes(x: u64, n: u8) -> u64 {
    x.wrapping_sub(LO * n as u64) & !x & HI
}

#[inline(always)]
fn load(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

/// Sixteen bytes at a time with SSE2, which every x86-64 CPU has (the cfg
/// requires it at compile time, so there is no runtime detection). The
/// vector is assembled from two bounds-checked 8-byte loads, which the
/// compiler merges into one unaligned load: no pointer is dereferenced here.
///
/// This is the crate's only `unsafe`, kept because it pays: BENCHMARKS.md
/// ("SSE2 string scanning") has the A/B timing with [`SIMD`] off and on.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[allow(unsafe_code)]
mod sse2 {
    use core::arch::x86_64::{
        _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };

    /// For the 16 bytes at `i` (`i + 16 <= b.len()`): a bit per byte that
    /// ends a data-string scan (`"`, `\\`, below 0x20), and a bit per
    /// non-ASCII byte.
    #[inline(always)]
    pub(super) fn string_stops(b: &[u8], i: usize) -> (u32, u32) {
        let (lo, hi) = (super::load(b, i), super::load(b, i + 8));
        // SAFETY: the intrinsics need only SSE2, enabled at compile time
        // (module cfg); they compute on registers and access no memory.
        unsafe {
            let x = _mm_set_epi64x(hi as i64, lo as i64);
            let quote = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8));
            let slash = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8));
            // x <= 0x1F, unsigned.
            let ctrl = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
            let stops = _mm_or_si128(_mm_or_si128(quote, slash), ctrl);
            (_mm_movemask_epi8(stops) as u32, _mm_movemask_epi8(x) as u32)
        }
    }

    /// As [`string_stops`] for a String value: non-ASCII bytes and U+007F
    /// stop the scan too.
    #[inline(always)]
    pub(super) fn attr_stops(b: &[u8], i: usize) -> u32 {
        let (lo, hi) = (super::load(b, i), super::load(b, i + 8));
        // SAFETY: as in `string_stops`.
        unsafe {
            let x = _mm_set_epi64x(hi as i64, lo as i64);
            let quote = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8));
            let slash = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8));
            // x + 1 (wrapping) is below 0x21 as a signed byte exactly when x
            // is 0x00..=0x1F or 0x7F..=0xFF.
            let odd = _mm_cmpgt_epi8(_mm_set1_epi8(0x21), _mm_add_epi8(x, _mm_set1_epi8(1)));
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, slash), odd)) as u32
        }
    }
}

/// What a scanned string contained.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StrInfo {
    /// Offset of the first content byte (after the opening quote).
    pub(crate) start: usize,
    /// Offset of the closing quote.
    pub(crate) end: usize,
    /// At least one backslash escape.
    pub(crate) escaped: bool,
}

impl<'a> Cursor<'a> {
    #[inline]
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Cursor { input, pos: 0 }
    }

    #[inline]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    #[inline]
    pub(crate) fn skip_ws(&mut self) {
        while let Some(&b) = self.input.get(self.pos) {
            if b == b' ' || b == b'\n' || b == b'\r' || b == b'\t' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Skips whitespace and returns the next byte (not consumed).
    #[inline(always)]
    pub(crate) fn peek_ws(&mut self) -> Option<u8> {
        // Compact JSON has no whitespace between tokens: one compare decides
        // (every JSON whitespace byte is <= b' ').
        match self.input.get(self.pos) {
            Some(&b) if b > b' ' => Some(b),
            _ => {
                self.skip_ws();
                self.peek()
            }
        }
    }

    #[cold]
    pub(crate) fn err(&self, kind: ErrorKind, detail: &'static str) -> Error {
        Error::new(kind, detail).at(self.pos)
    }

    #[cold]
    pub(crate) fn unexpected(&self, what: &'static str) -> Error {
        if self.pos >= self.input.len() {
            Error::new(ErrorKind::Syntax, "unexpected end of input").at(self.pos)
        } else {
            Error::new(ErrorKind::Syntax, what).at(self.pos)
        }
    }

    /// Consumes `b` after optional whitespace.
    #[inline]
    pub(crate) fn expect(&mut self, b: u8, what: &'static str) -> Result<(), Error> {
        if self.peek_ws() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    /// Scans a JSON string whose opening quote is at `self.pos`, checking JSON
    /// syntax and UTF-8 only (data strings, member names). Lone surrogate
    /// escapes are legal JSON and pass (JSON-11).
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Result<StrInfo, Error> {
        let start = self.pos + 1;
        let mut i = start;
        let mut escaped = false;
        let mut non_ascii = 0u64;
        let b = self.input;
        loop {
            i = skip_plain_string_bytes::<SIMD>(b, i, &mut non_ascii);
            let Some(&c) = b.get(i) else {
                self.pos = i;
                return Err(self.unexpected("unterminated string"));
            };
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i = self.escape(i, false)?;
                }
                0..=0x1f => {
                    self.pos = i;
                    return Err(self.err(
                        ErrorKind::Syntax,
                        "control character in string must be escaped",
                    ));
                }
                _ => {
                    non_ascii |= (c as u64) & 0x80;
                    i += 1;
                }
            }
        }
        if non_ascii != 0 {
            if let Err(e) = core::str::from_utf8(&b[start..i]) {
                self.pos = start + e.valid_up_to();
                return Err(self.err(ErrorKind::Encoding, "invalid UTF-8 in string"));
            }
        }
        self.pos = i + 1;
        Ok(StrInfo {
            start,
            end: i,
            escaped,
        })
    }

    /// Scans a string that is a CloudEvents String value: JSON syntax, UTF-8,
    /// and TYPE-4 characters after unescaping (JSON-11).
    #[inline(always)]
    pub(crate) fn attr_string(&mut self) -> Result<StrInfo, Error> {
        let start = self.pos + 1;
        let mut i = start;
        let mut escaped = false;
        let mut non_ascii = false;
        let b = self.input;
        loop {
            i = skip_plain_attr_bytes::<SIMD>(b, i);
            let Some(&c) = b.get(i) else {
                self.pos = i;
                return Err(self.unexpected("unterminated string"));
            };
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i = self.escape(i, true)?;
                }
                0..=0x1f => {
                    self.pos = i;
                    return Err(self.err(
                        ErrorKind::Syntax,
                        "control character in string must be escaped",
                    ));
                }
                0x7f => {
                    self.pos = i;
                    return Err(self.err(
                        ErrorKind::InvalidValue,
                        "control character U+007F is not allowed",
                    ));
                }
                0x80.. => {
                    non_ascii = true;
                    i += 1;
                }
                _ => i += 1,
            }
        }
        if non_ascii {
            match core::str::from_utf8(&b[start..i]) {
                Err(e) => {
                    self.pos = start + e.valid_up_to();
                    return Err(self.err(ErrorKind::Encoding, "invalid UTF-8 in string"));
                }
                Ok(s) => {
                    if let Err(off) = crate::spec::chars::check_str(s) {
                        self.pos = start + off;
                        return Err(self.err(
                            ErrorKind::InvalidValue,
                            "character not allowed in a String (control or noncharacter)",
                        ));
                    }
                }
            }
        }
        self.pos = i + 1;
        Ok(StrInfo {
            start,
            end: i,
            escaped,
        })
    }

    /// Validates the escape at `i` (a backslash) and returns the offset after
    /// it. With `attr`, the decoded character must be allowed by TYPE-4 and
    /// surrogates must pair.
    /// Validates the escape at `i` (a backslash) and returns the offset after
    /// it. With `attr`, the decoded character must be allowed by TYPE-4 and
    /// surrogates must pair.
    #[inline]
    fn escape(&mut self, i: usize, attr: bool) -> Result<usize, Error> {
        match escape_end(self.input, i, attr) {
            0 => Err(self.escape_error(i, attr)),
            next => Ok(next),
        }
    }

    /// Why the escape at `i` is invalid (the slow path of [`Self::escape`]).
    #[cold]
    #[inline(never)]
    fn escape_error(&mut self, i: usize, attr: bool) -> Error {
        let b = self.input;
        self.pos = i;
        let (kind, detail) = match b.get(i + 1) {
            None => {
                self.pos = i + 1;
                return self.unexpected("unterminated escape");
            }
            Some(b'b' | b'f' | b'n' | b'r' | b't') => (
                ErrorKind::InvalidValue,
                "control character is not allowed in a String",
            ),
            Some(b'u') => match crate::text::hex4(b.get(i + 2..).unwrap_or(&[])) {
                None => (ErrorKind::Syntax, "invalid \\u escape"),
                Some(0xD800..=0xDFFF) => {
                    (ErrorKind::InvalidValue, "lone surrogate escape in a String")
                }
                Some(_) => (
                    ErrorKind::InvalidValue,
                    "character not allowed in a String (control or noncharacter)",
                ),
            },
            Some(_) => (ErrorKind::Syntax, "invalid escape"),
        };
        debug_assert!(attr || kind == ErrorKind::Syntax);
        self.err(kind, detail)
    }

    /// Scans a JSON number at `self.pos`. Returns whether it is a plain
    /// integer (no fraction, no exponent).
    #[inline]
    pub(crate) fn number(&mut self) -> Result<bool, Error> {
        let b = self.input;
        let mut i = self.pos;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                i += 1;
                while matches!(b.get(i), Some(b'0'..=b'9')) {
                    i += 1;
                }
            }
            _ => {
                self.pos = i;
                return Err(self.unexpected("invalid number"));
            }
        }
        let mut integer = true;
        if b.get(i) == Some(&b'.') {
            integer = false;
            i += 1;
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                self.pos = i;
                return Err(self.unexpected("digit expected after decimal point"));
            }
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            integer = false;
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                self.pos = i;
                return Err(self.unexpected("digit expected in exponent"));
            }
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        self.pos = i;
        Ok(integer)
    }

    /// Consumes the literal `word` (`true`, `false`, `null`).
    #[inline]
    pub(crate) fn literal(&mut self, word: &'static [u8]) -> Result<(), Error> {
        if self.input[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.unexpected("invalid literal"))
        }
    }

    /// Validates one whole JSON value at `self.pos` (after whitespace),
    /// iteratively, with at most `max_depth` nested containers.
    pub(crate) fn value(&mut self, max_depth: usize) -> Result<(), Error> {
        // One bit per open container: 1 = object, 0 = array. `in_object`
        // caches the innermost one.
        let mut stack = [0u64; crate::options::ParseOptions::MAX_DEPTH_LIMIT / 64];
        let mut depth = 0usize;
        let mut in_object = false;
        'value: loop {
            match self.peek_ws() {
                Some(b'{') => {
                    if depth >= max_depth {
                        return Err(self.err(ErrorKind::Limit, "nesting too deep"));
                    }
                    stack[depth / 64] |= 1 << (depth % 64);
                    depth += 1;
                    in_object = true;
                    self.pos += 1;
                    match self.peek_ws() {
                        Some(b'}') => {
                            self.pos += 1;
                            depth -= 1;
                            in_object = innermost_is_object(&stack, depth);
                        }
                        Some(b'"') => {
                            self.string()?;
                            self.expect(b':', "expected ':' after member name")?;
                            continue 'value;
                        }
                        _ => return Err(self.unexpected("expected member name or '}'")),
                    }
                }
                Some(b'[') => {
                    if depth >= max_depth {
                        return Err(self.err(ErrorKind::Limit, "nesting too deep"));
                    }
                    stack[depth / 64] &= !(1 << (depth % 64));
                    depth += 1;
                    in_object = false;
                    self.pos += 1;
                    if self.peek_ws() == Some(b']') {
                        self.pos += 1;
                        depth -= 1;
                        in_object = innermost_is_object(&stack, depth);
                    } else {
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                _ => return Err(self.unexpected("expected a JSON value")),
            }
            // After a complete value: close containers or move to the next element.
            loop {
                if depth == 0 {
                    return Ok(());
                }
                match self.peek_ws() {
                    Some(b',') => {
                        self.pos += 1;
                        if in_object {
                            if self.peek_ws() != Some(b'"') {
                                return Err(self.unexpected("expected member name"));
                            }
                            self.string()?;
                            self.expect(b':', "expected ':' after member name")?;
                        }
                        continue 'value;
                    }
                    Some(b'}') if in_object => {}
                    Some(b']') if !in_object => {}
                    _ => {
                        return Err(self.unexpected(if in_object {
                            "expected ',' or '}'"
                        } else {
                            "expected ',' or ']'"
                        }))
                    }
                }
                self.pos += 1;
                depth -= 1;
                in_object = innermost_is_object(&stack, depth);
            }
        }
    }
}

/// Whether string scans use the 16-byte SSE2 step where the target has it
/// (the 8-byte SWAR step otherwise). The skip functions take it as a
/// parameter so that tests run both paths on any machine; building with
/// `RUSTFLAGS="--cfg cloudevents_codec_swar"` turns it off for A/B timings.
const SIMD: bool = !cfg!(cloudevents_codec_swar);

/// Whether the innermost of `depth` open containers is an object (bit set).
#[inline(always)]
fn innermost_is_object(stack: &[u64], depth: usize) -> bool {
    depth > 0 && stack[(depth - 1) / 64] & (1 << ((depth - 1) % 64)) != 0
}

/// Advances from `i` over bytes that cannot end or complicate a JSON string
/// scan, to the first `"`, `\\` or control byte, or to within 8 bytes of the
/// end. Non-ASCII bytes passed over are or-ed into `non_ascii` (high bits;
/// bytes just past the stop may be flagged as well).
#[inline(always)]
fn skip_plain_string_bytes<const WIDE: bool>(b: &[u8], mut i: usize, non_ascii: &mut u64) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    while WIDE && i + 16 <= b.len() {
        let (stops, high) = sse2::string_stops(b, i);
        // May flag bytes past the stop too: a needless UTF-8 check at worst.
        *non_ascii |= u64::from(high);
        if stops != 0 {
            return i + stops.trailing_zeros() as usize;
        }
        i += 16;
    }
    while i + 8 <= b.len() {
        let x = load(b, i);
        let stop = eq_bytes(x, b'"') | eq_bytes(x, b'\\') | lt_bytes(x, 0x20);
        if stop != 0 {
            *non_ascii |= x & HI;
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        *non_ascii |= x & HI;
        i += 8;
    }
    i
}

/// As [`skip_plain_string_bytes`] for a String value: stops also at U+007F
/// and at every non-ASCII byte (they need the TYPE-4 check).
#[inline(always)]
fn skip_plain_attr_bytes<const WIDE: bool>(b: &[u8], mut i: usize) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    while WIDE && i + 16 <= b.len() {
        let stops = sse2::attr_stops(b, i);
        if stops != 0 {
            return i + stops.trailing_zeros() as usize;
        }
        i += 16;
    }
    while i + 8 <= b.len() {
        let x = load(b, i);
        let stop = eq_bytes(x, b'"')
            | eq_bytes(x, b'\\')
            | lt_bytes(x, 0x20)
            | eq_bytes(x, 0x7f)
            | (x & HI);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// The offset after the valid escape at `i` (a backslash), or 0 when it is
/// invalid (with `attr`: also when it decodes to a character TYPE-4 forbids,
/// or is a lone surrogate). Register-only: errors are described by
/// [`Cursor::escape_error`].
#[inline]
fn escape_end(b: &[u8], i: usize, attr: bool) -> usize {
    match b.get(i + 1) {
        Some(b'"' | b'\\' | b'/') => i + 2,
        Some(b'b' | b'f' | b'n' | b'r' | b't') => {
            if attr {
                0
            } else {
                i + 2
            }
        }
        Some(b'u') => {
            let Some(hi) = crate::text::hex4(b.get(i + 2..).unwrap_or(&[])) else {
                return 0;
            };
            let mut next = i + 6;
            let code = match hi {
                0xD800..=0xDBFF => {
                    let lo = if b.get(next) == Some(&b'\\') && b.get(next + 1) == Some(&b'u') {
                        crate::text::hex4(b.get(next + 2..).unwrap_or(&[]))
                    } else {
                        None
                    };
                    match lo {
                        Some(lo @ 0xDC00..=0xDFFF) => {
                            next += 6;
                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                        }
                        // A lone high surrogate: legal JSON, not a String.
                        _ => return if attr { 0 } else { next },
                    }
                }
                0xDC00..=0xDFFF => return if attr { 0 } else { next },
                _ => hi,
            };
            // ASCII printable escapes (`\u0041`) are always allowed.
            if attr
                && !(0x20..0x7f).contains(&code)
                && !char::from_u32(code).is_some_and(crate::spec::chars::is_allowed)
            {
                return 0;
            }
            next
        }
        _ => 0,
    }
}

/// Parses a validated JSON integer (no fraction/exponent) into an `i32`.
pub(crate) fn parse_i32(digits: &[u8]) -> Option<i32> {
    let (neg, d) = match digits.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, digits),
    };
    if d.len() > 10 {
        return None;
    }
    let mut v: i64 = 0;
    for &c in d {
        v = v * 10 + (c - b'0') as i64;
    }
    if neg {
        v = -v;
    }
    i32::try_from(v).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_ok(s: &str) -> bool {
        let mut c = Cursor::new(s.as_bytes());
        c.value(128).is_ok() && {
            c.skip_ws();
            c.pos == s.len()
        }
    }

    #[test]
    fn values() {
        for ok in [
            "1",
            "-0",
            "1.5e-3",
            "\"a\\u00e9\"",
            "[]",
            "{}",
            "[1,[2,{\"a\":[true,false,null]}]]",
            " { \"a\" : 1 , \"b\" : [ ] } ",
            "\"\\ud800\"",
        ] {
            assert!(value_ok(ok), "{ok}");
        }
        for bad in [
            "01",
            "1.",
            "-",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "[1 2]",
            "tru",
            "\"a",
            "\"\t\"",
            "[}",
            "{]",
            "\"\\x\"",
            "+1",
            ".5",
        ] {
            assert!(!value_ok(bad), "{bad}");
        }
    }

    #[test]
    fn depth_limit() {
        // JSON-24, E-11
        let deep = "[".repeat(10_000);
        let mut c = Cursor::new(deep.as_bytes());
        assert_eq!(c.value(128).unwrap_err().kind(), ErrorKind::Limit);
        let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(value_ok(&ok));
    }

    #[test]
    fn swar_matches_naive() {
        // Every position of a stop byte inside long strings is found.
        for pos in 0..40 {
            for stop in [b'"', b'\\', 0x01u8] {
                let mut s = alloc_vec(b'a', 40);
                s.insert(0, b'"');
                s[pos + 1] = stop;
                s.push(b'"');
                let mut c = Cursor::new(&s);
                let r = c.string();
                match stop {
                    b'"' => assert_eq!(r.unwrap().end, pos + 1),
                    b'\\' => assert!(r.is_err()), // `\a` is an invalid escape
                    _ => assert_eq!(r.unwrap_err().offset(), Some(pos + 1)),
                }
            }
        }
    }

    /// The contract of the skip functions, whichever path (16-byte SSE2,
    /// 8-byte SWAR) ran: every byte passed over is plain, the scan stops at
    /// the first stop byte or within 8 bytes of the end, and a passed-over
    /// non-ASCII byte is reported.
    fn check_skips(b: &[u8], i: usize) {
        check_skips_with::<true>(b, i);
        check_skips_with::<false>(b, i);
    }

    fn check_skips_with<const WIDE: bool>(b: &[u8], i: usize) {
        let mut non_ascii = 0;
        let j = skip_plain_string_bytes::<WIDE>(b, i, &mut non_ascii);
        let stop = |c: u8| matches!(c, b'"' | b'\\' | 0..=0x1f);
        assert!(j <= b.len() && j >= i);
        assert!(!b[i..j].iter().any(|&c| stop(c)), "{b:?} {i} {j}");
        assert!(j + 8 > b.len() || stop(b[j]), "{b:?} {i} {j}");
        if b[i..j].iter().any(|&c| c >= 0x80) {
            assert_ne!(non_ascii, 0, "{b:?}");
        }
        let j = skip_plain_attr_bytes::<WIDE>(b, i);
        let stop = |c: u8| matches!(c, b'"' | b'\\' | 0..=0x1f | 0x7f..);
        assert!(j <= b.len() && j >= i);
        assert!(!b[i..j].iter().any(|&c| stop(c)), "{b:?} {i} {j}");
        assert!(j + 8 > b.len() || stop(b[j]), "{b:?} {i} {j}");
    }

    #[test]
    fn skips_stop_at_every_position() {
        let stops = [b'"', b'\\', 0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xff, b' ', b'~'];
        // Under Miri (slow) only lengths and positions around the 8- and
        // 16-byte steps.
        let lens: &[usize] = if cfg!(miri) {
            &[9, 17, 33]
        } else {
            &[
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39,
            ]
        };
        for &len in lens {
            for pos in 0..len {
                if cfg!(miri) && ![0, 1, 7, 8, 15, 16, 17, 24, 32].contains(&pos) {
                    continue;
                }
                for &c in &stops {
                    for start in [0, 1, 7] {
                        let mut b = alloc_vec(b'a', len);
                        b[pos] = c;
                        if start < len {
                            check_skips(&b, start);
                        }
                        // A non-ASCII byte passed over before the stop.
                        if pos > start + 1 {
                            b[start] = 0xc3;
                            check_skips(&b, start);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn strings_across_chunk_boundaries() {
        // Strings long enough for the 16-byte path, with UTF-8 (valid and
        // not), escapes and attribute-forbidden bytes at every offset.
        for pos in 0..40 {
            for (ins, ok_string, ok_attr) in [
                (&b"\xc3\xa9"[..], true, true),
                (&b"\xc3"[..], false, false),
                (&b"\x7f"[..], true, false),
                (&b"\\n"[..], true, false),
                (&b"\\u00e9"[..], true, true),
                (&b"\xef\xbf\xbe"[..], true, false), // U+FFFE, a noncharacter
            ] {
                let mut s = alloc_vec(b'a', 40);
                s.splice(pos..pos, ins.iter().copied());
                s.insert(0, b'"');
                s.push(b'"');
                let r = Cursor::new(&s).string();
                assert_eq!(r.is_ok(), ok_string, "{s:?}");
                if let Ok(info) = r {
                    assert_eq!(info.end, s.len() - 1);
                }
                assert_eq!(Cursor::new(&s).attr_string().is_ok(), ok_attr, "{s:?}");
            }
        }
    }

    extern crate alloc;
    fn alloc_vec(b: u8, n: usize) -> alloc::vec::Vec<u8> {
        alloc::vec![b; n]
    }

    #[test]
    fn ints() {
        assert_eq!(parse_i32(b"2147483647"), Some(i32::MAX));
        assert_eq!(parse_i32(b"-2147483648"), Some(i32::MIN));
        assert_eq!(parse_i32(b"2147483648"), None);
        assert_eq!(parse_i32(b"-0"), Some(0));
        assert_eq!(parse_i32(b"99999999999999"), None);
    }
}
