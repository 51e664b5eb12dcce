//! Owned binary-mode events (`EventBuf` from a binding's message, issue 15
//! item 2): every binding's constructor gives back, through `view()`, the
//! very event the borrowing reader gives (the same values in the same wire
//! encodings), without re-encoding JSON; the allocations of building one
//! are counted, and `view()` makes none.
#![cfg(feature = "bytes")]

#[path = "support/broker.rs"]
mod broker;
#[path = "support/counting_alloc.rs"]
mod counting_alloc;

use bytes::{Bytes, BytesMut};
use cloudevents_codec::binding::amqp::{self, AmqpScratch, AmqpValue};
use cloudevents_codec::binding::mqtt::{self, MqttVersion};
use cloudevents_codec::binding::{http, kafka, nats, ContentMode, HeaderBuf, Message, ReadOptions};
use cloudevents_codec::{Data, ErrorKind, Event, EventBuf, Text, Value, INLINE_EXTENSIONS};
use counting_alloc::allocations;

const fn assert_send_sync_static<T: Send + Sync + 'static>() {}
const _: () = assert_send_sync_static::<EventBuf>();

/// Every text of an event with its raw bytes and encoding, and the typed
/// values: equal lists mean the owned view is the borrowed event, wire
/// encodings included (`Event`'s `==` compares decoded values only).
fn wire(event: &Event<'_>) -> Vec<String> {
    fn text(label: &str, t: Option<Text<'_>>) -> String {
        match t {
            Some(t) => format!("{label}={:?}/{:?}", t.raw(), t.encoding()),
            None => format!("{label}=-"),
        }
    }
    let mut out = vec![
        format!("specversion={:?}", event.specversion()),
        text("id", Some(event.id())),
        text("source", Some(event.source())),
        text("type", Some(event.ty())),
        text("datacontenttype", event.datacontenttype()),
        text("dataschema", event.dataschema()),
        text("subject", event.subject()),
        text("time", event.time()),
    ];
    for ext in event.extensions() {
        let name = ext.name();
        let value = match ext.value() {
            Value::String(t) => text("string", Some(t)),
            other => format!("{other:?}"),
        };
        out.push(format!("{} {value}", text("ext", Some(name))));
    }
    out.push(match event.data() {
        None => "data=-".into(),
        Some(Data::Json(s)) => format!("json={s}"),
        Some(Data::Text(t)) => text("text", Some(t)),
        Some(Data::Base64(t)) => text("base64", Some(t)),
        Some(Data::Binary(b)) => format!("binary={b:?}"),
        Some(other) => format!("{other:?}"),
    });
    out
}

/// Asserts that `owned` is `borrowed`, value for value and encoding for
/// encoding, in `mode`.
fn same(label: &str, owned: &EventBuf, borrowed: &Event<'_>, mode: ContentMode) {
    assert_eq!(owned.mode(), mode, "{label}: mode");
    assert_eq!(owned.specversion(), borrowed.specversion(), "{label}");
    let view = owned.view();
    assert_eq!(&view, borrowed, "{label}: by value");
    assert_eq!(wire(&view), wire(borrowed), "{label}: wire encodings");
}

fn events() -> Vec<Event<'static>> {
    broker::events()
        .into_iter()
        .map(|json| Event::from_json(json.as_bytes()).unwrap())
        .collect()
}

