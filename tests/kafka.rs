//! Kafka binding: `docs/RULES.md` §5 (KAFKA-1..KAFKA-9) and edge cases
//! E-66..E-71.

use cloudevents_codec::binding::kafka::{self, KafkaHeader};
use cloudevents_codec::binding::{ContentMode, HeaderBuf, Message, ReadOptions};
use cloudevents_codec::{Data, ErrorKind, Event};

type H<'a> = (&'a [u8], Option<&'a [u8]>);

fn base() -> Vec<H<'static>> {
    vec![
        (b"ce_specversion", Some(b"1.0")),
        (b"ce_id", Some(b"1")),
        (b"ce_source", Some(b"/s")),
        (b"ce_type", Some(b"t")),
    ]
}

fn with(extra: &[H<'static>]) -> Vec<H<'static>> {
    let mut v = base();
    v.extend_from_slice(extra);
    v
}

fn err(headers: &[H<'_>], value: Option<&[u8]>) -> ErrorKind {
    match kafka::read(headers.iter().copied(), value) {
        Ok(m) => panic!("expected an error, got {m:?}"),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            e.kind()
        }
    }
}

fn binary<'a>(headers: &'a [H<'a>], value: Option<&'a [u8]>) -> Event<'a> {
    match kafka::read(headers.iter().copied(), value) {
        Ok(Message::Binary(e)) => e,
        other => panic!("expected binary, got {other:?}"),
    }
}

const STRUCTURED: &[u8] = br#"{"specversion":"1.0","id":"body","source":"/s","type":"t"}"#;

// KAFKA-1, KAFKA-2: structured and binary; mode by content-type prefix.
#[test]
fn kafka_2_modes() {
    let h: Vec<H> = vec![(
        b"content-type",
        Some(b"Application/CloudEvents+JSON; charset=UTF-8"),
    )];
    let m = kafka::read(h.iter().copied(), Some(STRUCTURED)).unwrap();
    assert_eq!(m.mode(), ContentMode::Structured);
    let h = with(&[(b"content-type", Some(b"application/avro"))]);
    assert_eq!(
        kafka::read(h.iter().copied(), Some(b"x")).unwrap().mode(),
        ContentMode::Binary
    );
    // Unknown CE format: UnsupportedFormat, or binary when asked.
    let h = with(&[(b"content-type", Some(b"application/cloudevents+avro"))]);
    assert_eq!(err(&h, Some(b"x")), ErrorKind::UnsupportedFormat);
    let opts = ReadOptions::new().with_unknown_formats_as_binary(true);
    let m = kafka::read_with(h.iter().copied(), Some(b"x"), &opts).unwrap();
    assert_eq!(m.mode(), ContentMode::Binary);
    // No batch in Kafka (BATCH-6).
    let h: Vec<H> = vec![(b"content-type", Some(b"application/cloudevents-batch+json"))];
    assert_eq!(err(&h, Some(b"[]")), ErrorKind::UnsupportedFormat);
    // Plausibility as HTTP-5.
    assert_eq!(err(&[], Some(b"x")), ErrorKind::NotCloudEvent);
}

// KAFKA-3: the key never becomes an attribute; the mapper is opt-in (E-71).
#[test]
fn kafka_3_key_mapper_e71() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","partitionkey":"abc"}"#,
    )
    .unwrap();
    let mut h = HeaderBuf::new();
    let mut value = Vec::new();
    let has_value = kafka::write_binary(&e, &mut h, &mut value)
        .unwrap()
        .has_body;
    assert!(!has_value, "no data: null value");
    assert_eq!(h.get(b"ce_partitionkey"), Some(&b"abc"[..]));
    let mut key = Vec::new();
    assert!(kafka::write_key(&e, &mut key));
    assert_eq!(key, b"abc");
    // Mapper off / no partitionkey: key untouched.
    let e = Event::from_json(STRUCTURED).unwrap();
    let mut key = b"user".to_vec();
    assert!(!kafka::write_key(&e, &mut key));
    assert_eq!(key, b"user");
    // Reading never maps a key.
    let h = base();
    let e = binary(&h, None);
    assert!(e.extension("partitionkey").is_none());
    assert!(e.extension("key").is_none());
}

// KAFKA-4: content-type ⇄ datacontenttype.
#[test]
fn kafka_4_content_type() {
    let h = with(&[(b"content-type", Some(b"application/json"))]);
    let e = binary(&h, Some(b"{}"));
    assert!(e.datacontenttype().unwrap() == "application/json");
    let mut out = HeaderBuf::new();
    let mut value = Vec::new();
    kafka::write_binary(&e, &mut out, &mut value).unwrap();
    assert_eq!(out.get(b"content-type"), Some(&b"application/json"[..]));
    assert!(out.iter().all(|(n, _)| n != b"ce_datacontenttype"));
}

