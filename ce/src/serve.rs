//! `ce serve`: an HTTP server that prints the CloudEvents POSTed to it.
//!
//! Built on the library's axum adapter (`adapters::axum`): the lenient
//! `MessageBuf` extractor takes each request (413 and 415 come from it),
//! and the events are read from it with the HTTP binding.
//!
//! - Any path; `POST` in binary, structured or batch mode. Each valid event
//!   is printed on stdout in `--to` format; the events of one request are
//!   written and flushed together, never interleaved with another request's.
//! - Answers follow the webhook spec's delivery answers (HTTP-28):
//!   `202 Accepted` with an empty body when every event of the request is
//!   valid; `400` with `{"error": "MESSAGE"}` otherwise, a batch's valid
//!   elements printed and the invalid ones named `event N (index I)`; one
//!   `error: ...` line on stderr per invalid event.
//! - `413` over `--max-size` bytes of body, `415` for a body that is no
//!   CloudEvent, `405` for methods other than POST and OPTIONS.
//! - `OPTIONS`: the CloudEvents webhook validation handshake (HTTP-23..HTTP-27).
//! - The first stderr line is `listening on http://ADDRESS:PORT`, the bound
//!   address (so `--port 0` can be used). SIGINT or SIGTERM: requests in
//!   flight finish (for up to 10 seconds, or until a second signal), output
//!   is flushed, exit 0.

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{FromRequest, Request, State};
use axum::http::header::{HeaderName, HeaderValue, ALLOW};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use cloudevents_codec::adapters::axum::{ElementError, MessageBuf, Rejection};
use cloudevents_codec::binding::{Message, ReadOptions};
use cloudevents_codec::{Error, Event, ParseOptions};
use tokio::sync::watch;

use crate::input::Meta;
use crate::output::{Encoder, OutFormat, Versions};
use crate::CliError;

/// How long requests in flight may take to finish after SIGINT/SIGTERM.
const GRACE: Duration = Duration::from_secs(10);

/// The methods a CloudEvents endpoint answers (webhook spec §4.2: `Allow`).
const ALLOWED: &str = "OPTIONS, POST";

/// `ce serve` arguments.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on; 0 picks a free one (the first stderr line,
    /// `listening on http://ADDRESS:PORT`, tells which).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Output format for the received events.
    #[arg(long, value_enum, default_value = "ndjson")]
    to: OutFormat,
    /// Largest request body in bytes (413 above); also the largest event.
    #[arg(long, default_value_t = ParseOptions::new().max_size())]
    max_size: usize,
}

/// What every request handler shares.
#[derive(Clone)]
struct Shared {
    printer: Arc<Printer>,
    options: ReadOptions,
    to: OutFormat,
    /// Set to true to stop the server (stdout is gone).
    stop: watch::Sender<bool>,
}

