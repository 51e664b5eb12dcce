//! NATS through [`async-nats`](https://docs.rs/async-nats) (feature
//! `async-nats`): core messages, JetStream messages (which dereference to
//! core messages) and `HeaderMap`, over the [NATS binding](crate::binding::nats).
//!
//! ```no_run
//! use cloudevents_codec::adapters::async_nats as ce_nats;
//! use cloudevents_codec::Event;
//! use futures_util::StreamExt;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = async_nats::connect("127.0.0.1:4222").await?;
//! let mut subscriber = client.subscribe("events").await?;
//!
//! // Publish in binary mode: `ce-` headers into the client's HeaderMap.
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":{"x":1}}"#)?;
//! let (mut headers, mut payload) = (async_nats::HeaderMap::new(), bytes::BytesMut::new());
//! ce_nats::write_binary(&event, &mut headers, &mut payload)?;
//! client.publish_with_headers("events", headers, payload.freeze()).await?;
//!
//! // Read: the event borrows the received message.
//! let message = subscriber.next().await.unwrap();
//! let received = ce_nats::read_message(&message)?.into_event().unwrap();
//! assert_eq!(received, event);
//! # Ok(())
//! # }
//! ```
//!
//! JetStream messages read the same way: `read_message(&js_message)` (a
//! `jetstream::Message` dereferences to a core `Message`).
//!
//! # What it costs
//!
//! Reading a message allocates nothing: the headers are iterated in the
//! client's map. Writing into a `HeaderMap` encodes each value without an
//! intermediate string, but the map owns its entries: `async-nats` stores
//! each header as a `HeaderName` (an allocation unless it is one of NATS's
//! standard names), a `HeaderValue` (a `String`) and a `Vec` of values in a
//! `HashMap`, so each `ce-` header costs about three allocations in the
//! client type: 14 for the 4 headers of a minimal event, 36 for 11 headers,
//! exactly what `HeaderMap::append` costs for the same headers; the codec
//! adds none (`cargo test --all-features --test broker_alloc -- --nocapture`
//! asserts the equality and prints the counts).

use crate::binding::{nats, HeaderItem, HeaderSink, Message, ReadOptions, Written};
use crate::error::Error;
use crate::event::Event;
use crate::sink::Sink;
use ::async_nats::header::{HeaderMap, HeaderName, HeaderValue};
use core::str::FromStr;

impl<'a> HeaderItem<'a> for (&'a HeaderName, &'a HeaderValue) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        let name: &[u8] = self.0.as_ref();
        (name, Some(self.1.as_str().as_bytes()))
    }
}

/// Appends headers to the map (`HeaderMap::append`, so a repeated name keeps
/// every value). A name or value `async-nats` rejects (control characters,
/// `:` in a name, CR or LF in a value) is skipped instead of panicking, as
/// `append` would; this crate's writers produce none.
impl HeaderSink for HeaderMap {
    fn header(&mut self, name: &[u8], value: &[u8]) {
        let (Ok(name), Ok(value)) = (core::str::from_utf8(name), core::str::from_utf8(value))
        else {
            return;
        };
        if let (Ok(name), Ok(value)) = (HeaderName::from_str(name), HeaderValue::from_str(value)) {
            self.append(name, value);
        }
    }
}

/// Every header of a map as `(name, value)` pairs, one per value, for the
/// binding readers.
pub fn header_items(
    headers: &HeaderMap,
) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> + Clone {
    headers
        .iter()
        .flat_map(|(name, values)| values.iter().map(move |value| (name, value)))
}

/// Reads a received NATS message (core, or JetStream through `Deref`) with
/// the default [`ReadOptions`].
///
/// # Errors
///
/// As [`nats::read`]: `UnsupportedFormat` for another CloudEvents format,
/// the attribute errors in binary mode, JSON errors in structured mode.
pub fn read_message(message: &::async_nats::Message) -> Result<Message<'_>, Error> {
    read_message_with(message, &ReadOptions::new())
}

/// Reads a received NATS message with `options`.
///
/// # Errors
///
/// As [`read_message`].
pub fn read_message_with<'m>(
    message: &'m ::async_nats::Message,
    options: &ReadOptions,
) -> Result<Message<'m>, Error> {
    let headers = message.headers.iter().flat_map(header_items);
    nats::read_with(headers, &message.payload, options)
}

/// Writes `event` in binary mode: `ce-` headers (percent-encoded) appended
/// to `headers`, the data into `payload`. Publish with
/// `client.publish_with_headers(subject, headers, payload.into())`.
///
/// # Errors
///
/// As [`nats::write_binary`].
pub fn write_binary<'e, S: Sink + ?Sized>(
    event: &Event<'e>,
    headers: &mut HeaderMap,
    payload: &mut S,
) -> Result<Written<'e>, Error> {
    nats::write_binary(event, headers, payload)
}

/// Writes `event` in structured mode: a `content-type:
/// application/cloudevents+json; charset=utf-8` header appended to
/// `headers`, the JSON event into `payload`.
pub fn write_structured<S: Sink + ?Sized>(
    event: &Event<'_>,
    headers: &mut HeaderMap,
    payload: &mut S,
) -> Written<'static> {
    nats::write_structured(event, headers, payload)
}
