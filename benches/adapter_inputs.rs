//! The inputs and measured steps of the adapter benches (`adapters.rs`)
//! and of their allocation test (`tests/adapters_alloc.rs`), so the test
//! asserts what the benches measure.
//!
//! For each event of a corpus profile, one message per client built in
//! memory from the same binary-mode headers and payload (no broker): an
//! `rdkafka::message::OwnedMessage` (its `OwnedHeaders` is librdkafka's
//! native header list), an `async_nats::Message` (`HeaderMap`) and a
//! `rumqttc` MQTT 5 `Publish` (User Properties), beside the same headers in
//! a `HeaderBuf` for the binding alone.

// Each target uses part of this module.
#![allow(dead_code)]

use async_nats::HeaderMap;
use bytes::{Bytes, BytesMut};
use cloudevents_codec::adapters::async_nats as ce_nats;
use cloudevents_codec::adapters::rdkafka::{self as ce_kafka, RecordBuf};
use cloudevents_codec::adapters::rumqttc::v5 as ce_mqtt;
use cloudevents_codec::binding::mqtt::{self, MqttVersion};
use cloudevents_codec::binding::{kafka, nats, HeaderBuf, Message};
use cloudevents_codec::Event;
use cloudevents_codec_corpus::{self as corpus, Profile};
use rdkafka::message::{Header, OwnedHeaders, OwnedMessage, Timestamp};
use rumqttc::v5::mqttbytes::v5::{Publish, PublishProperties};
use rumqttc::v5::mqttbytes::QoS;

/// What a read reduces an event to: decoded lengths of `id`, `source` and
/// `type` and the number of extensions (the bindings bench's
/// `binary_ours_sum`), so every path provably read the same events.
pub fn sum(e: &Event<'_>) -> u64 {
    (e.id().decoded_len() + e.source().decoded_len() + e.ty().decoded_len() + e.extensions().len())
        as u64
}

fn binary(message: Result<Message<'_>, cloudevents_codec::Error>) -> u64 {
    match message.unwrap() {
        Message::Binary(e) => sum(&e),
        _ => unreachable!("the inputs are binary mode"),
    }
}

/// One profile's events and their messages, per client.
pub struct Inputs {
    pub events: Vec<Vec<u8>>,
    pub kafka: Vec<(HeaderBuf, Option<Vec<u8>>)>,
    pub rdkafka: Vec<OwnedMessage>,
    pub nats: Vec<(HeaderBuf, Vec<u8>)>,
    pub async_nats: Vec<async_nats::Message>,
    pub mqtt: Vec<(HeaderBuf, Option<Vec<u8>>, Vec<u8>)>,
    pub rumqttc: Vec<Publish>,
}

impl Inputs {
    /// The first `count` events of `profile` (seed `seed`) that have at
    /// most `max_extensions` extensions.
    pub fn new(profile: Profile, count: usize, seed: u64, max_extensions: usize) -> Inputs {
        let mut generator = corpus::Generator::new(profile, seed);
        let mut events = Vec::with_capacity(count);
        while events.len() < count {
            let mut out = Vec::new();
            generator.write_event(&mut out);
            let keep = Event::from_json(&out).unwrap().extensions().len() <= max_extensions;
            if keep {
                events.push(out);
            }
        }
        let mut inputs = Inputs {
            events: Vec::new(),
            kafka: Vec::new(),
            rdkafka: Vec::new(),
            nats: Vec::new(),
            async_nats: Vec::new(),
            mqtt: Vec::new(),
            rumqttc: Vec::new(),
        };
        for json in &events {
            inputs.add(&Event::from_json(json).unwrap());
        }
        inputs.events = events;
        inputs
    }

    fn add(&mut self, event: &Event<'_>) {
        // Kafka: the binding's headers, and the same as rdkafka's.
        let (mut headers, mut value) = (HeaderBuf::new(), Vec::new());
        let has_value = kafka::write_binary(event, &mut headers, &mut value)
            .unwrap()
            .has_body;
        let value = has_value.then_some(value);
        let mut owned = OwnedHeaders::new();
        for (name, v) in &headers {
            owned = owned.insert(Header {
                key: std::str::from_utf8(name).unwrap(),
                value: Some(v),
            });
        }
        self.rdkafka.push(OwnedMessage::new(
            value.clone(),
            None,
            "events".into(),
            Timestamp::NotAvailable,
            0,
            0,
            Some(owned),
        ));
        self.kafka.push((headers, value));

        // NATS.
        let (mut headers, mut payload) = (HeaderBuf::new(), Vec::new());
        nats::write_binary(event, &mut headers, &mut payload).unwrap();
        let mut map = HeaderMap::new();
        ce_nats::write_binary(event, &mut map, &mut BytesMut::new()).unwrap();
        self.async_nats.push(async_nats::Message {
            subject: "events".into(),
            reply: None,
            payload: Bytes::from(payload.clone()),
            headers: Some(map),
            status: None,
            description: None,
            length: payload.len(),
        });
        self.nats.push((headers, payload));

        // MQTT 5: User Properties and the Content Type property.
        let (mut headers, mut payload) = (HeaderBuf::new(), Vec::new());
        let written = mqtt::write_binary(event, &mut headers, &mut payload).unwrap();
        let content_type = written.content_type.map(|t| t.to_string().into_bytes());
        let mut properties = PublishProperties::default();
        ce_mqtt::write_binary(event, &mut properties, &mut Vec::new()).unwrap();
        self.rumqttc.push(Publish::new(
            "events",
            QoS::AtLeastOnce,
            payload.clone(),
            Some(properties),
        ));
        self.mqtt.push((headers, content_type, payload));
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Parses the structured events (borrowing `self.events`).
    pub fn parsed(&self) -> Vec<Event<'_>> {
        self.events
            .iter()
            .map(|e| Event::from_json(e).unwrap())
            .collect()
    }
}

