//! The Kafka binding (`kafka-protocol-binding.md`; `docs/RULES.md` §5).
//!
//! - Mode by the `content-type` header (KAFKA-2): an
//!   `application/cloudevents+json` prefix (any case) → structured, else
//!   binary. Kafka has no batched mode.
//! - Binary mode: attributes in `ce_<name>` headers (read ignoring case,
//!   written lowercase, KAFKA-8) with raw UTF-8 values (KAFKA-6);
//!   `content-type` ⇄ `datacontenttype` (KAFKA-4), with a `ce_datacontenttype`
//!   header read as a fallback that must agree (KAFKA-7); the record value is
//!   the data: a null value is no data (a tombstone), an empty value empty
//!   data (KAFKA-5).
//! - The record key never becomes an attribute (KAFKA-3). The opt-in key
//!   mapper [`write_key`] takes the key from `partitionkey`.
//!
//! ```
//! use cloudevents_codec::binding::{kafka, HeaderBuf};
//! use cloudevents_codec::Event;
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
//!     "partitionkey":"abc","datacontenttype":"application/json","data":{"x":1}}"#)?;
//! let mut headers = HeaderBuf::new();
//! let mut value = Vec::new();
//! assert!(kafka::write_binary(&event, &mut headers, &mut value)?.has_body);
//! let mut key = Vec::new();
//! assert!(kafka::write_key(&event, &mut key));
//! assert_eq!(key, b"abc");
//! let back = kafka::read(&headers, Some(&value))?.into_event().unwrap();
//! assert_eq!(back, event);
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```

use super::decode::{blank_event, BinaryReader, ContentTypeRule, Profile};
use super::encode::{
    binary_content_type, borrowed_payload, write_attributes, write_content_type, write_payload,
    ValueEncoding,
};
use super::{
    detect_mode, ContentMode, HeaderItem, HeaderSink, Message, ReadOptions, Written,
    STRUCTURED_CONTENT_TYPE,
};
use crate::error::{Error, ErrorKind};
use crate::event::Event;
use crate::json;
use crate::sink::Sink;

/// The attribute header prefix (KAFKA-6).
pub const PREFIX: &str = "ce_";

/// The content type header (KAFKA-4).
pub const CONTENT_TYPE: &str = "content-type";

const PROFILE: Profile = Profile {
    prefix: b"ce_",
    fold_case: true,
    percent: false,
    skip_invalid_names: false,
    content_type_header: b"content-type",
    content_type_rule: ContentTypeRule::Fallback,
};

/// One Kafka record header: a key and a value that may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KafkaHeader<'a> {
    /// The header key.
    pub key: &'a [u8],
    /// The header value; `None` is a null value.
    pub value: Option<&'a [u8]>,
}

impl<'a, 'b: 'a> HeaderItem<'a> for KafkaHeader<'b> {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.key, self.value)
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for &'a KafkaHeader<'b> {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.key, self.value)
    }
}

/// Reads a Kafka record's headers and value (`None` = null value) with the
/// default [`ReadOptions`]. The record key is not needed: it never becomes
/// an attribute (KAFKA-3).
///
/// # Errors
///
/// - `UnsupportedFormat`: a CloudEvents content type of another format, or
///   the batch format (Kafka has none).
/// - `Syntax`: a structured record with a null value (E-68), or a broken
///   JSON value.
/// - `NotCloudEvent`: binary mode without `ce_specversion`.
/// - `InvalidValue` for a null attribute header value (E-67), `Encoding` for
///   a non-UTF-8 one, `Conflict` when `content-type` and
///   `ce_datacontenttype` differ (E-70), and the shared attribute errors.
pub fn read<'a, I>(headers: I, value: Option<&'a [u8]>) -> Result<Message<'a>, Error>
where
    I: IntoIterator,
    I::Item: HeaderItem<'a>,
{
    read_with(headers, value, &ReadOptions::new())
}

/// Reads a Kafka record with `options`.
///
/// # Errors
///
/// As [`read`].
pub fn read_with<'a, I>(
    headers: I,
    value: Option<&'a [u8]>,
    options: &ReadOptions,
) -> Result<Message<'a>, Error>
where
    I: IntoIterator,
    I::Item: HeaderItem<'a>,
{
    let mut event = blank_event();
    let reader = BinaryReader::read_headers(&mut event, &PROFILE, headers, &options.parse)?;
    let content_type = reader.content_type.filter(|ct| !ct.is_empty());
    let mut mode = detect_mode(content_type, options)?;
    if mode == ContentMode::Binary
        && options.sniff_structured
        && content_type.is_none()
        && !reader.specversion_header
        && value.is_some_and(|v| v.trim_ascii_start().first() == Some(&b'{'))
    {
        mode = ContentMode::Structured;
    }
    match mode {
        ContentMode::Batch => Err(Error::new(
            ErrorKind::UnsupportedFormat,
            "Kafka has no batched content mode",
        )),
        ContentMode::Structured => {
            let Some(value) = value else {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    "a structured-mode record must have a value",
                ));
            };
            Ok(Message::Structured(Event::from_json_with(
                value,
                &options.parse,
            )?))
        }
        // A null value is no data, an empty one empty data (KAFKA-5).
        ContentMode::Binary => {
            reader.finish(content_type, PROFILE.content_type_rule, value)?;
            Ok(Message::Binary(event))
        }
    }
}

/// Writes `event` in binary mode: `ce_` headers (raw canonical strings,
/// lowercase names) and `content-type` into `headers`, the data into `value`.
///
/// [`Written::has_body`] is false when the event has no data: send a null
/// value then (KAFKA-5). `datacontenttype` goes into `content-type` only
/// (KAFKA-7); JSON data without one gets `application/json` (CORE-13).
///
/// # Errors
///
/// - `Conflict` when `datacontenttype` is a CloudEvents format media type
///   (`application/cloudevents…`): as `content-type` it would select
///   structured mode (KAFKA-2); send such an event with
///   [`write_structured`]. Nothing is written then.
/// - `Limit` from a [`HeaderSink`] that cannot hold a header.
pub fn write_binary<'e, H, S>(
    event: &Event<'e>,
    headers: &mut H,
    value: &mut S,
) -> Result<Written<'e>, Error>
where
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    let written = write_binary_headers(event, headers)?;
    write_payload(event, value);
    Ok(written)
}

/// Writes the binary-mode headers of `event` only.
///
/// # Errors
///
/// As [`write_binary`].
pub fn write_binary_headers<'e, H: HeaderSink + ?Sized>(
    event: &Event<'e>,
    headers: &mut H,
) -> Result<Written<'e>, Error> {
    // Checked before anything is written.
    let content_type = binary_content_type(event)?;
    write_attributes(event, headers, PREFIX.as_bytes(), ValueEncoding::Raw, false)?;
    if let Some(ct) = &content_type {
        write_content_type(headers, CONTENT_TYPE.as_bytes(), ct)?;
    }
    Ok(Written {
        content_type,
        has_body: event.data.is_some(),
    })
}

/// The binary-mode record value borrowed from the event when it needs no
/// decoding; `None` when there is no data (a null value) or it must be
/// decoded (use [`write_binary`]).
pub fn value<'e>(event: &Event<'e>) -> Option<&'e [u8]> {
    borrowed_payload(event)
}

/// Writes `event` in structured mode: `content-type:
/// application/cloudevents+json; charset=utf-8` and the JSON event as the
/// value (KAFKA-9; never a null value).
pub fn write_structured<H, S>(event: &Event<'_>, headers: &mut H, value: &mut S) -> Written<'static>
where
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    headers.header(CONTENT_TYPE.as_bytes(), STRUCTURED_CONTENT_TYPE.as_bytes());
    json::write_event(event, value);
    Written::structured(STRUCTURED_CONTENT_TYPE)
}

/// The opt-in key mapper (KAFKA-3): writes the `partitionkey` extension's
/// canonical string into `key` and returns true; returns false (writing
/// nothing) when the event has none, so the caller keeps its own key. The
/// event is not changed: `partitionkey` stays an attribute (E-71).
pub fn write_key<S: Sink + ?Sized>(event: &Event<'_>, key: &mut S) -> bool {
    match event.extension("partitionkey") {
        Some(v) => {
            v.write_canonical(key);
            true
        }
        None => false,
    }
}
