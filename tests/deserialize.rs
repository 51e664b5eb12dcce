//! `serde::Deserialize` for `OwnedEvent` (feature `serde`): the structured
//! JSON shape (JSON-2, JSON-3), validated by the JSON parser's own rules.
//! The oracle is `Event::from_json` on the same text: the same events are
//! accepted, equal, and the same are refused, with the same error kind.
#![cfg(feature = "serde_json")]

use cloudevents_codec::{json, Event, OwnedData, OwnedEvent};
use cloudevents_codec_corpus::{self as corpus, Profile};
use proptest::prelude::*;
use serde_json::Value as Json;

/// Deserializing agrees with parsing: both accept (and give the same event,
/// JSON data compared as values since serde rewrites numbers) or both
/// refuse with the same kind of error.
fn agree(input: &[u8]) {
    let parsed = Event::from_json(input);
    let deserialized = serde_json::from_slice::<OwnedEvent>(input);
    match (&parsed, &deserialized) {
        (Ok(p), Ok(d)) => {
            let p = p.clone().into_owned();
            match (p.data(), d.data()) {
                (Some(OwnedData::Json(a)), Some(OwnedData::Json(b))) => {
                    let a: Json = serde_json::from_str(a).unwrap();
                    let b: Json = serde_json::from_str(b).unwrap();
                    assert_eq!(a, b);
                    let mut p = p.clone();
                    p.set_data(d.data().cloned()).unwrap();
                    assert_eq!(&p, d);
                }
                _ => assert_eq!(&p, d),
            }
        }
        (Err(p), Err(d)) => {
            // The serde error says the parser's error (when it got that
            // far: serde_json refuses malformed JSON, and a top level that
            // is not an object, itself).
            let msg = d.to_string();
            if d.is_data() && !msg.starts_with("invalid type") {
                assert!(msg.contains(p.kind().as_str()), "{p} vs {msg}");
                assert!(!msg.contains("(at byte"), "{msg}");
            }
        }
        // serde_json reads `-0.0` as it reads `-0` (an Integer, E-33).
        (Err(_), Ok(_)) if String::from_utf8_lossy(input).contains("-0.0") => {}
        _ => panic!(
            "parser {:?}, deserialize {:?}: {}",
            parsed.as_ref().err(),
            deserialized.as_ref().err(),
            String::from_utf8_lossy(input)
        ),
    }
}

#[test]
fn json_2_corpus_profiles_deserialize_like_they_parse() {
    for profile in Profile::ALL {
        let input = corpus::ndjson(profile, 40, 9);
        for line in input.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            agree(line);
        }
    }
}

