//! Protocol bindings: reading and writing events in the metadata and payload
//! of HTTP, Kafka, AMQP 1.0, MQTT, NATS and WebSocket messages.
//!
//! # Reading
//!
//! Headers are given as any iterator of name/value pairs that implement
//! [`HeaderItem`]: `(&[u8], &[u8])`, `(&str, &str)`, references to owned
//! pairs, Kafka's `(&[u8], Option<&[u8]>)`, a [`HeaderBuf`]... Nothing is
//! collected into a map: the headers are scanned once, and the event's
//! attribute values are slices of the header values ([`Text`]), decoded only
//! on request. A message becomes a [`Message`]: one event in binary or
//! structured mode, or a lazy batch (HTTP only).
//!
//! ```
//! use cloudevents_codec::binding::{http, Message};
//! let headers: &[(&[u8], &[u8])] = &[
//!     (b"ce-specversion", b"1.0"),
//!     (b"ce-id", b"1"),
//!     (b"ce-source", b"/s"),
//!     (b"ce-type", b"t"),
//!     (b"content-type", b"text/plain"),
//! ];
//! let Message::Binary(event) = http::read(headers.iter().copied(), b"hi")? else { panic!() };
//! assert!(event.id() == "1");
//! assert_eq!(event.data().unwrap().as_bytes(), Some(&b"hi"[..]));
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```
//!
//! # Writing
//!
//! Writers put headers into a [`HeaderSink`] and payloads into a
//! [`Sink`]. [`HeaderBuf`] keeps every header name and value in
//! one reusable byte buffer, so writing into a warm `HeaderBuf` allocates
//! nothing; values are encoded straight from the event's [`Text`]s.
//!
//! # Transcoding
//!
//! Moving an event between formats and bindings is a read followed by a
//! write; with warm buffers neither step allocates (for events with up to
//! [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS) extensions).
//!
//! ```
//! use cloudevents_codec::binding::{http, kafka, HeaderBuf};
//! use cloudevents_codec::{json, Event};
//! let (mut headers, mut value, mut out) = (HeaderBuf::new(), Vec::new(), Vec::new());
//! for input in [&br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":[1]}"#[..]] {
//!     // Structured JSON → Kafka binary mode.
//!     headers.clear();
//!     value.clear();
//!     let event = Event::from_json(input)?;
//!     kafka::write_binary(&event, &mut headers, &mut value)?;
//!     // Kafka binary mode → HTTP structured mode.
//!     let event = kafka::read(&headers, Some(&value))?.into_event().unwrap();
//!     out.clear();
//!     json::write_event(&event, &mut out);
//!     assert!(event.datacontenttype().unwrap() == "application/json");
//! }
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```
//!
//! # Rules
//!
//! Every binding maps attributes the same way (one shared decoder): header
//! names are matched by prefix, folded or checked per binding, and must be
//! valid attribute names (NAME-1; `data` is never an attribute, E-48); each
//! attribute occurs once (CORE-10); `specversion`, `id`, `source` and `type`
//! are required (CORE-1); values are checked like the JSON parser checks them
//! (TYPE-4 characters, non-empty core strings, `source` URI-reference,
//! `dataschema` URI, `time` RFC 3339, `datacontenttype` media type). Header
//! extensions are untyped Strings (TYPE-10); AMQP's typed properties keep
//! their types. Errors in header values carry offsets relative to the value.

use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, Extension, SpecVersion, StackBuf, Value};
use crate::extensions::Extensions;
use crate::json::read::with_decoded;
use crate::json::BatchReader;
use crate::options::ParseOptions;
use crate::sink::Sink;
use crate::spec;
use crate::text::{Text, TextEncoding};

pub mod amqp;
pub mod http;
pub mod kafka;
pub mod mqtt;
pub mod nats;
pub mod ws;

/// The structured-mode `Content-Type` this crate writes (HTTP-20).
pub const STRUCTURED_CONTENT_TYPE: &str = "application/cloudevents+json; charset=utf-8";
/// The batch `Content-Type` this crate writes (HTTP-21).
pub const BATCH_CONTENT_TYPE: &str = "application/cloudevents-batch+json; charset=utf-8";

// ---------------------------------------------------------------------------
// Header sources
// ---------------------------------------------------------------------------

/// One header (or property) of a message as a reader sees it: a name and a
/// value. The value is `None` only where the protocol has null values (Kafka).
pub trait HeaderItem<'a> {
    /// The name and value.
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>);
}

impl<'a, 'b: 'a> HeaderItem<'a> for (&'b [u8], &'b [u8]) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0, Some(self.1))
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for (&'b [u8], Option<&'b [u8]>) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        self
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for (&'b str, Option<&'b [u8]>) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0.as_bytes(), self.1)
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for (&'b str, &'b str) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0.as_bytes(), Some(self.1.as_bytes()))
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for &'a (&'b [u8], &'b [u8]) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0, Some(self.1))
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for &'a (&'b str, &'b str) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0.as_bytes(), Some(self.1.as_bytes()))
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for &'a (&'b [u8], Option<&'b [u8]>) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        *self
    }
}

#[cfg(feature = "alloc")]
impl<'a> HeaderItem<'a> for &'a (alloc::vec::Vec<u8>, alloc::vec::Vec<u8>) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (&self.0, Some(&self.1))
    }
}

#[cfg(feature = "alloc")]
impl<'a> HeaderItem<'a> for &'a (alloc::string::String, alloc::string::String) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0.as_bytes(), Some(self.1.as_bytes()))
    }
}

// ---------------------------------------------------------------------------
// Header sinks
// ---------------------------------------------------------------------------

/// Where binding writers put headers (or properties): name/value pairs,
/// appended in order.
pub trait HeaderSink {
    /// Appends one header.
    fn header(&mut self, name: &[u8], value: &[u8]);

    /// Appends one header named `prefix` + `name` whose value `write`
    /// produces in pieces. Writers use this so values go straight from an
    /// event's [`Text`] into their encoding, without an intermediate string.
    ///
    /// The default gathers name and value in stack buffers (on the heap,
    /// with `alloc`, when longer than 256 / 1024 bytes) and calls
    /// [`header`](Self::header); sinks that own storage override it.
    ///
    /// # Errors
    ///
    /// `Limit` when, without `alloc`, the name or value does not fit the
    /// default's stack buffers.
    fn header_with(
        &mut self,
        prefix: &[u8],
        name: &[u8],
        write: &mut dyn FnMut(&mut dyn Sink),
    ) -> Result<(), Error> {
        let mut n = StackBuf::<256>::new();
        n.put(prefix);
        n.put(name);
        let mut v = StackBuf::<1024>::new();
        write(&mut v);
        if !n.overflow && !v.overflow {
            self.header(n.as_bytes(), v.as_bytes());
            return Ok(());
        }
        #[cfg(feature = "alloc")]
        {
            let mut full_name = alloc::vec::Vec::with_capacity(prefix.len() + name.len());
            full_name.extend_from_slice(prefix);
            full_name.extend_from_slice(name);
            let mut value = alloc::vec::Vec::new();
            write(&mut value);
            self.header(&full_name, &value);
            Ok(())
        }
        #[cfg(not(feature = "alloc"))]
        Err(Error::new(
            ErrorKind::Limit,
            "header too long for the default HeaderSink::header_with without `alloc`",
        )
        .attr(name))
    }
}

impl<H: HeaderSink + ?Sized> HeaderSink for &mut H {
    #[inline]
    fn header(&mut self, name: &[u8], value: &[u8]) {
        (**self).header(name, value);
    }
    #[inline]
    fn header_with(
        &mut self,
        prefix: &[u8],
        name: &[u8],
        write: &mut dyn FnMut(&mut dyn Sink),
    ) -> Result<(), Error> {
        (**self).header_with(prefix, name, write)
    }
}

#[cfg(feature = "alloc")]
impl HeaderSink for alloc::vec::Vec<(alloc::vec::Vec<u8>, alloc::vec::Vec<u8>)> {
    fn header(&mut self, name: &[u8], value: &[u8]) {
        self.push((name.to_vec(), value.to_vec()));
    }
    fn header_with(
        &mut self,
        prefix: &[u8],
        name: &[u8],
        write: &mut dyn FnMut(&mut dyn Sink),
    ) -> Result<(), Error> {
        let mut full_name = alloc::vec::Vec::with_capacity(prefix.len() + name.len());
        full_name.extend_from_slice(prefix);
        full_name.extend_from_slice(name);
        let mut value = alloc::vec::Vec::new();
        write(&mut value);
        self.push((full_name, value));
        Ok(())
    }
}

/// Headers stored in one reusable byte buffer plus an index: after the first
/// message, writing the headers of similar messages allocates nothing.
///
/// Reading a `HeaderBuf` back gives `(name, value)` slices, so it is also a
/// header source for the readers (`&HeaderBuf` implements `IntoIterator`).
///
/// ```
/// use cloudevents_codec::binding::{HeaderBuf, HeaderSink};
/// let mut headers = HeaderBuf::new();
/// headers.header(b"ce-id", b"1");
/// assert_eq!(headers.get(b"CE-ID"), Some(&b"1"[..]));
/// headers.clear(); // keeps the capacity
/// assert!(headers.is_empty());
/// ```
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderBuf {
    bytes: alloc::vec::Vec<u8>,
    /// (name start, value start = name end, value end) into `bytes`.
    index: alloc::vec::Vec<(usize, usize, usize)>,
}

