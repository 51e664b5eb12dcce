//! The Distributed Tracing extension's values (`distributed-tracing.md`):
//! [`TraceParent`] and [`TraceState`], validated by the grammar of W3C
//! Trace Context §3.2 and §3.3, the sections the extension document links
//! (the W3C editor's draft at <https://w3c.github.io/trace-context/>).
//!
//! Decisions where W3C leaves room:
//!
//! - Hex digits are lowercase in every field of every version (`HEXDIGLC`);
//!   the future-version rules say "hex", and W3C calls upper case in
//!   `parent-id` invalid.
//! - A value is read exactly: no spaces around a `traceparent` (an HTTP
//!   header's surrounding whitespace is not part of its value, and bindings
//!   remove it before the value reaches the event).
//! - `tracestate` keys follow the editor's draft: `(lcalpha / DIGIT)
//!   0*255(keychar)` with `@` a key character anywhere, so multi-tenant keys
//!   `tenant@system` of any split within 256 characters are valid (Level 1
//!   limited the tenant to 241 and the system to 14 characters; the draft
//!   dropped that).
//! - The 32-member limit counts `key=value` members; empty members (`a=1,,b=2`)
//!   are allowed and not counted. Repeated keys are accepted when reading
//!   (W3C makes uniqueness the sender's duty and lets receivers keep them);
//!   [`EventBuilder::tracestate`](crate::EventBuilder::tracestate) refuses
//!   them, as a sender must.

use core::fmt;

use crate::error::{Error, ErrorKind};
use crate::ext::part::TextPart;
use crate::text::Text;

/// A W3C `traceparent` (Trace Context §3.2): version, trace ID, parent ID
/// and trace flags. Plain data, `Copy`: it borrows nothing.
///
/// ```
/// use cloudevents_codec::ext::TraceParent;
/// let tp = TraceParent::parse(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?;
/// assert!(tp.sampled());
/// assert_eq!(tp.parent_id(), [0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7]);
/// assert_eq!(tp.to_string(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
///
/// // All-zero IDs, upper-case hex, version ff: invalid.
/// assert!(TraceParent::parse(b"00-00000000000000000000000000000000-00f067aa0ba902b7-01").is_err());
/// assert!(TraceParent::parse(b"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01").is_err());
/// assert!(TraceParent::parse(b"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").is_err());
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TraceParent {
    version: u8,
    trace_id: [u8; 16],
    parent_id: [u8; 8],
    flags: u8,
}

/// The length of a version-00 `traceparent`.
const LEN: usize = 55;

/// The `sampled` trace flag (Trace Context §3.2.2.5.1).
pub const FLAG_SAMPLED: u8 = 0x01;
/// The `random-trace-id` trace flag (Trace Context Level 2, §3.2.2.5.2).
pub const FLAG_RANDOM: u8 = 0x02;

fn invalid(detail: &'static str) -> Error {
    Error::new(ErrorKind::InvalidValue, detail)
}

/// The value of a lowercase hex digit (`HEXDIGLC`).
fn hex_lc(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Decodes `2 * N` lowercase hex digits.
fn hex_field<const N: usize>(text: &[u8], detail: &'static str) -> Result<[u8; N], Error> {
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        let hi = text.get(2 * i).copied().and_then(hex_lc);
        let lo = text.get(2 * i + 1).copied().and_then(hex_lc);
        match (hi, lo) {
            (Some(hi), Some(lo)) => *o = hi << 4 | lo,
            _ => return Err(invalid(detail)),
        }
    }
    Ok(out)
}

impl TraceParent {
    /// A version-00 `traceparent`; `None` when an ID is all zeros (which
    /// W3C forbids).
    pub const fn new(trace_id: [u8; 16], parent_id: [u8; 8], flags: u8) -> Option<TraceParent> {
        if u128::from_be_bytes(trace_id) == 0 || u64::from_be_bytes(parent_id) == 0 {
            return None;
        }
        Some(TraceParent {
            version: 0,
            trace_id,
            parent_id,
            flags,
        })
    }

