//! Events to Arrow `RecordBatch`es and to Parquet bytes: this crate against
//! the obvious alternative, in the same run.
//!
//! Both start from the same NDJSON buffer (one batch of events per
//! iteration) and end with a `RecordBatch` (or a Parquet file in memory):
//!
//! - `codec`: `NdjsonReader` → `EventBatchBuilder::append` → `finish`.
//! - `serde_arrow_json`: `serde_json` into a `#[derive(Deserialize)]` struct
//!   per event (extensions through `#[serde(flatten)]` into a map, data as
//!   a `RawValue`), then `arrow_json`'s `Decoder::serialize` of the structs
//!   into a `RecordBatch` of a comparable schema.
//!
//! `parsed_to_record_batch` times the conversion alone, from events already
//! parsed (ours) and structs already deserialized (the alternative).
//!
//! The alternative does less: no dictionary encoding, the time offset and
//! extension types dropped (extensions become a string map), base64 data
//! left encoded. The comparison favours it.
//!
//! Run (from the repository root), then print the events/s table:
//! `cargo bench -p cloudevents-codec-arrow --bench columnar -- --warm-up-time 1 --measurement-time 5`
//! and `python3 arrow/benches/ratios.py`.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_json::ReaderBuilder;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
use cloudevents_codec::json::NdjsonReader;
use cloudevents_codec_arrow::arrow_array::RecordBatch;
use cloudevents_codec_arrow::parquet::arrow::ArrowWriter;
use cloudevents_codec_arrow::parquet::basic::{Compression, ZstdLevel};
use cloudevents_codec_arrow::parquet::file::properties::WriterProperties;
use cloudevents_codec_arrow::{
    BatchOptions, EventBatchBuilder, ParquetEventWriter, ParquetOptions,
};
use cloudevents_codec_corpus::{self as gen, Profile};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// A CloudEvent as one would write it for serde.
#[derive(Deserialize)]
struct CloudEvent {
    specversion: String,
    id: String,
    source: String,
    #[serde(rename = "type")]
    ty: String,
    datacontenttype: Option<String>,
    dataschema: Option<String>,
    subject: Option<String>,
    time: Option<String>,
    data: Option<Box<RawValue>>,
    data_base64: Option<String>,
    #[serde(flatten)]
    extensions: BTreeMap<String, serde_json::Value>,
}

/// The row handed to `arrow_json` (data as its JSON text).
#[derive(Serialize)]
struct Row<'a> {
    specversion: &'a str,
    id: &'a str,
    source: &'a str,
    #[serde(rename = "type")]
    ty: &'a str,
    datacontenttype: Option<&'a str>,
    dataschema: Option<&'a str>,
    subject: Option<&'a str>,
    time: Option<&'a str>,
    data: Option<&'a str>,
    data_base64: Option<&'a str>,
    extensions: &'a BTreeMap<String, serde_json::Value>,
}

fn baseline_schema() -> SchemaRef {
    let utf8 = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    let entries = Field::new(
        "entries",
        DataType::Struct(Fields::from(vec![
            utf8("keys", false),
            utf8("values", true),
        ])),
        false,
    );
    Arc::new(Schema::new(vec![
        utf8("specversion", false),
        utf8("id", false),
        utf8("source", false),
        utf8("type", false),
        utf8("datacontenttype", true),
        utf8("dataschema", true),
        utf8("subject", true),
        Field::new(
            "time",
            // arrow_json knows offsets, not zone names, without chrono-tz.
            DataType::Timestamp(TimeUnit::Nanosecond, Some("+00:00".into())),
            true,
        ),
        utf8("data", true),
        utf8("data_base64", true),
        Field::new("extensions", DataType::Map(Arc::new(entries), false), false),
    ]))
}

/// serde_json into structs.
fn baseline_structs(ndjson: &[u8]) -> Vec<CloudEvent> {
    ndjson
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_slice(line).unwrap())
        .collect()
}

/// The alternative: serde_json into structs, then arrow_json.
fn baseline_batch(ndjson: &[u8], schema: &SchemaRef, rows: usize) -> RecordBatch {
    structs_to_batch(&baseline_structs(ndjson), schema, rows)
}

