//! The structured-mode JSON event parser: one pass over the input, no
//! allocation, every rule of SPEC CORE/JSON/V03 checked.
//!
//! Member order is free (JSON-7), so the interpretation of members that depend
//! on `specversion` or `datacontenttype` (`data`, `data_base64`, `schemaurl`,
//! `datacontentencoding`, `dataschema`) is deferred to the end of the object.

use super::scan::{parse_i32, Cursor, StrInfo};
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, Extension, SpecVersion, StackBuf, Value};
use crate::extensions::Extensions;
use crate::options::ParseOptions;
use crate::spec;
use crate::text::{Text, TextEncoding};

impl<'a> Event<'a> {
    /// Parses one structured-mode JSON event (`application/cloudevents+json`)
    /// with the default [`ParseOptions`].
    ///
    /// The whole input must be one JSON object, optionally surrounded by
    /// whitespace (JSON-10).
    ///
    /// # Errors
    ///
    /// The first rule broken, with its [`ErrorKind`], byte offset and
    /// attribute: JSON syntax, UTF-8, required attributes, attribute types and
    /// values, names, duplicates, `data`/`data_base64` conflicts, limits.
    ///
    /// ```
    /// use cloudevents_codec::{Event, ErrorKind};
    /// let err = Event::from_json(br#"{"specversion":"1.0","id":"1","type":"t"}"#).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::MissingRequired);
    /// assert_eq!(err.to_string(), r#"missing required attribute "source""#);
    /// ```
    pub fn from_json(input: &'a [u8]) -> Result<Event<'a>, Error> {
        Self::from_json_with(input, &ParseOptions::new())
    }

    /// Parses one structured-mode JSON event with `options`.
    ///
    /// # Errors
    ///
    /// As [`from_json`](Self::from_json).
    pub fn from_json_with(input: &'a [u8], options: &ParseOptions) -> Result<Event<'a>, Error> {
        if input.len() > options.max_size {
            return Err(Error::new(ErrorKind::Limit, "event larger than the size limit").at(0));
        }
        let mut cur = Cursor::new(input);
        match cur.peek_ws() {
            Some(b'{') => {}
            Some(b'[') => {
                return Err(cur.err(
                    ErrorKind::TypeMismatch,
                    "expected one event object, found an array (a batch?)",
                ))
            }
            Some(0xEF) => return Err(cur.err(ErrorKind::Syntax, "byte order mark before JSON")),
            None => return Err(cur.err(ErrorKind::Syntax, "empty input")),
            Some(_) => return Err(cur.err(ErrorKind::Syntax, "expected a JSON object")),
        }
        // A tail call, so the event is built in the caller's return slot.
        parse_object_with(&mut cur, options, true)
    }
}

/// Which member a key names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Member {
    SpecVersion,
    Id,
    Source,
    Type,
    DataContentType,
    Subject,
    Time,
    Data,
    // Version-dependent members, resolved at the end of the object.
    DataSchema,
    SchemaUrl,
    DataContentEncoding,
    DataBase64,
    Extension,
}

impl Member {
    #[inline(always)]
    fn from_name(name: &[u8]) -> Member {
        // The length picks at most two candidates; each compare is then one
        // or two fixed-size loads.
        match name.len() {
            2 if name == b"id" => Member::Id,
            4 => match name {
                b"type" => Member::Type,
                b"time" => Member::Time,
                b"data" => Member::Data,
                _ => Member::Extension,
            },
            6 if name == b"source" => Member::Source,
            7 if name == b"subject" => Member::Subject,
            9 if name == b"schemaurl" => Member::SchemaUrl,
            10 if name == b"dataschema" => Member::DataSchema,
            11 => match name {
                b"specversion" => Member::SpecVersion,
                b"data_base64" => Member::DataBase64,
                _ => Member::Extension,
            },
            15 if name == b"datacontenttype" => Member::DataContentType,
            19 if name == b"datacontentencoding" => Member::DataContentEncoding,
            _ => Member::Extension,
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A version-dependent member kept until the end of the object.
#[derive(Clone, Copy)]
struct Pending<'a> {
    name: Text<'a>,
    value: Option<Value<'a>>,
    offset: usize,
}

/// The `data` member, kept until its content type is known.
#[derive(Clone, Copy)]
struct RawData<'a> {
    raw: &'a [u8],
    /// The string body, when `data` is a JSON string.
    string: Option<StrInfo>,
    offset: usize,
}

/// Parses the object at the cursor (its `{`), leaving the cursor after it.
pub(crate) fn parse_object<'a>(
    cur: &mut Cursor<'a>,
    opts: &ParseOptions,
) -> Result<Event<'a>, Error> {
    parse_object_with(cur, opts, false)
}

