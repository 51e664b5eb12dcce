//! Owned events, built on top of the borrowing [`Event`] view, never the
//! other way round.
//!
//! - [`EventBuf`] (feature `bytes`) keeps a parsed JSON event as one
//!   `bytes::Bytes` plus the positions of every attribute, extension and the
//!   data. It is `Send + Sync + 'static`, clones by reference count, and
//!   [`view`](EventBuf::view) gives the [`Event`] back without parsing again:
//!   the thing to put on a channel, in a queue or a cache.
//! - [`OwnedEvent`] (feature `alloc`) holds decoded `String`s and can be
//!   edited with validating setters: for callers that change attributes.
//!   [`Event::into_owned`] makes one from any event.
//!
//! Why no `Event<'static>`: a view borrows its input, so an owned view would
//! have to leak the input or carry a self-reference; instead both owned types
//! hand out short-lived views with `view()`.

use alloc::string::String;
use alloc::vec::Vec;

use crate::attrs::{self, Attr};
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, Extension, SpecVersion, Value};
use crate::extensions::ExtensionList;
use crate::options::ParseOptions;
use crate::text::Text;

#[cfg(feature = "bytes")]
pub use self::buf::EventBuf;

#[cfg(feature = "bytes")]
mod buf {
    use alloc::sync::Arc;

    use bytes::{Bytes, BytesMut};
    use smallvec::SmallVec;

    use super::*;
    use crate::extensions::INLINE_EXTENSIONS;

    use crate::text::TextEncoding;

    /// Where a text is in the buffer, and how it is encoded.
    #[derive(Debug, Clone, Copy)]
    struct Span {
        start: u32,
        len: u32,
        enc: TextEncoding,
    }

    impl Span {
        #[inline]
        fn range(self) -> core::ops::Range<usize> {
            self.start as usize..self.start as usize + self.len as usize
        }
    }

    #[derive(Debug, Clone, Copy)]
    enum ValueSpan {
        String(Span),
        Integer(i32),
        Boolean(bool),
        Map(Span),
    }

    #[derive(Debug, Clone, Copy)]
    enum DataSpan {
        Json(Span),
        Text(Span),
        Base64(Span),
    }

    /// The parsed positions of one event.
    #[derive(Debug)]
    struct Layout {
        specversion: SpecVersion,
        id: Span,
        source: Span,
        ty: Span,
        datacontenttype: Option<Span>,
        dataschema: Option<Span>,
        subject: Option<Span>,
        time: Option<Span>,
        extensions: SmallVec<[(Span, ValueSpan); INLINE_EXTENSIONS]>,
        data: Option<DataSpan>,
    }

