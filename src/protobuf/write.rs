//! Writing one [`Event`] as an `io.cloudevents.v1.CloudEvent` message.
//!
//! Protobuf prefixes every nested message with its length, and a `Sink` is
//! append-only, so each length is computed before its bytes are written:
//! a [`Plan`] makes the decisions that cost something (how `time` and the
//! data travel) once per event, and the size functions below mirror the
//! writing functions one for one (a test checks every length against the
//! bytes written).

use crate::attrs::{core_attributes, Attr};
use crate::event::{Data, Event, SpecVersion, Value};
use crate::pbwire::{
    key_of, len_field_size, put_len_header, put_timestamp_message, put_varint,
    timestamp_message_len, varint_len, VARINT,
};
use crate::sink::{CountingSink, Sink};
use crate::spec::{self, timestamp::Timestamp};
use crate::text::{Text, TextEncoding};

/// Field numbers of `CloudEvent` (PROTO-2).
const ID: u32 = 1;
const SOURCE: u32 = 2;
const SPEC_VERSION: u32 = 3;
const TYPE: u32 = 4;
const ATTRIBUTES: u32 = 5;
const BINARY_DATA: u32 = 6;
const TEXT_DATA: u32 = 7;
const PROTO_DATA: u32 = 8;

/// Appends `event` as one `io.cloudevents.v1.CloudEvent` message
/// (`application/cloudevents+protobuf`, PROTO-2) to `out`.
///
/// Fields go out in field-number order; the `attributes` map holds
/// `datacontenttype`, `dataschema`, `subject`, `time` and then the
/// extensions, in the event's order. See the [module docs](crate::protobuf)
/// for how each value and the data are typed. Nothing is allocated (beyond
/// what `out` needs to grow).
///
/// ```
/// use cloudevents_codec::{protobuf, Event, EventBuilder};
/// let event = EventBuilder::new("1", "/s", "t")
///     .datacontenttype("text/plain")
///     .data_text("hi")
///     .build()?;
/// let mut out = Vec::new();
/// protobuf::write_event(&event, &mut out);
/// assert_eq!(Event::from_protobuf(&out)?, event);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
pub fn write_event<S: Sink + ?Sized>(event: &Event<'_>, out: &mut S) {
    let plan = Plan::of(event);
    out.reserve_hint(plan.len);
    plan.write(event, out);
}

/// The length in bytes of `event`'s `CloudEvent` message: what
/// [`write_event`] appends.
pub fn encoded_len(event: &Event<'_>) -> usize {
    Plan::of(event).len
}

/// Appends `event` as one `events` element of a `CloudEventBatch` (the
/// field key, the length and the message).
pub(crate) fn write_batch_element<S: Sink + ?Sized>(event: &Event<'_>, out: &mut S) {
    let plan = Plan::of(event);
    out.reserve_hint(plan.len + 6);
    put_len_header(1, plan.len, out);
    plan.write(event, out);
}

/// How `time` travels.
#[derive(Clone, Copy)]
enum Time {
    /// A `ce_timestamp` of these seconds and nanos.
    Timestamp(i64, i32),
    /// A `ce_string` (its text has no exact `Timestamp` form).
    String,
}

/// How the data travels: the field and, for `proto_data` built from binary
/// data, the type URL.
#[derive(Clone, Copy)]
enum DataPlan<'e> {
    /// Text: JSON text, text data, textual bytes, 0.3 base64 text.
    Text,
    /// Bytes: decoded base64 or raw bytes.
    Binary,
    /// `proto_data` copied from a [`Data::Protobuf`].
    Any,
    /// `proto_data` wrapping binary data, `dataschema` as the type URL.
    Wrapped(Text<'e>),
}

/// The per-event decisions and the message length.
struct Plan<'e> {
    time: Option<Time>,
    /// A 0.3 event whose base64 data goes out as text with
    /// `datacontentencoding: base64` (V03-3).
    base64_v03: bool,
    /// The data field, and the length of its payload.
    data: Option<(DataPlan<'e>, usize)>,
    len: usize,
}

impl<'e> Plan<'e> {
    fn of(event: &Event<'e>) -> Self {
        let time = event.time.map(|t| time_plan(&t));
        let base64_v03 =
            event.specversion == SpecVersion::V0_3 && matches!(event.data, Some(Data::Base64(_)));
        let data = event.data.map(|d| data_plan(event, &d, base64_v03));
        let mut plan = Plan {
            time,
            base64_v03,
            data,
            len: 0,
        };
        plan.len = plan.body_len(event);
        plan
    }

