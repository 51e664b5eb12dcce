//! Every event the corpus generator writes is valid for this library: every
//! profile, every shape variant the benchmarks pin, in structured mode
//! (single events, NDJSON, batches) and in binary mode (HTTP, Kafka).

use cloudevents_codec::binding::{http, kafka, Message};
use cloudevents_codec::json::{BatchReader, NdjsonReader};
use cloudevents_codec::Event;
use cloudevents_codec_corpus::{self as corpus, Options, Profile};

fn lines(corpus: &[u8]) -> impl Iterator<Item = &[u8]> {
    corpus.split(|&b| b == b'\n').filter(|l| !l.is_empty())
}

fn parse(line: &[u8]) -> Event<'_> {
    Event::from_json(line).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(line));
    })
}

#[test]
fn every_profile_parses() {
    for profile in Profile::ALL {
        for seed in [0, 1, 0x00C0_FFEE, u64::MAX] {
            let nd = corpus::ndjson(profile, 300, seed);
            let mut n = 0;
            for line in lines(&nd) {
                let e = parse(line);
                assert!(!e.id().raw().is_empty());
                n += 1;
            }
            assert_eq!(NdjsonReader::new(&nd).filter(|(_, r)| r.is_ok()).count(), n);
            let batch = corpus::batch(profile, 50, seed);
            for e in BatchReader::new(&batch).unwrap() {
                e.unwrap_or_else(|e| panic!("{profile}/{seed}: {e}"));
            }
        }
    }
}

#[test]
fn every_shape_variant_parses() {
    for variant in corpus::variants(corpus::IRI_SOURCES) {
        let mut options = Options::new().target_size(600);
        for pin in &variant.pins {
            options = options.pin(*pin);
        }
        for profile in [Profile::Small, Profile::Mixed] {
            for line in lines(&corpus::ndjson_with(profile, 200, 3, &options)) {
                parse(line);
            }
        }
    }
}

/// Flip `corpus::IRI_SOURCES` once the library accepts IRI sources (issue 13,
/// item 1); until then this documents that it does not.
#[test]
#[ignore = "IRI sources need issue 13 item 1"]
fn iri_sources_parse() {
    let options = Options::new().iri_sources(true);
    for profile in Profile::ALL {
        for line in lines(&corpus::ndjson_with(profile, 300, 1, &options)) {
            parse(line);
        }
    }
}

#[test]
fn every_binary_message_parses() {
    for profile in Profile::ALL {
        for m in corpus::http_binary(profile, 200, 7) {
            let items = m.headers.iter().map(|(n, v)| (n.as_slice(), v.as_slice()));
            match http::read(items, &m.body) {
                Ok(Message::Binary(_)) => {}
                other => panic!("{profile}: {other:?} for {m:?}"),
            }
        }
        for m in corpus::kafka_binary(profile, 200, 7) {
            let items = m.headers.iter().map(|(n, v)| (n.as_slice(), v.as_slice()));
            let body = (!m.body.is_empty()).then_some(m.body.as_slice());
            match kafka::read(items, body) {
                Ok(Message::Binary(_)) => {}
                other => panic!("{profile}: {other:?} for {m:?}"),
            }
        }
    }
}
