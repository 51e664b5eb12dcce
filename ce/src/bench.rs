//! `ce bench`: measures this library's own paths on generated events and
//! prints a table. No peers, no files: the corpus is generated in memory.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cloudevents_codec::cesql::Expression;
use cloudevents_codec::json::{self, BatchReader, NdjsonReader};
use cloudevents_codec::{Data, Event, Value};
use cloudevents_codec_corpus::{self as corpus, Profile};

use crate::alloc_count;

/// Events per generated corpus.
const CORPUS: usize = 1000;

struct Row {
    profile: &'static str,
    operation: &'static str,
    events: u64,
    bytes: u64,
    elapsed: Duration,
    allocations: u64,
}

/// Runs `pass` (one pass over the corpus, returning (events, bytes, checksum))
/// until `budget` has elapsed, after one warm-up pass.
fn measure(
    profile: &'static str,
    operation: &'static str,
    budget: Duration,
    mut pass: impl FnMut() -> (u64, u64, u64),
) -> Row {
    black_box(pass());
    let (mut events, mut bytes) = (0u64, 0u64);
    let allocs_before = alloc_count();
    let start = Instant::now();
    loop {
        let (e, b, sum) = pass();
        black_box(sum);
        events += e;
        bytes += b;
        if start.elapsed() >= budget {
            break;
        }
    }
    Row {
        profile,
        operation,
        events,
        bytes,
        elapsed: start.elapsed(),
        allocations: alloc_count() - allocs_before,
    }
}

/// Reads every attribute of an event, the way a consumer would; returns a
/// checksum so the work cannot be optimized away.
fn touch(e: &Event<'_>) -> u64 {
    let mut n = (e.id().raw().len() + e.source().raw().len() + e.ty().raw().len()) as u64;
    n += e.time().map_or(0, |t| t.raw().len() as u64);
    for ext in e.extensions() {
        // Wrapping: negative integers are large as u64.
        n = n.wrapping_add(match ext.value() {
            Value::Integer(i) => i64::from(i) as u64,
            Value::Boolean(b) => u64::from(b),
            Value::String(t) => t.raw().len() as u64,
            _ => 0,
        });
    }
    if let Some(Data::Json(d)) = e.data() {
        n = n.wrapping_add(d.len() as u64);
    }
    n
}

fn lines(ndjson: &[u8]) -> Vec<&[u8]> {
    ndjson
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect()
}

fn bench_profile(profile: Profile, budget: Duration, rows: &mut Vec<Row>) {
    let name = profile.as_str();
    let ndjson = corpus::ndjson(profile, CORPUS, 1);
    let batch = corpus::batch(profile, CORPUS, 1);
    let events = lines(&ndjson);
    let total: u64 = events.iter().map(|l| l.len() as u64).sum();
    let n = events.len() as u64;

    rows.push(measure(name, "parse", budget, || {
        let mut sum = 0;
        for line in &events {
            let e = Event::from_json(line).expect("generated events are valid");
            sum += e.id().raw().len() as u64;
        }
        (n, total, sum)
    }));
    rows.push(measure(name, "parse + read all", budget, || {
        let mut sum = 0;
        for line in &events {
            sum = touch(&Event::from_json(line).expect("valid")).wrapping_add(sum);
        }
        (n, total, sum)
    }));
    let parsed: Vec<Event<'_>> = events
        .iter()
        .map(|l| Event::from_json(l).expect("valid"))
        .collect();
    let mut out = Vec::with_capacity(ndjson.len() + 1024);
    rows.push(measure(name, "write (warm buffer)", budget, || {
        out.clear();
        for e in &parsed {
            json::write_event(e, &mut out);
        }
        (n, out.len() as u64, out.len() as u64)
    }));
    rows.push(measure(name, "ndjson stream parse", budget, || {
        let mut sum = 0;
        for (_, e) in NdjsonReader::new(&ndjson) {
            sum += e.expect("valid").id().raw().len() as u64;
        }
        (n, ndjson.len() as u64, sum)
    }));
    rows.push(measure(name, "batch parse", budget, || {
        let mut sum = 0;
        for e in BatchReader::new(&batch).expect("valid batch") {
            sum += e.expect("valid").id().raw().len() as u64;
        }
        (n, batch.len() as u64, sum)
    }));
    let mut out = Vec::with_capacity(ndjson.len() + 1024);
    rows.push(measure(name, "transcode ndjson -> batch", budget, || {
        out.clear();
        let mut w = json::BatchWriter::new(&mut out);
        for (_, e) in NdjsonReader::new(&ndjson) {
            w.push(&e.expect("valid")).expect("one specversion");
        }
        w.finish();
        (n, ndjson.len() as u64, out.len() as u64)
    }));
    let filter = Expression::parse("type LIKE 'com.example.%' AND EXISTS id AND source LIKE '/%'")
        .expect("valid expression");
    rows.push(measure(
        name,
        "cesql filter (parsed events)",
        budget,
        || {
            let mut sum = 0;
            for e in &parsed {
                sum += u64::from(filter.matches(e));
            }
            (n, 0, sum)
        },
    ));
}

pub fn run(profile: Option<Profile>, seconds: f64) -> u8 {
    let profiles: Vec<Profile> = match profile {
        Some(p) => vec![p],
        None => Profile::ALL.to_vec(),
    };
    let ops_per_profile = 7.0;
    let budget = Duration::from_secs_f64(
        (seconds / (profiles.len() as f64 * ops_per_profile)).clamp(0.01, 60.0),
    );
    eprintln!(
        "ce bench: {} event(s) per profile, {:.2} s per operation, release build recommended",
        CORPUS,
        budget.as_secs_f64()
    );
    let mut rows = Vec::new();
    for p in profiles {
        bench_profile(p, budget, &mut rows);
    }
    println!(
        "{:<8} {:<30} {:>14} {:>10} {:>10} {:>12}",
        "profile", "operation", "events/s", "MB/s", "ns/event", "allocs/event"
    );
    for r in &rows {
        let secs = r.elapsed.as_secs_f64();
        let eps = r.events as f64 / secs;
        let mbs = r.bytes as f64 / secs / 1e6;
        let ns = secs * 1e9 / r.events as f64;
        let allocs = r.allocations as f64 / r.events as f64;
        let mbs = if r.bytes == 0 {
            "-".to_string()
        } else {
            format!("{mbs:.1}")
        };
        println!(
            "{:<8} {:<30} {:>14.0} {:>10} {:>10.1} {:>12.3}",
            r.profile, r.operation, eps, mbs, ns, allocs
        );
    }
    0
}
