//! SPEC areas CORE, NAME, TYPE, JSON, BATCH and V03 on the structured-JSON
//! parser and writer. Each test names the rule IDs and edge cases it covers.

use cloudevents_codec::json::{self, BatchReader};
use cloudevents_codec::{Data, ErrorKind, Event, ParseOptions, SpecVersion, Value};

const BASE: &str = r#""specversion":"1.0","id":"1","source":"/s","type":"t""#;

/// The base event plus `members` (leaked: tests borrow events from it).
fn ev(members: &str) -> &'static str {
    let s = if members.is_empty() {
        format!("{{{BASE}}}")
    } else {
        format!("{{{BASE},{members}}}")
    };
    Box::leak(s.into_boxed_str())
}

fn parse(s: &str) -> Result<Event<'_>, cloudevents_codec::Error> {
    Event::from_json(s.as_bytes())
}

fn kind(s: &str) -> ErrorKind {
    match parse(s) {
        Ok(e) => panic!("expected an error for {s}, got {e:?}"),
        Err(e) => e.kind(),
    }
}

fn ok(s: &str) -> Event<'_> {
    match parse(s) {
        Ok(e) => e,
        Err(e) => panic!("expected {s} to parse, got {e}"),
    }
}

fn roundtrip(e: &Event<'_>) {
    let mut out = Vec::new();
    json::write_event(e, &mut out);
    let again = Event::from_json(&out).unwrap_or_else(|err| {
        panic!(
            "rewritten event does not parse: {err}: {}",
            String::from_utf8_lossy(&out)
        )
    });
    assert_eq!(&again, e);
    let mut out2 = Vec::new();
    json::write_event(&again, &mut out2);
    assert_eq!(out, out2, "writing is stable");
}

#[test]
fn spec_example_parses() {
    // JSON-2, JSON-3: the example of json-format.md §3.1.
    let s = r#"{
        "specversion" : "1.0",
        "type" : "com.example.someevent",
        "source" : "/mycontext",
        "id" : "A234-1234-1234",
        "time" : "2018-04-05T17:31:00Z",
        "comexampleextension1" : "value",
        "comexampleothervalue" : 5,
        "unsetextension": null,
        "datacontenttype" : "application/vnd.apache.thrift.binary",
        "data_base64" : "c29tZSBiaW5hcnkgZGF0YQ=="
    }"#;
    let e = ok(s);
    assert_eq!(e.specversion(), SpecVersion::V1_0);
    assert!(e.ty() == "com.example.someevent");
    assert!(e.source() == "/mycontext");
    assert!(e.id() == "A234-1234-1234");
    assert!(e.time().unwrap() == "2018-04-05T17:31:00Z");
    assert_eq!(e.extension("comexampleothervalue"), Some(Value::Integer(5)));
    assert!(
        e.extension("comexampleextension1")
            .unwrap()
            .as_text()
            .unwrap()
            == "value"
    );
    assert_eq!(e.extension("unsetextension"), None); // JSON-6
    let mut bytes = Vec::new();
    e.data().unwrap().write_bytes(&mut bytes);
    assert_eq!(bytes, b"some binary data"); // JSON-18
    roundtrip(&e);
}

#[test]
fn structure() {
    // E-01, JSON-10
    ok(&format!("{}  \n\t", ev("")));
    assert_eq!(kind(&format!("{} x", ev(""))), ErrorKind::Syntax);
    assert_eq!(kind(&format!("{}{}", ev(""), ev(""))), ErrorKind::Syntax);
    // E-02
    assert_eq!(kind(&format!("\u{feff}{}", ev(""))), ErrorKind::Syntax);
    // E-03
    assert_eq!(kind("[]"), ErrorKind::TypeMismatch);
    assert_eq!(kind("null"), ErrorKind::Syntax);
    assert_eq!(kind(""), ErrorKind::Syntax);
    assert_eq!(kind("{"), ErrorKind::Syntax);
    assert_eq!(kind(ev("\"x\":1,")), ErrorKind::Syntax);
}

