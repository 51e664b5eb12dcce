//! AMQP, MQTT, NATS and WebSocket bindings: `docs/RULES.md` §6-§9 (AMQP-1..8,
//! MQTT-1..5, NATS-1..4, WS-1..3) and edge cases E-72..E-76.

use cloudevents_codec::binding::amqp::{self, AmqpScratch, AmqpValue, PropertySink, Separator};
use cloudevents_codec::binding::mqtt::{self, MqttVersion};
use cloudevents_codec::binding::ws::{self, FrameType, Subprotocol};
use cloudevents_codec::binding::{nats, ContentMode, HeaderBuf, Message, ReadOptions};
use cloudevents_codec::{ErrorKind, Event, TextEncoding, Value};

const STRUCTURED: &[u8] = br#"{"specversion":"1.0","id":"body","source":"/s","type":"t"}"#;

// ---------------------------------------------------------------------------
// AMQP
// ---------------------------------------------------------------------------

/// An owned AMQP property value, for collecting written properties.
#[derive(Debug, Clone, PartialEq)]
enum Owned {
    Str(String),
    Bin(Vec<u8>),
    Long(i64),
    Bool(bool),
    Ts(i64),
}

#[derive(Default, Debug)]
struct Props(Vec<(String, Owned)>);

impl PropertySink for Props {
    fn property(&mut self, name: &str, value: AmqpValue<'_>) {
        let v = match value {
            AmqpValue::String(s) => Owned::Str(s.to_string()),
            AmqpValue::Binary(b) => Owned::Bin(b.to_vec()),
            AmqpValue::Long(i) => Owned::Long(i),
            AmqpValue::Boolean(b) => Owned::Bool(b),
            AmqpValue::Timestamp(t) => Owned::Ts(t),
            v => panic!("unexpected {v:?}"),
        };
        self.0.push((name.to_string(), v));
    }
}

impl Props {
    fn get(&self, name: &str) -> Option<&Owned> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
    fn values(&self) -> Vec<(&str, AmqpValue<'_>)> {
        self.0
            .iter()
            .map(|(n, v)| {
                let v = match v {
                    Owned::Str(s) => AmqpValue::String(s),
                    Owned::Bin(b) => AmqpValue::Binary(b),
                    Owned::Long(i) => AmqpValue::Long(*i),
                    Owned::Bool(b) => AmqpValue::Boolean(*b),
                    Owned::Ts(t) => AmqpValue::Timestamp(*t),
                };
                (n.as_str(), v)
            })
            .collect()
    }
}

fn amqp_base() -> Vec<(&'static str, AmqpValue<'static>)> {
    vec![
        ("cloudEvents_specversion", AmqpValue::String("1.0")),
        ("cloudEvents_id", AmqpValue::String("1")),
        ("cloudEvents_source", AmqpValue::String("/s")),
        ("cloudEvents_type", AmqpValue::String("t")),
    ]
}

fn amqp_with(
    extra: &[(&'static str, AmqpValue<'static>)],
) -> Vec<(&'static str, AmqpValue<'static>)> {
    let mut v = amqp_base();
    v.extend_from_slice(extra);
    v
}

fn amqp_err(props: Vec<(&'static str, AmqpValue<'static>)>) -> ErrorKind {
    let mut scratch = AmqpScratch::new();
    let kind = match amqp::read(None, props, None, &mut scratch) {
        Ok(m) => panic!("expected an error, got {m:?}"),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            e.kind()
        }
    };
    kind
}

// AMQP-1, AMQP-2: modes.
#[test]
fn amqp_2_modes() {
    let mut s = AmqpScratch::new();
    let m = amqp::read(
        Some(b"application/cloudevents+json; charset=utf-8"),
        [],
        Some(STRUCTURED),
        &mut s,
    )
    .unwrap();
    assert_eq!(m.mode(), ContentMode::Structured);
    let mut s = AmqpScratch::new();
    let m = amqp::read(Some(b"text/plain"), amqp_base(), Some(b"x"), &mut s).unwrap();
    assert_eq!(m.mode(), ContentMode::Binary);
    let mut s = AmqpScratch::new();
    let e = amqp::read(
        Some(b"application/cloudevents-batch+json"),
        [],
        Some(b"[]"),
        &mut s,
    );
    assert_eq!(e.unwrap_err().kind(), ErrorKind::UnsupportedFormat);
    let mut s = AmqpScratch::new();
    let e = amqp::read(Some(b"application/cloudevents+json"), [], None, &mut s);
    assert_eq!(e.unwrap_err().kind(), ErrorKind::Syntax);
    assert_eq!(amqp_err(vec![]), ErrorKind::NotCloudEvent);
}

