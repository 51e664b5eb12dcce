//! The documented extensions (EXT-1, EXT-2): typed getters and builder
//! setters, checked against the rules and examples of the specification's
//! `extensions/*.md` documents (and, for distributed tracing, the W3C Trace
//! Context grammar that document links). Test names give the document and
//! its section.

use cloudevents_codec::binding::{http, kafka, HeaderBuf, Message};
use cloudevents_codec::ext::{AttrType, AuthType, Known, TraceParent, TraceState};
use cloudevents_codec::{json, ErrorKind, Event, EventBuilder, Text, Timestamp, Value};

/// An event with `members` (JSON object members, comma-first) appended to
/// the required attributes. Leaked: a test's events live as long as it.
fn event(members: &str) -> &'static [u8] {
    let json = format!(r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t"{members}}}"#);
    Box::leak(json.into_bytes().into_boxed_slice())
}

/// The event with one String extension `name` = `value` (JSON-escaped by
/// the caller when needed).
fn with_str(name: &str, value: &str) -> &'static [u8] {
    event(&format!(r#","{name}":"{value}""#))
}

fn kind<T: core::fmt::Debug>(r: Option<Result<T, cloudevents_codec::Error>>) -> ErrorKind {
    match r {
        Some(Err(e)) => e.kind(),
        other => panic!("expected an error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// The table.

/// EXT-1 (`extensions/README.md` §Known Extensions and each document's
/// §Attributes): the names and types, as the documents give them.
#[test]
fn ext_1_known_table_matches_the_documents() {
    use AttrType::*;
    let documents: [(&str, AttrType, &str); 32] = [
        ("traceparent", String, "distributed-tracing.md"),
        ("tracestate", String, "distributed-tracing.md"),
        ("partitionkey", String, "partitioning.md"),
        ("sequence", String, "sequence.md"),
        ("dataref", UriRef, "dataref.md"),
        ("expirytime", Timestamp, "expirytime.md"),
        ("recordedtime", Timestamp, "recordedtime.md"),
        ("sampledrate", Integer, "sampledrate.md"),
        ("severitytext", String, "severity.md"),
        ("severitynumber", Integer, "severity.md"),
        ("deprecated", Boolean, "deprecation.md"),
        ("deprecationfrom", Timestamp, "deprecation.md"),
        ("deprecationsunset", Timestamp, "deprecation.md"),
        ("deprecationmigration", Uri, "deprecation.md"),
        ("authtype", String, "authcontext.md"),
        ("authid", String, "authcontext.md"),
        ("authclaims", String, "authcontext.md"),
        ("bamtxid", String, "bam.md"),
        ("bampid", String, "bam.md"),
        ("bamptxid", String, "bam.md"),
        ("bamptxsid", String, "bam.md"),
        ("bamptxsstatus", String, "bam.md"),
        ("bamptxcompleted", Boolean, "bam.md"),
        ("correlationid", String, "correlation.md"),
        ("causationid", String, "correlation.md"),
        ("dataclassification", String, "data-classification.md"),
        ("dataregulation", String, "data-classification.md"),
        ("datacategory", String, "data-classification.md"),
        ("opcuametadatamajorversion", Integer, "opcua.md"),
        ("opcuametadataminorversion", Integer, "opcua.md"),
        ("opcuastatus", Integer, "opcua.md"),
        ("dssematerial", Binary, "verifiability.md"),
    ];
    assert_eq!(Known::ALL.len(), documents.len());
    for (name, ty, doc) in documents {
        let k = Known::from_name(name).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!((k.name(), k.ty(), k.document()), (name, ty, doc));
    }
    // Every name is a valid extension name (NAME-1) and none is a core one:
    // the builder accepts each as an extension.
    for k in Known::ALL {
        let e = EventBuilder::new("1", "/s", "t")
            .extension_str(k.name(), "x")
            .build();
        assert!(e.is_ok(), "{}", k.name());
    }
    // `sequencetype` left `sequence.md` in 2022: an ordinary extension now.
    assert_eq!(Known::from_name("sequencetype"), None);
}

// ---------------------------------------------------------------------------
// distributed-tracing.md

/// The traceparent values of `distributed-tracing.md` §Using the
/// Distributed Tracing Extension and of W3C Trace Context §3.2 examples.
const W3C_TRACEPARENTS: [&str; 4] = [
    "00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
];

#[test]
fn ext_1_distributed_tracing_attributes_traceparent_valid() {
    for tp in W3C_TRACEPARENTS {
        let json = with_str("traceparent", tp);
        let e = Event::from_json(json).unwrap();
        let parsed = e.ext().traceparent().unwrap().unwrap();
        assert_eq!(parsed.to_string(), tp);
        assert_eq!(parsed.version(), 0);
        assert_eq!(parsed.sampled(), tp.ends_with("01"));
    }
    let tp = TraceParent::parse(W3C_TRACEPARENTS[1].as_bytes()).unwrap();
    assert_eq!(
        tp.trace_id(),
        [
            0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e,
            0x47, 0x36
        ]
    );
    // Flags are a bit field: 03 is sampled and random.
    let tp =
        TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03").unwrap();
    assert!(tp.sampled() && tp.random());
    assert_eq!(tp.flags(), 3);
}

#[test]
fn ext_1_distributed_tracing_attributes_traceparent_invalid() {
    let id = "12345678901234567890123456789012";
    let parent = "1234567890123456";
    let bad = [
        // "MUST be a non-empty string".
        String::new(),
        // All-zero trace-id and parent-id.
        format!("00-{}-{parent}-01", "0".repeat(32)),
        format!("00-{id}-{}-01", "0".repeat(16)),
        // Version ff is forbidden; versions are two lowercase hex digits.
        format!("ff-{id}-{parent}-01"),
        format!(".0-{id}-{parent}-01"),
        format!("0.-{id}-{parent}-01"),
        format!("000-{id}-{parent}-01"),
        format!("0-{id}-{parent}-01"),
        // Field lengths and characters.
        format!("00-{id}0-{parent}-01"),
        format!("00-{}-{parent}-01", &id[1..]),
        format!("00-{}.-{parent}-01", &id[1..]),
        format!("00-{id}-{parent}0-01"),
        format!("00-{id}-{}-01", &parent[1..]),
        format!("00-{id}-{parent}-.1"),
        format!("00-{id}-{parent}-001"),
        format!("00-{id}-{parent}-1"),
        // Upper-case hex (HEXDIGLC).
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01".into(),
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01".into(),
        // Version 00 ends after the flags.
        format!("00-{id}-{parent}-01."),
        format!("00-{id}-{parent}-01-what-the-future-will-be-like"),
        // Surrounding whitespace is not part of the value.
        format!(" 00-{id}-{parent}-01"),
        format!("00-{id}-{parent}-01 "),
        // A future version still needs '-' or the end after the flags.
        format!("cc-{id}-{parent}-01.what-the-future-will-be-like"),
    ];
    for tp in &bad {
        let json = with_str("traceparent", tp);
        let e = Event::from_json(json).unwrap();
        let err = e.ext().traceparent().unwrap().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue, "{tp:?}");
        assert_eq!(err.attribute(), Some("traceparent"));
    }
    // A Number is not a String.
    let e = Event::from_json(event(r#","traceparent":1"#)).unwrap();
    assert_eq!(kind(e.ext().traceparent()), ErrorKind::TypeMismatch);
}

/// W3C Trace Context §3.2.4 (Versioning of traceparent): a higher version
/// is read by its first three fields; what follows a `-` is ignored.
#[test]
fn ext_1_distributed_tracing_traceparent_future_versions() {
    let id = "12345678901234567890123456789012";
    for tp in [
        format!("cc-{id}-1234567890123456-01"),
        format!("cc-{id}-1234567890123456-01-what-the-future-will-be-like"),
    ] {
        let parsed = TraceParent::parse(tp.as_bytes()).unwrap();
        assert_eq!(parsed.version(), 0xcc);
        // Sent on as version 00, the highest this crate knows.
        assert_eq!(parsed.to_string(), format!("00-{id}-1234567890123456-01"));
    }
}

/// `opcua.md` §Examples writes `traceparent` values without a version
/// (`4bf92f...-00f067aa0ba902b7-00000011`): not W3C traceparents, so the
/// typed getter reports them.
#[test]
fn ext_1_opcua_examples_traceparent_is_not_w3c() {
    for tp in [
        "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00000011",
        "caffef3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00000011",
        "22222f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00000011",
    ] {
        assert!(TraceParent::parse(tp.as_bytes()).is_err(), "{tp}");
    }
}

fn tracestate(value: &str) -> Result<Vec<(String, String)>, ErrorKind> {
    let state = TraceState::parse(Text::plain(value)).map_err(|e| e.kind())?;
    let members: Vec<(String, String)> = state
        .members()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(members.len(), state.len());
    Ok(members)
}

fn pairs(list: &[(&str, &str)]) -> Result<Vec<(String, String)>, ErrorKind> {
    Ok(list
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect())
}

#[test]
fn ext_1_distributed_tracing_attributes_tracestate() {
    // The examples of W3C Trace Context §3.3 and of distributed-tracing.md.
    assert_eq!(
        tracestate("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
        pairs(&[("rojo", "00f067aa0ba902b7"), ("congo", "t61rcWkgMzE")])
    );
    assert_eq!(
        tracestate("rojo=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01,congo=lZWRzIHRoNhcm5hbCBwbGVhc3VyZS4"),
        pairs(&[
            ("rojo", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            ("congo", "lZWRzIHRoNhcm5hbCBwbGVhc3VyZS4")
        ])
    );
    // Spaces and tabs around members are ignored; empty members allowed.
    let three = pairs(&[("foo", "1"), ("bar", "2"), ("baz", "3")]);
    assert_eq!(tracestate("foo=1 \t , \t bar=2, \t baz=3"), three);
    assert_eq!(tracestate("foo=1\t \t,\t \tbar=2,\t \tbaz=3"), three);
    assert_eq!(tracestate(",foo=1,,bar=2, ,baz=3,"), three);
    for v in [" foo=1", "\tfoo=1", "foo=1 ", "foo=1\t", "\t foo=1 \t"] {
        assert_eq!(tracestate(v), pairs(&[("foo", "1")]), "{v:?}");
    }
    // The empty list is valid (W3C: "MUST accept empty tracestate").
    assert_eq!(tracestate(""), Ok(vec![]));
    assert_eq!(tracestate(" , "), Ok(vec![]));
    // Leading spaces belong to the value, trailing ones do not.
    assert_eq!(tracestate("a=  x y  "), pairs(&[("a", "  x y")]));
    // Every allowed key and value character.
    let key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/@a-z0-9_-*/";
    let value: String = (0x20u8..=0x7e)
        .filter(|c| *c != b',' && *c != b'=')
        .map(char::from)
        .collect();
    assert_eq!(
        tracestate(&format!("{key}={value}")),
        pairs(&[(key, &value)])
    );
    // Multi-tenant keys: `@` anywhere after the first character.
    for key in [
        "foo@".to_string(),
        "foo@@bar".into(),
        "foo@bar@baz".into(),
        "fw529a3039@dt".into(),
        format!("{}@{}", "t".repeat(241), "v".repeat(14)),
        format!("{}@v", "t".repeat(242)),
        format!("t@{}", "v".repeat(15)),
        "z".repeat(256),
        "1abc".into(),
    ] {
        assert!(tracestate(&format!("{key}=1")).is_ok(), "{key}");
    }
    // 32 members, and a value of 256 characters, are the limits.
    let list = |n: usize| {
        (1..=n)
            .map(|i| format!("bar{i:02}={i:02}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(tracestate(&list(32)).unwrap().len(), 32);
    assert_eq!(tracestate(&list(33)), Err(ErrorKind::InvalidValue));
    assert!(tracestate(&format!("a={}", "v".repeat(256))).is_ok());
    // Repeated keys are the sender's fault; a reader keeps them.
    assert_eq!(
        tracestate("foo=1,foo=2"),
        pairs(&[("foo", "1"), ("foo", "2")])
    );
    let state = TraceState::parse(Text::plain("foo=1,foo=2")).unwrap();
    assert!(state.has_repeated_keys());
    assert!(state.get("foo").unwrap() == "1");
    for bad in [
        "foo=bar=baz",
        "foo=",
        "foo=,bar=3",
        "foo= ",
        "@foo=1",
        "Foo=1",
        "_foo=1",
        "foo",
        "fo o=1",
        "foo=a\tb",
        "foo=a\u{e9}",
        "foo=1;bar=2",
    ] {
        assert_eq!(tracestate(bad), Err(ErrorKind::InvalidValue), "{bad:?}");
    }
    assert_eq!(
        tracestate(&format!("{}=1", "z".repeat(257))),
        Err(ErrorKind::InvalidValue)
    );
    assert_eq!(
        tracestate(&format!("a={}", "v".repeat(257))),
        Err(ErrorKind::InvalidValue)
    );
}

/// Values that arrive encoded (JSON escapes, HTTP percent-encoding) are
/// split on their decoded text.
#[test]
fn ext_1_distributed_tracing_tracestate_encoded() {
    let json = event(r#","tracestate":"a=x\"y\\z,b\u003dq\u002cc=\u0025""#);
    let e = Event::from_json(json).unwrap();
    let state = e.ext().tracestate().unwrap().unwrap();
    let members: Vec<(String, String)> = state
        .members()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(
        members,
        pairs(&[("a", "x\"y\\z"), ("b", "q"), ("c", "%")]).unwrap()
    );
    let b = state.get("b").unwrap();
    assert_eq!(b.try_str(), None); // Encoded: not a slice of the input.
    assert!(b == "q");
    assert_eq!(format!("{b:?}"), "\"q\"");

    // Written to HTTP headers and read back: percent-encoded on the wire.
    let mut h = HeaderBuf::new();
    http::write_binary_headers(&e, &mut h).unwrap();
    let back = match http::read(h.iter(), b"").unwrap() {
        Message::Binary(e) => e,
        other => panic!("{other:?}"),
    };
    let state = back.ext().tracestate().unwrap().unwrap();
    let again: Vec<(String, String)> = state
        .members()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(again, members);
}

/// EXT-2 (`distributed-tracing.md` §Using the Distributed Tracing Extension,
/// the HTTP example): the `ce-traceparent` header is the extension; the
/// protocol's own `traceparent`/`tracestate` headers are not attributes.
#[test]
fn ext_2_extension_is_separate_from_protocol_trace_headers() {
    let mut buf = [0u8; 55];
    let headers = [
        ("ce-id", "1"),
        ("ce-specversion", "1.0"),
        ("ce-type", "example"),
        ("ce-source", "http://localhost"),
        (
            "ce-traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01",
        ),
        (
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ),
        (
            "tracestate",
            "rojo=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01,congo=lZWRzIHRoNhcm5hbCBwbGVhc3VyZS4",
        ),
    ];
    let e = match http::read(headers.iter().copied(), b"").unwrap() {
        Message::Binary(e) => e,
        other => panic!("{other:?}"),
    };
    let tp = e.ext().traceparent().unwrap().unwrap();
    assert_eq!(
        tp.to_string(),
        "00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01"
    );
    // The originating trace, not the hop's: no tracestate extension came.
    assert!(e.ext().tracestate().is_none());
    // On a single hop the extension carries the same trace as the protocol
    // headers: an application copies them, typed.
    let hop = TraceParent::parse(headers[5].1.as_bytes()).unwrap();
    let single_hop = EventBuilder::from_event(&e)
        .traceparent(hop.write_str(&mut buf))
        .build()
        .unwrap();
    assert_eq!(single_hop.ext().traceparent().unwrap().unwrap(), hop);
}

// ---------------------------------------------------------------------------
// Header-based bindings deliver every extension as a String (TYPE-10).

#[test]
fn ext_1_typed_getters_read_canonical_strings_from_headers() {
    let headers = [
        ("ce-specversion", "1.0"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
        ("ce-sampledrate", "30"),
        ("ce-severitynumber", "17"),
        ("ce-deprecated", "true"),
        ("ce-bamptxcompleted", "false"),
        ("ce-opcuastatus", "-5"),
        ("ce-expirytime", "2030-01-01T00:00:00Z"),
    ];
    let e = match http::read(headers.iter().copied(), b"").unwrap() {
        Message::Binary(e) => e,
        other => panic!("{other:?}"),
    };
    assert!(matches!(e.extension("sampledrate"), Some(Value::String(_))));
    let ext = e.ext();
    assert_eq!(ext.sampledrate(), Some(Ok(30)));
    assert_eq!(ext.severitynumber().unwrap().unwrap().get(), 17);
    assert_eq!(ext.deprecated(), Some(Ok(true)));
    assert_eq!(ext.bamptxcompleted(), Some(Ok(false)));
    assert_eq!(ext.opcuastatus(), Some(Ok(-5)));
    assert_eq!(ext.expirytime().unwrap().unwrap().year(), 2030);
    assert!(ext.validate().is_ok());

    // Kafka headers too; non-canonical forms are refused (TYPE-2, TYPE-3).
    for (name, value) in [
        ("ce_sampledrate", "+30"),
        ("ce_sampledrate", "030"),
        ("ce_sampledrate", "3e1"),
        ("ce_sampledrate", "2147483648"),
        ("ce_deprecated", "True"),
        ("ce_bamptxcompleted", "1"),
    ] {
        let headers: [(&str, &[u8]); 5] = [
            ("ce_specversion", b"1.0"),
            ("ce_id", b"1"),
            ("ce_source", b"/s"),
            ("ce_type", b"t"),
            (name, value.as_bytes()),
        ];
        let e = kafka::read(headers.iter().map(|(n, v)| (n.as_bytes(), *v)), None)
            .unwrap()
            .into_event()
            .unwrap();
        let err = e.ext().validate().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue, "{name}={value}");
    }
}

// ---------------------------------------------------------------------------
// partitioning.md, sequence.md, dataref.md

#[test]
fn ext_1_partitioning_attributes_partitionkey() {
    let e = Event::from_json(with_str("partitionkey", "customer-42")).unwrap();
    assert!(e.ext().partitionkey().unwrap().unwrap() == "customer-42");
    // "MUST be a non-empty string".
    let e = Event::from_json(with_str("partitionkey", "")).unwrap();
    assert_eq!(kind(e.ext().partitionkey()), ErrorKind::InvalidValue);
    let e = Event::from_json(event(r#","partitionkey":42"#)).unwrap();
    assert_eq!(kind(e.ext().partitionkey()), ErrorKind::TypeMismatch);
}

#[test]
fn ext_1_sequence_examples_order() {
    // §Valid Usage: "002" comes after "001".
    let first = Event::from_json(with_str("sequence", "001")).unwrap();
    let second = Event::from_json(with_str("sequence", "002")).unwrap();
    let (a, b) = (
        first.ext().sequence().unwrap().unwrap(),
        second.ext().sequence().unwrap().unwrap(),
    );
    assert!(a < b);
    // A simple string compare: without padding, "10" sorts before "9".
    let ten = Event::from_json(with_str("sequence", "10")).unwrap();
    let nine = Event::from_json(with_str("sequence", "9")).unwrap();
    assert!(ten.ext().sequence().unwrap().unwrap() < nine.ext().sequence().unwrap().unwrap());
    // Escaped and plain texts compare by their decoded values.
    let escaped = Event::from_json(with_str("sequence", r"\u0030\u00302")).unwrap();
    assert!(escaped.ext().sequence().unwrap().unwrap() == b);
    assert!(escaped.ext().sequence().unwrap().unwrap() > a);
    // "MUST be a non-empty lexicographically-orderable string".
    let e = Event::from_json(with_str("sequence", "")).unwrap();
    assert_eq!(kind(e.ext().sequence()), ErrorKind::InvalidValue);
    let e = Event::from_json(event(r#","sequence":7"#)).unwrap();
    assert_eq!(kind(e.ext().sequence()), ErrorKind::TypeMismatch);
}

#[test]
fn ext_1_dataref_examples() {
    for uri in [
        "https://github.com/cloudevents/spec/pull/123/events/A234-1234-1234.xml",
        "https://tenant123.middleware.com/events/data/A234-1234-1234.xml",
        // A URI-reference may be relative.
        "/events/data/1.xml",
    ] {
        let e = Event::from_json(with_str("dataref", uri)).unwrap();
        assert!(e.ext().dataref().unwrap().unwrap() == uri);
    }
    for bad in ["http://[::1", "", "a b"] {
        let e = Event::from_json(with_str("dataref", bad)).unwrap();
        assert_eq!(kind(e.ext().dataref()), ErrorKind::InvalidValue, "{bad}");
    }
}

// ---------------------------------------------------------------------------
// expirytime.md, recordedtime.md, sampledrate.md

#[test]
fn ext_1_expirytime_usage() {
    let e = Event::from_json(event(
        r#","time":"2024-01-01T00:00:00Z","expirytime":"2024-01-01T00:05:00+00:05""#,
    ))
    .unwrap();
    let t = e.ext().expirytime().unwrap().unwrap();
    assert_eq!(t.offset_minutes(), 5);
    // "at or before the current timestamp": expired at the same instant.
    let same = Timestamp::parse(b"2024-01-01T00:00:00Z").unwrap();
    assert!(e.ext().is_expired(&same).unwrap());
    let before = Timestamp::parse(b"2023-12-31T23:59:59.999Z").unwrap();
    assert!(!e.ext().is_expired(&before).unwrap());
    // Without the extension nothing expires.
    let none = Event::from_json(event("")).unwrap();
    assert!(!none.ext().is_expired(&same).unwrap());
    // Earlier than `time` is only a SHOULD: not an error.
    let early = Event::from_json(event(
        r#","time":"2024-01-02T00:00:00Z","expirytime":"2024-01-01T00:00:00Z""#,
    ))
    .unwrap();
    assert!(early.ext().validate().is_ok());
    for bad in ["tomorrow", "2024-01-01", "2024-02-30T00:00:00Z"] {
        let e = Event::from_json(with_str("expirytime", bad)).unwrap();
        assert_eq!(kind(e.ext().expirytime()), ErrorKind::InvalidValue);
        assert!(e.ext().is_expired(&same).is_err());
    }
}

#[test]
fn ext_1_recordedtime_attributes() {
    let e = Event::from_json(event(
        r#","time":"2024-03-28T21:56:42Z","recordedtime":"2024-03-28T21:56:43Z""#,
    ))
    .unwrap();
    let recorded = e.ext().recordedtime().unwrap().unwrap();
    assert!(recorded.unix_nanos() > e.timestamp().unwrap().unix_nanos());
    // "MUST adhere to the format specified in RFC 3339".
    for bad in ["2018-04-05 17:31:00Z", "2018-04-05T17:31:00", ""] {
        let e = Event::from_json(with_str("recordedtime", bad)).unwrap();
        assert_eq!(
            kind(e.ext().recordedtime()),
            ErrorKind::InvalidValue,
            "{bad}"
        );
    }
    let e = Event::from_json(event(r#","recordedtime":true"#)).unwrap();
    assert_eq!(kind(e.ext().recordedtime()), ErrorKind::TypeMismatch);
}

#[test]
fn ext_1_sampledrate_attributes() {
    // The document's example: 30 occurrences, one event.
    let e = Event::from_json(event(r#","sampledrate":30"#)).unwrap();
    assert_eq!(e.ext().sampledrate(), Some(Ok(30)));
    let e = Event::from_json(event(r#","sampledrate":1"#)).unwrap();
    assert_eq!(e.ext().sampledrate(), Some(Ok(1)));
    // "The rate MUST be greater than zero."
    for bad in ["0", "-1", "-2147483648"] {
        let e = Event::from_json(event(&format!(r#","sampledrate":{bad}"#))).unwrap();
        assert_eq!(kind(e.ext().sampledrate()), ErrorKind::InvalidValue);
    }
    let e = Event::from_json(event(r#","sampledrate":true"#)).unwrap();
    assert_eq!(kind(e.ext().sampledrate()), ErrorKind::TypeMismatch);
    // A string in canonical form is an Integer (TYPE-10).
    let e = Event::from_json(with_str("sampledrate", "30")).unwrap();
    assert_eq!(e.ext().sampledrate(), Some(Ok(30)));
}

// ---------------------------------------------------------------------------
// severity.md

#[test]
fn ext_1_severity_attributes() {
    let e = Event::from_json(event(r#","severitytext":"WARN","severitynumber":13"#)).unwrap();
    assert!(e.ext().severitytext().unwrap().unwrap() == "WARN");
    assert_eq!(e.ext().severitynumber().unwrap().unwrap().get(), 13);
    assert!(e.ext().severity_name().unwrap().unwrap() == "WARN");
    // severitytext: "if present, MUST be a non-empty string"; lower case is
    // only a SHOULD.
    let e = Event::from_json(with_str("severitytext", "")).unwrap();
    assert_eq!(kind(e.ext().severitytext()), ErrorKind::InvalidValue);
    let e = Event::from_json(with_str("severitytext", "warn")).unwrap();
    assert!(e.ext().severitytext().unwrap().is_ok());
    // severitynumber: "if present, MUST NOT be negative".
    let e = Event::from_json(event(r#","severitynumber":-1"#)).unwrap();
    assert_eq!(kind(e.ext().severitynumber()), ErrorKind::InvalidValue);
    let e = Event::from_json(event(r#","severitynumber":0"#)).unwrap();
    assert_eq!(e.ext().severitynumber().unwrap().unwrap().get(), 0);
    assert!(e.ext().severity_name().is_none());
    // "If this field is missing and severitynumber is present then the
    // short name that corresponds to the severitynumber MAY be used."
    for (n, name) in [
        (1, "TRACE"),
        (8, "DEBUG4"),
        (9, "INFO"),
        (16, "WARN4"),
        (17, "ERROR"),
        (24, "FATAL4"),
    ] {
        let e = Event::from_json(event(&format!(r#","severitynumber":{n}"#))).unwrap();
        assert!(e.ext().severity_name().unwrap().unwrap() == name, "{n}");
    }
    // Ascending from least to most severe.
    let debug = cloudevents_codec::ext::SeverityNumber::new(5).unwrap();
    let error = cloudevents_codec::ext::SeverityNumber::new(17).unwrap();
    assert!(debug < error);
}

// ---------------------------------------------------------------------------
// deprecation.md

#[test]
fn ext_1_deprecation_attributes_examples() {
    // The examples of each attribute.
    let e = Event::from_json(event(
        r#","deprecated":true,"deprecationfrom":"2024-10-11T00:00:00Z","deprecationsunset":"2024-11-12T00:00:00Z","deprecationmigration":"https://example.com/migrate-to-new-evt""#,
    ))
    .unwrap();
    let ext = e.ext();
    assert_eq!(ext.deprecated(), Some(Ok(true)));
    assert_eq!(ext.deprecationfrom().unwrap().unwrap().day(), 11);
    assert_eq!(ext.deprecationsunset().unwrap().unwrap().month(), 11);
    assert!(
        ext.deprecationmigration().unwrap().unwrap() == "https://example.com/migrate-to-new-evt"
    );
    assert!(ext.validate().is_ok());
}

#[test]
fn ext_1_deprecation_attributes_constraints() {
    // deprecated: "MUST be `true`".
    let e = Event::from_json(event(r#","deprecated":false"#)).unwrap();
    assert_eq!(kind(e.ext().deprecated()), ErrorKind::InvalidValue);
    let e = Event::from_json(with_str("deprecated", "yes")).unwrap();
    assert_eq!(kind(e.ext().deprecated()), ErrorKind::InvalidValue);
    // deprecationsunset: "MUST be later than or the same as" deprecationfrom,
    // compared as instants.
    let broken = Event::from_json(event(
        r#","deprecationfrom":"2024-10-11T00:00:00Z","deprecationsunset":"2024-10-10T23:59:59Z""#,
    ))
    .unwrap();
    assert_eq!(
        kind(broken.ext().deprecationsunset()),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        broken.ext().check_relations().unwrap_err().attribute(),
        Some("deprecationsunset")
    );
    let same = Event::from_json(event(
        r#","deprecationfrom":"2024-10-11T02:00:00+02:00","deprecationsunset":"2024-10-11T00:00:00Z""#,
    ))
    .unwrap();
    assert!(same.ext().deprecationsunset().unwrap().is_ok());
    // Without deprecationfrom any sunset is fine.
    let alone = Event::from_json(with_str("deprecationsunset", "2000-01-01T00:00:00Z")).unwrap();
    assert!(alone.ext().deprecationsunset().unwrap().is_ok());
    // deprecationmigration is a URI: absolute.
    let e = Event::from_json(with_str("deprecationmigration", "/migrate")).unwrap();
    assert_eq!(
        kind(e.ext().deprecationmigration()),
        ErrorKind::InvalidValue
    );
    // The builder checks the ordering when the event is built, whatever
    // the order of the calls.
    let err = EventBuilder::new("1", "/s", "t")
        .deprecated()
        .deprecationsunset("2024-01-01T00:00:00Z")
        .deprecationfrom("2024-06-01T00:00:00Z")
        .build()
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.attribute()),
        (ErrorKind::InvalidValue, Some("deprecationsunset"))
    );
    // An event whose producer broke the relation can still be forwarded
    // (the parsers accept it); setting either attribute checks it.
    assert!(EventBuilder::from_event(&broken)
        .subject("x")
        .build()
        .is_ok());
    let err = EventBuilder::from_event(&broken)
        .deprecationfrom("2024-10-11T00:00:00Z")
        .build()
        .unwrap_err();
    assert_eq!(err.attribute(), Some("deprecationsunset"));
    assert!(EventBuilder::from_event(&broken)
        .deprecationsunset("2024-10-12T00:00:00Z")
        .build()
        .is_ok());
}

// ---------------------------------------------------------------------------
// authcontext.md

#[test]
fn ext_1_authcontext_attributes() {
    for (text, want) in [
        ("app_user", AuthType::AppUser),
        ("user", AuthType::User),
        ("service_account", AuthType::ServiceAccount),
        ("api_key", AuthType::ApiKey),
        ("system", AuthType::System),
        ("unauthenticated", AuthType::Unauthenticated),
        ("unknown", AuthType::Unknown),
    ] {
        let e = Event::from_json(with_str("authtype", text)).unwrap();
        assert_eq!(e.ext().authtype().unwrap().unwrap(), want);
        assert!(want.as_text() == text);
    }
    // "implementations MAY define additional values"; matching is exact.
    let e = Event::from_json(with_str("authtype", "Service_Account")).unwrap();
    assert!(
        matches!(e.ext().authtype().unwrap().unwrap(), AuthType::Other(t) if t == "Service_Account")
    );
    let e = Event::from_json(with_str("authtype", "")).unwrap();
    assert_eq!(kind(e.ext().authtype()), ErrorKind::InvalidValue);
    let e = Event::from_json(event(
        r#","authtype":"user","authid":"","authclaims":"{\"sub\":\"user-7\"}""#,
    ))
    .unwrap();
    assert!(e.ext().authid().unwrap().unwrap().is_empty());
    assert!(e.ext().authclaims().unwrap().unwrap() == r#"{"sub":"user-7"}"#);
}

// ---------------------------------------------------------------------------
// bam.md, correlation.md

#[test]
fn ext_1_bam_attributes() {
    let e = Event::from_json(event(
        r#","bamtxid":"tx-0001","bampid":"order-to-cash","bamptxid":"payment","bamptxsid":"start","bamptxsstatus":"success","bamptxcompleted":true"#,
    ))
    .unwrap();
    let ext = e.ext();
    assert!(ext.bamtxid().unwrap().unwrap() == "tx-0001");
    assert!(ext.bampid().unwrap().unwrap() == "order-to-cash");
    assert!(ext.bamptxid().unwrap().unwrap() == "payment");
    assert!(ext.bamptxsid().unwrap().unwrap() == "start");
    assert!(ext.bamptxsstatus().unwrap().unwrap() == "success");
    assert_eq!(ext.bamptxcompleted(), Some(Ok(true)));
    assert!(ext.validate().is_ok());
    // "MUST be a non-empty string" for each String; a boolean for completed.
    for name in [
        "bamtxid",
        "bampid",
        "bamptxid",
        "bamptxsid",
        "bamptxsstatus",
    ] {
        let e = Event::from_json(with_str(name, "")).unwrap();
        let err = e.ext().validate().unwrap_err();
        assert_eq!(
            (err.kind(), err.attribute()),
            (ErrorKind::InvalidValue, Some(name))
        );
    }
    let e = Event::from_json(event(r#","bamptxcompleted":1"#)).unwrap();
    assert_eq!(kind(e.ext().bamptxcompleted()), ErrorKind::TypeMismatch);
}

#[test]
fn ext_1_correlation_examples() {
    // §Example 1: the payment event, caused by the order.
    let payment = br#"{
      "specversion": "1.0",
      "type": "com.example.payment.processed",
      "source": "https://example.com/payments",
      "id": "payment-789",
      "correlationid": "txn-abc-123",
      "causationid": "order-123",
      "data": {"amount": 150.0, "currency": "USD"}
    }"#;
    let order_id = "order-123";
    let e = Event::from_json(payment).unwrap();
    assert!(e.ext().correlationid().unwrap().unwrap() == "txn-abc-123");
    assert!(e.ext().causationid().unwrap().unwrap() == order_id);
    for name in ["correlationid", "causationid"] {
        let e = Event::from_json(with_str(name, "")).unwrap();
        assert_eq!(e.ext().validate().unwrap_err().attribute(), Some(name));
    }
}

// ---------------------------------------------------------------------------
// data-classification.md, opcua.md, verifiability.md

#[test]
fn ext_1_data_classification_attributes() {
    let e = Event::from_json(event(
        r#","dataclassification":"confidential","dataregulation":"GDPR, HIPAA ,PCI-DSS","datacategory":"sensitive""#,
    ))
    .unwrap();
    let ext = e.ext();
    assert!(ext.dataclassification().unwrap().unwrap() == "confidential");
    assert!(ext.datacategory().unwrap().unwrap() == "sensitive");
    let regs = ext.dataregulation().unwrap().unwrap();
    let names: Vec<String> = regs.entries().map(|e| e.to_string()).collect();
    // "Leading and trailing spaces around each entry MUST be ignored."
    assert_eq!(names, ["GDPR", "HIPAA", "PCI-DSS"]);
    assert!(regs.contains("PCI-DSS") && !regs.contains("CCPA"));
    // "a non-empty string without internal spaces".
    for bad in ["", " ", "PCI DSS", "GDPR,,HIPAA", "GDPR,"] {
        let e = Event::from_json(with_str("dataregulation", bad)).unwrap();
        assert_eq!(
            kind(e.ext().dataregulation()),
            ErrorKind::InvalidValue,
            "{bad:?}"
        );
    }
    let e = Event::from_json(with_str("datacategory", "")).unwrap();
    assert_eq!(kind(e.ext().datacategory()), ErrorKind::InvalidValue);
}

#[test]
fn ext_1_opcua_attributes_and_examples() {
    // §Telemetry message, as MQTT user properties deliver it: strings.
    let headers = [
        ("specversion", "1.0"),
        ("type", "ua-deltaframe"),
        ("time", "2024-03-28T21:56:42Z"),
        ("id", "1235-1235-1235"),
        ("source", "urn:factory:aggregationserver:opcua"),
        ("datacontenttype", "application/json; charset=utf-8"),
        ("subject", "energy-consumption-asset"),
        ("sequence", "7"),
        ("recordedtime", "2024-03-28T21:56:43Z"),
        ("opcuametadatamajorversion", "672338910"),
        ("opcuametadataminorversion", "672341762"),
    ];
    let mut json = String::from("{");
    for (i, (n, v)) in headers.iter().enumerate() {
        json += &format!(r#"{}"{n}":"{v}""#, if i == 0 { "" } else { "," });
    }
    json += "}";
    let e = Event::from_json(json.as_bytes()).unwrap();
    assert_eq!(e.ext().opcuametadatamajorversion(), Some(Ok(672_338_910)));
    assert_eq!(e.ext().opcuametadataminorversion(), Some(Ok(672_341_762)));
    assert!(e.ext().validate().is_ok());
    // "MUST NOT be present if dataschema is used".
    let e = Event::from_json(event(
        r#","dataschema":"http://example.com/schemas/energy-consumption-asset/v1.8","opcuametadatamajorversion":1"#,
    ))
    .unwrap();
    assert_eq!(
        kind(e.ext().opcuametadatamajorversion()),
        ErrorKind::Conflict
    );
    assert_eq!(e.ext().validate().unwrap_err().kind(), ErrorKind::Conflict);
    let err = EventBuilder::new("1", "/s", "t")
        .dataschema("http://example.com/s")
        .opcuametadataminorversion(3)
        .build()
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.attribute()),
        (ErrorKind::Conflict, Some("opcuametadataminorversion"))
    );
    // opcuastatus: an Integer (1073741824 is the example's Uncertain code).
    let e = Event::from_json(event(r#","opcuastatus":1073741824"#)).unwrap();
    assert_eq!(e.ext().opcuastatus(), Some(Ok(1_073_741_824)));
}

#[test]
fn ext_1_verifiability_attributes_dssematerial() {
    let envelope = br#"{"payloadType":"https://cloudevents.io/verifiability/dsse/v0.1","payload":"e30=","signatures":[]}"#;
    let built = EventBuilder::new("1", "/s", "t")
        .dssematerial(envelope)
        .build()
        .unwrap();
    let mut out = Vec::new();
    json::write_event(&built, &mut out);
    let read = Event::from_json(&out).unwrap();
    let b64 = read.ext().dssematerial().unwrap().unwrap();
    let mut text = Vec::new();
    b64.decode_to(&mut text);
    let mut bytes = Vec::new();
    cloudevents_codec::spec::base64::decode(&text, &mut bytes);
    assert_eq!(bytes, envelope);
    // Binary: strict base64 (TYPE-5).
    let e = Event::from_json(with_str("dssematerial", "not base64!")).unwrap();
    assert_eq!(kind(e.ext().dssematerial()), ErrorKind::Encoding);
}

// ---------------------------------------------------------------------------
// The builder.

#[test]
fn ext_1_builder_stores_canonical_forms_and_replaces() {
    let e = EventBuilder::new("1", "/s", "t")
        .sampledrate(5)
        .sampledrate(7)
        .deprecated()
        .bamptxcompleted(false)
        .partitionkey("p")
        .authtype(AuthType::Other(Text::plain("robot")))
        .build()
        .unwrap();
    assert_eq!(e.extension_count(), 5);
    assert_eq!(e.extension("sampledrate"), Some(Value::Integer(7)));
    assert_eq!(e.extension("deprecated"), Some(Value::Boolean(true)));
    assert_eq!(e.extension("bamptxcompleted"), Some(Value::Boolean(false)));
    assert_eq!(
        e.extension("authtype"),
        Some(Value::String(Text::plain("robot")))
    );
    let mut out = Vec::new();
    json::write_event(&e, &mut out);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(r#""sampledrate":7"#), "{text}");
    assert!(text.contains(r#""deprecated":true"#), "{text}");

    // Every setter's rule is its getter's; the first error wins, named.
    let cases: Vec<(EventBuilder<'_>, &str)> = vec![
        (
            EventBuilder::new("1", "/s", "t")
                .traceparent("00-xyz")
                .clone(),
            "traceparent",
        ),
        (
            EventBuilder::new("1", "/s", "t")
                .tracestate("a=1,a=2")
                .clone(),
            "tracestate",
        ),
        (
            EventBuilder::new("1", "/s", "t").tracestate("A=1").clone(),
            "tracestate",
        ),
        (
            EventBuilder::new("1", "/s", "t").partitionkey("").clone(),
            "partitionkey",
        ),
        (
            EventBuilder::new("1", "/s", "t").sequence("").clone(),
            "sequence",
        ),
        (
            EventBuilder::new("1", "/s", "t")
                .dataref("http://[x")
                .clone(),
            "dataref",
        ),
        (
            EventBuilder::new("1", "/s", "t").expirytime("soon").clone(),
            "expirytime",
        ),
        (
            EventBuilder::new("1", "/s", "t")
                .recordedtime("now")
                .clone(),
            "recordedtime",
        ),
        (
            EventBuilder::new("1", "/s", "t").severitynumber(-3).clone(),
            "severitynumber",
        ),
        (
            EventBuilder::new("1", "/s", "t")
                .deprecationmigration("rel")
                .clone(),
            "deprecationmigration",
        ),
        (
            EventBuilder::new("1", "/s", "t")
                .dataregulation("A B")
                .clone(),
            "dataregulation",
        ),
        (
            EventBuilder::new("1", "/s", "t")
                .correlationid("")
                .sampledrate(0)
                .clone(),
            "correlationid",
        ),
    ];
    for (b, name) in cases {
        let err = b.build().unwrap_err();
        assert_eq!(err.attribute(), Some(name));
        assert_ne!(err.kind(), ErrorKind::Limit);
    }
}

/// What a setter writes, every binding reads back with the same typed
/// value: JSON keeps the types, HTTP headers turn them into strings that
/// the getters parse (TYPE-10).
#[test]
fn ext_1_round_trip_through_json_and_http() {
    let e = EventBuilder::new("1", "/s", "t")
        .traceparent(W3C_TRACEPARENTS[0])
        .tracestate("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        .sampledrate(30)
        .severitynumber(9)
        .deprecated()
        .deprecationfrom("2024-10-11T00:00:00Z")
        .deprecationsunset("2024-11-12T00:00:00Z")
        .dataregulation("GDPR,HIPAA")
        .build()
        .unwrap();
    let mut h = HeaderBuf::new();
    http::write_binary_headers(&e, &mut h).unwrap();
    let mut out = Vec::new();
    json::write_event(&e, &mut out);
    let from_json = Event::from_json(&out).unwrap();
    let from_http = http::read(h.iter(), b"").unwrap().into_event().unwrap();
    for read in [&from_json, &from_http] {
        let x = read.ext();
        assert!(x.validate().is_ok());
        assert_eq!(x.traceparent(), e.ext().traceparent());
        assert_eq!(x.sampledrate(), Some(Ok(30)));
        assert_eq!(x.severitynumber(), e.ext().severitynumber());
        assert_eq!(x.deprecated(), Some(Ok(true)));
        assert_eq!(x.deprecationsunset(), e.ext().deprecationsunset());
        assert_eq!(x.tracestate().unwrap().unwrap().len(), 2);
        assert_eq!(x.dataregulation().unwrap().unwrap().entries().count(), 2);
    }
}

// ---------------------------------------------------------------------------
// Any input: the getters never panic, and a value means the same whether it
// arrives plain, JSON-escaped or percent-encoded in an HTTP header.

use proptest::prelude::*;

/// Every character of `s` as a JSON `\u` escape.
fn escaped(s: &str) -> String {
    s.encode_utf16().map(|u| format!("\\u{u:04x}")).collect()
}

/// What the typed getters make of one value of each list-like extension.
fn typed_view(e: &Event<'_>) -> (String, String, String) {
    let ext = e.ext();
    let state = match ext.tracestate() {
        Some(Ok(s)) => format!(
            "{:?}",
            s.members()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        ),
        other => format!("{:?}", other.map(|r| r.map(|_| ()).map_err(|e| e.kind()))),
    };
    let regs = match ext.dataregulation() {
        Some(Ok(r)) => format!(
            "{:?}",
            r.entries().map(|p| p.to_string()).collect::<Vec<_>>()
        ),
        other => format!("{:?}", other.map(|r| r.map(|_| ()).map_err(|e| e.kind()))),
    };
    let parent = format!("{:?}", ext.traceparent().map(|r| r.map_err(|e| e.kind())));
    (state, regs, parent)
}

fn near_traceparent() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-[a-z]{0,3})?",
        "[0-9a-fA-F.-]{50,60}",
        "[ -~é]{0,60}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn ext_1_values_mean_the_same_in_every_encoding(
        state in prop_oneof![
            "[a-zA-Z0-9=, @_*/%\"\\\\é-]{0,40}",
            // Mostly valid lists: members of printable ASCII values.
            "( ?[a-z0-9][a-z0-9_@*/-]{0,5}=[ -+\\--<>-~]{0,5}[!-+\\--<>-~] ?,){0,5}",
        ],
        regs in "[A-Z0-9, \"%-]{0,20}",
        parent in near_traceparent(),
    ) {
        let plain = format!(
            r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","tracestate":{},"dataregulation":{},"traceparent":{}}}"#,
            serde_json::to_string(&state).unwrap(),
            serde_json::to_string(&regs).unwrap(),
            serde_json::to_string(&parent).unwrap(),
        );
        // Printable characters only: every String is valid (TYPE-4).
        let plain = Event::from_json(plain.as_bytes()).unwrap();
        let expected = typed_view(&plain);
        let json_escaped = format!(
            r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","tracestate":"{}","dataregulation":"{}","traceparent":"{}"}}"#,
            escaped(&state), escaped(&regs), escaped(&parent),
        );
        let from_escaped = Event::from_json(json_escaped.as_bytes()).unwrap();
        prop_assert_eq!(typed_view(&from_escaped), expected.clone());
        let mut h = HeaderBuf::new();
        http::write_binary_headers(&plain, &mut h).unwrap();
        let from_http = http::read(h.iter(), b"").unwrap().into_event().unwrap();
        prop_assert_eq!(typed_view(&from_http), expected);
        // And validate() never panics either.
        let _ = from_http.ext().validate();
    }
}
