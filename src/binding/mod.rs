//! Protocol bindings: reading and writing events in the metadata and payload
//! of HTTP, Kafka, AMQP 1.0, MQTT, NATS and WebSocket messages.
//!
//! Structured mode reads the JSON event format, and with the `protobuf`
//! feature the Protobuf format too (`application/cloudevents+protobuf`; the
//! batch `application/cloudevents-batch+protobuf` over HTTP; the
//! `cloudevents.proto` WebSocket subprotocol). Other CloudEvents formats are
//! `UnsupportedFormat` (or binary mode, with
//! [`ReadOptions::with_unknown_formats_as_binary`]).
//!
//! # Reading
//!
//! Headers are given as any iterator of name/value pairs that implement
//! [`HeaderItem`]: `(&[u8], &[u8])`, `(&str, &str)`, references to owned
//! pairs, Kafka's `(&[u8], Option<&[u8]>)`, a [`HeaderBuf`]... Nothing is
//! collected into a map: the headers are scanned once, and the event's
//! attribute values are slices of the header values ([`Text`](crate::Text)), decoded only
//! on request. A message becomes a [`Message`]: one event in binary or
//! structured mode, or a lazy batch (HTTP only).
//!
//! ```
//! use cloudevents_codec::binding::{http, Message};
//! let headers: &[(&[u8], &[u8])] = &[
//!     (b"ce-specversion", b"1.0"),
//!     (b"ce-id", b"1"),
//!     (b"ce-source", b"/s"),
//!     (b"ce-type", b"t"),
//!     (b"content-type", b"text/plain"),
//! ];
//! let Message::Binary(event) = http::read(headers.iter().copied(), b"hi")? else { panic!() };
//! assert!(event.id() == "1");
//! assert_eq!(event.data().unwrap().as_bytes(), Some(&b"hi"[..]));
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```
//!
//! # Writing
//!
//! Writers put headers into a [`HeaderSink`] and payloads into a
//! [`Sink`](crate::Sink). [`HeaderBuf`] keeps every header name and value in
//! one reusable byte buffer, so writing into a warm `HeaderBuf` allocates
//! nothing; values are encoded straight from the event's
//! [`Text`](crate::Text)s. Every binding's `write_binary` and
//! `write_structured` report what they wrote in one shape, [`Written`]: the
//! content type to set and whether there is a body.
//!
//! # Transcoding
//!
//! Moving an event between formats and bindings is a read followed by a
//! write; with warm buffers neither step allocates (for events with up to
//! [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS) extensions).
//!
//! ```
//! use cloudevents_codec::binding::{http, kafka, HeaderBuf};
//! use cloudevents_codec::{json, Event};
//! let (mut headers, mut value, mut out) = (HeaderBuf::new(), Vec::new(), Vec::new());
//! for input in [&br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":[1]}"#[..]] {
//!     // Structured JSON → Kafka binary mode.
//!     headers.clear();
//!     value.clear();
//!     let event = Event::from_json(input)?;
//!     kafka::write_binary(&event, &mut headers, &mut value)?;
//!     // Kafka binary mode → HTTP structured mode.
//!     let event = kafka::read(&headers, Some(&value))?.into_event().unwrap();
//!     out.clear();
//!     json::write_event(&event, &mut out);
//!     assert!(event.datacontenttype().unwrap() == "application/json");
//! }
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```
//!
//! # Rules
//!
//! Every binding maps attributes the same way (one shared decoder): header
//! names are matched by prefix, folded or checked per binding, and must be
//! valid attribute names (NAME-1; `data` is never an attribute, E-48); each
//! attribute occurs once (CORE-10); `specversion`, `id`, `source` and `type`
//! are required (CORE-1); values are checked like the JSON parser checks them
//! (TYPE-4 characters, non-empty core strings, `source` URI-reference,
//! `dataschema` URI, `time` RFC 3339, `datacontenttype` media type). Header
//! extensions are untyped Strings (TYPE-10); AMQP's typed properties keep
//! their types. Errors in header values carry offsets relative to the value.

mod decode;
mod encode;
mod headers;
mod message;

pub mod amqp;
pub mod http;
pub mod kafka;
pub mod mqtt;
pub mod nats;
pub mod ws;

pub use crate::spec::media::ContentMode;
#[cfg(feature = "alloc")]
pub use headers::{HeaderBuf, HeaderBufIter};
pub use headers::{HeaderItem, HeaderSink};
#[cfg(all(feature = "http", feature = "bytes"))]
pub(crate) use message::not_cloud_event;
pub use message::{detect_mode, Message, ReadOptions, Written};

/// The structured-mode `Content-Type` this crate writes (HTTP-20).
pub const STRUCTURED_CONTENT_TYPE: &str = "application/cloudevents+json; charset=utf-8";
/// The batch `Content-Type` this crate writes (HTTP-21).
pub const BATCH_CONTENT_TYPE: &str = "application/cloudevents-batch+json; charset=utf-8";