/// As [`parse_object`]; with `whole`, nothing but whitespace may follow.
fn parse_object_with<'a>(
    cur: &mut Cursor<'a>,
    opts: &ParseOptions,
    whole: bool,
) -> Result<Event<'a>, Error> {
    let input = cur.input;
    cur.pos += 1; // '{'
    let mut seen: u16 = 0;
    // Required attributes given as `null` (unset, JSON-6).
    let mut nulls: u16 = 0;
    // The event is filled in place: it is large (inline extensions), and
    // assembling it from locals at the end cost whole-struct copies.
    // Required attributes hold an empty placeholder until read; `seen`
    // says which were.
    let empty = Text::plain("");
    let mut event = Event::bare(empty, empty, empty);
    let mut data: Option<RawData<'a>> = None;
    let mut pending: [Option<Pending<'a>>; 4] = [None; 4];

    if cur.peek_ws() == Some(b'}') {
        cur.pos += 1;
    } else {
        loop {
            if cur.peek_ws() != Some(b'"') {
                return Err(cur.unexpected("expected member name"));
            }
            let key_at = cur.pos;
            let key = cur.string()?;
            let key_raw = &input[key.start..key.end];
            let (member, name) = classify_key(key_raw, key.escaped, key_at)?;
            cur.expect(b':', "expected ':' after member name")?;
            cur.skip_ws();
            let value_at = cur.pos;
            if member != Member::Extension {
                if seen & member.bit() != 0 {
                    return Err(Error::new(ErrorKind::Duplicate, "attribute occurs twice")
                        .attr(key_raw)
                        .at(key_at));
                }
                seen |= member.bit();
            }
            let with = |e: Error| e.attr_if_none(key_raw);
            match member {
                Member::SpecVersion => {
                    event.specversion = read_specversion(cur).map_err(with)?;
                }
                Member::Id => event.id = read_required(cur, member, &mut nulls).map_err(with)?,
                Member::Source => {
                    event.source = read_required(cur, member, &mut nulls).map_err(with)?;
                }
                Member::Type => event.ty = read_required(cur, member, &mut nulls).map_err(with)?,
                Member::DataContentType => {
                    event.datacontenttype = read_string(cur).map_err(with)?;
                    if let Some(ct) = &event.datacontenttype {
                        with_decoded(ct, spec::media::validate)
                            .map_err(|e| with(e.shifted(value_at + 1)))?;
                    }
                }
                Member::Subject => event.subject = read_string(cur).map_err(with)?,
                Member::Time => {
                    event.time = read_string(cur).map_err(with)?;
                    if let (Some(t), false) = (&event.time, opts.lax_timestamps) {
                        with_decoded(t, |b| spec::timestamp::Timestamp::parse(b).map(|_| ()))
                            .map_err(|e| with(e.shifted(value_at + 1)))?;
                    }
                }
                Member::Data => {
                    let string = if cur.peek() == Some(b'"') {
                        Some(cur.string()?)
                    } else {
                        cur.value(opts.max_depth).map_err(with)?;
                        None
                    };
                    data = Some(RawData {
                        raw: &input[value_at..cur.pos],
                        string,
                        offset: value_at,
                    });
                }
                Member::DataSchema
                | Member::SchemaUrl
                | Member::DataContentEncoding
                | Member::DataBase64 => {
                    let slot = match member {
                        Member::DataSchema => 0,
                        Member::SchemaUrl => 1,
                        Member::DataContentEncoding => 2,
                        _ => 3,
                    };
                    let value = if member == Member::DataBase64 && cur.peek() == Some(b'"') {
                        // Binary, not a String: base64 rules apply, not TYPE-4 (E-44).
                        let s = cur.string()?;
                        Some(Value::String(text_of(input, &s)))
                    } else {
                        read_extension_value(cur).map_err(with)?
                    };
                    pending[slot] = Some(Pending {
                        name,
                        value,
                        offset: value_at,
                    });
                }
                Member::Extension => {
                    let value = read_extension_value(cur).map_err(with)?;
                    if let Some(value) = value {
                        push_extension(&mut event.extensions, Extension::new(name, value), opts)
                            .map_err(|e| e.attr(key_raw).at(key_at))?;
                    }
                }
            }
            match cur.peek_ws() {
                Some(b',') => cur.pos += 1,
                Some(b'}') => {
                    cur.pos += 1;
                    break;
                }
                _ => return Err(cur.unexpected("expected ',' or '}' after member")),
            }
        }
    }
    let end = cur.pos;
    if whole && cur.peek_ws().is_some() {
        return Err(cur.err(ErrorKind::Syntax, "trailing characters after the event"));
    }

    // CORE-1, CORE-4
    for (member, name) in [
        (Member::SpecVersion, "specversion"),
        (Member::Id, "id"),
        (Member::Source, "source"),
        (Member::Type, "type"),
    ] {
        if (seen & !nulls) & member.bit() == 0 {
            return Err(missing(name, end));
        }
    }
    let specversion = event.specversion;
    resolve_version_members(&mut event, &pending, input, opts)?;
    check_many_extensions(input, event.extensions.as_slice())?;
    let base64_data = pending[2].is_some() && specversion == SpecVersion::V0_3;
    let b64_member = if specversion == SpecVersion::V1_0 {
        pending[3]
    } else {
        None
    };
    event.data = resolve_data(&event, data, b64_member, base64_data)?;
    // Required values were checked for emptiness as they were read; the URI
    // rules need the whole value.
    check_uri_reference(&event.source, source_offset(input, &event.source))
        .map_err(|e| e.attr_if_none(b"source"))?;
    Ok(event)
}

