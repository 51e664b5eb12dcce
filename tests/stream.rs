//! The incremental readers (`stream`), owned events (`EventBuf`,
//! `OwnedEvent`) and the pipeline batch producer.
//!
//! The readers' naive twins are the whole-buffer readers (`NdjsonReader`,
//! `BatchReader`): fed in chunks of any size, a stream must give the same
//! events and the same errors.

use std::io::Read;

use bytes::{Buf, Bytes};
use cloudevents_codec::binding::{http, HeaderBuf};
use cloudevents_codec::json;
use cloudevents_codec::stream::{
    BatchProducer, BatchStream, Framing, NdjsonStream, Status, StreamError,
};
use cloudevents_codec::{
    Data, ErrorKind, Event, EventBuf, OwnedData, OwnedEvent, OwnedValue, ParseOptions, SpecVersion,
};
use cloudevents_codec_corpus::{self as corpus, Profile};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Compile-time Send/Sync checks (parallel use).

const fn assert_send_sync<T: Send + Sync>() {}
const fn assert_static<T: 'static>() {}
const _: () = {
    assert_send_sync::<NdjsonStream>();
    assert_send_sync::<BatchStream>();
    assert_send_sync::<BatchProducer>();
    assert_send_sync::<StreamError>();
    assert_send_sync::<EventBuf>();
    assert_send_sync::<OwnedEvent>();
    assert_send_sync::<Event<'static>>();
    assert_static::<EventBuf>();
    assert_static::<OwnedEvent>();
};

// ---------------------------------------------------------------------------
// Helpers.

#[path = "support/stream_items.rs"]
mod stream_items;
use stream_items::{
    batch_reference as batch_reference_with, canonical, error, ndjson_reference, read_cut, Item,
    Reader,
};

fn read_chunks<R: Reader>(reader: &mut R, input: &[u8], size: usize) -> Vec<Item> {
    let cuts: Vec<usize> = (size..input.len()).step_by(size).collect();
    read_cut(reader, input, &cuts)
}

/// The naive twin for batches: the whole-buffer reader's items.
fn batch_reference(input: &[u8]) -> Vec<Item> {
    batch_reference_with(input, ParseOptions::new())
}

const SMALL_NDJSON: &str = concat!(
    r#"{"specversion":"1.0","id":"a","source":"/s","type":"t","data":{"s":"]}\"{[","n":[1,{"x":"\\"}]}}"#,
    "\n\n  \r\n",
    r#"{"specversion":"1.0","id":"esc\"\u00e9\ud83d\ude00","source":"https:\/\/x","type":"t","ext":5,"flag":true}"#,
    "\r\n",
    r#"{"specversion":"1.0","id":"b","source":"/s","type":"t","datacontenttype":"text/plain","data":"x\ny"}"#,
    "\nnot json\n",
    r#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#,
    "\n",
    r#"{"specversion":"0.3","id":"c","source":"/s","type":"t","datacontentencoding":"base64","data":"Zm9v"}"#,
);

const SMALL_BATCH: &str = concat!(
    " \n[ ",
    r#"{"specversion":"1.0","id":"a","source":"/s","type":"t","data":{"s":"]}\"{[","n":[1,{"x":"\\"}]}}"#,
    " ,\n",
    r#"{"specversion":"1.0","id":"esc\"\u00e9\ud83d\ude00","source":"https:\/\/x","type":"t","ext":5,"flag":true}"#,
    ",",
    r#"{"specversion":"1.0","id":"b","source":"/s","type":"t","datacontenttype":"text/plain","data":"x\ny"}"#,
    "\t]\r\n ",
);

// ---------------------------------------------------------------------------
// Any chunking gives the same items.

#[test]
fn ndjson_every_chunk_size_gives_the_same_items() {
    let input = SMALL_NDJSON.as_bytes();
    let expect = ndjson_reference(input, ParseOptions::new());
    assert_eq!(expect.len(), 6);
    assert!(matches!(
        expect[3],
        Item::Error(ErrorKind::Syntax, 3, _, false)
    ));
    assert!(matches!(
        expect[4],
        Item::Error(ErrorKind::InvalidValue, 4, _, false)
    ));
    for size in 1..=input.len() {
        // The last line has no newline: the last item needs `finish`.
        let got = read_chunks(&mut NdjsonStream::new(), input, size);
        assert_eq!(got, expect, "chunk size {size}");
    }
}

