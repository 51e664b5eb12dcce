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

use super::{
    binary_content_type, detect_mode, plain_text, unsupported_format, with_joined, write_payload,
    Attrs, HeaderKind, Message, Mode, Profile, ReadOptions, STRUCTURED_CONTENT_TYPE,
};
use crate::error::{Error, ErrorKind};
use crate::event::{Event, SpecVersion, Value};
use crate::json;
use crate::json::read::with_decoded;
use crate::sink::Sink;
use crate::text::{Text, TextEncoding};

/// The application-property prefix this crate writes by default (AMQP-4).
pub const PREFIX: &str = "cloudEvents_";
/// The older application-property prefix, read too (AMQP-4).
pub const COLON_PREFIX: &str = "cloudEvents:";

const UNDERSCORE: Profile = Profile {
    prefix: b"cloudEvents_",
    fold_case: false,
    percent: false,
};
const COLON: Profile = Profile {
    prefix: b"cloudEvents:",
    fold_case: false,
    percent: false,
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
#[derive(Debug, Clone)]
pub struct AmqpScratch {
    slots: [[u8; 24]; SCRATCH_TIMESTAMPS],
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
            slots: [[0; 24]; SCRATCH_TIMESTAMPS],
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
    let content_type = content_type.filter(|ct| !ct.is_empty());
    match detect_mode(content_type, options)? {
        Mode::Batch => Err(unsupported_format()),
        Mode::Structured => {
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
        Mode::Binary => {
            let mut attrs = Attrs::new(&options.parse);
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
                let value = match value {
                    AmqpValue::Null => continue,
                    AmqpValue::Timestamp(ms) => {
                        let Some(slot) = slots.next() else {
                            return Err(Error::new(
                                ErrorKind::Limit,
                                "too many timestamp properties for AmqpScratch",
                            )
                            .attr(name.as_bytes()));
                        };
                        let n = format_ms(ms, slot).map_err(|e| super::name_error(e, &attr))?;
                        let slot: &'a [u8] = &slot[..n];
                        Value::String(plain_text(slot)?)
                    }
                    v => to_value(v).map_err(|e| super::name_error(e, &attr))?,
                };
                attrs.add(attr, value)?;
            }
            if !attrs.has_specversion() {
                return Err(super::not_cloud_event());
            }
            if let Some(ct) = content_type {
                let ct = plain_text(ct).map_err(|e| e.attr(b"datacontenttype"))?;
                attrs.content_type(ct, false)?;
            }
            Ok(Message::Binary(attrs.finish(data)?))
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
/// Returns the `content-type` to set on the message (`datacontenttype`, or
/// `application/json` for JSON data without one), decoded with
/// [`Text::decode_to`] or [`Text::as_str`].
///
/// # Errors
///
/// - `Conflict` when `datacontenttype` is a CloudEvents format media type
///   (`application/cloudevents…`): as `content-type` it would select
///   structured mode (AMQP-2). Nothing is written then.
/// - `Limit` for attribute names longer than 256 bytes.
pub fn write_binary<'e, P, S>(
    event: &Event<'e>,
    properties: &mut P,
    data: &mut S,
) -> Result<Option<Text<'e>>, Error>
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
) -> Result<Option<Text<'e>>, Error>
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
    let v03 = event.specversion == SpecVersion::V0_3;
    let version = Text::plain(event.specversion.as_str());
    let core: [(&[u8], Option<Text<'_>>); 7] = [
        (b"specversion", Some(version)),
        (b"id", Some(event.id)),
        (b"source", Some(event.source)),
        (b"type", Some(event.ty)),
        (
            if v03 { b"schemaurl" } else { b"dataschema" },
            event.dataschema,
        ),
        (b"subject", event.subject),
        (b"time", event.time),
    ];
    for (name, text) in core {
        let Some(text) = text else { continue };
        if name == b"time" {
            if let Some(ms) = with_decoded(&text, |b| Ok(parse_ms(b)))? {
                with_joined(prefix, name, |n| {
                    properties.property(n, AmqpValue::Timestamp(ms))
                })?;
                continue;
            }
        }
        write_property(properties, prefix, name, &Value::String(text))?;
    }
    for ext in event.extensions() {
        let mut buf = crate::event::StackBuf::<256>::new();
        ext.name().decode_to(&mut buf);
        if buf.overflow {
            return Err(Error::new(
                ErrorKind::Limit,
                "extension name longer than 256 bytes",
            ));
        }
        write_property(properties, prefix, buf.as_bytes(), &ext.value())?;
    }
    write_payload(event, data);
    Ok(content_type)
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
        Value::String(t) => with_decoded(t, |bytes| {
            let s = core::str::from_utf8(bytes)
                .map_err(|_| Error::new(ErrorKind::Encoding, "invalid UTF-8").attr(name))?;
            with_joined(prefix, name, |n| {
                properties.property(n, AmqpValue::String(s))
            })
        }),
        // `Value` is non-exhaustive; new variants are written as strings.
        #[allow(unreachable_patterns)]
        v => {
            let mut buf = crate::event::StackBuf::<256>::new();
            v.write_canonical(&mut buf);
            let s = core::str::from_utf8(buf.as_bytes()).unwrap_or("");
            with_joined(prefix, name, |n| {
                properties.property(n, AmqpValue::String(s))
            })
        }
    }
}

/// Writes `event` in structured mode: returns the `content-type` to set
/// (`application/cloudevents+json; charset=utf-8`) and appends the JSON
/// event to `data` (AMQP-8).
pub fn write_structured<S: Sink + ?Sized>(event: &Event<'_>, data: &mut S) -> &'static str {
    json::write_event(event, data);
    STRUCTURED_CONTENT_TYPE
}

// ---------------------------------------------------------------------------
// RFC 3339 <-> milliseconds (UTC)
// ---------------------------------------------------------------------------

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Formats `ms` since the epoch as RFC 3339 UTC into `out`; returns the
/// length. Milliseconds are written only when not zero.
fn format_ms(ms: i64, out: &mut [u8; 24]) -> Result<usize, Error> {
    let secs = ms.div_euclid(1000);
    let milli = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "timestamp outside the years 0000-9999",
        ));
    }
    let mut put = |at: usize, v: i64, width: usize| {
        let mut v = v;
        for i in (0..width).rev() {
            out[at + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, y, 4);
    put(5, m, 2);
    put(8, d, 2);
    put(11, tod / 3600, 2);
    put(14, tod / 60 % 60, 2);
    put(17, tod % 60, 2);
    let n = if milli != 0 {
        put(20, milli, 3);
        24
    } else {
        20
    };
    out[4] = b'-';
    out[7] = b'-';
    out[10] = b'T';
    out[13] = b':';
    out[16] = b':';
    if milli != 0 {
        out[19] = b'.';
    }
    out[n - 1] = b'Z';
    Ok(n)
}

/// Parses RFC 3339 text into milliseconds since the epoch, when it is exactly
/// representable (at most millisecond precision, no leap second).
fn parse_ms(t: &[u8]) -> Option<i64> {
    fn num(b: &[u8]) -> Option<i64> {
        if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(b.iter().fold(0i64, |v, &c| v * 10 + i64::from(c - b'0')))
    }
    if t.len() < 20
        || t[4] != b'-'
        || t[7] != b'-'
        || !matches!(t[10], b'T' | b't')
        || t[13] != b':'
        || t[16] != b':'
    {
        return None;
    }
    let (y, mo, d) = (num(&t[0..4])?, num(&t[5..7])?, num(&t[8..10])?);
    let (h, mi, s) = (num(&t[11..13])?, num(&t[14..16])?, num(&t[17..19])?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let mut rest = &t[19..];
    let mut milli = 0;
    if rest.first() == Some(&b'.') {
        let digits = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        let frac = &rest[1..1 + digits];
        if frac.len() > 3 && frac[3..].iter().any(|&b| b != b'0') {
            return None;
        }
        for i in 0..3 {
            milli = milli * 10 + frac.get(i).map_or(0, |&c| i64::from(c - b'0'));
        }
        rest = &rest[1 + digits..];
    }
    let offset_min = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), hh @ .., b':', m1, m2] if hh.len() == 2 => {
            let v = num(hh)? * 60 + num(&[*m1, *m2])?;
            if *sign == b'-' {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + h * 3600 + mi * 60 + s - offset_min * 60;
    Some(secs * 1000 + milli)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ms_round_trip() {
        let mut buf = [0u8; 24];
        for (ms, text) in [
            (0i64, "1970-01-01T00:00:00Z"),
            (1_522_949_460_000, "2018-04-05T17:31:00Z"),
            (1_522_949_460_123, "2018-04-05T17:31:00.123Z"),
            (951_782_400_000, "2000-02-29T00:00:00Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
        ] {
            let n = format_ms(ms, &mut buf).unwrap();
            assert_eq!(core::str::from_utf8(&buf[..n]).unwrap(), text);
            assert_eq!(parse_ms(text.as_bytes()), Some(ms));
        }
        assert_eq!(
            parse_ms(b"2018-04-05T19:31:00.5+02:00"),
            Some(1_522_949_460_500)
        );
        assert_eq!(parse_ms(b"2018-04-05T17:31:00.1234Z"), None);
        assert_eq!(
            parse_ms(b"2018-04-05T17:31:00.123000Z"),
            Some(1_522_949_460_123)
        );
        assert_eq!(parse_ms(b"2016-12-31T23:59:60Z"), None);
        assert!(format_ms(i64::MAX, &mut buf).is_err());
        assert!(format_ms(i64::MIN, &mut buf).is_err());
    }
}
