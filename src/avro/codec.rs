//! Avro binary encoding primitives (Avro specification, "Binary
//! Encoding"): zigzag varint `long`/`int`, `boolean`, `double`, `bytes`,
//! `string`, union branch indexes and the block counts of maps and arrays.
//!
//! Reads are bounds-checked and report malformed input as `Syntax` (or
//! `Encoding` for a string that is not UTF-8) at the absolute byte offset.

use crate::error::{Error, ErrorKind};
use crate::sink::Sink;

#[cold]
pub(crate) fn syntax(detail: &'static str, at: usize) -> Error {
    Error::new(ErrorKind::Syntax, detail).at(at)
}

const TRUNCATED: &str = "truncated varint";
const PAST_END: &str = "length runs past the end of the input";
const COUNT_PAST_END: &str = "block count larger than the bytes left";

/// True for the errors that more input could resolve (a value cut off by
/// the end of the bytes read so far).
#[cfg(feature = "std")]
pub(crate) fn is_truncation(e: &Error) -> bool {
    matches!(e.detail(), TRUNCATED | PAST_END | COUNT_PAST_END)
}

/// A cursor over Avro-encoded bytes; offsets are absolute in `input`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(input: &'a [u8], pos: usize) -> Self {
        Cursor { input, pos }
    }

    /// Bytes left.
    #[inline]
    pub(crate) fn remaining(&self) -> usize {
        self.input.len().saturating_sub(self.pos)
    }

    /// A zigzag-encoded `long` (at most ten bytes).
    #[inline]
    pub(crate) fn long(&mut self) -> Result<i64, Error> {
        let start = self.pos;
        let mut raw = 0u64;
        for i in 0..10 {
            let Some(&b) = self.input.get(start + i) else {
                return Err(syntax(TRUNCATED, start));
            };
            if i == 9 && b > 1 {
                return Err(syntax("varint longer than 64 bits", start));
            }
            raw |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.pos = start + i + 1;
                return Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64));
            }
        }
        Err(syntax("varint longer than 64 bits", start))
    }

    /// An `int`: a `long` in the 32-bit range.
    #[inline]
    pub(crate) fn int(&mut self) -> Result<i32, Error> {
        let at = self.pos;
        i32::try_from(self.long()?).map_err(|_| syntax("int out of the 32-bit range", at))
    }

    /// A union branch index below `branches`.
    #[inline]
    pub(crate) fn branch(&mut self, branches: u8) -> Result<u8, Error> {
        let at = self.pos;
        match self.long()? {
            i @ 0.. if i < i64::from(branches) => Ok(i as u8),
            _ => Err(syntax("union branch index out of range", at)),
        }
    }

    /// A `boolean`: one byte, 0 or 1.
    #[inline]
    pub(crate) fn boolean(&mut self) -> Result<bool, Error> {
        match self.input.get(self.pos) {
            Some(&b @ (0 | 1)) => {
                self.pos += 1;
                Ok(b == 1)
            }
            Some(_) => Err(syntax("boolean byte is neither 0 nor 1", self.pos)),
            None => Err(syntax("truncated boolean", self.pos)),
        }
    }

    /// A `double`: eight little-endian bytes.
    #[inline]
    pub(crate) fn double(&mut self) -> Result<f64, Error> {
        let at = self.pos;
        let bytes = self
            .input
            .get(at..at + 8)
            .ok_or_else(|| syntax("truncated double", at))?;
        let mut b = [0u8; 8];
        b.copy_from_slice(bytes);
        self.pos = at + 8;
        Ok(f64::from_le_bytes(b))
    }

    /// `bytes`: a `long` length and the bytes; with their start offset.
    #[inline]
    pub(crate) fn bytes(&mut self) -> Result<(&'a [u8], usize), Error> {
        let at = self.pos;
        let len = self.long()?;
        let start = self.pos;
        let len = usize::try_from(len).map_err(|_| syntax("negative length", at))?;
        if len > self.remaining() {
            return Err(syntax(PAST_END, at));
        }
        self.pos = start + len;
        Ok((&self.input[start..start + len], start))
    }

    /// A `string`: `bytes` that are UTF-8.
    #[inline]
    pub(crate) fn string(&mut self) -> Result<(&'a str, usize), Error> {
        let (b, at) = self.bytes()?;
        match crate::kernels::utf8(b) {
            Ok(s) => Ok((s, at)),
            Err(e) => Err(Error::new(ErrorKind::Encoding, "invalid UTF-8 in a string")
                .at(at + e.valid_up_to())),
        }
    }

    /// The item count of the next block of a map or an array (0 ends it).
    /// A negative count is followed by the block's size in bytes, which is
    /// read and not needed. Every item takes at least one byte, so a count
    /// larger than the bytes left is refused before any loop runs on it.
    #[inline]
    pub(crate) fn block(&mut self) -> Result<u64, Error> {
        let at = self.pos;
        let n = self.long()?;
        let count = if n < 0 {
            let size = self.long()?;
            if size < 0 {
                return Err(syntax("negative block size", at));
            }
            n.unsigned_abs()
        } else {
            n as u64
        };
        if count > self.remaining() as u64 {
            return Err(syntax(COUNT_PAST_END, at));
        }
        Ok(count)
    }
}