// AMQP-3: content-type ⇄ datacontenttype; property fallback must agree.
#[test]
fn amqp_3_content_type() {
    let mut s = AmqpScratch::new();
    let e = amqp::read(Some(b"text/plain"), amqp_base(), Some(b"hi"), &mut s)
        .unwrap()
        .into_event()
        .unwrap();
    assert!(e.datacontenttype().unwrap() == "text/plain");
    let props = amqp_with(&[("cloudEvents_datacontenttype", AmqpValue::String("text/xml"))]);
    let mut s = AmqpScratch::new();
    let err = amqp::read(Some(b"text/plain"), props, None, &mut s).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let props = amqp_with(&[("cloudEvents_datacontenttype", AmqpValue::String("text/xml"))]);
    let mut s = AmqpScratch::new();
    let e = amqp::read(None, props, None, &mut s)
        .unwrap()
        .into_event()
        .unwrap();
    assert!(e.datacontenttype().unwrap() == "text/xml");
    // Written as the content-type property only.
    let mut p = Props::default();
    let written = amqp::write_binary(&e, &mut p, &mut Vec::new()).unwrap();
    assert!(written.content_type.unwrap() == "text/xml");
    assert!(p.get("cloudEvents_datacontenttype").is_none());
}

// AMQP-4, E-72: prefixes.
#[test]
fn amqp_4_prefixes_e72() {
    let props = vec![
        ("cloudEvents:specversion", AmqpValue::String("1.0")),
        ("cloudEvents:id", AmqpValue::String("1")),
        ("cloudEvents:source", AmqpValue::String("/s")),
        ("cloudEvents:type", AmqpValue::String("t")),
        ("other", AmqpValue::Long(1)),
    ];
    let mut s = AmqpScratch::new();
    let e = amqp::read(None, props, None, &mut s)
        .unwrap()
        .into_event()
        .unwrap();
    assert!(e.id() == "1");
    assert_eq!(e.extensions().len(), 0);

    let props = amqp_with(&[("cloudEvents:x", AmqpValue::String("v"))]);
    assert_eq!(amqp_err(props), ErrorKind::InvalidValue);

    assert_eq!(
        amqp_err(amqp_with(&[("cloudEvents_My-Ext", AmqpValue::String("v"))])),
        ErrorKind::InvalidName
    );
    assert_eq!(
        amqp_err(amqp_with(&[("cloudEvents_data", AmqpValue::String("v"))])),
        ErrorKind::InvalidName
    );

    let e = Event::from_json(STRUCTURED).unwrap();
    let mut p = Props::default();
    amqp::write_binary_with(&e, Separator::Colon, &mut p, &mut Vec::new()).unwrap();
    assert!(p.get("cloudEvents:id").is_some());
    let mut p = Props::default();
    amqp::write_binary(&e, &mut p, &mut Vec::new()).unwrap();
    assert!(p.get("cloudEvents_id").is_some());
}

// AMQP-5, AMQP-6, E-73: typed values.
#[test]
fn amqp_5_types_e73() {
    let props = amqp_with(&[
        ("cloudEvents_n", AmqpValue::Long(5)),
        ("cloudEvents_i", AmqpValue::Int(-7)),
        ("cloudEvents_u", AmqpValue::UByte(200)),
        ("cloudEvents_s", AmqpValue::String("5")),
        ("cloudEvents_b", AmqpValue::Boolean(true)),
        ("cloudEvents_bin", AmqpValue::Binary(b"foob")),
        ("cloudEvents_time", AmqpValue::Timestamp(1_522_949_460_000)),
        ("cloudEvents_nothing", AmqpValue::Null),
    ]);
    let mut s = AmqpScratch::new();
    let e = amqp::read(None, props, None, &mut s)
        .unwrap()
        .into_event()
        .unwrap();
    assert_eq!(e.extension("n"), Some(Value::Integer(5)));
    assert_eq!(e.extension("i"), Some(Value::Integer(-7)));
    assert_eq!(e.extension("u"), Some(Value::Integer(200)));
    assert!(e.extension("s").unwrap().as_text().unwrap() == "5");
    assert_eq!(e.extension("b"), Some(Value::Boolean(true)));
    let bin = e.extension("bin").unwrap().as_text().unwrap();
    assert_eq!(bin.encoding(), TextEncoding::BinaryAsBase64);
    assert!(bin == "Zm9vYg==");
    assert!(e.extension("nothing").is_none());
    assert!(e.time().unwrap() == "2018-04-05T17:31:00Z");

    assert_eq!(
        amqp_err(amqp_with(&[("cloudEvents_n", AmqpValue::Long(1 << 31))])),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        amqp_err(amqp_with(&[("cloudEvents_n", AmqpValue::ULong(u64::MAX))])),
        ErrorKind::InvalidValue
    );
    // A String-typed core attribute must be a string.
    assert_eq!(
        amqp_err(amqp_with(&[("cloudEvents_subject", AmqpValue::Long(1))])),
        ErrorKind::TypeMismatch
    );
    // Timestamps as strings are checked like any time.
    assert_eq!(
        amqp_err(amqp_with(&[(
            "cloudEvents_time",
            AmqpValue::String("nope")
        )])),
        ErrorKind::InvalidValue
    );
    // Out-of-range timestamps.
    assert_eq!(
        amqp_err(amqp_with(&[(
            "cloudEvents_time",
            AmqpValue::Timestamp(i64::MAX)
        )])),
        ErrorKind::InvalidValue
    );
}

