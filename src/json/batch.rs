//! Reading the JSON batch format (`application/cloudevents-batch+json`) and
//! NDJSON streams held in one buffer.

use super::read::parse_object;
use super::scan::Cursor;
use crate::error::{Error, ErrorKind};
use crate::event::{Event, SpecVersion};
use crate::options::ParseOptions;

/// A lazy iterator over the events of a batch array (BATCH-2..BATCH-4).
///
/// Each element is parsed when the iterator reaches it. An element that is
/// well-formed JSON but not a valid event yields an `Err` and the iteration
/// goes on with the next element (BATCH-8 per-element mode; stop at the first
/// `Err` to fail the whole batch). A JSON syntax error ends the iteration.
/// Every event must have the batch's `specversion` (BATCH-4).
///
/// ```
/// use cloudevents_codec::json::BatchReader;
/// let body = br#"[{"specversion":"1.0","id":"1","source":"/s","type":"t"}, 42]"#;
/// let results: Vec<_> = BatchReader::new(body)?.collect();
/// assert!(results[0].is_ok());
/// assert_eq!(results[1].as_ref().unwrap_err().kind(), cloudevents_codec::ErrorKind::TypeMismatch);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
pub struct BatchReader<'a> {
    cur: Cursor<'a>,
    options: ParseOptions,
    index: usize,
    version: Option<SpecVersion>,
    done: bool,
}

impl<'a> BatchReader<'a> {
    /// Starts reading a batch with the default options.
    ///
    /// # Errors
    ///
    /// `Syntax` when the input is not a JSON array (BATCH-2; `null` too).
    pub fn new(input: &'a [u8]) -> Result<Self, Error> {
        Self::with_options(input, ParseOptions::new())
    }

    /// Starts reading a batch with `options` (applied to each event).
    ///
    /// # Errors
    ///
    /// `Syntax` when the input is not a JSON array (BATCH-2).
    pub fn with_options(input: &'a [u8], options: ParseOptions) -> Result<Self, Error> {
        let mut cur = Cursor::new(input);
        if cur.peek_ws() != Some(b'[') {
            return Err(cur.err(ErrorKind::Syntax, "a batch must be a JSON array"));
        }
        cur.pos += 1;
        let mut reader = BatchReader {
            cur,
            options,
            index: 0,
            version: None,
            done: false,
        };
        if reader.cur.peek_ws() == Some(b']') {
            reader.cur.pos += 1;
            reader.finish_check()?;
            reader.done = true;
        }
        Ok(reader)
    }

    /// The 0-based index of the next element.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Checks that nothing but whitespace follows the array.
    fn finish_check(&mut self) -> Result<(), Error> {
        if self.cur.peek_ws().is_some() {
            return Err(self
                .cur
                .err(ErrorKind::Syntax, "trailing characters after the batch"));
        }
        Ok(())
    }

    fn element(&mut self) -> Result<Event<'a>, Error> {
        let start = self.cur.pos;
        let parsed = match self.cur.peek() {
            Some(b'{') => parse_object(&mut self.cur, &self.options),
            _ => Err(Error::new(
                ErrorKind::TypeMismatch,
                "batch elements must be event objects",
            )
            .at(start)),
        };
        match parsed {
            Ok(event) => {
                match self.version {
                    Some(v) if v != event.specversion => {
                        return Err(Error::new(
                            ErrorKind::InvalidValue,
                            "all events of a batch must have the same specversion",
                        )
                        .attr(b"specversion")
                        .at(start))
                    }
                    None => self.version = Some(event.specversion),
                    _ => {}
                }
                Ok(event)
            }
            Err(e) => {
                // Recover: skip the element as plain JSON. If even that fails,
                // the batch is broken and iteration ends.
                self.cur.pos = start;
                if let Err(syntax) = self.cur.value(self.options.max_depth) {
                    self.done = true;
                    return Err(if e.kind() == ErrorKind::Syntax {
                        e
                    } else {
                        syntax
                    });
                }
                Err(e)
            }
        }
    }
}

impl<'a> Iterator for BatchReader<'a> {
    type Item = Result<Event<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.cur.skip_ws();
        let result = self.element();
        self.index += 1;
        if self.done {
            return Some(result);
        }
        match self.cur.peek_ws() {
            Some(b',') => self.cur.pos += 1,
            Some(b']') => {
                self.cur.pos += 1;
                self.done = true;
                if let Err(e) = self.finish_check() {
                    return Some(result.and(Err(e)));
                }
            }
            _ => {
                self.done = true;
                let e = self.cur.unexpected("expected ',' or ']' in batch");
                return Some(result.and(Err(e)));
            }
        }
        Some(result)
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
