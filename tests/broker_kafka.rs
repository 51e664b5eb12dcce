//! Kafka through the real rdkafka client (`adapters::rdkafka`) against
//! librdkafka's mock cluster (`rdkafka::mocking::MockCluster`): no Kafka
//! broker is installable here, and the mock cluster is the Kafka protocol
//! served by librdkafka itself on 127.0.0.1, in this process. Records go
//! out through `FutureProducer` and `BaseProducer` and come back through
//! `StreamConsumer` and `BaseConsumer` (borrowed and detached messages),
//! in binary and structured mode (KAFKA-1..9).
//!
//! The mock cluster runs in-process, so these tests never skip.
//! `kafka_pipeline_two_consumers_share_partitions` also needs NATS with
//! JetStream and follows the skip rule of `tests/support/broker.rs`.
#![cfg(feature = "rdkafka")]

#[path = "support/broker.rs"]
mod broker;
#[path = "support/kafka.rs"]
mod kafka;

use broker::{binary_expectation, check, events, unique, within, Values};
use cloudevents_codec::adapters::rdkafka::{self as ce_kafka, RecordBuf};
use cloudevents_codec::binding::ContentMode;
use cloudevents_codec::{ErrorKind, Event};
use kafka::{cluster, consumer_config, producer_config, FutureProducer, StreamConsumer};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Header, Headers, Message as _, OwnedHeaders, OwnedMessage};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{Offset, TopicPartitionList};
use std::time::{Duration, Instant};

const MODES: [ContentMode; 2] = [ContentMode::Binary, ContentMode::Structured];

/// What a read in `mode` gives back for `json`: Kafka headers carry
/// extension values as strings (KAFKA-6, TYPE-10).
fn expectation(json: &str, mode: ContentMode) -> String {
    match mode {
        ContentMode::Binary => binary_expectation(json, Values::Strings),
        _ => json.to_owned(),
    }
}

/// Writes `json` in `mode` into `buf`.
fn write(buf: &mut RecordBuf, json: &str, mode: ContentMode) {
    let event = Event::from_json(json.as_bytes()).unwrap();
    match mode {
        ContentMode::Binary => {
            buf.write_binary(&event).unwrap();
        }
        _ => {
            buf.write_structured(&event);
        }
    }
}

/// Partitions `0..partitions` of `topic`, each from its first record.
fn from_start(topic: &str, partitions: i32) -> TopicPartitionList {
    let mut list = TopicPartitionList::new();
    for p in 0..partitions {
        list.add_partition_offset(topic, p, Offset::Beginning)
            .unwrap();
    }
    list
}

/// The value of the header `key` in a consumed message.
fn header<'m>(message: &'m impl rdkafka::Message, key: &str) -> Option<Option<&'m [u8]>> {
    let headers = message.headers()?;
    headers.iter().find(|h| h.key == key).map(|h| h.value)
}

/// Polls `consumer` for the next message, for at most [`broker::WAIT`].
fn poll(consumer: &BaseConsumer) -> OwnedMessage {
    let deadline = Instant::now() + broker::WAIT;
    while Instant::now() < deadline {
        if let Some(message) = consumer.poll(Duration::from_millis(100)) {
            return message.expect("consume a record").detach();
        }
    }
    panic!("no record within {:?}", broker::WAIT);
}