#[test]
fn amqp_write_types() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"2018-04-05T17:31:00.5Z","n":5,"b":false,"s":"x"}"#,
    )
    .unwrap();
    let mut p = Props::default();
    amqp::write_binary(&e, &mut p, &mut Vec::new()).unwrap();
    assert_eq!(
        p.get("cloudEvents_time"),
        Some(&Owned::Ts(1_522_949_460_500))
    );
    assert_eq!(p.get("cloudEvents_n"), Some(&Owned::Long(5)));
    assert_eq!(p.get("cloudEvents_b"), Some(&Owned::Bool(false)));
    assert_eq!(p.get("cloudEvents_s"), Some(&Owned::Str("x".into())));
    assert_eq!(
        p.get("cloudEvents_specversion"),
        Some(&Owned::Str("1.0".into()))
    );
    // AMQP-6: sub-millisecond times stay strings.
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"2018-04-05T17:31:00.123456Z"}"#,
    )
    .unwrap();
    let mut p = Props::default();
    amqp::write_binary(&e, &mut p, &mut Vec::new()).unwrap();
    assert_eq!(
        p.get("cloudEvents_time"),
        Some(&Owned::Str("2018-04-05T17:31:00.123456Z".into()))
    );
}

// AMQP-7: every extension, including ones with secondary mappings
// (`partitionkey`), keeps its application property.
#[test]
fn amqp_7_extensions_keep_properties() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","partitionkey":"k","traceparent":"00-x"}"#,
    )
    .unwrap();
    let mut p = Props::default();
    amqp::write_binary(&e, &mut p, &mut Vec::new()).unwrap();
    assert_eq!(
        p.get("cloudEvents_partitionkey"),
        Some(&Owned::Str("k".into()))
    );
    assert_eq!(
        p.get("cloudEvents_traceparent"),
        Some(&Owned::Str("00-x".into()))
    );
}

// AMQP-8: structured.
#[test]
fn amqp_8_structured() {
    let e = Event::from_json(STRUCTURED).unwrap();
    let mut body = Vec::new();
    let ct = amqp::write_structured(&e, &mut body).content_type.unwrap();
    let mut s = AmqpScratch::new();
    let back = amqp::read(Some(ct.raw()), [], Some(&body), &mut s).unwrap();
    assert_eq!(back.mode(), ContentMode::Structured);
    assert_eq!(back.into_event().unwrap(), e);
}

// The binding document's binary example (§3.1.4).
#[test]
fn amqp_spec_example() {
    let props = vec![
        ("cloudEvents_specversion", AmqpValue::String("1.0")),
        (
            "cloudEvents_type",
            AmqpValue::String("com.example.someevent"),
        ),
        (
            "cloudEvents_time",
            AmqpValue::String("2018-04-05T03:56:24Z"),
        ),
        ("cloudEvents_id", AmqpValue::String("1234-1234-1234")),
        (
            "cloudEvents_source",
            AmqpValue::String("/mycontext/subcontext"),
        ),
    ];
    let mut s = AmqpScratch::new();
    let e = amqp::read(
        Some(b"application/json; charset=utf-8"),
        props,
        Some(b"{}"),
        &mut s,
    )
    .unwrap()
    .into_event()
    .unwrap();
    assert!(e.data_is_json());
}