/// Offset of a text borrowed from `input` (for error positions).
fn source_offset(input: &[u8], text: &Text<'_>) -> usize {
    (text.raw().as_ptr() as usize).wrapping_sub(input.as_ptr() as usize)
}

#[cold]
fn missing(name: &'static str, end: usize) -> Error {
    let _ = end;
    Error::new(ErrorKind::MissingRequired, "").attr(name.as_bytes())
}

/// Identifies a member name, validating extension names (NAME-1, JSON-8).
#[inline]
fn classify_key(raw: &[u8], escaped: bool, at: usize) -> Result<(Member, Text<'_>), Error> {
    if !escaped {
        let member = Member::from_name(raw);
        if member == Member::Extension && !spec::name::is_valid(raw) {
            return Err(bad_name(raw, at));
        }
        return Ok((member, Text::from_validated(raw, TextEncoding::Plain)));
    }
    // JSON-8: names compare after unescaping.
    let text = Text::from_validated(raw, TextEncoding::Json);
    let mut buf = StackBuf::<32>::new();
    text.decode_to(&mut buf);
    let member = if buf.overflow {
        Member::Extension
    } else {
        Member::from_name(buf.as_bytes())
    };
    if member == Member::Extension {
        let valid = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !valid {
            return Err(bad_name(raw, at));
        }
    }
    Ok((member, text))
}

