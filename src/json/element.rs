//! One element of a batch array: where it ends, and what it is. Shared by
//! the whole-buffer [`BatchReader`](super::BatchReader) and the incremental
//! [`BatchStream`](crate::stream::BatchStream), so that both cut a batch into
//! the same elements and judge each the same way, on its own (BATCH-5): an
//! element's error never depends on its neighbours.
//!
//! The boundary scanner finds where an element ends (string, escape and
//! nesting aware) without validating anything else; the element is then
//! parsed by the ordinary event parser.

use super::read::parse_object;
use super::scan::Cursor;
use crate::attrs::check_batch_version;
use crate::error::{Error, ErrorKind};
use crate::event::{Event, SpecVersion};
use crate::options::ParseOptions;

/// Parses the element at the start of `rest` in place, which finds its end
/// too: most elements are valid, and then one pass is enough. `None` on any
/// error: only a success is trusted; the caller then finds the end with
/// [`scan`] and parses the exact element with [`parse_element`], so that the
/// error is that of the element alone. Returns the event and its length.
pub(crate) fn parse_in_place<'a>(
    rest: &'a [u8],
    options: &ParseOptions,
) -> Option<(Event<'a>, usize)> {
    let mut cur = Cursor::new(rest);
    let event = parse_object(&mut cur, options).ok()?;
    Some((event, cur.pos))
}

/// The checks of a batch on an element parsed in place, `len` bytes long:
/// the size limit, then BATCH-4. Errors are at offset 0 (the element).
pub(crate) fn accept<'a>(
    event: Event<'a>,
    len: usize,
    options: &ParseOptions,
    version: &mut Option<SpecVersion>,
) -> Result<Event<'a>, Error> {
    if len > options.max_size {
        return Err(too_large());
    }
    check_version(event, version)
}

/// Parses a complete element (BATCH-2, BATCH-4): an event object of the
/// batch's `specversion`. Error offsets are relative to the element.
pub(crate) fn parse_element<'a>(
    element: &'a [u8],
    options: &ParseOptions,
    version: &mut Option<SpecVersion>,
) -> Result<Event<'a>, Error> {
    if element.first() != Some(&b'{') {
        // Valid JSON of the wrong type, or not JSON at all.
        let mut cur = Cursor::new(element);
        return Err(match cur.value(options.max_depth) {
            Err(e) if e.kind() == ErrorKind::Syntax => e,
            _ => Error::new(
                ErrorKind::TypeMismatch,
                "batch elements must be event objects",
            )
            .at(0),
        });
    }
    let event = Event::from_json_with(element, options)?;
    check_version(event, version)
}

/// BATCH-4: the first valid event sets the batch's `specversion`.
fn check_version<'a>(
    event: Event<'a>,
    version: &mut Option<SpecVersion>,
) -> Result<Event<'a>, Error> {
    check_batch_version(*version, event.specversion()).map_err(|e| e.at(0))?;
    *version = Some(event.specversion());
    Ok(event)
}

/// The error of an element over the size limit (at its start).
pub(crate) fn too_large() -> Error {
    Error::new(ErrorKind::Limit, "event larger than the size limit").at(0)
}

/// Nesting up to which the kinds of open brackets are tracked (and a
/// mismatched bracket is a broken array). Deeper nesting is only counted:
/// such an element is still delimited, and the parser reports its own depth
/// limit for it, which is lower, as an error of that element alone.
const TRACKED_NESTING: usize = ParseOptions::MAX_DEPTH_LIMIT + 64;
const STACK_WORDS: usize = TRACKED_NESTING.div_ceil(64);

/// What kind of JSON value an element is, from its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An object or array: ends when its bracket closes.
    Container,
    /// A string: ends at its closing quote.
    String,
    /// A number or literal: ends at the first byte that cannot be part of one.
    Scalar,
}

impl Kind {
    /// The kind of an element starting with `first`; `None` when no JSON
    /// value starts so (the array is broken there).
    pub(crate) fn of(first: u8) -> Option<Kind> {
        match first {
            b'{' | b'[' => Some(Kind::Container),
            b'"' => Some(Kind::String),
            b'-' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => Some(Kind::Scalar),
            _ => None,
        }
    }
}

/// The scanner's state inside one element, kept between calls when the
/// element arrives in pieces.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    kind: Kind,
    depth: usize,
    /// Bit `d` set: the bracket opened at depth `d` is `{`, else `[`.
    stack: [u64; STACK_WORDS],
    in_string: bool,
    escape: bool,
}

impl Element {
    pub(crate) const fn new(kind: Kind) -> Self {
        Element {
            kind,
            depth: 0,
            stack: [0; STACK_WORDS],
            in_string: false,
            escape: false,
        }
    }
}

/// The scanner's answer.
pub(crate) enum Scan {
    /// The element ends before this position.
    Complete(usize),
    /// The input ran out; scanning resumes at this position (when more input
    /// comes: only the incremental reader, behind `alloc`, reads it).
    Partial(#[cfg_attr(not(feature = "alloc"), allow(dead_code))] usize),
    /// The array is broken at this position.
    Fatal(ErrorKind, &'static str, usize),
}

/// Scans an element from `i` (its first byte, or where the last call
/// stopped).
pub(crate) fn scan(bytes: &[u8], mut i: usize, el: &mut Element) -> Scan {
    while i < bytes.len() {
        if el.escape {
            el.escape = false;
            i += 1;
            continue;
        }
        if el.in_string {
            match crate::kernels::find_quote_or_backslash(bytes, i) {
                None => i = bytes.len(),
                Some(k) => {
                    i = k;
                    if bytes[i] == b'\\' {
                        el.escape = true;
                    } else {
                        el.in_string = false;
                        if el.depth == 0 {
                            return Scan::Complete(i + 1);
                        }
                    }
                    i += 1;
                }
            }
            continue;
        }
        let c = bytes[i];
        if el.kind == Kind::Scalar {
            if c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.') {
                i += 1;
                continue;
            }
            return Scan::Complete(i);
        }
        if !INTERESTING[c as usize] {
            // Skip a run of bytes that cannot end or nest anything.
            i += 1;
            while i < bytes.len() && !INTERESTING[bytes[i] as usize] {
                i += 1;
            }
            continue;
        }
        match c {
            b'"' => el.in_string = true,
            b'{' | b'[' => {
                if el.depth < TRACKED_NESTING {
                    let (word, bit) = (el.depth / 64, el.depth % 64);
                    if c == b'{' {
                        el.stack[word] |= 1 << bit;
                    } else {
                        el.stack[word] &= !(1 << bit);
                    }
                }
                el.depth += 1;
            }
            _ => {
                // `}` or `]`: it must close the innermost open bracket, as
                // far as kinds are tracked.
                if el.depth == 0 {
                    return Scan::Fatal(ErrorKind::Syntax, "mismatched bracket", i);
                }
                let d = el.depth - 1;
                if d < TRACKED_NESTING {
                    let open_brace = el.stack[d / 64] & (1 << (d % 64)) != 0;
                    if open_brace != (c == b'}') {
                        return Scan::Fatal(ErrorKind::Syntax, "mismatched bracket", i);
                    }
                }
                el.depth = d;
                if el.depth == 0 {
                    return Scan::Complete(i + 1);
                }
            }
        }
        i += 1;
    }
    Scan::Partial(i)
}

/// Bytes the scanner must look at outside strings.
static INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t
};