#[cfg(feature = "alloc")]
impl HeaderBuf {
    /// An empty buffer.
    pub const fn new() -> Self {
        HeaderBuf {
            bytes: alloc::vec::Vec::new(),
            index: alloc::vec::Vec::new(),
        }
    }

    /// An empty buffer with room for `headers` headers of `bytes` bytes in
    /// total.
    pub fn with_capacity(headers: usize, bytes: usize) -> Self {
        HeaderBuf {
            bytes: alloc::vec::Vec::with_capacity(bytes),
            index: alloc::vec::Vec::with_capacity(headers),
        }
    }

    /// Removes every header, keeping the allocated capacity.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.index.clear();
    }

    /// The number of headers.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when there are no headers.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The `i`-th header, in the order written.
    pub fn get_index(&self, i: usize) -> Option<(&[u8], &[u8])> {
        let &(n, v, e) = self.index.get(i)?;
        Some((&self.bytes[n..v], &self.bytes[v..e]))
    }

    /// The first header named `name`, compared ignoring ASCII case.
    pub fn get(&self, name: &[u8]) -> Option<&[u8]> {
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The headers as `(name, value)` pairs, in the order written.
    pub fn iter(&self) -> HeaderBufIter<'_> {
        HeaderBufIter { buf: self, i: 0 }
    }
}

#[cfg(feature = "alloc")]
impl HeaderSink for HeaderBuf {
    fn header(&mut self, name: &[u8], value: &[u8]) {
        let n = self.bytes.len();
        self.bytes.extend_from_slice(name);
        let v = self.bytes.len();
        self.bytes.extend_from_slice(value);
        self.index.push((n, v, self.bytes.len()));
    }

    fn header_with(
        &mut self,
        prefix: &[u8],
        name: &[u8],
        write: &mut dyn FnMut(&mut dyn Sink),
    ) -> Result<(), Error> {
        let n = self.bytes.len();
        self.bytes.extend_from_slice(prefix);
        self.bytes.extend_from_slice(name);
        let v = self.bytes.len();
        // The value is encoded straight into the shared buffer.
        write(&mut self.bytes);
        self.index.push((n, v, self.bytes.len()));
        Ok(())
    }
}

