//! JSON data in the schema's JSON-value unions (AVRO-3, AVRO-4), both ways.
//!
//! The schema models JSON with four positions, each a union:
//!
//! | position | where | branches |
//! |---|---|---|
//! | `D` | the `data` field | bytes, null, boolean, map<`T`>, array<`C`>, double, string |
//! | `T` | a value of the top-level map | null, boolean, `C`, double, string |
//! | `I` | a value of a `C`'s map | null, boolean, map<`C`>, array<`C`>, double, string |
//! | `C` | `CloudEventData`, a record `{ value: map<I> }` | (a record, no union) |
//!
//! `C` can only hold a map, yet arrays hold `C`s and objects inside a `C`
//! hold `C`s: the schema cannot put a number in an array, or an array in
//! an object, directly. This crate's convention fills the gap: a JSON value
//! that is not an object, in a `C` position, is a `C` whose map has the one
//! key `""` mapped to the value (in the `I` union). An object whose only
//! member is named `""` is written that way too, so that reading is
//! unambiguous: a `C` whose map is exactly `{"": v}` reads as `v`; any other
//! `C` reads as the object its map is. An independent reader (fastavro,
//! apache-avro) sees these records as they are; this crate maps them back
//! to the JSON they came from.
//!
//! Numbers are `double`s (AVRO-4): a JSON number is written as the nearest
//! double and read back in the shortest form that reads as that double
//! (`1.5`, `42`, `1e21`, `1.5e-7`: JavaScript's rules). Integers up to 2^53
//! and decimals such as `21.37` come back as written; other spellings
//! (`1.0`, `1E2`, more than 17 significant digits) come back with the same
//! double value but other digits. The event writer uses this translation
//! when it is exact, or when the spec requires it (data without a content
//! type); see [`numbers_fit`].

use alloc::vec::Vec;

use super::codec::{put_bytes, put_double, put_long, Cursor};
use crate::error::{Error, ErrorKind};
use crate::json::tokens::{Token, Tokens};
use crate::sink::Sink;

/// A position of the JSON model (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// The `data` union.
    D,
    /// A value of the top-level map.
    T,
    /// A value in a `CloudEventData`'s map.
    I,
    /// A `CloudEventData` record.
    C,
}

// ---------------------------------------------------------------------------
// JSON text → Avro

/// The deepest JSON this translation accepts, the crate's depth cap
/// (`ParseOptions::MAX_DEPTH_LIMIT`): the writer's container stack is a
/// fixed array of this size.
const MAX_DEPTH: usize = crate::options::ParseOptions::MAX_DEPTH_LIMIT;

/// True when every number of the JSON text `json` fits a double: finite
/// and, with `exact`, written exactly as [`format_number`] writes that double
/// back (so the text survives the round trip).
pub(crate) fn numbers_fit(json: &[u8], exact: bool) -> bool {
    let mut depth = 0usize;
    for token in Tokens::new(json) {
        match token {
            Token::BeginObject | Token::BeginArray => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return false;
                }
            }
            Token::EndObject | Token::EndArray => depth = depth.saturating_sub(1),
            Token::Number { text, .. } => {
                // Short plain decimals are finite and exact: no parsing.
                if plain_decimal_is_exact(text) == Some(true) {
                    continue;
                }
                let Some(v) = parse_number(text) else {
                    return false;
                };
                if !v.is_finite() || (exact && !renders_as_slow(v, text)) {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

fn parse_number(text: &[u8]) -> Option<f64> {
    core::str::from_utf8(text).ok()?.parse::<f64>().ok()
}

/// True when the number `text` reads back from its double as written,
/// decided from the text alone: at most 15 significant digits (which a
/// double holds exactly, and which are then its shortest form), no
/// exponent, no trailing fraction zero, within the positional range.
/// `None` when the text needs the formatter ([`renders_as_slow`]).
fn plain_decimal_is_exact(text: &[u8]) -> Option<bool> {
    let digits = text.strip_prefix(b"-").unwrap_or(text);
    let (int, frac) = match digits.iter().position(|&c| c == b'.') {
        Some(dot) => (&digits[..dot], Some(&digits[dot + 1..])),
        None => (digits, None),
    };
    if !int.iter().all(u8::is_ascii_digit) {
        return None; // an exponent
    }
    let Some(frac) = frac else {
        // An integer: exact below 10^15.
        return (int.len() <= 15).then_some(true);
    };
    if !frac.iter().all(u8::is_ascii_digit) || frac.last() == Some(&b'0') {
        return None;
    }
    let significant = if int == b"0" {
        let zeros = frac.iter().take_while(|&&c| c == b'0').count();
        if zeros > 5 {
            return None; // below 1e-6: exponent notation
        }
        frac.len() - zeros
    } else {
        int.len() + frac.len()
    };
    (significant <= 15).then_some(true)
}

/// True when [`format_number`] writes `v` as `text`.
fn renders_as_slow(v: f64, text: &[u8]) -> bool {
    struct Compare<'t> {
        rest: &'t [u8],
        same: bool,
    }
    impl core::fmt::Write for Compare<'_> {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            match self.rest.strip_prefix(s.as_bytes()) {
                Some(rest) if self.same => self.rest = rest,
                _ => self.same = false,
            }
            Ok(())
        }
    }
    let mut c = Compare {
        rest: text,
        same: true,
    };
    let _ = format_number(v, &mut c);
    c.same && c.rest.is_empty()
}

