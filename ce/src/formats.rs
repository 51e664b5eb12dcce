//! The binary event formats of `ce`: Protobuf (`protobuf`: exactly one
//! `CloudEvent` message; `protobuf-batch`: one `CloudEventBatch`) and Avro
//! (`avro`: an object container file of any number of events), read and
//! written with bounded memory, and their detection for `--from auto`.
//!
//! # Detection
//!
//! `--from auto` looks at the first buffered bytes, before any whitespace
//! is skipped:
//!
//! - `Obj\x01`, the Avro container magic, is Avro.
//! - Protobuf has no magic. A `CloudEvent` or `CloudEventBatch` as protobuf
//!   libraries write it (fields in number order) starts with field 1, a
//!   length-delimited field: the byte `0x0A`. That byte is also a newline,
//!   so two more conditions must hold, which text inputs cannot meet:
//!   1. The bytes hold a control character other than tab, newline and
//!      carriage return. JSON, NDJSON, `kcat -J` records and HTTP heads
//!      never do (JSON forbids them raw); every CloudEvent message does
//!      (the keys of `source`, `specversion` or of map entries are
//!      `0x12`, `0x1A`, `0x0A`).
//!   2. Field 1 is well formed: its length is a varint, and its content is
//!      either free of control characters — an `id`, which CloudEvents
//!      Strings cannot contain controls in (TYPE-4): a `CloudEvent` — or
//!      starts with a `CloudEvent` field key (`0x0A`, `0x12`, ... `0x42`):
//!      the first event of a `CloudEventBatch`.
//!
//!   So valid JSON, NDJSON or kcat input is never taken for Protobuf, and
//!   an HTTP message (a method or `HTTP/` first) neither. Protobuf written
//!   in another field order, or whose first bytes are not all buffered,
//!   needs `--from protobuf` or `--from protobuf-batch`.

use std::io::{self, BufRead, Read};

use cloudevents_codec::avro::{AvroScratch, ContainerReader, ContainerWriter, MAGIC};
use cloudevents_codec::{protobuf, Error, ErrorKind, Event, ParseOptions, SpecVersion};

use crate::input::{read_cap, Flow, Format, Meta, OnEvent};

/// The binary format `window` (the first buffered bytes) starts with.
pub fn sniff(window: &[u8]) -> Option<Format> {
    if window.starts_with(&MAGIC) {
        return Some(Format::Avro);
    }
    if window.first() != Some(&0x0A) || !window.iter().copied().any(is_control) {
        return None;
    }
    let (len, n) = varint(&window[1..])?;
    let content = &window[1 + n..];
    let content = &content[..content.len().min(usize::try_from(len).ok()?)];
    // No C0 control at all, newlines included: an `id`.
    if !content.iter().any(|&b| b < 0x20) {
        return Some(Format::Protobuf);
    }
    let first_key = matches!(
        content.first(),
        Some(0x0A | 0x12 | 0x1A | 0x22 | 0x2A | 0x32 | 0x3A | 0x42)
    );
    first_key.then_some(Format::ProtobufBatch)
}

/// A control character that text formats never hold raw.
fn is_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')
}

/// A varint at the start of `b`, and its length.
fn varint(b: &[u8]) -> Option<(u64, usize)> {
    let mut v = 0u64;
    for (i, &byte) in b.iter().take(10).enumerate() {
        v |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Some((v, i + 1));
        }
    }
    None
}

/// `--from protobuf`: the whole input is one `CloudEvent` message. At most
/// `max_size + 1` bytes are read: an input over the limit is reported
/// without reading the rest of it.
pub fn read_protobuf(
    input: &mut dyn BufRead,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    let mut buf = Vec::new();
    input.take(read_cap(options)).read_to_end(&mut buf)?;
    on_event(Event::from_protobuf_with(&buf, options), &Meta::NONE);
    Ok(())
}

