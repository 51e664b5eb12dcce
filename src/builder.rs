//! [`EventBuilder`]: build an [`Event`] from borrowed values, validated by the
//! same rules as the parsers, without allocating.

use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, Extension, Value};
use crate::options::ParseOptions;
use crate::spec;
use crate::text::{Text, TextEncoding};

/// Builds an [`Event`] from `&str`/`&[u8]` values.
///
/// Every value is checked by [`build`](Self::build) with the rules the
/// parsers apply (SPEC CORE, NAME, TYPE): non-empty required attributes,
/// String characters (TYPE-4), `source` a URI-reference, `dataschema` an
/// absolute URI, `time` RFC 3339, `datacontenttype` a media type, extension
/// names `a-z0-9`, no duplicates, JSON data well-formed, base64 strict. The
/// first problem is reported; nothing allocates for up to 8 extensions.
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
    error: Option<Error>,
    options: ParseOptions,
}

impl<'a> EventBuilder<'a> {
    /// Starts a CloudEvents 1.0 event with its required attributes.
    pub fn new(id: &'a str, source: &'a str, ty: &'a str) -> Self {
        EventBuilder {
            event: Event::bare(Text::plain(id), Text::plain(source), Text::plain(ty)),
            error: None,
            options: ParseOptions::new(),
        }
    }

    /// Starts from an existing event (to change some attributes).
    pub fn from_event(event: &Event<'a>) -> Self {
        EventBuilder {
            event: event.clone(),
            error: None,
            options: ParseOptions::new(),
        }
    }

    /// The limits to apply (extension count, data depth).
    #[must_use]
    pub fn options(mut self, options: ParseOptions) -> Self {
        self.options = options;
        self
    }

    /// Sets `id`.
    #[must_use]
    pub fn id(mut self, id: &'a str) -> Self {
        self.event.id = Text::plain(id);
        self
    }

    /// Sets `source`.
    #[must_use]
    pub fn source(mut self, source: &'a str) -> Self {
        self.event.source = Text::plain(source);
        self
    }

    /// Sets `type`.
    #[must_use]
    pub fn ty(mut self, ty: &'a str) -> Self {
        self.event.ty = Text::plain(ty);
        self
    }

    /// Sets `subject`.
    #[must_use]
    pub fn subject(mut self, subject: &'a str) -> Self {
        self.event.subject = Some(Text::plain(subject));
        self
    }

    /// Sets `time` (RFC 3339 text, kept as written).
    #[must_use]
    pub fn time(mut self, time: &'a str) -> Self {
        self.event.time = Some(Text::plain(time));
        self
    }

    /// Sets `datacontenttype`.
    #[must_use]
    pub fn datacontenttype(mut self, content_type: &'a str) -> Self {
        self.event.datacontenttype = Some(Text::plain(content_type));
        self
    }

    /// Sets `dataschema` (an absolute URI).
    #[must_use]
    pub fn dataschema(mut self, uri: &'a str) -> Self {
        self.event.dataschema = Some(Text::plain(uri));
        self
    }

    /// Adds an extension attribute with a typed value.
    #[must_use]
    pub fn extension(mut self, name: &'a str, value: Value<'a>) -> Self {
        if self.error.is_some() {
            return self;
        }
        if !spec::name::is_valid(name.as_bytes()) {
            self.error = Some(
                Error::new(
                    ErrorKind::InvalidName,
                    "attribute names must be lowercase a-z or 0-9",
                )
                .attr(name.as_bytes()),
            );
            return self;
        }
        if is_core_name(name) {
            self.error = Some(
                Error::new(
                    ErrorKind::InvalidName,
                    "extension reuses a core attribute name",
                )
                .attr(name.as_bytes()),
            );
            return self;
        }
        let exts = &mut self.event.extensions;
        if exts.as_slice().iter().any(|e| e.name.eq_str(name)) {
            self.error = Some(
                Error::new(ErrorKind::Duplicate, "attribute occurs twice").attr(name.as_bytes()),
            );
        } else if exts.len() >= self.options.max_extensions
            || !exts.push(Extension::new(Text::plain(name), value))
        {
            self.error = Some(
                Error::new(ErrorKind::Limit, "too many extension attributes").attr(name.as_bytes()),
            );
        }
        self
    }

    /// Adds a String extension.
    #[must_use]
    pub fn extension_str(self, name: &'a str, value: &'a str) -> Self {
        self.extension(name, Value::String(Text::plain(value)))
    }

    /// Sets JSON data: `json` must be one well-formed JSON value (JSON-14).
    #[must_use]
    pub fn data_json(mut self, json: &'a str) -> Self {
        self.event.data = Some(Data::Json(json));
        self
    }

    /// Sets text data (for a non-JSON `datacontenttype`, JSON-15).
    #[must_use]
    pub fn data_text(mut self, text: &'a str) -> Self {
        self.event.data = Some(Data::Text(Text::plain(text)));
        self
    }

