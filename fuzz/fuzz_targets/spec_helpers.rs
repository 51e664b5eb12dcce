//! The public `spec` helpers on raw bytes: no panics, and the round trips
//! that define them.
#![no_main]

use cloudevents_codec::spec::{base64, media, percent, uri};
use cloudevents_codec::{ErrorKind, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    timestamp(input);
    uris(input);
    base64_round_trips(input);
    percent_round_trips(input);
    media_types(input);
});

fn timestamp(input: &[u8]) {
    let Ok(t) = Timestamp::parse(input) else {
        return;
    };
    // The canonical form parses to the same instant and is a fixed point.
    let mut canon = Vec::new();
    t.write_rfc3339(&mut canon);
    let back = Timestamp::parse(&canon).unwrap_or_else(|e| {
        panic!(
            "canonical form {:?} rejected: {e}",
            String::from_utf8_lossy(&canon)
        )
    });
    assert!(back.same_instant(&t), "canonical form moved the instant");
    assert_eq!(back.nanosecond(), t.nanosecond());
    let mut again = Vec::new();
    back.write_rfc3339(&mut again);
    assert_eq!(canon, again, "canonical form is not stable");
    assert_eq!(t.to_string().as_bytes(), &canon[..]);
    if let Some(u) = Timestamp::from_unix(t.unix_timestamp(), t.nanosecond()) {
        if t.second() != 60 {
            assert!(
                u.same_instant(&t),
                "from_unix(unix_timestamp) moved the instant"
            );
        }
    }
}

fn uris(input: &[u8]) {
    let absolute = uri::validate_uri(input);
    let reference = uri::validate_uri_reference(input);
    if absolute.is_ok() {
        assert!(
            reference.is_ok(),
            "a URI must be a URI-reference (TYPE-6/7)"
        );
    }
    for e in [absolute, reference].into_iter().filter_map(Result::err) {
        assert!(e.offset().is_some_and(|at| at <= input.len()));
    }
}

fn base64_round_trips(input: &[u8]) {
    // Decode side: strict base64 has exactly one spelling per byte string.
    let mut decoded = Vec::new();
    base64::decode(input, &mut decoded); // never panics, even on bad input
    if let Ok(n) = base64::validate(input) {
        assert_eq!(decoded.len(), n, "decoded length");
        let mut re = Vec::new();
        base64::encode(&decoded, &mut re);
        assert_eq!(re, input, "encode(decode(x)) != x for valid x");
        let mut exact = vec![0u8; n];
        assert_eq!(base64::decode_slice(input, &mut exact), Ok(n));
        assert_eq!(exact, decoded);
        if n > 0 {
            let mut short = vec![0u8; n - 1];
            let e = base64::decode_slice(input, &mut short).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Limit);
        }
    }
    // Encode side.
    let mut enc = Vec::new();
    base64::encode(input, &mut enc);
    assert_eq!(enc.len(), base64::encoded_len(input.len()));
    assert_eq!(base64::validate(&enc), Ok(input.len()));
    let mut back = Vec::new();
    base64::decode(&enc, &mut back);
    assert_eq!(back, input, "decode(encode(x)) != x");
}

fn percent_round_trips(input: &[u8]) {
    let mut decoded = Vec::new();
    percent::decode_to(input, &mut decoded); // never panics, even on bad input
    match percent::validate(input) {
        Ok(needs_decoding) => {
            let text = std::str::from_utf8(&decoded).expect("validated value decodes to UTF-8");
            assert!(cloudevents_codec::spec::chars::check_str(text).is_ok());
            if !needs_decoding {
                assert_eq!(decoded, input);
            }
            let t = percent::to_text(input).expect("to_text agrees with validate");
            assert!(t == text, "Text view decodes differently");
        }
        Err(e) => {
            assert!(percent::to_text(input).is_err());
            assert!(e.offset().is_some_and(|at| at <= input.len()));
        }
    }
    let mut enc = Vec::new();
    percent::encode(input, &mut enc);
    assert_eq!(enc.len(), percent::encoded_len(input));
    assert_eq!(percent::needs_encoding(input), enc != input);
    assert!(enc.iter().all(|&b| (0x21..0x7f).contains(&b) && b != b'"'));
    if cloudevents_codec::spec::chars::check_bytes(input).is_ok() {
        // Valid UTF-8 without forbidden characters survives the round trip.
        assert!(percent::validate(&enc).is_ok(), "encoded value rejected");
        let mut back = Vec::new();
        percent::decode_to(&enc, &mut back);
        assert_eq!(back, input, "decode(encode(x)) != x");
    }
}

fn media_types(input: &[u8]) {
    let valid = media::validate(input);
    if let Err(e) = &valid {
        assert!(e.offset().is_some_and(|at| at <= input.len()));
    }
    let json = media::is_json(input);
    let mode = media::content_mode(input);
    let format = media::event_format(input);
    assert_eq!(
        format.is_some(),
        mode != media::ContentMode::Binary,
        "event_format and content_mode disagree"
    );
    if valid.is_ok() && json {
        // A valid JSON media type has a subtype of `json` or `…+json`.
        let main = input.split(|&b| b == b';').next().unwrap_or(&[]);
        assert!(main.to_ascii_lowercase().trim_ascii().ends_with(b"json"));
    }
}