    /// Parses a `traceparent` value (Trace Context §3.2).
    ///
    /// Version `00` is exactly `00-<32 hex>-<16 hex>-<2 hex>`. A higher
    /// version (not `ff`) is read as §3.2.4 says: at least 55 characters,
    /// the same three fields at the same places, and after the flags either
    /// the end or a `-` and fields this version does not know (ignored).
    ///
    /// # Errors
    ///
    /// `InvalidValue`: a field of the wrong length or with characters other
    /// than lowercase hex, a missing `-`, version `ff`, an all-zero trace or
    /// parent ID, anything after the flags of a version-00 value.
    pub fn parse(text: &[u8]) -> Result<TraceParent, Error> {
        let head = &text[..text.len().min(LEN + 1)];
        Self::parse_head(head, text.len())
    }

    /// As [`parse`](Self::parse) on the decoded value of `text`, reading at
    /// most its first 56 decoded bytes (nothing is allocated).
    pub(crate) fn parse_text(text: &Text<'_>) -> Result<TraceParent, Error> {
        if !text.is_encoded() {
            return Self::parse(text.raw());
        }
        let mut head = [0u8; LEN + 1];
        let mut len = 0;
        for b in text.bytes_iter() {
            if let Some(slot) = head.get_mut(len) {
                *slot = b;
            }
            len += 1;
        }
        Self::parse_head(&head[..len.min(LEN + 1)], len)
    }

    /// Checks the first (at most 56) bytes of a value `len` bytes long.
    fn parse_head(head: &[u8], len: usize) -> Result<TraceParent, Error> {
        const SHAPE: &str = "a traceparent is version-traceid-parentid-flags in lowercase hex";
        if len < LEN {
            return Err(invalid(SHAPE));
        }
        let [version] = hex_field::<1>(&head[0..2], SHAPE)?;
        if version == 0xff {
            return Err(invalid("traceparent version ff is forbidden"));
        }
        if head[2] != b'-' || head[35] != b'-' || head[52] != b'-' {
            return Err(invalid(SHAPE));
        }
        let trace_id = hex_field::<16>(&head[3..35], SHAPE)?;
        let parent_id = hex_field::<8>(&head[36..52], SHAPE)?;
        let [flags] = hex_field::<1>(&head[53..55], SHAPE)?;
        if len > LEN {
            if version == 0 {
                return Err(invalid("a version-00 traceparent ends after the flags"));
            }
            if head[LEN] != b'-' {
                return Err(invalid(
                    "in a future traceparent version, the flags are followed by '-' or the end",
                ));
            }
        }
        if u128::from_be_bytes(trace_id) == 0 {
            return Err(invalid("the trace-id must not be all zeros"));
        }
        if u64::from_be_bytes(parent_id) == 0 {
            return Err(invalid("the parent-id must not be all zeros"));
        }
        Ok(TraceParent {
            version,
            trace_id,
            parent_id,
            flags,
        })
    }

    /// The version as read (`0` for `00`).
    pub const fn version(&self) -> u8 {
        self.version
    }

    /// The 16-byte trace ID.
    pub const fn trace_id(&self) -> [u8; 16] {
        self.trace_id
    }

    /// The 8-byte parent (span) ID.
    pub const fn parent_id(&self) -> [u8; 8] {
        self.parent_id
    }

    /// The trace flags, all eight bits.
    pub const fn flags(&self) -> u8 {
        self.flags
    }

    /// The `sampled` flag: the caller may have recorded trace data.
    pub const fn sampled(&self) -> bool {
        self.flags & FLAG_SAMPLED != 0
    }

    /// The `random-trace-id` flag: at least the right-most 7 bytes of the
    /// trace ID are random (Trace Context Level 2).
    pub const fn random(&self) -> bool {
        self.flags & FLAG_RANDOM != 0
    }

