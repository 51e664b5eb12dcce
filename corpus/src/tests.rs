//! The generator's promises: determinism, valid CloudEvents (checked with
//! serde_json against the spec's shape rules, without this repository's
//! parser), variety inside every profile, pins, sizes.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::*;
use crate::attrs::days_in_month;

fn lines(corpus: &[u8]) -> impl Iterator<Item = &[u8]> {
    corpus.split(|&b| b == b'\n').filter(|l| !l.is_empty())
}

#[test]
fn profile_names_round_trip() {
    for p in Profile::ALL {
        assert_eq!(p.as_str().parse::<Profile>(), Ok(p));
        assert_eq!(format!("{p}"), p.as_str());
    }
    assert!("Small".parse::<Profile>().is_err());
    assert!("".parse::<Profile>().is_err());
}

#[test]
fn deterministic_per_profile_seed_and_index() {
    for p in Profile::ALL {
        assert_eq!(ndjson(p, 20, 1), ndjson(p, 20, 1));
        assert_ne!(ndjson(p, 5, 1), ndjson(p, 5, 2));
        // Event i does not depend on the events before it.
        let mut g = Generator::new(p, 9);
        g.set_index(7);
        let mut one = Vec::new();
        g.write_event(&mut one);
        assert_eq!(g.index(), 8);
        let all = ndjson(p, 8, 9);
        assert_eq!(lines(&all).nth(7).unwrap(), &one[..]);
        assert_eq!(kafka_binary(p, 10, 3), kafka_binary(p, 10, 3));
        assert_eq!(http_binary(p, 10, 3), http_binary(p, 10, 3));
    }
}

#[test]
fn batch_holds_the_ndjson_events() {
    for p in [Profile::Small, Profile::Mixed] {
        let nd = ndjson(p, 4, 5);
        let mut expect = b"[".to_vec();
        for (i, line) in lines(&nd).enumerate() {
            if i > 0 {
                expect.push(b',');
            }
            expect.extend_from_slice(line);
        }
        expect.push(b']');
        assert_eq!(batch(p, 4, 5), expect);
    }
    assert_eq!(batch(Profile::Small, 0, 5), b"[]");
}

#[test]
fn one_line_per_event() {
    for p in Profile::ALL {
        for line in lines(&ndjson(p, 50, 11)) {
            assert!(!line.contains(&b'\n'), "{p}");
            assert!(line.iter().all(|&b| b >= 0x20), "{p}: raw control byte");
            assert!(core::str::from_utf8(line).is_ok(), "{p}");
        }
    }
}

#[test]
fn percent_encoding_follows_http_11() {
    let mut out = Vec::new();
    percent_encode("Euro € 😀 \"%\" a+b/c".as_bytes(), &mut out);
    assert_eq!(
        out,
        b"Euro%20%E2%82%AC%20%F0%9F%98%80%20%22%25%22%20a+b/c".to_vec()
    );
}

#[test]
fn timestamps_are_valid_dates() {
    let mut rng = rng::Rng::new(1);
    for kind in [
        TimeKind::Seconds,
        TimeKind::Millis,
        TimeKind::Micros,
        TimeKind::Nanos,
    ] {
        for offset in [OffsetKind::Utc, OffsetKind::Plus, OffsetKind::Minus] {
            for _ in 0..300 {
                let t = attrs::timestamp(kind, offset, &mut rng).unwrap();
                check_time(&t);
            }
        }
    }
    assert_eq!(
        attrs::timestamp(TimeKind::Absent, OffsetKind::Utc, &mut rng),
        None
    );
}

fn check_time(t: &str) {
    let b = t.as_bytes();
    let num = |r: core::ops::Range<usize>| t[r].parse::<i64>().unwrap();
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    assert!(
        (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m),
        "{t}"
    );
    assert!(
        num(11..13) < 24 && num(14..16) < 60 && num(17..19) < 60,
        "{t}"
    );
    assert_eq!(
        (b[4], b[7], b[10], b[13], b[16]),
        (b'-', b'-', b'T', b':', b':'),
        "{t}"
    );
    let mut at = 19;
    if b[at] == b'.' {
        let digits = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        assert!([3, 6, 9].contains(&digits), "{t}");
        at += 1 + digits;
    }
    let offset = &t[at..];
    assert!(
        offset == "Z"
            || (offset.len() == 6
                && (offset.starts_with('+') || offset.starts_with('-'))
                && num(at + 1..at + 3) < 24
                && &offset[3..4] == ":"
                && num(at + 4..at + 6) < 60),
        "{t}"
    );
}

