//! Incremental readers for event streams that arrive in pieces.
//!
//! [`NdjsonStream`] reads newline-delimited JSON events and [`BatchStream`]
//! reads one JSON batch array (`application/cloudevents-batch+json`), from
//! byte chunks of any size: a socket read, a `bytes::Buf`, a file read in
//! 64 KiB blocks, or one byte at a time. Each complete event comes back as a
//! borrowing [`Event`](crate::Event) view into the reader's buffer as soon as
//! its last byte has arrived.
//!
//! Running out of input is not an error but a [`Status::Partial`]:
//! feed more bytes and ask again. After [`finish`](NdjsonStream::finish) the
//! reader knows the input is over and answers [`Status::Done`] once
//! everything was read.
//!
//! The reader keeps at most one incomplete event plus a buffer that is reused
//! from one event to the next; an event longer than
//! [`ParseOptions::max_size`](crate::ParseOptions::max_size) is reported as a
//! [`Limit`](crate::ErrorKind::Limit) error and its bytes are dropped as they
//! arrive, so memory stays bounded however long the stream is.
//!
//! Errors ([`StreamError`]) name the event (0-based index) and its byte offset
//! in the whole stream. Most are *recoverable*: the bad line or element has
//! been consumed, and the next call goes on with the next one. A *fatal* error
//! (the batch array's own structure is broken) ends the stream.
//!
//! ```
//! use cloudevents_codec::stream::{NdjsonStream, Status};
//!
//! let input = b"{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}\n\
//!               {\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\"}\n";
//! let mut stream = NdjsonStream::new();
//! let mut ids = Vec::new();
//! // Feed the input in 7-byte chunks, as a network might deliver it.
//! let mut chunks = input.chunks(7);
//! loop {
//!     // Decide inside the `match`, feed after it: the event borrows the
//!     // reader until the end of the `match` statement.
//!     let need_more = match stream.next_event()? {
//!         Status::Complete(event) => {
//!             ids.push(event.id().to_string());
//!             false
//!         }
//!         Status::Partial => true,
//!         Status::Done => break,
//!     };
//!     if need_more {
//!         match chunks.next() {
//!             Some(chunk) => stream.feed(chunk),
//!             None => stream.finish(),
//!         }
//!     }
//! }
//! assert_eq!(ids, ["1", "2"]);
//! # Ok::<(), cloudevents_codec::stream::StreamError>(())
//! ```
//!
//! The event borrows the reader (a *lending* reader): keep what you need
//! from it (or make an [`EventBuf`](crate::EventBuf) /
//! [`OwnedEvent`](crate::OwnedEvent)) before asking for the next one. With an
//! `std::io::Read`, [`read_from`](NdjsonStream::read_from) does the feeding
//! and finishes at the end of the reader:
//!
//! ```
//! use cloudevents_codec::stream::{NdjsonStream, Status};
//!
//! let file = cloudevents_codec_corpus::ndjson(cloudevents_codec_corpus::Profile::Small, 100, 7);
//! let mut reader = &file[..]; // any `std::io::Read`
//! let mut stream = NdjsonStream::new();
//! let mut count = 0;
//! loop {
//!     let partial = match stream.next_event()? {
//!         Status::Complete(_event) => {
//!             count += 1;
//!             false
//!         }
//!         Status::Partial => true,
//!         Status::Done => break,
//!     };
//!     if partial {
//!         stream.read_from(&mut reader)?;
//!     }
//! }
//! assert_eq!(count, 100);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use crate::error::{Error, ErrorKind};

mod batch;
mod buffer;
mod ndjson;
#[cfg(feature = "bytes")]
mod producer;

pub use batch::BatchStream;
pub use ndjson::NdjsonStream;
#[cfg(feature = "bytes")]
pub use producer::{BatchProducer, Framing};

/// What an incremental reader has for the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status<T> {
    /// A complete item.
    Complete(T),
    /// More input is needed: feed more bytes (or call `finish` at the end of
    /// the input) and ask again. Not an error.
    Partial,
    /// The input was finished and everything in it has been read.
    Done,
}

impl<T> Status<T> {
    /// True for [`Status::Partial`].
    pub fn is_partial(&self) -> bool {
        matches!(self, Status::Partial)
    }

    /// True for [`Status::Done`].
    pub fn is_done(&self) -> bool {
        matches!(self, Status::Done)
    }

    /// The complete item, if there is one.
    pub fn complete(self) -> Option<T> {
        match self {
            Status::Complete(t) => Some(t),
            _ => None,
        }
    }

    /// Maps the complete item.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Status<U> {
        match self {
            Status::Complete(t) => Status::Complete(f(t)),
            Status::Partial => Status::Partial,
            Status::Done => Status::Done,
        }
    }
}

/// An error from an incremental reader: the parse [`Error`] plus which event
/// it concerns and where that event starts in the whole stream.
///
/// [`offset`](Self::offset) is the position of the problem in the stream
/// (the event's start plus the error's offset inside the event, when known).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct StreamError {
    error: Error,
    index: u64,
    event_offset: u64,
    fatal: bool,
}

impl StreamError {
    pub(crate) fn new(error: Error, index: u64, event_offset: u64, fatal: bool) -> Self {
        StreamError {
            error,
            index,
            event_offset,
            fatal,
        }
    }