    /// The version-00 text (`00-<trace-id>-<parent-id>-<flags>`), what W3C
    /// asks a vendor to send on, whatever version it read (§3.2.4).
    pub fn encode(&self) -> [u8; LEN] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [b'-'; LEN];
        let mut put = |at: usize, bytes: &[u8]| {
            for (i, b) in bytes.iter().enumerate() {
                out[at + 2 * i] = HEX[usize::from(b >> 4)];
                out[at + 2 * i + 1] = HEX[usize::from(b & 15)];
            }
        };
        put(0, &[0]);
        put(3, &self.trace_id);
        put(36, &self.parent_id);
        put(53, &[self.flags]);
        out
    }

    /// The version-00 text written into `buf`, borrowed from it: a value to
    /// hand to [`EventBuilder::traceparent`](crate::EventBuilder::traceparent)
    /// without allocating.
    ///
    /// ```
    /// use cloudevents_codec::{ext::TraceParent, EventBuilder};
    /// let tp = TraceParent::new([7; 16], [9; 8], 1).unwrap();
    /// let mut buf = [0u8; 55];
    /// let event = EventBuilder::new("1", "/s", "t").traceparent(tp.write_str(&mut buf)).build()?;
    /// assert_eq!(event.ext().traceparent().unwrap()?, tp);
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    pub fn write_str<'b>(&self, buf: &'b mut [u8; LEN]) -> &'b str {
        *buf = self.encode();
        // ASCII by construction.
        core::str::from_utf8(buf).unwrap_or("")
    }
}

impl fmt::Display for TraceParent {
    /// The version-00 text, as [`encode`](TraceParent::encode).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.encode();
        f.write_str(core::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

/// The most `key=value` members a `tracestate` holds (Trace Context §3.3.1).
pub const MAX_TRACESTATE_MEMBERS: usize = 32;
/// The longest `tracestate` key or value, in characters (§3.3.1.3).
const MAX_PART: usize = 256;

/// A validated W3C `tracestate` (Trace Context §3.3): up to 32 `key=value`
/// members, read on demand from the event's value without copying.
///
/// ```
/// use cloudevents_codec::{ext::TraceState, Text};
/// let state = TraceState::parse(Text::plain("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE"))?;
/// assert_eq!(state.len(), 2);
/// let keys: Vec<String> = state.members().map(|(k, _)| k.to_string()).collect();
/// assert_eq!(keys, ["rojo", "congo"]);
/// assert!(state.get("rojo").unwrap() == "00f067aa0ba902b7");
///
/// assert!(TraceState::parse(Text::plain("foo=bar=baz")).is_err());
/// assert!(TraceState::parse(Text::plain("Foo=1")).is_err());
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct TraceState<'a> {
    text: Text<'a>,
    len: usize,
}

impl<'a> TraceState<'a> {
    /// Validates a `tracestate` value (Trace Context §3.3.1): a
    /// comma-separated list, spaces and tabs around members ignored, empty
    /// members allowed; each member `key=value`, the key `a-z0-9` then up to
    /// 255 of `a-z0-9_-*/@`, the value 1 to 256 printable ASCII characters
    /// other than `,` and `=` and not ending in a space; at most 32 members.
    /// The empty string is a valid, empty list.
    ///
    /// # Errors
    ///
    /// `InvalidValue` for the first broken rule.
    pub fn parse(text: Text<'a>) -> Result<TraceState<'a>, Error> {
        let mut members = Members::new(text);
        let mut len = 0;
        while let Some(member) = members.next_member() {
            member?;
            len += 1;
            if len > MAX_TRACESTATE_MEMBERS {
                return Err(invalid("a tracestate holds at most 32 list-members"));
            }
        }
        Ok(TraceState { text, len })
    }

    /// The value as written.
    pub const fn as_text(&self) -> Text<'a> {
        self.text
    }

    /// The number of `key=value` members.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// True when the list has no `key=value` member.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The members as `(key, value)`, left to right (the left-most is the
    /// vendor that wrote the `traceparent`).
    pub fn members(&self) -> TraceStateMembers<'a> {
        TraceStateMembers {
            inner: Members::new(self.text),
        }
    }

    /// The value of the first member whose key is `key`.
    pub fn get(&self, key: &str) -> Option<TextPart<'a>> {
        self.members().find(|(k, _)| k.eq_str(key)).map(|(_, v)| v)
    }

    /// True when a key occurs twice. W3C makes unique keys the sender's
    /// duty (§3.5): readers accept repeats, writers must not produce them.
    pub fn has_repeated_keys(&self) -> bool {
        let mut outer = self.members();
        while let Some((key, _)) = outer.next() {
            if outer.clone().any(|(k, _)| k == key) {
                return true;
            }
        }
        false
    }
}

