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
//! let content_type = mqtt::write_binary(&event, &mut props, &mut payload)?;
//! assert!(content_type.unwrap() == "text/plain");
//! assert_eq!(props.get(b"id"), Some(&b"1"[..]));
//! let back = mqtt::read(mqtt::MqttVersion::V5, Some(b"text/plain"), &props, &payload)?;
//! assert_eq!(back.into_event().unwrap(), event);
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```

use super::{
    binary_content_type, detect_mode, plain_text, unsupported_format, write_attributes,
    write_payload, Attrs, HeaderItem, HeaderKind, HeaderSink, Message, Mode, Profile, ReadOptions,
    ValueEncoding, STRUCTURED_CONTENT_TYPE,
};
use crate::error::Error;
use crate::event::Event;
use crate::json;
use crate::sink::Sink;
use crate::text::Text;

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
        Mode::Batch => Err(unsupported_format()),
        Mode::Structured => structured(),
        Mode::Binary => {
            let mut attrs = Attrs::new(&options.parse);
            for item in user_properties {
                let (name, value) = item.into_parts();
                if !name
                    .iter()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    || name.is_empty()
                {
                    continue;
                }
                let HeaderKind::Attribute(attr) = PROFILE.classify(name)? else {
                    continue;
                };
                let value = PROFILE
                    .value(value)
                    .map_err(|e| super::name_error(e, &attr))?;
                attrs.add_checked(attr, value)?;
            }
            if !attrs.has_specversion() {
                return Err(super::not_cloud_event());
            }
            if let Some(ct) = content_type {
                let ct = plain_text(ct).map_err(|e| e.attr(b"datacontenttype"))?;
                attrs.content_type(ct, false)?;
            }
            let data = if payload.is_empty() {
                None
            } else {
                Some(payload)
            };
            Ok(Message::Binary(attrs.finish(data)?))
        }
    }
}

/// Writes `event` in MQTT 5 binary mode: User Properties into
/// `user_properties` (raw canonical strings, no prefix, no
/// `datacontenttype`), the data into `payload`.
///
/// Returns the `Content Type` to set: `datacontenttype`, or
/// `application/json` for JSON data without one.
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
) -> Result<Option<Text<'e>>, Error>
where
    H: HeaderSink + ?Sized,
    S: Sink + ?Sized,
{
    // Checked before anything is written.
    let content_type = binary_content_type(event)?;
    write_attributes(event, user_properties, b"", ValueEncoding::Raw, false)?;
    write_payload(event, payload);
    Ok(content_type)
}

/// Writes `event` in structured mode (MQTT 5, or 3.1.1 which ignores the
/// content type): appends the JSON event to `payload` and returns the
/// `Content Type` to set (MQTT-5).
pub fn write_structured<S: Sink + ?Sized>(event: &Event<'_>, payload: &mut S) -> &'static str {
    json::write_event(event, payload);
    STRUCTURED_CONTENT_TYPE
}
