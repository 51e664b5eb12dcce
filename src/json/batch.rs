//! Reading the JSON batch format (`application/cloudevents-batch+json`) and
//! NDJSON streams held in one buffer.

use super::element::{self, Element, Kind, Scan};
use super::scan::Cursor;
use crate::error::{Error, ErrorKind};
use crate::event::{Event, SpecVersion};
use crate::options::ParseOptions;

/// A lazy iterator over the events of a batch array (BATCH-2..BATCH-5).
///
/// Each element is parsed when the iterator reaches it, on its own: the
/// elements of a batch are independent events (BATCH-5). An element that is
/// not a valid event — not an object, an invalid event, nested too deeply,
/// over [`ParseOptions::max_size`], of another `specversion` than the batch's
/// first valid event (BATCH-4), even a JSON syntax error inside it — yields
/// an `Err` and the iteration goes on with the next element (BATCH-8; stop at
/// the first `Err` to fail the whole batch). Only an error in the array's own
/// framing ends the iteration: a missing `,`, a mismatched bracket, the input
/// ending before `]`, trailing characters ([`is_broken`](Self::is_broken)
/// tells these apart).
///
/// It yields exactly the items of the incremental `stream::BatchStream`
/// (with the `alloc` feature) fed the same bytes, with error offsets
/// relative to the whole input.
///
/// ```
/// use cloudevents_codec::json::BatchReader;
/// use cloudevents_codec::ErrorKind;
/// let body = br#"[{"specversion":"1.0","id":"1","source":"/s","type":"t"}, 42,
///                 {"specversion":"1.0","id":"3","source":"/s","type":"t","data":{"a":tru}}]"#;
/// let results: Vec<_> = BatchReader::new(body)?.collect();
/// assert!(results[0].is_ok());
/// assert_eq!(results[1].as_ref().unwrap_err().kind(), ErrorKind::TypeMismatch);
/// assert_eq!(results[2].as_ref().unwrap_err().kind(), ErrorKind::Syntax);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
pub struct BatchReader<'a> {
    input: &'a [u8],
    pos: usize,
    options: ParseOptions,
    index: usize,
    version: Option<SpecVersion>,
    state: State,
}

/// Where in the array's framing the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// After `[` (`first`) or a `,`: an element comes next.
    BeforeElement { first: bool },
    /// After an element: `,` or `]` comes next.
    AfterElement,
    /// The input ended inside an element that was reported as too large:
    /// the array is not closed, which is reported next.
    Unclosed,
    /// After the closing `]` and only whitespace: nothing more.
    Done,
    /// The framing is broken (reported): nothing more.
    Broken,
}

impl<'a> BatchReader<'a> {
    /// Starts reading a batch with the default options.
    ///
    /// # Errors
    ///
    /// `Syntax` when the input is not a JSON array (BATCH-2; `null` too), or
    /// is an empty array followed by other characters.
    pub fn new(input: &'a [u8]) -> Result<Self, Error> {
        Self::with_options(input, ParseOptions::new())
    }

    /// Starts reading a batch with `options` (applied to each element:
    /// `max_size` bounds one element, not the batch).
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn with_options(input: &'a [u8], options: ParseOptions) -> Result<Self, Error> {
        let mut cur = Cursor::new(input);
        if cur.peek_ws() != Some(b'[') {
            return Err(cur.err(ErrorKind::Syntax, "a batch must be a JSON array"));
        }
        let mut reader = BatchReader {
            input,
            pos: cur.pos + 1,
            options,
            index: 0,
            version: None,
            state: State::BeforeElement { first: true },
        };
        if reader.peek_ws() == Some(b']') {
            reader.pos += 1;
            reader.state = State::Done;
            reader.trailing()?;
        }
        Ok(reader)
    }

    /// The 0-based index of the next element.
    pub fn index(&self) -> usize {
        self.index
    }

    /// True once an error in the array's own framing was returned: that
    /// error was the last item (the elements before it were read as usual).
    /// Errors of single elements never set it.
    pub fn is_broken(&self) -> bool {
        self.state == State::Broken
    }

