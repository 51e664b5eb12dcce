//! Binary-mode and transcoding benchmarks, and CloudEvents SQL filters.
//!
//! Groups (elements = events):
//! - `binary-decode/http`, `binary-decode/kafka`: headers + body → event,
//!   reading every attribute. Peer: `cloudevents-sdk`'s HTTP binding
//!   (`binding::http::to_event` over an `http::HeaderMap`; it takes the body
//!   as an owned `Vec`, so the copy is part of its cost).
//! - `binary-encode/http`, `binary-encode/kafka`: event → headers + body into
//!   warm buffers. Peer: `cloudevents-sdk`'s HTTP `Serializer` (it consumes
//!   the event, so a clone is part of its cost).
//! - `transcode/kafka-to-json`: Kafka binary → structured JSON (ours only:
//!   the SDK's Kafka binding needs librdkafka).
//! - `transcode/json-to-http`: structured JSON → HTTP binary. Peer: the SDK
//!   (`serde_json` decode, then its HTTP serializer).
//! - `cesql/<filter>`: filter evaluation on parsed `small` events (the SDK
//!   has no CESQL).
//!
//! Each iteration reduces its result to a checksum passed to `black_box`;
//! before measuring, the peers' checksums are asserted equal to ours.
//!
//! Run: `cargo bench --bench bindings`.

use std::hint::black_box;
use std::time::Duration;

use cloudevents::AttributesReader;
use cloudevents_codec::binding::{http as ce_http, kafka, HeaderBuf, Message};
use cloudevents_codec::cesql::Expression;
use cloudevents_codec::{json, Event};
use cloudevents_codec_corpus::{self as corpus, BinaryMessage, Profile};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

type Group<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

const EVENTS: usize = 100;
const SEED: u64 = 0x00C0_FFEE;

fn configure(group: &mut Group<'_>) {
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(EVENTS as u64));
}

/// Checks once that `f` gives `expect`, then measures it.
fn peer(group: &mut Group<'_>, name: &str, expect: u64, mut f: impl FnMut() -> u64) {
    assert_eq!(f(), expect, "{name}: checksum differs from ours");
    group.bench_function(name, |b| b.iter(|| black_box(f())));
}

/// Ours: the lengths of id, source and type, plus the extension count. The
/// SDK does not percent-decode (SPEC HTTP-22), so only attributes that need
/// no decoding are summed.
fn ours_sum(e: &Event<'_>) -> u64 {
    (e.id().decoded_len() + e.source().decoded_len() + e.ty().decoded_len() + e.extensions().len())
        as u64
}

fn sdk_sum(e: &cloudevents::Event) -> u64 {
    (e.id().len()
        + e.source().as_str().len()
        + e.ty().len()
        + e.iter_extensions().filter(|(n, _)| *n != "subject").count()) as u64
}

fn header_map(m: &BinaryMessage) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (n, v) in &m.headers {
        map.append(
            http::header::HeaderName::from_bytes(n).unwrap(),
            http::header::HeaderValue::from_bytes(v).unwrap(),
        );
    }
    map
}

fn binary_decode(c: &mut Criterion) {
    let messages = corpus::http_binary(EVENTS, SEED);
    let mut group = c.benchmark_group("binary-decode/http");
    configure(&mut group);
    let read = |m: &BinaryMessage| -> u64 {
        let items = m.headers.iter().map(|(n, v)| (n.as_slice(), v.as_slice()));
        match ce_http::read(items, &m.body).unwrap() {
            Message::Binary(e) => ours_sum(&e),
            _ => unreachable!("generated messages are binary"),
        }
    };
    let expect: u64 = messages.iter().map(read).sum();
    peer(&mut group, "ours", expect, || {
        messages.iter().map(read).sum()
    });
    let maps: Vec<http::HeaderMap> = messages.iter().map(header_map).collect();
    peer(&mut group, "cloudevents-sdk", expect, || {
        messages
            .iter()
            .zip(&maps)
            .map(|(m, h)| {
                sdk_sum(&cloudevents::binding::http::to_event(h, m.body.clone()).unwrap())
            })
            .sum()
    });
    group.finish();

    let records = corpus::kafka_binary(EVENTS, SEED);
    let mut group = c.benchmark_group("binary-decode/kafka");
    configure(&mut group);
    let read = |m: &BinaryMessage| -> u64 {
        let items = m.headers.iter().map(|(n, v)| (n.as_slice(), v.as_slice()));
        match kafka::read(items, Some(&m.body)).unwrap() {
            Message::Binary(e) => ours_sum(&e),
            _ => unreachable!("generated records are binary"),
        }
    };
    let expect: u64 = records.iter().map(read).sum();
    peer(&mut group, "ours", expect, || {
        records.iter().map(read).sum()
    });
    group.finish();
}

/// Collects the SDK's HTTP output into a byte count.
struct CountingBuilder(u64);

