//! [`Text`]: a borrowed attribute value kept in its wire encoding.
//!
//! Parsing never decodes: a value is a slice of the input plus a tag saying how
//! it is encoded (plain UTF-8, JSON string escapes, HTTP header quoting and
//! percent-encoding, or a header name to fold to lowercase). The parser has
//! already validated it, so decoding later cannot fail. Callers decode on
//! request, into storage they own, or write the value straight into another
//! encoding without an intermediate `String`.

use core::fmt;

use crate::sink::Sink;

/// How a [`Text`]'s bytes are encoded on the wire.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    /// The bytes are the value itself (valid UTF-8, nothing to decode).
    Plain,
    /// The contents of a JSON string literal (without its quotes) with at
    /// least one `\` escape.
    Json,
    /// An HTTP/NATS header value with RFC 7230 quoting and/or `%XY` escapes
    /// (HTTP-12, HTTP-13).
    Percent,
    /// ASCII text that decodes to its lowercase form (header names, which are
    /// case-insensitive).
    AsciiLower,
    /// Raw binary bytes whose text is their padded standard base64 encoding:
    /// the canonical string form of a Binary value (TYPE-5) carried natively,
    /// e.g. an AMQP `binary` application property.
    BinaryAsBase64,
    /// An encoded `google.protobuf.Timestamp` message (seconds and nanos
    /// since the Unix epoch) whose text is its RFC 3339 UTC form with a
    /// fraction of 0, 3, 6 or 9 digits: the canonical string of a Timestamp
    /// carried natively, as a Protobuf-format `ce_timestamp` (PROTO-2).
    /// [`raw`](Text::raw) may be empty (the epoch).
    ProtobufTimestamp,
}

/// A piece of a decoded value: either a run of input bytes that decode to
/// themselves, or a few decoded bytes (one escape).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Bytes that are their own decoding.
    Raw(&'a [u8]),
    /// Up to four decoded bytes (`.1` is the count).
    Decoded([u8; 4], u8),
}

impl<'a> Piece<'a> {
    #[inline]
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            Piece::Raw(b) => b,
            Piece::Decoded(buf, n) => &buf[..*n as usize],
        }
    }

    pub(crate) fn from_char(c: char) -> Piece<'static> {
        let mut buf = [0u8; 4];
        let n = c.encode_utf8(&mut buf).len();
        Piece::Decoded(buf, n as u8)
    }
}

/// A borrowed text value (an attribute value or name), kept in its wire
/// encoding and decoded only on request.
///
/// Two `Text`s compare equal when their *decoded* values are equal, whatever
/// their encodings.
///
/// ```
/// use cloudevents_codec::Text;
/// let t = Text::plain("hello");
/// assert_eq!(t.try_str(), Some("hello"));
/// assert!(t == "hello");
/// ```
#[derive(Clone, Copy)]
pub struct Text<'a> {
    raw: &'a [u8],
    encoding: TextEncoding,
}

impl<'a> Text<'a> {
    /// A plain text value (no decoding needed).
    #[inline]
    pub const fn plain(s: &'a str) -> Self {
        Text {
            raw: s.as_bytes(),
            encoding: TextEncoding::Plain,
        }
    }

    /// A text from bytes already validated for `encoding` by this crate.
    ///
    /// The caller (crate code) guarantees that `raw` is valid for `encoding`:
    /// valid UTF-8 for `Plain`, a valid JSON string body for `Json`, a valid
    /// header value for `Percent`, ASCII for `AsciiLower`. Decoding an
    /// unvalidated value never panics or reads out of bounds, but may yield
    /// U+FFFD replacement characters.
    #[inline]
    pub(crate) const fn from_validated(raw: &'a [u8], encoding: TextEncoding) -> Self {
        Text { raw, encoding }
    }

