//! The structured-mode JSON event parser: one pass over the input, no
//! allocation, every rule of SPEC CORE/JSON/V03 checked.
//!
//! Member order is free (JSON-7), so the interpretation of members that depend
//! on `specversion` or `datacontenttype` (`data`, `data_base64`, `schemaurl`,
//! `datacontentencoding`, `dataschema`) is deferred to the end of the object.

use super::scan::{parse_i32, Cursor, StrInfo};
use crate::attrs::{self, Attr, Collected, Collector, Deferred};
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, SpecVersion, Value};
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
    let mut event = attrs::blank_event();
    let mut attrs = Collector::for_input(&mut event, input);
    let mut data: Option<RawData<'a>> = None;

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
            let (attr, name) = classify_key(key_raw, key.escaped, key_at)?;
            cur.expect(b':', "expected ':' after member name")?;
            cur.skip_ws();
            let value_at = cur.pos;
            match attr {
                Some(attr) => {
                    attrs.mark(attr).map_err(|e| e.attr(key_raw).at(key_at))?;
                    let named = |e: Error| e.attr_if_none(attr.name().as_bytes());
                    match attr {
                        Attr::SpecVersion => {
                            let v = read_specversion(cur).map_err(named)?;
                            attrs.set_specversion(v);
                        }
                        Attr::Id
                        | Attr::Source
                        | Attr::Type
                        | Attr::DataContentType
                        | Attr::Subject
                        | Attr::Time => match read_string(cur).map_err(named)? {
                            Some(text) => {
                                // Where the text starts: after the quote.
                                let at = Some(value_at + 1);
                                attrs::check_text_rule(attr, &text, opts)
                                    .map_err(|e| named(e.locate(at)))?;
                                attrs.store(attr, name, Value::String(text), at);
                            }
                            None => attrs.unset(attr),
                        },
                        Attr::Data => {
                            let string = if cur.peek() == Some(b'"') {
                                Some(cur.string()?)
                            } else {
                                cur.value(opts.max_depth).map_err(named)?;
                                None
                            };
                            data = Some(RawData {
                                raw: &input[value_at..cur.pos],
                                string,
                                offset: value_at,
                            });
                        }
                        Attr::DataBase64 if cur.peek() == Some(b'"') => {
                            // Binary, not a String: base64 rules apply, not
                            // TYPE-4 (E-44); `finish` checks it as a String
                            // if it turns out to be a 0.3 extension.
                            let s = cur.string()?;
                            let value = Value::String(text_of(input, &s));
                            attrs.store(attr, name, value, Some(value_at + 1));
                        }
                        Attr::DataSchema
                        | Attr::SchemaUrl
                        | Attr::DataContentEncoding
                        | Attr::DataBase64 => {
                            // Meaning depends on the version: kept for
                            // `finish`; `null` is unset (JSON-6, JSON-22).
                            if let Some(value) = read_extension_value(cur).map_err(named)? {
                                let at = match value {
                                    Value::String(_) => value_at + 1,
                                    _ => value_at,
                                };
                                attrs.store(attr, name, value, Some(at));
                            }
                        }
                    }
                }
                None => {
                    if let Some(value) =
                        read_extension_value(cur).map_err(|e| e.attr_if_none(key_raw))?
                    {
                        attrs
                            .extension(name, value, opts)
                            .map_err(|e| e.attr(key_raw).at(key_at))?;
                        if let Value::Map(_) = value {
                            attrs.map_value_at(value_at);
                        }
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
    if whole && cur.peek_ws().is_some() {
        return Err(cur.err(ErrorKind::Syntax, "trailing characters after the event"));
    }
    let Collected {
        base64_data,
        data_base64,
    } = attrs.finish(opts)?;
    event.data = resolve_data(&event, data, data_base64, base64_data)?;
    Ok(event)
}

/// Identifies a member name, validating extension names (NAME-1, JSON-8:
/// names compare after unescaping).
#[inline]
fn classify_key(raw: &[u8], escaped: bool, at: usize) -> Result<(Option<Attr>, Text<'_>), Error> {
    if !escaped {
        let attr = Attr::from_name(raw);
        if attr.is_none() && !spec::name::is_valid(raw) {
            return Err(attrs::bad_name(raw).at(at));
        }
        return Ok((attr, Text::from_validated(raw, TextEncoding::Plain)));
    }
    let text = Text::from_validated(raw, TextEncoding::Json);
    let attr = Attr::from_text(&text);
    if attr.is_none() {
        let valid = !text.is_empty()
            && text
                .bytes_iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !valid {
            return Err(attrs::bad_name(raw).at(at));
        }
    }
    Ok((attr, text))
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
            attrs::parse_specversion(&text_of(cur.input, &s)).map_err(|e| e.at(at))
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
    cur.value(ParseOptions::MAX_DEPTH_LIMIT)
}

/// Reads an extension value (JSON-3, JSON-4): string, int32 integer or
/// boolean; `null` means absent. A JSON object is kept as a Map value,
/// which only 0.3 events may have (V03-9): the collector rejects it for 1.0
/// once the version is known.
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
        Some(b'{') => {
            skip_value(cur)?;
            // Validated JSON text: UTF-8, so the conversion cannot fail.
            match core::str::from_utf8(&cur.input[at..cur.pos]) {
                Ok(map) => Ok(Some(Value::Map(map))),
                Err(_) => Err(Error::new(ErrorKind::Encoding, "invalid UTF-8").at(at)),
            }
        }
        Some(b'[') => {
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

/// Interprets `data`/`data_base64` once the content type and version are
/// known (JSON-13..JSON-22, V03-3).
fn resolve_data<'a>(
    event: &Event<'a>,
    data: Option<RawData<'a>>,
    data_base64: Option<Deferred<'a>>,
    base64_encoded_data: bool,
) -> Result<Option<Data<'a>>, Error> {
    // The member's value offset (a string's `at` is after its quote).
    let b64 = data_base64.map(|d| {
        let at = d.at.unwrap_or(0);
        let offset = match d.value {
            Value::String(_) => at.saturating_sub(1),
            _ => at,
        };
        (d.value, offset)
    });
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
                let raw = crate::kernels::utf8(d.raw).map_err(|_| {
                    Error::new(ErrorKind::Encoding, "invalid UTF-8 in data").at(d.offset)
                })?;
                return Ok(Some(Data::Json(raw)));
            }
            // JSON-20: non-JSON content types take a JSON string.
            match &d.string {
                Some(s) => {
                    let text = input_text(s);
                    if s.lone_surrogate {
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
    // Escaped base64 (`\/`) is checked as it decodes, without a buffer.
    spec::base64::validate_text(text)
        .map(|_| ())
        .map_err(|e| e.locate(Some(offset + 1)))
}
