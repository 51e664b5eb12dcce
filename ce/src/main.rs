//! `ce`: validate, convert, generate and benchmark CloudEvents from the
//! command line, with the `cloudevents-codec` library.

mod bench;
mod input;
mod output;
mod parquet;
mod progress;
mod sql;
mod wire;

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use clap::{Parser, Subcommand};
use cloudevents_codec::cesql::EvalMode;
use cloudevents_codec::{Error, ParseOptions};
use cloudevents_codec_corpus::{Generator, Profile};

use input::{read_events, Flow, Format};
use output::{Emitter, OutFormat};

#[derive(Parser)]
#[command(
    name = "ce",
    version,
    about = "Validate, convert, generate and benchmark CloudEvents",
    long_about = "Validate, convert, generate and benchmark CloudEvents.\n\n\
        Formats: json (one structured event), ndjson (one event per line), batch \
        (application/cloudevents-batch+json), http (raw HTTP/1.1 messages), kafka \
        (kcat -J JSON lines), parquet (an Apache Parquet file), auto (detected \
        from the first bytes)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every event; report each invalid one as `FILE:N: error: MESSAGE`.
    Validate {
        /// Input format.
        #[arg(long, value_enum, default_value = "auto")]
        from: Format,
        /// Files to read (stdin when none).
        files: Vec<String>,
    },
    /// Convert events to another format on stdout.
    Convert {
        /// Input format.
        #[arg(long, value_enum, default_value = "auto")]
        from: Format,
        /// Output format.
        #[arg(long, value_enum)]
        to: OutFormat,
        /// Report invalid events and go on instead of stopping at the first.
        #[arg(long)]
        skip_invalid: bool,
        /// Write to this file instead of stdout.
        #[arg(long, short)]
        output: Option<String>,
        /// Files to read (stdin when none).
        files: Vec<String>,
    },
    /// Keep the events for which a CloudEvents SQL expression is true.
    Filter {
        /// The CESQL expression, e.g. "type = 'x' AND source LIKE '/sensors/%'".
        /// Evaluated fail-fast: an event with any evaluation error is dropped.
        /// It may start with `-` ("-7 % 3 = -1").
        #[arg(allow_hyphen_values = true)]
        expression: String,
        /// Input format.
        #[arg(long, value_enum, default_value = "auto")]
        from: Format,
        /// Output format.
        #[arg(long, value_enum, default_value = "ndjson")]
        to: OutFormat,
        /// Write to this file instead of stdout.
        #[arg(long, short)]
        output: Option<String>,
        /// Files to read (stdin when none).
        files: Vec<String>,
    },
    /// Print deterministic synthetic events as NDJSON.
    Gen {
        /// Event shape.
        #[arg(long, value_enum, default_value = "small")]
        profile: ProfileArg,
        /// How many events.
        #[arg(long, default_value_t = 10)]
        count: u64,
        /// Seed: the same seed gives the same events.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure this library's own paths on generated events and print a table.
    Bench {
        /// Only this profile (all profiles when omitted).
        #[arg(long, value_enum)]
        profile: Option<ProfileArg>,
        /// Total measuring time in seconds, spread over the operations.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
    },
    /// Evaluate a CloudEvents SQL expression on each event; print one JSON line per event.
    Eval {
        /// The CESQL expression. It may start with `-` ("-7 % 3").
        #[arg(allow_hyphen_values = true)]
        expression: String,
        /// Input format.
        #[arg(long, value_enum, default_value = "auto")]
        from: Format,
        /// Evaluate once against a minimal valid event instead of reading input.
        #[arg(long)]
        no_event: bool,
        /// Complete evaluation (CESQL §4.1): go on after an error and print
        /// every error, instead of stopping at the first (fail-fast).
        #[arg(long)]
        complete: bool,
        /// Files to read (stdin when none).
        files: Vec<String>,
    },
}

