//! `serde::Serialize` for [`Event`] in the structured-JSON shape (feature
//! `serde`), and a helper that deserializes JSON data with `serde_json`
//! (feature `serde_json`).
//!
//! JSON data is re-emitted through the serializer's data model by walking the
//! validated raw text, so any serde format (not only JSON) receives a real
//! value, not a string of JSON.

use alloc::string::String;

use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::attrs::Attr;
use crate::event::{Data, Event, SpecVersion, Value};
use crate::json::tokens::{Token, Tokens};
use crate::text::Text;

struct Str<'t, 'a>(&'t Text<'a>);

impl Serialize for Str<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_cow())
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::String(t) => Str(t).serialize(s),
            Value::Integer(i) => s.serialize_i32(*i),
            Value::Boolean(b) => s.serialize_bool(*b),
            Value::Map(m) => RawJson(m).serialize(s),
        }
    }
}

/// Serializes as the JSON event format (JSON-2, JSON-3): the same members the
/// [`json`](crate::json) writer emits, `data` as a value or a string,
/// `data_base64` for binary data.
///
/// ```
/// # #[cfg(feature = "serde_json")] {
/// use cloudevents_codec::Event;
/// let e = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","n":2,"data":{"a":[1,true]}}"#)?;
/// assert_eq!(
///     serde_json::to_string(&e).unwrap(),
///     r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","n":2,"data":{"a":[1,true]}}"#
/// );
/// # }
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
impl Serialize for Event<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v03 = self.specversion == SpecVersion::V0_3;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry(Attr::SpecVersion.name(), self.specversion.as_str())?;
        for (attr, text) in crate::attrs::core_attributes(self) {
            if attr != Attr::SpecVersion {
                map.serialize_entry(attr.name(), &Str(&text))?;
            }
        }
        for ext in self.extensions() {
            map.serialize_entry(&Str(&ext.name), &ext.value)?;
        }
        match &self.data {
            None => {}
            Some(Data::Json(raw)) => map.serialize_entry("data", &RawJson(raw))?,
            Some(Data::Text(t)) => map.serialize_entry("data", &Str(t))?,
            Some(Data::Base64(t)) => base64_member(&mut map, v03, &Str(t))?,
            Some(Data::Binary(bytes)) => {
                let json_ct = self
                    .datacontenttype
                    .as_ref()
                    .map(crate::event::text_is_json_media_type);
                match (json_ct, core::str::from_utf8(bytes)) {
                    (Some(true), Ok(text)) if crate::json::write::is_json_value(bytes) => {
                        map.serialize_entry("data", &RawJson(text))?
                    }
                    (Some(false), Ok(text)) => map.serialize_entry("data", text)?,
                    _ => {
                        let mut b64 = alloc::vec::Vec::new();
                        crate::spec::base64::encode(bytes, &mut b64);
                        let b64 = String::from_utf8(b64).map_err(S::Error::custom)?;
                        base64_member(&mut map, v03, &b64)?
                    }
                }
            }
        }
        map.end()
    }
}

/// Binary data: `data_base64` in 1.0, base64 `data` with
/// `datacontentencoding` in 0.3.
fn base64_member<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    v03: bool,
    text: &T,
) -> Result<(), M::Error> {
    if v03 {
        map.serialize_entry("datacontentencoding", "base64")?;
        map.serialize_entry("data", text)
    } else {
        map.serialize_entry("data_base64", text)
    }
}

/// Validated JSON text, re-emitted through serde's data model.
struct RawJson<'a>(&'a str);

impl Serialize for RawJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        emit(&mut Tokens::new(self.0.as_bytes()), s)
    }
}

fn invalid<E: serde::ser::Error>() -> E {
    E::custom("data is not valid JSON")
}