    /// Skips whitespace; the next byte, if any.
    fn peek_ws(&mut self) -> Option<u8> {
        while let Some(&b) = self.input.get(self.pos) {
            if !matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// The framing error at `at`; ends the iteration.
    #[cold]
    fn broken(&mut self, kind: ErrorKind, detail: &'static str, at: usize) -> Error {
        self.state = State::Broken;
        Error::new(kind, detail).at(at)
    }

    /// After `]`: only whitespace may follow.
    fn trailing(&mut self) -> Result<(), Error> {
        if self.peek_ws().is_some() {
            let at = self.pos;
            return Err(self.broken(ErrorKind::Syntax, "trailing characters after the batch", at));
        }
        Ok(())
    }

    /// Reads the element starting at `self.pos` (its first byte is not
    /// whitespace); errors are located in the whole input.
    fn element(&mut self, kind: Kind) -> Result<Event<'a>, Error> {
        let start = self.pos;
        let input = self.input;
        if input[start] == b'{' {
            if let Some((event, len)) = element::parse_in_place(&input[start..], &self.options) {
                self.pos = start + len;
                self.state = State::AfterElement;
                self.index += 1;
                return element::accept(event, len, &self.options, &mut self.version)
                    .map_err(|e| e.shifted(start));
            }
        }
        match element::scan(input, start, &mut Element::new(kind)) {
            Scan::Complete(end) => {
                self.pos = end;
                self.state = State::AfterElement;
                self.index += 1;
                element::parse_element(&input[start..end], &self.options, &mut self.version)
                    .map_err(|e| e.shifted(start))
            }
            Scan::Fatal(kind, detail, at) => Err(self.broken(kind, detail, at)),
            Scan::Partial(_) if input.len() - start > self.options.max_size => {
                // Reported as too large first, as an incremental reader
                // would before it saw the end of the input.
                self.pos = input.len();
                self.state = State::Unclosed;
                self.index += 1;
                Err(element::too_large().shifted(start))
            }
            Scan::Partial(_) => Err(self.unclosed()),
        }
    }

    fn unclosed(&mut self) -> Error {
        let at = self.input.len();
        self.broken(
            ErrorKind::Syntax,
            "unexpected end of input: the batch array is not closed",
            at,
        )
    }
}

impl<'a> Iterator for BatchReader<'a> {
    type Item = Result<Event<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.state {
                State::Done | State::Broken => return None,
                State::Unclosed => return Some(Err(self.unclosed())),
                State::BeforeElement { first } => {
                    let Some(c) = self.peek_ws() else {
                        return Some(Err(self.unclosed()));
                    };
                    if c == b']' && first {
                        self.pos += 1;
                        self.state = State::Done;
                        return self.trailing().err().map(Err);
                    }
                    let Some(kind) = Kind::of(c) else {
                        let at = self.pos;
                        return Some(Err(self.broken(
                            ErrorKind::Syntax,
                            "expected a batch element",
                            at,
                        )));
                    };
                    return Some(self.element(kind));
                }
                State::AfterElement => match self.peek_ws() {
                    Some(b',') => {
                        self.pos += 1;
                        self.state = State::BeforeElement { first: false };
                    }
                    Some(b']') => {
                        self.pos += 1;
                        self.state = State::Done;
                        return self.trailing().err().map(Err);
                    }
                    None => return Some(Err(self.unclosed())),
                    Some(_) => {
                        let at = self.pos;
                        return Some(Err(self.broken(
                            ErrorKind::Syntax,
                            "expected ',' or ']' in batch",
                            at,
                        )));
                    }
                },
            }
        }
    }
}

/// An iterator over the events of an NDJSON buffer: one event per line,
/// blank lines skipped. Each item carries the event's 0-based index (blank
/// lines do not count), the same convention as
/// [`stream::StreamError::index`](crate::stream::StreamError::index) and
/// [`BatchReader::index`]; error offsets locate the line.
///
/// ```
/// use cloudevents_codec::json::NdjsonReader;
/// let input = b"{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}\n\n{}\n";
/// let events: Vec<_> = NdjsonReader::new(input).collect();
/// assert_eq!(events.len(), 2);
/// assert_eq!(events[1].0, 1);
/// assert!(events[0].1.is_ok() && events[1].1.is_err());
/// ```
pub struct NdjsonReader<'a> {
    rest: &'a [u8],
    index: usize,
    offset: usize,
    options: ParseOptions,
}

impl<'a> NdjsonReader<'a> {
    /// Reads `input` with the default options.
    pub fn new(input: &'a [u8]) -> Self {
        Self::with_options(input, ParseOptions::new())
    }

    /// Reads `input` with `options`.
    pub fn with_options(input: &'a [u8], options: ParseOptions) -> Self {
        NdjsonReader {
            rest: input,
            index: 0,
            offset: 0,
            options,
        }
    }
}

impl<'a> Iterator for NdjsonReader<'a> {
    /// (0-based event index, parse result). Error offsets are relative to
    /// the whole input.
    type Item = (usize, Result<Event<'a>, Error>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            let end = memchr::memchr(b'\n', self.rest).unwrap_or(self.rest.len());
            let line = &self.rest[..end];
            let line_offset = self.offset;
            let consumed = (end + 1).min(self.rest.len());
            self.rest = &self.rest[consumed..];
            self.offset += consumed;
            if line
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            {
                continue;
            }
            let result =
                Event::from_json_with(line, &self.options).map_err(|e| e.shifted(line_offset));
            let index = self.index;
            self.index += 1;
            return Some((index, result));
        }
    }
}
