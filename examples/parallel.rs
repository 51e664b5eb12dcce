//! Parses a large NDJSON buffer on every core: the buffer is split at line
//! boundaries into one slice per thread (`std::thread::scope`), each thread
//! parses its slice with the borrowing parser, and the per-thread results
//! are combined. Prints the speed-up over one thread.
//!
//! Run: `cargo run --release --example parallel -- [EVENTS] [THREADS]`
//! (defaults: 200 000 events, all cores).

use std::time::Instant;

use cloudevents_codec::json::NdjsonReader;
use cloudevents_codec_corpus::{self as corpus, Profile};

/// Per-slice result: events, invalid events, a checksum of the ids.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
struct Tally {
    events: usize,
    invalid: usize,
    id_bytes: usize,
}

fn parse(slice: &[u8]) -> Tally {
    let mut t = Tally::default();
    for (_, result) in NdjsonReader::new(slice) {
        match result {
            Ok(event) => {
                t.events += 1;
                t.id_bytes += event.id().decoded_len();
            }
            Err(_) => t.invalid += 1,
        }
    }
    t
}

/// Splits `input` into about `parts` slices, each ending after a `\n`.
fn split_lines(input: &[u8], parts: usize) -> Vec<&[u8]> {
    let mut slices = Vec::with_capacity(parts);
    let mut rest = input;
    for i in (1..=parts).rev() {
        if i == 1 || rest.is_empty() {
            slices.push(rest);
            break;
        }
        let target = rest.len() / i;
        let cut = match memchr_newline(&rest[target..]) {
            Some(n) => target + n + 1,
            None => rest.len(),
        };
        let (head, tail) = rest.split_at(cut);
        slices.push(head);
        rest = tail;
    }
    slices
}

fn memchr_newline(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

fn parallel(input: &[u8], threads: usize) -> Tally {
    let slices = split_lines(input, threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = slices
            .iter()
            .map(|slice| scope.spawn(move || parse(slice)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker panicked"))
            .fold(Tally::default(), |a, b| Tally {
                events: a.events + b.events,
                invalid: a.invalid + b.invalid,
                id_bytes: a.id_bytes + b.id_bytes,
            })
    })
}

/// Best of `runs` timings of `f`, in seconds.
fn best_of(runs: usize, mut f: impl FnMut() -> Tally) -> (f64, Tally) {
    let mut best = f64::INFINITY;
    let mut tally = Tally::default();
    for _ in 0..runs {
        let start = Instant::now();
        tally = f();
        best = best.min(start.elapsed().as_secs_f64());
    }
    (best, tally)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let events: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(cores);

    let input = corpus::ndjson(Profile::Small, events, 42);
    let mb = input.len() as f64 / 1e6;
    println!("{events} events, {mb:.1} MB of NDJSON, {threads} threads ({cores} cores)");

    let (one, t1) = best_of(3, || parse(&input));
    let (many, tn) = best_of(3, || parallel(&input, threads));
    assert_eq!(t1, tn, "the split changed the result");
    assert_eq!(t1.events, events);
    println!("1 thread:   {:8.1} ms  {:7.0} MB/s", one * 1e3, mb / one);
    println!(
        "{threads} threads: {:8.1} ms  {:7.0} MB/s",
        many * 1e3,
        mb / many
    );
    println!("speed-up:   {:.2}x", one / many);
}
