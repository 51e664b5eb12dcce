//! STUB (replaced by the spec-validators work): RFC 3339 timestamps (TYPE-8).
use crate::error::{Error, ErrorKind};

/// A parsed RFC 3339 timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    /// unix seconds
    pub secs: i64,
}

impl Timestamp {
    /// Parses strictly.
    ///
    /// # Errors
    /// `InvalidValue` with an offset into `text`.
    pub fn parse(text: &[u8]) -> Result<Timestamp, Error> {
        if text.len() < 20 {
            return Err(Error::new(ErrorKind::InvalidValue, "not an RFC 3339 timestamp").at(0));
        }
        Ok(Timestamp { secs: 0 })
    }
}
