//! The binary event formats, ours against the independent implementations
//! the tests compare with, on the same inputs in the same run:
//!
//! - `protobuf-decode/<profile>`: `Event::from_protobuf` (borrowing, no
//!   allocation) against `prost` decoding into its owned types (the spec's
//!   messages, `tests/support/cloudevents_prost.rs`);
//! - `protobuf-encode/<profile>`: `protobuf::write_event` from the `Event`
//!   it read against `prost` encoding from the types it decoded, both into a
//!   warm buffer (and ours from the event the JSON parser read);
//! - `avro-decode/<profile>`, `avro-encode/<profile>`: `avro::read_event`
//!   (warm scratch) and `avro::write_event` against `apache-avro`'s generic
//!   datum reader and writer with the spec's schema.
//!
//! The input of each group is the decode corpus of a profile (the 256
//! events of `decode/<profile>`, so that no branch predictor learns one
//! event), encoded once by our writer (both readers accept it: the
//! differential tests check that); one iteration decodes or encodes all of
//! them. Before a decoder is measured, its checksum of every event (lengths
//! of `id`, `source`, `type`, the attribute count, the data length) is
//! asserted equal to ours.
//!
//! Each benchmark is recorded (`common::record`) as the corpus's 256 events
//! per iteration, so that `benches/report.py` reports time per event.
//!
//! Run: `cargo bench -p cloudevents-codec-benches --bench formats`.

use std::hint::black_box;

use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::types::Value as Av;
use apache_avro::writer::datum::GenericDatumWriter;
use cloudevents_codec::{avro, protobuf, Data, Event};
use cloudevents_codec_corpus::Profile;
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use prost::Message as _;

mod common;
use common::*;

#[path = "../tests/support/cloudevents_prost.rs"]
mod pb;

/// The spec's Avro schema (a test fixture of the library).
const AVSC: &str = include_str!("../tests/fixtures/cloudevents.avsc");

/// Our checksum: required attribute lengths, attribute count, data length.
fn ours_check(e: &Event<'_>) -> u64 {
    let mut sum = (e.id().decoded_len() + e.source().decoded_len() + e.ty().decoded_len()) as u64;
    sum += e.attributes().count() as u64 * 1000;
    sum += match e.data() {
        Some(Data::Json(s)) => s.len() as u64,
        Some(Data::Text(t)) => t.decoded_len() as u64,
        Some(d) => d.as_bytes().map_or(1, |b| b.len() as u64),
        None => 0,
    };
    sum
}

/// prost's view: the four required fields are fields, the rest map entries.
fn prost_check(m: &pb::CloudEvent) -> u64 {
    let mut sum = (m.id.len() + m.source.len() + m.r#type.len()) as u64;
    sum += (m.attributes.len() as u64 + 4) * 1000;
    sum += match &m.data {
        Some(pb::Data::BinaryData(b)) => b.len() as u64,
        Some(pb::Data::TextData(s)) => s.len() as u64,
        Some(pb::Data::ProtoData(a)) => a.value.len() as u64,
        None => 0,
    };
    sum
}

/// apache-avro's view: every attribute in the map, and the data's length;
/// `None` for JSON data, which apache-avro keeps as a tree of values (the
/// attribute part is still compared).
fn avro_check(v: &Av) -> (u64, Option<u64>) {
    let Av::Record(fields) = v else { panic!() };
    let Av::Map(attrs) = &fields[0].1 else {
        panic!()
    };
    let len = |k: &str| match attrs.get(k) {
        Some(Av::Union(_, b)) => match &**b {
            Av::String(s) => s.len() as u64,
            _ => 0,
        },
        _ => 0,
    };
    let sum = len("id") + len("source") + len("type") + attrs.len() as u64 * 1000;
    let data = match &fields[1].1 {
        Av::Union(0, b) => match &**b {
            Av::Bytes(b) => Some(b.len() as u64),
            _ => None,
        },
        Av::Union(6, b) => match &**b {
            Av::String(s) => Some(s.len() as u64),
            _ => None,
        },
        Av::Union(1, _) => Some(0),
        _ => None,
    };
    (sum, data)
}

/// Our checksum without its data part, and the data's length; `None` for
/// JSON data, which the Avro format carries as a value (a JSON string as an
/// Avro string without its quotes), so lengths do not compare.
fn ours_split(e: &Event<'_>) -> (u64, Option<u64>) {
    let all = ours_check(e);
    let data = match e.data() {
        Some(Data::Json(s)) => s.len() as u64,
        Some(Data::Text(t)) => t.decoded_len() as u64,
        Some(d) => d.as_bytes().map_or(1, |b| b.len() as u64),
        None => 0,
    };
    let comparable = !matches!(e.data(), Some(Data::Json(_)));
    (all - data, comparable.then_some(data))
}

/// The decode corpus of `profile` (the JSON events of `decode/<profile>`).
fn corpus(profile: Profile) -> Vec<Vec<u8>> {
    events(profile, EVENTS)
}

/// `json` parsed by our JSON reader, and each event written by `write` (the
/// inputs of a format's groups).
fn parse_and_write<'j>(
    json: &'j [Vec<u8>],
    write: fn(&Event<'_>, &mut Vec<u8>),
) -> (Vec<Event<'j>>, Vec<Vec<u8>>) {
    let events: Vec<Event<'j>> = json.iter().map(|j| Event::from_json(j).unwrap()).collect();
    let inputs = events
        .iter()
        .map(|e| {
            let mut input = Vec::new();
            write(e, &mut input);
            input
        })
        .collect();
    (events, inputs)
}

/// The benchmark group `id` over `events` events of `bytes` bytes per
/// iteration, its `functions` recorded for `benches/report.py`.
fn measured_group<'c>(
    c: &'c mut Criterion,
    id: &str,
    functions: &[&str],
    events: usize,
    bytes: u64,
) -> BenchmarkGroup<'c, WallTime> {
    for function in functions {
        record(id, function, events, bytes);
    }
    let mut group = c.benchmark_group(id);
    group.throughput(Throughput::Bytes(bytes));
    group
}

