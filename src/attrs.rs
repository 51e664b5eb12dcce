//! The attribute model: every name CloudEvents 1.0 and 0.3 give a meaning
//! to, what each one is in each version, the rules its value follows, and
//! the one collector that turns attributes read in any order into an
//! [`Event`].
//!
//! Every front end asks this module and nothing else: the JSON parser, the
//! binary-mode decoder the bindings share, [`EventBuilder`], [`OwnedEvent`],
//! CloudEvents SQL and the error messages. A rule written here holds the same
//! way everywhere (docs/RULES.md names each one).
//!
//! - [`Attr`] names the attributes of both versions plus the two member
//!   names that are not attributes (`data`, `data_base64`), with a lookup
//!   that costs a length dispatch and one or two fixed-size compares.
//! - [`Attr::role`] says what a name is in a version: an attribute, an
//!   ordinary extension (`schemaurl` in 1.0, `dataschema` in 0.3: V03-7), or
//!   never an attribute (`data`, NAME-4).
//! - [`check_attribute`] validates an attribute value (CORE-2..CORE-9,
//!   V03-2..V03-5); [`check_extension_name`] an extension name (NAME-1,
//!   NAME-5); [`check_chars`] a String's characters (TYPE-4).
//! - [`Collector`] gathers attributes and extensions, rejects duplicates
//!   (CORE-10) and resolves the version-dependent names once, in
//!   [`Collector::finish`].
//!
//! [`EventBuilder`]: crate::EventBuilder
//! [`OwnedEvent`]: crate::OwnedEvent

use crate::error::{Error, ErrorKind};
use crate::event::{Event, Extension, SpecVersion, Value};
use crate::options::ParseOptions;
use crate::spec;
use crate::text::Text;

/// A name with a meaning in CloudEvents 1.0 or 0.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub(crate) enum Attr {
    /// `specversion` (CORE-4).
    SpecVersion,
    /// `id` (CORE-2).
    Id,
    /// `source` (CORE-3).
    Source,
    /// `type` (CORE-5).
    Type,
    /// `datacontenttype` (CORE-6).
    DataContentType,
    /// `dataschema` (CORE-7): 1.0 only.
    DataSchema,
    /// `subject` (CORE-8).
    Subject,
    /// `time` (CORE-9).
    Time,
    /// `schemaurl` (V03-2, V03-5): 0.3's `dataschema`.
    SchemaUrl,
    /// `datacontentencoding` (V03-3): 0.3 only.
    DataContentEncoding,
    /// `data`: the payload member, never an attribute (NAME-4).
    Data,
    /// `data_base64`: 1.0's binary payload member (JSON-18); an opaque
    /// extension of 0.3 events (V03-4).
    DataBase64,
}

/// What a name is in one spec version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A context attribute of this version.
    Attribute,
    /// An ordinary extension in this version (the other version's name,
    /// V03-7).
    Extension,
    /// Never an attribute: a payload member (`data`; `data_base64` in 1.0).
    Payload,
}

impl Attr {
    /// Every name, in the order of the enum.
    pub(crate) const ALL: [Attr; 12] = [
        Attr::SpecVersion,
        Attr::Id,
        Attr::Source,
        Attr::Type,
        Attr::DataContentType,
        Attr::DataSchema,
        Attr::Subject,
        Attr::Time,
        Attr::SchemaUrl,
        Attr::DataContentEncoding,
        Attr::Data,
        Attr::DataBase64,
    ];

    /// The 1.0 core attributes in the order writers emit them.
    pub(crate) const CORE_V1: [Attr; 8] = [
        Attr::SpecVersion,
        Attr::Id,
        Attr::Source,
        Attr::Type,
        Attr::DataContentType,
        Attr::DataSchema,
        Attr::Subject,
        Attr::Time,
    ];

