//! Reading one Avro `CloudEvent` record (a datum, without framing) into an
//! [`Event`].

use alloc::vec::Vec;

use super::codec::Cursor;
use super::json::{json_string, read_json, Frame};
use crate::attrs::{self, Attr, Collected, Collector};
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, Value};
use crate::options::ParseOptions;
use crate::spec;
use crate::text::{Text, TextEncoding};

/// Reusable room for what an Avro event cannot borrow from its input: the
/// JSON text of JSON data (the Avro form is a tree of records, maps and
/// arrays, AVRO-3). The event read borrows it; reuse it across events, so
/// that reading allocates only while it grows.
#[derive(Debug, Default)]
pub struct AvroScratch {
    json: Vec<u8>,
    stack: Vec<Frame>,
}

impl AvroScratch {
    /// Empty scratch space.
    pub const fn new() -> Self {
        AvroScratch {
            json: Vec::new(),
            stack: Vec::new(),
        }
    }
}

/// Reads one Avro-format event (`application/cloudevents+avro`, AVRO-1):
/// the binary encoding of the spec's `CloudEvent` record, with the default
/// [`ParseOptions`].
///
/// Strings and bytes are borrowed from `input`; JSON data is written as
/// JSON text into `scratch`, which the event borrows too.
///
/// # Errors
///
/// `Syntax` (with the byte offset) for malformed Avro or bytes after the
/// record; `Encoding` for a string that is not UTF-8; `InvalidValue` for a
/// NaN or infinite number in JSON data; and every error the JSON parser
/// gives for the same event (missing, duplicate or invalid attributes,
/// names, versions, limits).
pub fn read_event<'a>(input: &'a [u8], scratch: &'a mut AvroScratch) -> Result<Event<'a>, Error> {
    read_event_with(input, scratch, &ParseOptions::new())
}

/// Reads one Avro-format event with `options`.
///
/// # Errors
///
/// As [`read_event`].
pub fn read_event_with<'a>(
    input: &'a [u8],
    scratch: &'a mut AvroScratch,
    options: &ParseOptions,
) -> Result<Event<'a>, Error> {
    if input.len() > options.max_size {
        return Err(Error::new(ErrorKind::Limit, "event larger than the size limit").at(0));
    }
    let (event, end) = read_datum(input, 0, scratch, options)?;
    if end != input.len() {
        return Err(Error::new(ErrorKind::Syntax, "bytes after the event record").at(end));
    }
    Ok(event)
}

/// The data union, kept until the content type is known.
enum RawData<'a> {
    None,
    Bytes(&'a [u8], usize),
    String(&'a str, usize),
    /// A JSON branch (boolean, map, array, double) whose value starts at
    /// the cursor.
    Json(u8),
}

/// Reads the record starting at `input[start..]`; returns the event and
/// where the record ends.
pub(crate) fn read_datum<'a>(
    input: &'a [u8],
    start: usize,
    scratch: &'a mut AvroScratch,
    opts: &ParseOptions,
) -> Result<(Event<'a>, usize), Error> {
    let mut cur = Cursor::new(input, start);
    let mut event = attrs::blank_event();
    let mut attrs = Collector::new(&mut event);
    loop {
        let n = cur.block()?;
        if n == 0 {
            break;
        }
        for _ in 0..n {
            read_attribute(&mut cur, &mut attrs, opts)?;
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
    let at = cur.pos;
    let raw = match cur.branch(7)? {
        0 => {
            let (b, at) = cur.bytes()?;
            RawData::Bytes(b, at)
        }
        1 => RawData::None,
        6 => {
            let (s, at) = cur.string()?;
            RawData::String(s, at)
        }
        b => RawData::Json(b),
    };
    let named = |e: Error| e.attr(b"data");
    let json_data = event.data_is_json();
    event.data = match raw {
        RawData::None => None,
        RawData::Bytes(b, at) if base64_data => {
            // 0.3 with `datacontentencoding: base64`: base64 text, as in
            // binary mode (V03-3).
            spec::base64::validate(b).map_err(|e| named(e.shifted(at)))?;
            match core::str::from_utf8(b) {
                Ok(s) => Some(Data::Base64(Text::plain(s))),
                Err(_) => {
                    return Err(named(
                        Error::new(ErrorKind::Encoding, "invalid base64").at(at),
                    ))
                }
            }
        }
        RawData::Bytes(b, _) => Some(Data::Binary(b)),
        RawData::String(s, at) if base64_data => {
            spec::base64::validate(s.as_bytes()).map_err(|e| named(e.shifted(at)))?;
            Some(Data::Base64(Text::plain(s)))
        }
        // JSON data whose value is a string (AVRO-4).
        RawData::String(s, _) if json_data => {
            scratch.json.clear();
            json_string(s, &mut scratch.json);
            Some(Data::Json(""))
        }
        RawData::String(s, _) => Some(Data::Text(Text::plain(s))),
        RawData::Json(_) if !json_data => {
            return Err(named(
                Error::new(
                    ErrorKind::TypeMismatch,
                    "data of a non-JSON content type must be a string or bytes",
                )
                .at(at),
            ))
        }
        RawData::Json(branch) => {
            scratch.json.clear();
            read_json(
                &mut cur,
                Some(branch),
                &mut scratch.json,
                &mut scratch.stack,
                opts.max_depth,
            )
            .map_err(named)?;
            Some(Data::Json(""))
        }
    };
    let end = cur.pos;
    // JSON data lives in the scratch: point the event at it now that it is
    // complete.
    if let Some(Data::Json(_)) = event.data {
        let scratch: &'a AvroScratch = scratch;
        let text = crate::kernels::utf8(&scratch.json)
            .map_err(|_| named(Error::new(ErrorKind::Encoding, "invalid UTF-8 in data")))?;
        event.data = Some(Data::Json(text));
    }
    Ok((event, end))
}

/// Reads one entry of the `attribute` map: a name and a value of the union
/// `[null, boolean, int, string, bytes]` (AVRO-2, AVRO-3).
fn read_attribute<'a>(
    cur: &mut Cursor<'a>,
    attrs: &mut Collector<'_, 'a>,
    opts: &ParseOptions,
) -> Result<(), Error> {
    let (name, name_at) = cur.string()?;
    let bytes = name.as_bytes();
    let attr = Attr::from_name(bytes);
    if attr.is_none() && !spec::name::is_valid(bytes) {
        return Err(attrs::bad_name(bytes).at(name_at));
    }
    let value_at = cur.pos;
    let value = match cur.branch(5)? {
        // Null: absent (AVRO-4).
        0 => return Ok(()),
        1 => Value::Boolean(cur.boolean()?),
        2 => Value::Integer(cur.int()?),
        3 => {
            let (b, at) = cur.bytes()?;
            spec::chars::check_bytes(b).map_err(|e| e.shifted(at).attr(bytes))?;
            Value::String(Text::from_validated(b, TextEncoding::Plain))
        }
        _ => Value::String(Text::from_validated(
            cur.bytes()?.0,
            TextEncoding::BinaryAsBase64,
        )),
    };
    let located = |e: Error| {
        let e = e.attr_if_none(bytes);
        if e.offset().is_some() {
            e
        } else {
            e.at(name_at)
        }
    };
    let name = Text::plain(name);
    match attr {
        Some(attr) => attrs
            .attribute(attr, name, value, Some(value_at), opts)
            .map_err(located),
        None => attrs.extension(name, value, opts).map_err(located),
    }
}
