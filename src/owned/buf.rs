//! [`EventBuf`]: an owned, shareable event over `bytes::Bytes`, in either
//! content mode.

use alloc::sync::Arc;

use bytes::{Bytes, BytesMut};

use super::layout::Layout;
use crate::binding::{ContentMode, Message};
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, SpecVersion, Value};
use crate::options::ParseOptions;

/// An owned, immutable, shareable event: the message body it came in (a
/// `bytes::Bytes`, kept as it is) plus the positions of every attribute,
/// extension and the data.
///
/// It holds an event of either content mode:
///
/// - **structured** ([`from_json`](Self::from_json),
///   [`from_event`](Self::from_event), a structured message): the body is
///   the event's JSON, and every position points into it;
/// - **binary** ([`from_message`](Self::from_message) and the per-binding
///   constructors [`from_http`](Self::from_http),
///   [`from_kafka`](Self::from_kafka), [`from_nats`](Self::from_nats),
///   [`from_mqtt`](Self::from_mqtt), [`from_amqp`](Self::from_amqp)): the
///   body is the data, kept as it is, and the attribute values read from
///   the headers (or properties) are copied once into one buffer, in their
///   wire encoding (a percent-encoded HTTP value stays percent-encoded, and
///   is decoded on demand like any [`Text`](crate::Text)). No JSON is
///   written and nothing is parsed again.
///
/// Either way:
///
/// - [`view`](Self::view) gives the [`Event`] back without parsing,
///   validating or allocating (for up to
///   [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS) extensions): attribute
///   texts are sliced from stored positions in O(1); JSON `data` and 0.3
///   Map values are re-checked as UTF-8 to hand out their `&str` without
///   `unsafe` (a memory-speed scan, no parse);
/// - `Clone` is two reference-count increments; the type is
///   `Send + Sync + 'static`: the thing to put on a channel, in a queue or
///   a cache.
///
/// # What building one costs
///
/// - `from_json`: one parse, no copy of the input, one allocation (the
///   shared positions);
/// - `from_event`: one JSON write (the copy), one parse, two allocations;
/// - binary mode: no parse beyond the binding's read, and two allocations
///   (the shared positions, and one buffer of the exact size for the
///   copied attribute values); for an event with more than
///   `INLINE_EXTENSIONS` extensions, one more, besides those of the
///   binding's read (whose extension list grows past its inline room).
///   [`from_message`](Self::from_message)
///   clones the body's `Bytes` handle: a reference count, except that the
///   `bytes` crate allocates its shared header on the first clone of a
///   `Bytes` made from a `Vec`. `tests/eventbuf_binary.rs` counts these.
///
/// ```
/// use bytes::Bytes;
/// use cloudevents_codec::EventBuf;
///
/// let body = Bytes::from_static(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":[1,2]}"#);
/// let event = EventBuf::from_json(body.clone())?;
/// let shared = event.clone();
/// let id = std::thread::spawn(move || shared.view().id().to_string()).join().unwrap();
/// assert_eq!(id, "1");
/// assert_eq!(event.view().data().unwrap().as_bytes(), Some(&b"[1,2]"[..]));
/// assert_eq!(event.as_bytes(), &body); // the same bytes, not a copy
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
///
/// A binary-mode HTTP message, owned without re-encoding:
///
/// ```
/// use bytes::Bytes;
/// use cloudevents_codec::binding::{ContentMode, ReadOptions};
/// use cloudevents_codec::EventBuf;
///
/// let headers = [
///     ("ce-specversion", "1.0"),
///     ("ce-id", "1"),
///     ("ce-source", "/s"),
///     ("ce-type", "t"),
///     ("ce-subject", "caf%C3%A9"),
///     ("content-type", "text/plain"),
/// ];
/// let body = Bytes::from_static(b"hello");
/// let event = EventBuf::from_http(headers, body.clone(), &ReadOptions::new())?;
/// assert_eq!(event.mode(), ContentMode::Binary);
/// let view = event.view();
/// assert!(view.subject().unwrap() == "café"); // kept percent-encoded, decoded on demand
/// assert_eq!(view.subject().unwrap().raw(), b"caf%C3%A9");
/// assert_eq!(view.data().unwrap().as_bytes(), Some(&b"hello"[..]));
/// assert_eq!(event.as_bytes(), &body); // the body, not a copy
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Clone)]
pub struct EventBuf {
    /// The message body: the JSON (structured) or the data (binary).
    body: Bytes,
    layout: Arc<Layout>,
}