// HTTP-11..17: values stay percent-encoded in the owned buffer; the body is
// the data, kept without a copy.
#[test]
fn eventbuf_from_http_matches_the_borrowed_read() {
    for event in events() {
        let (mut headers, mut body) = (HeaderBuf::new(), Vec::new());
        http::write_binary(&event, &mut headers, &mut body).unwrap();
        let body = Bytes::from(body);
        let copy = headers.clone();
        let borrowed = http::read(&copy, &body).unwrap().into_event().unwrap();
        let owned = EventBuf::from_http(&headers, body.clone(), &ReadOptions::new()).unwrap();
        same("http", &owned, &borrowed, ContentMode::Binary);
        if borrowed.data().is_some() {
            assert_eq!(owned.as_bytes().as_ptr(), body.as_ptr(), "the body is kept");
        }
        assert!(owned.copied_len() > 0);
        // Owned: the headers can go.
        drop(headers);
        assert_eq!(owned.view(), borrowed);
    }
    // The percent-encoded form itself is what is kept.
    let headers = [
        ("ce-specversion", "1.0"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
        ("ce-note", "%C3%BC%20%22q%22"),
    ];
    let owned = EventBuf::from_http(headers, Bytes::new(), &ReadOptions::new()).unwrap();
    let note = owned.view().extension("note").unwrap().as_text().unwrap();
    assert_eq!(note.raw(), b"%C3%BC%20%22q%22");
    assert!(note == "ü \"q\"");
    assert_eq!(
        owned.view().data(),
        None,
        "an empty body is no data (HTTP-7)"
    );
}

#[test]
fn eventbuf_from_http_structured_keeps_the_json_and_copies_nothing() {
    let json = Bytes::from(broker::events()[0].as_bytes().to_vec());
    let headers = [("content-type", "application/cloudevents+json")];
    let owned = EventBuf::from_http(headers, json.clone(), &ReadOptions::new()).unwrap();
    let borrowed = Event::from_json(&json).unwrap();
    let json = json.clone();
    same(
        "http structured",
        &owned,
        &borrowed,
        ContentMode::Structured,
    );
    assert_eq!(owned.copied_len(), 0);
    assert_eq!(owned.as_bytes().as_ptr(), json.as_ptr());
    assert_eq!(owned, EventBuf::from_json(json).unwrap());
}

// KAFKA-5: a null value is no data, an empty one empty data.
#[test]
fn eventbuf_from_kafka_matches_the_borrowed_read() {
    for event in events() {
        let (mut headers, mut value) = (HeaderBuf::new(), Vec::new());
        let written = kafka::write_binary(&event, &mut headers, &mut value).unwrap();
        let value = written.has_body.then(|| Bytes::from(value));
        let borrowed = kafka::read(&headers, value.as_deref())
            .unwrap()
            .into_event()
            .unwrap();
        let owned = EventBuf::from_kafka(&headers, value.clone(), &ReadOptions::new()).unwrap();
        same("kafka", &owned, &borrowed, ContentMode::Binary);
    }
    let headers: &[(&[u8], &[u8])] = &[
        (b"ce_specversion", b"1.0"),
        (b"ce_id", b"1"),
        (b"ce_source", b"/s"),
        (b"ce_type", b"t"),
    ];
    let null = EventBuf::from_kafka(headers.iter().copied(), None, &ReadOptions::new()).unwrap();
    assert_eq!(null.view().data(), None);
    let empty = EventBuf::from_kafka(
        headers.iter().copied(),
        Some(Bytes::new()),
        &ReadOptions::new(),
    )
    .unwrap();
    assert_eq!(empty.view().data(), Some(Data::Binary(b"")));
}

#[test]
fn eventbuf_from_nats_matches_the_borrowed_read() {
    for event in events() {
        let (mut headers, mut payload) = (HeaderBuf::new(), Vec::new());
        nats::write_binary(&event, &mut headers, &mut payload).unwrap();
        let payload = Bytes::from(payload);
        let borrowed = nats::read(&headers, &payload)
            .unwrap()
            .into_event()
            .unwrap();
        let owned = EventBuf::from_nats(&headers, payload.clone(), &ReadOptions::new()).unwrap();
        same("nats", &owned, &borrowed, ContentMode::Binary);
    }
}

// MQTT-3, MQTT-4: the content type is a PUBLISH property of its own.
#[test]
fn eventbuf_from_mqtt_matches_the_borrowed_read() {
    for event in events() {
        let (mut props, mut payload) = (HeaderBuf::new(), Vec::new());
        let written = mqtt::write_binary(&event, &mut props, &mut payload).unwrap();
        let ct = written.content_type.map(|t| t.raw().to_vec());
        let payload = Bytes::from(payload);
        let borrowed = mqtt::read(MqttVersion::V5, ct.as_deref(), &props, &payload)
            .unwrap()
            .into_event()
            .unwrap();
        let owned = EventBuf::from_mqtt(
            MqttVersion::V5,
            ct.as_deref(),
            &props,
            payload.clone(),
            &ReadOptions::new(),
        )
        .unwrap();
        same("mqtt", &owned, &borrowed, ContentMode::Binary);
    }
}

// AMQP-5, AMQP-6: typed properties keep their types; a timestamp is the
// formatted text, copied out of the reader's scratch space.
#[test]
fn eventbuf_from_amqp_keeps_typed_values() {
    let props = [
        ("cloudEvents_specversion", AmqpValue::String("1.0")),
        ("cloudEvents_id", AmqpValue::Symbol("a-1")),
        ("cloudEvents_source", AmqpValue::String("/s")),
        ("cloudEvents_type", AmqpValue::String("t")),
        ("cloudEvents_time", AmqpValue::Timestamp(1_522_949_460_123)),
        ("cloudEvents_n", AmqpValue::Long(5)),
        ("cloudEvents_flag", AmqpValue::Boolean(true)),
        ("cloudEvents_blob", AmqpValue::Binary(&[0, 1, 254, 255])),
        ("app", AmqpValue::Int(1)),
    ];
    let data = Bytes::from_static(b"\x00\x01");
    let ct = Some(&b"application/octet-stream"[..]);
    let mut scratch = AmqpScratch::new();
    let borrowed = amqp::read(ct, props, Some(&data), &mut scratch)
        .unwrap()
        .into_event()
        .unwrap();
    let owned = EventBuf::from_amqp(ct, props, Some(data.clone()), &ReadOptions::new()).unwrap();
    same("amqp", &owned, &borrowed, ContentMode::Binary);
    let view = owned.view();
    assert!(view.time().unwrap() == "2018-04-05T17:31:00.123Z");
    assert_eq!(view.extension("n").unwrap().as_i32(), Some(5));
    assert_eq!(view.extension("flag").unwrap().as_bool(), Some(true));
    assert!(view.extension("blob").unwrap().as_text().unwrap() == "AAH+/w==");
    // Structured AMQP keeps the JSON.
    let json = Bytes::from(broker::events()[3].as_bytes().to_vec());
    let owned = EventBuf::from_amqp(
        Some(b"application/cloudevents+json"),
        [],
        Some(json.clone()),
        &ReadOptions::new(),
    )
    .unwrap();
    assert_eq!(owned.mode(), ContentMode::Structured);
    assert_eq!(owned.view(), Event::from_json(&json).unwrap());
}

// The one generic constructor, from any binding's (or adapter's) message.
#[test]
fn eventbuf_from_message_owns_any_read() {
    let event = &events()[0];
    let (mut headers, mut body) = (HeaderBuf::new(), Vec::new());
    http::write_binary(event, &mut headers, &mut body).unwrap();
    let body = Bytes::from(body);
    let owned = {
        let message = http::read(&headers, &body).unwrap();
        EventBuf::from_message(message, &body).unwrap()
    };
    assert_eq!(owned.as_bytes().as_ptr(), body.as_ptr());
    drop(headers);
    assert_eq!(
        owned.view(),
        http::read(
            &{
                let mut h = HeaderBuf::new();
                http::write_binary(event, &mut h, &mut Vec::new()).unwrap();
                h
            },
            &body
        )
        .unwrap()
        .into_event()
        .unwrap()
    );

    // A body that is not the message's: the data is copied, still right.
    let elsewhere = {
        let (mut h, mut b) = (HeaderBuf::new(), Vec::new());
        http::write_binary(event, &mut h, &mut b).unwrap();
        let message = http::read(&h, &b).unwrap();
        EventBuf::from_message(message, &Bytes::new()).unwrap()
    };
    assert_eq!(elsewhere.view(), owned.view());
    assert_eq!(wire(&elsewhere.view()), wire(&owned.view()));

    // A batch: UnsupportedFormat; its elements are owned one by one over
    // the batch body, copying nothing.
    let mut batch = Vec::new();
    let all = events();
    let mut writer = cloudevents_codec::json::BatchWriter::new(&mut batch);
    for e in &all {
        writer.push(e).unwrap();
    }
    writer.finish();
    let batch = Bytes::from(batch);
    let headers = [("content-type", "application/cloudevents-batch+json")];
    let err = EventBuf::from_message(http::read(headers, &batch).unwrap(), &batch).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedFormat);
    let Message::Batch(reader) = http::read(headers, &batch).unwrap() else {
        panic!("not a batch")
    };
    let owned: Vec<EventBuf> = reader
        .map(|e| EventBuf::from_message(Message::Structured(e.unwrap()), &batch).unwrap())
        .collect();
    assert_eq!(owned.len(), all.len());
    for (o, e) in owned.iter().zip(&all) {
        assert_eq!(o.copied_len(), 0);
        assert_eq!(&o.view(), e);
    }
}

