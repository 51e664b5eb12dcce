//! Diagnostics on stderr, buffered: a million error lines cost one write
//! per 64 KiB instead of one each. Every line goes through here, so their
//! order is the order in which they were written; the buffer is flushed by
//! [`summary`] (the last line of a command), by [`flush`] (at exit, and
//! before anything else writes to stderr directly), and when it is full.
//! Errors writing to stderr are ignored: there is nowhere to report them.

use std::fmt;
use std::io::{self, BufWriter, Write};
use std::sync::{Mutex, OnceLock};

fn stderr() -> &'static Mutex<BufWriter<io::Stderr>> {
    static STDERR: OnceLock<Mutex<BufWriter<io::Stderr>>> = OnceLock::new();
    STDERR.get_or_init(|| Mutex::new(BufWriter::with_capacity(1 << 16, io::stderr())))
}

/// Writes one line (`args` and a newline) to the buffer.
pub fn line(args: fmt::Arguments<'_>) {
    let mut err = stderr().lock().unwrap_or_else(|e| e.into_inner());
    let _ = err.write_fmt(args);
    let _ = err.write_all(b"\n");
}

/// Writes a summary line and flushes: what has been reported so far is out.
pub fn summary(args: fmt::Arguments<'_>) {
    line(args);
    flush();
}

/// Writes out everything buffered.
pub fn flush() {
    let mut err = stderr().lock().unwrap_or_else(|e| e.into_inner());
    let _ = err.flush();
}

/// `diag!("{file}:{n}: error: {e}")`: one buffered line on stderr.
macro_rules! diag {
    ($($arg:tt)*) => {
        $crate::diag::line(format_args!($($arg)*))
    };
}
pub(crate) use diag;
