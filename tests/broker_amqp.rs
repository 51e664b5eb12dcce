//! AMQP against the real RabbitMQ on 127.0.0.1:5672 (guest/guest):
//! AMQP 0-9-1 through `lapin` (`adapters::lapin`) and AMQP 1.0 through
//! `fe2o3-amqp` (`adapters::fe2o3_amqp`; RabbitMQ 3.x needs the
//! `rabbitmq_amqp1_0` plugin, 4.x speaks AMQP 1.0 natively), binary mode
//! (both prefixes, typed values) and structured mode (AMQP-2..8).
//!
//! Skipped with a message when the broker is not running, failed under
//! `CI=true` (`tests/support/broker.rs`).
#![cfg(all(feature = "lapin", feature = "fe2o3-amqp"))]

#[path = "support/broker.rs"]
mod broker;

use broker::{available, binary_expectation, check, events, unique, within, Values, RABBITMQ};
use cloudevents_codec::adapters::{fe2o3_amqp as ce_amqp1, lapin as ce_lapin};
use cloudevents_codec::binding::amqp::{self, AmqpScratch, Separator};
use cloudevents_codec::binding::ContentMode;
use cloudevents_codec::Event;
use lapin::options::{
    BasicGetOptions, BasicPublishOptions, QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties};
use std::io::{Read, Write};
use std::time::Duration;

const URL: &str = "amqp://guest:guest@127.0.0.1:5672";

async fn channel() -> (Connection, Channel) {
    let connection = within(
        "an AMQP 0-9-1 connection",
        Connection::connect(&format!("{URL}/%2f"), ConnectionProperties::default()),
    )
    .await
    .expect("connect to RabbitMQ (guest/guest)");
    let channel = within("a channel", connection.create_channel())
        .await
        .unwrap();
    (connection, channel)
}

/// The three ways the AMQP tests send an event.
#[derive(Debug, Clone, Copy)]
enum Way {
    /// Binary mode with the default `cloudEvents_` prefix.
    Binary,
    /// Binary mode with the older `cloudEvents:` prefix.
    BinaryColon,
    Structured,
}

const WAYS: [Way; 3] = [Way::Binary, Way::BinaryColon, Way::Structured];

impl Way {
    fn mode(self) -> ContentMode {
        match self {
            Way::Structured => ContentMode::Structured,
            _ => ContentMode::Binary,
        }
    }

    /// What reading gives back: AMQP keeps Integer and Boolean types.
    fn expectation(self, json: &str) -> String {
        match self {
            Way::Structured => json.to_owned(),
            _ => binary_expectation(json, Values::Typed),
        }
    }
}

/// An event as lapin publishes it.
fn lapin_message(json: &str, way: Way) -> (BasicProperties, Vec<u8>) {
    let event = Event::from_json(json.as_bytes()).unwrap();
    let (mut properties, mut body) = (BasicProperties::default(), Vec::new());
    match way {
        Way::Binary => {
            ce_lapin::write_binary(&event, &mut properties, &mut body).unwrap();
        }
        Way::BinaryColon => {
            // The `PropertySink` for lapin's `FieldTable`, through the
            // binding directly.
            let mut table = FieldTable::default();
            let written =
                amqp::write_binary_with(&event, Separator::Colon, &mut table, &mut body).unwrap();
            properties = properties.with_headers(table);
            if let Some(ct) = written.content_type {
                properties = properties.with_content_type(ct.to_string().into());
            }
        }
        Way::Structured => {
            ce_lapin::write_structured(&event, &mut properties, &mut body);
        }
    }
    (properties, body)
}

