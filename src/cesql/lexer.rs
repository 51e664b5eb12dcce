//! Tokens of a CESQL expression (CESQL-3, CESQL-4).
//!
//! The lexer works on bytes: every token boundary is an ASCII byte, so
//! slicing the source at token positions always yields valid `&str`s.

use alloc::borrow::Cow;
use alloc::string::String;

use super::ParseError;

/// A keyword (CESQL-3: case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keyword {
    And,
    Or,
    Xor,
    Not,
    Like,
    Exists,
    In,
    True,
    False,
}

impl Keyword {
    fn from_word(word: &str) -> Option<Keyword> {
        const TABLE: [(&str, Keyword); 9] = [
            ("AND", Keyword::And),
            ("OR", Keyword::Or),
            ("XOR", Keyword::Xor),
            ("NOT", Keyword::Not),
            ("LIKE", Keyword::Like),
            ("EXISTS", Keyword::Exists),
            ("IN", Keyword::In),
            ("TRUE", Keyword::True),
            ("FALSE", Keyword::False),
        ];
        TABLE
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(word))
            .map(|&(_, kw)| kw)
    }
}

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token<'s> {
    /// A run of `[A-Za-z0-9_]` that is not a keyword nor all digits.
    Word(&'s str),
    /// A run of digits (not yet range-checked: the sign is the parser's).
    Digits(&'s str),
    Keyword(Keyword),
    /// A string literal's value, escapes resolved.
    Str(Cow<'s, str>),
    /// `( ) , = != <> < <= > >= + - * / %`
    Punct(&'static str),
    Eof,
}

impl Token<'_> {
    /// How the token is named in "expected ..., found ..." messages.
    pub(crate) fn describe(&self) -> String {
        use alloc::format;
        match self {
            Token::Word(w) => format!("`{w}`"),
            Token::Digits(d) => format!("integer `{d}`"),
            Token::Keyword(k) => format!("keyword {}", format!("{k:?}").to_uppercase()),
            Token::Str(_) => String::from("a string literal"),
            Token::Punct(p) => format!("`{p}`"),
            Token::Eof => String::from("end of input"),
        }
    }
}

/// A token and the byte offset where it starts.
#[derive(Debug, Clone)]
pub(crate) struct Spanned<'s> {
    pub(crate) token: Token<'s>,
    pub(crate) pos: usize,
}

/// Splits `src` into tokens, ending with [`Token::Eof`].
pub(crate) fn tokenize(src: &str) -> Result<alloc::vec::Vec<Spanned<'_>>, ParseError> {
    let bytes = src.as_bytes();
    let mut out = alloc::vec::Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let token = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'\'' | b'"' => {
                let (value, end) = string_literal(src, start)?;
                i = end;
                Token::Str(value)
            }
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &src[start..i];
                if word.bytes().all(|c| c.is_ascii_digit()) {
                    Token::Digits(word)
                } else if let Some(kw) = Keyword::from_word(word) {
                    Token::Keyword(kw)
                } else {
                    Token::Word(word)
                }
            }
            _ => {
                let two = bytes.get(i..i + 2).unwrap_or(&[]);
                let punct = match two {
                    b"!=" => "!=",
                    b"<>" => "<>",
                    b"<=" => "<=",
                    b">=" => ">=",
                    _ => match b {
                        b'(' => "(",
                        b')' => ")",
                        b',' => ",",
                        b'=' => "=",
                        b'<' => "<",
                        b'>' => ">",
                        b'+' => "+",
                        b'-' => "-",
                        b'*' => "*",
                        b'/' => "/",
                        b'%' => "%",
                        _ => {
                            let c = src[start..].chars().next().unwrap_or('\u{FFFD}');
                            return Err(ParseError::new(
                                start,
                                alloc::format!("unexpected character {c:?}"),
                            ));
                        }
                    },
                };
                i += punct.len();
                Token::Punct(punct)
            }
        };
        out.push(Spanned { token, pos: start });
    }
    out.push(Spanned {
        token: Token::Eof,
        pos: bytes.len(),
    });
    Ok(out)
}

/// Reads the string literal starting at `start` (its quote). Returns its value
/// and the offset just past the closing quote.
///
/// Escapes: `\\` is one backslash and a backslash before either quote
/// character is that quote; any other `\x` stays as the two characters, so
/// LIKE patterns keep their `\%` and `\_` (`'a\_b'` is the pattern `a\_b`).
fn string_literal(src: &str, start: usize) -> Result<(Cow<'_, str>, usize), ParseError> {
    let bytes = src.as_bytes();
    let quote = bytes[start];
    let body = start + 1;
    let mut i = body;
    let mut owned: Option<String> = None;
    let mut run = body; // start of the not-yet-copied run
    while i < bytes.len() {
        match bytes[i] {
            b if b == quote => {
                let value = match owned {
                    None => Cow::Borrowed(&src[body..i]),
                    Some(mut s) => {
                        s.push_str(&src[run..i]);
                        Cow::Owned(s)
                    }
                };
                return Ok((value, i + 1));
            }
            b'\\' if matches!(bytes.get(i + 1), Some(b'\\' | b'\'' | b'"')) => {
                let s = owned.get_or_insert_with(String::new);
                s.push_str(&src[run..i]);
                s.push(bytes[i + 1] as char);
                i += 2;
                run = i;
            }
            b'\\' if i + 1 < bytes.len() => i += 2,
            _ => i += 1,
        }
    }
    Err(ParseError::new(start, "unterminated string literal"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> alloc::vec::Vec<Token<'_>> {
        tokenize(src)
            .unwrap()
            .into_iter()
            .map(|s| s.token)
            .collect()
    }

    #[test]
    fn keywords_fold_case() {
        // CESQL-3
        assert_eq!(
            toks("aNd Exists"),
            [
                Token::Keyword(Keyword::And),
                Token::Keyword(Keyword::Exists),
                Token::Eof
            ]
        );
    }

    #[test]
    fn string_escapes() {
        assert_eq!(toks(r#"'a"b\'c'"#)[0], Token::Str("a\"b'c".into()));
        assert_eq!(toks(r#""a'b\"c""#)[0], Token::Str("a'b\"c".into()));
        assert_eq!(toks(r"'ab\c'")[0], Token::Str(r"ab\c".into()));
        assert_eq!(toks(r"'a\_b\\'")[0], Token::Str(r"a\_b\".into()));
        assert_eq!(toks("''")[0], Token::Str("".into()));
        assert!(tokenize("'abc").is_err());
        assert!(tokenize(r"'abc\'").is_err());
    }

    #[test]
    fn operators() {
        assert_eq!(
            toks("a<>b<=c!=1"),
            [
                Token::Word("a"),
                Token::Punct("<>"),
                Token::Word("b"),
                Token::Punct("<="),
                Token::Word("c"),
                Token::Punct("!="),
                Token::Digits("1"),
                Token::Eof
            ]
        );
        let err = tokenize("a ; b").unwrap_err();
        assert_eq!(err.position(), 2);
    }
}