/// `arrow_json` from the structs.
fn structs_to_batch(events: &[CloudEvent], schema: &SchemaRef, rows: usize) -> RecordBatch {
    let rows_ref: Vec<Row<'_>> = events
        .iter()
        .map(|e| Row {
            specversion: &e.specversion,
            id: &e.id,
            source: &e.source,
            ty: &e.ty,
            datacontenttype: e.datacontenttype.as_deref(),
            dataschema: e.dataschema.as_deref(),
            subject: e.subject.as_deref(),
            time: e.time.as_deref(),
            data: e.data.as_deref().map(RawValue::get),
            data_base64: e.data_base64.as_deref(),
            extensions: &e.extensions,
        })
        .collect();
    let mut decoder = ReaderBuilder::new(schema.clone())
        .with_batch_size(rows)
        .with_coerce_primitive(true)
        .build_decoder()
        .unwrap();
    decoder.serialize(&rows_ref).unwrap();
    decoder.flush().unwrap().unwrap()
}

/// This crate: parse, append, finish.
fn codec_batch(ndjson: &[u8], builder: &mut EventBatchBuilder) -> RecordBatch {
    for (_, event) in NdjsonReader::new(ndjson) {
        builder.append(&event.unwrap()).unwrap();
    }
    builder.finish().unwrap()
}

fn compression() -> Compression {
    Compression::ZSTD(ZstdLevel::default())
}

fn bench(c: &mut Criterion) {
    let profiles = [
        (Profile::Small, 8192),
        (Profile::Medium, 4096),
        (Profile::Large, 256),
        (Profile::Base64, 4096),
        (Profile::Escaped, 8192),
    ];
    let schema = baseline_schema();
    let mut group = c.benchmark_group("to_record_batch");
    for (profile, n) in profiles {
        let input = gen::ndjson(profile, n, 1);
        assert_eq!(baseline_batch(&input, &schema, n).num_rows(), n);
        group.throughput(Throughput::Elements(n as u64));
        let mut builder = EventBatchBuilder::try_new(BatchOptions::new().batch_size(n)).unwrap();
        group.bench_with_input(BenchmarkId::new("codec", profile), &input, |b, input| {
            b.iter(|| black_box(codec_batch(input, &mut builder)))
        });
        group.bench_with_input(
            BenchmarkId::new("serde_arrow_json", profile),
            &input,
            |b, input| b.iter(|| black_box(baseline_batch(input, &schema, n))),
        );
    }
    group.finish();

    // The conversion alone, from events already parsed (ours: borrowing
    // `Event`s; the alternative: its structs).
    let mut group = c.benchmark_group("parsed_to_record_batch");
    for (profile, n) in profiles {
        let input = gen::ndjson(profile, n, 1);
        group.throughput(Throughput::Elements(n as u64));
        let events: Vec<_> = NdjsonReader::new(&input).map(|(_, e)| e.unwrap()).collect();
        let mut builder = EventBatchBuilder::try_new(BatchOptions::new().batch_size(n)).unwrap();
        group.bench_function(BenchmarkId::new("codec", profile), |b| {
            b.iter(|| {
                for e in &events {
                    builder.append(e).unwrap();
                }
                black_box(builder.finish().unwrap())
            })
        });
        let structs = baseline_structs(&input);
        group.bench_function(BenchmarkId::new("serde_arrow_json", profile), |b| {
            b.iter(|| black_box(structs_to_batch(&structs, &schema, n)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("to_parquet");
    for (profile, n) in profiles {
        let input = gen::ndjson(profile, n, 1);
        group.throughput(Throughput::Elements(n as u64));
        let options = ParquetOptions::new()
            .compression(compression())
            .batch(BatchOptions::new().batch_size(n));
        group.bench_with_input(BenchmarkId::new("codec", profile), &input, |b, input| {
            b.iter(|| {
                let mut w = ParquetEventWriter::try_new(Vec::new(), options.clone()).unwrap();
                for (_, event) in NdjsonReader::new(input) {
                    w.write(&event.unwrap()).unwrap();
                }
                black_box(w.close().unwrap())
            })
        });
        let props = WriterProperties::builder()
            .set_compression(compression())
            .build();
        group.bench_with_input(
            BenchmarkId::new("serde_arrow_json", profile),
            &input,
            |b, input| {
                b.iter(|| {
                    let batch = baseline_batch(input, &schema, n);
                    let mut w =
                        ArrowWriter::try_new(Vec::new(), schema.clone(), Some(props.clone()))
                            .unwrap();
                    w.write(&batch).unwrap();
                    black_box(w.into_inner().unwrap())
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
