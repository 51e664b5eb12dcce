//! Shared by the bench targets and the fairness test: the corpora, the
//! peers' decoders and event types, one checksum definition every peer
//! computes, and the record of what each benchmark measures.
//!
//! # The checksum
//!
//! Each measured iteration reduces what it decoded to one number and passes
//! it through `black_box`, so nothing can be optimised away; before a peer is
//! measured its checksum is compared with a reference computed by a plain
//! `serde_json::Value` walk, so every peer is shown to decode the same
//! things. For one event:
//!
//! - decoded UTF-8 length of `id`, `source`, `type` and `subject`;
//! - `+1` when `time` is present (its text is not kept by every peer);
//! - per extension, `1000` plus its decoded string length, its integer `i`
//!   as `2|i| + (i < 0)`, or `1 + bool`;
//! - `data` of any kind (JSON, or text of a non-JSON type): `7` (tree peers
//!   hold a value, not text, so no length); `data_base64`: `11` plus the
//!   base64 text length.
//!
//! `specversion`, `datacontenttype` and `dataschema` are decoded by every
//! peer but add nothing.

// Each bench target uses part of this module.
#![allow(dead_code)]

use std::borrow::Cow;
use std::fmt;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use cloudevents::AttributesReader;
use cloudevents_codec_corpus::{self as corpus, Profile};
use criterion::Criterion;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use simd_json::prelude::*;

/// Every corpus is generated from this seed.
pub const SEED: u64 = 0x00C0_FFEE;

/// Distinct events per single-event group (`decode/<profile>`,
/// `encode/<profile>`, `shape/...`, the binding groups): enough that no
/// branch predictor learns one event, few enough to stay warm in cache.
pub const EVENTS: usize = 256;

/// Events per NDJSON stream and per batch.
pub const STREAM_EVENTS: usize = 1000;

/// The profiles measured on streams and batches.
pub const STREAM_PROFILES: [Profile; 4] = [
    Profile::Small,
    Profile::Medium,
    Profile::Large,
    Profile::Mixed,
];

/// The size every shape-variance corpus is filled to: the small profile's
/// vocabulary at a size where every variant (12 extensions, no data) fits.
pub const SHAPE_BYTES: usize = 600;

/// The default settings; `--measurement-time`, `--warm-up-time` and
/// `--sample-size` on the command line override them (groups set none of
/// their own, so that the runner's options reach every group).
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_secs(1))
}

/// The first `count` events of `profile`, each its own buffer.
pub fn events(profile: Profile, count: usize) -> Vec<Vec<u8>> {
    events_with(profile, count, &corpus::Options::new())
}

/// [`events`] with generator options.
pub fn events_with(profile: Profile, count: usize, options: &corpus::Options) -> Vec<Vec<u8>> {
    let mut g = corpus::Generator::with_options(profile, SEED, options.clone());
    (0..count)
        .map(|_| {
            let mut out = Vec::new();
            g.write_event(&mut out);
            out
        })
        .collect()
}

/// The total length of `events`.
pub fn total_bytes(events: &[Vec<u8>]) -> u64 {
    events.iter().map(|e| e.len() as u64).sum()
}

/// The non-empty lines of an NDJSON corpus.
pub fn lines(ndjson: &[u8]) -> impl Iterator<Item = &[u8]> {
    ndjson.split(|&b| b == b'\n').filter(|l| !l.is_empty())
}

/// Runs `check` the first time only (used inside `bench_function` closures,
/// which criterion calls only for benchmarks the filter selects).
pub struct Once(bool);

impl Once {
    pub const fn new() -> Once {
        Once(false)
    }
    pub fn run(&mut self, check: impl FnOnce()) {
        if !self.0 {
            check();
            self.0 = true;
        }
    }
}

/// Where criterion writes its results: `$CRITERION_HOME`, else
/// `$CARGO_TARGET_DIR/criterion`, else the workspace's `target/criterion`
/// (criterion's own order).
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/criterion")
}

/// Records that benchmark `group/function` measures `events` events of
/// `bytes` bytes per iteration, for `report.py` (one JSON line appended to
/// `harness-meta.jsonl` beside criterion's results; the last line of a
/// benchmark wins).
pub fn record(group: &str, function: &str, events: usize, bytes: u64) {
    let home = criterion_home();
    let _ = std::fs::create_dir_all(&home);
    let line = format!(
        "{{\"group\":{},\"function\":{},\"events\":{events},\"bytes\":{bytes}}}\n",
        serde_json::to_string(group).unwrap(),
        serde_json::to_string(function).unwrap(),
    );
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(home.join("harness-meta.jsonl"));
    if let Ok(mut f) = file {
        let _ = f.write_all(line.as_bytes());
    }
}

