//! Reading events from files or stdin in any of the `ce` input formats.
//!
//! Events borrow from buffers that are reused between events, so they are
//! handed to a callback rather than returned.

use std::io::{self, BufRead};

use cloudevents_codec::json::NdjsonReader;
use cloudevents_codec::stream::{BatchStream, Status};
use cloudevents_codec::{Error, Event, ParseOptions};

use crate::wire;

/// An input format (`--from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Detect from the first non-blank bytes.
    Auto,
    /// One structured-mode event (`application/cloudevents+json`).
    Json,
    /// One structured event per line.
    Ndjson,
    /// One `application/cloudevents-batch+json` array.
    Batch,
    /// Raw HTTP/1.1 messages.
    Http,
    /// Kafka records as `kcat -J` JSON lines.
    Kafka,
    /// An Apache Parquet file (columns of cloudevents-codec-arrow).
    Parquet,
}

/// What the callback tells the reader.
pub enum Flow {
    Continue,
    Stop,
}

/// The callback type: one call per event or per invalid event.
pub type OnEvent<'f> = dyn FnMut(Result<Event<'_>, Error>) -> Flow + 'f;

/// Reads every event of `input` in `format`, calling `on_event` for each.
pub fn read_events(
    input: &mut dyn BufRead,
    format: Format,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    let mut first_line = Vec::new();
    let format = match format {
        Format::Auto => detect(input, &mut first_line)?,
        f => f,
    };
    match format {
        Format::Auto | Format::Json => {
            let mut buf = first_line;
            input.read_to_end(&mut buf)?;
            on_event(Event::from_json_with(&buf, options));
        }
        Format::Batch => {
            // Incremental: memory stays bounded by one event plus the read
            // buffer, however large the array.
            let mut stream = BatchStream::with_options(*options);
            stream.feed(&first_line);
            loop {
                let more = match stream.next_event() {
                    Ok(Status::Complete(event)) => {
                        if let Flow::Stop = on_event(Ok(event)) {
                            return Ok(());
                        }
                        false
                    }
                    Ok(Status::Partial) => true,
                    Err(e) => {
                        let fatal = e.is_fatal();
                        // Offsets absolute in the input, as for the other formats;
                        // errors without one (missing attributes) stay without.
                        let error = match e.error().offset() {
                            Some(_) => cloudevents_codec::Error::from(e),
                            None => *e.error(),
                        };
                        if let Flow::Stop = on_event(Err(error)) {
                            return Ok(());
                        }
                        if fatal {
                            return Ok(());
                        }
                        false
                    }
                    Ok(_) => return Ok(()),
                };
                if more {
                    if stream.is_finished() {
                        return Ok(());
                    }
                    stream.read_from(input)?;
                }
            }
        }
        Format::Ndjson => {
            for_each_line(input, first_line, &mut |line| {
                let mut events = NdjsonReader::with_options(line, *options);
                match events.next() {
                    Some((_, result)) => on_event(result),
                    None => Flow::Continue,
                }
            })?;
        }
        Format::Kafka => {
            let mut scratch = wire::KafkaScratch::default();
            for_each_line(input, first_line, &mut |line| {
                if line.iter().all(u8::is_ascii_whitespace) {
                    return Flow::Continue;
                }
                wire::kafka_record(line, &mut scratch, options, on_event)
            })?;
        }
        Format::Http => {
            let mut buf = first_line;
            input.read_to_end(&mut buf)?;
            wire::http_messages(&buf, options, on_event);
        }
        Format::Parquet => {
            // The footer is at the end: the file is read whole (compressed;
            // events are then decoded a batch at a time).
            let mut buf = first_line;
            input.read_to_end(&mut buf)?;
            crate::parquet::read_events(buf, options, on_event)?;
        }
    }
    Ok(())
}

/// Calls `f` with each line (without its `\n`), reusing one buffer. `first`
/// is a line already read by format detection.
fn for_each_line(
    input: &mut dyn BufRead,
    first: Vec<u8>,
    f: &mut dyn FnMut(&[u8]) -> Flow,
) -> io::Result<()> {
    let mut line = first;
    let mut pending = !line.is_empty();
    loop {
        if !pending {
            line.clear();
            if input.read_until(b'\n', &mut line)? == 0 {
                return Ok(());
            }
        }
        pending = false;
        let content = line.strip_suffix(b"\n").unwrap_or(&line);
        if let Flow::Stop = f(content) {
            return Ok(());
        }
    }
}

/// Detects the format from the first bytes: the `PAR1` magic is Parquet;
/// then, from the first non-blank bytes: `[` is a batch; `{`
/// starts JSON — NDJSON (or kcat records) when the first line is a whole JSON
/// object, one event otherwise; anything else is HTTP. The bytes read to
/// decide are left in `first_line`.
fn detect(input: &mut dyn BufRead, first_line: &mut Vec<u8>) -> io::Result<Format> {
    if input.fill_buf()?.starts_with(crate::parquet::MAGIC) {
        return Ok(Format::Parquet);
    }
    // Skip leading whitespace without losing any other byte.
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(Format::Ndjson); // empty input: no events
        }
        let n = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let all = n == buf.len();
        input.consume(n);
        if !all {
            break;
        }
    }
    let first = input.fill_buf()?[0];
    match first {
        b'[' => Ok(Format::Batch),
        // A byte order mark before JSON: let the JSON parser report it (E-02).
        0xEF => Ok(Format::Json),
        b'{' => {
            input.read_until(b'\n', first_line)?;
            let line = first_line.strip_suffix(b"\n").unwrap_or(first_line);
            match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line) {
                Ok(obj) => {
                    let kafka = !obj.contains_key("specversion")
                        && (obj.contains_key("payload")
                            || obj.contains_key("payload_base64")
                            || obj.get("headers").is_some_and(|h| h.is_array()));
                    Ok(if kafka { Format::Kafka } else { Format::Ndjson })
                }
                Err(e) if e.is_eof() => Ok(Format::Json),
                // A syntax error on the first line: one event (the error
                // will be reported by the parser), unless more lines follow.
                Err(_) => {
                    let more = !input.fill_buf()?.is_empty();
                    Ok(if more { Format::Ndjson } else { Format::Json })
                }
            }
        }
        _ => Ok(Format::Http),
    }
}