/// Iterator over a [`HeaderBuf`]'s `(name, value)` pairs.
#[cfg(feature = "alloc")]
#[derive(Debug, Clone)]
pub struct HeaderBufIter<'h> {
    buf: &'h HeaderBuf,
    i: usize,
}

#[cfg(feature = "alloc")]
impl<'h> Iterator for HeaderBufIter<'h> {
    type Item = (&'h [u8], &'h [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let item = self.buf.get_index(self.i)?;
        self.i += 1;
        Some(item)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.buf.len() - self.i;
        (n, Some(n))
    }
}

#[cfg(feature = "alloc")]
impl<'h> IntoIterator for &'h HeaderBuf {
    type Item = (&'h [u8], &'h [u8]);
    type IntoIter = HeaderBufIter<'h>;
    fn into_iter(self) -> HeaderBufIter<'h> {
        self.iter()
    }
}

// ---------------------------------------------------------------------------
// Options, modes, messages
// ---------------------------------------------------------------------------

/// How binding readers treat messages. Safe defaults: strict, JSON only.
///
/// ```
/// use cloudevents_codec::{binding::ReadOptions, ParseOptions};
/// let opts = ReadOptions::new()
///     .parse(ParseOptions::new().max_extensions(16))
///     .unknown_formats_as_binary(true);
/// # let _ = opts;
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    pub(crate) parse: ParseOptions,
    pub(crate) unknown_formats_as_binary: bool,
    pub(crate) sniff_structured: bool,
}

impl ReadOptions {
    /// The defaults: default [`ParseOptions`], `UnsupportedFormat` for
    /// CloudEvents formats other than JSON, no sniffing.
    pub const fn new() -> Self {
        ReadOptions {
            parse: ParseOptions::new(),
            unknown_formats_as_binary: false,
            sniff_structured: false,
        }
    }

    /// The limits and strictness applied to attribute values and JSON bodies.
    #[must_use]
    pub const fn parse(mut self, options: ParseOptions) -> Self {
        self.parse = options;
        self
    }

    /// Read a CloudEvents media type of a format this crate does not decode
    /// (`application/cloudevents+avro`) as a binary-mode message whose data
    /// is the body, instead of failing with `UnsupportedFormat` (HTTP-4,
    /// KAFKA-2, E-59). Off by default.
    #[must_use]
    pub const fn unknown_formats_as_binary(mut self, on: bool) -> Self {
        self.unknown_formats_as_binary = on;
        self
    }

    /// Kafka only (KAFKA-9): read a record with no `content-type` and no
    /// `ce_specversion` header whose value starts with `{` as a structured
    /// event. Off by default.
    #[must_use]
    pub const fn sniff_structured(mut self, on: bool) -> Self {
        self.sniff_structured = on;
        self
    }
}

/// The content mode of a message (HTTP-3, KAFKA-2, AMQP-2, MQTT-2, NATS-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Attributes in headers, data in the body.
    Binary,
    /// One event in the body, in the JSON event format.
    Structured,
    /// A JSON batch array in the body (HTTP only).
    Batch,
}

/// A message read by a binding.
pub enum Message<'a> {
    /// A binary-mode event: attributes from the headers, data from the body.
    Binary(Event<'a>),
    /// A structured-mode event parsed from the body.
    Structured(Event<'a>),
    /// A batch of events (HTTP only), read lazily from the body.
    Batch(BatchReader<'a>),
}

impl core::fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Message::Binary(e) => f.debug_tuple("Binary").field(e).finish(),
            Message::Structured(e) => f.debug_tuple("Structured").field(e).finish(),
            Message::Batch(b) => f
                .debug_struct("Batch")
                .field("next_index", &b.index())
                .finish_non_exhaustive(),
        }
    }
}

impl<'a> Message<'a> {
    /// The content mode the message was read in.
    pub fn mode(&self) -> Mode {
        match self {
            Message::Binary(_) => Mode::Binary,
            Message::Structured(_) => Mode::Structured,
            Message::Batch(_) => Mode::Batch,
        }
    }

    /// The event of a binary or structured message; `None` for a batch.
    pub fn into_event(self) -> Option<Event<'a>> {
        match self {
            Message::Binary(e) | Message::Structured(e) => Some(e),
            Message::Batch(_) => None,
        }
    }
}

/// What a `Content-Type` says about the CloudEvents content mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CeMedia {
    /// `application/cloudevents…`; `json` when the format is JSON.
    Structured { json: bool },
    /// `application/cloudevents-batch…`; `json` when the format is JSON.
    Batch { json: bool },
    /// Any other media type.
    Other,
}

/// Classifies a content type by its case-insensitive prefix, batch first
/// (HTTP-3). The format is JSON when the subtype suffix is `+json`.
// TODO: swap for `spec::media::content_mode` once it lands.
pub(crate) fn ce_media(ct: &[u8]) -> CeMedia {
    const BATCH: &[u8] = b"application/cloudevents-batch";
    const STRUCTURED: &[u8] = b"application/cloudevents";
    let ct = ct.trim_ascii_start();
    let starts = |p: &[u8]| ct.len() >= p.len() && ct[..p.len()].eq_ignore_ascii_case(p);
    let json_suffix = |rest: &[u8]| {
        let main = rest
            .split(|&b| b == b';')
            .next()
            .unwrap_or(&[])
            .trim_ascii();
        main.eq_ignore_ascii_case(b"+json")
    };
    if starts(BATCH) {
        CeMedia::Batch {
            json: json_suffix(&ct[BATCH.len()..]),
        }
    } else if starts(STRUCTURED) {
        CeMedia::Structured {
            json: json_suffix(&ct[STRUCTURED.len()..]),
        }
    } else {
        CeMedia::Other
    }
}