// ---------------------------------------------------------------------------
// Checksum pieces shared by every peer

/// One attribute value as a peer sees it.
pub enum Member<'a> {
    Str(&'a str),
    Int(i64),
    Bool(bool),
    Other,
}

/// The checksum contribution of one top-level member of an event object.
#[inline]
pub fn member_sum(name: &str, value: Member<'_>) -> u64 {
    match name {
        "id" | "source" | "type" | "subject" => match value {
            Member::Str(s) => s.len() as u64,
            _ => 0,
        },
        "time" => 1,
        "specversion" | "datacontenttype" | "dataschema" => 0,
        "data" => 7,
        "data_base64" => match value {
            Member::Str(s) => 11 + s.len() as u64,
            _ => 0,
        },
        _ => 1000 + ext_sum(value),
    }
}

/// An integer's contribution: `2|i| + (i < 0)` (never overflows for `i32`).
#[inline]
pub fn int_sum(i: i64) -> u64 {
    2 * i.unsigned_abs() + u64::from(i < 0)
}

#[inline]
fn ext_sum(value: Member<'_>) -> u64 {
    match value {
        Member::Str(s) => s.len() as u64,
        Member::Int(i) => int_sum(i),
        Member::Bool(b) => 1 + u64::from(b),
        Member::Other => 0,
    }
}

/// The reference checksum: a plain `serde_json::Value` walk.
pub fn reference_sum(event: &[u8]) -> u64 {
    let v: serde_json::Value = serde_json::from_slice(event).expect("generated JSON");
    value_sum(&v)
}

/// The reference checksum of every line of an NDJSON corpus.
pub fn reference_stream_sum(ndjson: &[u8]) -> u64 {
    lines(ndjson).map(reference_sum).sum()
}

// ---------------------------------------------------------------------------
// Ours

/// Our checksum of one decoded event.
#[inline]
pub fn ours_sum(e: &cloudevents_codec::Event<'_>) -> u64 {
    use cloudevents_codec::{Data, Value};
    let mut sum = (e.id().decoded_len() + e.source().decoded_len() + e.ty().decoded_len()) as u64;
    if let Some(s) = e.subject() {
        sum += s.decoded_len() as u64;
    }
    sum += u64::from(e.time().is_some());
    for x in e.extensions() {
        sum += 1000
            + match x.value() {
                Value::String(t) => t.decoded_len() as u64,
                Value::Integer(i) => int_sum(i64::from(i)),
                Value::Boolean(b) => 1 + u64::from(b),
                _ => 0,
            };
    }
    sum += match e.data() {
        None => 0,
        Some(Data::Json(_) | Data::Text(_)) => 7,
        Some(Data::Base64(t)) => 11 + t.decoded_len() as u64,
        Some(Data::Binary(b)) => 11 + b.len().div_ceil(3) as u64 * 4,
        Some(_) => 13,
    };
    sum
}

/// Parses with our crate, panicking with a readable message on failure.
pub fn ours_parse(event: &[u8]) -> cloudevents_codec::Event<'_> {
    cloudevents_codec::Event::from_json(event).unwrap_or_else(|e| {
        panic!(
            "ours: Event::from_json failed ({e}) on {}",
            String::from_utf8_lossy(&event[..event.len().min(200)])
        )
    })
}

// ---------------------------------------------------------------------------
// cloudevents-sdk

/// The checksum of a `cloudevents::Event` (base64 data is held decoded; its
/// text length is recomputed).
#[inline]
pub fn sdk_sum(e: &cloudevents::Event) -> u64 {
    let mut sum = (e.id().len() + e.source().len() + e.ty().len()) as u64;
    sum += e.subject().map_or(0, |s| s.len() as u64);
    sum += u64::from(e.time().is_some());
    for (_, v) in e.iter_extensions() {
        sum += 1000
            + match v {
                cloudevents::event::ExtensionValue::String(s) => s.len() as u64,
                cloudevents::event::ExtensionValue::Integer(i) => int_sum(*i),
                cloudevents::event::ExtensionValue::Boolean(b) => 1 + u64::from(*b),
            };
    }
    sum += match e.data() {
        None => 0,
        Some(cloudevents::Data::Json(_)) => 7,
        Some(cloudevents::Data::Binary(b)) => 11 + b.len().div_ceil(3) as u64 * 4,
        Some(cloudevents::Data::String(_)) => 7,
    };
    sum
}

