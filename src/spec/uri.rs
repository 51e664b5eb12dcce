//! URIs (TYPE-6) and URI-references (TYPE-7) per RFC 3986.
//!
//! The validators check the full RFC 3986 grammar: scheme syntax, the
//! character set of every component, `%XY` escapes with two hex digits, and
//! the authority (`userinfo@host:port`, with bracketed IPv6 / IPvFuture
//! literals checked in full). The `_with` variants also take RFC 3987 IRIs
//! (TYPE-7a): non-ASCII `ucschar` characters, none of which TYPE-4 forbids.

use crate::error::{Error, ErrorKind};

fn err(detail: &'static str, at: usize) -> Error {
    Error::new(ErrorKind::InvalidValue, detail).at(at)
}

// Character classes (RFC 3986 §2, §3), as bits of one table.
const UNRESERVED: u8 = 1; // ALPHA DIGIT - . _ ~
const SUB_DELIM: u8 = 2; // ! $ & ' ( ) * + , ; =
const COLON: u8 = 4;
const AT: u8 = 8;
const SLASH: u8 = 16;
const QUESTION: u8 = 32;
const SCHEME: u8 = 64; // ALPHA DIGIT + - .
const HEX: u8 = 128;

/// `pchar` minus `pct-encoded` (§3.3).
const PCHAR: u8 = UNRESERVED | SUB_DELIM | COLON | AT;
/// Path characters (segments and `/`).
const PATH: u8 = PCHAR | SLASH;
/// Query and fragment characters (§3.4, §3.5).
const QUERY: u8 = PCHAR | SLASH | QUESTION;
/// `userinfo` characters (§3.2.1).
const USERINFO: u8 = UNRESERVED | SUB_DELIM | COLON;
/// `reg-name` characters (§3.2.2).
const REG_NAME: u8 = UNRESERVED | SUB_DELIM;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let mut v = 0;
        if c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_' || c == b'~' {
            v |= UNRESERVED;
        }
        if matches!(
            c,
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
        ) {
            v |= SUB_DELIM;
        }
        if c == b':' {
            v |= COLON;
        }
        if c == b'@' {
            v |= AT;
        }
        if c == b'/' {
            v |= SLASH;
        }
        if c == b'?' {
            v |= QUESTION;
        }
        if c.is_ascii_alphanumeric() || c == b'+' || c == b'-' || c == b'.' {
            v |= SCHEME;
        }
        if c.is_ascii_hexdigit() {
            v |= HEX;
        }
        t[i] = v;
        i += 1;
    }
    t
};

#[inline]
fn is(c: u8, class: u8) -> bool {
    CLASS[c as usize] & class != 0
}

/// Membership in one class as 0 or 1 per byte, so that eight lookups
/// combine with plain `&` (see [`run_len`]).
const fn members(class: u8) -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (CLASS[i] & class != 0) as u8;
        i += 1;
    }
    t
}

static PATH_SET: [u8; 256] = members(PATH);
static QUERY_SET: [u8; 256] = members(QUERY);
static USERINFO_SET: [u8; 256] = members(USERINFO);
static REG_NAME_SET: [u8; 256] = members(REG_NAME);
static SCHEME_SET: [u8; 256] = members(SCHEME);
static HEX_SET: [u8; 256] = members(HEX);

/// The membership table of one of the classes above.
#[inline(always)]
fn set(class: u8) -> &'static [u8; 256] {
    match class {
        PATH => &PATH_SET,
        QUERY => &QUERY_SET,
        USERINFO => &USERINFO_SET,
        REG_NAME => &REG_NAME_SET,
        SCHEME => &SCHEME_SET,
        HEX => &HEX_SET,
        // Every caller passes one of the named classes (the test
        // `run_len_matches_a_byte_by_byte_scan` covers each).
        _ => {
            debug_assert!(false, "no membership table for class {class:#x}");
            &PATH_SET
        }
    }
}

/// Which characters beyond RFC 3986's ASCII set a component takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wide {
    /// None: strict RFC 3986.
    Ascii,
    /// RFC 3987 `ucschar` (IRI path, fragment, user info, host).
    Ucs,
    /// `ucschar` and `iprivate` (IRI query, RFC 3987 §2.2).
    UcsPrivate,
}

/// True for RFC 3987 `ucschar`.
fn is_ucschar(c: u32) -> bool {
    matches!(c, 0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF)
        // Planes 1 to 14, less each plane's last two code points.
        || ((0x1_0000..=0xE_FFFF).contains(&c) && (c & 0xFFFF) <= 0xFFFD)
}