fn is_json_type(ct: &str) -> bool {
    let main = ct.split(';').next().unwrap().trim();
    main.ends_with("/json") || main.ends_with("+json")
}

/// Checks one event against the CloudEvents rules that can be checked
/// without this repository's parser (SPEC CORE, NAME, TYPE, JSON-3, JSON-14,
/// JSON-15, JSON-16).
fn check_event(line: &[u8], iri: bool) -> Map<String, Value> {
    let text = core::str::from_utf8(line).unwrap();
    let v: Value = serde_json::from_slice(line).unwrap_or_else(|e| panic!("{e}: {text}"));
    let obj = v.as_object().expect("an object").clone();
    for name in ["specversion", "id", "source", "type"] {
        assert!(obj.contains_key(name), "missing {name}: {text}");
    }
    assert_eq!(obj["specversion"], "1.0");
    assert!(!(obj.contains_key("data") && obj.contains_key("data_base64")));
    let ct = obj.get("datacontenttype").map(|v| v.as_str().unwrap());
    for (name, value) in &obj {
        if name == "data" {
            // JSON-14/15: JSON types carry any value, the others a string.
            if !ct.is_none_or(is_json_type) {
                assert!(value.is_string(), "{ct:?} data must be a string: {text}");
            }
            continue;
        }
        if name == "data_base64" {
            assert!(
                !ct.is_some_and(is_json_type),
                "base64 with a JSON type: {text}"
            );
            let b = value.as_str().expect("base64 string");
            assert_eq!(b.len() % 4, 0);
            assert!(b
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'='));
            continue;
        }
        assert!(
            (1..=20).contains(&name.len())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            "bad attribute name {name:?}"
        );
        match value {
            Value::String(s) => {
                assert!(!s.is_empty(), "{name} empty");
                for c in s.chars() {
                    let u = c as u32;
                    assert!(
                        !(u <= 0x1f
                            || (0x7f..=0x9f).contains(&u)
                            || (0xfdd0..=0xfdef).contains(&u)
                            || (u & 0xfffe) == 0xfffe),
                        "{name}: forbidden character U+{u:04X}"
                    );
                }
            }
            Value::Number(n) => {
                let i = n.as_i64().expect("integer");
                assert!(i32::try_from(i).is_ok(), "{name}: {i} outside int32");
                assert!(!n.to_string().contains(['.', 'e', 'E']));
            }
            Value::Bool(_) => {}
            other => panic!("{name}: not a CloudEvents type: {other}"),
        }
    }
    for name in [
        "id",
        "source",
        "type",
        "subject",
        "time",
        "datacontenttype",
        "dataschema",
    ] {
        if let Some(v) = obj.get(name) {
            assert!(v.is_string(), "{name} must be a string");
        }
    }
    // source: URI-reference (RFC 3986 characters, `%` before two hex digits;
    // with IRIs, non-ASCII letters too).
    let source = obj["source"].as_str().unwrap();
    let uri_char = |c: char| {
        c.is_ascii_alphanumeric()
            || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
            || (iri && c.is_alphabetic())
    };
    assert!(source.chars().all(uri_char), "source {source:?}");
    for (i, _) in source.match_indices('%') {
        let hex = &source.as_bytes()[i + 1..i + 3];
        assert!(hex.iter().all(u8::is_ascii_hexdigit), "source {source:?}");
    }
    if let Some(schema) = obj.get("dataschema") {
        let schema = schema.as_str().unwrap();
        assert!(schema.starts_with("https://") && schema.is_ascii() && !schema.contains('#'));
    }
    if let Some(time) = obj.get("time") {
        check_time(time.as_str().unwrap());
    }
    obj
}

#[test]
fn every_profile_is_valid_cloudevents() {
    for p in Profile::ALL {
        for seed in [0, 1, u64::MAX] {
            for line in lines(&ndjson(p, 150, seed)) {
                check_event(line, IRI_SOURCES);
            }
        }
        let with_iri = Options::new().iri_sources(true);
        for line in lines(&ndjson_with(p, 150, 2, &with_iri)) {
            check_event(line, true);
        }
        let v: Value = serde_json::from_slice(&batch(p, 10, 4)).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 10);
    }
}