    /// The name as written.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Attr::SpecVersion => "specversion",
            Attr::Id => "id",
            Attr::Source => "source",
            Attr::Type => "type",
            Attr::DataContentType => "datacontenttype",
            Attr::DataSchema => "dataschema",
            Attr::Subject => "subject",
            Attr::Time => "time",
            Attr::SchemaUrl => "schemaurl",
            Attr::DataContentEncoding => "datacontentencoding",
            Attr::Data => "data",
            Attr::DataBase64 => "data_base64",
        }
    }

    /// `,"<name>":`: the member prefix the JSON writer puts before a value.
    pub(crate) const fn json_key(self) -> &'static [u8] {
        match self {
            Attr::SpecVersion => b",\"specversion\":",
            Attr::Id => b",\"id\":",
            Attr::Source => b",\"source\":",
            Attr::Type => b",\"type\":",
            Attr::DataContentType => b",\"datacontenttype\":",
            Attr::DataSchema => b",\"dataschema\":",
            Attr::Subject => b",\"subject\":",
            Attr::Time => b",\"time\":",
            Attr::SchemaUrl => b",\"schemaurl\":",
            Attr::DataContentEncoding => b",\"datacontentencoding\":",
            Attr::Data => b",\"data\":",
            Attr::DataBase64 => b",\"data_base64\":",
        }
    }

    /// The name `name` (exact, lowercase bytes) stands for; `None` for any
    /// other name (an extension, or not a valid name at all).
    #[inline(always)]
    pub(crate) fn from_name(name: &[u8]) -> Option<Attr> {
        // The length picks at most two candidates; each compare is then one
        // or two fixed-size loads.
        match name.len() {
            2 if name == b"id" => Some(Attr::Id),
            4 => match name {
                b"type" => Some(Attr::Type),
                b"time" => Some(Attr::Time),
                b"data" => Some(Attr::Data),
                _ => None,
            },
            6 if name == b"source" => Some(Attr::Source),
            7 if name == b"subject" => Some(Attr::Subject),
            9 if name == b"schemaurl" => Some(Attr::SchemaUrl),
            10 if name == b"dataschema" => Some(Attr::DataSchema),
            11 => match name {
                b"specversion" => Some(Attr::SpecVersion),
                b"data_base64" => Some(Attr::DataBase64),
                _ => None,
            },
            15 if name == b"datacontenttype" => Some(Attr::DataContentType),
            19 if name == b"datacontentencoding" => Some(Attr::DataContentEncoding),
            _ => None,
        }
    }

    /// As [`from_name`](Self::from_name) for a name that may be encoded
    /// (JSON escapes, JSON-8; a header name to fold to lowercase).
    #[inline]
    pub(crate) fn from_text(name: &Text<'_>) -> Option<Attr> {
        if !name.is_encoded() {
            return Attr::from_name(name.raw());
        }
        // No attribute name is longer than 19 bytes.
        let mut buf = crate::sink::StackBuf::<24>::new();
        name.decode_to(&mut buf);
        Attr::from_name(buf.complete()?)
    }

    /// One bit per name, for "seen" sets.
    #[inline(always)]
    pub(crate) const fn bit(self) -> u16 {
        1 << self as u16
    }

    /// What the name is in `version`.
    pub(crate) const fn role(self, version: SpecVersion) -> Role {
        let v1 = matches!(version, SpecVersion::V1_0);
        match self {
            Attr::SpecVersion
            | Attr::Id
            | Attr::Source
            | Attr::Type
            | Attr::DataContentType
            | Attr::Subject
            | Attr::Time => Role::Attribute,
            Attr::DataSchema if v1 => Role::Attribute,
            Attr::SchemaUrl | Attr::DataContentEncoding if !v1 => Role::Attribute,
            Attr::DataSchema | Attr::SchemaUrl | Attr::DataContentEncoding => Role::Extension,
            Attr::Data => Role::Payload,
            Attr::DataBase64 if v1 => Role::Payload,
            Attr::DataBase64 => Role::Extension,
        }
    }

    /// True for the attributes every event must have (CORE-1).
    pub(crate) const fn is_required(self) -> bool {
        matches!(
            self,
            Attr::SpecVersion | Attr::Id | Attr::Source | Attr::Type
        )
    }

    /// The value of this attribute of `event`, by the event's version
    /// (`schemaurl` of a 0.3 event is its `dataschema`); `None` when unset
    /// or not an attribute of that version.
    pub(crate) fn get<'a>(self, event: &Event<'a>) -> Option<Text<'a>> {
        if self.role(event.specversion) != Role::Attribute {
            return None;
        }
        match self {
            Attr::SpecVersion => Some(Text::plain(event.specversion.as_str())),
            Attr::Id => Some(event.id),
            Attr::Source => Some(event.source),
            Attr::Type => Some(event.ty),
            Attr::DataContentType => event.datacontenttype,
            Attr::DataSchema | Attr::SchemaUrl => event.dataschema,
            Attr::Subject => event.subject,
            Attr::Time => event.time,
            Attr::DataContentEncoding | Attr::Data | Attr::DataBase64 => None,
        }
    }
}

