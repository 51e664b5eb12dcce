//! Lines of at most a given length, read without storing longer ones.

use std::io::{self, BufRead};

use super::Flow;

/// One line of the input, without its `\n`.
pub enum Line<'a> {
    /// A line within the limit.
    Text(&'a [u8]),
    /// A line over the limit; its bytes were skipped, not stored. `blank`
    /// when they were all JSON whitespace.
    TooLong { blank: bool },
}

/// True for a line of JSON whitespace only (blank lines carry no event).
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| is_ws(*b))
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Calls `f` with each line of `input` until it returns [`Flow::Stop`]. A
/// line is handed over from the reader's own buffer when it lies there
/// whole, else gathered in one reused buffer of at most `limit` bytes.
pub fn for_each_line(
    input: &mut dyn BufRead,
    limit: usize,
    f: &mut dyn FnMut(Line<'_>) -> Flow,
) -> io::Result<()> {
    let mut gathered = Vec::new();
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            // The last line, without a newline.
            if !gathered.is_empty() {
                f(Line::Text(&gathered));
            }
            return Ok(());
        }
        let newline = memchr::memchr(b'\n', chunk);
        let take = newline.unwrap_or(chunk.len());
        if gathered.len() + take > limit {
            let blank = is_blank(&gathered) && is_blank(&chunk[..take]);
            gathered.clear();
            let consumed = newline.map_or(take, |i| i + 1);
            input.consume(consumed);
            let blank = if newline.is_some() {
                blank
            } else {
                skip_line(input, blank)?
            };
            if let Flow::Stop = f(Line::TooLong { blank }) {
                return Ok(());
            }
            continue;
        }
        let flow = match newline {
            Some(i) if gathered.is_empty() => {
                let flow = f(Line::Text(&chunk[..i]));
                input.consume(i + 1);
                flow
            }
            Some(i) => {
                gathered.extend_from_slice(&chunk[..i]);
                input.consume(i + 1);
                let flow = f(Line::Text(&gathered));
                gathered.clear();
                flow
            }
            None => {
                gathered.extend_from_slice(chunk);
                let n = chunk.len();
                input.consume(n);
                Flow::Continue
            }
        };
        if let Flow::Stop = flow {
            return Ok(());
        }
    }
}

/// Consumes the rest of a line (through its `\n`) a buffer at a time;
/// returns whether it was all whitespace, given `blank` so far.
fn skip_line(input: &mut dyn BufRead, mut blank: bool) -> io::Result<bool> {
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(blank);
        }
        let newline = memchr::memchr(b'\n', chunk);
        let take = newline.unwrap_or(chunk.len());
        blank = blank && is_blank(&chunk[..take]);
        input.consume(newline.map_or(take, |i| i + 1));
        if newline.is_some() {
            return Ok(blank);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], limit: usize, capacity: usize) -> Vec<String> {
        let mut reader = io::BufReader::with_capacity(capacity, input);
        let mut out = Vec::new();
        for_each_line(&mut reader, limit, &mut |line| {
            out.push(match line {
                Line::Text(t) => String::from_utf8_lossy(t).into_owned(),
                Line::TooLong { blank } => format!("<too long, blank: {blank}>"),
            });
            Flow::Continue
        })
        .unwrap();
        out
    }

    #[test]
    fn lines_within_and_over_the_limit() {
        let input = b"abc\n\nabcdefgh\nabcd\n   \t    \nxy";
        for capacity in [1, 2, 3, 5, 8, 64] {
            assert_eq!(
                lines(input, 4, capacity),
                [
                    "abc",
                    "",
                    "<too long, blank: false>",
                    "abcd",
                    "<too long, blank: true>",
                    "xy"
                ],
                "capacity {capacity}"
            );
        }
        assert_eq!(lines(b"abcdef", 4, 2), ["<too long, blank: false>"]);
    }
}
