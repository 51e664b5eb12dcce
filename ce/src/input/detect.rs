//! `--from auto`: the format, from the first non-blank bytes of the input,
//! decided on a bounded prefix (so a hostile first line costs no more memory
//! than any other input).
//!
//! The `PAR1` magic starts a Parquet file. Then:
//! `[` starts a batch; a byte order mark, one JSON event (the parser reports
//! the mark, E-02); anything but `{` an HTTP capture. After `{`, the first
//! line decides: a whole JSON object on it is NDJSON, or Kafka records
//! (`kcat -J`) when it has `payload`, `payload_base64` or a `headers` array
//! and no `specversion`; an object that goes on past the line is one
//! (pretty-printed) event; a syntax error is NDJSON when more lines follow.
//! A first line longer than the prefix is NDJSON or Kafka by the members
//! seen in the prefix.

use std::fmt;
use std::io::{self, BufRead, Read};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::replay::Replay;
use super::Format;

/// How much of the first line detection reads at most.
const PREFIX_LIMIT: usize = 64 << 10;

/// The format of `input`, and a reader that gives back what detection read.
/// (Leading whitespace is consumed.)
pub fn detect(input: &mut dyn BufRead) -> io::Result<(Format, Replay<'_>)> {
    let mut replay = Replay::new(Vec::new(), input);
    if replay.fill_buf()?.starts_with(crate::parquet::MAGIC) {
        return Ok((Format::Parquet, replay));
    }
    // The binary formats first, on the bytes as they are: a Protobuf message
    // may start with 0x0A, which is also a newline.
    if let Some(format) = crate::formats::sniff(replay.fill_buf()?) {
        return Ok((format, replay));
    }
    if !replay.skip_whitespace()? {
        return Ok((Format::Ndjson, replay)); // empty input: no events
    }
    let format = match replay.fill_buf()?[0] {
        b'[' => Format::Batch,
        0xEF => Format::Json,
        b'{' => {
            let mut line = Vec::new();
            (&mut replay)
                .take(PREFIX_LIMIT as u64)
                .read_until(b'\n', &mut line)?;
            let ended = line.ends_with(b"\n");
            let more = !replay.fill_buf()?.is_empty();
            // The whole first line when it ended, or the input did.
            let whole = ended || !more;
            let format = classify(&line, whole, more);
            replay.unread(&line);
            format
        }
        _ => Format::Http,
    };
    Ok((format, replay))
}

/// Decides from the first line (`whole`) or a prefix of it.
fn classify(line: &[u8], whole: bool, more: bool) -> Format {
    let text = line.strip_suffix(b"\n").unwrap_or(line);
    let mut probe = Probe::default();
    let mut de = serde_json::Deserializer::from_slice(text);
    let result = (&mut probe).deserialize(&mut de).and_then(|()| de.end());
    let records_or_events = if probe.is_kafka() {
        Format::Kafka
    } else {
        Format::Ndjson
    };
    match result {
        _ if !whole => records_or_events,
        Ok(()) => records_or_events,
        Err(e) if e.is_eof() => Format::Json,
        // A syntax error on the first line: one event (the error will be
        // reported by the parser), unless more lines follow.
        Err(_) if more => Format::Ndjson,
        Err(_) => Format::Json,
    }
}

/// The top-level members that tell Kafka records from events, as far as
/// they could be read.
#[derive(Default)]
struct Probe {
    specversion: bool,
    payload: bool,
    headers_array: bool,
}

impl Probe {
    fn is_kafka(&self) -> bool {
        !self.specversion && (self.payload || self.headers_array)
    }
}

impl<'de> DeserializeSeed<'de> for &mut Probe {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut Probe {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    /// Records each member as it is read, so that what was seen before an
    /// error (the end of a prefix) counts.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "specversion" => self.specversion = true,
                "payload" | "payload_base64" => self.payload = true,
                "headers" => {
                    let raw: &RawValue = map.next_value()?;
                    self.headers_array |= raw.get().starts_with('[');
                    continue;
                }
                _ => {}
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_str(input: &str) -> Format {
        let mut bytes = input.as_bytes();
        let (format, mut replay) = detect(&mut bytes).unwrap();
        // Nothing is lost: the reader gives back the input after whitespace.
        let mut back = String::new();
        replay.read_to_string(&mut back).unwrap();
        assert_eq!(back, input.trim_start());
        format
    }

    #[test]
    fn formats() {
        assert_eq!(detect_str(""), Format::Ndjson);
        assert_eq!(detect_str("  \n "), Format::Ndjson);
        assert_eq!(detect_str(" [1]"), Format::Batch);
        assert_eq!(detect_str("POST / HTTP/1.1\r\n\r\n"), Format::Http);
        assert_eq!(detect_str("{\"specversion\":\"1.0\"}\n{}"), Format::Ndjson);
        assert_eq!(detect_str("{\n  \"specversion\": \"1.0\"\n}"), Format::Json);
        assert_eq!(
            detect_str("{\"key\":null,\"payload\":\"x\"}\n"),
            Format::Kafka
        );
        assert_eq!(
            detect_str("{\"headers\":[],\"payload_base64\":\"\"}"),
            Format::Kafka
        );
        assert_eq!(detect_str("{\"headers\":\"x\"}"), Format::Ndjson);
        // An escaped member name is read as what it means.
        assert_eq!(
            detect_str("{\"spec\\u0076ersion\":\"1.0\",\"payload\":\"x\"}"),
            Format::Ndjson
        );
        assert_eq!(detect_str("{\"a\":tru}\n{}"), Format::Ndjson);
        assert_eq!(detect_str("{\"a\":tru}"), Format::Json);
    }

    #[test]
    fn long_first_lines_are_decided_on_a_prefix() {
        let long = "x".repeat(3 * PREFIX_LIMIT);
        let event = format!("{{\"specversion\":\"1.0\",\"data\":\"{long}\"}}\n{{}}\n");
        assert_eq!(detect_str(&event), Format::Ndjson);
        let record = format!("{{\"key\":null,\"headers\":[\"a\",\"b\"],\"payload\":\"{long}\"}}\n");
        assert_eq!(detect_str(&record), Format::Kafka);
        let record = format!("{{\"payload\":\"{long}\"}}");
        assert_eq!(detect_str(&record), Format::Kafka);
    }
}