impl fmt::Debug for TraceState<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.members()).finish()
    }
}

/// The `(key, value)` members of a [`TraceState`].
#[derive(Debug, Clone)]
pub struct TraceStateMembers<'a> {
    inner: Members<'a>,
}

impl<'a> Iterator for TraceStateMembers<'a> {
    type Item = (TextPart<'a>, TextPart<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        // A validated list has no errors; should one appear, stop.
        self.inner.next_member()?.ok()
    }
}

/// The tokenizer shared by validation and iteration: walks the decoded
/// bytes of a value, one list-member at a time.
#[derive(Debug, Clone)]
struct Members<'a> {
    text: Text<'a>,
    bytes: crate::text::Bytes<'a>,
    peeked: Option<u8>,
    pos: usize,
    failed: bool,
}

/// Spaces and tabs (`OWS`).
fn is_ows(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// `keychar`: `a-z0-9_-*/@`.
fn is_keychar(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-' | b'*' | b'/' | b'@')
}

/// `nblk-chr`: printable ASCII but space, `,` and `=`.
fn is_nblk(c: u8) -> bool {
    (0x21..=0x7e).contains(&c) && c != b',' && c != b'='
}

impl<'a> Members<'a> {
    fn new(text: Text<'a>) -> Self {
        let mut bytes = text.bytes_iter();
        let peeked = bytes.next();
        Members {
            text,
            bytes,
            peeked,
            pos: 0,
            failed: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.peeked
    }

    fn bump(&mut self) {
        if self.peeked.is_some() {
            self.peeked = self.bytes.next();
            self.pos += 1;
        }
    }

    fn skip_ows(&mut self) {
        while self.peek().is_some_and(is_ows) {
            self.bump();
        }
    }

    /// The next `key=value` member; `None` at the end (and after an error).
    fn next_member(&mut self) -> Option<Result<(TextPart<'a>, TextPart<'a>), Error>> {
        if self.failed {
            return None;
        }
        let member = self.member();
        if let Some(Err(_)) = member {
            self.failed = true;
        }
        member
    }

    fn member(&mut self) -> Option<Result<(TextPart<'a>, TextPart<'a>), Error>> {
        // Empty and whitespace-only members are skipped.
        loop {
            self.skip_ows();
            match self.peek()? {
                b',' => self.bump(),
                _ => break,
            }
        }
        let key_start = self.pos;
        if !self
            .peek()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            return Some(Err(invalid(
                "a tracestate key starts with a lowercase letter or a digit",
            )));
        }
        while self.peek().is_some_and(is_keychar) {
            self.bump();
        }
        let key_end = self.pos;
        if key_end - key_start > MAX_PART {
            return Some(Err(invalid("a tracestate key has at most 256 characters")));
        }
        if self.peek() != Some(b'=') {
            return Some(Err(invalid(
                "a tracestate list-member is key=value, the key a-z 0-9 _ - * / @",
            )));
        }
        self.bump();
        // Leading spaces belong to the value; trailing ones do not.
        let value_start = self.pos;
        let mut value_end = value_start;
        while let Some(c) = self.peek() {
            if c == b' ' {
                self.bump();
            } else if is_nblk(c) {
                self.bump();
                value_end = self.pos;
            } else {
                break;
            }
        }
        if value_end == value_start {
            return Some(Err(invalid(
                "a tracestate value has at least one character other than a space",
            )));
        }
        if value_end - value_start > MAX_PART {
            return Some(Err(invalid(
                "a tracestate value has at most 256 characters",
            )));
        }
        self.skip_ows();
        match self.peek() {
            None => {}
            Some(b',') => self.bump(),
            Some(_) => {
                return Some(Err(invalid(
                    "a tracestate value is printable ASCII other than ',' and '='",
                )))
            }
        }
        Some(Ok((
            TextPart::new(self.text, key_start, key_end),
            TextPart::new(self.text, value_start, value_end),
        )))
    }
}