    /// An owned, immutable, shareable JSON event: a `bytes::Bytes` holding
    /// the event's JSON plus the parsed positions of every attribute.
    ///
    /// - [`from_json`](Self::from_json) costs one parse and no copy of the
    ///   input (the `Bytes` is kept as it is);
    /// - [`from_event`](Self::from_event) turns any [`Event`] into one with
    ///   one write (the copy) and one parse;
    /// - [`view`](Self::view) gives the [`Event`] back without parsing or
    ///   allocating (for up to `INLINE_EXTENSIONS` extensions): attribute texts are sliced
    ///   from stored offsets in O(1); JSON `data` is re-checked as UTF-8 to
    ///   hand out its `&str` without `unsafe` (a memory-speed scan, no parse);
    /// - `Clone` is two reference-count increments; the type is
    ///   `Send + Sync + 'static`.
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
    #[derive(Clone)]
    pub struct EventBuf {
        bytes: Bytes,
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
                Layout::of(&bytes, &event)?
            };
            Ok(EventBuf {
                layout: Arc::new(layout),
                bytes,
            })
        }

        /// Copies any event (from JSON, a protocol binding or an
        /// [`OwnedEvent`]) into a new `EventBuf`: written as JSON into one
        /// `BytesMut`, then parsed. Binary data becomes `data_base64` or JSON
        /// text as [`json::write_event`](crate::json::write_event) writes it.
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

        /// The event, as a borrowing view into this buffer.
        pub fn view(&self) -> Event<'_> {
            let b: &[u8] = &self.bytes;
            let l = &*self.layout;
            let t = |s: Span| Text::from_validated(&b[s.range()], s.enc);
            let mut extensions = ExtensionList::new();
            for (name, value) in &l.extensions {
                let value = match *value {
                    ValueSpan::String(s) => Value::String(t(s)),
                    ValueSpan::Integer(i) => Value::Integer(i),
                    ValueSpan::Boolean(v) => Value::Boolean(v),
                    // Validated UTF-8 when parsed: the check cannot fail.
                    ValueSpan::Map(s) => {
                        Value::Map(core::str::from_utf8(&b[s.range()]).unwrap_or("{}"))
                    }
                };
                // Cannot fail: the same extensions fit when parsing.
                let _ = extensions.push(Extension::new(t(*name), value));
            }
            Event {
                specversion: l.specversion,
                id: t(l.id),
                source: t(l.source),
                ty: t(l.ty),
                datacontenttype: l.datacontenttype.map(t),
                dataschema: l.dataschema.map(t),
                subject: l.subject.map(t),
                time: l.time.map(t),
                extensions,
                data: l.data.map(|d| match d {
                    // Validated UTF-8 when parsed: the check cannot fail.
                    DataSpan::Json(s) => {
                        Data::Json(core::str::from_utf8(&b[s.range()]).unwrap_or("null"))
                    }
                    DataSpan::Text(s) => Data::Text(t(s)),
                    DataSpan::Base64(s) => Data::Base64(t(s)),
                }),
            }
        }

        /// The event's JSON, as received (or as written by `from_event`).
        pub fn as_bytes(&self) -> &Bytes {
            &self.bytes
        }

        /// The event's JSON.
        pub fn into_bytes(self) -> Bytes {
            self.bytes
        }

        /// The spec version, without building a view.
        pub fn specversion(&self) -> SpecVersion {
            self.layout.specversion
        }
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
            None => 0,
        };
        n
    }

    impl Layout {
        /// The positions of `event`'s texts, all slices of `base`.
        fn of(base: &[u8], event: &Event<'_>) -> Result<Layout, Error> {
            let span = |t: Text<'_>| span_of(base, t.raw(), t.encoding());
            let plain = |s: &str| span_of(base, s.as_bytes(), TextEncoding::Plain);
            let opt = |t: Option<Text<'_>>| t.map(span).transpose();
            let mut extensions = SmallVec::new();
            for e in event.extensions() {
                let value = match e.value {
                    Value::String(t) => ValueSpan::String(span(t)?),
                    Value::Integer(i) => ValueSpan::Integer(i),
                    Value::Boolean(b) => ValueSpan::Boolean(b),
                    Value::Map(m) => ValueSpan::Map(plain(m)?),
                };
                extensions.push((span(e.name)?, value));
            }
            let data = match &event.data {
                None => None,
                Some(Data::Json(s)) => Some(DataSpan::Json(plain(s)?)),
                Some(Data::Text(t)) => Some(DataSpan::Text(span(*t)?)),
                Some(Data::Base64(t)) => Some(DataSpan::Base64(span(*t)?)),
                Some(Data::Binary(_)) => return Err(foreign()),
            };
            Ok(Layout {
                specversion: event.specversion,
                id: span(event.id)?,
                source: span(event.source)?,
                ty: span(event.ty)?,
                datacontenttype: opt(event.datacontenttype)?,
                dataschema: opt(event.dataschema)?,
                subject: opt(event.subject)?,
                time: opt(event.time)?,
                extensions,
                data,
            })
        }
    }

    #[cold]
    fn foreign() -> Error {
        Error::new(
            ErrorKind::InvalidValue,
            "internal: value not inside the event buffer",
        )
    }

    /// The position of `part`, a slice of `base`.
    fn span_of(base: &[u8], part: &[u8], enc: TextEncoding) -> Result<Span, Error> {
        let start = (part.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
        if start > base.len() || part.len() > base.len() - start {
            return Err(foreign());
        }
        // Both fit: `base` was checked to be shorter than 4 GiB.
        Ok(Span {
            start: start as u32,
            len: part.len() as u32,
            enc,
        })
    }
}

/// An extension value of an [`OwnedEvent`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OwnedValue {
    /// A String (or URI, URI-reference, Timestamp, Binary in string form).
    String(String),
    /// An Integer (TYPE-3).
    Integer(i32),
    /// A Boolean (TYPE-2).
    Boolean(bool),
    /// A 0.3 Map value as JSON object text (V03-9).
    Map(String),
}

/// The data of an [`OwnedEvent`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OwnedData {
    /// A JSON value, as JSON text.
    Json(String),
    /// Text data of a non-JSON content type.
    Text(String),
    /// Binary data (written as `data_base64`).
    Binary(Vec<u8>),
}

