//! The AMQP, MQTT (5 and 3.1.1) and NATS readers on one message cut from the
//! input: line 1 is the content type (empty = none), the next lines up to
//! the first blank line are properties `name:value` (split at the first
//! `:`), the rest is the payload/application data. For AMQP the first byte
//! of a property value picks its type (`b` boolean, `i` long, `u` ulong, `t`
//! timestamp, `y` symbol, `x` binary, `n` null, anything else a string of
//! the rest); names that are not UTF-8 are dropped. NATS gets the content
//! type as a `content-type` header.
//!
//! Oracle: no panics; every event read is written with that binding's
//! `write_binary` and read back as a binary message with the same
//! specversion/id/source/type, and a second round trip is a fixed point
//! (generations 2 and 3 write the same JSON and are equal).
#![no_main]

use cloudevents_codec::binding::amqp::{self, AmqpScratch, AmqpValue, PropertySink};
use cloudevents_codec::binding::mqtt::{self, MqttVersion};
use cloudevents_codec::binding::{nats, HeaderBuf, Message};
use cloudevents_codec::spec::media;
use cloudevents_codec::{json, Error, ErrorKind, Event};
use libfuzzer_sys::fuzz_target;

struct Parts<'a> {
    content_type: Option<&'a [u8]>,
    properties: Vec<(&'a [u8], &'a [u8])>,
    payload: &'a [u8],
    has_payload: bool,
}

fn split(input: &[u8]) -> Parts<'_> {
    let at = input.windows(2).position(|w| w == b"\n\n");
    let (head, payload, has_payload) = match at {
        Some(i) => (&input[..i], &input[i + 2..], true),
        None => (input, &[][..], false),
    };
    let mut lines = head.split(|&b| b == b'\n');
    let content_type = lines.next().filter(|l| !l.is_empty());
    let properties = lines
        .filter_map(|l| {
            let i = l.iter().position(|&b| b == b':')?;
            Some((&l[..i], &l[i + 1..]))
        })
        .collect();
    Parts {
        content_type,
        properties,
        payload,
        has_payload,
    }
}

fn to_json(e: &Event<'_>) -> String {
    let mut out = Vec::new();
    json::write_event(e, &mut out);
    String::from_utf8(out).expect("written JSON is UTF-8")
}

fn same_core(a: &Event<'_>, b: &Event<'_>) {
    assert_eq!(a.specversion(), b.specversion());
    assert_eq!(a.id().to_string(), b.id().to_string());
    assert_eq!(a.source().to_string(), b.source().to_string());
    assert_eq!(a.ty().to_string(), b.ty().to_string());
}

