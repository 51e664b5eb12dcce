//! `--from http`: one or more raw HTTP/1.1 messages (requests or responses,
//! CRLF or LF line ends), each delimited by `Content-Length`, by
//! `Transfer-Encoding: chunked`, or else by the next message or the end of
//! the capture. Framing lives here; the CloudEvents mapping is the library's
//! `binding::http`.
//!
//! Memory is bounded per message: a head of at most 64 KiB; a binary or
//! structured body of at most `max_size` bytes (a larger one is reported as
//! too large and skipped as it is read); a batch body is read incrementally,
//! one element at a time, whatever its size.

use std::io::{self, BufRead, Read};

use cloudevents_codec::binding::{detect_mode, http, ContentMode, Message, ReadOptions};
use cloudevents_codec::{Error, ErrorKind, ParseOptions};

use super::json::read_batch;
use super::replay::Replay;
use super::{deliver, read_cap, too_large, Flow, Meta, OnEvent};

/// Most headers a message may have.
const MAX_HEADERS: usize = 256;
/// Longest message head (request or status line and headers), longest
/// chunk-size line, longest trailer section, and how far ahead a message
/// without a length looks for the next message.
const MAX_HEAD: usize = 64 << 10;

/// Reads every message of `input` and delivers its events. A broken
/// message frame (a head or a chunked body that cannot be read, a body
/// shorter than its `Content-Length`) is reported and ends the input: where
/// the next message would start is unknown.
pub fn read(
    input: &mut dyn BufRead,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<()> {
    let mut input = Replay::new(Vec::new(), input);
    let mut scratch = Scratch::default();
    while input.skip_whitespace()? {
        if let Flow::Stop = message(&mut input, &mut scratch, options, on_event)? {
            break;
        }
    }
    Ok(())
}

/// Buffers reused from one message to the next.
#[derive(Default)]
struct Scratch {
    head: Vec<u8>,
    body: Vec<u8>,
}

/// A stream offset as an error offset.
fn at(offset: u64) -> usize {
    usize::try_from(offset).unwrap_or(usize::MAX)
}

/// Reports a framing error and stops.
fn broken(on_event: &mut OnEvent<'_>, e: Error) -> io::Result<Flow> {
    on_event(Err(e), &Meta::NONE);
    Ok(Flow::Stop)
}

/// Reads one message (the input is at its first byte).
fn message(
    input: &mut Replay<'_>,
    scratch: &mut Scratch,
    options: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> io::Result<Flow> {
    let start = at(input.offset());
    let head = &mut scratch.head;
    head.clear();
    match read_head(input, head)? {
        HeadEnd::Complete => {}
        HeadEnd::Incomplete => {
            let e = Error::new(ErrorKind::Syntax, "incomplete HTTP message head");
            return broken(on_event, e.at(start));
        }
        HeadEnd::TooLarge => {
            let e = Error::new(ErrorKind::Limit, "HTTP message head larger than 64 KiB");
            return broken(on_event, e.at(start));
        }
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let headers = match parse_head(head, &mut headers) {
        Ok(h) => h,
        Err(e) => return broken(on_event, e.at(start)),
    };
    let framing = match framing(headers) {
        Ok(Some(f)) => f,
        // Without a length the body runs to the end of the capture (a
        // response read until the connection closed), unless another
        // message follows.
        Ok(None) if next_is_message(input)? => Framing::Length(0),
        Ok(None) => Framing::ToEnd,
        Err(e) => return broken(on_event, e.at(start)),
    };
    let items = || headers.iter().map(|h| (h.name.as_bytes(), h.value));
    let read_options = ReadOptions::new().with_parse(*options);
    let mut body = Body::new(input, framing);
    // Batch mode: the library checks the headers (on an empty batch), and
    // the body streams through the incremental batch reader.
    let batch =
        is_batch(headers, &read_options).then(|| http::read_with(items(), b"[]", &read_options));
    let result = match batch {
        Some(Ok(Message::Batch(_))) => read_batch(&mut body, options, &Meta::NONE, on_event),
        Some(Err(e)) => Ok(on_event(Err(e), &Meta::NONE)),
        Some(Ok(_)) | None => {
            let data = &mut scratch.body;
            data.clear();
            (&mut body)
                .take(read_cap(options))
                .read_to_end(data)
                .map(|_| {
                    if data.len() > options.max_size() {
                        on_event(Err(too_large()), &Meta::NONE)
                    } else {
                        let message = http::read_with(items(), data, &read_options);
                        deliver(message, &Meta::NONE, on_event)
                    }
                })
        }
    };
    // The rest of the body (after a body over the limit, or a batch that
    // ended early) is skipped a buffer at a time, unless reading stops.
    let result = result.and_then(|flow| match flow {
        Flow::Continue => io::copy(&mut body, &mut io::sink()).map(|_| flow),
        Flow::Stop => Ok(flow),
    });
    match (result, body.error.take()) {
        (_, Some(e)) => broken(on_event, e),
        (Err(e), None) => Err(e),
        (Ok(flow), None) => Ok(flow),
    }
}

/// How reading a head ended.
enum HeadEnd {
    Complete,
    Incomplete,
    TooLarge,
}

/// Reads the head (through its empty line) into `head`, at most `MAX_HEAD`
/// bytes.
fn read_head(input: &mut Replay<'_>, head: &mut Vec<u8>) -> io::Result<HeadEnd> {
    loop {
        let line_start = head.len();
        let budget = (MAX_HEAD - line_start) as u64;
        (&mut *input).take(budget).read_until(b'\n', head)?;
        let line = &head[line_start..];
        if !line.ends_with(b"\n") {
            return Ok(if head.len() >= MAX_HEAD {
                HeadEnd::TooLarge
            } else {
                HeadEnd::Incomplete
            });
        }
        if line == b"\n" || line == b"\r\n" {
            return Ok(HeadEnd::Complete);
        }
    }
}

/// Parses a complete head; errors have no offset yet.
fn parse_head<'h, 'b>(
    head: &'b [u8],
    headers: &'h mut [httparse::Header<'b>],
) -> Result<&'h [httparse::Header<'b>], Error> {
    let parsed = if head.starts_with(b"HTTP/") {
        let mut response = httparse::Response::new(headers);
        response.parse(head).map(|s| (s, response.headers.len()))
    } else {
        let mut request = httparse::Request::new(headers);
        request.parse(head).map(|s| (s, request.headers.len()))
    };
    match parsed {
        Ok((httparse::Status::Complete(_), count)) => Ok(&headers[..count]),
        Ok((httparse::Status::Partial, _)) => Err(Error::new(
            ErrorKind::Syntax,
            "incomplete HTTP message head",
        )),
        Err(e) => {
            let kind = if e == httparse::Error::TooManyHeaders {
                ErrorKind::Limit
            } else {
                ErrorKind::Syntax
            };
            Err(Error::new(kind, httparse_detail(e)))
        }
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

/// How a body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    /// `Content-Length` bytes.
    Length(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// To the end of the input.
    ToEnd,
}

/// The framing the headers give (`None`: neither length nor chunked).
/// Chunked wins over `Content-Length` (RFC 9112 §6.3); a transfer coding
/// other than chunked cannot be read.
fn framing(headers: &[httparse::Header<'_>]) -> Result<Option<Framing>, Error> {
    let mut length = None;
    let mut chunked = false;
    for h in headers {
        if h.name.eq_ignore_ascii_case("content-length") {
            let n: u64 = std::str::from_utf8(h.value)
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .ok_or_else(|| Error::new(ErrorKind::Syntax, "invalid Content-Length"))?;
            if length.is_some_and(|l| l != n) {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    "conflicting Content-Length headers",
                ));
            }
            length = Some(n);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            for coding in h.value.split(|&b| b == b',') {
                let coding = coding.trim_ascii();
                if coding.is_empty() {
                    continue;
                }
                if !coding.eq_ignore_ascii_case(b"chunked") || chunked {
                    return Err(Error::new(
                        ErrorKind::Syntax,
                        "a Transfer-Encoding other than chunked is not supported",
                    ));
                }
                chunked = true;
            }
        }
    }
    Ok(if chunked {
        Some(Framing::Chunked)
    } else {
        length.map(Framing::Length)
    })
}

/// True when the headers select batch mode (HTTP-3).
fn is_batch(headers: &[httparse::Header<'_>], options: &ReadOptions) -> bool {
    let content_type = headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
        .map(|h| h.value.trim_ascii())
        .filter(|v| !v.is_empty());
    matches!(detect_mode(content_type, options), Ok(ContentMode::Batch))
}

/// Looks ahead (at most `MAX_HEAD` bytes, given back afterwards): true when
/// only whitespace is left, or the next non-blank line starts an HTTP/1.x
/// request or response.
fn next_is_message(input: &mut Replay<'_>) -> io::Result<bool> {
    let mut ahead = Vec::new();
    loop {
        let line_start = ahead.len();
        let budget = (MAX_HEAD - line_start) as u64;
        let n = (&mut *input).take(budget).read_until(b'\n', &mut ahead)?;
        let blank = ahead[line_start..].iter().all(u8::is_ascii_whitespace);
        if n == 0 || !blank || ahead.len() >= MAX_HEAD {
            break;
        }
    }
    input.unread(&ahead);
    Ok(starts_http_message(&ahead))
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

/// Where a body reader is.
#[derive(Debug, Clone, Copy)]
enum State {
    /// This many bytes of a `Content-Length` body are left.
    Length(u64),
    /// To the end of the input.
    ToEnd,
    /// A chunk-size line comes next.
    ChunkSize,
    /// This many bytes of the current chunk are left.
    ChunkData(u64),
    /// The line end after a chunk's data comes next.
    ChunkEnd,
    /// Trailer fields, then an empty line, come next.
    Trailers,
    Done,
}

/// A message body as a reader of its content bytes (chunked bodies
/// decoded). A framing error ends it with an `InvalidData` I/O error and is
/// kept in `error`.
struct Body<'r, 'a> {
    input: &'r mut Replay<'a>,
    state: State,
    /// Stream offset of the body's first byte.
    start: u64,
    /// One chunk-size or trailer line.
    line: Vec<u8>,
    /// Trailer bytes read so far.
    trailers: usize,
    error: Option<Error>,
}

impl<'r, 'a> Body<'r, 'a> {
    fn new(input: &'r mut Replay<'a>, framing: Framing) -> Self {
        let start = input.offset();
        Body {
            input,
            state: match framing {
                Framing::Length(n) => State::Length(n),
                Framing::Chunked => State::ChunkSize,
                Framing::ToEnd => State::ToEnd,
            },
            start,
            line: Vec::new(),
            trailers: 0,
            error: None,
        }
    }

    /// Ends the body with a framing error at `offset`.
    fn fail(&mut self, detail: &'static str, offset: u64) -> io::Error {
        self.state = State::Done;
        self.error = Some(Error::new(ErrorKind::Syntax, detail).at(at(offset)));
        io::Error::new(io::ErrorKind::InvalidData, detail)
    }

    /// Reads one line (through `\n`, at most `MAX_HEAD` bytes) into
    /// `self.line`; false when the input ended or the line is too long.
    fn read_line(&mut self) -> io::Result<bool> {
        self.line.clear();
        (&mut *self.input)
            .take(MAX_HEAD as u64)
            .read_until(b'\n', &mut self.line)?;
        Ok(self.line.ends_with(b"\n"))
    }

    /// Reads from the current chunk or length-delimited body.
    fn read_data(&mut self, out: &mut [u8], left: u64) -> io::Result<usize> {
        let max = usize::try_from(left).map_or(out.len(), |l| l.min(out.len()));
        self.input.read(&mut out[..max])
    }
}

impl Read for Body<'_, '_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match self.state {
                State::Done | State::Length(0) => return Ok(0),
                State::Length(left) => {
                    let n = self.read_data(out, left)?;
                    if n == 0 {
                        let start = self.start;
                        return Err(self.fail("body shorter than its Content-Length", start));
                    }
                    self.state = State::Length(left - n as u64);
                    return Ok(n);
                }
                State::ToEnd => {
                    let n = self.input.read(out)?;
                    if n == 0 {
                        self.state = State::Done;
                    }
                    return Ok(n);
                }
                State::ChunkSize => {
                    let line_at = self.input.offset();
                    if !self.read_line()? {
                        return Err(self.fail("chunked body without its last chunk", line_at));
                    }
                    match chunk_size(&self.line) {
                        Some(0) => self.state = State::Trailers,
                        Some(n) => self.state = State::ChunkData(n),
                        None => return Err(self.fail("invalid chunk size line", line_at)),
                    }
                }
                State::ChunkData(left) => {
                    let n = self.read_data(out, left)?;
                    if n == 0 {
                        let end = self.input.offset();
                        return Err(self.fail("chunked body ends inside a chunk", end));
                    }
                    let left = left - n as u64;
                    self.state = if left == 0 {
                        State::ChunkEnd
                    } else {
                        State::ChunkData(left)
                    };
                    return Ok(n);
                }
                State::ChunkEnd => {
                    let line_at = self.input.offset();
                    if !self.read_line()? || (self.line != b"\r\n" && self.line != b"\n") {
                        return Err(self.fail("chunk data longer than its size", line_at));
                    }
                    self.state = State::ChunkSize;
                }
                State::Trailers => {
                    // Trailer fields are read over and ignored: the HTTP
                    // binding maps header fields only.
                    let line_at = self.input.offset();
                    let ended = self.read_line()?;
                    self.trailers += self.line.len();
                    if self.trailers > MAX_HEAD {
                        return Err(self.fail("chunked trailer section too large", line_at));
                    }
                    if !ended || self.line == b"\r\n" || self.line == b"\n" {
                        // The empty line ends the message; a capture may
                        // also end right after the last chunk.
                        if !ended && !self.line.is_empty() {
                            return Err(self.fail("incomplete chunked trailer", line_at));
                        }
                        self.state = State::Done;
                    }
                }
            }
        }
    }
}

/// The size on a chunk-size line (`1a;ext=1\r\n`, CRLF or LF), `None`
/// when it is not one.
fn chunk_size(line: &[u8]) -> Option<u64> {
    let line = line.strip_suffix(b"\n")?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if !line.first().is_some_and(u8::is_ascii_hexdigit) {
        return None;
    }
    // httparse wants the CRLF; the line has none left, nor any CR inside.
    if line.contains(&b'\r') {
        return None;
    }
    let mut crlf = Vec::with_capacity(line.len() + 2);
    crlf.extend_from_slice(line);
    crlf.extend_from_slice(b"\r\n");
    match httparse::parse_chunk_size(&crlf) {
        Ok(httparse::Status::Complete((n, size))) if n == crlf.len() => Some(size),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_size_lines() {
        assert_eq!(chunk_size(b"1a\r\n"), Some(26));
        assert_eq!(chunk_size(b"0\n"), Some(0));
        assert_eq!(chunk_size(b"A;name=value;x=\"q\"\r\n"), Some(10));
        assert_eq!(chunk_size(b"5 ; ext\r\n"), Some(5));
        assert_eq!(chunk_size(b"\r\n"), None);
        assert_eq!(chunk_size(b"x\r\n"), None);
        assert_eq!(chunk_size(b"5"), None);
        assert_eq!(chunk_size(b"11111111111111111\r\n"), None);
    }

    fn body_of(framing: Framing, input: &[u8]) -> (Vec<u8>, Option<Error>, Vec<u8>) {
        let mut src = input;
        let mut replay = Replay::new(Vec::new(), &mut src);
        let mut body = Body::new(&mut replay, framing);
        let mut out = Vec::new();
        let _ = body.read_to_end(&mut out);
        let error = body.error.take();
        let mut rest = Vec::new();
        replay.read_to_end(&mut rest).unwrap();
        (out, error, rest)
    }

    #[test]
    fn chunked_bodies() {
        let (body, error, rest) = body_of(
            Framing::Chunked,
            b"4;a=b\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\nNEXT",
        );
        assert_eq!(body, b"Wikipedia in\r\n\r\nchunks.");
        assert!(error.is_none());
        assert_eq!(rest, b"NEXT");
        // LF line ends, and a capture that ends after the last chunk.
        let (body, error, _) = body_of(Framing::Chunked, b"3\nabc\n0\n");
        assert_eq!((body.as_slice(), error), (&b"abc"[..], None));
        for broken in [
            &b"3\r\nabcd\r\n0\r\n\r\n"[..],
            b"3\r\nab",
            b"zz\r\n",
            b"3\r\nabc\r\n",
        ] {
            let (_, error, _) = body_of(Framing::Chunked, broken);
            assert!(error.is_some(), "{}", String::from_utf8_lossy(broken));
        }
    }
}
