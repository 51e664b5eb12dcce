//! Owned events, built on top of the borrowing [`Event`] view, never the
//! other way round.
//!
//! - [`EventBuf`] (feature `bytes`) keeps an event as the `bytes::Bytes`
//!   body it came in (its JSON in structured mode, its data in binary mode)
//!   plus the positions of every attribute, extension and the data; the
//!   attribute values of a binary-mode message are copied once out of its
//!   headers, never re-encoded as JSON. It is `Send + Sync + 'static`,
//!   clones by reference count, and [`view`](EventBuf::view) gives the
//!   [`Event`] back without parsing again: the thing to put on a channel,
//!   in a queue or a cache.
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
mod buf;
#[cfg(feature = "bytes")]
mod from_binding;
#[cfg(feature = "bytes")]
pub(crate) mod layout;

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
                Data::Base64(_) | Data::Binary(_) | Data::Protobuf(_) => {
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
