//! `ce`: validate, convert, generate and benchmark CloudEvents from the
//! command line, with the `cloudevents-codec` library.

mod bench;
mod diag;
mod formats;
mod input;
mod output;
mod parquet;
mod progress;
mod send;
mod serve;
mod sql;
mod wire;

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use clap::{Parser, Subcommand};
use cloudevents_codec::cesql::EvalMode;
use cloudevents_codec::{Error, ParseOptions};
use cloudevents_codec_corpus::{Generator, Profile};

use diag::diag;
use input::{read_events, Flow, Format, Meta};
use output::{Encoder, OutFormat, Versions};

#[derive(Parser)]
#[command(
    name = "ce",
    version,
    about = "Validate, convert, generate and benchmark CloudEvents",
    long_about = "Validate, convert, generate and benchmark CloudEvents.\n\n\
        Formats: json (one structured event), ndjson (one event per line), batch \
        (application/cloudevents-batch+json), http (raw HTTP/1.1 messages), kafka \
        (kcat -J JSON lines), protobuf (one application/cloudevents+protobuf message), \
        protobuf-batch (one CloudEventBatch), avro (an Avro object container file), \
        parquet (an Apache Parquet file), auto (detected from the first bytes)."
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
        /// Write CloudEvents 0.3 events as 0.3 instead of upgrading them to 1.0.
        #[arg(long)]
        keep_version: bool,
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
        /// Write CloudEvents 0.3 events as 0.3 instead of upgrading them to 1.0.
        #[arg(long)]
        keep_version: bool,
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
    /// Receive CloudEvents over HTTP and print them (binary, structured, batch mode).
    Serve(serve::ServeArgs),
    /// POST events to an HTTP endpoint; print `X sent, Y failed`.
    Send(send::SendArgs),
}

/// The generator profiles (`ce gen --profile`, `ce bench --profile`). Every
/// profile varies the shape of its events (source, time, id, extensions,
/// data kind, escaping, spacing, member order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ProfileArg {
    /// IoT telemetry, about 390 bytes.
    Small,
    /// Shop webhooks, about 1.4 KB.
    Medium,
    /// Metrics batches, about 16.5 KB.
    Large,
    /// Camera frames, mostly `data_base64` of about 1 KB.
    Base64,
    /// Messaging events from encoders that escape `/`, non-ASCII or HTML.
    Escaped,
    /// Each event of one of the other profiles, drawn per event.
    Mixed,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Profile {
        match p {
            ProfileArg::Small => Profile::Small,
            ProfileArg::Medium => Profile::Medium,
            ProfileArg::Large => Profile::Large,
            ProfileArg::Base64 => Profile::Base64,
            ProfileArg::Escaped => Profile::Escaped,
            ProfileArg::Mixed => Profile::Mixed,
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
            keep_version,
            output,
            files,
        } => convert(
            from,
            Encoder::new(to, Versions::keep_if(keep_version)),
            skip_invalid,
            output.as_deref(),
            &files,
        ),
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
            keep_version,
            output,
            files,
        } => sql::filter(
            &expression,
            from,
            Encoder::new(to, Versions::keep_if(keep_version)),
            output.as_deref(),
            &files,
        ),
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
        Command::Serve(args) => serve::run(args),
        Command::Send(args) => send::run(args),
    };
    let code = match result {
        Ok(code) => ExitCode::from(code),
        Err(CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(CliError::Message(m)) => {
            diag!("ce: {m}");
            ExitCode::from(EXIT_USAGE)
        }
    };
    diag::flush();
    code
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

/// `FILE:N: error: MESSAGE` on stderr.
pub(crate) fn report(file: &str, index: usize, e: &Error) {
    diag!("{file}:{index}: error: {e}");
}

/// `FILE:N: warning: MESSAGE` on stderr.
pub(crate) fn warn(file: &str, index: usize, message: &dyn std::fmt::Display) {
    diag!("{file}:{index}: warning: {message}");
}

/// The callback of [`each_event`]: (file name, 1-based index, event or
/// error, what the input carried besides the event).
pub(crate) type EachEvent<'f> =
    dyn FnMut(&str, usize, Result<cloudevents_codec::Event<'_>, Error>, &Meta<'_>) -> Flow + 'f;

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
                diag!("ce: {name}: {e}");
                io_failed = true;
                continue;
            }
        };
        let mut index = 0usize;
        let r = read_events(&mut reader, from, &options, &mut |result, meta| {
            index += 1;
            let flow = on_event(&name, index, result, meta);
            stopped = matches!(flow, Flow::Stop);
            flow
        });
        if let Err(e) = r {
            diag!("ce: {name}: {e}");
            io_failed = true;
        }
        if stopped {
            break;
        }
    }
    io_failed
}

/// Buffered output, stdout or a file: events are appended to `buf`, which
/// goes out in large writes; the first write error stops the command.
pub(crate) struct Out {
    writer: BufWriter<Box<dyn Write>>,
    /// What write errors are about: `stdout`, or the file.
    name: String,
    pub(crate) buf: Vec<u8>,
    error: Option<io::Error>,
}

impl Out {
    pub(crate) fn new() -> Self {
        Out::to(Box::new(io::stdout().lock()), "stdout".into())
    }

    /// Output to `path` (created or truncated), or stdout when `None`;
    /// `binary` output (Parquet) is refused on a terminal.
    pub(crate) fn create(path: Option<&str>, binary: bool) -> Result<Self, CliError> {
        match path {
            Some(path) => {
                let file =
                    File::create(path).map_err(|e| CliError::Message(format!("{path}: {e}")))?;
                Ok(Out::to(Box::new(file), path.into()))
            }
            None if binary && io::stdout().is_terminal() => Err(CliError::Message(
                "refusing to write a binary format to a terminal: redirect stdout or use --output FILE"
                    .into(),
            )),
            None => Ok(Out::new()),
        }
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
    let io_failed = each_event(open_inputs(files), from, &mut |name, index, result, _| {
        match result {
            Ok(_) => valid += 1,
            Err(e) => {
                invalid += 1;
                report(name, index, &e);
            }
        }
        Flow::Continue
    });
    diag::summary(format_args!("{valid} valid, {invalid} invalid"));
    Ok(exit_status(io_failed, invalid))
}

fn convert(
    from: Format,
    mut encoder: Encoder,
    skip_invalid: bool,
    output: Option<&str>,
    files: &[String],
) -> Result<u8, CliError> {
    let mut out = Out::create(output, encoder.is_binary())?;
    encoder.begin(&mut out.buf);
    let mut skipped = 0usize;
    let io_failed = each_event(
        open_inputs(files),
        from,
        &mut |name, index, result, meta| {
            match result.and_then(|event| encoder.event(&event, meta, &mut out.buf)) {
                Ok(None) => {}
                Ok(Some(kept)) => warn(name, index, &kept),
                Err(e) => {
                    report(name, index, &e);
                    skipped += 1;
                    if !skip_invalid {
                        return Flow::Stop;
                    }
                }
            }
            out.flush_if_full()
        },
    );
    encoder.end(&mut out.buf)?;
    out.finish()?;
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