/// An owned, editable event: every attribute decoded into a `String`.
///
/// Made by [`Event::into_owned`] or [`OwnedEvent::new`]; read through its
/// getters or [`view`](Self::view), which borrows and does not allocate (for
/// up to [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS) extensions);
/// changed with setters that check the same rules as the parsers (the one
/// attribute model), so a view is always a valid event.
///
/// ```
/// use cloudevents_codec::{json, Event, OwnedEvent};
///
/// let input = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#.to_vec();
/// let mut event = Event::from_json(&input)?.into_owned();
/// drop(input); // the owned event does not borrow it
/// event.set_subject(Some("sensor-7".into()))?;
/// event.set_extension("region", "eu-west-1")?;
/// assert!(event.set_time(Some("yesterday".into())).is_err());
/// assert_eq!(event.subject(), Some("sensor-7"));
///
/// let mut out = Vec::new();
/// json::write_event(&event.view(), &mut out);
/// assert_eq!(out, br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","subject":"sensor-7","region":"eu-west-1"}"#);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedEvent {
    specversion: SpecVersion,
    id: String,
    source: String,
    ty: String,
    datacontenttype: Option<String>,
    dataschema: Option<String>,
    subject: Option<String>,
    time: Option<String>,
    extensions: Vec<(String, OwnedValue)>,
    data: Option<OwnedData>,
}

impl From<String> for OwnedValue {
    fn from(s: String) -> Self {
        OwnedValue::String(s)
    }
}
impl From<&str> for OwnedValue {
    fn from(s: &str) -> Self {
        OwnedValue::String(s.into())
    }
}
impl From<i32> for OwnedValue {
    fn from(i: i32) -> Self {
        OwnedValue::Integer(i)
    }
}
impl From<bool> for OwnedValue {
    fn from(b: bool) -> Self {
        OwnedValue::Boolean(b)
    }
}

impl OwnedValue {
    /// The borrowed [`Value`] of this value.
    pub fn as_value(&self) -> Value<'_> {
        match self {
            OwnedValue::String(s) => Value::String(Text::plain(s)),
            OwnedValue::Integer(i) => Value::Integer(*i),
            OwnedValue::Boolean(b) => Value::Boolean(*b),
            OwnedValue::Map(m) => Value::Map(m),
        }
    }
}

fn decode(t: &Text<'_>) -> String {
    let mut s = String::with_capacity(t.raw().len());
    t.push_to_string(&mut s);
    s
}

impl Event<'_> {
    /// A copy of this event that owns its values, decoded: an
    /// [`OwnedEvent`]. (A view owns nothing it could hand over, so this
    /// copies; the name follows `into_owned` elsewhere in the ecosystem.)
    pub fn into_owned(self) -> OwnedEvent {
        let value = |v: &Value<'_>| match v {
            Value::String(t) => OwnedValue::String(decode(t)),
            Value::Integer(i) => OwnedValue::Integer(*i),
            Value::Boolean(b) => OwnedValue::Boolean(*b),
            Value::Map(m) => OwnedValue::Map(String::from(*m)),
        };
        OwnedEvent {
            specversion: self.specversion,
            id: decode(&self.id),
            source: decode(&self.source),
            ty: decode(&self.ty),
            datacontenttype: self.datacontenttype.as_ref().map(decode),
            dataschema: self.dataschema.as_ref().map(decode),
            subject: self.subject.as_ref().map(decode),
            time: self.time.as_ref().map(decode),
            extensions: self
                .extensions()
                .map(|e| (decode(&e.name), value(&e.value)))
                .collect(),
            data: self.data.as_ref().map(|d| match d {
                Data::Json(s) => OwnedData::Json(String::from(*s)),
                Data::Text(t) => OwnedData::Text(decode(t)),
                Data::Base64(_) | Data::Binary(_) => {
                    let mut bytes = Vec::new();
                    d.write_bytes(&mut bytes);
                    OwnedData::Binary(bytes)
                }
            }),
        }
    }
}

impl OwnedEvent {
    /// A CloudEvents 1.0 event with the required attributes.
    ///
    /// # Errors
    ///
    /// `InvalidValue` when a value is empty, holds a forbidden character, or
    /// `source` is not a URI-reference.
    pub fn new(
        id: impl Into<String>,
        source: impl Into<String>,
        ty: impl Into<String>,
    ) -> Result<OwnedEvent, Error> {
        let mut e = OwnedEvent {
            specversion: SpecVersion::V1_0,
            id: String::new(),
            source: String::new(),
            ty: String::new(),
            datacontenttype: None,
            dataschema: None,
            subject: None,
            time: None,
            extensions: Vec::new(),
            data: None,
        };
        e.set_id(id)?;
        e.set_source(source)?;
        e.set_type(ty)?;
        Ok(e)
    }

