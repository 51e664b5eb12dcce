//! STUB (replaced by the spec-validators work): media types (CORE-6, JSON-12, HTTP-3).
use crate::error::{Error, ErrorKind};

/// True when the content type declares JSON (JSON-12).
pub fn is_json(content_type: &[u8]) -> bool {
    let main = content_type.split(|&b| b == b';').next().unwrap_or(&[]);
    let main = main.trim_ascii();
    main.eq_ignore_ascii_case(b"application/json") || (main.len() >= 5 && main[main.len() - 5..].eq_ignore_ascii_case(b"+json"))
}

/// Validates RFC 2046 media-type syntax (CORE-6).
///
/// # Errors
/// `InvalidValue` with the offset of the problem.
pub fn validate(content_type: &[u8]) -> Result<(), Error> {
    if content_type.is_empty() {
        return Err(Error::new(ErrorKind::InvalidValue, "empty media type").at(0));
    }
    Ok(())
}
