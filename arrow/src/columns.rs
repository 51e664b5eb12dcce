//! Column builders that take values straight from an event's wire-encoded
//! [`Text`]s: each value is decoded into the column's own value buffer (a
//! `Vec<u8>` is a [`Sink`](cloudevents_codec::Sink)), never through a
//! `String`. Buffers are handed to Arrow without a copy when a batch is
//! finished, and the next batch starts with the same capacities.

use std::hash::BuildHasher;
use std::sync::Arc;

use arrow_array::types::{Int32Type, Int8Type};
use arrow_array::{
    ArrayRef, BinaryArray, BooleanArray, DictionaryArray, Int16Array, Int32Array, Int8Array,
    StringArray,
};
use arrow_buffer::{
    BooleanBufferBuilder, Buffer, NullBuffer, NullBufferBuilder, OffsetBuffer, ScalarBuffer,
};
use cloudevents_codec::{Text, TextEncoding};

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
    pub(crate) fn push_bytes(&mut self, bytes: &[u8]) {
        self.values.extend_from_slice(bytes);
        self.end_value();
    }

    /// The number of values.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The bytes of value `i` (empty when out of range).
    #[inline]
    pub(crate) fn value(&self, i: usize) -> &[u8] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => self.values.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        }
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
/// Distinct values are kept once, in a [`BytesColumn`], found again through
/// a hash table of their indices; a run of equal values (a stream of one
/// source) skips the hashing. Escaped texts are decoded into a reused
/// scratch buffer first. Only the distinct values are validated as UTF-8,
/// by Arrow, when the batch is finished; a failure there (impossible for the
/// library's validated texts) or more distinct values than `Int32` keys is
/// reported then, so appending never fails and the columns of a batch always
/// have the same length.
pub(crate) struct DictColumn {
    keys: Vec<i32>,
    nulls: NullBufferBuilder,
    values: BytesColumn,
    /// Indices of `values`, by the hash of the value.
    table: hashbrown::HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
    /// The key of the last value appended.
    last: Option<u32>,
    scratch: Vec<u8>,
    overflow: bool,
}

impl DictColumn {
    pub(crate) fn new() -> Self {
        DictColumn {
            keys: Vec::new(),
            nulls: NullBufferBuilder::new(0),
            values: BytesColumn::new(),
            table: hashbrown::HashTable::new(),
            hasher: hashbrown::DefaultHashBuilder::default(),
            last: None,
            scratch: Vec::new(),
            overflow: false,
        }
    }

    #[inline]
    pub(crate) fn push_text(&mut self, text: &Text<'_>) {
        if text.encoding() == TextEncoding::Plain {
            let key = self.key_of(text.raw());
            self.push_key(key);
        } else {
            let mut scratch = std::mem::take(&mut self.scratch);
            scratch.clear();
            text.decode_to(&mut scratch);
            let key = self.key_of(&scratch);
            self.scratch = scratch;
            self.push_key(key);
        }
    }

    #[inline]
    fn push_key(&mut self, key: u32) {
        self.keys.push(key as i32);
        self.nulls.append_non_null();
    }

    /// The key of `value`, added to the dictionary when new.
    #[inline]
    fn key_of(&mut self, value: &[u8]) -> u32 {
        let DictColumn {
            values,
            table,
            hasher,
            last,
            overflow,
            ..
        } = self;
        if let Some(k) = *last {
            if values.value(k as usize) == value {
                return k;
            }
        }
        let hash = hasher.hash_one(value);
        let key = match table.find(hash, |&i| values.value(i as usize) == value) {
            Some(&i) => i,
            None => {
                let i = values.len();
                if i >= i32::MAX as usize {
                    *overflow = true;
                    return 0;
                }
                let i = i as u32;
                values.push_bytes(value);
                table.insert_unique(hash, i, |&j| hasher.hash_one(values.value(j as usize)));
                i
            }
        };
        *last = Some(key);
        key
    }

    #[inline]
    pub(crate) fn push_opt_text(&mut self, text: Option<&Text<'_>>) {
        match text {
            Some(t) => self.push_text(t),
            None => {
                self.keys.push(0);
                self.nulls.append_null();
            }
        }
    }

    pub(crate) fn finish(&mut self) -> Result<ArrayRef> {
        let keys = Int32Array::new(
            ScalarBuffer::from(take_vec(&mut self.keys)),
            take_nulls(&mut self.nulls),
        );
        let values = self.values.finish_utf8();
        self.table.clear();
        self.last = None;
        if std::mem::take(&mut self.overflow) {
            return Err(Error::new(
                ErrorKind::InvalidEvent,
                "more distinct values than Int32 dictionary keys",
            ));
        }
        let values: ArrayRef = Arc::new(values?);
        Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
            keys, values,
        )?))
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

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::Array;

    #[test]
    fn dictionary_keeps_each_value_once() {
        let mut c = DictColumn::new();
        let values = ["a", "b", "a", "a", "", "b", "c", ""];
        for v in values {
            c.push_text(&Text::plain(v));
        }
        c.push_opt_text(None);
        let array = c.finish().unwrap();
        let dict = array.as_dictionary::<Int32Type>();
        assert_eq!(dict.values().len(), 4);
        let strings = dict.downcast_dict::<StringArray>().unwrap();
        let got: Vec<Option<&str>> = strings.into_iter().collect();
        let mut want: Vec<Option<&str>> = values.iter().map(|v| Some(*v)).collect();
        want.push(None);
        assert_eq!(got, want);
        // The next batch starts afresh.
        c.push_text(&Text::plain("z"));
        let array = c.finish().unwrap();
        let dict = array.as_dictionary::<Int32Type>();
        assert_eq!(dict.values().len(), 1);
        assert_eq!(dict.keys().values()[..], [0]);
    }

    #[test]
    fn escaped_dictionary_values_are_decoded() {
        let event = cloudevents_codec::Event::from_json(
            br#"{"specversion":"1.0","id":"1","source":"\/s","type":"caf\u00e9"}"#,
        )
        .unwrap();
        let mut c = DictColumn::new();
        c.push_text(&event.source());
        c.push_text(&cloudevents_codec::Text::plain("/s"));
        c.push_text(&event.ty());
        let array = c.finish().unwrap();
        let dict = array.as_dictionary::<Int32Type>();
        let strings = dict.downcast_dict::<StringArray>().unwrap();
        let got: Vec<Option<&str>> = strings.into_iter().collect();
        assert_eq!(got, [Some("/s"), Some("/s"), Some("café")]);
        assert_eq!(dict.values().len(), 2);
    }
}
