//! What the client adapters allocate (no broker needed: the clients'
//! message types are built in memory).
//!
//! - Reading from each client's received-message type into an `Event`
//!   allocates nothing (events with up to `INLINE_EXTENSIONS`
//!   extensions).
//! - Writing into each client's own header / property types allocates
//!   exactly what the client type needs to store the same headers when
//!   the application inserts them itself through the client's API: the
//!   codec adds no allocation of its own. The counts are printed
//!   (`cargo test --all-features --test broker_alloc -- --nocapture`) and
//!   quoted in the adapters' docs.
#![cfg(all(
    feature = "async-nats",
    feature = "rumqttc",
    feature = "lapin",
    feature = "fe2o3-amqp"
))]

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocations;

use cloudevents_codec::adapters::{
    async_nats as ce_nats, fe2o3_amqp as ce_amqp1, lapin as ce_lapin, rumqttc as ce_mqtt,
};
use cloudevents_codec::binding::amqp::AmqpScratch;
use cloudevents_codec::{json, Event};

/// Events with up to `INLINE_EXTENSIONS` extensions: every attribute and
/// extension type, a time with milliseconds and one with whole seconds,
/// text worth percent-encoding, JSON, text and binary data.
const EVENTS: &[&str] = &[
    r#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#,
    r#"{"specversion":"1.0","id":"A234-1234","source":"https://example.com/a?b=c","type":"com.example.e",
        "subject":"héllo wörld \"q\" 100%","time":"2018-04-05T17:31:00.123Z","dataschema":"http://x/schema",
        "datacontenttype":"application/json","traceparent":"00-4bf92f35-01","n":5,"b":true,
        "data":{"temperature":21.5,"list":[1,2,3]}}"#,
    r#"{"specversion":"1.0","id":"2","source":"/s","type":"t","time":"2018-04-05T17:31:00Z",
        "datacontenttype":"text/plain","data":"line\nbreak é"}"#,
    r#"{"specversion":"1.0","id":"3","source":"/s","type":"t","datacontenttype":"application/octet-stream",
        "data_base64":"AAEC/f7/"}"#,
];

/// Reads with `read` (once to warm `out`, then counted): no allocation.
fn assert_read_allocates_nothing(client: &str, input: &str, mut read: impl FnMut(&mut Vec<u8>)) {
    let mut out = Vec::new();
    read(&mut out);
    let n = allocations(|| {
        out.clear();
        read(&mut out);
    });
    assert_eq!(n, 0, "{client}: reading {input} allocated {n} times");
}

fn assert_same_event(label: &str, got: Event<'_>, json: &str, out: &mut Vec<u8>) {
    // Comparing and writing the event allocate nothing either.
    let want = Event::from_json(json.as_bytes()).unwrap();
    assert!(got.id() == want.id(), "{label}");
    json::write_event(&got, out);
}

#[test]
fn nats_adapter_allocations() {
    use async_nats::{HeaderMap, Message, Subject};
    for &input in EVENTS {
        let event = Event::from_json(input.as_bytes()).unwrap();
        // A payload sink with room already: only the client types count.
        let (mut headers, mut payload) = (HeaderMap::new(), bytes::BytesMut::with_capacity(4096));
        let written = allocations(|| {
            ce_nats::write_binary(&event, &mut headers, &mut payload).unwrap();
        });
        // The same headers stored by the application itself.
        let pairs: Vec<(String, String)> = ce_nats::header_items(&headers)
            .map(|(n, v)| (n.to_string(), v.as_str().to_owned()))
            .collect();
        let baseline = allocations(|| {
            let mut map = HeaderMap::new();
            for (name, value) in &pairs {
                map.append(name.as_str(), value.as_str());
            }
            std::hint::black_box(&map);
        });
        println!(
            "async-nats: {} headers: write_binary {written} allocations, HeaderMap::append alone {baseline}",
            pairs.len()
        );
        assert_eq!(written, baseline, "NATS: the codec's own allocations");

        let message = Message {
            subject: Subject::from_static("events"),
            reply: None,
            payload: payload.freeze(),
            headers: Some(headers),
            status: None,
            description: None,
            length: 0,
        };
        assert_read_allocates_nothing("async-nats", input, |out| {
            let got = ce_nats::read_message(&message)
                .unwrap()
                .into_event()
                .unwrap();
            assert_same_event("NATS", got, input, out);
        });
    }
}