impl EventBuf {
    /// Parses a JSON event held in `bytes` with the default options,
    /// keeping `bytes` as the storage.
    ///
    /// # Errors
    ///
    /// As [`Event::from_json`]; `Limit` for inputs of 4 GiB or more.
    pub fn from_json(bytes: Bytes) -> Result<EventBuf, Error> {
        Self::from_json_with(bytes, &ParseOptions::new())
    }

    /// Parses a JSON event held in `bytes` with `options`.
    ///
    /// # Errors
    ///
    /// As [`Event::from_json_with`]; `Limit` for inputs of 4 GiB or more.
    pub fn from_json_with(bytes: Bytes, options: &ParseOptions) -> Result<EventBuf, Error> {
        if u32::try_from(bytes.len()).is_err() {
            return Err(Error::new(ErrorKind::Limit, "event larger than 4 GiB"));
        }
        let layout = {
            let event = Event::from_json_with(&bytes, options)?;
            Layout::place(&event, &bytes, ContentMode::Structured)?
        };
        Ok(EventBuf::from_layout(bytes, layout))
    }

    /// Copies any event (from JSON, a protocol binding or an
    /// [`OwnedEvent`](crate::OwnedEvent)) into a new structured `EventBuf`:
    /// written as JSON into one `BytesMut`, then parsed. Binary data becomes
    /// `data_base64` or JSON text as
    /// [`json::write_event`](crate::json::write_event) writes it. To own a
    /// binary-mode message without writing JSON, use
    /// [`from_message`](Self::from_message).
    ///
    /// # Errors
    ///
    /// Only when the event cannot be represented as a JSON event this
    /// crate reads back (its data nested deeper than 1024 levels).
    pub fn from_event(event: &Event<'_>) -> Result<EventBuf, Error> {
        let mut out = BytesMut::with_capacity(estimate_len(event));
        crate::json::write_event(event, &mut out);
        // The event was validated once already: no size, extension or
        // timestamp limits the second time.
        let options = ParseOptions::new()
            .with_max_size(usize::MAX)
            .with_max_extensions(usize::MAX)
            .with_max_depth(usize::MAX)
            .with_lax_timestamps(true);
        Self::from_json_with(out.freeze(), &options)
    }

    /// Owns a message read by any binding or client adapter, whose body is
    /// `body`: the one constructor for every protocol.
    ///
    /// - Structured: `body` (the event's JSON) is kept, nothing is copied
    ///   or parsed again.
    /// - Binary: `body` (the data) is kept; the attribute values, which
    ///   borrow the message's headers or properties, are copied once into
    ///   one buffer, in their wire encoding.
    ///
    /// Texts that are not slices of `body` are copied, so the result is
    /// right whatever `body` is; passing the body the message was read from
    /// is what avoids copying it.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use cloudevents_codec::binding::kafka;
    /// use cloudevents_codec::EventBuf;
    ///
    /// let headers: &[(&[u8], &[u8])] = &[
    ///     (b"ce_specversion", b"1.0"),
    ///     (b"ce_id", b"7"),
    ///     (b"ce_source", b"/s"),
    ///     (b"ce_type", b"t"),
    ///     (b"content-type", b"application/octet-stream"),
    /// ];
    /// let value = Bytes::from_static(&[0, 1, 2]);
    /// let message = kafka::read(headers.iter().copied(), Some(&value))?;
    /// let owned = EventBuf::from_message(message, &value)?;
    /// // Owned: the headers can go, the event can move to another thread.
    /// let id = std::thread::spawn(move || owned.view().id().to_string()).join().unwrap();
    /// assert_eq!(id, "7");
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    ///
    /// The elements of a batch are events of their own: own each one with
    /// `from_message(Message::Structured(event), &body)`, which keeps
    /// `body` (the whole batch) and copies nothing.
    ///
    /// # Errors
    ///
    /// `UnsupportedFormat` for a [`Message::Batch`] (one `EventBuf` holds
    /// one event); `Limit` when the body, or the attribute values, are 4
    /// GiB or more.
    pub fn from_message(message: Message<'_>, body: &Bytes) -> Result<EventBuf, Error> {
        let layout = own(message, body)?;
        Ok(EventBuf::from_layout(body.clone(), layout))
    }