    /// The length of the message body.
    fn body_len(&self, event: &Event<'e>) -> usize {
        let mut n = text_field_size(ID, &event.id)
            + text_field_size(SOURCE, &event.source)
            + len_field_size(SPEC_VERSION, event.specversion.as_str().len())
            + text_field_size(TYPE, &event.ty);
        for (attr, text) in optional_attributes(event) {
            let value = self.core_value(attr, &text);
            n += len_field_size(ATTRIBUTES, entry_len(attr.name().len(), &value));
        }
        if self.base64_v03 {
            n += len_field_size(ATTRIBUTES, entry_len(DCE.len(), &BASE64_VALUE));
        }
        for ext in event.extensions() {
            let value = ext_value(&ext.value);
            n += len_field_size(ATTRIBUTES, entry_len(ext.name.decoded_len(), &value));
        }
        if let Some((plan, len)) = self.data {
            n += len_field_size(plan.field(), len);
        }
        n
    }

    /// How a core attribute's value is typed (PROTO-3).
    fn core_value(&self, attr: Attr, text: &Text<'e>) -> AttrValue<'e> {
        match attr {
            Attr::DataSchema => AttrValue::Text(URI, *text),
            Attr::SchemaUrl => AttrValue::Text(URI_REF, *text),
            Attr::Time => match self.time {
                Some(Time::Timestamp(s, n)) => AttrValue::Timestamp(s, n),
                _ => AttrValue::Text(STRING, *text),
            },
            _ => AttrValue::Text(STRING, *text),
        }
    }

    fn write<S: Sink + ?Sized>(&self, event: &Event<'e>, out: &mut S) {
        put_text_field(ID, &event.id, out);
        put_text_field(SOURCE, &event.source, out);
        let version = event.specversion.as_str().as_bytes();
        put_len_header(SPEC_VERSION, version.len(), out);
        out.put(version);
        put_text_field(TYPE, &event.ty, out);
        for (attr, text) in optional_attributes(event) {
            let value = self.core_value(attr, &text);
            put_entry(&Name::Static(attr.name()), &value, out);
        }
        if self.base64_v03 {
            put_entry(&Name::Static(DCE), &BASE64_VALUE, out);
        }
        for ext in event.extensions() {
            put_entry(&Name::Text(ext.name), &ext_value(&ext.value), out);
        }
        if let (Some((plan, len)), Some(data)) = (self.data, &event.data) {
            put_len_header(plan.field(), len, out);
            write_data(data, plan, out);
        }
    }
}

impl DataPlan<'_> {
    fn field(&self) -> u32 {
        match self {
            DataPlan::Text => TEXT_DATA,
            DataPlan::Binary => BINARY_DATA,
            DataPlan::Any | DataPlan::Wrapped(_) => PROTO_DATA,
        }
    }
}

/// `datacontentencoding`, written for 0.3 base64 data (V03-3).
const DCE: &str = Attr::DataContentEncoding.name();
const BASE64_VALUE: AttrValue<'static> = AttrValue::Text(STRING, Text::plain("base64"));

