//! Protocol Buffers wire primitives: varints, field keys, length-delimited
//! fields and the skipping of unknown fields (protobuf "Encoding" guide).
//!
//! Always compiled: besides the `protobuf` module, two value types read
//! protobuf bytes lazily — [`ProtoAny`](crate::ProtoAny) (a `proto_data`
//! payload) and [`Text`](crate::Text)s whose encoding is
//! [`TextEncoding::ProtobufTimestamp`](crate::TextEncoding::ProtobufTimestamp).
//!
//! Every read is bounds-checked and reports malformed input as `Syntax` with
//! the absolute byte offset where it was found; nothing here panics.

// Without the `protobuf` module, only the reading half is used.
#![cfg_attr(not(feature = "protobuf"), allow(dead_code))]

use crate::error::{Error, ErrorKind};
use crate::sink::Sink;

/// Wire type 0: a varint.
pub(crate) const VARINT: u8 = 0;
/// Wire type 1: eight little-endian bytes.
pub(crate) const I64: u8 = 1;
/// Wire type 2: a varint length, then that many bytes.
pub(crate) const LEN: u8 = 2;
/// Wire type 3: start of a (deprecated) group.
const SGROUP: u8 = 3;
/// Wire type 4: end of a group.
const EGROUP: u8 = 4;
/// Wire type 5: four little-endian bytes.
pub(crate) const I32: u8 = 5;

/// The largest field number protobuf allows (2^29 - 1).
const MAX_FIELD: u64 = (1 << 29) - 1;

/// How deeply groups may nest while skipping them (prost's recursion limit).
const GROUP_DEPTH: u32 = 100;

/// A cursor over one message: the bytes `input[pos..end]`. Offsets in errors
/// are absolute in `input`, so nested messages report where they are in the
/// outermost buffer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wire<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) pos: usize,
    pub(crate) end: usize,
}

/// One field key: the field number, the wire type and where the key starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    pub(crate) field: u32,
    pub(crate) wire: u8,
    pub(crate) at: usize,
}

#[cold]
pub(crate) fn syntax(detail: &'static str, at: usize) -> Error {
    Error::new(ErrorKind::Syntax, detail).at(at)
}

