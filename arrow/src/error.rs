//! The crate's one error type.

use std::borrow::Cow;
use std::fmt;

/// What went wrong.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A `RecordBatch` lacks a column this crate needs, or has one of a type
    /// it cannot read; or builder options name an invalid column.
    Schema,
    /// A row does not make a valid CloudEvent (the library's validation
    /// failed; [`Error::event_error`] has its error).
    InvalidEvent,
    /// One event is too large for a batch's 32-bit offsets.
    TooLarge,
    /// An Arrow operation failed.
    Arrow,
    /// A Parquet operation failed (including I/O under it).
    Parquet,
}

/// An error of this crate: a kind, the row it concerns (when reading a
/// batch), a detail message and the underlying error, if any.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    row: Option<usize>,
    detail: Cow<'static, str>,
    source: Option<Source>,
}

#[derive(Debug)]
enum Source {
    Event(cloudevents_codec::Error),
    Arrow(arrow_schema::ArrowError),
    Parquet(parquet::errors::ParquetError),
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, detail: impl Into<Cow<'static, str>>) -> Error {
        Error {
            kind,
            row: None,
            detail: detail.into(),
            source: None,
        }
    }

    pub(crate) fn schema(detail: impl Into<Cow<'static, str>>) -> Error {
        Error::new(ErrorKind::Schema, detail)
    }

    pub(crate) fn invalid(row: usize, detail: impl Into<Cow<'static, str>>) -> Error {
        Error::new(ErrorKind::InvalidEvent, detail).at_row(row)
    }

    pub(crate) fn event(row: usize, err: cloudevents_codec::Error) -> Error {
        Error {
            kind: ErrorKind::InvalidEvent,
            row: Some(row),
            detail: Cow::Borrowed("the row is not a valid CloudEvent"),
            source: Some(Source::Event(err)),
        }
    }

    pub(crate) fn at_row(mut self, row: usize) -> Error {
        self.row = Some(row);
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The row of the batch the error concerns, when reading one.
    pub fn row(&self) -> Option<usize> {
        self.row
    }

    /// The library's validation error, for [`ErrorKind::InvalidEvent`]
    /// errors that come from it.
    pub fn event_error(&self) -> Option<&cloudevents_codec::Error> {
        match &self.source {
            Some(Source::Event(e)) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "row {row}: ")?;
        }
        f.write_str(&self.detail)?;
        match &self.source {
            Some(Source::Event(e)) => write!(f, ": {e}"),
            Some(Source::Arrow(e)) => write!(f, ": {e}"),
            Some(Source::Parquet(e)) => write!(f, ": {e}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.source {
            Some(Source::Event(e)) => Some(e),
            Some(Source::Arrow(e)) => Some(e),
            Some(Source::Parquet(e)) => Some(e),
            None => None,
        }
    }
}

impl From<arrow_schema::ArrowError> for Error {
    fn from(e: arrow_schema::ArrowError) -> Error {
        Error {
            kind: ErrorKind::Arrow,
            row: None,
            detail: Cow::Borrowed("arrow"),
            source: Some(Source::Arrow(e)),
        }
    }
}

impl From<parquet::errors::ParquetError> for Error {
    fn from(e: parquet::errors::ParquetError) -> Error {
        Error {
            kind: ErrorKind::Parquet,
            row: None,
            detail: Cow::Borrowed("parquet"),
            source: Some(Source::Parquet(e)),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
