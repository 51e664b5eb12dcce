//! The Protobuf event format (`application/cloudevents+protobuf`, PROTO-1)
//! and its batch format (`application/cloudevents-batch+protobuf`, PROTO-5):
//! the messages `io.cloudevents.v1.CloudEvent` and `CloudEventBatch` of the
//! spec's `cloudevents.proto`, read and written by hand-written wire codecs
//! (no protobuf library, no generated code). Feature `protobuf`.
//!
//! - [`Event::from_protobuf`](crate::Event::from_protobuf) reads one
//!   `CloudEvent` without copying or allocating: strings and bytes are
//!   slices of the input. Attributes go through the same attribute model as
//!   the JSON parser's (CORE, NAME, TYPE, V03 rules), so a Protobuf event is
//!   valid exactly when the same event in JSON is.
//! - [`write_event`] appends one `CloudEvent` to any [`Sink`](crate::Sink);
//!   [`BatchWriter`] streams a `CloudEventBatch`. Fields go out in field
//!   number order, attributes in the event's order. Nothing is allocated:
//!   lengths are computed before the bytes are written.
//! - [`BatchReader`] iterates the events of a `CloudEventBatch` lazily.
//!
//! # Mapping (PROTO-2, PROTO-3, PROTO-4)
//!
//! `id`, `source`, `specversion` and `type` are the string fields 1–4 (an
//! empty string is an absent field, as in proto3). Every other attribute is
//! an entry of the `attributes` map, typed by the `CloudEventAttributeValue`
//! oneof:
//!
//! | oneof member | reads as | written for |
//! |---|---|---|
//! | `ce_boolean` | [`Value::Boolean`](crate::Value::Boolean) | Boolean extensions |
//! | `ce_integer` | [`Value::Integer`](crate::Value::Integer) | Integer extensions |
//! | `ce_string` | a String | `datacontenttype`, `subject`, String extensions |
//! | `ce_uri` | a String (checked as a URI) | `dataschema` |
//! | `ce_uri_ref` | a String (checked as a URI-reference) | 0.3's `schemaurl` |
//! | `ce_bytes` | a [`Text`](crate::Text) of encoding [`BinaryAsBase64`](crate::TextEncoding::BinaryAsBase64) | Binary values (e.g. read from AMQP or Protobuf) |
//! | `ce_timestamp` | a [`Text`](crate::Text) of encoding [`ProtobufTimestamp`](crate::TextEncoding::ProtobufTimestamp) | `time`, and timestamps read from Protobuf |
//!
//! A `ce_timestamp` is not rendered anywhere at read time: the
//! [`Text`](crate::Text)
//! borrows the encoded `google.protobuf.Timestamp` and decodes to its
//! RFC 3339 UTC text (fraction of 0, 3, 6 or 9 digits) when asked, so no
//! scratch buffer is needed and any number of timestamps fit. `time` is
//! written as a `ce_timestamp` when that text is exactly the event's
//! `time`; otherwise (an offset other than `Z`, another number of fraction
//! digits, a leap second) as a `ce_string`, which keeps the text as it was —
//! the same rule the AMQP binding follows for its `timestamp` type.
//!
//! Data (PROTO-4):
//!
//! - `binary_data` reads as [`Data::Binary`](crate::Data::Binary).
//! - `text_data` (checked as UTF-8) reads, with a JSON `datacontenttype`,
//!   as [`Data::Binary`](crate::Data::Binary): the text as it came, exactly
//!   as a binary-mode body of that content type reads in the bindings, so
//!   reading does not validate JSON it may never print; JSON writers print
//!   it as JSON when it is JSON (and compare it to JSON data by meaning).
//!   Without a content type it reads as [`Data::Json`](crate::Data::Json)
//!   when it is one JSON value (JSON-12); otherwise as
//!   [`Data::Text`](crate::Data::Text). JSON data of a JSON event is written
//!   there, with the event's `datacontenttype` (none is added).
//! - `proto_data` reads as [`Data::Protobuf`](crate::Data::Protobuf), the
//!   `google.protobuf.Any` kept whole ([`ProtoAny`](crate::ProtoAny)). It is
//!   written back unchanged; binary data whose `datacontenttype` is
//!   `application/protobuf` and that has a `dataschema` is written there too,
//!   with the `dataschema` as type URL (what the spec asks producers to set).
//! - Text data, and binary data of a textual content type (`text/*`, JSON,
//!   XML) that is UTF-8, go to `text_data`; other binary data to
//!   `binary_data`. A 0.3 event's base64 data is written as base64 text with
//!   `datacontentencoding`, as in JSON.
//!
//! # Strictness
//!
//! The reader follows protobuf's wire rules (unknown fields of every wire
//! type, groups included, are skipped; non-minimal varints are accepted) and
//! is stricter than a generic protobuf decoder where CloudEvents asks for
//! it: a field of the event given twice, an entry's key or value given
//! twice, or two members of an attribute value's oneof are `Duplicate`
//! (CORE-10; protobuf would keep the last, or merge), two data fields are
//! `Conflict`, an attribute entry whose value sets no oneof member is
//! absent. Malformed varints, lengths,
//! field numbers and wire types are `Syntax` with the byte offset.
//!
//! # Example
//!
//! ```
//! use cloudevents_codec::{json, protobuf, Event};
//!
//! let input = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
//!     "time":"2024-05-01T12:00:00Z","seq":7,"data":{"x":1}}"#;
//! let event = Event::from_json(input)?;
//!
//! // JSON to Protobuf and back, with no owned event in between.
//! let mut proto = Vec::new();
//! protobuf::write_event(&event, &mut proto);
//! assert_eq!(proto.len(), protobuf::encoded_len(&event));
//! let back = Event::from_protobuf(&proto)?;
//! assert_eq!(back, event);
//! assert_eq!(back.extension("seq").unwrap().as_i32(), Some(7));
//!
//! let mut out = Vec::new();
//! json::write_event(&back, &mut out);
//! assert_eq!(Event::from_json(&out)?, event);
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```

mod batch;
mod read;
mod write;

pub use batch::{BatchReader, BatchWriter};
pub use write::{encoded_len, write_event};

/// The structured-mode media type (PROTO-1).
pub const MEDIA_TYPE: &str = "application/cloudevents+protobuf";
/// The batch media type (PROTO-1, PROTO-5).
pub const BATCH_MEDIA_TYPE: &str = "application/cloudevents-batch+protobuf";
/// The media type of protobuf payloads (PROTO-1).
pub const DATA_MEDIA_TYPE: &str = "application/protobuf";