#[test]
fn every_variant_occurs_inside_every_profile() {
    for p in Profile::ALL {
        let g = Generator::with_options(p, 5, Options::new().iri_sources(true));
        let shapes: Vec<Shape> = (0..3000).map(|i| g.shape(i)).collect();
        let distinct =
            |f: &dyn Fn(&Shape) -> String| shapes.iter().map(f).collect::<HashSet<_>>().len();
        assert_eq!(distinct(&|s| format!("{:?}", s.source)), 4, "{p}: sources");
        assert_eq!(distinct(&|s| format!("{:?}", s.id)), 4, "{p}: ids");
        assert_eq!(distinct(&|s| format!("{:?}", s.time)), 5, "{p}: times");
        assert_eq!(distinct(&|s| format!("{:?}", s.offset)), 3, "{p}: offsets");
        assert_eq!(
            distinct(&|s| s.extensions.to_string()),
            13,
            "{p}: 0..=12 extensions"
        );
        assert_eq!(distinct(&|s| format!("{:?}", s.data)), 8, "{p}: data kinds");
        let escapings = if p == Profile::Escaped { 3 } else { 4 };
        assert_eq!(
            distinct(&|s| format!("{:?}", s.escaping)),
            escapings,
            "{p}: escapings"
        );
        assert_eq!(
            distinct(&|s| format!("{:?}", s.spacing)),
            2,
            "{p}: spacings"
        );
        assert_eq!(distinct(&|s| format!("{:?}", s.order)), 2, "{p}: orders");
        let classes = distinct(&|s| s.class.to_string());
        assert_eq!(
            classes,
            if p == Profile::Mixed { 5 } else { 1 },
            "{p}: classes"
        );
    }
    // IRI sources only when asked for.
    let g = Generator::with_options(Profile::Mixed, 5, Options::new().iri_sources(false));
    assert!((0..3000).all(|i| g.shape(i).source != SourceKind::Iri));
}

#[test]
fn extension_types_all_occur() {
    let mut seen = HashSet::new();
    for line in lines(&ndjson(Profile::Small, 300, 1)) {
        let obj = check_event(line, IRI_SOURCES);
        for (name, v) in &obj {
            if !matches!(
                name.as_str(),
                "specversion"
                    | "id"
                    | "source"
                    | "type"
                    | "subject"
                    | "time"
                    | "datacontenttype"
                    | "dataschema"
                    | "data"
                    | "data_base64"
            ) {
                seen.insert(match v {
                    Value::String(_) => "string",
                    Value::Number(_) => "integer",
                    _ => "boolean",
                });
            }
        }
    }
    assert_eq!(seen.len(), 3);
}

/// The raw value of member `name` (a string member) in a written event.
fn raw_member<'a>(line: &'a str, name: &str) -> &'a str {
    let key = format!("\"{name}\":");
    let at = line
        .find(&key)
        .unwrap_or_else(|| panic!("{name} in {line}"))
        + key.len();
    let rest = line[at..].trim_start();
    let mut end = 1;
    let b = rest.as_bytes();
    while b[end] != b'"' {
        end += if b[end] == b'\\' { 2 } else { 1 };
    }
    &rest[..=end]
}

