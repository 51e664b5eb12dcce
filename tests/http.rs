//! HTTP binding: `docs/RULES.md` §4 (HTTP-1..HTTP-22) and edge cases
//! E-48..E-65.

use cloudevents_codec::binding::{http, ContentMode, HeaderBuf, HeaderSink, Message, ReadOptions};
use cloudevents_codec::{Data, ErrorKind, Event, Value};

const BASE: [(&str, &str); 4] = [
    ("ce-specversion", "1.0"),
    ("ce-id", "1"),
    ("ce-source", "/s"),
    ("ce-type", "t"),
];

fn with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut v = BASE.to_vec();
    v.extend_from_slice(extra);
    v
}

fn binary<'a>(headers: &'a [(&'a str, &'a str)], body: &'a [u8]) -> Event<'a> {
    match http::read(headers.iter().copied(), body) {
        Ok(Message::Binary(e)) => e,
        other => panic!("expected a binary event, got {other:?}"),
    }
}

fn err(headers: &[(&str, &str)], body: &[u8]) -> ErrorKind {
    match http::read(headers.iter().copied(), body) {
        Ok(m) => panic!("expected an error, got {m:?}"),
        Err(e) => {
            // Every error renders a message.
            assert!(!e.to_string().is_empty());
            e.kind()
        }
    }
}

fn subject_of(value: &'static str) -> Result<String, ErrorKind> {
    let h = with(&[("ce-subject", value)]);
    http::read(h.iter().copied(), b"")
        .map(|m| m.into_event().unwrap().subject().unwrap().to_string())
        .map_err(|e| e.kind())
}

const STRUCTURED: &[u8] = br#"{"specversion":"1.0","id":"body","source":"/s","type":"t"}"#;

// HTTP-1: same mapping for requests and responses: the reader takes headers
// and body only, whatever the method or status.
#[test]
fn http_1_any_message() {
    let h = with(&[]);
    let e = binary(&h, b"x");
    assert!(e.id() == "1");
}

// HTTP-2 (structured and binary both read), HTTP-3, E-58: mode detection.
#[test]
fn http_3_mode_detection_e58() {
    let h = [(
        "Content-Type",
        "APPLICATION/CloudEvents+JSON; charset=utf-8",
    )];
    let m = http::read(h.iter().copied(), STRUCTURED).unwrap();
    assert_eq!(m.mode(), ContentMode::Structured);

    let h = [("content-type", "application/cloudevents-batch+json")];
    let m = http::read(h.iter().copied(), b"[]").unwrap();
    assert_eq!(m.mode(), ContentMode::Batch);
    let Message::Batch(mut b) = m else { panic!() };
    assert!(b.next().is_none());

    let h = with(&[("content-type", "application/json")]);
    assert_eq!(
        http::read(h.iter().copied(), b"{}").unwrap().mode(),
        ContentMode::Binary
    );
}

// HTTP-4, E-59: other CE formats are UnsupportedFormat unless pass-through.
#[test]
fn http_4_unsupported_format_e59() {
    let h = with(&[("content-type", "application/cloudevents+avro")]);
    assert_eq!(err(&h, b"\x00"), ErrorKind::UnsupportedFormat);
    let opts = ReadOptions::new().with_unknown_formats_as_binary(true);
    let m = http::read_with(h.iter().copied(), b"\x00", &opts).unwrap();
    let e = m.into_event().unwrap();
    assert!(e.datacontenttype().unwrap() == "application/cloudevents+avro");
    assert_eq!(e.data().unwrap().as_bytes(), Some(&b"\x00"[..]));
}

// HTTP-5: no CE content type and no ce-specversion → NotCloudEvent.
#[test]
fn http_5_not_cloud_event() {
    assert_eq!(err(&[], b""), ErrorKind::NotCloudEvent);
    assert_eq!(
        err(&[("content-type", "text/plain"), ("ce-id", "1")], b"x"),
        ErrorKind::NotCloudEvent
    );
}

