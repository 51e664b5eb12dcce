//! Async framing (issue 15 item 3): the `tokio_util::codec` decoders and
//! encoders (`NdjsonCodec`, `BatchCodec`) and `EventStream` over any
//! `AsyncRead`. Fed in chunks of every size (1 byte to 4 KiB, with
//! `Pending` between reads, and through `tokio::io::duplex`), the async
//! readers give exactly the items of the synchronous readers
//! (`tests/support/stream_items.rs`): the same events, the same errors at
//! the same indexes and offsets, skipped alike, and the same fatal end of
//! a broken batch.
#![cfg(feature = "tokio-util")]

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
#[path = "support/stream_items.rs"]
mod stream_items;

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::BytesMut;
use cloudevents_codec::stream::{
    BatchCodec, BatchEnd, BatchStream, Decoded, EventStream, NdjsonCodec, NdjsonStream,
};
use cloudevents_codec::{ErrorKind, Event, EventBuf, ParseOptions};
use cloudevents_codec_corpus::{self as corpus, Profile};
use futures_util::{SinkExt, StreamExt};
use stream_items::{canonical, error, read_cut, Item};
use tokio::io::{AsyncRead, AsyncWriteExt, ReadBuf};
use tokio_util::codec::{Decoder, Encoder, FramedWrite};

/// An `AsyncRead` that hands out `input` in pieces whose sizes cycle
/// through a pseudo-random sequence in `1..=max_chunk`, and answers
/// `Pending` (waking itself) before every other piece.
struct Chunked {
    input: Vec<u8>,
    at: usize,
    max_chunk: usize,
    seed: u64,
    pending: bool,
}

impl Chunked {
    fn new(input: &[u8], max_chunk: usize) -> Self {
        Chunked {
            input: input.to_vec(),
            at: 0,
            max_chunk,
            seed: 0x9e37_79b9_7f4a_7c15 ^ max_chunk as u64,
            pending: false,
        }
    }
}

