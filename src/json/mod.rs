//! Structured mode: the JSON event format (`application/cloudevents+json`,
//! JSON-1) and the JSON batch format (`application/cloudevents-batch+json`,
//! BATCH-1).
//!
//! - [`Event::from_json`](crate::Event::from_json) parses one event.
//! - [`BatchReader`] iterates a batch array lazily; [`NdjsonReader`] an NDJSON buffer.
//! - [`write_event`], [`write_ndjson_event`] and [`BatchWriter`] append to a reusable [`Sink`](crate::Sink).

mod batch;
pub(crate) mod element;
pub(crate) mod read;
pub(crate) mod scan;
pub(crate) mod tokens;
pub(crate) mod write;

pub use batch::{BatchReader, NdjsonReader};
pub use write::{write_event, write_ndjson_event, BatchWriter};

/// The structured-mode media type (JSON-1).
pub const MEDIA_TYPE: &str = "application/cloudevents+json";
/// The batch media type (BATCH-1).
pub const BATCH_MEDIA_TYPE: &str = "application/cloudevents-batch+json";

/// Checks that `json` is exactly one well-formed JSON value (optionally
/// surrounded by whitespace) nested at most `max_depth` levels.
///
/// # Errors
///
/// `Syntax`, `Encoding` or `Limit`, with the offset of the problem.
pub(crate) fn validate_value(json: &[u8], max_depth: usize) -> Result<(), crate::Error> {
    let mut cur = scan::Cursor::new(json);
    cur.skip_ws();
    cur.value(max_depth)?;
    match cur.peek_ws() {
        None => Ok(()),
        Some(_) => Err(cur.err(
            crate::ErrorKind::Syntax,
            "trailing characters after the JSON value",
        )),
    }
}