/// The core attributes of `event`'s version in writing order, with their
/// values (`schemaurl` for 0.3's `dataschema`).
pub(crate) fn core_attributes<'e, 'a>(
    event: &'e Event<'a>,
) -> impl Iterator<Item = (Attr, Text<'a>)> + 'e {
    let v03 = event.specversion == SpecVersion::V0_3;
    Attr::CORE_V1.into_iter().filter_map(move |a| {
        let a = match a {
            Attr::DataSchema if v03 => Attr::SchemaUrl,
            a => a,
        };
        a.get(event).map(|t| (a, t))
    })
}

/// True when `name` is one a message may not use for an extension of
/// `version`: an attribute or payload member of that version (NAME-4,
/// NAME-5). Names with no CloudEvents meaning, and the other version's
/// names, are free.
#[cfg(test)]
pub(crate) fn is_reserved(name: &[u8], version: SpecVersion) -> bool {
    Attr::from_name(name).is_some_and(|a| a.role(version) != Role::Extension)
}

/// Checks an extension name for `version`: `a-z0-9`, not empty (NAME-1,
/// NAME-2), not a name the version reserves (NAME-4, NAME-5). `data_base64`
/// is the one exception to NAME-1: an opaque extension of 0.3 events
/// (V03-4).
///
/// # Errors
///
/// `InvalidName`, naming the attribute.
pub(crate) fn check_extension_name(name: &[u8], version: SpecVersion) -> Result<(), Error> {
    match Attr::from_name(name) {
        Some(a) if a.role(version) == Role::Extension => Ok(()),
        Some(Attr::Data) => Err(Error::new(
            ErrorKind::InvalidName,
            "\"data\" is the payload, never an attribute",
        )
        .attr(name)),
        Some(_) => Err(Error::new(
            ErrorKind::InvalidName,
            "an extension may not take the name of an attribute of its version",
        )
        .attr(name)),
        None if spec::name::is_valid(name) => Ok(()),
        None => Err(bad_name(name)),
    }
}

/// The error for a name that breaks NAME-1 or NAME-2.
#[cold]
pub(crate) fn bad_name(name: &[u8]) -> Error {
    let detail = if name.is_empty() {
        "attribute names must not be empty"
    } else {
        "attribute names must be lowercase a-z or 0-9"
    };
    Error::new(ErrorKind::InvalidName, detail).attr(name)
}

/// TYPE-4: a String holds no control characters, noncharacters or lone
/// surrogates. Front ends that read strings check this as they scan (the
/// JSON scanner, the percent decoder); this is for values that come from
/// elsewhere (the builder, owned events, AMQP properties).
///
/// # Errors
///
/// `InvalidValue` for a forbidden character, `Encoding` for invalid UTF-8,
/// with the offset of the offending byte when the value was not encoded.
pub(crate) fn check_chars(text: &Text<'_>) -> Result<(), Error> {
    use crate::text::TextEncoding;
    match text.encoding() {
        // Base64 text is ASCII letters, digits, `+/=`.
        TextEncoding::BinaryAsBase64 => Ok(()),
        // Decoding turns a lone surrogate escape into U+FFFD: look first
        // (JSON-11).
        TextEncoding::Json if crate::text::has_lone_surrogate(text.raw()) => Err(Error::new(
            ErrorKind::InvalidValue,
            "lone surrogate in a string",
        )),
        _ => text.check_decoded(spec::chars::check_bytes),
    }
}

/// Reads a `specversion` value (CORE-4).
///
/// # Errors
///
/// `UnsupportedVersion` for anything but `1.0` and `0.3`.
pub(crate) fn parse_specversion(text: &Text<'_>) -> Result<SpecVersion, Error> {
    text.with_decoded(SpecVersion::from_bytes)
        .flatten()
        .ok_or_else(|| {
            Error::new(
                ErrorKind::UnsupportedVersion,
                "only \"1.0\" and \"0.3\" are supported",
            )
        })
}

/// Checks the value of `attr`, an attribute (not an extension) of its
/// version: a String (TYPE-1), not empty (JSON-23), and the attribute's own
/// rule: `source` and `schemaurl` URI-references (CORE-3, V03-5),
/// `dataschema` an absolute URI (CORE-7), `time` RFC 3339 (CORE-9),
/// `datacontenttype` a media type (CORE-6), `datacontentencoding` `base64`
/// (V03-3). Characters (TYPE-4) are the caller's: see [`check_chars`].
///
/// # Errors
///
/// `TypeMismatch` for a non-String, `InvalidValue` for a broken rule
/// (offsets relative to the value), `UnsupportedVersion` for a
/// `specversion` other than `1.0` and `0.3`. The caller names the attribute.
pub(crate) fn check_attribute(
    attr: Attr,
    value: &Value<'_>,
    opts: &ParseOptions,
) -> Result<(), Error> {
    let Value::String(text) = value else {
        return Err(Error::new(
            ErrorKind::TypeMismatch,
            "this attribute must be a String",
        ));
    };
    if text.is_empty() {
        return Err(Error::new(ErrorKind::InvalidValue, "must not be empty"));
    }
    check_text_rule(attr, text, opts)
}

/// The per-attribute rule of [`check_attribute`] on a non-empty String.
#[inline(always)]
pub(crate) fn check_text_rule(
    attr: Attr,
    text: &Text<'_>,
    opts: &ParseOptions,
) -> Result<(), Error> {
    let iri = !opts.strict_uris;
    match attr {
        Attr::SpecVersion => parse_specversion(text).map(|_| ()),
        Attr::Source | Attr::SchemaUrl => {
            text.check_decoded(|b| spec::uri::validate_uri_reference_with(b, iri))
        }
        Attr::DataSchema => text.check_decoded(|b| spec::uri::validate_uri_with(b, iri)),
        // A Protobuf `ce_timestamp` is RFC 3339 by construction: its reader
        // checked the instant's range.
        Attr::Time if text.encoding() == crate::text::TextEncoding::ProtobufTimestamp => Ok(()),
        Attr::Time if !opts.lax_timestamps => {
            text.check_decoded(|b| spec::timestamp::Timestamp::parse(b).map(|_| ()))
        }
        Attr::DataContentType => text.check_decoded(spec::media::validate),
        Attr::DataContentEncoding => {
            if text.eq_ignore_ascii_case("base64") {
                Ok(())
            } else {
                Err(Error::new(
                    ErrorKind::InvalidValue,
                    "only \"base64\" is supported",
                ))
            }
        }
        _ => Ok(()),
    }
}

/// A version-dependent attribute kept until the version is known.
#[derive(Clone, Copy)]
pub(crate) struct Deferred<'a> {
    /// The name as written (for extensions and errors).
    pub(crate) name: Text<'a>,
    pub(crate) value: Value<'a>,
    /// Where the value starts in the input (`None` where there is no one
    /// input: headers).
    pub(crate) at: Option<usize>,
}

