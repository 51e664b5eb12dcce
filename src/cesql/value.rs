//! Runtime values and casts (CESQL-5, CESQL-17).

use alloc::borrow::Cow;
use alloc::string::ToString;

use crate::sink::StackBuf;
use crate::text::Text;
use crate::Value;

use super::{CesqlType, CesqlValue};

/// A value during evaluation. Event strings that need decoding stay
/// [`Val::Text`] so that comparing them never allocates.
#[derive(Debug, Clone)]
pub(crate) enum Val<'a> {
    Bool(bool),
    Int(i32),
    /// A string borrowed from the expression or the event, or computed.
    Str(Cow<'a, str>),
    /// An event string that needs decoding (JSON escapes, percent-encoding).
    Text(Text<'a>),
}

impl<'a> Val<'a> {
    pub(crate) fn from_attribute(v: Value<'a>) -> Val<'a> {
        match v {
            Value::Boolean(b) => Val::Bool(b),
            Value::Integer(i) => Val::Int(i),
            Value::String(t) => match t.try_str() {
                Some(s) => Val::Str(Cow::Borrowed(s)),
                None => Val::Text(t),
            },
            // A 0.3 Map value reads as its JSON text.
            Value::Map(m) => Val::Str(Cow::Borrowed(m)),
        }
    }

    pub(crate) fn zero(ty: CesqlType) -> Val<'a> {
        match ty {
            CesqlType::Integer => Val::Int(0),
            CesqlType::String => Val::Str(Cow::Borrowed("")),
            CesqlType::Boolean | CesqlType::Any => Val::Bool(false),
        }
    }

    pub(crate) fn ty(&self) -> CesqlType {
        match self {
            Val::Bool(_) => CesqlType::Boolean,
            Val::Int(_) => CesqlType::Integer,
            Val::Str(_) | Val::Text(_) => CesqlType::String,
        }
    }

    pub(crate) fn into_public(self) -> CesqlValue<'a> {
        match self {
            Val::Bool(b) => CesqlValue::Boolean(b),
            Val::Int(i) => CesqlValue::Integer(i),
            Val::Str(s) => CesqlValue::String(s),
            Val::Text(t) => CesqlValue::String(t.to_cow()),
        }
    }

    pub(crate) fn from_public(v: CesqlValue<'a>) -> Val<'a> {
        match v {
            CesqlValue::Boolean(b) => Val::Bool(b),
            CesqlValue::Integer(i) => Val::Int(i),
            CesqlValue::String(s) => Val::Str(s),
        }
    }

    /// Boolean cast: Int 0 is false, any other Int true; String `true` /
    /// `false` in any ASCII case. `None` = CastError.
    pub(crate) fn to_bool(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            Val::Int(i) => Some(*i != 0),
            Val::Str(s) => str_to_bool(s),
            Val::Text(t) => {
                if t.eq_ignore_ascii_case("true") {
                    Some(true)
                } else if t.eq_ignore_ascii_case("false") {
                    Some(false)
                } else {
                    None
                }
            }
        }
    }

    /// Integer cast: Bool 1/0; String base 10 with an optional sign, in
    /// int32 range. `None` = CastError.
    pub(crate) fn to_int(&self) -> Option<i32> {
        match self {
            Val::Bool(b) => Some(i32::from(*b)),
            Val::Int(i) => Some(*i),
            Val::Str(s) => s.parse().ok(),
            Val::Text(t) => {
                // An int32 has at most 11 characters; longer text is no int.
                let mut buf = StackBuf::<12>::new();
                t.decode_to(&mut buf);
                core::str::from_utf8(buf.complete()?).ok()?.parse().ok()
            }
        }
    }

    /// String cast (never fails): base-10 Int, `true`/`false`.
    pub(crate) fn into_string_val(self) -> Val<'a> {
        match self {
            Val::Bool(b) => Val::Str(Cow::Borrowed(bool_str(b))),
            Val::Int(i) => Val::Str(Cow::Owned(i.to_string())),
            s => s,
        }
    }

    /// The string form as a `Cow`, decoding event text when needed.
    pub(crate) fn into_cow(self) -> Cow<'a, str> {
        match self {
            Val::Str(s) => s,
            Val::Text(t) => t.to_cow(),
            Val::Bool(b) => Cow::Borrowed(bool_str(b)),
            Val::Int(i) => Cow::Owned(i.to_string()),
        }
    }

    /// Calls `f` with the string form, without allocating unless the value
    /// is event text over 256 bytes that needs decoding.
    pub(crate) fn with_str<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match self {
            Val::Str(s) => f(s),
            Val::Bool(b) => f(bool_str(*b)),
            Val::Int(i) => f(itoa::Buffer::new().format(*i)),
            Val::Text(t) => {
                // On the stack when short, else into a `String`.
                let mut buf = StackBuf::<256>::new();
                t.decode_to(&mut buf);
                match buf.complete().map(core::str::from_utf8) {
                    Some(Ok(s)) => f(s),
                    _ => f(&t.to_cow()),
                }
            }
        }
    }

    /// String equality of the string forms, without allocating.
    pub(crate) fn str_eq(&self, other: &Val<'_>) -> bool {
        match (self, other) {
            (Val::Text(a), Val::Text(b)) => a == b,
            (Val::Text(t), v) | (v, Val::Text(t)) => v.with_str(|s| t.eq_str(s)),
            (a, b) => a.with_str(|x| b.with_str(|y| x == y)),
        }
    }
}

pub(crate) fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

fn str_to_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Slices a `Cow` by byte range, keeping a borrow borrowed.
pub(crate) fn slice_cow(s: Cow<'_, str>, start: usize, end: usize) -> Cow<'_, str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(&b[start..end]),
        Cow::Owned(mut o) => {
            o.truncate(end);
            o.drain(..start);
            Cow::Owned(o)
        }
    }
}

/// The byte offset of character `n` (or the length when there are fewer).
pub(crate) fn char_offset(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}