/// The content mode a `Content-Type` selects (HTTP-3, HTTP-4): batch for
/// `application/cloudevents-batch+json`, structured for
/// `application/cloudevents+json` (any case, parameters ignored), binary for
/// anything else or no content type.
///
/// # Errors
///
/// `UnsupportedFormat` for a CloudEvents media type of another format
/// (`application/cloudevents+avro`, E-59), unless
/// [`ReadOptions::unknown_formats_as_binary`] is on (then `Binary`).
///
/// ```
/// use cloudevents_codec::binding::{detect_mode, Mode, ReadOptions};
/// let o = ReadOptions::new();
/// assert_eq!(detect_mode(Some(b"APPLICATION/CloudEvents+JSON; charset=utf-8"), &o)?, Mode::Structured);
/// assert_eq!(detect_mode(Some(b"application/cloudevents-batch+json"), &o)?, Mode::Batch);
/// assert_eq!(detect_mode(Some(b"text/plain"), &o)?, Mode::Binary);
/// assert!(detect_mode(Some(b"application/cloudevents+avro"), &o).is_err());
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
pub fn detect_mode(content_type: Option<&[u8]>, options: &ReadOptions) -> Result<Mode, Error> {
    let Some(ct) = content_type else {
        return Ok(Mode::Binary);
    };
    match ce_media(ct) {
        CeMedia::Other => Ok(Mode::Binary),
        CeMedia::Structured { json: true } => Ok(Mode::Structured),
        CeMedia::Batch { json: true } => Ok(Mode::Batch),
        _ if options.unknown_formats_as_binary => Ok(Mode::Binary),
        _ => Err(unsupported_format()),
    }
}

#[cold]
pub(crate) fn unsupported_format() -> Error {
    Error::new(
        ErrorKind::UnsupportedFormat,
        "only the JSON event format (application/cloudevents+json) is supported",
    )
}

#[cold]
pub(crate) fn not_cloud_event() -> Error {
    Error::new(
        ErrorKind::NotCloudEvent,
        "no CloudEvents content type and no specversion attribute header",
    )
}

// ---------------------------------------------------------------------------
// Binary-mode attribute decoding, shared by every binding
// ---------------------------------------------------------------------------

/// How a binding spells and encodes its attribute headers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile {
    /// The attribute-name prefix (`ce-`, `ce_`, or empty).
    pub(crate) prefix: &'static [u8],
    /// Whether names (prefix and attribute) are matched ignoring ASCII case
    /// and folded to lowercase (HTTP-8, KAFKA-8, NATS-3).
    pub(crate) fold_case: bool,
    /// Values may use HTTP quoting and percent-encoding (HTTP-12..17).
    pub(crate) percent: bool,
}

/// What a header name is to a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderKind<'a> {
    /// An attribute header; the attribute name as a [`Text`] (lowercased
    /// when folded).
    Attribute(Text<'a>),
    /// Any other header.
    Other,
}

impl Profile {
    /// Classifies a header name.
    ///
    /// # Errors
    ///
    /// `InvalidName` for a prefixed name whose rest is not a valid attribute
    /// name (`ce-`, `ce-foo-bar`, `ce-data`; HTTP-8, E-48, E-63).
    pub(crate) fn classify<'a>(&self, name: &'a [u8]) -> Result<HeaderKind<'a>, Error> {
        let p = self.prefix.len();
        let prefixed = name.len() >= p
            && if self.fold_case {
                name[..p].eq_ignore_ascii_case(self.prefix)
            } else {
                &name[..p] == self.prefix
            };
        if !prefixed {
            return Ok(HeaderKind::Other);
        }
        let rest = &name[p..];
        // V03-4, V03-8: a 0.3 event may carry `data_base64` as an opaque
        // extension, whose name breaks NAME-1; `Attrs::finish` accepts it
        // for 0.3 only.
        let legacy = if self.fold_case {
            rest.eq_ignore_ascii_case(b"data_base64")
        } else {
            rest == b"data_base64"
        };
        if legacy {
            let enc = if rest == b"data_base64" {
                TextEncoding::Plain
            } else {
                TextEncoding::AsciiLower
            };
            return Ok(HeaderKind::Attribute(Text::from_validated(rest, enc)));
        }
        // NAME_CLASS: 1 = a-z/0-9, 2 = A-Z, 0 = anything else.
        let mut classes = 0u8;
        for &b in rest {
            let c = NAME_CLASS[b as usize];
            if c == 0 || (c == 2 && !self.fold_case) {
                return Err(bad_header_name(name, rest.is_empty()));
            }
            classes |= c;
        }
        let upper = classes & 2 != 0;
        if rest.is_empty() {
            return Err(bad_header_name(name, true));
        }
        if rest.eq_ignore_ascii_case(b"data") {
            return Err(Error::new(
                ErrorKind::InvalidName,
                "\"data\" is not an attribute; binary-mode data is the message body",
            )
            .attr(name));
        }
        let enc = if upper {
            TextEncoding::AsciiLower
        } else {
            TextEncoding::Plain
        };
        Ok(HeaderKind::Attribute(Text::from_validated(rest, enc)))
    }

    /// Validates a string header value and wraps it as a [`Text`].
    ///
    /// # Errors
    ///
    /// `Encoding` (UTF-8, percent escapes), `Syntax` (quoting),
    /// `InvalidValue` for a null value.
    pub(crate) fn value<'a>(&self, value: Option<&'a [u8]>) -> Result<Text<'a>, Error> {
        let Some(value) = value else {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                "attribute header value is null",
            ));
        };
        if self.percent && spec::percent::validate(value)? {
            return Ok(Text::from_validated(value, TextEncoding::Percent));
        }
        // UTF-8 and TYPE-4 in one pass (percent::validate did both above).
        if !self.percent {
            spec::chars::check_bytes(value)?;
        }
        Ok(Text::from_validated(value, TextEncoding::Plain))
    }
}

/// Attribute-name bytes in header names: 1 = `a-z0-9`, 2 = `A-Z` (folded
/// where the binding is case-insensitive), 0 = not allowed.
static NAME_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            1
        } else if c.is_ascii_uppercase() {
            2
        } else {
            0
        };
        b += 1;
    }
    t
};

