//! Decoding benchmarks: ours against `cloudevents-sdk`, `serde_json`,
//! `simd-json` and `sonic-rs`, on the corpora of `cloudevents-codec-corpus`.
//!
//! Groups (throughput in input bytes):
//! - `decode/<profile>`: one event;
//! - `decode-ndjson-1000/<profile>`: 1000 events, one per line;
//! - `decode-batch-1000/<profile>`: a JSON array of 1000 events.
//!
//! Every iteration reduces what it decoded to a checksum (see
//! `common/mod.rs`); before a peer is measured its checksum is asserted equal
//! to the reference, so all peers decode the same attributes.
//!
//! Run: `cargo bench --bench parse` (a filter narrows it:
//! `cargo bench --bench parse -- 'decode/small'`).

use std::hint::black_box;

use cloudevents_codec_corpus::{self as corpus, Profile};
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use simd_json::prelude::*;

mod common;
use common::*;

type Group<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// Benchmarks `name`: first checks `sum(input) == expect` once, then measures.
fn peer(
    group: &mut Group<'_>,
    name: &str,
    input: &[u8],
    expect: u64,
    mut sum: impl FnMut(&[u8]) -> u64,
) {
    let mut once = Once::new();
    group.bench_function(name, |b| {
        once.run(|| {
            assert_eq!(
                sum(input),
                expect,
                "{name}: checksum differs from the reference"
            )
        });
        b.iter(|| black_box(sum(black_box(input))));
    });
}

fn decode_single(c: &mut Criterion) {
    for profile in Profile::ALL {
        let input = single(profile);
        let expect = reference_sum(&input);
        let mut group = c.benchmark_group(format!("decode/{profile}"));
        configure(&mut group);
        group.throughput(Throughput::Bytes(input.len() as u64));

        peer(&mut group, "ours", &input, expect, |i| {
            ours_sum(&ours_parse(i))
        });
        peer(&mut group, "cloudevents-sdk", &input, expect, |i| {
            sdk_sum(&serde_json::from_slice::<cloudevents::Event>(i).unwrap())
        });
        peer(&mut group, "serde_json-value", &input, expect, |i| {
            value_sum(&serde_json::from_slice::<serde_json::Value>(i).unwrap())
        });
        peer(&mut group, "serde_json-borrowed", &input, expect, |i| {
            serde_json::from_slice::<SerdeEvent<'_>>(i).unwrap().sum()
        });
        let mut scratch = Vec::new();
        peer(&mut group, "simd_json-borrowed", &input, expect, |i| {
            // simd-json parses in place: the copy is part of the cost.
            scratch.clear();
            scratch.extend_from_slice(i);
            simd_value_sum(&simd_json::to_borrowed_value(&mut scratch).unwrap())
        });
        let mut scratch = Vec::new();
        let mut buffers = simd_json::Buffers::default();
        peer(&mut group, "simd_json-tape", &input, expect, |i| {
            scratch.clear();
            scratch.extend_from_slice(i);
            let tape = simd_json::to_tape_with_buffers(&mut scratch, &mut buffers).unwrap();
            simd_tape_sum(tape.as_value())
        });
        peer(&mut group, "sonic_rs-lazy", &input, expect, |i| {
            sonic_rs::from_slice::<SonicEvent<'_>>(i).unwrap().sum()
        });
        group.finish();
    }
}