/// Formats a finite double as JSON, the way JavaScript prints numbers:
/// positional notation from 1e-6 up to 1e21, exponent notation outside;
/// the shortest digits that read back as `v`.
fn format_number<W: core::fmt::Write>(v: f64, w: &mut W) -> core::fmt::Result {
    let a = v.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        write!(w, "{v:e}")
    } else {
        write!(w, "{v}")
    }
}

/// Writes the JSON value `json` (validated JSON text) in the `data` union
/// (position `D`). The caller checked [`numbers_fit`] (non-finite numbers
/// are written as they parse, which the reader refuses).
pub(crate) fn write_json<S: Sink + ?Sized>(json: &[u8], out: &mut S) {
    let mut tokens = Tokens::new(json);
    // One byte per open container: the position of its elements, and
    // whether it closes a `{"": v}` wrapper too.
    let mut stack = [0u8; MAX_DEPTH];
    let mut depth = 0usize;
    let mut next_slot = Slot::D;
    while let Some(token) = tokens.next() {
        match token {
            Token::Colon => continue,
            Token::Comma => {
                if let Some(&top) = depth.checked_sub(1).and_then(|d| stack.get(d)) {
                    // Arrays: a block of one item per element.
                    if top & IS_ARRAY != 0 {
                        put_long(1, out);
                        next_slot = slot_of(top);
                    }
                }
                continue;
            }
            Token::EndObject | Token::EndArray => {
                let Some(d) = depth.checked_sub(1) else {
                    return;
                };
                depth = d;
                put_long(0, out);
                if stack[d] & CLOSES_WRAPPER != 0 {
                    put_long(0, out);
                }
                continue;
            }
            Token::Str(key) if in_object_expecting_key(&stack, depth, &tokens) => {
                // A member name: one block of one entry.
                put_long(1, out);
                let mut len = crate::sink::CountingSink(0);
                key.decode_to(&mut len);
                put_long(len.0 as i64, out);
                key.decode_to(out);
                next_slot = slot_of(stack[depth - 1]);
                continue;
            }
            _ => {}
        }
        // A value in position `next_slot`.
        let slot = next_slot;
        let container = match token {
            Token::BeginObject => Some(false),
            Token::BeginArray => Some(true),
            _ => None,
        };
        let Some(is_array) = container else {
            write_scalar(slot, &token, out);
            continue;
        };
        if depth >= MAX_DEPTH {
            return;
        }
        // (union branch, element position, closes a wrapper)
        let (branch, elements, wrapper) = match (slot, is_array) {
            (Slot::D, false) => (Some(3), Slot::T, false),
            (Slot::D, true) => (Some(4), Slot::C, false),
            (Slot::I, false) => (Some(2), Slot::C, false),
            (Slot::I, true) => (Some(3), Slot::C, false),
            // A record: an object as its map, unless it is `{"": v}`.
            (Slot::T | Slot::C, false) if !is_wrapper_shaped(&tokens) => {
                (wrapper_branch(slot), Slot::I, false)
            }
            // Anything else in a record: `{"": value}`, the value in `I`.
            (Slot::T | Slot::C, _) => {
                if let Some(b) = wrapper_branch(slot) {
                    put_long(b, out);
                }
                put_long(1, out);
                put_long(0, out);
                (Some(if is_array { 3 } else { 2 }), Slot::C, true)
            }
        };
        if let Some(b) = branch {
            put_long(b, out);
        }
        let mut top = slot_bits(elements);
        if is_array {
            top |= IS_ARRAY;
        }
        if wrapper {
            top |= CLOSES_WRAPPER;
        }
        stack[depth] = top;
        depth += 1;
        // The first array element opens its block; an empty array writes
        // nothing more before its end.
        if is_array {
            let mut peek = tokens.clone();
            if peek.next() != Some(Token::EndArray) {
                put_long(1, out);
                next_slot = elements;
            }
        }
    }
}

