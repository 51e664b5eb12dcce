//! `json::NdjsonReader`, and the contract of the incremental NDJSON reader to
//! come: the input arrives in chunks cut at fuzzer-chosen points; every
//! complete line is parsed as soon as its `\n` has arrived, the rest at the
//! end. Event indexes, events and error kinds/offsets must equal those of
//! one `NdjsonReader` over the whole buffer, and those of a naive
//! split-on-`\n` reference.
#![no_main]

use arbitrary::Unstructured;
use cloudevents_codec::json::NdjsonReader;
use cloudevents_codec::{Error, ErrorKind, Event};
use libfuzzer_sys::fuzz_target;

/// One reader item in comparable form: the event index, the event or the
/// error's kind and offset (moved forward by `base`, where the reader's
/// input started).
#[derive(Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // a test oracle, not a hot path
enum Item<'a> {
    Event(usize, Event<'a>),
    Error(usize, ErrorKind, Option<usize>),
}

fn item<'a>(base: usize, (index, r): (usize, Result<Event<'a>, Error>)) -> Item<'a> {
    match r {
        Ok(e) => Item::Event(index, e),
        Err(e) => Item::Error(index, e.kind(), e.offset().map(|o| o + base)),
    }
}

fuzz_target!(|data: &[u8]| {
    // Layout: a count (0..=7), that many u16 cut points, then the NDJSON.
    let mut u = Unstructured::new(data);
    let n = u.int_in_range(0..=7u8).unwrap_or(0);
    let mut cuts = Vec::new();
    for _ in 0..n {
        cuts.push(usize::from(u.arbitrary::<u16>().unwrap_or(0)));
    }
    let input = u.take_rest();
    cuts.iter_mut().for_each(|c| *c %= input.len() + 1);
    cuts.sort_unstable();
    cuts.push(input.len());

    let whole: Vec<_> = NdjsonReader::new(input).map(|i| item(0, i)).collect();

    // Naive reference: split on '\n', skip blank lines.
    let mut naive = Vec::new();
    let mut offset = 0;
    for line in input.split(|&b| b == b'\n') {
        if !line.iter().all(|b| b" \t\r\n".contains(b)) {
            naive.push(item(offset, (naive.len(), Event::from_json(line))));
        }
        offset += line.len() + 1;
    }
    assert_eq!(
        whole, naive,
        "NdjsonReader differs from splitting on newlines"
    );

    // Chunked: `arrived` grows chunk by chunk; complete lines are handed on
    // as soon as they are there.
    let mut chunked = Vec::new();
    let mut done = 0usize;
    for &cut in &cuts {
        let arrived = &input[..cut];
        // At the end of input the last line is complete without its '\n'.
        let complete = match arrived[done..].iter().rposition(|&b| b == b'\n') {
            _ if cut == input.len() => cut,
            Some(p) => done + p + 1,
            None => continue,
        };
        let before = chunked.len();
        for (index, r) in NdjsonReader::new(&input[done..complete]) {
            chunked.push(item(done, (before + index, r)));
        }
        done = complete;
    }
    assert_eq!(
        whole, chunked,
        "chunked reading differs from whole-buffer reading"
    );
});
