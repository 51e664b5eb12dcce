//! The JSON formats: one event (`json`), one event per line (`ndjson`), and
//! a batch array (`batch`).

use std::io::{self, BufRead, Read};

use cloudevents_codec::stream::{BatchStream, Status};
use cloudevents_codec::{Error, Event, ParseOptions};

use super::lines::{for_each_line, is_blank, Line};
use super::{read_cap, too_large, Flow, Meta, OnEvent};

/// `--from json`: the whole input is one event. At most `max_size + 1`
/// bytes are read: an input over the limit is reported without reading the
/// rest of it.
pub fn one(
    input: &mut dyn BufRead,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    let mut buf = Vec::new();
    let cap = read_cap(options);
    input.take(cap).read_to_end(&mut buf)?;
    on_event(Event::from_json_with(&buf, options), &Meta::NONE);
    Ok(())
}

/// `--from ndjson`: one event per line, blank lines skipped. Error offsets
/// are relative to the line (`FILE:N` names it). A line over the size limit
/// is reported and skipped without being stored.
pub fn ndjson(
    input: &mut dyn BufRead,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    for_each_line(input, options.max_size(), &mut |line| match line {
        Line::Text(text) if is_blank(text) => Flow::Continue,
        Line::Text(text) => on_event(Event::from_json_with(text, options), &Meta::NONE),
        Line::TooLong { blank: true } => Flow::Continue,
        Line::TooLong { blank: false } => on_event(Err(too_large()), &Meta::NONE),
    })
}

/// `--from batch`: one batch array, read incrementally: memory stays bounded
/// by one element plus the read buffer, however large the array. Each bad
/// element is reported and skipped (BATCH-8); a broken array ends the input.
pub fn batch(
    input: &mut dyn BufRead,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    read_batch(input, options, &Meta::NONE, on_event).map(|_| ())
}

/// Reads one batch array from `input` (to its end) into `on_event`; shared
/// with HTTP batch-mode bodies. Error offsets are relative to the start of
/// `input`, as for the whole-buffer reader. Returns `Stop` when the callback
/// asked to stop.
pub fn read_batch(
    input: &mut dyn Read,
    options: &ParseOptions,
    meta: &Meta<'_>,
    on_event: &mut OnEvent<'_>,
) -> io::Result<Flow> {
    let mut stream = BatchStream::with_options(*options);
    loop {
        let more = match stream.next_event() {
            Ok(Status::Complete(event)) => {
                if let Flow::Stop = on_event(Ok(event), meta) {
                    return Ok(Flow::Stop);
                }
                false
            }
            Ok(Status::Partial) => true,
            Ok(Status::Done) => return Ok(Flow::Continue),
            Err(e) => {
                let fatal = e.is_fatal();
                // Offsets absolute in the input; errors without one (a
                // missing attribute) stay without.
                let error = match e.error().offset() {
                    Some(_) => Error::from(e),
                    None => *e.error(),
                };
                if let Flow::Stop = on_event(Err(error), meta) {
                    return Ok(Flow::Stop);
                }
                if fatal {
                    return Ok(Flow::Continue);
                }
                false
            }
        };
        if more {
            stream.read_from(input)?;
        }
    }
}
