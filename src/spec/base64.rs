//! Strict RFC 4648 base64 (TYPE-5): the standard alphabet, padding required
//! (§3.2), no whitespace or other characters (§3.3), zero pad bits (§3.5).
//! `""` is zero bytes.
//!
//! Decoding works on 8 → 6 byte steps (and 4 → 3 at the end), encoding on
//! 3 → 4 byte groups, through lookup tables; both write to the sink in
//! blocks from a stack buffer.

use crate::error::{Error, ErrorKind};
use crate::sink::Sink;

/// The standard alphabet (RFC 4648 §4, table 1).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Marks a byte that is not in the alphabet (`=` included).
const INVALID: u8 = 0xff;

/// Byte → 6-bit value, or [`INVALID`].
static DECODE: [u8; 256] = {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Size of the stack buffers used to write in blocks (a multiple of 3 and of 4).
const BLOCK: usize = 252;

/// The length of the padded base64 encoding of `n` bytes (saturating at
/// `usize::MAX` for absurd `n`).
///
/// ```
/// use cloudevents_codec::spec::base64::encoded_len;
/// assert_eq!([0, 1, 2, 3, 4].map(encoded_len), [0, 4, 4, 4, 8]);
/// ```
pub const fn encoded_len(n: usize) -> usize {
    let tail = if n % 3 == 0 { 0 } else { 4 };
    (n / 3).saturating_mul(4).saturating_add(tail)
}

fn bad_char(c: u8, at: usize) -> Error {
    let detail = match c {
        b'=' => "base64 padding '=' before the end",
        b'\r' | b'\n' | b' ' | b'\t' => "whitespace in base64",
        b'-' | b'_' => "base64url character in standard base64",
        _ => "invalid base64 character",
    };
    Error::new(ErrorKind::Encoding, detail).at(at)
}

/// The offset of the first byte of `s` that is not in the alphabet.
#[cold]
fn first_invalid(s: &[u8]) -> Option<usize> {
    s.iter().position(|&c| DECODE[c as usize] == INVALID)
}

/// The index where the last group starts: every group before it has four
/// alphabet characters; the last one (1..=4 characters) may hold padding.
#[inline]
fn body_end(len: usize) -> usize {
    if len % 4 == 0 {
        len.saturating_sub(4)
    } else {
        len / 4 * 4
    }
}

/// Validates strict base64 and returns the decoded length.
///
/// ```
/// use cloudevents_codec::spec::base64::validate;
/// assert_eq!(validate(b"Zm9vYg=="), Ok(4));
/// assert_eq!(validate(b""), Ok(0));
/// assert!(validate(b"Zm9vYg").is_err()); // padding required (E-42)
/// ```
///
/// # Errors
/// `Encoding` with the offset of the first bad byte: a character outside the
/// standard alphabet (whitespace, `-`, `_`, ...), `=` anywhere but the last
/// one or two positions, non-zero pad bits (E-43); or, with the offset at the
/// end, a length that is not a multiple of 4 (E-42).
pub fn validate(src: &[u8]) -> Result<usize, Error> {
    if src.is_empty() {
        return Ok(0);
    }
    let body = body_end(src.len());
    for (k, q) in src[..body].chunks_exact(4).enumerate() {
        let v = DECODE[q[0] as usize]
            | DECODE[q[1] as usize]
            | DECODE[q[2] as usize]
            | DECODE[q[3] as usize];
        if v & 0xc0 != 0 {
            let j = k * 4 + first_invalid(q).unwrap_or(0);
            // Early padding is often followed by the real culprit (a
            // trailing newline, a second value): report that first.
            let j = match src[j] {
                b'=' => src
                    .iter()
                    .position(|&c| c != b'=' && DECODE[c as usize] == INVALID)
                    .unwrap_or(j),
                _ => j,
            };
            return Err(bad_char(src[j], j));
        }
    }
    let last = &src[body..];
    let [c0, c1, c2, c3] = match *last {
        [a, b, c, d] => [a, b, c, d],
        _ => {
            if let Some(j) = first_invalid(last) {
                if last[j] != b'=' {
                    return Err(bad_char(last[j], body + j));
                }
            }
            return Err(Error::new(
                ErrorKind::Encoding,
                "base64 length is not a multiple of 4 (missing padding?)",
            )
            .at(src.len()));
        }
    };
    let d = |c: u8, at: usize| match DECODE[c as usize] {
        INVALID => Err(bad_char(c, body + at)),
        v => Ok(v),
    };
    let pad_bits =
        |at: usize| Error::new(ErrorKind::Encoding, "non-zero base64 pad bits").at(body + at);
    d(c0, 0)?;
    let v1 = d(c1, 1)?;
    let full = body / 4 * 3;
    if c2 == b'=' {
        if c3 != b'=' {
            return Err(bad_char(c2, body + 2));
        }
        if v1 & 0x0f != 0 {
            return Err(pad_bits(1));
        }
        return Ok(full + 1);
    }
    let v2 = d(c2, 2)?;
    if c3 == b'=' {
        if v2 & 0x03 != 0 {
            return Err(pad_bits(2));
        }
        return Ok(full + 2);
    }
    d(c3, 3)?;
    Ok(full + 3)
}

/// [`validate`] on a [`Text`](crate::Text): on its bytes when it needs no
/// decoding, else as it decodes ([`validate_iter`]); error offsets of an
/// encoded text point at its start.
pub(crate) fn validate_text(text: &crate::Text<'_>) -> Result<usize, Error> {
    if text.is_encoded() {
        validate_iter(text.bytes_iter()).map_err(|e| e.at(0))
    } else {
        validate(text.raw())
    }
}

/// As [`validate`], for base64 text that arrives a byte at a time (a
/// JSON-escaped string decoded on the fly): checked in 256-byte chunks on
/// the stack, without allocating, whatever its length. Offsets count
/// decoded bytes.
///
/// # Errors
/// As [`validate`].
pub(crate) fn validate_iter(bytes: impl Iterator<Item = u8>) -> Result<usize, Error> {
    const CHUNK: usize = 256; // a multiple of 4
    let mut bytes = bytes.peekable();
    let mut buf = [0u8; CHUNK];
    let (mut done, mut decoded) = (0usize, 0usize);
    loop {
        let mut n = 0;
        while n < CHUNK {
            match bytes.next() {
                Some(b) => {
                    buf[n] = b;
                    n += 1;
                }
                None => break,
            }
        }
        let chunk = &buf[..n];
        if bytes.peek().is_none() {
            // The last chunk: padding allowed in its last quad.
            return validate(chunk)
                .map(|len| decoded + len)
                .map_err(|e| e.locate(Some(done)));
        }
        // A full chunk with more to come: no padding in it.
        if let Some(j) = chunk.iter().position(|&c| c == b'=') {
            return Err(bad_char(b'=', done + j));
        }
        decoded += validate(chunk).map_err(|e| e.locate(Some(done)))?;
        done += CHUNK;
    }
}

/// Decodes base64 (already checked by [`validate`]) into `out`, in blocks.
///
/// On input that [`validate`] rejects this never panics, but what it writes
/// is unspecified.
pub fn decode<S: Sink + ?Sized>(src: &[u8], out: &mut S) {
    let body = body_end(src.len());
    out.reserve_hint(src.len() / 4 * 3);
    // Two bytes of slack: an eight-character step stores eight bytes and
    // keeps six (BLOCK is a multiple of 6, so a block ends on a step).
    let mut buf = [0u8; BLOCK + 2];
    let mut n = 0;
    let mut octets = src[..body].chunks_exact(8);
    for o in &mut octets {
        let Ok(o) = <[u8; 8]>::try_from(o) else {
            break;
        };
        let mut w = 0u64;
        for (k, c) in o.into_iter().enumerate() {
            w |= u64::from(DECODE[c as usize] & 0x3f) << (58 - 6 * k);
        }
        if let Some(dst) = buf.get_mut(n..n + 8) {
            dst.copy_from_slice(&w.to_be_bytes());
        }
        n += 6;
        if n == BLOCK {
            out.put(&buf[..BLOCK]);
            n = 0;
        }
    }
    // At most one group of four is left before the last group.
    for q in octets.remainder().chunks_exact(4) {
        let w = (u32::from(DECODE[q[0] as usize] & 0x3f) << 18)
            | (u32::from(DECODE[q[1] as usize] & 0x3f) << 12)
            | (u32::from(DECODE[q[2] as usize] & 0x3f) << 6)
            | u32::from(DECODE[q[3] as usize] & 0x3f);
        if let Some(dst) = buf.get_mut(n..n + 3) {
            dst.copy_from_slice(&w.to_be_bytes()[1..]);
        }
        n += 3;
        if n == BLOCK {
            out.put(&buf[..BLOCK]);
            n = 0;
        }
    }
    // The last group: up to four characters, stopping at padding.
    let mut w = 0u32;
    let mut k = 0;
    for &c in src[body..].iter().take(4) {
        if c == b'=' {
            break;
        }
        w |= u32::from(DECODE[c as usize] & 0x3f) << (18 - 6 * k);
        k += 1;
    }
    let tail = match k {
        4 => 3,
        3 => 2,
        2 => 1,
        _ => 0,
    };
    if let Some(dst) = buf.get_mut(n..n + tail) {
        dst.copy_from_slice(&w.to_be_bytes()[1..1 + tail]);
        n += tail;
    }
    if n > 0 {
        out.put(&buf[..n]);
    }
}

/// A sink writing into a slice; stops (without panicking) when full.
struct SliceSink<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl Sink for SliceSink<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let room = self.buf.len().saturating_sub(self.len);
        let n = bytes.len().min(room);
        if let Some(dst) = self.buf.get_mut(self.len..self.len + n) {
            dst.copy_from_slice(&bytes[..n]);
            self.len += n;
        }
    }
}

