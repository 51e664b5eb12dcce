//! Encoding benchmarks: one event written into a cleared, reused `Vec<u8>`.
//!
//! Group `encode/<profile>` (throughput in bytes of the generated input
//! event). Peers: ours (`json::write_event` of the parsed `Event`),
//! `cloudevents-sdk` (`serde_json::to_writer` of a `cloudevents::Event`),
//! `serde_json` and `sonic-rs` writing the borrowed serde struct. All write
//! every attribute and extension; before a peer is measured its output is
//! re-read and compared with the input member by member (`cloudevents-sdk`
//! rewrites `time` in UTC, so only its presence is checked there).
//!
//! Run: `cargo bench --bench write`.

use std::hint::black_box;

use cloudevents_codec_corpus::Profile;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

mod common;
use common::*;

type Group<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// Benchmarks `name`: `write` appends one event to the buffer it is given.
/// Checks the output once against `input`, then measures.
fn peer(
    group: &mut Group<'_>,
    name: &str,
    input: &[u8],
    normalised: &[&str],
    mut write: impl FnMut(&mut Vec<u8>),
) {
    let mut once = Once::new();
    let mut buf = Vec::with_capacity(input.len() * 2);
    group.bench_function(name, |b| {
        once.run(|| {
            buf.clear();
            write(&mut buf);
            assert_same_event(name, input, &buf, normalised);
        });
        b.iter(|| {
            buf.clear();
            write(&mut buf);
            black_box(buf.len())
        });
    });
}

fn encode(c: &mut Criterion) {
    for profile in Profile::ALL {
        let input = single(profile);
        let mut group = c.benchmark_group(format!("encode/{profile}"));
        configure(&mut group);
        group.throughput(Throughput::Bytes(input.len() as u64));

        // Ours parses lazily inside the closure so that the other peers
        // still run while `from_json` is a stub.
        let mut ours = None;
        peer(&mut group, "ours", &input, &[], |out| {
            let event = ours.get_or_insert_with(|| ours_parse(&input));
            cloudevents_codec::json::write_event(event, out);
        });

        let sdk: cloudevents::Event = serde_json::from_slice(&input).unwrap();
        assert_eq!(sdk_sum(&sdk), reference_sum(&input), "cloudevents-sdk read");
        peer(&mut group, "cloudevents-sdk", &input, &["time"], |out| {
            serde_json::to_writer(out, &sdk).unwrap();
        });

        let serde_event: SerdeEvent<'_> = serde_json::from_slice(&input).unwrap();
        assert_eq!(serde_event.sum(), reference_sum(&input), "serde_json read");
        peer(&mut group, "serde_json-borrowed", &input, &[], |out| {
            serde_json::to_writer(out, &serde_event).unwrap();
        });

        let sonic_event: SonicEvent<'_> = sonic_rs::from_slice(&input).unwrap();
        assert_eq!(sonic_event.sum(), reference_sum(&input), "sonic-rs read");
        peer(&mut group, "sonic_rs-lazy", &input, &[], |out| {
            sonic_rs::to_writer(out, &sonic_event).unwrap();
        });
        // Not a peer: the floor. Copying the input bytes is what any encoder
        // of this event must at least do (targets: large at >= 50% of it).
        peer(&mut group, "baseline-memcpy", &input, &[], |out| {
            out.extend_from_slice(&input);
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = criterion();
    targets = encode
}
criterion_main!(benches);