/// The core attributes that go in the `attributes` map, in writing order.
fn optional_attributes<'x, 'e>(
    event: &'x Event<'e>,
) -> impl Iterator<Item = (Attr, Text<'e>)> + 'x {
    core_attributes(event).filter(|(a, _)| !a.is_required())
}

/// `CloudEventAttributeValue` members (PROTO-2).
const BOOLEAN: u32 = 1;
const INTEGER: u32 = 2;
const STRING: u32 = 3;
const BYTES: u32 = 4;
const URI: u32 = 5;
const URI_REF: u32 = 6;
const TIMESTAMP: u32 = 7;

/// One attribute value as it is written.
#[derive(Clone, Copy)]
enum AttrValue<'e> {
    Boolean(bool),
    Integer(i32),
    /// A string member (`ce_string`, `ce_uri`, `ce_uri_ref`) with the
    /// decoded text.
    Text(u32, Text<'e>),
    /// `ce_bytes` of raw bytes.
    Bytes(&'e [u8]),
    /// A 0.3 Map value as its JSON text, in a `ce_string`.
    Str(&'e str),
    Timestamp(i64, i32),
}

/// How an extension value is typed: Boolean, Integer, Binary
/// (`BinaryAsBase64` texts) and timestamps read from Protobuf keep their
/// types; other Strings are `ce_string`.
fn ext_value<'e>(value: &Value<'e>) -> AttrValue<'e> {
    match value {
        Value::Boolean(b) => AttrValue::Boolean(*b),
        Value::Integer(i) => AttrValue::Integer(*i),
        Value::String(t) => match t.encoding() {
            TextEncoding::BinaryAsBase64 => AttrValue::Bytes(t.raw()),
            TextEncoding::ProtobufTimestamp => match crate::pbwire::timestamp_fields(t.raw()) {
                Some((s, n)) => AttrValue::Timestamp(s, n),
                None => AttrValue::Text(STRING, *t),
            },
            _ => AttrValue::Text(STRING, *t),
        },
        Value::Map(m) => AttrValue::Str(m),
    }
}

/// The length of a `CloudEventAttributeValue` message.
fn value_len(value: &AttrValue<'_>) -> usize {
    match value {
        AttrValue::Boolean(_) => 2,
        AttrValue::Integer(i) => 1 + varint_len(*i as i64 as u64),
        AttrValue::Text(member, t) => len_field_size(*member, t.decoded_len()),
        AttrValue::Bytes(b) => len_field_size(BYTES, b.len()),
        AttrValue::Str(s) => len_field_size(STRING, s.len()),
        AttrValue::Timestamp(s, n) => len_field_size(TIMESTAMP, timestamp_message_len(*s, *n)),
    }
}

/// The length of an `attributes` map entry (`key = 1`, `value = 2`).
fn entry_len(name_len: usize, value: &AttrValue<'_>) -> usize {
    entry_len_with(name_len, value_len(value))
}

/// [`entry_len`] with the value's length already known.
#[inline]
fn entry_len_with(name_len: usize, value_len: usize) -> usize {
    len_field_size(1, name_len) + len_field_size(2, value_len)
}

/// An attribute name: a static core name or an extension's [`Text`].
enum Name<'e> {
    Static(&'static str),
    Text(Text<'e>),
}

fn put_entry<S: Sink + ?Sized>(name: &Name<'_>, value: &AttrValue<'_>, out: &mut S) {
    let name_len = match name {
        Name::Static(s) => s.len(),
        Name::Text(t) => t.decoded_len(),
    };
    let value_len = value_len(value);
    put_len_header(ATTRIBUTES, entry_len_with(name_len, value_len), out);
    put_len_header(1, name_len, out);
    match name {
        Name::Static(s) => out.put(s.as_bytes()),
        Name::Text(t) => t.decode_to(out),
    }
    put_len_header(2, value_len, out);
    match value {
        AttrValue::Boolean(b) => out.put(&[key_of(BOOLEAN, VARINT) as u8, u8::from(*b)]),
        AttrValue::Integer(i) => {
            out.put_byte(key_of(INTEGER, VARINT) as u8);
            put_varint(*i as i64 as u64, out);
        }
        AttrValue::Text(member, t) => put_text_field(*member, t, out),
        AttrValue::Bytes(b) => {
            put_len_header(BYTES, b.len(), out);
            out.put(b);
        }
        AttrValue::Str(s) => {
            put_len_header(STRING, s.len(), out);
            out.put(s.as_bytes());
        }
        AttrValue::Timestamp(s, n) => {
            put_len_header(TIMESTAMP, timestamp_message_len(*s, *n), out);
            put_timestamp_message(*s, *n, out);
        }
    }
}

/// The size of a string field holding `t` decoded.
fn text_field_size(field: u32, t: &Text<'_>) -> usize {
    len_field_size(field, t.decoded_len())
}

fn put_text_field<S: Sink + ?Sized>(field: u32, t: &Text<'_>, out: &mut S) {
    put_len_header(field, t.decoded_len(), out);
    t.decode_to(out);
}

/// `time` as a `ce_timestamp` when the timestamp's text is exactly `t`
/// (UTC `Z`, a fraction of 0, 3, 6 or 9 digits, no leap second), else as a
/// `ce_string` that keeps the text.
fn time_plan(t: &Text<'_>) -> Time {
    if t.encoding() == TextEncoding::ProtobufTimestamp {
        if let Some((s, n)) = crate::pbwire::timestamp_fields(t.raw()) {
            return Time::Timestamp(s, n);
        }
    }
    let exact = t.with_decoded(|text| {
        // Only `...Z` texts with 0, 3, 6 or 9 fraction digits can be exact:
        // a cheap look before parsing.
        if !matches!(text.len(), 20 | 24 | 27 | 30) || text.last() != Some(&b'Z') {
            return None;
        }
        let ts = Timestamp::parse(text).ok()?;
        let (buf, len) = ts.format_grouped();
        (ts.second() < 60 && ts.is_utc_z() && &buf[..len] == text)
            .then(|| (ts.unix_timestamp(), ts.nanosecond() as i32))
    });
    match exact.flatten() {
        Some((s, n)) => Time::Timestamp(s, n),
        None => Time::String,
    }
}

/// Where the data goes (PROTO-4) and its payload length.
fn data_plan<'e>(event: &Event<'e>, data: &Data<'e>, base64_v03: bool) -> (DataPlan<'e>, usize) {
    match data {
        Data::Json(s) => (DataPlan::Text, s.len()),
        Data::Text(t) => (DataPlan::Text, t.decoded_len()),
        Data::Base64(t) if base64_v03 => (DataPlan::Text, t.decoded_len()),
        Data::Protobuf(any) => (DataPlan::Any, any.raw().len()),
        Data::Base64(_) | Data::Binary(_) => {
            let value_len = match data {
                Data::Binary(b) => b.len(),
                _ => {
                    let mut n = CountingSink(0);
                    data.write_bytes(&mut n);
                    n.0
                }
            };
            if let Some(url) = wrap_as_any(event) {
                let any_len = len_field_size(1, url.decoded_len()) + len_field_size(2, value_len);
                return (DataPlan::Wrapped(url), any_len);
            }
            if let Data::Binary(b) = data {
                if is_text(event, b) {
                    return (DataPlan::Text, b.len());
                }
            }
            (DataPlan::Binary, value_len)
        }
    }
}

/// The type URL for binary data that is a protobuf message: the
/// `dataschema` of an event whose `datacontenttype` is
/// `application/protobuf` (PROTO-4).
fn wrap_as_any<'e>(event: &Event<'e>) -> Option<Text<'e>> {
    let ct = event.datacontenttype?;
    let schema = event
        .dataschema
        .filter(|_| event.specversion == SpecVersion::V1_0)?;
    ct.with_decoded(spec::media::is_protobuf)?.then_some(schema)
}