/// A raw UTF-8 value as a plain [`Text`].
pub(crate) fn plain_text(value: &[u8]) -> Result<Text<'_>, Error> {
    match core::str::from_utf8(value) {
        Ok(s) => Ok(Text::plain(s)),
        Err(e) => Err(
            Error::new(ErrorKind::Encoding, "invalid UTF-8 in header value").at(e.valid_up_to()),
        ),
    }
}

#[cold]
fn bad_header_name(name: &[u8], empty: bool) -> Error {
    let detail = if empty {
        "attribute header without an attribute name"
    } else {
        "attribute names must be a-z or 0-9"
    };
    Error::new(ErrorKind::InvalidName, detail).attr(name)
}

/// Which attribute a (lowercase) name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    SpecVersion,
    Id,
    Source,
    Type,
    DataContentType,
    DataSchema,
    Subject,
    Time,
    SchemaUrl,
    DataContentEncoding,
    /// `data_base64`: an extension of 0.3 events only (V03-4).
    LegacyDataBase64,
    Extension,
}

impl Slot {
    fn of(name: &Text<'_>) -> Slot {
        let mut buf = StackBuf::<24>::new();
        let bytes = if name.is_encoded() {
            name.decode_to(&mut buf);
            if buf.overflow {
                return Slot::Extension;
            }
            buf.as_bytes()
        } else {
            name.raw()
        };
        match bytes {
            b"specversion" => Slot::SpecVersion,
            b"id" => Slot::Id,
            b"source" => Slot::Source,
            b"type" => Slot::Type,
            b"datacontenttype" => Slot::DataContentType,
            b"dataschema" => Slot::DataSchema,
            b"subject" => Slot::Subject,
            b"time" => Slot::Time,
            b"schemaurl" => Slot::SchemaUrl,
            b"datacontentencoding" => Slot::DataContentEncoding,
            b"data_base64" => Slot::LegacyDataBase64,
            _ => Slot::Extension,
        }
    }
    fn bit(self) -> u16 {
        1 << self as u16
    }
    fn name(self) -> &'static [u8] {
        match self {
            Slot::SpecVersion => b"specversion",
            Slot::Id => b"id",
            Slot::Source => b"source",
            Slot::Type => b"type",
            Slot::DataContentType => b"datacontenttype",
            Slot::DataSchema => b"dataschema",
            Slot::Subject => b"subject",
            Slot::Time => b"time",
            Slot::SchemaUrl => b"schemaurl",
            Slot::DataContentEncoding => b"datacontentencoding",
            Slot::LegacyDataBase64 => b"data_base64",
            Slot::Extension => b"",
        }
    }
}

/// Collects binary-mode attributes one header at a time and builds the
/// event at the end.
pub(crate) struct Attrs<'a> {
    opts: ParseOptions,
    /// Bytes of attribute names and values seen (CORE-16).
    size: usize,
    seen: u16,
    specversion: Option<SpecVersion>,
    id: Option<Text<'a>>,
    source: Option<Text<'a>>,
    ty: Option<Text<'a>>,
    datacontenttype: Option<Text<'a>>,
    dataschema: Option<Text<'a>>,
    subject: Option<Text<'a>>,
    time: Option<Text<'a>>,
    schemaurl: Option<Text<'a>>,
    datacontentencoding: Option<Text<'a>>,
    legacy_data_base64: Option<Value<'a>>,
    extensions: Extensions<'a>,
}

impl<'a> Attrs<'a> {
    pub(crate) fn new(opts: &ParseOptions) -> Self {
        Attrs {
            opts: *opts,
            size: 0,
            seen: 0,
            specversion: None,
            id: None,
            source: None,
            ty: None,
            datacontenttype: None,
            dataschema: None,
            subject: None,
            time: None,
            schemaurl: None,
            datacontentencoding: None,
            legacy_data_base64: None,
            extensions: Extensions::new(),
        }
    }

    /// True once a `specversion` attribute was added.
    pub(crate) fn has_specversion(&self) -> bool {
        self.specversion.is_some()
    }

    /// Adds an attribute, checking its value. `name` is the attribute name;
    /// errors name it.
    pub(crate) fn add(&mut self, name: Text<'a>, value: Value<'a>) -> Result<(), Error> {
        self.add_inner(name, value, false)
    }

    /// Adds a header value that [`Profile::value`] already validated
    /// (UTF-8, percent-encoding, TYPE-4), so its characters are not checked
    /// again.
    pub(crate) fn add_checked(&mut self, name: Text<'a>, value: Text<'a>) -> Result<(), Error> {
        self.add_inner(name, Value::String(value), true)
    }

    fn add_inner(&mut self, name: Text<'a>, value: Value<'a>, checked: bool) -> Result<(), Error> {
        self.size += name.raw().len()
            + match &value {
                Value::String(t) => t.raw().len(),
                _ => 4,
            };
        let slot = Slot::of(&name);
        let attr_name = |e: Error| {
            if slot == Slot::Extension {
                name_error(e, &name)
            } else {
                e.attr_if_none(slot.name())
            }
        };
        self.add_slot(slot, name, value, checked).map_err(attr_name)
    }

