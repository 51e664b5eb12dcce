//! [`Event`]: the borrowing view of one CloudEvent, and its value types.

use core::fmt;

use crate::attrs::{Attr, Role};
use crate::extensions::ExtensionList;
use crate::spec::timestamp::Timestamp;
use crate::text::Text;

/// The CloudEvents specification version an event follows (CORE-4).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpecVersion {
    /// Legacy 0.3 (SPEC V03): `schemaurl`, `datacontentencoding`.
    V0_3,
    /// CloudEvents 1.0.
    V1_0,
}

impl SpecVersion {
    /// The version as written in `specversion`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SpecVersion::V0_3 => "0.3",
            SpecVersion::V1_0 => "1.0",
        }
    }

    /// Reads a `specversion` value; `None` for any other text.
    pub fn from_bytes(text: &[u8]) -> Option<SpecVersion> {
        match text {
            b"1.0" => Some(SpecVersion::V1_0),
            b"0.3" => Some(SpecVersion::V0_3),
            _ => None,
        }
    }
}

impl fmt::Display for SpecVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A typed attribute value (TYPE-1).
///
/// URI, URI-reference, Timestamp and Binary values are carried as
/// [`Value::String`] in their canonical string form; the typed views
/// ([`Value::as_timestamp`], ...) parse them on request.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value<'a> {
    /// A String (or a URI, URI-reference, Timestamp or Binary in string form).
    String(Text<'a>),
    /// An Integer in the signed 32-bit range (TYPE-3).
    Integer(i32),
    /// A Boolean (TYPE-2).
    Boolean(bool),
    /// A Map extension value of a CloudEvents 0.3 event (V03-9): the JSON
    /// object as written, kept opaque. CloudEvents 1.0 has no Map type, so
    /// 1.0 events never hold one. Written back as is in JSON, and as its
    /// JSON text where an attribute must be a string (binary mode).
    Map(&'a str),
}

impl<'a> Value<'a> {
    /// The text, when this is a string value.
    pub fn as_text(&self) -> Option<Text<'a>> {
        match self {
            Value::String(t) => Some(*t),
            _ => None,
        }
    }

    /// The integer, when this is an integer value.
    pub fn as_i32(&self) -> Option<i32> {
        match self {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }

    /// The boolean, when this is a boolean value.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// The string value parsed as an RFC 3339 timestamp, when it is one.
    pub fn as_timestamp(&self) -> Option<Timestamp> {
        let text = self.as_text()?;
        parse_timestamp_text(&text)
    }

    /// The raw JSON object text, when this is a 0.3 Map value.
    pub fn as_map_json(&self) -> Option<&'a str> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Writes the canonical string form (TYPE-1) into `out`: decoded text,
    /// base-10 integer, `true`/`false`; a 0.3 Map value as its JSON text.
    pub fn write_canonical<S: crate::Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Value::String(t) => t.decode_to(out),
            Value::Integer(i) => out.put(itoa::Buffer::new().format(*i).as_bytes()),
            Value::Boolean(true) => out.put(b"true"),
            Value::Boolean(false) => out.put(b"false"),
            Value::Map(m) => out.put(m.as_bytes()),
        }
    }
}

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::String(t) => fmt::Display::fmt(t, f),
            Value::Integer(i) => fmt::Display::fmt(i, f),
            Value::Boolean(b) => fmt::Display::fmt(b, f),
            Value::Map(m) => f.write_str(m),
        }
    }
}

/// A timestamp from its text, decoded first when it is escaped, whatever
/// its length.
fn parse_timestamp_text(text: &Text<'_>) -> Option<Timestamp> {
    text.with_decoded(|b| Timestamp::parse(b).ok()).flatten()
}

/// One extension attribute: a name and a typed value (CORE-11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Extension<'a> {
    pub(crate) name: Text<'a>,
    pub(crate) value: Value<'a>,
}

impl<'a> Extension<'a> {
    /// An extension from a validated-by-caller name and value. Use the
    /// [`EventBuilder`](crate::EventBuilder) to have names and values checked.
    pub(crate) const fn new(name: Text<'a>, value: Value<'a>) -> Self {
        Extension { name, value }
    }

    /// The attribute name (lowercase `a-z0-9`).
    pub fn name(&self) -> Text<'a> {
        self.name
    }

    /// The value.
    pub fn value(&self) -> Value<'a> {
        self.value
    }
}