// HTTP-6: Content-Type ⇄ datacontenttype, verbatim; E-57 conflict.
#[test]
fn http_6_content_type() {
    let h = with(&[("Content-Type", "text/plain; charset=%41")]);
    let e = binary(&h, b"x");
    assert_eq!(
        e.datacontenttype().unwrap().raw(),
        b"text/plain; charset=%41"
    );
    assert!(e.datacontenttype().unwrap() == "text/plain; charset=%41");
    let h = with(&[]);
    assert!(binary(&h, b"x").datacontenttype().is_none());
}

#[test]
fn e57_datacontenttype_header_conflicts() {
    let h = with(&[
        ("content-type", "text/plain"),
        ("ce-datacontenttype", "text/plain"),
    ]);
    assert_eq!(err(&h, b"x"), ErrorKind::Conflict);
}

// HTTP-7, E-62: body untouched; empty body = no data.
#[test]
fn http_7_body_e62() {
    let h = with(&[("content-type", "application/json")]);
    let e = binary(&h, b"");
    assert!(e.data().is_none());
    assert!(e.datacontenttype().unwrap() == "application/json");
    let e = binary(&h, b" {\"a\" : 1}\r\n");
    match e.data().unwrap() {
        Data::Binary(b) => assert_eq!(b, b" {\"a\" : 1}\r\n"),
        d => panic!("{d:?}"),
    }
}

// HTTP-8, E-56 (`CE-ID` → `id`), E-63, E-48: names.
#[test]
fn http_8_names() {
    let h = [
        ("CE-SpecVersion", "1.0"),
        ("CE-ID", "1"),
        ("Ce-Source", "/s"),
        ("ce-TYPE", "t"),
        ("CE-MyExt", "v"),
    ];
    let e = binary(&h, b"");
    assert!(e.id() == "1");
    assert!(e.extension("myext").unwrap() == Value::String(cloudevents_codec::Text::plain("v")));
    assert!(e.extensions().next().unwrap().name() == "myext");
}

#[test]
fn e48_ce_data_is_invalid_name() {
    assert_eq!(err(&with(&[("ce-data", "x")]), b""), ErrorKind::InvalidName);
}

#[test]
fn e63_bad_names() {
    assert_eq!(
        err(&with(&[("ce-foo-bar", "x")]), b""),
        ErrorKind::InvalidName
    );
    assert_eq!(err(&with(&[("ce-", "x")]), b""), ErrorKind::InvalidName);
    assert_eq!(
        err(&with(&[("ce-my_ext", "x")]), b""),
        ErrorKind::InvalidName
    );
    assert_eq!(err(&with(&[("ce-é", "x")]), b""), ErrorKind::InvalidName);
}

// HTTP-9: an extension is always written as a ce- header.
#[test]
fn http_9_extensions_written_as_headers() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","traceparent":"00-ab","n":5,"b":true}"#,
    )
    .unwrap();
    let mut h = HeaderBuf::new();
    http::write_binary_headers(&e, &mut h).unwrap();
    assert_eq!(h.get(b"ce-traceparent"), Some(&b"00-ab"[..]));
    assert_eq!(h.get(b"ce-n"), Some(&b"5"[..]));
    assert_eq!(h.get(b"ce-b"), Some(&b"true"[..]));
}

// HTTP-10, HTTP-11: percent-encoding on write.
#[test]
fn http_11_percent_encoding() {
    let e = Event::from_json(
        r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","subject":"Euro € 😀","x":"a\"b%c+&,;/?#'()=:"}"#
            .as_bytes(),
    )
    .unwrap();
    let mut h = HeaderBuf::new();
    http::write_binary_headers(&e, &mut h).unwrap();
    assert_eq!(
        h.get(b"ce-subject"),
        Some(&b"Euro%20%E2%82%AC%20%F0%9F%98%80"[..])
    );
    assert_eq!(h.get(b"ce-x"), Some(&b"a%22b%25c+&,;/?#'()=:"[..]));
    // Control characters are encoded too.
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","x":"tab\there"}"#,
    );
    // TYPE-4 forbids controls in Strings, so they cannot reach the writer.
    assert!(e.is_err());
}