#[test]
fn mqtt_adapter_allocations() {
    use rumqttc::v5::mqttbytes::v5::{Publish, PublishProperties};
    use rumqttc::v5::mqttbytes::QoS;
    for &input in EVENTS {
        let event = Event::from_json(input.as_bytes()).unwrap();
        // A payload sink with room already: only the client types count.
        let (mut properties, mut payload) =
            (PublishProperties::default(), Vec::with_capacity(4096));
        let written = allocations(|| {
            ce_mqtt::v5::write_binary(&event, &mut properties, &mut payload).unwrap();
        });
        let (pairs, content_type) = (
            properties.user_properties.clone(),
            properties.content_type.clone(),
        );
        let baseline = allocations(|| {
            let mut props = PublishProperties::default();
            for (name, value) in &pairs {
                props
                    .user_properties
                    .push((name.as_str().to_owned(), value.as_str().to_owned()));
            }
            props.content_type = content_type.as_deref().map(str::to_owned);
            std::hint::black_box(&props);
        });
        println!(
            "rumqttc v5: {} user properties: write_binary {written} allocations, pushing them alone {baseline}",
            pairs.len()
        );
        assert_eq!(written, baseline, "MQTT: the codec's own allocations");

        let publish = Publish::new("events", QoS::AtLeastOnce, payload, Some(properties));
        assert_read_allocates_nothing("rumqttc v5", input, |out| {
            let got = ce_mqtt::v5::read_message(&publish)
                .unwrap()
                .into_event()
                .unwrap();
            assert_same_event("MQTT 5", got, input, out);
        });
        let mut structured = Vec::new();
        ce_mqtt::v3_1_1::write_structured(&event, &mut structured);
        let publish = rumqttc::Publish::new("events", rumqttc::QoS::AtLeastOnce, structured);
        assert_read_allocates_nothing("rumqttc 3.1.1", input, |out| {
            let got = ce_mqtt::v3_1_1::read_message(&publish)
                .unwrap()
                .into_event()
                .unwrap();
            assert_same_event("MQTT 3.1.1", got, input, out);
        });
    }
}

#[test]
fn amqp_fe2o3_adapter_allocations() {
    use fe2o3_amqp::types::messaging::{ApplicationProperties, Body, Data, Message, Properties};
    use fe2o3_amqp::types::primitives::{Symbol, Value};
    for &input in EVENTS {
        let event = Event::from_json(input.as_bytes()).unwrap();
        let mut message = ce_amqp1::structured_message(&event);
        message.properties = None;
        // A payload sink with room already: only the client types count.
        let mut data = Vec::with_capacity(4096);
        let written = allocations(|| {
            ce_amqp1::write_binary(&event, &mut message, &mut data).unwrap();
        });
        let (properties, content_type) = (
            message.application_properties.clone().unwrap(),
            message
                .properties
                .as_ref()
                .and_then(|p| p.content_type.as_ref())
                .map(|s| s.as_str().to_owned()),
        );
        let baseline = allocations(|| {
            let mut table = ApplicationProperties::default();
            for (name, value) in properties.0.iter() {
                table.0.insert(name.as_str().to_owned(), value.clone());
            }
            let properties = content_type.as_ref().map(|ct| Properties {
                content_type: Some(Symbol::from(ct.as_str())),
                ..Default::default()
            });
            std::hint::black_box((&table, &properties));
        });
        println!(
            "fe2o3-amqp: {} application properties: write_binary {written} allocations, inserting them alone {baseline}",
            properties.0.len()
        );
        assert_eq!(written, baseline, "AMQP 1.0: the codec's own allocations");

        let received: Message<Body<Value>> = Message {
            header: None,
            delivery_annotations: None,
            message_annotations: None,
            properties: message.properties.clone(),
            application_properties: message.application_properties.clone(),
            body: Body::Data(vec![Data(data.clone().into())].into()),
            footer: None,
        };
        let mut scratch = AmqpScratch::new();
        assert_read_allocates_nothing("fe2o3-amqp", input, |out| {
            let got = ce_amqp1::read_message(&received, &mut scratch)
                .unwrap()
                .into_event()
                .unwrap();
            assert_same_event("AMQP 1.0", got, input, out);
        });
    }
}

#[test]
fn amqp_lapin_adapter_allocations() {
    use lapin::message::Delivery;
    use lapin::types::{FieldTable, ShortString};
    use lapin::BasicProperties;
    for &input in EVENTS {
        let event = Event::from_json(input.as_bytes()).unwrap();
        let mut properties = BasicProperties::default();
        let mut body = Vec::with_capacity(4096);
        let written = allocations(|| {
            ce_lapin::write_binary(&event, &mut properties, &mut body).unwrap();
        });
        let table = properties.headers().clone().unwrap();
        let content_type = properties.content_type().clone();
        let baseline = allocations(|| {
            let mut t = FieldTable::default();
            for (name, value) in table.inner() {
                t.insert(ShortString::from(name.as_str()), value.clone());
            }
            let mut p = BasicProperties::default().with_headers(t);
            if let Some(ct) = &content_type {
                p = p.with_content_type(ShortString::from(ct.as_str()));
            }
            std::hint::black_box(&p);
        });
        println!(
            "lapin: {} headers: write_binary {written} allocations, inserting them alone {baseline}",
            table.inner().len()
        );
        assert_eq!(written, baseline, "AMQP 0-9-1: the codec's own allocations");

        let mut delivery = Delivery::mock(1, "".into(), "events".into(), false, body.clone());
        delivery.properties = properties.clone();
        let mut scratch = AmqpScratch::new();
        assert_read_allocates_nothing("lapin", input, |out| {
            let got = ce_lapin::read_message(&delivery, &mut scratch)
                .unwrap()
                .into_event()
                .unwrap();
            assert_same_event("AMQP 0-9-1", got, input, out);
        });
    }
}
