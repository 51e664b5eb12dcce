//! The codec's part of the adapter paths benched in `benches/adapters.rs`
//! allocates nothing, on the same generated events (`small` and `mixed`,
//! those with at most `INLINE_EXTENSIONS` extensions):
//!
//! - reading each client's message type into an `Event` (rdkafka
//!   `OwnedMessage`, `async_nats::Message`, rumqttc MQTT 5 `Publish`), and
//!   the bindings' reads over plain headers;
//! - writing with the bindings into warm buffers, and into a warm
//!   rdkafka `RecordBuf` (value and key in its buffers; librdkafka's header
//!   list is built in C, which the Rust allocator does not see).
//!
//! Writing into async-nats' `HeaderMap` and rumqttc's `PublishProperties`
//! allocates what those client types store; `tests/broker_alloc.rs` shows
//! it equals the client's own API for the same headers.

#[path = "../adapter_inputs.rs"]
mod adapter_inputs;
#[path = "../../tests/support/counting_alloc.rs"]
mod counting_alloc;

use adapter_inputs::*;
use cloudevents_codec::INLINE_EXTENSIONS;
use cloudevents_codec_corpus::Profile;
use counting_alloc::allocations;

const EVENTS: usize = 256;
const SEED: u64 = 0x00C0_FFEE;

/// Runs `step` once to warm its buffers, then asserts that a second run
/// allocates nothing and gives the same result.
fn assert_zero(name: &str, mut step: impl FnMut() -> u64) {
    let first = step();
    let mut second = 0;
    let n = allocations(|| second = step());
    assert_eq!(
        n, 0,
        "{name}: {n} allocations over {EVENTS} events on a warm run"
    );
    assert_eq!(
        first, second,
        "{name}: a different result on the second run"
    );
}

#[test]
fn adapter_reads_allocate_nothing() {
    for profile in [Profile::Small, Profile::Mixed] {
        let inputs = Inputs::new(profile, EVENTS, SEED, INLINE_EXTENSIONS);
        let kafka = read_kafka_binding(&inputs);
        assert_eq!(
            read_rdkafka(&inputs),
            kafka,
            "{profile}: rdkafka reads what the binding reads"
        );
        assert_eq!(
            read_async_nats(&inputs),
            read_nats_binding(&inputs),
            "{profile}: async-nats"
        );
        assert_eq!(
            read_rumqttc(&inputs),
            read_mqtt_binding(&inputs),
            "{profile}: rumqttc"
        );
        assert_zero(&format!("{profile}: binding::kafka::read"), || {
            read_kafka_binding(&inputs)
        });
        assert_zero(
            &format!("{profile}: adapters::rdkafka::read_message"),
            || read_rdkafka(&inputs),
        );
        assert_zero(&format!("{profile}: binding::nats::read"), || {
            read_nats_binding(&inputs)
        });
        assert_zero(
            &format!("{profile}: adapters::async_nats::read_message"),
            || read_async_nats(&inputs),
        );
        assert_zero(&format!("{profile}: binding::mqtt::read"), || {
            read_mqtt_binding(&inputs)
        });
        assert_zero(
            &format!("{profile}: adapters::rumqttc::v5::read_message"),
            || read_rumqttc(&inputs),
        );
    }
}

#[test]
fn adapter_codec_writes_allocate_nothing() {
    for profile in [Profile::Small, Profile::Mixed] {
        let inputs = Inputs::new(profile, EVENTS, SEED, INLINE_EXTENSIONS);
        let events = inputs.parsed();
        let mut b = Buffers::default();
        assert_zero(&format!("{profile}: binding::kafka::write_binary"), || {
            write_kafka_binding(&events, &mut b)
        });
        assert_zero(&format!("{profile}: adapters::rdkafka::RecordBuf"), || {
            write_rdkafka(&events, &mut b)
        });
        assert_zero(&format!("{profile}: binding::nats::write_binary"), || {
            write_nats_binding(&events, &mut b)
        });
        assert_zero(&format!("{profile}: binding::mqtt::write_binary"), || {
            write_mqtt_binding(&events, &mut b)
        });
    }
}