/// The generator profiles (`ce gen --profile`, `ce bench --profile`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ProfileArg {
    /// IoT telemetry, about 335 bytes.
    Small,
    /// Webhook-like, about 1.4 KB, escapes and non-ASCII text.
    Medium,
    /// Metrics payload, about 17 KB.
    Large,
    /// Binary data as `data_base64`, about 1 KB decoded.
    Base64,
    /// JSON escapes inside `id`, `source` and `type`.
    Escaped,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Profile {
        match p {
            ProfileArg::Small => Profile::Small,
            ProfileArg::Medium => Profile::Medium,
            ProfileArg::Large => Profile::Large,
            ProfileArg::Base64 => Profile::Base64,
            ProfileArg::Escaped => Profile::Escaped,
        }
    }
}

/// Counts heap allocations so `ce bench` can report allocations per event.
struct CountingAlloc;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is passed unchanged to the system allocator; the only
// addition is a relaxed atomic counter, which does not allocate.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Heap allocations so far (all threads).
pub(crate) fn alloc_count() -> u64 {
    ALLOCATIONS.load(Ordering::Relaxed)
}

/// Exit codes of the contract.
pub(crate) const EXIT_INVALID: u8 = 1;
pub(crate) const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Validate { from, files } => validate(from, &files),
        Command::Convert {
            from,
            to,
            skip_invalid,
            output,
            files,
        } => convert(from, to, skip_invalid, output.as_deref(), &files),
        Command::Gen {
            profile,
            count,
            seed,
        } => generate(profile.into(), count, seed),
        Command::Bench { profile, seconds } => Ok(bench::run(profile.map(Into::into), seconds)),
        Command::Filter {
            expression,
            from,
            to,
            output,
            files,
        } => sql::filter(&expression, from, to, output.as_deref(), &files),
        Command::Eval {
            expression,
            from,
            no_event,
            complete,
            files,
        } => {
            let mode = if complete {
                EvalMode::Complete
            } else {
                EvalMode::FailFast
            };
            sql::eval(&expression, from, no_event, mode, &files)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(CliError::Message(m)) => {
            eprintln!("ce: {m}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// A failure that ends the command with exit status 2.
pub(crate) enum CliError {
    /// stdout was closed by the reader (`ce ... | head`): stop quietly.
    BrokenPipe,
    Message(String),
}

pub(crate) fn io_error(context: &str, e: io::Error) -> CliError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        CliError::BrokenPipe
    } else {
        CliError::Message(format!("{context}: {e}"))
    }
}

/// A named input, or the error that opening it gave.
pub(crate) type Input = (String, Result<Box<dyn BufRead>, io::Error>);

/// The inputs: each file, or stdin (named `-`).
pub(crate) fn open_inputs(files: &[String]) -> Vec<Input> {
    if files.is_empty() {
        return vec![("-".to_string(), Ok(Box::new(io::stdin().lock())))];
    }
    files
        .iter()
        .map(|f| {
            let r: Result<Box<dyn BufRead>, io::Error> = if f == "-" {
                Ok(Box::new(io::stdin().lock()))
            } else {
                File::open(f).map(|file| {
                    let size = file.metadata().ok().map(|m| m.len());
                    let file = progress::Progress::new(file, f, size);
                    Box::new(BufReader::with_capacity(1 << 16, file)) as _
                })
            };
            (f.clone(), r)
        })
        .collect()
}

pub(crate) fn report(file: &str, index: usize, e: &Error) {
    eprintln!("{file}:{index}: error: {e}");
}

/// The callback of [`each_event`]: (file name, 1-based index, event or error).
pub(crate) type EachEvent<'f> =
    dyn FnMut(&str, usize, Result<cloudevents_codec::Event<'_>, Error>) -> Flow + 'f;

/// Calls `on_event(file, index, result)` for every event of every input
/// (index 1-based per file) until it returns [`Flow::Stop`]. Unreadable
/// inputs are reported on stderr; returns true when any was.
pub(crate) fn each_event(inputs: Vec<Input>, from: Format, on_event: &mut EachEvent<'_>) -> bool {
    let options = ParseOptions::new();
    let mut io_failed = false;
    let mut stopped = false;
    for (name, reader) in inputs {
        let mut reader = match reader {
            Ok(r) => r,
            Err(e) => {
                eprintln!("ce: {name}: {e}");
                io_failed = true;
                continue;
            }
        };
        let mut index = 0usize;
        let r = read_events(&mut reader, from, &options, &mut |result| {
            index += 1;
            let flow = on_event(&name, index, result);
            stopped = matches!(flow, Flow::Stop);
            flow
        });
        if let Err(e) = r {
            eprintln!("ce: {name}: {e}");
            io_failed = true;
        }
        if stopped {
            break;
        }
    }
    io_failed
}

/// Buffered output (stdout or a file): events are appended to `buf`, which
/// goes out in large writes; the first write error stops the command.
pub(crate) struct Out {
    writer: BufWriter<Box<dyn Write>>,
    /// What errors are about: `stdout` or the file's name.
    name: String,
    pub(crate) buf: Vec<u8>,
    error: Option<io::Error>,
}

impl Out {
    pub(crate) fn new() -> Self {
        Out::to(Box::new(io::stdout().lock()), "stdout".into())
    }

    /// Output to a new file at `path`.
    pub(crate) fn file(path: &str) -> Result<Self, CliError> {
        let file = File::create(path).map_err(|e| CliError::Message(format!("{path}: {e}")))?;
        Ok(Out::to(Box::new(file), path.into()))
    }

    fn to(writer: Box<dyn Write>, name: String) -> Self {
        Out {
            writer: BufWriter::with_capacity(1 << 16, writer),
            name,
            buf: Vec::with_capacity(1 << 16),
            error: None,
        }
    }

    /// Writes the buffer out once it is large; `Stop` after a write error.
    pub(crate) fn flush_if_full(&mut self) -> Flow {
        if self.buf.len() < 1 << 16 {
            return Flow::Continue;
        }
        match self.writer.write_all(&self.buf) {
            Ok(()) => {
                self.buf.clear();
                Flow::Continue
            }
            Err(e) => {
                self.error = Some(e);
                Flow::Stop
            }
        }
    }

    /// Writes what is left and flushes.
    pub(crate) fn finish(mut self) -> Result<(), CliError> {
        if let Some(e) = self.error.take() {
            return Err(io_error(&self.name, e));
        }
        self.writer
            .write_all(&self.buf)
            .and_then(|()| self.writer.flush())
            .map_err(|e| io_error(&self.name, e))
    }
}

/// The exit status: 2 for unreadable inputs, 1 for invalid events, else 0.
pub(crate) fn exit_status(io_failed: bool, invalid: usize) -> u8 {
    if io_failed {
        EXIT_USAGE
    } else if invalid > 0 {
        EXIT_INVALID
    } else {
        0
    }
}

fn validate(from: Format, files: &[String]) -> Result<u8, CliError> {
    let (mut valid, mut invalid) = (0usize, 0usize);
    let io_failed = each_event(open_inputs(files), from, &mut |name, index, result| {
        match result {
            Ok(_) => valid += 1,
            Err(e) => {
                invalid += 1;
                report(name, index, &e);
            }
        }
        Flow::Continue
    });
    eprintln!("{valid} valid, {invalid} invalid");
    Ok(exit_status(io_failed, invalid))
}

fn convert(
    from: Format,
    to: OutFormat,
    skip_invalid: bool,
    output: Option<&str>,
    files: &[String],
) -> Result<u8, CliError> {
    let mut emitter = Emitter::create(to, output)?;
    let mut skipped = 0usize;
    let io_failed = each_event(open_inputs(files), from, &mut |name, index, result| {
        if let Err(e) = result.and_then(|event| emitter.event(&event)) {
            report(name, index, &e);
            skipped += 1;
            if !skip_invalid {
                return Flow::Stop;
            }
        }
        emitter.flow()
    });
    emitter.finish()?;
    Ok(exit_status(io_failed, skipped))
}

fn generate(profile: Profile, count: u64, seed: u64) -> Result<u8, CliError> {
    let mut out = Out::new();
    let mut generator = Generator::new(profile, seed);
    for _ in 0..count {
        generator.write_event(&mut out.buf);
        out.buf.push(b'\n');
        if let Flow::Stop = out.flush_if_full() {
            break;
        }
    }
    out.finish()?;
    Ok(0)
}