#[cold]
fn bad_name(raw: &[u8], at: usize) -> Error {
    let detail = if raw.is_empty() {
        "attribute names must not be empty"
    } else {
        "attribute names must be lowercase a-z or 0-9"
    };
    Error::new(ErrorKind::InvalidName, detail).attr(raw).at(at)
}

fn read_specversion(cur: &mut Cursor<'_>) -> Result<SpecVersion, Error> {
    let at = cur.pos;
    // The value is nearly always exactly `"1.0"`.
    if cur.input.get(at..at + 5) == Some(b"\"1.0\"") {
        cur.pos += 5;
        return Ok(SpecVersion::V1_0);
    }
    match cur.peek() {
        Some(b'"') => {
            let s = cur.attr_string()?;
            let raw = &cur.input[s.start..s.end];
            let version = if s.escaped {
                let mut buf = StackBuf::<8>::new();
                Text::from_validated(raw, TextEncoding::Json).decode_to(&mut buf);
                if buf.overflow {
                    None
                } else {
                    SpecVersion::from_bytes(buf.as_bytes())
                }
            } else {
                SpecVersion::from_bytes(raw)
            };
            version.ok_or_else(|| {
                Error::new(
                    ErrorKind::UnsupportedVersion,
                    "only \"1.0\" and \"0.3\" are supported",
                )
                .at(at)
            })
        }
        Some(b'n') => {
            cur.literal(b"null")?;
            Err(Error::new(ErrorKind::MissingRequired, "specversion is null").at(at))
        }
        _ => {
            skip_value(cur)?;
            Err(Error::new(ErrorKind::TypeMismatch, "specversion must be a JSON string").at(at))
        }
    }
}

/// Reads a required String attribute; `null` leaves it unset (JSON-6): its
/// bit goes into `nulls` and the end of the object reports it missing.
#[inline(always)]
fn read_required<'a>(
    cur: &mut Cursor<'a>,
    member: Member,
    nulls: &mut u16,
) -> Result<Text<'a>, Error> {
    match read_string(cur)? {
        Some(t) => Ok(t),
        None => {
            *nulls |= member.bit();
            Ok(Text::plain(""))
        }
    }
}

/// Reads a String-typed core attribute: a non-empty JSON string, or `null`
/// (unset, JSON-6).
#[inline]
fn read_string<'a>(cur: &mut Cursor<'a>) -> Result<Option<Text<'a>>, Error> {
    let at = cur.pos;
    match cur.peek() {
        Some(b'"') => {
            let s = cur.attr_string()?;
            if s.start == s.end {
                return Err(Error::new(ErrorKind::InvalidValue, "must not be empty").at(at));
            }
            Ok(Some(text_of(cur.input, &s)))
        }
        Some(b'n') => {
            cur.literal(b"null")?;
            Ok(None)
        }
        _ => {
            skip_value(cur)?;
            Err(Error::new(ErrorKind::TypeMismatch, "must be a JSON string").at(at))
        }
    }
}

#[inline]
fn text_of<'a>(input: &'a [u8], s: &StrInfo) -> Text<'a> {
    let enc = if s.escaped {
        TextEncoding::Json
    } else {
        TextEncoding::Plain
    };
    Text::from_validated(&input[s.start..s.end], enc)
}

/// Skips a value of the wrong type so the error can name it; any syntax
/// error inside wins.
fn skip_value(cur: &mut Cursor<'_>) -> Result<(), Error> {
    cur.value(crate::options::MAX_DEPTH_LIMIT)
}

