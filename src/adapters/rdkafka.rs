//! Kafka through [`rdkafka`](https://docs.rs/rdkafka) (feature `rdkafka`),
//! over the [Kafka binding](crate::binding::kafka): consumed messages
//! ([`BorrowedMessage`](::rdkafka::message::BorrowedMessage),
//! [`OwnedMessage`]) read into a borrowing [`Event`], and events written
//! into records ([`FutureRecord`], [`BaseRecord`]) with
//! [`OwnedHeaders`].
//!
//! ```no_run
//! use cloudevents_codec::adapters::rdkafka::{read_message, RecordBuf};
//! use cloudevents_codec::Event;
//! use rdkafka::consumer::{BaseConsumer, Consumer};
//! use rdkafka::producer::{BaseProducer, Producer};
//! use rdkafka::ClientConfig;
//! use std::time::Duration;
//!
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = ClientConfig::new()
//!     .set("bootstrap.servers", "127.0.0.1:9092")
//!     .set("group.id", "readers")
//!     .clone();
//! let producer: BaseProducer = config.create()?;
//!
//! // Binary mode: `ce_` headers, the data as the value, the key from
//! // `partitionkey` (a key set on the record wins).
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
//!     "partitionkey":"sensor-7","data":{"x":1}}"#)?;
//! let mut record = RecordBuf::new(); // reuse it for every record
//! record.write_binary(&event)?;
//! producer.send(record.base_record("events")).map_err(|(e, _)| e)?;
//! producer.flush(Duration::from_secs(5))?;
//!
//! // Read: the event borrows the consumed message.
//! let consumer: BaseConsumer = config.create()?;
//! consumer.subscribe(&["events"])?;
//! if let Some(message) = consumer.poll(Duration::from_secs(5)) {
//!     let message = message?;
//!     let received = read_message(&message)?.into_event().unwrap();
//!     println!("{}", received.id());
//! }
//! # Ok(())
//! # }
//! ```
//!
//! With a `FutureProducer` (rdkafka's `tokio` feature) the record is
//! `record.future_record("events")`, sent with
//! `producer.send(record.future_record("events"), timeout).await`.
//!
//! # Keys
//!
//! The record key never becomes an attribute (KAFKA-3). [`RecordBuf`] takes
//! the key from the `partitionkey` extension when the event has one (the
//! binding's key mapper, [`kafka::write_key`]); a key the caller sets on the
//! record (`.key(...)`) replaces it. The free functions [`write_binary`]
//! and [`write_structured`] leave the key to the caller.
//!
//! # What it costs
//!
//! Reading allocates nothing in Rust: the headers are iterated in
//! librdkafka's own list (librdkafka parses a consumed message's headers
//! into that list in C on first access, whoever reads them). Writing into a
//! warm [`RecordBuf`] allocates nothing in Rust either: the value and key
//! are written into its reused buffers, and each header goes straight into
//! librdkafka's native header list with `rd_kafka_header_add`, which
//! allocates in C (one block per header plus the list's growth) as any
//! rdkafka producer's headers do. `benches/tests/adapters_alloc.rs` asserts
//! the zero Rust allocations of both, on the inputs `benches/adapters.rs`
//! measures.
//!
//! # Panics in rdkafka
//!
//! rdkafka 0.39 turns header keys into `&str` with `unwrap` while reading
//! them (`BorrowedHeaders::try_get`): a consumed record whose header key is
//! not UTF-8 panics inside rdkafka, before this adapter sees it. Kafka header
//! keys are strings by the protocol and every Kafka client writes UTF-8
//! ones; [`kafka::read`] over headers from another source accepts any
//! bytes.

use crate::binding::{kafka, HeaderItem, HeaderSink, Message, ReadOptions, Written};
use crate::error::Error;
use crate::event::Event;
use crate::sink::Sink;
use ::rdkafka::message::{Header, Headers, Message as KafkaMessage, OwnedHeaders};
use ::rdkafka::producer::{BaseRecord, FutureRecord};
use alloc::vec::Vec;

