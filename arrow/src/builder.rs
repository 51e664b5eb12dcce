//! [`EventBatchBuilder`]: borrowed events in, Arrow `RecordBatch`es out.

use std::sync::Arc;

use arrow_array::{ArrayRef, MapArray, RecordBatch, StructArray, TimestampNanosecondArray};
use arrow_buffer::{NullBufferBuilder, OffsetBuffer, ScalarBuffer};
use arrow_schema::SchemaRef;
use cloudevents_codec::{Data, Event, SpecVersion, Text, TextEncoding, Value};

use crate::columns::{
    BoolColumn, BytesColumn, DictColumn, FixedDictColumn, I16Column, I32Column, I64Column,
};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::{data_kind, entries_field, value_fields, BatchOptions, ExtensionType};
use crate::time;

/// The `specversion` dictionary, in key order.
pub(crate) const SPECVERSIONS: &[&str] = &["1.0", "0.3"];
/// The `data_kind` dictionary, in key order.
pub(crate) const DATA_KINDS: &[&str] = &[
    data_kind::JSON,
    data_kind::TEXT,
    data_kind::BASE64,
    data_kind::BINARY,
];

/// Appends borrowed [`Event`]s to Arrow column builders and yields
/// [`RecordBatch`]es in the layout of [`BatchOptions::schema`] (the table in
/// the [crate documentation](crate)).
///
/// Values go from the event's wire form straight into the columns' buffers:
/// escaped text is decoded in place, base64 data is decoded into the `data`
/// column, nothing passes through a `String`. Once a batch has been
/// finished the next one starts with the same buffer capacities, so a warm
/// builder appends without allocating (the allocation test in
/// `tests/alloc.rs` holds it to that).
///
/// ```
/// use cloudevents_codec::Event;
/// use cloudevents_codec_arrow::{BatchOptions, EventBatchBuilder};
///
/// let mut builder = EventBatchBuilder::try_new(BatchOptions::new().batch_size(2))?;
/// let mut batches = Vec::new();
/// for i in 0..5 {
///     let json = format!(r#"{{"specversion":"1.0","id":"{i}","source":"/s","type":"t"}}"#);
///     let event = Event::from_json(json.as_bytes())?;
///     if let Some(batch) = builder.push(&event)? {
///         batches.push(batch);
///     }
/// }
/// batches.extend(builder.finish_nonempty()?);
/// let rows: Vec<usize> = batches.iter().map(|b| b.num_rows()).collect();
/// assert_eq!(rows, [2, 2, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct EventBatchBuilder {
    options: BatchOptions,
    schema: SchemaRef,
    rows: usize,
    /// Upper bound of the variable-length bytes in the current batch.
    bytes: usize,
    specversion: FixedDictColumn,
    id: BytesColumn,
    source: DictColumn,
    ty: DictColumn,
    datacontenttype: DictColumn,
    dataschema: BytesColumn,
    subject: BytesColumn,
    time: I64Column,
    time_offset: I16Column,
    time_text: BytesColumn,
    data: BytesColumn,
    data_kind: FixedDictColumn,
    extensions: ExtensionColumns,
    promoted: Vec<Promoted>,
    /// The decoded `time` text of the event being appended.
    time_scratch: Vec<u8>,
}

/// The `extensions` map under construction.
struct ExtensionColumns {
    offsets: Vec<i32>,
    /// Entries in the current batch.
    count: usize,
    keys: BytesColumn,
    /// Null for a promoted extension's placeholder.
    present: NullBufferBuilder,
    string: BytesColumn,
    integer: I32Column,
    boolean: BoolColumn,
    /// A 0.3 Map value's JSON text.
    map: BytesColumn,
}

/// A promoted extension's column.
struct Promoted {
    name: String,
    column: PromotedColumn,
}

enum PromotedColumn {
    String(BytesColumn),
    Integer(I32Column),
    Boolean(BoolColumn),
}

impl Promoted {
    /// Appends `value` when it has the column's type; false otherwise.
    #[inline]
    fn push(&mut self, value: &Value<'_>) -> bool {
        match (&mut self.column, value) {
            (PromotedColumn::String(c), Value::String(t)) => c.push_text(t),
            (PromotedColumn::Integer(c), Value::Integer(i)) => c.push(Some(*i)),
            (PromotedColumn::Boolean(c), Value::Boolean(b)) => c.push(Some(*b)),
            _ => return false,
        }
        true
    }

