//! The incremental batch-array reader.
//!
//! The array's own structure (`[`, elements, `,`, `]`, whitespace) is
//! tracked by a small state machine; inside an element the boundary scanner
//! shared with `json::BatchReader` (`json::element`) finds where the element
//! ends, and the complete element is then parsed on its own.

use super::buffer::{is_ws, Buffer, Framer};
use super::ndjson::Framed;
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
    framing: BatchFraming,
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
            framing: BatchFraming::new(),
        }
    }

    /// Starts a new batch, keeping the buffer's allocation.
    pub fn reset(&mut self) {
        self.buf.reset();
        self.framing = BatchFraming::new();
    }

    /// How many elements (valid or not) were returned so far.
    pub fn events_read(&self) -> u64 {
        self.framing.index
    }

    /// The batch's `specversion`, once a valid event was read.
    pub fn specversion(&self) -> Option<SpecVersion> {
        self.framing.version
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
    /// The element's error, with its index and stream offset; see
    /// [`StreamError::is_fatal`] for whether the stream can go on.
    pub fn next_event(&mut self) -> Result<Status<Event<'_>>, StreamError> {
        self.buf.next_event(&mut self.framing, &self.options)
    }
}

/// The batch-array framing both the incremental reader and the async codec
/// (`codec::BatchCodec`) use: the array's structure, element boundaries,
/// the size bound, and each element's parse (BATCH-2, BATCH-4, BATCH-5).
///
/// Like [`LineFraming`](super::ndjson::LineFraming), it works on the
/// window of pending bytes it is given and says how many it consumed
/// ([`consumed`](Self::consumed)), which the caller drops from the front
/// before the next call; positions are relative to the window, `base` is
/// the stream offset of its first byte.
#[derive(Debug, Clone)]
pub(crate) struct BatchFraming {
    state: State,
    el: Progress,
    /// Elements seen so far.
    pub(crate) index: u64,
    /// The batch's `specversion` (BATCH-4), from its first valid event.
    pub(crate) version: Option<SpecVersion>,
    /// Where the scan resumes, relative to the window.
    scan: usize,
    /// Bytes of the last window consumed.
    consumed: usize,
}

/// One call's view of the pending bytes: `data[..start]` is consumed,
/// `scan` is where scanning resumes (`start <= scan <= data.len()`).
struct Window<'a> {
    data: &'a [u8],
    start: usize,
    scan: usize,
    eof: bool,
    base: u64,
}

impl Window<'_> {
    #[inline]
    fn end(&self) -> usize {
        self.data.len()
    }

    /// Stream offset of `data[i]`.
    #[inline]
    fn offset(&self, i: usize) -> u64 {
        self.base + i as u64
    }
}

impl BatchFraming {
    pub(crate) const fn new() -> Self {
        BatchFraming {
            state: State::Start,
            el: Progress::new(Kind::Container),
            index: 0,
            version: None,
            scan: 0,
            consumed: 0,
        }
    }

    /// Ends the stream with a fatal syntax error at window position `at`.
    #[cold]
    fn fatal(
        &mut self,
        w: &Window<'_>,
        kind: ErrorKind,
        detail: &'static str,
        at: usize,
    ) -> StreamError {
        self.state = State::Failed;
        // The error's own offset is 0: the stream offset is that of the
        // problem itself.
        StreamError::new(
            Error::new(kind, detail).at(0),
            self.index,
            w.offset(at),
            true,
        )
    }

    /// The fatal error of an input that ends inside an element.
    #[cold]
    fn unclosed(&mut self, w: &Window<'_>) -> StreamError {
        let at = w.end();
        self.fatal(
            w,
            ErrorKind::Syntax,
            "unexpected end of input: the batch array is not closed",
            at,
        )
    }