fn decode_ndjson(c: &mut Criterion) {
    for profile in STREAM_PROFILES {
        let input = corpus::ndjson(profile, STREAM_EVENTS, SEED);
        let expect = reference_stream_sum(&input);
        let mut group = c.benchmark_group(format!("decode-ndjson-{STREAM_EVENTS}/{profile}"));
        configure(&mut group);
        group.sampling_mode(SamplingMode::Flat);
        group.throughput(Throughput::Bytes(input.len() as u64));

        peer(&mut group, "ours", &input, expect, |i| {
            lines(i).map(|l| ours_sum(&ours_parse(l))).sum()
        });
        peer(&mut group, "cloudevents-sdk", &input, expect, |i| {
            lines(i)
                .map(|l| sdk_sum(&serde_json::from_slice::<cloudevents::Event>(l).unwrap()))
                .sum()
        });
        peer(&mut group, "serde_json-value", &input, expect, |i| {
            lines(i)
                .map(|l| value_sum(&serde_json::from_slice::<serde_json::Value>(l).unwrap()))
                .sum()
        });
        peer(&mut group, "serde_json-borrowed", &input, expect, |i| {
            lines(i)
                .map(|l| serde_json::from_slice::<SerdeEvent<'_>>(l).unwrap().sum())
                .sum()
        });
        let mut scratch = Vec::new();
        peer(&mut group, "simd_json-borrowed", &input, expect, |i| {
            let mut sum = 0;
            for l in lines(i) {
                scratch.clear();
                scratch.extend_from_slice(l);
                sum += simd_value_sum(&simd_json::to_borrowed_value(&mut scratch).unwrap());
            }
            sum
        });
        let mut scratch = Vec::new();
        let mut buffers = simd_json::Buffers::default();
        peer(&mut group, "simd_json-tape", &input, expect, |i| {
            let mut sum = 0;
            for l in lines(i) {
                scratch.clear();
                scratch.extend_from_slice(l);
                let tape = simd_json::to_tape_with_buffers(&mut scratch, &mut buffers).unwrap();
                sum += simd_tape_sum(tape.as_value());
            }
            sum
        });
        peer(&mut group, "sonic_rs-lazy", &input, expect, |i| {
            lines(i)
                .map(|l| sonic_rs::from_slice::<SonicEvent<'_>>(l).unwrap().sum())
                .sum()
        });
        group.finish();
    }
}

fn decode_batch(c: &mut Criterion) {
    for profile in STREAM_PROFILES {
        let input = corpus::batch(profile, STREAM_EVENTS, SEED);
        let expect = reference_stream_sum(&corpus::ndjson(profile, STREAM_EVENTS, SEED));
        let mut group = c.benchmark_group(format!("decode-batch-{STREAM_EVENTS}/{profile}"));
        configure(&mut group);
        group.sampling_mode(SamplingMode::Flat);
        group.throughput(Throughput::Bytes(input.len() as u64));

        peer(&mut group, "ours", &input, expect, |i| {
            cloudevents_codec::json::BatchReader::new(i)
                .unwrap()
                .map(|e| ours_sum(&e.unwrap()))
                .sum()
        });
        peer(&mut group, "cloudevents-sdk", &input, expect, |i| {
            serde_json::from_slice::<Vec<cloudevents::Event>>(i)
                .unwrap()
                .iter()
                .map(sdk_sum)
                .sum()
        });
        peer(&mut group, "serde_json-value", &input, expect, |i| {
            let v = serde_json::from_slice::<serde_json::Value>(i).unwrap();
            v.as_array().unwrap().iter().map(value_sum).sum()
        });
        peer(&mut group, "serde_json-borrowed", &input, expect, |i| {
            serde_json::from_slice::<Vec<SerdeEvent<'_>>>(i)
                .unwrap()
                .iter()
                .map(SerdeEvent::sum)
                .sum()
        });
        let mut scratch = Vec::new();
        peer(&mut group, "simd_json-borrowed", &input, expect, |i| {
            scratch.clear();
            scratch.extend_from_slice(i);
            let v = simd_json::to_borrowed_value(&mut scratch).unwrap();
            v.as_array().unwrap().iter().map(simd_value_sum).sum()
        });
        let mut scratch = Vec::new();
        let mut buffers = simd_json::Buffers::default();
        peer(&mut group, "simd_json-tape", &input, expect, |i| {
            scratch.clear();
            scratch.extend_from_slice(i);
            let tape = simd_json::to_tape_with_buffers(&mut scratch, &mut buffers).unwrap();
            let array = tape.as_value().as_array().unwrap();
            array.iter().map(simd_tape_sum).sum()
        });
        peer(&mut group, "sonic_rs-lazy", &input, expect, |i| {
            sonic_rs::from_slice::<Vec<SonicEvent<'_>>>(i)
                .unwrap()
                .iter()
                .map(SonicEvent::sum)
                .sum()
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = criterion();
    targets = decode_single, decode_ndjson, decode_batch
}
criterion_main!(benches);
