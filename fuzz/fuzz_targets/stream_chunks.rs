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
//! - Batch equals the whole-buffer `json::BatchReader` item by item, bad
//!   elements and the framing error included (issue 13: every element is
//!   independent; this target first compared them only on valid batches,
//!   because `BatchReader` then ended a batch on some element errors).
#![no_main]

use arbitrary::Unstructured;
use cloudevents_codec::stream::{BatchStream, NdjsonStream};
use cloudevents_codec::ParseOptions;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/stream_items.rs"]
mod stream_items;
use stream_items::{batch_reference, ndjson_reference, read_cut};

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
        ndjson_reference(input, ParseOptions::new()),
        "NDJSON: differs from NdjsonReader"
    );

    // Batch
    let whole = read_cut(&mut BatchStream::new(), input, &[]);
    let cut = read_cut(&mut BatchStream::new(), input, &cuts);
    assert_eq!(
        cut, whole,
        "batch: chunking changed the items (cuts {cuts:?})"
    );
    assert_eq!(
        whole,
        batch_reference(input, ParseOptions::new()),
        "batch: differs from BatchReader"
    );
});
