//! `Event::from_protobuf` and `protobuf::BatchReader` on raw bytes.
//! Oracles: errors point inside the input; whatever reads is written back
//! with `protobuf::write_event`, reads again to an equal event (equality by
//! meaning) and writing that is byte-for-byte stable (PROTO-2); it also
//! goes through the JSON format with every attribute kept; every batch
//! element that reads is one event of a rewritten batch (PROTO-5).
#![no_main]

use cloudevents_codec::{json, protobuf, Event};
use libfuzzer_sys::fuzz_target;

fn round_trip(event: &Event<'_>) {
    if event.time().is_some() {
        assert!(event.timestamp().is_some(), "validated time does not parse");
    }
    if let Some(data) = event.data() {
        let mut bytes = Vec::new();
        data.write_bytes(&mut bytes);
    }
    let _ = format!("{event:?}");
    let mut first = Vec::new();
    protobuf::write_event(event, &mut first);
    assert_eq!(first.len(), protobuf::encoded_len(event));
    let again = Event::from_protobuf(&first)
        .unwrap_or_else(|e| panic!("written event does not read: {e}\n{first:02x?}"));
    assert_eq!(&again, event, "round trip changed the event");
    let mut second = Vec::new();
    protobuf::write_event(&again, &mut second);
    assert_eq!(first, second, "writing is not stable");

    // Through JSON: every attribute with its type.
    let mut j = Vec::new();
    json::write_event(event, &mut j);
    let from_json = Event::from_json(&j).unwrap_or_else(|e| {
        panic!(
            "JSON of a Protobuf event does not parse: {e}\n{}",
            String::from_utf8_lossy(&j)
        )
    });
    assert_eq!(from_json.attributes().count(), event.attributes().count());
    for ((n1, v1), (n2, v2)) in from_json.attributes().zip(event.attributes()) {
        assert!(n1 == n2 && v1 == v2, "{n1} changed through JSON");
    }
}

fuzz_target!(|input: &[u8]| {
    match Event::from_protobuf(input) {
        Ok(event) => round_trip(&event),
        Err(e) => {
            let _ = e.to_string();
            if let Some(at) = e.offset() {
                assert!(at <= input.len(), "offset {at} past the end: {e}");
            }
        }
    }
    let mut events = Vec::new();
    for (n, item) in protobuf::BatchReader::new(input).enumerate() {
        // Every element takes at least two bytes.
        assert!(n <= input.len(), "batch iteration does not end");
        match item {
            Ok(event) => {
                round_trip(&event);
                events.push(event);
            }
            Err(e) => {
                if let Some(at) = e.offset() {
                    assert!(at <= input.len(), "offset {at} past the end: {e}");
                }
            }
        }
    }
    let mut batch = Vec::new();
    let mut w = protobuf::BatchWriter::new(&mut batch);
    for e in &events {
        w.push(e).expect("events of one batch share a specversion");
    }
    let back: Vec<Event<'_>> = protobuf::BatchReader::new(&batch)
        .collect::<Result<_, _>>()
        .expect("rewritten batch reads");
    assert_eq!(back, events);
});
