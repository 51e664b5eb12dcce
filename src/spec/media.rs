//! Media types: syntax (CORE-6), JSON detection (JSON-12) and the
//! CloudEvents mode a `Content-Type` selects (HTTP-3, HTTP-4).

use crate::error::{Error, ErrorKind};

/// RFC 7230 §3.2.6 `tchar`.
static TCHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        i += 1;
    }
    t
};

#[inline]
fn is_ows(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &s[n..]
}

fn trim(s: &[u8]) -> &[u8] {
    let s = trim_start(s);
    let n = s
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_whitespace())
        .count();
    &s[..s.len() - n]
}

fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// True when the content type declares JSON (JSON-12): with parameters
/// dropped, surrounding whitespace ignored and case folded, the subtype is
/// `json` or ends in `+json` (any top-level type).
///
/// ```
/// use cloudevents_codec::spec::media::is_json;
/// assert!(is_json(b"Application/JSON"));
/// assert!(is_json(b"application/ld+json; charset=utf-8"));
/// assert!(!is_json(b"application/json-seq"));
/// ```
pub fn is_json(content_type: &[u8]) -> bool {
    if content_type == b"application/json" {
        return true;
    }
    let end = content_type
        .iter()
        .position(|&c| c == b';')
        .unwrap_or(content_type.len());
    let main = trim(&content_type[..end]);
    let Some(slash) = main.iter().position(|&c| c == b'/') else {
        return false;
    };
    let sub = &main[slash + 1..];
    slash > 0
        && (sub.eq_ignore_ascii_case(b"json")
            || (sub.len() > 5 && sub[sub.len() - 5..].eq_ignore_ascii_case(b"+json")))
}

fn err(detail: &'static str, at: usize) -> Error {
    Error::new(ErrorKind::InvalidValue, detail).at(at)
}

/// The end of a non-empty token starting at `i`.
fn token(s: &[u8], i: usize, what: &'static str) -> Result<usize, Error> {
    let n = s
        .get(i..)
        .unwrap_or(&[])
        .iter()
        .take_while(|&&c| TCHAR[c as usize])
        .count();
    if n == 0 {
        Err(err(what, i))
    } else {
        Ok(i + n)
    }
}

/// The end of a quoted-string whose opening `"` is at `i` (RFC 7230 §3.2.6).
fn quoted_string(s: &[u8], i: usize) -> Result<usize, Error> {
    let mut j = i + 1;
    loop {
        match s.get(j) {
            None => return Err(err("unterminated quoted parameter value", i)),
            Some(b'"') => return Ok(j + 1),
            Some(b'\\') => match s.get(j + 1) {
                Some(&c) if c == b'\t' || c >= 0x20 && c != 0x7f => j += 2,
                _ => return Err(err("invalid quoted-pair in parameter value", j)),
            },
            Some(&c) if c == b'\t' || c >= 0x20 && c != 0x7f => j += 1,
            Some(_) => return Err(err("invalid character in quoted parameter value", j)),
        }
    }
}

/// Validates media-type syntax (CORE-6; RFC 2045/2046 as written in RFC 7231
/// §3.1.1.1): `type "/" subtype *( OWS ";" OWS parameter )` with
/// `parameter = token "=" ( token / quoted-string )`. Whitespace before and
/// after the whole value is tolerated; none is allowed around `/` or `=`.
///
/// ```
/// use cloudevents_codec::spec::media::validate;
/// assert!(validate(b"text/plain; charset=\"utf-8\"").is_ok());
/// assert!(validate(b"text").is_err());
/// ```
///
/// # Errors
/// `InvalidValue` with the offset of the problem (empty value, missing `/`,
/// a non-token character, a malformed parameter).
pub fn validate(content_type: &[u8]) -> Result<(), Error> {
    if content_type == b"application/json" {
        return Ok(());
    }
    let s = content_type;
    let mut i = s.iter().take_while(|&&c| is_ows(c)).count();
    if i == s.len() {
        return Err(err("empty media type", 0));
    }
    i = token(s, i, "expected a media type")?;
    if s.get(i) != Some(&b'/') {
        return Err(err("expected '/' between type and subtype", i));
    }
    i = token(s, i + 1, "expected a media subtype")?;
    loop {
        i += s[i..].iter().take_while(|&&c| is_ows(c)).count();
        match s.get(i) {
            None => return Ok(()),
            Some(b';') => {}
            Some(_) => return Err(err("expected ';' before a parameter", i)),
        }
        i += 1;
        i += s[i..].iter().take_while(|&&c| is_ows(c)).count();
        i = token(s, i, "expected a parameter name after ';'")?;
        if s.get(i) != Some(&b'=') {
            return Err(err("expected '=' after the parameter name", i));
        }
        i += 1;
        i = if s.get(i) == Some(&b'"') {
            quoted_string(s, i)?
        } else {
            token(s, i, "expected a parameter value")?
        };
    }
}

