//! The structured-mode JSON writer: single events, batch arrays and NDJSON,
//! appended to a caller's reusable [`Sink`].

use crate::attrs::check_batch_version;
use crate::attrs::Attr;
use crate::error::Error;
use crate::event::{Data, Event, SpecVersion, Value};
use crate::sink::Sink;
use crate::text::write_json_escaped;

/// Writes `event` as one JSON object (`application/cloudevents+json`) into
/// `out`, on one line.
///
/// Member order (JSON-7): `specversion`, `id`, `source`, `type`,
/// `datacontenttype`, `dataschema`, `subject`, `time`, the extensions in their
/// order, then `data` or `data_base64`. Values are written from their wire
/// form: JSON-escaped text is copied as it is, JSON data verbatim (line breaks
/// inside it, which can only be whitespace, become spaces), binary data as
/// base64.
///
/// ```
/// use cloudevents_codec::{Event, json};
/// let event = Event::from_json(br#"{"id":"1","source":"/s","type":"t","specversion":"1.0"}"#)?;
/// let mut out = Vec::new();
/// json::write_event(&event, &mut out);
/// assert_eq!(out, br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
pub fn write_event<S: Sink + ?Sized>(event: &Event<'_>, out: &mut S) {
    out.put(match event.specversion {
        SpecVersion::V1_0 => b"{\"specversion\":\"1.0\",\"id\":",
        SpecVersion::V0_3 => b"{\"specversion\":\"0.3\",\"id\":",
    });
    event.id.write_json(out);
    out.put(Attr::Source.json_key());
    event.source.write_json(out);
    out.put(Attr::Type.json_key());
    event.ty.write_json(out);
    let optional = [
        (Attr::DataContentType, event.datacontenttype),
        (
            match event.specversion {
                SpecVersion::V0_3 => Attr::SchemaUrl,
                _ => Attr::DataSchema,
            },
            event.dataschema,
        ),
        (Attr::Subject, event.subject),
        (Attr::Time, event.time),
    ];
    for (attr, text) in optional {
        if let Some(t) = text {
            out.put(attr.json_key());
            t.write_json(out);
        }
    }
    for ext in event.extensions() {
        out.put_byte(b',');
        ext.name.write_json(out);
        out.put_byte(b':');
        write_value(&ext.value, out);
    }
    if let Some(data) = &event.data {
        write_data(event, data, out);
    }
    out.put_byte(b'}');
}

/// Writes `event` as one NDJSON line (the event and `\n`).
pub fn write_ndjson_event<S: Sink + ?Sized>(event: &Event<'_>, out: &mut S) {
    write_event(event, out);
    out.put_byte(b'\n');
}

/// Writes a typed value as JSON (JSON-3).
pub(crate) fn write_value<S: Sink + ?Sized>(value: &Value<'_>, out: &mut S) {
    match value {
        Value::String(t) => t.write_json(out),
        Value::Integer(i) => out.put(itoa::Buffer::new().format(*i).as_bytes()),
        Value::Boolean(true) => out.put(b"true"),
        Value::Boolean(false) => out.put(b"false"),
        Value::Map(m) => write_json_one_line(m.as_bytes(), out),
    }
}

fn write_data<S: Sink + ?Sized>(event: &Event<'_>, data: &Data<'_>, out: &mut S) {
    let v03 = event.specversion == SpecVersion::V0_3;
    match data {
        Data::Json(raw) => {
            out.put(b",\"data\":");
            write_json_one_line(raw.as_bytes(), out);
        }
        Data::Text(t) => {
            out.put(b",\"data\":");
            t.write_json(out);
        }
        Data::Base64(t) => {
            if v03 {
                out.put(b",\"datacontentencoding\":\"base64\",\"data\":");
            } else {
                out.put(b",\"data_base64\":");
            }
            if t.is_encoded() {
                t.write_json(out);
            } else {
                // Validated base64 never needs JSON escapes.
                out.put_byte(b'"');
                out.put(t.raw());
                out.put_byte(b'"');
            }
        }
        Data::Binary(bytes) => write_binary_data(event, bytes, out),
        // A protobuf message is binary whatever its bytes look like.
        Data::Protobuf(any) => write_base64_data(v03, any.value(), out),
    }
}