impl<'a> Wire<'a> {
    /// The whole of `input` as one message.
    #[inline]
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Wire {
            input,
            pos: 0,
            end: input.len(),
        }
    }

    /// The message `input[start..end]` (a length-delimited field's bytes).
    #[inline]
    pub(crate) fn sub(input: &'a [u8], start: usize, end: usize) -> Self {
        Wire {
            input,
            pos: start,
            end,
        }
    }

    /// True once every byte of the message was read.
    #[inline]
    pub(crate) fn is_done(&self) -> bool {
        self.pos >= self.end
    }

    /// Reads a varint of up to ten bytes (a 64-bit value; non-minimal
    /// encodings are accepted, as every protobuf library does); `None`,
    /// with the cursor unmoved, for a varint cut off by the end of the
    /// message or longer than 64 bits ([`varint`](Self::varint) says which).
    #[inline(always)]
    pub(crate) fn varint_fast(&mut self) -> Option<u64> {
        let start = self.pos;
        // One byte: keys, short lengths, small integers.
        let b = *self.input.get(start)?;
        if b < 0x80 && start < self.end {
            self.pos = start + 1;
            return Some(u64::from(b));
        }
        self.varint_long(start)
    }

    #[inline(never)]
    fn varint_long(&mut self, start: usize) -> Option<u64> {
        let avail = self.input.get(start..self.end)?;
        let mut value = 0u64;
        for (i, &b) in avail.iter().take(10).enumerate() {
            if i == 9 && b > 1 {
                return None;
            }
            value |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.pos = start + i + 1;
                return Some(value);
            }
        }
        None
    }

    /// Reads a varint.
    ///
    /// # Errors
    ///
    /// `Syntax` for a varint cut off by the end of the message or longer
    /// than 64 bits.
    #[inline(always)]
    pub(crate) fn varint(&mut self) -> Result<u64, Error> {
        match self.varint_fast() {
            Some(v) => Ok(v),
            None => Err(self.varint_error()),
        }
    }

    /// Why the varint at the cursor does not read.
    #[cold]
    #[inline(never)]
    fn varint_error(&self) -> Error {
        let avail = self.input.get(self.pos..self.end).unwrap_or(&[]);
        let long = avail.len() >= 10 && avail[..9].iter().all(|&b| b >= 0x80);
        if long {
            syntax("varint longer than 64 bits", self.pos)
        } else {
            syntax("truncated varint", self.pos)
        }
    }

    /// Reads a field key; `None`, with the cursor unmoved, when it does not
    /// read ([`key`](Self::key) says why).
    #[inline(always)]
    pub(crate) fn key_fast(&mut self) -> Option<Key> {
        let at = self.pos;
        let v = self.varint_fast()?;
        let field = v >> 3;
        if field == 0 || field > MAX_FIELD {
            self.pos = at;
            return None;
        }
        Some(Key {
            field: field as u32,
            wire: (v & 7) as u8,
            at,
        })
    }

    /// Reads a field key.
    ///
    /// # Errors
    ///
    /// `Syntax` for a broken varint or a field number of 0 or above 2^29-1.
    #[inline(always)]
    pub(crate) fn key(&mut self) -> Result<Key, Error> {
        match self.key_fast() {
            Some(k) => Ok(k),
            None => Err(self.key_error()),
        }
    }

    #[cold]
    #[inline(never)]
    fn key_error(&self) -> Error {
        let mut probe = *self;
        match probe.varint_fast() {
            Some(_) => syntax("invalid field number", self.pos),
            None => self.varint_error(),
        }
    }

    /// Reads a length-delimited field's bytes and their absolute start
    /// offset; `None`, with the cursor unmoved, when they do not read.
    #[inline(always)]
    pub(crate) fn bytes_fast(&mut self) -> Option<(&'a [u8], usize)> {
        let at = self.pos;
        let len = self.varint_fast()?;
        let start = self.pos;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        match self.input.get(start..end) {
            Some(b) if end <= self.end => {
                self.pos = end;
                Some((b, start))
            }
            _ => {
                self.pos = at;
                None
            }
        }
    }

    /// Reads a length-delimited field's bytes and returns them with their
    /// absolute start offset.
    ///
    /// # Errors
    ///
    /// `Syntax` when the length runs past the end of the message.
    #[inline(always)]
    pub(crate) fn bytes(&mut self) -> Result<(&'a [u8], usize), Error> {
        match self.bytes_fast() {
            Some(b) => Ok(b),
            None => Err(self.bytes_error()),
        }
    }

    #[cold]
    #[inline(never)]
    fn bytes_error(&self) -> Error {
        let mut probe = *self;
        match probe.varint_fast() {
            Some(_) => syntax("length runs past the end of the message", self.pos),
            None => self.varint_error(),
        }
    }

    /// Skips `n` bytes.
    fn advance(&mut self, n: usize, at: usize) -> Result<(), Error> {
        if self.end - self.pos < n {
            return Err(syntax("fixed-size value cut off", at));
        }
        self.pos += n;
        Ok(())
    }

    /// Skips the value of a field whose key was just read (an unknown
    /// field): any wire type protobuf defines, groups included.
    ///
    /// # Errors
    ///
    /// `Syntax` for wire types 6 and 7, an end-group key without its start,
    /// mismatched or too deeply nested groups, and truncated values.
    pub(crate) fn skip(&mut self, key: Key) -> Result<(), Error> {
        self.skip_depth(key, 0)
    }

    fn skip_depth(&mut self, key: Key, depth: u32) -> Result<(), Error> {
        match key.wire {
            VARINT => self.varint().map(|_| ()),
            I64 => self.advance(8, key.at),
            LEN => self.bytes().map(|_| ()),
            I32 => self.advance(4, key.at),
            SGROUP => {
                if depth >= GROUP_DEPTH {
                    return Err(syntax("groups nested too deeply", key.at));
                }
                loop {
                    if self.is_done() {
                        return Err(syntax("group without its end", key.at));
                    }
                    let inner = self.key()?;
                    if inner.wire == EGROUP {
                        if inner.field != key.field {
                            return Err(syntax("end of a group that was not started", inner.at));
                        }
                        return Ok(());
                    }
                    self.skip_depth(inner, depth + 1)?;
                }
            }
            EGROUP => Err(syntax("end of a group that was not started", key.at)),
            _ => Err(syntax("invalid wire type", key.at)),
        }
    }
}

/// The `seconds` and `nanos` of a `google.protobuf.Timestamp` message
/// (the last occurrence of each wins; absent fields are 0). `None` for bytes
/// that are not such a message.
pub(crate) fn timestamp_fields(raw: &[u8]) -> Option<(i64, i32)> {
    let mut w = Wire::new(raw);
    let (mut seconds, mut nanos) = (0i64, 0i32);
    while !w.is_done() {
        let key = w.key().ok()?;
        match (key.field, key.wire) {
            (1, VARINT) => seconds = w.varint().ok()? as i64,
            (2, VARINT) => nanos = w.varint().ok()? as i32,
            (1 | 2, _) => return None,
            _ => w.skip(key).ok()?,
        }
    }
    Some((seconds, nanos))
}

// ---------------------------------------------------------------------------
// Writing

/// The number of bytes of `v` as a varint.
#[inline]
pub(crate) const fn varint_len(v: u64) -> usize {
    // 1 + floor(bits / 7), with 0 taking one byte.
    let bits = 64 - (v | 1).leading_zeros() as usize;
    bits.div_ceil(7)
}

/// Appends `v` as a varint: one byte inline (keys, short lengths, small
/// integers), longer ones out of line.
#[inline(always)]
pub(crate) fn put_varint<S: Sink + ?Sized>(v: u64, out: &mut S) {
    if v < 0x80 {
        out.put_byte(v as u8);
    } else {
        put_varint_long(v, out);
    }
}