// ---------------------------------------------------------------------------
// serde_json::Value

#[inline]
pub fn value_sum(v: &serde_json::Value) -> u64 {
    let Some(obj) = v.as_object() else { return 0 };
    obj.iter()
        .map(|(k, v)| {
            let m = match v {
                serde_json::Value::String(s) => Member::Str(s),
                serde_json::Value::Number(n) => n.as_i64().map_or(Member::Other, Member::Int),
                serde_json::Value::Bool(b) => Member::Bool(*b),
                _ => Member::Other,
            };
            member_sum(k, m)
        })
        .sum()
}

// ---------------------------------------------------------------------------
// simd-json

#[inline]
pub fn simd_value_sum(v: &simd_json::BorrowedValue<'_>) -> u64 {
    let Some(obj) = v.as_object() else { return 0 };
    obj.iter().map(|(k, v)| member_sum(k, simd_member(v))).sum()
}

#[inline]
fn simd_member<'v, V: ValueAsScalar>(v: &'v V) -> Member<'v> {
    if let Some(s) = v.as_str() {
        Member::Str(s)
    } else if let Some(i) = v.as_i64() {
        Member::Int(i)
    } else if let Some(b) = v.as_bool() {
        Member::Bool(b)
    } else {
        Member::Other
    }
}

#[inline]
pub fn simd_tape_sum(v: simd_json::tape::Value<'_, '_>) -> u64 {
    let Some(obj) = v.as_object() else { return 0 };
    obj.iter()
        .map(|(k, v)| member_sum(k, simd_member(&v)))
        .sum()
}

// ---------------------------------------------------------------------------
// The best-effort borrowed serde struct (used with serde_json and sonic-rs)

/// A string borrowed from the input when it has no escapes, else owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

impl Serialize for Str<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// An extension value: String, Integer or Boolean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtValue<'a> {
    Str(Str<'a>),
    Int(i64),
    Bool(bool),
}

impl<'de: 'a, 'a> Deserialize<'de> for ExtValue<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ExtValue<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, integer or boolean")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<ExtValue<'de>, E> {
                Ok(ExtValue::Str(Str(Cow::Borrowed(s))))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<ExtValue<'de>, E> {
                Ok(ExtValue::Str(Str(Cow::Owned(s.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<ExtValue<'de>, E> {
                Ok(ExtValue::Str(Str(Cow::Owned(s))))
            }
            fn visit_i64<E: de::Error>(self, i: i64) -> Result<ExtValue<'de>, E> {
                Ok(ExtValue::Int(i))
            }
            fn visit_u64<E: de::Error>(self, i: u64) -> Result<ExtValue<'de>, E> {
                i64::try_from(i)
                    .map(ExtValue::Int)
                    .map_err(|_| E::custom("integer out of range"))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<ExtValue<'de>, E> {
                Ok(ExtValue::Bool(b))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for ExtValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ExtValue::Str(v) => v.serialize(s),
            ExtValue::Int(i) => s.serialize_i64(*i),
            ExtValue::Bool(b) => s.serialize_bool(*b),
        }
    }
}

/// The extension attributes in input order (collected by `#[serde(flatten)]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exts<'a>(pub Vec<(Str<'a>, ExtValue<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Exts<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Exts<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("extension attributes")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Exts<'de>, A::Error> {
                let mut v = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    v.push(entry);
                }
                Ok(Exts(v))
            }
        }
        d.deserialize_map(V)
    }
}

impl Serialize for Exts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A CloudEvent as a serde user would write it: borrowed core attributes
/// (`Cow` for escapes), flattened extensions, raw `data` of type `D`
/// (`&RawValue` for serde_json, `LazyValue` for sonic-rs).
#[derive(Debug, Deserialize, Serialize)]
pub struct PeerEvent<'a, D> {
    #[serde(borrow)]
    pub specversion: Str<'a>,
    #[serde(borrow)]
    pub id: Str<'a>,
    #[serde(borrow)]
    pub source: Str<'a>,
    #[serde(borrow, rename = "type")]
    pub ty: Str<'a>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub datacontenttype: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub dataschema: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Str<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Str<'a>>,
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub data: Option<D>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub data_base64: Option<Str<'a>>,
    #[serde(borrow, flatten)]
    pub extensions: Exts<'a>,
}

