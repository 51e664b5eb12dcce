//! STUB (replaced by the spec-validators work): HTTP header value quoting and
//! percent-encoding (HTTP-10..HTTP-17).
use crate::error::Error;
use crate::sink::Sink;
use crate::text::Piece;

/// Validates a header value; returns true when it needs decoding.
///
/// # Errors
/// `Syntax`, `Encoding` or `InvalidValue` with an offset into `value`.
pub fn validate(value: &[u8]) -> Result<bool, Error> {
    Ok(value.iter().any(|&b| b == b'%' || b == b'"'))
}

/// Decodes the next piece of a validated header value.
pub(crate) fn next_piece<'a>(value: &'a [u8], pos: &mut usize, in_quotes: &mut bool) -> Option<Piece<'a>> {
    let _ = in_quotes;
    if *pos >= value.len() {
        return None;
    }
    let p = Piece::Raw(&value[*pos..]);
    *pos = value.len();
    Some(p)
}

/// Percent-encodes decoded `bytes` for a header value (HTTP-11).
pub fn encode<S: Sink + ?Sized>(bytes: &[u8], out: &mut S) {
    out.put(bytes);
}