impl AsyncRead for Chunked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.pending = !self.pending;
        if self.pending {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        // xorshift: deterministic piece sizes.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let size = 1 + (self.seed % self.max_chunk as u64) as usize;
        let n = size.min(buf.remaining()).min(self.input.len() - self.at);
        let at = self.at;
        buf.put_slice(&self.input[at..at + n]);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

fn item(decoded: Decoded) -> Item {
    match decoded {
        Ok(event) => canonical(&event.view()),
        Err(e) => error(&e),
    }
}

/// Every item of an event stream; a reader error fails the test.
async fn collect<R, D>(mut stream: EventStream<R, D>) -> Vec<Item>
where
    R: AsyncRead + Unpin,
    D: Decoder<Item = Decoded, Error = io::Error> + Unpin,
{
    let mut items = Vec::new();
    while let Some(next) = stream.next().await {
        items.push(item(next.expect("the reader does not fail")));
    }
    items
}

const CHUNKS: [usize; 6] = [1, 2, 3, 17, 512, 4096];

fn ndjson_inputs() -> Vec<(Vec<u8>, ParseOptions)> {
    let mut inputs = Vec::new();
    let small = concat!(
        r#"{"specversion":"1.0","id":"a","source":"/s","type":"t","data":{"s":"]}\"{[","n":[1,{"x":"\\"}]}}"#,
        "\n\n  \r\n",
        r#"{"specversion":"1.0","id":"esc\"\u00e9\ud83d\ude00","source":"https:\/\/x","type":"t","ext":5,"flag":true}"#,
        "\r\nnot json\n\u{00e9}\u{7f}\n",
        r#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#,
        "\n",
        r#"{"specversion":"1.0","id":"b","source":"/s","type":"t","datacontenttype":"text/plain","data":"x\ny"}"#,
        "\n",
        r#"{"specversion":"0.3","id":"c","source":"/s","type":"t","datacontentencoding":"base64","data":"Zm9v"}"#,
    );
    let mut small = small.as_bytes().to_vec();
    // A line that is not UTF-8.
    small.extend_from_slice(b"\n{\"specversion\":\"1.0\",\"id\":\"\xff\"}\n");
    inputs.push((small, ParseOptions::new()));
    // Over-long lines among valid ones, one of them the last line.
    let event = r#"{"specversion":"1.0","id":"ok","source":"/s","type":"t"}"#;
    let long = format!(
        r#"{{"specversion":"1.0","id":"long","source":"/s","type":"t","data":"{}"}}"#,
        "x".repeat(300)
    );
    let mixed = format!("{event}\n{long}\n{event}\n\n{long}\n{event}\n{long}");
    inputs.push((mixed.into_bytes(), ParseOptions::new().with_max_size(200)));
    for profile in Profile::ALL {
        let mut nd = corpus::ndjson(profile, 40, 3);
        nd.extend_from_slice(b"{\"specversion\":\"1.0\"}\n[]\n");
        nd.extend_from_slice(&corpus::ndjson(profile, 10, 4));
        inputs.push((nd, ParseOptions::new()));
    }
    inputs
}

fn batch_inputs() -> Vec<(Vec<u8>, ParseOptions)> {
    const E1: &str = r#"{"specversion":"1.0","id":"e","source":"/s","type":"t"}"#;
    const E03: &str = r#"{"specversion":"0.3","id":"e","source":"/s","type":"t"}"#;
    let long = format!(
        r#"{{"specversion":"1.0","id":"long","source":"/s","type":"t","data":"{}"}}"#,
        "x".repeat(300)
    );
    let mut inputs: Vec<(String, ParseOptions)> = vec![
        (
            format!(" \n[ {E1} ,\n{E1},{E1}\t]\r\n "),
            ParseOptions::new(),
        ),
        ("[]".into(), ParseOptions::new()),
        (format!("[{{}},{E03},{E1},{E03}]"), ParseOptions::new()),
        (
            format!("[tru,{E1},nul, 42, \"s\", [1]]"),
            ParseOptions::new(),
        ),
        (
            format!("[{E1},{long},{E1},{long}]"),
            ParseOptions::new().with_max_size(200),
        ),
        // Broken framing: fatal, and nothing after it.
        (format!("[{E1} {E1}]"), ParseOptions::new()),
        (format!("[{E1},]"), ParseOptions::new()),
        (format!("[{E1},{{\"a\":[}}],{E1}]"), ParseOptions::new()),
        (format!("[{E1},{{\"a\":\"x"), ParseOptions::new()),
        (format!("[{E1}"), ParseOptions::new()),
        (format!("[{E1}] x {E1}"), ParseOptions::new()),
        ("{}".into(), ParseOptions::new()),
        (String::new(), ParseOptions::new()),
    ];
    for profile in Profile::ALL {
        let batch = String::from_utf8(corpus::batch(profile, 40, 5)).unwrap();
        inputs.push((batch, ParseOptions::new()));
    }
    inputs
        .into_iter()
        .map(|(s, o)| (s.into_bytes(), o))
        .collect()
}

#[tokio::test]
async fn ndjson_event_stream_matches_the_sync_reader_item_for_item() {
    for (input, options) in ndjson_inputs() {
        let expect = read_cut(&mut NdjsonStream::with_options(options), &input, &[]);
        assert!(expect.iter().any(|i| matches!(i, Item::Event(_))));
        for max_chunk in CHUNKS {
            let stream = EventStream::new(
                Chunked::new(&input, max_chunk),
                NdjsonCodec::with_options(options),
            );
            assert_eq!(collect(stream).await, expect, "chunks up to {max_chunk}");
        }
    }
}

#[tokio::test]
async fn batch_event_stream_matches_the_sync_reader_item_for_item() {
    for (input, options) in batch_inputs() {
        let expect = read_cut(&mut BatchStream::with_options(options), &input, &[]);
        for max_chunk in CHUNKS {
            let stream = EventStream::new(
                Chunked::new(&input, max_chunk),
                BatchCodec::with_options(options),
            );
            assert_eq!(
                collect(stream).await,
                expect,
                "chunks up to {max_chunk}: {}",
                String::from_utf8_lossy(&input)
            );
        }
    }
}

// A real pipe: a writer task sends the input in pieces while the stream
// reads the other end.
#[tokio::test]
async fn event_stream_reads_a_duplex_pipe() {
    let input = corpus::ndjson(Profile::Mixed, 300, 9);
    let expect = read_cut(&mut NdjsonStream::new(), &input, &[]);
    let (mut write, read) = tokio::io::duplex(100);
    let sent = input.clone();
    let writer = tokio::spawn(async move {
        for (i, piece) in sent.chunks(77).enumerate() {
            write.write_all(piece).await.unwrap();
            if i % 5 == 0 {
                tokio::task::yield_now().await;
            }
        }
        // Dropping the writer is the end of the input.
    });
    let got = collect(EventStream::ndjson(read)).await;
    writer.await.unwrap();
    assert_eq!(got.len(), 300);
    assert_eq!(got, expect);
}

// The event's bytes are split off the read buffer: the `EventBuf` points
// into the buffer's allocation.
#[test]
fn decoded_events_are_split_off_the_read_buffer() {
    let a = r#"{"specversion":"1.0","id":"a","source":"/s","type":"t"}"#;
    let b = r#"{"specversion":"1.0","id":"b","source":"/s","type":"t"}"#;
    let mut buf = BytesMut::with_capacity(1024);
    buf.extend_from_slice(format!("\n{a}\r\n{b}").as_bytes());
    let base = buf.as_ptr() as usize;
    let mut codec = NdjsonCodec::new();
    let first = codec.decode(&mut buf).unwrap().unwrap().unwrap();
    assert_eq!(first.as_bytes().as_ptr() as usize, base + 1);
    assert_eq!(&first.as_bytes()[..], a.as_bytes(), "without the newline");
    assert!(
        codec.decode(&mut buf).unwrap().is_none(),
        "b has no newline yet"
    );
    let second = codec.decode_eof(&mut buf).unwrap().unwrap().unwrap();
    assert_eq!(second.as_bytes().as_ptr() as usize, base + 1 + a.len() + 2);
    assert!(codec.decode_eof(&mut buf).unwrap().is_none());
    assert_eq!(codec.events_read(), 2);
    assert_eq!(codec.position(), (1 + a.len() + 2 + b.len()) as u64);

    let mut buf = BytesMut::from(format!("[{a}, {b}]").as_bytes());
    let base = buf.as_ptr() as usize;
    let mut codec = BatchCodec::new();
    let first = codec.decode(&mut buf).unwrap().unwrap().unwrap();
    assert_eq!(first.as_bytes().as_ptr() as usize, base + 1);
    let second = codec.decode(&mut buf).unwrap().unwrap().unwrap();
    assert_eq!(second.as_bytes().as_ptr() as usize, base + 1 + a.len() + 2);
    assert!(codec.decode_eof(&mut buf).unwrap().is_none());
}

/// A reader of `len` bytes of `x` (no newline) followed by `tail`,
/// produced as read: the input is never in memory.
struct Flood {
    left: usize,
    tail: &'static [u8],
}

impl AsyncRead for Flood {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.left > 0 {
            let n = self.left.min(buf.remaining()).min(64 * 1024);
            buf.put_slice(&vec![b'x'; n]);
            self.left -= n;
        } else {
            let n = self.tail.len().min(buf.remaining());
            let tail = self.tail;
            buf.put_slice(&tail[..n]);
            self.tail = &tail[n..];
        }
        Poll::Ready(Ok(()))
    }
}