    #[inline]
    fn push_null(&mut self) {
        match &mut self.column {
            PromotedColumn::String(c) => c.push_null(),
            PromotedColumn::Integer(c) => c.push(None),
            PromotedColumn::Boolean(c) => c.push(None),
        }
    }

    fn finish(&mut self) -> Result<ArrayRef> {
        Ok(match &mut self.column {
            PromotedColumn::String(c) => Arc::new(c.finish_utf8()?),
            PromotedColumn::Integer(c) => Arc::new(c.finish()),
            PromotedColumn::Boolean(c) => Arc::new(c.finish()),
        })
    }
}

/// An upper bound of a text's decoded length (no encoding more than doubles
/// it: JSON and percent escapes shrink, base64 grows by 4/3).
#[inline]
fn text_bound(t: &Text<'_>) -> usize {
    2 * t.raw().len() + 4
}

#[inline]
fn opt_bound(t: Option<Text<'_>>) -> usize {
    t.as_ref().map_or(0, text_bound)
}

impl EventBatchBuilder {
    /// A builder with the default [`BatchOptions`].
    pub fn new() -> Self {
        // The default options have no promotions, so they are valid.
        Self::build(BatchOptions::new())
    }

    /// A builder laying out batches as `options` say.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Schema`] when a promoted extension's name is invalid,
    /// clashes with a column, or is promoted twice.
    pub fn try_new(options: BatchOptions) -> Result<Self> {
        options.validate()?;
        Ok(Self::build(options))
    }

    fn build(options: BatchOptions) -> Self {
        let promoted = options
            .promoted
            .iter()
            .map(|(name, ty)| Promoted {
                name: name.clone(),
                column: match ty {
                    ExtensionType::String => PromotedColumn::String(BytesColumn::new()),
                    ExtensionType::Integer => PromotedColumn::Integer(I32Column::new()),
                    ExtensionType::Boolean => PromotedColumn::Boolean(BoolColumn::new()),
                },
            })
            .collect();
        EventBatchBuilder {
            schema: options.schema(),
            options,
            rows: 0,
            bytes: 0,
            specversion: FixedDictColumn::new(SPECVERSIONS),
            id: BytesColumn::new(),
            source: DictColumn::new(),
            ty: DictColumn::new(),
            datacontenttype: DictColumn::new(),
            dataschema: BytesColumn::new(),
            subject: BytesColumn::new(),
            time: I64Column::new(),
            time_offset: I16Column::new(),
            time_text: BytesColumn::new(),
            data: BytesColumn::new(),
            data_kind: FixedDictColumn::new(DATA_KINDS),
            extensions: ExtensionColumns {
                offsets: vec![0],
                count: 0,
                keys: BytesColumn::new(),
                present: NullBufferBuilder::new(0),
                string: BytesColumn::new(),
                integer: I32Column::new(),
                boolean: BoolColumn::new(),
                map: BytesColumn::new(),
            },
            promoted,
            time_scratch: Vec::new(),
        }
    }

    /// The schema of the batches this builder yields.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// The options this builder was made with.
    pub fn options(&self) -> &BatchOptions {
        &self.options
    }

    /// Rows appended since the last batch was finished.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// True when no row was appended since the last batch was finished.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// True when the current batch has its configured number of rows.
    pub fn is_full(&self) -> bool {
        self.rows >= self.options.batch_size
    }

    /// An upper bound of the variable-length bytes `event` adds to a batch.
    fn event_bytes(event: &Event<'_>) -> usize {
        let mut n = text_bound(&event.id())
            + text_bound(&event.source())
            + text_bound(&event.ty())
            + opt_bound(event.datacontenttype())
            + opt_bound(event.dataschema())
            + opt_bound(event.subject())
            + opt_bound(event.time());
        for ext in event.extensions() {
            n += text_bound(&ext.name());
            if let Value::String(t) = ext.value() {
                n += text_bound(&t);
            } else {
                // The canonical string of an unknown future value type.
                n += 24;
            }
        }
        n + match event.data() {
            Some(Data::Json(s)) => s.len(),
            Some(Data::Text(t)) | Some(Data::Base64(t)) => text_bound(&t),
            Some(Data::Binary(b)) => b.len(),
            Some(_) => usize::MAX / 4,
            None => 0,
        }
    }

