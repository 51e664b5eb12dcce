//! AMQP 0-9-1 (RabbitMQ) through [`lapin`](https://docs.rs/lapin) (feature
//! `lapin`).
//!
//! CloudEvents has no AMQP 0-9-1 binding; this adapter carries events the
//! way RabbitMQ itself maps AMQP 1.0 messages to 0-9-1 ones, so an event
//! sent with the [AMQP 1.0 binding](crate::binding::amqp) reads the same
//! on either side:
//!
//! - Binary mode: attributes in the `headers` table as `cloudEvents_<name>`
//!   (or `cloudEvents:<name>`, read too), through the AMQP binding's typed
//!   mapping: Boolean → `boolean` (`t`), Integer → `long-int` (`I`),
//!   Binary → byte array (`x`), String → `long-string` (`S`); the
//!   `content_type` property carries `datacontenttype`; the body is the
//!   data.
//! - `time`: an AMQP 0-9-1 `timestamp` counts **seconds** (AMQP 1.0:
//!   milliseconds). A `time` with whole seconds is written as a
//!   `timestamp`, any other as its RFC 3339 string (with milliseconds), so
//!   no precision is lost; a received `timestamp` becomes the RFC 3339 text
//!   of that second.
//! - Structured mode: `content_type` `application/cloudevents+json`, the
//!   JSON event as body.
//!
//! ```no_run
//! use cloudevents_codec::adapters::lapin as ce_lapin;
//! use cloudevents_codec::binding::amqp::AmqpScratch;
//! use cloudevents_codec::Event;
//! use lapin::options::{BasicGetOptions, BasicPublishOptions};
//! use lapin::{BasicProperties, Connection, ConnectionProperties};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let connection = Connection::connect("amqp://guest:guest@127.0.0.1:5672", ConnectionProperties::default()).await?;
//! let channel = connection.create_channel().await?;
//!
//! // Publish in binary mode: `cloudEvents_` headers, content_type, body.
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","n":5,"data":{"x":1}}"#)?;
//! let (mut properties, mut body) = (BasicProperties::default(), Vec::new());
//! ce_lapin::write_binary(&event, &mut properties, &mut body)?;
//! channel.basic_publish("".into(), "events".into(), BasicPublishOptions::default(), &body, properties).await?;
//!
//! // Read: the event borrows the delivery.
//! if let Some(delivery) = channel.basic_get("events".into(), BasicGetOptions::default()).await? {
//!     let mut scratch = AmqpScratch::new();
//!     let received = ce_lapin::read_message(&delivery, &mut scratch)?.into_event().unwrap();
//!     assert_eq!(received, event);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What it costs
//!
//! Reading allocates nothing: the headers table is iterated in place and
//! `timestamp`s are formatted into the caller's [`AmqpScratch`]. lapin's
//! `FieldTable` is a `BTreeMap` of owned names and values, so writing
//! costs an allocation per name and per string value plus the tree's
//! nodes, all in the client type: 9 for the 4 headers of a minimal event, 20
//! for 10, exactly what inserting the same headers costs; the codec adds
//! none (`cargo test --all-features --test broker_alloc -- --nocapture`
//! asserts the equality and prints the counts).

use crate::attrs::Attr;
use crate::binding::amqp::{self, AmqpScratch, AmqpValue, PropertySink};
use crate::binding::{Message, ReadOptions, Written};
use crate::error::{Error, ErrorKind};
use crate::event::Event;
use crate::sink::{CountingSink, Sink};
use crate::spec::timestamp::Timestamp;
use crate::text::Text;
use ::lapin::message::Delivery;
use ::lapin::types::{AMQPValue, ByteArray, FieldTable, LongString, ShortString};
use ::lapin::BasicProperties;

/// Inserts headers (`FieldTable::insert`: a name written twice keeps the
/// last value). AMQP 1.0 types map to their AMQP 0-9-1 counterparts; a
/// `timestamp` in milliseconds becomes a `timestamp` in seconds when it is
/// a whole second at or after 1970, else its RFC 3339 string. A name longer
/// than 255 bytes (a `short-string`) is skipped; [`write_binary`] reports
/// it as `Limit` instead.
impl PropertySink for FieldTable {
    fn property(&mut self, name: &str, value: AmqpValue<'_>) {
        if let Ok(name) = ShortString::try_new(name) {
            self.insert(name, to_field(value));
        }
    }
}

