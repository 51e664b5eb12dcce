//! The incremental batch-array reader.
//!
//! The array's own structure (`[`, elements, `,`, `]`, whitespace) is
//! tracked by a small state machine; inside an element the boundary scanner
//! shared with `json::BatchReader` (`json::element`) finds where the element
//! ends, and the complete element is then parsed on its own.

use super::buffer::{is_ws, Buffer};
use super::{input_adapters, Status, StreamError};
use crate::error::{Error, ErrorKind};
use crate::event::{Event, SpecVersion};
use crate::json::element::{self, Element, Kind, Scan};
use crate::options::ParseOptions;

/// Where in the array structure the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the opening `[`.
    Start,
    /// After `[` (`first`) or a `,`: an element comes next.
    BeforeElement { first: bool },
    /// Inside an element; `buf.start` is its first byte.
    InElement,
    /// After an element: `,` or `]` comes next.
    AfterElement,
    /// After the closing `]`: only whitespace may follow.
    AfterArray,
    /// A fatal error was reported.
    Failed,
}

/// The reader's progress inside the current element.
#[derive(Debug, Clone)]
struct Progress {
    /// The boundary scanner's state.
    scan: Element,
    /// The element is over the size limit: its bytes are dropped as they come.
    discarding: bool,
    /// Bytes of the element buffered when the in-place parse was last tried
    /// (0: not yet). It is tried again only once twice as many are there, so
    /// tiny chunks cost amortised O(1) per byte.
    tried_len: usize,
}

impl Progress {
    const fn new(kind: Kind) -> Self {
        Progress {
            scan: Element::new(kind),
            discarding: false,
            tried_len: 0,
        }
    }
}

/// An incremental reader of one JSON batch array
/// (`application/cloudevents-batch+json`, BATCH-1..BATCH-4, BATCH-8).
///
/// Feed it chunks of any size and ask for events with
/// [`next_event`](Self::next_event), as with
/// [`NdjsonStream`](super::NdjsonStream). Every event must have the
/// `specversion` of the batch's first valid event (BATCH-4).
///
/// Errors inside an element (not an object, not a valid event, a syntax
/// error or nesting too deep inside it, a different `specversion`, over the
/// size limit) are recoverable: the elements of a batch are independent
/// (BATCH-5), so the element is skipped and the next call reads the next one
/// (BATCH-8; stop at the first error to fail the whole batch). Errors in the array's
/// own structure — not an array (BATCH-2), a missing `,`, a mismatched
/// bracket, trailing characters, the input ending before `]` — are
/// [fatal](StreamError::is_fatal).
///
/// ```
/// use cloudevents_codec::stream::{BatchStream, Status};
/// use cloudevents_codec::ErrorKind;
///
/// let body = br#"[{"specversion":"1.0","id":"1","source":"/s","type":"t"}, 42,
///                 {"specversion":"1.0","id":"3","source":"/s","type":"t"}]"#;
/// let mut stream = BatchStream::new();
/// for chunk in body.chunks(10) {
///     stream.feed(chunk);
/// }
/// stream.finish();
/// assert!(stream.next_event().unwrap().complete().unwrap().id() == "1");
/// let err = stream.next_event().unwrap_err();
/// assert_eq!((err.kind(), err.index(), err.is_fatal()), (ErrorKind::TypeMismatch, 1, false));
/// assert!(stream.next_event().unwrap().complete().unwrap().id() == "3");
/// assert!(stream.next_event().unwrap().is_done());
/// ```
#[derive(Debug, Clone)]
pub struct BatchStream {
    buf: Buffer,
    options: ParseOptions,
    state: State,
    el: Progress,
    /// Elements seen so far.
    index: u64,
    /// The batch's `specversion` (BATCH-4), from its first valid event.
    version: Option<SpecVersion>,
}

impl Default for BatchStream {
    fn default() -> Self {
        Self::new()
    }
}

impl BatchStream {
    /// A reader with the default [`ParseOptions`].
    pub const fn new() -> Self {
        Self::with_options(ParseOptions::new())
    }

    /// A reader applying `options` to every element (`max_size` bounds one
    /// element, not the batch).
    pub const fn with_options(options: ParseOptions) -> Self {
        BatchStream {
            buf: Buffer::new(),
            options,
            state: State::Start,
            el: Progress::new(Kind::Container),
            index: 0,
            version: None,
        }
    }

    /// Starts a new batch, keeping the buffer's allocation.
    pub fn reset(&mut self) {
        self.buf.reset();
        self.state = State::Start;
        self.el = Progress::new(Kind::Container);
        self.index = 0;
        self.version = None;
    }

    /// How many elements (valid or not) were returned so far.
    pub fn events_read(&self) -> u64 {
        self.index
    }

    /// The batch's `specversion`, once a valid event was read.
    pub fn specversion(&self) -> Option<SpecVersion> {
        self.version
    }