/// Two more generations through `round_trip`; the last two must agree.
fn fixed_point(e: &Event<'_>, round_trip: fn(&Event<'_>, &mut dyn FnMut(&Event<'_>))) {
    round_trip(e, &mut |second| {
        same_core(e, second);
        let json2 = to_json(second);
        round_trip(second, &mut |third| {
            same_core(second, third);
            assert_eq!(json2, to_json(third), "second round trip changed the event");
            assert_eq!(second, third);
        });
    });
}

fn consume(r: Result<Message<'_>, Error>, round_trip: fn(&Event<'_>, &mut dyn FnMut(&Event<'_>))) {
    match r {
        Ok(Message::Binary(e)) | Ok(Message::Structured(e)) => fixed_point(&e, round_trip),
        Ok(Message::Batch(_)) => panic!("no batch mode in this binding"),
        Ok(other) => panic!("unexpected message {other:?}"),
        Err(e) => drop(e.to_string()),
    }
}

// ---------------------------------------------------------------------------
// AMQP

fn text(b: &[u8]) -> Option<&str> {
    std::str::from_utf8(b).ok()
}

fn int(b: &[u8]) -> Option<i64> {
    text(b).and_then(|s| s.parse().ok())
}

fn amqp_value(v: &[u8]) -> AmqpValue<'_> {
    match v.split_first() {
        Some((b'b', rest)) => AmqpValue::Boolean(rest == b"true"),
        Some((b'i', rest)) if int(rest).is_some() => AmqpValue::Long(int(rest).unwrap()),
        Some((b'u', rest)) if text(rest).and_then(|s| s.parse::<u64>().ok()).is_some() => {
            AmqpValue::ULong(text(rest).unwrap().parse().unwrap())
        }
        Some((b't', rest)) if int(rest).is_some() => AmqpValue::Timestamp(int(rest).unwrap()),
        Some((b'y', rest)) if text(rest).is_some() => AmqpValue::Symbol(text(rest).unwrap()),
        Some((b'x', rest)) => AmqpValue::Binary(rest),
        Some((b'n', _)) => AmqpValue::Null,
        _ => AmqpValue::String(text(v).unwrap_or("")),
    }
}

/// An owned copy of a written property.
#[derive(Debug)]
enum Owned {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Timestamp(i64),
    String(String),
    Symbol(String),
    Binary(Vec<u8>),
}

#[derive(Default, Debug)]
struct Props(Vec<(String, Owned)>);

impl PropertySink for Props {
    fn property(&mut self, name: &str, value: AmqpValue<'_>) {
        let v = match value {
            AmqpValue::Null => Owned::Null,
            AmqpValue::Boolean(b) => Owned::Bool(b),
            AmqpValue::UByte(i) => Owned::UInt(i.into()),
            AmqpValue::UShort(i) => Owned::UInt(i.into()),
            AmqpValue::UInt(i) => Owned::UInt(i.into()),
            AmqpValue::ULong(i) => Owned::UInt(i),
            AmqpValue::Byte(i) => Owned::Int(i.into()),
            AmqpValue::Short(i) => Owned::Int(i.into()),
            AmqpValue::Int(i) => Owned::Int(i.into()),
            AmqpValue::Long(i) => Owned::Int(i),
            AmqpValue::Timestamp(i) => Owned::Timestamp(i),
            AmqpValue::String(s) => Owned::String(s.to_owned()),
            AmqpValue::Symbol(s) => Owned::Symbol(s.to_owned()),
            AmqpValue::Binary(b) => Owned::Binary(b.to_vec()),
            other => panic!("unknown AmqpValue {other:?}"),
        };
        self.0.push((name.to_owned(), v));
    }
}

impl Props {
    fn iter(&self) -> impl Iterator<Item = (&str, AmqpValue<'_>)> {
        self.0.iter().map(|(n, v)| {
            let v = match v {
                Owned::Null => AmqpValue::Null,
                Owned::Bool(b) => AmqpValue::Boolean(*b),
                Owned::Int(i) => AmqpValue::Long(*i),
                Owned::UInt(i) => AmqpValue::ULong(*i),
                Owned::Timestamp(i) => AmqpValue::Timestamp(*i),
                Owned::String(s) => AmqpValue::String(s),
                Owned::Symbol(s) => AmqpValue::Symbol(s),
                Owned::Binary(b) => AmqpValue::Binary(b),
            };
            (n.as_str(), v)
        })
    }
}

/// True when `datacontenttype` is a CloudEvents format media type, which
/// `write_binary` refuses (`Conflict`): it would select structured or
/// batch mode on the way back.
fn ce_content_type(e: &Event<'_>) -> bool {
    let mut ct = Vec::new();
    if let Some(t) = e.datacontenttype() {
        t.decode_to(&mut ct);
    }
    e.datacontenttype().is_some() && media::content_mode(&ct) != media::ContentMode::Binary
}

fn amqp_round_trip(e: &Event<'_>, check: &mut dyn FnMut(&Event<'_>)) {
    let mut props = Props::default();
    let mut data = Vec::new();
    let ct = match amqp::write_binary(e, &mut props, &mut data) {
        // Extension names of any length (one limit for every binding).
        Ok(written) => written.content_type,
        Err(err) if err.kind() == ErrorKind::Conflict && ce_content_type(e) => {
            assert!(props.0.is_empty() && data.is_empty(), "wrote before refusing");
            return;
        }
        Err(err) => panic!("AMQP write failed: {err}\nevent: {}", to_json(e)),
    };
    assert!(!ce_content_type(e), "wrote a CloudEvents content type in binary mode");
    let mut ct_bytes = Vec::new();
    if let Some(ct) = ct {
        ct.decode_to(&mut ct_bytes);
    }
    let ct = ct.map(|_| &ct_bytes[..]);
    let data = e.data().map(|_| &data[..]);
    let mut scratch = AmqpScratch::new();
    match amqp::read(ct, props.iter(), data, &mut scratch) {
        Ok(Message::Binary(again)) => check(&again),
        other => panic!(
            "written AMQP message does not read back as binary: {other:?}\nevent: {}\nproperties: {props:?}",
            to_json(e)
        ),
    };
}

