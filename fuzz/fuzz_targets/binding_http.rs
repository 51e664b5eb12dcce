//! `binding::http::read` on headers and a body cut from the input: the
//! header block ends at the first blank line (`\n\n`), each line is
//! `name:value` (split at the first `:`; lines without one are dropped), the
//! rest is the body. Oracle: every event read (binary, structured, each
//! batch item) is written with `write_binary` and read back as a binary
//! message with the same specversion/id/source/type; a second round trip is
//! a fixed point (generations 2 and 3 write the same JSON and are equal).
//! Generation 1 may differ: header extension values come back as Strings
//! (TYPE-10), JSON data without a `datacontenttype` gains
//! `application/json`, empty data becomes no data.
#![no_main]

use cloudevents_codec::binding::{http, HeaderBuf, Message};
use cloudevents_codec::spec::media;
use cloudevents_codec::{json, ErrorKind, Event};
use libfuzzer_sys::fuzz_target;

fn split(input: &[u8]) -> (Vec<(&[u8], &[u8])>, &[u8]) {
    let at = input.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match at {
        Some(i) => (&input[..i], &input[i + 2..]),
        None => (input, &[][..]),
    };
    let headers = head
        .split(|&b| b == b'\n')
        .filter_map(|l| {
            let i = l.iter().position(|&b| b == b':')?;
            Some((&l[..i], &l[i + 1..]))
        })
        .collect();
    (headers, body)
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

/// Writes `e` in binary mode and reads it back; the result must be an event
/// (unless `write_binary` refuses a CloudEvents content type).
fn round_trip(e: &Event<'_>, check: impl FnOnce(&Event<'_>)) {
    let mut headers = HeaderBuf::default();
    let mut body = Vec::new();
    match http::write_binary(e, &mut headers, &mut body) {
        Ok(_) => assert!(!ce_content_type(e), "wrote a CloudEvents content type in binary mode"),
        Err(err) if err.kind() == ErrorKind::Conflict && ce_content_type(e) => {
            assert!(headers.is_empty() && body.is_empty(), "wrote before refusing");
            return;
        }
        Err(err) => panic!("HTTP write failed: {err}\nevent: {}", to_json(e)),
    }
    match http::read(&headers, &body) {
        Ok(Message::Binary(again)) => {
            assert_eq!(again.specversion(), e.specversion());
            assert_eq!(again.id().to_string(), e.id().to_string());
            assert_eq!(again.source().to_string(), e.source().to_string());
            assert_eq!(again.ty().to_string(), e.ty().to_string());
            check(&again)
        }
        other => panic!(
            "written binary message does not read back as binary: {other:?}\nevent: {}\nheaders: {headers:?}",
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
    let (headers, body) = split(input);
    match http::read(headers.iter().copied(), body) {
        Ok(Message::Binary(e)) | Ok(Message::Structured(e)) => check(&e),
        Ok(Message::Batch(items)) => {
            for item in items {
                match item {
                    Ok(e) => check(&e),
                    Err(e) => drop(e.to_string()),
                }
            }
        }
        Ok(other) => panic!("unexpected message {other:?}"),
        Err(e) => drop(e.to_string()),
    }
});
