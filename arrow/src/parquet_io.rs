//! Parquet files of events, through the `parquet` crate's Arrow writer and
//! reader.

use std::io::Write;

use arrow_array::RecordBatch;
use cloudevents_codec::Event;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::ParquetMetaData;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::reader::ChunkReader;
use parquet::schema::types::ColumnPath;

use crate::builder::EventBatchBuilder;
use crate::error::Result;
use crate::schema::{column, BatchOptions};

/// The default rows per row group: engines skip row groups by their
/// statistics, so smaller groups skip more finely; 128 Ki events of a few
/// hundred bytes make groups of some tens of MB before compression.
pub const DEFAULT_ROW_GROUP_ROWS: usize = 128 * 1024;

/// The default most bytes per row group (estimated, encoded): the writer
/// holds a row group in memory until it is flushed, so this bounds its
/// memory whatever the events' size (the `parquet.block.size` of Java
/// writers).
pub const DEFAULT_ROW_GROUP_BYTES: usize = 128 << 20;

/// How [`ParquetEventWriter`] writes a file.
///
/// ```
/// use cloudevents_codec_arrow::{BatchOptions, ExtensionType, ParquetOptions};
/// use parquet::basic::Compression;
/// let options = ParquetOptions::new()
///     .row_group_rows(10_000)
///     .compression(Compression::SNAPPY)
///     .batch(BatchOptions::new().promote("seqno", ExtensionType::Integer));
/// assert_eq!(options.rows_per_group(), 10_000);
/// ```
#[derive(Debug, Clone)]
pub struct ParquetOptions {
    batch: BatchOptions,
    row_group_rows: usize,
    row_group_bytes: usize,
    compression: Compression,
}

impl Default for ParquetOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl ParquetOptions {
    /// Row groups of at most [`DEFAULT_ROW_GROUP_ROWS`] rows and
    /// [`DEFAULT_ROW_GROUP_BYTES`] bytes, zstd level 1, the default
    /// [`BatchOptions`].
    pub fn new() -> Self {
        ParquetOptions {
            batch: BatchOptions::new(),
            row_group_rows: DEFAULT_ROW_GROUP_ROWS,
            row_group_bytes: DEFAULT_ROW_GROUP_BYTES,
            // Level 1 is the zstd default: about snappy's speed, smaller files.
            compression: Compression::ZSTD(ZstdLevel::default()),
        }
    }

    /// The batch layout (schema, promoted extensions, rows per batch).
    #[must_use]
    pub fn batch(mut self, batch: BatchOptions) -> Self {
        self.batch = batch;
        self
    }

    /// The most rows per row group (at least 1).
    #[must_use]
    pub fn row_group_rows(mut self, rows: usize) -> Self {
        self.row_group_rows = rows.max(1);
        self
    }

    /// The most bytes per row group (at least 1; estimated by the writer,
    /// encoded size): what the writer holds in memory before it writes a
    /// row group out.
    #[must_use]
    pub fn row_group_bytes(mut self, bytes: usize) -> Self {
        self.row_group_bytes = bytes.max(1);
        self
    }

    /// The compression of every column (the crate is built with
    /// `UNCOMPRESSED`, `SNAPPY`, `ZSTD` and `LZ4_RAW`).
    #[must_use]
    pub fn compression(mut self, compression: Compression) -> Self {
        self.compression = compression;
        self
    }

    /// The configured rows per row group.
    pub fn rows_per_group(&self) -> usize {
        self.row_group_rows
    }

    /// The configured batch layout.
    pub fn batch_options(&self) -> &BatchOptions {
        &self.batch
    }

    /// The Parquet writer properties these options stand for, to use with
    /// `parquet`'s `ArrowWriter` directly.
    ///
    /// Every column gets page-level statistics (min/max per row group and
    /// per page: engines skip row groups on `time` and `type` with them)
    /// except `data` and `time_text`, whose values are large or rare.
    /// Dictionary encoding is off for the columns that seldom repeat (`id`,
    /// `time`, `time_text`, `data`).
    pub fn writer_properties(&self) -> WriterProperties {
        let mut props = WriterProperties::builder()
            .set_compression(self.compression)
            .set_max_row_group_row_count(Some(self.row_group_rows))
            .set_max_row_group_bytes(Some(self.row_group_bytes))
            .set_statistics_enabled(EnabledStatistics::Page);
        for name in [column::DATA, column::TIME_TEXT] {
            props = props
                .set_column_statistics_enabled(ColumnPath::from(name), EnabledStatistics::None);
        }
        for name in [column::ID, column::TIME, column::TIME_TEXT, column::DATA] {
            props = props.set_column_dictionary_enabled(ColumnPath::from(name), false);
        }
        props.build()
    }
}

