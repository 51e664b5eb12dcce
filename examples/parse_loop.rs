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
//! With the `protobuf` feature, a `protobuf:` prefix (`protobuf:small`)
//! parses the same events in the Protobuf format (`Event::from_protobuf`),
//! as `benches/formats.rs` does. `http:<profile>` and `kafka:<profile>`
//! read the same events as binary-mode messages (the inputs of
//! `binary-decode/http|kafka/<profile>` in `benches/bindings.rs`).
//! `prost:<profile>` decodes the Protobuf form of the events with `prost`
//! into its owned types (the peer of `protobuf-decode/<profile>`), so that
//! both sides of that comparison can be counted the same way.
//! `decode:<profile>` parses as `<profile>` does and then decodes every
//! String attribute and the data into one reused buffer (what the Arrow
//! builder and other consumers of decoded values do): its count minus the
//! plain profile's is the cost of decoding.
//! `pbwrite:<profile>` reads the Protobuf form of the events once and then
//! writes them back as Protobuf N times over, into one reused buffer (the
//! `ours` side of `protobuf-encode/<profile>`).
use cloudevents_codec::Event;
use prost::Message as _;

#[path = "../tests/support/cloudevents_prost.rs"]
mod pb;
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
    if let Some((binding, profile)) = what
        .strip_prefix("http:")
        .map(|p| ("http", p))
        .or_else(|| what.strip_prefix("kafka:").map(|p| ("kafka", p)))
    {
        return binary_loop(binding, profile, reps);
    }
    #[cfg(feature = "protobuf")]
    if let Some(profile) = what.strip_prefix("pbwrite:") {
        return protobuf_write_loop(profile, reps);
    }
    let (decode, what) = match what.strip_prefix("decode:") {
        Some(rest) => (true, rest.to_string()),
        None => (false, what),
    };
    let (prost, what) = match what.strip_prefix("prost:") {
        Some(rest) => (true, format!("protobuf:{rest}")),
        None => (false, what),
    };
    let (protobuf, what) = match what.strip_prefix("protobuf:") {
        Some(rest) => (true, rest.to_string()),
        None => (false, what),
    };
    let mut g = generator(&what);
    let events: Vec<Vec<u8>> = (0..EVENTS)
        .map(|_| {
            let mut out = Vec::new();
            g.write_event(&mut out);
            if protobuf {
                out = to_protobuf(&out);
            }
            out
        })
        .collect();
    let bytes: usize = events.iter().map(Vec::len).sum();
    eprintln!(
        "{what}: {EVENTS} events, {:.0} bytes on average, {reps} parses",
        bytes as f64 / EVENTS as f64
    );
    let mut sum = 0usize;
    if prost {
        for input in events.iter().cycle().take(reps) {
            let input = std::hint::black_box(input);
            let event = pb::CloudEvent::decode(&input[..]).expect("our writer's output decodes");
            sum += event.id.len();
            std::hint::black_box(&event);
        }
        println!("{sum}");
        return;
    }
    let mut scratch = Vec::new();
    for input in events.iter().cycle().take(reps) {
        let input = std::hint::black_box(input);
        let event = if protobuf {
            from_protobuf(input)
        } else {
            Event::from_json(input)
        }
        .expect("generated events are valid");
        sum += event.id().decoded_len();
        if decode {
            sum += decode_all(&event, &mut scratch);
        }
        std::hint::black_box(&event);
    }
    println!("{sum}");
}

/// Decodes every String attribute and the data of `event` into `scratch`;
/// returns the decoded length.
fn decode_all(event: &Event<'_>, scratch: &mut Vec<u8>) -> usize {
    scratch.clear();
    for (_, value) in event.attributes() {
        if let cloudevents_codec::Value::String(text) = value {
            text.decode_to(scratch);
        }
    }
    if let Some(data) = event.data() {
        data.write_bytes(scratch);
    }
    std::hint::black_box(&scratch);
    scratch.len()
}

#[cfg(feature = "protobuf")]
fn to_protobuf(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let event = Event::from_json(json).expect("generated events are valid");
    cloudevents_codec::protobuf::write_event(&event, &mut out);
    out
}

#[cfg(feature = "protobuf")]
fn from_protobuf(input: &[u8]) -> Result<Event<'_>, cloudevents_codec::Error> {
    Event::from_protobuf(input)
}

/// Writes the events of `profile`, read from their Protobuf form, `reps`
/// times as Protobuf.
#[cfg(feature = "protobuf")]
fn protobuf_write_loop(profile: &str, reps: usize) {
    let mut g = generator(profile);
    let inputs: Vec<Vec<u8>> = (0..EVENTS)
        .map(|_| {
            let mut out = Vec::new();
            g.write_event(&mut out);
            to_protobuf(&out)
        })
        .collect();
    let events: Vec<Event<'_>> = inputs
        .iter()
        .map(|i| from_protobuf(i).expect("our writer's output reads"))
        .collect();
    eprintln!("pbwrite:{profile}: {EVENTS} events, {reps} writes");
    let mut out = Vec::new();
    let mut sum = 0usize;
    for event in events.iter().cycle().take(reps) {
        out.clear();
        cloudevents_codec::protobuf::write_event(std::hint::black_box(event), &mut out);
        sum += std::hint::black_box(&out).len();
    }
    println!("{sum}");
}

#[cfg(not(feature = "protobuf"))]
fn to_protobuf(_: &[u8]) -> Vec<u8> {
    panic!("the protobuf: prefix needs `--features protobuf`")
}

#[cfg(not(feature = "protobuf"))]
fn from_protobuf(_: &[u8]) -> Result<Event<'_>, cloudevents_codec::Error> {
    unreachable!("to_protobuf panicked first")
}

/// Reads `reps` binary-mode messages of `profile` (cycling through 256).
fn binary_loop(binding: &str, profile: &str, reps: usize) {
    use cloudevents_codec::binding::{http, kafka, Message};
    let profile: Profile = profile
        .parse()
        .unwrap_or_else(|e| panic!("{e}: {profile:?}"));
    let messages = match binding {
        "http" => corpus::http_binary(profile, EVENTS, SEED),
        _ => corpus::kafka_binary(profile, EVENTS, SEED),
    };
    eprintln!("{binding}:{profile}: {EVENTS} messages, {reps} reads");
    let mut sum = 0usize;
    for m in messages.iter().cycle().take(reps) {
        let m = std::hint::black_box(m);
        let items = m.headers.iter().map(|(n, v)| (n.as_slice(), v.as_slice()));
        let read = if binding == "http" {
            http::read(items, &m.body)
        } else {
            kafka::read(items, (!m.body.is_empty()).then_some(m.body.as_slice()))
        };
        match read.expect("generated messages are valid") {
            Message::Binary(event) => {
                sum += event.id().decoded_len();
                std::hint::black_box(&event);
            }
            _ => unreachable!("generated messages are binary"),
        }
    }
    println!("{sum}");
}
