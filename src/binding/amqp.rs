//! The AMQP 1.0 binding (`amqp-protocol-binding.md`; `docs/RULES.md` §6).
//!
//! This module maps between events and the parts of an AMQP message that
//! matter — the `content-type` property, the application properties and the
//! application data — and leaves the AMQP wire encoding to an AMQP library:
//! properties are [`AmqpValue`]s, typed like AMQP's primitive types.
//!
//! - Mode by `content-type` (AMQP-2): `application/cloudevents+json` (any
//!   case) → structured, else binary. No batch.
//! - Binary mode: attributes in application properties named
//!   `cloudEvents_<name>` or `cloudEvents:<name>` (AMQP-4; the prefix is
//!   case-sensitive, one separator per message, mixing them is
//!   `InvalidValue`, E-72); `content-type` ⇄ `datacontenttype` (AMQP-3, a
//!   `…datacontenttype` property is a fallback that must agree).
//! - Values are typed (AMQP-5, AMQP-6, TYPE-10): `boolean` → Boolean, any
//!   integer type in the 32-bit signed range → Integer (else `InvalidValue`,
//!   E-73), `string`/`symbol` → String, `binary` → Binary, `timestamp` →
//!   Timestamp. Canonical strings are accepted for every type.
//!
//! # Typed values in an [`Event`]
//!
//! [`Value`] has String, Integer and Boolean. The other AMQP
//! types keep their *string forms* so events stay comparable and writable
//! in every format:
//!
//! - A `binary` property becomes a [`Text`] with encoding
//!   [`TextEncoding::BinaryAsBase64`]: it borrows the raw bytes and decodes
//!   to their base64 string (TYPE-5). Writing AMQP again sends `binary`.
//! - A `timestamp` (milliseconds) is formatted as RFC 3339 UTC
//!   (`2018-04-05T17:31:00.123Z`) into an [`AmqpScratch`] the caller lends,
//!   which the event borrows. Writing AMQP sends `time` as a `timestamp`
//!   when it has at most millisecond precision, else as a string (AMQP-6).
//!
//! ```
//! use cloudevents_codec::binding::amqp::{self, AmqpScratch, AmqpValue};
//! let props = [
//!     ("cloudEvents_specversion", AmqpValue::String("1.0")),
//!     ("cloudEvents_id", AmqpValue::String("1")),
//!     ("cloudEvents_source", AmqpValue::String("/s")),
//!     ("cloudEvents_type", AmqpValue::String("t")),
//!     ("cloudEvents_time", AmqpValue::Timestamp(1_522_949_460_000)),
//!     ("cloudEvents_n", AmqpValue::Long(5)),
//! ];
//! let mut scratch = AmqpScratch::new();
//! let event = amqp::read(Some(b"text/plain"), props, Some(b"hi"), &mut scratch)?
//!     .into_event()
//!     .unwrap();
//! assert!(event.time().unwrap() == "2018-04-05T17:31:00Z");
//! assert_eq!(event.extension("n").unwrap().as_i32(), Some(5));
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```

use super::decode::{blank_event, plain_text, BinaryReader, ContentTypeRule, HeaderKind, Profile};
use super::encode::{binary_content_type, with_joined, with_name, write_payload};
use super::message::unsupported_format;
use super::{detect_mode, ContentMode, Message, ReadOptions, Written, STRUCTURED_CONTENT_TYPE};
use crate::attrs::name_error;
use crate::attrs::{core_attributes, Attr};
use crate::error::{Error, ErrorKind};
use crate::event::{Event, Value};
use crate::json;
use crate::sink::{Sink, StackBuf};
use crate::spec::timestamp::Timestamp;
use crate::text::{Text, TextEncoding};

/// The application-property prefix this crate writes by default (AMQP-4).
pub const PREFIX: &str = "cloudEvents_";
/// The older application-property prefix, read too (AMQP-4).
pub const COLON_PREFIX: &str = "cloudEvents:";

const UNDERSCORE: Profile = Profile {
    prefix: b"cloudEvents_",
    fold_case: false,
    percent: false,
    skip_invalid_names: false,
    content_type_header: b"",
    content_type_rule: ContentTypeRule::Fallback,
};
const COLON: Profile = Profile {
    prefix: b"cloudEvents:",
    ..UNDERSCORE
};

/// An AMQP 1.0 primitive value of an application property.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AmqpValue<'a> {
    /// `null`: the property is treated as absent.
    Null,
    /// `boolean`.
    Boolean(bool),
    /// `ubyte`.
    UByte(u8),
    /// `ushort`.
    UShort(u16),
    /// `uint`.
    UInt(u32),
    /// `ulong`.
    ULong(u64),
    /// `byte`.
    Byte(i8),
    /// `short`.
    Short(i16),
    /// `int`.
    Int(i32),
    /// `long` (the type AMQP-5 maps Integer to).
    Long(i64),
    /// `timestamp`: milliseconds since the Unix epoch.
    Timestamp(i64),
    /// `string`.
    String(&'a str),
    /// `symbol`.
    Symbol(&'a str),
    /// `binary`.
    Binary(&'a [u8]),
}

/// Which prefix separator to write (AMQP-4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Separator {
    /// `cloudEvents_` (current, JMS-compatible; the default).
    #[default]
    Underscore,
    /// `cloudEvents:` (older senders).
    Colon,
}

/// How many `timestamp` properties one message may carry.
pub const SCRATCH_TIMESTAMPS: usize = 8;

/// Room for formatting `timestamp` properties as RFC 3339 text while reading;
/// the event read borrows it. Lives on the stack; reuse it across messages.
#[derive(Clone)]
pub struct AmqpScratch {
    slots: [StackBuf<32>; SCRATCH_TIMESTAMPS],
}

impl core::fmt::Debug for AmqpScratch {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AmqpScratch").finish_non_exhaustive()
    }
}

impl Default for AmqpScratch {
    fn default() -> Self {
        Self::new()
    }
}

impl AmqpScratch {
    /// Empty scratch space.
    pub const fn new() -> Self {
        AmqpScratch {
            slots: [const { StackBuf::new() }; SCRATCH_TIMESTAMPS],
        }
    }
}

/// Reads an AMQP message: its `content-type` property, its application
/// properties and its application data (`None` when there is none), with
/// the default [`ReadOptions`].
///
/// # Errors
///
/// - `UnsupportedFormat` for a CloudEvents content type of another format
///   or the batch format; `Syntax` for a structured message without data.
/// - `NotCloudEvent` in binary mode without a `specversion` property.
/// - `InvalidValue` for mixed prefixes (E-72), integers outside the 32-bit
///   range (E-73) and the shared attribute checks; `TypeMismatch` for a
///   non-string value of a String-typed core attribute; `Limit` for more
///   than [`SCRATCH_TIMESTAMPS`] timestamp properties.
pub fn read<'a, 'p: 'a, I>(
    content_type: Option<&'a [u8]>,
    properties: I,
    data: Option<&'a [u8]>,
    scratch: &'a mut AmqpScratch,
) -> Result<Message<'a>, Error>
where
    I: IntoIterator<Item = (&'p str, AmqpValue<'p>)>,
{
    read_with(content_type, properties, data, scratch, &ReadOptions::new())
}

/// Reads an AMQP message with `options`.
///
/// # Errors
///
/// As [`read`].
pub fn read_with<'a, 'p: 'a, I>(
    content_type: Option<&'a [u8]>,
    properties: I,
    data: Option<&'a [u8]>,
    scratch: &'a mut AmqpScratch,
    options: &ReadOptions,
) -> Result<Message<'a>, Error>
where
    I: IntoIterator<Item = (&'p str, AmqpValue<'p>)>,
{
    let properties = properties
        .into_iter()
        .map(|(name, value)| (name, Ok(value)));
    read_typed(content_type, properties, data, scratch, options)
}

/// [`read_with`] over properties whose values a client adapter converts to
/// [`AmqpValue`]s as they are read: a conversion error counts only for an
/// attribute property (other properties are the application's and may have
/// any type), and is returned naming the attribute.
pub(crate) fn read_typed<'a, 'p: 'a, I>(
    content_type: Option<&'a [u8]>,
    properties: I,
    data: Option<&'a [u8]>,
    scratch: &'a mut AmqpScratch,
    options: &ReadOptions,
) -> Result<Message<'a>, Error>
where
    I: IntoIterator<Item = (&'p str, Result<AmqpValue<'p>, Error>)>,
{
    let content_type = content_type.filter(|ct| !ct.is_empty());
    match detect_mode(content_type, options)? {
        ContentMode::Batch => Err(unsupported_format()),
        ContentMode::Structured => {
            let Some(body) = data else {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    "a structured-mode message must have application data",
                ));
            };
            Ok(Message::Structured(Event::from_json_with(
                body,
                &options.parse,
            )?))
        }
        ContentMode::Binary => {
            let mut event = blank_event();
            let mut reader = BinaryReader::new(&mut event, &options.parse);
            let mut separator: Option<Separator> = None;
            let mut slots = scratch.slots.iter_mut();
            for (name, value) in properties {
                let mut kind = UNDERSCORE.classify(name.as_bytes())?;
                let mut sep = Separator::Underscore;
                if kind == HeaderKind::Other {
                    kind = COLON.classify(name.as_bytes())?;
                    sep = Separator::Colon;
                }
                let HeaderKind::Attribute(attr) = kind else {
                    continue;
                };
                match separator {
                    Some(s) if s != sep => return Err(Error::new(
                        ErrorKind::InvalidValue,
                        "a message must use one prefix separator, `cloudEvents_` or `cloudEvents:`",
                    )
                    .attr(name.as_bytes())),
                    _ => separator = Some(sep),
                }
                let value = match value.map_err(|e| name_error(e, &attr))? {
                    AmqpValue::Null => continue,
                    AmqpValue::Timestamp(ms) => {
                        let Some(slot) = slots.next() else {
                            return Err(Error::new(
                                ErrorKind::Limit,
                                "too many timestamp properties for AmqpScratch",
                            )
                            .attr(name.as_bytes()));
                        };
                        // The ms count as RFC 3339 UTC text, through the one
                        // Timestamp type (E-73).
                        let t = Timestamp::from_amqp_millis(ms).ok_or_else(|| {
                            name_error(
                                Error::new(
                                    ErrorKind::InvalidValue,
                                    "timestamp outside the years 0000-9999",
                                ),
                                &attr,
                            )
                        })?;
                        *slot = StackBuf::new();
                        t.write_rfc3339_millis(slot);
                        let slot: &'a StackBuf<32> = slot;
                        Value::String(plain_text(slot.as_bytes())?)
                    }
                    v => to_value(v).map_err(|e| name_error(e, &attr))?,
                };
                reader.add(attr, value, false)?;
            }
            reader.finish(content_type, UNDERSCORE.content_type_rule, data)?;
            Ok(Message::Binary(event))
        }
    }
}

/// Converts a non-timestamp AMQP value (AMQP-5, AMQP-6).
fn to_value(v: AmqpValue<'_>) -> Result<Value<'_>, Error> {
    let int = |i: i64| {
        i32::try_from(i).map(Value::Integer).map_err(|_| {
            Error::new(
                ErrorKind::InvalidValue,
                "Integer out of the signed 32-bit range",
            )
        })
    };
    match v {
        AmqpValue::Boolean(b) => Ok(Value::Boolean(b)),
        AmqpValue::UByte(i) => int(i.into()),
        AmqpValue::UShort(i) => int(i.into()),
        AmqpValue::UInt(i) => int(i.into()),
        AmqpValue::ULong(i) => int(i64::try_from(i).unwrap_or(i64::MAX)),
        AmqpValue::Byte(i) => int(i.into()),
        AmqpValue::Short(i) => int(i.into()),
        AmqpValue::Int(i) => int(i.into()),
        AmqpValue::Long(i) => int(i),
        AmqpValue::String(s) | AmqpValue::Symbol(s) => Ok(Value::String(Text::plain(s))),
        AmqpValue::Binary(b) => Ok(Value::String(Text::from_validated(
            b,
            TextEncoding::BinaryAsBase64,
        ))),
        AmqpValue::Null | AmqpValue::Timestamp(_) => {
            Err(Error::new(ErrorKind::TypeMismatch, "unexpected AMQP value"))
        }
    }
}

/// Where [`write_binary`] puts application properties.
pub trait PropertySink {
    /// Appends one application property.
    fn property(&mut self, name: &str, value: AmqpValue<'_>);
}

impl<P: PropertySink + ?Sized> PropertySink for &mut P {
    fn property(&mut self, name: &str, value: AmqpValue<'_>) {
        (**self).property(name, value);
    }
}

/// Writes `event` in binary mode with the `cloudEvents_` prefix: application
/// properties into `properties`, the data bytes into `data`.
///
/// Set the message's `content-type` property from
/// [`Written::content_type`] (`datacontenttype`, or `application/json` for
/// JSON data without one).
///
/// # Errors
///
/// `Conflict` when `datacontenttype` is a CloudEvents format media type
/// (`application/cloudevents…`): as `content-type` it would select
/// structured mode (AMQP-2). Nothing is written then.
pub fn write_binary<'e, P, S>(
    event: &Event<'e>,
    properties: &mut P,
    data: &mut S,
) -> Result<Written<'e>, Error>
where
    P: PropertySink + ?Sized,
    S: Sink + ?Sized,
{
    write_binary_with(event, Separator::Underscore, properties, data)
}

/// Writes `event` in binary mode with the given prefix separator.
///
/// # Errors
///
/// As [`write_binary`].
pub fn write_binary_with<'e, P, S>(
    event: &Event<'e>,
    separator: Separator,
    properties: &mut P,
    data: &mut S,
) -> Result<Written<'e>, Error>
where
    P: PropertySink + ?Sized,
    S: Sink + ?Sized,
{
    // Checked before anything is written.
    let content_type = binary_content_type(event)?;
    let prefix = match separator {
        Separator::Underscore => PREFIX,
        Separator::Colon => COLON_PREFIX,
    };
    for (attr, text) in core_attributes(event) {
        match attr {
            // The `content-type` property carries it (AMQP-3).
            Attr::DataContentType => continue,
            // A native `timestamp` when milliseconds hold it exactly
            // (AMQP-5), else the canonical string (AMQP-6).
            Attr::Time => {
                if let Some(ms) = exact_millis(&text) {
                    with_joined(prefix, b"time", |n| {
                        properties.property(n, AmqpValue::Timestamp(ms))
                    })?;
                    continue;
                }
            }
            _ => {}
        }
        write_property(
            properties,
            prefix,
            attr.name().as_bytes(),
            &Value::String(text),
        )?;
    }
    for ext in event.extensions() {
        with_name(&ext.name(), |name| {
            write_property(properties, prefix, name, &ext.value())
        })??;
    }
    write_payload(event, data);
    Ok(Written {
        content_type,
        has_body: event.data.is_some(),
    })
}

/// The milliseconds since the epoch of a `time` text, when they represent
/// it exactly: at most millisecond precision, no leap second.
fn exact_millis(text: &Text<'_>) -> Option<i64> {
    let t = text.with_decoded(|b| Timestamp::parse(b).ok()).flatten()?;
    (t.nanosecond() % 1_000_000 == 0 && t.second() < 60).then(|| t.to_amqp_millis())
}

fn write_property<P: PropertySink + ?Sized>(
    properties: &mut P,
    prefix: &str,
    name: &[u8],
    value: &Value<'_>,
) -> Result<(), Error> {
    match value {
        Value::Boolean(b) => with_joined(prefix, name, |n| {
            properties.property(n, AmqpValue::Boolean(*b))
        }),
        Value::Integer(i) => with_joined(prefix, name, |n| {
            properties.property(n, AmqpValue::Long((*i).into()))
        }),
        Value::String(t) if t.encoding() == TextEncoding::BinaryAsBase64 => {
            with_joined(prefix, name, |n| {
                properties.property(n, AmqpValue::Binary(t.raw()))
            })
        }
        Value::String(t) => t
            .with_decoded(|bytes| {
                let s = core::str::from_utf8(bytes)
                    .map_err(|_| Error::new(ErrorKind::Encoding, "invalid UTF-8").attr(name))?;
                with_joined(prefix, name, |n| {
                    properties.property(n, AmqpValue::String(s))
                })
            })
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Limit,
                    "escaped value too long to write without the `alloc` feature",
                )
                .attr(name)
            })?,
        Value::Map(m) => with_joined(prefix, name, |n| {
            properties.property(n, AmqpValue::String(m))
        }),
    }
}

/// Writes `event` in structured mode: appends the JSON event to `data`
/// (AMQP-8); set the `content-type` property from [`Written::content_type`]
/// (`application/cloudevents+json; charset=utf-8`).
pub fn write_structured<S: Sink + ?Sized>(event: &Event<'_>, data: &mut S) -> Written<'static> {
    json::write_event(event, data);
    Written::structured(STRUCTURED_CONTENT_TYPE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amqp_5_time_as_milliseconds() {
        for (text, ms) in [
            ("1970-01-01T00:00:00Z", Some(0i64)),
            ("2018-04-05T17:31:00.123Z", Some(1_522_949_460_123)),
            ("2018-04-05T19:31:00.5+02:00", Some(1_522_949_460_500)),
            ("2018-04-05T17:31:00.123000Z", Some(1_522_949_460_123)),
            ("1969-12-31T23:59:59.999Z", Some(-1)),
            ("2018-04-05T17:31:00.1234Z", None),
            ("2016-12-31T23:59:60Z", None),
        ] {
            assert_eq!(exact_millis(&Text::plain(text)), ms, "{text}");
        }
    }

    #[test]
    fn e_73_timestamps_read_as_rfc_3339() {
        let props = [
            ("cloudEvents_specversion", AmqpValue::String("1.0")),
            ("cloudEvents_id", AmqpValue::String("1")),
            ("cloudEvents_source", AmqpValue::String("/s")),
            ("cloudEvents_type", AmqpValue::String("t")),
            ("cloudEvents_time", AmqpValue::Timestamp(1_522_949_460_123)),
        ];
        let mut scratch = AmqpScratch::new();
        let event = read(None, props, None, &mut scratch)
            .unwrap()
            .into_event()
            .unwrap();
        assert!(event.time().unwrap() == "2018-04-05T17:31:00.123Z");
        let props = [
            ("cloudEvents_specversion", AmqpValue::String("1.0")),
            ("cloudEvents_time", AmqpValue::Timestamp(i64::MAX)),
        ];
        let err = read(None, props, None, &mut AmqpScratch::new()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
    }
}
