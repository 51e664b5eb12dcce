//! [`ProtoAny`]: a protobuf message payload (`proto_data`, PROTO-4), kept as
//! the encoded `google.protobuf.Any` it arrived in.

use core::fmt;

use crate::error::{Error, ErrorKind};
use crate::pbwire::{Wire, LEN};

/// Event data that is a protobuf message: the encoded `google.protobuf.Any`
/// (`type_url = 1`, `value = 2`) of a Protobuf-format event's `proto_data`
/// field (PROTO-4), borrowed from the input.
///
/// The type URL says which message [`value`](Self::value) encodes. Other
/// formats have no place for it: they carry the value bytes as binary data
/// (the Protobuf format spec asks producers to put the type URL in
/// `dataschema` too). Equality of [`Data`](crate::Data) compares the value
/// bytes only.
///
/// ```
/// use cloudevents_codec::ProtoAny;
/// // type_url "t/x.Y", value [8, 1]
/// let any = ProtoAny::parse(b"\x0a\x05t/x.Y\x12\x02\x08\x01")?;
/// assert_eq!(any.type_url(), "t/x.Y");
/// assert_eq!(any.value(), b"\x08\x01");
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProtoAny<'a> {
    raw: &'a [u8],
}

impl<'a> ProtoAny<'a> {
    /// Checks that `raw` is an encoded `google.protobuf.Any` (a UTF-8
    /// `type_url`, a `value`, unknown fields skipped) and wraps it.
    ///
    /// # Errors
    ///
    /// `Syntax` for malformed protobuf, `Encoding` for a type URL that is
    /// not UTF-8; offsets are relative to `raw`.
    pub fn parse(raw: &'a [u8]) -> Result<Self, Error> {
        let mut w = Wire::new(raw);
        while !w.is_done() {
            let key = w.key()?;
            match (key.field, key.wire) {
                (1, LEN) => {
                    let (url, at) = w.bytes()?;
                    if let Err(e) = core::str::from_utf8(url) {
                        return Err(Error::new(ErrorKind::Encoding, "type URL is not UTF-8")
                            .at(at + e.valid_up_to()));
                    }
                }
                (2, LEN) => {
                    w.bytes()?;
                }
                (1 | 2, _) => {
                    return Err(crate::pbwire::syntax(
                        "wrong wire type for a google.protobuf.Any field",
                        key.at,
                    ))
                }
                _ => w.skip(key)?,
            }
        }
        Ok(ProtoAny { raw })
    }

    /// The encoded `google.protobuf.Any` message.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The field `field` (the last occurrence, as protobuf reads it).
    fn field(&self, field: u32) -> &'a [u8] {
        let mut w = Wire::new(self.raw);
        let mut found: &'a [u8] = &[];
        // Validated by `parse`: the walk cannot fail; stop quietly if it does.
        while !w.is_done() {
            let Ok(key) = w.key() else { break };
            if key.field == field && key.wire == LEN {
                match w.bytes() {
                    Ok((b, _)) => found = b,
                    Err(_) => break,
                }
            } else if w.skip(key).is_err() {
                break;
            }
        }
        found
    }

    /// The type URL (`type.googleapis.com/pkg.Message`); empty when absent.
    pub fn type_url(&self) -> &'a str {
        core::str::from_utf8(self.field(1)).unwrap_or("")
    }

    /// The encoded message.
    pub fn value(&self) -> &'a [u8] {
        self.field(2)
    }
}

impl fmt::Debug for ProtoAny<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProtoAny")
            .field("type_url", &self.type_url())
            .field("value_len", &self.value().len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_field_wins_and_unknown_fields_are_skipped() {
        let raw = b"\x0a\x01a\x18\x07\x0a\x01b\x12\x00";
        let any = ProtoAny::parse(raw).unwrap();
        assert_eq!(any.type_url(), "b");
        assert_eq!(any.value(), b"");
        assert!(ProtoAny::parse(b"\x08\x01").is_err());
        assert_eq!(
            ProtoAny::parse(b"\x0a\x01\xff").unwrap_err().kind(),
            ErrorKind::Encoding
        );
        assert_eq!(ProtoAny::parse(b"").unwrap().type_url(), "");
    }
}