/// Stack byte layout: bits 0-1 the element position, then flags.
const IS_ARRAY: u8 = 4;
const CLOSES_WRAPPER: u8 = 8;

fn slot_bits(s: Slot) -> u8 {
    match s {
        Slot::D => 0,
        Slot::T => 1,
        Slot::I => 2,
        Slot::C => 3,
    }
}

fn slot_of(bits: u8) -> Slot {
    match bits & 3 {
        0 => Slot::D,
        1 => Slot::T,
        2 => Slot::I,
        _ => Slot::C,
    }
}

/// The branch of a record in position `T` (2); none in position `C`.
fn wrapper_branch(slot: Slot) -> Option<i64> {
    (slot == Slot::T).then_some(2)
}

/// True when the string just read is a member name: the innermost open
/// container is an object and a `:` follows.
fn in_object_expecting_key(stack: &[u8], depth: usize, tokens: &Tokens<'_>) -> bool {
    depth > 0
        && stack[depth - 1] & IS_ARRAY == 0
        && matches!(tokens.clone().next(), Some(Token::Colon))
}

/// True when the object whose `{` was just read is `{"": v}`: its one
/// member is named `""`.
fn is_wrapper_shaped(tokens: &Tokens<'_>) -> bool {
    let mut t = tokens.clone();
    match t.next() {
        Some(Token::Str(k)) if k.is_empty() => {}
        _ => return false,
    }
    if t.next() != Some(Token::Colon) {
        return false;
    }
    // Skip the member's value.
    let mut depth = 0usize;
    loop {
        match t.next() {
            Some(Token::BeginObject | Token::BeginArray) => depth += 1,
            Some(Token::EndObject | Token::EndArray) => depth = depth.saturating_sub(1),
            Some(_) => {}
            None => return false,
        }
        if depth == 0 {
            break;
        }
    }
    t.next() == Some(Token::EndObject)
}

/// A scalar in position `slot`: null, boolean, number or string.
fn write_scalar<S: Sink + ?Sized>(slot: Slot, token: &Token<'_>, out: &mut S) {
    // Branch indexes of null, boolean, double, string per position.
    let (null, boolean, double, string) = match slot {
        Slot::D => (1, 2, 5, 6),
        Slot::T => (0, 1, 3, 4),
        Slot::I | Slot::C => (0, 1, 4, 5),
    };
    if slot == Slot::C {
        // `{"": value}`
        put_long(1, out);
        put_long(0, out);
    }
    match token {
        Token::Null => put_long(null, out),
        Token::True | Token::False => {
            put_long(boolean, out);
            out.put_byte(u8::from(*token == Token::True));
        }
        Token::Number { text, .. } => {
            put_long(double, out);
            put_double(parse_number(text).unwrap_or(f64::NAN), out);
        }
        Token::Str(t) => {
            put_long(string, out);
            let mut len = crate::sink::CountingSink(0);
            t.decode_to(&mut len);
            put_long(len.0 as i64, out);
            t.decode_to(out);
        }
        _ => put_long(null, out),
    }
    if slot == Slot::C {
        put_long(0, out);
    }
}

/// Appends UTF-8 `s` as the bytes of an Avro string.
pub(crate) fn put_str<S: Sink + ?Sized>(s: &str, out: &mut S) {
    put_bytes(s.as_bytes(), out);
}

// ---------------------------------------------------------------------------
// Avro → JSON text

/// One open map or array while reading.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    is_array: bool,
    /// The position of the elements.
    elements: Slot,
    /// A `CloudEventData` map (`{"": v}` reads as `v`).
    record: bool,
    /// Items left in the current block.
    left: u64,
    /// Items read so far.
    count: u64,
    /// A record whose first key was `""`: where its value starts in the
    /// output, until a second entry shows it is an object after all.
    wrapped_at: Option<usize>,
}

