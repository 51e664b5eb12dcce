//! The incremental NDJSON reader.

use super::buffer::{is_ws, Buffer};
use super::{input_adapters, Status, StreamError};
use crate::error::{Error, ErrorKind};
use crate::event::Event;
use crate::options::ParseOptions;

/// An incremental reader of newline-delimited JSON events: one event per
/// line, blank lines skipped, `\r\n` accepted.
///
/// Feed it chunks of any size with [`feed`](Self::feed) (or
/// [`read_from`](Self::read_from) an `std::io::Read`, `feed_buf` a
/// `bytes::Buf`, `read_from_async` a `tokio` reader) and ask for events with
/// [`next_event`](Self::next_event). Every error is recoverable: the bad line
/// has been consumed and the next call reads the next line. A line longer
/// than [`ParseOptions::max_size`] is a `Limit` error as soon as that many
/// bytes are buffered; the rest of the line is dropped as it arrives.
///
/// ```
/// use cloudevents_codec::stream::{NdjsonStream, Status};
/// use cloudevents_codec::ErrorKind;
///
/// let mut stream = NdjsonStream::new();
/// stream.feed(b"{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}\nnot json\n");
/// stream.feed(b"{\"specversion\":\"1.0\",\"id\":\"3\",\"source\":\"/s\",\"type\":\"t\"}");
/// stream.finish();
/// assert!(stream.next_event().unwrap().complete().unwrap().id() == "1");
/// let err = stream.next_event().unwrap_err();
/// assert_eq!((err.kind(), err.index(), err.event_offset()), (ErrorKind::Syntax, 1, 56));
/// assert!(stream.next_event().unwrap().complete().unwrap().id() == "3");
/// assert!(stream.next_event().unwrap().is_done());
/// ```
#[derive(Debug, Clone)]
pub struct NdjsonStream {
    buf: Buffer,
    options: ParseOptions,
    /// Events (non-blank lines) seen so far.
    index: u64,
    /// Lines completed so far.
    lines: u64,
    /// Dropping the rest of an over-long line.
    discarding: bool,
}

impl Default for NdjsonStream {
    fn default() -> Self {
        Self::new()
    }
}

impl NdjsonStream {
    /// A reader with the default [`ParseOptions`].
    pub const fn new() -> Self {
        Self::with_options(ParseOptions::new())
    }

    /// A reader applying `options` to every event (`max_size` bounds one line).
    pub const fn with_options(options: ParseOptions) -> Self {
        NdjsonStream {
            buf: Buffer::new(),
            options,
            index: 0,
            lines: 0,
            discarding: false,
        }
    }

    /// Starts a new stream, keeping the buffer's allocation.
    pub fn reset(&mut self) {
        self.buf.reset();
        self.index = 0;
        self.lines = 0;
        self.discarding = false;
    }

    /// How many events (non-blank lines, valid or not) were returned so far.
    pub fn events_read(&self) -> u64 {
        self.index
    }

    /// How many complete lines were consumed so far (blank ones included);
    /// the 1-based number of the last line read.
    pub fn lines_read(&self) -> u64 {
        self.lines
    }

    /// Stream offset of the first byte not consumed yet.
    pub fn position(&self) -> u64 {
        self.buf.offset(self.buf.start)
    }

    input_adapters!();

    /// The next complete event, borrowed from the reader's buffer.
    ///
    /// # Errors
    ///
    /// The line's parse error, with its event index and stream offset. The
    /// line is consumed: call again for the next one.
    pub fn next_event(&mut self) -> Result<Status<Event<'_>>, StreamError> {
        let (line_start, line_end) = loop {
            let b = &mut self.buf;
            let found = memchr::memchr(b'\n', &b.buf[b.scan..b.end]);
            let (line_start, line_end) = match found {
                Some(i) => {
                    let line_end = b.scan + i;
                    let line_start = b.start;
                    b.start = line_end + 1;
                    b.scan = b.start;
                    self.lines += 1;
                    if self.discarding {
                        self.discarding = false;
                        continue;
                    }
                    (line_start, line_end)
                }
                None => {
                    b.scan = b.end;
                    if self.discarding {
                        b.start = b.end;
                    } else if b.end - b.start > self.options.max_size {
                        // Too long already: report it now and drop the rest
                        // of the line as it comes, instead of buffering it.
                        let at = b.offset(b.start);
                        b.start = b.end;
                        let index = self.index;
                        self.index += 1;
                        if !b.eof {
                            self.discarding = true;
                        }
                        return Err(StreamError::new(
                            Error::new(ErrorKind::Limit, "event larger than the size limit").at(0),
                            index,
                            at,
                            false,
                        ));
                    }
                    if !b.eof || b.start == b.end {
                        return Ok(if b.eof { Status::Done } else { Status::Partial });
                    }
                    // The last line, without its newline.
                    let line_start = b.start;
                    b.start = b.end;
                    b.scan = b.end;
                    self.lines += 1;
                    (line_start, b.end)
                }
            };
            if !self.buf.buf[line_start..line_end].iter().all(|&c| is_ws(c)) {
                break (line_start, line_end);
            }
        };
        let index = self.index;
        self.index += 1;
        let at = self.buf.offset(line_start);
        match Event::from_json_with(&self.buf.buf[line_start..line_end], &self.options) {
            Ok(event) => Ok(Status::Complete(event)),
            Err(e) => Err(StreamError::new(e, index, at, false)),
        }
    }
}
