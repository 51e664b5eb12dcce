//! Binary-mode decoding, shared by every binding: one read skeleton that
//! each binding calls with its own small table ([`Profile`]): the attribute
//! prefix, whether names fold case, whether values are percent-encoded,
//! where the content type comes from and how it relates to a
//! `datacontenttype` attribute header.
//!
//! Attributes go into the one [`Collector`] of the attribute model, so a
//! header is judged by the same rules as a JSON member (CORE, NAME, TYPE,
//! V03). Header extensions are untyped Strings (TYPE-10); AMQP's typed
//! properties come in through [`BinaryReader::add`].

use super::headers::HeaderItem;
use super::message::not_cloud_event;
pub(crate) use crate::attrs::blank_event;
use crate::attrs::{self, name_error, Attr, Collected, Collector};
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, Value};
use crate::options::ParseOptions;
use crate::spec;
use crate::text::{Text, TextEncoding};

/// The `datacontenttype` name, for errors about the content type.
const DCT: &[u8] = Attr::DataContentType.name().as_bytes();

/// How a protocol's `content-type` relates to a `datacontenttype`
/// attribute header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContentTypeRule {
    /// The content type is the only place for `datacontenttype`: an
    /// attribute header too is `Conflict` (HTTP-6, E-57).
    Exclusive,
    /// An attribute header is a fallback that must agree (KAFKA-7, MQTT-4,
    /// AMQP-3).
    Fallback,
}

/// How one binding spells and encodes its attribute headers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile {
    /// The attribute-name prefix (`ce-`, `ce_`, `cloudEvents_`, or empty).
    pub(crate) prefix: &'static [u8],
    /// Names (prefix and attribute) match ignoring ASCII case and fold to
    /// lowercase (HTTP-8, KAFKA-8, NATS-3).
    pub(crate) fold_case: bool,
    /// Values may use HTTP quoting and percent-encoding (HTTP-12..17,
    /// NATS-4).
    pub(crate) percent: bool,
    /// Names that are not attribute names are other metadata, skipped,
    /// instead of `InvalidName` (MQTT user properties have no prefix,
    /// CORE-14).
    pub(crate) skip_invalid_names: bool,
    /// The content-type header among the headers (`content-type`), or
    /// empty when the protocol carries it elsewhere (MQTT, AMQP) or not as
    /// the content type (NATS).
    pub(crate) content_type_header: &'static [u8],
    pub(crate) content_type_rule: ContentTypeRule,
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
    /// name (`ce-`, `ce-foo-bar`; HTTP-8, E-63).
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
        // NAME_CLASS: 1 = a-z/0-9, 2 = A-Z, 0 = anything else.
        let mut classes = 0u8;
        let mut bad = rest.is_empty();
        for &b in rest {
            let c = NAME_CLASS[b as usize];
            if c == 0 || (c == 2 && !self.fold_case) {
                bad = true;
                break;
            }
            classes |= c;
        }
        if bad {
            // V03-4, V03-8: a 0.3 event may carry `data_base64` as an
            // opaque extension, whose name breaks NAME-1; the collector
            // accepts it for 0.3 only.
            let legacy = if self.fold_case {
                rest.eq_ignore_ascii_case(b"data_base64")
            } else {
                rest == b"data_base64"
            };
            if legacy {
                return Ok(HeaderKind::Attribute(folded(rest)));
            }
            if self.skip_invalid_names {
                return Ok(HeaderKind::Other);
            }
            return Err(bad_header_name(name, rest.is_empty()));
        }
        let enc = if classes & 2 != 0 {
            TextEncoding::AsciiLower
        } else {
            TextEncoding::Plain
        };
        Ok(HeaderKind::Attribute(Text::from_validated(rest, enc)))
    }

    /// Validates a string header value and wraps it as a [`Text`]: UTF-8
    /// and TYPE-4 in one pass, after percent-decoding where the binding
    /// uses it.
    ///
    /// # Errors
    ///
    /// `Encoding` (UTF-8, percent escapes), `Syntax` (quoting),
    /// `InvalidValue` for a forbidden character or a null value.
    pub(crate) fn value<'a>(&self, value: Option<&'a [u8]>) -> Result<Text<'a>, Error> {
        let Some(value) = value else {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                "attribute header value is null",
            ));
        };
        if self.percent {
            if spec::percent::validate(value)? {
                return Ok(Text::from_validated(value, TextEncoding::Percent));
            }
        } else {
            spec::chars::check_bytes(value)?;
        }
        Ok(Text::from_validated(value, TextEncoding::Plain))
    }
}