#[cfg(doc)]
use ::rdkafka::message::OwnedMessage;

/// The capacity a new header list starts with: a minimal binary-mode event
/// has four `ce_` headers and a `content-type`.
const INITIAL_HEADERS: usize = 8;

impl<'a> HeaderItem<'a> for Header<'a, &'a [u8]> {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.key.as_bytes(), self.value)
    }
}

/// Appends headers to a record's header list (`OwnedHeaders::insert`), and
/// creates the list on the first header. The sink is the `Option` that
/// [`FutureRecord::headers`] and [`BaseRecord::headers`] are, because
/// rdkafka's `insert` takes the list by value. A name that is not UTF-8
/// (rdkafka keys are `&str`) is skipped; this crate's writers produce none.
impl HeaderSink for Option<OwnedHeaders> {
    fn header(&mut self, name: &[u8], value: &[u8]) {
        let Ok(key) = core::str::from_utf8(name) else {
            return;
        };
        let headers = self
            .take()
            .unwrap_or_else(|| OwnedHeaders::new_with_capacity(INITIAL_HEADERS));
        *self = Some(headers.insert(Header {
            key,
            value: Some(value),
        }));
    }
}

/// Reads a consumed Kafka message ([`BorrowedMessage`](::rdkafka::message::BorrowedMessage),
/// [`OwnedMessage`], or any `rdkafka::Message`) with the default
/// [`ReadOptions`]: binary or structured mode by its `content-type` header.
/// A message without a value (a tombstone) is a binary-mode event without
/// data (KAFKA-5).
///
/// # Errors
///
/// As [`kafka::read`].
pub fn read_message<M: KafkaMessage>(message: &M) -> Result<Message<'_>, Error> {
    read_message_with(message, &ReadOptions::new())
}

/// Reads a consumed Kafka message with `options`.
///
/// # Errors
///
/// As [`kafka::read`].
pub fn read_message_with<'m, M: KafkaMessage>(
    message: &'m M,
    options: &ReadOptions,
) -> Result<Message<'m>, Error> {
    let headers = message.headers().into_iter().flat_map(Headers::iter);
    kafka::read_with(headers, message.payload(), options)
}

/// Writes `event` in binary mode: `ce_` headers and `content-type` appended
/// to `headers` (a record's header list, created when `None`), the data into
/// `value`. [`Written::has_body`] is false when the event has no data: send
/// no value then (a tombstone, KAFKA-5). The key is the caller's (see
/// [`write_key`]).
///
/// # Errors
///
/// As [`kafka::write_binary`].
pub fn write_binary<'e, S: Sink + ?Sized>(
    event: &Event<'e>,
    headers: &mut Option<OwnedHeaders>,
    value: &mut S,
) -> Result<Written<'e>, Error> {
    kafka::write_binary(event, headers, value)
}

/// Writes `event` in structured mode: a `content-type:
/// application/cloudevents+json; charset=utf-8` header appended to
/// `headers`, the JSON event into `value`.
pub fn write_structured<S: Sink + ?Sized>(
    event: &Event<'_>,
    headers: &mut Option<OwnedHeaders>,
    value: &mut S,
) -> Written<'static> {
    kafka::write_structured(event, headers, value)
}

/// The key mapper (KAFKA-3): writes the `partitionkey` extension's value
/// into `key` and returns true; false when the event has none. As
/// [`kafka::write_key`].
pub fn write_key<S: Sink + ?Sized>(event: &Event<'_>, key: &mut S) -> bool {
    kafka::write_key(event, key)
}

