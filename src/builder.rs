//! [`EventBuilder`]: build an [`Event`] from borrowed values, validated by the
//! same rules as the parsers (the attribute model), without allocating.

use crate::attrs::{self, Attr, Role};
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, Extension, SpecVersion, Value};
use crate::options::ParseOptions;
use crate::spec;
use crate::text::Text;

/// Builds an [`Event`] from `&str`/`&[u8]` values.
///
/// Setters take `&mut self` and return it, so calls chain on a temporary or
/// on a builder kept in a variable. [`build`](Self::build) checks every
/// value with the rules the parsers apply (SPEC CORE, NAME, TYPE, V03):
/// non-empty required attributes, String characters (TYPE-4), `source` a
/// URI-reference, `dataschema` an absolute URI, `time` RFC 3339,
/// `datacontenttype` a media type, extension names `a-z0-9` and not a name
/// the version reserves, no duplicates, JSON data well-formed, base64
/// strict. The first problem is reported; nothing allocates for up to
/// [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS) extensions.
///
/// The documented extensions have typed setters ([`traceparent`](Self::traceparent),
/// [`sampledrate`](Self::sampledrate), ...; see the [`ext`](crate::ext)
/// module) that check their documents' rules; [`extension`](Self::extension)
/// stores any value as given.
///
/// ```
/// use cloudevents_codec::{EventBuilder, Value, json};
/// let event = EventBuilder::new("42", "/sensors/7", "com.example.reading")
///     .subject("room 1")
///     .time("2026-11-28T13:11:25Z")
///     .extension("seq", Value::Integer(7))
///     .extension_str("region", "eu-west-1")
///     .data_json(r#"{"celsius":21.5}"#)
///     .build()?;
/// let mut out = Vec::new();
/// json::write_event(&event, &mut out);
/// assert!(out.starts_with(br#"{"specversion":"1.0","id":"42""#));
///
/// let bad = EventBuilder::new("", "/s", "t").build().unwrap_err();
/// assert_eq!(bad.kind(), cloudevents_codec::ErrorKind::InvalidValue);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Clone)]
pub struct EventBuilder<'a> {
    event: Event<'a>,
    /// The first setter that failed: an extension that did not fit
    /// (without `alloc`), a documented extension's invalid value.
    error: Option<Error>,
    /// The documented extensions set by their typed setters, whose
    /// relations [`build`](Self::build) checks.
    typed: crate::ext::KnownSet,
    options: ParseOptions,
}

impl<'a> EventBuilder<'a> {
    /// Starts a CloudEvents 1.0 event with its required attributes.
    pub fn new(id: &'a str, source: &'a str, ty: &'a str) -> Self {
        EventBuilder {
            event: Event::bare(Text::plain(id), Text::plain(source), Text::plain(ty)),
            error: None,
            typed: crate::ext::KnownSet::default(),
            options: ParseOptions::new(),
        }
    }

    /// Starts from an existing event, to change some attributes. Its values
    /// keep their wire encoding and are validated decoded.
    pub fn from_event(event: &Event<'a>) -> Self {
        EventBuilder {
            event: event.clone(),
            error: None,
            typed: crate::ext::KnownSet::default(),
            options: ParseOptions::new(),
        }
    }

    /// The limits and strictness to apply (extension count, data depth,
    /// URI strictness).
    pub fn options(&mut self, options: ParseOptions) -> &mut Self {
        self.options = options;
        self
    }

    /// Sets the spec version (1.0 by default). A 0.3 event's
    /// [`dataschema`](Self::dataschema) is its `schemaurl`, a URI-reference.
    pub fn specversion(&mut self, version: SpecVersion) -> &mut Self {
        self.event.specversion = version;
        self
    }

    /// Sets `id`.
    pub fn id(&mut self, id: &'a str) -> &mut Self {
        self.event.id = Text::plain(id);
        self
    }

    /// Sets `source`.
    pub fn source(&mut self, source: &'a str) -> &mut Self {
        self.event.source = Text::plain(source);
        self
    }

    /// Sets `type`.
    pub fn ty(&mut self, ty: &'a str) -> &mut Self {
        self.event.ty = Text::plain(ty);
        self
    }

    /// Sets `subject`.
    pub fn subject(&mut self, subject: &'a str) -> &mut Self {
        self.event.subject = Some(Text::plain(subject));
        self
    }

    /// Sets `time` (RFC 3339 text, kept as written).
    pub fn time(&mut self, time: &'a str) -> &mut Self {
        self.event.time = Some(Text::plain(time));
        self
    }

