//! Writing one [`Event`] as an Avro `CloudEvent` record.

use super::codec::{put_bytes, put_long};
use super::json::{numbers_fit, put_str, write_json};
use crate::attrs::core_attributes;
use crate::event::{text_is_json_media_type, Data, Event, Value};
use crate::sink::{CountingSink, Sink};
use crate::text::{Text, TextEncoding};

/// Branches of the attribute value union `[null, boolean, int, string,
/// bytes]` (AVRO-3).
const A_BOOLEAN: i64 = 1;
const A_INT: i64 = 2;
const A_STRING: i64 = 3;
const A_BYTES: i64 = 4;

/// Branches of the `data` union (AVRO-3).
const D_BYTES: i64 = 0;
const D_NULL: i64 = 1;
const D_STRING: i64 = 6;

/// Appends `event` as the binary encoding of the spec's `CloudEvent`
/// record (`application/cloudevents+avro`, AVRO-1): a datum without
/// framing (see [`ContainerWriter`](super::ContainerWriter) for files).
///
/// Every attribute, `specversion`, `id`, `source` and `type` included, is an
/// entry of the `attribute` map (AVRO-3): Booleans as `boolean`, Integers as
/// `int`, Binary values (`BinaryAsBase64` texts) as `bytes`, everything else
/// as its canonical `string` (AVRO-2). The data goes to the `data` union
/// (AVRO-4):
///
/// - binary data (base64, raw bytes of a non-textual content type, a
///   protobuf message's value) as `bytes`;
/// - text as `string`;
/// - JSON data as the JSON-value branches (numbers as `double`s) when the
///   event has no content type (the spec's requirement), or when every
///   number survives as a double with its digits; otherwise, for JSON with a
///   JSON content type, its text as `bytes`, so that nothing changes on the
///   way back. See [`avro`](super) for the JSON model.
///
/// ```
/// use cloudevents_codec::{avro, Event};
/// let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":{"n":[1,2.5]}}"#)?;
/// let mut out = Vec::new();
/// avro::write_event(&event, &mut out);
/// let mut scratch = avro::AvroScratch::new();
/// assert_eq!(avro::read_event(&out, &mut scratch)?, event);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
pub fn write_event<S: Sink + ?Sized>(event: &Event<'_>, out: &mut S) {
    // One block holding every attribute, then the end of the map.
    let count = core_attributes(event).count() + event.extension_count();
    put_long(count as i64, out);
    for (attr, text) in core_attributes(event) {
        put_str(attr.name(), out);
        put_text_value(&text, out);
    }
    for ext in event.extensions() {
        put_text(&ext.name(), out);
        match ext.value() {
            Value::Boolean(b) => {
                put_long(A_BOOLEAN, out);
                out.put_byte(u8::from(b));
            }
            Value::Integer(i) => {
                put_long(A_INT, out);
                put_long(i.into(), out);
            }
            Value::String(t) => put_text_value(&t, out),
            Value::Map(m) => {
                put_long(A_STRING, out);
                put_str(m, out);
            }
        }
    }
    put_long(0, out);
    write_data(event, out);
}

/// A String value: `bytes` for binary values, else its text.
fn put_text_value<S: Sink + ?Sized>(t: &Text<'_>, out: &mut S) {
    if t.encoding() == TextEncoding::BinaryAsBase64 {
        put_long(A_BYTES, out);
        put_bytes(t.raw(), out);
    } else {
        put_long(A_STRING, out);
        put_text(t, out);
    }
}

/// A string of `t` decoded.
fn put_text<S: Sink + ?Sized>(t: &Text<'_>, out: &mut S) {
    put_long(t.decoded_len() as i64, out);
    t.decode_to(out);
}

fn write_data<S: Sink + ?Sized>(event: &Event<'_>, out: &mut S) {
    let Some(data) = &event.data else {
        put_long(D_NULL, out);
        return;
    };
    let json_ct = event.datacontenttype.as_ref().map(text_is_json_media_type);
    match data {
        Data::Json(s) => write_json_data(s.as_bytes(), json_ct.is_none(), out),
        Data::Text(t) => {
            put_long(D_STRING, out);
            put_text(t, out);
        }
        Data::Binary(b) => match (json_ct, core::str::from_utf8(b)) {
            (Some(true), Ok(_)) if crate::json::write::is_json_value(b) => {
                write_json_data(b, false, out)
            }
            // Text by its content type (AVRO-4: binary only when it is).
            (Some(false), Ok(s)) if is_text(event) => {
                put_long(D_STRING, out);
                put_str(s, out);
            }
            _ => {
                put_long(D_BYTES, out);
                put_bytes(b, out);
            }
        },
        Data::Base64(_) | Data::Protobuf(_) => {
            let mut n = CountingSink(0);
            data.write_bytes(&mut n);
            put_long(D_BYTES, out);
            put_long(n.0 as i64, out);
            data.write_bytes(out);
        }
    }
}

fn is_text(event: &Event<'_>) -> bool {
    event
        .datacontenttype
        .and_then(|ct| ct.with_decoded(crate::spec::media::is_text))
        .unwrap_or(false)
}

/// JSON text as the JSON-value branches, or as `bytes` when a number would
/// change (only for data with a JSON content type: without one, the
/// spec requires the translation, AVRO-4).
fn write_json_data<S: Sink + ?Sized>(json: &[u8], required: bool, out: &mut S) {
    if numbers_fit(json, !required) {
        write_json(json, out);
    } else {
        put_long(D_BYTES, out);
        put_bytes(json, out);
    }
}