// KAFKA-1..9: every event in both modes through FutureProducer and
// StreamConsumer; the event borrows the consumed `BorrowedMessage`.
#[tokio::test]
async fn kafka_future_producer_stream_consumer_binary_and_structured() {
    let topic = unique("kafka-future");
    let cluster = cluster(&topic, 1);
    let bootstrap = cluster.bootstrap_servers();
    let producer: FutureProducer = producer_config(&bootstrap).create().unwrap();
    let mut buf = RecordBuf::new();
    for json in events() {
        for mode in MODES {
            write(&mut buf, json, mode);
            within(
                "a delivery report",
                producer.send(buf.future_record(&topic), Duration::from_secs(5)),
            )
            .await
            .map_err(|(e, _)| e)
            .expect("produce");
        }
    }

    let consumer: StreamConsumer = consumer_config(&bootstrap, &unique("group"))
        .create()
        .unwrap();
    consumer.assign(&from_start(&topic, 1)).unwrap();
    for json in events() {
        for mode in MODES {
            let message = within("a record", consumer.recv()).await.unwrap();
            let label = format!("{mode:?} {json}");
            check(
                &label,
                ce_kafka::read_message(&message),
                mode,
                &expectation(json, mode),
            );
            // Attribute headers are lowercase `ce_` names with raw UTF-8
            // values (KAFKA-6, KAFKA-8); no partitionkey, no key (KAFKA-3).
            if mode == ContentMode::Binary {
                assert_eq!(
                    header(&message, "ce_specversion"),
                    Some(Some(&b"1.0"[..])),
                    "{label}"
                );
            }
            assert_eq!(message.key(), None, "{label}");
            // An event without data is a record without a value (KAFKA-5).
            let event = Event::from_json(json.as_bytes()).unwrap();
            if mode == ContentMode::Binary && event.data().is_none() {
                assert_eq!(message.payload(), None, "{label}: a tombstone");
            }
        }
    }
}

// The same through BaseProducer and BaseConsumer, reading detached
// `OwnedMessage`s; and the free functions writing into a record built by
// hand.
#[test]
fn kafka_base_producer_base_consumer_owned_messages() {
    let topic = unique("kafka-base");
    let cluster = cluster(&topic, 1);
    let bootstrap = cluster.bootstrap_servers();
    let producer: BaseProducer = producer_config(&bootstrap).create().unwrap();
    let mut buf = RecordBuf::new();
    for json in events() {
        for mode in MODES {
            write(&mut buf, json, mode);
            producer
                .send(buf.base_record(&topic))
                .map_err(|(e, _)| e)
                .expect("enqueue");
        }
    }
    // The free functions: headers into the record's own `Option`, the
    // value into a buffer of the caller's.
    let json = events()[0];
    let event = Event::from_json(json.as_bytes()).unwrap();
    let (mut headers, mut value) = (None, Vec::new());
    let written = ce_kafka::write_binary(&event, &mut headers, &mut value).unwrap();
    assert!(written.has_body);
    let mut record: BaseRecord<'_, [u8], [u8]> = BaseRecord::to(&topic).payload(&value);
    record.headers = headers;
    producer.send(record).map_err(|(e, _)| e).expect("enqueue");
    let (mut headers, mut value) = (None, Vec::new());
    ce_kafka::write_structured(&event, &mut headers, &mut value);
    let mut record: BaseRecord<'_, [u8], [u8]> = BaseRecord::to(&topic).payload(&value);
    record.headers = headers;
    producer.send(record).map_err(|(e, _)| e).expect("enqueue");
    producer.flush(broker::WAIT).expect("deliver every record");

    let consumer: BaseConsumer = consumer_config(&bootstrap, &unique("group"))
        .create()
        .unwrap();
    consumer.assign(&from_start(&topic, 1)).unwrap();
    for json in events().into_iter().chain([json]) {
        for mode in MODES {
            let message: OwnedMessage = poll(&consumer);
            check(
                &format!("{mode:?} {json}"),
                ce_kafka::read_message(&message),
                mode,
                &expectation(json, mode),
            );
        }
    }
}