/// True for RFC 3987 `iprivate`.
fn is_iprivate(c: u32) -> bool {
    matches!(c, 0xE000..=0xF8FF) || ((0xF_0000..=0x10_FFFF).contains(&c) && (c & 0xFFFF) <= 0xFFFD)
}

/// The length of the UTF-8 character at the start of `s` when `wide`
/// allows it (RFC 3987 `ucschar`, and `iprivate` in queries).
#[cold]
#[inline(never)]
fn wide_char_len(s: &[u8], wide: Wide) -> Option<usize> {
    let (cp, len) = crate::spec::chars::decode_utf8(s)?;
    (is_ucschar(cp) || (wide == Wide::UcsPrivate && is_iprivate(cp))).then_some(len)
}

/// Checks that every byte of `s` is in `class` or starts a valid `%XY`
/// escape, or (for IRIs) is part of a UTF-8 character `wide` allows. `base`
/// is the offset of `s` in the whole value.
#[inline]
fn check_chars(
    s: &[u8],
    class: u8,
    base: usize,
    what: &'static str,
    wide: Wide,
) -> Result<(), Error> {
    check_chars_to(s, class, base, what, wide, |_| false).map(|_| ())
}

/// As [`check_chars`], up to the first byte outside `class` for which
/// `stop` is true: returns its position (or `s.len()`). One pass over a
/// component finds where the next one starts.
#[inline]
fn check_chars_to(
    s: &[u8],
    class: u8,
    base: usize,
    what: &'static str,
    wide: Wide,
    stop: impl Fn(u8) -> bool,
) -> Result<usize, Error> {
    let mut i = 0;
    loop {
        i += run_len(&s[i..], class);
        let Some(&c) = s.get(i) else {
            return Ok(i);
        };
        if stop(c) {
            return Ok(i);
        }
        if c == b'%' {
            match (s.get(i + 1), s.get(i + 2)) {
                (Some(&h), Some(&l)) if is(h, HEX) && is(l, HEX) => i += 3,
                _ => return Err(err("'%' must be followed by two hex digits", base + i)),
            }
        } else if c >= 0x80 && wide != Wide::Ascii {
            match wide_char_len(&s[i..], wide) {
                Some(len) => i += len,
                None => return Err(err(what, base + i)),
            }
        } else {
            return Err(err(what, base + i));
        }
    }
}

/// The length of the leading run of `s` whose bytes are all in `class`:
/// eight table lookups per branch, then byte by byte. Every component of
/// every URI shape (paths, URNs, URLs, queries) is checked through it, so
/// no shape of `source` is favoured.
#[inline]
fn run_len(s: &[u8], class: u8) -> usize {
    let t = set(class);
    let mut i = 0;
    while let Some(chunk) = s.get(i..i + 8) {
        let mut all = 1;
        for &c in chunk {
            all &= t[c as usize];
        }
        if all == 0 {
            break;
        }
        i += 8;
    }
    while let Some(&c) = s.get(i) {
        if t[c as usize] == 0 {
            break;
        }
        i += 1;
    }
    i
}

/// The length of a leading scheme followed by `:`, when `text` starts with one.
///
/// # Errors
/// When a `:` comes before any `/`, `?` or `#` but what precedes it is not a
/// valid scheme (a relative reference's first segment may not hold `:`).
fn scheme_len(text: &[u8]) -> Result<Option<usize>, Error> {
    let Some(colon) = text
        .iter()
        .position(|&c| matches!(c, b':' | b'/' | b'?' | b'#'))
        .filter(|&i| text[i] == b':')
    else {
        return Ok(None);
    };
    match text.first() {
        Some(c) if c.is_ascii_alphabetic() => {}
        _ => {
            return Err(err(
                "a URI scheme must start with a letter (or ':' is not allowed in the first path segment)",
                0,
            ))
        }
    }
    if let Some(i) = text[..colon].iter().position(|&c| !is(c, SCHEME)) {
        return Err(err("invalid character in the URI scheme", i));
    }
    Ok(Some(colon))
}

