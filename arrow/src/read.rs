//! [`BatchEvents`]: the rows of a `RecordBatch` as borrowing [`Event`]s.

use arrow_array::{Array, MapArray, RecordBatch, StructArray};
use cloudevents_codec::{Event, EventBuilder, ParseOptions, SpecVersion, Text, Value};

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
/// `data` bytes).
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
    map_json: Option<StrColumn<'b>>,
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
            map_json: child("map")
                .map(|a| StrColumn::of("extensions.values.map", a))
                .transpose()?,
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
        if let Some(m) = self.map_json.as_ref().and_then(|c| c.get(i)) {
            return Some(Value::Map(m));
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

/// A 0.3 Map value is written back as it is, so it must be one JSON object
/// (the library's builder takes it as given).
fn check_map_value(row: usize, text: &str) -> Result<()> {
    let object = text.trim_start().starts_with('{')
        && EventBuilder::new("0", "/", "t")
            .data_json(text)
            .build()
            .is_ok();
    if object {
        Ok(())
    } else {
        Err(Error::invalid(
            row,
            "a Map extension value is not a JSON object",
        ))
    }
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

        let scratch: &'s [u8] = scratch;
        let span_str = |r: &Option<std::ops::Range<usize>>| {
            r.as_ref()
                .and_then(|r| scratch.get(r.clone()))
                .and_then(|b| std::str::from_utf8(b).ok())
        };
        let mut builder = EventBuilder::new(id, source, ty);
        builder.options(self.options);
        if v03 {
            builder.specversion(SpecVersion::V0_3);
        }
        if let Some(v) = opt(&self.datacontenttype) {
            builder.datacontenttype(v);
        }
        if let Some(v) = opt(&self.dataschema) {
            builder.dataschema(v);
        }
        if let Some(v) = opt(&self.subject) {
            builder.subject(v);
        }
        if let Some(t) = time_text.or_else(|| span_str(&spans.time)) {
            builder.time(t);
        }
        self.for_each_extension(row, |name, value| {
            builder.extension(name, value);
            Ok(())
        })?;
        if let Some(bytes) = data {
            let utf8 = || {
                std::str::from_utf8(bytes)
                    .map_err(|_| Error::invalid(row, "JSON or text data is not UTF-8"))
            };
            match kind {
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
                if let Value::Map(m) = value {
                    check_map_value(row, m)?;
                }
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
