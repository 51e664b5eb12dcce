//! Interop over HTTP with another implementation, the Python CloudEvents
//! SDK (PyPI `cloudevents`; issue 15 item 4), in binary and structured
//! mode (HTTP-3, HTTP-8..17, HTTP-20):
//!
//! - the SDK's events, POSTed by `tests/interop/http_interop.py send`
//!   (its `to_binary` / `to_structured`), are read by `ce serve` (the
//!   library's axum adapter and HTTP binding) and printed as NDJSON;
//! - our events, POSTed by `ce send` (the library's reqwest adapter), are
//!   read by the SDK's `from_http` in `http_interop.py serve`.
//!
//! Both sides print the events as JSON, compared as JSON values (the time
//! as an instant in microseconds, Python's precision). The Python packages
//! are those of `tests/interop/requirements.txt`; without them the tests
//! skip with a message, and fail under `CI=true` (the broker tests' rule,
//! `tests/support/broker.rs`). Every wait is bounded.

#[path = "../../tests/support/broker.rs"]
mod broker;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use broker::{binary_expectation, mode_and_json, normalized, Values};
use cloudevents_codec::binding::ContentMode;
use cloudevents_codec::{json, Event};

const LIMIT: Duration = Duration::from_secs(20);
const MODES: [(&str, ContentMode); 2] = [
    ("binary", ContentMode::Binary),
    ("structured", ContentMode::Structured),
];

fn ce_path() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ce")
}

/// What a read in `mode` gives back for `json`: binary mode carries
/// extensions as strings (TYPE-10) and states the implied JSON content
/// type (CORE-13).
fn expectation(json: &str, mode: ContentMode) -> String {
    match mode {
        ContentMode::Binary => binary_expectation(json, Values::Strings),
        _ => json.to_owned(),
    }
}

/// A `ce serve --port 0` process; its address from its first stderr line.
struct Serve {
    child: Option<Child>,
    url: String,
    stdout: Option<thread::JoinHandle<String>>,
}

impl Serve {
    fn start() -> Serve {
        let mut child = Command::new(ce_path())
            .args(["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ce serve");
        let mut out = child.stdout.take().unwrap();
        let stdout = thread::spawn(move || {
            let mut text = String::new();
            let _ = out.read_to_string(&mut text);
            text
        });
        let (first, announced) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        thread::spawn(move || {
            let mut lines = BufReader::new(err).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = first.send(line);
            }
            // Errors are printed on stderr: show them with the test's output.
            for line in lines.map_while(Result::ok) {
                eprintln!("ce serve: {line}");
            }
        });
        let line = announced.recv_timeout(LIMIT).unwrap_or_else(|e| {
            let _ = child.kill();
            panic!("ce serve did not announce its address: {e}")
        });
        let address = line
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        Serve {
            child: Some(child),
            url: format!("{address}/events"),
            stdout: Some(stdout),
        }
    }