/// The AMQP 0-9-1 value for a typed property.
fn to_field(value: AmqpValue<'_>) -> AMQPValue {
    match value {
        AmqpValue::Null => AMQPValue::Void,
        AmqpValue::Boolean(b) => AMQPValue::Boolean(b),
        AmqpValue::UByte(i) => AMQPValue::ShortShortUInt(i),
        AmqpValue::UShort(i) => AMQPValue::ShortUInt(i),
        AmqpValue::UInt(i) => AMQPValue::LongUInt(i),
        AmqpValue::Byte(i) => AMQPValue::ShortShortInt(i),
        AmqpValue::Short(i) => AMQPValue::ShortInt(i),
        AmqpValue::Int(i) => AMQPValue::LongInt(i),
        // The writer sends Integers as `long`; they fit a `long-int`, the
        // table type every AMQP 0-9-1 client reads.
        AmqpValue::Long(i) => match i32::try_from(i) {
            Ok(i) => AMQPValue::LongInt(i),
            Err(_) => AMQPValue::LongLongInt(i),
        },
        AmqpValue::ULong(i) => match i64::try_from(i) {
            Ok(i) => AMQPValue::LongLongInt(i),
            Err(_) => AMQPValue::LongString(LongString::from(i.to_string())),
        },
        AmqpValue::Timestamp(ms) => match u64::try_from(ms) {
            Ok(ms) if ms % 1000 == 0 => AMQPValue::Timestamp(ms / 1000),
            _ => {
                let mut text = Vec::new();
                if let Some(t) = Timestamp::from_amqp_millis(ms) {
                    t.write_rfc3339_millis(&mut text);
                }
                AMQPValue::LongString(LongString::from(text))
            }
        },
        AmqpValue::String(s) | AmqpValue::Symbol(s) => AMQPValue::LongString(LongString::from(s)),
        AmqpValue::Binary(b) => AMQPValue::ByteArray(ByteArray::from(b)),
    }
}

/// A received header's value as the binding's typed value. Types
/// CloudEvents has no mapping for are `TypeMismatch`, which the binding
/// reports only for attribute headers.
fn from_field(value: &AMQPValue) -> Result<AmqpValue<'_>, Error> {
    Ok(match value {
        AMQPValue::Void => AmqpValue::Null,
        AMQPValue::Boolean(b) => AmqpValue::Boolean(*b),
        AMQPValue::ShortShortInt(i) => AmqpValue::Byte(*i),
        AMQPValue::ShortShortUInt(i) => AmqpValue::UByte(*i),
        AMQPValue::ShortInt(i) => AmqpValue::Short(*i),
        AMQPValue::ShortUInt(i) => AmqpValue::UShort(*i),
        AMQPValue::LongInt(i) => AmqpValue::Int(*i),
        AMQPValue::LongUInt(i) => AmqpValue::UInt(*i),
        AMQPValue::LongLongInt(i) => AmqpValue::Long(*i),
        AMQPValue::ShortString(s) => AmqpValue::String(s.as_str()),
        AMQPValue::LongString(s) => match core::str::from_utf8(s.as_bytes()) {
            Ok(s) => AmqpValue::String(s),
            Err(e) => {
                return Err(
                    Error::new(ErrorKind::Encoding, "invalid UTF-8 in a long-string")
                        .at(e.valid_up_to()),
                )
            }
        },
        AMQPValue::ByteArray(b) => AmqpValue::Binary(b.as_slice()),
        // Seconds here, milliseconds in the binding's (AMQP 1.0) mapping.
        AMQPValue::Timestamp(secs) => {
            match i64::try_from(*secs).ok().and_then(|s| s.checked_mul(1000)) {
                Some(ms) => AmqpValue::Timestamp(ms),
                None => {
                    return Err(Error::new(
                        ErrorKind::InvalidValue,
                        "timestamp outside the years 0000-9999",
                    ))
                }
            }
        }
        AMQPValue::Float(_)
        | AMQPValue::Double(_)
        | AMQPValue::DecimalValue(_)
        | AMQPValue::FieldArray(_)
        | AMQPValue::FieldTable(_) => {
            return Err(Error::new(
                ErrorKind::TypeMismatch,
                "an AMQP 0-9-1 type with no CloudEvents type (float, decimal, array, table)",
            ))
        }
    })
}

/// Reads a delivery (from `basic_consume`, or `basic_get` through `Deref`)
/// with the default [`ReadOptions`]. `timestamp` headers are formatted into
/// `scratch`, which the event borrows.
///
/// # Errors
///
/// As [`amqp::read`]; `TypeMismatch` for an attribute header of a type
/// CloudEvents has no mapping for, `Encoding` for one that is not UTF-8.
pub fn read_message<'m>(
    delivery: &'m Delivery,
    scratch: &'m mut AmqpScratch,
) -> Result<Message<'m>, Error> {
    read_message_with(delivery, scratch, &ReadOptions::new())
}