/// Validates what follows the scheme (or a relative reference whole):
/// `hier-part` / `relative-part`, an optional query and, when
/// `fragment` allows it, an optional fragment, in one pass from left to
/// right: each component's scan stops where the next one starts. `base`
/// is the offset of `s`.
fn check_after_scheme(s: &[u8], base: usize, iri: bool, fragment: bool) -> Result<(), Error> {
    let (ucs, query_wide) = if iri {
        (Wide::Ucs, Wide::UcsPrivate)
    } else {
        (Wide::Ascii, Wide::Ascii)
    };
    let mut i = 0;
    if let Some(rest) = s.strip_prefix(b"//") {
        // The authority ends at the first `/`, `?` or `#` (§3.2).
        let end = rest
            .iter()
            .position(|&c| matches!(c, b'/' | b'?' | b'#'))
            .unwrap_or(rest.len());
        check_authority(&rest[..end], base + 2, ucs)?;
        i = 2 + end;
    }
    i += check_chars_to(
        &s[i..],
        PATH,
        base + i,
        "invalid character in the URI path",
        ucs,
        |c| c == b'?' || c == b'#',
    )?;
    if s.get(i) == Some(&b'?') {
        i += 1;
        i += check_chars_to(
            &s[i..],
            QUERY,
            base + i,
            "invalid character in the URI query",
            query_wide,
            |c| c == b'#',
        )?;
    }
    if s.get(i) == Some(&b'#') {
        if !fragment {
            return Err(err(
                "a URI attribute may not have a fragment ('#')",
                base + i,
            ));
        }
        check_chars(
            &s[i + 1..],
            QUERY,
            base + i + 1,
            "invalid character in the URI fragment",
            ucs,
        )?;
    }
    Ok(())
}

/// Validates `authority = [ userinfo "@" ] host [ ":" port ]` (§3.2).
fn check_authority(a: &[u8], base: usize, wide: Wide) -> Result<(), Error> {
    let (host_start, host_port) = match a.iter().position(|&c| c == b'@') {
        Some(at) => {
            check_chars(
                &a[..at],
                USERINFO,
                base,
                "invalid character in the URI userinfo",
                wide,
            )?;
            (at + 1, &a[at + 1..])
        }
        None => (0, a),
    };
    let hbase = base + host_start;
    let port_at = if host_port.first() == Some(&b'[') {
        let Some(close) = host_port.iter().position(|&c| c == b']') else {
            return Err(err("unclosed '[' in the URI host", hbase));
        };
        check_ip_literal(&host_port[1..close], hbase + 1)?;
        match host_port.get(close + 1) {
            None => None,
            Some(b':') => Some(close + 1),
            Some(_) => {
                return Err(err(
                    "expected ':' or the end of the authority after ']'",
                    hbase + close + 1,
                ))
            }
        }
    } else {
        let colon = host_port.iter().position(|&c| c == b':');
        let host = &host_port[..colon.unwrap_or(host_port.len())];
        check_chars(
            host,
            REG_NAME,
            hbase,
            "invalid character in the URI host",
            wide,
        )?;
        colon
    };
    if let Some(p) = port_at {
        if let Some(i) = host_port[p + 1..].iter().position(|c| !c.is_ascii_digit()) {
            return Err(err("the URI port must be digits", hbase + p + 1 + i));
        }
    }
    Ok(())
}

/// Validates the inside of `[...]`: `IPv6address / IPvFuture` (§3.2.2).
fn check_ip_literal(s: &[u8], base: usize) -> Result<(), Error> {
    if let Some(rest) = s.strip_prefix(b"v").or_else(|| s.strip_prefix(b"V")) {
        // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
        let hex = rest.iter().take_while(|&&c| is(c, HEX)).count();
        if hex == 0 || rest.get(hex) != Some(&b'.') || rest.len() == hex + 1 {
            return Err(err("invalid IPvFuture literal", base));
        }
        let tail = &rest[hex + 1..];
        if let Some(i) = tail.iter().position(|&c| !is(c, USERINFO)) {
            return Err(err(
                "invalid character in an IPvFuture literal",
                base + 2 + hex + i,
            ));
        }
        return Ok(());
    }
    if is_ipv6(s) {
        Ok(())
    } else {
        Err(err("invalid IPv6 address literal", base))
    }
}