    /// Stream offset of the first byte not consumed yet.
    pub fn position(&self) -> u64 {
        self.buf.offset(self.buf.start)
    }

    input_adapters!();

    /// Ends the stream with a fatal syntax error at buffer position `at`.
    #[cold]
    fn fatal(&mut self, kind: ErrorKind, detail: &'static str, at: usize) -> StreamError {
        self.state = State::Failed;
        // The error's own offset is 0: the stream offset is that of the
        // problem itself.
        StreamError::new(
            Error::new(kind, detail).at(0),
            self.index,
            self.buf.offset(at),
            true,
        )
    }

    /// Skips whitespace from the scan position; the next byte, if any.
    /// Whitespace counts as consumed.
    #[inline]
    fn skip_ws(&mut self) -> Option<u8> {
        let b = &mut self.buf;
        while b.scan < b.end && is_ws(b.buf[b.scan]) {
            b.scan += 1;
        }
        b.start = b.scan;
        if b.scan < b.end {
            Some(b.buf[b.scan])
        } else {
            None
        }
    }

    /// `Partial` before the end of the input; at the end, the fatal error
    /// of an array that is not closed.
    fn need_more<T>(&mut self) -> Result<Status<T>, StreamError> {
        if self.buf.eof {
            let at = self.buf.end;
            let detail = if self.state == State::Start {
                "a batch must be a JSON array"
            } else {
                "unexpected end of input: the batch array is not closed"
            };
            return Err(self.fatal(ErrorKind::Syntax, detail, at));
        }
        Ok(Status::Partial)
    }