    /// The bytes as they were on the wire (without JSON quotes).
    #[inline]
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// How [`raw`](Self::raw) is encoded.
    #[inline]
    pub const fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// The value as a `&str` borrowed from the input, when it needs no
    /// decoding (its encoding is [`TextEncoding::Plain`]); `None` otherwise.
    ///
    /// Not free: the bytes are checked as UTF-8 on every call (the crate
    /// validated them when it read them, but proving that to the compiler
    /// would take `unsafe`). To compare or copy a value, prefer
    /// [`eq_str`](Self::eq_str), [`decode_to`](Self::decode_to) or
    /// [`raw`](Self::raw) with [`is_encoded`](Self::is_encoded).
    #[inline]
    pub fn try_str(&self) -> Option<&'a str> {
        if self.encoding == TextEncoding::Plain {
            core::str::from_utf8(self.raw).ok()
        } else {
            None
        }
    }

    /// Runs `f` on the decoded bytes: the raw bytes themselves when nothing
    /// needs decoding, else a copy decoded on the stack or, for values longer
    /// than 256 bytes, on the heap. `None` only without the `alloc` feature,
    /// for a long encoded value.
    #[inline]
    pub(crate) fn with_decoded<R>(&self, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
        if !self.is_encoded() {
            return Some(f(self.raw));
        }
        self.with_decoded_slow(f)
    }

    #[cold]
    #[inline(never)]
    fn with_decoded_slow<R>(&self, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
        let mut buf = crate::sink::StackBuf::<256>::new();
        self.decode_to(&mut buf);
        if let Some(bytes) = buf.complete() {
            return Some(f(bytes));
        }
        #[cfg(feature = "alloc")]
        {
            let mut heap = alloc::vec::Vec::with_capacity(self.raw.len());
            self.decode_to(&mut heap);
            Some(f(&heap))
        }
        #[cfg(not(feature = "alloc"))]
        {
            let _ = f;
            None
        }
    }

    /// Runs the validator `check` on the decoded value. Offsets in its
    /// error are offsets into the value as written when nothing needed
    /// decoding, and 0 (the start of the value) otherwise: decoded offsets
    /// do not map back to the input.
    ///
    /// # Errors
    ///
    /// `check`'s error; `Limit` without `alloc` for an encoded value longer
    /// than 256 decoded bytes.
    pub(crate) fn check_decoded(
        &self,
        check: impl FnOnce(&[u8]) -> Result<(), crate::Error>,
    ) -> Result<(), crate::Error> {
        let encoded = self.is_encoded();
        match self.with_decoded(check) {
            Some(Ok(())) => Ok(()),
            Some(Err(e)) if encoded => Err(e.at(0)),
            Some(Err(e)) => Err(e),
            None => Err(crate::Error::new(
                crate::ErrorKind::Limit,
                "encoded value too long to check without the `alloc` feature",
            )),
        }
    }

    /// True when the value needs decoding before use.
    #[inline]
    pub fn is_encoded(&self) -> bool {
        self.encoding != TextEncoding::Plain
    }

    /// True when the decoded value is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        // No encoding turns a non-empty raw value into an empty one, except
        // HTTP quoting (`""`).
        match self.encoding {
            TextEncoding::Percent => self.pieces().all(|p| p.bytes().is_empty()),
            TextEncoding::ProtobufTimestamp => proto_timestamp_text(self.raw).1 == 0,
            _ => self.raw.is_empty(),
        }
    }

    /// The iterator over decoded pieces.
    #[inline]
    pub(crate) fn pieces(&self) -> Pieces<'a> {
        Pieces {
            raw: self.raw,
            pos: 0,
            encoding: self.encoding,
            in_quotes: false,
        }
    }

    /// The length of the decoded value in bytes.
    #[inline]
    pub fn decoded_len(&self) -> usize {
        match self.encoding {
            TextEncoding::Plain | TextEncoding::AsciiLower => self.raw.len(),
            TextEncoding::BinaryAsBase64 => self.raw.len().div_ceil(3) * 4,
            TextEncoding::ProtobufTimestamp => proto_timestamp_text(self.raw).1,
            TextEncoding::Json => json_decoded_len(self.raw),
            _ => self.pieces().map(|p| p.bytes().len()).sum(),
        }
    }

    /// Appends the decoded UTF-8 bytes to `out`.
    #[inline]
    pub fn decode_to<S: Sink + ?Sized>(&self, out: &mut S) {
        // Plain text (most values) is one append, inlined in the caller.
        if self.encoding == TextEncoding::Plain {
            return out.put(self.raw);
        }
        self.decode_encoded_to(out)
    }

    /// [`decode_to`](Self::decode_to) for the encodings that need decoding.
    #[inline(never)]
    fn decode_encoded_to<S: Sink + ?Sized>(&self, out: &mut S) {
        match self.encoding {
            TextEncoding::ProtobufTimestamp => {
                let (buf, n) = proto_timestamp_text(self.raw);
                out.put(&buf[..n]);
            }
            TextEncoding::Json => decode_json_to(self.raw, out),
            _ => {
                for p in self.pieces() {
                    out.put(p.bytes());
                }
            }
        }
    }

    /// The decoded value, borrowed from the input when possible, else decoded
    /// into `scratch` (which is cleared first).
    ///
    /// ```
    /// use cloudevents_codec::Text;
    /// let mut scratch = String::new();
    /// assert_eq!(Text::plain("a b").to_str(&mut scratch), "a b");
    /// ```
    #[cfg(feature = "alloc")]
    pub fn to_str<'b>(&'b self, scratch: &'b mut alloc::string::String) -> &'b str
    where
        'a: 'b,
    {
        if let Some(s) = self.try_str() {
            return s;
        }
        scratch.clear();
        self.push_to_string(scratch);
        scratch.as_str()
    }

    /// Appends the decoded value to `out`.
    #[cfg(feature = "alloc")]
    pub fn push_to_string(&self, out: &mut alloc::string::String) {
        let mut bytes = core::mem::take(out).into_bytes();
        self.decode_to(&mut bytes);
        *out = match alloc::string::String::from_utf8(bytes) {
            Ok(s) => s,
            // Unreachable for validated texts; degrade instead of panicking.
            Err(e) => alloc::string::String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
    }

    /// The decoded value: borrowed when no decoding is needed, owned otherwise.
    #[cfg(feature = "alloc")]
    pub fn to_cow(&self) -> alloc::borrow::Cow<'a, str> {
        match self.try_str() {
            Some(s) => alloc::borrow::Cow::Borrowed(s),
            None => {
                let mut s = alloc::string::String::with_capacity(self.raw.len());
                self.push_to_string(&mut s);
                alloc::borrow::Cow::Owned(s)
            }
        }
    }

    /// Compares the decoded value with `s` without allocating.
    #[inline]
    pub fn eq_str(&self, s: &str) -> bool {
        if self.encoding == TextEncoding::Plain {
            return self.raw == s.as_bytes();
        }
        eq_pieces(self.pieces(), s.as_bytes())
    }

    /// Compares the decoded value with `s`, ignoring ASCII case.
    pub fn eq_ignore_ascii_case(&self, s: &str) -> bool {
        let mut rest = s.as_bytes();
        for p in self.pieces() {
            let b = p.bytes();
            if rest.len() < b.len() || !rest[..b.len()].eq_ignore_ascii_case(b) {
                return false;
            }
            rest = &rest[b.len()..];
        }
        rest.is_empty()
    }

    /// Writes the value as a JSON string literal (with quotes) into `out`.
    ///
    /// A JSON-encoded value is copied as it is: its escapes are already valid
    /// JSON, so nothing is decoded.
    pub fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put_byte(b'"');
        match self.encoding {
            TextEncoding::Json => out.put(self.raw),
            TextEncoding::Plain => write_json_escaped(self.raw, out),
            // RFC 3339 text needs no JSON escapes.
            TextEncoding::ProtobufTimestamp => self.decode_to(out),
            _ => {
                for p in self.pieces() {
                    write_json_escaped(p.bytes(), out);
                }
            }
        }
        out.put_byte(b'"');
    }

    /// Writes the value percent-encoded for an HTTP or NATS header (HTTP-11).
    pub fn write_percent<S: Sink + ?Sized>(&self, out: &mut S) {
        match self.encoding {
            TextEncoding::Plain => crate::spec::percent::encode(self.raw, out),
            _ => {
                for p in self.pieces() {
                    crate::spec::percent::encode(p.bytes(), out);
                }
            }
        }
    }

    /// The decoded bytes, one at a time (slow path helper).
    #[inline]
    pub(crate) fn bytes_iter(&self) -> Bytes<'a> {
        Bytes {
            pieces: self.pieces(),
            current: Piece::Raw(&[]),
            pos: 0,
        }
    }
}

