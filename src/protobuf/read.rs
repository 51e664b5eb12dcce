//! Reading one `io.cloudevents.v1.CloudEvent` message into an [`Event`]
//! that borrows the input.
//!
//! Where protobuf would merge repeated occurrences (a field of the event
//! given twice, an entry's key or value twice, two members of a oneof),
//! this reader refuses with `Duplicate` or `Conflict` (CORE-10): an
//! attribute has one value. Unknown fields are skipped, and inside
//! `google.protobuf.Timestamp` and `Any` the last occurrence wins, as in
//! protobuf.

use crate::attrs::{self, Attr, Collected, Collector};
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, Value};
use crate::options::ParseOptions;
use crate::pbwire::{syntax, Key, Wire, LEN, VARINT};
use crate::spec;
use crate::spec::timestamp::Timestamp;
use crate::text::{Text, TextEncoding};
use crate::ProtoAny;

/// The required attributes, by field number 1..=4 (PROTO-2).
const REQUIRED: [Attr; 4] = [Attr::Id, Attr::Source, Attr::SpecVersion, Attr::Type];

impl<'a> Event<'a> {
    /// Reads one Protobuf-format event (`application/cloudevents+protobuf`,
    /// message `io.cloudevents.v1.CloudEvent`) with the default
    /// [`ParseOptions`]. Feature `protobuf`; see [`crate::protobuf`].
    ///
    /// Strings and bytes are borrowed from `input`; nothing is allocated
    /// for events with up to [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS)
    /// extensions.
    ///
    /// ```
    /// use cloudevents_codec::Event;
    /// // id "1", source "/s", spec_version "1.0", type "t", text_data "hi"
    /// let input = b"\x0a\x011\x12\x02/s\x1a\x031.0\x22\x01t\x3a\x02hi";
    /// let event = Event::from_protobuf(input)?;
    /// assert!(event.source() == "/s");
    /// assert_eq!(event.data().unwrap().as_bytes(), Some(&b"hi"[..]));
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `Syntax` (with the byte offset) for malformed protobuf: a broken
    /// varint, a length past the end, field number 0, a wire type that does
    /// not fit the field; `Encoding` for a string that is not UTF-8; and
    /// every error the JSON parser gives for the same event (missing,
    /// duplicate or invalid attributes, names, versions, limits), plus
    /// `Conflict` for two data fields.
    pub fn from_protobuf(input: &'a [u8]) -> Result<Event<'a>, Error> {
        Self::from_protobuf_with(input, &ParseOptions::new())
    }

    /// Reads one Protobuf-format event with `options`.
    ///
    /// # Errors
    ///
    /// As [`from_protobuf`](Self::from_protobuf).
    pub fn from_protobuf_with(input: &'a [u8], options: &ParseOptions) -> Result<Event<'a>, Error> {
        if input.len() > options.max_size {
            return Err(Error::new(ErrorKind::Limit, "event larger than the size limit").at(0));
        }
        read_message(Wire::new(input), options)
    }
}

/// A data field, kept until the content type is known.
#[derive(Clone, Copy)]
struct RawData<'a> {
    field: u32,
    bytes: &'a [u8],
    at: usize,
}

/// Gives an error the offset `at` unless it has one.
#[inline]
fn or_at(e: Error, at: usize) -> Error {
    if e.offset().is_some() {
        e
    } else {
        e.at(at)
    }
}

#[cold]
fn wrong_wire(key: Key) -> Error {
    syntax("wrong wire type for this field", key.at)
}

/// Reads the `CloudEvent` message `w` (all of its bytes).
pub(crate) fn read_message<'a>(mut w: Wire<'a>, opts: &ParseOptions) -> Result<Event<'a>, Error> {
    let mut event = attrs::blank_event();
    let mut attrs = Collector::new(&mut event);
    let mut data: Option<RawData<'a>> = None;
    // Fields 1-4 seen, empty or not (CORE-10: each once).
    let mut seen = 0u8;
    while !w.is_done() {
        let key = w.key()?;
        match key.field {
            1..=8 if key.wire != LEN => return Err(wrong_wire(key)),
            1..=4 => {
                let (bytes, at) = w.bytes()?;
                let attr = REQUIRED[key.field as usize - 1];
                let named = |e: Error| e.attr_if_none(attr.name().as_bytes());
                let bit = 1 << key.field;
                if seen & bit != 0 {
                    return Err(named(attrs::duplicate()).at(key.at));
                }
                seen |= bit;
                // proto3: an empty string is the absent default.
                if bytes.is_empty() {
                    continue;
                }
                let text = string(bytes, at).map_err(named)?;
                add(&mut attrs, attr, Value::String(text), at, opts)
                    .map_err(|e| or_at(named(e), key.at))?;
            }
            5 => {
                let (entry, at) = w.bytes()?;
                let entry = Wire::sub(w.input, at, at + entry.len());
                read_entry(&mut attrs, entry, opts)?;
            }
            _ if key.field <= 8 => {
                let (bytes, at) = w.bytes()?;
                if let Some(first) = data {
                    let (kind, detail) = if first.field == key.field {
                        (ErrorKind::Duplicate, "the data field occurs twice")
                    } else {
                        (
                            ErrorKind::Conflict,
                            "binary_data, text_data and proto_data are mutually exclusive",
                        )
                    };
                    return Err(Error::new(kind, detail).attr(b"data").at(key.at));
                }
                data = Some(RawData {
                    field: key.field,
                    bytes,
                    at,
                });
            }
            _ => w.skip(key)?,
        }
    }
    let Collected {
        base64_data,
        data_base64,
    } = attrs.finish(opts)?;
    if data_base64.is_some() {
        return Err(Error::new(
            ErrorKind::InvalidName,
            "data_base64 is the JSON format's data member, not an attribute",
        )
        .attr(b"data_base64"));
    }
    event.data = match data {
        None => None,
        Some(d) => Some(resolve_data(&event, d, base64_data, opts)?),
    };
    Ok(event)
}

