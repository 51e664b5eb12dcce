//! Async framing (feature `tokio-util`): `tokio_util::codec` decoders and
//! encoders for NDJSON and batch streams, and [`EventStream`], a `Stream`
//! of owned events from any `tokio::io::AsyncRead`.
//!
//! The decoders cut the read buffer with the same framing as the
//! incremental readers ([`NdjsonStream`](super::NdjsonStream),
//! [`BatchStream`](super::BatchStream)): the same lines and elements, the
//! same errors at the same indexes and offsets, the same bound on an
//! event's size. Each event is split off the read buffer without a copy
//! (`BytesMut::split_to(..).freeze()`) and handed out as an [`EventBuf`]
//! whose positions come from the one parse that checked it.

use core::pin::Pin;
use core::task::{Context, Poll};
use std::io;

use bytes::{Buf, BytesMut};
use futures_core::Stream;
use tokio::io::AsyncRead;
use tokio_util::codec::{Decoder, Encoder, FramedRead};

use super::batch::BatchFraming;
use super::buffer::Framer;
use super::ndjson::{Framed, LineFraming};
use super::{Status, StreamError};
use crate::attrs::check_batch_version;
use crate::binding::ContentMode;
use crate::event::{Event, SpecVersion};
use crate::json;
use crate::options::ParseOptions;
use crate::owned::layout::Layout;
use crate::sink::Sink;
use crate::EventBuf;

/// What one decoder step gives: an owned event, or the error of the event
/// at its index (skipped; [`StreamError::is_fatal`] when the framing is
/// broken and nothing more follows).
pub type Decoded = Result<EventBuf, StreamError>;

/// Turns a framing's answer over `src` into an item, splitting the event's
/// bytes off `src` without copying them; drops what the framing consumed.
fn deliver(
    src: &mut BytesMut,
    position: &mut u64,
    consumed: usize,
    next: Result<Status<(Layout, usize, usize)>, StreamError>,
) -> Option<Decoded> {
    let consumed = consumed.min(src.len());
    *position += consumed as u64;
    match next {
        Ok(Status::Complete((layout, start, end))) => {
            let frame = src.split_to(consumed).freeze();
            Some(Ok(EventBuf::from_layout(frame.slice(start..end), layout)))
        }
        Ok(Status::Partial) => {
            src.advance(consumed);
            None
        }
        Ok(Status::Done) => {
            // At the end of the input, or after a fatal error: nothing
            // that follows is read, so nothing is kept.
            *position += (src.len() - consumed) as u64;
            src.clear();
            None
        }
        Err(e) => {
            src.advance(consumed);
            Some(Err(e))
        }
    }
}

/// The owned positions of a framed event, over its own bytes
/// (`window[start..end]`), so that the window can be split afterwards.
fn place(
    window: &[u8],
    framed: Framed<'_>,
    index: u64,
    base: u64,
) -> Result<(Layout, usize, usize), StreamError> {
    let Framed { event, start, end } = framed;
    // The event's JSON without the whitespace around it (a line's `\r`).
    let text = &window[start..end];
    let start = start + text.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let end = end
        - text
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let end = end.max(start);
    match Layout::place(&event, &window[start..end], ContentMode::Structured) {
        Ok(layout) => Ok((layout, start, end)),
        Err(e) => Err(StreamError::new(e, index, base + start as u64, false)),
    }
}

/// One decoder step: frames the next event of `src`, places it and splits
/// it off; `position` is the stream offset of `src`'s first byte.
fn frame(
    framing: &mut impl Framer,
    position: &mut u64,
    options: &ParseOptions,
    src: &mut BytesMut,
    eof: bool,
) -> Option<Decoded> {
    let base = *position;
    // The event borrows `src` until it is placed; then `src` is split.
    let next = match framing.next(&src[..], eof, base, options) {
        Ok(Status::Complete(framed)) => {
            let index = framing.index().wrapping_sub(1);
            place(&src[..], framed, index, base).map(Status::Complete)
        }
        Ok(Status::Partial) => Ok(Status::Partial),
        Ok(Status::Done) => Ok(Status::Done),
        Err(e) => Err(e),
    };
    deliver(src, position, framing.consumed(), next)
}