/// Reads an extension value (JSON-3, JSON-4): string, int32 integer or
/// boolean; `null` means absent.
fn read_extension_value<'a>(cur: &mut Cursor<'a>) -> Result<Option<Value<'a>>, Error> {
    let at = cur.pos;
    match cur.peek() {
        Some(b'"') => {
            let s = cur.attr_string()?;
            Ok(Some(Value::String(text_of(cur.input, &s))))
        }
        Some(b't') => cur.literal(b"true").map(|_| Some(Value::Boolean(true))),
        Some(b'f') => cur.literal(b"false").map(|_| Some(Value::Boolean(false))),
        Some(b'n') => cur.literal(b"null").map(|_| None),
        Some(b'-' | b'0'..=b'9') => {
            let integer = cur.number()?;
            if !integer {
                return Err(Error::new(
                    ErrorKind::InvalidValue,
                    "Integer values must have no fraction or exponent",
                )
                .at(at));
            }
            match parse_i32(&cur.input[at..cur.pos]) {
                Some(i) => Ok(Some(Value::Integer(i))),
                None => Err(Error::new(
                    ErrorKind::InvalidValue,
                    "Integer out of the signed 32-bit range",
                )
                .at(at)),
            }
        }
        Some(b'{' | b'[') => {
            skip_value(cur)?;
            Err(Error::new(
                ErrorKind::TypeMismatch,
                "extension values must be a string, number or boolean",
            )
            .at(at))
        }
        _ => Err(cur.unexpected("expected a JSON value")),
    }
}

/// Appends an extension, rejecting duplicates (CORE-10) and enforcing the limit.
#[inline]
fn push_extension<'a>(
    extensions: &mut Extensions<'a>,
    ext: Extension<'a>,
    opts: &ParseOptions,
) -> Result<(), Error> {
    if extensions.len() >= opts.max_extensions {
        return Err(Error::new(
            ErrorKind::Limit,
            "too many extension attributes",
        ));
    }
    // Past DUP_SCAN_LIMIT, `check_many_extensions` finds duplicates at the
    // end of the object: a scan per push would be quadratic.
    if extensions.len() < DUP_SCAN_LIMIT && extensions.as_slice().iter().any(|e| e.name == ext.name)
    {
        return Err(Error::new(ErrorKind::Duplicate, "attribute occurs twice"));
    }
    if !extensions.push(ext) {
        return Err(Error::new(
            ErrorKind::Limit,
            "more extensions than fit without the `alloc` feature",
        ));
    }
    Ok(())
}

/// Up to this many extensions, each push scans the list for a duplicate.
const DUP_SCAN_LIMIT: usize = 32;