// KAFKA-5, E-66: null value = no data; empty value = empty data.
#[test]
fn kafka_5_tombstones_e66() {
    let h = base();
    assert!(binary(&h, None).data().is_none());
    match binary(&h, Some(b"")).data() {
        Some(Data::Binary(b)) => assert!(b.is_empty()),
        d => panic!("{d:?}"),
    }
    let e = Event::from_json(STRUCTURED).unwrap();
    let mut out = HeaderBuf::new();
    assert!(
        !kafka::write_binary(&e, &mut out, &mut Vec::new())
            .unwrap()
            .has_body
    );
}

// KAFKA-6: ce_ headers with raw values, no percent decoding; E-67 encoding.
#[test]
fn kafka_6_raw_values() {
    let h = with(&[(b"ce_subject", Some(b"a%20b \"q\""))]);
    let e = binary(&h, None);
    assert!(e.subject().unwrap() == "a%20b \"q\"");
    let mut out = HeaderBuf::new();
    kafka::write_binary_headers(&e, &mut out).unwrap();
    assert_eq!(out.get(b"ce_subject"), Some(&b"a%20b \"q\""[..]));
    let h = with(&[(b"ce_subject", Some(b"\xff"))]);
    assert_eq!(err(&h, None), ErrorKind::Encoding);
}

// KAFKA-7, E-70: ce_datacontenttype fallback; differing → Conflict.
#[test]
fn kafka_7_datacontenttype_e70() {
    let h = with(&[(b"ce_datacontenttype", Some(b"text/plain"))]);
    assert!(binary(&h, None).datacontenttype().unwrap() == "text/plain");
    let h = with(&[
        (b"ce_datacontenttype", Some(b"text/plain")),
        (b"content-type", Some(b"text/plain")),
    ]);
    assert!(binary(&h, None).datacontenttype().unwrap() == "text/plain");
    let h = with(&[
        (b"ce_datacontenttype", Some(b"text/plain")),
        (b"content-type", Some(b"application/json")),
    ]);
    assert_eq!(err(&h, None), ErrorKind::Conflict);
}

// KAFKA-8, E-67, E-69: case-insensitive read, lowercase write, duplicates,
// null values.
#[test]
fn kafka_8_names_e69() {
    let h: Vec<H> = vec![
        (b"CE_SPECVERSION", Some(b"1.0")),
        (b"CE_ID", Some(b"1")),
        (b"Ce_Source", Some(b"/s")),
        (b"ce_type", Some(b"t")),
        (b"Content-Type", Some(b"text/plain")),
    ];
    let e = binary(&h, None);
    assert!(e.id() == "1");
    assert!(e.datacontenttype().unwrap() == "text/plain");
    let mut out = HeaderBuf::new();
    kafka::write_binary_headers(&e, &mut out).unwrap();
    assert!(out
        .iter()
        .all(|(n, _)| n.iter().all(|b| !b.is_ascii_uppercase())));
}

#[test]
fn kafka_8_duplicates_and_nulls_e67() {
    assert_eq!(
        err(&with(&[(b"ce_id", Some(b"2"))]), None),
        ErrorKind::Duplicate
    );
    assert_eq!(
        err(&with(&[(b"CE_ID", Some(b"1"))]), None),
        ErrorKind::Duplicate
    );
    let h: Vec<H> = vec![
        (b"ce_specversion", Some(b"1.0")),
        (b"ce_id", None),
        (b"ce_source", Some(b"/s")),
        (b"ce_type", Some(b"t")),
    ];
    assert_eq!(err(&h, None), ErrorKind::InvalidValue);
    assert_eq!(
        err(&with(&[(b"ce_x", None)]), None),
        ErrorKind::InvalidValue
    );
    // Non-CE headers may be null.
    let h = with(&[(b"trace", None)]);
    binary(&h, None);
    // Names.
    assert_eq!(
        err(&with(&[(b"ce_data", Some(b"x"))]), None),
        ErrorKind::InvalidName
    );
    assert_eq!(
        err(&with(&[(b"ce_a-b", Some(b"x"))]), None),
        ErrorKind::InvalidName
    );
    assert_eq!(
        err(&with(&[(b"ce_", Some(b"x"))]), None),
        ErrorKind::InvalidName
    );
}

// KAFKA-9, E-68: structured with null value → Syntax; sniffing opt-in.
#[test]
fn kafka_9_structured_e68() {
    let h: Vec<H> = vec![(b"content-type", Some(b"application/cloudevents+json"))];
    assert_eq!(err(&h, None), ErrorKind::Syntax);
    // ce_ headers are ignored in structured mode.
    let h: Vec<H> = vec![
        (b"content-type", Some(b"application/cloudevents+json")),
        (b"ce_id", Some(b"header")),
    ];
    let e = kafka::read(h.iter().copied(), Some(STRUCTURED))
        .unwrap()
        .into_event()
        .unwrap();
    assert!(e.id() == "body");
    // Without content-type: binary, so not a CloudEvent, unless sniffing.
    assert_eq!(err(&[], Some(STRUCTURED)), ErrorKind::NotCloudEvent);
    let opts = ReadOptions::new().with_sniff_structured(true);
    let m = kafka::read_with(core::iter::empty::<H>(), Some(STRUCTURED), &opts).unwrap();
    assert_eq!(m.mode(), ContentMode::Structured);
}

