//! No per-event allocation in the append path: a counting global allocator
//! (the library's, shared with its own zero-allocation tests) counts what
//! appending costs once the builder is warm.

#[path = "../../tests/support/counting_alloc.rs"]
mod counting_alloc;
mod support;

use cloudevents_codec::json::NdjsonReader;
use cloudevents_codec::Event;
use cloudevents_codec_arrow::{BatchOptions, EventBatchBuilder, ExtensionType};
use counting_alloc::allocations;
use support::corpus;

/// Allocations of appending `events` to `builder` (without finishing).
fn append_allocations(builder: &mut EventBatchBuilder, events: &[Event<'_>]) -> usize {
    allocations(|| {
        for e in events {
            builder.append(e).unwrap();
        }
    })
}

fn parse(input: &[u8]) -> Vec<Event<'_>> {
    NdjsonReader::new(input).map(|(_, e)| e.unwrap()).collect()
}

/// The growable buffers of a batch with two promoted extensions (one
/// String, one Integer), each of which may double when a batch outgrows the
/// capacity the previous one left:
/// - `specversion`, `data_kind`: keys, validity (2 + 2);
/// - `id`, `dataschema`, `subject`, `time_text`, `data`: offsets, bytes,
///   validity (5 × 3);
/// - `source`, `type`, `datacontenttype` (Arrow's dictionary builder): keys,
///   key validity, value offsets, value bytes, hash table (3 × 5);
/// - `time`, `time_offset`: values, validity (2 + 2);
/// - `extensions`: entry offsets; keys (offsets, bytes, validity); value
///   validity; `string` (3), `integer` (2), `boolean` (2), `map` (3): 15;
/// - the promoted columns: 3 + 2.
const BUFFERS: usize = 4 + 15 + 15 + 4 + 15 + 5;

#[test]
fn warm_appends_allocate_only_for_buffer_growth() {
    for profile in corpus::Profile::ALL {
        // 10,000 events per batch; 1,000 of the 17 KB `large` ones.
        let n = match profile {
            corpus::Profile::Large => 1_000,
            _ => 10_000,
        };
        let input = corpus::ndjson(profile, 2 * n, 77);
        let events = parse(&input);
        let options = BatchOptions::new()
            .batch_size(1_000_000)
            .max_batch_bytes(cloudevents_codec_arrow::MAX_BATCH_BYTES_LIMIT)
            .promote("seqno", ExtensionType::Integer)
            .promote("deviceid", ExtensionType::String);
        let mut builder = EventBatchBuilder::try_new(options).unwrap();
        // Warm: one batch of n events sizes the buffers of the next.
        let cold = append_allocations(&mut builder, &events[..n]);
        builder.finish().unwrap();
        let warm = append_allocations(&mut builder, &events[n..]);
        builder.finish().unwrap();
        // Twice the events in a batch sized for n: each buffer doubles
        // at most once more.
        let warm_twice = append_allocations(&mut builder, &events);
        builder.finish().unwrap();
        eprintln!(
            "{profile}: {n} events cold {cold}, warm {warm}; {} warm {warm_twice}",
            2 * n
        );
        // Far fewer than one allocation per event: a batch like the last
        // one doubles each buffer at most once; twice the events, once more.
        assert!(warm <= BUFFERS, "{profile}: {warm}");
        assert!(warm_twice <= warm + BUFFERS, "{profile}: {warm_twice}");
    }
}

#[test]
fn large_batches_allocate_logarithmically() {
    // A cold builder: every buffer grows by doubling from empty, so the
    // count grows with log(events), not with the events.
    let input = corpus::ndjson(corpus::Profile::Small, 64_000, 3);
    let events = parse(&input);
    let counts: Vec<usize> = [1_000, 8_000, 64_000]
        .iter()
        .map(|&n| {
            let mut builder =
                EventBatchBuilder::try_new(BatchOptions::new().batch_size(1_000_000)).unwrap();
            append_allocations(&mut builder, &events[..n])
        })
        .collect();
    eprintln!("cold: {counts:?} for 1k, 8k, 64k events");
    // Eight times the events: each buffer doubles three more times.
    assert!(counts[1] <= counts[0] + 3 * BUFFERS, "{counts:?}");
    assert!(counts[2] <= counts[1] + 3 * BUFFERS, "{counts:?}");
    assert!(counts[2] < 64_000 / 100, "{counts:?}");
}