    /// Sets `datacontenttype`.
    pub fn datacontenttype(&mut self, content_type: &'a str) -> &mut Self {
        self.event.datacontenttype = Some(Text::plain(content_type));
        self
    }

    /// Sets `dataschema` (an absolute URI; in a 0.3 event, `schemaurl`, a
    /// URI-reference).
    pub fn dataschema(&mut self, uri: &'a str) -> &mut Self {
        self.event.dataschema = Some(Text::plain(uri));
        self
    }

    /// Adds an extension attribute with a typed value.
    pub fn extension(&mut self, name: &'a str, value: Value<'a>) -> &mut Self {
        if !self
            .event
            .extensions
            .push(Extension::new(Text::plain(name), value))
        {
            self.error.get_or_insert(
                Error::new(
                    ErrorKind::Limit,
                    "more extensions than fit without the `alloc` feature",
                )
                .attr(name.as_bytes()),
            );
        }
        self
    }

    /// Adds a String extension.
    pub fn extension_str(&mut self, name: &'a str, value: &'a str) -> &mut Self {
        self.extension(name, Value::String(Text::plain(value)))
    }

    /// Sets JSON data: `json` must be one well-formed JSON value (JSON-14).
    pub fn data_json(&mut self, json: &'a str) -> &mut Self {
        self.event.data = Some(Data::Json(json));
        self
    }

    /// Sets text data (for a non-JSON `datacontenttype`, JSON-15).
    pub fn data_text(&mut self, text: &'a str) -> &mut Self {
        self.event.data = Some(Data::Text(Text::plain(text)));
        self
    }

    /// Sets binary data (written as `data_base64`, JSON-13).
    pub fn data_binary(&mut self, bytes: &'a [u8]) -> &mut Self {
        self.event.data = Some(Data::Binary(bytes));
        self
    }

    /// Sets binary data given as base64 text (strict RFC 4648, TYPE-5).
    pub fn data_base64(&mut self, base64: &'a str) -> &mut Self {
        self.event.data = Some(Data::Base64(Text::plain(base64)));
        self
    }

    /// Removes the data.
    pub fn no_data(&mut self) -> &mut Self {
        self.event.data = None;
        self
    }

    /// Validates everything and returns the event: the values, and the
    /// relations the extension documents require between attributes
    /// ([`ExtensionView::check_relations`](crate::ext::ExtensionView::check_relations))
    /// that involve one set with a typed setter (`deprecationsunset`, ...).
    /// An event taken over with [`from_event`](Self::from_event) is not
    /// refused for a relation its producer broke: forwarding it stays
    /// possible, as the parsers accept it.
    ///
    /// # Errors
    ///
    /// The first rule broken, with its kind and attribute (no offset: the
    /// values are not from one input).
    pub fn build(&self) -> Result<Event<'a>, Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let e = &self.event;
        let opts = &self.options;
        for attr in Attr::ALL {
            if attr == Attr::SpecVersion || attr.role(e.specversion) != Role::Attribute {
                continue;
            }
            let Some(text) = attr.get(e) else { continue };
            check_string(attr, &text, opts)?;
        }
        check_extensions(e, opts)?;
        e.ext().check_relations_involving(self.typed)?;
        check_data(e, opts)?;
        Ok(e.clone())
    }

    /// Records an error for [`build`](Self::build) (the first one wins).
    pub(crate) fn documented_error(&mut self, e: Error) {
        self.error.get_or_insert(e);
    }

    /// Sets the documented extension `k` to `value` after checking it with
    /// the same function its getter uses, replacing an earlier value of the
    /// same name. An invalid value is reported by [`build`](Self::build).
    pub(crate) fn documented(&mut self, k: crate::ext::Known, value: Value<'a>) -> &mut Self {
        if let Err(e) = k.check(&value) {
            self.error.get_or_insert(e);
            return self;
        }
        self.typed.insert(k);
        let name = Text::plain(k.name());
        let exts = &mut self.event.extensions;
        match exts.as_mut_slice().iter_mut().find(|e| e.name == name) {
            Some(existing) => existing.value = value,
            None => {
                self.extension(k.name(), value);
            }
        }
        self
    }
}

/// A String attribute: TYPE-4 characters, then the model's rules.
fn check_string(attr: Attr, text: &Text<'_>, opts: &ParseOptions) -> Result<(), Error> {
    let named = |err: Error| err.attr(attr.name().as_bytes());
    attrs::check_attribute(attr, &Value::String(*text), opts).map_err(named)?;
    attrs::check_chars(text).map_err(named)
}

