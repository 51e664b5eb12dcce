//! The `serde` feature: `Serialize` gives the structured-JSON shape (JSON-2,
//! JSON-3), equal to what the JSON writer produces.
#![cfg(feature = "serde_json")]

use cloudevents_codec::{json, Event};
use cloudevents_codec_corpus::{self as corpus, Profile};

#[test]
fn serialize_matches_the_writer_on_generated_events() {
    for profile in Profile::ALL {
        let input = corpus::ndjson(profile, 50, 11);
        for line in input.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let event = Event::from_json(line).unwrap();
            let via_serde = serde_json::to_vec(&event).unwrap();
            let back = Event::from_json(&via_serde).unwrap();
            assert_eq!(back, event, "{}", String::from_utf8_lossy(&via_serde));
            // Same members and values as the writer (compared as JSON values).
            let mut written = Vec::new();
            json::write_event(&event, &mut written);
            let a: serde_json::Value = serde_json::from_slice(&via_serde).unwrap();
            let b: serde_json::Value = serde_json::from_slice(&written).unwrap();
            assert_eq!(a, b);
        }
    }
}

#[test]
fn serialize_binary_and_legacy() {
    // JSON-13: binary data without a content type is data_base64.
    let e = cloudevents_codec::EventBuilder::new("1", "/s", "t")
        .data_binary(b"\x00\x01\x02")
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data_base64":"AAEC"}"#
    );
    let e = Event::from_json(
        br#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"/x","datacontentencoding":"base64","data":"Zm9v"}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"/x","datacontentencoding":"base64","data":"Zm9v"}"#
    );
}