/// Raw bytes (from a binary-mode body) in a JSON event: a JSON value when the
/// content type says JSON and the bytes are JSON, a string when the content
/// type is not JSON and the bytes are UTF-8, base64 otherwise (JSON-13..15).
fn write_binary_data<S: Sink + ?Sized>(event: &Event<'_>, bytes: &[u8], out: &mut S) {
    let v03 = event.specversion == SpecVersion::V0_3;
    if let Some(ct) = &event.datacontenttype {
        if crate::event::text_is_json_media_type(ct) {
            if is_json_value(bytes) {
                out.put(b",\"data\":");
                write_json_one_line(trim_ws(bytes), out);
                return;
            }
        } else if let Ok(s) = core::str::from_utf8(bytes) {
            out.put(b",\"data\":\"");
            write_json_escaped(s.as_bytes(), out);
            out.put_byte(b'"');
            return;
        }
    }
    write_base64_data(v03, bytes, out);
}

/// `data_base64` (0.3: base64 `data` with `datacontentencoding`).
fn write_base64_data<S: Sink + ?Sized>(v03: bool, bytes: &[u8], out: &mut S) {
    if v03 {
        out.put(b",\"datacontentencoding\":\"base64\",\"data\":\"");
    } else {
        out.put(b",\"data_base64\":\"");
    }
    crate::spec::base64::encode(bytes, out);
    out.put_byte(b'"');
}

/// True when `bytes` are exactly one JSON value (with optional whitespace).
pub(crate) fn is_json_value(bytes: &[u8]) -> bool {
    let mut cur = super::scan::Cursor::new(bytes);
    cur.value(crate::options::ParseOptions::MAX_DEPTH_LIMIT)
        .is_ok()
        && cur.peek_ws().is_none()
}

fn trim_ws(mut b: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = b {
        if matches!(first, b' ' | b'\t' | b'\r' | b'\n') {
            b = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = b {
        if matches!(last, b' ' | b'\t' | b'\r' | b'\n') {
            b = rest;
        } else {
            break;
        }
    }
    b
}

/// Copies valid JSON text, turning CR and LF (which in valid JSON can only be
/// whitespace) into spaces so the event stays on one line.
fn write_json_one_line<S: Sink + ?Sized>(raw: &[u8], out: &mut S) {
    let mut rest = raw;
    while let Some(i) = memchr::memchr2(b'\n', b'\r', rest) {
        out.put(&rest[..i]);
        out.put_byte(b' ');
        rest = &rest[i + 1..];
    }
    out.put(rest);
}

/// Writes a batch array (`application/cloudevents-batch+json`) one event at a
/// time (BATCH-9), enforcing one `specversion` for the whole batch (BATCH-4).
///
/// ```
/// use cloudevents_codec::{Event, json::BatchWriter};
/// let e = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
/// let mut out = Vec::new();
/// let mut batch = BatchWriter::new(&mut out);
/// batch.push(&e)?;
/// batch.push(&e)?;
/// batch.finish();
/// assert!(out.starts_with(b"[{") && out.ends_with(b"}]"));
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
pub struct BatchWriter<'o, S: Sink + ?Sized> {
    out: &'o mut S,
    count: usize,
    version: Option<SpecVersion>,
}

impl<'o, S: Sink + ?Sized> BatchWriter<'o, S> {
    /// Starts a batch: writes `[`.
    pub fn new(out: &'o mut S) -> Self {
        out.put_byte(b'[');
        BatchWriter {
            out,
            count: 0,
            version: None,
        }
    }

    /// Appends one event.
    ///
    /// # Errors
    ///
    /// `InvalidValue` when its `specversion` differs from the batch's first
    /// event (BATCH-4); nothing is written then.
    pub fn push(&mut self, event: &Event<'_>) -> Result<(), Error> {
        check_batch_version(self.version, event.specversion)?;
        self.version = Some(event.specversion);
        if self.count > 0 {
            self.out.put_byte(b',');
        }
        write_event(event, self.out);
        self.count += 1;
        Ok(())
    }

    /// How many events were written.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when no event was written yet.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Ends the batch: writes `]`.
    pub fn finish(self) {
        self.out.put_byte(b']');
    }
}
