//! [reqwest](https://docs.rs/reqwest) integration (feature `reqwest`):
//! events into requests, responses into [`MessageBuf`]s.
//!
//! - [`RequestBuilderExt`] adds `binary_event`, `structured_event`,
//!   `batch_events` and `message` to `reqwest::RequestBuilder`: the headers
//!   and body are written once, straight into reqwest's `HeaderMap` and a
//!   `Bytes` body.
//! - [`read_response`] reads a response's headers and body, up to a size
//!   limit, into a [`MessageBuf`] to read events from.
//!
//! The feature turns on none of reqwest's default features (no TLS, no
//! HTTP/2): enable the ones you need on your own `reqwest` dependency.
//! reqwest 0.13 needs Rust 1.85.
//!
//! ```no_run
//! use cloudevents_codec::adapters::reqwest::{read_response, RequestBuilderExt};
//! use cloudevents_codec::Event;
//!
//! # async fn send() -> Result<(), Box<dyn std::error::Error>> {
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
//! let client = reqwest::Client::new();
//! let response = client
//!     .post("http://127.0.0.1:8080/events")
//!     .binary_event(&event)?
//!     .send()
//!     .await?;
//! assert!(response.status().is_success());
//! // A reply carrying events: read them (at most 1 MiB of body).
//! let reply = read_response(response, 1 << 20).await?;
//! for event in reply.events() {
//!     println!("{}", event?.id());
//! }
//! # Ok(())
//! # }
//! ```

use core::fmt;

use bytes::{Bytes, BytesMut};

pub use super::http::MessageBuf;
use crate::error::Error;
use crate::event::Event;

/// CloudEvents on `reqwest::RequestBuilder`.
///
/// Each method sets the message's headers (replacing headers of the same
/// name already set) and its body.
pub trait RequestBuilderExt: Sized + private::Sealed {
    /// Carries `message`.
    fn message(self, message: MessageBuf) -> Self;

    /// Carries `event` in binary mode ([`MessageBuf::binary`]).
    ///
    /// # Errors
    ///
    /// `Conflict` when the `datacontenttype` is a CloudEvents media type
    /// (send such an event in structured mode).
    fn binary_event(self, event: &Event<'_>) -> Result<Self, Error> {
        Ok(self.message(MessageBuf::binary(event)?))
    }

    /// Carries `event` in structured mode ([`MessageBuf::structured`]).
    fn structured_event(self, event: &Event<'_>) -> Self {
        self.message(MessageBuf::structured(event))
    }

    /// Carries `events` as one batch ([`MessageBuf::batch`]).
    ///
    /// # Errors
    ///
    /// `InvalidValue` when the events' `specversion`s differ (BATCH-4).
    fn batch_events<'x, 'e: 'x, I>(self, events: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = &'x Event<'e>>,
    {
        Ok(self.message(MessageBuf::batch(events)?))
    }
}

impl RequestBuilderExt for reqwest::RequestBuilder {
    fn message(self, message: MessageBuf) -> Self {
        let (headers, body) = message.into_parts();
        self.headers(headers).body(body)
    }
}

mod private {
    pub trait Sealed {}
    impl Sealed for reqwest::RequestBuilder {}
}

/// Why [`read_response`] failed.
#[non_exhaustive]
#[derive(Debug)]
pub enum ResponseError {
    /// Receiving the body failed.
    Transport(reqwest::Error),
    /// The body is longer than the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Transport(e) => write!(f, "could not read the response: {e}"),
            ResponseError::TooLarge { limit } => {
                write!(f, "response body larger than the limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Transport(e) => Some(e),
            ResponseError::TooLarge { .. } => None,
        }
    }
}

impl From<reqwest::Error> for ResponseError {
    fn from(e: reqwest::Error) -> Self {
        ResponseError::Transport(e)
    }
}

/// Reads `response`'s header fields and body, at most `limit` bytes of it,
/// into a [`MessageBuf`]. The status is not looked at: check it first.
///
/// A body that arrives in one chunk is kept as it is; one in several chunks
/// is joined once.
///
/// # Errors
///
/// [`ResponseError::TooLarge`] as soon as the declared or received length
/// is over `limit`; [`ResponseError::Transport`] when receiving fails.
pub async fn read_response(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<MessageBuf, ResponseError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(ResponseError::TooLarge { limit });
    }
    let headers = core::mem::take(response.headers_mut());
    let mut first: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let received = first.as_ref().map_or(0, Bytes::len) + joined.len() + chunk.len();
        if received > limit {
            return Err(ResponseError::TooLarge { limit });
        }
        match first.take() {
            None if joined.is_empty() => first = Some(chunk),
            None => joined.extend_from_slice(&chunk),
            Some(earlier) => {
                joined.extend_from_slice(&earlier);
                joined.extend_from_slice(&chunk);
            }
        }
    }
    let body = first.unwrap_or_else(|| joined.freeze());
    Ok(MessageBuf::new(headers, body))
}
