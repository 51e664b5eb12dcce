//! # cloudevents-codec
//!
//! A zero-copy [CloudEvents](https://cloudevents.io) codec.
//!
//! - [`Event`] is a *borrowing view* of one event: attribute values are slices
//!   of the input ([`Text`]), decoded only when asked, into storage the caller
//!   owns. Parsing allocates nothing for events with up to
//!   [`INLINE_EXTENSIONS`] extensions.
//! - [`Event::from_json`] parses and fully validates a structured-mode JSON
//!   event (`application/cloudevents+json`) in one pass.
//! - The [`json`] writers append events (single, batch array, NDJSON) into a
//!   caller's reusable buffer ([`Sink`]).
//! - The [`binding`] modules read and write events in HTTP, Kafka, AMQP 1.0,
//!   MQTT, NATS and WebSocket messages (binary, structured and batched
//!   modes), straight from and into caller-owned header storage.
//! - [`Event::ext`] reads the documented extensions typed (`traceparent`,
//!   `sampledrate`, `expirytime`, ...; the [`ext`] module), checked by their
//!   documents' rules, and [`EventBuilder`] sets them.
//!
//! ## Example
//!
//! ```
//! use cloudevents_codec::{Event, json};
//!
//! let input = br#"{"specversion":"1.0","id":"42","source":"/sensors/7",
//!                  "type":"com.example.reading","data":{"celsius":21.5}}"#;
//! let event = Event::from_json(input)?;
//! assert!(event.ty() == "com.example.reading");
//!
//! let mut out = Vec::new();
//! json::write_event(&event, &mut out);
//! assert_eq!(Event::from_json(&out)?, event);
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```
//!
//! ## Crate features
//!
//! - `std` (default): `std::error::Error`, `SystemTime` conversions. Implies `alloc`.
//! - `alloc`: owned decoding (`Cow`, `String`), more than [`INLINE_EXTENSIONS`] extensions per
//!   event, [`OwnedEvent`], the incremental [`stream`] readers.
//! - `bytes`: write into `bytes::BytesMut`; [`EventBuf`] (an owned
//!   event over `bytes::Bytes`, structured or binary mode),
//!   [`stream::BatchProducer`], `feed_buf` on the [`stream`] readers. With
//!   `alloc`.
//! - `tokio`: `read_from_async` on the [`stream`] readers (`tokio::io::AsyncRead`).
//! - `http`: adapters for the `http` crate's `HeaderMap`, `Request` and
//!   `Response` (`adapters::http`); with `bytes`, `adapters::http::MessageBuf`,
//!   an owned HTTP message (`HeaderMap` + `Bytes`).
//! - `axum`: an extractor and response type for axum 0.8 (`adapters::axum`).
//! - `reqwest`: request building and response reading for reqwest 0.13
//!   (`adapters::reqwest`; needs Rust 1.85).
//! - `cesql`: the [CloudEvents SQL](cesql) filter language. Implies `alloc`.
//! - `serde`: `serde::Serialize` for [`Event`] and [`OwnedEvent`],
//!   `serde::Deserialize` for [`OwnedEvent`] (validated by the JSON parser's
//!   rules); `serde_json`: `Data::deserialize_json`.
//! - `chrono`: [`Timestamp`] ⇄ `chrono::DateTime` (`From` / `TryFrom`).
//! - `cloudevents-sdk`: `TryFrom` conversions between [`Event`] /
//!   [`OwnedEvent`] and the official SDK's `cloudevents::Event` (what its
//!   model normalises is listed in the README, "Migrating from
//!   cloudevents-sdk").
//! - Client adapters (`adapters` module), one feature per client crate:
//!   `rdkafka` (Kafka), `async-nats` (NATS core and JetStream), `rumqttc` (MQTT 5 and 3.1.1),
//!   `fe2o3-amqp` (AMQP 1.0), `lapin` (AMQP 0-9-1, RabbitMQ),
//!   `tokio-tungstenite` (WebSockets). Their client crates need newer
//!   compilers than this crate (up to Rust 1.89).
//! - `tokio-util`: async framing, `tokio_util::codec` decoders and encoders
//!   for NDJSON and batch streams and [`stream::EventStream`], a `Stream` of
//!   [`EventBuf`]s from any `AsyncRead` (needs Rust 1.85).
//! - `protobuf`: the Protobuf event format and its batch format
//!   ([`protobuf`], [`Event::from_protobuf`]), in the bindings too. No
//!   dependency: the wire codec is this crate's own.
//! - `avro`: the Avro event format and Avro object container files
//!   ([`avro`]). Implies `alloc`; no dependency.
//!
//! Only `std` is on by default. Without default features the crate is
//! `#![no_std]` and allocation-free. The `ce` command-line tool, the corpus
//! generator and the benchmarks are packages of their own in this
//! repository's workspace, so none of their dependencies reach a library
//! user.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
// The docs link to the items of optional features (`EventBuf`, `protobuf`,
// `cesql`, ...), which a build without those features does not have: such a
// build leaves those names unlinked. CI documents with every feature, where
// every link must resolve (`RUSTDOCFLAGS="-D warnings"`).
#![cfg_attr(
    not(all(
        feature = "bytes",
        feature = "tokio-util",
        feature = "cesql",
        feature = "protobuf",
        feature = "avro"
    )),
    allow(rustdoc::broken_intra_doc_links)
)]
// One module may opt out: the SSE2 kernels (`kernels::sse2`), whose gain is
// measured in BENCHMARKS.md and whose tests run under Miri.
#![deny(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

#[cfg(any(
    feature = "http",
    feature = "async-nats",
    feature = "rumqttc",
    feature = "lapin",
    feature = "fe2o3-amqp",
    feature = "tokio-tungstenite",
    feature = "rdkafka"
))]
pub mod adapters;
mod attrs;
#[cfg(feature = "avro")]
pub mod avro;
pub mod binding;
mod builder;
#[cfg(feature = "cesql")]
pub mod cesql;
#[cfg(feature = "serde")]
mod deserialize;
mod error;
mod event;
pub mod ext;
mod extensions;
pub mod json;
mod kernels;
mod options;
#[cfg(feature = "alloc")]
pub mod owned;
mod pbwire;
mod proto_any;
#[cfg(feature = "protobuf")]
pub mod protobuf;
#[cfg(feature = "cloudevents-sdk")]
mod sdk;
#[cfg(feature = "serde")]
mod serde_impl;
mod sink;
pub mod spec;
#[cfg(feature = "alloc")]
pub mod stream;
mod text;

pub use builder::EventBuilder;
pub use error::{Error, ErrorKind, Result};
pub use event::{Data, Event, Extension, Extensions, SpecVersion, Value};
pub use extensions::INLINE_EXTENSIONS;
pub use options::ParseOptions;
#[cfg(feature = "bytes")]
pub use owned::EventBuf;
#[cfg(feature = "alloc")]
pub use owned::{OwnedData, OwnedEvent, OwnedValue};
pub use proto_any::ProtoAny;
pub use sink::{CountingSink, Sink};
pub use spec::timestamp::Timestamp;
pub use text::{Text, TextEncoding};

/// The README's examples, compiled and run as doctests when every feature
/// they use is on (`cargo test --all-features`, the README's test command).
#[cfg(all(
    doctest,
    feature = "cesql",
    feature = "protobuf",
    feature = "tokio-util",
    feature = "axum",
    feature = "reqwest",
    feature = "rdkafka",
    feature = "async-nats",
    feature = "rumqttc",
    feature = "fe2o3-amqp",
    feature = "lapin",
    feature = "tokio-tungstenite"
))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
