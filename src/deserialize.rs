//! `serde::Deserialize` for [`OwnedEvent`] (feature `serde`), in the
//! structured-JSON shape (JSON-2, JSON-3), from any self-describing serde
//! format; and `Serialize` for it, as for [`Event`].
//!
//! Design: the members the deserializer hands over are written back as JSON
//! text into one buffer, which [`Event::from_json`] then parses. The rules
//! are therefore exactly the parser's (the attribute model): required
//! attributes, types, names, duplicates, timestamps, `data` and
//! `data_base64`, 0.3 — with no second copy of them here. The cost is one
//! buffer of the event's size.
//!
//! What the serde data model changes on the way: numbers arrive as `i64`,
//! `u64` or `f64`, so JSON data numbers are rewritten in their shortest
//! form (`1e3` becomes `1000.0`; digits beyond `f64` precision are
//! rounded, and serde_json itself rounds to the nearest `f64` only with its
//! `float_roundtrip` feature); a float attribute value stays a float
//! (`"n": 1.0` is refused as the parser refuses it, E-33), except `-0.0`:
//! serde_json reads the Integer `-0` as that float, so it is written back
//! as `-0`. Byte strings (from binary formats) have no JSON form and are
//! refused. Error offsets would point into the rewritten buffer, so errors
//! carry none.

use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::event::Event;
use crate::options::ParseOptions;
use crate::owned::OwnedEvent;

/// Reads the structured-JSON shape of an event and validates it with the
/// JSON parser's rules.
///
/// ```
/// # #[cfg(feature = "serde_json")] {
/// use cloudevents_codec::OwnedEvent;
/// let e: OwnedEvent = serde_json::from_str(
///     r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","sampledrate":3,"data":{"a":1}}"#,
/// ).unwrap();
/// assert_eq!(e.view().ext().sampledrate(), Some(Ok(3)));
///
/// // The parser's rules: an empty id, an upper-case extension name.
/// assert!(serde_json::from_str::<OwnedEvent>(r#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#).is_err());
/// assert!(serde_json::from_str::<OwnedEvent>(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","MyExt":1}"#).is_err());
/// # }
/// ```
impl<'de> Deserialize<'de> for OwnedEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut json = Vec::new();
        deserializer.deserialize_map(JsonWriter {
            out: &mut json,
            depth: 0,
        })?;
        Event::from_json(&json)
            .map(Event::into_owned)
            .map_err(|e| de::Error::custom(e.unlocated()))
    }
}

impl Serialize for OwnedEvent {
    /// The structured-JSON shape, as [`Event`]'s `Serialize`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.view().serialize(s)
    }
}

/// Nesting past this is refused while rewriting: the parser would refuse
/// it anyway (JSON-24, default depth), and the bound keeps the recursion of
/// formats without a limit of their own off the stack's end.
const MAX_DEPTH: usize = ParseOptions::new().max_depth() + 2;

/// Writes the value it is given as JSON text into `out`.
struct JsonWriter<'o> {
    out: &'o mut Vec<u8>,
    depth: usize,
}

impl JsonWriter<'_> {
    fn nested(&mut self) -> JsonWriter<'_> {
        JsonWriter {
            out: self.out,
            depth: self.depth + 1,
        }
    }

    fn string(self, s: &str) {
        self.out.push(b'"');
        crate::text::write_json_escaped(s.as_bytes(), self.out);
        self.out.push(b'"');
    }

    fn enter<E: de::Error>(&self) -> Result<(), E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom("limit exceeded: nested too deeply"));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for JsonWriter<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonWriter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CloudEvent in the structured JSON shape")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<(), E> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<(), E> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        if !v.is_finite() {
            return Err(E::custom("JSON has no NaN or infinite numbers"));
        }
        if v == 0.0 && v.is_sign_negative() {
            // serde_json reads the Integer `-0` (E-33) as this float.
            self.out.extend_from_slice(b"-0");
            return Ok(());
        }
        // The shortest text that reads back as `v` (`Display` and
        // `LowerExp` both give it), in exponent form for very large or
        // small magnitudes; a float keeps a fraction or an exponent so that
        // it is not read as an Integer.
        let start = self.out.len();
        let mut w = VecWriter(self.out);
        let magnitude = v.abs();
        let written = if magnitude == 0.0 || (1e-5..1e16).contains(&magnitude) {
            fmt::Write::write_fmt(&mut w, format_args!("{v}"))
        } else {
            fmt::Write::write_fmt(&mut w, format_args!("{v:e}"))
        };
        written.map_err(E::custom)?;
        if !self.out[start..].iter().any(|b| matches!(b, b'.' | b'e')) {
            self.out.extend_from_slice(b".0");
        }
        Ok(())
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<(), E> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.string(v);
        Ok(())
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        Err(E::invalid_type(de::Unexpected::Bytes(v), &self))
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.enter()?;
        self.out.push(b'[');
        let mut first = true;
        loop {
            let mark = self.out.len();
            if !first {
                self.out.push(b',');
            }
            if seq.next_element_seed(self.nested())?.is_none() {
                self.out.truncate(mark);
                break;
            }
            first = false;
        }
        self.out.push(b']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.enter()?;
        self.out.push(b'{');
        let mut first = true;
        loop {
            let mark = self.out.len();
            if !first {
                self.out.push(b',');
            }
            if map.next_key_seed(KeyWriter { out: self.out })?.is_none() {
                self.out.truncate(mark);
                break;
            }
            self.out.push(b':');
            map.next_value_seed(self.nested())?;
            first = false;
        }
        self.out.push(b'}');
        Ok(())
    }
}

/// Writes a member name, which must be a string.
struct KeyWriter<'o> {
    out: &'o mut Vec<u8>,
}

impl<'de> DeserializeSeed<'de> for KeyWriter<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyWriter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name (a string)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        JsonWriter {
            out: self.out,
            depth: 0,
        }
        .string(v);
        Ok(())
    }
}

/// `fmt::Write` into a `Vec<u8>`.
struct VecWriter<'o>(&'o mut Vec<u8>);

impl fmt::Write for VecWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}