/// A `tokio_util::codec` decoder and encoder for NDJSON: one event per
/// line, blank lines skipped, `\r\n` accepted.
///
/// Decoding gives `Result<EventBuf, StreamError>` items: a bad line is an
/// `Err` item naming the event (index, stream offset) and is skipped; the
/// stream goes on. A line longer than
/// [`ParseOptions::max_size`](crate::ParseOptions::max_size) is a `Limit`
/// item as soon as that many bytes are buffered, and its bytes are dropped
/// as they arrive: the read buffer stays within about twice the limit. The
/// decoder's `Error` (which ends a `FramedRead`) is only the reader's
/// `io::Error`.
///
/// Encoding writes one event per line (`&Event`, `Event`, `&EventBuf`,
/// `EventBuf`).
///
/// Decoding allocates once per event (the `EventBuf`'s shared positions,
/// for up to [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS) extensions);
/// the event's bytes are split off the buffer, not copied
/// (`tests/stream_async.rs` counts both).
///
/// ```
/// use bytes::BytesMut;
/// use cloudevents_codec::stream::NdjsonCodec;
/// use cloudevents_codec::ErrorKind;
/// use tokio_util::codec::Decoder;
///
/// let mut buf = BytesMut::from(
///     &b"{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}\nnot json\n"[..],
/// );
/// let start = buf.as_ptr();
/// let mut codec = NdjsonCodec::new();
/// let event = codec.decode(&mut buf)?.unwrap().unwrap();
/// assert!(event.view().id() == "1");
/// assert_eq!(event.as_bytes().as_ptr(), start); // split off the buffer, not copied
/// let err = codec.decode(&mut buf)?.unwrap().unwrap_err();
/// assert_eq!((err.kind(), err.index(), err.is_fatal()), (ErrorKind::Syntax, 1, false));
/// assert!(codec.decode(&mut buf)?.is_none()); // more input needed
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct NdjsonCodec {
    options: ParseOptions,
    lines: LineFraming,
    /// Stream offset of the buffer's first byte.
    position: u64,
}

impl Default for NdjsonCodec {
    fn default() -> Self {
        Self::new()
    }
}

impl NdjsonCodec {
    /// A codec with the default [`ParseOptions`].
    pub const fn new() -> Self {
        Self::with_options(ParseOptions::new())
    }

    /// A codec applying `options` to every event (`max_size` bounds one
    /// line).
    pub const fn with_options(options: ParseOptions) -> Self {
        NdjsonCodec {
            options,
            lines: LineFraming::new(),
            position: 0,
        }
    }

    /// How many events (non-blank lines, valid or not) were decoded.
    pub fn events_read(&self) -> u64 {
        self.lines.index
    }

    /// Stream offset of the first byte not consumed yet.
    pub fn position(&self) -> u64 {
        self.position
    }
}

impl Decoder for NdjsonCodec {
    type Item = Decoded;
    type Error = io::Error;

    fn decode(&mut self, src: &mut BytesMut) -> io::Result<Option<Decoded>> {
        Ok(frame(
            &mut self.lines,
            &mut self.position,
            &self.options,
            src,
            false,
        ))
    }

    fn decode_eof(&mut self, src: &mut BytesMut) -> io::Result<Option<Decoded>> {
        Ok(frame(
            &mut self.lines,
            &mut self.position,
            &self.options,
            src,
            true,
        ))
    }
}

