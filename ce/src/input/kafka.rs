//! `--from kafka`: Kafka records as `kcat -J` JSON lines. Framing lives
//! here; the CloudEvents mapping is the library's `binding::kafka`. The
//! record's key travels with its event ([`Meta::key`], KAFKA-3).

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead};

use cloudevents_codec::binding::kafka::{self, KafkaHeader};
use cloudevents_codec::binding::ReadOptions;
use cloudevents_codec::{spec, Error, ErrorKind, ParseOptions};
use serde::de::{self, IgnoredAny, Visitor};

use super::lines::{for_each_line, is_blank, Line};
use super::{deliver, Flow, Meta, OnEvent};

/// How much longer than the event size limit a record's line may be: the
/// payload is JSON-escaped or base64 text in it.
const LINE_FACTOR: usize = 2;

/// Reads every record line; a line over twice the size limit is reported
/// and skipped without being stored.
pub fn read(
    input: &mut dyn BufRead,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    let mut scratch = Vec::new();
    let limit = options.max_size().saturating_mul(LINE_FACTOR);
    for_each_line(input, limit, &mut |line| match line {
        Line::Text(text) if is_blank(text) => Flow::Continue,
        Line::Text(text) => record(text, &mut scratch, options, on_event),
        Line::TooLong { blank: true } => Flow::Continue,
        Line::TooLong { blank: false } => on_event(
            Err(Error::new(
                ErrorKind::Limit,
                "Kafka record larger than twice the size limit",
            )
            .at(0)),
            &Meta::NONE,
        ),
    })
}

/// One `kcat -J` record. Other members (topic, partition, offset, ts, ...)
/// are ignored.
#[derive(serde::Deserialize)]
struct Record<'a> {
    #[serde(borrow, default, deserialize_with = "key")]
    key: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    payload: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    payload_base64: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    headers: Option<Vec<Option<Cow<'a, str>>>>,
}

/// The record key: a string, or none (null; any other JSON value, which
/// `kcat -J` never prints, is ignored as before keys were read).
fn key<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    struct KeyVisitor;
    impl<'de> Visitor<'de> for KeyVisitor {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a record key")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_owned())))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
            while a.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
            while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    d.deserialize_any(KeyVisitor)
}

/// Reads one `kcat -J` line and delivers its event with the record's key.
fn record(
    line: &[u8],
    scratch: &mut Vec<u8>,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> Flow {
    let record: Record<'_> = match serde_json::from_slice(line) {
        Ok(r) => r,
        Err(e) => {
            let at = line_column_offset(line, e.line(), e.column());
            let e = Error::new(ErrorKind::Syntax, "not a kcat -J JSON record").at(at);
            return on_event(Err(e), &Meta::NONE);
        }
    };
    let meta = Meta {
        key: record.key.as_deref().map(str::as_bytes),
    };
    let headers = record.headers.as_deref().unwrap_or_default();
    if !headers.len().is_multiple_of(2) {
        return on_event(
            Err(Error::new(
                ErrorKind::Syntax,
                "record headers must be a flat list of name, value pairs",
            )),
            &meta,
        );
    }
    let mut pairs = Vec::with_capacity(headers.len() / 2);
    for pair in headers.chunks(2) {
        let Some(name) = &pair[0] else {
            return on_event(
                Err(Error::new(
                    ErrorKind::Syntax,
                    "a record header name is null",
                )),
                &meta,
            );
        };
        pairs.push(KafkaHeader {
            key: name.as_bytes(),
            value: pair[1].as_deref().map(str::as_bytes),
        });
    }
    let value: Option<&[u8]> = match (&record.payload, &record.payload_base64) {
        (Some(_), Some(_)) => {
            return on_event(
                Err(Error::new(
                    ErrorKind::Conflict,
                    "a record has both \"payload\" and \"payload_base64\"",
                )),
                &meta,
            )
        }
        (Some(p), None) => Some(p.as_bytes()),
        (None, Some(b64)) => {
            if let Err(e) = spec::base64::validate(b64.as_bytes()) {
                return on_event(
                    Err(Error::new(ErrorKind::Encoding, "invalid payload_base64")
                        .at(e.offset().unwrap_or(0))),
                    &meta,
                );
            }
            scratch.clear();
            spec::base64::decode(b64.as_bytes(), scratch);
            Some(scratch)
        }
        (None, None) => None,
    };
    let read_options = ReadOptions::new().with_parse(*options);
    deliver(
        kafka::read_with(pairs.iter(), value, &read_options),
        &meta,
        on_event,
    )
}

/// A byte offset from serde_json's 1-based line and column.
fn line_column_offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split(|&b| b == b'\n').enumerate() {
        if i + 1 == line {
            return offset + column.saturating_sub(1);
        }
        offset += l.len() + 1;
    }
    text.len()
}