/// Names (NAME-1, NAME-5), values (TYPE-4; Map values only in 0.3, V03-9),
/// repeats (CORE-10) and the count limit.
fn check_extensions(e: &Event<'_>, opts: &ParseOptions) -> Result<(), Error> {
    let exts = e.extensions.as_slice();
    if exts.len() > opts.max_extensions {
        return Err(Error::new(
            ErrorKind::Limit,
            "too many extension attributes",
        ));
    }
    for (i, ext) in exts.iter().enumerate() {
        let named = |err: Error| attrs::name_error(err, &ext.name);
        ext.name
            .with_decoded(|name| attrs::check_extension_name(name, e.specversion))
            .unwrap_or_else(|| Err(Error::new(ErrorKind::Limit, "extension name too long")))
            .map_err(named)?;
        match ext.value {
            Value::String(t) => attrs::check_chars(&t).map_err(named)?,
            Value::Map(_) if e.specversion == SpecVersion::V1_0 => {
                return Err(named(Error::new(
                    ErrorKind::TypeMismatch,
                    "Map values are CloudEvents 0.3 only",
                )))
            }
            _ => {}
        }
        if exts[..i].iter().any(|o| o.name == ext.name) {
            return Err(named(attrs::duplicate()));
        }
    }
    Ok(())
}

/// JSON data is one well-formed JSON value with a JSON content type (or
/// none); base64 is strict (TYPE-5).
fn check_data(e: &Event<'_>, opts: &ParseOptions) -> Result<(), Error> {
    let named = |err: Error| err.attr(b"data");
    match &e.data {
        Some(Data::Json(json)) => {
            crate::json::validate_value(json.as_bytes(), opts.max_depth).map_err(named)?;
            if !e.data_is_json() {
                return Err(named(Error::new(
                    ErrorKind::TypeMismatch,
                    "JSON data needs a JSON datacontenttype (or none)",
                )));
            }
        }
        Some(Data::Base64(t)) => {
            spec::base64::validate_text(t).map_err(|err| err.attr(b"data_base64"))?;
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_validates() {
        let e = EventBuilder::new("1", "/s", "t")
            .extension("n", Value::Integer(1))
            .build()
            .unwrap();
        assert_eq!(e.extension("n"), Some(Value::Integer(1)));
        let cases: [(EventBuilder<'_>, ErrorKind); 10] = [
            (EventBuilder::new("1", "", "t"), ErrorKind::InvalidValue),
            (
                EventBuilder::new("1", "http://[::1", "t"),
                ErrorKind::InvalidValue,
            ),
            (
                EventBuilder::new("1\u{0}", "/s", "t"),
                ErrorKind::InvalidValue,
            ),
            (
                EventBuilder::new("1", "/s", "t").time("yesterday").clone(),
                ErrorKind::InvalidValue,
            ),
            (
                EventBuilder::new("1", "/s", "t").dataschema("/rel").clone(),
                ErrorKind::InvalidValue,
            ),
            (
                EventBuilder::new("1", "/s", "t")
                    .extension_str("Bad", "x")
                    .clone(),
                ErrorKind::InvalidName,
            ),
            (
                EventBuilder::new("1", "/s", "t")
                    .extension_str("a", "x")
                    .extension_str("a", "y")
                    .clone(),
                ErrorKind::Duplicate,
            ),
            (
                EventBuilder::new("1", "/s", "t").data_json("{").clone(),
                ErrorKind::Syntax,
            ),
            (
                EventBuilder::new("1", "/s", "t")
                    .data_base64("Zm9vYg")
                    .clone(),
                ErrorKind::Encoding,
            ),
            (
                EventBuilder::new("1", "/s", "t")
                    .datacontenttype("text/plain")
                    .data_json("{}")
                    .clone(),
                ErrorKind::TypeMismatch,
            ),
        ];
        for (b, kind) in cases {
            assert_eq!(b.build().unwrap_err().kind(), kind);
        }
    }

    #[test]
    fn name_5_reserved_names_follow_the_version() {
        // 1.0 leaves `schemaurl` free; 0.3 reserves it.
        let mut b = EventBuilder::new("1", "/s", "t");
        b.extension_str("schemaurl", "/x");
        assert!(b.build().is_ok());
        b.specversion(SpecVersion::V0_3);
        assert_eq!(b.build().unwrap_err().kind(), ErrorKind::InvalidName);
        // 0.3's schemaurl may be relative (V03-5); 1.0's dataschema may not.
        let mut b = EventBuilder::new("1", "/s", "t");
        b.dataschema("/rel");
        assert!(b.build().is_err());
        b.specversion(SpecVersion::V0_3);
        assert!(b.build().is_ok());
    }
}
