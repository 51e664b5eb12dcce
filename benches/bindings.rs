//! Binary-mode and transcoding benchmarks, and CloudEvents SQL filters.
//!
//! Groups (elements = events; `<profile>` is `small` or `mixed`, 256
//! messages each, the events of `decode/<profile>`):
//! - `binary-decode/http/<profile>`, `binary-decode/kafka/<profile>`:
//!   headers + body → event, reading every attribute. Peer:
//!   `cloudevents-sdk`'s HTTP binding (`binding::http::to_event` over an
//!   `http::HeaderMap`; it takes the body as an owned `Vec`, so the copy is
//!   part of its cost). `baseline-memchr`: one `memchr` pass over every
//!   header name, value and body, the floor of any decoder.
//! - `binary-encode/http/<profile>`, `binary-encode/kafka/<profile>`: event →
//!   headers + body into warm buffers. Peer: `cloudevents-sdk`'s HTTP
//!   `Serializer` (it consumes the event, so a clone is part of its cost).
//! - `transcode/kafka-to-json/<profile>`: Kafka binary → structured JSON
//!   (ours only: the SDK's Kafka binding needs librdkafka).
//! - `transcode/json-to-http/<profile>`: structured JSON → HTTP binary. Peer:
//!   the SDK (`serde_json` decode, then its HTTP serializer).
//! - `cesql/<filter>`: filter evaluation on parsed `small` events (the SDK
//!   has no CESQL).
//!
//! Each iteration reduces its result to a checksum passed to `black_box`;
//! before measuring, the SDK's decode checksum is asserted equal to ours.
//!
//! Run: `cargo bench -p cloudevents-codec-benches --bench bindings`.

use std::hint::black_box;

use cloudevents_codec::binding::{http as ce_http, kafka, HeaderBuf, Message};
use cloudevents_codec::cesql::Expression;
use cloudevents_codec::{json, Event};
use cloudevents_codec_corpus::{self as corpus, Profile};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

mod common;
use common::*;

type Group<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// The profiles of the binding groups.
const PROFILES: [Profile; 2] = [Profile::Small, Profile::Mixed];

fn group<'c>(c: &'c mut Criterion, id: &str) -> Group<'c> {
    let mut g = c.benchmark_group(id);
    g.throughput(Throughput::Elements(EVENTS as u64));
    g
}

/// Checks once that `f` gives `expect` (when given), then measures it.
fn peer(
    group: &mut Group<'_>,
    group_id: &str,
    name: &str,
    expect: Option<u64>,
    mut f: impl FnMut() -> u64,
) {
    if let Some(expect) = expect {
        assert_eq!(f(), expect, "{group_id}/{name}: checksum differs from ours");
    }
    record(group_id, name, EVENTS, 0);
    group.bench_function(name, |b| b.iter(|| black_box(f())));
}

