//! Where writers put their bytes.
//!
//! Every writer in this crate appends to a caller-owned [`Sink`]; the caller
//! clears and reuses it, so a warm buffer means no allocation per event.

/// An append-only byte buffer that writers fill.
///
/// Implemented for `Vec<u8>` (with `alloc`) and `bytes::BytesMut` (with the
/// `bytes` feature). Writes are infallible: a sink that can run out of room
/// (a fixed array) records that itself.
pub trait Sink {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]);

    /// Appends one byte.
    #[inline]
    fn put_byte(&mut self, byte: u8) {
        self.put(&[byte]);
    }

    /// A hint that about `additional` more bytes are coming.
    #[inline]
    fn reserve_hint(&mut self, additional: usize) {
        let _ = additional;
    }
}

#[cfg(feature = "alloc")]
impl Sink for alloc::vec::Vec<u8> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
    #[inline]
    fn put_byte(&mut self, byte: u8) {
        self.push(byte);
    }
    #[inline]
    fn reserve_hint(&mut self, additional: usize) {
        self.reserve(additional);
    }
}

#[cfg(feature = "bytes")]
impl Sink for bytes::BytesMut {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
    #[inline]
    fn reserve_hint(&mut self, additional: usize) {
        self.reserve(additional);
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        (**self).put(bytes);
    }
    #[inline]
    fn put_byte(&mut self, byte: u8) {
        (**self).put_byte(byte);
    }
    #[inline]
    fn reserve_hint(&mut self, additional: usize) {
        (**self).reserve_hint(additional);
    }
}

/// A sink that only counts bytes: used to measure an encoding's length
/// without writing it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CountingSink(pub usize);

impl Sink for CountingSink {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}

/// A fixed-capacity sink on the stack, for decoding short values without
/// allocating. Once a write does not fit, every later one is dropped and
/// [`complete`](StackBuf::complete) is `None`: callers check it and fall
/// back (to the heap, or to an error).
#[derive(Clone)]
pub(crate) struct StackBuf<const N: usize> {
    buf: [u8; N],
    len: usize,
    overflow: bool,
}

impl<const N: usize> StackBuf<N> {
    #[inline]
    pub(crate) const fn new() -> Self {
        StackBuf {
            buf: [0; N],
            len: 0,
            overflow: false,
        }
    }

    /// The bytes written before the first write that did not fit.
    #[inline]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// The bytes, when everything fit.
    #[inline]
    pub(crate) fn complete(&self) -> Option<&[u8]> {
        (!self.overflow).then(|| self.as_bytes())
    }
}

impl<const N: usize> Sink for StackBuf<N> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if self.overflow || end > N {
            self.overflow = true;
            return;
        }
        self.buf[self.len..end].copy_from_slice(bytes);
        self.len = end;
    }
}
