//! The MQTT binding (`mqtt-protocol-binding.md`; `docs/RULES.md` §7).
//!
//! - MQTT 3.1.1 has no message metadata: always structured JSON (MQTT-1,
//!   E-74).
//! - MQTT 5: mode by the `Content Type` property (MQTT-2; prefix matched
//!   ignoring case). Binary mode: `Content Type` ⇄ `datacontenttype`, the
//!   payload is the data (an empty payload is no data), every other
//!   attribute is a User Property named exactly like the attribute, **no
//!   prefix**, with a canonical string value (MQTT-3). A `datacontenttype`
//!   user property is read as a fallback that must agree with `Content
//!   Type` and is never written (MQTT-4).
//!
//! User properties whose names are not attribute names (uppercase, `-`,
//! `_`, ...) are application metadata and are skipped (CORE-14); a property
//! named `data` is `InvalidName`.
//!
//! ```
//! use cloudevents_codec::binding::{mqtt, HeaderBuf};
//! use cloudevents_codec::Event;
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
//!     "datacontenttype":"text/plain","data":"hi"}"#)?;
//! let mut props = HeaderBuf::new();
//! let mut payload = Vec::new();
//! let written = mqtt::write_binary(&event, &mut props, &mut payload)?;
//! assert!(written.content_type.unwrap() == "text/plain");
//! assert_eq!(props.get(b"id"), Some(&b"1"[..]));
//! let back = mqtt::read(mqtt::MqttVersion::V5, Some(b"text/plain"), &props, &payload)?;
//! assert_eq!(back.into_event().unwrap(), event);
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```

use super::decode::{blank_event, BinaryReader, ContentTypeRule, Profile};
use super::encode::{binary_content_type, write_attributes, write_payload, ValueEncoding};
use super::message::unsupported_format;
use super::{
    detect_mode, ContentMode, HeaderItem, HeaderSink, Message, ReadOptions, Written,
    STRUCTURED_CONTENT_TYPE,
};
use crate::error::Error;
use crate::event::Event;
use crate::json;
use crate::sink::Sink;

/// The MQTT protocol version of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MqttVersion {
    /// MQTT 3.1.1: no properties, structured mode only.
    V3_1_1,
    /// MQTT 5.0: `Content Type` and User Properties.
    V5,
}

const PROFILE: Profile = Profile {
    prefix: b"",
    fold_case: false,
    percent: false,
    // User properties that are not attribute names are other metadata.
    skip_invalid_names: true,
    // `Content Type` is a PUBLISH property, not a user property.
    content_type_header: b"",
    content_type_rule: ContentTypeRule::Fallback,
};

/// Reads an MQTT PUBLISH message with the default [`ReadOptions`]:
/// `content_type` is the MQTT 5 `Content Type` property, `user_properties`
/// its User Properties (both ignored for 3.1.1), `payload` the payload.
///
/// # Errors
///
/// - `UnsupportedFormat` for a CloudEvents content type of another format
///   or the batch format.
/// - `NotCloudEvent` in binary mode without a `specversion` property.
/// - `Conflict` when `Content Type` and a `datacontenttype` property differ
///   (MQTT-4); `Duplicate` for a repeated property; the shared attribute
///   errors; JSON errors in structured mode.
pub fn read<'a, I>(
    version: MqttVersion,
    content_type: Option<&'a [u8]>,
    user_properties: I,
    payload: &'a [u8],
) -> Result<Message<'a>, Error>
where
    I: IntoIterator,
    I::Item: HeaderItem<'a>,
{
    read_with(
        version,
        content_type,
        user_properties,
        payload,
        &ReadOptions::new(),
    )
}

/// Reads an MQTT message with `options`.
///
/// # Errors
///
/// As [`read`].
pub fn read_with<'a, I>(
    version: MqttVersion,
    content_type: Option<&'a [u8]>,
    user_properties: I,
    payload: &'a [u8],
    options: &ReadOptions,
) -> Result<Message<'a>, Error>
where
    I: IntoIterator,
    I::Item: HeaderItem<'a>,
{
    let structured = || Event::from_json_with(payload, &options.parse).map(Message::Structured);
    if version == MqttVersion::V3_1_1 {
        return structured();
    }
    let content_type = content_type.filter(|ct| !ct.is_empty());
    match detect_mode(content_type, options)? {
        ContentMode::Batch => Err(unsupported_format()),
        ContentMode::Structured => structured(),
        ContentMode::Binary => {
            let mut event = blank_event();
            let reader =
                BinaryReader::read_headers(&mut event, &PROFILE, user_properties, &options.parse)?;
            // An empty payload is no data.
            let data = (!payload.is_empty()).then_some(payload);
            reader.finish(content_type, PROFILE.content_type_rule, data)?;
            Ok(Message::Binary(event))
        }
    }
}

/// Writes `event` in MQTT 5 binary mode: User Properties into
/// `user_properties` (raw canonical strings, no prefix, no
/// `datacontenttype`), the data into `payload`.
///
/// Set the message's `Content Type` property from
/// [`Written::content_type`]: `datacontenttype`, or `application/json` for
/// JSON data without one.
///
/// # Errors
///
/// - `Conflict` when `datacontenttype` is a CloudEvents format media type
///   (`application/cloudevents…`): as Content Type it would select
///   structured mode (MQTT-2). Nothing is written then.
/// - `Limit` from a [`HeaderSink`] that cannot hold a property.
pub fn write_binary<'e, H, S>(
    event: &Event<'e>,
    user_properties: &mut H,
    payload: &mut S,
) -> Result<Written<'e>, Error>
where
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    // Checked before anything is written.
    let content_type = binary_content_type(event)?;
    write_attributes(event, user_properties, b"", ValueEncoding::Raw, false)?;
    write_payload(event, payload);
    Ok(Written {
        content_type,
        has_body: event.data.is_some(),
    })
}

/// Writes `event` in structured mode (MQTT 5, or 3.1.1 which ignores the
/// content type): appends the JSON event to `payload`; set the `Content
/// Type` property from [`Written::content_type`] (MQTT-5).
pub fn write_structured<S: Sink + ?Sized>(event: &Event<'_>, payload: &mut S) -> Written<'static> {
    json::write_event(event, payload);
    Written::structured(STRUCTURED_CONTENT_TYPE)
}