    /// The event as a borrowing view (no allocation for up to
    /// [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS) extensions).
    pub fn view(&self) -> Event<'_> {
        fn plain(s: &Option<String>) -> Option<Text<'_>> {
            s.as_deref().map(Text::plain)
        }
        let mut extensions = ExtensionList::new();
        for (name, value) in &self.extensions {
            let _ = extensions.push(Extension::new(Text::plain(name), value.as_value()));
        }
        Event {
            specversion: self.specversion,
            id: Text::plain(&self.id),
            source: Text::plain(&self.source),
            ty: Text::plain(&self.ty),
            datacontenttype: plain(&self.datacontenttype),
            dataschema: plain(&self.dataschema),
            subject: plain(&self.subject),
            time: plain(&self.time),
            extensions,
            data: self.data.as_ref().map(|d| match d {
                OwnedData::Json(s) => Data::Json(s),
                OwnedData::Text(s) => Data::Text(Text::plain(s)),
                OwnedData::Binary(b) => Data::Binary(b),
            }),
        }
    }

    /// The spec version.
    pub fn specversion(&self) -> SpecVersion {
        self.specversion
    }
    /// `id`.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// `source`.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// `type`.
    pub fn ty(&self) -> &str {
        &self.ty
    }
    /// `datacontenttype`, when set.
    pub fn datacontenttype(&self) -> Option<&str> {
        self.datacontenttype.as_deref()
    }
    /// `dataschema` (`schemaurl` in 0.3), when set.
    pub fn dataschema(&self) -> Option<&str> {
        self.dataschema.as_deref()
    }
    /// `subject`, when set.
    pub fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }
    /// `time` as written, when set.
    pub fn time(&self) -> Option<&str> {
        self.time.as_deref()
    }
    /// `time` parsed, when set (it was validated when set).
    pub fn timestamp(&self) -> Option<crate::Timestamp> {
        crate::Timestamp::parse(self.time.as_deref()?.as_bytes()).ok()
    }
    /// The extensions, in order.
    pub fn extensions(&self) -> &[(String, OwnedValue)] {
        &self.extensions
    }
    /// The extension named `name`, when present.
    pub fn extension(&self, name: &str) -> Option<&OwnedValue> {
        self.extensions
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
    /// The data.
    pub fn data(&self) -> Option<&OwnedData> {
        self.data.as_ref()
    }

    /// Changes the spec version, after checking that every value fits the
    /// new version's rules (`dataschema` is an absolute URI in 1.0 and a
    /// URI-reference `schemaurl` in 0.3; extension names the version
    /// reserves; 0.3 Map values).
    ///
    /// # Errors
    ///
    /// The first value the new version does not allow; nothing changes.
    pub fn set_specversion(&mut self, version: SpecVersion) -> Result<(), Error> {
        if let Some(s) = &self.dataschema {
            check(schema_attr(version), s)?;
        }
        for (name, value) in &self.extensions {
            check_extension(version, name, value)?;
        }
        self.specversion = version;
        Ok(())
    }

    /// Sets `id` (CORE-2).
    ///
    /// # Errors
    ///
    /// `InvalidValue` when empty or holding a forbidden character (TYPE-4).
    pub fn set_id(&mut self, id: impl Into<String>) -> Result<(), Error> {
        self.id = checked(Attr::Id, id.into())?;
        Ok(())
    }

    /// Sets `source` (CORE-3).
    ///
    /// # Errors
    ///
    /// `InvalidValue` unless a non-empty URI-reference.
    pub fn set_source(&mut self, source: impl Into<String>) -> Result<(), Error> {
        self.source = checked(Attr::Source, source.into())?;
        Ok(())
    }

    /// Sets `type` (CORE-5).
    ///
    /// # Errors
    ///
    /// `InvalidValue` when empty or holding a forbidden character.
    pub fn set_type(&mut self, ty: impl Into<String>) -> Result<(), Error> {
        self.ty = checked(Attr::Type, ty.into())?;
        Ok(())
    }

    /// Sets or clears `datacontenttype` (CORE-6).
    ///
    /// # Errors
    ///
    /// `InvalidValue` unless an RFC 2046 media type.
    pub fn set_datacontenttype(&mut self, ct: Option<String>) -> Result<(), Error> {
        self.datacontenttype = ct.map(|c| checked(Attr::DataContentType, c)).transpose()?;
        Ok(())
    }

    /// Sets or clears `dataschema` (CORE-7; `schemaurl` in 0.3).
    ///
    /// # Errors
    ///
    /// `InvalidValue` unless an absolute URI (a URI-reference in 0.3).
    pub fn set_dataschema(&mut self, schema: Option<String>) -> Result<(), Error> {
        let attr = schema_attr(self.specversion);
        self.dataschema = schema.map(|s| checked(attr, s)).transpose()?;
        Ok(())
    }

    /// Sets or clears `subject` (CORE-8).
    ///
    /// # Errors
    ///
    /// `InvalidValue` when empty or holding a forbidden character.
    pub fn set_subject(&mut self, subject: Option<String>) -> Result<(), Error> {
        self.subject = subject.map(|s| checked(Attr::Subject, s)).transpose()?;
        Ok(())
    }

    /// Sets or clears `time` (CORE-9).
    ///
    /// # Errors
    ///
    /// `InvalidValue` unless an RFC 3339 timestamp.
    pub fn set_time(&mut self, time: Option<String>) -> Result<(), Error> {
        self.time = time.map(|t| checked(Attr::Time, t)).transpose()?;
        Ok(())
    }

    /// Sets (adds or replaces) the extension `name`.
    ///
    /// # Errors
    ///
    /// `InvalidName` unless `name` is lowercase `a-z0-9` and not a name the
    /// event's version reserves (NAME-1, NAME-5); `InvalidValue` for an
    /// invalid string value; `TypeMismatch` for a Map value in a 1.0 event.
    pub fn set_extension(&mut self, name: &str, value: impl Into<OwnedValue>) -> Result<(), Error> {
        let value = value.into();
        check_extension(self.specversion, name, &value)?;
        match self.extensions.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value,
            None => self.extensions.push((name.into(), value)),
        }
        Ok(())
    }

    /// Removes the extension `name`, returning its value.
    pub fn remove_extension(&mut self, name: &str) -> Option<OwnedValue> {
        let i = self.extensions.iter().position(|(n, _)| n == name)?;
        Some(self.extensions.remove(i).1)
    }

    /// Sets or clears the data.
    ///
    /// # Errors
    ///
    /// `Syntax` when [`OwnedData::Json`] is not one JSON value.
    pub fn set_data(&mut self, data: Option<OwnedData>) -> Result<(), Error> {
        if let Some(OwnedData::Json(s)) = &data {
            crate::json::validate_value(s.as_bytes(), ParseOptions::MAX_DEPTH_LIMIT)
                .map_err(|e| e.attr(b"data"))?;
        }
        self.data = data;
        Ok(())
    }
}