/// The CloudEvents content mode of a message (HTTP-3, KAFKA-2, AMQP-2,
/// MQTT-2, NATS-2), as its content type selects it.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentMode {
    /// Any other content type (or none): attributes in metadata, the body
    /// is the data.
    Binary,
    /// `application/cloudevents…`: one event in an event format.
    Structured,
    /// `application/cloudevents-batch…`: a batch of events.
    Batch,
}

const STRUCTURED_PREFIX: &[u8] = b"application/cloudevents";
const BATCH_PREFIX: &[u8] = b"application/cloudevents-batch";

/// The content mode of a `Content-Type` (HTTP-3, KAFKA-2): a
/// case-insensitive prefix test, `application/cloudevents-batch` first
/// (it also starts with the structured prefix), then
/// `application/cloudevents`; anything else is binary ([`ContentMode::Binary`]).
///
/// ```
/// use cloudevents_codec::spec::media::{content_mode, ContentMode};
/// assert_eq!(content_mode(b"application/cloudevents-batch+json"), ContentMode::Batch);
/// assert_eq!(content_mode(b"APPLICATION/CloudEvents+JSON; charset=utf-8"), ContentMode::Structured);
/// assert_eq!(content_mode(b"application/json"), ContentMode::Binary);
/// ```
pub fn content_mode(content_type: &[u8]) -> ContentMode {
    let s = trim_start(content_type);
    if starts_with_ignore_case(s, BATCH_PREFIX) {
        ContentMode::Batch
    } else if starts_with_ignore_case(s, STRUCTURED_PREFIX) {
        ContentMode::Structured
    } else {
        ContentMode::Binary
    }
}

