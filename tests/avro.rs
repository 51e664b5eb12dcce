//! The Avro event format (`avro` module, docs/RULES.md §12), checked
//! against independent implementations: the `apache-avro` crate decodes what
//! we write and encodes what we read, both with the spec's schema
//! (`tests/fixtures/cloudevents.avsc`); Python's `fastavro` reads our
//! container files and writes one we read.
#![cfg(feature = "avro")]

use std::collections::HashMap;
use std::process::Command;

use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::types::Value as Av;
use apache_avro::writer::datum::GenericDatumWriter;
use apache_avro::Schema;
use cloudevents_codec::avro::{self, AvroScratch, ContainerReader, ContainerWriter};
use cloudevents_codec::{json, Data, ErrorKind, Event, Value};
use cloudevents_codec_corpus::{self as corpus, Profile};
use serde_json::Value as J;

const AVSC: &str = include_str!("fixtures/cloudevents.avsc");

fn schema() -> Schema {
    Schema::parse_str(AVSC).unwrap()
}

fn write(event: &Event<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    avro::write_event(event, &mut out);
    out
}

/// Events of every corpus profile plus hand-made shapes: JSON data without
/// a content type, every JSON shape the schema cannot hold directly,
/// numbers that do not survive a double, text and binary data, typed
/// extensions, no data.
fn samples() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for p in Profile::ALL {
        let nd = corpus::ndjson(p, 40, 5);
        out.extend(
            nd.split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(<[u8]>::to_vec),
        );
    }
    let base = r#""specversion":"1.0","id":"x","source":"/s","type":"t""#;
    for tail in [
        r#""data":{"a":[1,[2,[3]],{"":4}],"":{"":null},"s":"\u00e9\n","t":true}"#,
        r#""data":[[1,2],[],[{}],"x",null,false,1.5e-7,1e21]"#,
        r#""data":{"":[]}"#,
        r#""data":"just a string""#,
        r#""data":null"#,
        r#""data":12345678901234567890"#,
        r#""datacontenttype":"application/json","data":{"x":1.0,"y":[1E2]}"#,
        r#""datacontenttype":"application/json","data":{"x":1.5,"y":"z"}"#,
        r#""datacontenttype":"text/plain","data":"plain text""#,
        r#""datacontenttype":"application/octet-stream","data_base64":"AAECAwQ=""#,
        r#""i":-2147483648,"b":false,"u":"https://x/y","time":"2024-01-01T00:00:00+01:00""#,
    ] {
        out.push(format!("{{{base},{tail}}}").into_bytes());
    }
    out
}

#[test]
fn avro_3_round_trips_through_our_reader() {
    let mut scratch = AvroScratch::new();
    for input in samples() {
        let e = Event::from_json(&input).unwrap();
        let bytes = write(&e);
        let back = avro::read_event(&bytes, &mut scratch).unwrap();
        if e.data().is_some_and(|d| d.is_null()) {
            // An explicit JSON null and no data share Avro's null branch.
            assert!(back.data().is_none());
            continue;
        }
        if matches!(e.data(), Some(Data::Json(s)) if s.starts_with("123456789")) {
            // A number past 2^53 without a content type: the nearest double.
            assert!(matches!(
                back.data(),
                Some(Data::Json("12345678901234567000"))
            ));
            continue;
        }
        assert!(
            same_up_to_doubles(&back, &e),
            "{}",
            String::from_utf8_lossy(&input)
        );
        assert_eq!(write(&back), bytes, "stable");
        let mut j = Vec::new();
        json::write_event(&back, &mut j);
        assert_eq!(Event::from_json(&j).unwrap(), back);
    }
}

/// A JSON value per this crate's convention for the schema's JSON model
/// (written independently of the library, from its docs).
mod model {
    use super::{Av, HashMap, J};