// HTTP-12, E-53, E-65: quoting.
#[test]
fn http_12_quotes_e53() {
    assert_eq!(subject_of("\"hello world\"").unwrap(), "hello world");
    assert_eq!(subject_of("\"a\\\"b\"").unwrap(), "a\"b");
    assert_eq!(subject_of("\"%41\"").unwrap(), "A");
    assert_eq!(subject_of("\"abc").unwrap_err(), ErrorKind::Syntax);
}

#[test]
fn e65_quoted_time() {
    let h = with(&[("ce-time", "\"2018-04-05T17:31:00Z\"")]);
    let e = binary(&h, b"");
    assert!(e.time().unwrap() == "2018-04-05T17:31:00Z");
}

// HTTP-13, E-49, E-52: one decoding round.
#[test]
fn http_13_percent_decoding_e49_e52() {
    assert_eq!(
        subject_of("Euro%20%E2%82%AC%20%F0%9F%98%80").unwrap(),
        "Euro € 😀"
    );
    assert_eq!(subject_of("%e2%82%ac").unwrap(), "€");
    assert_eq!(subject_of("%41bc").unwrap(), "Abc");
    assert_eq!(subject_of("%2541").unwrap(), "%41");
}

// HTTP-14, E-51: decoded bytes must be UTF-8.
#[test]
fn http_14_utf8_e51() {
    for v in ["%C0%A0", "%ED%A0%80", "%FF"] {
        assert_eq!(subject_of(v).unwrap_err(), ErrorKind::Encoding, "{v}");
    }
}

// HTTP-15, E-50: bad escapes.
#[test]
fn http_15_bad_escapes_e50() {
    for v in ["100%", "%G1", "a%4"] {
        assert_eq!(subject_of(v).unwrap_err(), ErrorKind::Encoding, "{v}");
    }
}

// HTTP-16, E-54: TYPE-4 after decoding.
#[test]
fn http_16_controls_after_decoding_e54() {
    assert_eq!(subject_of("a%0Ab").unwrap_err(), ErrorKind::InvalidValue);
}

#[test]
fn http_16_type_parsers_apply() {
    assert_eq!(
        err(&with(&[("ce-time", "yesterday")]), b""),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        err(&with(&[("ce-subject", "")]), b""),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        err(&with(&[("ce-dataschema", "/rel")]), b""),
        ErrorKind::InvalidValue
    );
    let h = [
        ("ce-specversion", "1.0"),
        ("ce-id", ""),
        ("ce-source", "/s"),
        ("ce-type", "t"),
    ];
    assert_eq!(err(&h, b""), ErrorKind::InvalidValue);
}

// HTTP-17, E-55: raw UTF-8 accepted literally; invalid UTF-8 rejected.
#[test]
fn http_17_raw_utf8_e55() {
    assert_eq!(subject_of("€").unwrap(), "€");
    let h: Vec<(&[u8], &[u8])> = vec![
        (b"ce-specversion", b"1.0"),
        (b"ce-id", b"1"),
        (b"ce-source", b"/s"),
        (b"ce-type", b"t"),
        (b"ce-subject", b"\xff\xfe"),
    ];
    let e = http::read(h.iter().copied(), b"").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Encoding);
}

// HTTP-18: Content-Type is never percent-decoded (see http_6).
#[test]
fn http_18_content_type_verbatim() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain; x=\"a b\""}"#,
    )
    .unwrap();
    let mut h = HeaderBuf::new();
    http::write_binary_headers(&e, &mut h).unwrap();
    assert_eq!(h.get(b"content-type"), Some(&b"text/plain; x=\"a b\""[..]));
    assert!(h.get(b"ce-datacontenttype").is_none());
}