/// The decoded bytes of a [`Text`], one at a time.
#[derive(Debug, Clone)]
pub(crate) struct Bytes<'a> {
    pieces: Pieces<'a>,
    current: Piece<'a>,
    pos: usize,
}

impl Iterator for Bytes<'_> {
    type Item = u8;
    #[inline]
    fn next(&mut self) -> Option<u8> {
        loop {
            if let Some(&b) = self.current.bytes().get(self.pos) {
                self.pos += 1;
                return Some(b);
            }
            self.current = self.pieces.next()?;
            self.pos = 0;
        }
    }
}

/// Compares a piece stream with a byte string.
fn eq_pieces(pieces: Pieces<'_>, mut rest: &[u8]) -> bool {
    for p in pieces {
        let b = p.bytes();
        if rest.len() < b.len() || &rest[..b.len()] != b {
            return false;
        }
        rest = &rest[b.len()..];
    }
    rest.is_empty()
}

/// Writes `bytes` (UTF-8) escaped as the body of a JSON string: runs of
/// clean bytes go out in one call; the next byte to escape is found 16 or 8
/// bytes at a time (`kernels`).
pub(crate) fn write_json_escaped<S: Sink + ?Sized>(bytes: &[u8], out: &mut S) {
    let mut start = 0;
    loop {
        let i = crate::kernels::find_json_escape(bytes, start);
        if start < i {
            out.put(&bytes[start..i]);
        }
        let Some(&b) = bytes.get(i) else {
            return;
        };
        write_escape(b, out);
        start = i + 1;
    }
}

