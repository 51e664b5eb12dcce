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
//! The input of each group is event 0 of a corpus profile, encoded once by
//! our writer (both readers accept it: the differential tests check that).
//! Before a decoder is measured, its checksum of the event (lengths of
//! `id`, `source`, `type`, the attribute count, the data length) is
//! asserted equal to ours.
//!
//! Run: `cargo bench -p cloudevents-codec-benches --bench formats`.

use std::hint::black_box;

use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::types::Value as Av;
use apache_avro::writer::datum::GenericDatumWriter;
use cloudevents_codec::{avro, protobuf, Data, Event};
use cloudevents_codec_corpus::Profile;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
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

/// Our checksum without its data part, and the data's length.
fn ours_split(e: &Event<'_>) -> (u64, u64) {
    let all = ours_check(e);
    let data = match e.data() {
        Some(Data::Json(s)) => s.len() as u64,
        Some(Data::Text(t)) => t.decoded_len() as u64,
        Some(d) => d.as_bytes().map_or(1, |b| b.len() as u64),
        None => 0,
    };
    (all - data, data)
}

/// One generated event of `profile` (the first of the decode corpus).
fn single(profile: Profile) -> Vec<u8> {
    events(profile, 1).remove(0)
}

fn protobuf_benches(c: &mut Criterion) {
    for profile in Profile::ALL {
        let json = single(profile);
        let event = Event::from_json(&json).unwrap();
        let mut input = Vec::new();
        protobuf::write_event(&event, &mut input);
        let expect = ours_check(&Event::from_protobuf(&input).unwrap());
        assert_eq!(
            prost_check(&pb::CloudEvent::decode(&input[..]).unwrap()),
            expect
        );

        let mut group = c.benchmark_group(format!("protobuf-decode/{profile}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function("ours", |b| {
            b.iter(|| ours_check(&Event::from_protobuf(black_box(&input)).unwrap()))
        });
        group.bench_function("prost", |b| {
            b.iter(|| prost_check(&pb::CloudEvent::decode(black_box(&input[..])).unwrap()))
        });
        group.finish();

        // Each encodes what it decoded; "ours-from-json" encodes the event
        // as the JSON parser read it (JSON escapes and base64 to decode).
        let owned = pb::CloudEvent::decode(&input[..]).unwrap();
        let decoded = Event::from_protobuf(&input).unwrap();
        let mut group = c.benchmark_group(format!("protobuf-encode/{profile}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        let mut out = Vec::with_capacity(input.len() * 2);
        group.bench_function("ours", |b| {
            b.iter(|| {
                out.clear();
                protobuf::write_event(black_box(&decoded), &mut out);
                out.len()
            })
        });
        group.bench_function("ours-from-json", |b| {
            b.iter(|| {
                out.clear();
                protobuf::write_event(black_box(&event), &mut out);
                out.len()
            })
        });
        let mut out = Vec::with_capacity(input.len() * 2);
        group.bench_function("prost", |b| {
            b.iter(|| {
                out.clear();
                black_box(&owned).encode(&mut out).unwrap();
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
        let json = single(profile);
        let event = Event::from_json(&json).unwrap();
        let mut input = Vec::new();
        avro::write_event(&event, &mut input);
        let mut scratch = avro::AvroScratch::new();
        let (ours_attrs, ours_data) = ours_split(&avro::read_event(&input, &mut scratch).unwrap());
        let theirs = reader.read_value(&mut &input[..]).unwrap();
        let (their_attrs, their_data) = avro_check(&theirs);
        assert_eq!(their_attrs, ours_attrs, "{profile}");
        if let Some(d) = their_data {
            assert_eq!(d, ours_data, "{profile}");
        }

        let mut group = c.benchmark_group(format!("avro-decode/{profile}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function("ours", |b| {
            b.iter(|| ours_check(&avro::read_event(black_box(&input), &mut scratch).unwrap()))
        });
        group.bench_function("apache-avro", |b| {
            b.iter(|| avro_check(&reader.read_value(&mut black_box(&input[..])).unwrap()))
        });
        group.finish();

        let mut group = c.benchmark_group(format!("avro-encode/{profile}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        let mut out = Vec::with_capacity(input.len() * 2);
        group.bench_function("ours", |b| {
            b.iter(|| {
                out.clear();
                avro::write_event(black_box(&event), &mut out);
                out.len()
            })
        });
        let mut out = Vec::with_capacity(input.len() * 2);
        group.bench_function("apache-avro", |b| {
            b.iter(|| {
                out.clear();
                writer
                    .write_value_ref(&mut out, black_box(&theirs))
                    .unwrap()
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
