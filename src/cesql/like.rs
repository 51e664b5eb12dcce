//! LIKE patterns (CESQL-12): `%` any run of characters, `_` exactly one
//! character, `\%` and `\_` the literal characters; everything else,
//! including a lone `\`, matches itself. Matching is by Unicode scalar value,
//! case-sensitive, against the whole string, and never allocates.

use alloc::boxed::Box;
use alloc::vec::Vec;

/// One pattern element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elem {
    Char(char),
    /// `_`
    One,
    /// `%`
    Any,
}

/// A compiled LIKE pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LikePattern {
    source: Box<str>,
    elems: Box<[Elem]>,
    /// `Some(prefix)` when the pattern is a literal prefix and one trailing
    /// `%` (`'/sensors/%'`), the most common filter shape.
    prefix: Option<Box<str>>,
}

impl LikePattern {
    /// Compiles `source` (the string literal's value).
    pub(crate) fn new(source: &str) -> LikePattern {
        let mut elems = Vec::with_capacity(source.len());
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            let elem = match c {
                '%' => Elem::Any,
                '_' => Elem::One,
                '\\' => match chars.peek() {
                    Some(&next @ ('%' | '_')) => {
                        chars.next();
                        Elem::Char(next)
                    }
                    _ => Elem::Char('\\'),
                },
                c => Elem::Char(c),
            };
            // Consecutive `%` are one `%`.
            if elem == Elem::Any && elems.last() == Some(&Elem::Any) {
                continue;
            }
            elems.push(elem);
        }
        let prefix = match elems.split_last() {
            Some((Elem::Any, head)) if head.iter().all(|e| matches!(e, Elem::Char(_))) => Some(
                head.iter()
                    .map(|e| match e {
                        Elem::Char(c) => *c,
                        _ => unreachable!("checked above"),
                    })
                    .collect::<alloc::string::String>()
                    .into_boxed_str(),
            ),
            _ => None,
        };
        LikePattern {
            source: source.into(),
            elems: elems.into_boxed_slice(),
            prefix,
        }
    }

    /// The pattern as written (the literal's value).
    pub(crate) fn source(&self) -> &str {
        &self.source
    }

    /// True when `s` matches the whole pattern.
    pub(crate) fn matches(&self, s: &str) -> bool {
        if let Some(prefix) = &self.prefix {
            return s.starts_with(&**prefix);
        }
        wildcard_match(&self.elems, s)
    }
}

/// Iterative wildcard matching with backtracking to the last `%`: O(n·m) in
/// the worst case, no recursion, no allocation.
fn wildcard_match(pattern: &[Elem], s: &str) -> bool {
    let mut p = 0; // index into pattern
    let mut i = 0; // byte index into s
                   // After the last `%`: the pattern index after it and the string position
                   // it has absorbed up to.
    let mut backtrack: Option<(usize, usize)> = None;
    loop {
        let next = s[i..].chars().next();
        match (pattern.get(p), next) {
            (Some(Elem::Any), _) => {
                p += 1;
                backtrack = Some((p, i));
                continue;
            }
            (Some(Elem::One), Some(c)) => {
                p += 1;
                i += c.len_utf8();
                continue;
            }
            (Some(Elem::Char(want)), Some(c)) if *want == c => {
                p += 1;
                i += c.len_utf8();
                continue;
            }
            (None, None) => return true,
            _ => {}
        }
        // Mismatch: let the last `%` absorb one more character.
        match backtrack {
            Some((bp, bi)) => match s[bi..].chars().next() {
                Some(c) => {
                    let bi = bi + c.len_utf8();
                    backtrack = Some((bp, bi));
                    p = bp;
                    i = bi;
                }
                None => return false,
            },
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The naive twin: recursive, exponential, obviously right.
    fn naive(pattern: &[Elem], s: &[char]) -> bool {
        match pattern.split_first() {
            None => s.is_empty(),
            Some((Elem::Any, rest)) => (0..=s.len()).any(|k| naive(rest, &s[k..])),
            Some((Elem::One, rest)) => !s.is_empty() && naive(rest, &s[1..]),
            Some((Elem::Char(c), rest)) => s.first() == Some(c) && naive(rest, &s[1..]),
        }
    }

    fn like(s: &str, p: &str) -> bool {
        LikePattern::new(p).matches(s)
    }

    #[test]
    fn basics() {
        // CESQL-12
        assert!(like("abc", "abc"));
        assert!(like(r"ab\c", r"ab\c"));
        assert!(like("azzzbzzzc", "a%b%c"));
        assert!(!like("ab.cde", ".%.%."));
        assert!(like(".ab.cde.", ".%.%."));
        assert!(like("azbzc", "a_b_c"));
        assert!(!like("abc", "a_b_c"));
        assert!(like("a_b_c", r"a\_b\_c"));
        assert!(!like("azbzc", r"a\_b\_c"));
        assert!(like("a%b%c", r"a\%b\%c"));
        assert!(!like("abc", r"a\%b\%c"));
        assert!(like("abc123123%456_dzf", r"abc%123\%456\_d_f"));
        assert!(!like("", "abc"));
        assert!(like("", "%"));
        assert!(like("/sensors/7", "/sensors/%"));
        assert!(!like("/sensor", "/sensors/%"));
        assert!(like(r"a\", r"a\"));
        assert!(!like("Abc", "abc"));
    }

    #[test]
    fn by_characters() {
        // CESQL-12: `_` is one character, not one byte.
        assert!(like("€", "_"));
        assert!(like("a€b", "a_b"));
        assert!(!like("€", "__"));
        assert!(like("x€€y", "x%y"));
    }

    #[test]
    fn agrees_with_naive() {
        let alphabet = ['a', 'b', '€'];
        let pats = ['a', 'b', '€', '%', '_'];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5000 {
            let s: alloc::string::String = (0..next() % 7)
                .map(|_| alphabet[(next() % 3) as usize])
                .collect();
            let p: alloc::string::String = (0..next() % 6)
                .map(|_| pats[(next() % 5) as usize])
                .collect();
            let compiled = LikePattern::new(&p);
            let chars: Vec<char> = s.chars().collect();
            assert_eq!(
                compiled.matches(&s),
                naive(&compiled.elems, &chars),
                "{s:?} LIKE {p:?}"
            );
        }
    }
}
