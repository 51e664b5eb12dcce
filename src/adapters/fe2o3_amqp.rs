//! AMQP 1.0 through [`fe2o3-amqp`](https://docs.rs/fe2o3-amqp) (feature
//! `fe2o3-amqp`, which depends on its types crate, `fe2o3-amqp-types`,
//! re-exported by `fe2o3-amqp` as `fe2o3_amqp::types`), over the [AMQP 1.0
//! binding](crate::binding::amqp) and its typed mapping: application
//! properties `cloudEvents_<name>` (or `cloudEvents:<name>`, read too)
//! keep their AMQP types (`boolean`, integers, `string`, `binary`,
//! `timestamp`), and the `content-type` property carries `datacontenttype`.
//!
//! ```no_run
//! use cloudevents_codec::adapters::fe2o3_amqp as ce_amqp;
//! use cloudevents_codec::binding::amqp::AmqpScratch;
//! use cloudevents_codec::Event;
//! use fe2o3_amqp::types::messaging::{Body, Message};
//! use fe2o3_amqp::types::primitives::Value;
//! use fe2o3_amqp::{Connection, Receiver, Sender, Session};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mut connection = Connection::open("me", "amqp://guest:guest@127.0.0.1:5672").await?;
//! let mut session = Session::begin(&mut connection).await?;
//! let mut sender = Sender::attach(&mut session, "out", "/amq/queue/events").await?;
//! let mut receiver = Receiver::attach(&mut session, "in", "/amq/queue/events").await?;
//!
//! // Send in binary mode: typed application properties, content-type, data.
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","n":5,"data":{"x":1}}"#)?;
//! sender.send(ce_amqp::binary_message(&event)?).await?;
//!
//! // Read: the event borrows the received message.
//! let delivery = receiver.recv::<Body<Value>>().await?;
//! let mut scratch = AmqpScratch::new();
//! let received = ce_amqp::read_message(delivery.message(), &mut scratch)?.into_event().unwrap();
//! assert_eq!(received, event);
//! receiver.accept(&delivery).await?;
//! # Ok(())
//! # }
//! ```
//!
//! # What it costs
//!
//! Reading allocates nothing: the application properties are iterated in
//! place and `timestamp`s are formatted into the caller's
//! [`AmqpScratch`]. The client's `ApplicationProperties` map owns its keys
//! and string values, so writing costs one allocation per property name,
//! one per string or binary value, and the map's growth, all in the client
//! type: 12 for the 4 properties of a minimal event, 24 for 10, exactly what
//! inserting the same properties costs; the codec adds none (`cargo test
//! --all-features --test broker_alloc -- --nocapture` asserts the equality
//! and prints the counts).

use crate::attrs::Attr;
use crate::binding::amqp::{self, AmqpScratch, AmqpValue, PropertySink};
use crate::binding::{Message, ReadOptions, Written};
use crate::error::{Error, ErrorKind};
use crate::event::Event;
use crate::sink::Sink;
use crate::text::Text;
use ::fe2o3_amqp_types::messaging::{
    ApplicationProperties, Body, Data, Message as AmqpMessage, Properties,
};
use ::fe2o3_amqp_types::primitives::{Binary, SimpleValue, Symbol, Timestamp, Value};

/// Inserts application properties (`OrderedMap::insert`: a name written
/// twice keeps the last value, in the first one's place).
impl PropertySink for ApplicationProperties {
    fn property(&mut self, name: &str, value: AmqpValue<'_>) {
        self.0.insert(String::from(name), to_simple(value));
    }
}

/// The client's value for a typed property.
fn to_simple(value: AmqpValue<'_>) -> SimpleValue {
    match value {
        AmqpValue::Null => SimpleValue::Null,
        AmqpValue::Boolean(b) => SimpleValue::Bool(b),
        AmqpValue::UByte(i) => SimpleValue::Ubyte(i),
        AmqpValue::UShort(i) => SimpleValue::Ushort(i),
        AmqpValue::UInt(i) => SimpleValue::Uint(i),
        AmqpValue::ULong(i) => SimpleValue::Ulong(i),
        AmqpValue::Byte(i) => SimpleValue::Byte(i),
        AmqpValue::Short(i) => SimpleValue::Short(i),
        AmqpValue::Int(i) => SimpleValue::Int(i),
        AmqpValue::Long(i) => SimpleValue::Long(i),
        AmqpValue::Timestamp(ms) => SimpleValue::Timestamp(Timestamp::from_milliseconds(ms)),
        AmqpValue::String(s) => SimpleValue::String(String::from(s)),
        AmqpValue::Symbol(s) => SimpleValue::Symbol(Symbol::from(s)),
        AmqpValue::Binary(b) => SimpleValue::Binary(Binary::from(b.to_vec())),
    }
}