// Bounded memory: a 64 MiB line is reported as soon as the limit is
// buffered and dropped as it arrives; the read buffer stays near the limit.
#[tokio::test]
async fn an_endless_line_does_not_grow_the_read_buffer() {
    const LIMIT: usize = 64 * 1024;
    let tail: &[u8] =
        b"\n{\"specversion\":\"1.0\",\"id\":\"after\",\"source\":\"/s\",\"type\":\"t\"}\n";
    let reader = Flood {
        left: 64 << 20,
        tail,
    };
    let mut stream = EventStream::new(
        reader,
        NdjsonCodec::with_options(ParseOptions::new().with_max_size(LIMIT)),
    );
    let first = stream.next().await.unwrap().unwrap().unwrap_err();
    assert_eq!(
        (first.kind(), first.index(), first.offset()),
        (ErrorKind::Limit, 0, 0)
    );
    let after = stream.next().await.unwrap().unwrap().unwrap();
    assert!(after.view().id() == "after");
    assert!(stream.next().await.is_none());
    let capacity = stream.read_buffer().capacity();
    assert!(
        capacity <= 4 * LIMIT,
        "read buffer grew to {capacity} bytes"
    );
    assert_eq!(stream.codec().position(), (64 << 20) + tail.len() as u64);
}

// A fatal error ends the stream: the rest of the input is not read.
#[tokio::test]
async fn a_broken_batch_ends_the_event_stream() {
    let e1 = r#"{"specversion":"1.0","id":"e","source":"/s","type":"t"}"#;
    let input = format!("[{e1} {e1}]");
    let reader = Flood {
        left: 0,
        tail: Box::leak(input.into_bytes().into_boxed_slice()),
    };
    let mut stream = EventStream::batch(reader);
    assert!(stream.next().await.unwrap().unwrap().is_ok());
    let fatal = stream.next().await.unwrap().unwrap().unwrap_err();
    assert!(fatal.is_fatal());
    assert!(stream.next().await.is_none());
}

