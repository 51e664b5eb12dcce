//! The Protobuf event format (`protobuf` module, docs/RULES.md §12):
//! golden bytes produced by `protoc`, `protoc` reading our batches, round
//! trips over the generated corpus, and the reader's handling of malformed
//! and unusual input.
#![cfg(feature = "protobuf")]

use std::process::{Command, Stdio};

use cloudevents_codec::{json, protobuf, Data, ErrorKind, Event, TextEncoding, Value};
use cloudevents_codec_corpus::{self as corpus, Profile};

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn write(event: &Event<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    protobuf::write_event(event, &mut out);
    assert_eq!(out.len(), protobuf::encoded_len(event));
    out
}

// Golden messages. Each was produced from the text-format message in its
// comment with
//   protoc -Itests/fixtures -I/usr/include \
//     --encode=io.cloudevents.v1.CloudEvent cloudevents.proto < msg.txt | xxd -p
// (protoc 3.21.12, Debian's protobuf-compiler).

/// ```text
/// id: "1" source: "/s" spec_version: "1.0" type: "t"
/// attributes { key: "time" value { ce_timestamp { seconds: 1714564800 nanos: 120000000 } } }
/// attributes { key: "seq" value { ce_integer: -7 } }
/// attributes { key: "ok" value { ce_boolean: false } }
/// attributes { key: "bin" value { ce_bytes: "\000\001" } }
/// text_data: "{\"x\":1}"
/// ```
const GOLDEN_TYPED: &str = "0a013112022f731a03312e302201742a150a0474696d65120d3a0b08c0ddc8b10610809c9c392a120a03736571120b10f9ffffffffffffffff012a080a026f6b120208002a0b0a0362696e1204220200013a077b2278223a317d";

/// ```text
/// id: "abc-123" source: "https://example.com/src" spec_version: "1.0" type: "com.example.binary"
/// attributes { key: "datacontenttype" value { ce_string: "application/octet-stream" } }
/// attributes { key: "dataschema" value { ce_uri: "https://example.com/schema" } }
/// attributes { key: "subject" value { ce_string: "caf\303\251" } }
/// attributes { key: "time" value { ce_string: "2024-05-01T14:00:00+02:00" } }
/// binary_data: "\000\377\020"
/// ```
const GOLDEN_BINARY: &str = "0a076162632d313233121768747470733a2f2f6578616d706c652e636f6d2f7372631a03312e302212636f6d2e6578616d706c652e62696e6172792a2d0a0f64617461636f6e74656e7474797065121a1a186170706c69636174696f6e2f6f637465742d73747265616d2a2a0a0a64617461736368656d61121c2a1a68747470733a2f2f6578616d706c652e636f6d2f736368656d612a120a077375626a65637412071a05636166c3a92a230a0474696d65121b1a19323032342d30352d30315431343a30303a30302b30323a3030320300ff10";

/// ```text
/// id: "p" source: "/s" spec_version: "1.0" type: "t"
/// attributes { key: "datacontenttype" value { ce_string: "application/protobuf" } }
/// attributes { key: "dataschema" value { ce_uri: "https://type.googleapis.com/google.protobuf.Duration" } }
/// proto_data { type_url: "https://type.googleapis.com/google.protobuf.Duration" value: "\010\005" }
/// ```
const GOLDEN_PROTO_DATA: &str = "0a017012022f731a03312e302201742a290a0f64617461636f6e74656e747479706512161a146170706c69636174696f6e2f70726f746f6275662a440a0a64617461736368656d6112362a3468747470733a2f2f747970652e676f6f676c65617069732e636f6d2f676f6f676c652e70726f746f6275662e4475726174696f6e423a0a3468747470733a2f2f747970652e676f6f676c65617069732e636f6d2f676f6f676c652e70726f746f6275662e4475726174696f6e12020805";

