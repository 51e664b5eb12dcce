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

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Appends; false when the inline capacity is full and nothing can spill.
    #[inline]
    pub(crate) fn push(&mut self, ext: Extension<'a>) -> bool {
        #[cfg(feature = "alloc")]
        {
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