/// A binary-mode HTTP message of `event` (headers, body).
fn http_message(event: &Event<'_>) -> (HeaderBuf, Bytes) {
    let (mut headers, mut body) = (HeaderBuf::new(), Vec::new());
    http::write_binary(event, &mut headers, &mut body).unwrap();
    (headers, Bytes::from(body))
}

// Building allocates a bounded, documented number of times; viewing never.
#[test]
fn eventbuf_binary_allocations_are_counted() {
    let options = ReadOptions::new();
    for json in broker::events() {
        let event = Event::from_json(json.as_bytes()).unwrap();
        let (headers, body) = http_message(&event);
        let spill = usize::from(event.extensions().len() > INLINE_EXTENSIONS);
        // What the borrowing read allocates (nothing up to
        // INLINE_EXTENSIONS extensions, its growing list past that).
        let read = allocations(|| {
            let message = http::read_with(&headers, &body, &options).unwrap();
            assert_eq!(message.mode(), ContentMode::Binary);
        });
        assert_eq!(read == 0, spill == 0, "the read: {json}");
        // The read, then the positions (shared) and the copied values: two
        // allocations, plus one past INLINE_EXTENSIONS extensions. The body
        // moves in.
        let mut owned = None;
        let moved = body.clone();
        let n = allocations(|| {
            owned = Some(EventBuf::from_http(&headers, moved, &options).unwrap());
        });
        assert_eq!(n, read + 2 + spill, "from_http: {json}");
        let owned = owned.unwrap();
        if spill == 0 {
            let n = allocations(|| {
                let view = owned.view();
                assert!(view.id().decoded_len() > 0);
            });
            assert_eq!(n, 0, "view: {json}");
        }
        // Cloning: reference counts (the body is already shared here).
        let n = allocations(|| drop(owned.clone()));
        assert_eq!(n, 0, "clone");
        // from_message clones the body handle: with a shared `Bytes` (made
        // by `BytesMut::freeze` after a split, or static) no allocation.
        let mut shared = BytesMut::from(&body[..]);
        let shared = shared.split().freeze();
        let _keep = shared.clone();
        let message = http::read(&headers, &shared).unwrap();
        let n = allocations(|| {
            let _ = EventBuf::from_message(message, &shared).unwrap();
        });
        assert_eq!(n, 2 + spill, "from_message: {json}");
    }
}
