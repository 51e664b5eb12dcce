//! [`BatchEvents`]: the rows of a `RecordBatch` as borrowing [`Event`]s.

use arrow_array::{Array, MapArray, RecordBatch, StructArray};
use cloudevents_codec::{Event, EventBuilder, ParseOptions, Text, Value};

use crate::columns_read::{BinColumn, SmallIntColumn, StrColumn, TimeColumn, ValueColumn};
use crate::error::{Error, Result};
use crate::schema::{column, data_kind};
use crate::time;

/// The events of one `RecordBatch` in this crate's layout (see the [crate
/// documentation](crate)), read back row by row.
///
/// [`event`](Self::event) builds each event with the library's
/// [`EventBuilder`], so every row is validated by the same rules as the
/// parsers (a Parquet file is input like any other). Attribute values,
/// extension names and values, JSON and text data are `&str` slices of the
/// batch's own buffers: nothing is copied. What the columns do not hold as
/// text is written into a caller's reusable scratch buffer: the `time` text
/// (rendered from `time` and `time_offset`), base64 data (encoded from the
/// `data` bytes) and, for CloudEvents 0.3 rows and rows with an empty String
/// extension, the whole event as JSON, parsed back (the library's builder
/// makes 1.0 events only, and refuses empty extension values its parsers
/// accept).
///
/// Columns may be missing when they would be all null (only `specversion`,
/// `id`, `source` and `type` are required), and may have the equivalent
/// types other writers use (`LargeUtf8`, `Utf8View`, other dictionary keys,
/// other timestamp units). Columns besides the layout's whose names are
/// extension names (`a-z0-9`) and whose type is a string, `Int32` or
/// `Boolean` are read as promoted extensions; other columns are ignored.
///
/// ```
/// use cloudevents_codec::{json, Event};
/// use cloudevents_codec_arrow::{BatchEvents, EventBatchBuilder};
///
/// let input = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","seq":7,"data":{"x":1}}"#;
/// let mut builder = EventBatchBuilder::new();
/// builder.append(&Event::from_json(input)?)?;
/// let batch = builder.finish()?;
///
/// let events = BatchEvents::new(&batch)?;
/// let mut scratch = Vec::new();
/// let event = events.event(0, &mut scratch)?;
/// let mut out = Vec::new();
/// json::write_event(&event, &mut out);
/// assert_eq!(out, input);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct BatchEvents<'b> {
    len: usize,
    options: ParseOptions,
    specversion: StrColumn<'b>,
    id: StrColumn<'b>,
    source: StrColumn<'b>,
    ty: StrColumn<'b>,
    datacontenttype: Option<StrColumn<'b>>,
    dataschema: Option<StrColumn<'b>>,
    subject: Option<StrColumn<'b>>,
    time: Option<TimeColumn<'b>>,
    time_offset: Option<SmallIntColumn<'b>>,
    time_text: Option<StrColumn<'b>>,
    data: Option<BinColumn<'b>>,
    data_kind: Option<StrColumn<'b>>,
    extensions: Option<MapColumn<'b>>,
    promoted: Vec<(&'b str, ValueColumn<'b>)>,
}

/// The `extensions` map.
struct MapColumn<'b> {
    map: &'b MapArray,
    keys: StrColumn<'b>,
    values: &'b StructArray,
    string: Option<StrColumn<'b>>,
    integer: Option<ValueColumn<'b>>,
    boolean: Option<ValueColumn<'b>>,
}