/// The value whose first token comes next, recursively (depth was bounded
/// when the text was validated).
fn emit<S: Serializer>(tokens: &mut Tokens<'_>, s: S) -> Result<S::Ok, S::Error> {
    match tokens.next() {
        Some(Token::BeginObject) => {
            let mut map = s.serialize_map(None)?;
            loop {
                match tokens.next() {
                    Some(Token::EndObject) => return map.end(),
                    Some(Token::Comma) => {}
                    Some(Token::Str(key)) => {
                        if tokens.next() != Some(Token::Colon) {
                            return Err(invalid());
                        }
                        map.serialize_key(&Str(&key))?;
                        map.serialize_value(&nested(tokens))?;
                    }
                    _ => return Err(invalid()),
                }
            }
        }
        Some(Token::BeginArray) => {
            let mut seq = s.serialize_seq(None)?;
            loop {
                match tokens.peek() {
                    Some(Token::EndArray) => {
                        tokens.next();
                        return seq.end();
                    }
                    Some(Token::Comma) => {
                        tokens.next();
                    }
                    Some(_) => seq.serialize_element(&nested(tokens))?,
                    None => return Err(invalid()),
                }
            }
        }
        Some(Token::Str(text)) => s.serialize_str(&text.to_cow()),
        Some(Token::True) => s.serialize_bool(true),
        Some(Token::False) => s.serialize_bool(false),
        Some(Token::Null) => s.serialize_unit(),
        Some(Token::Number { text, integer }) => {
            let text = core::str::from_utf8(text).map_err(S::Error::custom)?;
            if integer {
                if let Ok(i) = text.parse::<i64>() {
                    return s.serialize_i64(i);
                }
                if let Ok(u) = text.parse::<u64>() {
                    return s.serialize_u64(u);
                }
            }
            s.serialize_f64(text.parse::<f64>().map_err(S::Error::custom)?)
        }
        _ => Err(invalid()),
    }
}

/// A nested value: serializing it advances the shared token stream. Serde
/// calls `serialize` exactly once per element, which is what makes this
/// sound.
struct Nested<'c, 'a>(core::cell::RefCell<&'c mut Tokens<'a>>);

fn nested<'c, 'a>(tokens: &'c mut Tokens<'a>) -> Nested<'c, 'a> {
    Nested(core::cell::RefCell::new(tokens))
}

impl Serialize for Nested<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut tokens = self
            .0
            .try_borrow_mut()
            .map_err(|_| S::Error::custom("JSON data serialized twice"))?;
        emit(&mut tokens, s)
    }
}

#[cfg(feature = "serde_json")]
impl<'a> Data<'a> {
    /// Deserializes JSON data with `serde_json` (feature `serde_json`),
    /// borrowing from the input where `T` allows. Text data is read as a
    /// JSON string value; binary data is not JSON.
    ///
    /// ```
    /// use cloudevents_codec::Event;
    /// #[derive(serde::Deserialize)]
    /// struct Reading { celsius: f64 }
    /// let e = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":{"celsius":21.5}}"#)?;
    /// let r: Reading = e.data().unwrap().deserialize_json().unwrap();
    /// assert_eq!(r.celsius, 21.5);
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `serde_json`'s error when the data does not fit `T`, or is binary.
    pub fn deserialize_json<T: serde::Deserialize<'a>>(&self) -> Result<T, serde_json::Error> {
        use serde::de::Error as DeError;
        match self {
            Data::Json(raw) => serde_json::from_str(raw),
            Data::Binary(bytes) => serde_json::from_slice(bytes),
            Data::Text(t) => match t.to_cow() {
                alloc::borrow::Cow::Borrowed(s) => T::deserialize(
                    serde::de::value::BorrowedStrDeserializer::<serde_json::Error>::new(s),
                ),
                alloc::borrow::Cow::Owned(_) => Err(<serde_json::Error as DeError>::custom(
                    "escaped text data cannot be borrowed; decode it with Text::to_cow",
                )),
            },
            Data::Base64(_) => Err(<serde_json::Error as DeError>::custom(
                "binary data is not JSON",
            )),
        }
    }
}
