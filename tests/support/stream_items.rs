//! Comparing the incremental readers with their whole-buffer twins, shared by
//! `tests/stream.rs` and the `stream_chunks` fuzz target (included with
//! `#[path]`): an item is the event written back with `json::write_event`, or
//! the error's (kind, index, offset, fatal), where the offset is that of the
//! problem in the whole input when the error has one (what `ce` prints).
//!
//! Both batch readers are compared element by element on any input: the
//! whole-buffer `BatchReader` must give exactly the stream's items, bad
//! elements included (issue 13: every element is independent, BATCH-5; only
//! the array's framing is fatal). The oracle's first version compared them
//! only on valid batches, and up to the first error otherwise, because
//! `BatchReader` then ended a batch on some element errors (a depth limit, a
//! syntax error inside an element) where the stream went on.

// Each includer uses part of this module.
#![allow(dead_code)]

use cloudevents_codec::json::{self, BatchReader, NdjsonReader};
use cloudevents_codec::stream::{BatchStream, NdjsonStream, Status, StreamError};
use cloudevents_codec::{ErrorKind, Event, ParseOptions};

/// One item a reader produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Event(Vec<u8>),
    Error(ErrorKind, u64, Option<u64>, bool),
}

pub fn canonical(e: &Event<'_>) -> Item {
    let mut out = Vec::new();
    json::write_event(e, &mut out);
    Item::Event(out)
}

pub fn error(e: &StreamError) -> Item {
    let offset = e.error().offset().map(|o| e.event_offset() + o as u64);
    Item::Error(e.kind(), e.index(), offset, e.is_fatal())
}

pub trait Reader {
    fn feed(&mut self, chunk: &[u8]);
    fn finish(&mut self);
    /// `None`: partial; `Some(None)`: done; `Some(Some(item))`.
    fn next_item(&mut self) -> Option<Option<Item>>;
}

macro_rules! impl_reader {
    ($t:ty) => {
        impl Reader for $t {
            fn feed(&mut self, chunk: &[u8]) {
                <$t>::feed(self, chunk)
            }
            fn finish(&mut self) {
                <$t>::finish(self)
            }
            fn next_item(&mut self) -> Option<Option<Item>> {
                match self.next_event() {
                    Ok(Status::Complete(e)) => Some(Some(canonical(&e))),
                    Ok(Status::Partial) => None,
                    Ok(Status::Done) => Some(None),
                    Err(e) => Some(Some(error(&e))),
                }
            }
        }
    };
}
impl_reader!(NdjsonStream);
impl_reader!(BatchStream);

/// Feeds `input` cut at `cuts` (sorted) and collects every item. A fatal
/// error must be followed by `Done`; a reader must not loop forever.
pub fn read_cut<R: Reader>(reader: &mut R, input: &[u8], cuts: &[usize]) -> Vec<Item> {
    let mut pieces = Vec::new();
    let mut last = 0;
    for &c in cuts.iter().chain(std::iter::once(&input.len())) {
        let c = c.clamp(last, input.len());
        pieces.push(&input[last..c]);
        last = c;
    }
    let mut pieces = pieces.into_iter();
    let mut items = Vec::new();
    let mut finished = false;
    let mut steps = 0usize;
    loop {
        steps += 1;
        assert!(
            steps < 4 * input.len() + 100,
            "reader does not make progress"
        );
        match reader.next_item() {
            Some(Some(item)) => {
                let fatal = matches!(item, Item::Error(.., true));
                items.push(item);
                if fatal {
                    assert_eq!(
                        reader.next_item(),
                        Some(None),
                        "fatal error not followed by Done"
                    );
                    return items;
                }
            }
            Some(None) => return items,
            None => match pieces.next() {
                Some(p) => reader.feed(p),
                None => {
                    assert!(!finished, "Partial after finish");
                    finished = true;
                    reader.finish()
                }
            },
        }
    }
}

/// The naive twin for NDJSON: the whole-buffer reader, with the index a
/// stream reports.
pub fn ndjson_reference(input: &[u8], options: ParseOptions) -> Vec<Item> {
    NdjsonReader::with_options(input, options)
        .enumerate()
        .map(|(i, (_, r))| match r {
            Ok(e) => canonical(&e),
            Err(e) => Item::Error(e.kind(), i as u64, e.offset().map(|o| o as u64), false),
        })
        .collect()
}

/// The naive twin for batches: the whole-buffer reader, every element.
pub fn batch_reference(input: &[u8], options: ParseOptions) -> Vec<Item> {
    let mut reader = match BatchReader::with_options(input, options) {
        Ok(r) => r,
        Err(e) => return vec![Item::Error(e.kind(), 0, e.offset().map(|o| o as u64), true)],
    };
    let mut items = Vec::new();
    while let Some(r) = reader.next() {
        items.push(match r {
            Ok(e) => canonical(&e),
            Err(e) => Item::Error(
                e.kind(),
                items.len() as u64,
                e.offset().map(|o| o as u64),
                reader.is_broken(),
            ),
        });
    }
    items
}
