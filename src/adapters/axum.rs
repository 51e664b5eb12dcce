//! [axum](https://docs.rs/axum) integration (feature `axum`): extractors that
//! take the event(s) of a request, and responses that carry events.
//!
//! The traits implemented are axum-core's `FromRequest` and `IntoResponse`,
//! which axum 0.8 re-exports: this feature does not pull in axum's router,
//! hyper or tokio, which stay the application's choice.
//!
//! - [`CloudEvents`] is the extractor for handlers that want valid events
//!   only: binary, structured or batch mode, every event checked, and a
//!   [`Rejection`] (`400`, `413` or `415`, with a JSON body
//!   `{"error": "MESSAGE"}`) otherwise.
//! - [`MessageBuf`] is the lenient extractor: the request's header map and
//!   body, owned, checked only to be a CloudEvents message at all (`413`,
//!   `415`). The handler reads it and decides what to do with each invalid
//!   event, as `ce serve` does with the elements of a batch.
//! - A [`MessageBuf`] is also a response (`200 OK`, or any status as
//!   `(StatusCode, MessageBuf)`): [`MessageBuf::binary`],
//!   [`MessageBuf::structured`], [`MessageBuf::batch`].
//!
//! The body is read up to [`ParseOptions::max_size`](crate::ParseOptions)
//! bytes (4 MiB by default; a longer body is `413 Payload Too Large`), and
//! events are read with the [`ReadOptions`] found in the request's
//! extensions, the defaults otherwise: set them for a router with axum's
//! `Extension` layer. axum's `DefaultBodyLimit` does not apply.
//!
//! ```
//! use axum::{http::StatusCode, routing::post, Extension, Router};
//! use cloudevents_codec::adapters::axum::{CloudEvents, MessageBuf};
//! use cloudevents_codec::binding::ReadOptions;
//! use cloudevents_codec::{Event, ParseOptions};
//!
//! // Valid events only; the extractor answers 400/413/415 for the rest.
//! async fn receive(events: CloudEvents) -> StatusCode {
//!     for event in events.iter() {
//!         println!("{}", event.id());
//!     }
//!     StatusCode::ACCEPTED
//! }
//!
//! // An event as the response, in binary mode.
//! async fn latest() -> Result<MessageBuf, cloudevents_codec::Error> {
//!     let event = Event::from_json(br#"{"specversion":"1.0","id":"7","source":"/s","type":"t"}"#)?;
//!     MessageBuf::binary(&event)
//! }
//!
//! let options = ReadOptions::new().with_parse(ParseOptions::new().with_max_size(1 << 20));
//! let app: Router = Router::new()
//!     .route("/events", post(receive).get(latest))
//!     .layer(Extension(options));
//! ```

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use ::http::header::{HeaderMap, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use ::http::StatusCode;
use axum_core::body::Body;
use axum_core::extract::{FromRequest, Request};
use axum_core::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::http::Events;
pub use super::http::MessageBuf;
use crate::binding::{ContentMode, ReadOptions};
use crate::error::Error;
use crate::event::Event;
use crate::text::Text;

/// Most invalid events a [`Rejection`] names one by one.
const LISTED_ERRORS: usize = 16;

/// Why a request was refused: an HTTP status and a one-line message, sent
/// as `{"error": "MESSAGE"}` (`Content-Type: application/json`). The
/// statuses follow the webhook spec's delivery answers (HTTP-28):
///
/// - `400 Bad Request`: an invalid event, or a batch with invalid elements
///   (each named by position: `event 2 (index 1): MESSAGE`); a body that
///   could not be read.
/// - `413 Payload Too Large`: a body longer than the size limit.
/// - `415 Unsupported Media Type`: no CloudEvent at all (neither a
///   CloudEvents content type nor any `ce-` header), or a CloudEvents format
///   other than JSON (HTTP-4). A request with `ce-` headers but without
///   `ce-specversion` is an invalid CloudEvent: `400` (HTTP-5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    status: StatusCode,
    message: String,
}

impl Rejection {
    /// A rejection with any status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Rejection {
        Rejection {
            status,
            message: message.into(),
        }
    }

    /// The `415` rejection for a message that is no CloudEvent
    /// ([`MessageBuf::check_cloud_event`]'s errors).
    pub fn unsupported(error: &Error) -> Rejection {
        Rejection::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            alloc::format!("{error}"),
        )
    }

    /// The `400` rejection for an invalid event, or a message that could
    /// not be read.
    pub fn invalid(error: &Error) -> Rejection {
        Rejection::new(StatusCode::BAD_REQUEST, alloc::format!("{error}"))
    }

    /// The `400` rejection for a batch with invalid elements, given as
    /// (0-based index, error) pairs; the message names the first 16 as
    /// `event N (index I): MESSAGE`, separated by `; `.
    pub fn invalid_elements(errors: &[(usize, Error)]) -> Rejection {
        use core::fmt::Write;
        let mut message = String::new();
        for (i, (index, error)) in errors.iter().take(LISTED_ERRORS).enumerate() {
            if i > 0 {
                message.push_str("; ");
            }
            let _ = write!(message, "{}", ElementError::new(*index, error));
        }
        if errors.len() > LISTED_ERRORS {
            let _ = write!(message, "; {} invalid events in all", errors.len());
        }
        Rejection::new(StatusCode::BAD_REQUEST, message)
    }

    /// The `413` rejection for a body over `limit` bytes.
    pub fn too_large(limit: usize) -> Rejection {
        Rejection::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            alloc::format!("request body larger than the limit of {limit} bytes"),
        )
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.message)
    }
}

