//! Encoding benchmarks: events written one by one into a cleared, reused
//! `Vec<u8>`.
//!
//! Group `encode/<profile>`: the 256 events of `decode/<profile>`, each
//! decoded once beforehand by every peer into its own type (throughput in
//! bytes of the input events). Peers: ours (`json::write_event` of the parsed
//! `Event`), `cloudevents-sdk` (`serde_json::to_writer` of a
//! `cloudevents::Event`), `serde_json` and `sonic-rs` writing the borrowed
//! serde struct. All write every attribute and extension; before a peer is
//! measured its output for every event is re-read and compared with the
//! input member by member (`cloudevents-sdk` rewrites `time` in UTC, so only
//! its presence is checked there). `baseline-memcpy` copies the input bytes:
//! the floor any encoder pays.
//!
//! Run: `cargo bench -p cloudevents-codec-benches --bench write`.

use std::hint::black_box;

use cloudevents_codec_corpus::Profile;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

mod common;
use common::*;

type Group<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// Benchmarks `name`: `write(i, out)` appends event `i` to `out`. Checks
/// every event's output once against its input, then measures.
fn peer(
    group: &mut Group<'_>,
    group_id: &str,
    name: &str,
    inputs: &[Vec<u8>],
    normalised: &[&str],
    mut write: impl FnMut(usize, &mut Vec<u8>),
) {
    let mut once = Once::new();
    let mut buf = Vec::with_capacity(64 * 1024);
    record(group_id, name, inputs.len(), total_bytes(inputs));
    group.bench_function(name, |b| {
        once.run(|| {
            for (i, input) in inputs.iter().enumerate() {
                buf.clear();
                write(i, &mut buf);
                assert_same_event(name, input, &buf, normalised);
            }
        });
        b.iter(|| {
            let mut n = 0;
            for i in 0..inputs.len() {
                buf.clear();
                write(i, &mut buf);
                n += buf.len();
            }
            black_box(n)
        });
    });
}

fn encode(c: &mut Criterion) {
    for profile in Profile::ALL {
        let inputs = events(profile, EVENTS);
        let id = format!("encode/{profile}");
        let mut group = c.benchmark_group(&id);
        group.throughput(Throughput::Bytes(total_bytes(&inputs)));

        let ours: Vec<_> = inputs.iter().map(|i| ours_parse(i)).collect();
        peer(&mut group, &id, "ours", &inputs, &[], |i, out| {
            cloudevents_codec::json::write_event(&ours[i], out);
        });

        let sdk: Vec<cloudevents::Event> = inputs
            .iter()
            .map(|i| serde_json::from_slice(i).unwrap())
            .collect();
        for (e, i) in sdk.iter().zip(&inputs) {
            assert_eq!(sdk_sum(e), reference_sum(i), "cloudevents-sdk read");
        }
        peer(
            &mut group,
            &id,
            "cloudevents-sdk",
            &inputs,
            &["time"],
            |i, out| {
                serde_json::to_writer(out, &sdk[i]).unwrap();
            },
        );

        let serde_events: Vec<SerdeEvent<'_>> = inputs
            .iter()
            .map(|i| serde_json::from_slice(i).unwrap())
            .collect();
        for (e, i) in serde_events.iter().zip(&inputs) {
            assert_eq!(e.sum(), reference_sum(i), "serde_json read");
        }
        peer(
            &mut group,
            &id,
            "serde_json-borrowed",
            &inputs,
            &[],
            |i, out| {
                serde_json::to_writer(out, &serde_events[i]).unwrap();
            },
        );

        let sonic_events: Vec<SonicEvent<'_>> = inputs
            .iter()
            .map(|i| sonic_rs::from_slice(i).unwrap())
            .collect();
        for (e, i) in sonic_events.iter().zip(&inputs) {
            assert_eq!(e.sum(), reference_sum(i), "sonic-rs read");
        }
        peer(&mut group, &id, "sonic_rs-lazy", &inputs, &[], |i, out| {
            sonic_rs::to_writer(out, &sonic_events[i]).unwrap();
        });
        // Not a peer: the floor. Copying the input bytes is what any encoder
        // of these events must at least do (issue 6's target: large at >= 50%
        // of it).
        peer(
            &mut group,
            &id,
            "baseline-memcpy",
            &inputs,
            &[],
            |i, out| {
                out.extend_from_slice(&inputs[i]);
            },
        );
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = criterion();
    targets = encode
}
criterion_main!(benches);
