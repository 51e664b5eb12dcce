//! The Protobuf format against an independent implementation: `prost`
//! with the spec's messages written by hand (`support/cloudevents_prost.rs`).
//!
//! - Generated events (every corpus profile, plus events with every
//!   attribute type and data kind): prost decodes what we write to the
//!   values we meant (PROTO-2..PROTO-4), and we read what prost writes to
//!   the same event.
//! - Mutations of those messages (bit flips, byte edits, cuts, repeats):
//!   whenever both decoders accept, they agree on every value; we never
//!   accept bytes prost rejects; and we call bytes malformed (`Syntax`) only
//!   when prost does too. We may refuse what prost reads for CloudEvents
//!   reasons (attribute rules, duplicates protobuf would merge).
#![cfg(feature = "protobuf")]

#[path = "support/cloudevents_prost.rs"]
mod pb;

use std::collections::BTreeMap;

use cloudevents_codec::{protobuf, Data, ErrorKind, Event, Text, TextEncoding, Timestamp, Value};
use cloudevents_codec_corpus::{self as corpus, Profile};
use prost::Message as _;

/// A decoded event in one shape for both decoders.
#[derive(Debug, PartialEq)]
struct Norm {
    id: String,
    source: String,
    spec_version: String,
    ty: String,
    attrs: BTreeMap<String, V>,
    data: Option<D>,
}

#[derive(Debug, PartialEq)]
enum V {
    Bool(bool),
    Int(i32),
    Str(String),
    Bytes(Vec<u8>),
    /// Unix seconds and nanos.
    Time(i64, u32),
}

#[derive(Debug, PartialEq)]
enum D {
    /// The payload as it travels (bytes, text).
    Raw(Vec<u8>),
    Any(String, Vec<u8>),
}

fn text_value(t: &Text<'_>) -> V {
    match t.encoding() {
        TextEncoding::BinaryAsBase64 => V::Bytes(t.raw().to_vec()),
        TextEncoding::ProtobufTimestamp => {
            // Back from its RFC 3339 text: an independent path from the
            // reader's rendering.
            let ts = Timestamp::parse(t.to_string().as_bytes()).unwrap();
            V::Time(ts.unix_timestamp(), ts.nanosecond())
        }
        _ => V::Str(t.to_string()),
    }
}

fn norm_ours(e: &Event<'_>) -> Norm {
    let attrs = e
        .attributes()
        .filter(|(n, _)| {
            !["specversion", "id", "source", "type"]
                .iter()
                .any(|r| n == r)
        })
        .map(|(n, v)| {
            let v = match v {
                Value::Boolean(b) => V::Bool(b),
                Value::Integer(i) => V::Int(i),
                Value::String(t) => text_value(&t),
                other => panic!("unexpected {other:?}"),
            };
            (n.to_string(), v)
        })
        .collect();
    let data = e.data().map(|d| match d {
        Data::Json(s) => D::Raw(s.as_bytes().to_vec()),
        // Base64 text of a 0.3 event is the text that traveled.
        Data::Text(t) | Data::Base64(t) => D::Raw(t.to_string().into_bytes()),
        Data::Binary(b) => D::Raw(b.to_vec()),
        Data::Protobuf(any) => D::Any(any.type_url().to_string(), any.value().to_vec()),
        other => panic!("unexpected {other:?}"),
    });
    Norm {
        id: e.id().to_string(),
        source: e.source().to_string(),
        spec_version: e.specversion().as_str().to_string(),
        ty: e.ty().to_string(),
        attrs,
        data,
    }
}

