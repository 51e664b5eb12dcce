//! Writing the `http` and `kafka` output formats: binary-mode HTTP/1.1
//! requests, and Kafka records as `kcat -J` JSON lines. The CloudEvents
//! mapping is the library's `binding::http` and `binding::kafka`; reading
//! these formats is in `input::http` and `input::kafka`.

use cloudevents_codec::binding::{http, kafka, HeaderBuf};
use cloudevents_codec::{spec, Error, Event, Text};

/// Reusable buffers for writing binary-mode messages.
#[derive(Default)]
pub struct WireScratch {
    headers: HeaderBuf,
    body: Vec<u8>,
    key: Vec<u8>,
}

/// Appends one binary-mode `POST / HTTP/1.1` request with `Content-Length`.
pub fn write_http_request(
    event: &Event<'_>,
    out: &mut Vec<u8>,
    s: &mut WireScratch,
) -> Result<(), Error> {
    s.headers.clear();
    s.body.clear();
    http::write_binary(event, &mut s.headers, &mut s.body)?;
    out.extend_from_slice(b"POST / HTTP/1.1\r\n");
    for (name, value) in s.headers.iter() {
        out.extend_from_slice(name);
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"Content-Length: ");
    out.extend_from_slice(itoa::Buffer::new().format(s.body.len()).as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out.extend_from_slice(&s.body);
    Ok(())
}

/// Appends one binary-mode Kafka record as a `kcat -J` JSON line: `ce_`
/// headers, `content-type`, and as the record key `key` (the key the event
/// came with, KAFKA-3), else `partitionkey` when present, else null.
pub fn write_kafka_record(
    event: &Event<'_>,
    key: Option<&[u8]>,
    out: &mut Vec<u8>,
    s: &mut WireScratch,
) -> Result<(), Error> {
    s.headers.clear();
    s.body.clear();
    s.key.clear();
    let has_value = kafka::write_binary(event, &mut s.headers, &mut s.body)?.has_body;
    out.extend_from_slice(b"{\"key\":");
    if let Some(key) = key {
        json_string(key, out);
    } else if kafka::write_key(event, &mut s.key) {
        json_string(&s.key, out);
    } else {
        out.extend_from_slice(b"null");
    }
    if !has_value {
        out.extend_from_slice(b",\"payload\":null");
    } else if std::str::from_utf8(&s.body).is_ok() {
        out.extend_from_slice(b",\"payload\":");
        json_string(&s.body, out);
    } else {
        out.extend_from_slice(b",\"payload_base64\":\"");
        spec::base64::encode(&s.body, out);
        out.push(b'"');
    }
    out.extend_from_slice(b",\"headers\":[");
    for (i, (name, value)) in s.headers.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_string(name, out);
        out.push(b',');
        json_string(value, out);
    }
    out.extend_from_slice(b"]}\n");
    Ok(())
}

/// Writes UTF-8 `bytes` as a JSON string (invalid UTF-8 is replaced).
fn json_string(bytes: &[u8], out: &mut Vec<u8>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => Text::plain(s).write_json(out),
        Err(_) => Text::plain(&String::from_utf8_lossy(bytes)).write_json(out),
    }
}