/// A `tokio_util::codec` decoder and encoder for one JSON batch array
/// (`application/cloudevents-batch+json`, BATCH-1..BATCH-5).
///
/// Decoding gives `Result<EventBuf, StreamError>` items, as
/// [`BatchStream`](super::BatchStream) reads them: a bad element is an
/// `Err` item and is skipped (BATCH-5); an error in the array's own
/// structure is a [fatal](StreamError::is_fatal) `Err` item, after which
/// the decoder gives nothing more and drops the rest of the input.
/// `max_size` bounds one element, not the batch.
///
/// Encoding writes one array: each event (`&Event`, `Event`, `&EventBuf`,
/// `EventBuf`) is an element (`[` before the first, `,` before the
/// others), all of one `specversion` (BATCH-4); [`BatchEnd`] closes the
/// array (`[]` when it has no element) and the next event opens a new one.
///
/// ```
/// use bytes::BytesMut;
/// use cloudevents_codec::stream::{BatchCodec, BatchEnd};
/// use cloudevents_codec::Event;
/// use tokio_util::codec::{Decoder, Encoder};
///
/// let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
/// let mut codec = BatchCodec::new();
/// let mut buf = BytesMut::new();
/// codec.encode(&event, &mut buf)?;
/// codec.encode(&event, &mut buf)?;
/// codec.encode(BatchEnd, &mut buf)?;
/// assert!(buf.starts_with(b"[{") && buf.ends_with(b"}]"));
/// let mut decoder = BatchCodec::new();
/// let first = decoder.decode_eof(&mut buf)?.unwrap().unwrap();
/// assert_eq!(first.view(), event);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct BatchCodec {
    options: ParseOptions,
    framing: BatchFraming,
    position: u64,
    /// The encoder's open array: its `specversion` once an element was
    /// written.
    writing: Option<SpecVersion>,
}

impl Default for BatchCodec {
    fn default() -> Self {
        Self::new()
    }
}

impl BatchCodec {
    /// A codec with the default [`ParseOptions`].
    pub const fn new() -> Self {
        Self::with_options(ParseOptions::new())
    }

    /// A codec applying `options` to every element.
    pub const fn with_options(options: ParseOptions) -> Self {
        BatchCodec {
            options,
            framing: BatchFraming::new(),
            position: 0,
            writing: None,
        }
    }

    /// How many elements (valid or not) were decoded.
    pub fn events_read(&self) -> u64 {
        self.framing.index
    }

    /// The decoded batch's `specversion`, once a valid event was read.
    pub fn specversion(&self) -> Option<SpecVersion> {
        self.framing.version
    }

    /// Stream offset of the first byte not consumed yet.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Writes one element of the open array (opening it first).
    fn element(&mut self, event: &Event<'_>, dst: &mut BytesMut) -> io::Result<()> {
        check_batch_version(self.writing, event.specversion())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        dst.put_byte(if self.writing.is_some() { b',' } else { b'[' });
        self.writing = Some(event.specversion());
        json::write_event(event, dst);
        Ok(())
    }
}

impl Decoder for BatchCodec {
    type Item = Decoded;
    type Error = io::Error;

    fn decode(&mut self, src: &mut BytesMut) -> io::Result<Option<Decoded>> {
        Ok(frame(
            &mut self.framing,
            &mut self.position,
            &self.options,
            src,
            false,
        ))
    }

    fn decode_eof(&mut self, src: &mut BytesMut) -> io::Result<Option<Decoded>> {
        Ok(frame(
            &mut self.framing,
            &mut self.position,
            &self.options,
            src,
            true,
        ))
    }
}

/// Closes the array a [`BatchCodec`] is encoding: `]` (or `[]` when no
/// event was written).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchEnd;

impl Encoder<BatchEnd> for BatchCodec {
    type Error = io::Error;

    fn encode(&mut self, _: BatchEnd, dst: &mut BytesMut) -> io::Result<()> {
        if self.writing.take().is_none() {
            dst.put_byte(b'[');
        }
        dst.put_byte(b']');
        Ok(())
    }
}

/// The encoder impls for every event type a codec takes.
macro_rules! encoders {
    ($codec:ty, |$this:ident, $event:ident, $dst:ident| $body:expr) => {
        impl<'e> Encoder<&Event<'e>> for $codec {
            type Error = io::Error;
            fn encode(&mut self, event: &Event<'e>, dst: &mut BytesMut) -> io::Result<()> {
                let ($this, $event, $dst) = (self, event, dst);
                $body
            }
        }
        impl<'e> Encoder<Event<'e>> for $codec {
            type Error = io::Error;
            fn encode(&mut self, event: Event<'e>, dst: &mut BytesMut) -> io::Result<()> {
                <Self as Encoder<&Event<'e>>>::encode(self, &event, dst)
            }
        }
        impl Encoder<&EventBuf> for $codec {
            type Error = io::Error;
            fn encode(&mut self, event: &EventBuf, dst: &mut BytesMut) -> io::Result<()> {
                <Self as Encoder<&Event<'_>>>::encode(self, &event.view(), dst)
            }
        }
        impl Encoder<EventBuf> for $codec {
            type Error = io::Error;
            fn encode(&mut self, event: EventBuf, dst: &mut BytesMut) -> io::Result<()> {
                <Self as Encoder<&Event<'_>>>::encode(self, &event.view(), dst)
            }
        }
    };
}