// AMQP-2..8 mapped onto AMQP 0-9-1 headers (lapin): both prefixes, typed
// values, `timestamp` in seconds, structured mode.
#[tokio::test]
async fn amqp_lapin_0_9_1_binary_and_structured() {
    if !available("amqp_lapin_0_9_1_binary_and_structured", &RABBITMQ) {
        return;
    }
    let (connection, channel) = channel().await;
    let queue = unique("amqp091");
    within(
        "declare a queue",
        channel.queue_declare(
            queue.as_str().into(),
            QueueDeclareOptions {
                exclusive: true,
                auto_delete: true,
                ..Default::default()
            },
            FieldTable::default(),
        ),
    )
    .await
    .unwrap();
    for json in events() {
        for way in WAYS {
            let (properties, body) = lapin_message(json, way);
            let confirm = within(
                "publish",
                channel.basic_publish(
                    "".into(),
                    queue.as_str().into(),
                    BasicPublishOptions::default(),
                    &body,
                    properties,
                ),
            )
            .await
            .unwrap();
            within("the publish", confirm).await.unwrap();
        }
    }
    for json in events() {
        for way in WAYS {
            let delivery = within("a message", async {
                loop {
                    let got = channel
                        .basic_get(queue.as_str().into(), BasicGetOptions { no_ack: true })
                        .await
                        .unwrap();
                    match got {
                        Some(message) => return message,
                        None => tokio::time::sleep(Duration::from_millis(20)).await,
                    }
                }
            })
            .await;
            let mut scratch = AmqpScratch::new();
            let label = format!("AMQP 0-9-1, {way:?}");
            check(
                &label,
                ce_lapin::read_message(&delivery, &mut scratch),
                way.mode(),
                &way.expectation(json),
            );
            if let Way::Binary = way {
                assert_lapin_types(json, &delivery.properties);
            }
        }
    }
    within("delete the queue", async {
        channel
            .queue_delete(queue.as_str().into(), QueueDeleteOptions::default())
            .await
    })
    .await
    .unwrap();
    let _ = connection.close(200, "done".into()).await;
}

/// The AMQP 0-9-1 types on the wire: Integer as `long-int`, Boolean as
/// `boolean`, `time` as a `timestamp` in **seconds** when it is a whole
/// second, else as its string.
fn assert_lapin_types(json: &str, properties: &BasicProperties) {
    let headers = properties.headers().as_ref().unwrap().inner();
    let header = |name: &str| headers.get(name);
    let event = Event::from_json(json.as_bytes()).unwrap();
    if event.extension("intext").is_some() {
        assert_eq!(header("cloudEvents_intext"), Some(&AMQPValue::LongInt(42)));
        assert_eq!(
            header("cloudEvents_boolyes"),
            Some(&AMQPValue::Boolean(true))
        );
    }
    match event.time().map(|t| t.to_string()).as_deref() {
        Some("2026-11-28T13:11:25Z") => assert_eq!(
            header("cloudEvents_time"),
            Some(&AMQPValue::Timestamp(1_795_871_485))
        ),
        Some(text) => match header("cloudEvents_time") {
            Some(AMQPValue::LongString(s)) => assert_eq!(s.as_bytes(), text.as_bytes()),
            other => panic!("sub-second time sent as {other:?}"),
        },
        None => assert!(header("cloudEvents_time").is_none()),
    }
}

/// RabbitMQ's version from the server properties of an AMQP 0-9-1
/// `connection.start` (lapin does not expose them): 3.x takes AMQP 1.0
/// addresses `/amq/queue/NAME`, 4.x `/queues/NAME`.
fn rabbitmq_major_version() -> u32 {
    let mut socket = std::net::TcpStream::connect("127.0.0.1:5672").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    socket.write_all(b"AMQP\x00\x00\x09\x01").unwrap();
    let mut frame = Vec::new();
    let mut buf = [0u8; 4096];
    // The field `version`, type `S` (long string): a 4-byte length, the text.
    let key = b"\x07versionS";
    let version = loop {
        let n = socket.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "RabbitMQ closed the connection before connection.start"
        );
        frame.extend_from_slice(&buf[..n]);
        if let Some(at) = frame.windows(key.len()).position(|w| w == key) {
            let text = &frame[at + key.len()..];
            if let Some(len) = text.get(..4) {
                let len = u32::from_be_bytes(len.try_into().unwrap()) as usize;
                if let Some(v) = text.get(4..4 + len) {
                    break v.to_vec();
                }
            }
        }
        assert!(frame.len() < 65536, "no version in connection.start");
    };
    let digits: Vec<u8> = version
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    String::from_utf8(digits).unwrap().parse().unwrap()
}