#[test]
fn batch_every_chunk_size_gives_the_same_items() {
    let input = SMALL_BATCH.as_bytes();
    let expect = batch_reference(input);
    assert_eq!(expect.len(), 3);
    for size in 1..=input.len() {
        let got = read_chunks(&mut BatchStream::new(), input, size);
        assert_eq!(got, expect, "chunk size {size}");
    }
}

#[test]
fn generated_corpora_match_the_whole_buffer_readers() {
    for profile in Profile::ALL {
        let nd = corpus::ndjson(profile, 50, 11);
        let expect = ndjson_reference(&nd, ParseOptions::new());
        assert_eq!(expect.len(), 50);
        for size in [1, 7, 64, 1000, 65536] {
            assert_eq!(read_chunks(&mut NdjsonStream::new(), &nd, size), expect);
        }
        let batch = corpus::batch(profile, 50, 11);
        let expect = batch_reference(&batch);
        for size in [1, 7, 64, 1000, 65536] {
            assert_eq!(read_chunks(&mut BatchStream::new(), &batch, size), expect);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn ndjson_any_cuts(seed in 0u64..1000, cuts in prop::collection::vec(0usize..20_000, 0..40)) {
        let input = corpus::ndjson(Profile::Escaped, 8, seed);
        let mut cuts = cuts;
        cuts.sort_unstable();
        let expect = ndjson_reference(&input, ParseOptions::new());
        prop_assert_eq!(read_cut(&mut NdjsonStream::new(), &input, &cuts), expect);
    }

    #[test]
    fn batch_any_cuts(seed in 0u64..1000, cuts in prop::collection::vec(0usize..20_000, 0..40)) {
        let input = corpus::batch(Profile::Medium, 6, seed);
        let mut cuts = cuts;
        cuts.sort_unstable();
        prop_assert_eq!(read_cut(&mut BatchStream::new(), &input, &cuts), batch_reference(&input));
    }

    /// Arbitrary bytes never panic, and chunking never changes the outcome.
    #[test]
    fn arbitrary_input_is_chunking_independent(
        input in prop::collection::vec(prop::sample::select(b"[]{}\",:\\ \n0ab".to_vec()), 0..64),
        size in 1usize..8,
    ) {
        let whole = read_chunks(&mut BatchStream::new(), &input, input.len().max(1));
        prop_assert_eq!(read_chunks(&mut BatchStream::new(), &input, size), whole.clone());
        // BATCH-8 (per element): the whole-buffer reader agrees item by item.
        prop_assert_eq!(batch_reference(&input), whole);
        let whole = read_chunks(&mut NdjsonStream::new(), &input, input.len().max(1));
        prop_assert_eq!(read_chunks(&mut NdjsonStream::new(), &input, size), whole);
    }
}

// ---------------------------------------------------------------------------
// Errors: index, offset, recovery.

const E1: &str = r#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#;
const E03: &str = r#"{"specversion":"0.3","id":"3","source":"/s","type":"t"}"#;

#[test]
fn ndjson_errors_name_the_event_and_skip_the_line() {
    let input = format!("{E1}\n\n{{\"specversion\":\"1.0\",\"id\":1}}\n{E1}\n");
    let mut s = NdjsonStream::new();
    s.feed(input.as_bytes());
    assert!(s.next_event().unwrap().complete().is_some());
    let err = s.next_event().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TypeMismatch);
    assert_eq!(err.index(), 1);
    let line_start = E1.len() as u64 + 2;
    assert_eq!(err.event_offset(), line_start);
    // `"id":1` — the value's offset inside the line, made absolute.
    assert_eq!(err.offset(), line_start + 26);
    assert!(!err.is_fatal());
    assert!(err
        .to_string()
        .starts_with("event 1: attribute \"id\": type mismatch"));
    assert!(err
        .to_string()
        .ends_with(&format!("(at byte {})", line_start + 26)));
    assert!(s.next_event().unwrap().complete().is_some());
    assert!(s.next_event().unwrap().is_partial());
    s.finish();
    assert!(s.next_event().unwrap().is_done());
    assert_eq!(s.lines_read(), 4);
    assert_eq!(s.events_read(), 3);
}

#[test]
fn batch_errors_name_the_element_and_skip_it() {
    // BATCH-8: a bad element is reported with its index; the next is read.
    let input = format!("[{E1}, {{\"id\":\"x\"}}, \"str\", [1,{{}}], tru, {E1}]");
    let mut s = BatchStream::new();
    s.feed(input.as_bytes());
    s.finish();
    let mut items = Vec::new();
    loop {
        match s.next_event() {
            Ok(Status::Complete(e)) => items.push(Ok(e.id().to_string())),
            Ok(Status::Done) => break,
            Ok(Status::Partial) => unreachable!(),
            Err(e) => items.push(Err((e.kind(), e.index(), e.event_offset(), e.is_fatal()))),
        }
    }
    let at = |needle: &str| input.find(needle).unwrap() as u64;
    assert_eq!(
        items,
        vec![
            Ok("1".to_string()),
            Err((ErrorKind::MissingRequired, 1, at("{\"id\":\"x\"}"), false)),
            Err((ErrorKind::TypeMismatch, 2, at("\"str\""), false)),
            Err((ErrorKind::TypeMismatch, 3, at("[1,"), false)),
            Err((ErrorKind::Syntax, 4, at("tru"), false)),
            Ok("1".to_string()),
        ]
    );
}

/// Broken batches, element by element: each case's elements are the
/// expected items (`Ok` an event, `Err((kind, fatal))` an error).
type Expected = Vec<Result<(), (ErrorKind, bool)>>;

fn deep(n: usize) -> String {
    format!("{}{}", "[".repeat(n), "]".repeat(n))
}

fn broken_batches() -> Vec<(String, Expected)> {
    use ErrorKind::*;
    let ev = |data: &str| {
        format!(r#"{{"specversion":"1.0","id":"d","source":"/s","type":"t","data":{data}}}"#)
    };
    vec![
        // Issue 13's case: a depth-limit error inside an element (JSON-5).
        (
            format!("[{},{E1},{E1}]", ev(&deep(200))),
            vec![Err((Limit, false)), Ok(()), Ok(())],
        ),
        // Nested beyond what the boundary scanner tracks: still delimited.
        (
            format!("[{E1},{},{E1}]", ev(&deep(5000))),
            vec![Ok(()), Err((Limit, false)), Ok(())],
        ),
        (
            format!("[{E1},{},{E1}]", deep(3000)),
            vec![Ok(()), Err((TypeMismatch, false)), Ok(())],
        ),
        // JSON syntax errors inside an element whose framing is intact.
        (
            format!("[{},{E1}]", ev("{\"a\":tru}")),
            vec![Err((Syntax, false)), Ok(())],
        ),
        (
            format!("[{},{E1}]", ev("[1,,2]")),
            vec![Err((Syntax, false)), Ok(())],
        ),
        (
            format!("[{},{E1}]", ev("\"bad \\q escape\"")),
            vec![Err((Syntax, false)), Ok(())],
        ),
        (
            format!("[{{\"specversion\" \"1.0\"}},{E1}]"),
            vec![Err((Syntax, false)), Ok(())],
        ),
        (
            format!("[tru,{E1},nul]"),
            vec![Err((Syntax, false)), Ok(()), Err((Syntax, false))],
        ),
        (
            format!("[1x,{E1}]"),
            vec![Err((TypeMismatch, false)), Ok(())],
        ),
        (
            format!("[\"s\",[],{{}},{E1}]"),
            vec![
                Err((TypeMismatch, false)),
                Err((TypeMismatch, false)),
                Err((MissingRequired, false)),
                Ok(()),
            ],
        ),
        // BATCH-4 after an invalid first element.
        (
            format!("[{{}},{E03},{E1},{E03}]"),
            vec![
                Err((MissingRequired, false)),
                Ok(()),
                Err((InvalidValue, false)),
                Ok(()),
            ],
        ),
        // Broken framing ends the batch (after the events before it).
        (format!("[{E1} {E1}]"), vec![Ok(()), Err((Syntax, true))]),
        (format!("[{E1},]"), vec![Ok(()), Err((Syntax, true))]),
        (
            format!("[{E1},{{\"a\":[}}],{E1}]"),
            vec![Ok(()), Err((Syntax, true))],
        ),
        (
            format!("[{E1},{{\"a\":\"x"),
            vec![Ok(()), Err((Syntax, true))],
        ),
        (format!("[{E1}"), vec![Ok(()), Err((Syntax, true))]),
        (format!("[{E1}] x"), vec![Ok(()), Err((Syntax, true))]),
        (format!("[{E1},:]"), vec![Ok(()), Err((Syntax, true))]),
        ("[] x".to_string(), vec![Err((Syntax, true))]),
        ("{}".to_string(), vec![Err((Syntax, true))]),
    ]
}

#[test]
fn batch_8_readers_agree_element_by_element_on_broken_batches() {
    // BATCH-5 (spec.md §Message: the events of a batch are independent),
    // BATCH-8 as amended by issue 13 (formats/json-format.md §4): a bad
    // element is reported with its index and skipped by both readers alike.
    for (input, expected) in broken_batches() {
        let reference = batch_reference(input.as_bytes());
        let shape: Expected = reference
            .iter()
            .map(|i| match i {
                Item::Event(_) => Ok(()),
                Item::Error(kind, _, _, fatal) => Err((*kind, *fatal)),
            })
            .collect();
        assert_eq!(shape, expected, "{input:.200}");
        for size in [1, 2, 3, 7, 64, 4096, input.len().max(1)] {
            let got = read_chunks(&mut BatchStream::new(), input.as_bytes(), size);
            assert_eq!(got, reference, "chunk size {size}: {input:.200}");
        }
    }
}

#[test]
fn batch_8_readers_agree_on_every_one_byte_mutation() {
    // Every deletion and every replacement by a structural byte, at every
    // position of a small batch: thousands of broken inputs, compared item by
    // item (kind, index, offset, fatal) between the two readers.
    let base = format!(
        "[{E1}, {{\"specversion\":\"1.0\",\"id\":\"x\\\"]\",\"source\":\"/s\",\"type\":\"t\",\"data\":{{\"a\":[1,{{}}]}}}},{E03}]"
    );
    let base = base.as_bytes();
    let mut inputs = Vec::new();
    for i in 0..base.len() {
        let mut deleted = base.to_vec();
        deleted.remove(i);
        inputs.push(deleted);
        for &b in b"[]{}\",:\\ 0t" {
            let mut replaced = base.to_vec();
            replaced[i] = b;
            inputs.push(replaced);
        }
    }
    for input in &inputs {
        let reference = batch_reference(input);
        for size in [1, 5, input.len()] {
            let got = read_chunks(&mut BatchStream::new(), input, size);
            assert_eq!(
                got,
                reference,
                "chunk size {size}: {}",
                String::from_utf8_lossy(input)
            );
        }
    }
}

#[test]
fn batch_8_size_limit_is_per_element_in_both_readers() {
    let options = ParseOptions::new().with_max_size(100);
    let big = format!(
        r#"{{"specversion":"1.0","id":"1","source":"/s","type":"t","data":"{}"}}"#,
        "x".repeat(200)
    );
    for input in [
        format!("[{E1},{big},{E1}]"),
        format!("[{E1},{}]", &big[..150]),
        format!("[{E1},{big}"),
    ] {
        let reference = batch_reference_with(input.as_bytes(), options);
        assert!(
            matches!(
                reference[1],
                Item::Error(ErrorKind::Limit, 1, Some(_), false)
            ),
            "{reference:?}"
        );
        for size in [1, 16, input.len()] {
            let got = read_chunks(
                &mut BatchStream::with_options(options),
                input.as_bytes(),
                size,
            );
            assert_eq!(got, reference, "chunk size {size}: {input}");
        }
    }
}

fn batch_items(input: &str) -> Vec<Item> {
    read_chunks(&mut BatchStream::new(), input.as_bytes(), 3)
}

#[test]
fn batch_2_non_arrays_are_fatal_syntax_errors() {
    for input in ["null", "{}", "", "   ", "\u{feff}[]", "42"] {
        let items = batch_items(input);
        assert!(
            matches!(items[..], [Item::Error(ErrorKind::Syntax, 0, _, true)]),
            "{input:?}: {items:?}"
        );
    }
}

#[test]
fn batch_3_empty_arrays() {
    for input in ["[]", " [ \n ] ", "[\t]\n"] {
        assert_eq!(batch_items(input), vec![], "{input:?}");
    }
}

#[test]
fn batch_4_one_specversion_per_batch() {
    let input = format!("[{E1},{E03},{E1}]");
    let items = batch_items(&input);
    assert_eq!(items.len(), 3);
    assert!(matches!(items[0], Item::Event(_)));
    let at = input.find(E03).unwrap() as u64;
    assert_eq!(
        items[1],
        Item::Error(ErrorKind::InvalidValue, 1, Some(at), false)
    );
    assert!(matches!(items[2], Item::Event(_)));
    // The first *valid* event sets the version.
    let input = format!("[{{}},{E03},{E03}]");
    let items = batch_items(&input);
    assert!(matches!(
        items[..],
        [Item::Error(..), Item::Event(_), Item::Event(_)]
    ));
}

#[test]
fn broken_array_structure_is_fatal_and_ends_the_stream() {
    let cases = [
        (format!("[{E1} {E1}]"), ErrorKind::Syntax, "missing comma"),
        (format!("[{E1},]"), ErrorKind::Syntax, "trailing comma"),
        (format!("[,{E1}]"), ErrorKind::Syntax, "leading comma"),
        (
            format!("[{E1}] x"),
            ErrorKind::Syntax,
            "trailing characters",
        ),
        (
            format!("[{E1},{{\"a\":[}}]"),
            ErrorKind::Syntax,
            "mismatched bracket",
        ),
        (format!("[{E1},"), ErrorKind::Syntax, "unclosed array"),
        (
            format!("[{E1},{{\"a\":\"x"),
            ErrorKind::Syntax,
            "unclosed string",
        ),
        (
            format!("[{}", "[".repeat(2000)),
            ErrorKind::Syntax,
            "deep and unclosed",
        ),
    ];
    for (input, kind, what) in cases {
        let items = batch_items(&input);
        let last = items.last().unwrap();
        assert!(
            matches!(last, Item::Error(k, _, _, true) if *k == kind),
            "{what}: {items:?}"
        );
        assert!(
            items[..items.len() - 1]
                .iter()
                .all(|i| matches!(i, Item::Event(_))),
            "{what}: {items:?}"
        );
    }
}

#[test]
fn fatal_error_offsets_point_at_the_problem() {
    let input = format!("[{E1} x]");
    let items = batch_items(&input);
    let at = input.find(" x").unwrap() as u64 + 1;
    assert_eq!(items[1], Item::Error(ErrorKind::Syntax, 1, Some(at), true));
}

// ---------------------------------------------------------------------------
// Size limit: constant memory.

#[test]
fn ndjson_overlong_line_is_a_limit_error_and_is_not_buffered() {
    let options = ParseOptions::new().with_max_size(1000);
    let mut s = NdjsonStream::with_options(options);
    let long = format!(
        "{{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"data\":\"{}\"}}\n",
        "x".repeat(1_000_000)
    );
    let input = format!("{E1}\n{long}{E1}\n");
    let mut items = Vec::new();
    for chunk in input.as_bytes().chunks(100) {
        s.feed(chunk);
        loop {
            match s.next_event() {
                Ok(Status::Complete(e)) => items.push(Ok(e.id().to_string())),
                Ok(_) => break,
                Err(e) => items.push(Err((e.kind(), e.index(), e.event_offset()))),
            }
        }
        assert!(s.capacity() < 4096, "buffer grew to {}", s.capacity());
    }
    s.finish();
    assert!(s.next_event().unwrap().is_done());
    let at = E1.len() as u64 + 1;
    assert_eq!(
        items,
        vec![
            Ok("1".into()),
            Err((ErrorKind::Limit, 1, at)),
            Ok("1".into())
        ]
    );
}

#[test]
fn batch_overlong_element_is_a_limit_error_and_is_not_buffered() {
    let options = ParseOptions::new().with_max_size(1000);
    let mut s = BatchStream::with_options(options);
    let long = format!(
        "{{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"data\":[\"{}\",{{\"a\":\"]\"}}]}}",
        "x]\\\"".repeat(250_000)
    );
    let input = format!("[{E1},{long},{E1}]");
    let mut items = Vec::new();
    for chunk in input.as_bytes().chunks(100) {
        s.feed(chunk);
        loop {
            match s.next_event() {
                Ok(Status::Complete(e)) => items.push(Ok(e.id().to_string())),
                Ok(_) => break,
                Err(e) => items.push(Err((e.kind(), e.index(), e.event_offset(), e.is_fatal()))),
            }
        }
        assert!(s.capacity() < 4096, "buffer grew to {}", s.capacity());
    }
    s.finish();
    assert!(s.next_event().unwrap().is_done());
    let at = E1.len() as u64 + 2;
    assert_eq!(
        items,
        vec![
            Ok("1".into()),
            Err((ErrorKind::Limit, 1, at, false)),
            Ok("1".into())
        ]
    );
}

#[test]
fn a_whole_overlong_event_in_one_chunk_is_a_limit_error_too() {
    let options = ParseOptions::new().with_max_size(40);
    let input = format!("{E1}\n");
    let items = read_chunks(
        &mut NdjsonStream::with_options(options),
        input.as_bytes(),
        1000,
    );
    assert!(matches!(
        items[..],
        [Item::Error(ErrorKind::Limit, 0, Some(0), false)]
    ));
    let input = format!("[{E1}]");
    let items = read_chunks(
        &mut BatchStream::with_options(options),
        input.as_bytes(),
        1000,
    );
    assert!(matches!(
        items[..],
        [Item::Error(ErrorKind::Limit, 0, Some(1), false)]
    ));
}

// ---------------------------------------------------------------------------
// Input adapters.

/// A reader that returns at most `n` bytes per call and sometimes `Interrupted`.
struct Trickle<'a> {
    data: &'a [u8],
    n: usize,
    calls: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.calls += 1;
        if self.calls % 5 == 0 {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        let n = self.n.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn read_all_from<R: Read>(s: &mut NdjsonStream, mut r: R) -> Vec<Item> {
    let mut items = Vec::new();
    loop {
        let partial = match s.next_event() {
            Ok(Status::Complete(e)) => {
                items.push(canonical(&e));
                false
            }
            Ok(Status::Partial) => true,
            Ok(Status::Done) => break,
            Err(e) => {
                items.push(error(&e));
                false
            }
        };
        if partial {
            s.read_from(&mut r).unwrap();
        }
    }
    items
}

#[test]
fn read_from_std_io() {
    let input = corpus::ndjson(Profile::Medium, 40, 3);
    let expect = ndjson_reference(&input, ParseOptions::new());
    for n in [1, 13, 4096, 1 << 20] {
        let mut s = NdjsonStream::new().with_read_size(1000);
        let r = Trickle {
            data: &input,
            n,
            calls: 0,
        };
        assert_eq!(read_all_from(&mut s, r), expect);
        // Bounded by the read size plus one event, whatever the input size.
        assert!(s.capacity() < 16 * 1024, "{}", s.capacity());
    }
}

#[test]
fn feed_buf_takes_every_segment() {
    let input = corpus::batch(Profile::Small, 20, 5);
    let (a, b) = input.split_at(777);
    let mut chain = Bytes::copy_from_slice(a).chain(Bytes::copy_from_slice(b));
    let mut s = BatchStream::new();
    s.feed_buf(&mut chain);
    assert!(!chain.has_remaining());
    s.finish();
    let mut n = 0;
    while let Status::Complete(_) = s.next_event().unwrap() {
        n += 1;
    }
    assert_eq!(n, 20);
}

#[test]
fn read_from_tokio_async_read() {
    let input = corpus::ndjson(Profile::Small, 30, 9);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let count = rt.block_on(async {
        let mut reader: &[u8] = &input;
        let mut s = NdjsonStream::new().with_read_size(100);
        let mut count = 0;
        loop {
            let partial = match s.next_event().unwrap() {
                Status::Complete(_) => {
                    count += 1;
                    false
                }
                Status::Partial => true,
                Status::Done => break,
            };
            if partial {
                s.read_from_async(&mut reader).await.unwrap();
            }
        }
        count
    });
    assert_eq!(count, 30);
}

#[test]
fn reset_reuses_the_reader() {
    let mut s = BatchStream::new();
    let input = corpus::batch(Profile::Small, 5, 1);
    for _ in 0..3 {
        s.reset();
        assert_eq!(read_chunks(&mut s, &input, 50), batch_reference(&input));
        assert_eq!(s.specversion(), Some(SpecVersion::V1_0));
    }
}

// ---------------------------------------------------------------------------
// EventBuf and OwnedEvent.

#[test]
fn event_buf_views_equal_the_parsed_event() {
    for profile in Profile::ALL {
        let nd = corpus::ndjson(profile, 20, 4);
        for line in nd.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let event = Event::from_json(line).unwrap();
            let bytes = Bytes::copy_from_slice(line);
            let buf = EventBuf::from_json(bytes.clone()).unwrap();
            assert_eq!(buf.view(), event);
            // The view's texts are the input's bytes, encodings kept.
            assert_eq!(buf.view().id().raw(), event.id().raw());
            assert_eq!(buf.view().id().encoding(), event.id().encoding());
            assert_eq!(buf.as_bytes().as_ptr(), bytes.as_ptr(), "no copy");
            let copy = EventBuf::from_event(&event).unwrap();
            assert_eq!(copy.view(), event);
            assert_eq!(copy, buf);
            let shared = buf.clone();
            assert_eq!(shared.as_bytes().as_ptr(), bytes.as_ptr(), "clone shares");
        }
    }
}

#[test]
fn event_buf_from_a_binary_mode_event() {
    let event = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"application/octet-stream","data_base64":"AAEC/w=="}"#,
    )
    .unwrap();
    let mut headers = HeaderBuf::new();
    let mut body = Vec::new();
    http::write_binary(&event, &mut headers, &mut body).unwrap();
    let binary = http::read(&headers, &body).unwrap().into_event().unwrap();
    assert!(matches!(binary.data(), Some(Data::Binary(_))));
    let buf = EventBuf::from_event(&binary).unwrap();
    assert_eq!(buf.view(), binary);
    assert!(matches!(buf.view().data(), Some(Data::Base64(_))));
    // Errors from EventBuf::from_json are the parser's.
    let err = EventBuf::from_json(Bytes::from_static(b"{}")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingRequired);
}

