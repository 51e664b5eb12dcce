//! The list of an event's extension attributes.
//!
//! Up to [`INLINE_EXTENSIONS`] extensions live inline in the event. With the
//! `alloc` feature more spill to the heap; without it, more is a `Limit` error.

use crate::event::{Extension, Value};
use crate::text::Text;

/// How many extensions an [`Event`](crate::Event) holds without allocating.
///
/// Four covers the documented extensions an event usually carries
/// (`traceparent`, `tracestate`, `partitionkey`, one of the application's)
/// while keeping [`Event`](crate::Event) small enough to move cheaply; see
/// its size note.
pub const INLINE_EXTENSIONS: usize = 4;

/// The capacity the list takes when it first spills to the heap: the 16
/// extensions the generator's shapes go up to in one allocation, where
/// doubling from the inline room would allocate at 5 and reallocate (and
/// copy) at 9.
#[cfg(feature = "alloc")]
const FIRST_SPILL: usize = 16;

#[allow(dead_code)]
const EMPTY: Extension<'static> = Extension::new(Text::plain(""), Value::Boolean(false));

/// An event's extensions, in input order.
#[derive(Clone)]
pub(crate) struct ExtensionList<'a> {
    #[cfg(feature = "alloc")]
    items: smallvec::SmallVec<[Extension<'a>; INLINE_EXTENSIONS]>,
    #[cfg(not(feature = "alloc"))]
    items: [Extension<'a>; INLINE_EXTENSIONS],
    #[cfg(not(feature = "alloc"))]
    len: usize,
}

impl Default for ExtensionList<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> ExtensionList<'a> {
    #[inline]
    pub(crate) fn new() -> Self {
        ExtensionList {
            #[cfg(feature = "alloc")]
            items: smallvec::SmallVec::new(),
            #[cfg(not(feature = "alloc"))]
            items: [EMPTY; INLINE_EXTENSIONS],
            #[cfg(not(feature = "alloc"))]
            len: 0,
        }
    }

    /// Makes room for one more extension: [`FIRST_SPILL`] on the first
    /// spill, doubling after that.
    #[cfg(feature = "alloc")]
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let len = self.items.len();
        let want = if self.items.spilled() {
            len.saturating_mul(2)
        } else {
            FIRST_SPILL.max(len + 1)
        };
        self.items.reserve_exact(want - len);
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Appends; false when the inline capacity is full and nothing can spill.
    #[inline]
    pub(crate) fn push(&mut self, ext: Extension<'a>) -> bool {
        #[cfg(feature = "alloc")]
        {
            if self.items.len() == self.items.capacity() {
                self.grow();
            }
            self.items.push(ext);
            true
        }
        #[cfg(not(feature = "alloc"))]
        {
            if self.len == INLINE_EXTENSIONS {
                return false;
            }
            self.items[self.len] = ext;
            self.len += 1;
            true
        }
    }

    #[inline]
    pub(crate) fn as_slice(&self) -> &[Extension<'a>] {
        #[cfg(feature = "alloc")]
        {
            &self.items
        }
        #[cfg(not(feature = "alloc"))]
        {
            &self.items[..self.len]
        }
    }

    #[inline]
    pub(crate) fn as_mut_slice(&mut self) -> &mut [Extension<'a>] {
        #[cfg(feature = "alloc")]
        {
            &mut self.items
        }
        #[cfg(not(feature = "alloc"))]
        {
            &mut self.items[..self.len]
        }
    }

    #[inline]
    pub(crate) fn iter(&self) -> core::slice::Iter<'_, Extension<'a>> {
        self.as_slice().iter()
    }
}