#[test]
fn structured_write() {
    let e = Event::from_json(STRUCTURED).unwrap();
    let mut h = HeaderBuf::new();
    let mut value = Vec::new();
    kafka::write_structured(&e, &mut h, &mut value);
    let back = kafka::read(&h, Some(&value)).unwrap();
    assert_eq!(back.mode(), ContentMode::Structured);
    assert_eq!(back.into_event().unwrap(), e);
}

// The binding document's examples (§3.2.4 binary, §3.3.4 structured).
#[test]
fn spec_examples() {
    let headers = [
        KafkaHeader {
            key: b"ce_specversion",
            value: Some(b"1.0"),
        },
        KafkaHeader {
            key: b"ce_type",
            value: Some(b"com.example.someevent"),
        },
        KafkaHeader {
            key: b"ce_source",
            value: Some(b"/mycontext/subcontext"),
        },
        KafkaHeader {
            key: b"ce_id",
            value: Some(b"1234-1234-1234"),
        },
        KafkaHeader {
            key: b"ce_time",
            value: Some(b"2018-04-05T03:56:24Z"),
        },
        KafkaHeader {
            key: b"content-type",
            value: Some(b"application/avro"),
        },
    ];
    let e = kafka::read(&headers, Some(b"\x01\x02"))
        .unwrap()
        .into_event()
        .unwrap();
    assert!(e.source() == "/mycontext/subcontext");
    assert_eq!(e.data().unwrap().as_bytes(), Some(&b"\x01\x02"[..]));

    let headers = [KafkaHeader {
        key: b"content-type",
        value: Some(b"application/cloudevents+json; charset=UTF-8"),
    }];
    let value = br#"{"specversion":"1.0","type":"com.example.someevent","source":"/mycontext/subcontext","id":"1234-1234-1234","time":"2018-04-05T03:56:24Z","datacontenttype":"application/xml","data":"<much wow=\"xml\"/>"}"#;
    let e = kafka::read(headers.iter().copied(), Some(value))
        .unwrap()
        .into_event()
        .unwrap();
    assert!(e.datacontenttype().unwrap() == "application/xml");
}

fn round_trip(json: &[u8]) {
    let e = Event::from_json(json).unwrap();
    let mut h = HeaderBuf::new();
    let mut value = Vec::new();
    let present = kafka::write_binary(&e, &mut h, &mut value)
        .unwrap()
        .has_body;
    let back = kafka::read(&h, present.then_some(&value[..])).unwrap();
    assert_eq!(back.mode(), ContentMode::Binary);
    let back = back.into_event().unwrap();
    assert_eq!(back, e);
    let mut out = Vec::new();
    cloudevents_codec::json::write_event(&back, &mut out);
    assert_eq!(Event::from_json(&out).unwrap(), e);
}

#[test]
fn round_trips() {
    round_trip(STRUCTURED);
    round_trip(
        r#"{"specversion":"1.0","id":"a b%c\"d","source":"http://x/y?a=b","type":"t","subject":"Euro € 😀","time":"2018-04-05T17:31:00+02:00","n":"5","datacontenttype":"application/json","data":{"a":1}}"#
            .as_bytes(),
    );
    round_trip(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":""}"#,
    );
}

// TYPE-10: typed JSON extensions come back as their canonical strings.
#[test]
fn type_10_typed_extensions_become_strings() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","n":-5,"b":false}"#,
    )
    .unwrap();
    let mut h = HeaderBuf::new();
    kafka::write_binary_headers(&e, &mut h).unwrap();
    let back = kafka::read(&h, None).unwrap().into_event().unwrap();
    assert!(back.extension("n").unwrap().as_text().unwrap() == "-5");
    assert!(back.extension("b").unwrap().as_text().unwrap() == "false");
}

// Kafka clients often give `&str` keys with nullable byte values.
#[test]
fn str_keys() {
    let h: Vec<(&str, Option<&[u8]>)> = vec![
        ("ce_specversion", Some(b"1.0")),
        ("ce_id", Some(b"1")),
        ("ce_source", Some(b"/s")),
        ("ce_type", Some(b"t")),
        ("tombstone-ish", None),
    ];
    let e = kafka::read(h, None).unwrap().into_event().unwrap();
    assert!(e.id() == "1");
}

#[test]
fn hostile() {
    let names: Vec<Vec<u8>> = (0..10_000)
        .map(|i| format!("ce_e{i}").into_bytes())
        .collect();
    let mut h = base();
    h.extend(names.iter().map(|n| (&n[..], Some(&b"v"[..]))));
    assert_eq!(err(&h, None), ErrorKind::Limit);
    let h: Vec<H> = (0..10_000).map(|_| (&b"x"[..], None)).collect();
    assert_eq!(err(&h, None), ErrorKind::NotCloudEvent);
}
