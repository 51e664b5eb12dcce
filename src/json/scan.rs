//! Byte-level JSON scanning: whitespace, strings, numbers, literals and whole
//! values, over a borrowed input. No allocation, no recursion.
//!
//! Strings are scanned 16 (SSE2) or 8 (SWAR) bytes at a time to the next
//! byte that needs attention, with the kernels of [`crate::kernels`];
//! everything else is a plain cursor.

use crate::error::{Error, ErrorKind};
use crate::kernels::{skip_plain_attr_bytes, skip_plain_string_bytes, SIMD};

/// A cursor over the input.
pub(crate) struct Cursor<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) pos: usize,
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
    /// A `\uD800`-`\uDFFF` escape outside a valid pair: legal JSON, but
    /// not text (JSON-11). Found while scanning, so text data needs no
    /// second pass.
    pub(crate) lone_surrogate: bool,
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
        let mut lone_surrogate = false;
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
                    let next = self.escape(i, false)?;
                    // A valid pair is twelve bytes; six bytes of `\u`
                    // naming a surrogate are a lone one.
                    lone_surrogate |= next == i + 6
                        && b[i + 1] == b'u'
                        && matches!(crate::text::hex4(&b[i + 2..]), Some(0xD800..=0xDFFF));
                    i = next;
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
            if let Err(e) = crate::kernels::utf8(&b[start..i]) {
                self.pos = start + e.valid_up_to();
                return Err(self.err(ErrorKind::Encoding, "invalid UTF-8 in string"));
            }
        }
        self.pos = i + 1;
        Ok(StrInfo {
            start,
            end: i,
            escaped,
            lone_surrogate,
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
            // The attribute scan refuses lone surrogates (TYPE-4).
            lone_surrogate: false,
        })
    }

    /// Validates the escape at `i` (a backslash) and returns the offset after
    /// it. With `attr`, the decoded character must be allowed by TYPE-4 and
    /// surrogates must pair.
    /// Validates the escape at `i` (a backslash) and returns the offset after
    /// it. With `attr`, the decoded character must be allowed by TYPE-4 and
    /// surrogates must pair.
    #[inline(always)]
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
    #[inline(always)]
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
                    // Arrays of numbers (series, samples, coordinates): stay
                    // here while the next element is a number as well,
                    // without the dispatch of the general loop. Anything
                    // else after a ',' goes back to that loop at the ','.
                    if depth > 0 && !in_object {
                        while self.peek_ws() == Some(b',') {
                            let comma = self.pos;
                            self.pos += 1;
                            if matches!(self.peek_ws(), Some(b'-' | b'0'..=b'9')) {
                                self.number()?;
                            } else {
                                self.pos = comma;
                                break;
                            }
                        }
                    }
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

/// Whether the innermost of `depth` open containers is an object (bit set).
#[inline(always)]
fn innermost_is_object(stack: &[u64], depth: usize) -> bool {
    depth > 0 && stack[(depth - 1) / 64] & (1 << ((depth - 1) % 64)) != 0
}

/// The offset after the valid escape at `i` (a backslash), or 0 when it is
/// invalid (with `attr`: also when it decodes to a character TYPE-4 forbids,
/// or is a lone surrogate). Register-only: errors are described by
/// [`Cursor::escape_error`].
#[inline(always)]
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

    /// The number-array loop of `value` hands everything that is not a
    /// number after a ',' back to the general loop: the same values pass
    /// and fail, at the same offsets, as element by element.
    #[test]
    fn number_arrays() {
        for ok in [
            "[1,2,3]",
            "[-1.5e3 , 2,\n\t3]",
            "[1,\"a\",2,[3,4],{\"b\":5},6]",
            "[[1,2],[3,-4.25]]",
            "{\"a\":[1,2],\"b\":3}",
            "[0,-0,0.5,1E+2]",
        ] {
            assert!(value_ok(ok), "{ok}");
        }
        for (bad, at) in [
            ("[1,]", 3),
            ("[1,,2]", 3),
            ("[1,-]", 4),
            ("[1,2 3]", 5),
            ("[1,01]", 4),
            ("[1,2.]", 5),
            ("[1,2", 4),
            ("[1,2,", 5),
            ("{\"a\":1,2}", 7),
        ] {
            let mut c = Cursor::new(bad.as_bytes());
            let e = c.value(128).unwrap_err();
            assert_eq!(e.offset(), Some(at), "{bad}");
        }
        // At the top level a number is the whole value: a ',' after it is
        // not an array's.
        let mut c = Cursor::new(b"1,2");
        c.value(128).unwrap();
        assert_eq!(c.pos, 1);
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
