//! Differential checks of `Event::from_json`.
//!
//! 1. JSON syntax against `serde_json`: when we report `Syntax`/`Encoding`
//!    for something that serde_json accepts, or accept what it rejects, one
//!    of us is wrong about RFC 8259.
//! 2. Meaning against the official SDK (`cloudevents-sdk` 0.9): every
//!    accept/reject disagreement must be one of the SDK deviations listed in
//!    `fuzz/README.md` (SPEC rule / edge case IDs); when both accept, the
//!    attributes and data must agree.
#![no_main]

use cloudevents_codec::{Data, ErrorKind, Event, Value as CeValue};
use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;
use serde_json::Value;

fuzz_target!(|input: &[u8]| {
    // Both libraries stop at 128 levels but count differently (serde_json
    // counts the event object itself); stay well inside.
    if nesting(input) > 100 {
        return;
    }
    let ours = Event::from_json(input);
    if matches!(&ours, Err(e) if e.kind() == ErrorKind::Limit) {
        return;
    }
    syntax(input, &ours);
    semantic(input, &ours);
});

/// 1: syntax agreement with serde_json.
fn syntax(input: &[u8], ours: &Result<Event<'_>, cloudevents_codec::Error>) {
    let Ok(text) = std::str::from_utf8(input) else {
        // serde_json's `IgnoredAny` skips string bodies without decoding
        // them; RFC 8259 §8.1 wants UTF-8, so any invalid byte is an error.
        assert!(ours.is_err(), "accepted invalid UTF-8");
        return;
    };
    let theirs = serde_json::from_str::<IgnoredAny>(text);
    match (ours, &theirs) {
        (Ok(_), Err(e)) => panic!("we accept, serde_json rejects: {e}"),
        (Err(e), Ok(_))
            if matches!(e.kind(), ErrorKind::Syntax | ErrorKind::Encoding)
                && is_json_level(e)
                // serde_json reads any top-level value; we want an object.
                && text.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{') =>
        {
            panic!("we report {e}, serde_json accepts")
        }
        _ => {}
    }
}

/// Whether an error is about JSON itself rather than a value's contents
/// (base64 in `data_base64`, a lone surrogate in text data).
fn is_json_level(e: &cloudevents_codec::Error) -> bool {
    e.kind() == ErrorKind::Syntax
        || !matches!(e.attribute(), Some("data_base64" | "data"))
        || e.detail() == "invalid UTF-8 in string"
}

/// The deepest bracket nesting outside strings (a cheap over-estimate).
fn nesting(input: &[u8]) -> usize {
    let (mut depth, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for &c in input {
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// 2: semantic agreement with the SDK.
fn semantic(input: &[u8], ours: &Result<Event<'_>, cloudevents_codec::Error>) {
    // The SDK reads through `serde_json::Value`: lone surrogate escapes
    // (JSON-11) and numbers beyond f64 (E-47) fail there, and duplicate
    // names collapse (JSON-9). Only inputs that make a `Value` object can
    // be compared.
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(input) else {
        return;
    };
    // Legacy 0.3 differs in too many SDK-specific ways (README, V03).
    if map.get("specversion").and_then(Value::as_str) != Some("1.0") {
        return;
    }
    let theirs = serde_json::from_slice::<cloudevents::Event>(input);
    match (ours, theirs) {
        (Ok(ev), Ok(sdk)) => compare(ev, &sdk),
        (Err(e), Ok(_)) => {
            assert!(
                sdk_lax(e, &map, input),
                "we reject ({e}), the SDK accepts; not a documented deviation"
            )
        }
        (Ok(ev), Err(sdk_err)) => assert!(
            sdk_strict(ev, &map),
            "we accept, the SDK rejects ({sdk_err}); not a documented deviation"
        ),
        (Err(_), Err(_)) => {}
    }
}

/// Rejections of ours that the SDK does not make, each a documented SDK
/// deviation (fuzz/README.md).
fn sdk_lax(
    e: &cloudevents_codec::Error,
    map: &serde_json::Map<String, Value>,
    input: &[u8],
) -> bool {
    // JSON-9, E-04, E-05: the SDK keeps the last of repeated members, so it
    // never sees the earlier ones (nor whatever error we found in them).
    if has_duplicate_names(input) {
        return true;
    }
    let attr = e.attribute().unwrap_or("");
    match e.kind() {
        // NAME-1, NAME-2, E-06, E-28..E-30: the SDK takes any name.
        ErrorKind::InvalidName => true,
        ErrorKind::InvalidValue => match attr {
            // E-13, E-14, E-16, E-17, E-18: no emptiness, URI-reference,
            // media-type or TYPE-4 character checks in the SDK.
            "id" | "source" | "type" | "subject" | "datacontenttype" => true,
            // E-21, E-22, TYPE-8: chrono's RFC 3339 parser is laxer.
            "time" => true,
            // E-15, TYPE-6: WHATWG URL parsing accepts fragments, `%zz`, ...
            "dataschema" => true,
            // E-32, JSON-4: the SDK takes any i64; E-18 for strings.
            // (Error names are cut after 30 bytes: match by prefix.)
            _ => map
                .iter()
                .filter(|(k, _)| k.starts_with(&unescape(attr)) || k.starts_with(attr))
                .any(|(_, v)| match v {
                    Value::Number(n) => n.as_i64().is_some(),
                    Value::String(_) => true,
                    _ => false,
                }),
        },
        // JSON-12, E-40: content type case / parameters / `json-seq`: the SDK's
        // prefix test says JSON where we say text, or the other way round.
        ErrorKind::TypeMismatch if attr == "data" => map
            .get("datacontenttype")
            .and_then(Value::as_str)
            .is_some_and(|ct| {
                cloudevents_codec::spec::media::is_json(ct.as_bytes()) != sdk_is_json(ct)
            }),
        _ => false,
    }
}

/// Rejections of the SDK that we do not make, each a documented deviation.
fn sdk_strict(ev: &Event<'_>, map: &serde_json::Map<String, Value>) -> bool {
    // E-45, JSON-22: `"data_base64": null` is absent for us, an error there.
    if map.get("data_base64") == Some(&Value::Null) {
        return true;
    }
    // E-33: `-0` is Integer 0 for us; serde_json reads it as a float.
    if ev.extensions().any(|x| {
        matches!(x.value(), CeValue::Integer(0))
            && map.get(&x.name().to_cow()[..]).is_some_and(Value::is_f64)
    }) {
        return true;
    }
    // TYPE-8: chrono rejects some RFC 3339 timestamps we accept.
    if let Some(Value::String(t)) = map.get("time") {
        if chrono::DateTime::parse_from_rfc3339(t).is_err() {
            return true;
        }
    }
    // TYPE-6: the WHATWG URL parser rejects some RFC 3986 URIs.
    if let Some(Value::String(s)) = map.get("dataschema") {
        if url::Url::parse(s).is_err() {
            return true;
        }
    }
    // JSON-12, E-40: content types the SDK misreads.
    if let Some(Value::String(ct)) = map.get("datacontenttype") {
        if cloudevents_codec::spec::media::is_json(ct.as_bytes()) != sdk_is_json(ct) {
            return true;
        }
    }
    false
}

/// The SDK's JSON content type test (prefix/suffix, case-sensitive).
fn sdk_is_json(ct: &str) -> bool {
    ct.starts_with("application/json") || ct.starts_with("text/json") || ct.ends_with("+json")
}

/// True when the top-level object names a member twice (after unescaping).
fn has_duplicate_names(input: &[u8]) -> bool {
    struct Names(bool);
    impl<'de> serde::Deserialize<'de> for Names {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Names;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut m: A,
                ) -> Result<Names, A::Error> {
                    let mut seen = std::collections::HashSet::new();
                    let mut dup = false;
                    while let Some(k) = m.next_key::<String>()? {
                        dup |= !seen.insert(k);
                        m.next_value::<IgnoredAny>()?;
                    }
                    Ok(Names(dup))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_slice::<Names>(input).is_ok_and(|n| n.0)
}

/// A member name as the SDK sees it (errors carry the raw, escaped name).
fn unescape(raw: &str) -> String {
    serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned())
}

fn text(t: cloudevents_codec::Text<'_>) -> String {
    t.to_cow().into_owned()
}

/// Both accept: the attributes and data must mean the same.
fn compare(ev: &Event<'_>, sdk: &cloudevents::Event) {
    use cloudevents::AttributesReader;
    assert_eq!(text(ev.id()), sdk.id(), "id");
    assert_eq!(text(ev.source()), sdk.source().as_str(), "source");
    assert_eq!(text(ev.ty()), sdk.ty(), "type");
    assert_eq!(ev.subject().map(text).as_deref(), sdk.subject(), "subject");
    assert_eq!(
        ev.datacontenttype().map(text).as_deref(),
        sdk.datacontenttype(),
        "datacontenttype"
    );
    // Url normalises; only presence is comparable.
    assert_eq!(ev.dataschema().is_some(), sdk.dataschema().is_some());
    match (ev.timestamp(), sdk.time()) {
        (None, None) => {}
        (Some(ours), Some(theirs)) => {
            // Leap seconds are represented differently (E-21).
            if ours.second() != 60 {
                assert_eq!(ours.unix_timestamp(), theirs.timestamp(), "time");
                assert_eq!(ours.nanosecond(), theirs.timestamp_subsec_nanos(), "time");
            }
        }
        (a, b) => panic!("time: {a:?} vs {b:?}"),
    }
    let sdk_ext: Vec<_> = sdk.iter_extensions().collect();
    assert_eq!(ev.extensions().len(), sdk_ext.len(), "extension count");
    for x in ev.extensions() {
        let name = text(x.name());
        let theirs = sdk
            .extension(&name)
            .unwrap_or_else(|| panic!("extension {name} missing in the SDK"));
        use cloudevents::event::ExtensionValue as X;
        match (x.value(), theirs) {
            (CeValue::String(a), X::String(b)) => assert_eq!(&text(a), b),
            (CeValue::Integer(a), X::Integer(b)) => assert_eq!(i64::from(a), *b),
            (CeValue::Boolean(a), X::Boolean(b)) => assert_eq!(a, *b),
            (a, b) => panic!("extension {name}: {a:?} vs {b:?}"),
        }
    }
    // JSON-12, E-40: where the content type tests differ, so does the data.
    if let Some(ct) = sdk.datacontenttype() {
        if cloudevents_codec::spec::media::is_json(ct.as_bytes()) != sdk_is_json(ct) {
            return;
        }
    }
    use cloudevents::Data as D;
    match (ev.data(), sdk.data()) {
        (None, None) => {}
        (Some(Data::Json(raw)), Some(D::Json(v))) => {
            let ours: Value = serde_json::from_str(raw).expect("our JSON data is JSON");
            assert_eq!(&ours, v, "data");
        }
        (Some(Data::Text(t)), Some(D::String(s))) => assert_eq!(&text(t), s, "data"),
        (Some(d @ Data::Base64(_)), Some(theirs)) => {
            let mut bytes = Vec::new();
            d.write_bytes(&mut bytes);
            match theirs {
                D::Binary(b) => assert_eq!(&bytes, b, "data_base64"),
                // JSON-18, E-46: the SDK turns base64 that holds JSON into JSON.
                D::Json(v) => assert_eq!(
                    serde_json::from_slice::<Value>(&bytes).ok().as_ref(),
                    Some(v),
                    "data_base64"
                ),
                D::String(_) => panic!("base64 data became a string in the SDK"),
            }
        }
        (a, b) => panic!("data: {a:?} vs {b:?}"),
    }
}