// ---------------------------------------------------------------------------
// MQTT 5

fn mqtt_round_trip(e: &Event<'_>, check: &mut dyn FnMut(&Event<'_>)) {
    let mut props = HeaderBuf::default();
    let mut payload = Vec::new();
    let ct = match mqtt::write_binary(e, &mut props, &mut payload) {
        Ok(written) => written.content_type,
        Err(err) if err.kind() == ErrorKind::Conflict && ce_content_type(e) => {
            assert!(props.is_empty() && payload.is_empty(), "wrote before refusing");
            return;
        }
        Err(err) => panic!("MQTT write failed: {err}\nevent: {}", to_json(e)),
    };
    assert!(!ce_content_type(e), "wrote a CloudEvents content type in binary mode");
    let mut ct_bytes = Vec::new();
    if let Some(ct) = ct {
        ct.decode_to(&mut ct_bytes);
    }
    let ct = ct.map(|_| &ct_bytes[..]);
    match mqtt::read(MqttVersion::V5, ct, &props, &payload) {
        Ok(Message::Binary(again)) => check(&again),
        other => panic!(
            "written MQTT message does not read back as binary: {other:?}\nevent: {}\nproperties: {props:?}",
            to_json(e)
        ),
    };
}

// ---------------------------------------------------------------------------
// NATS

fn nats_round_trip(e: &Event<'_>, check: &mut dyn FnMut(&Event<'_>)) {
    let mut headers = HeaderBuf::default();
    let mut payload = Vec::new();
    nats::write_binary(e, &mut headers, &mut payload).expect("NATS write");
    match nats::read(&headers, &payload) {
        Ok(Message::Binary(again)) => check(&again),
        other => panic!(
            "written NATS message does not read back as binary: {other:?}\nevent: {}\nheaders: {headers:?}",
            to_json(e)
        ),
    };
}

fuzz_target!(|input: &[u8]| {
    let parts = split(input);

    // AMQP
    let props: Vec<(&str, AmqpValue<'_>)> = parts
        .properties
        .iter()
        .filter_map(|&(n, v)| Some((std::str::from_utf8(n).ok()?, amqp_value(v))))
        .collect();
    let data = parts.has_payload.then_some(parts.payload);
    let mut scratch = AmqpScratch::new();
    consume(
        amqp::read(parts.content_type, props, data, &mut scratch),
        amqp_round_trip,
    );

    // MQTT
    for version in [MqttVersion::V5, MqttVersion::V3_1_1] {
        consume(
            mqtt::read(
                version,
                parts.content_type,
                parts.properties.iter().copied(),
                parts.payload,
            ),
            mqtt_round_trip,
        );
    }

    // NATS
    let mut headers = parts.properties.clone();
    if let Some(ct) = parts.content_type {
        headers.push((b"content-type", ct));
    }
    consume(nats::read(headers, parts.payload), nats_round_trip);
});