    /// Skips whitespace from the scan position; the next byte, if any.
    /// Whitespace counts as consumed.
    #[inline]
    fn skip_ws(w: &mut Window<'_>) -> Option<u8> {
        while w.scan < w.end() && is_ws(w.data[w.scan]) {
            w.scan += 1;
        }
        w.start = w.scan;
        w.data.get(w.scan).copied()
    }

    /// Consumes the structural byte at the scan position.
    #[inline]
    fn take_byte(w: &mut Window<'_>) {
        w.scan += 1;
        w.start = w.scan;
    }

    /// `Partial` before the end of the input; at the end, the fatal error
    /// of an array that is not closed.
    fn need_more<T>(&mut self, w: &Window<'_>) -> Result<Status<T>, StreamError> {
        if w.eof {
            let detail = if self.state == State::Start {
                "a batch must be a JSON array"
            } else {
                "unexpected end of input: the batch array is not closed"
            };
            return Err(self.fatal(w, ErrorKind::Syntax, detail, w.end()));
        }
        Ok(Status::Partial)
    }

    /// An element over the size limit: reported now, its bytes dropped as
    /// they come.
    fn too_large(&mut self, w: &mut Window<'_>, start: usize) -> StreamError {
        w.start = w.end();
        self.el.discarding = true;
        let index = self.index;
        self.index += 1;
        StreamError::new(element::too_large(), index, w.offset(start), false)
    }