#[test]
fn duplicates() {
    // E-04, CORE-10, JSON-9
    assert_eq!(kind(ev(r#""id":"2""#)), ErrorKind::Duplicate);
    assert_eq!(
        kind(r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","specversion":"1.0"}"#),
        ErrorKind::Duplicate
    );
    assert_eq!(kind(ev(r#""x":1,"x":2"#)), ErrorKind::Duplicate);
    // E-05, JSON-8
    let e = ok(r#"{"specversion":"1.0","\u0069d":"x","source":"/s","type":"t"}"#);
    assert!(e.id() == "x");
    assert_eq!(kind(ev(r#""\u0069d":"x""#)), ErrorKind::Duplicate);
    assert_eq!(kind(ev(r#""\u0078":1,"x":2"#)), ErrorKind::Duplicate);
    assert_eq!(kind(ev(r#""x":1,"\u0078":2"#)), ErrorKind::Duplicate);
    // The collector's name filter (one bit per name from its length, first
    // and last bytes) only skips comparisons: names that share all three
    // are told apart, and a repeat among them is still found.
    let alike: Vec<String> = (b'a'..=b'l').map(|c| format!("x{}z", c as char)).collect();
    let members = |names: &[&String]| {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| format!(r#""{n}":{i}"#))
            .collect::<Vec<_>>()
            .join(",")
    };
    let all: Vec<&String> = alike.iter().collect();
    assert_eq!(ok(ev(&members(&all))).extensions().len(), alike.len());
    for repeat in [0, 5, 11] {
        let mut names = all.clone();
        names.push(&alike[repeat]);
        assert_eq!(kind(ev(&members(&names))), ErrorKind::Duplicate, "{repeat}");
    }
}

#[test]
fn names() {
    // E-06, NAME-2
    assert_eq!(kind(ev(r#""":1"#)), ErrorKind::InvalidName);
    // E-28, E-29, E-30, NAME-1
    for bad in ["MyExt", "ID", "my_ext", "my-ext", "a.b", "é"] {
        assert_eq!(
            kind(ev(&format!(r#""{bad}":1"#))),
            ErrorKind::InvalidName,
            "{bad}"
        );
    }
    // E-31, NAME-2, NAME-3
    let e = ok(ev(r#""opcuametadatamajorversion":1,"1abc":"x""#));
    assert_eq!(e.extensions().len(), 2);
    // Error messages name the attribute and the offset.
    let err =
        parse(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","Foo":1}"#).unwrap_err();
    assert_eq!(err.attribute(), Some("Foo"));
    assert_eq!(err.offset(), Some(55));
    assert!(err.to_string().contains("extension \"Foo\""), "{err}");
}

#[test]
fn specversion() {
    // E-08, CORE-4
    assert_eq!(
        kind(r#"{"id":"1","source":"/s","type":"t"}"#),
        ErrorKind::MissingRequired
    );
    for v in ["1.0.2", "2.0", "1", ""] {
        let s = format!(r#"{{"specversion":"{v}","id":"1","source":"/s","type":"t"}}"#);
        assert_eq!(kind(&s), ErrorKind::UnsupportedVersion, "{v}");
    }
    assert_eq!(
        kind(r#"{"specversion":1.0,"id":"1","source":"/s","type":"t"}"#),
        ErrorKind::TypeMismatch
    );
    assert_eq!(
        kind(r#"{"specversion":null,"id":"1","source":"/s","type":"t"}"#),
        ErrorKind::MissingRequired
    );
}

#[test]
fn encoding() {
    // E-09, JSON-10
    let mut bad = ev(r#""subject":"a"#).as_bytes().to_vec();
    bad.pop();
    bad.extend_from_slice(b"\xff\"}");
    assert_eq!(
        Event::from_json(&bad).unwrap_err().kind(),
        ErrorKind::Encoding
    );
    let mut bad_data = ev(r#""data":"a"#).as_bytes().to_vec();
    bad_data.pop();
    bad_data.extend_from_slice(b"\xc3\x28\"}");
    assert_eq!(
        Event::from_json(&bad_data).unwrap_err().kind(),
        ErrorKind::Encoding
    );
    // E-10
    assert_eq!(kind(ev("\"subject\":\"a\tb\"")), ErrorKind::Syntax);
    assert_eq!(kind(ev("\"data\":\"a\nb\"")), ErrorKind::Syntax);
}

#[test]
fn depth_limit() {
    // E-11, JSON-24
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(kind(ev(&format!(r#""data":{deep}"#))), ErrorKind::Limit);
    let ok_depth = format!("{}{}", "[".repeat(100), "]".repeat(100));
    ok(ev(&format!(r#""data":{ok_depth}"#)));
    let opts = ParseOptions::new().with_max_depth(10);
    let s = ev(&format!(r#""data":{}{}"#, "[".repeat(11), "]".repeat(11)));
    assert_eq!(
        Event::from_json_with(s.as_bytes(), &opts)
            .unwrap_err()
            .kind(),
        ErrorKind::Limit
    );
}

#[test]
fn size_limit() {
    // CORE-16
    let s = ev(&format!(r#""data":"{}""#, "a".repeat(1000)));
    let opts = ParseOptions::new().with_max_size(500);
    assert_eq!(
        Event::from_json_with(s.as_bytes(), &opts)
            .unwrap_err()
            .kind(),
        ErrorKind::Limit
    );
}

#[test]
fn required_attributes() {
    // E-12, CORE-1, JSON-5, JSON-6
    assert_eq!(
        kind(r#"{"specversion":"1.0","id":null,"source":"/s","type":"t"}"#),
        ErrorKind::MissingRequired
    );
    assert_eq!(
        kind(r#"{"specversion":"1.0","id":123,"source":"/s","type":"t"}"#),
        ErrorKind::TypeMismatch
    );
    // A null required attribute is unset, yet still occupies its name:
    // repeating it is a duplicate (JSON-9), whichever copy is null.
    for (first, second) in [("null", r#""x""#), (r#""x""#, "null"), ("null", "null")] {
        for name in ["id", "source", "type"] {
            let others: Vec<_> = [("id", "1"), ("source", "/s"), ("type", "t")]
                .iter()
                .filter(|(n, _)| *n != name)
                .map(|(n, v)| format!(r#""{n}":"{v}""#))
                .collect();
            let s = format!(
                r#"{{"specversion":"1.0",{},"{name}":{first},"{name}":{second}}}"#,
                others.join(",")
            );
            assert_eq!(kind(&s), ErrorKind::Duplicate, "{s}");
        }
    }
    for name in ["source", "type"] {
        let s = match name {
            "source" => r#"{"specversion":"1.0","id":"1","source":null,"type":"t"}"#,
            _ => r#"{"specversion":"1.0","id":"1","source":"/s","type":null}"#,
        };
        let err = parse(s).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequired, "{s}");
        assert!(err.to_string().contains(name), "{err}");
    }
    for missing in ["id", "source", "type"] {
        let members: Vec<_> = [("id", "1"), ("source", "/s"), ("type", "t")]
            .iter()
            .filter(|(n, _)| *n != missing)
            .map(|(n, v)| format!(r#""{n}":"{v}""#))
            .collect();
        let s = format!(r#"{{"specversion":"1.0",{}}}"#, members.join(","));
        let err = parse(&s).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequired);
        assert_eq!(err.attribute(), Some(missing));
    }
    // E-13, CORE-2
    assert_eq!(
        kind(r#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#),
        ErrorKind::InvalidValue
    );
    ok(r#"{"specversion":"1.0","id":" ","source":"/s","type":"t"}"#);
    // CORE-5
    assert_eq!(
        kind(r#"{"specversion":"1.0","id":"1","source":"/s","type":""}"#),
        ErrorKind::InvalidValue
    );
}

#[test]
fn source_and_dataschema() {
    // E-14, CORE-3, TYPE-7
    assert_eq!(
        kind(r#"{"specversion":"1.0","id":"1","source":"","type":"t"}"#),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        kind(r#"{"specversion":"1.0","id":"1","source":"http://[::1","type":"t"}"#),
        ErrorKind::InvalidValue
    );
    ok(r#"{"specversion":"1.0","id":"1","source":"1-555-123-4567","type":"t"}"#);
    ok(r#"{"specversion":"1.0","id":"1","source":"https://example.com/a?b=c#d","type":"t"}"#);
    // E-15, CORE-7, TYPE-6
    assert_eq!(
        kind(ev(r#""dataschema":"/schema""#)),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        kind(ev(r#""dataschema":"http://x/%zz""#)),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        kind(ev(r#""dataschema":"http://x/y#f""#)),
        ErrorKind::InvalidValue
    );
    assert_eq!(kind(ev(r#""dataschema":"""#)), ErrorKind::InvalidValue);
    let e = ok(ev(r#""dataschema":"https://example.com/schema.json""#));
    assert!(e.dataschema().unwrap() == "https://example.com/schema.json");
    roundtrip(&e);
}

#[test]
fn optional_attributes() {
    // E-16, CORE-6
    assert_eq!(kind(ev(r#""datacontenttype":"""#)), ErrorKind::InvalidValue);
    // E-17, CORE-8, JSON-6
    assert_eq!(kind(ev(r#""subject":"""#)), ErrorKind::InvalidValue);
    let e = ok(ev(r#""subject":null"#));
    assert!(e.subject().is_none());
    assert_eq!(kind(ev(r#""subject":5"#)), ErrorKind::TypeMismatch);
}

#[test]
fn string_characters() {
    // E-18, TYPE-4, JSON-11
    for bad in [
        r"a\u0000b",
        r"\u0085",
        r"\u007F",
        r"\uFFFE",
        r"\uFDD0",
        r"\n",
    ] {
        assert_eq!(
            kind(ev(&format!(r#""subject":"{bad}""#))),
            ErrorKind::InvalidValue,
            "{bad}"
        );
    }
    // raw DEL and raw C1 control
    assert_eq!(kind(ev("\"subject\":\"a\u{7f}\"")), ErrorKind::InvalidValue);
    assert_eq!(kind(ev("\"subject\":\"a\u{85}\"")), ErrorKind::InvalidValue);
    assert_eq!(
        kind(ev("\"subject\":\"\u{10fffe}\"")),
        ErrorKind::InvalidValue
    );
    // E-19
    assert_eq!(kind(ev(r#""subject":"\uDEAD""#)), ErrorKind::InvalidValue);
    assert_eq!(kind(ev(r#""subject":"\uD83D""#)), ErrorKind::InvalidValue);
    let e = ok(ev(r#""subject":"\uD83D\uDE00""#));
    assert!(e.subject().unwrap() == "😀");
    roundtrip(&e);
    // Data strings keep any JSON-legal text (JSON-11).
    ok(ev(r#""data":"\u0000\uDEAD""#));
}

#[test]
fn timestamps() {
    // E-20..E-27, TYPE-8, CORE-9
    for good in [
        "2018-04-05t17:31:00z",
        "2016-12-31T23:59:60Z",
        "2018-04-05T17:31:00-00:00",
        "2018-04-05T17:31:00.123456789012Z",
        "2018-04-05T17:31:00+02:00",
        "2020-02-29T00:00:00Z",
    ] {
        let e = ok(ev(&format!(r#""time":"{good}""#)));
        assert!(e.time().unwrap() == good);
        assert!(e.timestamp().is_some(), "{good}");
        roundtrip(&e);
    }
    for bad in [
        "2018-04-05T12:00:60Z",
        "2018-04-05 17:31:00Z",
        "2018-04-05T17:31:00",
        "2018-02-30T00:00:00Z",
        "2019-02-29T00:00:00Z",
        "2018-04-05T24:00:00Z",
        "2018-04-05T17:31:00+24:00",
        "",
        "yesterday",
    ] {
        assert_eq!(
            kind(ev(&format!(r#""time":"{bad}""#))),
            ErrorKind::InvalidValue,
            "{bad}"
        );
    }
    // E-27: re-encoding keeps the offset as written.
    let e = ok(ev(r#""time":"2018-04-05T17:31:00+02:00""#));
    let mut out = Vec::new();
    json::write_event(&e, &mut out);
    assert!(String::from_utf8(out).unwrap().contains("17:31:00+02:00"));
    // Lax mode skips timestamp validation.
    let lax = ParseOptions::new().with_lax_timestamps(true);
    let s = ev(r#""time":"yesterday""#);
    assert!(Event::from_json_with(s.as_bytes(), &lax).is_ok());
}

#[test]
fn extension_values() {
    // E-32, TYPE-3, JSON-4
    let e = ok(ev(
        r#""a":2147483647,"b":-2147483648,"c":-0,"d":true,"e":"5""#,
    ));
    assert_eq!(e.extension("a"), Some(Value::Integer(i32::MAX)));
    assert_eq!(e.extension("b"), Some(Value::Integer(i32::MIN)));
    assert_eq!(e.extension("c"), Some(Value::Integer(0))); // E-33
    assert_eq!(e.extension("d"), Some(Value::Boolean(true)));
    assert!(e.extension("e").unwrap().as_text().unwrap() == "5"); // E-34
    roundtrip(&e);
    assert_eq!(kind(ev(r#""n":2147483648"#)), ErrorKind::InvalidValue);
    assert_eq!(kind(ev(r#""n":-2147483649"#)), ErrorKind::InvalidValue);
    // E-33
    for bad in ["1.5", "1.0", "1e2"] {
        assert_eq!(
            kind(ev(&format!(r#""n":{bad}"#))),
            ErrorKind::InvalidValue,
            "{bad}"
        );
    }
    // E-34
    assert_eq!(kind(ev(r#""n":{}"#)), ErrorKind::TypeMismatch);
    assert_eq!(kind(ev(r#""n":[]"#)), ErrorKind::TypeMismatch);
    assert_eq!(ok(ev(r#""n":null"#)).extension("n"), None);
    // extension strings follow TYPE-4 too
    assert_eq!(kind(ev(r#""n":"\u0001""#)), ErrorKind::InvalidValue);
}

#[test]
fn many_extensions() {
    // CORE-11: more than the inline capacity spill with `alloc`.
    let members: Vec<String> = (0..20).map(|i| format!(r#""e{i}":{i}"#)).collect();
    let s = ev(&members.join(","));
    let e = ok(s);
    assert_eq!(e.extensions().len(), 20);
    roundtrip(&e);
    let opts = ParseOptions::new().with_max_extensions(10);
    assert_eq!(
        Event::from_json_with(s.as_bytes(), &opts)
            .unwrap_err()
            .kind(),
        ErrorKind::Limit
    );
}

#[test]
fn data_members() {
    // E-35, JSON-17
    let e = ok(ev(r#""data":null"#));
    assert!(e.data().unwrap().is_null());
    assert!(ok(ev("")).data().is_none());
    // E-36, E-37, JSON-20
    assert_eq!(
        kind(ev(r#""datacontenttype":"text/plain","data":null"#)),
        ErrorKind::TypeMismatch
    );
    assert_eq!(
        kind(ev(r#""datacontenttype":"text/plain","data":1"#)),
        ErrorKind::TypeMismatch
    );
    // E-38, JSON-19
    let e = ok(ev(r#""data":"{\"a\":1}""#));
    assert!(matches!(e.data(), Some(Data::Json(r#""{\"a\":1}""#))));
    // E-39
    let e = ok(ev(r#""datacontenttype":"application/xml","data":"<a/>""#));
    let mut bytes = Vec::new();
    e.data().unwrap().write_bytes(&mut bytes);
    assert_eq!(bytes, b"<a/>");
    roundtrip(&e);
    // E-40, JSON-12
    for ct in [
        "Application/JSON",
        "application/ld+json; charset=utf-8",
        "text/json",
    ] {
        let e = ok(ev(&format!(r#""datacontenttype":"{ct}","data":{{"a":1}}"#)));
        assert!(matches!(e.data(), Some(Data::Json(_))), "{ct}");
    }
    assert_eq!(
        kind(ev(
            r#""datacontenttype":"application/json-seq","data":{"a":1}"#
        )),
        ErrorKind::TypeMismatch
    );
    // E-41, JSON-16
    assert_eq!(
        kind(ev(r#""data":1,"data_base64":"AA==""#)),
        ErrorKind::Conflict
    );
    assert_eq!(
        kind(ev(r#""data":null,"data_base64":"AA==""#)),
        ErrorKind::Conflict
    );
    // E-47, JSON-24: numbers keep their digits
    let e = ok(ev(r#""data":12345678901234567890123"#));
    assert!(matches!(
        e.data(),
        Some(Data::Json("12345678901234567890123"))
    ));
    roundtrip(&e);
    // E-07, JSON-7: the content type may follow the data
    let e = ok(
        r#"{"data":"hi","datacontenttype":"text/plain","id":"1","source":"/s","type":"t","specversion":"1.0"}"#,
    );
    assert!(matches!(e.data(), Some(Data::Text(t)) if t == "hi"));
    roundtrip(&e);
}

#[test]
fn base64_data() {
    // E-42, E-43, E-44, TYPE-5, JSON-18
    for bad in ["Zm9vYg", "Zm9vYh==", r"Zm9v\nYg==", "-_8="] {
        assert_eq!(
            kind(ev(&format!(r#""data_base64":"{bad}""#))),
            ErrorKind::Encoding,
            "{bad}"
        );
    }
    // E-45, JSON-22
    let e = ok(ev(r#""data_base64":"""#));
    let mut bytes = Vec::new();
    e.data().unwrap().write_bytes(&mut bytes);
    assert!(bytes.is_empty());
    assert!(ok(ev(r#""data_base64":null"#)).data().is_none());
    // E-46: no content type is assumed
    let e = ok(ev(r#""data_base64":"eyAieHl6IjogMTIzIH0=""#));
    assert!(e.datacontenttype().is_none());
    bytes.clear();
    e.data().unwrap().write_bytes(&mut bytes);
    assert_eq!(bytes, br#"{ "xyz": 123 }"#);
    roundtrip(&e);
}

#[test]
fn batches() {
    // E-77, BATCH-2, BATCH-3
    assert_eq!(BatchReader::new(b"[]").unwrap().count(), 0);
    assert_eq!(BatchReader::new(b" [ ] ").unwrap().count(), 0);
    assert_eq!(
        BatchReader::new(b"null").err().unwrap().kind(),
        ErrorKind::Syntax
    );
    assert_eq!(
        BatchReader::new(b"{}").err().unwrap().kind(),
        ErrorKind::Syntax
    );
    // E-78, BATCH-4
    let mixed = format!(
        "[{},{}]",
        ev(""),
        r#"{"specversion":"0.3","id":"1","source":"/s","type":"t"}"#
    );
    let r: Vec<_> = BatchReader::new(mixed.as_bytes()).unwrap().collect();
    assert!(r[0].is_ok());
    assert_eq!(r[1].as_ref().unwrap_err().kind(), ErrorKind::InvalidValue);
    // E-79, BATCH-2, BATCH-8
    let s = format!("[{},42,{}]", ev(""), ev(""));
    let r: Vec<_> = BatchReader::new(s.as_bytes()).unwrap().collect();
    assert_eq!(r.len(), 3);
    assert_eq!(r[1].as_ref().unwrap_err().kind(), ErrorKind::TypeMismatch);
    assert!(r[2].is_ok());
    // BATCH-8 (as amended by issue 13): a syntax error inside an element
    // is that element's error; the next element is read.
    let r: Vec<_> = BatchReader::new(b"[{\"a\":}, {}]").unwrap().collect();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].as_ref().unwrap_err().kind(), ErrorKind::Syntax);
    assert_eq!(
        r[1].as_ref().unwrap_err().kind(),
        ErrorKind::MissingRequired
    );
    // A syntax error in the array's framing ends the batch.
    let mut reader = BatchReader::new(b"[{\"a\":1} {}]").unwrap();
    assert_eq!(
        reader.next().unwrap().unwrap_err().kind(),
        ErrorKind::MissingRequired
    );
    assert!(!reader.is_broken());
    assert_eq!(
        reader.next().unwrap().unwrap_err().kind(),
        ErrorKind::Syntax
    );
    assert!(reader.is_broken());
    assert!(reader.next().is_none());
    // BATCH-9: the writer
    let e = ok(ev(""));
    let mut out = Vec::new();
    let mut w = json::BatchWriter::new(&mut out);
    w.push(&e).unwrap();
    w.push(&e).unwrap();
    let v03 =
        Event::from_json(br#"{"specversion":"0.3","id":"1","source":"/s","type":"t"}"#).unwrap();
    assert_eq!(w.push(&v03).unwrap_err().kind(), ErrorKind::InvalidValue);
    w.finish();
    let back: Vec<_> = BatchReader::new(&out)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back.len(), 2);
    let mut empty = Vec::new();
    json::BatchWriter::new(&mut empty).finish();
    assert_eq!(empty, b"[]");
}

#[test]
fn legacy_v03() {
    // E-80, V03-3, V03-6
    let e = ok(
        r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","datacontentencoding":"base64","data":"Zm9v"}"#,
    );
    assert_eq!(e.specversion(), SpecVersion::V0_3);
    let mut bytes = Vec::new();
    e.data().unwrap().write_bytes(&mut bytes);
    assert_eq!(bytes, b"foo");
    roundtrip(&e);
    // E-81, V03-3, V03-5
    ok(
        r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","datacontentencoding":"BASE64","data":"Zm9v"}"#,
    );
    assert_eq!(
        kind(
            r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","datacontentencoding":"gzip","data":"Zm9v"}"#
        ),
        ErrorKind::InvalidValue
    );
    let e = ok(r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"/rel"}"#);
    assert!(e.dataschema().unwrap() == "/rel");
    roundtrip(&e);
    // V03-7: in 1.0 they are plain extensions.
    let e = ok(ev(r#""schemaurl":"/rel","datacontentencoding":"base64""#));
    assert!(e.dataschema().is_none());
    assert_eq!(e.extensions().len(), 2);
    roundtrip(&e);
    // V03-4: data_base64 in 0.3 is an opaque extension.
    let e = ok(r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","data_base64":"??"}"#);
    assert!(e.data().is_none());
    assert!(e.extension("data_base64").is_some());
    // ...and, being an extension String there, obeys TYPE-4 and JSON-11
    // (in 1.0 it is base64 data, E-44, and those escapes are base64 errors).
    for bad in [r"\u0085", r"\u0000", r"\ud800", r"\uFFFE"] {
        let s = format!(
            r#"{{"specversion":"0.3","id":"1","source":"/s","type":"t","data_base64":"A{bad}"}}"#
        );
        let err = parse(&s).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue, "{s}");
        assert_eq!(err.attribute(), Some("data_base64"));
    }
}

#[test]
fn lone_surrogates_in_text_data() {
    // JSON-11: a data string becomes text for a non-JSON content type, and
    // a lone surrogate escape is no text (`Encoding`); valid pairs are.
    let text = |data: &str| {
        format!(
            r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":"{data}"}}"#
        )
    };
    for bad in [
        r"a\ud800b",
        r"\udc00",
        r"\ud800\ud800\udc00",
        r"x\\\ud83d",
        r"\ud83d\u0041",
    ] {
        let s = text(bad);
        let err = parse(&s).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Encoding, "{s}");
        assert_eq!(err.attribute(), Some("data"), "{s}");
    }
    for good in [r"\ud83d\ude00", r"\\ud800", r"\u00e9\ud83d\ude00x", "plain"] {
        let s = text(good);
        assert!(parse(&s).is_ok(), "{s}");
    }
    // Inside JSON data the same escape is legal JSON, kept as written.
    let e = ok(ev(
        r#""datacontenttype":"application/json","data":{"k":"\ud800"}"#,
    ));
    assert!(matches!(e.data(), Some(Data::Json(_))));
}

#[test]
fn legacy_upgrade_to_v1() {
    // V03-6, V03-10
    let e = ok(
        r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"https://x.example/s","datacontentencoding":"base64","data":"Zm9v"}"#,
    );
    let v1 = e.to_v1().unwrap();
    assert_eq!(v1.specversion(), SpecVersion::V1_0);
    let mut out = Vec::new();
    json::write_event(&v1, &mut out);
    assert_eq!(
        std::str::from_utf8(&out).unwrap(),
        r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","dataschema":"https://x.example/s","data_base64":"Zm9v"}"#
    );
    roundtrip(&v1);
    // A relative schemaurl cannot become a dataschema.
    let rel = ok(r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"/rel"}"#);
    assert_eq!(rel.to_v1().unwrap_err().kind(), ErrorKind::InvalidValue);
}

#[test]
fn escaped_values_roundtrip() {
    // JSON-8: escaped text stays escaped on the wire and decodes on request.
    let e = ok(
        r#"{"specversion":"1.0","id":"a\"b","source":"\/x\/y","type":"caf\u00e9","subject":"tab\\"}"#,
    );
    assert!(e.id() == "a\"b");
    assert!(e.source() == "/x/y");
    assert!(e.ty() == "café");
    assert!(e.subject().unwrap() == "tab\\");
    assert_eq!(e.id().try_str(), None);
    assert_eq!(e.id().to_cow(), "a\"b");
    roundtrip(&e);
    // Equality by meaning across encodings.
    let plain =
        ok(r#"{"specversion":"1.0","id":"a\"b","source":"/x/y","type":"café","subject":"tab\\"}"#);
    assert_eq!(e, plain);
}

#[test]
fn whitespace_everywhere() {
    let s = " \n{ \"specversion\" : \"1.0\" ,\r\n\t\"id\" : \"1\" , \"source\" : \"/s\" , \"type\" : \"t\" , \"data\" : [ 1 , { \"a\" : null } ] } \n";
    let e = ok(s);
    assert!(matches!(e.data(), Some(Data::Json(d)) if d.starts_with('[') && d.ends_with(']')));
    roundtrip(&e);
}

/// `data_base64` written with `\/` escapes (as PHP's encoder writes `/`)
/// decodes to the same bytes as the unescaped text, at lengths on both
/// sides of the decoder's 256-character chunk (JSON-8, TYPE-5).
#[test]
fn escaped_data_base64_decodes_across_chunks() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for len in [0usize, 1, 2, 3, 189, 190, 191, 192, 193, 380, 383, 384, 700] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Plenty of 0x3f/0xff bytes, so the text has many `/`.
                (seed as u8) | 0x3f
            })
            .collect();
        let mut plain = Vec::new();
        cloudevents_codec::spec::base64::encode(&bytes, &mut plain);
        let plain = String::from_utf8(plain).unwrap();
        let escaped = plain.replace('/', "\\/");
        let json = format!(
            r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","data_base64":"{escaped}"}}"#
        );
        let event = Event::from_json(json.as_bytes()).unwrap();
        let mut out = Vec::new();
        event.data().unwrap().write_bytes(&mut out);
        assert_eq!(out, bytes, "{len} bytes");
    }
}
