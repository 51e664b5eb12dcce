//! Conversions to and from the official Rust SDK's `cloudevents::Event`
//! (crate `cloudevents-sdk`, feature `cloudevents-sdk`), for code moving
//! between the two.
//!
//! - `TryFrom<&Event<'_>>` (and `&OwnedEvent`) for `cloudevents::Event`:
//!   values are decoded into the SDK's owned types.
//! - `TryFrom<&cloudevents::Event>` for [`OwnedEvent`]: through the owned
//!   event's validating setters, then the whole event through the attribute
//!   model once more ([`EventBuilder::build`]). It is `TryFrom`, not
//!   `From`: the SDK's model accepts what CloudEvents forbids (an empty
//!   `id`, an extension named `MyExt`, a 64-bit Integer, JSON data with a
//!   `text/plain` content type), and an [`OwnedEvent`] always holds a valid
//!   event.
//!
//! # What the SDK's model changes
//!
//! Both directions keep the spec version, `id`, `source`, `type`,
//! `datacontenttype`, `subject`, extension names, values and types (String,
//! Integer, Boolean), text data and binary data exactly. The rest:
//!
//! - `time` is a `chrono::DateTime<Utc>`: the instant is kept (to the
//!   nanosecond, like this crate's [`Timestamp`](crate::Timestamp)), the
//!   offset is not — `17:31:00+02:00` comes back as `15:31:00Z`, written as
//!   the SDK writes it (0, 3, 6 or 9 fraction digits).
//! - `dataschema` (0.3 `schemaurl`) is a `url::Url`, normalised by the WHATWG
//!   URL rules (scheme and host lowercased, default port and `.`/`..`
//!   segments removed, non-ASCII percent-encoded, `http://x` becomes
//!   `http://x/`). A URI that parser refuses, and a relative 0.3
//!   `schemaurl` (a URI-reference here, V03-5), cannot be converted.
//! - Extensions live in a `HashMap`: their order is lost (converted back,
//!   they are sorted by name). Its Integers are `i64`: values outside the
//!   32-bit range (TYPE-3) cannot come back. 0.3 Map values (V03-9) have no
//!   SDK form.
//! - JSON data is a `serde_json::Value`: object members are sorted by name
//!   and a repeated name keeps its last value, insignificant whitespace goes,
//!   numbers are `i64`, `u64` or `f64` (`1e3` comes back as `1000.0`, `-0`
//!   as `-0.0`; digits beyond `f64` precision are rounded, to the nearest
//!   `f64` only with serde_json's `float_roundtrip` feature; a number beyond
//!   `f64`'s range cannot be converted), nesting is limited to serde_json's
//!   128 levels.
//! - SDK String data with a JSON content type (or none) comes back as a
//!   JSON string value, which is what the SDK itself writes for it.
//! - Escapes in the input (JSON `\u0041`, HTTP `%41`) are decoded: the
//!   values are equal, their spelling is not kept.

use alloc::string::String;
use alloc::vec::Vec;

use cloudevents::event::{
    AttributesReader, AttributesWriter, EventBuilder as _, ExtensionValue,
    SpecVersion as SdkVersion, TryIntoUrl,
};
use cloudevents::{Data as SdkData, EventBuilderV03, EventBuilderV10};

use crate::attrs::Attr;
use crate::builder::EventBuilder;
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, SpecVersion, Value};
use crate::owned::{OwnedData, OwnedEvent, OwnedValue};
use crate::text::Text;

fn decoded(t: &Text<'_>) -> String {
    let mut s = String::with_capacity(t.raw().len());
    t.push_to_string(&mut s);
    s
}

fn invalid(detail: &'static str, attr: &str) -> Error {
    Error::new(ErrorKind::InvalidValue, detail).attr(attr.as_bytes())
}