    fn add_slot(
        &mut self,
        slot: Slot,
        name: Text<'a>,
        value: Value<'a>,
        checked: bool,
    ) -> Result<(), Error> {
        if slot != Slot::Extension {
            if self.seen & slot.bit() != 0 {
                return Err(duplicate());
            }
            self.seen |= slot.bit();
        }
        if let (Value::String(t), false) = (&value, checked) {
            check_chars(t)?;
        }
        if slot == Slot::Extension {
            return self.push_extension(name, value);
        }
        if slot == Slot::LegacyDataBase64 {
            self.legacy_data_base64 = Some(value);
            return Ok(());
        }
        let Value::String(text) = value else {
            return Err(Error::new(
                ErrorKind::TypeMismatch,
                "this attribute must be a String",
            ));
        };
        if text.is_empty() {
            return Err(Error::new(ErrorKind::InvalidValue, "must not be empty"));
        }
        match slot {
            Slot::SpecVersion => {
                let v = with_decoded(&text, |b| {
                    SpecVersion::from_bytes(b).ok_or_else(|| {
                        Error::new(
                            ErrorKind::UnsupportedVersion,
                            "only \"1.0\" and \"0.3\" are supported",
                        )
                    })
                })?;
                self.specversion = Some(v);
            }
            Slot::Id => self.id = Some(text),
            Slot::Source => {
                with_decoded(&text, spec::uri::validate_uri_reference)?;
                self.source = Some(text);
            }
            Slot::Type => self.ty = Some(text),
            Slot::DataContentType => {
                with_decoded(&text, spec::media::validate)?;
                self.datacontenttype = Some(text);
            }
            Slot::DataSchema => self.dataschema = Some(text),
            Slot::Subject => self.subject = Some(text),
            Slot::Time => {
                if !self.opts.lax_timestamps {
                    with_decoded(&text, |b| spec::timestamp::Timestamp::parse(b).map(|_| ()))?;
                }
                self.time = Some(text);
            }
            Slot::SchemaUrl => self.schemaurl = Some(text),
            Slot::DataContentEncoding => self.datacontentencoding = Some(text),
            Slot::LegacyDataBase64 | Slot::Extension => {}
        }
        Ok(())
    }

    fn push_extension(&mut self, name: Text<'a>, value: Value<'a>) -> Result<(), Error> {
        if self.extensions.len() >= self.opts.max_extensions {
            return Err(Error::new(
                ErrorKind::Limit,
                "too many extension attributes",
            ));
        }
        if self.extensions.as_slice().iter().any(|e| e.name == name) {
            return Err(duplicate());
        }
        if !self.extensions.push(Extension::new(name, value)) {
            return Err(Error::new(
                ErrorKind::Limit,
                "more extensions than fit without the `alloc` feature",
            ));
        }
        Ok(())
    }

    /// Sets `datacontenttype` from a protocol content-type field (HTTP-6,
    /// KAFKA-4, AMQP-3, MQTT-3), validated as a media type.
    ///
    /// # Errors
    ///
    /// `Conflict` when a `…datacontenttype` attribute header is present too
    /// and `must_not_repeat` (HTTP-6, E-57) or when it differs (KAFKA-7,
    /// MQTT-4, AMQP-3).
    pub(crate) fn content_type(
        &mut self,
        ct: Text<'a>,
        must_not_repeat: bool,
    ) -> Result<(), Error> {
        if let Some(existing) = self.datacontenttype {
            if must_not_repeat {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    "datacontenttype must come from the content type only, not also from an attribute header",
                )
                .attr(b"datacontenttype"));
            }
            if existing != ct {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    "the content type and the datacontenttype attribute differ",
                )
                .attr(b"datacontenttype"));
            }
            return Ok(());
        }
        if ct.is_empty() {
            // An empty content type states nothing.
            return Ok(());
        }
        with_decoded(&ct, spec::media::validate).map_err(|e| e.attr(b"datacontenttype"))?;
        self.datacontenttype = Some(ct);
        Ok(())
    }

    /// Builds the event with `body` as its data (`None` = no data).
    ///
    /// # Errors
    ///
    /// `NotCloudEvent` without `specversion` (HTTP-5), `Limit` when the
    /// attributes and data exceed the size limit (CORE-16),
    /// `MissingRequired` for another required attribute (CORE-1, E-61), `InvalidValue` for a
    /// bad `dataschema`/`schemaurl`/`datacontentencoding`, `Encoding` for a
    /// 0.3 base64 body that is not base64.
    pub(crate) fn finish(mut self, body: Option<&'a [u8]>) -> Result<Event<'a>, Error> {
        let Some(specversion) = self.specversion else {
            return Err(not_cloud_event());
        };
        if self.size.saturating_add(body.map_or(0, <[u8]>::len)) > self.opts.max_size {
            return Err(Error::new(
                ErrorKind::Limit,
                "event larger than the size limit (attributes and data)",
            ));
        }
        let v1 = specversion == SpecVersion::V1_0;
        if let Some(value) = self.legacy_data_base64 {
            if v1 {
                return Err(Error::new(
                    ErrorKind::InvalidName,
                    "attribute names must be a-z or 0-9 (data_base64 is an extension of 0.3 events only)",
                )
                .attr(b"data_base64"));
            }
            self.push_extension(Text::plain("data_base64"), value)
                .map_err(|e| e.attr(b"data_base64"))?;
        }
        let missing = |n: &[u8]| Error::new(ErrorKind::MissingRequired, "").attr(n);
        let id = self.id.ok_or_else(|| missing(b"id"))?;
        let source = self.source.ok_or_else(|| missing(b"source"))?;
        let ty = self.ty.ok_or_else(|| missing(b"type"))?;
        let mut dataschema = None;
        let mut base64_body = false;
        // Version-dependent names (V03): the other version's names are
        // ordinary extensions.
        if let Some(t) = self.dataschema {
            if v1 {
                with_decoded(&t, spec::uri::validate_uri).map_err(|e| e.attr(b"dataschema"))?;
                dataschema = Some(t);
            } else {
                self.push_extension(Text::plain("dataschema"), Value::String(t))
                    .map_err(|e| e.attr(b"dataschema"))?;
            }
        }
        if let Some(t) = self.schemaurl {
            if v1 {
                self.push_extension(Text::plain("schemaurl"), Value::String(t))
                    .map_err(|e| e.attr(b"schemaurl"))?;
            } else {
                with_decoded(&t, spec::uri::validate_uri_reference)
                    .map_err(|e| e.attr(b"schemaurl"))?;
                dataschema = Some(t);
            }
        }
        if let Some(t) = self.datacontentencoding {
            if v1 {
                self.push_extension(Text::plain("datacontentencoding"), Value::String(t))
                    .map_err(|e| e.attr(b"datacontentencoding"))?;
            } else if t.eq_ignore_ascii_case("base64") {
                base64_body = true;
            } else {
                return Err(
                    Error::new(ErrorKind::InvalidValue, "only \"base64\" is supported")
                        .attr(b"datacontentencoding"),
                );
            }
        }
        let data = match body {
            None => None,
            Some(b) if base64_body => {
                spec::base64::validate(b).map_err(|e| e.attr(b"data"))?;
                match core::str::from_utf8(b) {
                    Ok(s) => Some(Data::Base64(Text::plain(s))),
                    Err(_) => {
                        return Err(
                            Error::new(ErrorKind::Encoding, "invalid base64 body").attr(b"data")
                        )
                    }
                }
            }
            Some(b) => Some(Data::Binary(b)),
        };
        Ok(Event {
            specversion,
            id,
            source,
            ty,
            datacontenttype: self.datacontenttype,
            dataschema,
            subject: self.subject,
            time: self.time,
            extensions: self.extensions,
            data,
        })
    }
}

