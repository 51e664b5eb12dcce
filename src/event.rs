//! [`Event`]: the borrowing view of one CloudEvent, and its value types.

use core::fmt;

use crate::extensions::Extensions;
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

    /// Writes the canonical string form (TYPE-1) into `out`: decoded text,
    /// base-10 integer, `true`/`false`.
    pub fn write_canonical<S: crate::Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Value::String(t) => t.decode_to(out),
            Value::Integer(i) => out.put(itoa::Buffer::new().format(*i).as_bytes()),
            Value::Boolean(true) => out.put(b"true"),
            Value::Boolean(false) => out.put(b"false"),
        }
    }
}

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::String(t) => fmt::Display::fmt(t, f),
            Value::Integer(i) => fmt::Display::fmt(i, f),
            Value::Boolean(b) => fmt::Display::fmt(b, f),
        }
    }
}

fn parse_timestamp_text(text: &Text<'_>) -> Option<Timestamp> {
    if let Some(s) = text.as_str() {
        return Timestamp::parse(s.as_bytes()).ok();
    }
    // Escaped timestamps are rare; decode into a small stack buffer.
    let mut buf = StackBuf::<64>::new();
    text.decode_to(&mut buf);
    if buf.overflow {
        return None;
    }
    Timestamp::parse(buf.as_bytes()).ok()
}

/// A small fixed-capacity sink for decoding short values without allocating.
pub(crate) struct StackBuf<const N: usize> {
    buf: [u8; N],
    len: usize,
    pub(crate) overflow: bool,
}

impl<const N: usize> StackBuf<N> {
    pub(crate) const fn new() -> Self {
        StackBuf {
            buf: [0; N],
            len: 0,
            overflow: false,
        }
    }
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl<const N: usize> crate::Sink for StackBuf<N> {
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if end > N {
            self.overflow = true;
            return;
        }
        self.buf[self.len..end].copy_from_slice(bytes);
        self.len = end;
    }
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
    /// Raw bytes (binary-mode bodies).
    Binary(&'a [u8]),
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
                if let Some(s) = t.as_str() {
                    crate::spec::base64::decode(s.as_bytes(), out);
                } else {
                    // Escaped base64 is exotic; decode it in bounded stack chunks.
                    decode_escaped_base64(t, out);
                }
            }
            Data::Binary(b) => out.put(b),
        }
    }

    /// The payload bytes borrowed from the input, when no decoding is needed
    /// (JSON text, plain text, binary).
    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        match self {
            Data::Json(s) => Some(s.as_bytes()),
            Data::Text(t) => t.as_str().map(str::as_bytes),
            Data::Binary(b) => Some(b),
            Data::Base64(_) => None,
        }
    }

    /// True when the data is binary (base64 or raw bytes).
    pub fn is_binary(&self) -> bool {
        matches!(self, Data::Base64(_) | Data::Binary(_))
    }
}

/// Decodes base64 held in an escaped JSON string, four characters at a time.
fn decode_escaped_base64<S: crate::Sink + ?Sized>(t: &Text<'_>, out: &mut S) {
    let mut quad = [0u8; 4];
    let mut n = 0;
    for b in t.bytes() {
        quad[n] = b;
        n += 1;
        if n == 4 {
            crate::spec::base64::decode(&quad, out);
            n = 0;
        }
    }
}

impl<'b> PartialEq<Data<'b>> for Data<'_> {
    fn eq(&self, other: &Data<'b>) -> bool {
        // Equal by meaning: the same payload bytes (JSON by its text, text
        // decoded, base64 decoded), whatever the representation. JSON texts
        // compare without their insignificant whitespace.
        if let (Data::Json(a), Data::Json(b)) = (self, other) {
            return a == b || json_text_eq(a.as_bytes(), b.as_bytes());
        }
        if let (Some(a), Some(b)) = (self.as_bytes(), other.as_bytes()) {
            return a == b;
        }
        let mut a = ByteHasher::default();
        let mut b = ByteHasher::default();
        self.write_bytes(&mut a);
        other.write_bytes(&mut b);
        a == b
    }
}

/// Compares two JSON texts by meaning, token by token: whitespace is
/// ignored and strings compare by their decoded value (`"\u00e9"` equals
/// `"é"`); numbers compare by their text, members in order.
fn json_text_eq(a: &[u8], b: &[u8]) -> bool {
    let (mut x, mut y) = (JsonTokens::new(a), JsonTokens::new(b));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p == q => {}
            _ => return false,
        }
    }
}

/// One JSON token.
#[derive(PartialEq)]
enum Token<'a> {
    Str(Text<'a>),
    Other(&'a [u8]),
}

/// The tokens of validated JSON text (invalid text ends the stream early).
struct JsonTokens<'a> {
    cur: crate::json::scan::Cursor<'a>,
}

impl<'a> JsonTokens<'a> {
    fn new(text: &'a [u8]) -> Self {
        JsonTokens {
            cur: crate::json::scan::Cursor::new(text),
        }
    }
}