fn norm_prost(m: &pb::CloudEvent) -> Norm {
    let mut attrs: BTreeMap<String, V> = m
        .attributes
        .iter()
        .filter_map(|(k, v)| {
            let v = match v.attr.as_ref()? {
                pb::Attr::CeBoolean(b) => V::Bool(*b),
                pb::Attr::CeInteger(i) => V::Int(*i),
                pb::Attr::CeString(s) | pb::Attr::CeUri(s) | pb::Attr::CeUriRef(s) => {
                    V::Str(s.clone())
                }
                pb::Attr::CeBytes(b) => V::Bytes(b.clone()),
                pb::Attr::CeTimestamp(t) => V::Time(t.seconds, t.nanos as u32),
            };
            Some((k.clone(), v))
        })
        .collect();
    // Required attributes may come in the map when their field is empty.
    let mut field = |value: &str, name: &str| match attrs.remove(name) {
        Some(V::Str(s)) if value.is_empty() => s,
        Some(other) => panic!("{name} both ways: {other:?}"),
        None => value.to_string(),
    };
    let id = field(&m.id, "id");
    let source = field(&m.source, "source");
    let spec_version = field(&m.spec_version, "specversion");
    let ty = field(&m.r#type, "type");
    if spec_version == "0.3" {
        // An instruction for the data, not an attribute of the event.
        attrs.remove("datacontentencoding");
    }
    let data = m.data.as_ref().map(|d| match d {
        pb::Data::BinaryData(b) => D::Raw(b.clone()),
        pb::Data::TextData(s) => D::Raw(s.clone().into_bytes()),
        pb::Data::ProtoData(a) => D::Any(a.type_url.clone(), a.value.clone()),
    });
    Norm {
        id,
        source,
        spec_version,
        ty,
        attrs,
        data,
    }
}

/// JSON events of every profile, and events that use every attribute type
/// and data kind.
fn json_samples() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for p in Profile::ALL {
        let nd = corpus::ndjson(p, 30, 21);
        out.extend(
            nd.split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(<[u8]>::to_vec),
        );
    }
    let base = r#""specversion":"1.0","id":"x","source":"/s","type":"t""#;
    for tail in [
        r#""time":"2024-02-29T23:59:59.999999999Z","n":-1,"b":true,"s":"caf\u00e9","data":"x""#,
        r#""time":"1969-12-31T23:59:59.5Z","datacontenttype":"text/plain","data":"line\nbreak""#,
        r#""dataschema":"https://s/x","subject":"su","data_base64":"AP8=""#,
        r#""datacontenttype":"application/protobuf","dataschema":"https://t/a.B","data_base64":"CAE=""#,
    ] {
        out.push(format!("{{{base},{tail}}}").into_bytes());
    }
    out.push(
        br#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"/r","datacontentencoding":"base64","data":"Zm9v"}"#
            .to_vec(),
    );
    out
}

/// Hand-made messages: every oneof member (ce_bytes, ce_uri, ce_uri_ref,
/// ce_timestamp extensions), unknown fields of every wire type, a group,
/// proto_data, required attributes in the map.
fn wire_samples() -> Vec<Vec<u8>> {
    let mut e = pb::CloudEvent {
        id: "id-1".into(),
        source: "/src".into(),
        spec_version: "1.0".into(),
        r#type: "t".into(),
        ..Default::default()
    };
    let attr = |a: pb::Attr| pb::CloudEventAttributeValue { attr: Some(a) };
    e.attributes
        .insert("bin".into(), attr(pb::Attr::CeBytes(vec![0, 1, 2])));
    e.attributes
        .insert("u".into(), attr(pb::Attr::CeUri("https://u/".into())));
    e.attributes
        .insert("r".into(), attr(pb::Attr::CeUriRef("../r".into())));
    e.attributes.insert(
        "ts".into(),
        attr(pb::Attr::CeTimestamp(pb::Timestamp {
            seconds: -86_400,
            nanos: 1_000,
        })),
    );
    e.attributes
        .insert("i".into(), attr(pb::Attr::CeInteger(i32::MIN)));
    e.data = Some(pb::Data::ProtoData(pb::Any {
        type_url: "type.googleapis.com/x.Y".into(),
        value: vec![8, 150, 1],
    }));
    let mut a = e.encode_to_vec();
    // Unknown fields: 9 varint, 10 fixed64, 11 bytes, 12 fixed32, 13 group.
    a.extend_from_slice(b"\x48\x96\x01\x51\x01\x02\x03\x04\x05\x06\x07\x08\x5a\x01z\x65\x01\x02\x03\x04\x6b\x08\x01\x6c");
    let mut b = pb::CloudEvent {
        spec_version: "1.0".into(),
        ..Default::default()
    };
    b.attributes
        .insert("id".into(), attr(pb::Attr::CeString("in-map".into())));
    b.attributes
        .insert("source".into(), attr(pb::Attr::CeUriRef("/m".into())));
    b.attributes
        .insert("type".into(), attr(pb::Attr::CeString("t".into())));
    b.attributes.insert(
        "time".into(),
        attr(pb::Attr::CeString("2024-01-01T00:00:00+01:00".into())),
    );
    b.data = Some(pb::Data::TextData("{\"a\":[1]}".into()));
    vec![a, b.encode_to_vec()]
}

fn seeds() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = json_samples()
        .iter()
        .map(|j| {
            let mut o = Vec::new();
            protobuf::write_event(&Event::from_json(j).unwrap(), &mut o);
            o
        })
        .collect();
    out.extend(wire_samples());
    out
}