/// Adds the attribute `attr` to the collector. The String attributes whose
/// meaning does not depend on the version take the JSON parser's direct
/// path (mark, the attribute's rule, store); the others go through
/// [`Collector::attribute`]. Either way the rules are the attribute model's.
#[inline(always)]
fn add<'a>(
    attrs: &mut Collector<'_, 'a>,
    attr: Attr,
    value: Value<'a>,
    at: usize,
    opts: &ParseOptions,
) -> Result<(), Error> {
    match (attr, value) {
        (
            Attr::Id
            | Attr::Source
            | Attr::Type
            | Attr::DataContentType
            | Attr::Subject
            | Attr::Time,
            Value::String(text),
        ) if (!text.is_encoded() && !text.raw().is_empty())
            || text.encoding() == TextEncoding::ProtobufTimestamp =>
        {
            attrs.mark(attr)?;
            attrs::check_text_rule(attr, &text, opts).map_err(|e| e.locate(Some(at)))?;
            attrs.store(attr, Text::plain(attr.name()), value, Some(at));
            Ok(())
        }
        (Attr::SpecVersion, Value::String(text)) if text.raw() == b"1.0" => {
            attrs.mark(attr)?;
            attrs.set_specversion(crate::event::SpecVersion::V1_0);
            Ok(())
        }
        _ => attrs.attribute(attr, Text::plain(attr.name()), value, Some(at), opts),
    }
}

/// A String attribute value: UTF-8 holding only allowed characters
/// (TYPE-4), checked in one pass.
#[inline]
fn string(bytes: &[u8], at: usize) -> Result<Text<'_>, Error> {
    spec::chars::check_bytes(bytes).map_err(|e| e.shifted(at))?;
    Ok(Text::from_validated(bytes, TextEncoding::Plain))
}