// ---------------------------------------------------------------------------
// Writing

/// Appends a zigzag-encoded `long` (or `int`).
#[inline]
pub(crate) fn put_long<S: Sink + ?Sized>(v: i64, out: &mut S) {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    if z < 0x80 {
        out.put_byte(z as u8);
        return;
    }
    let mut buf = [0u8; 10];
    let mut n = 0;
    while z >= 0x80 {
        buf[n] = (z as u8) | 0x80;
        z >>= 7;
        n += 1;
    }
    buf[n] = z as u8;
    out.put(&buf[..=n]);
}

/// Appends `bytes` (or a `string`'s UTF-8): length, then the bytes.
#[inline]
pub(crate) fn put_bytes<S: Sink + ?Sized>(b: &[u8], out: &mut S) {
    put_long(b.len() as i64, out);
    out.put(b);
}

/// Appends a `double`.
#[inline]
pub(crate) fn put_double<S: Sink + ?Sized>(v: f64, out: &mut S) {
    out.put(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::vec::Vec;

    #[test]
    fn zigzag_longs() {
        // The Avro specification's examples.
        for (v, enc) in [
            (0i64, &[0x00][..]),
            (-1, &[0x01]),
            (1, &[0x02]),
            (-2, &[0x03]),
            (2, &[0x04]),
            (-64, &[0x7f]),
            (64, &[0x80, 0x01]),
        ] {
            let mut out = Vec::new();
            put_long(v, &mut out);
            assert_eq!(out, enc, "{v}");
            assert_eq!(Cursor::new(&out, 0).long().unwrap(), v);
        }
        for v in [i64::MIN, i64::MAX, i32::MIN.into(), i32::MAX.into()] {
            let mut out = Vec::new();
            put_long(v, &mut out);
            assert_eq!(Cursor::new(&out, 0).long().unwrap(), v);
        }
        let mut out = Vec::new();
        put_long(i64::from(i32::MAX) + 1, &mut out);
        assert!(Cursor::new(&out, 0).int().is_err());
    }

    #[test]
    fn malformed() {
        assert!(Cursor::new(&[0x80], 0).long().is_err());
        assert!(Cursor::new(&[0x02], 0).boolean().is_err());
        // length 2, one byte
        assert!(Cursor::new(&[0x04, 0x61], 0).bytes().is_err());
        // negative length
        assert!(Cursor::new(&[0x01], 0).bytes().is_err());
        // a count of 3 with one byte left
        assert!(Cursor::new(&[0x06, 0x00], 0).block().is_err());
        // a negative count with its byte size
        let mut c = Cursor::new(&[0x03, 0x04, 0x00, 0x00], 0);
        assert_eq!(c.block().unwrap(), 2);
        assert_eq!(c.pos, 2);
        assert!(Cursor::new(&[0x04], 0).branch(2).is_err());
    }
}