/// A received property's value as the binding's typed value. Types
/// CloudEvents has no mapping for are `TypeMismatch`, which the binding
/// reports only for attribute properties.
fn from_simple(value: &SimpleValue) -> Result<AmqpValue<'_>, Error> {
    Ok(match value {
        SimpleValue::Null => AmqpValue::Null,
        SimpleValue::Bool(b) => AmqpValue::Boolean(*b),
        SimpleValue::Ubyte(i) => AmqpValue::UByte(*i),
        SimpleValue::Ushort(i) => AmqpValue::UShort(*i),
        SimpleValue::Uint(i) => AmqpValue::UInt(*i),
        SimpleValue::Ulong(i) => AmqpValue::ULong(*i),
        SimpleValue::Byte(i) => AmqpValue::Byte(*i),
        SimpleValue::Short(i) => AmqpValue::Short(*i),
        SimpleValue::Int(i) => AmqpValue::Int(*i),
        SimpleValue::Long(i) => AmqpValue::Long(*i),
        SimpleValue::Timestamp(t) => AmqpValue::Timestamp(t.milliseconds()),
        SimpleValue::String(s) => AmqpValue::String(s),
        SimpleValue::Symbol(s) => AmqpValue::Symbol(s.as_str()),
        SimpleValue::Binary(b) => AmqpValue::Binary(b),
        _ => {
            return Err(Error::new(
                ErrorKind::TypeMismatch,
                "an AMQP type with no CloudEvents type (float, decimal, char, uuid, described)",
            ))
        }
    })
}

/// A message body the AMQP binding can take the application data from.
pub trait AmqpBody {
    /// The application data: `None` for no data. An empty body is no
    /// data, as in the other brokers' bindings (a message always has a
    /// body section, so an event without data is sent with an empty one).
    ///
    /// # Errors
    ///
    /// `TypeMismatch` for a body that is not binary data (an AMQP value
    /// other than `binary`, `string` or `null`; AMQP sequences), `Limit`
    /// for a body of several data sections (an event's data is one byte
    /// string, and reading never copies).
    fn application_data(&self) -> Result<Option<&[u8]>, Error>;
}

impl AmqpBody for Data {
    fn application_data(&self) -> Result<Option<&[u8]>, Error> {
        Ok(non_empty(&self.0))
    }
}

fn non_empty(bytes: &[u8]) -> Option<&[u8]> {
    (!bytes.is_empty()).then_some(bytes)
}

impl AmqpBody for Body<Value> {
    fn application_data(&self) -> Result<Option<&[u8]>, Error> {
        match self {
            Body::Empty => Ok(None),
            Body::Data(sections) => match sections.as_slice() {
                [] => Ok(None),
                [one] => Ok(non_empty(&one.0)),
                _ => Err(Error::new(
                    ErrorKind::Limit,
                    "a body of several data sections (read one section at a time)",
                )),
            },
            Body::Value(v) => match &v.0 {
                Value::Null => Ok(None),
                Value::Binary(b) => Ok(non_empty(b)),
                Value::String(s) => Ok(non_empty(s.as_bytes())),
                _ => Err(not_data()),
            },
            _ => Err(not_data()),
        }
    }
}

#[cold]
fn not_data() -> Error {
    Error::new(
        ErrorKind::TypeMismatch,
        "the message body is not data (a data section, or an AMQP binary or string value)",
    )
    .attr(b"data")
}

/// Reads a received message (`delivery.message()`) with the default
/// [`ReadOptions`]. `timestamp` properties are formatted into `scratch`,
/// which the event borrows.
///
/// # Errors
///
/// As [`amqp::read`], and [`AmqpBody::application_data`]'s errors;
/// `TypeMismatch` for an attribute property of a type CloudEvents has no
/// mapping for (`float`, `uuid`...).
pub fn read_message<'m, B: AmqpBody>(
    message: &'m AmqpMessage<B>,
    scratch: &'m mut AmqpScratch,
) -> Result<Message<'m>, Error> {
    read_message_with(message, scratch, &ReadOptions::new())
}