#[test]
fn amqp_round_trips() {
    for json in [
        &br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#[..],
        br#"{"specversion":"1.0","id":"a\"b","source":"/s","type":"t","subject":"s","time":"2018-04-05T17:31:00.250Z","dataschema":"http://x/s","n":-3,"b":true,"x":"y","datacontenttype":"application/json","data":{"a":1}}"#,
    ] {
        let e = Event::from_json(json).unwrap();
        let mut p = Props::default();
        let mut body = Vec::new();
        let written = amqp::write_binary(&e, &mut p, &mut body).unwrap();
        let ct = written.content_type.map(|t| t.to_string());
        let values = p.values();
        let mut s = AmqpScratch::new();
        let data = if e.data().is_some() { Some(&body[..]) } else { None };
        let back = amqp::read(ct.as_deref().map(str::as_bytes), values, data, &mut s)
            .unwrap()
            .into_event()
            .unwrap();
        assert_eq!(back, e);
        let mut out = Vec::new();
        cloudevents_codec::json::write_event(&back, &mut out);
        assert_eq!(Event::from_json(&out).unwrap(), e);
    }
    // Binary properties survive AMQP → JSON (base64 string) → AMQP as strings.
    let mut s = AmqpScratch::new();
    let e = amqp::read(
        None,
        amqp_with(&[("cloudEvents_bin", AmqpValue::Binary(b"\x00\xff"))]),
        None,
        &mut s,
    )
    .unwrap()
    .into_event()
    .unwrap();
    let mut out = Vec::new();
    cloudevents_codec::json::write_event(&e, &mut out);
    assert!(String::from_utf8(out.clone())
        .unwrap()
        .contains(r#""bin":"AP8=""#));
    let mut p = Props::default();
    amqp::write_binary(&e, &mut p, &mut Vec::new()).unwrap();
    assert_eq!(p.get("cloudEvents_bin"), Some(&Owned::Bin(vec![0, 255])));
}

#[test]
fn amqp_hostile() {
    let mut props = amqp_base();
    for _ in 0..9 {
        props.push(("cloudEvents_t", AmqpValue::Timestamp(0)));
    }
    // Duplicates are found before the scratch runs out.
    assert_eq!(amqp_err(props), ErrorKind::Duplicate);
    let names: Vec<String> = (0..10).map(|i| format!("cloudEvents_t{i}")).collect();
    let mut props: Vec<(&str, AmqpValue)> = amqp_base();
    props.extend(names.iter().map(|n| (n.as_str(), AmqpValue::Timestamp(0))));
    let mut s = AmqpScratch::new();
    let err = amqp::read(None, props, None, &mut s).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Limit);
    assert_eq!(
        amqp_err(amqp_with(&[("cloudEvents_id", AmqpValue::String("2"))])),
        ErrorKind::Duplicate
    );
}

// ---------------------------------------------------------------------------
// MQTT
// ---------------------------------------------------------------------------

const MQTT_BASE: [(&str, &str); 4] = [
    ("specversion", "1.0"),
    ("id", "1"),
    ("source", "/s"),
    ("type", "t"),
];

fn mqtt_with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut v = MQTT_BASE.to_vec();
    v.extend_from_slice(extra);
    v
}

// MQTT-1, E-74: 3.1.1 is structured always.
#[test]
fn mqtt_1_v311_structured_e74() {
    let m = mqtt::read(MqttVersion::V3_1_1, None, MQTT_BASE, STRUCTURED).unwrap();
    assert_eq!(m.mode(), ContentMode::Structured);
    assert!(m.into_event().unwrap().id() == "body");
    let err = mqtt::read(MqttVersion::V3_1_1, None, MQTT_BASE, b"x").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
}

// MQTT-2: mode by Content Type.
#[test]
fn mqtt_2_modes() {
    let m = mqtt::read(
        MqttVersion::V5,
        Some(b"application/cloudevents+json"),
        [("id", "ignored")],
        STRUCTURED,
    )
    .unwrap();
    assert_eq!(m.mode(), ContentMode::Structured);
    let m = mqtt::read(MqttVersion::V5, None, MQTT_BASE, b"").unwrap();
    assert_eq!(m.mode(), ContentMode::Binary);
    let err = mqtt::read(
        MqttVersion::V5,
        Some(b"application/cloudevents+avro"),
        MQTT_BASE,
        b"x",
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedFormat);
    let opts = ReadOptions::new().with_unknown_formats_as_binary(true);
    let m = mqtt::read_with(
        MqttVersion::V5,
        Some(b"application/cloudevents+avro"),
        MQTT_BASE,
        b"x",
        &opts,
    )
    .unwrap();
    assert_eq!(m.mode(), ContentMode::Binary);
}