#[inline(never)]
fn put_varint_long<S: Sink + ?Sized>(mut v: u64, out: &mut S) {
    let mut buf = [0u8; 10];
    let mut n = 0;
    while v >= 0x80 {
        buf[n] = (v as u8) | 0x80;
        v >>= 7;
        n += 1;
    }
    buf[n] = v as u8;
    out.put(&buf[..=n]);
}

/// The key byte(s) of `field` with `wire` type (fields 1..=15 take one).
#[inline]
pub(crate) const fn key_of(field: u32, wire: u8) -> u64 {
    ((field as u64) << 3) | wire as u64
}

/// Appends a length-delimited field's key and length (the caller appends the
/// `len` bytes).
#[inline(always)]
pub(crate) fn put_len_header<S: Sink + ?Sized>(field: u32, len: usize, out: &mut S) {
    let key = key_of(field, LEN);
    // Fields 1-15 and lengths under 128, the usual case: two bytes in one
    // fixed-size append.
    if key < 0x80 && len < 0x80 {
        out.put(&[key as u8, len as u8]);
        return;
    }
    put_varint(key, out);
    put_varint(len as u64, out);
}

/// The size of a length-delimited field holding `len` bytes.
#[inline]
pub(crate) const fn len_field_size(field: u32, len: usize) -> usize {
    varint_len(key_of(field, LEN)) + varint_len(len as u64) + len
}

/// The encoded `google.protobuf.Timestamp` message of `seconds` and
/// `nanos`, with zero fields omitted (canonical proto3).
pub(crate) fn timestamp_message_len(seconds: i64, nanos: i32) -> usize {
    let mut n = 0;
    if seconds != 0 {
        n += 1 + varint_len(seconds as u64);
    }
    if nanos != 0 {
        n += 1 + varint_len(nanos as i64 as u64);
    }
    n
}

/// Appends the body of a `google.protobuf.Timestamp` message.
pub(crate) fn put_timestamp_message<S: Sink + ?Sized>(seconds: i64, nanos: i32, out: &mut S) {
    if seconds != 0 {
        out.put_byte(key_of(1, VARINT) as u8);
        put_varint(seconds as u64, out);
    }
    if nanos != 0 {
        out.put_byte(key_of(2, VARINT) as u8);
        // int32 is sign-extended to 64 bits on the wire.
        put_varint(nanos as i64 as u64, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::vec::Vec;

    #[test]
    fn varints_round_trip() {
        for v in [
            0u64,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u32::MAX as u64,
            u64::MAX,
        ] {
            let mut out = Vec::new();
            put_varint(v, &mut out);
            assert_eq!(out.len(), varint_len(v), "{v}");
            let mut w = Wire::new(&out);
            assert_eq!(w.varint().unwrap(), v);
            assert!(w.is_done());
        }
        // 300 is the protobuf guide's example.
        let mut out = Vec::new();
        put_varint(300, &mut out);
        assert_eq!(out, [0xac, 0x02]);
    }

    #[test]
    fn broken_varints() {
        assert_eq!(Wire::new(&[0x80]).varint().unwrap_err().offset(), Some(0));
        let eleven = [0xff; 11];
        assert!(Wire::new(&eleven).varint().is_err());
        // Ten bytes whose last carries more than the 64th bit.
        let mut ten = [0xff; 10];
        ten[9] = 0x02;
        assert!(Wire::new(&ten).varint().is_err());
        ten[9] = 0x01;
        assert_eq!(Wire::new(&ten).varint().unwrap(), u64::MAX);
        // A message boundary cuts a varint too.
        let mut w = Wire::sub(&[0x80, 0x01], 0, 1);
        assert!(w.varint().is_err());
    }

    #[test]
    fn keys_and_skipping() {
        // field 0
        assert!(Wire::new(&[0x00]).key().is_err());
        // group 1 { field 2 varint 5 } then field 3 varint 1
        let mut w = Wire::new(&[0x0b, 0x10, 0x05, 0x0c, 0x18, 0x01]);
        let k = w.key().unwrap();
        assert_eq!((k.field, k.wire), (1, SGROUP));
        w.skip(k).unwrap();
        let k = w.key().unwrap();
        assert_eq!((k.field, k.wire), (3, VARINT));
        // Mismatched end group, lone end group, wire types 6 and 7.
        for bad in [&[0x0b, 0x14][..], &[0x0c], &[0x0e], &[0x0f]] {
            let mut w = Wire::new(bad);
            let k = w.key().unwrap();
            assert!(w.skip(k).is_err(), "{bad:?}");
        }
        // A length past the end.
        let mut w = Wire::new(&[0x0a, 0x05, 0x01]);
        let k = w.key().unwrap();
        assert_eq!(w.skip(k).unwrap_err().offset(), Some(1));
    }

    #[test]
    fn timestamps() {
        let mut out = Vec::new();
        put_timestamp_message(-1, 5, &mut out);
        assert_eq!(out.len(), timestamp_message_len(-1, 5));
        assert_eq!(timestamp_fields(&out), Some((-1, 5)));
        assert_eq!(timestamp_fields(&[]), Some((0, 0)));
        assert_eq!(timestamp_fields(&[0x0a, 0x00]), None);
    }
}