    /// The underlying error; its offset is relative to the event's start.
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.error.kind()
    }

    /// The 0-based index of the event (NDJSON: among the non-blank lines;
    /// batch: the array element).
    pub fn index(&self) -> u64 {
        self.index
    }

    /// The byte offset in the stream where the event (line or element) starts.
    pub fn event_offset(&self) -> u64 {
        self.event_offset
    }

    /// The byte offset in the stream of the problem: the event's start plus
    /// the error's offset inside it, when the error has one.
    pub fn offset(&self) -> u64 {
        self.event_offset + self.error.offset().map_or(0, |o| o as u64)
    }

    /// True when the stream cannot go on (the batch array's structure is
    /// broken, or it ended early); the reader then answers
    /// [`Status::Done`]. False when the bad event was skipped and the next
    /// call reads the next one.
    pub fn is_fatal(&self) -> bool {
        self.fatal
    }
}

impl From<StreamError> for Error {
    /// The underlying error, with its offset made absolute (when it fits).
    fn from(e: StreamError) -> Error {
        match usize::try_from(e.offset()) {
            Ok(o) => e.error.at(o),
            Err(_) => e.error,
        }
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The inner message without its relative offset, then where.
        let inner = Error::from(*self);
        write!(f, "event {}: {inner}", self.index)
    }
}

impl fmt::Debug for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamError")
            .field("index", &self.index)
            .field("event_offset", &self.event_offset)
            .field("fatal", &self.fatal)
            .field("error", &self.error)
            .finish()
    }
}

#[cfg(feature = "std")]
impl std::error::Error for StreamError {}

#[cfg(feature = "std")]
impl From<StreamError> for std::io::Error {
    fn from(e: StreamError) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }
}

/// The input adapters shared by both readers: feeding slices, `std::io::Read`,
/// `bytes::Buf` and `tokio::io::AsyncRead`.
macro_rules! input_adapters {
    () => {
        /// Appends `chunk` to the input. The chunk can have any size and end
        /// anywhere, even inside a string or an escape.
        ///
        /// The reader copies the bytes it keeps; its buffer grows to hold the
        /// incomplete event plus the largest chunk fed at once, and is reused.
        pub fn feed(&mut self, chunk: &[u8]) {
            self.buf.feed(chunk);
        }

        /// Marks the end of the input: a last NDJSON line without its `\n`
        /// becomes complete; an unclosed batch array becomes an error.
        pub fn finish(&mut self) {
            self.buf.eof = true;
        }

        /// True once [`finish`](Self::finish) was called (or a reader hit its
        /// end of input).
        pub fn is_finished(&self) -> bool {
            self.buf.eof
        }

        /// Bytes received and not yet consumed (the incomplete event).
        pub fn buffered(&self) -> usize {
            self.buf.end - self.buf.start
        }

        /// The buffer's allocated size, for memory accounting.
        pub fn capacity(&self) -> usize {
            self.buf.buf.capacity()
        }

        /// How many bytes [`read_from`](Self::read_from) asks for at most per
        /// call (64 KiB by default).
        #[must_use]
        pub fn with_read_size(mut self, bytes: usize) -> Self {
            self.buf.read_size = bytes.max(1);
            self
        }

        /// Reads once from `reader` into the buffer (at most the read size).
        /// At the end of `reader` (a read of 0 bytes) it calls
        /// [`finish`](Self::finish) and returns `Ok(0)`.
        ///
        /// # Errors
        ///
        /// The reader's I/O errors (`Interrupted` is retried).
        #[cfg(feature = "std")]
        pub fn read_from<R: std::io::Read + ?Sized>(
            &mut self,
            reader: &mut R,
        ) -> std::io::Result<usize> {
            let spare = self.buf.spare();
            let n = loop {
                match reader.read(spare) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.buf.filled(n);
            Ok(n)
        }

        /// Reads once from an async `reader` into the buffer, like
        /// [`read_from`](Self::read_from).
        ///
        /// # Errors
        ///
        /// The reader's I/O errors.
        #[cfg(feature = "tokio")]
        pub async fn read_from_async<R>(&mut self, reader: &mut R) -> std::io::Result<usize>
        where
            R: tokio::io::AsyncRead + Unpin + ?Sized,
        {
            use tokio::io::AsyncReadExt;
            let spare = self.buf.spare();
            let n = reader.read(spare).await?;
            self.buf.filled(n);
            Ok(n)
        }

        /// Feeds all remaining bytes of `buf` (every chunk of a chained or
        /// segmented buffer) and advances it.
        #[cfg(feature = "bytes")]
        pub fn feed_buf<B: bytes::Buf + ?Sized>(&mut self, buf: &mut B) {
            while buf.has_remaining() {
                let chunk = buf.chunk();
                let n = chunk.len();
                self.buf.feed(chunk);
                buf.advance(n);
            }
        }
    };
}
pub(crate) use input_adapters;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_sizes_stay_small() {
        // An Error is Copy and heap-free; the stream error adds two numbers.
        assert!(core::mem::size_of::<StreamError>() <= core::mem::size_of::<Error>() + 24);
    }
}
