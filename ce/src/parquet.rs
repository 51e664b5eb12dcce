//! Parquet files (`--to parquet`, `--from parquet`), in the layout of
//! `cloudevents-codec-arrow`. Built with the `parquet` feature (default);
//! without it both directions report that they are missing.

/// The file magic that `--from auto` detects.
pub const MAGIC: &[u8; 4] = b"PAR1";

#[cfg(feature = "parquet")]
mod imp {
    use std::io::{self, IsTerminal, Write};

    use cloudevents_codec::{Error, ErrorKind, Event, ParseOptions};
    use cloudevents_codec_arrow::{
        BatchEvents, ErrorKind as ArrowErrorKind, ParquetEventReader, ParquetEventWriter,
        ParquetOptions,
    };

    use crate::input::{Flow, OnEvent};
    use crate::CliError;

    /// Rows per batch when reading.
    const READ_BATCH: usize = 8192;

    /// Writes events into a Parquet file on stdout or in a file.
    pub struct ParquetOut {
        writer: ParquetEventWriter<Box<dyn Write + Send>>,
        /// The first error of the writer: it ends the command.
        failed: Option<String>,
    }

    impl ParquetOut {
        /// Starts the file at `output` (stdout when `None`, but not a
        /// terminal: Parquet is binary).
        pub fn create(output: Option<&str>) -> Result<ParquetOut, CliError> {
            let out: Box<dyn Write + Send> = match output {
                Some(path) => Box::new(io::BufWriter::with_capacity(
                    1 << 16,
                    std::fs::File::create(path)
                        .map_err(|e| CliError::Message(format!("{path}: {e}")))?,
                )),
                None if io::stdout().is_terminal() => return Err(CliError::Message(
                    "refusing to write Parquet to a terminal: redirect stdout or use --output FILE"
                        .into(),
                )),
                None => Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout())),
            };
            let writer = ParquetEventWriter::try_new(out, ParquetOptions::new())
                .map_err(|e| CliError::Message(format!("parquet: {e}")))?;
            Ok(ParquetOut {
                writer,
                failed: None,
            })
        }

        /// Appends one event.
        ///
        /// # Errors
        ///
        /// An event too large for a batch (`Limit`); other failures end the
        /// command (see [`flow`](Self::flow)).
        pub fn event(&mut self, event: &Event<'_>) -> Result<(), Error> {
            match self.writer.write(event) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == ArrowErrorKind::TooLarge => Err(Error::new(
                    ErrorKind::Limit,
                    "the event is too large for a Parquet batch",
                )),
                Err(e) => {
                    self.failed.get_or_insert(format!("parquet: {e}"));
                    Ok(())
                }
            }
        }

        /// `Stop` once writing failed.
        pub fn flow(&self) -> Flow {
            match self.failed {
                Some(_) => Flow::Stop,
                None => Flow::Continue,
            }
        }

        /// Writes the last rows and the footer.
        pub fn finish(mut self) -> Result<(), CliError> {
            if let Some(m) = self.failed.take() {
                return Err(CliError::Message(m));
            }
            let mut out = self
                .writer
                .close()
                .map_err(|e| CliError::Message(format!("parquet: {e}")))?;
            out.flush().map_err(|e| crate::io_error("stdout", e))
        }
    }

    /// Reads every event of a Parquet file held in `bytes`.
    pub fn read_events(
        bytes: Vec<u8>,
        options: &ParseOptions,
        on_event: &mut OnEvent<'_>,
    ) -> io::Result<()> {
        let invalid = |e: cloudevents_codec_arrow::Error| {
            io::Error::new(io::ErrorKind::InvalidData, format!("parquet: {e}"))
        };
        let reader =
            ParquetEventReader::try_new(bytes::Bytes::from(bytes), READ_BATCH).map_err(invalid)?;
        let mut scratch = Vec::new();
        for batch in reader {
            let batch = batch.map_err(invalid)?;
            let events = BatchEvents::new(&batch)
                .map_err(invalid)?
                .with_options(*options);
            for row in 0..events.len() {
                let result = events.event(row, &mut scratch).map_err(|e| {
                    // The library's own error when it has one; else the row
                    // broke the layout (a null id, an unknown data_kind).
                    e.event_error().copied().unwrap_or(Error::new(
                        ErrorKind::InvalidValue,
                        "the row is not an event in the cloudevents-codec-arrow layout",
                    ))
                });
                if let Flow::Stop = on_event(result) {
                    return Ok(());
                }
            }
        }
        Ok(())
    }
}

#[cfg(not(feature = "parquet"))]
mod imp {
    use std::io;

    use cloudevents_codec::{Error, Event, ParseOptions};

    use crate::input::OnEvent;
    use crate::CliError;

    const MISSING: &str = "this ce was built without Parquet support (feature `parquet`)";

    pub enum ParquetOut {}

    impl ParquetOut {
        pub fn create(_output: Option<&str>) -> Result<ParquetOut, CliError> {
            Err(CliError::Message(MISSING.into()))
        }
        pub fn event(&mut self, _event: &Event<'_>) -> Result<(), Error> {
            match *self {}
        }
        pub fn flow(&self) -> crate::input::Flow {
            match *self {}
        }
        pub fn finish(self) -> Result<(), CliError> {
            match self {}
        }
    }

    pub fn read_events(
        _bytes: Vec<u8>,
        _options: &ParseOptions,
        _on_event: &mut OnEvent<'_>,
    ) -> io::Result<()> {
        Err(io::Error::new(io::ErrorKind::Unsupported, MISSING))
    }
}

pub use imp::{read_events, ParquetOut};