#[test]
fn pins_fix_their_dimension_and_nothing_else() {
    let free = Generator::new(Profile::Mixed, 3);
    for variant in variants(true) {
        let mut options = Options::new();
        for pin in &variant.pins {
            options = options.pin(*pin);
        }
        let g = Generator::with_options(Profile::Mixed, 3, options.clone());
        for i in 0..200 {
            let (s, f) = (g.shape(i), free.shape(i));
            let same = |a: &Shape| {
                (
                    a.class, a.source, a.id, a.data, a.escaping, a.spacing, a.order,
                )
            };
            for pin in &variant.pins {
                match *pin {
                    Pin::Source(k) => assert_eq!(s.source, k),
                    Pin::Id(k) => assert_eq!(s.id, k),
                    Pin::Time(k) => assert_eq!(s.time, k),
                    Pin::Offset(k) => assert!(s.offset == k && s.time != TimeKind::Absent),
                    Pin::Extensions(n) => assert_eq!(s.extensions, n),
                    Pin::ExtensionType(t) => assert_eq!(s.extension_type, Some(t)),
                    Pin::Data(k) => assert_eq!(s.data, k),
                    Pin::Escaping(k) => assert_eq!(s.escaping, k),
                    Pin::Spacing(k) => assert_eq!(s.spacing, k),
                    Pin::Order(k) => assert_eq!(s.order, k),
                }
            }
            let mut s2 = s.clone();
            let mut f2 = f.clone();
            for x in [&mut s2, &mut f2] {
                match variant.dimension {
                    "source" => x.source = SourceKind::Path,
                    "id" => x.id = IdKind::Uuid,
                    "data" => x.data = DataKind::Absent,
                    "escaping" => x.escaping = Escaping::Minimal,
                    "spacing" => x.spacing = Spacing::Compact,
                    "order" => x.order = Order::Canonical,
                    _ => {}
                }
            }
            assert_eq!(
                same(&s2),
                same(&f2),
                "{}/{}",
                variant.dimension,
                variant.name
            );
        }
        // The pinned form shows in the written events.
        for line in lines(&ndjson_with(Profile::Small, 40, 2, &options)) {
            let text = core::str::from_utf8(line).unwrap();
            check_event(line, true);
            let source = raw_member(text, "source");
            match (variant.dimension, variant.name.as_str()) {
                ("source", "urn") => assert!(source.starts_with("\"urn:")),
                ("source", "url") => assert!(source.starts_with("\"https:")),
                ("source", "path") => {
                    assert!(source.starts_with("\"/") || source.starts_with("\"\\/"))
                }
                ("source", "iri") => assert!(!source.is_ascii() || source.contains("\\u00")),
                ("escaping", "ascii-only") => assert!(text.is_ascii() && !text.contains("\\/")),
                ("escaping", "slashes") => assert!(
                    text.is_ascii()
                        && text
                            .match_indices('/')
                            .all(|(i, _)| text.as_bytes()[i - 1] == b'\\')
                ),
                ("escaping", "html") => assert!(!text.contains(['<', '>', '&'])),
                ("escaping", "minimal") => {
                    assert!(!text.contains("\\/") && !text.contains("\\u00e"))
                }
                ("spacing", "spaced") => assert!(text.starts_with("{\"") && text.contains("\": ")),
                ("order", "sorted") => {
                    let at = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
                    assert!(at("id") < at("source") && at("source") < at("specversion"));
                }
                ("order", "canonical") => assert!(text.starts_with("{\"specversion\":")),
                ("time", "absent") => assert!(!text.contains("\"time\":")),
                ("data", "absent") => {
                    assert!(!text.contains("\"data\":") && !text.contains("\"data_base64\":"))
                }
                ("data", "base64") => assert!(text.contains("\"data_base64\":")),
                ("data", "xml") => assert!(text.contains("xml\"")),
                _ => {}
            }
        }
    }
}

fn mean_size(p: Profile, options: &Options) -> usize {
    let corpus = ndjson_with(p, 400, 3, options);
    (corpus.len() - 400) / 400
}

#[test]
fn sizes_are_near_their_targets() {
    for p in Profile::ALL {
        let mean = mean_size(p, &Options::new());
        let target = p.mean_size();
        assert!(
            mean * 100 >= target * 85 && mean * 100 <= target * 115,
            "{p}: mean {mean} bytes, target {target}"
        );
    }
    // Data kinds that carry the size stay within their class.
    for p in [
        Profile::Small,
        Profile::Medium,
        Profile::Large,
        Profile::Escaped,
    ] {
        for data in [
            DataKind::Object,
            DataKind::Array,
            DataKind::Text,
            DataKind::Xml,
            DataKind::String,
        ] {
            let options = Options::new().pin(Pin::Data(data)).max_extensions(4);
            // At least the fill target less its jitter and one item, at most twice the
            // mean (attributes vary most in the small class).
            let (low, high) = (p.target_size() * 80 / 100, p.mean_size() * 2);
            for line in lines(&ndjson_with(p, 100, 5, &options)) {
                assert!(
                    (low..=high).contains(&line.len()),
                    "{p}/{data:?}: {} bytes",
                    line.len()
                );
            }
        }
    }
}

#[test]
fn a_target_size_holds_for_every_variant() {
    for variant in variants(true) {
        let mut options = Options::new().target_size(600);
        for pin in &variant.pins {
            options = options.pin(*pin);
        }
        let mean = mean_size(Profile::Small, &options);
        assert!(
            (540..=690).contains(&mean),
            "{}/{}: mean {mean} bytes",
            variant.dimension,
            variant.name
        );
    }
}