impl<'b> MapColumn<'b> {
    fn of(array: &'b dyn Array) -> Result<MapColumn<'b>> {
        let bad = || Error::schema("column \"extensions\" is not a map of extension values");
        let map = array.as_any().downcast_ref::<MapArray>().ok_or_else(bad)?;
        let keys = StrColumn::of("extensions.keys", map.keys().as_ref())?;
        let values = map
            .values()
            .as_any()
            .downcast_ref::<StructArray>()
            .ok_or_else(bad)?;
        let child = |name: &str| values.column_by_name(name).map(|a| a.as_ref());
        let string = child("string")
            .map(|a| StrColumn::of("extensions.values.string", a))
            .transpose()?;
        let typed = |name: &str, want: arrow_schema::DataType| -> Result<Option<ValueColumn<'b>>> {
            match child(name) {
                None => Ok(None),
                Some(a) if *a.data_type() == want => Ok(ValueColumn::of(a)),
                Some(_) => Err(bad()),
            }
        };
        Ok(MapColumn {
            map,
            keys,
            values,
            string,
            integer: typed("integer", arrow_schema::DataType::Int32)?,
            boolean: typed("boolean", arrow_schema::DataType::Boolean)?,
        })
    }

    /// The entry range of `row`.
    fn entries(&self, row: usize) -> std::ops::Range<usize> {
        if self.map.is_null(row) {
            return 0..0;
        }
        let offsets = self.map.value_offsets();
        match (offsets.get(row), offsets.get(row + 1)) {
            (Some(&a), Some(&b)) if 0 <= a && a <= b => a as usize..b as usize,
            _ => 0..0,
        }
    }

    /// The value of entry `i`; `None` for a placeholder (null or no field set).
    fn value(&self, i: usize) -> Option<Value<'b>> {
        if self.values.is_null(i) {
            return None;
        }
        if let Some(s) = self.string.as_ref().and_then(|c| c.get(i)) {
            return Some(Value::String(Text::plain(s)));
        }
        self.integer
            .as_ref()
            .and_then(|c| c.get(i))
            .or_else(|| self.boolean.as_ref().and_then(|c| c.get(i)))
    }
}

/// Where the parts of an event that the columns do not hold as text went in
/// the scratch buffer.
#[derive(Default)]
struct Spans {
    time: Option<std::ops::Range<usize>>,
    base64: Option<std::ops::Range<usize>>,
}

fn is_extension_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