/// The attributes of one event, collected in any order (JSON-7: member
/// order is free; headers come in any order too).
///
/// Front ends call [`attribute`](Self::attribute) for every name
/// [`Attr::from_name`] knows and [`extension`](Self::extension) for the
/// others; [`finish`](Self::finish) checks the required attributes and
/// applies the version-dependent meaning of `dataschema`, `schemaurl`,
/// `datacontentencoding` and `data_base64` (V03-2..V03-7) once.
pub(crate) struct Collector<'e, 'a> {
    /// The event, filled in place where the caller will return it from (it
    /// is large: assembling it at the end would cost whole-struct copies).
    /// Required attributes hold an empty placeholder until set; `seen` says
    /// which were.
    pub(crate) event: &'e mut Event<'a>,
    seen: u16,
    /// Required attributes given as JSON `null` (unset, JSON-6).
    unset: u16,
    /// `dataschema`, `schemaurl`, `datacontentencoding`, `data_base64`.
    deferred: [Option<Deferred<'a>>; 4],
    /// The first 0.3-only Map extension value (V03-9) and its offset, for
    /// the error when the event turns out to be 1.0.
    map_value: Option<(Text<'a>, Option<usize>)>,
    /// The one input every name is a slice of, when there is one (JSON),
    /// to locate errors found at the end.
    input: Option<&'a [u8]>,
    /// One bit per extension name added, from [`name_bit`]: a new name
    /// whose bit is clear repeats none of them, so the duplicate scan
    /// (CORE-10) runs only on a possible match.
    ext_bits: u64,
    /// An extension name whose bit is not in `ext_bits` (an encoded name,
    /// or one already in the event): every new name is scanned for.
    ext_unhashed: bool,
}

/// A bit for a plain extension name: its length and its first and last
/// bytes mixed into 0..64 (names are short and distinct ones rarely share
/// all three).
#[inline(always)]
fn name_bit(name: &[u8]) -> u64 {
    let first = u32::from(name.first().copied().unwrap_or(0));
    let last = u32::from(name.last().copied().unwrap_or(0));
    let mix = (name.len() as u32).wrapping_mul(7) ^ first.wrapping_mul(3) ^ last.wrapping_mul(11);
    1u64 << (mix & 63)
}

/// What [`Collector::finish`] found besides the event.
pub(crate) struct Collected<'a> {
    /// A 0.3 event whose `datacontentencoding` is `base64`: the data is
    /// base64 text (V03-3).
    pub(crate) base64_data: bool,
    /// A 1.0 `data_base64` member (JSON-18): the payload, not an attribute.
    /// Front ends without such a member (headers) reject it.
    pub(crate) data_base64: Option<Deferred<'a>>,
}

/// The event a [`Collector`] starts from: 1.0, required attributes empty.
#[inline]
pub(crate) fn blank_event<'a>() -> Event<'a> {
    let empty = Text::plain("");
    Event::bare(empty, empty, empty)
}

impl<'e, 'a> Collector<'e, 'a> {
    /// A collector filling `event`, which should be [`blank_event`].
    #[inline]
    pub(crate) fn new(event: &'e mut Event<'a>) -> Self {
        let ext_unhashed = event.extensions.len() != 0;
        Collector {
            event,
            seen: 0,
            unset: 0,
            deferred: [None; 4],
            map_value: None,
            input: None,
            ext_bits: 0,
            ext_unhashed,
        }
    }

