//! Typed, borrowed access to the columns of a `RecordBatch`, tolerant of the
//! equivalent types other writers use (`LargeUtf8`, `Utf8View`, any integer
//! dictionary keys, other timestamp units), so a file rewritten by an engine
//! still reads back.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, BinaryArray, BinaryViewArray, BooleanArray, Int16Array, Int32Array, LargeBinaryArray,
    LargeStringArray, PrimitiveArray, StringArray, StringViewArray,
};
use arrow_schema::{DataType, TimeUnit};

use crate::error::{Error, Result};

/// String values.
#[derive(Clone, Copy)]
pub(crate) enum Strs<'b> {
    Utf8(&'b StringArray),
    Large(&'b LargeStringArray),
    View(&'b StringViewArray),
}

impl<'b> Strs<'b> {
    fn of(array: &'b dyn Array) -> Option<Strs<'b>> {
        Some(match array.data_type() {
            DataType::Utf8 => Strs::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => Strs::Large(array.as_string::<i64>()),
            DataType::Utf8View => Strs::View(array.as_string_view()),
            _ => return None,
        })
    }

    #[inline]
    fn get(&self, i: usize) -> Option<&'b str> {
        match self {
            Strs::Utf8(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Strs::Large(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Strs::View(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
        }
    }
}

/// Dictionary keys of any integer type.
#[derive(Clone, Copy)]
pub(crate) enum Keys<'b> {
    I8(&'b PrimitiveArray<Int8Type>),
    I16(&'b PrimitiveArray<Int16Type>),
    I32(&'b PrimitiveArray<Int32Type>),
    I64(&'b PrimitiveArray<Int64Type>),
    U8(&'b PrimitiveArray<UInt8Type>),
    U16(&'b PrimitiveArray<UInt16Type>),
    U32(&'b PrimitiveArray<UInt32Type>),
    U64(&'b PrimitiveArray<UInt64Type>),
}

impl Keys<'_> {
    #[inline]
    fn get(&self, i: usize) -> Option<usize> {
        macro_rules! key {
            ($a:expr) => {
                (i < $a.len() && $a.is_valid(i))
                    .then(|| usize::try_from($a.value(i)).ok())
                    .flatten()
            };
        }
        match self {
            Keys::I8(a) => key!(a),
            Keys::I16(a) => key!(a),
            Keys::I32(a) => key!(a),
            Keys::I64(a) => key!(a),
            Keys::U8(a) => key!(a),
            Keys::U16(a) => key!(a),
            Keys::U32(a) => key!(a),
            Keys::U64(a) => key!(a),
        }
    }
}

/// A string column, plain or dictionary-encoded.
#[derive(Clone, Copy)]
pub(crate) enum StrColumn<'b> {
    Plain(Strs<'b>),
    Dict(Keys<'b>, Strs<'b>),
}

impl<'b> StrColumn<'b> {
    pub(crate) fn of(name: &str, array: &'b dyn Array) -> Result<StrColumn<'b>> {
        if let Some(s) = Strs::of(array) {
            return Ok(StrColumn::Plain(s));
        }
        let bad = || Error::schema(format!("column {name:?} is not a string column"));
        let DataType::Dictionary(key, _) = array.data_type() else {
            return Err(bad());
        };
        macro_rules! dict {
            ($t:ty, $k:ident) => {{
                let d = array.as_dictionary::<$t>();
                (
                    Keys::$k(d.keys()),
                    Strs::of(d.values().as_ref()).ok_or_else(bad)?,
                )
            }};
        }
        let (keys, values) = match key.as_ref() {
            DataType::Int8 => dict!(Int8Type, I8),
            DataType::Int16 => dict!(Int16Type, I16),
            DataType::Int32 => dict!(Int32Type, I32),
            DataType::Int64 => dict!(Int64Type, I64),
            DataType::UInt8 => dict!(UInt8Type, U8),
            DataType::UInt16 => dict!(UInt16Type, U16),
            DataType::UInt32 => dict!(UInt32Type, U32),
            DataType::UInt64 => dict!(UInt64Type, U64),
            _ => return Err(bad()),
        };
        Ok(StrColumn::Dict(keys, values))
    }

    /// The value at `row`; `None` for null (or a key out of range).
    #[inline]
    pub(crate) fn get(&self, row: usize) -> Option<&'b str> {
        match self {
            StrColumn::Plain(s) => s.get(row),
            StrColumn::Dict(k, s) => s.get(k.get(row)?),
        }
    }
}

/// A binary column.
#[derive(Clone, Copy)]
pub(crate) enum BinColumn<'b> {
    Binary(&'b BinaryArray),
    Large(&'b LargeBinaryArray),
    View(&'b BinaryViewArray),
}

impl<'b> BinColumn<'b> {
    pub(crate) fn of(name: &str, array: &'b dyn Array) -> Result<BinColumn<'b>> {
        Ok(match array.data_type() {
            DataType::Binary => BinColumn::Binary(array.as_binary::<i32>()),
            DataType::LargeBinary => BinColumn::Large(array.as_binary::<i64>()),
            DataType::BinaryView => BinColumn::View(array.as_binary_view()),
            _ => {
                return Err(Error::schema(format!(
                    "column {name:?} is not a binary column"
                )))
            }
        })
    }

    #[inline]
    pub(crate) fn get(&self, row: usize) -> Option<&'b [u8]> {
        match self {
            BinColumn::Binary(a) => (row < a.len() && a.is_valid(row)).then(|| a.value(row)),
            BinColumn::Large(a) => (row < a.len() && a.is_valid(row)).then(|| a.value(row)),
            BinColumn::View(a) => (row < a.len() && a.is_valid(row)).then(|| a.value(row)),
        }
    }
}

/// A timestamp column of any unit, read as nanoseconds.
#[derive(Clone, Copy)]
pub(crate) struct TimeColumn<'b> {
    array: &'b dyn Array,
    values: &'b [i64],
    scale: i64,
}

impl<'b> TimeColumn<'b> {
    pub(crate) fn of(name: &str, array: &'b dyn Array) -> Result<TimeColumn<'b>> {
        let (values, scale): (&'b [i64], i64) = match array.data_type() {
            DataType::Timestamp(TimeUnit::Nanosecond, _) => {
                (array.as_primitive::<TimestampNanosecondType>().values(), 1)
            }
            DataType::Timestamp(TimeUnit::Microsecond, _) => (
                array.as_primitive::<TimestampMicrosecondType>().values(),
                1000,
            ),
            DataType::Timestamp(TimeUnit::Millisecond, _) => (
                array.as_primitive::<TimestampMillisecondType>().values(),
                1_000_000,
            ),
            DataType::Timestamp(TimeUnit::Second, _) => (
                array.as_primitive::<TimestampSecondType>().values(),
                1_000_000_000,
            ),
            _ => {
                return Err(Error::schema(format!(
                    "column {name:?} is not a timestamp column"
                )))
            }
        };
        Ok(TimeColumn {
            array,
            values,
            scale,
        })
    }

    /// Nanoseconds since the epoch; `Some(None)` when the value does not fit.
    #[inline]
    pub(crate) fn get(&self, row: usize) -> Option<Option<i64>> {
        let v = *self.values.get(row)?;
        self.array.is_valid(row).then(|| v.checked_mul(self.scale))
    }
}

/// An `Int16` (or `Int32`) column.
#[derive(Clone, Copy)]
pub(crate) enum SmallIntColumn<'b> {
    I16(&'b Int16Array),
    I32(&'b Int32Array),
}

impl<'b> SmallIntColumn<'b> {
    pub(crate) fn of(name: &str, array: &'b dyn Array) -> Result<SmallIntColumn<'b>> {
        Ok(match array.data_type() {
            DataType::Int16 => SmallIntColumn::I16(array.as_primitive::<Int16Type>()),
            DataType::Int32 => SmallIntColumn::I32(array.as_primitive::<Int32Type>()),
            _ => {
                return Err(Error::schema(format!(
                    "column {name:?} is not an Int16 column"
                )))
            }
        })
    }

    #[inline]
    pub(crate) fn get(&self, row: usize) -> Option<i32> {
        match self {
            SmallIntColumn::I16(a) => {
                (row < a.len() && a.is_valid(row)).then(|| a.value(row).into())
            }
            SmallIntColumn::I32(a) => (row < a.len() && a.is_valid(row)).then(|| a.value(row)),
        }
    }
}

/// A typed extension value column (a promoted extension, or a child of the
/// map's value struct).
#[derive(Clone, Copy)]
pub(crate) enum ValueColumn<'b> {
    String(StrColumn<'b>),
    Integer(&'b Int32Array),
    Boolean(&'b BooleanArray),
}

impl<'b> ValueColumn<'b> {
    /// The column as an extension value column, when its type is one.
    pub(crate) fn of(array: &'b dyn Array) -> Option<ValueColumn<'b>> {
        match array.data_type() {
            DataType::Int32 => Some(ValueColumn::Integer(array.as_primitive::<Int32Type>())),
            DataType::Boolean => Some(ValueColumn::Boolean(array.as_boolean())),
            _ => StrColumn::of("", array).ok().map(ValueColumn::String),
        }
    }

    #[inline]
    pub(crate) fn get(&self, row: usize) -> Option<cloudevents_codec::Value<'b>> {
        use cloudevents_codec::{Text, Value};
        match self {
            ValueColumn::String(c) => c.get(row).map(|s| Value::String(Text::plain(s))),
            ValueColumn::Integer(a) => {
                (row < a.len() && a.is_valid(row)).then(|| Value::Integer(a.value(row)))
            }
            ValueColumn::Boolean(a) => {
                (row < a.len() && a.is_valid(row)).then(|| Value::Boolean(a.value(row)))
            }
        }
    }
}