    /// Sets binary data (written as `data_base64`, JSON-13).
    #[must_use]
    pub fn data_binary(mut self, bytes: &'a [u8]) -> Self {
        self.event.data = Some(Data::Binary(bytes));
        self
    }

    /// Sets binary data given as base64 text (strict RFC 4648, TYPE-5).
    #[must_use]
    pub fn data_base64(mut self, base64: &'a str) -> Self {
        self.event.data = Some(Data::Base64(Text::plain(base64)));
        self
    }

    /// Removes the data.
    #[must_use]
    pub fn no_data(mut self) -> Self {
        self.event.data = None;
        self
    }

    /// Validates everything and returns the event.
    ///
    /// # Errors
    ///
    /// The first rule broken, with its kind and attribute (no offset: the
    /// values are not from one input).
    pub fn build(self) -> Result<Event<'a>, Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let e = &self.event;
        for (name, text) in [("id", e.id), ("source", e.source), ("type", e.ty)] {
            check_string(name, &text)?;
        }
        for (name, text) in [
            ("subject", e.subject),
            ("time", e.time),
            ("datacontenttype", e.datacontenttype),
            ("dataschema", e.dataschema),
        ] {
            if let Some(t) = text {
                check_string(name, &t)?;
            }
        }
        let attr = |name: &'static str| move |err: Error| err.attr(name.as_bytes());
        spec::uri::validate_uri_reference(e.source.raw()).map_err(attr("source"))?;
        if let Some(t) = &e.time {
            spec::timestamp::Timestamp::parse(t.raw()).map_err(attr("time"))?;
        }
        if let Some(t) = &e.datacontenttype {
            spec::media::validate(t.raw()).map_err(attr("datacontenttype"))?;
        }
        if let Some(t) = &e.dataschema {
            spec::uri::validate_uri(t.raw()).map_err(attr("dataschema"))?;
        }
        for ext in e.extensions.as_slice() {
            if let Value::String(t) = &ext.value {
                check_string("extension", t).map_err(|err| err.attr(ext.name.raw()))?;
            }
        }
        match &e.data {
            Some(Data::Json(json)) => {
                let mut cur = crate::json::scan::Cursor::new(json.as_bytes());
                cur.value(self.options.max_depth)
                    .and_then(|()| match cur.peek_ws() {
                        None => Ok(()),
                        Some(_) => {
                            Err(cur.err(ErrorKind::Syntax, "trailing characters after the data"))
                        }
                    })
                    .map_err(attr("data"))?;
                if !e.data_is_json() {
                    return Err(Error::new(
                        ErrorKind::TypeMismatch,
                        "JSON data needs a JSON datacontenttype (or none)",
                    )
                    .attr(b"data"));
                }
            }
            Some(Data::Base64(t)) => {
                spec::base64::validate(t.raw()).map_err(attr("data_base64"))?;
            }
            _ => {}
        }
        Ok(self.event)
    }
}

fn is_core_name(name: &str) -> bool {
    matches!(
        name,
        "id" | "source"
            | "specversion"
            | "type"
            | "datacontenttype"
            | "dataschema"
            | "subject"
            | "time"
            | "data"
    )
}

/// A String attribute: non-empty, TYPE-4 characters.
fn check_string(name: &str, text: &Text<'_>) -> Result<(), Error> {
    debug_assert_eq!(text.encoding(), TextEncoding::Plain);
    let s = text.as_str().unwrap_or_default();
    if s.is_empty() {
        return Err(Error::new(ErrorKind::InvalidValue, "must not be empty").attr(name.as_bytes()));
    }
    spec::chars::check_str(s).map_err(|at| {
        Error::new(
            ErrorKind::InvalidValue,
            "character not allowed in a String (control or noncharacter)",
        )
        .attr(name.as_bytes())
        .at(at)
    })
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
                EventBuilder::new("1", "/s", "t").time("yesterday"),
                ErrorKind::InvalidValue,
            ),
            (
                EventBuilder::new("1", "/s", "t").dataschema("/rel"),
                ErrorKind::InvalidValue,
            ),
            (
                EventBuilder::new("1", "/s", "t").extension_str("Bad", "x"),
                ErrorKind::InvalidName,
            ),
            (
                EventBuilder::new("1", "/s", "t")
                    .extension_str("a", "x")
                    .extension_str("a", "y"),
                ErrorKind::Duplicate,
            ),
            (
                EventBuilder::new("1", "/s", "t").data_json("{"),
                ErrorKind::Syntax,
            ),
            (
                EventBuilder::new("1", "/s", "t").data_base64("Zm9vYg"),
                ErrorKind::Encoding,
            ),
            (
                EventBuilder::new("1", "/s", "t")
                    .datacontenttype("text/plain")
                    .data_json("{}"),
                ErrorKind::TypeMismatch,
            ),
        ];
        for (b, kind) in cases {
            assert_eq!(b.build().unwrap_err().kind(), kind);
        }
    }
}