/// Reads a JSON value in position `slot` (after its union branch, for
/// `D`, which the caller read) and appends it as JSON text to `json`.
/// `stack` is scratch space; `max_depth` caps the nesting (JSON-24).
///
/// # Errors
///
/// `Syntax` and `Encoding` for malformed Avro, `InvalidValue` for a
/// non-finite double (JSON has none), `Limit` past `max_depth`.
pub(crate) fn read_json(
    cur: &mut Cursor<'_>,
    first: Option<u8>,
    json: &mut Vec<u8>,
    stack: &mut Vec<Frame>,
    max_depth: usize,
) -> Result<(), Error> {
    stack.clear();
    read_value(cur, Slot::D, first, json, stack, max_depth)?;
    while let Some(top) = stack.last_mut() {
        if top.left == 0 {
            let n = cur.block()?;
            if n == 0 {
                let frame = *top;
                stack.pop();
                close(&frame, json);
                continue;
            }
            top.left = n;
        }
        top.left -= 1;
        let index = top.count;
        top.count += 1;
        let frame = *top;
        if frame.is_array {
            if index > 0 {
                json.push(b',');
            }
        } else {
            let (key, _) = cur.string()?;
            if frame.record && index == 0 && key.is_empty() {
                // Maybe `{"": v}`: write `v` bare for now.
                if let Some(top) = stack.last_mut() {
                    top.wrapped_at = Some(json.len());
                }
            } else {
                if frame.record && index == 0 {
                    json.push(b'{');
                } else if let (true, Some(at)) = (frame.record, frame.wrapped_at) {
                    // A second entry: the record was an object whose
                    // first member is named "".
                    json.splice(at..at, *b"{\"\":");
                    if let Some(top) = stack.last_mut() {
                        top.wrapped_at = None;
                    }
                }
                if index > 0 {
                    json.push(b',');
                }
                json_string(key, json);
                json.push(b':');
            }
        }
        read_value(cur, frame.elements, None, json, stack, max_depth)?;
    }
    Ok(())
}

/// The end of a map or an array.
fn close(frame: &Frame, json: &mut Vec<u8>) {
    if frame.is_array {
        json.push(b']');
    } else if !frame.record {
        json.push(b'}');
    } else if frame.wrapped_at.is_none() {
        // An object (`{}` when empty: its `{` was never written).
        if frame.count == 0 {
            json.push(b'{');
        }
        json.push(b'}');
    }
}

/// Reads one value in position `slot`: writes a scalar, or opens a
/// container on `stack`. `branch`: the union branch, when already read.
fn read_value(
    cur: &mut Cursor<'_>,
    slot: Slot,
    branch: Option<u8>,
    json: &mut Vec<u8>,
    stack: &mut Vec<Frame>,
    max_depth: usize,
) -> Result<(), Error> {
    #[derive(Clone, Copy)]
    enum Kind {
        Null,
        Boolean,
        Double,
        String,
        Map(Slot),
        Array(Slot),
        Record,
    }
    let kind = if slot == Slot::C {
        Kind::Record
    } else {
        let branches = match slot {
            Slot::D => 7,
            Slot::T => 5,
            _ => 6,
        };
        let b = match branch {
            Some(b) => b,
            None => cur.branch(branches)?,
        };
        match (slot, b) {
            (Slot::D, 1) | (Slot::T | Slot::I, 0) => Kind::Null,
            (Slot::D, 2) | (Slot::T | Slot::I, 1) => Kind::Boolean,
            (Slot::D, 5) | (Slot::T, 3) | (Slot::I, 4) => Kind::Double,
            (Slot::D, 6) | (Slot::T, 4) | (Slot::I, 5) => Kind::String,
            (Slot::D, 3) => Kind::Map(Slot::T),
            (Slot::D, 4) | (Slot::I, 3) => Kind::Array(Slot::C),
            (Slot::I, 2) => Kind::Map(Slot::C),
            (Slot::T, 2) => Kind::Record,
            // `bytes` (D, 0) is the caller's: not JSON.
            _ => {
                return Err(
                    Error::new(ErrorKind::Syntax, "union branch out of place in JSON data")
                        .at(cur.pos),
                )
            }
        }
    };
    match kind {
        Kind::Null => json.extend_from_slice(b"null"),
        Kind::Boolean => {
            let b = cur.boolean()?;
            json.extend_from_slice(if b { b"true" } else { b"false" });
        }
        Kind::Double => {
            let at = cur.pos;
            let v = cur.double()?;
            if !v.is_finite() {
                return Err(Error::new(
                    ErrorKind::InvalidValue,
                    "NaN and infinite numbers have no JSON form",
                )
                .at(at));
            }
            let _ = format_number(v, &mut VecWriter(json));
        }
        Kind::String => {
            let (s, _) = cur.string()?;
            json_string(s, json);
        }
        Kind::Map(_) | Kind::Array(_) | Kind::Record => {
            // A JSON level takes up to two frames (a record and the array
            // or map it wraps).
            if stack.len() >= max_depth.saturating_mul(2) {
                return Err(Error::new(
                    ErrorKind::Limit,
                    "JSON data nested deeper than the depth limit",
                )
                .at(cur.pos));
            }
            let (is_array, elements, record) = match kind {
                Kind::Map(e) => (false, e, false),
                Kind::Array(e) => (true, e, false),
                _ => (false, Slot::I, true),
            };
            if !record {
                json.push(if is_array { b'[' } else { b'{' });
            }
            stack.push(Frame {
                is_array,
                elements,
                record,
                left: 0,
                count: 0,
                wrapped_at: None,
            });
        }
    }
    Ok(())
}