#[cold]
fn write_escape<S: Sink + ?Sized>(b: u8, out: &mut S) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match b {
        b'"' => out.put(b"\\\""),
        b'\\' => out.put(b"\\\\"),
        b'\n' => out.put(b"\\n"),
        b'\r' => out.put(b"\\r"),
        b'\t' => out.put(b"\\t"),
        0x08 => out.put(b"\\b"),
        0x0c => out.put(b"\\f"),
        _ => out.put(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[(b >> 4) as usize],
            HEX[(b & 15) as usize],
        ]),
    }
}

/// Iterator over the decoded [`Piece`]s of a [`Text`].
#[derive(Debug, Clone)]
pub(crate) struct Pieces<'a> {
    raw: &'a [u8],
    pos: usize,
    encoding: TextEncoding,
    in_quotes: bool,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    #[inline]
    fn next(&mut self) -> Option<Piece<'a>> {
        // A timestamp's text is longer than its bytes: `pos` counts text.
        if self.pos >= self.raw.len() && self.encoding != TextEncoding::ProtobufTimestamp {
            return None;
        }
        match self.encoding {
            TextEncoding::Plain => {
                self.pos = self.raw.len();
                Some(Piece::Raw(self.raw))
            }
            TextEncoding::Json => Some(next_json_piece(self.raw, &mut self.pos)),
            TextEncoding::Percent => {
                crate::spec::percent::next_piece(self.raw, &mut self.pos, &mut self.in_quotes)
            }
            TextEncoding::AsciiLower => {
                let rest = &self.raw[self.pos..];
                let run = rest
                    .iter()
                    .position(|b| b.is_ascii_uppercase())
                    .unwrap_or(rest.len());
                if run > 0 {
                    self.pos += run;
                    Some(Piece::Raw(&rest[..run]))
                } else {
                    self.pos += 1;
                    Some(Piece::Decoded([rest[0].to_ascii_lowercase(), 0, 0, 0], 1))
                }
            }
            TextEncoding::BinaryAsBase64 => {
                let rest = &self.raw[self.pos..];
                let n = rest.len().min(3);
                self.pos += n;
                Some(Piece::Decoded(base64_quad(&rest[..n]), 4))
            }
            TextEncoding::ProtobufTimestamp => {
                // Rendered again for each piece: short, and rarely taken
                // (`decode_to` renders once).
                let (buf, len) = proto_timestamp_text(self.raw);
                let rest = buf.get(self.pos..len).filter(|r| !r.is_empty())?;
                let n = rest.len().min(4);
                let mut piece = [0u8; 4];
                piece[..n].copy_from_slice(&rest[..n]);
                self.pos += n;
                Some(Piece::Decoded(piece, n as u8))
            }
        }
    }
}

/// The RFC 3339 text of an encoded `google.protobuf.Timestamp`, and its
/// length (0 for bytes that are not a valid one, which the Protobuf reader
/// never lets through).
pub(crate) fn proto_timestamp_text(raw: &[u8]) -> ([u8; 35], usize) {
    crate::pbwire::timestamp_fields(raw)
        .and_then(|(s, n)| crate::spec::timestamp::Timestamp::from_unix(s, u32::try_from(n).ok()?))
        .map_or(([0; 35], 0), |t| t.format_grouped())
}

