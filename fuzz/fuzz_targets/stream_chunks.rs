//! The incremental readers `stream::NdjsonStream` and `stream::BatchStream`
//! fed in fuzzer-chosen chunks. Layout: a count (0..=7), that many `u16` cut
//! points, then the input.
//!
//! Oracle (the comparison of `tests/stream.rs`): items are the event written
//! with `json::write_event`, or the error's (kind, index, offset, fatal).
//! - Chunking never changes the items: cut at the fuzzer's points equals fed
//!   in one piece, for both readers.
//! - NDJSON equals the whole-buffer `json::NdjsonReader`, with the index
//!   among non-blank lines and absolute offsets (never fatal).
//! - Batch equals the whole-buffer `json::BatchReader` when that accepts the
//!   array and every element (the valid-batch reference of
//!   `tests/stream.rs`); otherwise the events before the first error agree.
#![no_main]

use arbitrary::Unstructured;
use cloudevents_codec::json::{self, BatchReader, NdjsonReader};
use cloudevents_codec::stream::{BatchStream, NdjsonStream, Status, StreamError};
use cloudevents_codec::{ErrorKind, Event};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Event(String),
    Error(ErrorKind, u64, u64, bool),
}

fn canonical(e: &Event<'_>) -> Item {
    let mut out = Vec::new();
    json::write_event(e, &mut out);
    Item::Event(String::from_utf8(out).expect("written JSON is UTF-8"))
}

fn error(e: &StreamError) -> Item {
    Item::Error(e.kind(), e.index(), e.offset(), e.is_fatal())
}

trait Reader {
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
fn read_cut<R: Reader>(reader: &mut R, input: &[u8], cuts: &[usize]) -> Vec<Item> {
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

fn ndjson_reference(input: &[u8]) -> Vec<Item> {
    // Line start offsets of the non-blank lines (JSON whitespace only: a
    // form feed makes a line non-blank, as for the readers).
    let mut starts = Vec::new();
    let mut at = 0;
    for line in input.split(|&b| b == b'\n') {
        if !line.iter().all(|b| b" \t\r\n".contains(b)) {
            starts.push(at as u64);
        }
        at += line.len() + 1;
    }
    NdjsonReader::new(input)
        .enumerate()
        .map(|(i, (_, r))| match r {
            Ok(e) => canonical(&e),
            Err(e) => {
                let start = starts[i];
                let offset = e.offset().map_or(start, |o| o as u64);
                Item::Error(e.kind(), i as u64, offset, false)
            }
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let n = u.int_in_range(0..=7u8).unwrap_or(0);
    let mut cuts = Vec::new();
    for _ in 0..n {
        cuts.push(usize::from(u.arbitrary::<u16>().unwrap_or(0)));
    }
    let input = u.take_rest();
    cuts.iter_mut().for_each(|c| *c %= input.len() + 1);
    cuts.sort_unstable();

    // NDJSON
    let whole = read_cut(&mut NdjsonStream::new(), input, &[]);
    let cut = read_cut(&mut NdjsonStream::new(), input, &cuts);
    assert_eq!(
        cut, whole,
        "NDJSON: chunking changed the items (cuts {cuts:?})"
    );
    assert_eq!(
        whole,
        ndjson_reference(input),
        "NDJSON: differs from NdjsonReader"
    );

    // Batch
    let whole = read_cut(&mut BatchStream::new(), input, &[]);
    let cut = read_cut(&mut BatchStream::new(), input, &cuts);
    assert_eq!(
        cut, whole,
        "batch: chunking changed the items (cuts {cuts:?})"
    );
    let reference: Option<Vec<Item>> = BatchReader::new(input)
        .ok()
        .map(|r| r.map_while(|r| r.ok().map(|e| canonical(&e))).collect());
    let all_ok = BatchReader::new(input).is_ok_and(|mut r| r.all(|r| r.is_ok()));
    let events: Vec<Item> = whole
        .iter()
        .take_while(|i| matches!(i, Item::Event(_)))
        .cloned()
        .collect();
    if all_ok {
        assert_eq!(
            whole,
            reference.unwrap(),
            "batch: differs from BatchReader on a valid batch"
        );
    } else if let Some(reference) = reference {
        let n = events.len().min(reference.len());
        assert_eq!(
            events[..n],
            reference[..n],
            "batch: events before the first error differ"
        );
    } else {
        // The array itself is broken at its start: no events, one fatal error.
        assert!(
            events.is_empty(),
            "batch: events from a batch BatchReader rejects"
        );
    }
});
