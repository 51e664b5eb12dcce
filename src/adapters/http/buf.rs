//! [`MessageBuf`]: an owned HTTP CloudEvents message, the `http` crate's
//! `HeaderMap` plus a `bytes::Bytes` body (features `http` and `bytes`).
//!
//! It is what the axum extractor yields, what an axum handler returns, what a
//! reqwest request carries and what a reqwest response is read into: one
//! owned type for every HTTP client and server, so reading it is always the
//! same borrowing [`binding::http::read_with`](crate::binding::http::read_with) over its parts.

use ::http::header::{HeaderMap, CONTENT_TYPE};
use bytes::{Bytes, BytesMut};

use crate::binding::http::{self, read_with, write_batch, write_binary, write_structured};
use crate::binding::{
    detect_mode, not_cloud_event, ContentMode, Message, ReadOptions, BATCH_CONTENT_TYPE,
};
use crate::error::Error;
use crate::event::Event;

/// An owned HTTP CloudEvents message: header fields and body.
///
/// Holding the message owned and reading it on request keeps the body where
/// the HTTP library put it: [`read`](Self::read) borrows attribute values
/// from the header map and the body (no copy); [`events`](Self::events)
/// iterates the event, or the events of a batch. `Clone` copies the header
/// map and shares the body.
///
/// ```
/// use cloudevents_codec::adapters::http::MessageBuf;
/// use cloudevents_codec::binding::ContentMode;
/// use cloudevents_codec::Event;
///
/// let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
///     "datacontenttype":"text/plain","data":"hi"}"#)?;
/// let message = MessageBuf::binary(&event)?;
/// assert_eq!(message.headers()["ce-id"], "1");
/// assert_eq!(message.mode()?, ContentMode::Binary);
/// let back: Vec<Event<'_>> = message.events().collect::<Result<_, _>>()?;
/// assert_eq!(back, [event]);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MessageBuf {
    headers: HeaderMap,
    body: Bytes,
}

impl MessageBuf {
    /// A message from received parts. Nothing is checked until it is read.
    pub fn new(headers: HeaderMap, body: Bytes) -> MessageBuf {
        MessageBuf { headers, body }
    }

    /// `event` in binary mode: `ce-` headers, `Content-Type` and the data as
    /// body (HTTP-6..HTTP-11).
    ///
    /// # Errors
    ///
    /// As [`http::write_binary`](crate::binding::http::write_binary): `Conflict` when
    /// the `datacontenttype` is a CloudEvents media type.
    pub fn binary(event: &Event<'_>) -> Result<MessageBuf, Error> {
        let mut headers = HeaderMap::new();
        let mut body = BytesMut::new();
        write_binary(event, &mut headers, &mut body)?;
        Ok(MessageBuf::new(headers, body.freeze()))
    }

    /// `event` in structured mode (HTTP-20).
    pub fn structured(event: &Event<'_>) -> MessageBuf {
        let mut headers = HeaderMap::new();
        let mut body = BytesMut::new();
        write_structured(event, &mut headers, &mut body);
        MessageBuf::new(headers, body.freeze())
    }

    /// `events` as one batch (HTTP-21).
    ///
    /// # Errors
    ///
    /// `InvalidValue` when the events' `specversion`s differ (BATCH-4).
    pub fn batch<'x, 'e: 'x, I>(events: I) -> Result<MessageBuf, Error>
    where
        I: IntoIterator<Item = &'x Event<'e>>,
    {
        let mut headers = HeaderMap::new();
        let mut body = BytesMut::new();
        write_batch(events, &mut headers, &mut body)?;
        Ok(MessageBuf::new(headers, body.freeze()))
    }

