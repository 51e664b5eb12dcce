//! Shared by the integration tests: the corpus generator and the round trip
//! NDJSON → Arrow → Parquet → Arrow → Event → NDJSON.

// Each test binary uses part of this module.
#![allow(dead_code)]

use bytes::Bytes;
use cloudevents_codec::json::{self, NdjsonReader};
use cloudevents_codec::{Event, TextEncoding, Value};
use cloudevents_codec_arrow::{
    BatchEvents, EventBatchBuilder, ParquetEventReader, ParquetEventWriter, ParquetOptions,
};

/// The project's deterministic corpus generator.
pub use cloudevents_codec_corpus as corpus;

/// Every event of `ndjson` written to a Parquet file with `options`.
pub fn to_parquet(ndjson: &[u8], options: ParquetOptions) -> Bytes {
    let mut writer = ParquetEventWriter::try_new(Vec::new(), options).unwrap();
    for (_, event) in NdjsonReader::new(ndjson) {
        writer.write(&event.unwrap()).unwrap();
    }
    Bytes::from(writer.close().unwrap())
}

/// The events of a Parquet file, written as NDJSON.
pub fn parquet_to_ndjson(file: Bytes) -> Vec<u8> {
    let mut out = Vec::new();
    let mut scratch = Vec::new();
    for batch in ParquetEventReader::try_new(file, 1000).unwrap() {
        let batch = batch.unwrap();
        let events = BatchEvents::new(&batch).unwrap();
        for row in 0..events.len() {
            let event = events
                .event(row, &mut scratch)
                .unwrap_or_else(|e| panic!("{e}"));
            json::write_ndjson_event(&event, &mut out);
        }
    }
    out
}

/// The events of `ndjson` through an Arrow batch (no Parquet), as NDJSON.
pub fn arrow_to_ndjson(ndjson: &[u8], builder: &mut EventBatchBuilder) -> Vec<u8> {
    for (_, event) in NdjsonReader::new(ndjson) {
        builder.append(&event.unwrap()).unwrap();
    }
    let batch = builder.finish().unwrap();
    let mut out = Vec::new();
    BatchEvents::new(&batch)
        .unwrap()
        .try_for_each(|e| {
            json::write_ndjson_event(&e, &mut out);
            Ok::<_, cloudevents_codec_arrow::Error>(())
        })
        .unwrap();
    out
}

/// True when some text of `event` is held in an escaped wire form.
pub fn has_encoded_text(event: &Event<'_>) -> bool {
    event.attributes().any(|(name, value)| {
        name.encoding() != TextEncoding::Plain
            || matches!(value, Value::String(t) if t.encoding() != TextEncoding::Plain)
    }) || matches!(
        event.data(),
        Some(cloudevents_codec::Data::Text(t) | cloudevents_codec::Data::Base64(t)) if t.is_encoded()
    )
}

/// The canonical NDJSON of `ndjson`: each event parsed and written back
/// with `json::write_ndjson_event`, its text values decoded first when it
/// has escaped ones (the columns hold values, not their JSON spelling).
/// Returns the text and how many events had escaped values.
pub fn canonical(ndjson: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut escaped = 0;
    for (_, event) in NdjsonReader::new(ndjson) {
        let event = event.unwrap();
        if has_encoded_text(&event) {
            escaped += 1;
            // `OwnedEvent` keeps base64 data as raw bytes, which the writer
            // may spell differently: put the (decoded) base64 text back.
            let base64 = match event.data() {
                Some(cloudevents_codec::Data::Base64(t)) => Some(t.to_cow()),
                _ => None,
            };
            let owned = event.clone().into_owned();
            let view = owned.view();
            match &base64 {
                Some(b64) => {
                    let decoded = cloudevents_codec::EventBuilder::from_event(&view)
                        .data_base64(b64)
                        .build()
                        .unwrap();
                    json::write_ndjson_event(&decoded, &mut out);
                }
                None => json::write_ndjson_event(&view, &mut out),
            }
        } else {
            json::write_ndjson_event(&event, &mut out);
        }
    }
    (out, escaped)
}

/// Asserts two NDJSON texts are equal line by line (readable failures).
pub fn assert_same_lines(got: &[u8], want: &[u8], what: &str) {
    let got: Vec<&[u8]> = got.split(|&b| b == b'\n').collect();
    let want: Vec<&[u8]> = want.split(|&b| b == b'\n').collect();
    assert_eq!(got.len(), want.len(), "{what}: line count");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(
            g == w,
            "{what}: line {} differs\n got: {}\nwant: {}",
            i + 1,
            String::from_utf8_lossy(g),
            String::from_utf8_lossy(w)
        );
    }
}