/// Finds a repeated extension name (CORE-10) among more than
/// [`DUP_SCAN_LIMIT`] extensions by sorting the names: O(n log n) where a
/// scan per push would be O(n²). Reports the first repeat in input order,
/// as the scan does.
fn check_many_extensions(input: &[u8], exts: &[Extension<'_>]) -> Result<(), Error> {
    if exts.len() <= DUP_SCAN_LIMIT {
        return Ok(());
    }
    #[cfg(feature = "alloc")]
    {
        use alloc::borrow::Cow;
        use alloc::vec::Vec;
        let names: Vec<Cow<'_, [u8]>> = exts
            .iter()
            .map(|e| match e.name.as_str() {
                Some(s) => Cow::Borrowed(s.as_bytes()),
                None => {
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
            let name = exts[i].name;
            return Err(Error::new(ErrorKind::Duplicate, "attribute occurs twice")
                .attr(name.raw())
                .at(source_offset(input, &name).saturating_sub(1)));
        }
    }
    #[cfg(not(feature = "alloc"))]
    let _ = input;
    Ok(())
}

/// Runs `f` on the decoded bytes of `text`, decoding escaped values into a
/// stack buffer (or, rarely, a heap one).
pub(crate) fn with_decoded<R>(
    text: &Text<'_>,
    f: impl FnOnce(&[u8]) -> Result<R, Error>,
) -> Result<R, Error> {
    if !text.is_encoded() {
        return f(text.raw());
    }
    let mut buf = StackBuf::<512>::new();
    text.decode_to(&mut buf);
    if !buf.overflow {
        // Offsets inside decoded text do not map back exactly; report the start.
        return f(buf.as_bytes()).map_err(|e| e.at(0));
    }
    #[cfg(feature = "alloc")]
    {
        let mut v = alloc::vec::Vec::new();
        text.decode_to(&mut v);
        f(&v).map_err(|e| e.at(0))
    }
    #[cfg(not(feature = "alloc"))]
    {
        let _ = f;
        Err(Error::new(
            ErrorKind::Limit,
            "escaped value too long to validate without `alloc`",
        ))
    }
}

fn check_uri_reference(text: &Text<'_>, offset: usize) -> Result<(), Error> {
    with_decoded(text, spec::uri::validate_uri_reference).map_err(|e| e.shifted(offset))
}

/// Applies the version-dependent meaning of `dataschema`, `schemaurl`,
/// `datacontentencoding` and `data_base64` (V03-2..V03-7).
fn resolve_version_members<'a>(
    event: &mut Event<'a>,
    pending: &[Option<Pending<'a>>; 4],
    input: &'a [u8],
    opts: &ParseOptions,
) -> Result<(), Error> {
    let v1 = event.specversion == SpecVersion::V1_0;
    for (slot, p) in pending.iter().enumerate() {
        let Some(p) = p else { continue };
        // Slots: 0 dataschema, 1 schemaurl, 2 datacontentencoding, 3 data_base64.
        let as_attribute = match slot {
            0 => v1,
            1 => !v1,
            2 => !v1,
            _ => v1, // data_base64 is data in 1.0, handled by resolve_data
        };
        let raw_name = p.name.raw();
        if slot == 3 && v1 {
            continue;
        }
        if !as_attribute {
            // An ordinary extension of this version (V03-4, V03-7).
            if let (3, Some(Value::String(_))) = (slot, p.value) {
                // `data_base64` was scanned as base64 text, without the
                // String rules (E-44); as a 0.3 extension it is a String
                // (TYPE-4, JSON-11): scan it again as one.
                let mut again = Cursor {
                    input,
                    pos: p.offset,
                };
                again.attr_string().map_err(|e| e.attr(raw_name))?;
            }
            if let Some(value) = p.value {
                push_extension(&mut event.extensions, Extension::new(p.name, value), opts)
                    .map_err(|e| e.attr(raw_name).at(p.offset))?;
            }
            continue;
        }
        let text = match p.value {
            None => continue,
            Some(Value::String(t)) => t,
            Some(_) => {
                return Err(Error::new(ErrorKind::TypeMismatch, "must be a JSON string")
                    .attr(raw_name)
                    .at(p.offset))
            }
        };
        if text.is_empty() {
            return Err(Error::new(ErrorKind::InvalidValue, "must not be empty")
                .attr(raw_name)
                .at(p.offset));
        }
        match slot {
            0 => {
                // CORE-7: an absolute URI.
                with_decoded(&text, spec::uri::validate_uri)
                    .map_err(|e| e.shifted(p.offset + 1).attr(raw_name))?;
                event.dataschema = Some(text);
            }
            1 => {
                // V03-5: schemaurl is a URI-reference.
                with_decoded(&text, spec::uri::validate_uri_reference)
                    .map_err(|e| e.shifted(p.offset + 1).attr(raw_name))?;
                event.dataschema = Some(text);
            }
            _ => {
                // V03-3: only base64, in any case.
                if !text.eq_ignore_ascii_case("base64") {
                    return Err(Error::new(
                        ErrorKind::InvalidValue,
                        "only \"base64\" is supported",
                    )
                    .attr(raw_name)
                    .at(p.offset));
                }
            }
        }
    }
    Ok(())
}

/// Interprets `data`/`data_base64` once the content type and version are
/// known (JSON-13..JSON-22, V03-3).
fn resolve_data<'a>(
    event: &Event<'a>,
    data: Option<RawData<'a>>,
    data_base64: Option<Pending<'a>>,
    base64_encoded_data: bool,
) -> Result<Option<Data<'a>>, Error> {
    let b64 = match data_base64 {
        Some(Pending {
            value: Some(v),
            offset,
            ..
        }) => Some((v, offset)),
        _ => None,
    };
    match (data, b64) {
        (Some(_), Some((_, offset))) => Err(Error::new(
            ErrorKind::Conflict,
            "\"data\" and \"data_base64\" are mutually exclusive",
        )
        .attr(b"data_base64")
        .at(offset)),
        (None, Some((value, offset))) => {
            let Value::String(text) = value else {
                return Err(Error::new(ErrorKind::TypeMismatch, "must be a JSON string")
                    .attr(b"data_base64")
                    .at(offset));
            };
            check_base64(&text, offset).map_err(|e| e.attr(b"data_base64"))?;
            Ok(Some(Data::Base64(text)))
        }
        (None, None) => Ok(None),
        (Some(d), None) => {
            let input_text = |s: &StrInfo| {
                let raw = &d.raw[s.start - d.offset..s.end - d.offset];
                Text::from_validated(
                    raw,
                    if s.escaped {
                        TextEncoding::Json
                    } else {
                        TextEncoding::Plain
                    },
                )
            };
            if base64_encoded_data {
                // 0.3 with datacontentencoding: base64 — data is base64 text.
                let Some(s) = &d.string else {
                    return Err(Error::new(
                        ErrorKind::TypeMismatch,
                        "base64-encoded data must be a JSON string",
                    )
                    .attr(b"data")
                    .at(d.offset));
                };
                let text = input_text(s);
                check_base64(&text, d.offset).map_err(|e| e.attr(b"data"))?;
                return Ok(Some(Data::Base64(text)));
            }
            if event.data_is_json() {
                // JSON-19: the raw JSON value, strings included.
                // SAFETY-free: the value was validated as UTF-8 JSON.
                let raw = core::str::from_utf8(d.raw).map_err(|_| {
                    Error::new(ErrorKind::Encoding, "invalid UTF-8 in data").at(d.offset)
                })?;
                return Ok(Some(Data::Json(raw)));
            }
            // JSON-20: non-JSON content types take a JSON string.
            match &d.string {
                Some(s) => {
                    let text = input_text(s);
                    if s.escaped && has_lone_surrogate(text.raw()) {
                        return Err(
                            Error::new(ErrorKind::Encoding, "lone surrogate in text data")
                                .attr(b"data")
                                .at(d.offset),
                        );
                    }
                    Ok(Some(Data::Text(text)))
                }
                None => Err(Error::new(
                    ErrorKind::TypeMismatch,
                    "data of a non-JSON content type must be a JSON string",
                )
                .attr(b"data")
                .at(d.offset)),
            }
        }
    }
}

fn check_base64(text: &Text<'_>, offset: usize) -> Result<(), Error> {
    with_decoded(text, |b| spec::base64::validate(b).map(|_| ())).map_err(|e| e.shifted(offset + 1))
}

/// True when a JSON string body has a `\uD800`-`\uDFFF` escape that is not
/// part of a valid pair (JSON-11).
fn has_lone_surrogate(raw: &[u8]) -> bool {
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'\\', &raw[i..]) {
        i += off;
        if raw.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let Some(hi) = crate::text::hex4(raw.get(i + 2..).unwrap_or(&[])) else {
            return true;
        };
        i += 6;
        match hi {
            0xD800..=0xDBFF => {
                let lo = if raw.get(i) == Some(&b'\\') && raw.get(i + 1) == Some(&b'u') {
                    crate::text::hex4(raw.get(i + 2..).unwrap_or(&[]))
                } else {
                    None
                };
                match lo {
                    Some(0xDC00..=0xDFFF) => i += 6,
                    _ => return true,
                }
            }
            0xDC00..=0xDFFF => return true,
            _ => {}
        }
    }
    false
}