pub fn run(args: ServeArgs) -> Result<u8, CliError> {
    // Each request's events are encoded on their own and printed as they
    // come: a text format only (pipe into `ce convert --to parquet`).
    if args.to == OutFormat::Parquet {
        return Err(CliError::Message(
            "serve writes text formats; for Parquet: ce serve | ce convert --to parquet -o FILE"
                .into(),
        ));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Message(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> Result<u8, CliError> {
    // Signal handlers first: a signal that arrives once the address is
    // printed must reach them, not end the process.
    let signals = Signals::new().map_err(|e| CliError::Message(format!("signals: {e}")))?;
    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
        .await
        .map_err(|e| {
            CliError::Message(format!("cannot listen on {}:{}: {e}", args.host, args.port))
        })?;
    let address = listener
        .local_addr()
        .map_err(|e| CliError::Message(format!("bound address: {e}")))?;
    eprintln!("listening on http://{address}");

    let (stop, stopped) = watch::channel(false);
    let shared = Shared {
        printer: Arc::new(Printer::new(args.to)),
        options: ReadOptions::new().with_parse(ParseOptions::new().with_max_size(args.max_size)),
        to: args.to,
        stop,
    };
    // A signal, or stdout closing, stops the server; a second signal stops
    // waiting for the requests in flight.
    let on_signal = shared.stop.clone();
    let (force, forced) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let mut signals = signals;
        signals.wait().await;
        let _ = on_signal.send(true);
        signals.wait().await;
        let _ = force.send(());
    });
    let printer = Arc::clone(&shared.printer);
    let app = Router::new().fallback(handle).with_state(shared);
    let server = axum::serve(listener, app).with_graceful_shutdown(stop_requested(stopped.clone()));
    // Once asked to stop, requests in flight get GRACE to finish.
    let deadline = async move {
        stop_requested(stopped).await;
        tokio::select! {
            () = tokio::time::sleep(GRACE) => {}
            _ = forced => {}
        }
    };
    tokio::select! {
        result = server => {
            result.map_err(|e| CliError::Message(format!("server: {e}")))?;
        }
        () = deadline => {
            eprintln!("error: stopped with requests still in flight");
        }
    }
    printer.finish()
}

/// Resolves once a stop is requested.
async fn stop_requested(mut stopped: watch::Receiver<bool>) {
    // An error means every sender is gone: nothing can ask any more, and
    // the server is over anyway.
    let _ = stopped.wait_for(|stop| *stop).await;
}

/// Every request, whatever the path.
async fn handle(State(shared): State<Shared>, mut request: Request) -> Response {
    let method = request.method().clone();
    if method == Method::POST {
        // The extractor reads its options from the request's extensions.
        request.extensions_mut().insert(shared.options);
        receive(&shared, request).await
    } else if method == Method::OPTIONS {
        webhook_validation(request.headers())
    } else {
        let message = format!("method {method} not allowed: POST CloudEvents here");
        let mut response = Rejection::new(StatusCode::METHOD_NOT_ALLOWED, message).into_response();
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static(ALLOWED));
        response
    }
}

/// Reads, prints and answers one POST.
async fn receive(shared: &Shared, request: Request) -> Response {
    let message = match MessageBuf::from_request(request, &()).await {
        Ok(message) => message,
        Err(rejection) => {
            shared.printer.errors(&[rejection.message().to_string()]);
            return rejection.into_response();
        }
    };
    let mut received = Received::new(shared.to);
    let rejection = match message.read_with(&shared.options) {
        Err(e) => Some(Rejection::invalid(&e)),
        Ok(Message::Binary(event) | Message::Structured(event)) => {
            received.event(&event).err().map(|e| Rejection::invalid(&e))
        }
        Ok(Message::Batch(elements)) => {
            let mut invalid = Vec::new();
            for (index, result) in elements.enumerate() {
                if let Err(e) = result.and_then(|event| received.event(&event)) {
                    invalid.push((index, e));
                }
            }
            let lines = invalid
                .iter()
                .map(|(index, e)| ElementError::new(*index, e).to_string())
                .collect();
            received.errors = lines;
            (!invalid.is_empty()).then(|| Rejection::invalid_elements(&invalid))
        }
        Ok(_) => Some(Rejection::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported message kind",
        )),
    };
    if let Some(r) = &rejection {
        if received.errors.is_empty() {
            received.errors.push(r.message().to_string());
        }
    }
    if let Err(e) = shared.printer.print(&received) {
        let _ = shared.stop.send(true);
        return Rejection::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("cannot write to stdout: {e}"),
        )
        .into_response();
    }
    match rejection {
        Some(r) => r.into_response(),
        None => StatusCode::ACCEPTED.into_response(),
    }
}

/// The events of one request, encoded, and its error lines.
struct Received {
    encoder: Encoder,
    out: Vec<u8>,
    count: usize,
    errors: Vec<String>,
}

impl Received {
    fn new(to: OutFormat) -> Self {
        Received {
            // 1.0 only, as before CloudEvents 0.3 could be kept: the
            // events of every request go into one output.
            encoder: Encoder::new(to, Versions::UpgradeOnly),
            out: Vec::new(),
            count: 0,
            errors: Vec::new(),
        }
    }

    /// Encodes a valid event; the error when `--to` cannot carry it.
    fn event(&mut self, event: &Event<'_>) -> Result<(), Error> {
        self.encoder.event(event, &Meta::NONE, &mut self.out)?;
        self.count += 1;
        Ok(())
    }
}

/// stdout and stderr, written one request at a time.
struct Printer {
    state: Mutex<PrinterState>,
}

