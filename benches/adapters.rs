//! Client adapter benchmarks: reading a client's received-message type into
//! an `Event`, and writing an `Event` into the client's types, beside the
//! same binding over plain headers (`binding`): the difference is what the
//! client's types cost.
//!
//! Groups (elements = events; `<profile>` is `small` or `mixed`, 256 events
//! each with at most `INLINE_EXTENSIONS` extensions; the messages are built
//! in memory, no broker):
//! - `adapter-read/kafka/<profile>`: `binding` = `binding::kafka::read`
//!   over a `HeaderBuf`; `rdkafka` = `adapters::rdkafka::read_message` on an
//!   `OwnedMessage` (librdkafka's native header list, read through rdkafka's
//!   `Headers`, as a consumed `BorrowedMessage` is).
//! - `adapter-read/nats/<profile>`: `binding`; `async-nats` =
//!   `read_message` on an `async_nats::Message` (`HeaderMap`).
//! - `adapter-read/mqtt/<profile>`: `binding`; `rumqttc` = `v5::read_message`
//!   on a `Publish` (User Properties).
//! - `adapter-write/{kafka,nats,mqtt}/<profile>`: `binding` = the binding's
//!   `write_binary` into a warm `HeaderBuf` and payload; `rdkafka` = a warm
//!   `RecordBuf` lent to a `FutureRecord` (librdkafka's header list built and
//!   freed in C); `async-nats` = a new `HeaderMap`; `rumqttc` = new
//!   `PublishProperties` (both owned by the client, which takes them by value).
//!
//! Before measuring, each client's read is asserted to give the binding's
//! checksum. `benches/tests/adapters_alloc.rs` asserts that the codec's
//! steps allocate nothing.
//!
//! Run: `cargo bench -p cloudevents-codec-benches --features adapters --bench adapters`.

use std::hint::black_box;

use cloudevents_codec::INLINE_EXTENSIONS;
use cloudevents_codec_corpus::Profile;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod adapter_inputs;
mod common;
use adapter_inputs::*;

const PROFILES: [Profile; 2] = [Profile::Small, Profile::Mixed];

/// One measured step: its name, the checksum it must give (when given),
/// and the step.
type Step<'a> = (&'a str, Option<u64>, Box<dyn FnMut() -> u64 + 'a>);

/// Measures each step as `group/name`, after checking it gives its
/// checksum.
fn run(c: &mut Criterion, group: &str, steps: Vec<Step<'_>>) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(common::EVENTS as u64));
    for (name, expect, mut f) in steps {
        if let Some(expect) = expect {
            assert_eq!(
                f(),
                expect,
                "{group}/{name}: checksum differs from the binding's"
            );
        }
        common::record(group, name, common::EVENTS, 0);
        g.bench_function(name, |b| b.iter(|| black_box(f())));
    }
    g.finish();
}

fn adapter_read(c: &mut Criterion) {
    for profile in PROFILES {
        let inputs = Inputs::new(profile, common::EVENTS, common::SEED, INLINE_EXTENSIONS);
        let kafka = read_kafka_binding(&inputs);
        run(
            c,
            &format!("adapter-read/kafka/{profile}"),
            vec![
                ("binding", None, Box::new(|| read_kafka_binding(&inputs))),
                ("rdkafka", Some(kafka), Box::new(|| read_rdkafka(&inputs))),
            ],
        );
        let nats = read_nats_binding(&inputs);
        run(
            c,
            &format!("adapter-read/nats/{profile}"),
            vec![
                ("binding", None, Box::new(|| read_nats_binding(&inputs))),
                (
                    "async-nats",
                    Some(nats),
                    Box::new(|| read_async_nats(&inputs)),
                ),
            ],
        );
        let mqtt = read_mqtt_binding(&inputs);
        run(
            c,
            &format!("adapter-read/mqtt/{profile}"),
            vec![
                ("binding", None, Box::new(|| read_mqtt_binding(&inputs))),
                ("rumqttc", Some(mqtt), Box::new(|| read_rumqttc(&inputs))),
            ],
        );
    }
}

fn adapter_write(c: &mut Criterion) {
    for profile in PROFILES {
        let inputs = Inputs::new(profile, common::EVENTS, common::SEED, INLINE_EXTENSIONS);
        let events = inputs.parsed();
        let mut ours = Buffers::default();
        let mut client = Buffers::default();
        run(
            c,
            &format!("adapter-write/kafka/{profile}"),
            vec![
                (
                    "binding",
                    None,
                    Box::new(|| write_kafka_binding(&events, &mut ours)),
                ),
                (
                    "rdkafka",
                    None,
                    Box::new(|| write_rdkafka(&events, &mut client)),
                ),
            ],
        );
        run(
            c,
            &format!("adapter-write/nats/{profile}"),
            vec![
                (
                    "binding",
                    None,
                    Box::new(|| write_nats_binding(&events, &mut ours)),
                ),
                (
                    "async-nats",
                    None,
                    Box::new(|| write_async_nats(&events, &mut client)),
                ),
            ],
        );
        run(
            c,
            &format!("adapter-write/mqtt/{profile}"),
            vec![
                (
                    "binding",
                    None,
                    Box::new(|| write_mqtt_binding(&events, &mut ours)),
                ),
                (
                    "rumqttc",
                    None,
                    Box::new(|| write_rumqttc(&events, &mut client)),
                ),
            ],
        );
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = adapter_read, adapter_write
}
criterion_main!(benches);
