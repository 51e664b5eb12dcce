//! Word-at-a-time (SWAR) and SIMD byte kernels, shared by the JSON scanner
//! (`json::scan`), [`Text`](crate::Text)'s JSON escaping and the stream
//! readers' boundary finder: one implementation of "skip to the next byte
//! that matters", each with its naive twin in the tests.
//!
//! The SSE2 module is the crate's only `unsafe` (`#![deny(unsafe_code)]`
//! elsewhere); its tests run under Miri in CI.

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

/// Whether string scans use the 16-byte SSE2 step where the target has it
/// (the 8-byte SWAR step otherwise). The skip functions take it as a
/// parameter so that tests run both paths on any machine; building with
/// `RUSTFLAGS="--cfg cloudevents_codec_swar"` turns it off for A/B timings.
pub(crate) const SIMD: bool = !cfg!(cloudevents_codec_swar);

/// Advances from `i` over bytes that cannot end or complicate a JSON string
/// scan, to the first `"`, `\\` or control byte, or to within 8 bytes of the
/// end. Non-ASCII bytes passed over are or-ed into `non_ascii` (high bits;
/// bytes just past the stop may be flagged as well).
#[inline(always)]
pub(crate) fn skip_plain_string_bytes<const WIDE: bool>(
    b: &[u8],
    mut i: usize,
    non_ascii: &mut u64,
) -> usize {
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
pub(crate) fn skip_plain_attr_bytes<const WIDE: bool>(b: &[u8], mut i: usize) -> usize {
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

/// The position of the next `"` or `\\` at or after `i`, or `None`.
#[inline]
pub(crate) fn find_quote_or_backslash(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let mut non_ascii = 0;
        i = skip_plain_string_bytes::<SIMD>(b, i, &mut non_ascii);
        // At a stop byte, or within 8 bytes of the end: look byte by byte
        // until the next word-sized step can run again.
        let end = (i + 8).min(b.len());
        while i < end {
            match b[i] {
                b'"' | b'\\' => return Some(i),
                _ => i += 1,
            }
        }
        if i >= b.len() {
            return None;
        }
    }
}

/// The position of the first byte at or after `i` that a JSON string must
/// escape (`"`, `\\`, a control character), or `b.len()`.
#[inline]
pub(crate) fn find_json_escape(b: &[u8], mut i: usize) -> usize {
    loop {
        let mut non_ascii = 0;
        i = skip_plain_string_bytes::<SIMD>(b, i, &mut non_ascii);
        let end = (i + 8).min(b.len());
        while i < end {
            if matches!(b[i], b'"' | b'\\' | 0..=0x1f) {
                return i;
            }
            i += 1;
        }
        if i >= b.len() {
            return b.len();
        }
    }
}

/// The position of the first `x` or `y` in `b`, eight bytes per step and
/// inlined: for header values (a few dozen bytes) a `memchr2` call costs
/// more in dispatch than the search.
#[inline]
pub(crate) fn find_byte2(b: &[u8], x: u8, y: u8) -> Option<usize> {
    let mut i = 0;
    while i + 8 <= b.len() {
        let w = load(b, i);
        // The lowest flag is exact (see `zero_bytes`).
        let hits = eq_bytes(w, x) | eq_bytes(w, y);
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b[i..].iter().position(|&c| c == x || c == y).map(|p| i + p)
}

/// `core::str::from_utf8` at SIMD speed: `simdutf8` checks the bytes (AVX2
/// or SSE4.2 chosen once per process at run time with `std`, by target
/// features without it, `core`'s check below 64 bytes or on other CPUs);
/// only invalid input is checked again by `core`, for the error's position.
/// The same result as `core::str::from_utf8` for every input (the test
/// `utf8_matches_core` compares them).
#[inline]
pub(crate) fn utf8(b: &[u8]) -> Result<&str, core::str::Utf8Error> {
    match simdutf8::basic::from_utf8(b) {
        Ok(s) => Ok(s),
        Err(_) => core::str::from_utf8(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    extern crate alloc;
    fn alloc_vec(b: u8, n: usize) -> alloc::vec::Vec<u8> {
        alloc::vec![b; n]
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
    fn find_byte2_matches_naive() {
        // Each of the two bytes, and bytes next to them in value (where a
        // borrow could flag a wrong byte), at every position, in inputs
        // shorter and longer than a word, alone and with a second hit after.
        let naive = |b: &[u8]| b.iter().position(|&c| c == b'%' || c == b'"');
        for len in [0, 1, 7, 8, 9, 16, 23] {
            for pos in 0..len {
                for c in [b'%', b'"', b'$', b'&', b'!', b'#', 0, 0xff] {
                    let mut v = alloc_vec(b'a', len);
                    v[pos] = c;
                    assert_eq!(find_byte2(&v, b'%', b'"'), naive(&v), "{v:?}");
                    if pos + 1 < len {
                        v[len - 1] = b'"';
                        assert_eq!(find_byte2(&v, b'%', b'"'), naive(&v), "{v:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn utf8_matches_core() {
        // Lengths around simdutf8's 64-byte chunks, text mixing ASCII with
        // two-, three- and four-byte characters, and at each position a
        // stray continuation byte, an invalid byte, a truncated sequence, a
        // surrogate or an overlong form (fewer positions under Miri).
        let text = "ab€cd é 😀 plain ascii text of some length ".repeat(8);
        let bad: [&[u8]; 5] = [b"\x80", b"\xff", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\x80"];
        let step = if cfg!(miri) { 29 } else { 1 };
        for len in [0, 1, 7, 63, 64, 65, 127, 128, 129, 200] {
            let valid = &text.as_bytes()[..len];
            let valid =
                &valid[..core::str::from_utf8(valid).map_or_else(|e| e.valid_up_to(), |s| s.len())];
            assert_eq!(utf8(valid), core::str::from_utf8(valid));
            for at in (0..=valid.len()).step_by(step) {
                for b in bad {
                    let mut v = valid[..at].to_vec();
                    v.extend_from_slice(b);
                    v.extend_from_slice(&valid[at..]);
                    assert_eq!(utf8(&v), core::str::from_utf8(&v), "{len} {at} {b:?}");
                }
            }
        }
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
    fn finders_match_naive() {
        let lens: &[usize] = if cfg!(miri) {
            &[9, 17, 33]
        } else {
            &[0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 40]
        };
        for &len in lens {
            for pos in 0..len {
                for c in [b'"', b'\\', 0x01u8, 0xc3, b'a'] {
                    let mut b = alloc_vec(b'a', len);
                    b[pos] = c;
                    for start in [0, 1, 7] {
                        if start > len {
                            continue;
                        }
                        let naive = b[start..]
                            .iter()
                            .position(|&x| x == b'"' || x == b'\\')
                            .map(|k| start + k);
                        assert_eq!(find_quote_or_backslash(&b, start), naive, "{b:?} {start}");
                        let naive = b[start..]
                            .iter()
                            .position(|&x| matches!(x, b'"' | b'\\' | 0..=0x1f))
                            .map_or(len, |k| start + k);
                        assert_eq!(find_json_escape(&b, start), naive, "{b:?} {start}");
                    }
                }
            }
        }
    }
}