    /// Appends one event to the current batch, whatever its size.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooLarge`] when the batch's variable-length bytes would
    /// exceed the batch byte limit ([`BatchOptions::max_batch_bytes`]): finish
    /// the batch first (or use [`push`](Self::push), which does). Nothing is
    /// appended then. [`ErrorKind::Schema`] for a `specversion` this crate
    /// does not know.
    pub fn append(&mut self, event: &Event<'_>) -> Result<()> {
        self.append_sized(event, Self::event_bytes(event))
    }

    /// [`append`](Self::append), with the event's byte bound computed.
    fn append_sized(&mut self, event: &Event<'_>, bytes: usize) -> Result<()> {
        if bytes > self.options.max_batch_bytes - self.bytes.min(self.options.max_batch_bytes) {
            return Err(Error::new(
                ErrorKind::TooLarge,
                "the event does not fit in the batch's byte limit",
            ));
        }
        let version = match event.specversion() {
            SpecVersion::V1_0 => 0,
            SpecVersion::V0_3 => 1,
            _ => return Err(Error::schema("unsupported specversion")),
        };
        self.bytes += bytes;
        self.rows += 1;
        self.specversion.push(version);
        self.id.push_text(&event.id());
        self.source.push_text(&event.source());
        self.ty.push_text(&event.ty());
        self.datacontenttype
            .push_opt_text(event.datacontenttype().as_ref());
        self.dataschema.push_opt_text(event.dataschema().as_ref());
        self.subject.push_opt_text(event.subject().as_ref());
        self.push_time(event.time());
        self.push_data(event.data());
        self.push_extensions(event);
        Ok(())
    }

    fn push_time(&mut self, time: Option<Text<'_>>) {
        let Some(text) = time else {
            self.time.push(None);
            self.time_offset.push(None);
            self.time_text.push_null();
            return;
        };
        let parts = match text.encoding() {
            TextEncoding::Plain => time::split(text.raw()),
            _ => {
                self.time_scratch.clear();
                text.decode_to(&mut self.time_scratch);
                time::split(&self.time_scratch)
            }
        };
        self.time.push(parts.nanos);
        self.time_offset.push(parts.offset);
        if parts.keep_text {
            self.time_text.push_text(&text);
        } else {
            self.time_text.push_null();
        }
    }

    fn push_data(&mut self, data: Option<Data<'_>>) {
        let Some(data) = data else {
            self.data.push_null();
            self.data_kind.push_null();
            return;
        };
        let kind = match data {
            Data::Json(_) => 0,
            Data::Text(_) => 1,
            Data::Base64(_) => 2,
            _ => 3,
        };
        data.write_bytes(self.data.values());
        self.data.end_value();
        self.data_kind.push(kind);
    }

    fn push_extensions(&mut self, event: &Event<'_>) {
        let exts = &mut self.extensions;
        let mut filled = 0u64;
        for ext in event.extensions() {
            let name = ext.name();
            let value = ext.value();
            exts.keys.push_text(&name);
            // The batch byte limit keeps the entry count below `i32::MAX`.
            exts.count += 1;
            let promoted = self
                .promoted
                .iter_mut()
                .enumerate()
                .find(|(_, p)| name.eq_str(&p.name));
            if let Some((i, p)) = promoted {
                if p.push(&value) {
                    filled |= 1 << i;
                    // A placeholder keeps the extension's place in the map.
                    exts.present.append_null();
                    exts.string.push_null();
                    exts.integer.push(None);
                    exts.boolean.push(None);
                    exts.map.push_null();
                    continue;
                }
            }
            exts.present.append_non_null();
            // Exactly one field is set, by the value's type.
            let (mut string, mut integer, mut boolean, mut map) = (false, None, None, false);
            match value {
                Value::String(t) => {
                    exts.string.push_text(&t);
                    string = true;
                }
                Value::Integer(i) => integer = Some(i),
                Value::Boolean(b) => boolean = Some(b),
                Value::Map(m) => {
                    exts.map.push_bytes(m.as_bytes());
                    map = true;
                }
                other => {
                    // A value type newer than this crate: its canonical string.
                    other.write_canonical(exts.string.values());
                    exts.string.end_value();
                    string = true;
                }
            }
            if !string {
                exts.string.push_null();
            }
            exts.integer.push(integer);
            exts.boolean.push(boolean);
            if !map {
                exts.map.push_null();
            }
        }
        exts.offsets.push(exts.count as i32);
        for (i, p) in self.promoted.iter_mut().enumerate() {
            if filled & (1 << i) == 0 {
                p.push_null();
            }
        }
    }