/// The edge cases of docs/RULES.md that a JSON document can express
/// (E-04..E-37): the same verdicts through serde as through the parser.
#[test]
fn json_3_edge_cases_agree_with_the_parser() {
    let base = r#""specversion":"1.0","id":"1","source":"/s","type":"t""#;
    let cases = [
        format!("{{{base}}}"),
        format!(r#"{{{base},"id":"2"}}"#),                   // E-04
        r#"{"\u0069d":"x","specversion":"1.0","source":"/s","type":"t"}"#.to_string(), // E-05
        format!(r#"{{{base},"\u0069d":"x"}}"#),              // E-05
        format!(r#"{{{base},"":1}}"#),                       // E-06
        r#"{"id":"1","source":"/s","type":"t"}"#.to_string(), // E-08
        r#"{"specversion":"1.0.2","id":"1","source":"/s","type":"t"}"#.to_string(),
        r#"{"specversion":1.0,"id":"1","source":"/s","type":"t"}"#.to_string(),
        r#"{"specversion":"1.0","id":null,"source":"/s","type":"t"}"#.to_string(), // E-12
        r#"{"specversion":"1.0","id":123,"source":"/s","type":"t"}"#.to_string(),
        r#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#.to_string(), // E-13
        r#"{"specversion":"1.0","id":"1","source":"http://[::1","type":"t"}"#.to_string(), // E-14
        format!(r#"{{{base},"dataschema":"/schema"}}"#),     // E-15
        format!(r#"{{{base},"datacontenttype":""}}"#),       // E-16
        format!(r#"{{{base},"subject":null}}"#),             // E-17
        format!(r#"{{{base},"subject":"a\u0000b"}}"#),       // E-18
        format!(r#"{{{base},"subject":"\uFDD0"}}"#),
        format!(r#"{{{base},"subject":"\uD83D\uDE00"}}"#),   // E-19
        format!(r#"{{{base},"time":"2016-12-31T23:59:60Z"}}"#), // E-21
        format!(r#"{{{base},"time":"2018-04-05 17:31:00Z"}}"#), // E-22
        format!(r#"{{{base},"MyExt":"v"}}"#),                // E-28
        format!(r#"{{{base},"my_ext":1}}"#),                 // E-30
        format!(r#"{{{base},"opcuametadatamajorversion":1,"1abc":"x"}}"#), // E-31
        format!(r#"{{{base},"n":2147483647,"m":-2147483648}}"#), // E-32
        format!(r#"{{{base},"n":2147483648}}"#),
        format!(r#"{{{base},"n":1.5}}"#),                    // E-33
        format!(r#"{{{base},"n":1.0}}"#),
        format!(r#"{{{base},"n":1e2}}"#),
        format!(r#"{{{base},"n":-0}}"#),
        format!(r#"{{{base},"n":{{}}}}"#),                   // E-34
        format!(r#"{{{base},"n":[]}}"#),
        format!(r#"{{{base},"n":null}}"#),
        format!(r#"{{{base},"n":"5"}}"#),
        format!(r#"{{{base},"data":null}}"#),                // E-35
        format!(r#"{{{base},"datacontenttype":"text/plain","data":null}}"#), // E-36
        format!(r#"{{{base},"datacontenttype":"text/plain","data":1}}"#), // E-37
        format!(r#"{{{base},"data":1,"data_base64":"AA=="}}"#),
        format!(r#"{{{base},"data_base64":"Zm9vYg"}}"#),
        // Floats at the ends of f64 (a case proptest found: their text must
        // read back as the same f64).
        format!(r#"{{{base},"data":[-9.965059382146275e241,1e300,5e-324,-0.0,0.1]}}"#),
        format!(r#"{{{base},"data":{{"a":[1,2.5,-3e-7,"x\n"]}},"datacontenttype":"application/json"}}"#),
        r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"/rel","datacontentencoding":"base64","data":"Zm9v"}"#.to_string(),
        r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","m":{"a":[1]}}"#.to_string(),
        "[]".to_string(),
        "null".to_string(),
    ];
    for case in &cases {
        agree(case.as_bytes());
    }
    // Deeply nested data (E-11): refused either way, without overflowing.
    let deep = format!(
        r#"{{{base},"data":{}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    agree(deep.as_bytes());
}

#[test]
fn json_2_other_deserializers() {
    // serde_json::Value as the deserializer: members come sorted.
    let v: Json = serde_json::from_str(
        r#"{"type":"t","specversion":"1.0","source":"/s","id":"1","seq":7,"data":{"b":[true,null]}}"#,
    )
    .unwrap();
    let e: OwnedEvent = serde_json::from_value(v).unwrap();
    assert_eq!(
        e.view()
            .ext()
            .value(cloudevents_codec::ext::Known::Sequence),
        None
    );
    assert_eq!(
        e.data(),
        Some(&OwnedData::Json(r#"{"b":[true,null]}"#.into()))
    );
    // Byte strings have no JSON form.
    use serde::de::value::MapDeserializer;
    use serde::Deserialize;
    let bytes: Vec<(&str, &[u8])> = vec![("data", b"\x00\x01")];
    let err = OwnedEvent::deserialize(MapDeserializer::<_, serde::de::value::Error>::new(
        bytes.into_iter(),
    ))
    .unwrap_err();
    assert!(err.to_string().contains("byte array"), "{err}");
}

#[test]
fn json_2_serialize_owned_events() {
    let input = corpus::ndjson(Profile::Escaped, 10, 3);
    for line in input.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let owned = Event::from_json(line).unwrap().into_owned();
        let text = serde_json::to_vec(&owned).unwrap();
        let mut written = Vec::new();
        json::write_event(&owned.view(), &mut written);
        let a: Json = serde_json::from_slice(&text).unwrap();
        let b: Json = serde_json::from_slice(&written).unwrap();
        assert_eq!(a, b);
        agree(&text);
    }
}

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Json::from),
        "[a-z é\"\\\\\u{0}\u{1f}😀]{0,6}".prop_map(Json::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::btree_map("[a-zA-Z_]{0,4}", inner, 0..4)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Events with generated members (any JSON value under any name):
    /// deserializing and parsing agree on every one.
    #[test]
    fn json_3_generated_members_agree(members in prop::collection::vec(("[a-z_A-Z]{1,6}", json_value()), 0..5), data in prop::option::of(json_value())) {
        let mut text = String::from(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t""#);
        for (name, value) in &members {
            text += &format!(",{}:{}", serde_json::to_string(name).unwrap(), value);
        }
        if let Some(d) = data {
            text += &format!(r#","data":{d}"#);
        }
        text += "}";
        agree(text.as_bytes());
    }
}
