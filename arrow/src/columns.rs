//! Column builders that take values straight from an event's wire-encoded
//! [`Text`]s: each value is decoded into the column's own value buffer (a
//! `Vec<u8>` is a [`Sink`](cloudevents_codec::Sink)), never through a
//! `String`. Buffers are handed to Arrow without a copy when a batch is
//! finished, and the next batch starts with the same capacities.

use std::sync::Arc;

use arrow_array::builder::StringDictionaryBuilder;
use arrow_array::types::{Int32Type, Int8Type};
use arrow_array::{
    ArrayRef, BinaryArray, BooleanArray, DictionaryArray, Int16Array, Int32Array, Int8Array,
    StringArray,
};
use arrow_buffer::{
    BooleanBufferBuilder, Buffer, NullBuffer, NullBufferBuilder, OffsetBuffer, ScalarBuffer,
};
use cloudevents_codec::Text;

use crate::error::{Error, ErrorKind, Result};

/// A fresh vector with the capacity the last batch needed.
fn take_vec<T>(v: &mut Vec<T>) -> Vec<T> {
    let cap = v.len();
    std::mem::replace(v, Vec::with_capacity(cap))
}

/// The validity so far, and a fresh builder sized like it.
fn take_nulls(nulls: &mut NullBufferBuilder) -> Option<NullBuffer> {
    let len = nulls.len();
    std::mem::replace(nulls, NullBufferBuilder::new(len)).build()
}

/// Variable-length values (`Utf8` or `Binary`): offsets, bytes, validity.
#[derive(Debug)]
pub(crate) struct BytesColumn {
    offsets: Vec<i32>,
    values: Vec<u8>,
    nulls: NullBufferBuilder,
}

impl BytesColumn {
    pub(crate) fn new() -> Self {
        BytesColumn {
            offsets: vec![0],
            values: Vec::new(),
            nulls: NullBufferBuilder::new(0),
        }
    }

    /// The value buffer, to decode the next value into; close it with
    /// [`end_value`](Self::end_value).
    #[inline]
    pub(crate) fn values(&mut self) -> &mut Vec<u8> {
        &mut self.values
    }

    /// Ends the value written into [`values`](Self::values).
    #[inline]
    pub(crate) fn end_value(&mut self) {
        // The batch byte budget keeps `values` below `i32::MAX`.
        self.offsets.push(self.values.len() as i32);
        self.nulls.append_non_null();
    }

    #[inline]
    pub(crate) fn push_text(&mut self, text: &Text<'_>) {
        text.decode_to(&mut self.values);
        self.end_value();
    }

    #[inline]
    pub(crate) fn push_null(&mut self) {
        self.offsets.push(self.values.len() as i32);
        self.nulls.append_null();
    }

    #[inline]
    pub(crate) fn push_opt_text(&mut self, text: Option<&Text<'_>>) {
        match text {
            Some(t) => self.push_text(t),
            None => self.push_null(),
        }
    }

    fn take(&mut self) -> (OffsetBuffer<i32>, Buffer, Option<NullBuffer>) {
        let mut offsets = take_vec(&mut self.offsets);
        self.offsets.push(0);
        if offsets.is_empty() {
            offsets.push(0);
        }
        let values = take_vec(&mut self.values);
        let nulls = take_nulls(&mut self.nulls);
        // Offsets start at 0 and never decrease: `new` cannot panic.
        (
            OffsetBuffer::new(ScalarBuffer::from(offsets)),
            Buffer::from_vec(values),
            nulls,
        )
    }

    /// The values as UTF-8 strings (validated by Arrow).
    pub(crate) fn finish_utf8(&mut self) -> Result<StringArray> {
        let (offsets, values, nulls) = self.take();
        Ok(StringArray::try_new(offsets, values, nulls)?)
    }

    /// The values as bytes.
    pub(crate) fn finish_binary(&mut self) -> Result<BinaryArray> {
        let (offsets, values, nulls) = self.take();
        Ok(BinaryArray::try_new(offsets, values, nulls)?)
    }
}

/// Strings with few distinct values, dictionary-encoded with `Int32` keys.
///
/// Plain (unescaped) values go to Arrow's dictionary builder as they are;
/// escaped ones are decoded into a reused scratch buffer first. Appending
/// never fails: the rare failure (a decoded value that is not UTF-8, which
/// the library's validation rules out, or more distinct values than `Int32`
/// keys, which the batch byte limit rules out) is reported by `finish`, so
/// the columns of a batch always stay the same length.
pub(crate) struct DictColumn {
    builder: StringDictionaryBuilder<Int32Type>,
    scratch: Vec<u8>,
    failed: Option<&'static str>,
}

impl DictColumn {
    pub(crate) fn new() -> Self {
        DictColumn {
            builder: StringDictionaryBuilder::new(),
            scratch: Vec::new(),
            failed: None,
        }
    }

    #[inline]
    pub(crate) fn push_text(&mut self, text: &Text<'_>) {
        let value = match text.as_str() {
            Some(s) => Ok(s),
            None => {
                self.scratch.clear();
                text.decode_to(&mut self.scratch);
                std::str::from_utf8(&self.scratch)
            }
        };
        let Ok(value) = value else {
            self.fail("a decoded value is not UTF-8");
            return;
        };
        if self.builder.append(value).is_err() {
            self.fail("too many distinct values for Int32 dictionary keys");
        }
    }