/// Names the attribute `name` (decoded) in `e`.
#[cold]
pub(crate) fn name_error(e: Error, name: &Text<'_>) -> Error {
    let mut buf = StackBuf::<32>::new();
    name.decode_to(&mut buf);
    e.attr_if_none(buf.as_bytes())
}

#[cold]
fn duplicate() -> Error {
    Error::new(ErrorKind::Duplicate, "attribute occurs twice")
}

/// TYPE-4 on a decoded string value.
fn check_chars(text: &Text<'_>) -> Result<(), Error> {
    match text.encoding() {
        // Percent texts come only from `Profile::value`, whose
        // `percent::validate` already checked the decoded UTF-8 and TYPE-4.
        TextEncoding::BinaryAsBase64 | TextEncoding::Percent => return Ok(()),
        TextEncoding::Plain => return spec::chars::check_bytes(text.raw()),
        _ => {}
    }
    with_decoded(text, |b| {
        let s = core::str::from_utf8(b)
            .map_err(|e| Error::new(ErrorKind::Encoding, "invalid UTF-8").at(e.valid_up_to()))?;
        spec::chars::check_str(s).map_err(|at| {
            Error::new(
                ErrorKind::InvalidValue,
                "control characters and noncharacters are not allowed in Strings",
            )
            .at(at)
        })
    })
}

/// Reads the attribute headers of a header-based binding in one pass.
///
/// Returns the collected attributes, the `content-type` header (the first
/// header whose name equals `content_type` ignoring case; `None` when
/// `content_type` is empty) and the first error in an attribute header, if
/// any. Errors are deferred so structured-mode messages can ignore attribute
/// headers (HTTP-20); a repeated content type is an error at once.
pub(crate) struct Scan<'a> {
    pub(crate) attrs: Attrs<'a>,
    pub(crate) content_type: Option<&'a [u8]>,
    pub(crate) error: Option<Error>,
    /// An attribute header named `specversion` was seen (valid or not).
    pub(crate) specversion_header: bool,
}