/// UTF-8 text (a name, text data).
#[inline]
fn utf8(bytes: &[u8], at: usize) -> Result<&str, Error> {
    crate::kernels::utf8(bytes).map_err(|e| {
        Error::new(ErrorKind::Encoding, "invalid UTF-8 in a string field").at(at + e.valid_up_to())
    })
}

/// Reads one `attributes` map entry (`key = 1`, `value = 2`) into the
/// collector.
#[inline]
fn read_entry<'a>(
    attrs: &mut Collector<'_, 'a>,
    mut entry: Wire<'a>,
    opts: &ParseOptions,
) -> Result<(), Error> {
    let entry_at = entry.pos;
    let mut name: (&'a [u8], usize) = (&[], entry_at);
    let mut value: Option<Wire<'a>> = None;
    let mut has_name = false;
    while !entry.is_done() {
        let key = entry.key()?;
        match (key.field, key.wire) {
            (1, LEN) if !has_name => {
                name = entry.bytes()?;
                has_name = true;
            }
            (2, LEN) if value.is_none() => {
                let (v, at) = entry.bytes()?;
                value = Some(Wire::sub(entry.input, at, at + v.len()));
            }
            // Protobuf would keep the last key and merge the values.
            (1 | 2, LEN) => {
                return Err(Error::new(
                    ErrorKind::Duplicate,
                    "an attributes entry gives its key or value twice",
                )
                .at(key.at))
            }
            (1 | 2, _) => return Err(wrong_wire(key)),
            _ => entry.skip(key)?,
        }
    }
    let (name_bytes, name_at) = name;
    // Valid names are ASCII (NAME-1), so valid UTF-8: no separate check.
    let attr = Attr::from_name(name_bytes);
    if attr.is_none() && !spec::name::is_valid(name_bytes) {
        // `data_base64` (V03-4) is the one name outside NAME-1 a version
        // accepts, and it is an `Attr`.
        return Err(attrs::bad_name(name_bytes).at(name_at));
    }
    // An entry without a value, or whose value sets no member of the oneof,
    // gives no value: the attribute is absent (as JSON's `null`, JSON-6).
    let Some(value_wire) = value else {
        return Ok(());
    };
    let value_at = value_wire.pos;
    let Some(value) = read_value(value_wire, opts).map_err(|e| e.attr_if_none(name_bytes))? else {
        return Ok(());
    };
    let name = Text::from_validated(name_bytes, TextEncoding::Plain);
    match attr {
        Some(attr) => add(attrs, attr, value, value_at, opts)
            .map_err(|e| or_at(e.attr_if_none(name_bytes), name_at)),
        None => attrs
            .extension(name, value, opts)
            .map_err(|e| or_at(e.attr_if_none(name_bytes), name_at)),
    }
}

/// Reads a `CloudEventAttributeValue`: the member of its oneof that is
/// set, `None` when none is; `Duplicate` when several are.
#[inline]
fn read_value<'a>(mut w: Wire<'a>, opts: &ParseOptions) -> Result<Option<Value<'a>>, Error> {
    let iri = !opts.strict_uris;
    let mut value = None;
    while !w.is_done() {
        let key = w.key()?;
        let v = match (key.field, key.wire) {
            (1, VARINT) => Value::Boolean(w.varint()? != 0),
            // int32 travels as a sign-extended varint; protobuf keeps the
            // low 32 bits.
            (2, VARINT) => Value::Integer(w.varint()? as i32),
            (3, LEN) => {
                let (b, at) = w.bytes()?;
                Value::String(string(b, at)?)
            }
            (4, LEN) => Value::String(Text::from_validated(
                w.bytes()?.0,
                TextEncoding::BinaryAsBase64,
            )),
            (5, LEN) => {
                let (b, at) = w.bytes()?;
                let text = string(b, at)?;
                spec::uri::validate_uri_with(b, iri).map_err(|e| e.shifted(at))?;
                Value::String(text)
            }
            (6, LEN) => {
                let (b, at) = w.bytes()?;
                let text = string(b, at)?;
                spec::uri::validate_uri_reference_with(b, iri).map_err(|e| e.shifted(at))?;
                Value::String(text)
            }
            (7, LEN) => {
                let (b, at) = w.bytes()?;
                check_timestamp(Wire::sub(w.input, at, at + b.len()))?;
                Value::String(Text::from_validated(b, TextEncoding::ProtobufTimestamp))
            }
            (1..=7, _) => return Err(wrong_wire(key)),
            _ => {
                w.skip(key)?;
                continue;
            }
        };
        // Protobuf keeps the last member of a oneof (merging messages):
        // an attribute has one value.
        if value.is_some() {
            return Err(Error::new(
                ErrorKind::Duplicate,
                "an attribute value sets its oneof twice",
            )
            .at(key.at));
        }
        value = Some(v);
    }
    Ok(value)
}

