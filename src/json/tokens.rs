//! One walker over already-validated JSON text, token by token: used to
//! compare JSON data by meaning ([`same_json`]) and to re-emit it through
//! serde's data model (`serde_impl`). (The stream readers' boundary finder
//! has other needs: it resumes across chunks and only counts nesting, so it
//! keeps its own small state machine over the shared byte kernels.)
//!
//! The text was validated when it was read, so the walker does not check
//! the grammar again; on text that is not valid JSON it stops early (it
//! never panics or loops).

use super::scan::Cursor;
use crate::text::{Text, TextEncoding};

/// One JSON token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    BeginObject,
    EndObject,
    BeginArray,
    EndArray,
    Colon,
    Comma,
    /// A string, compared by its decoded value.
    Str(Text<'a>),
    /// A number as written; `integer` when it has no fraction or exponent.
    Number {
        text: &'a [u8],
        integer: bool,
    },
    True,
    False,
    Null,
}

/// The tokens of validated JSON text.
pub(crate) struct Tokens<'a> {
    cur: Cursor<'a>,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(text: &'a [u8]) -> Self {
        Tokens {
            cur: Cursor::new(text),
        }
    }

    /// The next token, without consuming it.
    #[cfg(feature = "serde")]
    pub(crate) fn peek(&self) -> Option<Token<'a>> {
        Tokens {
            cur: Cursor {
                input: self.cur.input,
                pos: self.cur.pos,
            },
        }
        .next()
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let c = self.cur.peek_ws()?;
        let start = self.cur.pos;
        let input = self.cur.input;
        let punct = |t| Some(t);
        let token = match c {
            b'"' => {
                let s = self.cur.string().ok()?;
                let enc = if s.escaped {
                    TextEncoding::Json
                } else {
                    TextEncoding::Plain
                };
                return Some(Token::Str(Text::from_validated(
                    &input[s.start..s.end],
                    enc,
                )));
            }
            b'-' | b'0'..=b'9' => {
                let integer = self.cur.number().ok()?;
                return Some(Token::Number {
                    text: &input[start..self.cur.pos],
                    integer,
                });
            }
            b't' => {
                self.cur.literal(b"true").ok()?;
                return Some(Token::True);
            }
            b'f' => {
                self.cur.literal(b"false").ok()?;
                return Some(Token::False);
            }
            b'n' => {
                self.cur.literal(b"null").ok()?;
                return Some(Token::Null);
            }
            b'{' => punct(Token::BeginObject),
            b'}' => punct(Token::EndObject),
            b'[' => punct(Token::BeginArray),
            b']' => punct(Token::EndArray),
            b':' => punct(Token::Colon),
            b',' => punct(Token::Comma),
            _ => None,
        };
        self.cur.pos += 1;
        token
    }
}

/// Compares two JSON texts by meaning, token by token: whitespace is
/// ignored and strings compare by their decoded value (`"\u00e9"` equals
/// `"é"`); numbers compare by their text, members in order.
pub(crate) fn same_json(a: &[u8], b: &[u8]) -> bool {
    Tokens::new(a).eq(Tokens::new(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_by_meaning() {
        assert!(same_json(
            br#"{"a": [1, "\u00e9"]}"#,
            "{\"a\":[1,\"é\"]}".as_bytes()
        ));
        assert!(!same_json(br#"{"a":1}"#, br#"{"a":1.0}"#));
        assert!(!same_json(br#"[1,2]"#, br#"[1,2,3]"#));
        assert!(!same_json(br#"{"a":1,"b":2}"#, br#"{"b":2,"a":1}"#));
        // Not JSON: stops, never panics.
        assert!(!same_json(b"[tru", b"[true]"));
    }
}
