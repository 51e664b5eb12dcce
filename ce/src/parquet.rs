//! Parquet files (`--to parquet`, `--from parquet`), in the columns of
//! `cloudevents-codec-arrow` (`arrow/README.md`). Built with the `parquet`
//! feature (default); without it both directions say that they are missing.
//!
//! Memory stays bounded, as for the other formats: the writer holds at most
//! one row group (64 MiB) and one batch of columns (16 MiB); the reader
//! copies its input to a temporary file (a Parquet file's index is at its
//! end) and decodes a batch of rows at a time.

/// The file magic that `--from auto` detects.
pub const MAGIC: &[u8; 4] = b"PAR1";

#[cfg(feature = "parquet")]
mod imp {
    use std::fs::{File, OpenOptions};
    use std::io::{self, BufRead};
    use std::path::PathBuf;

    use cloudevents_codec::{Error, ErrorKind, Event, ParseOptions};
    use cloudevents_codec_arrow::{
        BatchEvents, BatchOptions, ErrorKind as ColumnsErrorKind, ParquetEventReader,
        ParquetEventWriter, ParquetOptions,
    };

    use crate::input::{Flow, Meta, OnEvent};
    use crate::CliError;

    /// Rows per batch when reading.
    const READ_BATCH: usize = 8192;

    /// The most bytes (estimated, encoded) of a row group the writer holds.
    const ROW_GROUP_BYTES: usize = 64 << 20;

    /// The most bytes of strings and data in one batch of columns.
    const BATCH_BYTES: usize = 16 << 20;

    /// Writes events as a Parquet file into the caller's buffer, as its
    /// bytes are produced (a row group at a time, then the footer).
    #[derive(Default)]
    pub struct ParquetSink {
        /// Made at the first event (or at the end, for an empty file).
        writer: Option<ParquetEventWriter<Vec<u8>>>,
    }

    impl ParquetSink {
        pub fn new() -> Self {
            ParquetSink { writer: None }
        }

        fn writer(&mut self) -> Result<&mut ParquetEventWriter<Vec<u8>>, String> {
            if self.writer.is_none() {
                let options = ParquetOptions::new()
                    .row_group_bytes(ROW_GROUP_BYTES)
                    .batch(BatchOptions::new().max_batch_bytes(BATCH_BYTES));
                let writer = ParquetEventWriter::try_new(Vec::new(), options)
                    .map_err(|e| format!("parquet: {e}"))?;
                self.writer = Some(writer);
            }
            self.writer
                .as_mut()
                .ok_or_else(|| "parquet: no writer".to_string())
        }

        /// Appends one event; moves the bytes written so far to `buf`.
        ///
        /// # Errors
        ///
        /// An event too large for a batch of columns (`Limit`); a failure of
        /// the writer, which then fails every event.
        pub fn event(&mut self, event: &Event<'_>, buf: &mut Vec<u8>) -> Result<(), Error> {
            let writer = self.writer().map_err(|m| {
                crate::diag::diag!("ce: {m}");
                Error::new(ErrorKind::InvalidValue, "the Parquet writer failed")
            })?;
            let written = writer.write(event);
            buf.append(writer.inner_mut());
            match written {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == ColumnsErrorKind::TooLarge => Err(Error::new(
                    ErrorKind::Limit,
                    "the event is too large for a batch of Parquet columns",
                )),
                Err(e) => {
                    crate::diag::diag!("ce: parquet: {e}");
                    Err(Error::new(
                        ErrorKind::InvalidValue,
                        "the Parquet writer failed",
                    ))
                }
            }
        }

        /// Writes the last rows and the footer into `buf`.
        pub fn end(&mut self, buf: &mut Vec<u8>) -> Result<(), CliError> {
            self.writer().map_err(CliError::Message)?;
            let Some(writer) = self.writer.take() else {
                return Ok(());
            };
            let mut rest = writer
                .close()
                .map_err(|e| CliError::Message(format!("parquet: {e}")))?;
            buf.append(&mut rest);
            Ok(())
        }
    }

    /// A temporary file, removed when dropped.
    struct TempFile {
        path: PathBuf,
        file: File,
    }

    impl TempFile {
        fn create() -> io::Result<TempFile> {
            let dir = std::env::temp_dir();
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            for attempt in 0..100u32 {
                let path = dir.join(format!(
                    "ce-{}-{stamp}-{attempt}.parquet",
                    std::process::id()
                ));
                match OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create_new(true)
                    .open(&path)
                {
                    Ok(file) => return Ok(TempFile { path, file }),
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                    Err(e) => return Err(e),
                }
            }
            Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "no free temporary file name",
            ))
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.path);
        }
    }

    /// Reads every event of a Parquet file (the `input::Reader` shape).
    pub fn read(
        input: &mut dyn BufRead,
        options: &ParseOptions,
        on_event: &mut OnEvent<'_>,
    ) -> io::Result<()> {
        let invalid = |e: cloudevents_codec_arrow::Error| {
            io::Error::new(io::ErrorKind::InvalidData, format!("parquet: {e}"))
        };
        let mut temp = TempFile::create()?;
        io::copy(input, &mut temp.file)?;
        let reader =
            ParquetEventReader::try_new(temp.file.try_clone()?, READ_BATCH).map_err(invalid)?;
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
                if let Flow::Stop = on_event(result, &Meta::NONE) {
                    return Ok(());
                }
            }
        }
        Ok(())
    }
}

#[cfg(not(feature = "parquet"))]
mod imp {
    use std::io::{self, BufRead};

    use cloudevents_codec::{Error, ErrorKind, Event, ParseOptions};

    use crate::input::OnEvent;
    use crate::CliError;

    const MISSING: &str = "this ce was built without Parquet support (feature `parquet`)";

    #[derive(Default)]
    pub struct ParquetSink;

    impl ParquetSink {
        pub fn new() -> Self {
            ParquetSink
        }

        pub fn event(&mut self, _event: &Event<'_>, _buf: &mut Vec<u8>) -> Result<(), Error> {
            Err(Error::new(ErrorKind::UnsupportedFormat, MISSING))
        }

        pub fn end(&mut self, _buf: &mut Vec<u8>) -> Result<(), CliError> {
            Err(CliError::Message(MISSING.into()))
        }
    }

    pub fn read(
        _input: &mut dyn BufRead,
        _options: &ParseOptions,
        _on_event: &mut OnEvent<'_>,
    ) -> io::Result<()> {
        Err(io::Error::new(io::ErrorKind::Unsupported, MISSING))
    }
}

pub use imp::{read, ParquetSink};
