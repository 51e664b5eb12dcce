//! Where binding readers take headers from and where binding writers put
//! them: the [`HeaderItem`] source trait, the [`HeaderSink`] trait and
//! [`HeaderBuf`], one reusable buffer for a message's headers.

use crate::error::Error;
#[cfg(not(feature = "alloc"))]
use crate::error::ErrorKind;
use crate::sink::{Sink, StackBuf};

/// One header (or property) of a message as a reader sees it: a name and a
/// value. The value is `None` only where the protocol has null values (Kafka).
pub trait HeaderItem<'a> {
    /// The name and value.
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>);
}

impl<'a, 'b: 'a> HeaderItem<'a> for (&'b [u8], &'b [u8]) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0, Some(self.1))
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for (&'b [u8], Option<&'b [u8]>) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        self
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for (&'b str, Option<&'b [u8]>) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0.as_bytes(), self.1)
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for (&'b str, &'b str) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0.as_bytes(), Some(self.1.as_bytes()))
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for &'a (&'b [u8], &'b [u8]) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0, Some(self.1))
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for &'a (&'b str, &'b str) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0.as_bytes(), Some(self.1.as_bytes()))
    }
}

impl<'a, 'b: 'a> HeaderItem<'a> for &'a (&'b [u8], Option<&'b [u8]>) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        *self
    }
}

#[cfg(feature = "alloc")]
impl<'a> HeaderItem<'a> for &'a (alloc::vec::Vec<u8>, alloc::vec::Vec<u8>) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (&self.0, Some(&self.1))
    }
}

#[cfg(feature = "alloc")]
impl<'a> HeaderItem<'a> for &'a (alloc::string::String, alloc::string::String) {
    #[inline]
    fn into_parts(self) -> (&'a [u8], Option<&'a [u8]>) {
        (self.0.as_bytes(), Some(self.1.as_bytes()))
    }
}

/// Where binding writers put headers (or properties): name/value pairs,
/// appended in order.
pub trait HeaderSink {
    /// Appends one header.
    fn header(&mut self, name: &[u8], value: &[u8]);

    /// Appends one header named `prefix` + `name` whose value `write`
    /// produces in pieces. Writers use this so values go straight from an
    /// event's [`Text`](crate::Text) into their encoding, without an intermediate string.
    ///
    /// The default gathers name and value in stack buffers (on the heap,
    /// with `alloc`, when longer than 256 / 1024 bytes) and calls
    /// [`header`](Self::header); sinks that own storage override it.
    ///
    /// # Errors
    ///
    /// `Limit` when, without `alloc`, the name or value does not fit the
    /// default's stack buffers.
    fn header_with(
        &mut self,
        prefix: &[u8],
        name: &[u8],
        write: &mut dyn FnMut(&mut dyn Sink),
    ) -> Result<(), Error> {
        let mut n = StackBuf::<256>::new();
        n.put(prefix);
        n.put(name);
        let mut v = StackBuf::<1024>::new();
        write(&mut v);
        if let (Some(n), Some(v)) = (n.complete(), v.complete()) {
            self.header(n, v);
            return Ok(());
        }
        #[cfg(feature = "alloc")]
        {
            let mut full_name = alloc::vec::Vec::with_capacity(prefix.len() + name.len());
            full_name.extend_from_slice(prefix);
            full_name.extend_from_slice(name);
            let mut value = alloc::vec::Vec::new();
            write(&mut value);
            self.header(&full_name, &value);
            Ok(())
        }
        #[cfg(not(feature = "alloc"))]
        Err(Error::new(
            ErrorKind::Limit,
            "header too long for the default HeaderSink::header_with without `alloc`",
        )
        .attr(name))
    }
}

impl<H: HeaderSink + ?Sized> HeaderSink for &mut H {
    #[inline]
    fn header(&mut self, name: &[u8], value: &[u8]) {
        (**self).header(name, value);
    }
    #[inline]
    fn header_with(
        &mut self,
        prefix: &[u8],
        name: &[u8],
        write: &mut dyn FnMut(&mut dyn Sink),
    ) -> Result<(), Error> {
        (**self).header_with(prefix, name, write)
    }
}

