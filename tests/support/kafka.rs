//! Shared by the Kafka tests: librdkafka's in-process mock cluster, client
//! configurations, and a tokio [`AsyncRuntime`] for rdkafka's
//! `FutureProducer` and `StreamConsumer` (the library's `rdkafka` feature
//! leaves rdkafka's own `tokio` feature to the application).
//! Include it with `#[path = "support/kafka.rs"] mod kafka;`.

// Each test binary uses part of this module.
#![allow(dead_code)]

use rdkafka::config::ClientConfig;
use rdkafka::mocking::MockCluster;
use rdkafka::producer::DefaultProducerContext;
use rdkafka::util::AsyncRuntime;
use std::future::Future;
use std::time::Duration;

/// rdkafka's async clients on the test's tokio runtime.
pub struct Tokio;

impl AsyncRuntime for Tokio {
    type Delay = tokio::time::Sleep;

    fn spawn<T>(task: T)
    where
        T: Future<Output = ()> + Send + 'static,
    {
        tokio::spawn(task);
    }

    fn delay_for(duration: Duration) -> Self::Delay {
        tokio::time::sleep(duration)
    }
}

pub type FutureProducer =
    rdkafka::producer::FutureProducer<rdkafka::client::DefaultClientContext, Tokio>;
pub type StreamConsumer =
    rdkafka::consumer::StreamConsumer<rdkafka::consumer::DefaultConsumerContext, Tokio>;

/// A mock cluster of one broker with `topic` of `partitions` partitions.
/// Its brokers listen on 127.0.0.1 (ephemeral ports) for as long as the
/// value lives.
pub fn cluster(topic: &str, partitions: i32) -> MockCluster<'static, DefaultProducerContext> {
    let cluster = MockCluster::new(1).expect("start librdkafka's mock cluster");
    cluster
        .create_topic(topic, partitions, 1)
        .expect("create the topic on the mock cluster");
    cluster
}

/// A producer's configuration for `bootstrap`.
pub fn producer_config(bootstrap: &str) -> ClientConfig {
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", bootstrap)
        .set("message.timeout.ms", "15000");
    config
}

/// A consumer's configuration for `bootstrap` in `group`, from the
/// beginning of each partition, committing only when told to.
pub fn consumer_config(bootstrap: &str, group: &str) -> ClientConfig {
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", bootstrap)
        .set("group.id", group)
        .set("auto.offset.reset", "earliest")
        .set("enable.auto.commit", "false")
        .set("session.timeout.ms", "6000");
    config
}