    pub fn d(v: &J) -> Av {
        match v {
            J::Null => Av::Union(1, Box::new(Av::Null)),
            J::Bool(b) => Av::Union(2, Box::new(Av::Boolean(*b))),
            J::Number(n) => Av::Union(5, Box::new(Av::Double(n.as_f64().unwrap()))),
            J::String(s) => Av::Union(6, Box::new(Av::String(s.clone()))),
            J::Object(m) => Av::Union(
                3,
                Box::new(Av::Map(m.iter().map(|(k, v)| (k.clone(), t(v))).collect())),
            ),
            J::Array(a) => Av::Union(4, Box::new(Av::Array(a.iter().map(c).collect()))),
        }
    }

    fn t(v: &J) -> Av {
        match v {
            J::Null => Av::Union(0, Box::new(Av::Null)),
            J::Bool(b) => Av::Union(1, Box::new(Av::Boolean(*b))),
            J::Number(n) => Av::Union(3, Box::new(Av::Double(n.as_f64().unwrap()))),
            J::String(s) => Av::Union(4, Box::new(Av::String(s.clone()))),
            _ => Av::Union(2, Box::new(c(v))),
        }
    }

    fn c(v: &J) -> Av {
        let map: HashMap<String, Av> = match v {
            J::Object(m) if !(m.len() == 1 && m.contains_key("")) => {
                m.iter().map(|(k, v)| (k.clone(), i(v))).collect()
            }
            _ => [(String::new(), i(v))].into_iter().collect(),
        };
        Av::Record(vec![("value".to_string(), Av::Map(map))])
    }

    fn i(v: &J) -> Av {
        match v {
            J::Null => Av::Union(0, Box::new(Av::Null)),
            J::Bool(b) => Av::Union(1, Box::new(Av::Boolean(*b))),
            J::Object(m) => Av::Union(
                2,
                Box::new(Av::Map(m.iter().map(|(k, v)| (k.clone(), c(v))).collect())),
            ),
            J::Array(a) => Av::Union(3, Box::new(Av::Array(a.iter().map(c).collect()))),
            J::Number(n) => Av::Union(4, Box::new(Av::Double(n.as_f64().unwrap()))),
            J::String(s) => Av::Union(5, Box::new(Av::String(s.clone()))),
        }
    }