    /// An `EventBuf` over `body`, whose layout was placed over the same
    /// bytes.
    pub(crate) fn from_layout(body: Bytes, layout: Layout) -> EventBuf {
        EventBuf {
            body,
            layout: Arc::new(layout),
        }
    }

    /// The event, as a borrowing view into this buffer.
    pub fn view(&self) -> Event<'_> {
        self.layout.view(&self.body)
    }

    /// The body of the message the event came in, as received and without
    /// a copy: the event's JSON in structured mode (as received, or as
    /// [`from_event`](Self::from_event) wrote it), the data in binary mode
    /// (empty when there is none).
    pub fn as_bytes(&self) -> &Bytes {
        &self.body
    }

    /// The body (see [`as_bytes`](Self::as_bytes)).
    pub fn into_bytes(self) -> Bytes {
        self.body
    }

    /// The content mode the event came in: [`ContentMode::Structured`]
    /// (the body is its JSON) or [`ContentMode::Binary`] (the body is its
    /// data).
    pub fn mode(&self) -> ContentMode {
        self.layout.mode()
    }

    /// The spec version, without building a view.
    pub fn specversion(&self) -> SpecVersion {
        self.layout.specversion()
    }

    /// Bytes of attribute values held besides the body: those copied from
    /// a binary-mode message's headers (0 in structured mode).
    pub fn copied_len(&self) -> usize {
        self.layout.copied_len()
    }
}

/// The layout of `message`'s event over `kept`.
pub(crate) fn own(message: Message<'_>, kept: &[u8]) -> Result<Layout, Error> {
    match message {
        Message::Binary(event) => Layout::place(&event, kept, ContentMode::Binary),
        Message::Structured(event) => Layout::place(&event, kept, ContentMode::Structured),
        Message::Batch(_) => Err(batch()),
        #[cfg(feature = "protobuf")]
        Message::ProtobufBatch(_) => Err(batch()),
    }
}

#[cold]
fn batch() -> Error {
    Error::new(
        ErrorKind::UnsupportedFormat,
        "an EventBuf holds one event, not a batch: own each element with from_message",
    )
}

impl TryFrom<Bytes> for EventBuf {
    type Error = Error;
    fn try_from(bytes: Bytes) -> Result<Self, Error> {
        EventBuf::from_json(bytes)
    }
}

impl<'a> TryFrom<&Event<'a>> for EventBuf {
    type Error = Error;
    fn try_from(event: &Event<'a>) -> Result<Self, Error> {
        EventBuf::from_event(event)
    }
}

impl core::fmt::Debug for EventBuf {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(&self.view(), f)
    }
}

impl PartialEq for EventBuf {
    /// Equal by meaning, as [`Event`]'s `PartialEq`.
    fn eq(&self, other: &Self) -> bool {
        self.view() == other.view()
    }
}

/// A guess at an event's JSON length, so `from_event` allocates once.
fn estimate_len(e: &Event<'_>) -> usize {
    let texts = [e.datacontenttype, e.dataschema, e.subject, e.time];
    let mut n = 64 + e.id.raw().len() + e.source.raw().len() + e.ty.raw().len();
    n += texts
        .iter()
        .flatten()
        .map(|t| t.raw().len() + 24)
        .sum::<usize>();
    for ext in e.extensions() {
        n += ext.name.raw().len() + 8;
        n += match ext.value {
            Value::String(t) => t.raw().len() + 4,
            Value::Map(m) => m.len(),
            _ => 12,
        };
    }
    n += match &e.data {
        Some(Data::Json(s)) => s.len() + 16,
        Some(Data::Text(t) | Data::Base64(t)) => t.raw().len() + 24,
        Some(Data::Binary(b)) => b.len().div_ceil(3) * 4 + 24,
        Some(Data::Protobuf(any)) => any.value().len().div_ceil(3) * 4 + 24,
        None => 0,
    };
    n
}
