//! Decoding benchmarks: ours against `cloudevents-sdk`, `serde_json`,
//! `simd-json` and `sonic-rs`, on the corpora of `cloudevents-codec-corpus`.
//!
//! Groups (throughput in input bytes):
//! - `decode/<profile>`: 256 distinct events of the profile, one after the
//!   other, each a separate buffer;
//! - `decode-ndjson-1000/<profile>`: 1000 events, one per line;
//! - `decode-batch-1000/<profile>`: a JSON array of 1000 events.
//!
//! Every iteration reduces what it decoded to a checksum (see
//! `common/mod.rs`); before a peer is measured its checksum is asserted equal
//! to the reference, so all peers decode the same attributes.
//!
//! Run: `cargo bench -p cloudevents-codec-benches --bench parse` (a filter
//! narrows it: `-- 'decode/small'`), or every configuration with
//! `python3 benches/run.py`.

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
fn peer<I: ?Sized>(
    group: &mut Group<'_>,
    group_id: &str,
    name: &str,
    (input, events, bytes): (&I, usize, u64),
    expect: u64,
    mut sum: impl FnMut(&I) -> u64,
) {
    let mut once = Once::new();
    record(group_id, name, events, bytes);
    group.bench_function(name, |b| {
        once.run(|| {
            assert_eq!(
                sum(input),
                expect,
                "{group_id}/{name}: checksum differs from the reference"
            )
        });
        b.iter(|| black_box(sum(black_box(input))));
    });
}

fn decode_single(c: &mut Criterion) {
    for profile in Profile::ALL {
        let events = events(profile, EVENTS);
        let bytes = total_bytes(&events);
        let expect: u64 = events.iter().map(|e| reference_sum(e)).sum();
        let id = format!("decode/{profile}");
        let mut group = c.benchmark_group(&id);
        group.throughput(Throughput::Bytes(bytes));
        let input = (&events[..], events.len(), bytes);

        peer(&mut group, &id, "ours", input, expect, |es| {
            es.iter().map(|e| decode_ours(e)).sum()
        });
        peer(&mut group, &id, "cloudevents-sdk", input, expect, |es| {
            es.iter().map(|e| decode_sdk(e)).sum()
        });
        peer(&mut group, &id, "serde_json-value", input, expect, |es| {
            es.iter().map(|e| decode_serde_value(e)).sum()
        });
        peer(
            &mut group,
            &id,
            "serde_json-borrowed",
            input,
            expect,
            |es| es.iter().map(|e| decode_serde_borrowed(e)).sum(),
        );
        let mut d = SimdBorrowed::default();
        peer(&mut group, &id, "simd_json-borrowed", input, expect, |es| {
            es.iter().map(|e| d.decode(e)).sum()
        });
        let mut d = SimdTape::default();
        peer(&mut group, &id, "simd_json-tape", input, expect, |es| {
            es.iter().map(|e| d.decode(e)).sum()
        });
        peer(&mut group, &id, "sonic_rs-lazy", input, expect, |es| {
            es.iter().map(|e| decode_sonic(e)).sum()
        });
        group.finish();
    }
}

fn decode_ndjson(c: &mut Criterion) {
    for profile in STREAM_PROFILES {
        let nd = corpus::ndjson(profile, STREAM_EVENTS, SEED);
        let expect = reference_stream_sum(&nd);
        let id = format!("decode-ndjson-{STREAM_EVENTS}/{profile}");
        let mut group = c.benchmark_group(&id);
        group.sampling_mode(SamplingMode::Flat);
        group.throughput(Throughput::Bytes(nd.len() as u64));
        let input = (&nd[..], STREAM_EVENTS, nd.len() as u64);

        peer(&mut group, &id, "ours", input, expect, |i| {
            lines(i).map(decode_ours).sum()
        });
        peer(&mut group, &id, "cloudevents-sdk", input, expect, |i| {
            lines(i).map(decode_sdk).sum()
        });
        peer(&mut group, &id, "serde_json-value", input, expect, |i| {
            lines(i).map(decode_serde_value).sum()
        });
        peer(&mut group, &id, "serde_json-borrowed", input, expect, |i| {
            lines(i).map(decode_serde_borrowed).sum()
        });
        let mut d = SimdBorrowed::default();
        peer(&mut group, &id, "simd_json-borrowed", input, expect, |i| {
            lines(i).map(|l| d.decode(l)).sum()
        });
        let mut d = SimdTape::default();
        peer(&mut group, &id, "simd_json-tape", input, expect, |i| {
            lines(i).map(|l| d.decode(l)).sum()
        });
        peer(&mut group, &id, "sonic_rs-lazy", input, expect, |i| {
            lines(i).map(decode_sonic).sum()
        });
        group.finish();
    }
}

fn decode_batch(c: &mut Criterion) {
    for profile in STREAM_PROFILES {
        let batch = corpus::batch(profile, STREAM_EVENTS, SEED);
        let expect = reference_stream_sum(&corpus::ndjson(profile, STREAM_EVENTS, SEED));
        let id = format!("decode-batch-{STREAM_EVENTS}/{profile}");
        let mut group = c.benchmark_group(&id);
        group.sampling_mode(SamplingMode::Flat);
        group.throughput(Throughput::Bytes(batch.len() as u64));
        let input = (&batch[..], STREAM_EVENTS, batch.len() as u64);

        peer(&mut group, &id, "ours", input, expect, |i| {
            cloudevents_codec::json::BatchReader::new(i)
                .unwrap()
                .map(|e| ours_sum(&e.unwrap()))
                .sum()
        });
        peer(&mut group, &id, "cloudevents-sdk", input, expect, |i| {
            serde_json::from_slice::<Vec<cloudevents::Event>>(i)
                .unwrap()
                .iter()
                .map(sdk_sum)
                .sum()
        });
        peer(&mut group, &id, "serde_json-value", input, expect, |i| {
            let v = serde_json::from_slice::<serde_json::Value>(i).unwrap();
            v.as_array().unwrap().iter().map(value_sum).sum()
        });
        peer(&mut group, &id, "serde_json-borrowed", input, expect, |i| {
            serde_json::from_slice::<Vec<SerdeEvent<'_>>>(i)
                .unwrap()
                .iter()
                .map(SerdeEvent::sum)
                .sum()
        });
        let mut scratch = Vec::new();
        peer(&mut group, &id, "simd_json-borrowed", input, expect, |i| {
            scratch.clear();
            scratch.extend_from_slice(i);
            let v = simd_json::to_borrowed_value(&mut scratch).unwrap();
            v.as_array().unwrap().iter().map(simd_value_sum).sum()
        });
        let mut scratch = Vec::new();
        let mut buffers = simd_json::Buffers::default();
        peer(&mut group, &id, "simd_json-tape", input, expect, |i| {
            scratch.clear();
            scratch.extend_from_slice(i);
            let tape = simd_json::to_tape_with_buffers(&mut scratch, &mut buffers).unwrap();
            let array = tape.as_value().as_array().unwrap();
            array.iter().map(simd_tape_sum).sum()
        });
        peer(&mut group, &id, "sonic_rs-lazy", input, expect, |i| {
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