#[cfg(feature = "alloc")]
impl HeaderSink for alloc::vec::Vec<(alloc::vec::Vec<u8>, alloc::vec::Vec<u8>)> {
    fn header(&mut self, name: &[u8], value: &[u8]) {
        self.push((name.to_vec(), value.to_vec()));
    }
    fn header_with(
        &mut self,
        prefix: &[u8],
        name: &[u8],
        write: &mut dyn FnMut(&mut dyn Sink),
    ) -> Result<(), Error> {
        let mut full_name = alloc::vec::Vec::with_capacity(prefix.len() + name.len());
        full_name.extend_from_slice(prefix);
        full_name.extend_from_slice(name);
        let mut value = alloc::vec::Vec::new();
        write(&mut value);
        self.push((full_name, value));
        Ok(())
    }
}

/// Headers stored in one reusable byte buffer plus an index: after the first
/// message, writing the headers of similar messages allocates nothing.
///
/// Reading a `HeaderBuf` back gives `(name, value)` slices, so it is also a
/// header source for the readers (`&HeaderBuf` implements `IntoIterator`).
///
/// ```
/// use cloudevents_codec::binding::{HeaderBuf, HeaderSink};
/// let mut headers = HeaderBuf::new();
/// headers.header(b"ce-id", b"1");
/// assert_eq!(headers.get(b"CE-ID"), Some(&b"1"[..]));
/// headers.clear(); // keeps the capacity
/// assert!(headers.is_empty());
/// ```
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderBuf {
    bytes: alloc::vec::Vec<u8>,
    /// (name start, value start = name end, value end) into `bytes`.
    index: alloc::vec::Vec<(usize, usize, usize)>,
}

#[cfg(feature = "alloc")]
impl HeaderBuf {
    /// An empty buffer.
    pub const fn new() -> Self {
        HeaderBuf {
            bytes: alloc::vec::Vec::new(),
            index: alloc::vec::Vec::new(),
        }
    }

    /// An empty buffer with room for `headers` headers of `bytes` bytes in
    /// total.
    pub fn with_capacity(headers: usize, bytes: usize) -> Self {
        HeaderBuf {
            bytes: alloc::vec::Vec::with_capacity(bytes),
            index: alloc::vec::Vec::with_capacity(headers),
        }
    }

    /// Removes every header, keeping the allocated capacity.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.index.clear();
    }

    /// The number of headers.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when there are no headers.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The `i`-th header, in the order written.
    pub fn get_index(&self, i: usize) -> Option<(&[u8], &[u8])> {
        let &(n, v, e) = self.index.get(i)?;
        Some((&self.bytes[n..v], &self.bytes[v..e]))
    }

    /// The first header named `name`, compared ignoring ASCII case.
    pub fn get(&self, name: &[u8]) -> Option<&[u8]> {
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The headers as `(name, value)` pairs, in the order written.
    pub fn iter(&self) -> HeaderBufIter<'_> {
        HeaderBufIter { buf: self, i: 0 }
    }
}

#[cfg(feature = "alloc")]
impl HeaderSink for HeaderBuf {
    fn header(&mut self, name: &[u8], value: &[u8]) {
        let n = self.bytes.len();
        self.bytes.extend_from_slice(name);
        let v = self.bytes.len();
        self.bytes.extend_from_slice(value);
        self.index.push((n, v, self.bytes.len()));
    }

    fn header_with(
        &mut self,
        prefix: &[u8],
        name: &[u8],
        write: &mut dyn FnMut(&mut dyn Sink),
    ) -> Result<(), Error> {
        let n = self.bytes.len();
        self.bytes.extend_from_slice(prefix);
        self.bytes.extend_from_slice(name);
        let v = self.bytes.len();
        // The value is encoded straight into the shared buffer.
        write(&mut self.bytes);
        self.index.push((n, v, self.bytes.len()));
        Ok(())
    }
}

/// Iterator over a [`HeaderBuf`]'s `(name, value)` pairs.
#[cfg(feature = "alloc")]
#[derive(Debug, Clone)]
pub struct HeaderBufIter<'h> {
    buf: &'h HeaderBuf,
    i: usize,
}

#[cfg(feature = "alloc")]
impl<'h> Iterator for HeaderBufIter<'h> {
    type Item = (&'h [u8], &'h [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let item = self.buf.get_index(self.i)?;
        self.i += 1;
        Some(item)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.buf.len() - self.i;
        (n, Some(n))
    }
}

#[cfg(feature = "alloc")]
impl<'h> IntoIterator for &'h HeaderBuf {
    type Item = (&'h [u8], &'h [u8]);
    type IntoIter = HeaderBufIter<'h>;
    fn into_iter(self) -> HeaderBufIter<'h> {
        self.iter()
    }
}