/// Validates `src` and decodes it into the start of `out`, returning the
/// number of bytes written.
///
/// # Errors
/// The errors of [`validate`]; `Limit` when `out` is shorter than the
/// decoded length (nothing is written then).
pub fn decode_slice(src: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    let n = validate(src)?;
    if out.len() < n {
        return Err(Error::new(
            ErrorKind::Limit,
            "output buffer too small for the decoded base64",
        ));
    }
    let mut sink = SliceSink { buf: out, len: 0 };
    decode(src, &mut sink);
    Ok(sink.len)
}

/// Encodes `bytes` as padded standard base64 into `out`, in blocks.
///
/// ```
/// use cloudevents_codec::spec::base64::encode;
/// let mut out = Vec::new();
/// encode(b"foob", &mut out);
/// assert_eq!(out, b"Zm9vYg==");
/// ```
pub fn encode<S: Sink + ?Sized>(bytes: &[u8], out: &mut S) {
    out.reserve_hint(encoded_len(bytes.len()));
    let mut buf = [0u8; BLOCK];
    let mut n = 0;
    let chunks = bytes.chunks_exact(3);
    let rest = chunks.remainder();
    for t in chunks {
        let w = (u32::from(t[0]) << 16) | (u32::from(t[1]) << 8) | u32::from(t[2]);
        if let Some(dst) = buf.get_mut(n..n + 4) {
            dst.copy_from_slice(&[
                ALPHABET[(w >> 18) as usize & 63],
                ALPHABET[(w >> 12) as usize & 63],
                ALPHABET[(w >> 6) as usize & 63],
                ALPHABET[w as usize & 63],
            ]);
        }
        n += 4;
        if n == BLOCK {
            out.put(&buf);
            n = 0;
        }
    }
    let quad = match *rest {
        [a] => {
            let w = u32::from(a) << 16;
            Some([
                ALPHABET[(w >> 18) as usize & 63],
                ALPHABET[(w >> 12) as usize & 63],
                b'=',
                b'=',
            ])
        }
        [a, b] => {
            let w = (u32::from(a) << 16) | (u32::from(b) << 8);
            Some([
                ALPHABET[(w >> 18) as usize & 63],
                ALPHABET[(w >> 12) as usize & 63],
                ALPHABET[(w >> 6) as usize & 63],
                b'=',
            ])
        }
        _ => None,
    };
    if let (Some(q), Some(dst)) = (quad, buf.get_mut(n..n + 4)) {
        dst.copy_from_slice(&q);
        n += 4;
    }
    if n > 0 {
        out.put(&buf[..n]);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn validate_iter_agrees_with_validate() {
        // Lengths around the 256-byte chunks, padding and bad bytes in
        // every chunk position.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let lens: &[usize] = if cfg!(miri) {
            &[4, 260]
        } else {
            &[0, 4, 8, 252, 255, 256, 257, 260, 512, 515, 516, 1000]
        };
        for &len in lens {
            for round in 0..20 {
                let mut v: alloc::vec::Vec<u8> =
                    (0..len).map(|_| alphabet[(next() % 64) as usize]).collect();
                match round % 4 {
                    1 if len >= 4 => {
                        let n = v.len();
                        v[n - 1] = b'=';
                    }
                    2 if len > 0 => {
                        let at = (next() as usize) % len;
                        v[at] = b'=';
                    }
                    3 if len > 0 => {
                        let at = (next() as usize) % len;
                        v[at] = b'-';
                    }
                    _ => {}
                }
                let whole = validate(&v);
                let streamed = validate_iter(v.iter().copied());
                assert_eq!(whole.is_ok(), streamed.is_ok(), "{len} {round}");
                if let (Ok(a), Ok(b)) = (whole, streamed) {
                    assert_eq!(a, b);
                }
            }
        }
    }

    use super::*;
    extern crate std;
    use std::vec::Vec;

    /// Naive reference encoder: bit by bit.
    fn naive_encode(bytes: &[u8]) -> Vec<u8> {
        let mut bits = Vec::new();
        for &b in bytes {
            for i in (0..8).rev() {
                bits.push((b >> i) & 1);
            }
        }
        let mut out = Vec::new();
        for six in bits.chunks(6) {
            let mut v = 0usize;
            for i in 0..6 {
                v = (v << 1) | usize::from(*six.get(i).unwrap_or(&0));
            }
            out.push(ALPHABET[v]);
        }
        while out.len() % 4 != 0 {
            out.push(b'=');
        }
        out
    }

    fn enc(bytes: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        encode(bytes, &mut v);
        v
    }

    fn dec(s: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        decode(s, &mut v);
        v
    }

    fn bad(s: &[u8]) -> Option<usize> {
        let e = validate(s).expect_err(core::str::from_utf8(s).unwrap_or("?"));
        assert_eq!(e.kind(), ErrorKind::Encoding);
        e.offset()
    }

    #[test]
    fn rfc4648_vectors() {
        // RFC 4648 §10
        let v: [(&[u8], &[u8]); 7] = [
            (b"", b""),
            (b"f", b"Zg=="),
            (b"fo", b"Zm8="),
            (b"foo", b"Zm9v"),
            (b"foob", b"Zm9vYg=="),
            (b"fooba", b"Zm9vYmE="),
            (b"foobar", b"Zm9vYmFy"),
        ];
        for (plain, coded) in v {
            assert_eq!(enc(plain), coded);
            assert_eq!(validate(coded), Ok(plain.len()));
            assert_eq!(dec(coded), plain);
        }
    }

    #[test]
    fn strictness() {
        // TYPE-5, E-42, E-43, E-44
        assert_eq!(bad(b"Zm9vYg"), Some(6));
        assert_eq!(bad(b"Zm9vY"), Some(5));
        assert_eq!(bad(b"Zm9vYh=="), Some(5));
        assert_eq!(bad(b"Zm9vYmF="), Some(6));
        assert_eq!(bad(b"Zm9v\nYg=="), Some(4));
        assert_eq!(bad(b"Zm9vYg==\n"), Some(8));
        assert_eq!(bad(b"-_8="), Some(0));
        assert_eq!(bad(b"Zm9-"), Some(3));
        assert_eq!(bad(b"Zm9v Yg=="), Some(4));
        assert_eq!(bad(b"Zg==Zg=="), Some(2));
        assert_eq!(bad(b"Zm=v"), Some(2));
        assert_eq!(bad(b"Z==="), Some(1));
        assert_eq!(bad(b"===="), Some(0));
        assert_eq!(bad(b"="), Some(1));
        assert_eq!(bad(b"Zg="), Some(3));
        assert_eq!(bad("Zm9v€".as_bytes()), Some(4));
        assert_eq!(bad(b"Zm9v\0\0\0\0"), Some(4));
    }

    #[test]
    fn empty_is_zero_bytes() {
        // E-45
        assert_eq!(validate(b""), Ok(0));
        assert!(dec(b"").is_empty());
        assert!(enc(b"").is_empty());
        let mut out = [0u8; 0];
        assert_eq!(decode_slice(b"", &mut out), Ok(0));
    }

    #[test]
    fn json_bytes() {
        // E-46
        assert_eq!(dec(b"eyAieHl6IjogMTIzIH0="), b"{ \"xyz\": 123 }");
    }

    #[test]
    fn decode_slice_bounds() {
        let mut out = [0u8; 6];
        assert_eq!(decode_slice(b"Zm9vYmFy", &mut out), Ok(6));
        assert_eq!(&out, b"foobar");
        let mut small = [0u8; 5];
        let e = decode_slice(b"Zm9vYmFy", &mut small).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
        assert_eq!(small, [0; 5]);
        let e = decode_slice(b"Zm9vYh==", &mut out).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Encoding);
    }

    #[test]
    fn round_trip_against_naive() {
        // Deterministic byte arrays of every length up to 700 (crossing the
        // block size several times), with varied contents.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for len in 0..700usize {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (seed >> 56) as u8
                })
                .collect();
            let coded = enc(&bytes);
            assert_eq!(coded, naive_encode(&bytes), "len {len}");
            assert_eq!(coded.len(), encoded_len(len));
            assert_eq!(validate(&coded), Ok(len));
            assert_eq!(dec(&coded), bytes);
            let mut out = std::vec![0u8; len + 3];
            assert_eq!(decode_slice(&coded, &mut out), Ok(len));
            assert_eq!(&out[..len], &bytes[..]);
            // Decoding one group at a time (as event.rs does) agrees.
            let mut pieces = Vec::new();
            for q in coded.chunks(4) {
                decode(q, &mut pieces);
            }
            assert_eq!(pieces, bytes);
        }
    }

    #[test]
    fn every_single_and_pair() {
        for a in 0..=255u8 {
            assert_eq!(dec(&enc(&[a])), [a]);
            for b in 0..=255u8 {
                let c = enc(&[a, b]);
                assert_eq!(validate(&c), Ok(2));
                assert_eq!(dec(&c), [a, b]);
            }
        }
    }

    #[test]
    fn invalid_input_never_panics() {
        let mut seed = 1u64;
        let pool = b"AZaz09+/=-_ \n\xff\x00";
        for len in 0..200usize {
            for _ in 0..20 {
                let s: Vec<u8> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        pool[(seed % pool.len() as u64) as usize]
                    })
                    .collect();
                let _ = validate(&s);
                let out = dec(&s);
                assert!(out.len() <= s.len());
                let mut small = [0u8; 8];
                let _ = decode_slice(&s, &mut small);
            }
        }
    }

    #[test]
    fn encoded_len_saturates() {
        assert_eq!(encoded_len(usize::MAX), usize::MAX);
        assert_eq!(encoded_len(6), 8);
        assert_eq!(encoded_len(7), 12);
    }
}