#[test]
fn event_buf_crosses_threads() {
    let input = corpus::ndjson(Profile::Medium, 100, 8);
    let bufs: Vec<EventBuf> = input
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| EventBuf::from_json(Bytes::copy_from_slice(l)).unwrap())
        .collect();
    let (tx, rx) = std::sync::mpsc::channel::<EventBuf>();
    let handle = std::thread::spawn(move || {
        rx.iter()
            .map(|b| b.view().id().decoded_len())
            .sum::<usize>()
    });
    let expect: usize = bufs.iter().map(|b| b.view().id().decoded_len()).sum();
    for b in &bufs {
        tx.send(b.clone()).unwrap();
    }
    drop(tx);
    assert_eq!(handle.join().unwrap(), expect);
}

#[test]
fn owned_event_round_trips_and_validates_edits() {
    for profile in Profile::ALL {
        let nd = corpus::ndjson(profile, 10, 2);
        for line in nd.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let event = Event::from_json(line).unwrap();
            let owned = event.clone().into_owned();
            assert_eq!(owned.view(), event);
            let mut out = Vec::new();
            json::write_event(&owned.view(), &mut out);
            assert_eq!(Event::from_json(&out).unwrap(), event);
        }
    }
    let mut e = OwnedEvent::new("1", "/s", "t").unwrap();
    assert_eq!(e.set_id("").unwrap_err().kind(), ErrorKind::InvalidValue);
    assert_eq!(
        e.set_source("not a uri").unwrap_err().kind(),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        e.set_dataschema(Some("/relative".into()))
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidValue
    );
    assert_eq!(
        e.set_extension("Bad", 1).unwrap_err().kind(),
        ErrorKind::InvalidName
    );
    assert_eq!(
        e.set_extension("data", 1).unwrap_err().kind(),
        ErrorKind::InvalidName
    );
    assert_eq!(
        e.set_data(Some(OwnedData::Json("{".into())))
            .unwrap_err()
            .kind(),
        ErrorKind::Syntax
    );
    e.set_extension("n", 5).unwrap();
    e.set_extension("n", true).unwrap();
    e.set_time(Some("2026-01-01T00:00:00Z".into())).unwrap();
    e.set_data(Some(OwnedData::Binary(vec![0, 1, 2, 255])))
        .unwrap();
    assert_eq!(
        e.extensions(),
        &[("n".to_string(), OwnedValue::Boolean(true))]
    );
    let mut out = Vec::new();
    json::write_event(&e.view(), &mut out);
    let back = Event::from_json(&out).unwrap();
    assert_eq!(back, e.view());
    assert_eq!(e.remove_extension("n"), Some(OwnedValue::Boolean(true)));
}