/// Writes events into a Parquet file.
///
/// ```
/// use cloudevents_codec::Event;
/// use cloudevents_codec_arrow::{ParquetEventReader, ParquetEventWriter, ParquetOptions};
///
/// let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
/// let mut writer = ParquetEventWriter::try_new(Vec::new(), ParquetOptions::new())?;
/// writer.write(&event)?;
/// let file = bytes::Bytes::from(writer.close()?);
/// assert!(file.starts_with(b"PAR1"));
///
/// let mut rows = 0;
/// for batch in ParquetEventReader::try_new(file, 1024)? {
///     rows += batch?.num_rows();
/// }
/// assert_eq!(rows, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ParquetEventWriter<W: Write + Send> {
    builder: EventBatchBuilder,
    writer: ArrowWriter<W>,
}

impl<W: Write + Send> ParquetEventWriter<W> {
    /// Starts a file in `out`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Schema`](crate::ErrorKind::Schema) for invalid promoted
    /// extensions; [`ErrorKind::Parquet`](crate::ErrorKind::Parquet) when the
    /// writer cannot start.
    pub fn try_new(out: W, options: ParquetOptions) -> Result<Self> {
        let builder = EventBatchBuilder::try_new(options.batch.clone())?;
        let writer =
            ArrowWriter::try_new(out, builder.schema(), Some(options.writer_properties()))?;
        Ok(ParquetEventWriter { builder, writer })
    }

    /// Appends one event (written out a batch at a time).
    ///
    /// # Errors
    ///
    /// As [`EventBatchBuilder::push`]; [`ErrorKind::Parquet`](crate::ErrorKind::Parquet)
    /// when writing a batch fails.
    pub fn write(&mut self, event: &Event<'_>) -> Result<()> {
        if let Some(batch) = self.builder.push(event)? {
            self.writer.write(&batch)?;
        }
        Ok(())
    }

    /// Writes a batch built elsewhere (it must have this writer's schema).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parquet`](crate::ErrorKind::Parquet) when the batch does
    /// not match the schema or writing fails.
    pub fn write_batch(&mut self, batch: &RecordBatch) -> Result<()> {
        if let Some(pending) = self.builder.finish_nonempty()? {
            self.writer.write(&pending)?;
        }
        self.writer.write(batch)?;
        Ok(())
    }

    /// The output, e.g. to take the bytes written so far out of a `Vec<u8>`
    /// (the writer only appends to it; it never reads back).
    pub fn inner_mut(&mut self) -> &mut W {
        self.writer.inner_mut()
    }

    /// Rows written so far, including those not yet flushed.
    pub fn rows(&self) -> usize {
        self.writer
            .flushed_row_groups()
            .iter()
            .map(|g| g.num_rows() as usize)
            .sum::<usize>()
            + self.writer.in_progress_rows()
            + self.builder.len()
    }

    /// Writes the last batch and the file footer, and returns the output.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parquet`](crate::ErrorKind::Parquet) when writing fails.
    pub fn close(mut self) -> Result<W> {
        if let Some(batch) = self.builder.finish_nonempty()? {
            self.writer.write(&batch)?;
        }
        Ok(self.writer.into_inner()?)
    }
}

impl<W: Write + Send> std::fmt::Debug for ParquetEventWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetEventWriter")
            .field("builder", &self.builder)
            .finish_non_exhaustive()
    }
}

/// Reads the `RecordBatch`es of a Parquet file of events; read each one's
/// events with [`BatchEvents`](crate::BatchEvents).
///
/// `R` is anything `parquet` reads from: a `std::fs::File`, `bytes::Bytes`.
pub struct ParquetEventReader {
    reader: ParquetRecordBatchReader,
    metadata: std::sync::Arc<ParquetMetaData>,
}

impl ParquetEventReader {
    /// Opens a file, to read it `batch_size` rows at a time.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parquet`](crate::ErrorKind::Parquet) when the input is not
    /// a readable Parquet file.
    pub fn try_new<R: ChunkReader + 'static>(input: R, batch_size: usize) -> Result<Self> {
        let builder = ParquetRecordBatchReaderBuilder::try_new(input)?;
        let metadata = builder.metadata().clone();
        let reader = builder.with_batch_size(batch_size.max(1)).build()?;
        Ok(ParquetEventReader { reader, metadata })
    }

    /// The file's metadata (row groups, their statistics, the schema).
    pub fn metadata(&self) -> &ParquetMetaData {
        &self.metadata
    }
}

impl Iterator for ParquetEventReader {
    type Item = Result<RecordBatch>;

    fn next(&mut self) -> Option<Result<RecordBatch>> {
        self.reader.next().map(|r| r.map_err(Into::into))
    }
}

impl std::fmt::Debug for ParquetEventReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetEventReader")
            .field("rows", &self.metadata.file_metadata().num_rows())
            .finish_non_exhaustive()
    }
}
