//! Parses one generated event of a profile N times: a fixed workload for
//! profilers (`valgrind --tool=callgrind`, `perf`) and quick A/B timings.
//!
//! ```sh
//! cargo build --release --example parse_loop
//! valgrind --tool=callgrind target/release/examples/parse_loop small 100000
//! ```
//!
//! Arguments: profile (`small`, `medium`, `large`, `base64`, `escaped`;
//! default `small`) and repetitions (default 100000). The event is the one
//! the `decode/<profile>` benchmark measures (same generator seed).
use cloudevents_codec::Event;
use cloudevents_codec_corpus::{Generator, Profile};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "small".into());
    let reps: usize = match args.next().map(|s| s.parse()) {
        None => 100_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => panic!("repetitions: {e}"),
    };
    let Some(profile) = Profile::ALL.iter().copied().find(|p| p.to_string() == name) else {
        panic!("unknown profile {name:?}");
    };
    // The seed of benches/common/mod.rs, so this is the benchmarked event.
    let mut input = Vec::new();
    Generator::new(profile, 0x00C0_FFEE).write_event(&mut input);
    eprintln!("{profile}: {} bytes x {reps}", input.len());
    let mut sum = 0usize;
    for _ in 0..reps {
        let event =
            Event::from_json(std::hint::black_box(&input)).expect("generated events are valid");
        sum += event.id().decoded_len();
        std::hint::black_box(&event);
    }
    println!("{sum}");
}
