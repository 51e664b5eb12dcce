//! [`TextPart`]: a piece of an extension value (a `tracestate` key, one
//! `dataregulation` entry), borrowed from the event without decoding it.

use core::fmt;

use crate::sink::Sink;
use crate::text::Text;

/// A range of the *decoded* value of a [`Text`]: one key or value of a
/// `tracestate`, one entry of a `dataregulation` list.
///
/// A value read from JSON or an HTTP header keeps its wire encoding
/// (escapes, quoting, percent-encoding), so its parts cannot always be
/// sub-slices of the input. A `TextPart` therefore keeps the whole [`Text`]
/// and a decoded byte range of it; when the text needed no decoding (the
/// usual case) [`try_str`](Self::try_str) borrows the part straight from the
/// input, and otherwise the bytes are decoded on request, still without
/// allocating.
///
/// ```
/// use cloudevents_codec::Event;
/// let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
///     "traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
///     "tracestate":"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"}"#)?;
/// let state = event.ext().tracestate().unwrap()?;
/// let congo = state.get("congo").unwrap();
/// assert_eq!(congo.try_str(), Some("t61rcWkgMzE"));
/// assert!(congo == "t61rcWkgMzE");
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct TextPart<'a> {
    text: Text<'a>,
    start: usize,
    end: usize,
}

impl<'a> TextPart<'a> {
    /// The decoded bytes `start..end` of `text` (the caller found the range
    /// by walking the decoded bytes, so it is in bounds and on character
    /// boundaries).
    pub(crate) const fn new(text: Text<'a>, start: usize, end: usize) -> Self {
        TextPart { text, start, end }
    }

    /// The whole value this is a part of.
    pub const fn whole(&self) -> Text<'a> {
        self.text
    }

    /// The length of the part in decoded bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty part.
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The part borrowed from the input, when the value needs no decoding;
    /// `None` otherwise (then use [`decode_to`](Self::decode_to) or
    /// [`eq_str`](Self::eq_str)).
    pub fn try_str(&self) -> Option<&'a str> {
        let whole = self.text.try_str()?;
        whole.get(self.start..self.end)
    }

    /// The decoded bytes, one at a time.
    pub fn bytes(&self) -> impl Iterator<Item = u8> + 'a {
        self.text
            .bytes_iter()
            .skip(self.start)
            .take(self.end - self.start)
    }

    /// Appends the decoded bytes to `out`.
    pub fn decode_to<S: Sink + ?Sized>(&self, out: &mut S) {
        if let Some(s) = self.try_str() {
            out.put(s.as_bytes());
            return;
        }
        let mut chunk = [0u8; 64];
        let mut n = 0;
        for b in self.bytes() {
            chunk[n] = b;
            n += 1;
            if n == chunk.len() {
                out.put(&chunk);
                n = 0;
            }
        }
        out.put(&chunk[..n]);
    }

    /// Compares the decoded part with `s` without allocating.
    pub fn eq_str(&self, s: &str) -> bool {
        match self.try_str() {
            Some(mine) => mine == s,
            None => self.len() == s.len() && self.bytes().eq(s.bytes()),
        }
    }

    /// The decoded part: borrowed when no decoding is needed, owned
    /// otherwise.
    #[cfg(feature = "alloc")]
    pub fn to_cow(&self) -> alloc::borrow::Cow<'a, str> {
        match self.try_str() {
            Some(s) => alloc::borrow::Cow::Borrowed(s),
            None => {
                let mut bytes = alloc::vec::Vec::with_capacity(self.len());
                self.decode_to(&mut bytes);
                alloc::borrow::Cow::Owned(
                    alloc::string::String::from_utf8_lossy(&bytes).into_owned(),
                )
            }
        }
    }
}

impl PartialEq<str> for TextPart<'_> {
    fn eq(&self, other: &str) -> bool {
        self.eq_str(other)
    }
}

impl PartialEq<&str> for TextPart<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.eq_str(other)
    }
}

impl<'b> PartialEq<TextPart<'b>> for TextPart<'_> {
    /// Equal when the decoded bytes are.
    fn eq(&self, other: &TextPart<'b>) -> bool {
        match (self.try_str(), other.try_str()) {
            (Some(a), Some(b)) => a == b,
            _ => self.len() == other.len() && self.bytes().eq(other.bytes()),
        }
    }
}

impl Eq for TextPart<'_> {}

impl fmt::Display for TextPart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = self.try_str() {
            return f.write_str(s);
        }
        // Decoded in chunks; a chunk may end inside a character, whose
        // first bytes are carried into the next one.
        let mut buf = [0u8; 64];
        let mut n = 0;
        for b in self.bytes() {
            buf[n] = b;
            n += 1;
            if n == buf.len() {
                let carried = write_utf8(f, &buf[..n], false)?;
                buf.copy_within(n - carried..n, 0);
                n = carried;
            }
        }
        write_utf8(f, &buf[..n], true).map(|_| ())
    }
}

/// Writes the UTF-8 in `bytes` (U+FFFD for anything invalid, which a
/// validated value never has) and returns how many trailing bytes of an
/// incomplete character were left for the next chunk (none when `last`).
fn write_utf8(
    f: &mut fmt::Formatter<'_>,
    mut bytes: &[u8],
    last: bool,
) -> Result<usize, fmt::Error> {
    loop {
        match core::str::from_utf8(bytes) {
            Ok(s) => return f.write_str(s).map(|_| 0),
            Err(e) => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                f.write_str(core::str::from_utf8(good).map_err(|_| fmt::Error)?)?;
                match e.error_len() {
                    None if !last => return Ok(rest.len()),
                    None => return f.write_str("\u{FFFD}").map(|_| 0),
                    Some(len) => {
                        f.write_str("\u{FFFD}")?;
                        bytes = &rest[len..];
                    }
                }
            }
        }
    }
}

impl fmt::Debug for TextPart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", DisplayAsDebug(self))
    }
}

/// Quotes a part like `str`'s `Debug` does, without allocating.
struct DisplayAsDebug<'p, 'a>(&'p TextPart<'a>);

impl fmt::Debug for DisplayAsDebug<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_char('"')?;
        struct Escaper<'f, 'g>(&'f mut fmt::Formatter<'g>);
        impl fmt::Write for Escaper<'_, '_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                for c in s.chars() {
                    for e in c.escape_debug() {
                        self.0.write_char(e)?;
                    }
                }
                Ok(())
            }
        }
        write!(Escaper(f), "{}", self.0)?;
        f.write_char('"')
    }
}
