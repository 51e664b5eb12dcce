//! Zero-allocation claims of the Protobuf and Avro formats, proven with the
//! counting allocator: once buffers are warm, reading and writing allocate
//! nothing (events with up to `INLINE_EXTENSIONS` extensions).
#![cfg(all(feature = "protobuf", feature = "avro"))]

use cloudevents_codec::{avro, protobuf, Event, INLINE_EXTENSIONS};
use cloudevents_codec_corpus::{self as corpus, Options, Profile};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocations;

/// JSON events of every profile plus ones with a Timestamp, Binary and
/// protobuf data; at most `INLINE_EXTENSIONS` extensions each (more spill
/// to the heap: the known gap that tests/alloc_stream.rs pins).
fn inputs() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let options = Options::new().max_extensions(INLINE_EXTENSIONS as u8);
    for p in Profile::ALL {
        let nd = corpus::ndjson_with(p, 3, 1, &options);
        out.extend(
            nd.split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(<[u8]>::to_vec),
        );
    }
    out.push(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"2024-05-01T12:00:00.123Z","dataschema":"https://t/a.B","datacontenttype":"application/protobuf","data_base64":"CAE="}"#.to_vec());
    out
}

/// Touches what a consumer reads: every attribute's text and the data.
fn touch(e: &Event<'_>, scratch: &mut Vec<u8>) -> usize {
    scratch.clear();
    for (name, value) in e.attributes() {
        name.decode_to(scratch);
        value.write_canonical(scratch);
    }
    if let Some(d) = e.data() {
        d.write_bytes(scratch);
    }
    scratch.len() + usize::from(e.timestamp().is_some())
}

#[test]
fn protobuf_read_and_write_allocate_nothing() {
    let mut scratch = Vec::with_capacity(1 << 16);
    for json in inputs() {
        let event = Event::from_json(&json).unwrap();
        let mut one = Vec::new();
        protobuf::write_event(&event, &mut one);
        let mut batch = Vec::new();
        let mut w = protobuf::BatchWriter::new(&mut batch);
        for _ in 0..3 {
            w.push(&event).unwrap();
        }
        let mut out = Vec::with_capacity(1 << 16);
        // Warm up.
        touch(&Event::from_protobuf(&one).unwrap(), &mut scratch);
        let mut sum = 0;
        let n = allocations(|| {
            for _ in 0..50 {
                let e = Event::from_protobuf(&one).unwrap();
                sum += touch(&e, &mut scratch);
                out.clear();
                protobuf::write_event(&e, &mut out);
                let mut w = protobuf::BatchWriter::new(&mut out);
                w.push(&e).unwrap();
                for e in protobuf::BatchReader::new(&batch) {
                    sum += touch(&e.unwrap(), &mut scratch);
                }
            }
        });
        assert!(sum > 0);
        assert_eq!(n, 0, "allocations for {}", String::from_utf8_lossy(&json));
    }
}

#[test]
fn avro_read_and_write_allocate_nothing_when_warm() {
    let mut scratch = Vec::with_capacity(1 << 16);
    let mut avro_scratch = avro::AvroScratch::new();
    for json in inputs() {
        let event = Event::from_json(&json).unwrap();
        let mut datum = Vec::new();
        avro::write_event(&event, &mut datum);
        let mut out = Vec::with_capacity(1 << 16);
        let mut file = Vec::with_capacity(1 << 16);
        let mut container = avro::ContainerWriter::new([1; 16]);
        container.write_header(&mut file);
        // Warm up: the scratch grows to this event's JSON data, the
        // container's block buffer to a block.
        touch(
            &avro::read_event(&datum, &mut avro_scratch).unwrap(),
            &mut scratch,
        );
        for _ in 0..4 {
            container.push(&event, &mut file);
        }
        container.flush(&mut file);
        let mut sum = 0;
        let n = allocations(|| {
            for _ in 0..50 {
                let e = avro::read_event(&datum, &mut avro_scratch).unwrap();
                sum += touch(&e, &mut scratch);
                out.clear();
                avro::write_event(&e, &mut out);
                file.clear();
                for _ in 0..4 {
                    container.push(&e, &mut file);
                }
                container.flush(&mut file);
            }
        });
        assert!(sum > 0);
        assert_eq!(n, 0, "allocations for {}", String::from_utf8_lossy(&json));
    }
}
