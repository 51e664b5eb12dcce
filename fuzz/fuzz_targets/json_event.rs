//! `Event::from_json` on raw bytes. Oracle: whatever parses is written back
//! with `json::write_event`, parses again to an equal event (equality is by
//! meaning), and writing that is byte-for-byte stable.
#![no_main]

use cloudevents_codec::{json, Event};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let event = match Event::from_json(input) {
        Ok(event) => event,
        Err(e) => {
            // Errors must render and point inside the input.
            let _ = e.to_string();
            if let Some(at) = e.offset() {
                assert!(at <= input.len(), "offset {at} past the end: {e}");
            }
            return;
        }
    };
    // The typed views of validated values never fail.
    if event.time().is_some() {
        assert!(event.timestamp().is_some(), "validated time does not parse");
    }
    if let Some(data) = event.data() {
        let mut bytes = Vec::new();
        data.write_bytes(&mut bytes);
    }
    let _ = format!("{event:?}");
    let _ = event.attributes().count();

    let mut first = Vec::new();
    json::write_event(&event, &mut first);
    assert!(!first.contains(&b'\n'), "written event spans lines");
    let again = Event::from_json(&first).unwrap_or_else(|e| {
        panic!(
            "written event does not parse: {e}\n{}",
            String::from_utf8_lossy(&first)
        )
    });
    assert_eq!(again, event, "round trip changed the event");
    let mut second = Vec::new();
    json::write_event(&again, &mut second);
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second),
        "writing is not stable"
    );
});
