//! `ce` with the Protobuf and Avro formats (PROTO-1, PROTO-5, AVRO-1):
//! every generator profile round-trips through them unchanged, input is
//! detected, and each format's limits are reported.

use assert_cmd::Command;
use cloudevents_codec::{Data, Event, Value};

fn ce() -> Command {
    Command::cargo_bin("ce").unwrap()
}

fn run(args: &[&str], stdin: Vec<u8>) -> Vec<u8> {
    let out = ce().args(args).write_stdin(stdin).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "ce {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn events(ndjson: &[u8]) -> Vec<Event<'_>> {
    ndjson
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| Event::from_json(l).unwrap())
        .collect()
}

/// JSON data with every number as a double: what Avro keeps of JSON data
/// without a content type (AVRO-4: numbers become `double`; `8.0` comes
/// back as `8`).
fn as_doubles(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Number(n) => J::from(n.as_f64().unwrap()),
        J::Array(a) => J::Array(a.into_iter().map(as_doubles).collect()),
        J::Object(o) => J::Object(o.into_iter().map(|(k, v)| (k, as_doubles(v))).collect()),
        other => other,
    }
}

/// The same event, JSON data compared with its numbers as doubles.
fn same_with_double_numbers(x: &Event<'_>, y: &Event<'_>) -> bool {
    let data = |e: &Event<'_>| match e.data() {
        Some(Data::Json(s)) => Some(as_doubles(serde_json::from_str(s).unwrap())),
        _ => None,
    };
    let (dx, dy) = (data(x), data(y));
    if dx.is_none() || x.datacontenttype().is_some() {
        return x == y;
    }
    dx == dy && without_data(x) == without_data(y)
}

fn without_data<'a>(e: &Event<'a>) -> Event<'a> {
    let mut b = cloudevents_codec::EventBuilder::from_event(e);
    b.no_data();
    b.build().unwrap()
}

/// Every attribute, its type, and the data, unchanged (for Avro, JSON data
/// without a content type up to its numbers' double form).
fn assert_same(before: &[u8], after: &[u8], what: &str) {
    let (a, b) = (events(before), events(after));
    assert_eq!(a.len(), b.len(), "{what}: event count");
    for (x, y) in a.iter().zip(&b) {
        if what.contains("avro") {
            assert!(
                same_with_double_numbers(x, y),
                "{what}: event {} differs",
                x.id()
            );
        } else {
            assert_eq!(x, y, "{what}");
        }
        for ext in x.extensions() {
            let typed = y.extension(&ext.name().to_string());
            assert_eq!(typed, Some(ext.value()), "{what}: type of {}", ext.name());
            if let Value::Integer(_) = ext.value() {
                assert!(matches!(typed, Some(Value::Integer(_))));
            }
        }
    }
}

#[test]
fn every_profile_round_trips_through_protobuf_batch_and_avro() {
    for profile in ["small", "medium", "large", "base64", "escaped", "mixed"] {
        let ndjson = run(
            &["gen", "--profile", profile, "--count", "60", "--seed", "4"],
            vec![],
        );
        // NDJSON → protobuf-batch → NDJSON (auto-detected on the way back).
        let pb = run(
            &["convert", "--from", "ndjson", "--to", "protobuf-batch"],
            ndjson.clone(),
        );
        let back = run(&["convert", "--to", "ndjson"], pb.clone());
        assert_same(&ndjson, &back, &format!("{profile} via protobuf-batch"));
        let explicit = run(
            &["convert", "--from", "protobuf-batch", "--to", "ndjson"],
            pb,
        );
        assert_eq!(explicit, back);
        // NDJSON → avro → NDJSON.
        let avro = run(
            &["convert", "--from", "ndjson", "--to", "avro"],
            ndjson.clone(),
        );
        assert!(avro.starts_with(b"Obj\x01"));
        let back = run(&["convert", "--to", "ndjson"], avro.clone());
        assert_same(&ndjson, &back, &format!("{profile} via avro"));
        let explicit = run(&["convert", "--from", "avro", "--to", "ndjson"], avro);
        assert_eq!(explicit, back);
    }
}

#[test]
fn protobuf_holds_exactly_one_event() {
    let ndjson = run(&["gen", "--count", "2"], vec![]);
    let first = ndjson.split(|&b| b == b'\n').next().unwrap().to_vec();
    let pb = run(&["convert", "--to", "protobuf"], first.clone());
    let back = run(&["convert", "--to", "ndjson"], pb.clone());
    assert_same(&first, &back, "protobuf");
    let back = run(&["convert", "--from", "protobuf", "--to", "json"], pb);
    assert_same(&first, &back, "protobuf");
    // A second event does not fit.
    let out = ce()
        .args(["convert", "--to", "protobuf"])
        .write_stdin(ndjson)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exactly one event"));
}

#[test]
fn validate_and_filter_read_the_binary_formats() {
    let ndjson = run(&["gen", "--profile", "small", "--count", "20"], vec![]);
    for to in ["protobuf-batch", "avro"] {
        let bytes = run(&["convert", "--to", to], ndjson.clone());
        let out = ce()
            .arg("validate")
            .write_stdin(bytes.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim_end(),
            "20 valid, 0 invalid",
            "{to}"
        );
        let kept = run(&["filter", "specversion = '1.0'"], bytes);
        assert_eq!(events(&kept).len(), 20, "{to}");
    }
}

#[test]
fn binary_formats_convert_into_each_other() {
    let ndjson = run(&["gen", "--profile", "medium", "--count", "5"], vec![]);
    let avro = run(&["convert", "--to", "avro"], ndjson.clone());
    let pb = run(&["convert", "--to", "protobuf-batch"], avro);
    let avro = run(&["convert", "--to", "avro"], pb);
    let back = run(&["convert", "--to", "batch"], avro);
    let back = run(&["convert", "--to", "ndjson"], back);
    assert_same(&ndjson, &back, "avro → protobuf-batch → avro → batch");
}

#[test]
fn broken_binary_input_is_reported() {
    let ndjson = run(&["gen", "--count", "3"], vec![]);
    let pb = run(&["convert", "--to", "protobuf-batch"], ndjson.clone());
    // Cut inside the last event.
    let cut = pb[..pb.len() - 5].to_vec();
    let out = ce()
        .args(["validate", "--from", "protobuf-batch"])
        .write_stdin(cut)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-:3: error: syntax error"), "{err}");
    let avro = run(&["convert", "--to", "avro"], ndjson);
    let mut broken = avro.clone();
    let n = broken.len();
    broken[n - 1] ^= 0xff; // the block's sync marker
    let out = ce().arg("validate").write_stdin(broken).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sync marker"), "{err}");
}

#[test]
fn text_inputs_starting_with_a_newline_are_not_protobuf() {
    // A blank line before NDJSON starts with 0x0A, like Protobuf.
    let ndjson = run(&["gen", "--count", "2"], vec![]);
    let mut input = b"\n".to_vec();
    input.extend_from_slice(&ndjson);
    let out = run(&["convert", "--to", "ndjson"], input);
    assert_same(&ndjson, &out, "NDJSON after a blank line");
}