fn test_events() -> Vec<Event<'static>> {
    corpus::ndjson(Profile::Mixed, 50, 21)
        .leak()
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| Event::from_json(l).unwrap())
        .collect()
}

// Encoding through a FramedWrite, decoding through an EventStream.
#[tokio::test]
async fn ndjson_codec_round_trips_through_a_pipe() {
    let events = test_events();
    let (write, read) = tokio::io::duplex(256);
    let sent = events.clone();
    let writer = tokio::spawn(async move {
        let mut sink = FramedWrite::new(write, NdjsonCodec::new());
        for (i, e) in sent.iter().enumerate() {
            if i % 2 == 0 {
                sink.send(e).await.unwrap();
            } else {
                sink.send(EventBuf::from_event(e).unwrap()).await.unwrap();
            }
        }
        // Several item types: `close` is told which sink it closes.
        SinkExt::<EventBuf>::close(&mut sink).await.unwrap();
    });
    let mut stream = EventStream::ndjson(read);
    let mut got = Vec::new();
    while let Some(next) = stream.next().await {
        got.push(next.unwrap().unwrap());
    }
    writer.await.unwrap();
    assert_eq!(got.len(), events.len());
    for (g, e) in got.iter().zip(&events) {
        assert_eq!(&g.view(), e);
    }
}

// BATCH-4, BATCH-9: one array per `BatchEnd`, one specversion per array.
#[test]
fn batch_codec_encodes_arrays() {
    let events = test_events();
    let mut codec = BatchCodec::new();
    let mut buf = BytesMut::new();
    codec.encode(BatchEnd, &mut buf).unwrap();
    assert_eq!(&buf[..], b"[]");
    buf.clear();
    for e in &events {
        codec.encode(e, &mut buf).unwrap();
    }
    codec.encode(BatchEnd, &mut buf).unwrap();
    let reader = cloudevents_codec::json::BatchReader::new(&buf).unwrap();
    let back: Vec<Event<'_>> = reader.map(Result::unwrap).collect();
    assert_eq!(back, events);

    let v03 =
        Event::from_json(br#"{"specversion":"0.3","id":"1","source":"/s","type":"t"}"#).unwrap();
    let mut buf = BytesMut::new();
    codec.encode(&events[0], &mut buf).unwrap();
    let err = codec.encode(&v03, &mut buf).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    codec.encode(BatchEnd, &mut buf).unwrap();
    // After the end, a new array may hold another version.
    codec.encode(v03.clone(), &mut buf).unwrap();
    codec.encode(BatchEnd, &mut buf).unwrap();
    assert!(buf.ends_with(b"}]"));
}

// What decoding costs: one allocation per event (its shared positions);
// the bytes are not copied. (The buffer's first split makes its storage
// shareable: one allocation, once.)
#[test]
fn decoding_allocates_one_block_per_event() {
    let input = corpus::ndjson_with(
        Profile::Mixed,
        100,
        2,
        &corpus::Options::new().max_extensions(cloudevents_codec::INLINE_EXTENSIONS as u8),
    );
    let mut buf = BytesMut::from(&input[..]);
    let mut codec = NdjsonCodec::new();
    let mut kept = Vec::with_capacity(100);
    let first = counting_alloc::allocations(|| {
        kept.push(codec.decode(&mut buf).unwrap().unwrap().unwrap());
    });
    assert_eq!(first, 2);
    for _ in 1..100 {
        let n = counting_alloc::allocations(|| {
            kept.push(codec.decode(&mut buf).unwrap().unwrap().unwrap());
        });
        assert_eq!(n, 1);
    }
    assert!(codec.decode_eof(&mut buf).unwrap().is_none());
    let n = counting_alloc::allocations(|| {
        for e in &kept {
            assert!(!e.view().id().raw().is_empty());
        }
    });
    assert_eq!(n, 0, "views");
}
