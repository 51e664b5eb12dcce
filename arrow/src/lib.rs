//! # cloudevents-codec-arrow
//!
//! CloudEvents in columns: [`cloudevents_codec::Event`]s to Apache Arrow
//! `RecordBatch`es and Parquet files, and back, for the engines that take
//! over when one machine is not enough (DataFusion, DuckDB, Spark, Trino,
//! Polars).
//!
//! - [`EventBatchBuilder`] appends borrowed events and yields `RecordBatch`es
//!   of a chosen size, decoding each value from its wire form straight into
//!   the column buffers (no per-event allocation once warm).
//! - [`BatchEvents`] reads a batch's rows back as borrowing
//!   [`Event`](cloudevents_codec::Event)s,
//!   validated by the library's builder.
//! - [`ParquetEventWriter`] and [`ParquetEventReader`] write and read Parquet
//!   files through the `parquet` crate's Arrow writer and reader, with
//!   row-group size, compression and per-row-group statistics.
//!
//! ## Example
//!
//! ```
//! use cloudevents_codec::json::{self, NdjsonReader};
//! use cloudevents_codec_arrow::{BatchEvents, ParquetEventReader, ParquetEventWriter, ParquetOptions};
//!
//! let ndjson = b"{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"time\":\"2026-12-01T09:30:00.250+01:00\",\"seq\":7,\"data\":{\"x\":1}}\n\
//! {\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"u\",\"datacontenttype\":\"text/plain\",\"data\":\"hi\"}\n";
//!
//! // NDJSON to Parquet.
//! let mut writer = ParquetEventWriter::try_new(Vec::new(), ParquetOptions::new())?;
//! for (_, event) in NdjsonReader::new(ndjson) {
//!     writer.write(&event?)?;
//! }
//! let file = bytes::Bytes::from(writer.close()?);
//!
//! // Parquet back to NDJSON: the same bytes.
//! let mut out = Vec::new();
//! for batch in ParquetEventReader::try_new(file, 8192)? {
//!     let batch = batch?;
//!     BatchEvents::new(&batch)?.try_for_each(|event| {
//!         json::write_ndjson_event(&event, &mut out);
//!         Ok::<_, cloudevents_codec_arrow::Error>(())
//!     })?;
//! }
//! assert_eq!(out, ndjson);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Schema
//!
//! | column | Arrow type | null when | holds |
//! |---|---|---|---|
//! | `specversion` | `Dictionary(Int8, Utf8)` | never | `1.0` or `0.3` |
//! | `id` | `Utf8` | never | |
//! | `source` | `Dictionary(Int32, Utf8)` | never | |
//! | `type` | `Dictionary(Int32, Utf8)` | never | |
//! | `datacontenttype` | `Dictionary(Int32, Utf8)` | absent | |
//! | `dataschema` | `Utf8` | absent | `schemaurl` of 0.3 events |
//! | `subject` | `Utf8` | absent | |
//! | `time` | `Timestamp(Nanosecond, "UTC")` | absent, or outside 1677-09-21 to 2262-04-11 | the instant |
//! | `time_offset` | `Int16` | absent, or written `Z` | the offset written, minutes east of UTC |
//! | `time_text` | `Utf8` | `time` and `time_offset` spell it | the text as written |
//! | `data` | `Binary` | no data | JSON text, UTF-8 text, or the binary bytes (base64 decoded) |
//! | `data_kind` | `Dictionary(Int8, Utf8)` | no data | `json`, `text`, `base64` or `binary` |
//! | `extensions` | `Map(Utf8, Struct(string: Utf8, integer: Int32, boolean: Boolean, map: Utf8))` | never (empty) | every extension in event order, its value in the field of its type |
//! | *promoted* | `Utf8`, `Int32` or `Boolean` | absent, or of another type | one extension's value |
//!
//! Text values are decoded (JSON escapes, HTTP percent-encoding): the columns
//! hold values, not a wire format's spelling of them.
//!
//! **`time`.** RFC 3339 keeps the offset a producer wrote, and allows more
//! fraction digits than nanoseconds and a leap second `:60`; a nanosecond
//! timestamp keeps none of these. So `time_offset` holds the offset (null for
//! `Z`), and `time_text` holds the text as written whenever `time` and
//! `time_offset` would not spell it back exactly: they spell the fraction
//! with 3, 6 or 9 digits (the fewest that hold it) and `Z` for UTC, which
//! covers JavaScript's `toISOString`, Java's `Instant` and most producers; a
//! lowercase `t`/`z`, `-00:00`, other fraction lengths, digits beyond
//! nanoseconds, leap seconds and instants outside the nanosecond range are
//! kept as text. Nothing is lost; engines read `time`.
//!
//! **`data`.** `data_kind` says how the event carried its data, so that it
//! goes back exactly: `json` (the JSON text, as written), `text` (a string
//! of a non-JSON content type), `base64` (binary data carried as base64
//! text: `data_base64`, or 0.3's `datacontentencoding`; the column holds the
//! decoded bytes) and `binary` (raw bytes, e.g. a binary-mode HTTP body).
//!
//! **Extensions.** The map keeps each extension's type: its value is a struct
//! with one field set (`string`, `integer`, `boolean`, or `map` for a
//! CloudEvents 0.3 Map value, its JSON object text as written). An extension can
//! be *promoted* to a column of its own ([`BatchOptions::promote`]), typed,
//! with statistics, for engines to filter on; in the map it then leaves a
//! placeholder, a null value, that keeps its place among the others. An
//! event whose promoted extension has another type keeps it in the map.
//!
//! The schema's metadata has [`LAYOUT_KEY`] = [`LAYOUT_VERSION`].
//!
//! ## Round trip
//!
//! A batch row read back with [`BatchEvents`] is the event appended: the
//! same attributes and values, the same extensions in the same order with
//! the same types, the same data, the same `time` text. Written with
//! `json::write_event` it gives the bytes the original gives once its text
//! values are decoded: an attribute written with JSON escapes in the input
//! (`"\u0041"`) comes back written plainly (`"A"`), as the value is stored,
//! not its spelling (JSON data is stored as written, escapes included).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod builder;
mod columns;
mod columns_read;
mod error;
mod parquet_io;
mod read;
mod schema;
mod time;

pub use builder::EventBatchBuilder;
pub use error::{Error, ErrorKind, Result};
pub use parquet_io::{
    ParquetEventReader, ParquetEventWriter, ParquetOptions, DEFAULT_ROW_GROUP_BYTES,
    DEFAULT_ROW_GROUP_ROWS,
};
pub use read::BatchEvents;
pub use schema::{
    column, data_kind, BatchOptions, ExtensionType, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCH_BYTES,
    LAYOUT_KEY, LAYOUT_VERSION, MAX_BATCH_BYTES_LIMIT, MAX_PROMOTED,
};

/// The `arrow-array` crate this crate is built with (for `RecordBatch`).
pub use arrow_array;
/// The `parquet` crate this crate is built with (for `Compression` and the
/// metadata types).
pub use parquet;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