/// `--from protobuf-batch`: one `CloudEventBatch`, read one event at a
/// time.
pub fn read_protobuf_batch(
    input: &mut dyn BufRead,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    read_batch(input, options, on_event)
}

/// Reads a `CloudEventBatch` one event at a time: memory stays bounded by
/// the largest event.
fn read_batch(
    input: &mut dyn BufRead,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    let mut offset = 0usize;
    let mut buf = Vec::new();
    let mut version: Option<SpecVersion> = None;
    let syntax = |detail, at| Err(Error::new(ErrorKind::Syntax, detail).at(at));
    loop {
        let key_at = offset;
        let Some(key) = read_varint(input, &mut offset)? else {
            return Ok(());
        };
        let (field, wire) = (key >> 3, key & 7);
        let result: Result<Option<usize>, Error> = if field == 0 || field >= 1 << 29 {
            syntax("invalid field number", key_at)
        } else if field == 1 && wire != 2 {
            syntax("wrong wire type for this field", key_at)
        } else {
            match wire {
                // `events = 1`, or an unknown field to skip.
                2 => match read_varint(input, &mut offset)? {
                    None => syntax("truncated varint", offset),
                    Some(len) => {
                        let start = offset;
                        let len = usize::try_from(len).unwrap_or(usize::MAX);
                        if field != 1 {
                            skip(input, len, &mut offset, start)?
                        } else if len > options.max_size() {
                            // Too large to hold: reported as such, cut off or not.
                            let _ = skip(input, len, &mut offset, start)?;
                            Err(
                                Error::new(ErrorKind::Limit, "event larger than the size limit")
                                    .at(start),
                            )
                        } else {
                            buf.clear();
                            let got = (&mut *input).take(len as u64).read_to_end(&mut buf)?;
                            offset += got;
                            if got < len {
                                syntax("the batch ends inside an event", start)
                            } else {
                                Ok(Some(start))
                            }
                        }
                    }
                },
                0 => match read_varint(input, &mut offset)? {
                    Some(_) => Ok(None),
                    None => syntax("truncated varint", offset),
                },
                1 => skip(input, 8, &mut offset, key_at)?,
                5 => skip(input, 4, &mut offset, key_at)?,
                _ => syntax("wire type this reader does not skip", key_at),
            }
        };
        let start = match result {
            Ok(Some(start)) => start,
            Ok(None) => continue,
            Err(e) => {
                on_event(Err(e), &Meta::NONE);
                return Ok(());
            }
        };
        // Offsets in the whole input.
        let located = |e: Error| match e.offset() {
            Some(at) => e.at(start + at),
            None => e,
        };
        let result = Event::from_protobuf_with(&buf, options)
            .map_err(located)
            .and_then(|event| match version {
                Some(v) if v != event.specversion() => Err(Error::new(
                    ErrorKind::InvalidValue,
                    "all events of a batch must have the same specversion",
                )
                .attr(b"specversion")
                .at(start)),
                _ => {
                    version = Some(event.specversion());
                    Ok(event)
                }
            });
        if let Flow::Stop = on_event(result, &Meta::NONE) {
            return Ok(());
        }
    }
}