/// One outgoing record's headers, value and key, written from an event and
/// lent to a [`FutureRecord`] or [`BaseRecord`]. Reuse one per producer
/// task: the value and key buffers keep their capacity, so writing
/// allocates nothing in Rust once they are large enough.
///
/// ```
/// use cloudevents_codec::adapters::rdkafka::RecordBuf;
/// use cloudevents_codec::Event;
/// let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
///     "partitionkey":"k1","datacontenttype":"text/plain","data":"hi"}"#)?;
/// let mut buf = RecordBuf::new();
/// buf.write_binary(&event)?;
/// assert_eq!(buf.value(), Some(&b"hi"[..]));
/// assert_eq!(buf.key(), Some(&b"k1"[..]));
/// let record = buf.future_record("events");
/// assert_eq!(record.key, Some(&b"k1"[..]));
/// assert!(record.headers.is_some());
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct RecordBuf {
    headers: Option<OwnedHeaders>,
    value: Vec<u8>,
    key: Vec<u8>,
    has_value: bool,
    has_key: bool,
}

impl RecordBuf {
    /// Empty buffers.
    pub fn new() -> RecordBuf {
        RecordBuf::default()
    }

    /// Forgets the previous record (headers not yet lent are dropped).
    fn clear(&mut self) {
        self.headers = None;
        self.value.clear();
        self.key.clear();
        self.has_value = false;
        self.has_key = false;
    }

    /// Writes `event` in binary mode, replacing the previous record: `ce_`
    /// headers and `content-type`, the data as the value (none without
    /// data: a tombstone, KAFKA-5), the key from `partitionkey` when the
    /// event has one.
    ///
    /// # Errors
    ///
    /// As [`kafka::write_binary`]: `Conflict` when `datacontenttype` is a
    /// CloudEvents media type (write such an event in structured mode). The
    /// buffer is empty then.
    pub fn write_binary<'e>(&mut self, event: &Event<'e>) -> Result<Written<'e>, Error> {
        self.clear();
        let written = kafka::write_binary(event, &mut self.headers, &mut self.value);
        let written = match written {
            Ok(w) => w,
            Err(e) => {
                self.clear();
                return Err(e);
            }
        };
        self.has_value = written.has_body;
        self.has_key = kafka::write_key(event, &mut self.key);
        Ok(written)
    }

    /// Writes `event` in structured mode, replacing the previous record:
    /// the structured `content-type` header, the JSON event as the value,
    /// the key from `partitionkey` when the event has one.
    pub fn write_structured(&mut self, event: &Event<'_>) -> Written<'static> {
        self.clear();
        let written = kafka::write_structured(event, &mut self.headers, &mut self.value);
        self.has_value = true;
        self.has_key = kafka::write_key(event, &mut self.key);
        written
    }

    /// The record value; `None` for a tombstone.
    pub fn value(&self) -> Option<&[u8]> {
        self.has_value.then_some(self.value.as_slice())
    }

    /// The record key from `partitionkey`; `None` when the event has none.
    pub fn key(&self) -> Option<&[u8]> {
        self.has_key.then_some(self.key.as_slice())
    }

    /// The headers not yet lent to a record.
    pub fn headers(&self) -> Option<&OwnedHeaders> {
        self.headers.as_ref()
    }

    /// Takes the headers (for a record built by hand); a second call gives
    /// `None`.
    pub fn take_headers(&mut self) -> Option<OwnedHeaders> {
        self.headers.take()
    }

    /// A [`FutureRecord`] to `topic` with the headers (taken), value and
    /// key. Set a partition, a timestamp or another key on the result.
    pub fn future_record<'a>(&'a mut self, topic: &'a str) -> FutureRecord<'a, [u8], [u8]> {
        let mut record = FutureRecord::to(topic);
        record.headers = self.headers.take();
        record.payload = self.has_value.then_some(self.value.as_slice());
        record.key = self.has_key.then_some(self.key.as_slice());
        record
    }

    /// A [`BaseRecord`] to `topic` with the headers (taken), value and key.
    /// Set a partition, a timestamp or another key on the result.
    pub fn base_record<'a>(&'a mut self, topic: &'a str) -> BaseRecord<'a, [u8], [u8]> {
        let mut record = BaseRecord::to(topic);
        record.headers = self.headers.take();
        record.payload = self.has_value.then_some(self.value.as_slice());
        record.key = self.has_key.then_some(self.key.as_slice());
        record
    }
}
