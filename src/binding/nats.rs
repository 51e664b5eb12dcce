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

use super::{
    ce_media, detect_mode, scan, unsupported_format, write_attributes, write_payload, CeMedia,
    HeaderItem, HeaderSink, Message, Mode, Profile, ReadOptions, ValueEncoding,
    STRUCTURED_CONTENT_TYPE,
};
use crate::error::Error;
use crate::event::Event;
use crate::json;
use crate::sink::Sink;

/// The attribute header prefix (NATS-3).
pub const PREFIX: &str = "ce-";

const PROFILE: Profile = Profile {
    prefix: b"ce-",
    fold_case: true,
    percent: true,
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
    let scan = scan(headers, &PROFILE, b"content-type", &options.parse)?;
    let content_type = scan.content_type.filter(|ct| !ct.is_empty());
    let ce_content_type = content_type.is_some_and(|ct| ce_media(ct) != CeMedia::Other);
    let mode = if ce_content_type {
        detect_mode(content_type, options)?
    } else if scan.specversion_header {
        Mode::Binary
    } else {
        Mode::Structured
    };
    match mode {
        Mode::Batch => Err(unsupported_format()),
        Mode::Structured => Ok(Message::Structured(Event::from_json_with(
            payload,
            &options.parse,
        )?)),
        Mode::Binary => {
            if let Some(e) = scan.error {
                return Err(e);
            }
            let data = if payload.is_empty() {
                None
            } else {
                Some(payload)
            };
            Ok(Message::Binary(scan.attrs.finish(data)?))
        }
    }
}

/// Writes `event` in binary mode: `ce-` headers (percent-encoded, including
/// `ce-datacontenttype`) into `headers`, the data into `payload`.
///
/// # Errors
///
/// `Limit` only from a [`HeaderSink`] that cannot hold a header.
pub fn write_binary<H, S>(event: &Event<'_>, headers: &mut H, payload: &mut S) -> Result<(), Error>
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
    write_payload(event, payload);
    Ok(())
}

/// Writes `event` in structured mode: `Content-Type:
/// application/cloudevents+json; charset=utf-8` and the JSON event as
/// payload. Pass a sink that drops headers for servers older than 2.2.
///
/// # Errors
///
/// As [`write_binary`].
pub fn write_structured<H, S>(
    event: &Event<'_>,
    headers: &mut H,
    payload: &mut S,
) -> Result<(), Error>
where
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    headers.header(b"content-type", STRUCTURED_CONTENT_TYPE.as_bytes());
    json::write_event(event, payload);
    Ok(())
}