// MQTT-3, E-74: user properties without prefix.
#[test]
fn mqtt_3_user_properties_e74() {
    let props = mqtt_with(&[
        ("ext", "v"),
        ("X-Trace", "app metadata"),
        ("ce-id", "go style"),
    ]);
    let m = mqtt::read(MqttVersion::V5, Some(b"text/plain"), &props, b"hi").unwrap();
    let e = m.into_event().unwrap();
    assert!(e.id() == "1");
    assert!(e.datacontenttype().unwrap() == "text/plain");
    assert_eq!(e.extensions().len(), 1);
    assert_eq!(e.data().unwrap().as_bytes(), Some(&b"hi"[..]));
    let err = mqtt::read(MqttVersion::V5, None, [("id", "1")], b"").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotCloudEvent);
    let props = mqtt_with(&[("data", "x")]);
    let err = mqtt::read(MqttVersion::V5, None, &props, b"").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidName);
}

// MQTT-4: datacontenttype property fallback, conflict, duplicates.
#[test]
fn mqtt_4_datacontenttype() {
    let props = mqtt_with(&[("datacontenttype", "text/plain")]);
    let e = mqtt::read(MqttVersion::V5, None, &props, b"")
        .unwrap()
        .into_event()
        .unwrap();
    assert!(e.datacontenttype().unwrap() == "text/plain");
    let err = mqtt::read(MqttVersion::V5, Some(b"text/xml"), &props, b"").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let props = mqtt_with(&[("id", "2")]);
    let err = mqtt::read(MqttVersion::V5, None, &props, b"").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Duplicate);
    // Never written as a user property.
    let mut out = HeaderBuf::new();
    let written = mqtt::write_binary(&e, &mut out, &mut Vec::new()).unwrap();
    assert!(written.content_type.unwrap() == "text/plain");
    assert!(out.get(b"datacontenttype").is_none());
}

// The binding document's MQTT 5 binary example (§3.1.4), which also lists
// `datacontenttype` as a user property (MQTT-4).
#[test]
fn mqtt_spec_example() {
    let props = [
        ("specversion", "1.0"),
        ("type", "com.example.someevent"),
        ("time", "2018-04-05T03:56:24Z"),
        ("id", "1234-1234-1234"),
        ("source", "/mycontext/subcontext"),
        ("datacontenttype", "application/json; charset=utf-8"),
    ];
    let e = mqtt::read(
        MqttVersion::V5,
        Some(b"application/json; charset=utf-8"),
        props,
        b"{}",
    )
    .unwrap()
    .into_event()
    .unwrap();
    assert!(e.source() == "/mycontext/subcontext");
    assert!(e.data_is_json());
}

// MQTT-5: structured write.
#[test]
fn mqtt_5_structured() {
    let e = Event::from_json(STRUCTURED).unwrap();
    let mut payload = Vec::new();
    let ct = mqtt::write_structured(&e, &mut payload)
        .content_type
        .unwrap();
    let m = mqtt::read(MqttVersion::V5, Some(ct.raw()), MQTT_BASE, &payload).unwrap();
    assert_eq!(m.mode(), ContentMode::Structured);
    assert_eq!(m.into_event().unwrap(), e);
}

#[test]
fn mqtt_round_trips() {
    for json in [
        &br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#[..],
        r#"{"specversion":"1.0","id":"a b%","source":"/s","type":"t","subject":"€ x","x":"y","datacontenttype":"application/json","data":[1]}"#.as_bytes(),
    ] {
        let e = Event::from_json(json).unwrap();
        let mut props = HeaderBuf::new();
        let mut payload = Vec::new();
        let written = mqtt::write_binary(&e, &mut props, &mut payload).unwrap();
        let ct = written.content_type.map(|t| t.to_string());
        let back = mqtt::read(MqttVersion::V5, ct.as_deref().map(str::as_bytes), &props, &payload)
            .unwrap()
            .into_event()
            .unwrap();
        assert_eq!(back, e);
    }
}

// ---------------------------------------------------------------------------
// NATS
// ---------------------------------------------------------------------------

const NATS_BASE: [(&str, &str); 4] = [
    ("ce-specversion", "1.0"),
    ("ce-id", "1"),
    ("ce-source", "/s"),
    ("ce-type", "t"),
];