// HTTP-19, E-64: repeated ce- header.
#[test]
fn http_19_duplicates_e64() {
    assert_eq!(err(&with(&[("ce-id", "2")]), b""), ErrorKind::Duplicate);
    assert_eq!(err(&with(&[("CE-ID", "1")]), b""), ErrorKind::Duplicate);
    assert_eq!(
        err(&with(&[("ce-x", "1"), ("ce-X", "2")]), b""),
        ErrorKind::Duplicate
    );
    let h = with(&[("content-type", "a/b"), ("Content-Type", "a/b")]);
    assert_eq!(err(&h, b""), ErrorKind::Duplicate);
}

// HTTP-20, E-60: structured ignores ce- headers, the body wins.
#[test]
fn http_20_structured_ignores_headers_e60() {
    let h = [
        ("content-type", "application/cloudevents+json"),
        ("ce-id", "header"),
        ("ce-foo-bar", "even invalid ones"),
    ];
    let m = http::read(h.iter().copied(), STRUCTURED).unwrap();
    let Message::Structured(e) = m else { panic!() };
    assert!(e.id() == "body");
}

#[test]
fn http_20_write_structured() {
    let e = Event::from_json(STRUCTURED).unwrap();
    let mut h = HeaderBuf::new();
    let mut body = Vec::new();
    http::write_structured(&e, &mut h, &mut body);
    assert_eq!(
        h.get(b"content-type"),
        Some(&b"application/cloudevents+json; charset=utf-8"[..])
    );
    let back = http::read(&h, &body).unwrap();
    assert_eq!(back.mode(), ContentMode::Structured);
    assert_eq!(back.into_event().unwrap(), e);
}

// HTTP-21: batch.
#[test]
fn http_21_batch() {
    let a = Event::from_json(STRUCTURED).unwrap();
    let b =
        Event::from_json(br#"{"specversion":"1.0","id":"2","source":"/s","type":"t","data":[1]}"#)
            .unwrap();
    let mut h = HeaderBuf::new();
    let mut body = Vec::new();
    http::write_batch([&a, &b], &mut h, &mut body).unwrap();
    assert_eq!(
        h.get(b"content-type"),
        Some(&b"application/cloudevents-batch+json; charset=utf-8"[..])
    );
    let Message::Batch(reader) = http::read(&h, &body).unwrap() else {
        panic!()
    };
    let events: Vec<_> = reader.map(Result::unwrap).collect();
    assert_eq!(events, vec![a, b]);

    let mut h = HeaderBuf::new();
    let mut body = Vec::new();
    http::write_batch([], &mut h, &mut body).unwrap();
    assert_eq!(body, b"[]");
}

// HTTP-22: values from senders that never encode still read when they are
// plain (no `%`).
#[test]
fn http_22_unencoded_senders() {
    assert_eq!(
        subject_of("plain text / with spaces").unwrap(),
        "plain text / with spaces"
    );
}

// Errors name the attribute, in its decoded spelling.
#[test]
fn errors_name_the_attribute() {
    let h = with(&[("CE-ID", "2")]);
    let e = http::read(h.iter().copied(), b"").unwrap_err();
    assert_eq!(e.attribute(), Some("id"));
    let h = with(&[("ce-time", "nope")]);
    let e = http::read(h.iter().copied(), b"").unwrap_err();
    assert_eq!(e.attribute(), Some("time"));
    assert!(
        e.to_string()
            .starts_with("attribute \"time\": invalid value"),
        "{e}"
    );
    let h = with(&[("ce-MyExt", "a\u{1}b")]);
    let e = http::read(h.iter().copied(), b"").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert_eq!(e.attribute(), Some("myext"));
    let h = with(&[("ce-foo-bar", "x")]);
    let e = http::read(h.iter().copied(), b"").unwrap_err();
    assert_eq!(e.attribute(), Some("ce-foo-bar"));
}

// E-61: specversion without source.
#[test]
fn e61_missing_source() {
    let h = [("ce-specversion", "1.0"), ("ce-id", "1"), ("ce-type", "t")];
    let e = http::read(h.iter().copied(), b"").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingRequired);
    assert_eq!(e.attribute(), Some("source"));
}