    /// A collector for attributes read from `input` (names and values are
    /// slices of it), so errors found at the end get offsets.
    #[inline]
    pub(crate) fn for_input(event: &'e mut Event<'a>, input: &'a [u8]) -> Self {
        let mut c = Collector::new(event);
        c.input = Some(input);
        c
    }

    /// True once `attr` was given (any value, `null` included).
    #[inline]
    pub(crate) fn has(&self, attr: Attr) -> bool {
        self.seen & attr.bit() != 0
    }

    /// Marks `attr` as given; `Duplicate` when it was already (CORE-10).
    ///
    /// # Errors
    ///
    /// `Duplicate`, naming the attribute (offset: the caller's).
    #[inline(always)]
    pub(crate) fn mark(&mut self, attr: Attr) -> Result<(), Error> {
        if self.seen & attr.bit() != 0 {
            return Err(duplicate().attr(attr.name().as_bytes()));
        }
        self.seen |= attr.bit();
        Ok(())
    }

    /// Records `attr` as given and unset (a JSON `null`, JSON-6): absent,
    /// and `MissingRequired` at the end when it is a required attribute.
    /// Call [`mark`](Self::mark) first.
    #[inline]
    pub(crate) fn unset(&mut self, attr: Attr) {
        self.unset |= attr.bit();
    }

    /// Sets the spec version. Call [`mark`](Self::mark) first.
    #[inline]
    pub(crate) fn set_specversion(&mut self, version: SpecVersion) {
        self.event.specversion = version;
    }

