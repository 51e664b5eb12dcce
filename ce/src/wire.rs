//! The `http` and `kafka` formats of `ce`: raw HTTP/1.1 messages, and Kafka
//! records as `kcat -J` JSON lines. Framing lives here; the CloudEvents
//! mapping is the library's `binding::http` and `binding::kafka`.

use std::borrow::Cow;

use cloudevents_codec::binding::kafka::KafkaHeader;
use cloudevents_codec::binding::{http, kafka, HeaderBuf, Message, ReadOptions};
use cloudevents_codec::{spec, Error, ErrorKind, Event, ParseOptions, Text};

use crate::input::{Flow, OnEvent};

/// Most headers an HTTP message may have.
const MAX_HTTP_HEADERS: usize = 256;

/// Hands every event of a message to `on_event`.
fn deliver(message: Result<Message<'_>, Error>, on_event: &mut OnEvent<'_>) -> Flow {
    match message {
        Ok(Message::Binary(e)) | Ok(Message::Structured(e)) => on_event(Ok(e)),
        Ok(Message::Batch(events)) => {
            for result in events {
                if let Flow::Stop = on_event(result) {
                    return Flow::Stop;
                }
            }
            Flow::Continue
        }
        Err(e) => on_event(Err(e)),
        #[allow(unreachable_patterns)]
        Ok(_) => on_event(Err(Error::new(
            ErrorKind::UnsupportedFormat,
            "unknown message kind",
        ))),
    }
}

fn httparse_detail(e: httparse::Error) -> &'static str {
    match e {
        httparse::Error::HeaderName => "invalid HTTP header name",
        httparse::Error::HeaderValue => "invalid HTTP header value",
        httparse::Error::NewLine => "invalid HTTP line ending",
        httparse::Error::Status => "invalid HTTP status line",
        httparse::Error::Token => "invalid HTTP token",
        httparse::Error::TooManyHeaders => "too many HTTP headers",
        httparse::Error::Version => "invalid HTTP version",
    }
}

/// Reads one or more HTTP/1.1 messages (requests or responses, delimited by
/// `Content-Length`, CRLF or LF line ends) and delivers their events.
pub fn http_messages(buf: &[u8], options: &ParseOptions, on_event: &mut OnEvent<'_>) {
    let read_options = ReadOptions::new().with_parse(*options);
    let mut pos = 0usize;
    loop {
        while pos < buf.len() && buf[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= buf.len() {
            return;
        }
        let rest = &buf[pos..];
        let mut headers = [httparse::EMPTY_HEADER; MAX_HTTP_HEADERS];
        let parsed = if rest.starts_with(b"HTTP/") {
            let mut response = httparse::Response::new(&mut headers);
            response.parse(rest).map(|s| (s, response.headers.len()))
        } else {
            let mut request = httparse::Request::new(&mut headers);
            request.parse(rest).map(|s| (s, request.headers.len()))
        };
        let (head_len, count) = match parsed {
            Ok((httparse::Status::Complete(n), count)) => (n, count),
            Ok((httparse::Status::Partial, _)) => {
                on_event(Err(Error::new(
                    ErrorKind::Syntax,
                    "incomplete HTTP message head",
                )
                .at(pos)));
                return;
            }
            Err(e) => {
                let kind = if e == httparse::Error::TooManyHeaders {
                    ErrorKind::Limit
                } else {
                    ErrorKind::Syntax
                };
                on_event(Err(Error::new(kind, httparse_detail(e)).at(pos)));
                return;
            }
        };
        let headers = &headers[..count];
        let mut length = None;
        for h in headers {
            if h.name.eq_ignore_ascii_case("content-length") {
                match std::str::from_utf8(h.value)
                    .ok()
                    .and_then(|v| v.trim().parse().ok())
                {
                    Some(n) => length = Some(n),
                    None => {
                        on_event(Err(
                            Error::new(ErrorKind::Syntax, "invalid Content-Length").at(pos)
                        ));
                        return;
                    }
                }
            } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
                on_event(Err(Error::new(
                    ErrorKind::Syntax,
                    "Transfer-Encoding is not supported; use Content-Length",
                )
                .at(pos)));
                return;
            }
        }
        let body_start = pos + head_len;
        // Without Content-Length the body runs to the end of the capture
        // (a response read until the connection closed), unless another
        // message follows.
        let length = length.unwrap_or_else(|| {
            let rest = &buf[body_start..];
            if starts_http_message(rest) {
                0
            } else {
                rest.len()
            }
        });
        let Some(body) = buf.get(body_start..body_start + length) else {
            on_event(Err(Error::new(
                ErrorKind::Syntax,
                "body shorter than its Content-Length",
            )
            .at(body_start)));
            return;
        };
        let items = headers.iter().map(|h| (h.name.as_bytes(), h.value));
        if let Flow::Stop = deliver(http::read_with(items, body, &read_options), on_event) {
            return;
        }
        pos = body_start + length;
    }
}