/// The event's data (CORE-12).
///
/// Absent data is `None` in [`Event::data`]; an explicit JSON `null` is
/// `Some(Data::Json("null"))` (JSON-17).
#[non_exhaustive]
#[derive(Debug, Clone, Copy)]
pub enum Data<'a> {
    /// A JSON value: the raw, validated JSON text from the input (JSON-19).
    /// Hand it to any JSON library; numbers keep their original digits.
    Json(&'a str),
    /// Text data of a non-JSON content type (JSON-20), e.g. `text/plain`.
    Text(Text<'a>),
    /// Binary data as validated base64 text (`data_base64`, JSON-18).
    Base64(Text<'a>),
    /// Raw bytes (binary-mode bodies, Protobuf `binary_data`, Avro `bytes`).
    Binary(&'a [u8]),
    /// A protobuf message with its type URL: the `proto_data` of a
    /// Protobuf-format event (PROTO-4). Its payload bytes are the message
    /// ([`ProtoAny::value`](crate::ProtoAny::value)); formats without a
    /// place for the type URL carry them as binary data.
    Protobuf(crate::ProtoAny<'a>),
}

impl<'a> Data<'a> {
    /// True for an explicit JSON `null` payload.
    pub fn is_null(&self) -> bool {
        matches!(self, Data::Json(s) if *s == "null")
    }

    /// Appends the payload bytes: JSON text as is, text decoded to UTF-8,
    /// base64 decoded to bytes, binary as is.
    pub fn write_bytes<S: crate::Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Data::Json(s) => out.put(s.as_bytes()),
            Data::Text(t) => t.decode_to(out),
            Data::Base64(t) => {
                if !t.is_encoded() {
                    crate::spec::base64::decode(t.raw(), out);
                } else {
                    // Escaped base64 is exotic; decode it in bounded stack chunks.
                    decode_escaped_base64(t, out);
                }
            }
            Data::Binary(b) => out.put(b),
            Data::Protobuf(any) => out.put(any.value()),
        }
    }

    /// The payload bytes borrowed from the input, when no decoding is needed
    /// (JSON text, plain text, binary, a protobuf message's value).
    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        match self {
            Data::Json(s) => Some(s.as_bytes()),
            Data::Text(t) => (!t.is_encoded()).then(|| t.raw()),
            Data::Binary(b) => Some(b),
            Data::Protobuf(any) => Some(any.value()),
            Data::Base64(_) => None,
        }
    }

    /// True when the data is binary (base64, raw bytes or a protobuf
    /// message).
    pub fn is_binary(&self) -> bool {
        matches!(self, Data::Base64(_) | Data::Binary(_) | Data::Protobuf(_))
    }
}

/// Decodes base64 held in an escaped JSON string (`\/` for `/`): unescaped
/// into a stack chunk, then decoded a chunk at a time.
fn decode_escaped_base64<S: crate::Sink + ?Sized>(t: &Text<'_>, out: &mut S) {
    let mut chunks = Base64Chunks {
        buf: [0; BASE64_CHUNK],
        n: 0,
        out,
    };
    t.decode_to(&mut chunks);
    chunks.flush();
}

/// Characters of unescaped base64 decoded at a time (a multiple of 4).
const BASE64_CHUNK: usize = 256;

/// A sink that gathers unescaped base64 characters and decodes them into
/// `out` a chunk of whole groups at a time (the chunks' boundaries fall
/// between groups, so decoding them one by one is decoding the whole).
struct Base64Chunks<'o, S: crate::Sink + ?Sized> {
    buf: [u8; BASE64_CHUNK],
    n: usize,
    out: &'o mut S,
}

impl<S: crate::Sink + ?Sized> Base64Chunks<'_, S> {
    fn flush(&mut self) {
        crate::spec::base64::decode(&self.buf[..self.n], self.out);
        self.n = 0;
    }
}

impl<S: crate::Sink + ?Sized> crate::Sink for Base64Chunks<'_, S> {
    fn put(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let room = BASE64_CHUNK - self.n;
            let take = room.min(bytes.len());
            self.buf[self.n..self.n + take].copy_from_slice(&bytes[..take]);
            self.n += take;
            bytes = &bytes[take..];
            if self.n == BASE64_CHUNK {
                self.flush();
            }
        }
    }
}