    /// Stores an attribute whose meaning does not depend on the version,
    /// after the caller validated it, or keeps a version-dependent one for
    /// [`finish`](Self::finish). Call [`mark`](Self::mark) first.
    /// `specversion` goes through [`set_specversion`](Self::set_specversion).
    #[inline(always)]
    pub(crate) fn store(
        &mut self,
        attr: Attr,
        name: Text<'a>,
        value: Value<'a>,
        at: Option<usize>,
    ) {
        let text = match value {
            Value::String(t) => Some(t),
            _ => None,
        };
        let e = &mut self.event;
        match attr {
            Attr::Id => e.id = text.unwrap_or(e.id),
            Attr::Source => e.source = text.unwrap_or(e.source),
            Attr::Type => e.ty = text.unwrap_or(e.ty),
            Attr::DataContentType => e.datacontenttype = text,
            Attr::Subject => e.subject = text,
            Attr::Time => e.time = text,
            Attr::DataSchema | Attr::SchemaUrl | Attr::DataContentEncoding | Attr::DataBase64 => {
                self.deferred[deferred_slot(attr)] = Some(Deferred { name, value, at });
            }
            Attr::SpecVersion | Attr::Data => {}
        }
    }

    /// Adds one attribute with the full check: duplicate (CORE-10), value
    /// rules for names whose meaning does not depend on the version
    /// ([`check_attribute`]), deferral of the others. Characters (TYPE-4)
    /// are the caller's. `at` is the value's offset in the input, for
    /// errors (`None`: offsets stay relative to the value).
    ///
    /// # Errors
    ///
    /// As [`check_attribute`], plus `Duplicate` and `InvalidName` for
    /// `data`; each names the attribute.
    pub(crate) fn attribute(
        &mut self,
        attr: Attr,
        name: Text<'a>,
        value: Value<'a>,
        at: Option<usize>,
        opts: &ParseOptions,
    ) -> Result<(), Error> {
        let named = |e: Error| e.attr(attr.name().as_bytes());
        if attr == Attr::Data {
            return Err(Error::new(
                ErrorKind::InvalidName,
                "\"data\" is not an attribute; binary-mode data is the message body",
            )
            .attr(b"data"));
        }
        self.mark(attr)?;
        match attr {
            Attr::SchemaUrl | Attr::DataSchema | Attr::DataContentEncoding | Attr::DataBase64 => {}
            Attr::SpecVersion => {
                check_attribute(attr, &value, opts).map_err(named)?;
                let Value::String(t) = value else {
                    return Ok(());
                };
                self.set_specversion(parse_specversion(&t).map_err(named)?);
                return Ok(());
            }
            _ => check_attribute(attr, &value, opts).map_err(|e| named(e.locate(at)))?,
        }
        self.store(attr, name, value, at);
        Ok(())
    }

    /// Adds an extension whose name the caller checked (NAME-1), rejecting
    /// a repeated name (CORE-10) and enforcing the extension limit.
    ///
    /// # Errors
    ///
    /// `Duplicate` or `Limit` (without a name or offset: the caller's).
    #[inline]
    pub(crate) fn extension(
        &mut self,
        name: Text<'a>,
        value: Value<'a>,
        opts: &ParseOptions,
    ) -> Result<(), Error> {
        let exts = &mut self.event.extensions;
        if exts.len() >= opts.max_extensions {
            return Err(Error::new(
                ErrorKind::Limit,
                "too many extension attributes",
            ));
        }
        // Past DUP_SCAN_LIMIT, `finish` finds repeats by sorting: a scan
        // per push would be quadratic.
        let bit = (!name.is_encoded()).then(|| name_bit(name.raw()));
        let maybe_repeat = self.ext_unhashed
            || match bit {
                Some(b) => self.ext_bits & b != 0,
                None => true,
            };
        if maybe_repeat && exts.len() < DUP_SCAN_LIMIT && exts.iter().any(|e| e.name == name) {
            return Err(duplicate());
        }
        if let Value::Map(_) = value {
            self.map_value.get_or_insert((name, None));
        }
        if !exts.push(Extension::new(name, value)) {
            return Err(Error::new(
                ErrorKind::Limit,
                "more extensions than fit without the `alloc` feature",
            ));
        }
        match bit {
            Some(b) => self.ext_bits |= b,
            None => self.ext_unhashed = true,
        }
        Ok(())
    }

