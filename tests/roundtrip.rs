//! Property tests: generated valid events round-trip through write → parse,
//! writing is stable, and mutated inputs never panic.

use cloudevents_codec::{json, Event, Value};
use proptest::prelude::*;

/// Characters allowed in CloudEvents Strings (TYPE-4), with a bias towards
/// the ones that need JSON escapes.
fn string_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        1 => Just('"'),
        1 => Just('\\'),
        1 => Just('/'),
        1 => Just(' '),
        1 => Just('é'),
        1 => Just('€'),
        1 => Just('😀'),
        1 => proptest::char::range('\u{a0}', '\u{fdcf}'),
    ]
}

fn attr_string() -> impl Strategy<Value = String> {
    proptest::collection::vec(string_char(), 1..24).prop_map(|v| v.into_iter().collect())
}

fn uri_ref() -> impl Strategy<Value = String> {
    prop_oneof![
        "/[a-z0-9]{1,8}(/[a-z0-9._~-]{1,8}){0,3}",
        "https://[a-z]{1,8}\\.example\\.com(/[a-z0-9]{1,8}){0,3}(\\?[a-z]=[0-9]{1,3})?",
        "urn:uuid:[0-9a-f]{8}",
    ]
}

fn timestamp() -> impl Strategy<Value = String> {
    (
        1970u32..2100,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        proptest::option::of(0u32..1_000_000),
        prop_oneof![Just("Z".to_string()), "[+-](0[0-9]|1[0-3]):[0-5][0-9]"],
    )
        .prop_map(|(y, mo, d, h, mi, s, frac, off)| {
            let frac = frac.map(|f| format!(".{f:06}")).unwrap_or_default();
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{off}")
        })
}

#[derive(Debug, Clone)]
enum Ext {
    S(String),
    I(i32),
    B(bool),
}

fn ext_value() -> impl Strategy<Value = Ext> {
    prop_oneof![
        attr_string().prop_map(Ext::S),
        any::<i32>().prop_map(Ext::I),
        any::<bool>().prop_map(Ext::B),
    ]
}

#[derive(Debug, Clone)]
enum DataGen {
    None,
    Json(serde_json::Value),
    Text(String),
    Base64(Vec<u8>),
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e9f64..1e9).prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            proptest::collection::btree_map("[a-z]{1,6}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn data() -> impl Strategy<Value = DataGen> {
    prop_oneof![
        Just(DataGen::None),
        json_value().prop_map(DataGen::Json),
        ".{0,40}".prop_map(DataGen::Text),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(DataGen::Base64),
    ]
}

prop_compose! {
    fn event_json()(
        id in attr_string(),
        source in uri_ref(),
        ty in attr_string(),
        subject in proptest::option::of(attr_string()),
        time in proptest::option::of(timestamp()),
        exts in proptest::collection::btree_map("[a-z][a-z0-9]{0,9}", ext_value(), 0..12),
        data in data(),
    ) -> String {
        let mut obj = serde_json::Map::new();
        obj.insert("specversion".into(), "1.0".into());
        obj.insert("id".into(), id.into());
        obj.insert("source".into(), source.into());
        obj.insert("type".into(), ty.into());
        if let Some(s) = subject { obj.insert("subject".into(), s.into()); }
        if let Some(t) = time { obj.insert("time".into(), t.into()); }
        for (name, v) in exts {
            if matches!(name.as_str(), "id" | "source" | "type" | "subject" | "time" | "data"
                | "specversion" | "datacontenttype" | "dataschema") {
                continue;
            }
            let v = match v {
                Ext::S(s) => serde_json::Value::from(s),
                Ext::I(i) => serde_json::Value::from(i),
                Ext::B(b) => serde_json::Value::from(b),
            };
            obj.insert(name, v);
        }
        match data {
            DataGen::None => {}
            DataGen::Json(v) => { obj.insert("data".into(), v); }
            DataGen::Text(s) => {
                obj.insert("datacontenttype".into(), "text/plain".into());
                obj.insert("data".into(), s.into());
            }
            DataGen::Base64(bytes) => {
                obj.insert("datacontenttype".into(), "application/octet-stream".into());
                obj.insert("data_base64".into(), base64(&bytes).into());
            }
        }
        serde_json::to_string(&serde_json::Value::Object(obj)).unwrap()
    }
}

/// A plain reference base64 encoder for the generator.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn valid_events_roundtrip(input in event_json()) {
        let e = Event::from_json(input.as_bytes())
            .map_err(|err| TestCaseError::fail(format!("{err}: {input}")))?;
        // Decoded values match what the generator wrote.
        let v: serde_json::Value = serde_json::from_str(&input).unwrap();
        prop_assert!(e.id() == v["id"].as_str().unwrap());
        prop_assert!(e.ty() == v["type"].as_str().unwrap());
        for ext in e.extensions() {
            let name = ext.name().to_cow();
            match ext.value() {
                Value::String(t) => prop_assert!(t == v[name.as_ref()].as_str().unwrap()),
                Value::Integer(i) => prop_assert_eq!(Some(i64::from(i)), v[name.as_ref()].as_i64()),
                Value::Boolean(b) => prop_assert_eq!(Some(b), v[name.as_ref()].as_bool()),
                _ => {}
            }
        }
        let mut out = Vec::new();
        json::write_event(&e, &mut out);
        let again = Event::from_json(&out)
            .map_err(|err| TestCaseError::fail(format!("{err}: {}", String::from_utf8_lossy(&out))))?;
        prop_assert_eq!(&again, &e);
        let mut out2 = Vec::new();
        json::write_event(&again, &mut out2);
        prop_assert_eq!(&out, &out2);
    }

    #[test]
    fn mutations_never_panic(
        input in event_json(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let mut bytes = input.into_bytes();
        for (at, byte, op) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        check_mutated(&bytes)?;
    }
}

/// Whatever parses also writes and parses back equal.
fn check_mutated(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(e) = Event::from_json(bytes) {
        let mut out = Vec::new();
        json::write_event(&e, &mut out);
        let again = Event::from_json(&out);
        prop_assert!(again.is_ok(), "{:?}", again);
        prop_assert_eq!(again.unwrap(), e);
    }
    Ok(())
}