/// Reads a varint; `None` at the end of the input before its first byte
/// (or in the middle of it: the caller reports that as cut off).
fn read_varint(input: &mut dyn BufRead, offset: &mut usize) -> io::Result<Option<u64>> {
    let mut v = 0u64;
    for i in 0..10 {
        let mut byte = [0u8];
        if input.read(&mut byte)? == 0 {
            return Ok(None);
        }
        *offset += 1;
        v |= u64::from(byte[0] & 0x7f) << (7 * i);
        if byte[0] < 0x80 {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// Skips `n` bytes of an unknown field whose key is at `at`.
fn skip(
    input: &mut dyn BufRead,
    n: usize,
    offset: &mut usize,
    at: usize,
) -> io::Result<Result<Option<usize>, Error>> {
    let got = io::copy(&mut (&mut *input).take(n as u64), &mut io::sink())? as usize;
    *offset += got;
    Ok(if got < n {
        Err(Error::new(ErrorKind::Syntax, "the batch ends inside a field").at(at))
    } else {
        Ok(None)
    })
}

/// `--from avro`: an Avro object container file, one block in memory at a
/// time.
pub fn read_avro(
    input: &mut dyn BufRead,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    let mut reader = match ContainerReader::with_options(input, *options) {
        Ok(r) => r,
        Err(e) => {
            on_event(Err(e), &Meta::NONE);
            return Ok(());
        }
    };
    let mut scratch = AvroScratch::new();
    loop {
        match reader.next_event(&mut scratch) {
            Ok(Some(event)) => {
                if let Flow::Stop = on_event(Ok(event), &Meta::NONE) {
                    return Ok(());
                }
            }
            Ok(None) => return Ok(()),
            Err(e) => {
                on_event(Err(e), &Meta::NONE);
                return Ok(());
            }
        }
    }
}

/// The state of a binary output format across events.
#[derive(Default)]
pub struct Encoder {
    count: usize,
    version: Option<SpecVersion>,
    avro: Option<ContainerWriter>,
}

/// A binary output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Protobuf,
    ProtobufBatch,
    Avro,
}

impl Encoder {
    /// Anything before the first event: an Avro file's header.
    pub fn begin(&mut self, format: Output, buf: &mut Vec<u8>) {
        if format == Output::Avro {
            let mut w = ContainerWriter::with_random_sync();
            w.write_header(buf);
            self.avro = Some(w);
        }
    }

    /// Appends one event.
    ///
    /// # Errors
    ///
    /// A second event for `protobuf` (one message holds one event); a
    /// batch whose spec versions differ (BATCH-4).
    pub fn event(
        &mut self,
        format: Output,
        event: &Event<'_>,
        buf: &mut Vec<u8>,
    ) -> Result<(), Error> {
        match format {
            Output::Protobuf if self.count > 0 => {
                return Err(Error::new(
                    ErrorKind::Limit,
                    "the protobuf format holds exactly one event; use --to protobuf-batch",
                ))
            }
            Output::Protobuf => protobuf::write_event(event, buf),
            Output::ProtobufBatch => {
                if self.version.is_some_and(|v| v != event.specversion()) {
                    return Err(Error::new(
                        ErrorKind::InvalidValue,
                        "all events of a batch must have the same specversion",
                    )
                    .attr(b"specversion"));
                }
                self.version = Some(event.specversion());
                // A batch has no framing: each event is one `events` field.
                protobuf::BatchWriter::new(buf).push(event)?;
            }
            Output::Avro => {
                if let Some(w) = &mut self.avro {
                    w.push(event, buf);
                }
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Anything after the last event: the last Avro block.
    pub fn end(&mut self, buf: &mut Vec<u8>) {
        if let Some(w) = &mut self.avro {
            w.flush(buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        let event =
            Event::from_json(br#"{"specversion":"1.0","id":"{abc","source":"/s","type":"t"}"#)
                .unwrap();
        let mut one = Vec::new();
        protobuf::write_event(&event, &mut one);
        assert_eq!(sniff(&one), Some(Format::Protobuf));
        let mut batch = Vec::new();
        protobuf::BatchWriter::new(&mut batch).push(&event).unwrap();
        assert_eq!(sniff(&batch), Some(Format::ProtobufBatch));
        assert_eq!(sniff(b"Obj\x01\x04"), Some(Format::Avro));
        // Text that starts with a newline is never Protobuf.
        for text in [
            &b"\n{\"specversion\":\"1.0\"}\n"[..],
            b"\n\n[{}]",
            b"\nPOST / HTTP/1.1\r\ncontent-type: application/octet-stream\r\n\r\n\x00\x01",
            b"\n{\"headers\":[],\"payload\":\"x\"}",
            b"{}",
            b"",
        ] {
            assert_eq!(sniff(text), None, "{text:?}");
        }
    }
}
