//! Zero-allocation claims for the pipeline types, proven with a counting
//! global allocator (the pattern of `tests/alloc.rs`): the incremental readers
//! once warm, `EventBuf::view`, `OwnedEvent::view`, and a warm
//! `BatchProducer` whose batches the consumer drops.

use bytes::Bytes;
use cloudevents_codec::stream::{BatchProducer, BatchStream, Framing, NdjsonStream, Status};
use cloudevents_codec::{Event, EventBuf};
use cloudevents_codec_corpus::{self as corpus, Profile};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocations;

fn touch(e: &Event<'_>) -> usize {
    e.id().decoded_len()
        + e.source().decoded_len()
        + e.extensions().len()
        + e.data().and_then(|d| d.as_bytes()).map_or(0, <[u8]>::len)
}

#[test]
fn ndjson_stream_allocates_nothing_once_warm() {
    for profile in Profile::ALL {
        let input = corpus::ndjson(profile, 200, 1);
        let mut s = NdjsonStream::new();
        let run = |s: &mut NdjsonStream| {
            s.reset();
            let mut n = 0;
            for chunk in input.chunks(1000) {
                s.feed(chunk);
                while let Status::Complete(e) = s.next_event().unwrap() {
                    n += touch(&e);
                }
            }
            s.finish();
            assert!(s.next_event().unwrap().is_done());
            n
        };
        run(&mut s);
        let mut sum = 0;
        let count = allocations(|| sum = run(&mut s));
        assert!(sum > 0);
        assert_eq!(count, 0, "{profile}: allocations for 200 events");
    }
}

#[test]
fn batch_stream_allocates_nothing_once_warm() {
    for profile in Profile::ALL {
        let input = corpus::batch(profile, 200, 1);
        let mut s = BatchStream::new();
        let run = |s: &mut BatchStream| {
            s.reset();
            let mut n = 0;
            for chunk in input.chunks(777) {
                s.feed(chunk);
                while let Status::Complete(e) = s.next_event().unwrap() {
                    n += touch(&e);
                }
            }
            s.finish();
            assert!(s.next_event().unwrap().is_done());
            n
        };
        run(&mut s);
        let mut sum = 0;
        let count = allocations(|| sum = run(&mut s));
        assert!(sum > 0);
        assert_eq!(count, 0, "{profile}: allocations for 200 elements");
    }
}

#[test]
fn read_from_allocates_nothing_once_warm() {
    let input = corpus::ndjson(Profile::Medium, 300, 2);
    let mut s = NdjsonStream::new().with_read_size(4096);
    let run = |s: &mut NdjsonStream| {
        s.reset();
        let mut reader = &input[..];
        let mut n = 0;
        loop {
            let partial = match s.next_event().unwrap() {
                Status::Complete(e) => {
                    n += touch(&e);
                    false
                }
                Status::Partial => true,
                Status::Done => break,
            };
            if partial {
                s.read_from(&mut reader).unwrap();
            }
        }
        n
    };
    run(&mut s);
    let count = allocations(|| {
        run(&mut s);
    });
    assert_eq!(count, 0);
}

#[test]
fn event_buf_view_allocates_nothing() {
    for profile in Profile::ALL {
        let input = corpus::ndjson(profile, 20, 3);
        let bufs: Vec<EventBuf> = input
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| EventBuf::from_json(Bytes::copy_from_slice(l)).unwrap())
            .collect();
        let owned: Vec<_> = bufs.iter().map(|b| b.view().clone().into_owned()).collect();
        let mut sum = 0;
        let count = allocations(|| {
            for _ in 0..10 {
                for b in &bufs {
                    sum += touch(&b.view());
                }
                for o in &owned {
                    sum += touch(&o.view());
                }
            }
        });
        assert!(sum > 0);
        assert_eq!(count, 0, "{profile}");
    }
}

#[test]
fn warm_producer_reuses_its_buffer() {
    let input = corpus::ndjson(Profile::Small, 2000, 4);
    let lines: Vec<&[u8]> = input
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    for framing in [Framing::Ndjson, Framing::Array] {
        let mut p = BatchProducer::new(framing).max_bytes(64 * 1024);
        let run = |p: &mut BatchProducer| {
            let mut bytes = 0;
            for line in &lines {
                let e = Event::from_json(line).unwrap();
                if let Some(batch) = p.push(&e).unwrap() {
                    // The consumer sends the batch and drops it.
                    bytes += batch.len();
                }
            }
            bytes += p.flush().map_or(0, |b| b.len());
            bytes
        };
        run(&mut p);
        let mut total = 0;
        let count = allocations(|| total = run(&mut p));
        assert!(total > 0);
        assert_eq!(count, 0, "{framing:?}");
    }
}
