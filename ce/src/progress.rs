//! A progress line on stderr for large inputs, shown only when stderr is a
//! terminal: `ce: FILE: 123.4 MB read`. Silent otherwise, so scripts and
//! tests see only the contract's output.

use std::io::{self, IsTerminal, Read, Write};
use std::time::{Duration, Instant};

/// Inputs smaller than this never show progress.
const THRESHOLD: u64 = 8 << 20;
const INTERVAL: Duration = Duration::from_millis(250);

/// Counts the bytes read through it and redraws the progress line now and then.
pub struct Progress<R> {
    inner: R,
    name: String,
    read: u64,
    total: Option<u64>,
    last: Instant,
    shown: bool,
    enabled: bool,
}

impl<R: Read> Progress<R> {
    /// Wraps `inner`; `total` is the input size when known.
    pub fn new(inner: R, name: &str, total: Option<u64>) -> Self {
        Progress {
            inner,
            name: name.to_string(),
            read: 0,
            total,
            last: Instant::now(),
            shown: false,
            enabled: io::stderr().is_terminal() && total.is_none_or(|t| t >= THRESHOLD),
        }
    }

    fn draw(&mut self) {
        let mb = self.read as f64 / 1e6;
        let line = match self.total {
            Some(t) if t > 0 => format!(
                "\rce: {}: {mb:.1} MB read ({:.0}%)",
                self.name,
                self.read as f64 * 100.0 / t as f64
            ),
            _ => format!("\rce: {}: {mb:.1} MB read", self.name),
        };
        // Error lines reported so far come first.
        crate::diag::flush();
        let _ = io::stderr().write_all(line.as_bytes());
        self.shown = true;
    }
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.enabled && self.read >= THRESHOLD && self.last.elapsed() >= INTERVAL {
            self.last = Instant::now();
            self.draw();
        }
        Ok(n)
    }
}

impl<R> Drop for Progress<R> {
    fn drop(&mut self) {
        if self.shown {
            // Clear the progress line so the summary starts clean.
            crate::diag::flush();
            let _ = io::stderr().write_all(b"\r\x1b[2K");
        }
    }
}
