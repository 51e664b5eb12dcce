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
    type Case<'a> = (&'a str, ContentMode, Option<&'a [u8]>, Option<&'a [u8]>);
    let cases: [Case<'_>; 5] = [
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

/// The pipeline example (`examples/kafka_to_nats.rs`) run as child
/// processes: two bridges in one Kafka consumer group, two workers on one
/// JetStream pull consumer.
#[cfg(all(feature = "async-nats", feature = "cesql"))]
mod pipeline {
    use super::*;
    use broker::{available, skip, NATS};
    use rdkafka::consumer::Consumer;
    use std::collections::{BTreeMap, BTreeSet};
    use std::io::BufRead;
    use std::path::PathBuf;
    use std::process::{Child, ChildStdin, Command, Stdio};
    use std::sync::mpsc;

    /// The example's binary, which `cargo test` builds beside the tests
    /// (a run limited with `--test` builds none: build it with
    /// `cargo build --example kafka_to_nats --features rdkafka,async-nats,cesql`).
    fn example() -> Option<PathBuf> {
        let deps = std::env::current_exe().ok()?.parent()?.to_path_buf();
        let path = deps
            .parent()?
            .join("examples")
            .join(format!("kafka_to_nats{}", std::env::consts::EXE_SUFFIX));
        path.exists().then_some(path)
    }

    /// A child process whose output lines arrive on a channel, tagged with
    /// its name; killed when dropped (a failed test leaves none behind).
    struct Member {
        name: &'static str,
        child: Child,
        stdin: Option<ChildStdin>,
    }

    impl Member {
        fn start(
            name: &'static str,
            exe: &PathBuf,
            args: &[&str],
            lines: &mpsc::Sender<(&'static str, String)>,
        ) -> Member {
            let mut child = Command::new(exe)
                .args(args)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("start {}: {e}", exe.display()));
            for (tag, out) in [
                (
                    name,
                    Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
                ),
                ("stderr", Box::new(child.stderr.take().unwrap())),
            ] {
                let sender = lines.clone();
                std::thread::spawn(move || {
                    for line in std::io::BufReader::new(out).lines() {
                        let Ok(line) = line else { break };
                        let line = if tag == "stderr" {
                            format!("{name}: {line}")
                        } else {
                            line
                        };
                        if sender.send((tag, line)).is_err() {
                            break;
                        }
                    }
                });
            }
            let stdin = child.stdin.take();
            Member { name, child, stdin }
        }

        /// Closes its standard input (the example's signal to finish) and
        /// waits, bounded, for a successful exit.
        fn finish(&mut self) {
            self.stdin.take();
            let deadline = Instant::now() + broker::WAIT;
            loop {
                if let Some(status) = self.child.try_wait().unwrap() {
                    assert!(status.success(), "{} exited with {status}", self.name);
                    return;
                }
                assert!(Instant::now() < deadline, "{} did not exit", self.name);
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    impl Drop for Member {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// What the children said, by member.
    #[derive(Default)]
    struct Seen {
        assigned: BTreeMap<&'static str, BTreeSet<i32>>,
        /// member → (partition, id) in order.
        published: BTreeMap<&'static str, Vec<(i32, String)>>,
        processed: BTreeMap<&'static str, Vec<String>>,
        ready: usize,
    }

    impl Seen {
        fn take(&mut self, (member, line): (&'static str, String)) {
            if member == "stderr" {
                eprintln!("{line}");
                return;
            }
            let mut words = line.split(' ');
            match (words.next(), words.next(), words.next()) {
                (Some("ready"), None, None) => self.ready += 1,
                (Some("assigned"), partitions, None) => {
                    let set = partitions
                        .unwrap_or("")
                        .split(',')
                        .filter(|p| !p.is_empty())
                        .map(|p| p.parse().unwrap())
                        .collect();
                    self.assigned.insert(member, set);
                }
                (Some("published"), Some(p), Some(id)) => self
                    .published
                    .entry(member)
                    .or_default()
                    .push((p.parse().unwrap(), id.to_owned())),
                (Some("processed"), Some(id), None) => self
                    .processed
                    .entry(member)
                    .or_default()
                    .push(id.to_owned()),
                _ => panic!("{member}: unexpected line {line:?}"),
            }
        }

        /// Takes lines until `done` holds, for at most `within`.
        fn until(
            &mut self,
            lines: &mpsc::Receiver<(&'static str, String)>,
            what: &str,
            within: Duration,
            done: impl Fn(&Seen) -> bool,
        ) {
            let deadline = Instant::now() + within;
            while !done(self) {
                let left = deadline.saturating_duration_since(Instant::now());
                match lines.recv_timeout(left) {
                    Ok(line) => self.take(line),
                    Err(_) => panic!("timed out after {within:?} waiting for {what}"),
                }
            }
        }

        /// Both bridges have partitions, none shared, all covered.
        fn balanced(&self, partitions: i32) -> bool {
            let (Some(a), Some(b)) = (self.assigned.get("bridge-1"), self.assigned.get("bridge-2"))
            else {
                return false;
            };
            !a.is_empty()
                && !b.is_empty()
                && a.is_disjoint(b)
                && a.union(b).copied().collect::<BTreeSet<_>>() == (0..partitions).collect()
        }

        fn processed_count(&self) -> usize {
            self.processed.values().map(Vec::len).sum()
        }
    }

    /// Asserts that the members' items are each seen exactly once overall
    /// and that every member saw some: nothing lost, nothing duplicated,
    /// the work shared.
    fn exactly_once(
        what: &str,
        by_member: &BTreeMap<&str, Vec<String>>,
        expected: &BTreeSet<String>,
    ) {
        let mut all = BTreeSet::new();
        for (member, items) in by_member {
            assert!(
                !items.is_empty(),
                "{what}: {member} got nothing: the work was not shared"
            );
            for id in items {
                assert!(
                    all.insert(id.clone()),
                    "{what}: {id} twice (again in {member})"
                );
            }
        }
        let missing: Vec<_> = expected.difference(&all).collect();
        let extra: Vec<_> = all.difference(expected).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{what}: missing {missing:?}, unexpected {extra:?}"
        );
        assert_eq!(by_member.len(), 2, "{what}: two members");
    }

    // Item 5 of issue 15: two bridge processes in one consumer group share
    // the topic's 4 partitions; every matching event is published once and
    // processed once by one of two workers sharing a JetStream pull
    // consumer; the group's committed offsets reach the end of every
    // partition. The mock cluster lives in this process; its brokers are
    // TCP listeners on 127.0.0.1, which the child processes join.
    #[test]
    fn kafka_pipeline_two_consumers_share_partitions() {
        const TEST: &str = "kafka_pipeline_two_consumers_share_partitions";
        const PARTITIONS: i32 = 4;
        const EVENTS: usize = 2000;
        if !available(TEST, &NATS) {
            return;
        }
        let Some(exe) = example() else {
            skip(
                TEST,
                "the kafka_to_nats example is not built (`cargo test` builds it unless \
                 limited with --test): cargo build --example kafka_to_nats --features \
                 rdkafka,async-nats,cesql",
            );
            return;
        };
        let topic = unique("kafka-pipeline");
        let cluster = cluster(&topic, PARTITIONS);
        let bootstrap = cluster.bootstrap_servers();
        assert!(
            bootstrap.starts_with("127.0.0.1:"),
            "loopback only: {bootstrap}"
        );
        let group = unique("bridges");
        let stream = unique("pipeline");
        let subject = format!("{stream}.events");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let js = runtime.block_on(async {
            let client = within("a NATS connection", async_nats::connect("127.0.0.1:4222"))
                .await
                .expect("connect to NATS");
            async_nats::jetstream::new(client)
        });

        let (send, lines) = mpsc::channel();
        let common = ["--stream", &stream, "--subject", &subject];
        let worker_args = [&["--work", "workers"][..], &common].concat();
        let mut workers = [
            Member::start("worker-1", &exe, &worker_args, &send),
            Member::start("worker-2", &exe, &worker_args, &send),
        ];
        let mut seen = Seen::default();
        seen.until(&lines, "both workers ready", broker::WAIT, |s| s.ready == 2);

        let filter = "type = 'com.example.reading'";
        let bridge_args = [
            &[
                "--brokers",
                &bootstrap,
                "--topic",
                &topic,
                "--group",
                &group,
                "--filter",
                filter,
                "--batch",
                "32",
                "--print",
            ][..],
            &common,
        ]
        .concat();
        let mut bridges = [
            Member::start("bridge-1", &exe, &bridge_args, &send),
            Member::start("bridge-2", &exe, &bridge_args, &send),
        ];
        drop(send);
        seen.until(
            &lines,
            "the group to share the partitions",
            Duration::from_secs(60),
            |s| s.balanced(PARTITIONS),
        );

        // Readings pass the filter, heartbeats do not; keys spread them
        // over the partitions.
        let producer: BaseProducer = producer_config(&bootstrap).create().unwrap();
        let mut buf = RecordBuf::new();
        let mut expected = BTreeSet::new();
        for i in 0..EVENTS {
            let kind = if i % 4 == 3 { "heartbeat" } else { "reading" };
            let json = format!(
                r#"{{"specversion":"1.0","id":"e{i}","source":"/sensors/{s}","type":"com.example.{kind}",
                    "partitionkey":"sensor-{s}","data":{{"seq":{i},"note":"ü"}}}}"#,
                s = i % 16
            );
            if kind == "reading" {
                expected.insert(format!("e{i}"));
            }
            buf.write_binary(&Event::from_json(json.as_bytes()).unwrap())
                .unwrap();
            producer
                .send(buf.base_record(&topic))
                .map_err(|(e, _)| e)
                .expect("enqueue");
            producer.poll(Duration::ZERO);
        }
        producer.flush(broker::WAIT).expect("deliver every record");

        seen.until(
            &lines,
            "the workers to process every event",
            Duration::from_secs(60),
            |s| s.processed_count() >= expected.len(),
        );
        // Time for a duplicate to show up, then a clean stop.
        std::thread::sleep(Duration::from_secs(1));
        for member in bridges.iter_mut().chain(workers.iter_mut()) {
            member.finish();
        }
        while let Ok(line) = lines.recv_timeout(Duration::from_secs(5)) {
            seen.take(line);
        }

        // Each bridge published only from its own partitions.
        for (bridge, published) in &seen.published {
            let mine = &seen.assigned[bridge];
            for (p, id) in published {
                assert!(
                    mine.contains(p),
                    "{bridge} published {id} from partition {p}, not its own {mine:?}"
                );
            }
        }
        let published: BTreeMap<&str, Vec<String>> = seen
            .published
            .iter()
            .map(|(m, v)| (*m, v.iter().map(|(_, id)| id.clone()).collect()))
            .collect();
        exactly_once("published by the bridges", &published, &expected);
        exactly_once("processed by the workers", &seen.processed, &expected);

        // Offsets were committed after publishing, up to the end of every
        // partition.
        let reader: BaseConsumer = consumer_config(&bootstrap, &group).create().unwrap();
        let committed = reader
            .committed_offsets(from_start(&topic, PARTITIONS), broker::WAIT)
            .expect("the group's committed offsets");
        for p in 0..PARTITIONS {
            let (_, end) = reader.fetch_watermarks(&topic, p, broker::WAIT).unwrap();
            let offset = committed.find_partition(&topic, p).unwrap().offset();
            assert_eq!(
                offset,
                Offset::Offset(end),
                "partition {p}: committed offset"
            );
        }
        runtime
            .block_on(within("delete the stream", js.delete_stream(&stream)))
            .unwrap();
    }
}