    /// Records where the first Map extension value is (for the 1.0
    /// error). Call after [`extension`](Self::extension) accepted it.
    #[inline]
    pub(crate) fn map_value_at(&mut self, at: usize) {
        if let Some((_, pos @ None)) = &mut self.map_value {
            *pos = Some(at);
        }
    }

    /// The first extension repeated among more than [`DUP_SCAN_LIMIT`]
    /// (CORE-10): O(n log n) where a scan per push would be O(n²).
    fn check_many_extensions(&self) -> Result<(), Error> {
        let exts = self.event.extensions.as_slice();
        if exts.len() <= DUP_SCAN_LIMIT {
            return Ok(());
        }
        #[cfg(feature = "alloc")]
        {
            use alloc::borrow::Cow;
            use alloc::vec::Vec;
            let names: Vec<Cow<'_, [u8]>> = exts
                .iter()
                .map(|e| match e.name.is_encoded() {
                    false => Cow::Borrowed(e.name.raw()),
                    true => {
                        let mut v = Vec::new();
                        e.name.decode_to(&mut v);
                        Cow::Owned(v)
                    }
                })
                .collect();
            let mut order: Vec<usize> = (0..exts.len()).collect();
            order.sort_unstable_by(|&a, &b| names[a].cmp(&names[b]).then(a.cmp(&b)));
            let repeat = order
                .windows(2)
                .filter(|w| names[w[0]] == names[w[1]])
                .map(|w| w[1])
                .min();
            if let Some(i) = repeat {
                let name = exts[i].name.raw();
                // The offset of the name's opening quote in the input.
                let at = self.input.map(|input| {
                    (name.as_ptr() as usize)
                        .wrapping_sub(input.as_ptr() as usize)
                        .saturating_sub(1)
                });
                return Err(duplicate().attr(name).locate(at));
            }
        }
        Ok(())
    }

    /// Checks the required attributes (CORE-1) and applies the meaning of
    /// the version-dependent names for the event's version: 1.0 `dataschema`
    /// is an absolute URI and `schemaurl`/`datacontentencoding` are
    /// extensions (V03-7); 0.3 `schemaurl` is a URI-reference that becomes
    /// `dataschema`, `datacontentencoding` must be `base64`, `dataschema` is
    /// an extension and `data_base64` an opaque one (V03-4); 1.0 events take
    /// no Map values (V03-9).
    ///
    /// # Errors
    ///
    /// `MissingRequired` for the first absent required attribute, in the
    /// order `specversion`, `id`, `source`, `type`; the errors of
    /// [`check_attribute`] and [`extension`](Self::extension), naming the
    /// attribute, with offsets from the values' `at`.
    #[inline]
    pub(crate) fn finish(&mut self, opts: &ParseOptions) -> Result<Collected<'a>, Error> {
        let given = self.seen & !self.unset;
        if given & REQUIRED_MASK != REQUIRED_MASK {
            let absent = Attr::ALL
                .into_iter()
                .find(|a| a.is_required() && given & a.bit() == 0);
            return Err(missing(absent.unwrap_or(Attr::SpecVersion)));
        }
        let version = self.event.specversion;
        let mut base64_data = false;
        let mut data_base64 = None;
        // Most events have none of the four: skip taking each slot out.
        let any = self.deferred.iter().any(Option::is_some);
        let deferred = if any { DEFERRED.len() } else { 0 };
        for (attr, slot) in DEFERRED.into_iter().zip(0..deferred) {
            let Some(d) = self.deferred[slot].take() else {
                continue;
            };
            match attr.role(version) {
                Role::Payload => data_base64 = Some(d),
                Role::Extension => {
                    if let (Attr::DataBase64, Value::String(t)) = (attr, &d.value) {
                        // Read as base64 text (a payload) while the version
                        // was unknown; as a 0.3 extension it is a String.
                        check_chars(t).map_err(|e| e.attr(attr.name().as_bytes()).locate(d.at))?;
                    }
                    self.extension(d.name, d.value, opts)
                        .map_err(|e| e.attr(attr.name().as_bytes()).locate(d.at))?;
                }
                Role::Attribute => {
                    check_attribute(attr, &d.value, opts)
                        .map_err(|e| e.locate(d.at).attr(attr.name().as_bytes()))?;
                    match (attr, d.value) {
                        (Attr::DataContentEncoding, _) => base64_data = true,
                        (_, Value::String(t)) => self.event.dataschema = Some(t),
                        _ => {}
                    }
                }
            }
        }
        if let (SpecVersion::V1_0, Some((name, at))) = (version, self.map_value) {
            return Err(Error::new(
                ErrorKind::TypeMismatch,
                "extension values must be a string, number or boolean (Map values are 0.3 only)",
            )
            .attr(name.raw())
            .locate(at));
        }
        self.check_many_extensions()?;
        Ok(Collected {
            base64_data,
            data_base64,
        })
    }
}