/// `--encode=io.cloudevents.v1.CloudEventBatch` of
/// ```text
/// events { id: "1" source: "/s" spec_version: "1.0" type: "t" }
/// events { id: "2" source: "/s" spec_version: "1.0" type: "t"
///          attributes { key: "n" value { ce_integer: 2 } } text_data: "two" }
/// ```
const GOLDEN_BATCH: &str = "0a0f0a013112022f731a03312e302201740a1d0a013212022f731a03312e302201742a070a016e120210023a0374776f";

#[test]
fn proto_2_golden_typed_attributes() {
    let bytes = unhex(GOLDEN_TYPED);
    let e = Event::from_protobuf(&bytes).unwrap();
    assert!(e.id() == "1" && e.source() == "/s" && e.ty() == "t");
    // ce_timestamp: the RFC 3339 text of the instant, 0/3/6/9 digits.
    let time = e.time().unwrap();
    assert_eq!(time.encoding(), TextEncoding::ProtobufTimestamp);
    assert!(time == "2024-05-01T12:00:00.120Z", "{time}");
    assert_eq!(e.timestamp().unwrap().unix_timestamp(), 1_714_564_800);
    assert_eq!(e.extension("seq"), Some(Value::Integer(-7)));
    assert_eq!(e.extension("ok"), Some(Value::Boolean(false)));
    let bin = e.extension("bin").unwrap().as_text().unwrap();
    assert_eq!(bin.encoding(), TextEncoding::BinaryAsBase64);
    assert!(bin == "AAE=");
    // text_data without a content type is JSON when it is JSON (JSON-12).
    assert!(matches!(e.data(), Some(Data::Json(r#"{"x":1}"#))));
    // Our writer produces the same bytes as protoc.
    assert_eq!(write(&e), bytes);
}

#[test]
fn proto_3_golden_optional_attributes_in_the_map() {
    let bytes = unhex(GOLDEN_BINARY);
    let e = Event::from_protobuf(&bytes).unwrap();
    assert!(e.datacontenttype().unwrap() == "application/octet-stream");
    assert!(e.dataschema().unwrap() == "https://example.com/schema");
    assert!(e.subject().unwrap() == "café");
    // A time with an offset has no exact Timestamp form: a ce_string.
    assert!(e.time().unwrap() == "2024-05-01T14:00:00+02:00");
    assert!(matches!(e.data(), Some(Data::Binary(b"\x00\xff\x10"))));
    assert_eq!(write(&e), bytes);
    // Through JSON and back: the same bytes.
    let mut j = Vec::new();
    json::write_event(&e, &mut j);
    assert_eq!(write(&Event::from_json(&j).unwrap()), bytes);
}

#[test]
fn proto_4_golden_proto_data() {
    let bytes = unhex(GOLDEN_PROTO_DATA);
    let e = Event::from_protobuf(&bytes).unwrap();
    let Some(Data::Protobuf(any)) = e.data() else {
        panic!("proto_data: {:?}", e.data());
    };
    assert_eq!(
        any.type_url(),
        "https://type.googleapis.com/google.protobuf.Duration"
    );
    assert_eq!(any.value(), b"\x08\x05");
    assert_eq!(write(&e), bytes);
    // JSON has no place for a message: data_base64 of its bytes...
    let mut j = Vec::new();
    json::write_event(&e, &mut j);
    assert!(j.ends_with(br#""data_base64":"CAU="}"#));
    // ...which goes back to proto_data: the content type says protobuf and
    // dataschema holds the type URL (PROTO-4).
    assert_eq!(write(&Event::from_json(&j).unwrap()), bytes);
}

#[test]
fn proto_5_golden_batch() {
    let bytes = unhex(GOLDEN_BATCH);
    let events: Vec<Event<'_>> = protobuf::BatchReader::new(&bytes)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(events.len(), 2);
    assert!(events[1].id() == "2");
    assert!(matches!(events[1].data(), Some(Data::Text(t)) if t == "two"));
    let mut out = Vec::new();
    let mut batch = protobuf::BatchWriter::new(&mut out);
    for e in &events {
        batch.push(e).unwrap();
    }
    assert_eq!(batch.len(), 2);
    assert_eq!(out, bytes);
}

#[test]
fn proto_1_media_types() {
    assert_eq!(protobuf::MEDIA_TYPE, "application/cloudevents+protobuf");
    assert_eq!(
        protobuf::BATCH_MEDIA_TYPE,
        "application/cloudevents-batch+protobuf"
    );
    assert_eq!(protobuf::DATA_MEDIA_TYPE, "application/protobuf");
}

/// Runs `protoc` with `args` on `stdin`, or `None` when it is not installed
/// (a failure under CI, which installs it).
fn protoc(args: &[&str], stdin: &[u8]) -> Option<std::process::Output> {
    use std::io::Write;
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let child = Command::new("protoc")
        .arg(format!("-I{fixtures}"))
        .arg("-I/usr/include")
        .args(args)
        .arg("cloudevents.proto")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "protoc is required under CI=true (apt-get install protobuf-compiler): {e}"
            );
            eprintln!("SKIPPED: protoc not found ({e}); apt-get install protobuf-compiler");
            return None;
        }
    };
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "protoc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out)
}

#[test]
fn proto_5_protoc_decodes_our_batches() {
    for profile in Profile::ALL {
        let input = corpus::ndjson(profile, 25, 7);
        let mut batch = Vec::new();
        let mut writer = protobuf::BatchWriter::new(&mut batch);
        for line in input.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            writer.push(&Event::from_json(line).unwrap()).unwrap();
        }
        let Some(out) = protoc(&["--decode=io.cloudevents.v1.CloudEventBatch"], &batch) else {
            return;
        };
        let text = String::from_utf8(out.stdout).unwrap();
        let events = text.lines().filter(|l| l.starts_with("events {")).count();
        assert_eq!(events, 25, "{profile}: {text}");
        // What protoc encodes from its reading reads as the same events
        // (protoc prints map entries sorted by key, so the bytes differ).
        let again = protoc(
            &["--encode=io.cloudevents.v1.CloudEventBatch"],
            text.as_bytes(),
        )
        .unwrap()
        .stdout;
        let ours = protobuf::BatchReader::new(&batch);
        let theirs = protobuf::BatchReader::new(&again);
        let mut n = 0;
        for (a, b) in ours.zip(theirs) {
            assert!(a.unwrap() == b.unwrap(), "{profile}: event {n} differs");
            n += 1;
        }
        assert_eq!(n, 25);
    }
}

#[test]
fn corpus_round_trips_json_protobuf_json() {
    for profile in Profile::ALL {
        let input = corpus::ndjson(profile, 200, 11);
        for line in input.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let e = Event::from_json(line).unwrap();
            let bytes = write(&e);
            let back = Event::from_protobuf(&bytes).unwrap();
            assert_eq!(back, e, "{profile}");
            // Types survive: Integer extensions stay Integers.
            for ext in e.extensions() {
                assert_eq!(back.extension(&ext.name().to_string()), Some(ext.value()));
            }
            // Stable: writing what was read gives the same bytes.
            assert_eq!(write(&back), bytes, "{profile}");
            let mut j = Vec::new();
            json::write_event(&back, &mut j);
            assert_eq!(Event::from_json(&j).unwrap(), e, "{profile}");
        }
    }
}

#[test]
fn binary_mode_to_protobuf() {
    use cloudevents_codec::binding::http;
    let headers = [
        ("ce-specversion", "1.0"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
        ("ce-time", "2024-05-01T12:00:00Z"),
        ("content-type", "application/json"),
    ];
    let body = br#"{"a": [1, 2]}"#;
    let e = http::read(headers, body).unwrap().into_event().unwrap();
    let bytes = write(&e);
    let back = Event::from_protobuf(&bytes).unwrap();
    // JSON bytes travel as text_data (PROTO-4) and read back as they
    // came: bytes of a JSON content type, as from the binding.
    assert!(matches!(
        back.data(),
        Some(Data::Binary(br#"{"a": [1, 2]}"#))
    ));
    assert_eq!(back, e);
    // A time with an exact Timestamp form travels as a ce_timestamp.
    assert_eq!(
        back.time().unwrap().encoding(),
        TextEncoding::ProtobufTimestamp
    );
}

/// A message with the required fields, then `tail`.
fn with_required(tail: &[u8]) -> Vec<u8> {
    let mut m = b"\x0a\x011\x12\x02/s\x1a\x031.0\x22\x01t".to_vec();
    m.extend_from_slice(tail);
    m
}

#[test]
fn malformed_protobuf_is_a_syntax_error_with_its_offset() {
    let cases: &[(&[u8], usize)] = &[
        // A varint cut off.
        (b"\x0a\x81", 1),
        // A length past the end.
        (b"\x0a\x05ab", 1),
        // Field number 0.
        (b"\x00\x01", 0),
        // A string field with the varint wire type.
        (b"\x08\x01", 0),
        // Wire type 7.
        (b"\x0a\x011\x0f", 3),
        // An unterminated group.
        (b"\x0a\x011\x4b\x08\x01", 3),
        // A varint of eleven bytes.
        (b"\x48\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 1),
    ];
    for (input, at) in cases {
        let e = Event::from_protobuf(input).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Syntax, "{input:?}: {e}");
        assert_eq!(e.offset(), Some(*at), "{input:?}: {e}");
    }
}

#[test]
fn unknown_fields_of_every_wire_type_are_skipped() {
    // field 9 varint, field 10 fixed64, field 11 bytes, field 12 fixed32,
    // field 13 a group holding a varint; and an unknown field inside an
    // attribute value.
    let m = with_required(
        b"\x48\x96\x01\x51\x01\x02\x03\x04\x05\x06\x07\x08\x5a\x02hi\x65\x01\x02\x03\x04\x6b\x08\x01\x6c\
          \x2a\x0b\x0a\x01a\x12\x06\x50\x01\x10\x05\x50\x02",
    );
    let e = Event::from_protobuf(&m).unwrap();
    assert_eq!(e.extension("a"), Some(Value::Integer(5)));
}

#[test]
fn string_rules_match_the_json_parser() {
    // TYPE-4: a control character in a String attribute.
    let e = Event::from_protobuf(b"\x0a\x02a\x01").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert_eq!(e.attribute(), Some("id"));
    // Invalid UTF-8.
    let e = Event::from_protobuf(b"\x0a\x02a\xff").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Encoding);
    assert_eq!(e.offset(), Some(3));
    // CORE-1: missing type (an empty string is an absent field).
    let e = Event::from_protobuf(b"\x0a\x011\x12\x02/s\x1a\x031.0\x22\x00").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingRequired);
    assert_eq!(e.attribute(), Some("type"));
    // CORE-4
    let e = Event::from_protobuf(b"\x0a\x011\x12\x02/s\x1a\x032.0\x22\x01t").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnsupportedVersion);
    // CORE-10: the id field twice.
    let e = Event::from_protobuf(&with_required(b"\x0a\x012")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Duplicate);
    // ...or in the map as well as the field.
    let e =
        Event::from_protobuf(&with_required(b"\x2a\x09\x0a\x02id\x12\x03\x1a\x01x")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Duplicate);
    // NAME-1 for extension names; `data` is never an attribute (NAME-4).
    let e =
        Event::from_protobuf(&with_required(b"\x2a\x09\x0a\x02Ab\x12\x03\x1a\x01x")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidName);
    let e =
        Event::from_protobuf(&with_required(b"\x2a\x0b\x0a\x04data\x12\x03\x1a\x01x")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidName);
    // CORE-7: dataschema must be an absolute URI.
    let e = Event::from_protobuf(&with_required(
        b"\x2a\x13\x0a\x0adataschema\x12\x05\x1a\x03/rl",
    ))
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert_eq!(e.attribute(), Some("dataschema"));
    // CORE-9: time as a string must be RFC 3339.
    let e = Event::from_protobuf(&with_required(b"\x2a\x0d\x0a\x04time\x12\x05\x1a\x03now"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    // An Integer for a String attribute.
    let e = Event::from_protobuf(&with_required(b"\x2a\x0d\x0a\x07subject\x12\x02\x10\x01"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TypeMismatch);
    // A ce_uri extension is checked as a URI.
    let e =
        Event::from_protobuf(&with_required(b"\x2a\x0a\x0a\x01u\x12\x05\x2a\x03a b")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    // Timestamps: nanos out of range.
    let e = Event::from_protobuf(&with_required(
        b"\x2a\x15\x0a\x04time\x12\x0d\x3a\x0b\x10\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
    ))
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
}

#[test]
fn data_fields_are_exclusive_and_0_3_base64_is_text() {
    let e = Event::from_protobuf(&with_required(b"\x32\x01a\x3a\x01b")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    let e = Event::from_protobuf(&with_required(b"\x32\x01a\x32\x01b")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Duplicate);
    // V03-3: 0.3 with datacontentencoding base64: the data is base64 text.
    let m = b"\x0a\x011\x12\x02/s\x1a\x030.3\x22\x01t\
        \x2a\x1f\x0a\x13datacontentencoding\x12\x08\x1a\x06base64\x3a\x04Zm9v";
    let e = Event::from_protobuf(m).unwrap();
    assert!(matches!(e.data(), Some(Data::Base64(t)) if t == "Zm9v"));
    assert_eq!(write(&e), m);
    // An entry without a value is absent.
    let m = with_required(b"\x2a\x03\x0a\x01x");
    assert_eq!(Event::from_protobuf(&m).unwrap().extension_count(), 0);
}

#[test]
fn text_data_is_json_only_when_the_content_type_says_json() {
    // text/plain: text, whatever it looks like.
    let m = with_required(b"\x2a\x1f\x0a\x0fdatacontenttype\x12\x0c\x1a\x0atext/plain\x3a\x0242");
    let e = Event::from_protobuf(&m).unwrap();
    assert!(matches!(e.data(), Some(Data::Text(t)) if t == "42"));
    // No content type: JSON when it is one JSON value, else text.
    let m = with_required(b"\x3a\x0242");
    assert!(matches!(
        Event::from_protobuf(&m).unwrap().data(),
        Some(Data::Json("42"))
    ));
    let m = with_required(b"\x3a\x02hi");
    let data = Event::from_protobuf(&m).unwrap().data();
    assert!(matches!(data, Some(Data::Text(t)) if t == "hi"));
}

#[test]
fn errors_in_batch_elements_carry_absolute_offsets() {
    let mut batch = Vec::new();
    let mut w = protobuf::BatchWriter::new(&mut batch);
    let ok =
        Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#).unwrap();
    w.push(&ok).unwrap();
    let first_len = batch.len();
    // An element whose id holds a control character.
    batch.extend_from_slice(b"\x0a\x04\x0a\x02a\x01");
    batch.extend_from_within(..first_len);
    let results: Vec<_> = protobuf::BatchReader::new(&batch).collect();
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[2].is_ok());
    let e = results[1].as_ref().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert_eq!(e.offset(), Some(first_len + 5));
    // BATCH-4
    let v03 =
        Event::from_json(br#"{"specversion":"0.3","id":"1","source":"/s","type":"t"}"#).unwrap();
    let mut out = Vec::new();
    let mut w = protobuf::BatchWriter::new(&mut out);
    w.push(&ok).unwrap();
    assert_eq!(w.push(&v03).unwrap_err().kind(), ErrorKind::InvalidValue);
}

// ---------------------------------------------------------------------------
// Bindings (PROTO-1): the content type selects the Protobuf format.

#[test]
fn proto_1_bindings_read_protobuf_structured_mode() {
    use cloudevents_codec::binding::{
        amqp, detect_mode, http, kafka, mqtt, nats, ContentMode, HeaderBuf, Message, ReadOptions,
    };
    let event = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","n":1,"data":[1]}"#,
    )
    .unwrap();
    let body = write(&event);
    let ct: &[u8] = b"application/cloudevents+protobuf";
    let opts = ReadOptions::new();
    assert_eq!(
        detect_mode(Some(ct), &opts).unwrap(),
        ContentMode::Structured
    );
    assert_eq!(
        detect_mode(Some(b"Application/CloudEvents-Batch+Protobuf"), &opts).unwrap(),
        ContentMode::Batch
    );
    // Formats this build does not read stay unsupported.
    let e = detect_mode(Some(b"application/cloudevents+avro"), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnsupportedFormat);

    let headers = [("content-type", "application/cloudevents+protobuf")];
    let m = http::read(headers, &body).unwrap();
    assert!(matches!(&m, Message::Structured(e) if *e == event));
    let kafka_headers: [(&[u8], Option<&[u8]>); 1] = [(b"content-type", Some(ct))];
    let m = kafka::read(kafka_headers, Some(&body)).unwrap();
    assert!(matches!(&m, Message::Structured(e) if *e == event));
    let none: [(&str, &str); 0] = [];
    let m = mqtt::read(mqtt::MqttVersion::V5, Some(ct), none, &body).unwrap();
    assert!(matches!(&m, Message::Structured(e) if *e == event));
    let m = nats::read(headers, &body).unwrap();
    assert!(matches!(&m, Message::Structured(e) if *e == event));
    let props: [(&str, amqp::AmqpValue<'_>); 0] = [];
    let mut scratch = amqp::AmqpScratch::new();
    let m = amqp::read(Some(ct), props, Some(&body), &mut scratch).unwrap();
    assert!(matches!(&m, Message::Structured(e) if *e == event));

    // Writers.
    let (mut h, mut b) = (HeaderBuf::new(), Vec::new());
    let w = http::write_structured_protobuf(&event, &mut h, &mut b);
    assert!(w.content_type.unwrap() == protobuf::MEDIA_TYPE);
    assert_eq!(b, body);
    let (mut h, mut b) = (HeaderBuf::new(), Vec::new());
    kafka::write_structured_protobuf(&event, &mut h, &mut b);
    assert_eq!(
        kafka::read(&h, Some(&b)).unwrap().into_event().unwrap(),
        event
    );
}

#[test]
fn proto_5_http_batch() {
    use cloudevents_codec::binding::{http, HeaderBuf, Message};
    let events: Vec<Event<'_>> = ["1", "2", "3"]
        .iter()
        .map(|id| {
            cloudevents_codec::EventBuilder::new(id, "/s", "t")
                .build()
                .unwrap()
        })
        .collect();
    let (mut h, mut b) = (HeaderBuf::new(), Vec::new());
    http::write_batch_protobuf(&events, &mut h, &mut b).unwrap();
    assert_eq!(
        h.get(b"content-type"),
        Some(protobuf::BATCH_MEDIA_TYPE.as_bytes())
    );
    let Message::ProtobufBatch(batch) = http::read(&h, &b).unwrap() else {
        panic!("a Protobuf batch");
    };
    let back: Vec<Event<'_>> = batch.collect::<Result<_, _>>().unwrap();
    assert_eq!(back, events);
}

#[test]
fn ws_3_cloudevents_proto_subprotocol() {
    use cloudevents_codec::binding::ws::{self, FrameType, Subprotocol};
    assert!(Subprotocol::Proto.is_supported());
    assert!(!Subprotocol::Avro.is_supported());
    assert_eq!(
        ws::select(b"cloudevents.avro, cloudevents.proto, cloudevents.json"),
        Some(Subprotocol::Proto)
    );
    let event =
        Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#).unwrap();
    let mut payload = Vec::new();
    let frame = ws::write(Subprotocol::Proto, &event, &mut payload).unwrap();
    assert_eq!(frame, FrameType::Binary);
    let back = ws::read(Subprotocol::Proto, FrameType::Binary, &payload)
        .unwrap()
        .into_event()
        .unwrap();
    assert_eq!(back, event);
    // WS-3: the wrong frame type.
    let e = ws::read(Subprotocol::Proto, FrameType::Text, &payload).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnsupportedFormat);
}
