//! The Protobuf batch format: `CloudEventBatch { repeated CloudEvent events
//! = 1; }` (PROTO-5), read lazily and written as a stream.
//!
//! A `CloudEventBatch` has no header or trailer: it is its `events` fields
//! one after another, so a batch can be written one event at a time and
//! two batches concatenated are one batch.

use super::read::read_message;
use super::write::write_batch_element;
use crate::attrs::check_batch_version;
use crate::error::{Error, ErrorKind};
use crate::event::{Event, SpecVersion};
use crate::options::ParseOptions;
use crate::pbwire::{syntax, Wire, LEN};
use crate::sink::Sink;

/// A lazy iterator over the events of a `CloudEventBatch` (PROTO-5).
///
/// Each event is read when the iterator reaches it; it borrows the input.
/// An element that is well-formed protobuf but not a valid event yields an
/// `Err` and the iteration goes on (BATCH-8 per-element mode; stop at the
/// first `Err` to fail the whole batch). Malformed protobuf between the
/// elements ends the iteration. Every event must have the batch's
/// `specversion` (BATCH-4). Unknown fields of the batch are skipped.
///
/// ```
/// use cloudevents_codec::{protobuf, EventBuilder};
/// let a = EventBuilder::new("1", "/s", "t").build()?;
/// let b = EventBuilder::new("2", "/s", "t").build()?;
/// let mut body = Vec::new();
/// let mut batch = protobuf::BatchWriter::new(&mut body);
/// batch.push(&a)?;
/// batch.push(&b)?;
/// let ids: Vec<String> = protobuf::BatchReader::new(&body)
///     .map(|e| e.map(|e| e.id().to_string()))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(ids, ["1", "2"]);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct BatchReader<'a> {
    wire: Wire<'a>,
    options: ParseOptions,
    index: usize,
    version: Option<SpecVersion>,
    done: bool,
}

impl<'a> BatchReader<'a> {
    /// Reads `input` (a whole `CloudEventBatch`; empty is an empty batch)
    /// with the default options.
    pub fn new(input: &'a [u8]) -> Self {
        Self::with_options(input, ParseOptions::new())
    }

    /// Reads `input` with `options` (applied to each event; the size limit
    /// is per event).
    pub fn with_options(input: &'a [u8], options: ParseOptions) -> Self {
        BatchReader {
            wire: Wire::new(input),
            options,
            index: 0,
            version: None,
            done: false,
        }
    }

    /// The 0-based index of the next event.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The next element's bytes and start offset, skipping unknown fields;
    /// `None` at the end.
    fn next_element(&mut self) -> Result<Option<(&'a [u8], usize)>, Error> {
        while !self.wire.is_done() {
            let key = self.wire.key()?;
            match (key.field, key.wire) {
                (1, LEN) => return self.wire.bytes().map(Some),
                (1, _) => return Err(syntax("wrong wire type for this field", key.at)),
                _ => self.wire.skip(key)?,
            }
        }
        Ok(None)
    }

    fn element(&self, bytes: &'a [u8], at: usize) -> Result<Event<'a>, Error> {
        if bytes.len() > self.options.max_size {
            return Err(Error::new(ErrorKind::Limit, "event larger than the size limit").at(at));
        }
        let wire = Wire::sub(self.wire.input, at, at + bytes.len());
        read_message(wire, &self.options)
    }
}

impl<'a> Iterator for BatchReader<'a> {
    type Item = Result<Event<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let (bytes, at) = match self.next_element() {
            Ok(Some(element)) => element,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        self.index += 1;
        let result = self.element(bytes, at).and_then(|event| {
            check_batch_version(self.version, event.specversion).map_err(|e| e.at(at))?;
            self.version = Some(event.specversion);
            Ok(event)
        });
        Some(result)
    }
}

/// Writes a `CloudEventBatch` (PROTO-5) one event at a time, enforcing one
/// `specversion` for the whole batch (BATCH-4). With a warm `out`, nothing
/// is allocated.
///
/// The batch has no framing of its own: [`new`](Self::new) writes nothing,
/// and a batch without events is empty.
#[derive(Debug)]
pub struct BatchWriter<'o, S: Sink + ?Sized> {
    out: &'o mut S,
    count: usize,
    version: Option<SpecVersion>,
}

impl<'o, S: Sink + ?Sized> BatchWriter<'o, S> {
    /// Starts a batch in `out`.
    pub fn new(out: &'o mut S) -> Self {
        BatchWriter {
            out,
            count: 0,
            version: None,
        }
    }

    /// Appends one event.
    ///
    /// # Errors
    ///
    /// `InvalidValue` when its `specversion` differs from the batch's first
    /// event (BATCH-4); nothing is written then.
    pub fn push(&mut self, event: &Event<'_>) -> Result<(), Error> {
        check_batch_version(self.version, event.specversion)?;
        self.version = Some(event.specversion);
        write_batch_element(event, self.out);
        self.count += 1;
        Ok(())
    }

    /// How many events were written.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when no event was written yet.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}