/// A header name that folds to lowercase when it has uppercase letters.
fn folded(name: &[u8]) -> Text<'_> {
    let enc = if name.iter().any(u8::is_ascii_uppercase) {
        TextEncoding::AsciiLower
    } else {
        TextEncoding::Plain
    };
    Text::from_validated(name, enc)
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

#[cold]
fn bad_header_name(name: &[u8], empty: bool) -> Error {
    let detail = if empty {
        "attribute header without an attribute name"
    } else {
        "attribute names must be a-z or 0-9"
    };
    Error::new(ErrorKind::InvalidName, detail).attr(name)
}

/// A raw UTF-8 value as a plain [`Text`].
pub(crate) fn plain_text(value: &[u8]) -> Result<Text<'_>, Error> {
    match core::str::from_utf8(value) {
        Ok(s) => Ok(Text::plain(s)),
        Err(e) => Err(
            Error::new(ErrorKind::Encoding, "invalid UTF-8 in header value").at(e.valid_up_to()),
        ),
    }
}

/// The binary-mode attributes of one message, read one header at a time.
///
/// Errors in attribute headers are kept, not returned, until the mode is
/// known ([`error`](Self::error)): a structured-mode message ignores its
/// attribute headers (HTTP-20).
pub(crate) struct BinaryReader<'e, 'a> {
    attrs: Collector<'e, 'a>,
    opts: ParseOptions,
    /// Bytes of attribute names and values seen (CORE-16).
    size: usize,
    /// The content-type header, when the profile has one.
    pub(crate) content_type: Option<&'a [u8]>,
    /// The first error in an attribute header.
    pub(crate) error: Option<Error>,
    /// An attribute header named `specversion` was seen (valid or not).
    pub(crate) specversion_header: bool,
}

impl<'e, 'a> BinaryReader<'e, 'a> {
    /// A reader filling `event`, which should be [`attrs::blank_event`]:
    /// the caller returns it after [`finish`](Self::finish).
    pub(crate) fn new(event: &'e mut Event<'a>, opts: &ParseOptions) -> Self {
        BinaryReader {
            attrs: Collector::new(event),
            opts: *opts,
            size: 0,
            content_type: None,
            error: None,
            specversion_header: false,
        }
    }

    /// Reads every header of a header-based binding.
    ///
    /// # Errors
    ///
    /// `Duplicate` for a repeated content-type header and `InvalidValue`
    /// for a null one: the mode cannot be known then. Attribute errors are
    /// kept in [`error`](Self::error).
    pub(crate) fn read_headers<I>(
        event: &'e mut Event<'a>,
        profile: &Profile,
        headers: I,
        opts: &ParseOptions,
    ) -> Result<Self, Error>
    where
        I: IntoIterator,
        I::Item: HeaderItem<'a>,
    {
        let mut reader = BinaryReader::new(event, opts);
        let ct_name = profile.content_type_header;
        for item in headers {
            let (name, value) = item.into_parts();
            if !ct_name.is_empty() && name.eq_ignore_ascii_case(ct_name) {
                if reader.content_type.is_some() {
                    return Err(Error::new(
                        ErrorKind::Duplicate,
                        "the content type header occurs twice",
                    )
                    .attr(DCT));
                }
                let Some(v) = value else {
                    return Err(
                        Error::new(ErrorKind::InvalidValue, "content type is null").attr(DCT)
                    );
                };
                reader.content_type = Some(v);
                continue;
            }
            let kind = profile.classify(name);
            if let Ok(HeaderKind::Attribute(attr)) = &kind {
                reader.specversion_header |= attr.eq_str("specversion");
            }
            if reader.error.is_some() {
                continue;
            }
            let result = match kind {
                Ok(HeaderKind::Other) => Ok(()),
                Ok(HeaderKind::Attribute(attr)) => profile
                    .value(value)
                    .map_err(|e| name_error(e, &attr))
                    .and_then(|v| reader.add(attr, Value::String(v), true)),
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                reader.error = Some(e);
            }
        }
        Ok(reader)
    }