    /// The JSON an Avro `data` value stands for.
    pub fn to_json(v: &Av) -> J {
        match v {
            Av::Union(_, b) => to_json(b),
            Av::Null => J::Null,
            Av::Boolean(b) => J::Bool(*b),
            Av::Double(d) => serde_json::Number::from_f64(*d).map_or(J::Null, J::Number),
            Av::String(s) => J::String(s.clone()),
            Av::Array(a) => J::Array(a.iter().map(to_json).collect()),
            Av::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
            Av::Record(fields) => {
                let Av::Map(m) = &fields[0].1 else {
                    panic!("CloudEventData holds a map")
                };
                if m.len() == 1 && m.contains_key("") {
                    to_json(&m[""])
                } else {
                    to_json(&fields[0].1)
                }
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// JSON with every number as an f64, for comparing by value.
fn floats(v: J) -> J {
    match v {
        J::Number(n) => {
            serde_json::Number::from_f64(n.as_f64().unwrap()).map_or(J::Null, J::Number)
        }
        J::Array(a) => J::Array(a.into_iter().map(floats).collect()),
        J::Object(m) => J::Object(m.into_iter().map(|(k, v)| (k, floats(v))).collect()),
        v => v,
    }
}

/// An attribute value as apache-avro represents it.
/// Equal events, except that JSON data without a content type may have its
/// numbers in another form of the same double (AVRO-4: Avro's JSON model
/// holds numbers as `double`, so `8.0` comes back as `8`).
fn same_up_to_doubles(a: &Event<'_>, b: &Event<'_>) -> bool {
    if a == b {
        return true;
    }
    let json = |e: &Event<'_>| match e.data() {
        Some(Data::Json(s)) if e.datacontenttype().is_none() => {
            Some(floats(serde_json::from_str(s).unwrap()))
        }
        _ => None,
    };
    fn without_data<'a>(e: &Event<'a>) -> Event<'a> {
        let mut builder = cloudevents_codec::EventBuilder::from_event(e);
        builder.no_data();
        builder.build().unwrap()
    }
    let (x, y) = (json(a), json(b));
    x.is_some() && x == y && without_data(a) == without_data(b)
}

fn attr_value(v: &Value<'_>) -> Av {
    match v {
        Value::Boolean(b) => Av::Union(1, Box::new(Av::Boolean(*b))),
        Value::Integer(i) => Av::Union(2, Box::new(Av::Int(*i))),
        Value::String(t) => Av::Union(3, Box::new(Av::String(t.to_string()))),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn avro_3_apache_avro_decodes_what_we_write() {
    let schema = schema();
    let reader = GenericDatumReader::builder(&schema).build().unwrap();
    for input in samples() {
        let e = Event::from_json(&input).unwrap();
        let bytes = write(&e);
        let mut slice = &bytes[..];
        let value = reader.read_value(&mut slice).unwrap();
        assert!(slice.is_empty(), "apache-avro left bytes");
        let Av::Record(fields) = value else { panic!() };
        assert_eq!(fields[0].0, "attribute");
        let Av::Map(attrs) = &fields[0].1 else {
            panic!()
        };
        let expected: HashMap<String, Av> = e
            .attributes()
            .map(|(n, v)| (n.to_string(), attr_value(&v)))
            .collect();
        assert_eq!(attrs, &expected);
        let data = &fields[1].1;
        match e.data() {
            None => assert_eq!(data, &Av::Union(1, Box::new(Av::Null))),
            Some(Data::Json(s)) => {
                let original: J = serde_json::from_str(s).unwrap();
                match data {
                    // JSON text kept as bytes: a number would have changed.
                    Av::Union(0, b) => assert_eq!(**b, Av::Bytes(s.as_bytes().to_vec())),
                    v => assert_eq!(floats(model::to_json(v)), floats(original)),
                }
            }
            Some(Data::Text(t)) => {
                assert_eq!(data, &Av::Union(6, Box::new(Av::String(t.to_string()))))
            }
            Some(d) => {
                let mut b = Vec::new();
                d.write_bytes(&mut b);
                assert_eq!(data, &Av::Union(0, Box::new(Av::Bytes(b))));
            }
        }
    }
}

#[test]
fn avro_3_we_read_what_apache_avro_writes() {
    let schema = schema();
    // Small blocks: maps and arrays come in several blocks, with negative
    // counts followed by byte sizes.
    let writer = GenericDatumWriter::builder(&schema)
        .target_block_size(16)
        .build()
        .unwrap();
    let mut scratch = AvroScratch::new();
    for input in samples() {
        let e = Event::from_json(&input).unwrap();
        let attrs: HashMap<String, Av> = e
            .attributes()
            .map(|(n, v)| (n.to_string(), attr_value(&v)))
            .collect();
        let data = match e.data() {
            None => Av::Union(1, Box::new(Av::Null)),
            Some(Data::Json(s)) if e.datacontenttype().is_none() => {
                model::d(&serde_json::from_str(s).unwrap())
            }
            // With a content type, JSON may also travel as its text.
            Some(Data::Json(s)) => Av::Union(0, Box::new(Av::Bytes(s.as_bytes().to_vec()))),
            Some(Data::Text(t)) => Av::Union(6, Box::new(Av::String(t.to_string()))),
            Some(d) => {
                let mut b = Vec::new();
                d.write_bytes(&mut b);
                Av::Union(0, Box::new(Av::Bytes(b)))
            }
        };
        let record = Av::Record(vec![
            ("attribute".to_string(), Av::Map(attrs)),
            ("data".to_string(), data),
        ]);
        let bytes = writer.write_value_to_vec(record).unwrap();
        let back = avro::read_event(&bytes, &mut scratch).unwrap();
        let (a, b) = (e.data(), back.data());
        if let (Some(Data::Json(x)), Some(Data::Json(y))) = (a, b) {
            // apache-avro writes maps from a HashMap: member order differs.
            let x = floats(serde_json::from_str(x).unwrap());
            let y = floats(serde_json::from_str(y).unwrap());
            assert_eq!(x, y, "{}", String::from_utf8_lossy(&input));
        } else if e.data().is_some_and(|d| !d.is_null()) {
            assert_eq!(a, b, "{}", String::from_utf8_lossy(&input));
        }
        // Attributes compare in any order.
        assert_eq!(back.extension_count(), e.extension_count());
        for (name, value) in e.attributes() {
            assert_eq!(back.attribute(&name.to_string()), Some(value));
        }
    }
}

#[test]
fn avro_container_files_both_ways_with_apache_avro() {
    let schema = schema();
    let events = corpus::ndjson(Profile::Medium, 300, 3);
    let events: Vec<Event<'_>> = events
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| Event::from_json(l).unwrap())
        .collect();
    // Ours → apache-avro (several blocks of 4 KiB).
    let mut file = Vec::new();
    let mut w = ContainerWriter::new(*b"0123456789abcdef").with_block_size(4096);
    for e in &events {
        w.push(e, &mut file);
    }
    w.finish(&mut file);
    let read: Vec<Av> = apache_avro::Reader::new(&file[..])
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read.len(), events.len());
    for (v, e) in read.iter().zip(&events) {
        let Av::Record(f) = v else { panic!() };
        let Av::Map(a) = &f[0].1 else { panic!() };
        assert_eq!(a["id"], attr_value(&Value::String(e.id())));
    }
    // And back through our reader.
    let mut r = ContainerReader::new(&file[..]).unwrap();
    let mut scratch = AvroScratch::new();
    let mut n = 0;
    while let Some(back) = r.next_event(&mut scratch).unwrap() {
        assert!(same_up_to_doubles(&back, &events[n]), "event {n}");
        n += 1;
    }
    assert_eq!(n, events.len());

    // apache-avro → ours, for events with JSON data (written as bytes).
    let json_events: Vec<&Event<'_>> = events
        .iter()
        .filter(|e| matches!(e.data(), Some(Data::Json(_))))
        .take(50)
        .collect();
    assert_eq!(json_events.len(), 50);
    let mut w = apache_avro::Writer::new(&schema, Vec::new()).unwrap();
    for e in &json_events {
        let attrs: HashMap<String, Av> = e
            .attributes()
            .map(|(n, v)| (n.to_string(), attr_value(&v)))
            .collect();
        let Some(Data::Json(s)) = e.data() else {
            panic!()
        };
        w.append_value(Av::Record(vec![
            ("attribute".to_string(), Av::Map(attrs)),
            (
                "data".to_string(),
                Av::Union(0, Box::new(Av::Bytes(s.as_bytes().to_vec()))),
            ),
        ]))
        .unwrap();
    }
    let file = w.into_inner().unwrap();
    let mut r = ContainerReader::new(&file[..]).unwrap();
    let mut n = 0;
    while let Some(back) = r.next_event(&mut scratch).unwrap() {
        assert!(same_up_to_doubles(&back, json_events[n]), "event {n}");
        n += 1;
    }
    assert_eq!(n, 50);
}

#[test]
fn avro_container_with_another_codec_is_unsupported() {
    let schema = schema();
    let mut w = apache_avro::Writer::builder()
        .schema(&schema)
        .writer(Vec::new())
        .codec(apache_avro::Codec::Deflate(Default::default()))
        .build()
        .unwrap();
    w.append_value(Av::Record(vec![
        ("attribute".to_string(), Av::Map(HashMap::new())),
        ("data".to_string(), Av::Union(1, Box::new(Av::Null))),
    ]))
    .unwrap();
    let file = w.into_inner().unwrap();
    let e = ContainerReader::new(&file[..]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnsupportedFormat);
}

/// Runs a Python program with `args`; `None` (skipped) when Python or
/// fastavro is missing, which fails under CI=true (CI installs them).
fn python(program: &str, args: &[&str]) -> Option<String> {
    let ci = std::env::var("CI").as_deref() == Ok("true");
    let probe = Command::new("python3")
        .args(["-c", "import fastavro"])
        .output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        assert!(
            !ci,
            "python3 with fastavro is required under CI=true (pip install fastavro)"
        );
        eprintln!("SKIPPED: python3 with fastavro not found (pip install fastavro)");
        return None;
    }
    let out = Command::new("python3")
        .arg("-c")
        .arg(program)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

const FASTAVRO_READ: &str = r#"
import json, sys, fastavro
schema = fastavro.schema.load_schema(sys.argv[1])
with open(sys.argv[2], 'rb') as f:
    records = list(fastavro.reader(f, reader_schema=schema))
print(json.dumps({"count": len(records),
                  "ids": [r["attribute"]["id"] for r in records],
                  "first_data": records[0]["data"]},
                 default=lambda b: b.hex()))
"#;

#[test]
fn avro_fastavro_reads_our_container_files() {
    let dir = std::env::temp_dir().join(format!("ce-avro-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let avsc = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cloudevents.avsc"
    );
    for p in Profile::ALL {
        let nd = corpus::ndjson(p, 120, 9);
        let events: Vec<Event<'_>> = nd
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| Event::from_json(l).unwrap())
            .collect();
        let mut file = Vec::new();
        let mut w = ContainerWriter::with_random_sync().with_block_size(8192);
        for e in &events {
            w.push(e, &mut file);
        }
        w.finish(&mut file);
        let path = dir.join(format!("{p}.avro"));
        std::fs::write(&path, &file).unwrap();
        let Some(out) = python(FASTAVRO_READ, &[avsc, path.to_str().unwrap()]) else {
            return;
        };
        let out: J = serde_json::from_str(&out).unwrap();
        assert_eq!(out["count"], events.len(), "{p}");
        let ids: Vec<String> = events.iter().map(|e| e.id().to_string()).collect();
        assert_eq!(out["ids"], serde_json::json!(ids), "{p}");
        // The first event's data as fastavro sees it: our model read back
        // gives the event's JSON, or the JSON text / bytes as bytes (hex).
        let first = &out["first_data"];
        match events[0].data() {
            Some(Data::Json(s)) if first.is_object() => {
                let mut avro_json = first.clone();
                unwrap_records(&mut avro_json);
                let original: J = serde_json::from_str(s).unwrap();
                assert_eq!(floats(avro_json), floats(original), "{p}");
            }
            Some(d) => {
                let mut b = Vec::new();
                d.write_bytes(&mut b);
                let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
                assert_eq!(first, &J::String(hex), "{p}");
            }
            None => assert!(first.is_null()),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// fastavro's view of our JSON model back to plain JSON: a
/// `CloudEventData` record is `{"value": {...}}`, and `{"value": {"": v}}`
/// stands for `v`.
fn unwrap_records(v: &mut J) {
    match v {
        J::Array(a) => a.iter_mut().for_each(unwrap_records),
        J::Object(m) => {
            m.values_mut().for_each(unwrap_records);
            if m.len() == 1 {
                if let Some(J::Object(inner)) = m.get("value") {
                    let inner = inner.clone();
                    *v = if inner.len() == 1 && inner.contains_key("") {
                        inner[""].clone()
                    } else {
                        J::Object(inner)
                    };
                }
            }
        }
        _ => {}
    }
}

const FASTAVRO_WRITE: &str = r#"
import sys, fastavro
schema = fastavro.schema.load_schema(sys.argv[1])
base = {"specversion": "1.0", "source": "/s", "type": "t"}
records = [
    {"attribute": dict(base, id="1", n=5, ok=True), "data": {"a": 1.5, "b": "x", "c": None}},
    {"attribute": dict(base, id="2", datacontenttype="text/plain"), "data": "hello"},
    {"attribute": dict(base, id="3", subject=None), "data": b"\x00\x01"},
    {"attribute": dict(base, id="4"), "data": [{"value": {"k": [{"value": {"": 2.0}}]}}]},
]
with open(sys.argv[2], 'wb') as f:
    fastavro.writer(f, schema, records)
"#;

#[test]
fn avro_we_read_fastavro_container_files() {
    let dir = std::env::temp_dir().join(format!("ce-avro-w-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let avsc = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cloudevents.avsc"
    );
    let path = dir.join("fastavro.avro");
    if python(FASTAVRO_WRITE, &[avsc, path.to_str().unwrap()]).is_none() {
        return;
    }
    let file = std::fs::read(&path).unwrap();
    let mut r = ContainerReader::new(&file[..]).unwrap();
    let mut scratch = AvroScratch::new();
    let mut seen = Vec::new();
    while let Some(e) = r.next_event(&mut scratch).unwrap() {
        let mut j = Vec::new();
        json::write_event(&e, &mut j);
        seen.push(String::from_utf8(j).unwrap());
    }
    assert_eq!(
        seen,
        [
            r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","n":5,"ok":true,"data":{"a":1.5,"b":"x","c":null}}"#,
            r#"{"specversion":"1.0","id":"2","source":"/s","type":"t","datacontenttype":"text/plain","data":"hello"}"#,
            r#"{"specversion":"1.0","id":"3","source":"/s","type":"t","data_base64":"AAE="}"#,
            r#"{"specversion":"1.0","id":"4","source":"/s","type":"t","data":[{"k":[2]}]}"#,
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn malformed_avro_is_a_syntax_error_with_its_offset() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":[true]}"#,
    )
    .unwrap();
    let good = write(&e);
    let mut scratch = AvroScratch::new();
    // Every proper prefix is cut off somewhere.
    for n in 0..good.len() {
        let err = avro::read_event(&good[..n], &mut scratch).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Syntax, "prefix {n}: {err}");
        assert!(err.offset().is_some_and(|o| o <= n), "prefix {n}: {err}");
    }
    // Bytes after the record.
    let mut long = good.clone();
    long.push(0);
    let err = avro::read_event(&long, &mut scratch).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::Syntax, Some(good.len()))
    );
    // A data union branch out of range (7) where the data starts.
    let mut bad = good.clone();
    // The data is 08 (array) 02 (a block of one) 02 00 02 01 00 (the
    // record {"": true}) 00 (end of the array).
    let at = good.len() - 8;
    assert_eq!(good[at], 8, "array branch");
    bad[at] = 14;
    let err = avro::read_event(&bad, &mut scratch).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::Syntax, Some(at)));
    // A boolean byte that is neither 0 nor 1.
    let mut bad = good.clone();
    let at = good.len() - 3;
    bad[at] = 2;
    let err = avro::read_event(&bad, &mut scratch).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::Syntax, Some(at)));
}