struct PrinterState {
    format: OutFormat,
    /// Events printed so far (for the commas of `--to batch`).
    printed: usize,
    /// The first stdout error; nothing is printed after it.
    failed: Option<io::Error>,
}

impl Printer {
    fn new(format: OutFormat) -> Self {
        Printer {
            state: Mutex::new(PrinterState {
                format,
                printed: 0,
                failed: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PrinterState> {
        // A panic while printing leaves nothing half-shared: go on.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Error lines only.
    fn errors(&self, lines: &[String]) {
        let _state = self.lock();
        print_errors(lines);
    }

    /// The request's error lines and events, together.
    fn print(&self, received: &Received) -> io::Result<()> {
        let mut state = self.lock();
        print_errors(&received.errors);
        if received.count == 0 {
            return Ok(());
        }
        if let Some(e) = &state.failed {
            return Err(io::Error::new(e.kind(), e.to_string()));
        }
        let mut stdout = io::stdout().lock();
        let mut write = || -> io::Result<()> {
            if state.format == OutFormat::Batch {
                stdout.write_all(if state.printed == 0 { b"[" } else { b"," })?;
            }
            stdout.write_all(&received.out)?;
            stdout.flush()
        };
        match write() {
            Ok(()) => {
                state.printed += received.count;
                Ok(())
            }
            Err(e) => {
                let copy = io::Error::new(e.kind(), e.to_string());
                state.failed = Some(e);
                Err(copy)
            }
        }
    }

    /// Closes a `--to batch` array and flushes: the exit status.
    fn finish(&self) -> Result<u8, CliError> {
        let mut state = self.lock();
        if let Some(e) = state.failed.take() {
            return Err(crate::io_error("stdout", e));
        }
        let mut stdout = io::stdout().lock();
        let end: &[u8] = match (state.format, state.printed) {
            (OutFormat::Batch, 0) => b"[]\n",
            (OutFormat::Batch, _) => b"]\n",
            _ => b"",
        };
        stdout
            .write_all(end)
            .and_then(|()| stdout.flush())
            .map_err(|e| crate::io_error("stdout", e))?;
        Ok(0)
    }
}

fn print_errors(lines: &[String]) {
    let mut stderr = io::stderr().lock();
    for line in lines {
        let _ = writeln!(stderr, "error: {line}");
    }
}

/// The CloudEvents webhook validation handshake (`http-webhook.md` §4).
///
/// `OPTIONS` with `WebHook-Request-Origin` is a validation request
/// (HTTP-23): `ce serve` accepts every origin, so it answers `200` with
/// `WebHook-Allowed-Origin` echoing the origin (HTTP-24) and
/// `WebHook-Allowed-Rate: *`, no rate limit, whether or not
/// `WebHook-Request-Rate` was sent (HTTP-25). Permission is granted in the
/// response, never through `WebHook-Request-Callback` (HTTP-27). Every
/// `OPTIONS` answer has `Allow: OPTIONS, POST` (HTTP-26); one without
/// `WebHook-Request-Origin` is a plain `200`.
fn webhook_validation(headers: &HeaderMap) -> Response {
    const REQUEST_ORIGIN: HeaderName = HeaderName::from_static("webhook-request-origin");
    const ALLOWED_ORIGIN: HeaderName = HeaderName::from_static("webhook-allowed-origin");
    const ALLOWED_RATE: HeaderName = HeaderName::from_static("webhook-allowed-rate");
    let mut response = Response::new(Body::empty());
    let answer = response.headers_mut();
    answer.insert(ALLOW, HeaderValue::from_static(ALLOWED));
    if let Some(origin) = headers.get(REQUEST_ORIGIN) {
        if origin.as_bytes().iter().all(u8::is_ascii_whitespace) {
            let mut response = Rejection::new(
                StatusCode::BAD_REQUEST,
                "WebHook-Request-Origin is empty: it names the sending system",
            )
            .into_response();
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static(ALLOWED));
            return response;
        }
        answer.insert(ALLOWED_ORIGIN, origin.clone());
        answer.insert(ALLOWED_RATE, HeaderValue::from_static("*"));
    }
    response
}

/// SIGINT and SIGTERM (Ctrl-C elsewhere), registered when created.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Signals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn wait(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = self;
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