/// True for bytes that are text by their content type: UTF-8 of a textual
/// type, JSON included (PROTO-4: text goes to `text_data`).
fn is_text(event: &Event<'_>, bytes: &[u8]) -> bool {
    let Some(ct) = event.datacontenttype else {
        return false;
    };
    ct.with_decoded(spec::media::is_text).unwrap_or(false) && core::str::from_utf8(bytes).is_ok()
}

fn write_data<S: Sink + ?Sized>(data: &Data<'_>, plan: DataPlan<'_>, out: &mut S) {
    match (plan, data) {
        (DataPlan::Text, Data::Json(s)) => out.put(s.as_bytes()),
        // 0.3 base64 text goes out as the text it is.
        (DataPlan::Text, Data::Text(t) | Data::Base64(t)) => t.decode_to(out),
        (DataPlan::Any, Data::Protobuf(any)) => out.put(any.raw()),
        (DataPlan::Wrapped(url), _) => {
            let mut n = CountingSink(0);
            data.write_bytes(&mut n);
            put_text_field(1, &url, out);
            put_len_header(2, n.0, out);
            data.write_bytes(out);
        }
        _ => data.write_bytes(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::vec::Vec;

    #[test]
    fn time_as_timestamp_only_when_exact() {
        for (text, exact) in [
            ("2024-05-01T12:00:00Z", true),
            ("2024-05-01T12:00:00.120Z", true),
            ("2024-05-01T12:00:00.123456Z", true),
            ("2024-05-01T12:00:00.123456789Z", true),
            ("2024-05-01T12:00:00.12Z", false),
            ("2024-05-01T12:00:00.000Z", false),
            ("2024-05-01T12:00:00+02:00", false),
            ("2024-05-01T12:00:00z", false),
            ("2016-12-31T23:59:60Z", false),
        ] {
            let exact_now = matches!(time_plan(&Text::plain(text)), Time::Timestamp(..));
            assert_eq!(exact_now, exact, "{text}");
        }
    }

    #[test]
    fn lengths_match_the_bytes_written() {
        let events: &[&[u8]] = &[
            br#"{"specversion":"1.0","id":"\u0031","source":"/s","type":"t"}"#,
            br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","dataschema":"https://x/s","subject":"caf\u00e9","time":"2024-05-01T12:00:00+01:00","a":-5,"b":true,"c":"x","data":"hi"}"#,
            br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"2024-05-01T12:00:00.5Z","data_base64":"AAEC"}"#,
            br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"application/protobuf","dataschema":"https://type.googleapis.com/x.Y","data_base64":"CAE="}"#,
            br#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"/r","datacontentencoding":"base64","m":{"k":1},"data":"Zm9v"}"#,
        ];
        for json in events {
            let e = Event::from_json(json).unwrap();
            let mut out = Vec::new();
            write_event(&e, &mut out);
            assert_eq!(
                out.len(),
                encoded_len(&e),
                "{}",
                std::string::String::from_utf8_lossy(json)
            );
        }
    }
}
