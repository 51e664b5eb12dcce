//! Reading events from files or stdin in any of the `ce` input formats.
//!
//! Each format is a reader function in its own module, called with the
//! input, the parse options and a callback; [`read_events`] picks one, or
//! detects it (`--from auto`). Events borrow from buffers that are reused
//! between events, so they are handed to the callback rather than returned.
//!
//! Memory stays bounded whatever the input: every reader holds at most one
//! event of [`ParseOptions::max_size`] bytes (plus read buffers; Parquet, a
//! batch of rows, see `crate::parquet`). A larger
//! event is reported as a `Limit` error after reading at most that many
//! bytes, and its remaining bytes are skipped, not stored; reading goes on
//! with the next event where the format allows it.
//!
//! To add a format: a [`Format`] variant, a module with a reader of the
//! [`Reader`] shape, an arm in [`read_format`], and (optionally) a rule in
//! `detect`.

use std::io::{self, BufRead};

use cloudevents_codec::binding::Message;
use cloudevents_codec::{Error, ErrorKind, Event, ParseOptions};

use crate::formats;

mod detect;
mod http;
mod json;
mod kafka;
mod lines;
mod replay;

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
    /// One Protobuf `CloudEvent` message (`application/cloudevents+protobuf`).
    Protobuf,
    /// One Protobuf `CloudEventBatch` message.
    ProtobufBatch,
    /// An Avro object container file of events.
    Avro,
    /// An Apache Parquet file (the columns of cloudevents-codec-arrow).
    Parquet,
}

/// What the callback tells the reader.
pub enum Flow {
    Continue,
    Stop,
}

/// What the input carried with an event besides the event itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Meta<'a> {
    /// The message key of a transport that has one: a Kafka record's key
    /// (`None` for a null key, and for formats without keys).
    pub key: Option<&'a [u8]>,
}

impl Meta<'_> {
    /// Nothing besides the event.
    pub const NONE: Meta<'static> = Meta { key: None };
}

/// The callback: one call per event or per invalid event, with what the
/// input carried alongside it.
pub type OnEvent<'f> = dyn FnMut(Result<Event<'_>, Error>, &Meta<'_>) -> Flow + 'f;

/// The shape of every format's reader.
pub type Reader = fn(&mut dyn BufRead, &ParseOptions, &mut OnEvent<'_>) -> io::Result<()>;

/// Reads every event of `input` in `format`, calling `on_event` for each.
pub fn read_events(
    input: &mut dyn BufRead,
    format: Format,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    if format != Format::Auto {
        return read_format(format)(input, options, on_event);
    }
    // Detection reads a bounded prefix; the reader then gets it back first.
    let (format, mut input) = detect::detect(input)?;
    read_format(format)(&mut input, options, on_event)
}

/// The reader of a format. (`detect` never answers `Auto`; read as the
/// empty input it stands for there, NDJSON.)
fn read_format(format: Format) -> Reader {
    match format {
        Format::Json => json::one,
        Format::Ndjson | Format::Auto => json::ndjson,
        Format::Batch => json::batch,
        Format::Http => http::read,
        Format::Kafka => kafka::read,
        Format::Protobuf => formats::read_protobuf,
        Format::ProtobufBatch => formats::read_protobuf_batch,
        Format::Avro => formats::read_avro,
        Format::Parquet => crate::parquet::read,
    }
}

/// Hands every event of a binding's message to `on_event`.
fn deliver(
    message: Result<Message<'_>, Error>,
    meta: &Meta<'_>,
    on_event: &mut OnEvent<'_>,
) -> Flow {
    match message {
        Ok(Message::Binary(e)) | Ok(Message::Structured(e)) => on_event(Ok(e), meta),
        Ok(Message::Batch(events)) => {
            for result in events {
                if let Flow::Stop = on_event(result, meta) {
                    return Flow::Stop;
                }
            }
            Flow::Continue
        }
        Err(e) => on_event(Err(e), meta),
        #[allow(unreachable_patterns)]
        Ok(_) => on_event(
            Err(Error::new(
                ErrorKind::UnsupportedFormat,
                "unknown message kind",
            )),
            meta,
        ),
    }
}

/// The error of an event over the size limit, as the library words it.
fn too_large() -> Error {
    Error::new(ErrorKind::Limit, "event larger than the size limit").at(0)
}

/// How many bytes to read of something that must fit in the size limit:
/// one more tells whether it does.
pub(crate) fn read_cap(options: &ParseOptions) -> u64 {
    u64::try_from(options.max_size())
        .unwrap_or(u64::MAX)
        .saturating_add(1)
}