// AMQP-2..8 over AMQP 1.0 (fe2o3-amqp): both prefixes, typed application
// properties (`timestamp` in milliseconds), structured mode.
#[tokio::test]
async fn amqp_fe2o3_1_0_binary_and_structured() {
    use fe2o3_amqp::types::messaging::{ApplicationProperties, Body, Data, Message, Properties};
    use fe2o3_amqp::types::primitives::{Binary, SimpleValue, Value};
    use fe2o3_amqp::{Receiver, Sender, Session};

    if !available("amqp_fe2o3_1_0_binary_and_structured", &RABBITMQ) {
        return;
    }
    // The queue is declared over AMQP 0-9-1, where it is simplest across
    // RabbitMQ versions, and deleted at the end.
    let (connection, channel) = channel().await;
    let queue = unique("amqp10");
    within(
        "declare a queue",
        channel.queue_declare(
            queue.as_str().into(),
            QueueDeclareOptions::default(),
            FieldTable::default(),
        ),
    )
    .await
    .unwrap();
    let address = match rabbitmq_major_version() {
        ..=3 => format!("/amq/queue/{queue}"),
        _ => format!("/queues/{queue}"),
    };

    let mut amqp = within(
        "an AMQP 1.0 connection",
        fe2o3_amqp::Connection::open(unique("c"), URL),
    )
    .await
    .unwrap_or_else(|e| {
        panic!(
            "AMQP 1.0 connection to RabbitMQ: {e:?} (RabbitMQ 3.x needs \
             `rabbitmq-plugins enable rabbitmq_amqp1_0`)"
        )
    });
    let mut session = within("a session", Session::begin(&mut amqp))
        .await
        .unwrap();
    let mut sender = within(
        "a sender",
        Sender::attach(&mut session, "sender", address.as_str()),
    )
    .await
    .unwrap();
    let mut receiver = within(
        "a receiver",
        Receiver::attach(&mut session, "receiver", address.as_str()),
    )
    .await
    .unwrap();

    for json in events() {
        for way in WAYS {
            let event = Event::from_json(json.as_bytes()).unwrap();
            let message = match way {
                Way::Binary => ce_amqp1::binary_message(&event).unwrap(),
                Way::BinaryColon => {
                    // The `PropertySink` for `ApplicationProperties`,
                    // through the binding directly.
                    let (mut properties, mut data) = (ApplicationProperties::default(), Vec::new());
                    let written = amqp::write_binary_with(
                        &event,
                        Separator::Colon,
                        &mut properties,
                        &mut data,
                    )
                    .unwrap();
                    let mut message = Message::builder()
                        .application_properties(properties)
                        .data(Binary::from(data))
                        .build();
                    if let Some(ct) = written.content_type {
                        message.properties = Some(Properties {
                            content_type: Some(ct.to_string().into()),
                            ..Default::default()
                        });
                    }
                    message
                }
                Way::Structured => ce_amqp1::structured_message(&event),
            };
            let outcome = within("send", sender.send::<Data>(message)).await.unwrap();
            assert!(outcome.is_accepted(), "{outcome:?}");
        }
    }
    for json in events() {
        for way in WAYS {
            let delivery = within("a message", receiver.recv::<Body<Value>>())
                .await
                .unwrap();
            let mut scratch = AmqpScratch::new();
            let label = format!("AMQP 1.0, {way:?}");
            check(
                &label,
                ce_amqp1::read_message(delivery.message(), &mut scratch),
                way.mode(),
                &way.expectation(json),
            );
            if let Way::Binary = way {
                // The AMQP 1.0 types on the wire (AMQP-5, AMQP-6).
                let properties = &delivery
                    .message()
                    .application_properties
                    .as_ref()
                    .unwrap()
                    .0;
                let event = Event::from_json(json.as_bytes()).unwrap();
                if event.extension("intext").is_some() {
                    assert_eq!(
                        properties.get("cloudEvents_intext"),
                        Some(&SimpleValue::Long(42))
                    );
                    assert_eq!(
                        properties.get("cloudEvents_boolno"),
                        Some(&SimpleValue::Bool(false))
                    );
                }
                let time = properties.get("cloudEvents_time");
                match event.time().map(|t| t.to_string()).as_deref() {
                    Some(t) if t.ends_with(".123456789Z") => {
                        assert!(matches!(time, Some(SimpleValue::String(s)) if s == t));
                    }
                    Some(_) => assert!(matches!(time, Some(SimpleValue::Timestamp(_)))),
                    None => assert!(time.is_none()),
                }
            }
            within("accept", receiver.accept(&delivery)).await.unwrap();
        }
    }
    let _ = within("close the sender", sender.close()).await;
    let _ = within("close the receiver", receiver.close()).await;
    let _ = within("end the session", session.end()).await;
    let _ = within("close the connection", amqp.close()).await;
    within("delete the queue", async {
        channel
            .queue_delete(queue.as_str().into(), QueueDeleteOptions::default())
            .await
    })
    .await
    .unwrap();
    let _ = connection.close(200, "done".into()).await;
}
