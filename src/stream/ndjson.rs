//! The incremental NDJSON reader.

use super::buffer::{is_ws, Buffer, Framer};
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
    lines: LineFraming,
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
            lines: LineFraming::new(),
        }
    }

    /// Starts a new stream, keeping the buffer's allocation.
    pub fn reset(&mut self) {
        self.buf.reset();
        self.lines = LineFraming::new();
    }

    /// How many events (non-blank lines, valid or not) were returned so far.
    pub fn events_read(&self) -> u64 {
        self.lines.index
    }

    /// How many complete lines were consumed so far (blank ones included);
    /// the 1-based number of the last line read.
    pub fn lines_read(&self) -> u64 {
        self.lines.lines
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
        self.buf.next_event(&mut self.lines, &self.options)
    }
}

/// The NDJSON framing both the incremental reader and the async codec
/// (`codec::NdjsonCodec`) use: it cuts a window of pending bytes into
/// lines, skips blank ones, bounds a line's length, and parses each line.
///
/// It works on the window it is given (the bytes received and not yet
/// consumed) and says how many of them it consumed
/// ([`consumed`](Self::consumed)): the caller drops exactly that many
/// from the front before the next call. Positions are relative to the
/// window; `base` is the stream offset of its first byte.
#[derive(Debug, Clone)]
pub(crate) struct LineFraming {
    /// Events (non-blank lines) seen so far.
    pub(crate) index: u64,
    /// Lines completed so far.
    pub(crate) lines: u64,
    /// Dropping the rest of an over-long line.
    discarding: bool,
    /// Where the newline scan resumes, relative to the window (bytes are
    /// looked at once however small the pieces).
    scan: usize,
    /// Bytes of the last window consumed.
    consumed: usize,
}

/// An event a framing cut and parsed, and where it is in the window.
#[derive(Debug)]
pub(crate) struct Framed<'a> {
    pub(crate) event: Event<'a>,
    /// The event's bytes are `window[start..end]` (the async codecs split
    /// them off their read buffer).
    #[cfg_attr(not(feature = "tokio-util"), allow(dead_code))]
    pub(crate) start: usize,
    #[cfg_attr(not(feature = "tokio-util"), allow(dead_code))]
    pub(crate) end: usize,
}

impl LineFraming {
    pub(crate) const fn new() -> Self {
        LineFraming {
            index: 0,
            lines: 0,
            discarding: false,
            scan: 0,
            consumed: 0,
        }
    }

    /// Records what a call consumed (`start`) and where the scan resumes.
    fn settle(&mut self, start: usize, scan: usize) {
        self.consumed = start;
        self.scan = scan - start;
    }
}

impl Framer for LineFraming {
    /// The next event of `window` (`eof`: no more bytes will follow).
    ///
    /// # Errors
    ///
    /// The line's parse error, or `Limit` for a line longer than
    /// `options.max_size` (reported as soon as that many bytes are pending;
    /// the rest of the line is dropped as it arrives). Every error is
    /// recoverable: the line is consumed.
    fn next<'a>(
        &mut self,
        window: &'a [u8],
        eof: bool,
        base: u64,
        options: &ParseOptions,
    ) -> Result<Status<Framed<'a>>, StreamError> {
        let end = window.len();
        let mut start = 0;
        let mut scan = self.scan.min(end);
        let (line_start, line_end) = loop {
            let (line_start, line_end) = match memchr::memchr(b'\n', &window[scan..]) {
                Some(i) => {
                    let line_end = scan + i;
                    let line_start = start;
                    start = line_end + 1;
                    scan = start;
                    self.lines += 1;
                    if self.discarding {
                        self.discarding = false;
                        continue;
                    }
                    (line_start, line_end)
                }
                None => {
                    scan = end;
                    if self.discarding {
                        start = end;
                    } else if end - start > options.max_size {
                        // Too long already: report it now and drop the rest
                        // of the line as it comes, instead of buffering it.
                        let at = base + start as u64;
                        let index = self.index;
                        self.index += 1;
                        if !eof {
                            self.discarding = true;
                        }
                        self.settle(end, end);
                        return Err(StreamError::new(
                            Error::new(ErrorKind::Limit, "event larger than the size limit").at(0),
                            index,
                            at,
                            false,
                        ));
                    }
                    if !eof || start == end {
                        self.settle(start, scan);
                        return Ok(if eof { Status::Done } else { Status::Partial });
                    }
                    // The last line, without its newline.
                    let line_start = start;
                    start = end;
                    self.lines += 1;
                    (line_start, end)
                }
            };
            if !window[line_start..line_end].iter().all(|&c| is_ws(c)) {
                break (line_start, line_end);
            }
        };
        self.settle(start, scan);
        let index = self.index;
        self.index += 1;
        let at = base + line_start as u64;
        match Event::from_json_with(&window[line_start..line_end], options) {
            Ok(event) => Ok(Status::Complete(Framed {
                event,
                start: line_start,
                end: line_end,
            })),
            Err(e) => Err(StreamError::new(e, index, at, false)),
        }
    }

    fn index(&self) -> u64 {
        self.index
    }

    fn consumed(&self) -> usize {
        self.consumed
    }
}
