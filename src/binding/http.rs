//! The HTTP binding (`http-protocol-binding.md`; `docs/RULES.md` §4).
//!
//! - Mode by `Content-Type` (HTTP-3): `application/cloudevents-batch+json`
//!   → [`Message::Batch`], `application/cloudevents+json` →
//!   [`Message::Structured`], anything else → [`Message::Binary`]. With the
//!   `protobuf` feature, `application/cloudevents+protobuf` →
//!   [`Message::Structured`] and `application/cloudevents-batch+protobuf` →
//!   `Message::ProtobufBatch` (PROTO-1); see [`write_structured_protobuf`]
//!   and [`write_batch_protobuf`].
//! - Binary mode: attributes in `ce-<name>` headers (prefix and name
//!   case-insensitive, HTTP-8), values quoted/percent-encoded (HTTP-10..17);
//!   `Content-Type` ⇄ `datacontenttype` verbatim (HTTP-6); the body is the
//!   data, an empty body no data (HTTP-7).
//! - Structured mode ignores `ce-` headers (HTTP-20).
//!
//! Repeated `ce-` headers are `Duplicate` (HTTP-19). Comma-folded repeats
//! cannot be told from a value containing a comma and are read as one value.
//!
//! ```
//! use cloudevents_codec::binding::{http, HeaderBuf};
//! use cloudevents_codec::Event;
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
//!     "subject":"Euro","datacontenttype":"text/plain","data":"hi"}"#)?;
//! let mut headers = HeaderBuf::new();
//! let mut body = Vec::new();
//! http::write_binary(&event, &mut headers, &mut body)?;
//! assert_eq!(headers.get(b"content-type"), Some(&b"text/plain"[..]));
//! assert_eq!(body, b"hi");
//! let back = http::read(&headers, &body)?.into_event().unwrap();
//! assert_eq!(back, event);
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```

use super::decode::{blank_event, BinaryReader, ContentTypeRule, Profile};
use super::encode::{
    binary_content_type, borrowed_payload, write_attributes, write_content_type, write_payload,
    ValueEncoding,
};
use super::message::{detect, read_batch, read_structured};
use super::{
    ContentMode, HeaderItem, HeaderSink, Message, ReadOptions, Written, BATCH_CONTENT_TYPE,
    STRUCTURED_CONTENT_TYPE,
};
use crate::error::Error;
use crate::event::Event;
use crate::json;
use crate::sink::Sink;

/// The attribute header prefix (HTTP-8).
pub const PREFIX: &str = "ce-";

const PROFILE: Profile = Profile {
    prefix: b"ce-",
    fold_case: true,
    percent: true,
    skip_invalid_names: false,
    content_type_header: b"content-type",
    content_type_rule: ContentTypeRule::Exclusive,
};

/// Reads an HTTP request or response (HTTP-1) with the default
/// [`ReadOptions`].
///
/// `headers` are the message's header fields in any order; `body` is the
/// whole body.
///
/// # Errors
///
/// - `UnsupportedFormat`: a CloudEvents content type of a format other
///   than JSON (HTTP-4, E-59).
/// - `NotCloudEvent`: binary mode without a `ce-specversion` header (HTTP-5).
/// - `MissingRequired`, `InvalidName`, `InvalidValue`, `Duplicate`,
///   `Conflict`, `Encoding`, `Syntax`, `UnsupportedVersion`, `Limit`: a
///   broken binary-mode attribute header (see the module docs), or a broken
///   structured body.
pub fn read<'a, I>(headers: I, body: &'a [u8]) -> Result<Message<'a>, Error>
where
    I: IntoIterator,
    I::Item: HeaderItem<'a>,
{
    read_with(headers, body, &ReadOptions::new())
}

/// Reads an HTTP message with `options`.
///
/// # Errors
///
/// As [`read`].
pub fn read_with<'a, I>(
    headers: I,
    body: &'a [u8],
    options: &ReadOptions,
) -> Result<Message<'a>, Error>
where
    I: IntoIterator,
    I::Item: HeaderItem<'a>,
{
    let mut event = blank_event();
    let reader = BinaryReader::read_headers(&mut event, &PROFILE, headers, &options.parse)?;
    let content_type = reader.content_type.filter(|ct| !ct.is_empty());
    let (mode, format) = detect(content_type, options)?;
    match mode {
        ContentMode::Structured => Ok(Message::Structured(read_structured(
            format,
            body,
            &options.parse,
        )?)),
        ContentMode::Batch => read_batch(format, body, &options.parse),
        ContentMode::Binary => {
            // An empty body is no data (HTTP-7).
            let data = (!body.is_empty()).then_some(body);
            reader.finish(content_type, PROFILE.content_type_rule, data)?;
            Ok(Message::Binary(event))
        }
    }
}

/// Writes `event` in binary mode: `ce-` headers and `Content-Type` into
/// `headers`, the data bytes into `body`.
///
/// Values are percent-encoded (HTTP-11); `Content-Type` is the
/// `datacontenttype`, or `application/json` for JSON data without one
/// (CORE-13, E-35). Data is written as bytes: JSON text as is, text decoded,
/// base64 decoded.
///
/// # Errors
///
/// - `Conflict` when `datacontenttype` is a CloudEvents format media type
///   (`application/cloudevents…`): as `Content-Type` it would select
///   structured or batch mode (HTTP-3); send such an event with
///   [`write_structured`]. Nothing is written then.
/// - `Limit` from a [`HeaderSink`] that cannot hold a header.
pub fn write_binary<'e, H, S>(
    event: &Event<'e>,
    headers: &mut H,
    body: &mut S,
) -> Result<Written<'e>, Error>
where
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    let written = write_binary_headers(event, headers)?;
    write_body(event, body);
    Ok(written)
}

/// Writes the binary-mode headers of `event` only; send [`body`] (or
/// [`write_body`]) as the body.
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
    write_attributes(
        event,
        headers,
        PREFIX.as_bytes(),
        ValueEncoding::Percent,
        false,
    )?;
    if let Some(ct) = &content_type {
        write_content_type(headers, b"content-type", ct)?;
    }
    Ok(Written {
        content_type,
        has_body: event.data.is_some(),
    })
}

/// The binary-mode body borrowed from the event when it needs no decoding
/// (binary bytes, JSON text, unescaped text); `None` when there is no data
/// or it must be decoded (use [`write_body`]).
pub fn body<'e>(event: &Event<'e>) -> Option<&'e [u8]> {
    borrowed_payload(event)
}

/// Appends the binary-mode body (the decoded data bytes) to `out`; nothing
/// when the event has no data.
pub fn write_body<S: Sink + ?Sized>(event: &Event<'_>, out: &mut S) {
    write_payload(event, out);
}

/// Writes `event` in structured mode: `Content-Type:
/// application/cloudevents+json; charset=utf-8` and the JSON event as body
/// (HTTP-20).
pub fn write_structured<H, S>(event: &Event<'_>, headers: &mut H, body: &mut S) -> Written<'static>
where
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    headers.header(b"content-type", STRUCTURED_CONTENT_TYPE.as_bytes());
    json::write_event(event, body);
    Written::structured(STRUCTURED_CONTENT_TYPE)
}

