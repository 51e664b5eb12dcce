//! The [`http`](https://docs.rs/http) crate's types (feature `http`), over
//! the [HTTP binding](crate::binding::http): `HeaderMap`, `Request` and
//! `Response`, which hyper and most Rust HTTP servers and clients share;
//! with the `bytes` feature, [`MessageBuf`], an owned HTTP message.
//!
//! ```
//! use cloudevents_codec::adapters::http as ce_http;
//! use cloudevents_codec::Event;
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
//!
//! // A request carrying the event in binary mode...
//! let request = ce_http::binary_request(&event)?;
//! assert_eq!(request.headers()["ce-id"], "1");
//! let back = ce_http::read_request(&request)?.into_event().unwrap();
//! assert_eq!(back, event);
//!
//! // ...or headers and a body of the caller's, reused across messages.
//! let (mut headers, mut body) = (http::HeaderMap::new(), Vec::new());
//! ce_http::write_structured(&event, &mut headers, &mut body);
//! assert_eq!(ce_http::read_parts(&headers, &body)?.into_event().unwrap(), event);
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```
//!
//! The `axum` and `reqwest` adapters ([`adapters::axum`](super::axum),
//! [`adapters::reqwest`](super::reqwest)) build on these and on
//! [`MessageBuf`].

#[cfg(feature = "bytes")]
mod buf;

#[cfg(feature = "bytes")]
pub use buf::{Events, MessageBuf};

use crate::binding::http;
use crate::binding::{HeaderItem, HeaderSink, Message, ReadOptions, Written};
use crate::error::Error;
use crate::event::Event;
use crate::sink::Sink;
use ::http::header::{HeaderMap, HeaderName, HeaderValue};
use ::http::{Request, Response};
use alloc::vec::Vec;

impl<'a> HeaderItem<'a> for (&'a HeaderName, &'a HeaderValue) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0.as_str().as_bytes(), Some(self.1.as_bytes()))
    }
}

/// Appends headers to the map (`HeaderMap::append`). A name or value the
/// `http` crate rejects is skipped; this crate's writers produce none.
impl HeaderSink for HeaderMap {
    fn header(&mut self, name: &[u8], value: &[u8]) {
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name), HeaderValue::from_bytes(value)) {
            self.append(n, v);
        }
    }
}

/// Reads the event(s) of a request with the default [`ReadOptions`],
/// iterating its header map directly.
///
/// # Errors
///
/// As [`http::read`].
pub fn read_request<B: AsRef<[u8]>>(request: &Request<B>) -> Result<Message<'_>, Error> {
    read_request_with(request, &ReadOptions::new())
}

/// Reads the event(s) of a request with `options`.
///
/// # Errors
///
/// As [`http::read`].
pub fn read_request_with<'m, B: AsRef<[u8]>>(
    request: &'m Request<B>,
    options: &ReadOptions,
) -> Result<Message<'m>, Error> {
    http::read_with(request.headers(), request.body().as_ref(), options)
}

/// Reads the event(s) of a response with the default [`ReadOptions`].
///
/// # Errors
///
/// As [`http::read`].
pub fn read_response<B: AsRef<[u8]>>(response: &Response<B>) -> Result<Message<'_>, Error> {
    read_response_with(response, &ReadOptions::new())
}

/// Reads the event(s) of a response with `options`.
///
/// # Errors
///
/// As [`http::read`].
pub fn read_response_with<'m, B: AsRef<[u8]>>(
    response: &'m Response<B>,
    options: &ReadOptions,
) -> Result<Message<'m>, Error> {
    http::read_with(response.headers(), response.body().as_ref(), options)
}

/// Reads the event(s) of a header map and body with the default
/// [`ReadOptions`].
///
/// # Errors
///
/// As [`http::read`].
pub fn read_parts<'a>(headers: &'a HeaderMap, body: &'a [u8]) -> Result<Message<'a>, Error> {
    read_parts_with(headers, body, &ReadOptions::new())
}

/// Reads the event(s) of a header map and body with `options`.
///
/// # Errors
///
/// As [`http::read`].
pub fn read_parts_with<'a>(
    headers: &'a HeaderMap,
    body: &'a [u8],
    options: &ReadOptions,
) -> Result<Message<'a>, Error> {
    http::read_with(headers, body, options)
}

/// Writes `event` in binary mode: `ce-` headers (percent-encoded) and
/// `Content-Type` appended to `headers`, the data into `body` (reuse both
/// across messages).
///
/// # Errors
///
/// As [`http::write_binary`].
pub fn write_binary<'e, S: Sink + ?Sized>(
    event: &Event<'e>,
    headers: &mut HeaderMap,
    body: &mut S,
) -> Result<Written<'e>, Error> {
    http::write_binary(event, headers, body)
}

/// Writes `event` in structured mode: `Content-Type:
/// application/cloudevents+json; charset=utf-8` appended to `headers`, the
/// JSON event into `body`.
pub fn write_structured<S: Sink + ?Sized>(
    event: &Event<'_>,
    headers: &mut HeaderMap,
    body: &mut S,
) -> Written<'static> {
    http::write_structured(event, headers, body)
}

/// Writes `events` as one batch: the batch `Content-Type` appended to
/// `headers`, the JSON array into `body`.
///
/// # Errors
///
/// As [`http::write_batch`].
pub fn write_batch<'x, 'e: 'x, I, S>(
    events: I,
    headers: &mut HeaderMap,
    body: &mut S,
) -> Result<Written<'static>, Error>
where
    I: IntoIterator<Item = &'x Event<'e>>,
    S: Sink + ?Sized,
{
    http::write_batch(events, headers, body)
}

/// A request carrying `event` in binary mode (method and URI keep their
/// defaults, `GET /`: set them on the result).
///
/// # Errors
///
/// As [`http::write_binary`].
pub fn binary_request(event: &Event<'_>) -> Result<Request<Vec<u8>>, Error> {
    let mut request = Request::new(Vec::new());
    let mut body = Vec::new();
    write_binary(event, request.headers_mut(), &mut body)?;
    *request.body_mut() = body;
    Ok(request)
}

/// A request carrying `event` in structured mode.
pub fn structured_request(event: &Event<'_>) -> Request<Vec<u8>> {
    let mut request = Request::new(Vec::new());
    let mut body = Vec::new();
    write_structured(event, request.headers_mut(), &mut body);
    *request.body_mut() = body;
    request
}

/// A `200 OK` response carrying `event` in binary mode.
///
/// # Errors
///
/// As [`http::write_binary`].
pub fn binary_response(event: &Event<'_>) -> Result<Response<Vec<u8>>, Error> {
    let mut response = Response::new(Vec::new());
    let mut body = Vec::new();
    write_binary(event, response.headers_mut(), &mut body)?;
    *response.body_mut() = body;
    Ok(response)
}

/// A `200 OK` response carrying `event` in structured mode.
pub fn structured_response(event: &Event<'_>) -> Response<Vec<u8>> {
    let mut response = Response::new(Vec::new());
    let mut body = Vec::new();
    write_structured(event, response.headers_mut(), &mut body);
    *response.body_mut() = body;
    response
}