// ---------------------------------------------------------------------------
// BatchProducer.

fn produce(framing: Framing, max_bytes: usize, max_events: usize, n: usize) -> Vec<Bytes> {
    let input = corpus::ndjson(Profile::Medium, n, 6);
    let mut p = BatchProducer::new(framing)
        .max_bytes(max_bytes)
        .max_events(max_events);
    let mut batches = Vec::new();
    for line in input.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        if let Some(b) = p.push(&Event::from_json(line).unwrap()).unwrap() {
            batches.push(b);
        }
    }
    batches.extend(p.flush());
    batches
}

#[test]
fn producer_cuts_batches_by_size_and_count() {
    let n = 200;
    let input = corpus::ndjson(Profile::Medium, n, 6);
    let expect = ndjson_reference(&input, ParseOptions::new());
    for (max_bytes, max_events) in [
        (1 << 20, 10_000),
        (10_000, 10_000),
        (1 << 20, 7),
        (5_000, 3),
    ] {
        for framing in [Framing::Ndjson, Framing::Array] {
            let batches = produce(framing, max_bytes, max_events, n);
            let mut got = Vec::new();
            for b in &batches {
                assert!(b.len() <= max_bytes, "{} > {max_bytes}", b.len());
                let items = match framing {
                    Framing::Ndjson => ndjson_reference(b, ParseOptions::new()),
                    _ => batch_reference(b),
                };
                assert!(!items.is_empty() && items.len() <= max_events);
                got.extend(items);
            }
            assert_eq!(got, expect, "{framing:?} {max_bytes} {max_events}");
        }
    }
}

#[test]
fn producer_limits_and_batch_4() {
    let e1 = Event::from_json(E1.as_bytes()).unwrap();
    let e03 = Event::from_json(E03.as_bytes()).unwrap();
    let mut p = BatchProducer::new(Framing::Array).max_bytes(40);
    assert_eq!(p.push(&e1).unwrap_err().kind(), ErrorKind::Limit);
    assert!(p.is_empty() && p.buffered_bytes() == 0);
    let mut p = BatchProducer::new(Framing::Array);
    p.push(&e1).unwrap();
    assert_eq!(p.push(&e03).unwrap_err().kind(), ErrorKind::InvalidValue);
    let batch = p.flush().unwrap();
    assert_eq!(&batch[..], format!("[{E1}]").as_bytes());
    // A new batch may have another version.
    p.push(&e03).unwrap();
    assert_eq!(&p.flush().unwrap()[..], format!("[{E03}]").as_bytes());
    assert!(p.flush().is_none());
}