/// True when `bytes` (after blank lines) are empty or begin an HTTP/1.x
/// request or response line.
fn starts_http_message(bytes: &[u8]) -> bool {
    let start = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let rest = &bytes[start..];
    if rest.is_empty() || rest.starts_with(b"HTTP/") {
        return true;
    }
    let line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let method = line.split(|&b| b == b' ').next().unwrap_or(line);
    !method.is_empty()
        && method.iter().all(u8::is_ascii_uppercase)
        && (line.ends_with(b" HTTP/1.1") || line.ends_with(b" HTTP/1.0"))
}

/// One `kcat -J` record. Other members (topic, partition, offset, ts, ...)
/// are ignored.
#[derive(serde::Deserialize)]
struct Record<'a> {
    #[serde(borrow, default)]
    payload: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    payload_base64: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    headers: Option<Vec<Option<Cow<'a, str>>>>,
}

/// Scratch space for decoding one record's base64 payload.
#[derive(Default)]
pub struct KafkaScratch {
    payload: Vec<u8>,
}

/// Reads one `kcat -J` line and delivers its event.
pub fn kafka_record(
    line: &[u8],
    scratch: &mut KafkaScratch,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> Flow {
    let record: Record<'_> = match serde_json::from_slice(line) {
        Ok(r) => r,
        Err(e) => {
            let at = line_column_offset(line, e.line(), e.column());
            return on_event(Err(Error::new(
                ErrorKind::Syntax,
                "not a kcat -J JSON record",
            )
            .at(at)));
        }
    };
    let headers = record.headers.unwrap_or_default();
    if headers.len() % 2 != 0 {
        return on_event(Err(Error::new(
            ErrorKind::Syntax,
            "record headers must be a flat list of name, value pairs",
        )));
    }
    let mut names_ok = true;
    let pairs: Vec<KafkaHeader<'_>> = headers
        .chunks(2)
        .map(|pair| {
            let key = match &pair[0] {
                Some(k) => k.as_bytes(),
                None => {
                    names_ok = false;
                    &b""[..]
                }
            };
            KafkaHeader {
                key,
                value: pair[1].as_deref().map(str::as_bytes),
            }
        })
        .collect();
    if !names_ok {
        return on_event(Err(Error::new(
            ErrorKind::Syntax,
            "a record header name is null",
        )));
    }
    let value: Option<&[u8]> = match (&record.payload, &record.payload_base64) {
        (Some(_), Some(_)) => {
            return on_event(Err(Error::new(
                ErrorKind::Conflict,
                "a record has both \"payload\" and \"payload_base64\"",
            )))
        }
        (Some(p), None) => Some(p.as_bytes()),
        (None, Some(b64)) => {
            if let Err(e) = spec::base64::validate(b64.as_bytes()) {
                return on_event(Err(Error::new(
                    ErrorKind::Encoding,
                    "invalid payload_base64",
                )
                .at(e.offset().unwrap_or(0))));
            }
            scratch.payload.clear();
            spec::base64::decode(b64.as_bytes(), &mut scratch.payload);
            Some(&scratch.payload)
        }
        (None, None) => None,
    };
    let read_options = ReadOptions::new().with_parse(*options);
    deliver(
        kafka::read_with(pairs.iter(), value, &read_options),
        on_event,
    )
}

/// A byte offset from serde_json's 1-based line and column.
fn line_column_offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split(|&b| b == b'\n').enumerate() {
        if i + 1 == line {
            return offset + column.saturating_sub(1);
        }
        offset += l.len() + 1;
    }
    text.len()
}

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
/// headers, `content-type`, the key from `partitionkey` when present.
pub fn write_kafka_record(
    event: &Event<'_>,
    out: &mut Vec<u8>,
    s: &mut WireScratch,
) -> Result<(), Error> {
    s.headers.clear();
    s.body.clear();
    s.key.clear();
    let has_value = kafka::write_binary(event, &mut s.headers, &mut s.body)?.has_body;
    out.extend_from_slice(b"{\"key\":");
    if kafka::write_key(event, &mut s.key) {
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