    /// A batch whose JSON array is already written, such as a batch cut by
    /// [`stream::BatchProducer`](crate::stream::BatchProducer) with
    /// `Framing::Array`: sets the batch `Content-Type` (HTTP-21). The body is
    /// not checked here.
    pub fn batch_body(body: Bytes) -> MessageBuf {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            ::http::HeaderValue::from_static(BATCH_CONTENT_TYPE),
        );
        MessageBuf::new(headers, body)
    }

    /// The header fields.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The header fields, to add or change some before sending.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The header map and the body.
    pub fn into_parts(self) -> (HeaderMap, Bytes) {
        (self.headers, self.body)
    }

    /// The content mode the `Content-Type` selects (HTTP-3), with the
    /// default [`ReadOptions`]. Only the header is looked at.
    ///
    /// # Errors
    ///
    /// As [`detect_mode`]: `UnsupportedFormat` for a CloudEvents media type
    /// of another format (HTTP-4).
    pub fn mode(&self) -> Result<ContentMode, Error> {
        self.mode_with(&ReadOptions::new())
    }

    /// The content mode the `Content-Type` selects, with `options`.
    ///
    /// # Errors
    ///
    /// As [`mode`](Self::mode).
    pub fn mode_with(&self, options: &ReadOptions) -> Result<ContentMode, Error> {
        let content_type = self
            .headers
            .get(CONTENT_TYPE)
            .map(::http::HeaderValue::as_bytes)
            .filter(|ct| !ct.is_empty());
        detect_mode(content_type, options)
    }

    /// Reads the message with the default [`ReadOptions`]: one event in
    /// binary or structured mode, or a lazy batch.
    ///
    /// # Errors
    ///
    /// As [`http::read`](crate::binding::http::read).
    pub fn read(&self) -> Result<Message<'_>, Error> {
        self.read_with(&ReadOptions::new())
    }

    /// Reads the message with `options`.
    ///
    /// # Errors
    ///
    /// As [`http::read`](crate::binding::http::read).
    pub fn read_with(&self, options: &ReadOptions) -> Result<Message<'_>, Error> {
        read_with(&self.headers, &self.body, options)
    }

    /// Checks that the message is meant as a CloudEvents message at all,
    /// from its headers only: the content type selects a mode this crate
    /// reads (HTTP-4), and a binary-mode message has at least one `ce-`
    /// header. These are the messages an HTTP server answers with `415
    /// Unsupported Media Type`. A message with `ce-` headers but without
    /// `ce-specversion` passes: its sender meant a CloudEvent, and
    /// [`read_with`](Self::read_with) reports it invalid (HTTP-5).
    ///
    /// # Errors
    ///
    /// `UnsupportedFormat` or `NotCloudEvent`.
    pub fn check_cloud_event(&self, options: &ReadOptions) -> Result<ContentMode, Error> {
        let mode = self.mode_with(options)?;
        let attempted = || {
            self.headers
                .keys()
                .any(|name| name.as_str().starts_with(http::PREFIX))
        };
        if mode == ContentMode::Binary && !attempted() {
            return Err(not_cloud_event());
        }
        Ok(mode)
    }

    /// Every event of the message with the default [`ReadOptions`]: one item
    /// for a binary or structured message (or for a message that cannot be
    /// read at all), one per element for a batch.
    pub fn events(&self) -> Events<'_> {
        self.events_with(&ReadOptions::new())
    }

    /// Every event of the message, read with `options`.
    pub fn events_with(&self, options: &ReadOptions) -> Events<'_> {
        Events::new(self.read_with(options))
    }
}

impl From<MessageBuf> for ::http::Request<Bytes> {
    /// A request with the message's headers and body; method and URI keep
    /// their defaults (`GET /`): set them on the result.
    fn from(message: MessageBuf) -> Self {
        let mut request = ::http::Request::new(message.body);
        *request.headers_mut() = message.headers;
        request
    }
}

impl From<MessageBuf> for ::http::Response<Bytes> {
    /// A `200 OK` response with the message's headers and body.
    fn from(message: MessageBuf) -> Self {
        let mut response = ::http::Response::new(message.body);
        *response.headers_mut() = message.headers;
        response
    }
}

impl From<::http::Request<Bytes>> for MessageBuf {
    fn from(request: ::http::Request<Bytes>) -> Self {
        let (parts, body) = request.into_parts();
        MessageBuf::new(parts.headers, body)
    }
}

impl From<::http::Response<Bytes>> for MessageBuf {
    fn from(response: ::http::Response<Bytes>) -> Self {
        let (parts, body) = response.into_parts();
        MessageBuf::new(parts.headers, body)
    }
}

/// The events of a [`MessageBuf`], each `Ok` or the error that made it
/// invalid. A batch element that is valid JSON but not a valid event is an
/// `Err` and iteration goes on (BATCH-8); a broken array ends it.
pub struct Events<'a> {
    state: State<'a>,
    batch: bool,
}

// A short-lived iterator on the stack: boxing the event would allocate.
#[allow(clippy::large_enum_variant)]
enum State<'a> {
    One(Option<Result<Event<'a>, Error>>),
    Batch(crate::json::BatchReader<'a>),
    #[cfg(feature = "protobuf")]
    ProtobufBatch(crate::protobuf::BatchReader<'a>),
}

impl<'a> Events<'a> {
    fn new(message: Result<Message<'a>, Error>) -> Self {
        match message {
            Ok(Message::Batch(reader)) => Events {
                state: State::Batch(reader),
                batch: true,
            },
            #[cfg(feature = "protobuf")]
            Ok(Message::ProtobufBatch(reader)) => Events {
                state: State::ProtobufBatch(reader),
                batch: true,
            },
            Ok(Message::Binary(e) | Message::Structured(e)) => Events {
                state: State::One(Some(Ok(e))),
                batch: false,
            },
            Err(e) => Events {
                state: State::One(Some(Err(e))),
                batch: false,
            },
        }
    }

    /// True when the items are the elements of a batch (their position is
    /// the element's 0-based index); false for one event or for a message
    /// that could not be read at all.
    pub fn is_batch(&self) -> bool {
        self.batch
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = Result<Event<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.state {
            State::One(item) => item.take(),
            State::Batch(reader) => reader.next(),
            #[cfg(feature = "protobuf")]
            State::ProtobufBatch(reader) => reader.next(),
        }
    }
}

impl core::fmt::Debug for Events<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Events")
            .field("batch", &self.batch)
            .finish_non_exhaustive()
    }
}