// KAFKA-3, E-71: the key comes from `partitionkey` unless the record's
// own key is set; either way `partitionkey` stays an attribute and the key
// never becomes one.
#[tokio::test]
async fn kafka_keys_caller_wins_then_partitionkey() {
    let topic = unique("kafka-keys");
    let cluster = cluster(&topic, 1);
    let bootstrap = cluster.bootstrap_servers();
    let producer: FutureProducer = producer_config(&bootstrap).create().unwrap();
    let with_key = r#"{"specversion":"1.0","id":"k1","source":"/s","type":"t","partitionkey":"sensor-ü-7","data":1}"#;
    let without = r#"{"specversion":"1.0","id":"k2","source":"/s","type":"t","data":2}"#;
    // (event, mode, the caller's key, the key expected on the record)
    let cases: [(&str, ContentMode, Option<&[u8]>, Option<&[u8]>); 5] = [
        (
            with_key,
            ContentMode::Binary,
            None,
            Some("sensor-ü-7".as_bytes()),
        ),
        (
            with_key,
            ContentMode::Structured,
            None,
            Some("sensor-ü-7".as_bytes()),
        ),
        (with_key, ContentMode::Binary, Some(b"mine"), Some(b"mine")),
        (without, ContentMode::Binary, None, None),
        (
            without,
            ContentMode::Structured,
            Some(b"mine"),
            Some(b"mine"),
        ),
    ];
    let mut buf = RecordBuf::new();
    for (json, mode, key, _) in cases {
        write(&mut buf, json, mode);
        let mut record = buf.future_record(&topic);
        if let Some(key) = key {
            record = record.key(key);
        }
        within(
            "a delivery report",
            producer.send(record, Duration::from_secs(5)),
        )
        .await
        .map_err(|(e, _)| e)
        .expect("produce");
    }
    let consumer: StreamConsumer = consumer_config(&bootstrap, &unique("group"))
        .create()
        .unwrap();
    consumer.assign(&from_start(&topic, 1)).unwrap();
    for (json, mode, key, expected_key) in cases {
        let message = within("a record", consumer.recv()).await.unwrap();
        let label = format!("{mode:?} {json} key {key:?}");
        assert_eq!(message.key(), expected_key, "{label}");
        check(
            &label,
            ce_kafka::read_message(&message),
            mode,
            &expectation(json, mode),
        );
    }
}

// KAFKA-5, E-67, E-68: null values. A structured record without a value
// is an error; a null attribute header value is an error; a binary record
// without a value is an event without data.
#[test]
fn kafka_null_values() {
    let topic = unique("kafka-null");
    let cluster = cluster(&topic, 1);
    let bootstrap = cluster.bootstrap_servers();
    let producer: BaseProducer = producer_config(&bootstrap).create().unwrap();
    let structured = OwnedHeaders::new().insert(Header {
        key: "content-type",
        value: Some("application/cloudevents+json"),
    });
    let binary = |id: Option<&'static str>| {
        OwnedHeaders::new()
            .insert(Header {
                key: "ce_specversion",
                value: Some("1.0"),
            })
            .insert(Header {
                key: "ce_id",
                value: id,
            })
            .insert(Header {
                key: "ce_source",
                value: Some("/s"),
            })
            .insert(Header {
                key: "ce_type",
                value: Some("t"),
            })
    };
    for headers in [structured, binary(None), binary(Some("tomb"))] {
        let record: BaseRecord<'_, [u8], [u8]> = BaseRecord::to(&topic).headers(headers);
        producer.send(record).map_err(|(e, _)| e).expect("enqueue");
    }
    producer.flush(broker::WAIT).expect("deliver every record");

    let consumer: BaseConsumer = consumer_config(&bootstrap, &unique("group"))
        .create()
        .unwrap();
    consumer.assign(&from_start(&topic, 1)).unwrap();
    let message = poll(&consumer);
    let error = ce_kafka::read_message(&message).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Syntax, "E-68: {error}");
    let message = poll(&consumer);
    let error = ce_kafka::read_message(&message).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidValue, "E-67: {error}");
    let message = poll(&consumer);
    let event = ce_kafka::read_message(&message)
        .unwrap()
        .into_event()
        .unwrap();
    assert!(event.id() == "tomb");
    assert!(event.data().is_none(), "KAFKA-5: a tombstone has no data");
}