encoders!(NdjsonCodec, |_this, event, dst| {
    json::write_ndjson_event(event, dst);
    Ok(())
});
encoders!(BatchCodec, |this, event, dst| this.element(event, dst));

/// A `Stream` (`futures_core::Stream`) of owned events read from any
/// `tokio::io::AsyncRead`, framed by a codec of this module:
/// [`EventStream::ndjson`] or [`EventStream::batch`].
///
/// Items are `io::Result<Result<EventBuf, StreamError>>`: the outer error
/// is the reader's (the stream ends after it), the inner one an event's
/// (it names the event's index and offset; the event is skipped and the
/// stream goes on, unless the error [is fatal](StreamError::is_fatal):
/// a broken batch array ends the stream). Memory stays bounded by the
/// size limit: an over-long line or element is reported and dropped as it
/// arrives.
///
/// ```no_run
/// use cloudevents_codec::stream::EventStream;
/// use futures_util::StreamExt;
///
/// # async fn run() -> std::io::Result<()> {
/// let socket = tokio::net::TcpStream::connect("127.0.0.1:9000").await?;
/// let mut events = EventStream::ndjson(socket);
/// while let Some(item) = events.next().await {
///     match item? {
///         Ok(event) => println!("{}", event.view().id()), // an EventBuf: Send + 'static
///         Err(e) => eprintln!("skipped: {e}"),            // event N at byte offset M
///     }
/// }
/// # Ok(()) }
/// ```
///
/// The reader must be `Unpin` (sockets, files, `tokio::io::duplex` are);
/// pin any other one with `Box::pin`.
#[derive(Debug)]
pub struct EventStream<R, D> {
    inner: FramedRead<R, D>,
    /// A fatal error was returned: nothing more is read.
    ended: bool,
}

impl<R: AsyncRead> EventStream<R, NdjsonCodec> {
    /// NDJSON events from `reader`, with the default [`ParseOptions`].
    pub fn ndjson(reader: R) -> Self {
        Self::new(reader, NdjsonCodec::new())
    }
}

impl<R: AsyncRead> EventStream<R, BatchCodec> {
    /// The events of one batch array from `reader`, with the default
    /// [`ParseOptions`].
    pub fn batch(reader: R) -> Self {
        Self::new(reader, BatchCodec::new())
    }
}

impl<R: AsyncRead, D> EventStream<R, D> {
    /// Events from `reader`, framed by `codec` (an [`NdjsonCodec`] or a
    /// [`BatchCodec`], with any options).
    pub fn new(reader: R, codec: D) -> Self {
        EventStream {
            inner: FramedRead::new(reader, codec),
            ended: false,
        }
    }

    /// The codec (its counters: events read, position).
    pub fn codec(&self) -> &D {
        self.inner.decoder()
    }

    /// The bytes read and not yet framed: at most one incomplete event
    /// (bounded by the size limit) plus one read.
    pub fn read_buffer(&self) -> &BytesMut {
        self.inner.read_buffer()
    }

    /// The reader.
    pub fn get_ref(&self) -> &R {
        self.inner.get_ref()
    }

    /// The reader (bytes read and not yet framed are lost).
    pub fn into_inner(self) -> R {
        self.inner.into_inner()
    }
}

impl<R, D> Stream for EventStream<R, D>
where
    R: AsyncRead + Unpin,
    D: Decoder<Item = Decoded, Error = io::Error> + Unpin,
{
    type Item = io::Result<Decoded>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        let next = Pin::new(&mut this.inner).poll_next(cx);
        if let Poll::Ready(Some(Ok(Err(e)))) = &next {
            this.ended = e.is_fatal();
        }
        next
    }
}
