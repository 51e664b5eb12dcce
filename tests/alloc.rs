//! Zero-allocation claims, proven with a counting global allocator.
//!
//! The counter is per thread so that the test harness's own threads do not
//! disturb it. Every hot path runs once to warm the buffers, then again under
//! the counter, which must stay at 0.

use cloudevents_codec::{json, Data, Event, Value};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocations;

/// The second event has exactly `INLINE_EXTENSIONS` (4) extensions, of every
/// type: the most an event holds without allocating.
const EVENTS: &[&str] = &[
    r#"{"specversion":"1.0","id":"a1b2c3d4-0000-4000-8000-000000000001","source":"/sensors/tenant-7/device-42","type":"com.example.telemetry.reading","time":"2026-11-28T13:11:25.123456Z","datacontenttype":"application/json","region":"eu-west-1","seq":1234,"data":{"temperature":21.5,"humidity":40,"ok":true}}"#,
    r#"{"specversion":"1.0","id":"esc\"aped\u00e9","source":"https:\/\/example.com\/a","type":"t","subject":"caf\u00e9 \ud83d\ude00","dataschema":"https://example.com/schema","e1":"x","e2":2,"e3":true,"e4":"y","data_base64":"c29tZSBiaW5hcnkgZGF0YQ=="}"#,
    r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"/rel","datacontentencoding":"base64","data":"Zm9v"}"#,
    r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":"line\nbreak \u00e9"}"#,
];

/// Touches every attribute the way a consumer would.
fn access_all(e: &Event<'_>, scratch: &mut Vec<u8>) -> usize {
    let mut n = 0;
    n += e.id().decoded_len() + e.source().decoded_len() + e.ty().decoded_len();
    n += usize::from(e.ty().eq_str("t"));
    for t in [e.datacontenttype(), e.dataschema(), e.subject(), e.time()]
        .into_iter()
        .flatten()
    {
        scratch.clear();
        t.decode_to(scratch);
        n += scratch.len();
    }
    if let Some(ts) = e.timestamp() {
        n += ts.nanosecond() as usize + ts.year() as usize;
    }
    for ext in e.extensions() {
        n += ext.name().decoded_len();
        match ext.value() {
            Value::String(t) => n += t.decoded_len(),
            Value::Integer(i) => n += i as usize,
            Value::Boolean(b) => n += usize::from(b),
            _ => {}
        }
    }
    if let Some(d) = e.data() {
        scratch.clear();
        d.write_bytes(scratch);
        n += scratch.len();
        if let Data::Json(raw) = d {
            n += raw.len();
        }
    }
    n
}

#[test]
fn parse_access_write_allocate_nothing() {
    let mut scratch = Vec::with_capacity(4096);
    let mut out = Vec::with_capacity(4096);
    for input in EVENTS {
        // Warm up.
        let e = Event::from_json(input.as_bytes()).unwrap();
        access_all(&e, &mut scratch);
        json::write_event(&e, &mut out);
        out.clear();
        let mut sum = 0;
        let count = allocations(|| {
            for _ in 0..100 {
                let e = Event::from_json(input.as_bytes()).unwrap();
                sum += access_all(&e, &mut scratch);
                out.clear();
                json::write_event(&e, &mut out);
                sum += out.len();
            }
        });
        assert!(sum > 0);
        assert_eq!(count, 0, "allocations for {input}");
    }
}

#[test]
fn batch_and_ndjson_readers_allocate_nothing() {
    let mut batch = Vec::from(&b"["[..]);
    let mut ndjson = Vec::new();
    for (i, e) in EVENTS.iter().take(2).enumerate() {
        if i > 0 {
            batch.push(b',');
        }
        batch.extend_from_slice(e.as_bytes());
        ndjson.extend_from_slice(e.as_bytes());
        ndjson.push(b'\n');
    }
    batch.push(b']');
    let mut out = Vec::with_capacity(8192);
    let count = allocations(|| {
        for e in json::BatchReader::new(&batch).unwrap() {
            json::write_ndjson_event(&e.unwrap(), &mut out);
        }
        for (_, e) in json::NdjsonReader::new(&ndjson) {
            json::write_ndjson_event(&e.unwrap(), &mut out);
        }
    });
    assert_eq!(count, 0);
    assert!(!out.is_empty());
}

#[test]
fn errors_allocate_nothing() {
    let bad = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","Bad":1}"#;
    let count = allocations(|| {
        for _ in 0..10 {
            assert!(Event::from_json(bad).is_err());
        }
    });
    assert_eq!(count, 0);
}

#[test]
fn the_counter_counts() {
    // Guards the other tests: a counter stuck at 0 would prove nothing.
    let count = allocations(|| {
        let v = std::hint::black_box(vec![1u8; 64]);
        drop(v);
    });
    assert_eq!(count, 1);
}

#[test]
fn inline_extensions_fit_and_more_spill() {
    let event = Event::from_json(EVENTS[1].as_bytes()).unwrap();
    assert_eq!(
        event.extensions().len(),
        cloudevents_codec::INLINE_EXTENSIONS
    );
    // Documented limit of the claim: extensions beyond the inline capacity
    // live on the heap (one allocation for the spilled list).
    let n = cloudevents_codec::INLINE_EXTENSIONS + 1;
    let members: Vec<String> = (0..n).map(|i| format!(r#""e{i}":{i}"#)).collect();
    let input = format!(
        r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t",{}}}"#,
        members.join(",")
    );
    let count = allocations(|| {
        let e = Event::from_json(input.as_bytes()).unwrap();
        assert_eq!(e.extensions().len(), n);
    });
    assert_eq!(count, 1);
}