/// Sums `f` over `items` (one measured iteration over the whole corpus).
#[inline(always)]
fn sum_over<T>(items: &[T], mut f: impl FnMut(&T) -> u64) -> u64 {
    items.iter().map(|i| f(black_box(i))).sum()
}

fn protobuf_benches(c: &mut Criterion) {
    for profile in Profile::ALL {
        let json = corpus(profile);
        let (events, inputs) = parse_and_write(&json, protobuf::write_event);
        for input in &inputs {
            assert_eq!(
                prost_check(&pb::CloudEvent::decode(&input[..]).unwrap()),
                ours_check(&Event::from_protobuf(input).unwrap())
            );
        }
        let bytes: u64 = inputs.iter().map(|i| i.len() as u64).sum();

        let id = format!("protobuf-decode/{profile}");
        let mut group = measured_group(c, &id, &["ours", "prost"], inputs.len(), bytes);
        group.bench_function("ours", |b| {
            b.iter(|| sum_over(&inputs, |i| ours_check(&Event::from_protobuf(i).unwrap())))
        });
        group.bench_function("prost", |b| {
            b.iter(|| {
                sum_over(&inputs, |i| {
                    prost_check(&pb::CloudEvent::decode(&i[..]).unwrap())
                })
            })
        });
        group.finish();

        // Each encodes what it decoded; "ours-from-json" encodes the events
        // as the JSON parser read them (JSON escapes and base64 to decode).
        let owned: Vec<pb::CloudEvent> = inputs
            .iter()
            .map(|i| pb::CloudEvent::decode(&i[..]).unwrap())
            .collect();
        let decoded: Vec<Event<'_>> = inputs
            .iter()
            .map(|i| Event::from_protobuf(i).unwrap())
            .collect();
        let id = format!("protobuf-encode/{profile}");
        let mut group = measured_group(
            c,
            &id,
            &["ours", "ours-from-json", "prost"],
            inputs.len(),
            bytes,
        );
        let mut out = Vec::with_capacity(bytes as usize * 2);
        let mut encode = |b: &mut criterion::Bencher<'_>, events: &[Event<'_>]| {
            b.iter(|| {
                out.clear();
                for e in events {
                    protobuf::write_event(black_box(e), &mut out);
                }
                out.len()
            })
        };
        group.bench_function("ours", |b| encode(b, &decoded));
        group.bench_function("ours-from-json", |b| encode(b, &events));
        let mut out = Vec::with_capacity(bytes as usize * 2);
        group.bench_function("prost", |b| {
            b.iter(|| {
                out.clear();
                for m in &owned {
                    black_box(m).encode(&mut out).unwrap();
                }
                out.len()
            })
        });
        group.finish();
    }
}

fn avro_benches(c: &mut Criterion) {
    let schema = apache_avro::Schema::parse_str(AVSC).unwrap();
    let reader = GenericDatumReader::builder(&schema).build().unwrap();
    let writer = GenericDatumWriter::builder(&schema).build().unwrap();
    for profile in Profile::ALL {
        let json = corpus(profile);
        let (events, inputs) = parse_and_write(&json, avro::write_event);
        let mut scratch = avro::AvroScratch::new();
        let mut theirs = Vec::with_capacity(inputs.len());
        for input in &inputs {
            let (ours_attrs, ours_data) =
                ours_split(&avro::read_event(input, &mut scratch).unwrap());
            let value = reader.read_value(&mut &input[..]).unwrap();
            let (their_attrs, their_data) = avro_check(&value);
            assert_eq!(their_attrs, ours_attrs, "{profile}");
            if let (Some(theirs), Some(ours)) = (their_data, ours_data) {
                assert_eq!(theirs, ours, "{profile}");
            }
            theirs.push(value);
        }
        let bytes: u64 = inputs.iter().map(|i| i.len() as u64).sum();

        let id = format!("avro-decode/{profile}");
        let mut group = measured_group(c, &id, &["ours", "apache-avro"], inputs.len(), bytes);
        group.bench_function("ours", |b| {
            b.iter(|| {
                sum_over(&inputs, |i| {
                    ours_check(&avro::read_event(i, &mut scratch).unwrap())
                })
            })
        });
        group.bench_function("apache-avro", |b| {
            b.iter(|| {
                sum_over(&inputs, |i| {
                    let (sum, data) = avro_check(&reader.read_value(&mut &i[..]).unwrap());
                    sum + data.unwrap_or(0)
                })
            })
        });
        group.finish();

        let id = format!("avro-encode/{profile}");
        let mut group = measured_group(c, &id, &["ours", "apache-avro"], inputs.len(), bytes);
        let mut out = Vec::with_capacity(bytes as usize * 2);
        group.bench_function("ours", |b| {
            b.iter(|| {
                out.clear();
                for e in &events {
                    avro::write_event(black_box(e), &mut out);
                }
                out.len()
            })
        });
        let mut out = Vec::with_capacity(bytes as usize * 2);
        group.bench_function("apache-avro", |b| {
            b.iter(|| {
                out.clear();
                for v in &theirs {
                    writer.write_value_ref(&mut out, black_box(v)).unwrap();
                }
                out.len()
            })
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = criterion();
    targets = protobuf_benches, avro_benches
}
criterion_main!(benches);