/// Writes `events` in batched mode: `Content-Type:
/// application/cloudevents-batch+json; charset=utf-8` and a JSON array as
/// body (HTTP-21, BATCH-9). An empty iterator writes `[]`.
///
/// # Errors
///
/// `InvalidValue` when the events' `specversion`s differ (BATCH-4); the body
/// is then incomplete and must be discarded.
pub fn write_batch<'x, 'e: 'x, I, H, S>(
    events: I,
    headers: &mut H,
    body: &mut S,
) -> Result<Written<'static>, Error>
where
    I: IntoIterator<Item = &'x Event<'e>>,
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    headers.header(b"content-type", BATCH_CONTENT_TYPE.as_bytes());
    let mut batch = json::BatchWriter::new(body);
    for e in events {
        batch.push(e)?;
    }
    batch.finish();
    Ok(Written::structured(BATCH_CONTENT_TYPE))
}

/// Writes `event` in structured mode in the Protobuf format:
/// `Content-Type: application/cloudevents+protobuf` and the
/// `CloudEvent` message as body (PROTO-1). Feature `protobuf`.
///
/// ```
/// use cloudevents_codec::binding::{http, HeaderBuf};
/// use cloudevents_codec::Event;
/// let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
/// let (mut headers, mut body) = (HeaderBuf::new(), Vec::new());
/// http::write_structured_protobuf(&event, &mut headers, &mut body);
/// let back = http::read(&headers, &body)?.into_event().unwrap();
/// assert_eq!(back, event);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[cfg(feature = "protobuf")]
pub fn write_structured_protobuf<H, S>(
    event: &Event<'_>,
    headers: &mut H,
    body: &mut S,
) -> Written<'static>
where
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    use crate::protobuf::{write_event, MEDIA_TYPE};
    headers.header(b"content-type", MEDIA_TYPE.as_bytes());
    write_event(event, body);
    Written::structured(MEDIA_TYPE)
}

/// Writes `events` in batched mode in the Protobuf format: `Content-Type:
/// application/cloudevents-batch+protobuf` and a `CloudEventBatch` as body
/// (PROTO-5). Feature `protobuf`.
///
/// # Errors
///
/// `InvalidValue` when the events' `specversion`s differ (BATCH-4); the body
/// is then incomplete and must be discarded.
#[cfg(feature = "protobuf")]
pub fn write_batch_protobuf<'x, 'e: 'x, I, H, S>(
    events: I,
    headers: &mut H,
    body: &mut S,
) -> Result<Written<'static>, Error>
where
    I: IntoIterator<Item = &'x Event<'e>>,
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    use crate::protobuf::{BatchWriter, BATCH_MEDIA_TYPE};
    headers.header(b"content-type", BATCH_MEDIA_TYPE.as_bytes());
    let mut batch = BatchWriter::new(body);
    for e in events {
        batch.push(e)?;
    }
    Ok(Written::structured(BATCH_MEDIA_TYPE))
}
