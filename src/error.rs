//! The crate's one error type.
//!
//! An [`Error`] carries a [`ErrorKind`], the byte offset in the input where the
//! problem was found (when there is one), the attribute it concerns (when there
//! is one) and a short static detail. It owns no heap memory, so it is usable
//! without `alloc`, and its `Display` is a single line a person can act on:
//!
//! ```text
//! extension "Foo": attribute names must be lowercase a-z or 0-9 (at byte 112)
//! ```

use core::fmt;

/// What went wrong. Each rule in `docs/RULES.md` names the kind it expects.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The bytes are not well-formed in their format (JSON syntax, HTTP quoting, ...).
    Syntax,
    /// Invalid UTF-8, a bad percent escape, or invalid base64.
    Encoding,
    /// A required attribute (`id`, `source`, `specversion`, `type`) is absent or `null`.
    MissingRequired,
    /// A value has the right type but breaks the attribute's rules (empty, bad URI, bad timestamp, out of range, ...).
    InvalidValue,
    /// An attribute name breaks the naming rules.
    InvalidName,
    /// An attribute occurs more than once.
    Duplicate,
    /// Two mutually exclusive members or headers are both present (`data` and `data_base64`, ...).
    Conflict,
    /// A value has the wrong type (`"id": 123`, an object as an extension value, ...).
    TypeMismatch,
    /// The `specversion` is not one this crate reads (`1.0`, `0.3`).
    UnsupportedVersion,
    /// A CloudEvents media type names an event format this crate does not read.
    UnsupportedFormat,
    /// A message carries no CloudEvent at all.
    NotCloudEvent,
    /// A configured limit (size, depth, extension count, header count) was exceeded.
    Limit,
    /// Reading from or writing to an I/O source failed (only from the `std` helpers).
    Io,
}

impl ErrorKind {
    /// A short lowercase name for the kind, as printed in messages.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax error",
            ErrorKind::Encoding => "encoding error",
            ErrorKind::MissingRequired => "missing required attribute",
            ErrorKind::InvalidValue => "invalid value",
            ErrorKind::InvalidName => "invalid attribute name",
            ErrorKind::Duplicate => "duplicate attribute",
            ErrorKind::Conflict => "conflicting members",
            ErrorKind::TypeMismatch => "type mismatch",
            ErrorKind::UnsupportedVersion => "unsupported specversion",
            ErrorKind::UnsupportedFormat => "unsupported event format",
            ErrorKind::NotCloudEvent => "not a CloudEvent",
            ErrorKind::Limit => "limit exceeded",
            ErrorKind::Io => "I/O error",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many bytes of an attribute name an [`Error`] keeps. Longer names are
/// cut and shown with a trailing `…`.
const NAME_CAP: usize = 30;

/// An error from parsing, validating or writing an event.
///
/// Cheap to create and copy; it owns no heap memory.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    kind: ErrorKind,
    name_len: u8,
    name_cut: bool,
    name: [u8; NAME_CAP],
    detail: &'static str,
    offset: Option<usize>,
}

impl Error {
    /// A new error of `kind` with a static `detail` message.
    pub const fn new(kind: ErrorKind, detail: &'static str) -> Self {
        Error {
            kind,
            name_len: 0,
            name_cut: false,
            name: [0; NAME_CAP],
            detail,
            offset: None,
        }
    }

