//! [`BatchProducer`]: events into frozen `Bytes` batches for pipelines.

use alloc::vec::Vec;

use bytes::{Bytes, BytesMut};

use crate::attrs::check_batch_version;
use crate::error::{Error, ErrorKind};
use crate::event::{Event, SpecVersion};
use crate::json::write_event;
use crate::sink::Sink;

/// How a [`BatchProducer`] frames the events of one batch.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Framing {
    /// One event per line, each ending in `\n`.
    Ndjson,
    /// A JSON batch array (`application/cloudevents-batch+json`, BATCH-9):
    /// `[`, comma-separated events, `]`; one `specversion` per batch (BATCH-4).
    Array,
}

/// Appends events into one `BytesMut` and hands out frozen [`Bytes`] batches
/// when a size or count limit is reached.
///
/// A batch never exceeds [`max_bytes`](Self::max_bytes) (framing included):
/// the event that would overflow it starts the next batch. Batches are cut
/// with `BytesMut::split().freeze()`, so once the consumer has dropped the
/// earlier batches the producer writes into the same allocation again: a warm
/// producer allocates nothing.
///
/// ```
/// use cloudevents_codec::stream::{BatchProducer, Framing};
/// use cloudevents_codec::{json::BatchReader, Event};
///
/// let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
/// let mut producer = BatchProducer::new(Framing::Array).max_events(2);
/// assert!(producer.push(&event)?.is_none());
/// let batch = producer.push(&event)?.expect("two events make a batch");
/// assert_eq!(BatchReader::new(&batch)?.count(), 2);
/// producer.push(&event)?;
/// let last = producer.flush().expect("one event left");
/// assert_eq!(BatchReader::new(&last)?.count(), 1);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Debug)]
pub struct BatchProducer {
    out: BytesMut,
    framing: Framing,
    max_bytes: usize,
    max_events: usize,
    count: usize,
    version: Option<SpecVersion>,
    /// The event that overflowed a batch, moved to the next one.
    spill: Vec<u8>,
}

/// Default byte limit per batch: 1 MiB.
pub const DEFAULT_MAX_BYTES: usize = 1 << 20;
/// Extra room reserved beyond `max_bytes` for the event that overflows a batch.
const SLACK: usize = 64 * 1024;
/// Default event limit per batch.
pub const DEFAULT_MAX_EVENTS: usize = 10_000;

impl BatchProducer {
    /// A producer with the default limits (1 MiB, 10 000 events).
    pub fn new(framing: Framing) -> Self {
        BatchProducer {
            out: BytesMut::new(),
            framing,
            max_bytes: DEFAULT_MAX_BYTES,
            max_events: DEFAULT_MAX_EVENTS,
            count: 0,
            version: None,
            spill: Vec::new(),
        }
    }

    /// The most bytes one batch may hold, framing included (at least 3).
    #[must_use]
    pub fn max_bytes(mut self, bytes: usize) -> Self {
        self.max_bytes = bytes.max(3);
        self
    }

    /// The most events one batch may hold (at least 1).
    #[must_use]
    pub fn max_events(mut self, events: usize) -> Self {
        self.max_events = events.max(1);
        self
    }

    /// The framing.
    pub fn framing(&self) -> Framing {
        self.framing
    }

    /// Events in the batch being filled.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when the batch being filled has no event.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Bytes in the batch being filled (without the closing `]`).
    pub fn buffered_bytes(&self) -> usize {
        self.out.len()
    }

    /// The buffer's allocated size, for memory accounting.
    pub fn capacity(&self) -> usize {
        self.out.capacity()
    }

    /// Appends `event`. Returns a complete batch when this event filled one
    /// (by count), or when it did not fit (by size) and so starts the next.
    ///
    /// # Errors
    ///
    /// `Limit` when the event alone is larger than a batch may be;
    /// `InvalidValue` when, with [`Framing::Array`], its `specversion`
    /// differs from the batch's (BATCH-4). Nothing is written then.
    pub fn push(&mut self, event: &Event<'_>) -> Result<Option<Bytes>, Error> {
        let array = self.framing == Framing::Array;
        if array {
            check_batch_version(self.version, event.specversion)?;
        }
        if self.count == 0 {
            // Room for a whole batch plus the event that may overflow it.
            // `reserve` takes the earlier allocation back when the consumer
            // has dropped every batch cut from it.
            self.out.reserve(self.max_bytes + self.max_bytes.min(SLACK));
        }
        let mark = self.out.len();
        if array {
            self.out.put_byte(if self.count == 0 { b'[' } else { b',' });
        }
        write_event(event, &mut self.out);
        if !array {
            self.out.put_byte(b'\n');
        }
        let closing = usize::from(array);
        if self.out.len() + closing <= self.max_bytes {
            self.count += 1;
            self.version = Some(event.specversion);
            if self.count >= self.max_events {
                return Ok(Some(self.cut()));
            }
            return Ok(None);
        }
        // Over the limit: the event (without its separator) must fit a batch
        // of its own.
        let skip = usize::from(array);
        let alone = self.out.len() - mark - skip + 2 * closing;
        if self.count == 0 || alone > self.max_bytes {
            self.out.truncate(mark);
            return Err(Error::new(
                ErrorKind::Limit,
                "event larger than the batch size limit",
            ));
        }
        self.spill.clear();
        self.spill.extend_from_slice(&self.out[mark + skip..]);
        self.out.truncate(mark);
        let batch = self.cut();
        if array {
            self.out.put_byte(b'[');
        }
        self.out.extend_from_slice(&self.spill);
        self.count = 1;
        self.version = Some(event.specversion);
        // max_events >= 2 here: with 1 the previous batch was already cut.
        Ok(Some(batch))
    }

    /// Hands out the batch being filled, if it has any event.
    pub fn flush(&mut self) -> Option<Bytes> {
        if self.count == 0 {
            return None;
        }
        Some(self.cut())
    }

    fn cut(&mut self) -> Bytes {
        if self.framing == Framing::Array {
            self.out.put_byte(b']');
        }
        self.count = 0;
        self.version = None;
        self.out.split().freeze()
    }
}