impl<'b> PartialEq<Data<'b>> for Data<'_> {
    /// Equal by meaning: the same payload bytes (JSON by its text, text
    /// decoded, base64 decoded), whatever the representation. JSON texts
    /// (and bytes that are JSON, compared with JSON data) compare without
    /// their insignificant whitespace. Exact, and without
    /// allocating: both sides are decoded in lockstep.
    fn eq(&self, other: &Data<'b>) -> bool {
        if let (Data::Json(a), Data::Json(b)) = (self, other) {
            return a == b || crate::json::tokens::same_json(a.as_bytes(), b.as_bytes());
        }
        if let (Some(a), Some(b)) = (self.as_bytes(), other.as_bytes()) {
            // JSON text against bytes (a binary-mode body, a Protobuf
            // `text_data`) that are JSON: by meaning too.
            let json = matches!(self, Data::Json(_)) || matches!(other, Data::Json(_));
            return a == b
                || (json
                    && crate::json::write::is_json_value(a)
                    && crate::json::write::is_json_value(b)
                    && crate::json::tokens::same_json(a, b));
        }
        self.decoded_bytes().eq(other.decoded_bytes())
    }
}

impl<'a> Data<'a> {
    /// The payload bytes one at a time (the slow path of equality).
    fn decoded_bytes(&self) -> DecodedBytes<'a> {
        match self {
            Data::Json(s) => DecodedBytes::Raw(s.as_bytes().iter()),
            Data::Binary(b) => DecodedBytes::Raw(b.iter()),
            Data::Protobuf(any) => DecodedBytes::Raw(any.value().iter()),
            Data::Text(t) => DecodedBytes::Text(t.bytes_iter()),
            Data::Base64(t) => DecodedBytes::Base64 {
                chars: t.bytes_iter(),
                out: [0; 3],
                pos: 0,
                len: 0,
            },
        }
    }
}

/// The decoded bytes of a [`Data`], produced lazily.
enum DecodedBytes<'a> {
    Raw(core::slice::Iter<'a, u8>),
    Text(crate::text::Bytes<'a>),
    /// Base64 text decoded a quad at a time into `out[pos..len]`.
    Base64 {
        chars: crate::text::Bytes<'a>,
        out: [u8; 3],
        pos: usize,
        len: usize,
    },
}

impl Iterator for DecodedBytes<'_> {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        match self {
            DecodedBytes::Raw(it) => it.next().copied(),
            DecodedBytes::Text(it) => it.next(),
            DecodedBytes::Base64 {
                chars,
                out,
                pos,
                len,
            } => {
                if *pos == *len {
                    let mut quad = [0u8; 4];
                    for q in &mut quad {
                        *q = chars.next()?;
                    }
                    let mut sink = crate::sink::StackBuf::<3>::new();
                    crate::spec::base64::decode(&quad, &mut sink);
                    let got = sink.as_bytes();
                    out[..got.len()].copy_from_slice(got);
                    *pos = 0;
                    *len = got.len();
                    if *len == 0 {
                        return None;
                    }
                }
                let b = out[*pos];
                *pos += 1;
                Some(b)
            }
        }
    }
}

/// A borrowing view of one CloudEvent.
///
/// Attribute values are slices of the input, decoded only on request (see
/// [`Text`]). An `Event` with up to [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS)
/// extensions owns no heap memory.
///
/// An `Event` is 416 bytes on 64-bit targets (a test pins the figure): its
/// texts are slices plus an encoding tag, and room for four extensions is
/// inline. Moving one is a copy of that size; pass `&Event` where you can.
///
/// ```
/// use cloudevents_codec::Event;
/// let json = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":{"x":1}}"#;
/// let event = Event::from_json(json)?;
/// assert!(event.id() == "1");
/// assert_eq!(event.data().unwrap().as_bytes(), Some(&br#"{"x":1}"#[..]));
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Clone)]
pub struct Event<'a> {
    pub(crate) specversion: SpecVersion,
    pub(crate) id: Text<'a>,
    pub(crate) source: Text<'a>,
    pub(crate) ty: Text<'a>,
    pub(crate) datacontenttype: Option<Text<'a>>,
    pub(crate) dataschema: Option<Text<'a>>,
    pub(crate) subject: Option<Text<'a>>,
    pub(crate) time: Option<Text<'a>>,
    pub(crate) extensions: ExtensionList<'a>,
    pub(crate) data: Option<Data<'a>>,
}

