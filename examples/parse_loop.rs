//! Parses the events of a generated profile N times over: a fixed workload
//! for profilers (`valgrind --tool=callgrind`, `perf`) and quick A/B timings.
//!
//! ```sh
//! cargo build --release --example parse_loop
//! valgrind --tool=callgrind target/release/examples/parse_loop small 100000
//! ```
//!
//! Arguments: profile (`small`, `medium`, `large`, `base64`, `escaped`,
//! `mixed`; default `small`) and the number of events to parse (default
//! 100000), cycling through the 256 events the `decode/<profile>` benchmark
//! measures (same generator, same seed). With 0 it only generates them, which
//! is what `benches/run.py --callgrind` subtracts.
use cloudevents_codec::Event;
use cloudevents_codec_corpus::{Generator, Profile};

/// The seed and the event count of benches/common/mod.rs.
const SEED: u64 = 0x00C0_FFEE;
const EVENTS: usize = 256;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "small".into());
    let reps: usize = match args.next().map(|s| s.parse()) {
        None => 100_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => panic!("event count: {e}"),
    };
    let profile: Profile = name.parse().unwrap_or_else(|e| panic!("{e}: {name:?}"));
    let mut g = Generator::new(profile, SEED);
    let events: Vec<Vec<u8>> = (0..EVENTS)
        .map(|_| {
            let mut out = Vec::new();
            g.write_event(&mut out);
            out
        })
        .collect();
    let bytes: usize = events.iter().map(Vec::len).sum();
    eprintln!(
        "{profile}: {EVENTS} events, {:.0} bytes on average, {reps} parses",
        bytes as f64 / EVENTS as f64
    );
    let mut sum = 0usize;
    for input in events.iter().cycle().take(reps) {
        let event =
            Event::from_json(std::hint::black_box(input)).expect("generated events are valid");
        sum += event.id().decoded_len();
        std::hint::black_box(&event);
    }
    println!("{sum}");
}