    /// SIGTERM; the events it printed (NDJSON).
    fn stop(mut self) -> String {
        let mut child = self.child.take().unwrap();
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let (done, waited) = mpsc::channel();
        thread::spawn(move || {
            let _ = done.send(child.wait());
        });
        let status = waited
            .recv_timeout(LIMIT)
            .expect("ce serve stops after SIGTERM")
            .unwrap();
        assert!(status.success(), "ce serve exit status {status}");
        self.stdout.take().unwrap().join().unwrap()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

// The SDK's events (binary and structured) read by `ce serve`.
#[tokio::test]
async fn http_interop_python_sdk_to_ce_serve() {
    const TEST: &str = "http_interop_python_sdk_to_ce_serve";
    let Some(python) = broker::python_with(TEST, &["cloudevents.core"]) else {
        return;
    };
    let serve = Serve::start();
    let script = broker::Script::start(&python, "http_interop.py", &["send", &serve.url]);
    let output = script.finish().await;
    let printed = serve.stop();

    let sent: Vec<(ContentMode, String)> = output
        .iter()
        .filter_map(|l| l.strip_prefix("sent "))
        .map(mode_and_json)
        .collect();
    assert_eq!(sent.len(), 8, "the script's output: {output:?}");
    let statuses: Vec<&String> = output.iter().filter(|l| l.starts_with("status ")).collect();
    assert!(
        statuses.iter().all(|l| *l == "status 202"),
        "ce serve's answers: {statuses:?}"
    );
    // `ce serve` prints each request's event, in the order received.
    let received: Vec<&str> = printed.lines().collect();
    assert_eq!(received.len(), sent.len(), "ce serve printed: {printed}");
    for ((mode, json), got) in sent.iter().zip(received) {
        assert_eq!(
            normalized(got),
            normalized(&expectation(json, *mode)),
            "the SDK's {mode:?} event as ce serve read it"
        );
    }
}

// Ours (`ce send`, binary and structured) read by the SDK's `from_http`.
#[tokio::test]
async fn http_interop_ce_send_to_python_sdk() {
    const TEST: &str = "http_interop_ce_send_to_python_sdk";
    let Some(python) = broker::python_with(TEST, &["cloudevents.core"]) else {
        return;
    };
    let events = broker::events();
    let count = events.len() * MODES.len();
    let mut script =
        broker::Script::start(&python, "http_interop.py", &["serve", &count.to_string()]);
    let port = script
        .wait_ready()
        .await
        .iter()
        .find_map(|l| l.strip_prefix("port "))
        .expect("the script's port")
        .to_owned();
    let url = format!("http://127.0.0.1:{port}/events");

    // One canonical NDJSON line per event.
    let mut ndjson = Vec::new();
    for json in &events {
        json::write_event(&Event::from_json(json.as_bytes()).unwrap(), &mut ndjson);
        ndjson.push(b'\n');
    }
    for (mode, _) in MODES {
        let mut child = Command::new(ce_path())
            .args(["send", &url, "--mode", mode, "--timeout", "15"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run ce send");
        child.stdin.take().unwrap().write_all(&ndjson).unwrap();
        let out = tokio::task::spawn_blocking(move || child.wait_with_output())
            .await
            .unwrap()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "ce send --mode {mode}: {err}");
        assert_eq!(
            err.trim_end(),
            format!("{} sent, 0 failed", events.len()),
            "{mode}"
        );
    }

    let output = script.finish().await;
    assert!(
        !output.iter().any(|l| l.starts_with("failed")),
        "the SDK could not read: {output:?}"
    );
    let received: Vec<(ContentMode, String)> = output
        .iter()
        .filter_map(|l| l.strip_prefix("received "))
        .map(mode_and_json)
        .collect();
    let expected: Vec<(ContentMode, String)> = MODES
        .iter()
        .flat_map(|&(_, mode)| {
            events
                .iter()
                .map(move |json| (mode, expectation(json, mode)))
        })
        .collect();
    assert_eq!(
        received.len(),
        expected.len(),
        "the script's output: {output:?}"
    );
    for ((got_mode, got), (mode, want)) in received.iter().zip(&expected) {
        assert_eq!(got_mode, mode, "{want}");
        let (mut got, want) = (normalized(got), normalized(want));
        // The SDK's event constructor adds a `time` to an event without one.
        if want.get("time").is_none() {
            got.as_object_mut().unwrap().remove("time");
        }
        assert_eq!(got, want, "our {mode:?} event as the SDK read it");
    }
}

// The skip rule: without the Python packages the tests skip here and fail
// under `CI=true` (`broker::python_with`, as the NATS interop test).
#[test]
fn http_interop_missing_python_skips_here_and_fails_in_ci() {
    assert!(!broker::skip_in(false, "the skip rule", "a reason"));
    let in_ci = std::panic::catch_unwind(|| broker::skip_in(true, "the skip rule", "a reason"));
    assert!(
        in_ci.is_err(),
        "a missing interop package must fail under CI"
    );
}
