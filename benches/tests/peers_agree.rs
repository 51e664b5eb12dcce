//! The fairness of the benchmarks, checked without measuring: on every
//! profile and on every shape variant, every decoder's checksum equals the
//! reference (a `serde_json::Value` walk), every encoder writes back every
//! member of every event, and the SDK's HTTP binding decodes what ours
//! decodes.

#[path = "../common/mod.rs"]
mod common;
use common::*;

use cloudevents_codec_corpus::{self as corpus, Options, Profile};

/// Checks every decoder on `events`.
fn decoders_agree(label: &str, events: &[Vec<u8>]) {
    let reference: Vec<u64> = events.iter().map(|e| reference_sum(e)).collect();
    for name in DECODERS {
        let mut decode = decoder(name);
        for (e, expect) in events.iter().zip(&reference) {
            assert_eq!(
                decode(e),
                *expect,
                "{label}: {name} on {}",
                String::from_utf8_lossy(e)
            );
        }
    }
}

#[test]
fn every_decoder_agrees_on_every_profile() {
    for profile in Profile::ALL {
        decoders_agree(profile.as_str(), &events(profile, 120));
    }
}

#[test]
fn every_decoder_agrees_on_every_shape_variant() {
    for variant in corpus::variants(corpus::IRI_SOURCES) {
        let mut options = Options::new().target_size(SHAPE_BYTES);
        for pin in &variant.pins {
            options = options.pin(*pin);
        }
        let label = format!("{}/{}", variant.dimension, variant.name);
        decoders_agree(&label, &events_with(Profile::Mixed, 40, &options));
    }
}

#[test]
fn every_encoder_writes_every_member() {
    for profile in Profile::ALL {
        for input in events(profile, 60) {
            let mut out = Vec::new();
            cloudevents_codec::json::write_event(&ours_parse(&input), &mut out);
            assert_same_event("ours", &input, &out, &[]);

            let sdk: cloudevents::Event = serde_json::from_slice(&input).unwrap();
            let out = serde_json::to_vec(&sdk).unwrap();
            assert_same_event("cloudevents-sdk", &input, &out, &["time"]);

            let e: SerdeEvent<'_> = serde_json::from_slice(&input).unwrap();
            let out = serde_json::to_vec(&e).unwrap();
            assert_same_event("serde_json-borrowed", &input, &out, &[]);

            let e: SonicEvent<'_> = sonic_rs::from_slice(&input).unwrap();
            let out = sonic_rs::to_vec(&e).unwrap();
            assert_same_event("sonic_rs-lazy", &input, &out, &[]);
        }
    }
}

#[test]
fn the_sdk_http_binding_decodes_what_ours_decodes() {
    for profile in Profile::ALL {
        for m in corpus::http_binary(profile, 120, SEED) {
            let ours = binary_ours_http(&m);
            let sdk = binary_sdk_http(&m, &header_map(&m));
            assert_eq!(ours, sdk, "{profile}: {m:?}");
        }
        for m in corpus::kafka_binary(profile, 120, SEED) {
            binary_ours_kafka(&m);
        }
    }
}