/// Encodes one to three bytes as a padded base64 quad (RFC 4648 §4).
fn base64_quad(b: &[u8]) -> [u8; 4] {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b0 = b[0] as usize;
    let b1 = b.get(1).copied().unwrap_or(0) as usize;
    let b2 = b.get(2).copied().unwrap_or(0) as usize;
    let mut q = [
        ALPHABET[b0 >> 2],
        ALPHABET[((b0 & 3) << 4) | (b1 >> 4)],
        ALPHABET[((b1 & 15) << 2) | (b2 >> 6)],
        ALPHABET[b2 & 63],
    ];
    if b.len() < 3 {
        q[3] = b'=';
    }
    if b.len() < 2 {
        q[2] = b'=';
    }
    q
}

/// Appends the decoded bytes of a JSON string body to `out`: each run
/// between escapes in one `put`, found with the scanner's string kernel
/// (inlined, so short runs cost a few instructions, where a `memchr` call
/// costs its dispatch), each escape decoded in place.
fn decode_json_to<S: Sink + ?Sized>(raw: &[u8], out: &mut S) {
    out.reserve_hint(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let stop = find_backslash(raw, i);
        if stop > i {
            out.put(&raw[i..stop]);
            i = stop;
            continue;
        }
        // One-byte escapes (`\"` in XML or quoted text, `\n` in logs)
        // can come every few bytes: decode them by table, one byte out,
        // rather than as a piece.
        match raw.get(i + 1).map(|&c| SIMPLE_ESCAPE[c as usize]) {
            Some(byte) if byte != 0 => {
                out.put_byte(byte);
                i += 2;
            }
            _ => out.put(next_json_piece(raw, &mut i).bytes()),
        }
    }
}

/// The length of a JSON string body decoded: [`decode_json_to`]'s walk,
/// counting instead of writing.
fn json_decoded_len(raw: &[u8]) -> usize {
    let mut count = crate::sink::CountingSink(0);
    decode_json_to(raw, &mut count);
    count.0
}

/// What each one-byte JSON escape (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`,
/// `\r`, `\t`) decodes to, by the byte after the backslash; 0 for `u` and
/// for bytes that do not name an escape.
static SIMPLE_ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t[b'/' as usize] = b'/';
    t[b'b' as usize] = 0x08;
    t[b'f' as usize] = 0x0c;
    t[b'n' as usize] = b'\n';
    t[b'r' as usize] = b'\r';
    t[b't' as usize] = b'\t';
    t
};

/// The position of the next `\\` at or after `i` in a JSON string body, or
/// `b.len()`. (A validated body has no unescaped `"`; one in an
/// unvalidated body is passed over as text.)
#[inline]
fn find_backslash(b: &[u8], mut i: usize) -> usize {
    loop {
        match crate::kernels::find_quote_or_backslash(b, i) {
            Some(j) if b[j] == b'"' => i = j + 1,
            Some(j) => return j,
            None => return b.len(),
        }
    }
}

/// Decodes the next piece of a JSON string body starting at `*pos`.
fn next_json_piece<'a>(raw: &'a [u8], pos: &mut usize) -> Piece<'a> {
    let rest = &raw[*pos..];
    if rest[0] != b'\\' {
        let run = find_backslash(rest, 0);
        *pos += run;
        return Piece::Raw(&rest[..run]);
    }
    let Some(&esc) = rest.get(1) else {
        *pos = raw.len();
        return Piece::from_char(char::REPLACEMENT_CHARACTER);
    };
    *pos += 2;
    let simple = match esc {
        b'"' => b'"',
        b'\\' => b'\\',
        b'/' => b'/',
        b'b' => 0x08,
        b'f' => 0x0c,
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        b'u' => {
            let hi = hex4(&rest[2..]);
            *pos += 4.min(rest.len() - 2);
            let c = match hi {
                Some(h @ 0xD800..=0xDBFF) => {
                    let lo = if rest.get(6) == Some(&b'\\') && rest.get(7) == Some(&b'u') {
                        hex4(&rest[8..])
                    } else {
                        None
                    };
                    match lo {
                        Some(l @ 0xDC00..=0xDFFF) => {
                            *pos += 6;
                            char::from_u32(0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00))
                        }
                        _ => None,
                    }
                }
                Some(h) => char::from_u32(h),
                None => None,
            };
            return Piece::from_char(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        }
        _ => return Piece::from_char(char::REPLACEMENT_CHARACTER),
    };
    Piece::Decoded([simple, 0, 0, 0], 1)
}

