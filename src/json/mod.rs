//! Structured mode: the JSON event format (`application/cloudevents+json`,
//! JSON-1) and the JSON batch format (`application/cloudevents-batch+json`,
//! BATCH-1).
//!
//! - [`Event::from_json`](crate::Event::from_json) parses one event.
//! - [`BatchReader`] iterates a batch array lazily; [`NdjsonReader`] an NDJSON buffer.
//! - [`write_event`], [`write_ndjson_event`] and [`BatchWriter`] append to a reusable [`Sink`](crate::Sink).

mod batch;
pub(crate) mod read;
pub(crate) mod scan;
pub(crate) mod write;

pub use batch::{BatchReader, NdjsonReader};
pub use write::{write_event, write_ndjson_event, BatchWriter};

/// The structured-mode media type (JSON-1).
pub const MEDIA_TYPE: &str = "application/cloudevents+json";
/// The batch media type (BATCH-1).
pub const BATCH_MEDIA_TYPE: &str = "application/cloudevents-batch+json";
