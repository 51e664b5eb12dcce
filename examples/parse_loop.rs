//! Parses the events of a generated profile N times over: a fixed workload
//! for profilers (`valgrind --tool=callgrind`, `perf`) and quick A/B timings.
//!
//! ```sh
//! cargo build --release --example parse_loop
//! valgrind --tool=callgrind target/release/examples/parse_loop small 100000
//! valgrind --tool=callgrind target/release/examples/parse_loop shape/source/urn 100000
//! ```
//!
//! Arguments: what to parse, and the number of events to parse (default
//! 100000), cycling through 256 generated events. What to parse is a profile
//! (`small`, `medium`, `large`, `base64`, `escaped`, `mixed`; default
//! `small`): the events the `decode/<profile>` benchmark measures; or a shape
//! variant `shape/<dimension>/<variant>`: the events the `shape/<dimension>`
//! benchmark measures for that variant. With 0 events it only generates
//! them, which is what `benches/run.py --callgrind` subtracts.
//! `parse_loop --list-shapes` prints the shape variants the benchmark runs.
use cloudevents_codec::Event;
use cloudevents_codec_corpus::{self as corpus, Generator, Options, Profile};

/// The seed, the event count and the shape corpora's size of
/// benches/common/mod.rs.
const SEED: u64 = 0x00C0_FFEE;
const EVENTS: usize = 256;
const SHAPE_BYTES: usize = 600;

fn generator(what: &str) -> Generator {
    if let Some(variant) = what.strip_prefix("shape/") {
        let Some(v) = corpus::variants(true)
            .into_iter()
            .find(|v| format!("{}/{}", v.dimension, v.name) == variant)
        else {
            panic!("unknown shape variant {what:?}");
        };
        let mut options = Options::new().target_size(SHAPE_BYTES);
        for pin in &v.pins {
            options = options.pin(*pin);
        }
        return Generator::with_options(Profile::Small, SEED, options);
    }
    let profile: Profile = what.parse().unwrap_or_else(|e| panic!("{e}: {what:?}"));
    Generator::new(profile, SEED)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "small".into());
    if what == "--list-shapes" {
        for v in corpus::variants(corpus::IRI_SOURCES) {
            println!("shape/{}/{}", v.dimension, v.name);
        }
        return;
    }
    let reps: usize = match args.next().map(|s| s.parse()) {
        None => 100_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => panic!("event count: {e}"),
    };
    let mut g = generator(&what);
    let events: Vec<Vec<u8>> = (0..EVENTS)
        .map(|_| {
            let mut out = Vec::new();
            g.write_event(&mut out);
            out
        })
        .collect();
    let bytes: usize = events.iter().map(Vec::len).sum();
    eprintln!(
        "{what}: {EVENTS} events, {:.0} bytes on average, {reps} parses",
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
