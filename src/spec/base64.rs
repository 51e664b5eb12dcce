//! STUB (replaced by the spec-validators work): strict RFC 4648 base64 (TYPE-5).
use crate::error::{Error, ErrorKind};
use crate::sink::Sink;

/// Validates strict base64; returns the decoded length.
///
/// # Errors
/// `Encoding` with the offset of the first bad byte.
pub fn validate(src: &[u8]) -> Result<usize, Error> {
    if src.len() % 4 != 0 {
        return Err(Error::new(ErrorKind::Encoding, "base64 length is not a multiple of 4").at(src.len()));
    }
    Ok(src.len() / 4 * 3 - src.iter().rev().take(2).filter(|&&b| b == b'=').count())
}

/// Decodes validated base64 into `out`.
pub fn decode<S: Sink + ?Sized>(src: &[u8], out: &mut S) {
    let _ = (src, out);
}

/// Encodes `bytes` as padded standard base64 into `out`.
pub fn encode<S: Sink + ?Sized>(bytes: &[u8], out: &mut S) {
    let _ = (bytes, out);
}