    /// True once a `specversion` attribute was read.
    pub(crate) fn has_specversion(&self) -> bool {
        self.attrs.has(Attr::SpecVersion)
    }

    /// Adds one attribute (core or extension) named `name` (lowercase,
    /// possibly still to fold). `chars_checked`: the value's characters
    /// were checked while decoding it (TYPE-4).
    ///
    /// # Errors
    ///
    /// The attribute model's errors, naming the attribute.
    pub(crate) fn add(
        &mut self,
        name: Text<'a>,
        value: Value<'a>,
        chars_checked: bool,
    ) -> Result<(), Error> {
        self.size += name.raw().len()
            + match &value {
                Value::String(t) => t.raw().len(),
                Value::Map(m) => m.len(),
                _ => 4,
            };
        if let (Value::String(t), false) = (&value, chars_checked) {
            attrs::check_chars(t).map_err(|e| name_error(e, &name))?;
        }
        match Attr::from_text(&name) {
            Some(attr) => self
                .attrs
                .attribute(attr, name, value, None, &self.opts)
                .map_err(|e| e.attr_if_none(attr.name().as_bytes())),
            None => self
                .attrs
                .extension(name, value, &self.opts)
                .map_err(|e| name_error(e, &name)),
        }
    }

    /// Applies the protocol's content type (HTTP-6, KAFKA-4, AMQP-3,
    /// MQTT-3) and completes the event with `body` as its data (`None` = no
    /// data).
    ///
    /// # Errors
    ///
    /// The first attribute error; `NotCloudEvent` without `specversion`
    /// (HTTP-5); `Conflict` for a content type that contradicts a
    /// `datacontenttype` attribute (per the rule); `Limit` when attributes
    /// and data exceed the size limit (CORE-16); `MissingRequired` (CORE-1,
    /// E-61); the version-dependent checks (V03); `Encoding` for a 0.3
    /// base64 body that is not base64.
    pub(crate) fn finish(
        mut self,
        content_type: Option<&'a [u8]>,
        rule: ContentTypeRule,
        body: Option<&'a [u8]>,
    ) -> Result<(), Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if !self.has_specversion() {
            return Err(not_cloud_event());
        }
        if let Some(ct) = content_type.filter(|ct| !ct.is_empty()) {
            let ct = plain_text(ct).map_err(|e| e.attr(DCT))?;
            self.content_type(ct, rule)?;
        }
        if self.size.saturating_add(body.map_or(0, <[u8]>::len)) > self.opts.max_size {
            return Err(Error::new(
                ErrorKind::Limit,
                "event larger than the size limit (attributes and data)",
            ));
        }
        let Collected {
            base64_data,
            data_base64,
        } = self.attrs.finish(&self.opts)?;
        if data_base64.is_some() {
            return Err(Error::new(
                ErrorKind::InvalidName,
                "attribute names must be a-z or 0-9 (data_base64 is an extension of 0.3 events only)",
            )
            .attr(b"data_base64"));
        }
        self.attrs.event.data = match body {
            None => None,
            Some(b) if base64_data => {
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
        Ok(())
    }

    /// Sets `datacontenttype` from the protocol's content type, validated
    /// as a media type (CORE-6).
    fn content_type(&mut self, ct: Text<'a>, rule: ContentTypeRule) -> Result<(), Error> {
        let named = |e: Error| e.attr(DCT);
        if self.attrs.has(Attr::DataContentType) {
            let existing = self.attrs.event.datacontenttype;
            if rule == ContentTypeRule::Exclusive {
                return Err(named(Error::new(
                    ErrorKind::Conflict,
                    "datacontenttype must come from the content type only, not also from an attribute header",
                )));
            }
            if existing.is_some_and(|e| e != ct) {
                return Err(named(Error::new(
                    ErrorKind::Conflict,
                    "the content type and the datacontenttype attribute differ",
                )));
            }
            return Ok(());
        }
        self.attrs
            .attribute(
                Attr::DataContentType,
                Text::plain(Attr::DataContentType.name()),
                Value::String(ct),
                None,
                &self.opts,
            )
            .map_err(named)
    }
}
