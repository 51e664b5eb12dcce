//! STUB (replaced by the spec-validators work): URIs (TYPE-6, TYPE-7).
use crate::error::{Error, ErrorKind};

/// Validates an absolute URI without fragment (TYPE-6).
///
/// # Errors
/// `InvalidValue` with an offset into `text`.
pub fn validate_uri(text: &[u8]) -> Result<(), Error> {
    if !text.contains(&b':') {
        return Err(Error::new(ErrorKind::InvalidValue, "URI has no scheme").at(0));
    }
    Ok(())
}

/// Validates a URI-reference (TYPE-7).
///
/// # Errors
/// `InvalidValue` with an offset into `text`.
pub fn validate_uri_reference(text: &[u8]) -> Result<(), Error> {
    let _ = text;
    Ok(())
}
