//! The NATS binding (`nats-protocol-binding.md`; `docs/RULES.md` §8).
//!
//! - Mode (NATS-2, E-75): a `Content-Type` header with the
//!   `application/cloudevents` prefix (any case) → structured; otherwise
//!   binary when a `ce-specversion` header is present, else structured (old
//!   servers send no headers at all). No batch.
//! - Binary mode: **every** attribute, `datacontenttype` included, is a
//!   `ce-<name>` header (NATS-3, names case-insensitive) with HTTP's quoting
//!   and percent-encoding (NATS-4); the payload is the data (an empty
//!   payload is no data). A `Content-Type` header is not an attribute here.
//!
//! ```
//! use cloudevents_codec::binding::{nats, HeaderBuf};
//! use cloudevents_codec::Event;
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
//!     "datacontenttype":"text/plain","data":"hi"}"#)?;
//! let mut headers = HeaderBuf::new();
//! let mut payload = Vec::new();
//! nats::write_binary(&event, &mut headers, &mut payload)?;
//! assert_eq!(headers.get(b"ce-datacontenttype"), Some(&b"text/plain"[..]));
//! let back = nats::read(&headers, &payload)?;
//! assert_eq!(back.into_event().unwrap(), event);
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```

use super::decode::{blank_event, BinaryReader, ContentTypeRule, Profile};
use super::encode::{write_attributes, write_payload, ValueEncoding};
use super::message::{is_cloudevents_media_type, unsupported_format};
use super::{
    detect_mode, ContentMode, HeaderItem, HeaderSink, Message, ReadOptions, Written,
    STRUCTURED_CONTENT_TYPE,
};
use crate::attrs::Attr;
use crate::error::Error;
use crate::event::{Data, Event};
use crate::json;
use crate::sink::Sink;
use crate::text::Text;

/// The attribute header prefix (NATS-3).
pub const PREFIX: &str = "ce-";

const PROFILE: Profile = Profile {
    prefix: b"ce-",
    fold_case: true,
    percent: true,
    skip_invalid_names: false,
    // `Content-Type` selects the mode but is not `datacontenttype` (NATS-3).
    content_type_header: b"content-type",
    content_type_rule: ContentTypeRule::Fallback,
};

/// Reads a NATS message's headers and payload with the default
/// [`ReadOptions`].
///
/// # Errors
///
/// `UnsupportedFormat` for a CloudEvents content type of another format or
/// the batch format; the shared attribute errors in binary mode; JSON errors
/// in structured mode.
pub fn read<'a, I>(headers: I, payload: &'a [u8]) -> Result<Message<'a>, Error>
where
    I: IntoIterator,
    I::Item: HeaderItem<'a>,
{
    read_with(headers, payload, &ReadOptions::new())
}

/// Reads a NATS message with `options`.
///
/// # Errors
///
/// As [`read`].
pub fn read_with<'a, I>(
    headers: I,
    payload: &'a [u8],
    options: &ReadOptions,
) -> Result<Message<'a>, Error>
where
    I: IntoIterator,
    I::Item: HeaderItem<'a>,
{
    let mut event = blank_event();
    let reader = BinaryReader::read_headers(&mut event, &PROFILE, headers, &options.parse)?;
    let content_type = reader.content_type.filter(|ct| !ct.is_empty());
    let mode = if content_type.is_some_and(is_cloudevents_media_type) {
        detect_mode(content_type, options)?
    } else if reader.specversion_header {
        ContentMode::Binary
    } else {
        // Old servers send no headers at all (NATS-2).
        ContentMode::Structured
    };
    match mode {
        ContentMode::Batch => Err(unsupported_format()),
        ContentMode::Structured => Ok(Message::Structured(Event::from_json_with(
            payload,
            &options.parse,
        )?)),
        ContentMode::Binary => {
            // An empty payload is no data; `Content-Type` is not an
            // attribute here.
            let data = (!payload.is_empty()).then_some(payload);
            reader.finish(None, PROFILE.content_type_rule, data)?;
            Ok(Message::Binary(event))
        }
    }
}

/// Writes `event` in binary mode: `ce-` headers (percent-encoded, including
/// `ce-datacontenttype`) into `headers`, the data into `payload`. JSON data
/// without a `datacontenttype` gets `ce-datacontenttype: application/json`,
/// as every other binding states the implied type (CORE-13).
///
/// # Errors
///
/// `Limit` only from a [`HeaderSink`] that cannot hold a header.
pub fn write_binary<'e, H, S>(
    event: &Event<'e>,
    headers: &mut H,
    payload: &mut S,
) -> Result<Written<'e>, Error>
where
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    write_attributes(
        event,
        headers,
        PREFIX.as_bytes(),
        ValueEncoding::Percent,
        true,
    )?;
    let implied = event.datacontenttype.is_none() && matches!(event.data, Some(Data::Json(_)));
    if implied {
        let name = Attr::DataContentType.name().as_bytes();
        headers.header_with(PREFIX.as_bytes(), name, &mut |out| {
            out.put(b"application/json")
        })?;
    }
    write_payload(event, payload);
    Ok(Written {
        content_type: match implied {
            true => Some(Text::plain("application/json")),
            false => event.datacontenttype,
        },
        has_body: event.data.is_some(),
    })
}

/// Writes `event` in structured mode: `Content-Type:
/// application/cloudevents+json; charset=utf-8` and the JSON event as
/// payload. Pass a sink that drops headers for servers older than 2.2.
pub fn write_structured<H, S>(
    event: &Event<'_>,
    headers: &mut H,
    payload: &mut S,
) -> Written<'static>
where
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    headers.header(b"content-type", STRUCTURED_CONTENT_TYPE.as_bytes());
    json::write_event(event, payload);
    Written::structured(STRUCTURED_CONTENT_TYPE)
}