/// True when a JSON string body has a `\uD800`-`\uDFFF` escape that is not
/// part of a valid pair (JSON-11).
pub(crate) fn has_lone_surrogate(raw: &[u8]) -> bool {
    let mut i = 0;
    loop {
        i = find_backslash(raw, i);
        if i >= raw.len() {
            break;
        }
        if raw.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let Some(hi) = hex4(raw.get(i + 2..).unwrap_or(&[])) else {
            return true;
        };
        i += 6;
        match hi {
            0xD800..=0xDBFF => {
                let lo = if raw.get(i) == Some(&b'\\') && raw.get(i + 1) == Some(&b'u') {
                    hex4(raw.get(i + 2..).unwrap_or(&[]))
                } else {
                    None
                };
                match lo {
                    Some(0xDC00..=0xDFFF) => i += 6,
                    _ => return true,
                }
            }
            0xDC00..=0xDFFF => return true,
            _ => {}
        }
    }
    false
}

/// The value of each hex digit, and 0xFF for every other byte.
static HEX_VALUE: [u8; 256] = {
    let mut t = [0xFFu8; 256];
    let mut i = 0;
    while i < 256 {
        if let Some(v) = hex_val(i as u8) {
            t[i] = v;
        }
        i += 1;
    }
    t
};

/// Parses four hex digits (of a `\uXXXX` escape): four table lookups and
/// one test, where a digit-by-digit parse branches per digit.
#[inline]
pub(crate) fn hex4(b: &[u8]) -> Option<u32> {
    let &[a, c, d, e, ..] = b else {
        return None;
    };
    let [a, c, d, e] = [a, c, d, e].map(|x| HEX_VALUE[x as usize]);
    if (a | c | d | e) & 0xF0 != 0 {
        return None;
    }
    Some((u32::from(a) << 12) | (u32::from(c) << 8) | (u32::from(d) << 4) | u32::from(e))
}

/// The value of one hex digit.
#[inline]
pub(crate) const fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl<'b> PartialEq<Text<'b>> for Text<'_> {
    #[inline]
    fn eq(&self, other: &Text<'b>) -> bool {
        if !self.is_encoded() && !other.is_encoded() {
            return self.raw == other.raw;
        }
        self.bytes_iter().eq(other.bytes_iter())
    }
}

impl Eq for Text<'_> {}

impl core::hash::Hash for Text<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        for p in self.pieces() {
            state.write(p.bytes());
        }
        state.write_u8(0xff);
    }
}

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        self.eq_str(other)
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.eq_str(other)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = self.try_str() {
            return f.write_str(s);
        }
        // Decode piecewise; a multi-byte character may straddle pieces only
        // for percent-encoding, so buffer up to 4 pending bytes.
        let mut pending = [0u8; 4];
        let mut n = 0usize;
        for p in self.pieces() {
            for &b in p.bytes() {
                if n == 0 && b < 0x80 {
                    f.write_str(core::str::from_utf8(&[b]).unwrap_or("\u{fffd}"))?;
                    continue;
                }
                pending[n] = b;
                n += 1;
                match core::str::from_utf8(&pending[..n]) {
                    Ok(s) => {
                        f.write_str(s)?;
                        n = 0;
                    }
                    Err(e) if e.error_len().is_some() || n == 4 => {
                        f.write_str("\u{fffd}")?;
                        n = 0;
                    }
                    Err(_) => {}
                }
            }
        }
        if n > 0 {
            f.write_str("\u{fffd}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", DisplayAsDebug(self))
    }
}

struct DisplayAsDebug<'t, 'a>(&'t Text<'a>);