// NATS-1, NATS-2, E-75: modes.
#[test]
fn nats_2_modes_e75() {
    let m = nats::read(NATS_BASE, b"x").unwrap();
    assert_eq!(m.mode(), ContentMode::Binary);
    let m = nats::read([] as [(&str, &str); 0], STRUCTURED).unwrap();
    assert_eq!(m.mode(), ContentMode::Structured);
    let m = nats::read(
        [("content-type", "application/cloudevents+json")],
        STRUCTURED,
    )
    .unwrap();
    assert_eq!(m.mode(), ContentMode::Structured);
    let mut h = NATS_BASE.to_vec();
    h.push(("Content-Type", "Application/CloudEvents+JSON"));
    let m = nats::read(h, STRUCTURED).unwrap();
    assert_eq!(m.mode(), ContentMode::Structured);
    let err = nats::read(
        [("content-type", "application/cloudevents-batch+json")],
        b"[]",
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedFormat);
    // A broken specversion header still selects binary mode.
    let err = nats::read([("ce-specversion", "2.0")], b"").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedVersion);
}

// NATS-3: every attribute in ce- headers, datacontenttype included.
#[test]
fn nats_3_datacontenttype_header() {
    let mut h = NATS_BASE.to_vec();
    h.push(("CE-DataContentType", "text/plain"));
    h.push(("content-type", "text/xml"));
    let e = nats::read(h, b"hi").unwrap().into_event().unwrap();
    assert!(e.datacontenttype().unwrap() == "text/plain");
    let mut out = HeaderBuf::new();
    nats::write_binary(&e, &mut out, &mut Vec::new()).unwrap();
    assert_eq!(out.get(b"ce-datacontenttype"), Some(&b"text/plain"[..]));
    assert!(out.get(b"content-type").is_none());
    let mut h = NATS_BASE.to_vec();
    h.push(("ce-foo-bar", "x"));
    assert_eq!(
        nats::read(h, b"").unwrap_err().kind(),
        ErrorKind::InvalidName
    );
}

// NATS-4: HTTP percent rules.
#[test]
fn nats_4_percent() {
    let mut h = NATS_BASE.to_vec();
    h.push(("ce-subject", "Euro%20%E2%82%AC"));
    let e = nats::read(h, b"").unwrap().into_event().unwrap();
    assert!(e.subject().unwrap() == "Euro €");
    let mut out = HeaderBuf::new();
    nats::write_binary(&e, &mut out, &mut Vec::new()).unwrap();
    assert_eq!(out.get(b"ce-subject"), Some(&b"Euro%20%E2%82%AC"[..]));
}

// The binding document's NATS binary example (§3.1.4).
#[test]
fn nats_spec_example() {
    let h = [
        ("ce-specversion", "1.0"),
        ("ce-type", "com.example.someevent"),
        ("ce-time", "2018-04-05T03:56:24Z"),
        ("ce-id", "1234-1234-1234"),
        ("ce-source", "/mycontext/subcontext"),
        ("ce-datacontenttype", "application/json"),
    ];
    let e = nats::read(h, b"{\"x\":1}").unwrap().into_event().unwrap();
    assert!(e.datacontenttype().unwrap() == "application/json");
    assert_eq!(e.data().unwrap().as_bytes(), Some(&b"{\"x\":1}"[..]));
}

#[test]
fn nats_round_trips() {
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":"x","ext":"v"}"#,
    )
    .unwrap();
    let mut h = HeaderBuf::new();
    let mut payload = Vec::new();
    nats::write_binary(&e, &mut h, &mut payload).unwrap();
    let back = nats::read(&h, &payload).unwrap();
    assert_eq!(back.mode(), ContentMode::Binary);
    assert_eq!(back.into_event().unwrap(), e);
    let mut h = HeaderBuf::new();
    let mut payload = Vec::new();
    nats::write_structured(&e, &mut h, &mut payload);
    let back = nats::read(&h, &payload).unwrap();
    assert_eq!(back.mode(), ContentMode::Structured);
    assert_eq!(back.into_event().unwrap(), e);
}

// ---------------------------------------------------------------------------
// WebSockets
// ---------------------------------------------------------------------------

// WS-1, WS-2, WS-3, E-76.
#[test]
fn ws_subprotocols() {
    assert_eq!(
        Subprotocol::from_name(b"cloudevents.json"),
        Some(Subprotocol::Json)
    );
    assert_eq!(
        Subprotocol::from_name(b"cloudevents.avro"),
        Some(Subprotocol::Avro)
    );
    assert_eq!(
        Subprotocol::from_name(b"cloudevents.proto"),
        Some(Subprotocol::Proto)
    );
    assert_eq!(Subprotocol::from_name(b"CloudEvents.JSON"), None);
    assert_eq!(Subprotocol::Json.frame_type(), FrameType::Text);
    assert_eq!(Subprotocol::Avro.frame_type(), FrameType::Binary);
    assert_eq!(Subprotocol::Proto.frame_type(), FrameType::Binary);
    assert_eq!(
        ws::select(b"chat, cloudevents.json"),
        Some(Subprotocol::Json)
    );
    assert_eq!(ws::select(b"cloudevents.avro"), None);
    assert_eq!(ws::select(b""), None);
    assert!(ws::frame_is_valid(Subprotocol::Json, FrameType::Text));
    assert!(!ws::frame_is_valid(Subprotocol::Json, FrameType::Binary));
}