/// True for an RFC 3986 `IPv6address` (no zone identifier).
fn is_ipv6(s: &[u8]) -> bool {
    let mut groups = 0u32;
    let mut elided = false;
    let mut i = 0;
    if s.starts_with(b"::") {
        elided = true;
        i = 2;
        if s.len() == 2 {
            return true;
        }
    }
    loop {
        let piece = &s[i..];
        let hex = piece.iter().take_while(|&&c| is(c, HEX)).count();
        if piece.get(hex) == Some(&b'.') {
            // A trailing IPv4address stands for two groups.
            if !is_ipv4(piece) {
                return false;
            }
            groups += 2;
            break;
        }
        if hex == 0 || hex > 4 {
            return false;
        }
        groups += 1;
        i += hex;
        match s.get(i) {
            None => break,
            Some(b':') => i += 1,
            Some(_) => return false,
        }
        if s.get(i) == Some(&b':') {
            if elided {
                return false;
            }
            elided = true;
            i += 1;
            if i == s.len() {
                break;
            }
        }
        if groups > 8 {
            return false;
        }
    }
    if elided {
        groups <= 7
    } else {
        groups == 8
    }
}

/// True for an RFC 3986 `IPv4address` (dotted decimal, no leading zeros).
fn is_ipv4(s: &[u8]) -> bool {
    let mut parts = 0;
    for part in s.split(|&c| c == b'.') {
        parts += 1;
        let ok = match part {
            [d] => d.is_ascii_digit(),
            [b'1'..=b'9', d] => d.is_ascii_digit(),
            [b'1', d, e] => d.is_ascii_digit() && e.is_ascii_digit(),
            [b'2', b'0'..=b'4', e] => e.is_ascii_digit(),
            [b'2', b'5', b'0'..=b'5'] => true,
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    parts == 4
}

/// Validates an absolute URI (TYPE-6, RFC 3986 §4.3 `absolute-URI`):
/// `scheme ":" hier-part [ "?" query ]`, with no fragment.
///
/// ```
/// use cloudevents_codec::spec::uri::validate_uri;
/// assert!(validate_uri(b"https://example.com/schema?v=1").is_ok());
/// assert!(validate_uri(b"urn:uuid:123").is_ok());
/// assert!(validate_uri(b"/schema").is_err());
/// assert!(validate_uri(b"http://x/y#f").is_err());
/// ```
///
/// # Errors
/// `InvalidValue` with the offset of the first problem: an empty value, a
/// missing or malformed scheme, a fragment (`#`), a character outside the
/// RFC 3986 set (spaces, `"`, `<`, raw non-ASCII bytes, ...), a bad `%`
/// escape, or a malformed authority.
pub fn validate_uri(text: &[u8]) -> Result<(), Error> {
    validate_uri_with(text, false)
}

/// As [`validate_uri`]; with `iri`, an RFC 3987 IRI: non-ASCII `ucschar`
/// characters in the user info, host, path and query, and `iprivate` ones
/// in the query (TYPE-7a). `text` is UTF-8.
///
/// ```
/// use cloudevents_codec::spec::uri::validate_uri_with;
/// assert!(validate_uri_with("https://exämple.org/schémas/v1".as_bytes(), true).is_ok());
/// assert!(validate_uri_with("https://exämple.org/".as_bytes(), false).is_err());
/// assert!(validate_uri_with("https://x/\u{FDD0}".as_bytes(), true).is_err());
/// ```
///
/// # Errors
/// As [`validate_uri`]; a non-ASCII character outside the IRI set is
/// `InvalidValue` too.
pub fn validate_uri_with(text: &[u8], iri: bool) -> Result<(), Error> {
    if text.is_empty() {
        return Err(err("empty URI", 0));
    }
    let Some(colon) = scheme_len(text)? else {
        return Err(err("not an absolute URI (no scheme)", 0));
    };
    check_after_scheme(&text[colon + 1..], colon + 1, iri, false)
}

/// Validates a URI-reference (TYPE-7, RFC 3986 §4.1): a URI (fragment
/// allowed) or a relative reference.
///
/// ```
/// use cloudevents_codec::spec::uri::validate_uri_reference;
/// for ok in [&b"/a/b"[..], b"1-555-123-4567", b"https://example.com/x?y=1#f", b"mailto:a@b.c"] {
///     assert!(validate_uri_reference(ok).is_ok());
/// }
/// assert!(validate_uri_reference(b"http://[::1").is_err());
/// ```
///
/// # Errors
/// `InvalidValue` with the offset of the first problem: an empty value, a
/// character outside the RFC 3986 set, a bad `%` escape, a `:` in the first
/// segment of a relative path that does not follow a valid scheme, or a
/// malformed authority.
pub fn validate_uri_reference(text: &[u8]) -> Result<(), Error> {
    validate_uri_reference_with(text, false)
}

/// As [`validate_uri_reference`]; with `iri`, an RFC 3987 IRI-reference
/// (TYPE-7a): `/événements` and `/caf%C3%A9` are both valid.
///
/// ```
/// use cloudevents_codec::spec::uri::validate_uri_reference_with;
/// assert!(validate_uri_reference_with("/événements".as_bytes(), true).is_ok());
/// assert!(validate_uri_reference_with("/événements".as_bytes(), false).is_err());
/// assert!(validate_uri_reference_with("/a?\u{E000}".as_bytes(), true).is_ok());
/// assert!(validate_uri_reference_with("/\u{E000}".as_bytes(), true).is_err());
/// ```
///
/// # Errors
/// As [`validate_uri_reference`]; a non-ASCII character outside the IRI
/// set is `InvalidValue` too.
pub fn validate_uri_reference_with(text: &[u8], iri: bool) -> Result<(), Error> {
    if text.is_empty() {
        return Err(err("empty URI reference", 0));
    }
    let start = match scheme_len(text)? {
        Some(colon) => colon + 1,
        None => 0,
    };
    check_after_scheme(&text[start..], start, iri, true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn run_len_matches_a_byte_by_byte_scan() {
        // `run_len` tests eight bytes per branch; it must agree with a
        // byte-by-byte scan for every class, every byte at every position
        // of the chunked part and of the remainder.
        for class in [PATH, QUERY, USERINFO, REG_NAME, SCHEME, HEX] {
            for len in 0..20 {
                for pos in 0..len {
                    for c in 0..=255u8 {
                        let mut s = [b'a'; 20];
                        s[pos] = c;
                        let s = &s[..len];
                        let naive = s
                            .iter()
                            .position(|&b| CLASS[b as usize] & class == 0)
                            .unwrap_or(len);
                        assert_eq!(run_len(s, class), naive, "{s:?}");
                    }
                }
            }
        }
    }

    use super::*;

    fn bad_ref(s: &str) -> Option<usize> {
        let e = validate_uri_reference(s.as_bytes()).expect_err(s);
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        e.offset()
    }

    fn bad_uri(s: &str) -> Option<usize> {
        let e = validate_uri(s.as_bytes()).expect_err(s);
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        e.offset()
    }

    const ABSOLUTE: &[&str] = &[
        "http://example.com",
        "https://example.com/x?y=1",
        "urn:uuid:123",
        "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
        "mailto:a@b.c",
        "file:///etc/hosts",
        "http://user:pw@host:8080/p/a/t/h?q=1&r=%20",
        "http://[::1]",
        "http://[::1]:80/",
        "http://[2001:db8::7]/c=GB?objectClass?one",
        "ldap://[2001:db8:0:0:0:0:0:7]/",
        "http://[::ffff:192.0.2.1]/",
        "http://[v7.fe80::a+en1]/",
        "http://host:/",
        "http://127.0.0.1:8080",
        "http://",
        "s:",
        "a+b-c.d:x",
        "tel:+1-816-555-1212",
        "news:comp.infosystems.www.servers.unix",
        "http://x/!$&'()*+,;=:@-._~?/?",
        "http://x/%7e%7E",
    ];

    #[test]
    fn absolute_uris_pass() {
        // TYPE-6, TYPE-7
        for s in ABSOLUTE {
            assert!(validate_uri(s.as_bytes()).is_ok(), "{s}");
            assert!(validate_uri_reference(s.as_bytes()).is_ok(), "{s}");
        }
    }

    #[test]
    fn references_pass() {
        // TYPE-7, CORE-3, E-14
        for s in [
            "/a/b",
            "1-555-123-4567",
            "https://example.com/x?y=1#f",
            "#f",
            "?q",
            ".",
            "..",
            "a/b:c",
            "./a:b",
            "//host/p",
            "//[::1]:99",
            "/",
            "x#",
            "#a/b?c:@",
            "%41",
        ] {
            assert!(validate_uri_reference(s.as_bytes()).is_ok(), "{s}");
        }
    }

    #[test]
    fn fragments_and_relative_rejected_as_uri() {
        // TYPE-6, E-15
        assert_eq!(bad_uri("http://x/y#f"), Some(10));
        assert_eq!(bad_uri("http://x#"), Some(8));
        assert_eq!(bad_uri("/schema"), Some(0));
        assert_eq!(bad_uri("1-555-123-4567"), Some(0));
        assert_eq!(bad_uri("//host/p"), Some(0));
    }

    #[test]
    fn bad_characters_and_escapes() {
        // E-15, TYPE-6/7
        assert_eq!(bad_uri("http://x/%zz"), Some(9));
        assert_eq!(bad_ref("http://x/%zz"), Some(9));
        assert_eq!(bad_ref("http://x/%4"), Some(9));
        assert_eq!(bad_ref("http://x/%"), Some(9));
        assert_eq!(bad_ref("a b"), Some(1));
        assert_eq!(bad_ref("/a\"b"), Some(2));
        assert_eq!(bad_ref("/<a>"), Some(1));
        assert_eq!(bad_ref("/€"), Some(1));
        assert_eq!(bad_ref("/a\tb"), Some(2));
        assert_eq!(bad_ref("/a\\b"), Some(2));
        assert_eq!(bad_ref("/a{b}"), Some(2));
        assert_eq!(bad_ref("/a#b#c"), Some(4));
        assert_eq!(bad_ref("/a?b#c[d]"), Some(6));
        assert_eq!(bad_ref("/a[b]"), Some(2));
        assert_eq!(bad_uri(""), Some(0));
        assert_eq!(bad_ref(""), Some(0));
    }

    #[test]
    fn schemes() {
        assert_eq!(bad_ref("1a:b"), Some(0));
        assert_eq!(bad_ref(":x"), Some(0));
        assert_eq!(bad_ref("a_b:c"), Some(1));
        assert_eq!(bad_uri("ht tp://x"), Some(2));
        assert_eq!(bad_ref("-a:b"), Some(0));
    }

    #[test]
    fn authorities() {
        // E-14
        assert_eq!(bad_ref("http://[::1"), Some(7));
        assert_eq!(bad_uri("http://[::1"), Some(7));
        assert_eq!(bad_ref("http://[::1]x"), Some(12));
        assert_eq!(bad_ref("http://host:8a"), Some(13));
        assert_eq!(bad_ref("http://host:80:80"), Some(14));
        assert_eq!(bad_ref("http://a@b@c"), Some(10));
        assert_eq!(bad_ref("http://[]"), Some(8));
        assert_eq!(bad_ref("http://[1.2.3.4]"), Some(8));
        assert_eq!(bad_ref("http://[fe80::1%25eth0]"), Some(8));
        assert_eq!(bad_ref("http://u[@h"), Some(8));
        assert!(bad_ref("http://[v.x]").is_some());
        assert!(bad_ref("http://[v1.]").is_some());
        assert!(bad_ref("http://[v1x]").is_some());
        assert_eq!(bad_ref("http://[v1.a/b]"), Some(7));
        assert_eq!(bad_ref("http://[v1.a b]"), Some(12));
    }

    #[test]
    fn ipv6() {
        for ok in [
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1::8",
            "1:2:3:4:5:6:1.2.3.4",
            "::1.2.3.4",
            "1::1.2.3.4",
            "::ffff:255.255.255.255",
            "fe80::abcd:EF01",
        ] {
            assert!(is_ipv6(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "",
            ":",
            ":::",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7:8",
            "1::2::3",
            "1:",
            ":1",
            "12345::",
            "g::",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3.4:1",
            "::1.2.3",
            "::1.2.3.256",
            "::01.2.3.4",
            "1:::2",
            "1:2:3:4:5:6:7:8:",
        ] {
            assert!(!is_ipv6(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn ipv4_octets() {
        assert!(is_ipv4(b"0.0.0.0"));
        assert!(is_ipv4(b"255.249.199.10"));
        assert!(!is_ipv4(b"256.1.1.1"));
        assert!(!is_ipv4(b"1.1.1"));
        assert!(!is_ipv4(b"1.1.1.1.1"));
        assert!(!is_ipv4(b"00.1.1.1"));
        assert!(!is_ipv4(b"1..1.1"));
    }

    #[test]
    fn never_panics_on_prefixes() {
        for s in ABSOLUTE
            .iter()
            .chain(&["http://[v7.fe80::a+en1]:8/x?y#z", "//[::1]:9"])
        {
            let b = s.as_bytes();
            for n in 0..=b.len() {
                let _ = validate_uri(&b[..n]);
                let _ = validate_uri_reference(&b[..n]);
                let _ = validate_uri_reference(&b[n..]);
            }
        }
    }
}