impl cloudevents::binding::http::Builder<u64> for CountingBuilder {
    fn header(&mut self, key: &str, value: http::header::HeaderValue) {
        self.0 += (key.len() + value.len()) as u64;
    }
    fn body(&mut self, bytes: Vec<u8>) -> cloudevents::message::Result<u64> {
        Ok(self.0 + bytes.len() as u64)
    }
    fn finish(&mut self) -> cloudevents::message::Result<u64> {
        Ok(self.0)
    }
}

fn sdk_http_bytes(event: cloudevents::Event) -> u64 {
    use cloudevents::message::BinaryDeserializer;
    event
        .deserialize_binary(cloudevents::binding::http::Serializer::new(
            CountingBuilder(0),
        ))
        .unwrap()
}

fn binary_encode(c: &mut Criterion) {
    let ndjson = corpus::ndjson(Profile::Small, EVENTS, SEED);
    let lines: Vec<&[u8]> = ndjson
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let events: Vec<Event<'_>> = lines.iter().map(|l| Event::from_json(l).unwrap()).collect();
    let mut headers = HeaderBuf::with_capacity(16, 1024);
    let mut body = Vec::with_capacity(1024);

    let mut group = c.benchmark_group("binary-encode/http");
    configure(&mut group);
    group.bench_function("ours", |b| {
        b.iter(|| {
            let mut n = 0u64;
            for e in &events {
                headers.clear();
                body.clear();
                ce_http::write_binary(e, &mut headers, &mut body).unwrap();
                n += (headers.len() + body.len()) as u64;
            }
            black_box(n)
        })
    });
    let sdk: Vec<cloudevents::Event> = lines
        .iter()
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    group.bench_function("cloudevents-sdk", |b| {
        b.iter(|| black_box(sdk.iter().map(|e| sdk_http_bytes(e.clone())).sum::<u64>()))
    });
    group.finish();

    let mut group = c.benchmark_group("binary-encode/kafka");
    configure(&mut group);
    group.bench_function("ours", |b| {
        b.iter(|| {
            let mut n = 0u64;
            for e in &events {
                headers.clear();
                body.clear();
                kafka::write_binary(e, &mut headers, &mut body).unwrap();
                n += (headers.len() + body.len()) as u64;
            }
            black_box(n)
        })
    });
    group.finish();
}

fn transcode(c: &mut Criterion) {
    let records = corpus::kafka_binary(EVENTS, SEED);
    let mut out = Vec::with_capacity(64 * 1024);
    let mut group = c.benchmark_group("transcode/kafka-to-json");
    configure(&mut group);
    group.bench_function("ours", |b| {
        b.iter(|| {
            out.clear();
            for m in &records {
                let items = m.headers.iter().map(|(n, v)| (n.as_slice(), v.as_slice()));
                if let Message::Binary(e) = kafka::read(items, Some(&m.body)).unwrap() {
                    json::write_ndjson_event(&e, &mut out);
                }
            }
            black_box(out.len())
        })
    });
    group.finish();

    let ndjson = corpus::ndjson(Profile::Small, EVENTS, SEED);
    let lines: Vec<&[u8]> = ndjson
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let mut headers = HeaderBuf::with_capacity(16, 1024);
    let mut body = Vec::with_capacity(1024);
    let mut group = c.benchmark_group("transcode/json-to-http");
    configure(&mut group);
    group.bench_function("ours", |b| {
        b.iter(|| {
            let mut n = 0u64;
            for l in &lines {
                let e = Event::from_json(l).unwrap();
                headers.clear();
                body.clear();
                ce_http::write_binary(&e, &mut headers, &mut body).unwrap();
                n += (headers.len() + body.len()) as u64;
            }
            black_box(n)
        })
    });
    group.bench_function("cloudevents-sdk", |b| {
        b.iter(|| {
            black_box(
                lines
                    .iter()
                    .map(|l| sdk_http_bytes(serde_json::from_slice(l).unwrap()))
                    .sum::<u64>(),
            )
        })
    });
    group.finish();
}

fn cesql(c: &mut Criterion) {
    let ndjson = corpus::ndjson(Profile::Small, EVENTS, SEED);
    let events: Vec<Event<'_>> = ndjson
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| Event::from_json(l).unwrap())
        .collect();
    for (name, src) in [
        (
            "type-and-source-like",
            "type = 'com.example.iot.climate.v1' AND source LIKE '/sensors/%'",
        ),
        ("exists-subject", "EXISTS subject"),
        ("ext-in-list", "seqno IN (1, 2, 3)"),
    ] {
        let expr = Expression::parse(src).unwrap();
        let mut group = c.benchmark_group(format!("cesql/{name}"));
        configure(&mut group);
        group.bench_function("ours", |b| {
            b.iter(|| black_box(events.iter().filter(|e| expr.matches(e)).count()))
        });
        group.finish();
    }
}

criterion_group!(benches, binary_decode, binary_encode, transcode, cesql);
criterion_main!(benches);