/// The event format named by a CloudEvents media type: the text after `+`
/// up to any parameters, as written (compare it case-insensitively), e.g.
/// `json` for `application/cloudevents+json; charset=utf-8` and `avro` for
/// `application/cloudevents-batch+avro`. Empty when the CloudEvents type has
/// no `+format` suffix; `None` when the value is not a CloudEvents media type
/// at all ([`ContentMode::Binary`]). Callers raise `UnsupportedFormat` for a
/// format they do not read (HTTP-4, E-59).
///
/// ```
/// use cloudevents_codec::spec::media::event_format;
/// assert_eq!(event_format(b"application/cloudevents+json"), Some(&b"json"[..]));
/// assert_eq!(event_format(b"application/cloudevents+avro"), Some(&b"avro"[..]));
/// assert_eq!(event_format(b"text/plain"), None);
/// ```
pub fn event_format(content_type: &[u8]) -> Option<&[u8]> {
    let s = trim_start(content_type);
    let rest = match content_mode(s) {
        ContentMode::Batch => &s[BATCH_PREFIX.len()..],
        ContentMode::Structured => &s[STRUCTURED_PREFIX.len()..],
        ContentMode::Binary => return None,
    };
    let end = rest.iter().position(|&c| c == b';').unwrap_or(rest.len());
    let main = trim(&rest[..end]);
    Some(main.strip_prefix(b"+").unwrap_or(&[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_detection() {
        // JSON-12, E-40
        for yes in [
            &b"application/json"[..],
            b"Application/JSON",
            b"application/ld+json; charset=utf-8",
            b"application/cloudevents+json",
            b"text/json",
            b"  application/json  ",
            b"application/json;charset=utf-8",
            b"application/json ; charset=utf-8",
            b"application/vnd.api+JSON",
        ] {
            assert!(is_json(yes), "{}", core::str::from_utf8(yes).unwrap());
        }
        for no in [
            &b"application/json-seq"[..],
            b"application/jsonx",
            b"application/xml",
            b"text/plain",
            b"json",
            b"/json",
            b"application/+json",
            b"application/x-json",
            b"",
            b"application/xjson",
            b"application/json\xff",
        ] {
            assert!(!is_json(no), "{}", core::str::from_utf8(no).unwrap_or("?"));
        }
    }

    #[test]
    fn syntax() {
        // CORE-6, E-16
        for ok in [
            &b"application/json"[..],
            b"text/plain; charset=utf-8",
            b"text/plain;charset=utf-8",
            b"text/plain ;\tcharset=utf-8 ; format=flowed",
            b"multipart/mixed; boundary=\"a b;c=\\\"d\\\"\"",
            b"application/vnd.api+json",
            b" application/json ",
            b"text/plain; x=\"\"",
            b"text/plain; x=\"\xc3\xa9\"",
        ] {
            assert!(
                validate(ok).is_ok(),
                "{}",
                core::str::from_utf8(ok).unwrap()
            );
        }
        let cases: [(&[u8], usize); 16] = [
            (b"", 0),
            (b"   ", 0),
            (b"text", 4),
            (b"text/", 5),
            (b"/plain", 0),
            (b"text /plain", 4),
            (b"text/ plain", 5),
            (b"text/plain;", 11),
            (b"text/plain; charset", 19),
            (b"text/plain; charset=", 20),
            (b"text/plain; charset =utf-8", 19),
            (b"text/plain; charset=\"utf-8", 20),
            (b"text/plain x", 11),
            (b"text/pl@in", 7),
            (b"text/plain; a=b c", 16),
            (b"text/plain; a=\"\x01\"", 15),
        ];
        for (bad, at) in cases {
            let e = validate(bad).expect_err(core::str::from_utf8(bad).unwrap());
            assert_eq!(e.kind(), ErrorKind::InvalidValue);
            assert_eq!(
                e.offset(),
                Some(at),
                "{}",
                core::str::from_utf8(bad).unwrap()
            );
        }
    }

    #[test]
    fn modes() {
        // HTTP-3, E-58
        assert_eq!(
            content_mode(b"application/cloudevents-batch+json"),
            ContentMode::Batch
        );
        assert_eq!(
            content_mode(b"APPLICATION/CloudEvents+JSON; charset=utf-8"),
            ContentMode::Structured
        );
        assert_eq!(
            content_mode(b"Application/CloudEvents-Batch+json"),
            ContentMode::Batch
        );
        assert_eq!(
            content_mode(b"application/cloudevents"),
            ContentMode::Structured
        );
        assert_eq!(content_mode(b"application/json"), ContentMode::Binary);
        assert_eq!(content_mode(b"application/cloudevent"), ContentMode::Binary);
        assert_eq!(content_mode(b""), ContentMode::Binary);
    }

    #[test]
    fn formats() {
        // HTTP-4, E-59
        assert_eq!(
            event_format(b"application/cloudevents+json; charset=utf-8"),
            Some(&b"json"[..])
        );
        assert_eq!(
            event_format(b"application/cloudevents-batch+json"),
            Some(&b"json"[..])
        );
        assert_eq!(
            event_format(b"APPLICATION/CLOUDEVENTS+JSON"),
            Some(&b"JSON"[..])
        );
        assert_eq!(
            event_format(b"application/cloudevents+avro"),
            Some(&b"avro"[..])
        );
        assert_eq!(
            event_format(b"application/cloudevents+protobuf ;x=y"),
            Some(&b"protobuf"[..])
        );
        assert_eq!(event_format(b"application/cloudevents"), Some(&b""[..]));
        assert_eq!(event_format(b"application/cloudeventsjson"), Some(&b""[..]));
        assert_eq!(event_format(b"application/json"), None);
    }
}