#[test]
fn ws_read_write_e76() {
    let e = ws::read(Subprotocol::Json, FrameType::Text, STRUCTURED)
        .unwrap()
        .into_event()
        .unwrap();
    let err = ws::read(Subprotocol::Json, FrameType::Binary, STRUCTURED).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedFormat);
    let err = ws::read(Subprotocol::Avro, FrameType::Binary, b"\x00").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedFormat);
    // One event per message: a batch array is refused.
    let err = ws::read(Subprotocol::Json, FrameType::Text, b"[]").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TypeMismatch);
    let mut out = Vec::new();
    assert_eq!(
        ws::write(Subprotocol::Json, &e, &mut out).unwrap(),
        FrameType::Text
    );
    let message = ws::read(Subprotocol::Json, FrameType::Text, &out).unwrap();
    assert_eq!(message.mode(), ContentMode::Structured);
    assert_eq!(message.into_event().unwrap(), e);
    assert!(ws::write(Subprotocol::Proto, &e, &mut out).is_err());
}

// ---------------------------------------------------------------------------
// Transcoding across bindings
// ---------------------------------------------------------------------------

#[test]
fn kafka_to_http_to_nats() {
    use cloudevents_codec::binding::{http, kafka};
    let e = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"application/json","data":{"k":[1,2]},"ext":"v"}"#,
    )
    .unwrap();
    let mut kh = HeaderBuf::new();
    let mut kv = Vec::new();
    kafka::write_binary(&e, &mut kh, &mut kv).unwrap();
    let from_kafka = kafka::read(&kh, Some(&kv)).unwrap().into_event().unwrap();
    let mut hh = HeaderBuf::new();
    let mut hb = Vec::new();
    http::write_binary(&from_kafka, &mut hh, &mut hb).unwrap();
    let from_http = http::read(&hh, &hb).unwrap().into_event().unwrap();
    let mut nh = HeaderBuf::new();
    let mut nb = Vec::new();
    nats::write_binary(&from_http, &mut nh, &mut nb).unwrap();
    let from_nats = nats::read(&nh, &nb).unwrap();
    assert!(matches!(from_nats, Message::Binary(_)));
    assert_eq!(from_nats.into_event().unwrap(), e);
}

// ---------------------------------------------------------------------------
// Hostile input: random headers and bodies give errors, never panics.
// ---------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, from: &[&'a [u8]]) -> &'a [u8] {
        from[(self.next() % from.len() as u64) as usize]
    }
    fn bytes(&mut self, pool: &[u8], max: usize) -> Vec<u8> {
        let n = (self.next() % (max as u64 + 1)) as usize;
        (0..n)
            .map(|_| pool[(self.next() % pool.len() as u64) as usize])
            .collect()
    }
}