impl<'a> Event<'a> {
    /// A 1.0 event with these required attributes and nothing else (the
    /// starting point of the builder and of the parser, which fills it in
    /// place).
    #[inline]
    pub(crate) fn bare(id: Text<'a>, source: Text<'a>, ty: Text<'a>) -> Self {
        Event {
            specversion: SpecVersion::V1_0,
            id,
            source,
            ty,
            datacontenttype: None,
            dataschema: None,
            subject: None,
            time: None,
            extensions: ExtensionList::new(),
            data: None,
        }
    }

    /// The spec version.
    #[inline]
    pub fn specversion(&self) -> SpecVersion {
        self.specversion
    }
    /// `id` (CORE-2).
    #[inline]
    pub fn id(&self) -> Text<'a> {
        self.id
    }
    /// `source` (CORE-3), a URI-reference.
    #[inline]
    pub fn source(&self) -> Text<'a> {
        self.source
    }
    /// `type` (CORE-5).
    #[inline]
    pub fn ty(&self) -> Text<'a> {
        self.ty
    }
    /// `datacontenttype` (CORE-6), when set.
    #[inline]
    pub fn datacontenttype(&self) -> Option<Text<'a>> {
        self.datacontenttype
    }
    /// `dataschema` (CORE-7; `schemaurl` in 0.3), when set.
    #[inline]
    pub fn dataschema(&self) -> Option<Text<'a>> {
        self.dataschema
    }
    /// `subject` (CORE-8), when set.
    #[inline]
    pub fn subject(&self) -> Option<Text<'a>> {
        self.subject
    }
    /// `time` (CORE-9) as written, when set.
    #[inline]
    pub fn time(&self) -> Option<Text<'a>> {
        self.time
    }
    /// `time` parsed (it was validated when the event was read).
    pub fn timestamp(&self) -> Option<Timestamp> {
        parse_timestamp_text(self.time.as_ref()?)
    }
    /// The extension attributes, in input order.
    #[inline]
    pub fn extensions(&self) -> Extensions<'_, 'a> {
        Extensions {
            inner: self.extensions.as_slice().iter(),
        }
    }
    /// The number of extension attributes.
    #[inline]
    pub fn extension_count(&self) -> usize {
        self.extensions.len()
    }
    /// The extension named `name`, when present.
    pub fn extension(&self, name: &str) -> Option<Value<'a>> {
        self.extensions
            .iter()
            .find(|e| e.name.eq_str(name))
            .map(|e| e.value)
    }
    /// The data, when present (`None` = no data; see [`Data`]).
    #[inline]
    pub fn data(&self) -> Option<Data<'a>> {
        self.data
    }

    /// True when the data is to be read as JSON: a JSON `datacontenttype`, or
    /// none at all (JSON-12, JSON-21).
    pub fn data_is_json(&self) -> bool {
        match &self.datacontenttype {
            None => true,
            Some(ct) => text_is_json_media_type(ct),
        }
    }

    /// Any attribute by name: the core ones (`specversion` included) and the
    /// extensions. Core names are those of the event's version (`schemaurl`
    /// of a 0.3 event is its `dataschema`); the other version's names are
    /// looked up among the extensions (V03-7).
    pub fn attribute(&self, name: &str) -> Option<Value<'a>> {
        match Attr::from_name(name.as_bytes()) {
            Some(attr) if attr.role(self.specversion) == Role::Attribute => {
                attr.get(self).map(Value::String)
            }
            _ => self.extension(name),
        }
    }

    /// Every attribute that is set, core ones first, as (name, value) pairs.
    /// Core names are the event's version's (`schemaurl` in 0.3).
    pub fn attributes(&self) -> impl Iterator<Item = (Text<'a>, Value<'a>)> + '_ {
        let v03 = self.specversion == SpecVersion::V0_3;
        Attr::CORE_V1
            .into_iter()
            .map(move |a| match a {
                Attr::DataSchema if v03 => Attr::SchemaUrl,
                a => a,
            })
            .filter_map(|a| {
                a.get(self)
                    .map(|v| (Text::plain(a.name()), Value::String(v)))
            })
            .chain(self.extensions().map(|e| (e.name, e.value)))
    }
}