fn none<D>() -> Option<D> {
    None
}

/// serde_json's borrowed event.
pub type SerdeEvent<'a> = PeerEvent<'a, &'a serde_json::value::RawValue>;

/// sonic-rs' borrowed event.
pub type SonicEvent<'a> = PeerEvent<'a, sonic_rs::LazyValue<'a>>;

impl<D> PeerEvent<'_, D> {
    #[inline]
    pub fn sum(&self) -> u64 {
        let mut sum = (self.id.0.len() + self.source.0.len() + self.ty.0.len()) as u64;
        sum += self.subject.as_ref().map_or(0, |s| s.0.len() as u64);
        sum += u64::from(self.time.is_some());
        for (_, v) in &self.extensions.0 {
            sum += 1000
                + ext_sum(match v {
                    ExtValue::Str(s) => Member::Str(&s.0),
                    ExtValue::Int(i) => Member::Int(*i),
                    ExtValue::Bool(b) => Member::Bool(*b),
                });
        }
        if self.data.is_some() {
            sum += 7;
        }
        if let Some(b) = &self.data_base64 {
            sum += 11 + b.0.len() as u64;
        }
        sum
    }
}

// ---------------------------------------------------------------------------
// Fidelity of encoders

/// Asserts that `written` holds the same event as `input`: the same members
/// with the same JSON values (numbers compared as JSON numbers), except the
/// members in `normalised`, which need only be present (`cloudevents-sdk`
/// rewrites `time` in UTC).
pub fn assert_same_event(peer: &str, input: &[u8], written: &[u8], normalised: &[&str]) {
    let a: serde_json::Value = serde_json::from_slice(input).expect("input JSON");
    let b: serde_json::Value = serde_json::from_slice(written)
        .unwrap_or_else(|e| panic!("{peer}: wrote invalid JSON ({e})"));
    let (a, b) = (a.as_object().unwrap(), b.as_object().unwrap());
    let mut names_a: Vec<_> = a.keys().collect();
    let mut names_b: Vec<_> = b.keys().collect();
    names_a.sort();
    names_b.sort();
    assert_eq!(names_a, names_b, "{peer}: attribute names differ");
    for (k, v) in a {
        if !normalised.contains(&k.as_str()) {
            assert_eq!(Some(v), b.get(k), "{peer}: member {k} differs");
        }
    }
}

// ---------------------------------------------------------------------------
// Decoders: one structured event in, its checksum out. The benches and the
// fairness test call the same functions.

/// The decoders, in the order the benches run them.
pub const DECODERS: [&str; 7] = [
    "ours",
    "cloudevents-sdk",
    "serde_json-value",
    "serde_json-borrowed",
    "simd_json-borrowed",
    "simd_json-tape",
    "sonic_rs-lazy",
];

#[inline]
pub fn decode_ours(i: &[u8]) -> u64 {
    ours_sum(&ours_parse(i))
}

#[inline]
pub fn decode_sdk(i: &[u8]) -> u64 {
    sdk_sum(&serde_json::from_slice::<cloudevents::Event>(i).unwrap())
}

#[inline]
pub fn decode_serde_value(i: &[u8]) -> u64 {
    value_sum(&serde_json::from_slice::<serde_json::Value>(i).unwrap())
}

#[inline]
pub fn decode_serde_borrowed(i: &[u8]) -> u64 {
    serde_json::from_slice::<SerdeEvent<'_>>(i).unwrap().sum()
}

#[inline]
pub fn decode_sonic(i: &[u8]) -> u64 {
    sonic_rs::from_slice::<SonicEvent<'_>>(i).unwrap().sum()
}

/// simd-json's borrowed value. It parses in place: the copy into the
/// scratch buffer is part of the cost.
#[derive(Default)]
pub struct SimdBorrowed {
    scratch: Vec<u8>,
}

impl SimdBorrowed {
    #[inline]
    pub fn decode(&mut self, i: &[u8]) -> u64 {
        self.scratch.clear();
        self.scratch.extend_from_slice(i);
        simd_value_sum(&simd_json::to_borrowed_value(&mut self.scratch).unwrap())
    }
}

/// simd-json's tape with reused buffers (the copy is part of the cost).
#[derive(Default)]
pub struct SimdTape {
    scratch: Vec<u8>,
    buffers: simd_json::Buffers,
}

