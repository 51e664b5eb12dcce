//! A reader that gives back bytes already read (by format detection, or by
//! looking ahead in an HTTP capture) before the rest of its input, and counts
//! the bytes consumed, for error offsets.

use std::io::{self, BufRead, Read};

pub struct Replay<'a> {
    /// Bytes to give back first: `pending[pos..]`.
    pending: Vec<u8>,
    pos: usize,
    inner: &'a mut dyn BufRead,
    /// Bytes consumed so far.
    offset: u64,
}

impl<'a> Replay<'a> {
    /// Reads `prefix`, then `inner`.
    pub fn new(prefix: Vec<u8>, inner: &'a mut dyn BufRead) -> Self {
        Replay {
            pending: prefix,
            pos: 0,
            inner,
            offset: 0,
        }
    }

    /// Puts `bytes` (just read from this reader) back in front.
    pub fn unread(&mut self, bytes: &[u8]) {
        self.pending.drain(..self.pos);
        self.pending.splice(0..0, bytes.iter().copied());
        self.pos = 0;
        self.offset -= bytes.len() as u64;
    }

    /// Bytes consumed so far (the stream offset of the next byte).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Consumes whitespace; false at the end of the input.
    pub fn skip_whitespace(&mut self) -> io::Result<bool> {
        loop {
            let buf = self.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let all = n == buf.len();
            self.consume(n);
            if !all {
                return Ok(true);
            }
        }
    }
}

impl Read for Replay<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let mut buf = self.fill_buf()?;
            buf.read(out)?
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Replay<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.pending.len() {
            return Ok(&self.pending[self.pos..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.offset += amount as u64;
        if self.pos < self.pending.len() {
            self.pos += amount;
            if self.pos >= self.pending.len() {
                // Given back entirely: free it (it may be a large prefix).
                self.pending = Vec::new();
                self.pos = 0;
            }
        } else {
            self.inner.consume(amount);
        }
    }
}
