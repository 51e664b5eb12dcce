//! A Kafka → NATS JetStream bridge for CloudEvents, scaled out by the
//! engines' own groups: a Kafka consumer group shares the topic's
//! partitions among bridge processes, and a JetStream pull consumer shares
//! the published events among workers.
//!
//! Each record is read into a borrowing `Event` (no copy), filtered with
//! CloudEvents SQL, and transcoded from Kafka binary mode to NATS binary
//! mode without building an owned event: the attributes go from the
//! record's headers straight into NATS headers, the data from the record's
//! value into the NATS payload. Offsets are committed after JetStream has
//! acknowledged the published events (at-least-once, see below).
//!
//! ```text
//! cargo run --release --example kafka_to_nats --features rdkafka,async-nats,cesql -- [OPTIONS]
//!
//!   (no --brokers)       demo: starts librdkafka's mock cluster in this process,
//!                        produces --events generated events, bridges them all,
//!                        prints the throughput and exits
//!   --brokers HOST:PORT  join the consumer group on these brokers (a real Kafka
//!                        cluster, or a mock cluster's bootstrap servers) and
//!                        bridge until standard input closes (Ctrl-D)
//!   --work DURABLE       be a worker instead: pull from the JetStream consumer
//!                        DURABLE of --stream, print `processed ID` per event,
//!                        acknowledge it; until standard input closes
//!   --topic T            Kafka topic (cecodec-events)
//!   --group G            Kafka consumer group (cecodec-bridge)
//!   --filter EXPR        CESQL filter; records it does not match are skipped
//!   --nats URL           NATS server (127.0.0.1:4222)
//!   --stream S           JetStream stream (cecodec-events), created when missing
//!   --subject SUBJ       subject to publish to (cecodec.events)
//!   --events N           demo: how many events (20000)
//!   --partitions N       demo: topic partitions (4)
//!   --batch N            records per publish/commit batch (256)
//!   --print              print `assigned P,...` and `published P ID` lines
//! ```
//!
//! # Delivery: at-least-once, duplicates removed by JetStream
//!
//! A batch of records is published, every JetStream acknowledgement is
//! awaited, and only then are the batch's offsets committed. A bridge that
//! dies between publishing and committing leaves the records uncommitted:
//! the group hands its partitions to another member, which reads them again
//! from the last commit and publishes them again. Nothing is lost; the
//! repeats carry the same `Nats-Msg-Id` header (the event's `source` and
//! `id`, which identify a CloudEvent), so JetStream drops them within the
//! stream's duplicate window (two minutes by default).
//!
//! # What is measured
//!
//! The counting allocator counts the allocations made on the bridge's
//! thread inside the codec calls only: reading the record into an `Event`
//! and evaluating the filter (the codec: nothing is allocated), and
//! writing the NATS headers and payload (`adapters::async_nats::write_binary`:
//! what async-nats' `HeaderMap` stores per header, which
//! `tests/broker_alloc.rs` shows is all of it, plus the payload buffer's
//! occasional growth). librdkafka allocates in C, which no Rust allocator
//! sees.

use std::collections::BTreeMap;
use std::future::Future;
use std::io::Read;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer::PullConsumer, context::PublishAckFuture};
use async_nats::HeaderMap;
use bytes::BytesMut;
use cloudevents_codec::adapters::async_nats as ce_nats;
use cloudevents_codec::adapters::rdkafka::{self as ce_kafka, RecordBuf};
use cloudevents_codec::binding::Message;
use cloudevents_codec::cesql::Expression;
use cloudevents_codec::Event;
use futures_util::StreamExt;
use rdkafka::consumer::{CommitMode, Consumer, DefaultConsumerContext};
use rdkafka::message::Message as _;
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{BaseProducer, Producer};
use rdkafka::util::AsyncRuntime;
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

#[path = "../tests/support/counting_alloc.rs"]
mod counting_alloc;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// rdkafka's `StreamConsumer` on this program's tokio runtime (the
/// library leaves rdkafka's own `tokio` feature to the application).
struct Tokio;

impl AsyncRuntime for Tokio {
    type Delay = tokio::time::Sleep;
    fn spawn<T: Future<Output = ()> + Send + 'static>(task: T) {
        tokio::spawn(task);
    }
    fn delay_for(duration: Duration) -> Self::Delay {
        tokio::time::sleep(duration)
    }
}

type StreamConsumer = rdkafka::consumer::StreamConsumer<DefaultConsumerContext, Tokio>;