/// The bits of the required attributes (CORE-1).
const REQUIRED_MASK: u16 = {
    let mut mask = 0;
    let mut i = 0;
    while i < Attr::ALL.len() {
        if Attr::ALL[i].is_required() {
            mask |= Attr::ALL[i].bit();
        }
        i += 1;
    }
    mask
};

/// The version-dependent names, in `Collector::deferred` order.
const DEFERRED: [Attr; 4] = [
    Attr::DataSchema,
    Attr::SchemaUrl,
    Attr::DataContentEncoding,
    Attr::DataBase64,
];

#[inline]
fn deferred_slot(attr: Attr) -> usize {
    match attr {
        Attr::DataSchema => 0,
        Attr::SchemaUrl => 1,
        Attr::DataContentEncoding => 2,
        _ => 3,
    }
}

/// Up to this many extensions, each push scans the list for a duplicate.
const DUP_SCAN_LIMIT: usize = 32;

/// Names the attribute `name` (decoded) in `e`, unless it names one.
#[cold]
pub(crate) fn name_error(e: Error, name: &Text<'_>) -> Error {
    let mut buf = crate::sink::StackBuf::<32>::new();
    name.decode_to(&mut buf);
    e.attr_if_none(buf.as_bytes())
}

#[cold]
pub(crate) fn duplicate() -> Error {
    Error::new(ErrorKind::Duplicate, "attribute occurs twice")
}

#[cold]
pub(crate) fn missing(attr: Attr) -> Error {
    Error::new(ErrorKind::MissingRequired, "").attr(attr.name().as_bytes())
}

/// BATCH-4: every event of a batch has the `specversion` of its first
/// one. `batch` is the batch's version so far, `None` before its first
/// event; every batch reader and writer asks here. The error carries no
/// offset: the caller places it.
#[inline]
pub(crate) fn check_batch_version(
    batch: Option<SpecVersion>,
    event: SpecVersion,
) -> Result<(), Error> {
    match batch {
        Some(v) if v != event => Err(Error::new(
            ErrorKind::InvalidValue,
            "all events of a batch must have the same specversion",
        )
        .attr(b"specversion")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_every_name_and_nothing_else() {
        for a in Attr::ALL {
            assert_eq!(Attr::from_name(a.name().as_bytes()), Some(a));
            assert_eq!(Attr::from_text(&Text::plain(a.name())), Some(a));
        }
        for other in ["", "ids", "Type", "dat", "datacontenttypes", "xid"] {
            assert_eq!(Attr::from_name(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn v03_7_roles_by_version() {
        use Role::*;
        use SpecVersion::*;
        assert_eq!(Attr::DataSchema.role(V1_0), Attribute);
        assert_eq!(Attr::DataSchema.role(V0_3), Extension);
        assert_eq!(Attr::SchemaUrl.role(V1_0), Extension);
        assert_eq!(Attr::SchemaUrl.role(V0_3), Attribute);
        assert_eq!(Attr::DataContentEncoding.role(V1_0), Extension);
        assert_eq!(Attr::DataBase64.role(V1_0), Payload);
        assert_eq!(Attr::DataBase64.role(V0_3), Extension);
        assert_eq!(Attr::Data.role(V0_3), Payload);
        assert!(is_reserved(b"id", V1_0));
        assert!(!is_reserved(b"schemaurl", V1_0));
        assert!(is_reserved(b"schemaurl", V0_3));
        assert!(check_extension_name(b"data_base64", V0_3).is_ok());
        assert_eq!(
            check_extension_name(b"data_base64", V1_0)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidName
        );
    }
}