    /// The same error, located at byte `offset` of the input.
    #[must_use]
    pub const fn at(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// The same error, with its offset moved forward by `base` bytes (used when
    /// a value was parsed out of a larger input).
    #[must_use]
    pub(crate) const fn shifted(mut self, base: usize) -> Self {
        if let Some(o) = self.offset {
            self.offset = Some(o + base);
        }
        self
    }

    /// The same error without an offset (for input this crate rewrote,
    /// whose offsets would mislead).
    #[must_use]
    #[cfg(feature = "serde")]
    pub(crate) const fn unlocated(mut self) -> Self {
        self.offset = None;
        self
    }

    /// The same error located in a larger input whose value starts at
    /// `base`: an offset inside the value is moved forward, an error without
    /// one points at the value's start. `None` leaves it as it is (a value
    /// with no enclosing input, such as a header).
    #[must_use]
    pub(crate) const fn locate(mut self, base: Option<usize>) -> Self {
        if let Some(base) = base {
            self.offset = Some(match self.offset {
                Some(o) => o + base,
                None => base,
            });
        }
        self
    }

    /// The same error, about the attribute `name` (as it was spelled on the wire,
    /// possibly cut to a few dozen bytes).
    #[must_use]
    pub fn attr(mut self, name: &[u8]) -> Self {
        let n = name.len().min(NAME_CAP);
        self.name[..n].copy_from_slice(&name[..n]);
        self.name_len = n as u8;
        self.name_cut = name.len() > NAME_CAP;
        self
    }

    /// Sets the attribute only when none is set yet.
    #[must_use]
    pub(crate) fn attr_if_none(self, name: &[u8]) -> Self {
        if self.name_len == 0 {
            self.attr(name)
        } else {
            self
        }
    }

    /// What kind of error this is.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The byte offset in the input where the problem was found, when known.
    pub const fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// The short static explanation.
    pub const fn detail(&self) -> &'static str {
        self.detail
    }

    /// The attribute this error concerns, as spelled on the wire, when there is
    /// one. Non-UTF-8 bytes are not kept.
    pub fn attribute(&self) -> Option<&str> {
        if self.name_len == 0 {
            return None;
        }
        let bytes = &self.name[..self.name_len as usize];
        match core::str::from_utf8(bytes) {
            Ok(s) => Some(s),
            // A cut may have split a multi-byte character: keep the valid prefix.
            Err(e) => core::str::from_utf8(&bytes[..e.valid_up_to()]).ok(),
        }
    }

    fn is_core_name(name: &str) -> bool {
        crate::attrs::Attr::from_name(name.as_bytes()).is_some()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, self.attribute()) {
            (ErrorKind::MissingRequired, Some(name)) => {
                write!(f, "missing required attribute \"{name}\"")?;
                if !self.detail.is_empty() {
                    write!(f, ": {}", self.detail)?;
                }
            }
            (_, Some(name)) => {
                let cut = if self.name_cut { "…" } else { "" };
                if Self::is_core_name(name) {
                    write!(f, "attribute \"{name}{cut}\": ")?;
                } else {
                    write!(f, "extension \"{name}{cut}\": ")?;
                }
                if self.detail.is_empty() {
                    f.write_str(self.kind.as_str())?;
                } else {
                    write!(f, "{}: {}", self.kind.as_str(), self.detail)?;
                }
            }
            (_, None) => {
                if self.detail.is_empty() {
                    f.write_str(self.kind.as_str())?;
                } else {
                    write!(f, "{}: {}", self.kind.as_str(), self.detail)?;
                }
            }
        }
        if let Some(offset) = self.offset {
            write!(f, " (at byte {offset})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("attribute", &self.attribute())
            .field("offset", &self.offset)
            .field("detail", &self.detail)
            .finish()
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::ToString;

    #[test]
    fn display_names_attribute_and_offset() {
        let e = Error::new(
            ErrorKind::InvalidName,
            "attribute names must be lowercase a-z or 0-9",
        )
        .attr(b"Foo")
        .at(112);
        assert_eq!(
            e.to_string(),
            "extension \"Foo\": invalid attribute name: attribute names must be lowercase a-z or 0-9 (at byte 112)"
        );
        let e = Error::new(ErrorKind::MissingRequired, "").attr(b"source");
        assert_eq!(e.to_string(), "missing required attribute \"source\"");
    }

    #[test]
    fn long_names_are_cut() {
        let long = [b'a'; 100];
        let e = Error::new(ErrorKind::InvalidName, "x").attr(&long);
        assert_eq!(e.attribute().unwrap().len(), NAME_CAP);
        assert!(e.to_string().contains('…'));
    }
}