#[test]
fn proto_2_prost_decodes_what_we_write() {
    for json in json_samples() {
        let e = Event::from_json(&json).unwrap();
        let mut ours = Vec::new();
        protobuf::write_event(&e, &mut ours);
        let theirs = pb::CloudEvent::decode(&ours[..]).unwrap();
        // Both decoders see the same values in our bytes...
        let read = Event::from_protobuf(&ours).unwrap();
        assert_eq!(
            norm_prost(&theirs),
            norm_ours(&read),
            "{}",
            String::from_utf8_lossy(&json)
        );
        // ...which are the event's (a time may have become a Timestamp).
        assert_eq!(read, e);
        // Types (PROTO-3): dataschema is a URI, time a Timestamp when exact.
        if let Some(v) = theirs.attributes.get("dataschema") {
            assert!(matches!(v.attr, Some(pb::Attr::CeUri(_))));
        }
        if let Some(t) = e.time() {
            // A ce_timestamp exactly when its text is the event's.
            if let Some(pb::Attr::CeTimestamp(ts)) = &theirs.attributes["time"].attr {
                let utc = Timestamp::from_unix(ts.seconds, ts.nanos as u32).unwrap();
                assert_eq!(utc.unix_nanos(), e.timestamp().unwrap().unix_nanos(), "{t}");
                assert!(e.timestamp().unwrap().is_utc_z(), "{t}");
            }
        }
        // And we read prost's encoding of it (map entries sorted by name).
        let again = theirs.encode_to_vec();
        let back = Event::from_protobuf(&again).unwrap();
        assert_eq!(back, e);
    }
}

#[test]
fn proto_5_prost_decodes_our_batches() {
    let events: Vec<Vec<u8>> = json_samples();
    let events: Vec<Event<'_>> = events
        .iter()
        .filter(|j| !j.windows(5).any(|w| w == b"\"0.3\""))
        .map(|j| Event::from_json(j).unwrap())
        .collect();
    let mut body = Vec::new();
    let mut w = protobuf::BatchWriter::new(&mut body);
    for e in &events {
        w.push(e).unwrap();
    }
    let theirs = pb::CloudEventBatch::decode(&body[..]).unwrap();
    assert_eq!(theirs.events.len(), events.len());
    let ours: Vec<Event<'_>> = protobuf::BatchReader::new(&body)
        .collect::<Result<_, _>>()
        .unwrap();
    for (p, e) in theirs.events.iter().zip(&ours) {
        assert_eq!(norm_prost(p), norm_ours(e));
    }
    let again = theirs.encode_to_vec();
    let back: Vec<Event<'_>> = protobuf::BatchReader::new(&again)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, events);
}

#[test]
fn wire_samples_read_like_prost() {
    for m in wire_samples() {
        let ours = Event::from_protobuf(&m).unwrap();
        let theirs = pb::CloudEvent::decode(&m[..]).unwrap();
        assert_eq!(norm_ours(&ours), norm_prost(&theirs));
    }
}

/// xorshift64*: deterministic mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut m = input.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(m.len() + 1);
        match rng.below(7) {
            0 if at < m.len() => m[at] ^= 1 << rng.below(8),
            1 if at < m.len() => m[at] = rng.next() as u8,
            2 => m.insert(at, rng.next() as u8),
            3 if at < m.len() => {
                m.remove(at);
            }
            4 => m.truncate(at),
            5 if at < m.len() => {
                // Repeat a chunk (a field given twice, if it lines up).
                let end = (at + 1 + rng.below(24)).min(m.len());
                let chunk = m[at..end].to_vec();
                let to = rng.below(m.len() + 1);
                m.splice(to..to, chunk);
            }
            _ if at < m.len() => m[at] = [0x00, 0x7f, 0x80, 0xff, 0x08, 0x0a, 0x2a][rng.below(7)],
            _ => m.push(rng.next() as u8),
        }
    }
    m
}

#[test]
fn mutations_agree_with_prost() {
    let seeds = seeds();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut both_ok, mut both_err, mut ce_only) = (0, 0, 0);
    for round in 0..40_000 {
        let seed = &seeds[round % seeds.len()];
        let m = mutate(seed, &mut rng);
        let ours = Event::from_protobuf(&m);
        let theirs = pb::CloudEvent::decode(&m[..]);
        match (&ours, &theirs) {
            (Ok(e), Ok(p)) => {
                both_ok += 1;
                assert_eq!(norm_ours(e), norm_prost(p), "{m:02x?}");
                // Our writer's bytes read back to the same event.
                let mut again = Vec::new();
                protobuf::write_event(e, &mut again);
                assert_eq!(&Event::from_protobuf(&again).unwrap(), e);
            }
            (Ok(e), Err(err)) => panic!("we accept what prost rejects ({err}): {e:?}\n{m:02x?}"),
            (Err(e), Ok(_)) => {
                ce_only += 1;
                assert_ne!(e.kind(), ErrorKind::Syntax, "prost reads it: {e}\n{m:02x?}");
            }
            (Err(e), Err(_)) => {
                both_err += 1;
                if let Some(at) = e.offset() {
                    assert!(at <= m.len(), "{e}");
                }
            }
        }
    }
    // The mutations reach every outcome.
    assert!(
        both_ok > 1000 && both_err > 1000 && ce_only > 1000,
        "{both_ok} {both_err} {ce_only}"
    );
}
