//! `json::BatchReader` over raw bytes: every item is visited, iteration
//! ends, nothing panics, and every event that parses round-trips through the
//! writer. A batch whose items all parse is rewritten with `BatchWriter` and
//! read back to the same events.
#![no_main]

use cloudevents_codec::json::{self, BatchReader, BatchWriter};
use cloudevents_codec::Event;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Ok(reader) = BatchReader::new(input) else {
        return;
    };
    let mut events = Vec::new();
    let mut all_ok = true;
    let mut items = 0usize;
    for item in reader {
        items += 1;
        // Every element takes at least one byte.
        assert!(items <= input.len(), "batch iteration does not end");
        match item {
            Ok(event) => {
                let mut out = Vec::new();
                json::write_event(&event, &mut out);
                let again = Event::from_json(&out).expect("written event parses");
                assert_eq!(again, event, "round trip changed the event");
                events.push(event);
            }
            Err(e) => {
                let _ = e.to_string();
                if let Some(at) = e.offset() {
                    assert!(at <= input.len(), "offset past the end: {e}");
                }
                all_ok = false;
            }
        }
    }
    if !all_ok {
        return;
    }
    let mut out = Vec::new();
    let mut writer = BatchWriter::new(&mut out);
    for e in &events {
        writer
            .push(e)
            .expect("one specversion per read batch (BATCH-4)");
    }
    writer.finish();
    let back: Vec<_> = BatchReader::new(&out)
        .expect("written batch is an array")
        .collect::<Result<_, _>>()
        .expect("written batch reads back");
    assert_eq!(back, events, "batch round trip");
});