impl std::error::Error for Rejection {}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        error_response(self.status, &self.message)
    }
}

/// An event the server could not write (for example a binary-mode event
/// whose `datacontenttype` is a CloudEvents media type) is the server's
/// fault: `500 Internal Server Error` with `{"error": "MESSAGE"}`.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        error_response(StatusCode::INTERNAL_SERVER_ERROR, &alloc::format!("{self}"))
    }
}

/// How the rejections and `ce serve` name an invalid batch element:
/// `event N (index I): MESSAGE`, N 1-based and I the 0-based array index.
#[derive(Debug, Clone, Copy)]
pub struct ElementError<'e> {
    index: usize,
    error: &'e Error,
}

impl<'e> ElementError<'e> {
    /// The element at 0-based `index` and its error.
    pub fn new(index: usize, error: &'e Error) -> Self {
        ElementError { index, error }
    }
}

impl fmt::Display for ElementError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "event {} (index {}): {}",
            self.index + 1,
            self.index,
            self.error
        )
    }
}

/// `status` with the body `{"error": "MESSAGE"}`.
fn error_response(status: StatusCode, message: &str) -> Response {
    let mut body = Vec::with_capacity(message.len() + 16);
    body.extend_from_slice(b"{\"error\":");
    Text::plain(message).write_json(&mut body);
    body.push(b'}');
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// A response carrying the message: `200 OK`, its headers and body. For
/// another status return `(StatusCode, MessageBuf)`.
impl IntoResponse for MessageBuf {
    fn into_response(self) -> Response {
        let (headers, body) = self.into_parts();
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = headers;
        response
    }
}

/// The lenient extractor: the request's headers and body, checked only to
/// be a CloudEvents message ([`MessageBuf::check_cloud_event`]).
///
/// # Rejections
///
/// `413` for a body over the size limit, `415` for no CloudEvent, `400` for
/// a body that could not be received.
impl<S: Send + Sync> FromRequest<S> for MessageBuf {
    type Rejection = Rejection;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Rejection> {
        let options = request_options(&request);
        let (parts, body) = request.into_parts();
        let body = read_body(&parts.headers, body, options.parse().max_size()).await?;
        let message = MessageBuf::new(parts.headers, body);
        message
            .check_cloud_event(&options)
            .map_err(|e| Rejection::unsupported(&e))?;
        Ok(message)
    }
}

/// The read options in the request's extensions, or the defaults.
fn request_options(request: &Request) -> ReadOptions {
    request
        .extensions()
        .get::<ReadOptions>()
        .copied()
        .unwrap_or_default()
}

/// The whole body, refused early when `Content-Length` is over `limit`.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Rejection> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Rejection::too_large(limit));
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(Rejection::too_large(limit))
        }
        Err(e) => Err(Rejection::new(
            StatusCode::BAD_REQUEST,
            alloc::format!("could not read the request body: {e}"),
        )),
    }
}

/// The strict extractor: a request whose event, or every event of whose
/// batch, is valid.
///
/// The message is read once to check it and again by [`iter`](Self::iter),
/// borrowing from the request's header map and body both times (no copy; a
/// second parse costs less than keeping the position of every attribute of
/// every batch element).
///
/// # Rejections
///
/// See [`Rejection`]: `400` names the invalid event, or each invalid batch
/// element by index.
#[derive(Debug, Clone)]
pub struct CloudEvents {
    message: MessageBuf,
    options: ReadOptions,
    mode: ContentMode,
    len: usize,
}

impl CloudEvents {
    /// Checks every event of `message` with `options`.
    ///
    /// # Errors
    ///
    /// The [`Rejection`] the extractor answers with.
    pub fn from_message(message: MessageBuf, options: ReadOptions) -> Result<Self, Rejection> {
        let mode = message
            .check_cloud_event(&options)
            .map_err(|e| Rejection::unsupported(&e))?;
        let len = count_valid(message.events_with(&options))?;
        Ok(CloudEvents {
            message,
            options,
            mode,
            len,
        })
    }

    /// The content mode of the request.
    pub fn mode(&self) -> ContentMode {
        self.mode
    }

    /// How many events: 1, or the length of the batch.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for an empty batch.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The events, borrowing from the request.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.message.events_with(&self.options))
    }

    /// The request's headers and body.
    pub fn message(&self) -> &MessageBuf {
        &self.message
    }

    /// The request's headers and body, owned.
    pub fn into_message(self) -> MessageBuf {
        self.message
    }
}

/// The number of events, or the rejection naming the invalid ones.
fn count_valid(events: Events<'_>) -> Result<usize, Rejection> {
    let batch = events.is_batch();
    let mut errors = Vec::new();
    let mut len = 0;
    for (index, result) in events.enumerate() {
        match result {
            Ok(_) => len += 1,
            Err(e) if !batch => return Err(Rejection::invalid(&e)),
            Err(e) => errors.push((index, e)),
        }
    }
    if errors.is_empty() {
        Ok(len)
    } else {
        Err(Rejection::invalid_elements(&errors))
    }
}

impl<S: Send + Sync> FromRequest<S> for CloudEvents {
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        let options = request_options(&request);
        let message = MessageBuf::from_request(request, state).await?;
        CloudEvents::from_message(message, options)
    }
}

impl<'a> IntoIterator for &'a CloudEvents {
    type Item = Event<'a>;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The events of [`CloudEvents`].
#[derive(Debug)]
pub struct Iter<'a>(Events<'a>);

impl<'a> Iterator for Iter<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        // Every event was valid when extracted with the same options, so
        // no error is skipped here.
        self.0.find_map(Result::ok)
    }
}