    fn step<'a>(
        &mut self,
        w: &mut Window<'a>,
        options: &ParseOptions,
    ) -> Result<Status<Framed<'a>>, StreamError> {
        let next = loop {
            match self.state {
                State::Failed => return Ok(Status::Done),
                State::Start => match Self::skip_ws(w) {
                    None => return self.need_more(w),
                    Some(b'[') => {
                        Self::take_byte(w);
                        self.state = State::BeforeElement { first: true };
                    }
                    Some(_) => {
                        return Err(self.fatal(
                            w,
                            ErrorKind::Syntax,
                            "a batch must be a JSON array",
                            w.scan,
                        ));
                    }
                },
                State::BeforeElement { first } => {
                    let Some(c) = Self::skip_ws(w) else {
                        return self.need_more(w);
                    };
                    if c == b']' && first {
                        Self::take_byte(w);
                        self.state = State::AfterArray;
                        continue;
                    }
                    let Some(kind) = Kind::of(c) else {
                        return Err(self.fatal(
                            w,
                            ErrorKind::Syntax,
                            "expected a batch element",
                            w.scan,
                        ));
                    };
                    self.el = Progress::new(kind);
                    self.state = State::InElement;
                }
                State::InElement
                    if !self.el.discarding
                        && w.data[w.start] == b'{'
                        && w.end() - w.start >= 2 * self.el.tried_len =>
                {
                    break Next::Try;
                }
                State::InElement => match self.scan_element(w)? {
                    Some(end) => {
                        let start = w.start;
                        w.start = end;
                        w.scan = end;
                        self.state = State::AfterElement;
                        if !self.el.discarding {
                            break Next::Parse(start, end);
                        }
                    }
                    None => {
                        if self.el.discarding {
                            w.start = w.end();
                        } else if w.end() - w.start > options.max_size {
                            let start = w.start;
                            return Err(self.too_large(w, start));
                        }
                        if w.eof {
                            return Err(self.unclosed(w));
                        }
                        return Ok(Status::Partial);
                    }
                },
                State::AfterElement => match Self::skip_ws(w) {
                    None => return self.need_more(w),
                    Some(b',') => {
                        Self::take_byte(w);
                        self.state = State::BeforeElement { first: false };
                    }
                    Some(b']') => {
                        Self::take_byte(w);
                        self.state = State::AfterArray;
                    }
                    Some(_) => {
                        return Err(self.fatal(
                            w,
                            ErrorKind::Syntax,
                            "expected ',' or ']' in batch",
                            w.scan,
                        ));
                    }
                },
                State::AfterArray => match Self::skip_ws(w) {
                    None if w.eof => return Ok(Status::Done),
                    None => return Ok(Status::Partial),
                    Some(_) => {
                        return Err(self.fatal(
                            w,
                            ErrorKind::Syntax,
                            "trailing characters after the batch",
                            w.scan,
                        ));
                    }
                },
            }
        };
        let (start, end) = match next {
            Next::Parse(start, end) => (start, end),
            Next::Try => {
                // Most elements are whole in the window already: parse them
                // in place, which finds their end too, instead of scanning
                // them twice. Only a success is trusted; on any error the
                // boundary scanner goes on (from where it stopped) to find
                // the end, and a complete element is parsed again on its
                // own, so errors are those of the exact element.
                let start = w.start;
                self.el.tried_len = (w.end() - start).max(1);
                let data = w.data;
                if let Some((event, len)) = element::parse_in_place(&data[start..], options) {
                    let end = start + len;
                    w.start = end;
                    w.scan = end;
                    self.state = State::AfterElement;
                    let index = self.index;
                    self.index += 1;
                    return match element::accept(event, len, options, &mut self.version) {
                        Ok(event) => Ok(Status::Complete(Framed { event, start, end })),
                        Err(e) => Err(StreamError::new(e, index, w.offset(start), false)),
                    };
                }
                match element::scan(data, w.scan, &mut self.el.scan) {
                    Scan::Complete(end) => {
                        w.start = end;
                        w.scan = end;
                        self.state = State::AfterElement;
                        (start, end)
                    }
                    Scan::Fatal(kind, detail, i) => return Err(self.fatal(w, kind, detail, i)),
                    Scan::Partial(i) => {
                        w.scan = i;
                        if w.end() - start > options.max_size {
                            return Err(self.too_large(w, start));
                        }
                        if w.eof {
                            return Err(self.unclosed(w));
                        }
                        return Ok(Status::Partial);
                    }
                }
            }
        };
        // The complete element `data[start..end]` (BATCH-2, BATCH-4).
        let index = self.index;
        self.index += 1;
        match element::parse_element(&w.data[start..end], options, &mut self.version) {
            Ok(event) => Ok(Status::Complete(Framed { event, start, end })),
            Err(e) => Err(StreamError::new(e, index, w.offset(start), false)),
        }
    }

    /// Scans the current element from the scan position. `Some(end)` when it
    /// is complete (`end` exclusive), `None` when the input ran out first.
    fn scan_element(&mut self, w: &mut Window<'_>) -> Result<Option<usize>, StreamError> {
        match element::scan(w.data, w.scan, &mut self.el.scan) {
            Scan::Complete(end) => Ok(Some(end)),
            Scan::Partial(i) => {
                w.scan = i;
                Ok(None)
            }
            Scan::Fatal(kind, detail, i) => {
                w.scan = i;
                Err(self.fatal(w, kind, detail, i))
            }
        }
    }
}

/// What `step`'s state loop decided.
enum Next {
    /// Parse the complete element `data[.0...1]`.
    Parse(usize, usize),
    /// Try to parse the element in place (see `step`).
    Try,
}

impl Framer for BatchFraming {
    /// The next event of `window` (`eof`: no more bytes will follow).
    ///
    /// # Errors
    ///
    /// As [`BatchStream::next_event`].
    fn next<'a>(
        &mut self,
        window: &'a [u8],
        eof: bool,
        base: u64,
        options: &ParseOptions,
    ) -> Result<Status<Framed<'a>>, StreamError> {
        let mut w = Window {
            data: window,
            start: 0,
            scan: self.scan.min(window.len()),
            eof,
            base,
        };
        let next = self.step(&mut w, options);
        self.consumed = w.start;
        self.scan = w.scan.saturating_sub(w.start);
        next
    }

    fn index(&self) -> u64 {
        self.index
    }

    fn consumed(&self) -> usize {
        self.consumed
    }
}