/// Reads a received message with `options`.
///
/// # Errors
///
/// As [`read_message`].
pub fn read_message_with<'m, B: AmqpBody>(
    message: &'m AmqpMessage<B>,
    scratch: &'m mut AmqpScratch,
    options: &ReadOptions,
) -> Result<Message<'m>, Error> {
    let content_type = message
        .properties
        .as_ref()
        .and_then(|p| p.content_type.as_ref())
        .map(|ct| ct.as_str().as_bytes());
    let properties = message
        .application_properties
        .iter()
        .flat_map(|p| p.0.iter())
        .map(|(name, value)| (name.as_str(), from_simple(value)));
    let data = message.body.application_data()?;
    amqp::read_typed(content_type, properties, data, scratch, options)
}

/// Writes `event` in binary mode: `cloudEvents_` application properties
/// (typed) added to `message.application_properties`,
/// `message.properties.content_type` set to the data's content type
/// (`datacontenttype`, or `application/json` for JSON data without one),
/// the data into `data`; the body is left to the caller
/// (`Data(data.into())`), or use [`binary_message`].
///
/// # Errors
///
/// As [`amqp::write_binary`]: `Conflict` for a `datacontenttype` that is
/// a CloudEvents format media type; `InvalidValue` for one that is not
/// ASCII (an AMQP `symbol`). Nothing is written then.
pub fn write_binary<'e, B, S: Sink + ?Sized>(
    event: &Event<'e>,
    message: &mut AmqpMessage<B>,
    data: &mut S,
) -> Result<Written<'e>, Error> {
    // Checked before anything is written, without allocating.
    if let Some(ct) = &event.datacontenttype {
        if !ct.bytes_iter().all(|b| b.is_ascii()) {
            return Err(not_symbol());
        }
    }
    let properties = message
        .application_properties
        .get_or_insert_with(ApplicationProperties::default);
    let written = amqp::write_binary(event, properties, data)?;
    if let Some(ct) = &written.content_type {
        content_type(message).content_type = Some(symbol(ct)?);
    }
    Ok(written)
}

/// Writes `event` in structured mode: `message.properties.content_type`
/// set to `application/cloudevents+json; charset=utf-8`, the JSON event
/// into `data`.
pub fn write_structured<B, S: Sink + ?Sized>(
    event: &Event<'_>,
    message: &mut AmqpMessage<B>,
    data: &mut S,
) -> Written<'static> {
    let written = amqp::write_structured(event, data);
    content_type(message).content_type =
        Some(Symbol::from(crate::binding::STRUCTURED_CONTENT_TYPE));
    written
}

/// A new message carrying `event` in binary mode, its data in one data
/// section.
///
/// # Errors
///
/// As [`write_binary`].
pub fn binary_message(event: &Event<'_>) -> Result<AmqpMessage<Data>, Error> {
    let mut message = empty_message();
    let mut data = Vec::new();
    write_binary(event, &mut message, &mut data)?;
    message.body = Data(Binary::from(data));
    Ok(message)
}

/// A new message carrying `event` in structured mode.
pub fn structured_message(event: &Event<'_>) -> AmqpMessage<Data> {
    let mut message = empty_message();
    let mut data = Vec::new();
    write_structured(event, &mut message, &mut data);
    message.body = Data(Binary::from(data));
    message
}

fn empty_message() -> AmqpMessage<Data> {
    AmqpMessage {
        header: None,
        delivery_annotations: None,
        message_annotations: None,
        properties: None,
        application_properties: None,
        body: Data(Binary::new()),
        footer: None,
    }
}

/// The message's properties, created empty when absent.
fn content_type<B>(message: &mut AmqpMessage<B>) -> &mut Properties {
    message.properties.get_or_insert_with(Properties::default)
}

/// A content type as an AMQP `symbol` (ASCII).
fn symbol(text: &Text<'_>) -> Result<Symbol, Error> {
    let mut bytes = Vec::new();
    text.decode_to(&mut bytes);
    match String::from_utf8(bytes) {
        Ok(s) if s.is_ascii() => Ok(Symbol::from(s)),
        _ => Err(not_symbol()),
    }
}

#[cold]
fn not_symbol() -> Error {
    Error::new(
        ErrorKind::InvalidValue,
        "an AMQP content-type is a symbol: ASCII only",
    )
    .attr(Attr::DataContentType.name().as_bytes())
}