/// The extension attributes of an [`Event`], in input order
/// ([`Event::extensions`]).
#[derive(Debug, Clone)]
pub struct Extensions<'e, 'a> {
    inner: core::slice::Iter<'e, Extension<'a>>,
}

impl<'a> Iterator for Extensions<'_, 'a> {
    type Item = Extension<'a>;
    #[inline]
    fn next(&mut self) -> Option<Extension<'a>> {
        self.inner.next().copied()
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Extensions<'_, '_> {}

impl DoubleEndedIterator for Extensions<'_, '_> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().copied()
    }
}

impl<'a> Event<'a> {
    /// This event as CloudEvents 1.0 (V03-6): a 0.3 event's `schemaurl`
    /// becomes `dataschema` (it must then be an absolute URI), base64 data
    /// becomes binary data (written as `data_base64`) and
    /// `datacontentencoding` is dropped. A 1.0 event is returned unchanged.
    ///
    /// ```
    /// use cloudevents_codec::{Event, SpecVersion};
    /// let old = Event::from_json(br#"{"specversion":"0.3","id":"1","source":"/s","type":"t",
    ///     "datacontentencoding":"base64","data":"Zm9v"}"#)?;
    /// let new = old.to_v1()?;
    /// assert_eq!(new.specversion(), SpecVersion::V1_0);
    /// let mut out = Vec::new();
    /// cloudevents_codec::json::write_event(&new, &mut out);
    /// assert!(out.ends_with(br#""data_base64":"Zm9v"}"#));
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `InvalidValue` when `schemaurl` is a relative reference, which 1.0's
    /// `dataschema` does not allow; `Conflict` when an extension is named like
    /// a 1.0 member the upgrade would write (`data_base64`, `dataschema`).
    pub fn to_v1(&self) -> Result<Event<'a>, crate::Error> {
        use crate::error::{Error, ErrorKind};
        if self.specversion == SpecVersion::V1_0 {
            return Ok(self.clone());
        }
        if let Some(schema) = &self.dataschema {
            let rule = |b: &[u8]| crate::spec::uri::validate_uri_with(b, true);
            schema.check_decoded(rule).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidValue,
                    "a relative schemaurl cannot become a 1.0 dataschema",
                )
                .attr(Attr::SchemaUrl.name().as_bytes())
            })?;
        }
        if let Some(ext) = self.extensions().find(|e| e.value.as_map_json().is_some()) {
            return Err(Error::new(
                ErrorKind::TypeMismatch,
                "a Map extension value has no CloudEvents 1.0 form",
            )
            .attr(ext.name.raw()));
        }
        // The names 1.0 reserves that 0.3 left free (NAME-5).
        for name in [Attr::DataBase64.name(), Attr::DataSchema.name()] {
            if self.extension(name).is_some() {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    "extension collides with a CloudEvents 1.0 member",
                )
                .attr(name.as_bytes()));
            }
        }
        let mut event = self.clone();
        event.specversion = SpecVersion::V1_0;
        Ok(event)
    }
}

/// JSON-12 on a possibly encoded media type, decided on the decoded value
/// whatever its length.
pub(crate) fn text_is_json_media_type(ct: &Text<'_>) -> bool {
    ct.with_decoded(crate::spec::media::is_json)
        .unwrap_or(false)
}

impl<'b> PartialEq<Event<'b>> for Event<'_> {
    /// Equal by meaning: the same decoded attribute values (extensions in any
    /// order) and the same data.
    fn eq(&self, other: &Event<'b>) -> bool {
        self.specversion == other.specversion
            && self.id == other.id
            && self.source == other.source
            && self.ty == other.ty
            && self.datacontenttype == other.datacontenttype
            && self.dataschema == other.dataschema
            && self.subject == other.subject
            && self.time == other.time
            && self.extensions.len() == other.extensions.len()
            && self.extensions().all(|e| {
                other
                    .extensions()
                    .any(|o| o.name == e.name && o.value == e.value)
            })
            && self.data == other.data
    }
}

impl fmt::Debug for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Event");
        d.field("specversion", &self.specversion);
        for (attr, text) in crate::attrs::core_attributes(self) {
            if attr != Attr::SpecVersion {
                d.field(attr.name(), &text);
            }
        }
        for e in self.extensions() {
            d.field("extension", &(e.name, e.value));
        }
        if let Some(data) = &self.data {
            d.field("data", data);
        }
        d.finish()
    }
}
