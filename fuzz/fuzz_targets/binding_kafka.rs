//! `binding::kafka::read` on record headers and a value cut from the input:
//! the header block ends at the first blank line (`\n\n`), each line is
//! `key:value` (split at the first `:`) or a bare `key` with a null value;
//! the rest is the record value, or a null value when there is no blank
//! line. Oracle as `binding_http`: every event read is written with
//! `write_binary` and read back as a binary record with the same
//! specversion/id/source/type, and a second round trip is a fixed point.
#![no_main]

use cloudevents_codec::binding::{kafka, HeaderBuf, Message};
use cloudevents_codec::spec::media;
use cloudevents_codec::{json, ErrorKind, Event};
use libfuzzer_sys::fuzz_target;

type Header<'a> = (&'a [u8], Option<&'a [u8]>);

fn split(input: &[u8]) -> (Vec<Header<'_>>, Option<&[u8]>) {
    let at = input.windows(2).position(|w| w == b"\n\n");
    let (head, value) = match at {
        Some(i) => (&input[..i], Some(&input[i + 2..])),
        None => (input, None),
    };
    let headers = head
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| match l.iter().position(|&b| b == b':') {
            Some(i) => (&l[..i], Some(&l[i + 1..])),
            None => (l, None),
        })
        .collect();
    (headers, value)
}

fn to_json(e: &Event<'_>) -> String {
    let mut out = Vec::new();
    json::write_event(e, &mut out);
    String::from_utf8(out).expect("written JSON is UTF-8")
}

/// True when `datacontenttype` is a CloudEvents format media type, which
/// `write_binary` refuses (`Conflict`): it would select structured or
/// batch mode on the way back.
fn ce_content_type(e: &Event<'_>) -> bool {
    let mut ct = Vec::new();
    if let Some(t) = e.datacontenttype() {
        t.decode_to(&mut ct);
    }
    e.datacontenttype().is_some() && media::content_mode(&ct) != media::ContentMode::Binary
}

fn round_trip(e: &Event<'_>, check: impl FnOnce(&Event<'_>)) {
    let mut headers = HeaderBuf::default();
    let mut value = Vec::new();
    let has_value = match kafka::write_binary(e, &mut headers, &mut value) {
        Ok(written) => {
            assert!(!ce_content_type(e), "wrote a CloudEvents content type in binary mode");
            written.has_body
        }
        Err(err) if err.kind() == ErrorKind::Conflict && ce_content_type(e) => {
            assert!(headers.is_empty() && value.is_empty(), "wrote before refusing");
            return;
        }
        Err(err) => panic!("Kafka write failed: {err}\nevent: {}", to_json(e)),
    };
    assert_eq!(has_value, e.data().is_some());
    assert!(has_value || value.is_empty());
    let value = has_value.then_some(&value[..]);
    match kafka::read(&headers, value) {
        Ok(Message::Binary(again)) => {
            assert_eq!(again.specversion(), e.specversion());
            assert_eq!(again.id().to_string(), e.id().to_string());
            assert_eq!(again.source().to_string(), e.source().to_string());
            assert_eq!(again.ty().to_string(), e.ty().to_string());
            assert_eq!(again.data().is_some(), has_value);
            check(&again)
        }
        other => panic!(
            "written binary record does not read back as binary: {other:?}\nevent: {}\nheaders: {headers:?}",
            to_json(e)
        ),
    };
}

fn check(e: &Event<'_>) {
    round_trip(e, |second| {
        let json2 = to_json(second);
        round_trip(second, |third| {
            assert_eq!(json2, to_json(third), "second round trip changed the event");
            assert_eq!(second, third);
        });
    });
}

fuzz_target!(|input: &[u8]| {
    let (headers, value) = split(input);
    match kafka::read(headers.iter().copied(), value) {
        Ok(Message::Binary(e)) | Ok(Message::Structured(e)) => check(&e),
        Ok(Message::Batch(_)) => panic!("Kafka has no batch mode"),
        Ok(other) => panic!("unexpected message {other:?}"),
        Err(e) => drop(e.to_string()),
    }
});