impl<'b> BatchEvents<'b> {
    /// Looks up the batch's columns.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Schema`](crate::ErrorKind::Schema) when a required column
    /// is missing or a column has a type this crate cannot read.
    pub fn new(batch: &'b RecordBatch) -> Result<Self> {
        let get = |name: &str| batch.column_by_name(name).map(|a| a.as_ref());
        let required = |name: &str| -> Result<StrColumn<'b>> {
            let a = get(name)
                .ok_or_else(|| Error::schema(format!("the batch has no column {name:?}")))?;
            StrColumn::of(name, a)
        };
        let optional_str = |name: &str| get(name).map(|a| StrColumn::of(name, a)).transpose();
        let mut promoted = Vec::new();
        for (field, array) in batch.schema_ref().fields().iter().zip(batch.columns()) {
            let name = field.name().as_str();
            if column::ALL.contains(&name) || !is_extension_name(name) {
                continue;
            }
            if let Some(c) = ValueColumn::of(array.as_ref()) {
                promoted.push((name, c));
            }
        }
        Ok(BatchEvents {
            len: batch.num_rows(),
            options: ParseOptions::new(),
            specversion: required(column::SPECVERSION)?,
            id: required(column::ID)?,
            source: required(column::SOURCE)?,
            ty: required(column::TYPE)?,
            datacontenttype: optional_str(column::DATACONTENTTYPE)?,
            dataschema: optional_str(column::DATASCHEMA)?,
            subject: optional_str(column::SUBJECT)?,
            time: get(column::TIME)
                .map(|a| TimeColumn::of(column::TIME, a))
                .transpose()?,
            time_offset: get(column::TIME_OFFSET)
                .map(|a| SmallIntColumn::of(column::TIME_OFFSET, a))
                .transpose()?,
            time_text: optional_str(column::TIME_TEXT)?,
            data: get(column::DATA)
                .map(|a| BinColumn::of(column::DATA, a))
                .transpose()?,
            data_kind: optional_str(column::DATA_KIND)?,
            extensions: get(column::EXTENSIONS).map(MapColumn::of).transpose()?,
            promoted,
        })
    }

    /// The limits applied when building events (extension count, data
    /// nesting depth); the library's defaults unless set.
    #[must_use]
    pub fn with_options(mut self, options: ParseOptions) -> Self {
        self.options = options;
        self
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `f` with each row's event, in order, with one internal scratch
    /// buffer; stops at the first error.
    ///
    /// # Errors
    ///
    /// The first error of [`event`](Self::event) (converted) or of `f`.
    pub fn try_for_each<E, F>(&self, mut f: F) -> std::result::Result<(), E>
    where
        E: From<Error>,
        F: FnMut(Event<'_>) -> std::result::Result<(), E>,
    {
        let mut scratch = Vec::new();
        for row in 0..self.len {
            f(self.event(row, &mut scratch)?)?;
        }
        Ok(())
    }

    /// The event of `row`, borrowing the batch and `scratch` (cleared first;
    /// reuse it across rows to avoid allocating).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidEvent`](crate::ErrorKind::InvalidEvent) with the
    /// row when it is out of range, a required value is null, a column holds
    /// something this layout does not (an unknown `specversion` or
    /// `data_kind`, data that is not UTF-8 where it should be), or the
    /// library rejects the event ([`Error::event_error`] then has its error).
    pub fn event<'s>(&'s self, row: usize, scratch: &'s mut Vec<u8>) -> Result<Event<'s>> {
        if row >= self.len {
            return Err(Error::invalid(row, "row out of range"));
        }
        let required = |c: &StrColumn<'b>, name: &'static str| {
            c.get(row)
                .ok_or_else(|| Error::invalid(row, format!("{name} is null")))
        };
        let opt = |c: &Option<StrColumn<'b>>| c.as_ref().and_then(|c| c.get(row));
        let v03 = match required(&self.specversion, column::SPECVERSION)? {
            "1.0" => false,
            "0.3" => true,
            _ => return Err(Error::invalid(row, "unknown specversion")),
        };
        let id = required(&self.id, column::ID)?;
        let source = required(&self.source, column::SOURCE)?;
        let ty = required(&self.ty, column::TYPE)?;
        let data = self.data.as_ref().and_then(|c| c.get(row));
        let kind = opt(&self.data_kind);

        scratch.clear();
        let mut spans = Spans::default();
        let time_text = opt(&self.time_text);
        if time_text.is_none() {
            if let Some(nanos) = self.time.as_ref().and_then(|c| c.get(row)) {
                let nanos = nanos.ok_or_else(|| Error::invalid(row, "time is out of range"))?;
                let offset = match self.time_offset.as_ref().and_then(|c| c.get(row)) {
                    None => None,
                    Some(m) => Some(
                        i16::try_from(m)
                            .map_err(|_| Error::invalid(row, "time_offset is out of range"))?,
                    ),
                };
                let mut buf = [0u8; time::RENDER_MAX];
                let text = time::render(nanos, offset, &mut buf)
                    .ok_or_else(|| Error::invalid(row, "time_offset is out of range"))?;
                let start = scratch.len();
                scratch.extend_from_slice(text);
                spans.time = Some(start..scratch.len());
            }
        }
        if kind == Some(data_kind::BASE64) {
            let start = scratch.len();
            cloudevents_codec::spec::base64::encode(data.unwrap_or_default(), scratch);
            spans.base64 = Some(start..scratch.len());
        }

        // The library's builder makes 1.0 events, and refuses empty String
        // extension values, which its parsers accept: such rows go through
        // the parser instead.
        if v03 || self.has_empty_string_extension(row)? {
            let json_start = scratch.len();
            self.write_json_event(row, v03, scratch, &spans, time_text)?;
            let event = Event::from_json_with(&scratch[json_start..], &self.options)
                .map_err(|e| Error::event(row, e))?;
            return Ok(event);
        }

        let scratch: &'s [u8] = scratch;
        let span_str = |r: &Option<std::ops::Range<usize>>| {
            r.as_ref()
                .and_then(|r| scratch.get(r.clone()))
                .and_then(|b| std::str::from_utf8(b).ok())
        };
        let mut builder = EventBuilder::new(id, source, ty).options(self.options);
        if let Some(v) = opt(&self.datacontenttype) {
            builder = builder.datacontenttype(v);
        }
        if let Some(v) = opt(&self.dataschema) {
            builder = builder.dataschema(v);
        }
        if let Some(v) = opt(&self.subject) {
            builder = builder.subject(v);
        }
        if let Some(t) = time_text.or_else(|| span_str(&spans.time)) {
            builder = builder.time(t);
        }
        let mut builder = Some(builder);
        self.for_each_extension(row, |name, value| {
            builder = builder.take().map(|b| b.extension(name, value));
            Ok(())
        })?;
        let mut builder = builder.ok_or_else(|| Error::invalid(row, "lost the builder"))?;
        if let Some(bytes) = data {
            let utf8 = || {
                std::str::from_utf8(bytes)
                    .map_err(|_| Error::invalid(row, "JSON or text data is not UTF-8"))
            };
            builder = match kind {
                Some(data_kind::JSON) => builder.data_json(utf8()?),
                Some(data_kind::TEXT) => builder.data_text(utf8()?),
                Some(data_kind::BASE64) => builder.data_base64(
                    span_str(&spans.base64)
                        .ok_or_else(|| Error::invalid(row, "lost the base64 text"))?,
                ),
                Some(data_kind::BINARY) | None => builder.data_binary(bytes),
                Some(_) => return Err(Error::invalid(row, "unknown data_kind")),
            };
        }
        builder.build().map_err(|e| Error::event(row, e))
    }

    /// Calls `f` with each extension of `row`: the map's entries in order
    /// (a placeholder takes its value from the promoted column of its name),
    /// then the promoted columns' values that had no placeholder.
    fn for_each_extension(
        &self,
        row: usize,
        mut f: impl FnMut(&'b str, Value<'b>) -> Result<()>,
    ) -> Result<()> {
        let mut used = 0u64;
        let promoted = |name: &str| {
            self.promoted
                .iter()
                .enumerate()
                .find(|(_, (n, _))| *n == name)
        };
        if let Some(map) = &self.extensions {
            for i in map.entries(row) {
                let name = map
                    .keys
                    .get(i)
                    .ok_or_else(|| Error::invalid(row, "an extension name is null"))?;
                let value = match map.value(i) {
                    Some(v) => v,
                    None => {
                        let (index, (_, column)) = promoted(name).ok_or_else(|| {
                            Error::invalid(row, format!("extension {name:?} has no value"))
                        })?;
                        used |= 1u64.checked_shl(index as u32).unwrap_or(0);
                        column.get(row).ok_or_else(|| {
                            Error::invalid(row, format!("extension {name:?} has no value"))
                        })?
                    }
                };
                f(name, value)?;
            }
        }
        for (index, (name, column)) in self.promoted.iter().enumerate() {
            if used & 1u64.checked_shl(index as u32).unwrap_or(0) != 0 {
                continue;
            }
            if let Some(value) = column.get(row) {
                f(name, value)?;
            }
        }
        Ok(())
    }

    /// True when an extension of `row` is an empty String.
    fn has_empty_string_extension(&self, row: usize) -> Result<bool> {
        let mut empty = false;
        if self.extensions.is_some() || !self.promoted.is_empty() {
            self.for_each_extension(row, |_, value| {
                empty |= matches!(value, Value::String(t) if t.is_empty());
                Ok(())
            })?;
        }
        Ok(empty)
    }

    /// Writes a row as a JSON event, for the library's parser to build.
    ///
    /// Binary data goes as base64 text (the parser makes it base64 data,
    /// where the row may have had raw bytes: the event is equal, the JSON
    /// writer may spell it differently).
    fn write_json_event(
        &self,
        row: usize,
        v03: bool,
        out: &mut Vec<u8>,
        spans: &Spans,
        time_text: Option<&str>,
    ) -> Result<()> {
        let opt = |c: &Option<StrColumn<'b>>| c.as_ref().and_then(|c| c.get(row));
        let member = |out: &mut Vec<u8>, name: &str, value: &str| {
            out.extend_from_slice(b",\"");
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
            Text::plain(value).write_json(out);
        };
        out.extend_from_slice(if v03 {
            b"{\"specversion\":\"0.3\""
        } else {
            b"{\"specversion\":\"1.0\""
        });
        let required = |c: &StrColumn<'b>| c.get(row).unwrap_or_default();
        member(out, "id", required(&self.id));
        member(out, "source", required(&self.source));
        member(out, "type", required(&self.ty));
        if let Some(v) = opt(&self.datacontenttype) {
            member(out, "datacontenttype", v);
        }
        if let Some(v) = opt(&self.dataschema) {
            member(out, if v03 { "schemaurl" } else { "dataschema" }, v);
        }
        if let Some(v) = opt(&self.subject) {
            member(out, "subject", v);
        }
        if let Some(t) = time_text {
            member(out, "time", t);
        } else if let Some(r) = spans.time.clone() {
            // The rendered time (ASCII, no escapes) is earlier in `out`.
            out.extend_from_slice(b",\"time\":\"");
            out.extend_from_within(r);
            out.push(b'"');
        }
        self.for_each_extension(row, |name, value| {
            out.push(b',');
            Text::plain(name).write_json(out);
            out.push(b':');
            match value {
                Value::String(t) => t.write_json(out),
                Value::Integer(i) => {
                    use std::io::Write as _;
                    // Writing into a Vec cannot fail.
                    let _ = write!(out, "{i}");
                }
                Value::Boolean(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
                other => {
                    let mut s = Vec::new();
                    other.write_canonical(&mut s);
                    let s = std::str::from_utf8(&s)
                        .map_err(|_| Error::invalid(row, "an extension value is not UTF-8"))?;
                    Text::plain(s).write_json(out);
                }
            }
            Ok(())
        })?;
        if let Some(bytes) = self.data.as_ref().and_then(|c| c.get(row)) {
            match opt(&self.data_kind) {
                Some(data_kind::JSON) => {
                    // Checked to be one JSON value first, so that it cannot
                    // add members of its own to the event.
                    let s = std::str::from_utf8(bytes)
                        .map_err(|_| Error::invalid(row, "JSON data is not UTF-8"))?;
                    EventBuilder::new("0", "/", "t")
                        .options(self.options)
                        .data_json(s)
                        .build()
                        .map_err(|e| Error::event(row, e))?;
                    out.extend_from_slice(b",\"data\":");
                    out.extend_from_slice(bytes);
                }
                Some(data_kind::TEXT) => {
                    let s = std::str::from_utf8(bytes)
                        .map_err(|_| Error::invalid(row, "text data is not UTF-8"))?;
                    member(out, "data", s);
                }
                Some(data_kind::BASE64) | Some(data_kind::BINARY) | None => {
                    out.extend_from_slice(if v03 {
                        &b",\"datacontentencoding\":\"base64\",\"data\":\""[..]
                    } else {
                        &b",\"data_base64\":\""[..]
                    });
                    match spans.base64.clone() {
                        // Encoded earlier in `out`.
                        Some(r) => out.extend_from_within(r),
                        None => cloudevents_codec::spec::base64::encode(bytes, out),
                    }
                    out.push(b'"');
                }
                Some(_) => return Err(Error::invalid(row, "unknown data_kind")),
            }
        }
        out.push(b'}');
        Ok(())
    }
}

impl std::fmt::Debug for BatchEvents<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchEvents")
            .field("len", &self.len)
            .field(
                "promoted",
                &self.promoted.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}