#[test]
fn random_messages_never_panic() {
    use cloudevents_codec::binding::{http, kafka};
    let names: &[&[u8]] = &[
        b"ce-specversion",
        b"CE-ID",
        b"ce-source",
        b"ce-type",
        b"ce-time",
        b"ce-subject",
        b"ce-dataschema",
        b"ce-datacontenttype",
        b"content-type",
        b"ce-x",
        b"ce-",
        b"ce-data",
        b"ce_specversion",
        b"ce_id",
        b"ce_source",
        b"ce_type",
        b"ce_time",
        b"specversion",
        b"id",
        b"source",
        b"type",
        b"time",
        b"datacontenttype",
    ];
    let values: &[&[u8]] = &[
        b"1.0",
        b"0.3",
        b"1",
        b"/s",
        b"t",
        b"2018-04-05T17:31:00Z",
        b"http://x/y",
        b"application/cloudevents+json",
        b"application/cloudevents-batch+json",
        b"text/plain",
        b"",
        b"%",
        b"%zz",
        b"\"",
        b"\"a\\",
        b"\xff",
        b"%C0%A0",
        b"\x00",
    ];
    let pool = b"{}[]\":,0123456789abc\\ \n\x00\xff\xc3specversionidsourcetype1.0";
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let n = (rng.next() % 8) as usize;
        let mut owned: Vec<(Vec<u8>, Vec<u8>)> = (0..n)
            .map(|_| (rng.pick(names).to_vec(), rng.pick(values).to_vec()))
            .collect();
        if rng.next() % 4 == 0 {
            owned.push((
                rng.bytes(b"ce-_AZaz09\xff", 6),
                rng.bytes(b"%\"\\az09 \xff\x01", 8),
            ));
        }
        let body = if rng.next() % 3 == 0 {
            rng.bytes(pool, 40)
        } else {
            br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#.to_vec()
        };
        let h: Vec<(&[u8], &[u8])> = owned.iter().map(|(a, b)| (&a[..], &b[..])).collect();
        if let Ok(Message::Batch(b)) = http::read(h.iter().copied(), &body) {
            for _ in b {}
        }
        let _ = nats::read(h.iter().copied(), &body);
        let _ = mqtt::read(
            MqttVersion::V5,
            h.first().map(|x| x.1),
            h.iter().copied(),
            &body,
        );
        let k: Vec<(&[u8], Option<&[u8]>)> = owned
            .iter()
            .map(|(a, b)| (&a[..], (b.len() % 5 != 1).then_some(&b[..])))
            .collect();
        let opts = ReadOptions::new()
            .with_sniff_structured(true)
            .with_unknown_formats_as_binary(true);
        let _ = kafka::read_with(k.iter().copied(), Some(&body), &opts);
        let _ = kafka::read(k.iter().copied(), None);
        let props: Vec<(&str, AmqpValue)> = owned
            .iter()
            .filter_map(|(a, b)| {
                let name = std::str::from_utf8(a).ok()?;
                let v = match b.len() % 4 {
                    0 => AmqpValue::Binary(b),
                    1 => AmqpValue::Timestamp(rng.next() as i64),
                    2 => AmqpValue::Long(rng.next() as i64 >> (rng.next() % 64)),
                    _ => AmqpValue::String(std::str::from_utf8(b).ok()?),
                };
                Some((name.replace("ce-", "cloudEvents_").leak() as &str, v))
            })
            .collect();
        let mut s = AmqpScratch::new();
        let _ = amqp::read(None, props, Some(&body), &mut s);
    }
}

#[test]
fn binary_mode_refuses_cloudevents_content_types() {
    // HTTP-3, KAFKA-2, AMQP-2, MQTT-2: the content type selects the mode, so
    // an event whose datacontenttype is a CloudEvents format media type
    // cannot travel in binary mode: the receiver would read it as a
    // structured event or a batch. The writers refuse (`Conflict`) before
    // writing anything; structured mode carries such an event, and NATS
    // (datacontenttype in its own `ce-` header, NATS-3) carries it in binary.
    use cloudevents_codec::binding::{http, kafka};
    for ct in [
        "application/cloudevents+json",
        "APPLICATION/CloudEvents-Batch+JSON; charset=utf-8",
        "application/cloudevents+avro",
        // Escaped on the wire, the same media type once decoded.
        r"application\/cloudevents+json",
    ] {
        let json = format!(
            r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"{ct}","data_base64":"AAE="}}"#
        );
        let e = Event::from_json(json.as_bytes()).unwrap();
        let conflict = |r: Result<(), cloudevents_codec::Error>| {
            let err = r.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Conflict, "{ct}");
            assert_eq!(err.attribute(), Some("datacontenttype"));
        };
        let (mut headers, mut body) = (HeaderBuf::new(), Vec::new());
        conflict(http::write_binary(&e, &mut headers, &mut body).map(drop));
        conflict(kafka::write_binary(&e, &mut headers, &mut body).map(drop));
        assert!(headers.is_empty() && body.is_empty(), "nothing written");
        let mut props = Props::default();
        conflict(amqp::write_binary(&e, &mut props, &mut body).map(drop));
        assert!(props.0.is_empty() && body.is_empty());
        conflict(mqtt::write_binary(&e, &mut headers, &mut body).map(drop));
        assert!(headers.is_empty() && body.is_empty());

        // Structured mode and NATS binary mode carry it unchanged.
        http::write_structured(&e, &mut headers, &mut body);
        let back = http::read(&headers, &body).unwrap().into_event().unwrap();
        assert_eq!(back, e);
        let (mut headers, mut payload) = (HeaderBuf::new(), Vec::new());
        nats::write_binary(&e, &mut headers, &mut payload).unwrap();
        let msg = nats::read(&headers, &payload).unwrap();
        assert!(matches!(msg, Message::Binary(_)), "NATS binary mode");
        let back = msg.into_event().unwrap();
        assert_eq!(back, e);
    }
}