impl SimdTape {
    #[inline]
    pub fn decode(&mut self, i: &[u8]) -> u64 {
        self.scratch.clear();
        self.scratch.extend_from_slice(i);
        let tape = simd_json::to_tape_with_buffers(&mut self.scratch, &mut self.buffers).unwrap();
        simd_tape_sum(tape.as_value())
    }
}

/// One event in, its checksum out.
pub type Decoder = Box<dyn FnMut(&[u8]) -> u64>;

/// A decoder by name, boxed (for the fairness test, which loops over them;
/// the benches call the functions above directly).
pub fn decoder(name: &str) -> Decoder {
    match name {
        "ours" => Box::new(decode_ours),
        "cloudevents-sdk" => Box::new(decode_sdk),
        "serde_json-value" => Box::new(decode_serde_value),
        "serde_json-borrowed" => Box::new(decode_serde_borrowed),
        "simd_json-borrowed" => {
            let mut d = SimdBorrowed::default();
            Box::new(move |i| d.decode(i))
        }
        "simd_json-tape" => {
            let mut d = SimdTape::default();
            Box::new(move |i| d.decode(i))
        }
        "sonic_rs-lazy" => Box::new(decode_sonic),
        other => panic!("no decoder {other}"),
    }
}

// ---------------------------------------------------------------------------
// Binary mode (HTTP and Kafka messages)

/// The attribute checksum of a binary-mode event: the decoded lengths of
/// `id`, `source` and `type` plus the number of extensions.
#[inline]
pub fn binary_ours_sum(e: &cloudevents_codec::Event<'_>) -> u64 {
    (e.id().decoded_len() + e.source().decoded_len() + e.ty().decoded_len() + e.extensions().len())
        as u64
}

/// The length `value` decodes to: the SDK does not percent-decode header
/// values (SPEC HTTP-22), so its checksum counts each `%XY` as one byte.
#[inline]
fn percent_decoded_len(value: &str) -> usize {
    value.len() - 2 * value.bytes().filter(|&b| b == b'%').count()
}

/// [`binary_ours_sum`] for the SDK's event.
#[inline]
pub fn binary_sdk_sum(e: &cloudevents::Event) -> u64 {
    (percent_decoded_len(e.id())
        + percent_decoded_len(e.source())
        + percent_decoded_len(e.ty())
        + e.iter_extensions().count()) as u64
}

/// Ours: one HTTP binary-mode message.
#[inline]
pub fn binary_ours_http(m: &corpus::BinaryMessage) -> u64 {
    use cloudevents_codec::binding::{http, Message};
    let items = m.headers.iter().map(|(n, v)| (n.as_slice(), v.as_slice()));
    match http::read(items, &m.body).unwrap() {
        Message::Binary(e) => binary_ours_sum(&e),
        _ => unreachable!("generated messages are binary"),
    }
}

/// Ours: one Kafka binary-mode record (no value when there is no data).
#[inline]
pub fn binary_ours_kafka(m: &corpus::BinaryMessage) -> u64 {
    use cloudevents_codec::binding::{kafka, Message};
    let items = m.headers.iter().map(|(n, v)| (n.as_slice(), v.as_slice()));
    let body = (!m.body.is_empty()).then_some(m.body.as_slice());
    match kafka::read(items, body).unwrap() {
        Message::Binary(e) => binary_ours_sum(&e),
        _ => unreachable!("generated records are binary"),
    }
}

/// The message's headers as an `http::HeaderMap` (built before measuring).
pub fn header_map(m: &corpus::BinaryMessage) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (n, v) in &m.headers {
        map.append(
            http::header::HeaderName::from_bytes(n).unwrap(),
            http::header::HeaderValue::from_bytes(v).unwrap(),
        );
    }
    map
}

/// The SDK: one HTTP binary-mode message (it takes the body as an owned
/// `Vec`, so the copy is part of its cost).
#[inline]
pub fn binary_sdk_http(m: &corpus::BinaryMessage, headers: &http::HeaderMap) -> u64 {
    binary_sdk_sum(&cloudevents::binding::http::to_event(headers, m.body.clone()).unwrap())
}

/// The floor of binary-mode decoding: one `memchr` pass over every header
/// name, header value and the body (searching a byte that never occurs).
#[inline]
pub fn binary_memchr_pass(m: &corpus::BinaryMessage) -> u64 {
    let mut n = memchr::memchr(0, &m.body).unwrap_or(m.body.len());
    for (name, value) in &m.headers {
        n += memchr::memchr(0, name).unwrap_or(name.len());
        n += memchr::memchr(0, value).unwrap_or(value.len());
    }
    n as u64
}
