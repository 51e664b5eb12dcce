//! Client adapters: events straight from and into the message types of
//! broker and HTTP client crates, one module and one off-by-default feature
//! per client crate, each named after it.
//!
//! | module | feature | protocol | client types |
//! | --- | --- | --- | --- |
//! | [`http`](mod@self::http) | `http` | HTTP | `http::HeaderMap`, `Request`, `Response` (hyper's types); `MessageBuf` with `bytes` |
//! | [`axum`](mod@self::axum) | `axum` | HTTP server | extractors and responses for axum 0.8 |
//! | [`reqwest`](mod@self::reqwest) | `reqwest` | HTTP client | `reqwest::RequestBuilder`, `Response` |
//! | [`rdkafka`](mod@self::rdkafka) | `rdkafka` | Kafka | `BorrowedMessage`, `OwnedMessage`, `FutureRecord`, `BaseRecord`, `OwnedHeaders` |
//! | [`async_nats`](mod@self::async_nats) | `async-nats` | NATS (core and JetStream) | `async_nats::Message`, `jetstream::Message`, `HeaderMap` |
//! | [`rumqttc`](mod@self::rumqttc) | `rumqttc` | MQTT 5 and 3.1.1 | `v5::mqttbytes::v5::Publish`, `PublishProperties`; `rumqttc::Publish` |
//! | [`fe2o3_amqp`](mod@self::fe2o3_amqp) | `fe2o3-amqp` | AMQP 1.0 | `Message<B>`, `ApplicationProperties` |
//! | [`lapin`](mod@self::lapin) | `lapin` | AMQP 0-9-1 (RabbitMQ) | `Delivery`, `BasicProperties`, `FieldTable` |
//! | [`tokio_tungstenite`](mod@self::tokio_tungstenite) | `tokio-tungstenite` | WebSockets | `tungstenite::Message`, handshake `Request`/`Response` |
//!
//! # One shape for every client
//!
//! - `read_message(&msg) -> Result<Message<'_>>` reads the client's received
//!   message into a borrowing [`Event`](crate::Event) (in a
//!   [`Message`](crate::binding::Message), as every binding returns):
//!   attribute values and data are slices of the client's message, nothing
//!   is copied or collected. `read_message_with(&msg, &ReadOptions)` takes
//!   options. The AMQP adapters also take an
//!   [`AmqpScratch`](crate::binding::amqp::AmqpScratch), which typed
//!   `timestamp` properties are formatted into. HTTP has two message
//!   types: [`http::read_request`] and
//!   [`http::read_response`].
//! - `write_binary(&event, &mut meta, &mut payload) -> Result<Written>` and
//!   `write_structured(&event, &mut meta, &mut payload) -> Written` write
//!   into the client's own metadata type `meta` (its header map, publish
//!   properties or message properties: the content type included) and a
//!   payload [`Sink`](crate::Sink) (`Vec<u8>`, `bytes::BytesMut`), which the
//!   caller hands to the client's publish call. The
//!   [`Written`](crate::binding::Written) they return says what was written.
//! - WebSockets carry structured events only, one per message (WS-1): its
//!   adapter has `read_message(&msg, protocol)` and
//!   `write_message(&event, protocol)` for the subprotocol negotiated with
//!   its handshake helpers.
//!
//! Every adapter is a thin layer over its protocol binding
//! ([`binding::http`](crate::binding::http),
//! [`binding::kafka`](crate::binding::kafka),
//! [`binding::nats`](crate::binding::nats),
//! [`binding::mqtt`](crate::binding::mqtt),
//! [`binding::amqp`](crate::binding::amqp)): the attribute rules live there
//! and in the one attribute model, never here. The traits the bindings write
//! into and read from ([`HeaderSink`](crate::binding::HeaderSink),
//! [`HeaderItem`](crate::binding::HeaderItem),
//! [`PropertySink`](crate::binding::amqp::PropertySink)) are implemented for
//! the clients' types, which only this crate can do (the orphan rule).
//!
//! # What it costs
//!
//! Reading allocates nothing (for events with up to
//! [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS) extensions): the
//! adapters iterate the client's header map or property table in place.
//! Writing encodes every value straight into the client's types, but those
//! types own their strings: each header or property the client stores is a
//! few heap allocations *inside the client type* (a name, a value, a list
//! or tree node), whatever the codec does. `tests/broker_alloc.rs` asserts
//! per client that an adapter's write allocates exactly as much as storing
//! the same headers through the client's own API (the codec's share is
//! zero) and that reading allocates nothing; the adapters' module docs give
//! the figures.
//!
//! # Compiler versions
//!
//! The library needs Rust 1.81; some client crates need newer ones
//! (`async-nats` 0.51: 1.89, `lapin` 4.12: 1.88, `fe2o3-amqp` 0.18: 1.85,
//! `reqwest` 0.13: 1.85; `tokio-tungstenite` 0.30: 1.85; `rumqttc` 0.25: 1.64, `rdkafka` 0.39: 1.74). No
//! feature enables a TLS stack: a TLS connection is configured in the
//! application's own dependency on the client. `rdkafka` builds librdkafka
//! from its bundled C source (a C compiler and `make`; a few minutes once).

#[cfg(feature = "async-nats")]
pub mod async_nats;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "fe2o3-amqp")]
pub mod fe2o3_amqp;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "lapin")]
pub mod lapin;
#[cfg(feature = "rdkafka")]
pub mod rdkafka;
#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(feature = "rumqttc")]
pub mod rumqttc;
#[cfg(feature = "tokio-tungstenite")]
pub mod tokio_tungstenite;