    /// Appends `event`, first finishing the current batch when it is full
    /// or `event` would not fit its byte limit; returns that batch.
    ///
    /// A batch never has more than the configured rows; call
    /// [`finish_nonempty`](Self::finish_nonempty) at the end for the rest.
    ///
    /// # Errors
    ///
    /// As [`append`](Self::append); [`ErrorKind::TooLarge`] only for an
    /// event larger than the byte limit on its own.
    pub fn push(&mut self, event: &Event<'_>) -> Result<Option<RecordBatch>> {
        let mut done = None;
        let bytes = Self::event_bytes(event);
        if !self.is_empty() && (self.is_full() || bytes > self.options.max_batch_bytes - self.bytes)
        {
            done = Some(self.finish()?);
        }
        self.append_sized(event, bytes)?;
        if done.is_none() && self.is_full() {
            done = Some(self.finish()?);
        }
        Ok(done)
    }

    /// Finishes the current batch (possibly empty) and starts the next.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Arrow`] when Arrow rejects a column (a bug of this crate;
    /// Arrow validates UTF-8 and offsets).
    pub fn finish(&mut self) -> Result<RecordBatch> {
        let rows = std::mem::take(&mut self.rows);
        self.bytes = 0;
        let (time, time_nulls) = self.time.finish();
        let time = TimestampNanosecondArray::new(time, time_nulls).with_timezone("UTC");
        fn array<A: arrow_array::Array + 'static>(a: Result<A>) -> Result<ArrayRef> {
            a.map(|a| Arc::new(a) as ArrayRef)
        }
        // Every column is finished (and so reset for the next batch) before
        // any error is returned.
        let mut columns: Vec<Result<ArrayRef>> = vec![
            self.specversion.finish(),
            array(self.id.finish_utf8()),
            self.source.finish(),
            self.ty.finish(),
            self.datacontenttype.finish(),
            array(self.dataschema.finish_utf8()),
            array(self.subject.finish_utf8()),
            Ok(Arc::new(time)),
            Ok(Arc::new(self.time_offset.finish())),
            array(self.time_text.finish_utf8()),
            array(self.data.finish_binary()),
            self.data_kind.finish(),
            array(self.extensions.finish()),
        ];
        for p in &mut self.promoted {
            columns.push(p.finish());
        }
        let columns = columns.into_iter().collect::<Result<Vec<_>>>()?;
        let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
        Ok(RecordBatch::try_new_with_options(
            self.schema.clone(),
            columns,
            &options,
        )?)
    }

    /// Finishes the current batch, or `None` when it has no rows.
    ///
    /// # Errors
    ///
    /// As [`finish`](Self::finish).
    pub fn finish_nonempty(&mut self) -> Result<Option<RecordBatch>> {
        if self.is_empty() {
            return Ok(None);
        }
        self.finish().map(Some)
    }
}

impl Default for EventBatchBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for EventBatchBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBatchBuilder")
            .field("options", &self.options)
            .field("rows", &self.rows)
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}

impl ExtensionColumns {
    fn finish(&mut self) -> Result<MapArray> {
        // Reset every part before looking at errors.
        let keys = self.keys.finish_utf8();
        let string = self.string.finish_utf8();
        let map = self.map.finish_utf8();
        let integer = Arc::new(self.integer.finish());
        let boolean = Arc::new(self.boolean.finish());
        let present_len = self.present.len();
        let present =
            std::mem::replace(&mut self.present, NullBufferBuilder::new(present_len)).build();
        let cap = self.offsets.len();
        let offsets = std::mem::replace(&mut self.offsets, Vec::with_capacity(cap));
        self.offsets.push(0);
        self.count = 0;
        let (keys, string, map) = (Arc::new(keys?), Arc::new(string?), Arc::new(map?));
        let values =
            StructArray::try_new(value_fields(), vec![string, integer, boolean, map], present)?;
        let entries_field = entries_field();
        let arrow_schema::DataType::Struct(entry_fields) = entries_field.data_type() else {
            return Err(Error::schema("map entries are a struct"));
        };
        let entries =
            StructArray::try_new(entry_fields.clone(), vec![keys, Arc::new(values)], None)?;
        // Offsets start at 0 and never decrease: `new` cannot panic.
        Ok(MapArray::try_new(
            entries_field,
            OffsetBuffer::new(ScalarBuffer::from(offsets)),
            entries,
            None,
            false,
        )?)
    }
}