impl TryFrom<&Event<'_>> for cloudevents::Event {
    type Error = Error;

    /// The same event in the SDK's model (see the module docs for what it
    /// normalises).
    ///
    /// ```
    /// use cloudevents::AttributesReader;
    /// use cloudevents_codec::Event;
    /// let ours = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
    ///     "time":"2018-04-05T17:31:00+02:00","sampledrate":30,"data":{"b":1,"a":2}}"#)?;
    /// let sdk = cloudevents::Event::try_from(&ours)?;
    /// assert_eq!(sdk.time().unwrap().to_rfc3339(), "2018-04-05T15:31:00+00:00");
    /// assert_eq!(sdk.extension("sampledrate"), Some(&cloudevents::event::ExtensionValue::Integer(30)));
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `InvalidValue` for a `dataschema` that `url::Url` does not parse (a
    /// relative 0.3 `schemaurl` included), a `time` that does not parse
    /// (read with lax timestamps), JSON data `serde_json` cannot represent;
    /// `TypeMismatch` for a 0.3 Map extension value.
    fn try_from(e: &Event<'_>) -> Result<Self, Error> {
        let (id, source, ty) = (decoded(&e.id), decoded(&e.source), decoded(&e.ty));
        let built = match e.specversion {
            SpecVersion::V0_3 => EventBuilderV03::new().id(id).source(source).ty(ty).build(),
            _ => EventBuilderV10::new().id(id).source(source).ty(ty).build(),
        };
        // Unreachable: id, source and type are never empty here.
        let mut out = built
            .map_err(|_| Error::new(ErrorKind::MissingRequired, "the SDK refused the event"))?;
        if let Some(ct) = &e.datacontenttype {
            out.set_datacontenttype(Some(decoded(ct)));
        }
        if let Some(schema) = &e.dataschema {
            let name = match e.specversion {
                SpecVersion::V0_3 => Attr::SchemaUrl.name(),
                _ => Attr::DataSchema.name(),
            };
            let url = decoded(schema).into_url().map_err(|_| {
                invalid(
                    "the SDK's url::Url does not parse this (absolute URIs only)",
                    name,
                )
            })?;
            out.set_dataschema(Some(url));
        }
        if let Some(subject) = &e.subject {
            out.set_subject(Some(decoded(subject)));
        }
        if e.time.is_some() {
            let t = e
                .timestamp()
                .ok_or_else(|| invalid("not an RFC 3339 timestamp", Attr::Time.name()))?;
            out.set_time(Some(chrono::DateTime::<chrono::Utc>::from(t)));
        }
        for ext in e.extensions() {
            let name = decoded(&ext.name);
            let value = match ext.value {
                Value::String(t) => ExtensionValue::String(decoded(&t)),
                Value::Integer(i) => ExtensionValue::Integer(i64::from(i)),
                Value::Boolean(b) => ExtensionValue::Boolean(b),
                Value::Map(_) => {
                    return Err(Error::new(
                        ErrorKind::TypeMismatch,
                        "the SDK has no Map extension values (0.3)",
                    )
                    .attr(name.as_bytes()))
                }
            };
            out.set_extension(&name, value);
        }
        if let Some(data) = &e.data {
            let data = match data {
                Data::Json(raw) => SdkData::Json(serde_json::from_str(raw).map_err(|_| {
                    invalid(
                        "serde_json::Value cannot hold this JSON (a number beyond f64, or nested deeper than 128)",
                        Attr::Data.name(),
                    )
                })?),
                Data::Text(t) => SdkData::String(decoded(t)),
                Data::Base64(_) | Data::Binary(_) => {
                    let mut bytes = Vec::new();
                    data.write_bytes(&mut bytes);
                    SdkData::Binary(bytes)
                }
            };
            out.set_data_unchecked(data);
        }
        Ok(out)
    }
}

impl TryFrom<&OwnedEvent> for cloudevents::Event {
    type Error = Error;

