//! `ce send`: POST events to an HTTP endpoint.
//!
//! Built on the library's reqwest adapter (`adapters::reqwest`): each event
//! goes out in binary or structured mode, one request per event, or as
//! batches of up to `--batch-size` events (cut by `stream::BatchProducer`).
//! Requests go one at a time over a kept-alive connection.
//!
//! - An input event that is invalid, or that the mode cannot carry (binary
//!   mode for an event whose `datacontenttype` is a CloudEvents media type),
//!   is reported as `FILE:N: error: MESSAGE` and counted as failed.
//! - A response other than 2xx (redirects are not followed, HTTP-29):
//!   `FILE:N: error: server answered STATUS: BODY` (for a batch, N is its
//!   first event), its events counted as failed.
//! - A connection error (refused, reset, timed out) stops sending:
//!   `ce: URL: ERROR`, exit 2.
//! - Last stderr line: `X sent, Y failed` (events, also in batch mode). Exit
//!   0 when every response was 2xx and every event valid, 1 otherwise, 2 on
//!   usage, input or connection errors.

use std::time::Duration;

use cloudevents_codec::adapters::http::MessageBuf;
use cloudevents_codec::adapters::reqwest::RequestBuilderExt;
use cloudevents_codec::stream::{BatchProducer, Framing};
use cloudevents_codec::{Error, Event, ParseOptions, SpecVersion};

use crate::diag::{self, diag};
use crate::input::{Flow, Format};
use crate::{each_event, open_inputs, report, CliError, EXIT_INVALID, EXIT_USAGE};

/// The content mode of the requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// One request per event, attributes in `ce-` headers.
    Binary,
    /// One request per event, `application/cloudevents+json`.
    Structured,
    /// `application/cloudevents-batch+json` arrays of up to --batch-size events.
    Batch,
}

/// `ce send` arguments.
#[derive(clap::Args)]
pub struct SendArgs {
    /// The endpoint, an http:// URL.
    url: String,
    /// Content mode of the requests.
    #[arg(long, value_enum, default_value = "binary")]
    mode: Mode,
    /// Input format.
    #[arg(long, value_enum, default_value = "auto")]
    from: Format,
    /// Most events per request in batch mode.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    batch_size: u32,
    /// Seconds to wait for each response.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    /// Files to read (stdin when none).
    files: Vec<String>,
}

/// The bytes of one batch request at most: what `ce serve` accepts by
/// default (its `--max-size`).
const MAX_BATCH_BYTES: usize = ParseOptions::new().max_size();

/// How much of an error response's body is quoted.
const QUOTED_BODY: usize = 300;

pub fn run(args: SendArgs) -> Result<u8, CliError> {
    let url = reqwest::Url::parse(&args.url)
        .map_err(|e| CliError::Message(format!("invalid URL {:?}: {e}", args.url)))?;
    if url.scheme() != "http" {
        return Err(CliError::Message(format!(
            "unsupported URL scheme {:?}: ce send speaks http:// only (no TLS)",
            url.scheme()
        )));
    }
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(CliError::Message(
            "--timeout must be a positive number of seconds".into(),
        ));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Message(format!("cannot start the runtime: {e}")))?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs_f64(args.timeout))
        // A webhook sender must not follow redirects (HTTP-29): a 3xx
        // answer counts as failed.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| CliError::Message(format!("HTTP client: {e}")))?;
    let mut sender = Sender {
        runtime,
        client,
        url,
        sent: 0,
        failed: 0,
        connection_failed: false,
    };
    let mut batch = Batch::new(args.batch_size as usize);
    let io_failed = each_event(
        open_inputs(&args.files),
        args.from,
        &mut |name, index, result, _| {
            let event = match result {
                Ok(event) => event,
                Err(e) => {
                    report(name, index, &e);
                    sender.failed += 1;
                    return Flow::Continue;
                }
            };
            let label = format!("{name}:{index}");
            let ready = match args.mode {
                Mode::Binary => MessageBuf::binary(&event).map(|m| vec![Ready::one(m, label)]),
                Mode::Structured => Ok(vec![Ready::one(MessageBuf::structured(&event), label)]),
                Mode::Batch => batch.push(&event, label),
            };
            match ready {
                Ok(ready) => {
                    for r in ready {
                        if !sender.connection_failed {
                            sender.send(r);
                        }
                    }
                }
                Err(e) => {
                    report(name, index, &e);
                    sender.failed += 1;
                }
            }
            if sender.connection_failed {
                Flow::Stop
            } else {
                Flow::Continue
            }
        },
    );
    if !sender.connection_failed {
        if let Some(ready) = batch.flush() {
            sender.send(ready);
        }
    }
    diag::summary(format_args!(
        "{} sent, {} failed",
        sender.sent, sender.failed
    ));
    Ok(if io_failed || sender.connection_failed {
        EXIT_USAGE
    } else if sender.failed > 0 {
        EXIT_INVALID
    } else {
        0
    })
}