impl<'a> Iterator for JsonTokens<'a> {
    type Item = Token<'a>;
    fn next(&mut self) -> Option<Token<'a>> {
        let c = self.cur.peek_ws()?;
        let start = self.cur.pos;
        let input = self.cur.input;
        match c {
            b'"' => {
                let s = self.cur.string().ok()?;
                let enc = if s.escaped {
                    crate::text::TextEncoding::Json
                } else {
                    crate::text::TextEncoding::Plain
                };
                Some(Token::Str(Text::from_validated(
                    &input[s.start..s.end],
                    enc,
                )))
            }
            b'-' | b'0'..=b'9' => {
                self.cur.number().ok()?;
                Some(Token::Other(&input[start..self.cur.pos]))
            }
            b't' | b'f' | b'n' => {
                let len = if c == b'f' { 5 } else { 4 };
                self.cur.pos = (start + len).min(input.len());
                Some(Token::Other(&input[start..self.cur.pos]))
            }
            _ => {
                self.cur.pos += 1;
                Some(Token::Other(&input[start..start + 1]))
            }
        }
    }
}

/// Compares two byte streams without allocating: a length plus two
/// independent 64-bit FNV-style hashes. Used only for the rare decoded-data
/// comparisons (base64 vs bytes).
#[derive(Default, PartialEq, Eq)]
struct ByteHasher {
    len: usize,
    h1: u64,
    h2: u64,
}

impl crate::Sink for ByteHasher {
    fn put(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.len += 1;
            self.h1 = (self.h1 ^ b as u64).wrapping_mul(0x100000001b3);
            self.h2 = (self.h2.rotate_left(5) ^ b as u64).wrapping_mul(0x9E3779B97F4A7C15);
        }
    }
}

/// A borrowing view of one CloudEvent.
///
/// Attribute values are slices of the input, decoded only on request (see
/// [`Text`]). An `Event` with up to 8 extensions owns no heap memory.
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
    pub(crate) extensions: Extensions<'a>,
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
            extensions: Extensions::new(),
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
    pub fn extensions(&self) -> &[Extension<'a>] {
        self.extensions.as_slice()
    }
    /// The extension named `name`, when present.
    pub fn extension(&self, name: &str) -> Option<Value<'a>> {
        self.extensions
            .as_slice()
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
    /// extensions. Names are the 1.0 names (`dataschema`, not `schemaurl`).
    pub fn attribute(&self, name: &str) -> Option<Value<'a>> {
        let text = |t: Text<'a>| Some(Value::String(t));
        match name {
            "id" => text(self.id),
            "source" => text(self.source),
            "type" => text(self.ty),
            "specversion" => text(Text::plain(self.specversion.as_str())),
            "datacontenttype" => self.datacontenttype.map(Value::String),
            "dataschema" => self.dataschema.map(Value::String),
            "subject" => self.subject.map(Value::String),
            "time" => self.time.map(Value::String),
            _ => self.extension(name),
        }
    }

    /// Every attribute that is set, core ones first, as (name, value) pairs.
    /// Core names are the 1.0 names.
    pub fn attributes(&self) -> impl Iterator<Item = (Text<'a>, Value<'a>)> + '_ {
        let core = [
            ("specversion", Some(Text::plain(self.specversion.as_str()))),
            ("id", Some(self.id)),
            ("source", Some(self.source)),
            ("type", Some(self.ty)),
            ("datacontenttype", self.datacontenttype),
            ("dataschema", self.dataschema),
            ("subject", self.subject),
            ("time", self.time),
        ];
        core.into_iter()
            .filter_map(|(n, v)| v.map(|v| (Text::plain(n), Value::String(v))))
            .chain(self.extensions.as_slice().iter().map(|e| (e.name, e.value)))
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
            crate::json::read::with_decoded(schema, crate::spec::uri::validate_uri).map_err(
                |_| {
                    Error::new(
                        ErrorKind::InvalidValue,
                        "a relative schemaurl cannot become a 1.0 dataschema",
                    )
                    .attr(b"schemaurl")
                },
            )?;
        }
        for name in ["data_base64", "dataschema"] {
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

/// JSON-12 on a possibly encoded media type.
pub(crate) fn text_is_json_media_type(ct: &Text<'_>) -> bool {
    if !ct.is_encoded() {
        // Plain text is its own decoded form.
        return crate::spec::media::is_json(ct.raw());
    }
    let mut buf = StackBuf::<256>::new();
    ct.decode_to(&mut buf);
    !buf.overflow && crate::spec::media::is_json(buf.as_bytes())
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
            && self.extensions.as_slice().iter().all(|e| {
                other
                    .extensions
                    .as_slice()
                    .iter()
                    .any(|o| o.name == e.name && o.value == e.value)
            })
            && self.data == other.data
    }
}

impl fmt::Debug for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Event");
        d.field("specversion", &self.specversion)
            .field("id", &self.id)
            .field("source", &self.source)
            .field("type", &self.ty);
        if let Some(v) = &self.datacontenttype {
            d.field("datacontenttype", v);
        }
        if let Some(v) = &self.dataschema {
            d.field("dataschema", v);
        }
        if let Some(v) = &self.subject {
            d.field("subject", v);
        }
        if let Some(v) = &self.time {
            d.field("time", v);
        }
        for e in self.extensions.as_slice() {
            d.field("extension", &(e.name, e.value));
        }
        if let Some(data) = &self.data {
            d.field("data", data);
        }
        d.finish()
    }
}