    /// As `TryFrom<&Event>` on [`OwnedEvent::view`].
    ///
    /// # Errors
    ///
    /// As `TryFrom<&Event>`.
    fn try_from(e: &OwnedEvent) -> Result<Self, Error> {
        cloudevents::Event::try_from(&e.view())
    }
}

impl TryFrom<&cloudevents::Event> for OwnedEvent {
    type Error = Error;

    /// The same event, checked by this crate's rules (see the module docs
    /// for what the SDK's model had already normalised).
    ///
    /// ```
    /// use cloudevents::{EventBuilder, EventBuilderV10};
    /// use cloudevents_codec::OwnedEvent;
    /// let sdk = EventBuilderV10::new().id("1").source("/s").ty("t")
    ///     .extension("sequence", "0042")
    ///     .data("application/json", serde_json::json!({"a": 1}))
    ///     .build().unwrap();
    /// let ours = OwnedEvent::try_from(&sdk)?;
    /// assert_eq!(ours.view().ext().sequence().unwrap()?.as_text(), "0042");
    ///
    /// // The SDK takes an empty id; CloudEvents does not (CORE-2).
    /// let empty = EventBuilderV10::new().id("").source("/s").ty("t").build().unwrap();
    /// assert!(OwnedEvent::try_from(&empty).is_err());
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// What the attribute model refuses (the setters' errors: empty or
    /// malformed values, invalid extension names, a `time` outside years
    /// 0000..=9999, ...), `InvalidValue` for an Integer outside 32 bits, and
    /// `TypeMismatch` for JSON data (other than a string) with a non-JSON
    /// `datacontenttype`.
    fn try_from(e: &cloudevents::Event) -> Result<Self, Error> {
        let mut out = OwnedEvent::new(e.id(), e.source().as_str(), e.ty())?;
        if e.specversion() == SdkVersion::V03 {
            out.set_specversion(SpecVersion::V0_3)?;
        }
        out.set_datacontenttype(e.datacontenttype().map(String::from))?;
        out.set_dataschema(e.dataschema().map(|u| String::from(u.as_str())))?;
        out.set_subject(e.subject().map(String::from))?;
        // Written as the SDK writes it in JSON (0, 3, 6 or 9 fraction
        // digits, `Z`), then checked as any `time` (years past 9999 fail).
        out.set_time(
            e.time()
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        )?;
        // A HashMap's order is arbitrary: sort, for a deterministic event.
        let mut extensions: Vec<(&str, &ExtensionValue)> = e.iter_extensions().collect();
        extensions.sort_unstable_by_key(|(name, _)| *name);
        for (name, value) in extensions {
            let value = match value {
                ExtensionValue::String(s) => OwnedValue::String(s.clone()),
                ExtensionValue::Boolean(b) => OwnedValue::Boolean(*b),
                ExtensionValue::Integer(i) => {
                    OwnedValue::Integer(i32::try_from(*i).map_err(|_| {
                        invalid("an Integer is a signed 32-bit value (TYPE-3)", name)
                    })?)
                }
            };
            out.set_extension(name, value)?;
        }
        let json_content = out.view().data_is_json();
        let data = match e.data() {
            None => None,
            Some(SdkData::Binary(b)) => Some(OwnedData::Binary(b.clone())),
            Some(SdkData::String(s)) if json_content => Some(OwnedData::Json(
                serde_json::to_string(s).map_err(|_| invalid("unreachable", "data"))?,
            )),
            Some(SdkData::String(s)) => Some(OwnedData::Text(s.clone())),
            Some(SdkData::Json(serde_json::Value::String(s))) if !json_content => {
                Some(OwnedData::Text(s.clone()))
            }
            Some(SdkData::Json(v)) => Some(OwnedData::Json(
                serde_json::to_string(v).map_err(|_| invalid("unreachable", "data"))?,
            )),
        };
        out.set_data(data)?;
        // Once more through the whole attribute model: data and content
        // type agree, the extension count is within the limit.
        EventBuilder::from_event(&out.view()).build()?;
        Ok(out)
    }
}
