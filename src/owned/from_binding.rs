//! [`EventBuf`] constructors per protocol binding: the binding's reader,
//! then [`EventBuf::from_message`]'s ownership step, with the body moved in
//! (no clone of its handle).
//!
//! Each takes what the binding's `read_with` takes, with the body as
//! `Bytes`; the headers (or properties) are only borrowed: the attribute
//! values are copied out of them once.

use bytes::Bytes;

use super::buf::{own, EventBuf};
use crate::binding::amqp::{self, AmqpScratch, AmqpValue};
use crate::binding::mqtt::{self, MqttVersion};
use crate::binding::{http, kafka, nats, HeaderItem, ReadOptions};
use crate::error::Error;

/// The items of `headers` as plain slices, which are header items of any
/// shorter lifetime (the body's, inside the constructors).
fn parts<'h, I>(headers: I) -> impl Iterator<Item = (&'h [u8], Option<&'h [u8]>)>
where
    I: IntoIterator,
    I::Item: HeaderItem<'h>,
{
    headers.into_iter().map(HeaderItem::into_parts)
}

impl EventBuf {
    /// Reads an HTTP message (binary or structured mode) and owns it: the
    /// body is kept, the `ce-` header values are copied once (still
    /// percent-encoded).
    ///
    /// # Errors
    ///
    /// As [`http::read_with`]; `UnsupportedFormat` for a batch (read it with
    /// [`http::read_with`] and own each element with
    /// [`from_message`](Self::from_message)); `Limit` at 4 GiB.
    pub fn from_http<'h, I>(
        headers: I,
        body: Bytes,
        options: &ReadOptions,
    ) -> Result<EventBuf, Error>
    where
        I: IntoIterator,
        I::Item: HeaderItem<'h>,
    {
        let layout = own(http::read_with(parts(headers), &body, options)?, &body)?;
        Ok(EventBuf::from_layout(body, layout))
    }

    /// Reads a Kafka record (`value`: `None` for a null value) and owns it.
    ///
    /// # Errors
    ///
    /// As [`kafka::read_with`]; `Limit` at 4 GiB.
    pub fn from_kafka<'h, I>(
        headers: I,
        value: Option<Bytes>,
        options: &ReadOptions,
    ) -> Result<EventBuf, Error>
    where
        I: IntoIterator,
        I::Item: HeaderItem<'h>,
    {
        let null = value.is_none();
        let body = value.unwrap_or_default();
        let value = (!null).then_some(&body[..]);
        let layout = own(kafka::read_with(parts(headers), value, options)?, &body)?;
        Ok(EventBuf::from_layout(body, layout))
    }

    /// Reads a NATS message and owns it.
    ///
    /// # Errors
    ///
    /// As [`nats::read_with`]; `Limit` at 4 GiB.
    pub fn from_nats<'h, I>(
        headers: I,
        payload: Bytes,
        options: &ReadOptions,
    ) -> Result<EventBuf, Error>
    where
        I: IntoIterator,
        I::Item: HeaderItem<'h>,
    {
        let layout = own(
            nats::read_with(parts(headers), &payload, options)?,
            &payload,
        )?;
        Ok(EventBuf::from_layout(payload, layout))
    }

    /// Reads an MQTT PUBLISH (its `Content Type` property, User Properties
    /// and payload) and owns it.
    ///
    /// # Errors
    ///
    /// As [`mqtt::read_with`]; `Limit` at 4 GiB.
    pub fn from_mqtt<'h, I>(
        version: MqttVersion,
        content_type: Option<&[u8]>,
        user_properties: I,
        payload: Bytes,
        options: &ReadOptions,
    ) -> Result<EventBuf, Error>
    where
        I: IntoIterator,
        I::Item: HeaderItem<'h>,
    {
        let message = mqtt::read_with(
            version,
            content_type,
            parts(user_properties),
            &payload,
            options,
        )?;
        let layout = own(message, &payload)?;
        Ok(EventBuf::from_layout(payload, layout))
    }

    /// Reads an AMQP message (its `content-type`, application properties
    /// and application data) and owns it. Typed properties keep their
    /// types; a `timestamp` is formatted as RFC 3339 text, which is copied
    /// like the other values.
    ///
    /// # Errors
    ///
    /// As [`amqp::read_with`]; `Limit` at 4 GiB.
    pub fn from_amqp<'p, I>(
        content_type: Option<&[u8]>,
        properties: I,
        data: Option<Bytes>,
        options: &ReadOptions,
    ) -> Result<EventBuf, Error>
    where
        I: IntoIterator<Item = (&'p str, AmqpValue<'p>)>,
    {
        let null = data.is_none();
        let body = data.unwrap_or_default();
        let data = (!null).then_some(&body[..]);
        let mut scratch = AmqpScratch::new();
        let message = amqp::read_with(content_type, properties, data, &mut scratch, options)?;
        let layout = own(message, &body)?;
        Ok(EventBuf::from_layout(body, layout))
    }
}