fn binary_decode(c: &mut Criterion) {
    for profile in PROFILES {
        let messages = corpus::http_binary(profile, EVENTS, SEED);
        let id = format!("binary-decode/http/{profile}");
        let mut g = group(c, &id);
        let expect: u64 = messages.iter().map(binary_ours_http).sum();
        peer(&mut g, &id, "ours", None, || {
            messages.iter().map(binary_ours_http).sum()
        });
        let maps: Vec<http::HeaderMap> = messages.iter().map(header_map).collect();
        peer(&mut g, &id, "cloudevents-sdk", Some(expect), || {
            messages
                .iter()
                .zip(&maps)
                .map(|(m, h)| binary_sdk_http(m, h))
                .sum()
        });
        peer(&mut g, &id, "baseline-memchr", None, || {
            messages.iter().map(binary_memchr_pass).sum()
        });
        g.finish();

        let records = corpus::kafka_binary(profile, EVENTS, SEED);
        let id = format!("binary-decode/kafka/{profile}");
        let mut g = group(c, &id);
        peer(&mut g, &id, "ours", None, || {
            records.iter().map(binary_ours_kafka).sum()
        });
        peer(&mut g, &id, "baseline-memchr", None, || {
            records.iter().map(binary_memchr_pass).sum()
        });
        g.finish();
    }
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
    for profile in PROFILES {
        let inputs = events(profile, EVENTS);
        let parsed: Vec<Event<'_>> = inputs.iter().map(|l| ours_parse(l)).collect();
        let mut headers = HeaderBuf::with_capacity(32, 4096);
        let mut body = Vec::with_capacity(64 * 1024);

        let id = format!("binary-encode/http/{profile}");
        let mut g = group(c, &id);
        peer(&mut g, &id, "ours", None, || {
            let mut n = 0u64;
            for e in &parsed {
                headers.clear();
                body.clear();
                ce_http::write_binary(e, &mut headers, &mut body).unwrap();
                n += (headers.len() + body.len()) as u64;
            }
            n
        });
        let sdk: Vec<cloudevents::Event> = inputs
            .iter()
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        peer(&mut g, &id, "cloudevents-sdk", None, || {
            sdk.iter().map(|e| sdk_http_bytes(e.clone())).sum()
        });
        g.finish();

        let id = format!("binary-encode/kafka/{profile}");
        let mut g = group(c, &id);
        peer(&mut g, &id, "ours", None, || {
            let mut n = 0u64;
            for e in &parsed {
                headers.clear();
                body.clear();
                kafka::write_binary(e, &mut headers, &mut body).unwrap();
                n += (headers.len() + body.len()) as u64;
            }
            n
        });
        g.finish();
    }
}

fn transcode(c: &mut Criterion) {
    for profile in PROFILES {
        let records = corpus::kafka_binary(profile, EVENTS, SEED);
        let mut out = Vec::with_capacity(EVENTS * 20 * 1024);
        let id = format!("transcode/kafka-to-json/{profile}");
        let mut g = group(c, &id);
        peer(&mut g, &id, "ours", None, || {
            out.clear();
            for m in &records {
                let items = m.headers.iter().map(|(n, v)| (n.as_slice(), v.as_slice()));
                let body = (!m.body.is_empty()).then_some(m.body.as_slice());
                if let Message::Binary(e) = kafka::read(items, body).unwrap() {
                    json::write_ndjson_event(&e, &mut out);
                }
            }
            out.len() as u64
        });
        g.finish();

        let inputs = events(profile, EVENTS);
        let mut headers = HeaderBuf::with_capacity(32, 4096);
        let mut body = Vec::with_capacity(64 * 1024);
        let id = format!("transcode/json-to-http/{profile}");
        let mut g = group(c, &id);
        peer(&mut g, &id, "ours", None, || {
            let mut n = 0u64;
            for l in &inputs {
                let e = ours_parse(l);
                headers.clear();
                body.clear();
                ce_http::write_binary(&e, &mut headers, &mut body).unwrap();
                n += (headers.len() + body.len()) as u64;
            }
            n
        });
        peer(&mut g, &id, "cloudevents-sdk", None, || {
            inputs
                .iter()
                .map(|l| sdk_http_bytes(serde_json::from_slice(l).unwrap()))
                .sum()
        });
        g.finish();
    }
}

fn cesql(c: &mut Criterion) {
    let inputs = events(Profile::Small, EVENTS);
    let parsed: Vec<Event<'_>> = inputs.iter().map(|l| ours_parse(l)).collect();
    for (name, src) in [
        (
            "type-and-source-like",
            "type = 'com.example.iot.climate.v1' AND source LIKE '/sensors/%'",
        ),
        ("exists-subject", "EXISTS subject"),
        ("ext-in-list", "seqno IN (1, 2, 3)"),
    ] {
        let expr = Expression::parse(src).unwrap();
        let id = format!("cesql/{name}");
        let mut g = group(c, &id);
        peer(&mut g, &id, "ours", None, || {
            parsed.iter().filter(|e| expr.matches(e)).count() as u64
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = criterion();
    targets = binary_decode, binary_encode, transcode, cesql
}
criterion_main!(benches);