/// Appends `s` as a JSON string literal.
pub(crate) fn json_string(s: &str, json: &mut Vec<u8>) {
    json.push(b'"');
    crate::text::write_json_escaped(s.as_bytes(), json);
    json.push(b'"');
}

/// `core::fmt::Write` into a byte vector.
struct VecWriter<'v>(&'v mut Vec<u8>);

impl core::fmt::Write for VecWriter<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::String;

    fn round_trip(json: &str) -> String {
        let mut avro = Vec::new();
        write_json(json.as_bytes(), &mut avro);
        let mut cur = Cursor::new(&avro, 0);
        let branch = cur.branch(7).unwrap();
        let (mut out, mut stack) = (Vec::new(), Vec::new());
        read_json(&mut cur, Some(branch), &mut out, &mut stack, 128).unwrap();
        assert_eq!(cur.pos, avro.len(), "{json}: trailing bytes");
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn avro_3_every_shape_round_trips() {
        for json in [
            "null",
            "true",
            "1.5",
            "\"s\"",
            "{}",
            "[]",
            r#"{"a":1,"b":null,"c":true,"d":"x"}"#,
            r#"{"o":{"p":{"q":[1,[2,[]],{}]}}}"#,
            r#"[1,"two",null,false,[3],{"x":[4]},{}]"#,
            r#"[[1,2],[3,4]]"#,
            r#"{"":1}"#,
            r#"{"":1,"b":2}"#,
            r#"[{"":{"":[]}}]"#,
            r#"{"a":{"":{"":1}}}"#,
            r#"{"a":[{"":1,"":2}]}"#,
            r#"{"k":{"":"v"}}"#,
        ] {
            assert_eq!(round_trip(json), json);
        }
    }

    #[test]
    fn avro_4_numbers_are_doubles() {
        assert_eq!(
            round_trip("[1.0,1E2,-0,0.1,1e21,1.5e-7,0.000001,123456789012,21.37]"),
            "[1,100,-0,0.1,1e21,1.5e-7,0.000001,123456789012,21.37]"
        );
        assert!(numbers_fit(b"[1.5,{\"a\":-0,\"b\":1e21}]", true));
        // The fast path agrees with the formatter.
        for t in [
            "0",
            "-0",
            "7",
            "123456789012345",
            "1234567890123456",
            "0.5",
            "-12.25",
            "0.000001",
            "0.0000001",
            "1.10",
            "3.14159265358979",
            "1.000000000000001",
            "99999999999999999999",
        ] {
            let v: f64 = t.parse().unwrap();
            if let Some(fast) = plain_decimal_is_exact(t.as_bytes()) {
                assert_eq!(fast, renders_as_slow(v, t.as_bytes()), "{t}");
            }
        }
        assert!(!numbers_fit(b"[1.0]", true));
        assert!(numbers_fit(b"[1.0]", false));
        assert!(!numbers_fit(b"[1e400]", false));
    }
}
