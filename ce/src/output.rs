//! Writing events in the `ce` output formats into a reusable buffer.
//!
//! Versions (V03-10, V03-6), see [`Versions`]: a CloudEvents 0.3 event is
//! written as 1.0, unless it has no 1.0 form (a relative `schemaurl`, a Map
//! extension value, an extension named `dataschema` or `data_base64`): then
//! it is written as 0.3 with a warning, never lost. `--keep-version` writes
//! every event in its own version. In a batch (`--to batch`), every event must have the
//! batch's version (BATCH-4), which its first event sets: once a batch is
//! 0.3, later 0.3 events stay 0.3 (with a warning) so that they fit; an
//! event that cannot have the batch's version (a 1.0 event in a 0.3 batch,
//! an unconvertible 0.3 event in a 1.0 batch) is an error for this output.

use cloudevents_codec::{json, Error, ErrorKind, Event, SpecVersion};

use crate::formats;
use crate::input::Meta;
use crate::parquet::ParquetSink;
use crate::{wire, CliError};

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
    /// One Protobuf `CloudEvent` message: exactly one event.
    Protobuf,
    /// One Protobuf `CloudEventBatch` message.
    ProtobufBatch,
    /// An Avro object container file.
    Avro,
    /// An Apache Parquet file (the columns of cloudevents-codec-arrow).
    Parquet,
}

impl OutFormat {
    /// The binary format, for the formats [`formats`] writes.
    fn binary(self) -> Option<formats::Output> {
        match self {
            OutFormat::Protobuf => Some(formats::Output::Protobuf),
            OutFormat::ProtobufBatch => Some(formats::Output::ProtobufBatch),
            OutFormat::Avro => Some(formats::Output::Avro),
            _ => None,
        }
    }
}

/// Encodes events one at a time; the caller flushes `buf` to its output.
pub struct Encoder {
    format: OutFormat,
    versions: Versions,
    count: usize,
    batch_version: Option<SpecVersion>,
    scratch: wire::WireScratch,
    binary: formats::Encoder,
    parquet: ParquetSink,
}

/// Which CloudEvents version the events are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versions {
    /// 1.0: 0.3 events are upgraded, and one without a 1.0 form is written
    /// as 0.3 with a warning (`ce convert`, `ce filter`).
    Upgrade,
    /// Every event in its own version (`--keep-version`).
    Keep,
    /// 1.0 only: a 0.3 event without a 1.0 form is an error.
    UpgradeOnly,
}

impl Versions {
    /// `Keep` for `--keep-version`, else `Upgrade`.
    pub fn keep_if(keep_version: bool) -> Self {
        if keep_version {
            Versions::Keep
        } else {
            Versions::Upgrade
        }
    }
}

/// An event written in CloudEvents 0.3 although 1.0 was asked for: why.
pub struct KeptVersion(pub Error);

impl std::fmt::Display for KeptVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "written as CloudEvents 0.3: {}", self.0)
    }
}

impl Encoder {
    /// An encoder for `format`, writing events in `versions`.
    pub fn new(format: OutFormat, versions: Versions) -> Self {
        Encoder {
            format,
            versions,
            count: 0,
            batch_version: None,
            scratch: wire::WireScratch::default(),
            binary: formats::Encoder::default(),
            parquet: ParquetSink::new(),
        }
    }

    /// Anything that goes before the first event.
    pub fn begin(&mut self, buf: &mut Vec<u8>) {
        if self.format == OutFormat::Batch {
            buf.push(b'[');
        }
        if let Some(f) = self.format.binary() {
            self.binary.begin(f, buf);
        }
    }

    /// Appends one event; `meta` is what its input carried besides it (a
    /// Kafka record's key becomes the output record's key, KAFKA-3).
    ///
    /// # Errors
    ///
    /// When the event cannot be written in this format: a batch event that
    /// cannot have the batch's specversion (BATCH-4), an event a binding
    /// cannot carry. Nothing is appended then.
    pub fn event(
        &mut self,
        event: &Event<'_>,
        meta: &Meta<'_>,
        buf: &mut Vec<u8>,
    ) -> Result<Option<KeptVersion>, Error> {
        let mut kept = None;
        let upgraded;
        let event = if event.specversion() == SpecVersion::V0_3 && self.versions != Versions::Keep {
            match event.to_v1() {
                // In a 0.3 batch, 0.3 stays (BATCH-4).
                Ok(_) if self.batch_version == Some(SpecVersion::V0_3) => {
                    kept = Some(KeptVersion(Error::new(
                        ErrorKind::InvalidValue,
                        "the batch is CloudEvents 0.3 (BATCH-4)",
                    )));
                    event
                }
                Ok(v1) => {
                    upgraded = v1;
                    &upgraded
                }
                Err(why) if self.versions == Versions::UpgradeOnly => return Err(why),
                Err(why) => {
                    kept = Some(KeptVersion(why));
                    event
                }
            }
        } else {
            event
        };
        match self.format {
            OutFormat::Json | OutFormat::Ndjson => json::write_ndjson_event(event, buf),
            OutFormat::Batch => {
                if let Some(v) = self.batch_version {
                    if v != event.specversion() {
                        return Err(Error::new(
                            ErrorKind::InvalidValue,
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
            OutFormat::Kafka => wire::write_kafka_record(event, meta.key, buf, &mut self.scratch)?,
            OutFormat::Protobuf => self.binary.event(formats::Output::Protobuf, event, buf)?,
            OutFormat::ProtobufBatch => {
                self.binary
                    .event(formats::Output::ProtobufBatch, event, buf)?
            }
            OutFormat::Avro => self.binary.event(formats::Output::Avro, event, buf)?,
            // Parquet keeps 0.3 events as they are; `versions` decided above.
            OutFormat::Parquet => self.parquet.event(event, buf)?,
        }
        self.count += 1;
        Ok(kept)
    }

    /// Anything that goes after the last event (a Parquet file's last row
    /// group and footer).
    ///
    /// # Errors
    ///
    /// When the Parquet writer fails.
    pub fn end(&mut self, buf: &mut Vec<u8>) -> Result<(), CliError> {
        match self.format {
            OutFormat::Batch => buf.extend_from_slice(b"]\n"),
            OutFormat::Parquet => self.parquet.end(buf)?,
            _ => {}
        }
        self.binary.end(buf);
        Ok(())
    }

    /// True for a binary format (not for a terminal).
    pub fn is_binary(&self) -> bool {
        self.format == OutFormat::Parquet || self.format.binary().is_some()
    }
}
