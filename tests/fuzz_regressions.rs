//! Inputs found by the fuzz targets (`fuzz/`), kept as named tests. Each test
//! says what the input exposed; the same bytes live in
//! `fuzz/regressions/<target>/` and are replayed by `fuzz/replay.sh`.

use cloudevents_codec::{json, ErrorKind, Event};

/// Parses, writes, re-parses: the `json_event` oracle.
fn round_trips(input: &[u8]) {
    let event = Event::from_json(input).expect("parses");
    let mut first = Vec::new();
    json::write_event(&event, &mut first);
    let again = Event::from_json(&first).expect("written event parses");
    assert_eq!(again, event);
    let mut second = Vec::new();
    json::write_event(&again, &mut second);
    assert_eq!(first, second);
}

#[test]
fn json_differential_duplicate_extension_whose_first_value_is_out_of_range() {
    // json_differential: the SDK keeps the last `"c"` (true) and accepts; we
    // stop at the first `"c"`, an Integer beyond int32 (E-32), before the
    // duplicate (E-04) is seen. Both are rejections the SPEC asks for; the
    // target now treats any input with repeated names as JSON-9 territory.
    let input: &[u8] = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","a":2073741822,"c":-21474666666666666666666666666666666666666666666666683648,"c":true,"d":false}"#;
    let e = Event::from_json(input).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert_eq!(e.attribute(), Some("c"));
    let fixed = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","a":2073741822,"c":true,"d":false}"#;
    round_trips(fixed);
}