pub(crate) fn scan<'a, I>(
    headers: I,
    profile: &Profile,
    content_type: &[u8],
    opts: &ParseOptions,
) -> Result<Scan<'a>, Error>
where
    I: IntoIterator,
    I::Item: HeaderItem<'a>,
{
    let mut out = Scan {
        attrs: Attrs::new(opts),
        content_type: None,
        error: None,
        specversion_header: false,
    };
    for item in headers {
        let (name, value) = item.into_parts();
        if !content_type.is_empty() && name.eq_ignore_ascii_case(content_type) {
            if out.content_type.is_some() {
                return Err(Error::new(
                    ErrorKind::Duplicate,
                    "the content type header occurs twice",
                )
                .attr(b"datacontenttype"));
            }
            let Some(v) = value else {
                return Err(Error::new(ErrorKind::InvalidValue, "content type is null")
                    .attr(b"datacontenttype"));
            };
            out.content_type = Some(v);
            continue;
        }
        let kind = profile.classify(name);
        if let Ok(HeaderKind::Attribute(attr)) = &kind {
            out.specversion_header |= attr.eq_str("specversion");
        }
        if out.error.is_some() {
            continue;
        }
        let result = match kind {
            Ok(HeaderKind::Other) => Ok(()),
            Ok(HeaderKind::Attribute(attr)) => profile
                .value(value)
                .map_err(|e| name_error(e, &attr))
                .and_then(|v| out.attrs.add_checked(attr, v)),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            out.error = Some(e);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// How a binding writes attribute values into headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueEncoding {
    /// Canonical strings as they are (Kafka, MQTT).
    Raw,
    /// Canonical strings percent-encoded (HTTP-11, NATS-4).
    Percent,
}

/// Writes every attribute of `event` as a header `prefix` + name, except
/// `datacontenttype` unless `with_datacontenttype`.
pub(crate) fn write_attributes<H: HeaderSink + ?Sized>(
    event: &Event<'_>,
    headers: &mut H,
    prefix: &[u8],
    encoding: ValueEncoding,
    with_datacontenttype: bool,
) -> Result<(), Error> {
    let v03 = event.specversion == SpecVersion::V0_3;
    let version = Text::plain(event.specversion.as_str());
    let core: [(&[u8], Option<Text<'_>>); 8] = [
        (b"specversion", Some(version)),
        (b"id", Some(event.id)),
        (b"source", Some(event.source)),
        (b"type", Some(event.ty)),
        (
            b"datacontenttype",
            event.datacontenttype.filter(|_| with_datacontenttype),
        ),
        (
            if v03 { b"schemaurl" } else { b"dataschema" },
            event.dataschema,
        ),
        (b"subject", event.subject),
        (b"time", event.time),
    ];
    for (name, text) in core {
        if let Some(text) = text {
            write_value(headers, prefix, name, &Value::String(text), encoding)?;
        }
    }
    for ext in event.extensions() {
        let name = ext.name();
        if let Some(s) = name.as_str() {
            write_value(headers, prefix, s.as_bytes(), &ext.value(), encoding)?;
        } else {
            let mut buf = StackBuf::<256>::new();
            name.decode_to(&mut buf);
            if !buf.overflow {
                write_value(headers, prefix, buf.as_bytes(), &ext.value(), encoding)?;
                continue;
            }
            // Longer names are legal (the readers accept them): spill to the
            // heap where there is one.
            #[cfg(feature = "alloc")]
            {
                let mut heap = alloc::vec::Vec::new();
                name.decode_to(&mut heap);
                write_value(headers, prefix, &heap, &ext.value(), encoding)?;
            }
            #[cfg(not(feature = "alloc"))]
            return Err(Error::new(
                ErrorKind::Limit,
                "escaped extension name longer than 256 bytes",
            ));
        }
    }
    Ok(())
}

fn write_value<H: HeaderSink + ?Sized>(
    headers: &mut H,
    prefix: &[u8],
    name: &[u8],
    value: &Value<'_>,
    encoding: ValueEncoding,
) -> Result<(), Error> {
    match (value, encoding) {
        (Value::String(t), ValueEncoding::Percent) => {
            headers.header_with(prefix, name, &mut |out| t.write_percent(out))
        }
        (Value::String(t), ValueEncoding::Raw) if t.as_str().is_some() => {
            headers.header_with(prefix, name, &mut |out| out.put(t.raw()))
        }
        (v, _) => headers.header_with(prefix, name, &mut |out| v.write_canonical(out)),
    }
}

/// Writes the data payload bytes (decoded) into `out`; nothing without data.
pub(crate) fn write_payload<S: Sink + ?Sized>(event: &Event<'_>, out: &mut S) {
    if let Some(data) = &event.data {
        data.write_bytes(out);
    }
}

/// The payload bytes borrowed from the event when no decoding is needed.
pub(crate) fn borrowed_payload<'e>(event: &Event<'e>) -> Option<&'e [u8]> {
    event.data.as_ref().and_then(Data::as_bytes)
}

/// The content type to send for a binary-mode event: `datacontenttype`, or
/// `application/json` for JSON data without one (CORE-13, E-35).
///
/// # Errors
///
/// `Conflict` when `datacontenttype` is a CloudEvents format media type
/// (`application/cloudevents…`): in the header that selects the mode, it
/// would make the receiver read the message in structured or batch mode
/// (HTTP-3, KAFKA-2, AMQP-2, MQTT-2), so such an event can only travel in
/// structured mode.
pub(crate) fn binary_content_type<'e>(event: &Event<'e>) -> Result<Option<Text<'e>>, Error> {
    let ct = match (&event.datacontenttype, &event.data) {
        (Some(ct), _) => *ct,
        (None, Some(Data::Json(_))) => return Ok(Some(Text::plain("application/json"))),
        _ => return Ok(None),
    };
    if with_decoded(&ct, |b| Ok(ce_media(b) != CeMedia::Other))? {
        return Err(Error::new(
            ErrorKind::Conflict,
            "a CloudEvents format media type would select structured or batch mode; \
             send this event in structured mode",
        )
        .attr(b"datacontenttype"));
    }
    Ok(Some(ct))
}

/// Writes a content-type header with the decoded `ct`.
pub(crate) fn write_content_type<H: HeaderSink + ?Sized>(
    headers: &mut H,
    name: &[u8],
    ct: &Text<'_>,
) -> Result<(), Error> {
    match ct.as_str() {
        Some(s) => {
            headers.header(name, s.as_bytes());
            Ok(())
        }
        None => headers.header_with(name, b"", &mut |out| ct.decode_to(out)),
    }
}

/// Concatenates `prefix` and `name` on the stack and runs `f` on it.
pub(crate) fn with_joined<R>(
    prefix: &str,
    name: &[u8],
    f: impl FnOnce(&str) -> R,
) -> Result<R, Error> {
    let mut buf = StackBuf::<256>::new();
    buf.put(prefix.as_bytes());
    buf.put(name);
    if buf.overflow {
        return Err(
            Error::new(ErrorKind::Limit, "attribute name longer than 256 bytes").attr(name),
        );
    }
    let s = core::str::from_utf8(buf.as_bytes())
        .map_err(|_| Error::new(ErrorKind::InvalidName, "attribute name is not UTF-8"))?;
    Ok(f(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ce_media_prefixes() {
        assert_eq!(
            ce_media(b"application/cloudevents-batch+json"),
            CeMedia::Batch { json: true }
        );
        assert_eq!(
            ce_media(b"Application/CloudEvents+JSON ; charset=utf-8"),
            CeMedia::Structured { json: true }
        );
        assert_eq!(
            ce_media(b"application/cloudevents+avro"),
            CeMedia::Structured { json: false }
        );
        assert_eq!(ce_media(b"application/json"), CeMedia::Other);
    }

    #[test]
    fn classify_names() {
        let p = Profile {
            prefix: b"ce-",
            fold_case: true,
            percent: true,
        };
        assert_eq!(p.classify(b"content-type").unwrap(), HeaderKind::Other);
        let HeaderKind::Attribute(t) = p.classify(b"CE-ID").unwrap() else {
            panic!()
        };
        assert!(t == "id");
        assert_eq!(
            p.classify(b"ce-").unwrap_err().kind(),
            ErrorKind::InvalidName
        );
        assert_eq!(
            p.classify(b"ce-foo-bar").unwrap_err().kind(),
            ErrorKind::InvalidName
        );
        assert_eq!(
            p.classify(b"ce-data").unwrap_err().kind(),
            ErrorKind::InvalidName
        );
    }
}