#[test]
fn unsupported_version() {
    let h = [
        ("ce-specversion", "1.0.2"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
    ];
    assert_eq!(err(&h, b""), ErrorKind::UnsupportedVersion);
}

// CORE-13, E-35, E-38: JSON data without datacontenttype.
#[test]
fn e35_json_null_data_to_binary() {
    let e =
        Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":null}"#)
            .unwrap();
    let mut h = HeaderBuf::new();
    let mut body = Vec::new();
    http::write_binary(&e, &mut h, &mut body).unwrap();
    assert_eq!(h.get(b"content-type"), Some(&b"application/json"[..]));
    assert_eq!(body, b"null");
    assert_eq!(http::body(&e), Some(&b"null"[..]));
}

#[test]
fn e38_json_string_data_keeps_quotes() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":"{\"a\":1}"}"#,
    )
    .unwrap();
    let mut body = Vec::new();
    http::write_body(&e, &mut body);
    assert_eq!(body, br#""{\"a\":1}""#);
}

// E-39: text data is written decoded.
#[test]
fn e39_text_data() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"application/xml","data":"<a\/>"}"#,
    )
    .unwrap();
    assert_eq!(http::body(&e), None, "escaped text must be decoded");
    let mut body = Vec::new();
    http::write_body(&e, &mut body);
    assert_eq!(body, b"<a/>");
}

// E-46: base64 data without content type: no Content-Type header.
#[test]
fn e46_base64_without_content_type() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data_base64":"eyAieHl6IjogMTIzIH0="}"#,
    )
    .unwrap();
    let mut h = HeaderBuf::new();
    let mut body = Vec::new();
    http::write_binary(&e, &mut h, &mut body).unwrap();
    assert!(h.get(b"content-type").is_none());
    assert_eq!(body, br#"{ "xyz": 123 }"#);
}

#[test]
fn e46_no_content_type_header_for_base64() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data_base64":"AAAA"}"#,
    )
    .unwrap();
    let mut h = HeaderBuf::new();
    http::write_binary_headers(&e, &mut h).unwrap();
    assert!(h.get(b"content-type").is_none());
}

// The binding document's binary-mode example (§3.1.4).
#[test]
fn spec_example_binary() {
    let h = [
        ("ce-specversion", "1.0"),
        ("ce-type", "com.example.someevent"),
        ("ce-time", "2018-04-05T03:56:24Z"),
        ("ce-id", "1234-1234-1234"),
        ("ce-source", "/mycontext/subcontext"),
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", "nnnn"),
    ];
    let e = binary(&h, b"{ \"x\": 1 }");
    assert!(e.ty() == "com.example.someevent");
    assert!(e.time().unwrap() == "2018-04-05T03:56:24Z");
    assert!(e.datacontenttype().unwrap() == "application/json; charset=utf-8");
    assert!(e.data_is_json());
}

// The binding document's structured-mode example (§3.2.4).
#[test]
fn spec_example_structured() {
    let h = [
        (
            "Content-Type",
            "application/cloudevents+json; charset=utf-8",
        ),
        ("Content-Length", "nnnn"),
    ];
    let body = br#"{
        "specversion" : "1.0",
        "type" : "com.example.someevent",
        "time" : "2018-04-05T03:56:24Z",
        "id" : "1234-1234-1234",
        "source" : "/mycontext/subcontext",
        "datacontenttype" : "application/xml; charset=utf-8",
        "data" : "<much wow=\"xml\"/>"
    }"#;
    let e = http::read(h.iter().copied(), body)
        .unwrap()
        .into_event()
        .unwrap();
    assert!(e.datacontenttype().unwrap() == "application/xml; charset=utf-8");
}

