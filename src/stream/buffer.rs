//! The reusable input buffer both readers share.

use alloc::vec::Vec;

use super::ndjson::Framed;
use super::{Status, StreamError};
use crate::event::Event;
use crate::options::ParseOptions;

/// Default size of one [`Buffer::spare`] read.
pub(crate) const READ_SIZE: usize = 64 * 1024;

/// Pending input: `buf[start..end]` has been received and not yet consumed.
///
/// `buf.len()` is the initialised part of the allocation (so reads into the
/// spare room do not zero it again each time); `end <= buf.len()`.
#[derive(Debug, Clone)]
pub(crate) struct Buffer {
    pub(crate) buf: Vec<u8>,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Stream offset of `buf[0]`.
    pub(crate) base: u64,
    /// `finish` was called.
    pub(crate) eof: bool,
    pub(crate) read_size: usize,
}

impl Buffer {
    pub(crate) const fn new() -> Self {
        Buffer {
            buf: Vec::new(),
            start: 0,
            end: 0,
            base: 0,
            eof: false,
            read_size: READ_SIZE,
        }
    }

    /// Forgets all input and state, keeping the allocation.
    pub(crate) fn reset(&mut self) {
        self.start = 0;
        self.end = 0;
        self.base = 0;
        self.eof = false;
    }

    /// Moves the pending bytes to the front.
    fn compact(&mut self) {
        let shift = self.start;
        if shift > 0 {
            self.buf.copy_within(shift..self.end, 0);
            self.end -= shift;
            self.start = 0;
            self.base += shift as u64;
        }
    }

    fn reserve(&mut self, additional: usize) {
        self.compact();
        let need = self.end + additional;
        if self.buf.len() < need {
            // Grow geometrically so byte-sized feeds stay amortised O(1).
            let target = need.max(self.buf.len() * 2).max(256);
            self.buf.resize(target, 0);
        }
    }

    pub(crate) fn feed(&mut self, chunk: &[u8]) {
        self.reserve(chunk.len());
        self.buf[self.end..self.end + chunk.len()].copy_from_slice(chunk);
        self.end += chunk.len();
    }

    /// Room for one read of `read_size` bytes after the pending input.
    #[cfg(feature = "std")]
    pub(crate) fn spare(&mut self) -> &mut [u8] {
        self.reserve(self.read_size);
        let end = self.end;
        &mut self.buf[end..end + self.read_size]
    }

    /// Records `n` bytes read into [`spare`](Self::spare); `0` is the end of
    /// the input.
    #[cfg(feature = "std")]
    pub(crate) fn filled(&mut self, n: usize) {
        self.end += n;
        if n == 0 {
            self.eof = true;
        }
    }

    /// Stream offset of `buf[i]`.
    #[inline]
    pub(crate) fn offset(&self, i: usize) -> u64 {
        self.base + i as u64
    }
}

/// JSON whitespace (RFC 8259).
#[inline]
pub(crate) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// What cuts a window of pending bytes into events: NDJSON lines
/// (`LineFraming`) or batch elements (`BatchFraming`). The incremental
/// readers and the async codecs drive the same framings through it.
pub(crate) trait Framer {
    /// The next event of `window` (`eof`: no more bytes will follow);
    /// `base` is the stream offset of the window's first byte.
    fn next<'a>(
        &mut self,
        window: &'a [u8],
        eof: bool,
        base: u64,
        options: &ParseOptions,
    ) -> Result<Status<Framed<'a>>, StreamError>;
    /// Events (valid or not) framed so far (the async codecs name an
    /// event by it).
    #[cfg_attr(not(feature = "tokio-util"), allow(dead_code))]
    fn index(&self) -> u64;
    /// Bytes of the window the last `next` consumed: the caller drops them.
    fn consumed(&self) -> usize;
}

impl Buffer {
    /// The next event of the pending bytes, cut by `framing`; what it
    /// consumed is dropped from the front.
    pub(crate) fn next_event(
        &mut self,
        framing: &mut impl Framer,
        options: &ParseOptions,
    ) -> Result<Status<Event<'_>>, StreamError> {
        let base = self.offset(self.start);
        let next = framing.next(&self.buf[self.start..self.end], self.eof, base, options);
        self.start += framing.consumed();
        next.map(|status| status.map(|framed| framed.event))
    }
}