#[test]
#[ignore = "prints the measured sizes"]
fn print_sizes() {
    for p in Profile::ALL {
        std::println!("{p}: {} bytes", mean_size(p, &Options::new()));
    }
    for variant in variants(true) {
        let mut options = Options::new().target_size(600);
        for pin in &variant.pins {
            options = options.pin(*pin);
        }
        std::println!(
            "{}/{}: {} bytes",
            variant.dimension,
            variant.name,
            mean_size(Profile::Small, &options)
        );
    }
}

#[test]
fn base64_data_decodes_and_every_padding_occurs() {
    fn decode(s: &str) -> Vec<u8> {
        let val = |c: u8| match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("bad base64 {c}"),
        };
        let mut out = Vec::new();
        for quad in s.as_bytes().chunks(4) {
            let pad = quad.iter().filter(|&&c| c == b'=').count();
            let mut n = 0u32;
            for &c in &quad[..4 - pad] {
                n = (n << 6) | u32::from(val(c));
            }
            n <<= 6 * pad as u32;
            // Strict: the padding bits are zero.
            assert_eq!(n & ((1 << (8 * pad as u32)) - 1), 0);
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8][..3 - pad]);
        }
        out
    }
    let mut pads = [false; 3];
    let mut seen = 0;
    for line in lines(&ndjson(Profile::Base64, 100, 8)) {
        let v: Value = serde_json::from_slice(line).unwrap();
        let Some(b) = v.get("data_base64").and_then(Value::as_str) else {
            continue;
        };
        seen += 1;
        let bytes = decode(b);
        assert!((1000..=1048).contains(&bytes.len()));
        let mut again = Vec::new();
        base64::encode(&bytes, &mut again);
        assert_eq!(again, b.as_bytes());
        pads[b.bytes().filter(|&c| c == b'=').count()] = true;
    }
    assert!(seen >= 50, "base64 stays the base64 profile's main kind");
    assert_eq!(pads, [true; 3], "every padding case occurs");
}

#[test]
fn binary_messages_carry_the_structured_events() {
    fn percent_decode(v: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < v.len() {
            if v[i] == b'%' {
                let hex = core::str::from_utf8(&v[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(v[i]);
                i += 1;
            }
        }
        out
    }
    for p in Profile::ALL {
        let nd = ndjson(p, 40, 1);
        let http = http_binary(p, 40, 1);
        let kafka = kafka_binary(p, 40, 1);
        let mut encoded = false;
        for ((line, h), k) in lines(&nd).zip(&http).zip(&kafka) {
            let obj = check_event(line, IRI_SOURCES);
            assert_eq!(h.body, k.body);
            assert_eq!(h.headers.len(), k.headers.len());
            for ((hn, hv), (kn, kv)) in h.headers.iter().zip(&k.headers) {
                if hn != b"Content-Type" {
                    assert!(hv.iter().all(|b| (0x21..=0x7e).contains(b)), "{p}");
                }
                assert_eq!(&percent_decode(hv), kv);
                encoded |= hv.contains(&b'%');
                if hn == b"Content-Type" {
                    assert_eq!(kn, b"content-type");
                    assert_eq!(obj["datacontenttype"].as_str().unwrap().as_bytes(), &kv[..]);
                    continue;
                }
                let name = core::str::from_utf8(&hn[3..]).unwrap();
                assert!(hn.starts_with(b"ce-") && kn.starts_with(b"ce_") && hn[3..] == kn[3..]);
                let expect = match &obj[name] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(core::str::from_utf8(kv).unwrap(), expect, "{p}: {name}");
            }
            match (obj.get("data"), obj.get("data_base64")) {
                (None, None) => assert!(k.body.is_empty()),
                (Some(Value::String(s)), _)
                    if !obj
                        .get("datacontenttype")
                        .and_then(Value::as_str)
                        .is_none_or(is_json_type) =>
                {
                    assert_eq!(k.body, s.as_bytes())
                }
                (Some(d), _) => {
                    let body: Value = serde_json::from_slice(&k.body).unwrap();
                    assert_eq!(&body, d);
                }
                (None, Some(_)) => assert!(!k.body.is_empty()),
            }
        }
        assert!(encoded, "{p}: some HTTP values need percent-encoding");
    }
}
