//! The Arrow schema of an event batch, and the options that shape it.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};

use crate::error::{Error, Result};

/// Column names of the schema (see the crate documentation for the table).
pub mod column {
    /// `specversion`: `Dictionary(Int8, Utf8)`, not null.
    pub const SPECVERSION: &str = "specversion";
    /// `id`: `Utf8`, not null.
    pub const ID: &str = "id";
    /// `source`: `Dictionary(Int32, Utf8)`, not null.
    pub const SOURCE: &str = "source";
    /// `type`: `Dictionary(Int32, Utf8)`, not null.
    pub const TYPE: &str = "type";
    /// `datacontenttype`: `Dictionary(Int32, Utf8)`.
    pub const DATACONTENTTYPE: &str = "datacontenttype";
    /// `dataschema` (`schemaurl` in 0.3): `Utf8`.
    pub const DATASCHEMA: &str = "dataschema";
    /// `subject`: `Utf8`.
    pub const SUBJECT: &str = "subject";
    /// `time`: `Timestamp(Nanosecond, "UTC")`, the instant.
    pub const TIME: &str = "time";
    /// `time_offset`: `Int16`, minutes east of UTC as written; null for `Z`.
    pub const TIME_OFFSET: &str = "time_offset";
    /// `time_text`: `Utf8`, the text as written when `time` and
    /// `time_offset` do not spell it.
    pub const TIME_TEXT: &str = "time_text";
    /// `data`: `Binary`, the payload bytes.
    pub const DATA: &str = "data";
    /// `data_kind`: `Dictionary(Int8, Utf8)`: `json`, `text`, `base64` or
    /// `binary`; null when there is no data.
    pub const DATA_KIND: &str = "data_kind";
    /// `extensions`: `Map(Utf8, Struct(string Utf8, integer Int32, boolean
    /// Boolean, map Utf8))`.
    pub const EXTENSIONS: &str = "extensions";

    /// Every column name above, in schema order.
    pub const ALL: [&str; 13] = [
        SPECVERSION,
        ID,
        SOURCE,
        TYPE,
        DATACONTENTTYPE,
        DATASCHEMA,
        SUBJECT,
        TIME,
        TIME_OFFSET,
        TIME_TEXT,
        DATA,
        DATA_KIND,
        EXTENSIONS,
    ];
}

/// The values of the `data_kind` column, by how the event carried its data.
pub mod data_kind {
    /// JSON data (`data` holds the JSON text as the event had it).
    pub const JSON: &str = "json";
    /// Text data of a non-JSON content type (`data` holds the UTF-8 text).
    pub const TEXT: &str = "text";
    /// Binary data the event carried as base64 text (`data_base64`, or 0.3's
    /// `datacontentencoding`); `data` holds the decoded bytes.
    pub const BASE64: &str = "base64";
    /// Binary data the event carried as raw bytes (a binary-mode message
    /// body); `data` holds them.
    pub const BINARY: &str = "binary";
}

/// Schema metadata key naming this crate's layout version.
pub const LAYOUT_KEY: &str = "cloudevents.arrow.layout";
/// The layout version this crate writes.
pub const LAYOUT_VERSION: &str = "1";

/// The type of a promoted extension's own column.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExtensionType {
    /// A String extension: a `Utf8` column.
    String,
    /// An Integer extension: an `Int32` column.
    Integer,
    /// A Boolean extension: a `Boolean` column.
    Boolean,
}

impl ExtensionType {
    pub(crate) fn data_type(self) -> DataType {
        match self {
            ExtensionType::String => DataType::Utf8,
            ExtensionType::Integer => DataType::Int32,
            ExtensionType::Boolean => DataType::Boolean,
        }
    }
}

/// The most extensions one builder promotes to columns of their own.
pub const MAX_PROMOTED: usize = 64;

/// How an [`EventBatchBuilder`](crate::EventBatchBuilder) lays out its
/// batches.
///
/// ```
/// use cloudevents_codec_arrow::{BatchOptions, ExtensionType};
/// let options = BatchOptions::new()
///     .batch_size(4096)
///     .promote("seqno", ExtensionType::Integer)
///     .promote("deviceid", ExtensionType::String);
/// assert_eq!(options.promoted().len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOptions {
    pub(crate) batch_size: usize,
    pub(crate) max_batch_bytes: usize,
    pub(crate) promoted: Vec<(String, ExtensionType)>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        Self::new()
    }
}

/// The default rows per batch.
pub const DEFAULT_BATCH_SIZE: usize = 8192;
/// The default limit of variable-length bytes (strings and data) per batch:
/// well below the 2 GiB that Arrow's 32-bit offsets address.
pub const DEFAULT_MAX_BATCH_BYTES: usize = 256 << 20;
/// The largest `max_batch_bytes` allowed (Arrow's 32-bit offsets).
pub const MAX_BATCH_BYTES_LIMIT: usize = i32::MAX as usize;