/// The attribute `dataschema` is in `version`.
fn schema_attr(version: SpecVersion) -> Attr {
    match version {
        SpecVersion::V0_3 => Attr::SchemaUrl,
        _ => Attr::DataSchema,
    }
}

/// Checks `value` for `attr` with the attribute model (TYPE-4 and the
/// attribute's rule).
fn check(attr: Attr, value: &str) -> Result<(), Error> {
    let text = Text::plain(value);
    let named = |e: Error| e.attr(attr.name().as_bytes());
    attrs::check_attribute(attr, &Value::String(text), &ParseOptions::new()).map_err(named)?;
    attrs::check_chars(&text).map_err(named)
}

fn checked(attr: Attr, value: String) -> Result<String, Error> {
    check(attr, &value)?;
    Ok(value)
}

fn check_extension(version: SpecVersion, name: &str, value: &OwnedValue) -> Result<(), Error> {
    attrs::check_extension_name(name.as_bytes(), version)?;
    let named = |e: Error| e.attr(name.as_bytes());
    match value {
        OwnedValue::String(s) => attrs::check_chars(&Text::plain(s)).map_err(named),
        OwnedValue::Map(_) if version == SpecVersion::V1_0 => Err(named(Error::new(
            ErrorKind::TypeMismatch,
            "Map values are CloudEvents 0.3 only",
        ))),
        OwnedValue::Map(m) => {
            crate::json::validate_value(m.as_bytes(), ParseOptions::MAX_DEPTH_LIMIT).map_err(named)
        }
        _ => Ok(()),
    }
}