#[test]
fn attribute_rules_match_the_json_parser() {
    let mut scratch = AvroScratch::new();
    // One map block: (name, branch, value) entries, then the data.
    let record = |entries: &[(&str, u8, &[u8])], data: &[u8]| {
        let mut r = vec![(entries.len() * 2) as u8];
        for (k, branch, v) in entries {
            r.push((k.len() * 2) as u8);
            r.extend_from_slice(k.as_bytes());
            r.push(branch * 2);
            r.extend_from_slice(v);
        }
        r.push(0);
        r.extend_from_slice(data);
        r
    };
    let s = |v: &str| {
        let mut b = vec![(v.len() * 2) as u8];
        b.extend_from_slice(v.as_bytes());
        b
    };
    let (v1, one, src, t) = (s("1.0"), s("1"), s("/s"), s("t"));
    let req: Vec<(&str, u8, &[u8])> = vec![
        ("specversion", 3, &v1),
        ("id", 3, &one),
        ("source", 3, &src),
        ("type", 3, &t),
    ];
    let ok = record(&req, &[2]);
    assert!(avro::read_event(&ok, &mut scratch).is_ok());
    // CORE-1
    let r = record(&req[1..], &[2]);
    assert_eq!(
        avro::read_event(&r, &mut scratch).unwrap_err().kind(),
        ErrorKind::MissingRequired
    );
    // AVRO-4: null is absent.
    let mut with_null = req.clone();
    with_null.push(("subject", 0, &[]));
    let r = record(&with_null, &[2]);
    assert!(avro::read_event(&r, &mut scratch)
        .unwrap()
        .subject()
        .is_none());
    // An int for a String attribute; a bad name; a control character.
    for (entry, kind) in [
        (("subject", 2u8, &[2u8][..]), ErrorKind::TypeMismatch),
        (("Bad", 3, &[2, b'x'][..]), ErrorKind::InvalidName),
        (("x", 3, &[2, 1][..]), ErrorKind::InvalidValue),
        (("id", 3, &[2, b'x'][..]), ErrorKind::Duplicate),
    ] {
        let mut entries = req.clone();
        entries.push(entry);
        let r = record(&entries, &[2]);
        assert_eq!(
            avro::read_event(&r, &mut scratch).unwrap_err().kind(),
            kind,
            "{entry:?}"
        );
    }
    // Extensions keep their types (AVRO-2).
    let mut entries = req.clone();
    entries.push(("n", 2, &[0x0b]));
    entries.push(("b", 1, &[1]));
    entries.push(("raw", 4, &[4, 0xff, 0x00]));
    let r = record(&entries, &[2]);
    {
        let e = avro::read_event(&r, &mut scratch).unwrap();
        assert_eq!(e.extension("n"), Some(Value::Integer(-6)));
        assert_eq!(e.extension("b"), Some(Value::Boolean(true)));
        assert!(e.extension("raw").unwrap().as_text().unwrap() == "/wA=");
    }
    // JSON data of a non-JSON content type must be a string or bytes.
    let ct = s("text/plain");
    let mut entries = req.clone();
    entries.push(("datacontenttype", 3, &ct));
    let r = record(&entries, &[4, 1]);
    let err = avro::read_event(&r, &mut scratch).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TypeMismatch);
    // NaN has no JSON form.
    let mut data = vec![10];
    data.extend_from_slice(&f64::NAN.to_le_bytes());
    let r = record(&req, &data);
    assert_eq!(
        avro::read_event(&r, &mut scratch).unwrap_err().kind(),
        ErrorKind::InvalidValue
    );
}

#[test]
fn avro_container_block_larger_than_the_file_is_refused() {
    // Found by watching the avro_event fuzz target's memory: a block header
    // may claim up to 64 times the event size limit; the reader grows its
    // buffer with the bytes that arrive instead of the claim.
    let e =
        Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#).unwrap();
    let mut file = Vec::new();
    let w = ContainerWriter::new([9; 16]);
    w.finish(&mut file);
    // One event, 200 MiB of records claimed, 3 bytes given.
    avro::write_event(&e, &mut Vec::new());
    file.extend_from_slice(&[0x02, 0x80, 0x80, 0x80, 0xc8, 0x01, 1, 2, 3]);
    let mut r = ContainerReader::new(&file[..]).unwrap();
    let mut scratch = AvroScratch::new();
    let err = r.next_event(&mut scratch).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert!(err.detail().contains("ends inside a block"), "{err}");
}
