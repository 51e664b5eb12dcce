//! Shape variance: does our per-event time depend on how producers write
//! their events? For each shape dimension (source kind, id kind, time
//! precision and offset, extension count and type, data kind, escaping,
//! spacing, member order) and each of its variants, 256 events of the
//! `small` profile's vocabulary, all filled to the same size
//! (`SHAPE_BYTES`), with that one dimension pinned and every other draw the
//! same as in the other variants' corpora.
//!
//! Groups `shape/<dimension>`, one function per variant, ours only (ours
//! is what must be shape-independent). `report.py` prints the max/min
//! per-event time per dimension against issue 14's 1.5x bound.
//!
//! Run: `cargo bench -p cloudevents-codec-benches --bench shapes`.

use std::hint::black_box;

use cloudevents_codec_corpus::{self as corpus, Options, Profile};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod common;
use common::*;

fn shapes(c: &mut Criterion) {
    let variants = corpus::variants(corpus::IRI_SOURCES);
    let mut dimensions: Vec<&str> = variants.iter().map(|v| v.dimension).collect();
    dimensions.dedup();
    for dimension in dimensions {
        let id = format!("shape/{dimension}");
        let mut group = c.benchmark_group(&id);
        for variant in variants.iter().filter(|v| v.dimension == dimension) {
            let mut options = Options::new().target_size(SHAPE_BYTES);
            for pin in &variant.pins {
                options = options.pin(*pin);
            }
            let events = events_with(Profile::Small, EVENTS, &options);
            let bytes = total_bytes(&events);
            let expect: u64 = events.iter().map(|e| reference_sum(e)).sum();
            let got: u64 = events.iter().map(|e| decode_ours(e)).sum();
            assert_eq!(got, expect, "{id}/{}: checksum", variant.name);
            record(&id, &variant.name, events.len(), bytes);
            group.throughput(Throughput::Bytes(bytes));
            group.bench_function(variant.name.as_str(), |b| {
                b.iter(|| {
                    black_box(&events)
                        .iter()
                        .map(|e| decode_ours(e))
                        .sum::<u64>()
                })
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = criterion();
    targets = shapes
}
criterion_main!(benches);
