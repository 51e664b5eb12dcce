//! Conformance round two (issue 13): cases derived from the spec documents.
//! Each test names its rule (docs/RULES.md) and the spec section.

use cloudevents_codec::binding::amqp::{self, AmqpScratch, AmqpValue, PropertySink};
use cloudevents_codec::binding::{http, nats, HeaderBuf};
use cloudevents_codec::{json, Data, ErrorKind, Event, EventBuilder, ParseOptions, Value};

fn parse(s: &str) -> Result<Event<'_>, cloudevents_codec::Error> {
    Event::from_json(s.as_bytes())
}

/// TYPE-7a (spec.md §source, §dataschema; RFC 3987): IRIs are accepted in
/// URI attributes by default, literal or escaped; strict RFC 3986 is an
/// option; HTTP headers carry them percent-encoded (HTTP-11).
#[test]
fn type_7a_iris_in_uri_attributes() {
    for source in [
        r#""/événements""#,
        r#""/caf\u00e9""#,
        r#""https://exämple.org/ü?q=ß#frag""#,
    ] {
        let s = format!(r#"{{"specversion":"1.0","id":"1","source":{source},"type":"t"}}"#);
        let e = parse(&s).unwrap_or_else(|e| panic!("{source}: {e}"));
        // Structured output keeps the text as it came.
        let mut out = Vec::new();
        json::write_event(&e, &mut out);
        assert!(out.windows(source.len()).any(|w| w == source.as_bytes()));
        // HTTP binary mode percent-encodes it and reads it back.
        let (mut headers, mut body) = (HeaderBuf::new(), Vec::new());
        http::write_binary(&e, &mut headers, &mut body).unwrap();
        assert!(headers.get(b"ce-source").unwrap().is_ascii());
        let back = http::read(&headers, &body).unwrap().into_event().unwrap();
        assert_eq!(back, e);
        // Strict mode refuses it.
        let strict = ParseOptions::new().with_strict_uris(true);
        let err = Event::from_json_with(s.as_bytes(), &strict).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
    }
    // dataschema and 0.3 schemaurl take IRIs too; the same limits apply.
    assert!(parse(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","dataschema":"https://x/schémas/v1"}"#).is_ok());
    assert!(parse(
        r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"/schémas"}"#
    )
    .is_ok());
    // Characters outside the IRI set stay invalid: noncharacters, controls,
    // `iprivate` outside the query.
    for bad in [r#""/\ufdd0""#, r#""/\u0085""#, r#""/\ue000""#, r#""/a b""#] {
        let s = format!(r#"{{"specversion":"1.0","id":"1","source":{bad},"type":"t"}}"#);
        assert_eq!(
            parse(&s).unwrap_err().kind(),
            ErrorKind::InvalidValue,
            "{bad}"
        );
    }
    assert!(parse(r#"{"specversion":"1.0","id":"1","source":"/a?\ue000","type":"t"}"#).is_ok());
}

/// V03-9 (0.3 JSON format: the Map type is a JSON object): 0.3 events may
/// carry Map extension values, kept opaque; 1.0 events may not.
#[test]
fn v03_9_map_extension_values() {
    let s = r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","comexampleextension2":{"otherValue":5}}"#;
    let e = parse(s).unwrap();
    let v = e.extension("comexampleextension2").unwrap();
    assert_eq!(v.as_map_json(), Some(r#"{"otherValue":5}"#));
    // Written back as is.
    let mut out = Vec::new();
    json::write_event(&e, &mut out);
    assert!(out.ends_with(br#""comexampleextension2":{"otherValue":5}}"#));
    // Binary mode carries its JSON text (percent-encoded for HTTP).
    let (mut headers, mut body) = (HeaderBuf::new(), Vec::new());
    http::write_binary(&e, &mut headers, &mut body).unwrap();
    let back = http::read(&headers, &body).unwrap().into_event().unwrap();
    let text = back
        .extension("comexampleextension2")
        .unwrap()
        .as_text()
        .unwrap();
    assert!(text == r#"{"otherValue":5}"#);
    // Also inside HTTP structured mode.
    let ct: &[(&str, &str)] = &[("content-type", "application/cloudevents+json")];
    assert!(http::read(ct.iter().copied(), s.as_bytes()).is_ok());
    // Order does not matter: the version may come after the object.
    let late = r#"{"m":{"a":[1]},"id":"1","source":"/s","type":"t","specversion":"0.3"}"#;
    assert!(parse(late).is_ok());
    // 1.0 refuses it, with the member's offset, wherever specversion is.
    for s in [
        r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","m":{"a":1}}"#,
        r#"{"m":{"a":1},"id":"1","source":"/s","type":"t","specversion":"1.0"}"#,
    ] {
        let err = parse(s).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{s}");
        assert_eq!(err.attribute(), Some("m"));
        assert_eq!(err.offset(), s.find("{\"a\":1}"));
    }
    // Arrays are no Map.
    let arr = r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","m":[1]}"#;
    assert_eq!(parse(arr).unwrap_err().kind(), ErrorKind::TypeMismatch);
    // Upgrading to 1.0 cannot carry it.
    assert_eq!(e.to_v1().unwrap_err().kind(), ErrorKind::TypeMismatch);
}

/// JSON-6 (json-format.md §2.2: null = unset) for 0.3's
/// `datacontentencoding` (V03-3): null is no encoding, not base64.
#[test]
fn json_6_null_datacontentencoding_is_unset() {
    let e = parse(r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","datacontentencoding":null,"data":"AAEC"}"#).unwrap();
    assert!(matches!(e.data(), Some(Data::Text(t)) if t == "AAEC"));
    let e = parse(r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","datacontentencoding":null,"data":"hello"}"#).unwrap();
    assert!(matches!(e.data(), Some(Data::Text(t)) if t == "hello"));
    // Still one member: null then base64 is a duplicate (CORE-10).
    let dup = r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","datacontentencoding":null,"datacontentencoding":"base64"}"#;
    assert_eq!(parse(dup).unwrap_err().kind(), ErrorKind::Duplicate);
}

/// JSON-8, JSON-12 (json-format.md §3.1.1): escaping never changes meaning;
/// checks that decode a value work whatever its length.
#[test]
fn json_12_escaped_values_of_any_length() {
    let params = "x".repeat(300);
    for ct in [
        format!(r#"application\/json; x={params}"#),
        format!("application/json; x={params}"),
    ] {
        let s = format!(
            r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"{ct}","data":{{"a":1}}}}"#
        );
        let e = parse(&s).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(e.data(), Some(Data::Json(_))));
        assert!(e.data_is_json());
    }
    // A valid time whose `Z` is escaped after 60 fraction digits.
    let s = format!(
        r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"2018-04-05T17:31:00.{}\u005a"}}"#,
        "1".repeat(60)
    );
    let e = parse(&s).unwrap();
    let t = e.timestamp().expect("a valid time is a timestamp");
    assert_eq!(t.nanosecond(), 111_111_111);
    // A long escaped dataschema is checked on its decoded value.
    let s = format!(
        r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","dataschema":"https:\/\/x\/{}"}}"#,
        "a".repeat(600)
    );
    assert!(parse(&s).is_ok());
    let s = format!(
        r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","dataschema":"\/rel{}"}}"#,
        "a".repeat(600)
    );
    assert_eq!(parse(&s).unwrap_err().kind(), ErrorKind::InvalidValue);
}

/// CORE-13 (spec.md §datacontenttype) and NATS-3: a translation states the
/// implied `application/json`, in NATS as in every other binding.
#[test]
fn core_13_nats_states_the_implied_json_content_type() {
    let e =
        parse(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":{"a":1}}"#).unwrap();
    let (mut headers, mut payload) = (HeaderBuf::new(), Vec::new());
    let written = nats::write_binary(&e, &mut headers, &mut payload).unwrap();
    assert!(written.content_type.unwrap() == "application/json");
    assert_eq!(
        headers.get(b"ce-datacontenttype"),
        Some(&b"application/json"[..])
    );
    let back = nats::read(&headers, &payload)
        .unwrap()
        .into_event()
        .unwrap();
    assert!(matches!(back.data(), Some(Data::Binary(b)) if b == br#"{"a":1}"#));
    assert!(back.data_is_json());
    assert!(back.datacontenttype().unwrap() == "application/json");
}

#[derive(Default)]
struct Props(Vec<(String, String)>);

impl PropertySink for Props {
    fn property(&mut self, name: &str, value: AmqpValue<'_>) {
        if let AmqpValue::String(s) = value {
            self.0.push((name.to_string(), s.to_string()));
        }
    }
}

/// NAME-2 (spec.md §Naming Conventions: no maximum length) in AMQP
/// (amqp-protocol-binding.md §3.1.3.1): long extension names work in every
/// binding alike.
#[test]
fn name_2_long_extension_names_in_amqp() {
    let name = "e".repeat(300);
    let event = EventBuilder::new("1", "/s", "t")
        .extension(&name, Value::String(cloudevents_codec::Text::plain("v")))
        .build()
        .unwrap();
    let mut props = Props::default();
    amqp::write_binary(&event, &mut props, &mut Vec::new()).unwrap();
    let full = format!("cloudEvents_{name}");
    assert!(props.0.iter().any(|(n, v)| *n == full && v == "v"));
    let values = props
        .0
        .iter()
        .map(|(n, v)| (n.as_str(), AmqpValue::String(v)));
    let mut scratch = AmqpScratch::new();
    let back = amqp::read(None, values, None, &mut scratch)
        .unwrap()
        .into_event()
        .unwrap();
    assert_eq!(back, event);
}

/// BATCH-5 (spec.md §Message: the events of a batch are independent) and
/// BATCH-8 as amended by issue 13 (formats/json-format.md §4): an element
/// over the depth limit (JSON-5) is reported with its index and skipped; its
/// neighbours are read, over HTTP (http-protocol-binding.md §3.3) too.
#[test]
fn batch_8_a_bad_element_does_not_take_its_neighbours() {
    let good = r#"{"specversion":"1.0","id":"2","source":"/s","type":"t"}"#;
    let deep = format!(
        r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","data":{}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let body = format!("[{deep},{good},{good}]");
    let items: Vec<_> = json::BatchReader::new(body.as_bytes()).unwrap().collect();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap_err().kind(), ErrorKind::Limit);
    assert!(items[1].is_ok() && items[2].is_ok());
    let headers = [(
        &b"content-type"[..],
        &b"application/cloudevents-batch+json"[..],
    )];
    let message = http::read(headers, body.as_bytes()).unwrap();
    let cloudevents_codec::binding::Message::Batch(batch) = message else {
        panic!("not a batch");
    };
    let valid = batch.filter(Result::is_ok).count();
    assert_eq!(valid, 2);
}