impl fmt::Debug for DisplayAsDebug<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_char('"')?;
        struct Esc<'f, 'g>(&'f mut fmt::Formatter<'g>);
        impl fmt::Write for Esc<'_, '_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                for c in s.chars() {
                    for e in c.escape_debug() {
                        self.0.write_char(e)?;
                    }
                }
                Ok(())
            }
        }
        write!(Esc(f), "{}", self.0)?;
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate alloc;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    fn json(s: &'static str) -> Text<'static> {
        Text::from_validated(s.as_bytes(), TextEncoding::Json)
    }

    #[test]
    fn json_escapes_decode() {
        // JSON-8, E-19
        let t = json(r#"a\"b\\c\/\n\u0069\uD83D\uDE00"#);
        assert_eq!(t.to_string(), "a\"b\\c/\ni😀");
        assert!(t.eq_str("a\"b\\c/\ni😀"));
        assert!(!t.eq_str("a\"b\\c/\ni😀x"));
        assert_eq!(t.decoded_len(), "a\"b\\c/\ni😀".len());
    }

    /// Escape-dense bodies (every escape form, runs of 0 to 3 plain bytes
    /// between them) decode as serde_json decodes the same string.
    #[test]
    fn json_escape_runs_decode_as_serde_json() {
        let pieces: [&str; 14] = [
            "\\\"",
            "\\\\",
            "\\/",
            "\\b",
            "\\f",
            "\\n",
            "\\r",
            "\\t",
            "\\u00e9",
            "\\uD83D\\uDE00",
            "a",
            "<s t=",
            "é",
            "",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let rounds = if cfg!(miri) { 20 } else { 2000 };
        for _ in 0..rounds {
            let mut body = alloc::string::String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                body.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let expect: alloc::string::String =
                serde_json::from_str(&alloc::format!("\"{body}\"")).unwrap();
            let mut out = Vec::new();
            let text = Text::from_validated(body.as_bytes(), TextEncoding::Json);
            text.decode_to(&mut out);
            assert_eq!(out, expect.as_bytes(), "{body}");
            assert_eq!(text.decoded_len(), expect.len(), "{body}");
        }
    }

    #[test]
    fn json_write_passes_escapes_through() {
        let mut out = Vec::new();
        json(r#"\u0069d"#).write_json(&mut out);
        assert_eq!(out, br#""\u0069d""#);
        out.clear();
        Text::plain("a\"b\n\u{1}").write_json(&mut out);
        assert_eq!(out, br#""a\"b\n\u0001""#);
    }

    #[test]
    fn swar_escaping_matches_naive() {
        // Every fast path is tested against a naive twin.
        fn naive(bytes: &[u8]) -> Vec<u8> {
            let mut out = Vec::new();
            for &b in bytes {
                if matches!(b, b'"' | b'\\' | 0..=0x1f) {
                    write_escape(b, &mut out);
                } else {
                    out.push(b);
                }
            }
            out
        }
        let alphabet = [b'a', b'"', b'\\', 0x01, b'\n', 0x1f, 0x20, 0x7f, 0xc3, 0xa9];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        // Miri (CI runs this module under it) is slow: fewer rounds there.
        let rounds = if cfg!(miri) { 2 } else { 50 };
        for len in 0..40 {
            for _ in 0..rounds {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect();
                let mut fast = Vec::new();
                write_json_escaped(&bytes, &mut fast);
                assert_eq!(fast, naive(&bytes), "{bytes:?}");
            }
        }
    }

    #[test]
    fn hex4_matches_a_digit_by_digit_parse() {
        let naive = |b: &[u8]| -> Option<u32> {
            let digits = b.get(..4)?;
            digits
                .iter()
                .try_fold(0u32, |v, &c| Some((v << 4) | char::from(c).to_digit(16)?))
        };
        for c in 0..=255u8 {
            for pos in 0..4 {
                let mut b = *b"a0F9";
                b[pos] = c;
                assert_eq!(hex4(&b), naive(&b), "{b:?}");
                assert_eq!(hex4(&b[..pos]), None);
            }
        }
    }

    #[test]
    fn lower_folds() {
        let t = Text::from_validated(b"MyExt", TextEncoding::AsciiLower);
        assert!(t.eq_str("myext"));
        assert_eq!(t, Text::plain("myext"));
        let mut s = String::new();
        assert_eq!(t.to_str(&mut s), "myext");
    }

    #[test]
    fn binary_as_base64_pieces() {
        let t = Text::from_validated(b"foob", TextEncoding::BinaryAsBase64);
        assert_eq!(t.to_string(), "Zm9vYg==");
        assert_eq!(t.decoded_len(), 8);
        let t = Text::from_validated(b"fo", TextEncoding::BinaryAsBase64);
        assert_eq!(t.to_string(), "Zm8=");
        let t = Text::from_validated(b"", TextEncoding::BinaryAsBase64);
        assert!(t.is_empty());
        assert_eq!(t.to_string(), "");
    }

    #[test]
    fn cross_encoding_equality() {
        assert_eq!(json(r#"\u0041bc"#), Text::plain("Abc"));
        assert_ne!(json(r#"\u0041bc"#), Text::plain("abc"));
    }
}