impl BatchOptions {
    /// Batches of [`DEFAULT_BATCH_SIZE`] rows, at most
    /// [`DEFAULT_MAX_BATCH_BYTES`], no promoted extensions.
    pub fn new() -> Self {
        BatchOptions {
            batch_size: DEFAULT_BATCH_SIZE,
            max_batch_bytes: DEFAULT_MAX_BATCH_BYTES,
            promoted: Vec::new(),
        }
    }

    /// Rows per batch (at least 1).
    #[must_use]
    pub fn batch_size(mut self, rows: usize) -> Self {
        self.batch_size = rows.max(1);
        self
    }

    /// The most variable-length bytes (strings and data, counted as an upper
    /// bound) a batch holds before [`push`](crate::EventBatchBuilder::push)
    /// starts a new one; at most [`MAX_BATCH_BYTES_LIMIT`].
    #[must_use]
    pub fn max_batch_bytes(mut self, bytes: usize) -> Self {
        self.max_batch_bytes = bytes.clamp(1, MAX_BATCH_BYTES_LIMIT);
        self
    }

    /// Gives extension `name` a typed column of its own, named `name`.
    ///
    /// Events whose `name` has another type keep it in the `extensions` map
    /// (nothing is lost); events without it get a null. Checked by
    /// [`EventBatchBuilder::try_new`](crate::EventBatchBuilder::try_new): a
    /// valid extension name (`a-z0-9`), not a column of the schema, not
    /// promoted twice, at most [`MAX_PROMOTED`] of them.
    #[must_use]
    pub fn promote(mut self, name: impl Into<String>, ty: ExtensionType) -> Self {
        self.promoted.push((name.into(), ty));
        self
    }

    /// The promoted extensions, in column order.
    pub fn promoted(&self) -> &[(String, ExtensionType)] {
        &self.promoted
    }

    /// The configured rows per batch.
    pub fn rows_per_batch(&self) -> usize {
        self.batch_size
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if self.promoted.len() > MAX_PROMOTED {
            return Err(Error::schema("more than 64 promoted extensions"));
        }
        for (i, (name, _)) in self.promoted.iter().enumerate() {
            let valid = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            if !valid {
                return Err(Error::schema(format!(
                    "promoted extension {name:?}: names are a-z and 0-9"
                )));
            }
            if column::ALL.contains(&name.as_str()) {
                return Err(Error::schema(format!(
                    "promoted extension {name:?} would clash with a column of the schema"
                )));
            }
            if self.promoted[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::schema(format!(
                    "extension {name:?} is promoted twice"
                )));
            }
        }
        Ok(())
    }

    /// The Arrow schema of the batches built with these options.
    pub fn schema(&self) -> SchemaRef {
        let dict = |key: DataType| DataType::Dictionary(Box::new(key), Box::new(DataType::Utf8));
        let mut fields = vec![
            Field::new(column::SPECVERSION, dict(DataType::Int8), false),
            Field::new(column::ID, DataType::Utf8, false),
            Field::new(column::SOURCE, dict(DataType::Int32), false),
            Field::new(column::TYPE, dict(DataType::Int32), false),
            Field::new(column::DATACONTENTTYPE, dict(DataType::Int32), true),
            Field::new(column::DATASCHEMA, DataType::Utf8, true),
            Field::new(column::SUBJECT, DataType::Utf8, true),
            Field::new(
                column::TIME,
                DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
                true,
            ),
            Field::new(column::TIME_OFFSET, DataType::Int16, true),
            Field::new(column::TIME_TEXT, DataType::Utf8, true),
            Field::new(column::DATA, DataType::Binary, true),
            Field::new(column::DATA_KIND, dict(DataType::Int8), true),
            Field::new(
                column::EXTENSIONS,
                DataType::Map(entries_field(), false),
                false,
            ),
        ];
        for (name, ty) in &self.promoted {
            fields.push(Field::new(name, ty.data_type(), true));
        }
        let metadata = HashMap::from([(LAYOUT_KEY.to_string(), LAYOUT_VERSION.to_string())]);
        Arc::new(Schema::new_with_metadata(fields, metadata))
    }
}

/// The fields of an extension value: exactly one is set, by the value's type
/// (`map`: a CloudEvents 0.3 Map value, its JSON object text); none for a
/// promoted extension's placeholder (the value is then null).
pub(crate) fn value_fields() -> Fields {
    Fields::from(vec![
        Field::new("string", DataType::Utf8, true),
        Field::new("integer", DataType::Int32, true),
        Field::new("boolean", DataType::Boolean, true),
        Field::new("map", DataType::Utf8, true),
    ])
}

/// The `entries` field of the `extensions` map.
pub(crate) fn entries_field() -> Arc<Field> {
    Arc::new(Field::new(
        "entries",
        DataType::Struct(Fields::from(vec![
            Field::new("keys", DataType::Utf8, false),
            Field::new("values", DataType::Struct(value_fields()), true),
        ])),
        false,
    ))
}
