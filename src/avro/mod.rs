//! The Avro event format (`application/cloudevents+avro`, AVRO-1): the
//! spec's `CloudEvent` record (`cloudevents.avsc`) in Avro's binary
//! encoding, and Avro object container files of many events. Hand-written
//! codec, no dependency. Feature `avro` (with `alloc`; the container
//! reader with `std`).
//!
//! - [`write_event`] appends one record to any [`Sink`](crate::Sink);
//!   [`read_event`] reads one, borrowing strings and bytes from the input.
//!   JSON data cannot be borrowed (Avro holds it as a tree of records, maps
//!   and arrays), so the reader writes it as JSON text into an
//!   [`AvroScratch`] the caller reuses.
//! - [`ContainerWriter`] and [`ContainerReader`] write and read object
//!   container files: the header with [`SCHEMA`], then blocks of events
//!   with sync markers (codec `null`).
//!
//! # Mapping (AVRO-2, AVRO-3, AVRO-4)
//!
//! The record has two fields. `attribute` is a map of every attribute,
//! the required ones included, to `[null, boolean, int, string, bytes]`:
//! Booleans, Integers and Binary values keep their types; URIs, timestamps
//! and other Strings are `string`s; `null` is an absent attribute. `data`
//! is a union of `bytes`, `null` (no data), and a JSON model (`boolean`,
//! maps, arrays, `double`, `string`), translated as described in the
//! [`write_event`] docs and below.
//!
//! # JSON data and numbers
//!
//! The schema's JSON model is incomplete: its `CloudEventData` record can
//! only hold a map, though arrays are made of them. This crate writes a
//! value that is not an object, where a `CloudEventData` is needed, as a
//! record whose map is `{"": value}` (and an object whose only member is
//! `""` the same way), and reads such a record back as the value, so every
//! JSON value has one encoding that independent readers decode with the
//! spec's schema. Numbers are `double`s: a number comes back as the
//! shortest text of its double (`21.37`, `42`, `1e21`), so integers above
//! 2^53 lose digits and `1.0` comes back as `1`. When the event has a JSON
//! `datacontenttype` and a number would change, the writer sends the JSON
//! text as `bytes` instead (read back as [`Data::Binary`](crate::Data::Binary)
//! with that content type: JSON writers print it as JSON); data without a
//! content type is always translated, as the spec requires.
//!
//! ```
//! use cloudevents_codec::{avro, json, Event};
//!
//! let input = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
//!     "n":5,"data":{"xs":[1,2.5,"three"],"ok":true}}"#;
//! let event = Event::from_json(input)?;
//!
//! let mut datum = Vec::new();
//! avro::write_event(&event, &mut datum);
//! let mut scratch = avro::AvroScratch::new();
//! let back = avro::read_event(&datum, &mut scratch)?;
//! assert_eq!(back, event);
//! let mut out = Vec::new();
//! json::write_event(&back, &mut out);
//! assert!(out.ends_with(br#""data":{"xs":[1,2.5,"three"],"ok":true}}"#));
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```

mod codec;
mod container;
mod json;
mod read;
mod write;

#[cfg(feature = "std")]
pub use container::ContainerReader;
pub use container::{ContainerWriter, MAGIC};
pub use read::{read_event, read_event_with, AvroScratch};
pub use write::write_event;

/// The structured-mode media type (AVRO-1).
pub const MEDIA_TYPE: &str = "application/cloudevents+avro";

/// The writer's schema, written into container file headers: the record of
/// the spec's `cloudevents.avsc` (CloudEvents specification, Apache
/// License 2.0), with its names (`io.cloudevents.AvroCloudEvent`,
/// `AvroCloudEventData`), so readers can resolve it against the spec's
/// file.
pub const SCHEMA: &str = concat!(
    r#"{"type":"record","name":"AvroCloudEvent","namespace":"io.cloudevents","#,
    r#""version":"1.0","doc":"Avro Event Format for CloudEvents","fields":["#,
    r#"{"name":"attribute","type":{"type":"map","values":["null","boolean","int","string","bytes"]}},"#,
    r#"{"name":"data","type":["bytes","null","boolean",{"type":"map","values":["null","boolean","#,
    r#"{"type":"record","name":"AvroCloudEventData","doc":"Representation of a JSON Value","#,
    r#""fields":[{"name":"value","type":{"type":"map","values":["null","boolean","#,
    r#"{"type":"map","values":"AvroCloudEventData"},{"type":"array","items":"AvroCloudEventData"},"#,
    r#""double","string"]}}]},"double","string"]},"#,
    r#"{"type":"array","items":"AvroCloudEventData"},"double","string"]}]}"#
);
