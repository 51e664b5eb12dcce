//! Binary-mode encoding, shared by every binding: attribute headers straight
//! from the event's [`Text`]s into a [`HeaderSink`], the payload into a
//! [`Sink`], and the content type a binary-mode message carries.

use super::headers::HeaderSink;
use super::message::is_cloudevents_media_type;
use crate::attrs::{core_attributes, Attr};
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, Value};
use crate::sink::{Sink, StackBuf};
use crate::text::Text;

/// How a binding writes attribute values into headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueEncoding {
    /// Canonical strings as they are (Kafka, MQTT).
    Raw,
    /// Canonical strings percent-encoded (HTTP-11, NATS-4).
    Percent,
}

/// Writes every attribute of `event` as a header `prefix` + name, except
/// `datacontenttype`, which goes to the protocol's content type instead
/// unless `with_datacontenttype` (NATS-3).
pub(crate) fn write_attributes<H: HeaderSink + ?Sized>(
    event: &Event<'_>,
    headers: &mut H,
    prefix: &[u8],
    encoding: ValueEncoding,
    with_datacontenttype: bool,
) -> Result<(), Error> {
    for (attr, text) in core_attributes(event) {
        if attr == Attr::DataContentType && !with_datacontenttype {
            continue;
        }
        write_value(
            headers,
            prefix,
            attr.name().as_bytes(),
            &Value::String(text),
            encoding,
        )?;
    }
    for ext in event.extensions() {
        let value = ext.value();
        with_name(&ext.name(), |name| {
            write_value(headers, prefix, name, &value, encoding)
        })??;
    }
    Ok(())
}

/// Runs `f` on the decoded attribute name (extension names may be
/// escaped in JSON input), on the stack or, for long names, the heap.
pub(crate) fn with_name<R>(name: &Text<'_>, f: impl FnOnce(&[u8]) -> R) -> Result<R, Error> {
    name.with_decoded(f).ok_or_else(|| {
        Error::new(
            ErrorKind::Limit,
            "escaped attribute name too long to write without the `alloc` feature",
        )
    })
}

fn write_value<H: HeaderSink + ?Sized>(
    headers: &mut H,
    prefix: &[u8],
    name: &[u8],
    value: &Value<'_>,
    encoding: ValueEncoding,
) -> Result<(), Error> {
    match (value, encoding) {
        (Value::String(t), ValueEncoding::Percent) => {
            headers.header_with(prefix, name, &mut |out| t.write_percent(out))
        }
        (Value::String(t), ValueEncoding::Raw) if !t.is_encoded() => {
            headers.header_with(prefix, name, &mut |out| out.put(t.raw()))
        }
        (Value::Map(m), ValueEncoding::Percent) => headers.header_with(prefix, name, &mut |out| {
            crate::spec::percent::encode(m.as_bytes(), out)
        }),
        (v, _) => headers.header_with(prefix, name, &mut |out| v.write_canonical(out)),
    }
}

/// Writes the data payload bytes (decoded) into `out`; nothing without data.
pub(crate) fn write_payload<S: Sink + ?Sized>(event: &Event<'_>, out: &mut S) {
    if let Some(data) = &event.data {
        data.write_bytes(out);
    }
}

/// The payload bytes borrowed from the event when no decoding is needed.
pub(crate) fn borrowed_payload<'e>(event: &Event<'e>) -> Option<&'e [u8]> {
    event.data.as_ref().and_then(Data::as_bytes)
}

/// The content type to send for a binary-mode event: `datacontenttype`, or
/// `application/json` for JSON data without one (CORE-13, E-35).
///
/// # Errors
///
/// `Conflict` when `datacontenttype` is a CloudEvents format media type
/// (`application/cloudevents…`): in the header that selects the mode, it
/// would make the receiver read the message in structured or batch mode
/// (HTTP-3, KAFKA-2, AMQP-2, MQTT-2), so such an event can only travel in
/// structured mode.
pub(crate) fn binary_content_type<'e>(event: &Event<'e>) -> Result<Option<Text<'e>>, Error> {
    let ct = match (&event.datacontenttype, &event.data) {
        (Some(ct), _) => *ct,
        (None, Some(Data::Json(_))) => return Ok(Some(Text::plain("application/json"))),
        _ => return Ok(None),
    };
    if ct.with_decoded(is_cloudevents_media_type).unwrap_or(false) {
        return Err(Error::new(
            ErrorKind::Conflict,
            "a CloudEvents format media type would select structured or batch mode; \
             send this event in structured mode",
        )
        .attr(Attr::DataContentType.name().as_bytes()));
    }
    Ok(Some(ct))
}

/// Writes a content-type header with the decoded `ct`.
pub(crate) fn write_content_type<H: HeaderSink + ?Sized>(
    headers: &mut H,
    name: &[u8],
    ct: &Text<'_>,
) -> Result<(), Error> {
    if ct.is_encoded() {
        headers.header_with(name, b"", &mut |out| ct.decode_to(out))
    } else {
        headers.header(name, ct.raw());
        Ok(())
    }
}

/// Concatenates `prefix` and `name` (on the stack, or on the heap for long
/// names) and runs `f` on it: for sinks that take a whole `&str` name
/// (AMQP application properties). No length limit beyond memory.
///
/// # Errors
///
/// `Limit` without `alloc` for a name longer than 256 bytes.
pub(crate) fn with_joined<R>(
    prefix: &str,
    name: &[u8],
    f: impl FnOnce(&str) -> R,
) -> Result<R, Error> {
    let not_utf8 = || Error::new(ErrorKind::InvalidName, "attribute name is not UTF-8");
    let mut buf = StackBuf::<256>::new();
    buf.put(prefix.as_bytes());
    buf.put(name);
    if let Some(joined) = buf.complete() {
        return Ok(f(core::str::from_utf8(joined).map_err(|_| not_utf8())?));
    }
    #[cfg(feature = "alloc")]
    {
        let mut joined = alloc::string::String::with_capacity(prefix.len() + name.len());
        joined.push_str(prefix);
        joined.push_str(core::str::from_utf8(name).map_err(|_| not_utf8())?);
        Ok(f(&joined))
    }
    #[cfg(not(feature = "alloc"))]
    {
        let _ = f;
        Err(Error::new(
            ErrorKind::Limit,
            "attribute name longer than 256 bytes without the `alloc` feature",
        )
        .attr(name))
    }
}
