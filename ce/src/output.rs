//! Writing events in the `ce` output formats into a reusable buffer.

use cloudevents_codec::{json, Error, Event, SpecVersion};

use crate::input::Flow;
use crate::parquet::ParquetOut;
use crate::{wire, CliError, Out};

/// An output format (`--to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    /// One JSON object per event, each on its own line.
    Json,
    /// One JSON object per event per line (the canonical dump).
    Ndjson,
    /// One batch array.
    Batch,
    /// One binary-mode `POST / HTTP/1.1` request per event.
    Http,
    /// Binary-mode Kafka records as `kcat -J` JSON lines.
    Kafka,
    /// An Apache Parquet file (columns of cloudevents-codec-arrow).
    Parquet,
}

/// Encodes events one at a time; the caller flushes `buf` to its output.
pub struct Encoder {
    format: OutFormat,
    count: usize,
    batch_version: Option<SpecVersion>,
    scratch: wire::WireScratch,
}

impl Encoder {
    pub fn new(format: OutFormat) -> Self {
        Encoder {
            format,
            count: 0,
            batch_version: None,
            scratch: wire::WireScratch::default(),
        }
    }

    /// Anything that goes before the first event.
    pub fn begin(&mut self, buf: &mut Vec<u8>) {
        if self.format == OutFormat::Batch {
            buf.push(b'[');
        }
    }

    /// Appends one event.
    ///
    /// # Errors
    ///
    /// When the event cannot be written in this format (a batch with mixed
    /// spec versions, BATCH-4); nothing is appended then.
    pub fn event(&mut self, event: &Event<'_>, buf: &mut Vec<u8>) -> Result<(), Error> {
        // Never emit 0.3 (V03-10): upgrade legacy events to 1.0 (V03-6).
        let upgraded;
        let event = if event.specversion() == SpecVersion::V0_3 {
            upgraded = event.to_v1()?;
            &upgraded
        } else {
            event
        };
        match self.format {
            OutFormat::Json | OutFormat::Ndjson => json::write_ndjson_event(event, buf),
            OutFormat::Batch => {
                if let Some(v) = self.batch_version {
                    if v != event.specversion() {
                        return Err(Error::new(
                            cloudevents_codec::ErrorKind::InvalidValue,
                            "all events of a batch must have the same specversion",
                        )
                        .attr(b"specversion"));
                    }
                }
                self.batch_version = Some(event.specversion());
                if self.count > 0 {
                    buf.push(b',');
                }
                json::write_event(event, buf);
            }
            OutFormat::Http => wire::write_http_request(event, buf, &mut self.scratch)?,
            OutFormat::Kafka => wire::write_kafka_record(event, buf, &mut self.scratch)?,
            // Parquet goes through `Emitter`, not through a text buffer.
            OutFormat::Parquet => {
                return Err(Error::new(
                    cloudevents_codec::ErrorKind::InvalidValue,
                    "parquet is not a text format",
                ))
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Anything that goes after the last event.
    pub fn end(&mut self, buf: &mut Vec<u8>) {
        if self.format == OutFormat::Batch {
            buf.extend_from_slice(b"]\n");
        }
    }
}

/// Where a command's events go: a text format through [`Encoder`] into
/// [`Out`], or a Parquet file.
// One per command, made once and never moved in a loop: the size of the
// Parquet writer inline costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Emitter {
    Text { out: Out, encoder: Encoder },
    Parquet(ParquetOut),
}

impl Emitter {
    /// Events in `format` to `output` (stdout when `None`).
    pub fn create(format: OutFormat, output: Option<&str>) -> Result<Emitter, CliError> {
        if format == OutFormat::Parquet {
            return ParquetOut::create(output).map(Emitter::Parquet);
        }
        let mut out = match output {
            Some(path) => Out::file(path)?,
            None => Out::new(),
        };
        let mut encoder = Encoder::new(format);
        encoder.begin(&mut out.buf);
        Ok(Emitter::Text { out, encoder })
    }

    /// Appends one event.
    ///
    /// # Errors
    ///
    /// When the event cannot be written in the format; nothing is written.
    pub fn event(&mut self, event: &Event<'_>) -> Result<(), Error> {
        match self {
            Emitter::Text { out, encoder } => encoder.event(event, &mut out.buf),
            Emitter::Parquet(p) => {
                // Never emit 0.3 (V03-10), as the text formats.
                if event.specversion() == SpecVersion::V0_3 {
                    p.event(&event.to_v1()?)
                } else {
                    p.event(event)
                }
            }
        }
    }

    /// Writes out what is buffered; `Stop` after an output error.
    pub fn flow(&mut self) -> Flow {
        match self {
            Emitter::Text { out, .. } => out.flush_if_full(),
            Emitter::Parquet(p) => p.flow(),
        }
    }

    /// Ends the output.
    pub fn finish(self) -> Result<(), CliError> {
        match self {
            Emitter::Text {
                mut out,
                mut encoder,
            } => {
                encoder.end(&mut out.buf);
                out.finish()
            }
            Emitter::Parquet(p) => p.finish(),
        }
    }
}