    /// The next complete event, borrowed from the reader's buffer.
    ///
    /// # Errors
    ///
    /// The element's error, with its index and stream offset; see
    /// [`StreamError::is_fatal`] for whether the stream can go on.
    pub fn next_event(&mut self) -> Result<Status<Event<'_>>, StreamError> {
        let next = loop {
            match self.state {
                State::Failed => return Ok(Status::Done),
                State::Start => match self.skip_ws() {
                    None => return self.need_more(),
                    Some(b'[') => {
                        self.buf.scan += 1;
                        self.buf.start = self.buf.scan;
                        self.state = State::BeforeElement { first: true };
                    }
                    Some(_) => {
                        let at = self.buf.scan;
                        return Err(self.fatal(
                            ErrorKind::Syntax,
                            "a batch must be a JSON array",
                            at,
                        ));
                    }
                },
                State::BeforeElement { first } => {
                    let Some(c) = self.skip_ws() else {
                        return self.need_more();
                    };
                    if c == b']' && first {
                        self.buf.scan += 1;
                        self.buf.start = self.buf.scan;
                        self.state = State::AfterArray;
                        continue;
                    }
                    let Some(kind) = Kind::of(c) else {
                        let at = self.buf.scan;
                        return Err(self.fatal(ErrorKind::Syntax, "expected a batch element", at));
                    };
                    self.el = Progress::new(kind);
                    self.state = State::InElement;
                }
                State::InElement
                    if !self.el.discarding
                        && self.buf.buf[self.buf.start] == b'{'
                        && self.buf.end - self.buf.start >= 2 * self.el.tried_len =>
                {
                    break Next::Try;
                }
                State::InElement => match self.scan_element()? {
                    Some(end) => {
                        let start = self.buf.start;
                        self.buf.start = end;
                        self.buf.scan = end;
                        self.state = State::AfterElement;
                        if !self.el.discarding {
                            break Next::Parse(start, end);
                        }
                    }
                    None => {
                        let b = &mut self.buf;
                        if self.el.discarding {
                            b.start = b.end;
                        } else if b.end - b.start > self.options.max_size {
                            // Too long already: report it now and drop the
                            // rest of the element as it comes.
                            let at = b.offset(b.start);
                            b.start = b.end;
                            self.el.discarding = true;
                            let index = self.index;
                            self.index += 1;
                            return Err(StreamError::new(element::too_large(), index, at, false));
                        }
                        if self.buf.eof {
                            self.state = State::Failed;
                            let e = Error::new(
                                ErrorKind::Syntax,
                                "unexpected end of input: the batch array is not closed",
                            )
                            .at(0);
                            let at = self.buf.offset(self.buf.end);
                            return Err(StreamError::new(e, self.index, at, true));
                        }
                        return Ok(Status::Partial);
                    }
                },
                State::AfterElement => match self.skip_ws() {
                    None => return self.need_more(),
                    Some(b',') => {
                        self.buf.scan += 1;
                        self.buf.start = self.buf.scan;
                        self.state = State::BeforeElement { first: false };
                    }
                    Some(b']') => {
                        self.buf.scan += 1;
                        self.buf.start = self.buf.scan;
                        self.state = State::AfterArray;
                    }
                    Some(_) => {
                        let at = self.buf.scan;
                        return Err(self.fatal(
                            ErrorKind::Syntax,
                            "expected ',' or ']' in batch",
                            at,
                        ));
                    }
                },
                State::AfterArray => match self.skip_ws() {
                    None if self.buf.eof => return Ok(Status::Done),
                    None => return Ok(Status::Partial),
                    Some(_) => {
                        let at = self.buf.scan;
                        return Err(self.fatal(
                            ErrorKind::Syntax,
                            "trailing characters after the batch",
                            at,
                        ));
                    }
                },
            }
        };
        let (start, end) = match next {
            Next::Parse(start, end) => (start, end),
            Next::Try => {
                // Most elements are whole in the buffer already: parse them
                // in place, which finds their end too, instead of scanning
                // them twice. Only a success is trusted; on any error the
                // boundary scanner goes on (from where it stopped) to find
                // the end, and a complete element is parsed again on its
                // own, so errors are those of the exact element. (Only disjoint fields are touched after this
                // borrow: the event may be returned.)
                let start = self.buf.start;
                self.el.tried_len = (self.buf.end - start).max(1);
                if let Some((event, len)) =
                    element::parse_in_place(&self.buf.buf[start..self.buf.end], &self.options)
                {
                    let end = start + len;
                    self.buf.start = end;
                    self.buf.scan = end;
                    self.state = State::AfterElement;
                    let index = self.index;
                    self.index += 1;
                    let at = self.buf.offset(start);
                    return match element::accept(event, len, &self.options, &mut self.version) {
                        Ok(event) => Ok(Status::Complete(event)),
                        Err(e) => Err(StreamError::new(e, index, at, false)),
                    };
                }
                match element::scan(
                    &self.buf.buf[..self.buf.end],
                    self.buf.scan,
                    &mut self.el.scan,
                ) {
                    Scan::Complete(end) => {
                        self.buf.start = end;
                        self.buf.scan = end;
                        self.state = State::AfterElement;
                        (start, end)
                    }
                    Scan::Fatal(kind, detail, i) => {
                        // (Fields only: the in-place parse above still
                        // borrows the buffer for the borrow checker.)
                        self.state = State::Failed;
                        let e = Error::new(kind, detail).at(0);
                        return Err(StreamError::new(e, self.index, self.buf.offset(i), true));
                    }
                    Scan::Partial(i) => {
                        self.buf.scan = i;
                        if self.buf.end - start > self.options.max_size {
                            self.buf.start = self.buf.end;
                            self.el.discarding = true;
                            let index = self.index;
                            self.index += 1;
                            let at = self.buf.offset(start);
                            return Err(StreamError::new(element::too_large(), index, at, false));
                        }
                        if self.buf.eof {
                            self.state = State::Failed;
                            let e = Error::new(
                                ErrorKind::Syntax,
                                "unexpected end of input: the batch array is not closed",
                            )
                            .at(0);
                            let at = self.buf.offset(self.buf.end);
                            return Err(StreamError::new(e, self.index, at, true));
                        }
                        return Ok(Status::Partial);
                    }
                }
            }
        };
        Self::parse_element(
            &self.buf,
            &self.options,
            &mut self.index,
            &mut self.version,
            start,
            end,
        )
    }

    /// Parses the complete element `buf[start..end]` (BATCH-2, BATCH-4).
    /// (An associated function over disjoint fields, so that it can follow a
    /// borrow of the buffer that `next_event` may return.)
    fn parse_element<'a>(
        buf: &'a Buffer,
        options: &ParseOptions,
        index: &mut u64,
        version: &mut Option<SpecVersion>,
        start: usize,
        end: usize,
    ) -> Result<Status<Event<'a>>, StreamError> {
        let i = *index;
        *index += 1;
        match element::parse_element(&buf.buf[start..end], options, version) {
            Ok(event) => Ok(Status::Complete(event)),
            Err(e) => Err(StreamError::new(e, i, buf.offset(start), false)),
        }
    }

    /// Scans the current element from the scan position. `Some(end)` when it
    /// is complete (`end` exclusive), `None` when the input ran out first.
    fn scan_element(&mut self) -> Result<Option<usize>, StreamError> {
        match element::scan(
            &self.buf.buf[..self.buf.end],
            self.buf.scan,
            &mut self.el.scan,
        ) {
            Scan::Complete(end) => Ok(Some(end)),
            Scan::Partial(i) => {
                self.buf.scan = i;
                Ok(None)
            }
            Scan::Fatal(kind, detail, i) => {
                self.buf.scan = i;
                Err(self.fatal(kind, detail, i))
            }
        }
    }
}

/// What `next_event`'s state loop decided.
enum Next {
    /// Parse the complete element `buf[.0...1]`.
    Parse(usize, usize),
    /// Try to parse the element in place (see `next_event`).
    Try,
}
