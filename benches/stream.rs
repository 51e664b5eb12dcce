//! Pipeline benchmarks: the incremental readers against parsing pre-split
//! input, and `EventBuf` creation against a plain parse.
//!
//! Groups (throughput in input bytes, 1000 events per stream; profiles
//! `small`, `medium`, `mixed`):
//! - `stream-ndjson/<profile>`: `Event::from_json` on pre-split lines (the
//!   floor), `NdjsonReader` on the whole buffer, `NdjsonStream` fed 64 KiB
//!   and 4 KiB chunks;
//! - `stream-batch/<profile>`: `BatchReader` on the whole array against
//!   `BatchStream` fed 64 KiB chunks;
//! - `eventbuf/<profile>`: event 0 of the profile: `Event::from_json`,
//!   `EventBuf::from_json` (one parse, no copy), `EventBuf::from_event` (one
//!   write, one parse) and `EventBuf::view`.
//!
//! Every iteration reduces the events to a checksum, asserted equal to the
//! floor's once before measuring.
//!
//! Run: `cargo bench --bench stream` (filter: `-- stream-ndjson/small`).

use std::hint::black_box;

use bytes::Bytes;
use cloudevents_codec::json::{BatchReader, NdjsonReader};
use cloudevents_codec::stream::{BatchStream, NdjsonStream, Status};
use cloudevents_codec::{Event, EventBuf};
use cloudevents_codec_corpus::{self as corpus, Profile};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

mod common;
use common::{criterion, record, SEED, STREAM_EVENTS as EVENTS};

type Group<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

const PROFILES: [Profile; 3] = [Profile::Small, Profile::Medium, Profile::Mixed];

/// What every peer computes per event.
fn sum(e: &Event<'_>) -> u64 {
    (e.id().decoded_len()
        + e.source().decoded_len()
        + e.ty().decoded_len()
        + e.extensions().len()
        + e.data().map_or(0, |d| d.as_bytes().map_or(1, <[u8]>::len))) as u64
}

/// Checks once that `f` gives `expect`, records that it handles `events`
/// events of `bytes` bytes, then measures it.
fn peer(
    group: &mut Group<'_>,
    (group_id, events, bytes): (&str, usize, usize),
    name: &str,
    expect: u64,
    mut f: impl FnMut() -> u64,
) {
    assert_eq!(f(), expect, "{group_id}/{name}: checksum differs");
    record(group_id, name, events, bytes as u64);
    group.bench_function(name, |b| b.iter(|| black_box(f())));
}

fn ndjson_stream(s: &mut NdjsonStream, input: &[u8], chunk: usize) -> u64 {
    s.reset();
    let mut total = 0;
    for c in input.chunks(chunk) {
        s.feed(c);
        while let Status::Complete(e) = s.next_event().unwrap() {
            total += sum(&e);
        }
    }
    s.finish();
    while let Status::Complete(e) = s.next_event().unwrap() {
        total += sum(&e);
    }
    total
}

fn batch_stream(s: &mut BatchStream, input: &[u8], chunk: usize) -> u64 {
    s.reset();
    let mut total = 0;
    for c in input.chunks(chunk) {
        s.feed(c);
        while let Status::Complete(e) = s.next_event().unwrap() {
            total += sum(&e);
        }
    }
    s.finish();
    assert!(s.next_event().unwrap().is_done());
    total
}

fn stream_ndjson(c: &mut Criterion) {
    for profile in PROFILES {
        let input = corpus::ndjson(profile, EVENTS, SEED);
        let lines: Vec<&[u8]> = input
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        let id = format!("stream-ndjson/{profile}");
        let mut group = c.benchmark_group(&id);
        group.throughput(Throughput::Bytes(input.len() as u64));
        let meta = (id.as_str(), EVENTS, input.len());
        let floor = || {
            lines
                .iter()
                .map(|l| sum(&Event::from_json(l).unwrap()))
                .sum::<u64>()
        };
        let expect = floor();
        peer(&mut group, meta, "pre-split-lines", expect, floor);
        peer(&mut group, meta, "NdjsonReader", expect, || {
            NdjsonReader::new(&input)
                .map(|(_, r)| sum(&r.unwrap()))
                .sum()
        });
        let mut s = NdjsonStream::new();
        peer(&mut group, meta, "NdjsonStream-64KiB", expect, || {
            ndjson_stream(&mut s, &input, 64 * 1024)
        });
        peer(&mut group, meta, "NdjsonStream-4KiB", expect, || {
            ndjson_stream(&mut s, &input, 4096)
        });
        group.finish();
    }
}

fn stream_batch(c: &mut Criterion) {
    for profile in PROFILES {
        let input = corpus::batch(profile, EVENTS, SEED);
        let id = format!("stream-batch/{profile}");
        let mut group = c.benchmark_group(&id);
        group.throughput(Throughput::Bytes(input.len() as u64));
        let meta = (id.as_str(), EVENTS, input.len());
        let whole = || {
            BatchReader::new(&input)
                .unwrap()
                .map(|r| sum(&r.unwrap()))
                .sum::<u64>()
        };
        let expect = whole();
        peer(&mut group, meta, "BatchReader", expect, whole);
        let mut s = BatchStream::new();
        peer(&mut group, meta, "BatchStream-64KiB", expect, || {
            batch_stream(&mut s, &input, 64 * 1024)
        });
        group.finish();
    }
}

fn eventbuf(c: &mut Criterion) {
    for profile in PROFILES {
        let input = corpus::ndjson(profile, 1, SEED);
        let line = input.strip_suffix(b"\n").unwrap_or(&input);
        let bytes = Bytes::copy_from_slice(line);
        let id = format!("eventbuf/{profile}");
        let mut group = c.benchmark_group(&id);
        group.throughput(Throughput::Bytes(line.len() as u64));
        let meta = (id.as_str(), 1, line.len());
        let expect = sum(&Event::from_json(line).unwrap());
        peer(&mut group, meta, "Event::from_json", expect, || {
            sum(&Event::from_json(black_box(line)).unwrap())
        });
        peer(&mut group, meta, "EventBuf::from_json", expect, || {
            sum(&EventBuf::from_json(black_box(bytes.clone()))
                .unwrap()
                .view())
        });
        let event = Event::from_json(line).unwrap();
        peer(&mut group, meta, "EventBuf::from_event", expect, || {
            sum(&EventBuf::from_event(black_box(&event)).unwrap().view())
        });
        let buf = EventBuf::from_json(bytes.clone()).unwrap();
        peer(&mut group, meta, "EventBuf::view", expect, || {
            sum(&black_box(&buf).view())
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = criterion();
    targets = stream_ndjson, stream_batch, eventbuf
}
criterion_main!(benches);