// Reading: headers and payload → event, reduced by `sum`.

pub fn read_kafka_binding(inputs: &Inputs) -> u64 {
    inputs
        .kafka
        .iter()
        .map(|(h, v)| binary(kafka::read(h, v.as_deref())))
        .sum()
}

pub fn read_rdkafka(inputs: &Inputs) -> u64 {
    inputs
        .rdkafka
        .iter()
        .map(|m| binary(ce_kafka::read_message(m)))
        .sum()
}

pub fn read_nats_binding(inputs: &Inputs) -> u64 {
    inputs
        .nats
        .iter()
        .map(|(h, p)| binary(nats::read(h, p)))
        .sum()
}

pub fn read_async_nats(inputs: &Inputs) -> u64 {
    inputs
        .async_nats
        .iter()
        .map(|m| binary(ce_nats::read_message(m)))
        .sum()
}

pub fn read_mqtt_binding(inputs: &Inputs) -> u64 {
    inputs
        .mqtt
        .iter()
        .map(|(h, ct, p)| binary(mqtt::read(MqttVersion::V5, ct.as_deref(), h, p)))
        .sum()
}

pub fn read_rumqttc(inputs: &Inputs) -> u64 {
    inputs
        .rumqttc
        .iter()
        .map(|p| binary(ce_mqtt::read_message(p)))
        .sum()
}

// Writing: event → the client's types, reduced to a byte or entry count.

/// The warm buffers the write steps reuse.
#[derive(Default)]
pub struct Buffers {
    pub headers: HeaderBuf,
    pub payload: Vec<u8>,
    pub key: Vec<u8>,
    pub record: RecordBuf,
}

/// The binding alone: Kafka headers, value and key into warm buffers.
pub fn write_kafka_binding(events: &[Event<'_>], b: &mut Buffers) -> u64 {
    let mut n = 0;
    for e in events {
        b.headers.clear();
        b.payload.clear();
        b.key.clear();
        kafka::write_binary(e, &mut b.headers, &mut b.payload).unwrap();
        kafka::write_key(e, &mut b.key);
        n += b.headers.len() + b.payload.len() + b.key.len();
    }
    n as u64
}

/// Into an rdkafka record: librdkafka's header list (built in C, freed
/// when dropped, as a producer does), the value and the key.
pub fn write_rdkafka(events: &[Event<'_>], b: &mut Buffers) -> u64 {
    let mut n = 0;
    for e in events {
        b.record.write_binary(e).unwrap();
        let record = b.record.future_record("events");
        n += record.payload.map_or(0, <[u8]>::len) + record.headers.is_some() as usize;
    }
    n as u64
}

/// The binding alone: NATS headers and payload into warm buffers.
pub fn write_nats_binding(events: &[Event<'_>], b: &mut Buffers) -> u64 {
    let mut n = 0;
    for e in events {
        b.headers.clear();
        b.payload.clear();
        nats::write_binary(e, &mut b.headers, &mut b.payload).unwrap();
        n += b.headers.len() + b.payload.len();
    }
    n as u64
}

/// Into async-nats' `HeaderMap` (a new map per message, as publishing
/// takes it by value).
pub fn write_async_nats(events: &[Event<'_>], b: &mut Buffers) -> u64 {
    let mut n = 0;
    for e in events {
        b.payload.clear();
        let mut map = HeaderMap::new();
        ce_nats::write_binary(e, &mut map, &mut b.payload).unwrap();
        n += map.len() + b.payload.len();
    }
    n as u64
}

/// The binding alone: MQTT 5 User Properties and payload into warm buffers.
pub fn write_mqtt_binding(events: &[Event<'_>], b: &mut Buffers) -> u64 {
    let mut n = 0;
    for e in events {
        b.headers.clear();
        b.payload.clear();
        mqtt::write_binary(e, &mut b.headers, &mut b.payload).unwrap();
        n += b.headers.len() + b.payload.len();
    }
    n as u64
}

/// Into rumqttc's `PublishProperties` (new per message, as publishing takes
/// them by value).
pub fn write_rumqttc(events: &[Event<'_>], b: &mut Buffers) -> u64 {
    let mut n = 0;
    for e in events {
        b.payload.clear();
        let mut properties = PublishProperties::default();
        ce_mqtt::write_binary(e, &mut properties, &mut b.payload).unwrap();
        n += properties.user_properties.len() + b.payload.len();
    }
    n as u64
}