#[test]
fn binding_http_long_mixed_case_extension_header_name() {
    // binding_http: an extension header name over 256 bytes with uppercase
    // letters is read (names are folded to lowercase), but `write_binary`
    // failed with `Limit` ("escaped extension name longer than 256 bytes")
    // although `HeaderBuf` holds any header: the folded name went through
    // a 256-byte stack buffer. Now it spills to the heap (with `alloc`).
    use cloudevents_codec::binding::{http, kafka, HeaderBuf, Message};
    let name = format!("ce-{}", "Ab7".repeat(100));
    let headers = [
        ("ce-specversion", "1.0"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
        (name.as_str(), "v"),
    ];
    let Message::Binary(event) = http::read(headers, b"").unwrap() else {
        panic!("binary mode");
    };
    let lower = "ab7".repeat(100);
    assert!(event.extension(&lower).is_some());
    let mut out = HeaderBuf::new();
    let mut body = Vec::new();
    http::write_binary(&event, &mut out, &mut body).unwrap();
    assert_eq!(out.get(format!("ce-{lower}").as_bytes()), Some(&b"v"[..]));
    let again = http::read(&out, &body).unwrap().into_event().unwrap();
    assert_eq!(again, event);
    // Same writer code for Kafka.
    let mut kafka_headers = HeaderBuf::new();
    let mut value = Vec::new();
    kafka::write_binary(&event, &mut kafka_headers, &mut value).unwrap();
    assert_eq!(
        kafka_headers.get(format!("ce_{lower}").as_bytes()),
        Some(&b"v"[..])
    );

    // And an escaped JSON member name of the same length.
    let json_name = format!("\\u0061{}", "b".repeat(299));
    let input =
        format!(r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","{json_name}":"v"}}"#);
    let event = Event::from_json(input.as_bytes()).unwrap();
    let mut json_headers = HeaderBuf::new();
    let mut json_body = Vec::new();
    http::write_binary(&event, &mut json_headers, &mut json_body).unwrap();
    let name = format!("ce-a{}", "b".repeat(299));
    assert_eq!(json_headers.get(name.as_bytes()), Some(&b"v"[..]));
}

#[cfg(feature = "cesql")]
#[test]
fn cesql_chain_of_unary_operators_prints_back_parseably() {
    // cesql: `S22-----…-'pl'` (34 minus signs) parses (one nesting level per
    // operator) but printed as `s22 - (-(-(…('pl')…)))`: parentheses around
    // every nested unary operand doubled the depth past the 64-level limit,
    // so the canonical text did not parse back. Same for `NOT NOT …`.
    use cloudevents_codec::cesql::Expression;
    for src in [
        format!("S22{}'pl'", "-".repeat(34)),
        format!("{}TRUE", "NOT ".repeat(40)),
        format!("{}5", "- NOT -".repeat(15)),
    ] {
        let e = Expression::parse(&src).unwrap();
        let printed = e.to_string();
        let again = Expression::parse(&printed).unwrap_or_else(|err| panic!("{printed}: {err}"));
        assert!(again == e, "{src} -> {printed}");
        assert_eq!(again.to_string(), printed);
    }
}

#[test]
fn binding_http_batch_content_type_as_datacontenttype() {
    // binding_http (fuzz/regressions/binding_http/
    // batch_content_type_as_datacontenttype): a batch item whose
    // datacontenttype is `application/cloudevents-batch+json` was written by
    // `http::write_binary` with that `Content-Type`, so it read back as a
    // batch (HTTP-3), not as the event. Binary-mode writers now refuse a
    // CloudEvents format media type with `Conflict` and write nothing.
    use cloudevents_codec::binding::{http, HeaderBuf};
    let input = br#"{"specversion":"1.0","id":"1","source":".s","type":"t","datacontenttype":"application/cloudevents-batch+json","data_base64":"W10="}"#;
    let event = Event::from_json(input).unwrap();
    let (mut headers, mut body) = (HeaderBuf::new(), Vec::new());
    let err = http::write_binary(&event, &mut headers, &mut body).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(err.attribute(), Some("datacontenttype"));
    assert!(headers.is_empty() && body.is_empty());
    round_trips(input);
}

#[test]
fn binding_http_v03_data_base64_extension_in_binary_mode() {
    // binding_http (fuzz/regressions/binding_http/
    // v03_data_base64_extension_in_binary_mode): a 0.3 event keeps a
    // `data_base64` member as an opaque extension (V03-4); written in binary
    // mode it became a `ce-data_base64` header, which the reader refused
    // (InvalidName: `_` breaks NAME-1). Binary readers now accept that one
    // name in 0.3 messages (V03-8) and still refuse it in 1.0 ones.
    use cloudevents_codec::binding::{http, kafka, HeaderBuf, Message};
    let input = br#"{"specversion":"0.3","id":"2","source":"https://x/y","type":"com.t","data_base64":"AAEC/w==u"}"#;
    let event = Event::from_json(input).unwrap();
    assert!(event.extension("data_base64").is_some());
    let (mut headers, mut body) = (HeaderBuf::new(), Vec::new());
    http::write_binary(&event, &mut headers, &mut body).unwrap();
    assert!(headers.get(b"ce-data_base64").is_some());
    let Message::Binary(back) = http::read(&headers, &body).unwrap() else {
        panic!("binary mode");
    };
    assert_eq!(back, event);
    let (mut headers, mut value) = (HeaderBuf::new(), Vec::new());
    kafka::write_binary(&event, &mut headers, &mut value).unwrap();
    let back = kafka::read(&headers, None).unwrap().into_event().unwrap();
    assert_eq!(back, event);
    // In a 1.0 message the name is still invalid (NAME-1).
    let v1 = [
        ("ce-specversion", "1.0"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
        ("ce-data_base64", "AAE="),
    ];
    let err = http::read(v1, b"").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidName);
    assert_eq!(err.attribute(), Some("data_base64"));
}

#[test]
fn binding_http_v03_data_base64_extension_with_a_control_character() {
    // binding_http (fuzz/regressions/binding_http/
    // v03_data_base64_control_character): the JSON parser scanned a 0.3
    // `data_base64` member as base64 text (JSON syntax only, E-44) and kept
    // it as an extension String holding U+0085, which the binary reader then
    // refused (TYPE-4). As a 0.3 extension it is a String: the parser now
    // checks it as one.
    let input = br#"{"specversion":"0.3","id":"2","source":"https://x/y","type":"com.t","data_base64":"AA\u0085u"}"#;
    let err = Event::from_json(input).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidValue);
    assert_eq!(err.attribute(), Some("data_base64"));
}