#[derive(Debug, Clone)]
struct Args {
    brokers: Option<String>,
    work: Option<String>,
    topic: String,
    group: String,
    filter: Option<String>,
    nats: String,
    stream: String,
    subject: String,
    events: usize,
    partitions: i32,
    batch: usize,
    print: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        brokers: None,
        work: None,
        topic: "cecodec-events".into(),
        group: "cecodec-bridge".into(),
        filter: None,
        nats: "127.0.0.1:4222".into(),
        stream: "cecodec-events".into(),
        subject: "cecodec.events".into(),
        events: 20_000,
        partitions: 4,
        batch: 256,
        print: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--print" {
            args.print = true;
            continue;
        }
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = |v: &str| v.parse::<usize>().map_err(|e| format!("{flag} {v}: {e}"));
        match flag.as_str() {
            "--brokers" => args.brokers = Some(value),
            "--work" => args.work = Some(value),
            "--topic" => args.topic = value,
            "--group" => args.group = value,
            "--filter" => args.filter = Some(value),
            "--nats" => args.nats = value,
            "--stream" => args.stream = value,
            "--subject" => args.subject = value,
            "--events" => args.events = number(&value)?,
            "--partitions" => args.partitions = number(&value)?.clamp(1, 1024) as i32,
            "--batch" => args.batch = number(&value)?.max(1),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(args)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("kafka_to_nats: {e} (see the options in examples/kafka_to_nats.rs)");
            return ExitCode::from(2);
        }
    };
    let result = match (&args.work, &args.brokers) {
        (Some(durable), _) => work(&args, durable).await,
        (None, Some(brokers)) => bridge(&args, brokers, Stop::OnStdinEof(stdin_closed())).await,
        (None, None) => demo(&args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kafka_to_nats: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Set once standard input reaches its end (a thread blocks on it).
fn stdin_closed() -> Arc<AtomicBool> {
    let closed = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&closed);
    std::thread::spawn(move || {
        let mut sink = [0u8; 256];
        let mut stdin = std::io::stdin();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
        flag.store(true, Ordering::Relaxed);
    });
    closed
}

/// When a bridge stops.
enum Stop {
    /// When standard input closes.
    OnStdinEof(Arc<AtomicBool>),
    /// After this many records (the demo knows how many it produced).
    After(usize),
}

/// What a bridge did, and what the codec calls allocated.
#[derive(Default)]
struct Stats {
    records: usize,
    published: usize,
    filtered: usize,
    invalid: usize,
    read_filter_allocations: usize,
    write_allocations: usize,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Stats {
    fn report(&self) {
        let seconds = match (self.first, self.last) {
            (Some(a), Some(b)) => (b - a).as_secs_f64().max(1e-9),
            _ => 0.0,
        };
        let per = |n: usize, of: usize| n as f64 / of.max(1) as f64;
        eprintln!(
            "bridge: {} records, {} published to NATS, {} filtered out, {} invalid, in {:.2} s: {:.0} records/s",
            self.records,
            self.published,
            self.filtered,
            self.invalid,
            seconds,
            if seconds > 0.0 { self.records as f64 / seconds } else { 0.0 },
        );
        eprintln!(
            "allocations per record: read + filter (the codec) {:.2}; \
             per published event, NATS headers and payload {:.2} \
             (the entries async-nats' HeaderMap owns; the codec adds none, tests/broker_alloc.rs)",
            per(self.read_filter_allocations, self.records),
            per(self.write_allocations, self.published),
        );
    }
}

/// The bridge: a member of the consumer group `args.group` on `brokers`.
async fn bridge(args: &Args, brokers: &str, stop: Stop) -> Result<(), Failure> {
    let filter = match &args.filter {
        Some(src) => Some(Expression::parse(src).map_err(|e| format!("--filter: {e}"))?),
        None => None,
    };
    let nats = async_nats::connect(&args.nats).await?;
    let js = jetstream::new(nats.clone());
    ensure_stream(&js, args).await?;

    let consumer: StreamConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", &args.group)
        .set("auto.offset.reset", "earliest")
        // Offsets are committed by hand, after JetStream's acknowledgements.
        .set("enable.auto.commit", "false")
        .set("session.timeout.ms", "6000")
        .create()?;
    consumer.subscribe(&[&args.topic])?;

    let mut stats = Stats::default();
    let mut batch = Batch::default();
    // Payloads are split off one buffer: a new block only when the
    // previous one is used up and still referenced by unsent messages.
    let mut payloads = BytesMut::with_capacity(1 << 20);
    let mut assigned = String::new();
    let mut last_check = Instant::now() - Duration::from_secs(1);
    loop {
        let done = match &stop {
            Stop::OnStdinEof(closed) => closed.load(Ordering::Relaxed),
            Stop::After(n) => stats.records >= *n,
        };
        if done {
            break;
        }
        if args.print && last_check.elapsed() >= Duration::from_millis(100) {
            last_check = Instant::now();
            report_assignment(&consumer, &mut assigned)?;
        }
        let message = match tokio::time::timeout(Duration::from_millis(50), consumer.recv()).await {
            // Nothing arrived: send what is pending.
            Err(_) => {
                batch.complete(&consumer, &args.topic).await?;
                continue;
            }
            Ok(Err(e)) => {
                eprintln!("kafka_to_nats: consume: {e}");
                continue;
            }
            Ok(Ok(message)) => message,
        };
        let now = Instant::now();
        stats.first.get_or_insert(now);
        stats.last = Some(now);
        stats.records += 1;
        batch.offset(message.partition(), message.offset());

        // The codec: the record read into a borrowing event, filtered.
        let before = counting_alloc::count();
        let read = ce_kafka::read_message(&message).map(Message::into_event);
        let keep = matches!(&read, Ok(Some(e)) if filter.as_ref().map_or(true, |f| f.matches(e)));
        stats.read_filter_allocations += counting_alloc::count() - before;
        let event = match read {
            Ok(Some(event)) if keep => event,
            Ok(_) => {
                stats.filtered += 1;
                continue;
            }
            Err(e) => {
                stats.invalid += 1;
                eprintln!(
                    "kafka_to_nats: partition {} offset {}: {e}",
                    message.partition(),
                    message.offset()
                );
                continue;
            }
        };

        // Transcoding: attributes into NATS headers, data into the payload.
        let mut headers = HeaderMap::new();
        let before = counting_alloc::count();
        let written = ce_nats::write_binary(&event, &mut headers, &mut payloads);
        stats.write_allocations += counting_alloc::count() - before;
        if let Err(e) = written {
            stats.invalid += 1;
            eprintln!("kafka_to_nats: {}: {e}", event.id());
            payloads.clear();
            continue;
        }
        let payload = payloads.split().freeze();
        headers.insert(
            async_nats::header::NATS_MESSAGE_ID,
            message_id(&event).as_str(),
        );
        let ack = js
            .publish_with_headers(args.subject.clone(), headers, payload)
            .await?;
        batch.acks.push(ack);
        stats.published += 1;
        if args.print {
            println!("published {} {}", message.partition(), event.id());
        }
        if batch.acks.len() >= args.batch {
            batch.complete(&consumer, &args.topic).await?;
        }
    }
    batch.complete(&consumer, &args.topic).await?;
    // The last commit is synchronous: leaving the group must not lose it
    // (it fails harmlessly when this member has no partitions).
    let _ = consumer.commit_consumer_state(CommitMode::Sync);
    nats.flush().await?;
    stats.report();
    Ok(())
}

/// The records of a batch: the published events' acknowledgements and the
/// highest offset consumed per partition.
#[derive(Default)]
struct Batch {
    acks: Vec<PublishAckFuture>,
    offsets: BTreeMap<i32, i64>,
}

impl Batch {
    fn offset(&mut self, partition: i32, offset: i64) {
        let last = self.offsets.entry(partition).or_insert(offset);
        *last = (*last).max(offset);
    }

    /// Awaits every acknowledgement, then commits the offsets after the
    /// batch's records. An acknowledgement that fails ends the bridge
    /// without committing: the group hands the records to a member again.
    async fn complete(&mut self, consumer: &StreamConsumer, topic: &str) -> Result<(), Failure> {
        for ack in self.acks.drain(..) {
            ack.await?;
        }
        if self.offsets.is_empty() {
            return Ok(());
        }
        let mut list = TopicPartitionList::new();
        for (&partition, &offset) in &self.offsets {
            list.add_partition_offset(topic, partition, Offset::Offset(offset + 1))?;
        }
        self.offsets.clear();
        // A commit refused during a rebalance is not an error here: the
        // partitions' new owner reads from the last commit, and JetStream
        // drops the repeats by `Nats-Msg-Id`.
        if let Err(e) = consumer.commit(&list, CommitMode::Async) {
            eprintln!("kafka_to_nats: commit: {e}");
        }
        Ok(())
    }
}

/// The JetStream deduplication key: `source` and `id` identify an event.
fn message_id(event: &Event<'_>) -> String {
    format!("{} {}", event.source(), event.id())
}

/// Prints `assigned P,...` when this member's partitions change.
fn report_assignment(consumer: &StreamConsumer, last: &mut String) -> Result<(), Failure> {
    let mut partitions: Vec<i32> = consumer
        .assignment()?
        .elements()
        .iter()
        .map(|e| e.partition())
        .collect();
    partitions.sort_unstable();
    let now = partitions
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    if now != *last {
        println!("assigned {now}");
        *last = now;
    }
    Ok(())
}

/// The stream the bridges publish to, created when missing.
///
/// Several processes start at once (two workers, two bridges) and may all
/// find the stream missing; the server then accepts one creation and
/// refuses the others (for some server versions with "subjects overlap
/// with an existing stream"). A refused creation is therefore not an
/// error when the stream exists afterwards.
async fn ensure_stream(js: &jetstream::Context, args: &Args) -> Result<(), Failure> {
    let config = jetstream::stream::Config {
        name: args.stream.clone(),
        subjects: vec![args.subject.clone()],
        storage: jetstream::stream::StorageType::Memory,
        max_age: Duration::from_secs(600),
        ..Default::default()
    };
    let mut attempt = 0;
    loop {
        let refused = match js.get_or_create_stream(config.clone()).await {
            Ok(_) => return Ok(()),
            Err(e) => e,
        };
        if js.get_stream(&args.stream).await.is_ok() {
            return Ok(());
        }
        attempt += 1;
        if attempt == 5 {
            return Err(refused.into());
        }
        tokio::time::sleep(Duration::from_millis(50 * attempt)).await;
    }
}

/// A worker: one of the members sharing the JetStream pull consumer
/// `durable`; each event goes to one of them.
async fn work(args: &Args, durable: &str) -> Result<(), Failure> {
    let closed = stdin_closed();
    let nats = async_nats::connect(&args.nats).await?;
    let js = jetstream::new(nats.clone());
    ensure_stream(&js, args).await?;
    let stream = js.get_stream(&args.stream).await?;
    let config = jetstream::consumer::pull::Config {
        durable_name: Some(durable.to_owned()),
        ack_policy: jetstream::consumer::AckPolicy::Explicit,
        ..Default::default()
    };
    // The other workers may create the same durable consumer at the same
    // moment; one creation wins and the consumer exists for everyone.
    let consumer: PullConsumer = match stream.get_or_create_consumer(durable, config).await {
        Ok(consumer) => consumer,
        Err(refused) => match stream.get_consumer(durable).await {
            Ok(consumer) => consumer,
            Err(_) => return Err(refused.into()),
        },
    };
    println!("ready");
    let mut processed = 0usize;
    while !closed.load(Ordering::Relaxed) {
        let mut messages = consumer
            .fetch()
            .max_messages(16)
            .expires(Duration::from_millis(200))
            .messages()
            .await?;
        while let Some(message) = messages.next().await {
            let message = message?;
            match ce_nats::read_message(&message).map(|m| m.into_event()) {
                Ok(Some(event)) => println!("processed {}", event.id()),
                Ok(None) => eprintln!("kafka_to_nats: a batch on NATS"),
                Err(e) => eprintln!("kafka_to_nats: {e}"),
            }
            // Acknowledged and confirmed: the server will not redeliver it.
            message.double_ack().await?;
            processed += 1;
        }
    }
    eprintln!("worker: {processed} events processed");
    Ok(())
}

/// The demo: a mock cluster in this process, generated events, one bridge.
async fn demo(args: &Args) -> Result<(), Failure> {
    let cluster = MockCluster::new(1)?;
    cluster.create_topic(&args.topic, args.partitions, 1)?;
    let brokers = cluster.bootstrap_servers();
    eprintln!(
        "demo: librdkafka's mock cluster at {brokers}, topic {} with {} partitions; producing {} events",
        args.topic, args.partitions, args.events
    );
    produce(&brokers, &args.topic, args.events)?;
    bridge(args, &brokers, Stop::After(args.events)).await?;
    let js = jetstream::new(async_nats::connect(&args.nats).await?);
    js.delete_stream(&args.stream).await?;
    Ok(())
}

/// Produces `n` generated events in binary mode, keyed by `partitionkey`
/// (64 sensors spread over the partitions); every fourth is a heartbeat,
/// the rest readings (try `--filter "type = 'com.example.reading'"`).
pub fn produce(brokers: &str, topic: &str, n: usize) -> Result<(), Failure> {
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("linger.ms", "5")
        .create()?;
    let mut record = RecordBuf::new();
    let mut json = String::new();
    for i in 0..n {
        json.clear();
        let kind = if i % 4 == 3 { "heartbeat" } else { "reading" };
        use std::fmt::Write as _;
        write!(
            json,
            r#"{{"specversion":"1.0","id":"{i}","source":"/sensors/{}","type":"com.example.{kind}",
                "time":"2026-01-01T00:00:00Z","partitionkey":"sensor-{}","datacontenttype":"application/json",
                "data":{{"celsius":{}.5,"seq":{i}}}}}"#,
            i % 64,
            i % 64,
            i % 40
        )?;
        let event = Event::from_json(json.as_bytes())?;
        record.write_binary(&event)?;
        let mut pending = record.base_record(topic);
        loop {
            match producer.send(pending) {
                Ok(()) => break,
                // The local queue is full: let deliveries drain it.
                Err((rdkafka::error::KafkaError::MessageProduction(_), back)) => {
                    producer.poll(Duration::from_millis(10));
                    pending = back;
                }
                Err((e, _)) => return Err(e.into()),
            }
        }
        producer.poll(Duration::ZERO);
    }
    producer.flush(Duration::from_secs(30))?;
    Ok(())
}