// 0.3 binary mode: schemaurl is the 0.3 name.
#[test]
fn v03_binary() {
    let h = [
        ("ce-specversion", "0.3"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
        ("ce-schemaurl", "/rel"),
    ];
    let e = binary(&h, b"");
    assert!(e.dataschema().unwrap() == "/rel");
    let mut out = HeaderBuf::new();
    http::write_binary_headers(&e, &mut out).unwrap();
    assert_eq!(out.get(b"ce-schemaurl"), Some(&b"/rel"[..]));
    // In 1.0, schemaurl is an ordinary extension.
    let h = with(&[("ce-schemaurl", "/rel")]);
    assert!(binary(&h, b"").extension("schemaurl").is_some());
}

fn round_trip(json: &[u8]) {
    let e = Event::from_json(json).unwrap();
    let mut h = HeaderBuf::new();
    let mut body = Vec::new();
    http::write_binary(&e, &mut h, &mut body).unwrap();
    let back = http::read(&h, &body).unwrap();
    assert_eq!(back.mode(), ContentMode::Binary);
    let back = back.into_event().unwrap();
    assert_eq!(back, e, "binary: {h:?}");
    let mut out = Vec::new();
    cloudevents_codec::json::write_event(&back, &mut out);
    let again = Event::from_json(&out).unwrap();
    assert_eq!(again, e, "structured: {}", String::from_utf8_lossy(&out));
}

// Round trips structured → binary → structured.
#[test]
fn round_trips() {
    round_trip(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#);
    round_trip(
        br#"{"specversion":"1.0","id":"1","source":"http://x/y?a=b&c","type":"t","subject":"s","time":"2018-04-05T17:31:00Z","dataschema":"http://x/schema","datacontenttype":"application/json","ext":"v","data":{"a":[1,2,{"b":null}]}}"#,
    );
    round_trip(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":"line\nbreak"}"#,
    );
    round_trip(br#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"/x"}"#);
}

// Binary data: data_base64 → body bytes → data_base64 again.
#[test]
fn round_trips_binary_data() {
    round_trip(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"application/octet-stream","data_base64":"AP8Qf4A="}"#,
    );
    round_trip(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data_base64":"AP8Qf4A="}"#,
    );
    round_trip(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data_base64":"aGk="}"#,
    );
}

#[test]
fn round_trips_with_encoding() {
    round_trip(
        r#"{"specversion":"1.0","id":"a b%c\"d","source":"/s","type":"t","subject":"Euro € 😀","x":"\u00e9"}"#
            .as_bytes(),
    );
}

// Extensions read from headers are untyped Strings (TYPE-10) and written
// from typed JSON values as canonical strings.
#[test]
fn type_10_header_extensions_are_strings() {
    let h = with(&[("ce-n", "5"), ("ce-b", "true")]);
    let e = binary(&h, b"");
    assert!(matches!(e.extension("n"), Some(Value::String(t)) if t == "5"));
    assert!(matches!(e.extension("b"), Some(Value::String(t)) if t == "true"));
}

// CORE-16: the size limit covers binary-mode attributes and data too.
#[test]
fn size_limit_binary() {
    use cloudevents_codec::ParseOptions;
    let h = with(&[]);
    let opts = ReadOptions::new().with_parse(ParseOptions::new().with_max_size(100));
    let body = vec![b'x'; 90];
    let e = http::read_with(h.iter().copied(), &body, &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert!(http::read_with(h.iter().copied(), &body[..10], &opts).is_ok());
    // Structured bodies are limited by the JSON parser.
    let h = [("content-type", "application/cloudevents+json")];
    let big = format!(
        r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","data":"{}"}}"#,
        "x".repeat(200)
    );
    let e = http::read_with(h.iter().copied(), big.as_bytes(), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
}

// Hostile inputs: clear errors, no panics.
#[test]
fn hostile_many_headers() {
    let names: Vec<String> = (0..10_000).map(|i| format!("x-h{i}")).collect();
    let mut h: Vec<(&str, &str)> = BASE.to_vec();
    h.extend(names.iter().map(|n| (n.as_str(), "v")));
    assert_eq!(binary(&h, b"").extensions().len(), 0);

    let names: Vec<String> = (0..10_000).map(|i| format!("ce-e{i}")).collect();
    let mut h: Vec<(&str, &str)> = BASE.to_vec();
    h.extend(names.iter().map(|n| (n.as_str(), "v")));
    assert_eq!(err(&h, b""), ErrorKind::Limit);

    let h: Vec<(&str, &str)> = (0..10_000).map(|_| ("ce-id", "1")).collect();
    assert_eq!(err(&h, b""), ErrorKind::Duplicate);
}

#[test]
fn hostile_values_do_not_panic() {
    let values: &[&[u8]] = &[
        b"%",
        b"%%",
        b"%zz",
        b"\"",
        b"\"\\",
        b"\\",
        b"%C3",
        b"%F0%9F%98",
        b"\x00",
        b"\xc3",
        b"\"%\"",
        b"%\"",
        b"\"\"\"",
    ];
    for v in values {
        for name in [
            &b"ce-subject"[..],
            b"ce-time",
            b"ce-source",
            b"ce-x",
            b"ce-specversion",
            b"content-type",
        ] {
            let h: Vec<(&[u8], &[u8])> = vec![
                (b"ce-specversion", b"1.0"),
                (b"ce-id", b"1"),
                (b"ce-source", b"/s"),
                (b"ce-type", b"t"),
                (name, v),
            ];
            let _ = http::read(h.iter().copied(), b"");
        }
    }
}

#[test]
fn vec_header_sink() {
    let e = Event::from_json(STRUCTURED).unwrap();
    let mut h: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut body = Vec::new();
    http::write_binary(&e, &mut h, &mut body).unwrap();
    assert_eq!(h[0], (b"ce-specversion".to_vec(), b"1.0".to_vec()));
    let back = http::read(h.iter(), &body).unwrap().into_event().unwrap();
    assert_eq!(back, e);
}

// A HeaderSink that only implements `header` gets the default `header_with`.
#[test]
fn minimal_header_sink() {
    struct Names(Vec<String>);
    impl HeaderSink for Names {
        fn header(&mut self, name: &[u8], value: &[u8]) {
            self.0.push(format!(
                "{}={}",
                String::from_utf8_lossy(name),
                String::from_utf8_lossy(value)
            ));
        }
    }
    let long = "x".repeat(5000);
    let json =
        format!(r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","ext":"{long}"}}"#);
    let e = Event::from_json(json.as_bytes()).unwrap();
    let mut n = Names(Vec::new());
    http::write_binary_headers(&e, &mut n).unwrap();
    assert_eq!(n.0[1], "ce-id=1");
    assert_eq!(n.0[4], format!("ce-ext={long}"));
}

#[cfg(feature = "http")]
mod http_crate {
    use super::*;
    use cloudevents_codec::adapters::http as adapters;

    #[test]
    fn header_map_round_trip() {
        let e = Event::from_json(
            br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":"hi","ext":"v"}"#,
        )
        .unwrap();
        let req = adapters::binary_request(&e).unwrap();
        assert_eq!(req.headers()["content-type"], "text/plain");
        assert_eq!(req.body(), b"hi");
        let back = adapters::read_request(&req).unwrap();
        assert_eq!(back.into_event().unwrap(), e);

        let res = adapters::structured_response(&e);
        let back = adapters::read_response(&res).unwrap();
        assert_eq!(back.mode(), ContentMode::Structured);
        assert_eq!(back.into_event().unwrap(), e);

        let res = adapters::binary_response(&e).unwrap();
        assert_eq!(
            adapters::read_response(&res).unwrap().into_event().unwrap(),
            e
        );
        let req = adapters::structured_request(&e);
        assert_eq!(
            adapters::read_request(&req).unwrap().into_event().unwrap(),
            e
        );

        let mut map = ::http::HeaderMap::new();
        let mut body = Vec::new();
        adapters::write_binary(&e, &mut map, &mut body).unwrap();
        let back = adapters::read_parts_with(&map, &body, &ReadOptions::new()).unwrap();
        assert_eq!(back.into_event().unwrap(), e);

        let (mut map, mut body) = (::http::HeaderMap::new(), Vec::new());
        adapters::write_batch([&e, &e], &mut map, &mut body).unwrap();
        let back = adapters::read_parts(&map, &body).unwrap();
        assert_eq!(back.mode(), ContentMode::Batch);
    }
}