    #[cold]
    fn fail(&mut self, why: &'static str) {
        self.failed.get_or_insert(why);
        self.builder.append_null();
    }

    #[inline]
    pub(crate) fn push_opt_text(&mut self, text: Option<&Text<'_>>) {
        match text {
            Some(t) => self.push_text(t),
            None => self.builder.append_null(),
        }
    }

    pub(crate) fn finish(&mut self) -> Result<ArrayRef> {
        let array = self.builder.finish();
        // The next batch starts with this one's capacities.
        let values = array.values();
        self.builder = StringDictionaryBuilder::with_capacity(
            array.len(),
            values.len(),
            values.to_data().buffers().get(1).map_or(0, |b| b.len()),
        );
        let array = Arc::new(array);
        match self.failed.take() {
            Some(why) => Err(Error::new(ErrorKind::InvalidEvent, why)),
            None => Ok(array),
        }
    }
}

/// A dictionary column over a fixed list of values (`specversion`,
/// `data_kind`): only the keys vary.
#[derive(Debug)]
pub(crate) struct FixedDictColumn {
    values: &'static [&'static str],
    keys: Vec<i8>,
    nulls: NullBufferBuilder,
}

impl FixedDictColumn {
    pub(crate) fn new(values: &'static [&'static str]) -> Self {
        FixedDictColumn {
            values,
            keys: Vec::new(),
            nulls: NullBufferBuilder::new(0),
        }
    }

    /// Appends the value at `index` of the fixed list.
    #[inline]
    pub(crate) fn push(&mut self, index: i8) {
        self.keys.push(index);
        self.nulls.append_non_null();
    }

    #[inline]
    pub(crate) fn push_null(&mut self) {
        self.keys.push(0);
        self.nulls.append_null();
    }

    pub(crate) fn finish(&mut self) -> Result<ArrayRef> {
        let keys = Int8Array::new(
            ScalarBuffer::from(take_vec(&mut self.keys)),
            take_nulls(&mut self.nulls),
        );
        let values: ArrayRef = Arc::new(StringArray::from_iter_values(self.values.iter()));
        Ok(Arc::new(DictionaryArray::<Int8Type>::try_new(
            keys, values,
        )?))
    }
}

/// A nullable `Int32` column.
#[derive(Debug)]
pub(crate) struct I32Column {
    values: Vec<i32>,
    nulls: NullBufferBuilder,
}

impl I32Column {
    pub(crate) fn new() -> Self {
        I32Column {
            values: Vec::new(),
            nulls: NullBufferBuilder::new(0),
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, v: Option<i32>) {
        self.values.push(v.unwrap_or(0));
        self.nulls.append(v.is_some());
    }

    pub(crate) fn finish(&mut self) -> Int32Array {
        Int32Array::new(
            ScalarBuffer::from(take_vec(&mut self.values)),
            take_nulls(&mut self.nulls),
        )
    }
}

/// A nullable `Int16` column.
#[derive(Debug)]
pub(crate) struct I16Column {
    values: Vec<i16>,
    nulls: NullBufferBuilder,
}

impl I16Column {
    pub(crate) fn new() -> Self {
        I16Column {
            values: Vec::new(),
            nulls: NullBufferBuilder::new(0),
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, v: Option<i16>) {
        self.values.push(v.unwrap_or(0));
        self.nulls.append(v.is_some());
    }

    pub(crate) fn finish(&mut self) -> Int16Array {
        Int16Array::new(
            ScalarBuffer::from(take_vec(&mut self.values)),
            take_nulls(&mut self.nulls),
        )
    }
}

/// A nullable `Int64` buffer (for the timestamp column).
#[derive(Debug)]
pub(crate) struct I64Column {
    values: Vec<i64>,
    nulls: NullBufferBuilder,
}

impl I64Column {
    pub(crate) fn new() -> Self {
        I64Column {
            values: Vec::new(),
            nulls: NullBufferBuilder::new(0),
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, v: Option<i64>) {
        self.values.push(v.unwrap_or(0));
        self.nulls.append(v.is_some());
    }

    pub(crate) fn finish(&mut self) -> (ScalarBuffer<i64>, Option<NullBuffer>) {
        (
            ScalarBuffer::from(take_vec(&mut self.values)),
            take_nulls(&mut self.nulls),
        )
    }
}

/// A nullable `Boolean` column.
#[derive(Debug)]
pub(crate) struct BoolColumn {
    values: BooleanBufferBuilder,
    nulls: NullBufferBuilder,
}

impl BoolColumn {
    pub(crate) fn new() -> Self {
        BoolColumn {
            values: BooleanBufferBuilder::new(0),
            nulls: NullBufferBuilder::new(0),
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, v: Option<bool>) {
        self.values.append(v.unwrap_or(false));
        self.nulls.append(v.is_some());
    }

    pub(crate) fn finish(&mut self) -> BooleanArray {
        let len = self.values.len();
        let values = std::mem::replace(&mut self.values, BooleanBufferBuilder::new(len));
        BooleanArray::new(values.build(), take_nulls(&mut self.nulls))
    }
}