/// Checks a `google.protobuf.Timestamp` message: well-formed, `nanos` in
/// 0..1e9 and the instant within the years RFC 3339 can write (TYPE-8).
fn check_timestamp(mut w: Wire<'_>) -> Result<(), Error> {
    let at = w.pos;
    let (mut seconds, mut nanos) = (0i64, 0i64);
    while !w.is_done() {
        let key = w.key()?;
        match (key.field, key.wire) {
            (1, VARINT) => seconds = w.varint()? as i64,
            (2, VARINT) => nanos = i64::from(w.varint()? as i32),
            (1 | 2, _) => return Err(wrong_wire(key)),
            _ => w.skip(key)?,
        }
    }
    let valid = u32::try_from(nanos)
        .ok()
        .and_then(|n| Timestamp::from_unix(seconds, n))
        .is_some();
    if !valid {
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "timestamp outside the years 0000-9999, or nanos outside 0..1e9",
        )
        .at(at));
    }
    Ok(())
}

/// Interprets the data field once the content type and version are known
/// (PROTO-4; V03-3 for 0.3's base64 data).
fn resolve_data<'a>(
    event: &Event<'a>,
    d: RawData<'a>,
    base64_data: bool,
    opts: &ParseOptions,
) -> Result<Data<'a>, Error> {
    let named = |e: Error| e.attr(b"data");
    match d.field {
        // proto_data
        8 => ProtoAny::parse(d.bytes)
            .map(Data::Protobuf)
            .map_err(|e| named(e.shifted(d.at))),
        // binary_data or text_data of a 0.3 event with
        // `datacontentencoding: base64`: base64 text, as in binary mode.
        _ if base64_data => {
            spec::base64::validate(d.bytes).map_err(|e| named(e.shifted(d.at)))?;
            Ok(Data::Base64(Text::plain(utf8(d.bytes, d.at)?)))
        }
        6 => Ok(Data::Binary(d.bytes)),
        _ => {
            let text = utf8(d.bytes, d.at).map_err(named)?;
            // Text of a JSON content type is what a binary-mode body of
            // that type is: bytes, checked as JSON only by those who print
            // it as JSON (JSON writers do).
            if event
                .datacontenttype
                .is_some_and(|ct| crate::event::text_is_json_media_type(&ct))
            {
                return Ok(Data::Binary(d.bytes));
            }
            // No content type: JSON when it is one JSON value (JSON-12).
            if event.datacontenttype.is_none() {
                match crate::json::validate_value(d.bytes, opts.max_depth) {
                    Ok(()) => return Ok(Data::Json(text)),
                    // Deeper than allowed: refused, as by the JSON parser
                    // (JSON-24).
                    Err(e) if e.kind() == ErrorKind::Limit => return Err(named(e.shifted(d.at))),
                    // Not JSON: text, as it came.
                    Err(_) => {}
                }
            }
            Ok(Data::Text(Text::plain(text)))
        }
    }
}