/// Reads a delivery with `options`.
///
/// # Errors
///
/// As [`read_message`].
pub fn read_message_with<'m>(
    delivery: &'m Delivery,
    scratch: &'m mut AmqpScratch,
    options: &ReadOptions,
) -> Result<Message<'m>, Error> {
    read_parts(&delivery.properties, &delivery.data, scratch, options)
}

/// Reads a message from its properties and body (for messages that are
/// not lapin deliveries, e.g. returned messages).
///
/// # Errors
///
/// As [`read_message`].
pub fn read_parts<'m>(
    properties: &'m BasicProperties,
    body: &'m [u8],
    scratch: &'m mut AmqpScratch,
    options: &ReadOptions,
) -> Result<Message<'m>, Error> {
    let content_type = properties
        .content_type()
        .as_ref()
        .map(|ct| ct.as_str().as_bytes());
    let headers = properties
        .headers()
        .iter()
        .flat_map(|table| table.inner().iter())
        .map(|(name, value)| (name.as_str(), from_field(value)));
    // An empty body is no data, as in the other brokers' bindings.
    let data = (!body.is_empty()).then_some(body);
    amqp::read_typed(content_type, headers, data, scratch, options)
}

/// Records the first header name the table cannot hold.
struct TableSink<'t> {
    table: &'t mut FieldTable,
    error: Option<Error>,
}

impl PropertySink for TableSink<'_> {
    fn property(&mut self, name: &str, value: AmqpValue<'_>) {
        match ShortString::try_new(name) {
            Ok(name) => {
                self.table.insert(name, to_field(value));
            }
            Err(_) if self.error.is_none() => {
                self.error = Some(
                    Error::new(
                        ErrorKind::Limit,
                        "an AMQP 0-9-1 header name is at most 255 bytes",
                    )
                    .attr(name.as_bytes()),
                );
            }
            Err(_) => {}
        }
    }
}

/// Writes `event` in binary mode: `cloudEvents_` headers added to
/// `properties`' headers table (created when absent), its `content_type`
/// set to the data's content type (`datacontenttype`, or
/// `application/json` for JSON data without one), the data into `body`.
/// Publish with `channel.basic_publish(exchange, routing_key, options,
/// &body, properties)`.
///
/// # Errors
///
/// As [`amqp::write_binary`]: `Conflict` for a `datacontenttype` that is a
/// CloudEvents format media type (nothing is written then); `Limit` for a
/// content type or a header name longer than 255 bytes (AMQP 0-9-1
/// `short-string`s), after which `properties` and `body` are incomplete.
pub fn write_binary<'e, S: Sink + ?Sized>(
    event: &Event<'e>,
    properties: &mut BasicProperties,
    body: &mut S,
) -> Result<Written<'e>, Error> {
    // Checked before anything is written, without allocating.
    if let Some(ct) = &event.datacontenttype {
        let mut len = CountingSink(0);
        ct.decode_to(&mut len);
        if len.0 > MAX_SHORT_STRING {
            return Err(too_long());
        }
    }
    let mut table = properties.headers().clone().unwrap_or_default();
    let mut sink = TableSink {
        table: &mut table,
        error: None,
    };
    let written = amqp::write_binary(event, &mut sink, body)?;
    if let Some(e) = sink.error {
        return Err(e);
    }
    let mut updated = core::mem::take(properties).with_headers(table);
    if let Some(ct) = &written.content_type {
        updated = updated.with_content_type(short_string(ct)?);
    }
    *properties = updated;
    Ok(written)
}

/// Writes `event` in structured mode: `properties`' `content_type` set to
/// `application/cloudevents+json; charset=utf-8`, the JSON event into
/// `body`.
pub fn write_structured<S: Sink + ?Sized>(
    event: &Event<'_>,
    properties: &mut BasicProperties,
    body: &mut S,
) -> Written<'static> {
    let written = amqp::write_structured(event, body);
    *properties = core::mem::take(properties)
        .with_content_type(ShortString::from(crate::binding::STRUCTURED_CONTENT_TYPE));
    written
}

/// A content type as an AMQP 0-9-1 `short-string`.
fn short_string(text: &Text<'_>) -> Result<ShortString, Error> {
    let mut bytes = Vec::new();
    text.decode_to(&mut bytes);
    String::from_utf8(bytes)
        .ok()
        .and_then(|s| ShortString::try_new(s).ok())
        .ok_or_else(too_long)
}

/// The longest AMQP 0-9-1 `short-string`.
const MAX_SHORT_STRING: usize = 255;

#[cold]
fn too_long() -> Error {
    Error::new(
        ErrorKind::Limit,
        "an AMQP 0-9-1 content_type is at most 255 bytes",
    )
    .attr(Attr::DataContentType.name().as_bytes())
}