/// The client, the counts and the connection state.
struct Sender {
    runtime: tokio::runtime::Runtime,
    client: reqwest::Client,
    url: reqwest::Url,
    sent: usize,
    failed: usize,
    connection_failed: bool,
}

impl Sender {
    /// POSTs one request and counts the outcome.
    fn send(&mut self, ready: Ready) {
        let Ready {
            message,
            events,
            label,
        } = ready;
        let request = self.client.post(self.url.clone()).message(message);
        let outcome = self.runtime.block_on(async {
            let response = request.send().await?;
            let status = response.status();
            // Read the whole body so the connection can be used again.
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, body))
        });
        match outcome {
            Ok((status, _)) if status.is_success() => self.sent += events,
            Ok((status, body)) => {
                self.failed += events;
                diag!(
                    "{label}: error: server answered {status}{}",
                    quote_body(&body)
                );
            }
            Err(e) => {
                self.failed += events;
                self.connection_failed = true;
                diag!("ce: {}: {}", self.url, error_chain(&e));
            }
        }
    }
}

/// One request to send: the message, how many events it carries, and the
/// `FILE:N` of its first event.
struct Ready {
    message: MessageBuf,
    events: usize,
    label: String,
}

impl Ready {
    fn one(message: MessageBuf, label: String) -> Self {
        Ready {
            message,
            events: 1,
            label,
        }
    }
}

/// `: BODY` on one line, shortened; empty for an empty body.
fn quote_body(body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    let text = String::from_utf8_lossy(body);
    let mut line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.len() > QUOTED_BODY {
        let mut end = QUOTED_BODY;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        line.truncate(end);
        line.push('…');
    }
    format!(": {line}")
}

/// An error and its causes, `: `-separated (reqwest's own message is terse).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

/// Batch mode: events written into JSON arrays of at most `--batch-size`
/// events and [`MAX_BATCH_BYTES`] bytes, one spec version each (BATCH-4).
struct Batch {
    producer: BatchProducer,
    version: Option<SpecVersion>,
    /// The `FILE:N` of the first event of the batch being filled.
    first: Option<String>,
}

impl Batch {
    fn new(size: usize) -> Self {
        Batch {
            producer: BatchProducer::new(Framing::Array)
                .max_events(size)
                .max_bytes(MAX_BATCH_BYTES),
            version: None,
            first: None,
        }
    }

    /// Adds `event` (named `label`); the batches this completes (none, one,
    /// or two when a new spec version follows a batch that is then also
    /// full).
    ///
    /// # Errors
    ///
    /// `Limit` when the event alone is larger than a batch may be; it is
    /// not added.
    fn push(&mut self, event: &Event<'_>, label: String) -> Result<Vec<Ready>, Error> {
        let mut ready = Vec::new();
        if self.version.is_some_and(|v| v != event.specversion()) {
            ready.extend(self.flush());
        }
        let before = self.producer.len();
        match self.producer.push(event)? {
            None => {
                if before == 0 {
                    self.first = Some(label);
                }
            }
            // Cut by count: the batch ends with this event.
            Some(bytes) if self.producer.is_empty() => {
                let first = self.first.take().unwrap_or(label);
                ready.push(Ready {
                    message: MessageBuf::batch_body(bytes),
                    events: before + 1,
                    label: first,
                });
            }
            // Cut by size: this event starts the next batch.
            Some(bytes) => {
                let first = self.first.replace(label).unwrap_or_default();
                ready.push(Ready {
                    message: MessageBuf::batch_body(bytes),
                    events: before,
                    label: first,
                });
            }
        }
        self.version = (!self.producer.is_empty()).then(|| event.specversion());
        Ok(ready)
    }

    /// The batch being filled, if it has events.
    fn flush(&mut self) -> Option<Ready> {
        let events = self.producer.len();
        let bytes = self.producer.flush()?;
        self.version = None;
        Some(Ready {
            message: MessageBuf::batch_body(bytes),
            events,
            label: self.first.take().unwrap_or_default(),
        })
    }
}
