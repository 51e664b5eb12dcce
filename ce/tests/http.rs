//! `ce serve` and `ce send`, driven as black boxes: a `ce serve --port 0`
//! process on 127.0.0.1, `ce send` processes and a plain TCP client.
//!
//! Every wait is bounded: the server must announce its address within 20
//! seconds and stop within 20 seconds of SIGTERM; client sockets time out
//! after 20 seconds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(20);

fn ce_path() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ce")
}

fn ce(args: &[&str]) -> Output {
    Command::new(ce_path()).args(args).output().expect("run ce")
}

fn ce_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(ce_path())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ce");
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let out = child.wait_with_output().expect("ce output");
    writer.join().unwrap();
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A running `ce serve`.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
    stdout: Option<JoinHandle<Vec<u8>>>,
    stderr: Option<JoinHandle<Vec<String>>>,
}

/// What a stopped server printed.
struct Stopped {
    status: ExitStatus,
    stdout: String,
    /// stderr lines after the `listening on` line.
    stderr: Vec<String>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(ce_path())
            .args(["serve", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ce serve");
        let mut out = child.stdout.take().unwrap();
        let stdout = thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = out.read_to_end(&mut bytes);
            bytes
        });
        let (first, announced) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        let stderr = thread::spawn(move || {
            let mut lines = BufReader::new(err).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = first.send(line);
            }
            lines.map_while(Result::ok).collect()
        });
        let line = match announced.recv_timeout(LIMIT) {
            Ok(line) => line,
            Err(e) => {
                let _ = child.kill();
                panic!("ce serve did not announce its address: {e}");
            }
        };
        // The documented first line.
        let addr = line
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        Server {
            child,
            addr,
            stdout: Some(stdout),
            stderr: Some(stderr),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// SIGTERM, then the exit status and output.
    fn stop(self) -> Stopped {
        self.stop_with("-TERM")
    }

    /// `signal` (`-TERM`, `-INT`), then the exit status and output.
    fn stop_with(mut self, signal: &str) -> Stopped {
        self.signal(signal);
        let status = self.wait();
        Stopped {
            status,
            stdout: text(&self.stdout.take().unwrap().join().unwrap()),
            stderr: self.stderr.take().unwrap().join().unwrap(),
        }
    }

    fn signal(&self, which: &str) {
        let pid = self.child.id().to_string();
        let ok = Command::new("kill").args([which, &pid]).status().unwrap();
        assert!(ok.success(), "kill {which} {pid}");
    }

    fn wait(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > LIMIT {
                let _ = self.child.kill();
                panic!("ce serve did not stop");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only when a test failed before stopping it.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A parsed HTTP response.
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    /// The `error` member of a JSON error body.
    fn error(&self) -> String {
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/json")
        );
        let body: Value = serde_json::from_slice(&self.body).expect("JSON error body");
        body["error"].as_str().expect("error string").to_string()
    }
}

fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(LIMIT)).unwrap();
    stream.set_write_timeout(Some(LIMIT)).unwrap();
    stream
}

/// One request on a new connection (closed after the answer).
fn request(addr: &str, method: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut stream = connect(addr);
    write_request(&mut stream, method, headers, body, true);
    read_answer(&mut BufReader::new(stream))
}

fn write_request(
    stream: &mut TcpStream,
    method: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    close: bool,
) {
    let mut head = format!(
        "{method} /events HTTP/1.1\r\nHost: test\r\nContent-Length: {}\r\n",
        body.len()
    );
    if close {
        head.push_str("Connection: close\r\n");
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
}

/// Reads one response (`Content-Length` delimited, as `ce serve` sends).
fn read_answer(reader: &mut BufReader<TcpStream>) -> Answer {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).expect("response head");
        assert!(n > 0, "connection closed; head so far {head:?}");
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let length = head
        .lines()
        .find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().unwrap())
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("response body");
    Answer { status, head, body }
}

const STRUCTURED: (&str, &str) = ("Content-Type", "application/cloudevents+json");
const BATCH: (&str, &str) = ("Content-Type", "application/cloudevents-batch+json");

fn event_json(id: &str) -> String {
    format!(r#"{{"specversion":"1.0","id":"{id}","source":"/s","type":"t"}}"#)
}

/// The NDJSON lines of `text`, parsed.
fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// What binary mode does to an event (HTTP-10, TYPE-10): Integer and
/// Boolean extension values arrive as Strings. (`data` is the only member
/// other than extensions that may hold a number or a boolean.) JSON data
/// without a `datacontenttype` travels with `Content-Type:
/// application/json`, the implied type stated explicitly (CORE-13), so it
/// arrives with that `datacontenttype`.
fn binary_mode(mut event: Value) -> Value {
    let object = event.as_object_mut().unwrap();
    let json_data = object.contains_key("data") && !object.contains_key("data_base64");
    if json_data && !object.contains_key("datacontenttype") {
        object.insert("datacontenttype".into(), "application/json".into());
    }
    for (name, value) in event.as_object_mut().unwrap() {
        if name == "data" {
            continue;
        }
        match value {
            Value::Number(n) => *value = Value::String(n.to_string()),
            Value::Bool(b) => *value = Value::String(b.to_string()),
            _ => {}
        }
    }
    event
}

const PROFILES: [&str; 6] = ["small", "medium", "large", "base64", "escaped", "mixed"];

/// `ce send` then `ce serve`: every event of every corpus profile comes out
/// as it went in (binary mode: typed extensions as strings), in all three
/// modes; in batch mode over several full batches and a partial one.
#[test]
fn http_send_then_serve_round_trips_every_profile_in_every_mode() {
    let dir = tempdir("roundtrip");
    let mut inputs = Vec::new();
    for (seed, profile) in PROFILES.iter().enumerate() {
        let generated = ce(&[
            "gen",
            "--profile",
            profile,
            "--count",
            "23",
            "--seed",
            &(seed + 5).to_string(),
        ]);
        assert!(generated.status.success());
        let file = dir.join(format!("{profile}.ndjson"));
        std::fs::write(&file, &generated.stdout).unwrap();
        let canonical = ce(&["convert", "--to", "ndjson", file.to_str().unwrap()]);
        assert!(canonical.status.success());
        inputs.push((file, json_lines(&text(&canonical.stdout))));
    }
    for mode in ["binary", "structured", "batch"] {
        let server = Server::start(&[]);
        for (file, _) in &inputs {
            let out = ce(&[
                "send",
                &server.url("/any/path"),
                "--mode",
                mode,
                "--batch-size",
                "5",
                file.to_str().unwrap(),
            ]);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            assert_eq!(text(&out.stderr), "23 sent, 0 failed\n");
        }
        let stopped = server.stop();
        assert_eq!(stopped.status.code(), Some(0));
        assert!(stopped.stderr.is_empty(), "{:?}", stopped.stderr);
        let received = json_lines(&stopped.stdout);
        let expected: Vec<Value> = inputs
            .iter()
            .flat_map(|(_, events)| events.iter().cloned())
            .map(|e| if mode == "binary" { binary_mode(e) } else { e })
            .collect();
        assert_eq!(received.len(), expected.len(), "{mode}");
        for (got, want) in received.iter().zip(&expected) {
            assert_eq!(got, want, "{mode}");
        }
    }
}

/// 202 with an empty body for valid events; 400 with `{"error": ...}`, an
/// `error:` line on stderr and nothing on stdout for an invalid one; for a
/// batch, the valid elements printed and the invalid ones named by index;
/// 415 for no CloudEvent; 405 for other methods; 413 over --max-size.
#[test]
fn http_serve_answers_and_reports_each_request() {
    let server = Server::start(&["--max-size", "2000"]);
    let addr = server.addr.clone();

    let ok = request(&addr, "POST", &[STRUCTURED], event_json("a").as_bytes());
    assert_eq!(ok.status, 202);
    assert!(ok.body.is_empty());

    let binary = [
        ("ce-specversion", "1.0"),
        ("ce-id", "b"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
        ("ce-note", "caf%C3%A9"),
        ("Content-Type", "text/plain"),
    ];
    assert_eq!(request(&addr, "POST", &binary, b"hello").status, 202);

    let bad = r#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#;
    let refused = request(&addr, "POST", &[STRUCTURED], bad.as_bytes());
    assert_eq!(refused.status, 400);
    assert!(refused.error().contains("\"id\""), "{}", refused.error());

    let batch = format!("[{},{{\"id\":7}},{}]", event_json("c"), event_json("d"));
    let partial = request(&addr, "POST", &[BATCH], batch.as_bytes());
    assert_eq!(partial.status, 400);
    assert!(
        partial.error().starts_with("event 2 (index 1): "),
        "{}",
        partial.error()
    );

    let plain = request(&addr, "POST", &[("Content-Type", "text/plain")], b"hi");
    assert_eq!(plain.status, 415);
    assert!(plain.error().contains("not a CloudEvent"));

    // `ce-` headers without `ce-specversion`: an invalid CloudEvent.
    let unversioned = request(&addr, "POST", &binary[1..], b"hello");
    assert_eq!(unversioned.status, 400);
    assert!(unversioned.error().contains("specversion"));

    let avro = request(
        &addr,
        "POST",
        &[("Content-Type", "application/cloudevents+avro")],
        b"x",
    );
    assert_eq!(avro.status, 415);

    let get = request(&addr, "GET", &[], b"");
    assert_eq!(get.status, 405);
    assert_eq!(get.header("allow").as_deref(), Some("OPTIONS, POST"));

    let big = format!(
        r#"{{"specversion":"1.0","id":"e","source":"/s","type":"t","data":"{}"}}"#,
        "x".repeat(3000)
    );
    let too_large = request(&addr, "POST", &[STRUCTURED], big.as_bytes());
    assert_eq!(too_large.status, 413);
    assert!(too_large.error().contains("2000"), "{}", too_large.error());

    let stopped = server.stop();
    assert_eq!(stopped.status.code(), Some(0));
    let ids: Vec<String> = json_lines(&stopped.stdout)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let printed = json_lines(&stopped.stdout);
    assert_eq!(printed[1]["note"], "café");
    assert_eq!(printed[1]["data"], "hello");
    // One `error:` line per invalid event or refused request.
    let errors = &stopped.stderr;
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert!(
        errors.iter().all(|l| l.starts_with("error: ")),
        "{errors:?}"
    );
    assert!(errors[0].contains("\"id\""));
    assert!(errors[1].starts_with("error: event 2 (index 1): "));
}

/// The webhook validation handshake (HTTP-23..HTTP-27).
#[test]
fn http_serve_answers_the_webhook_handshake() {
    let server = Server::start(&[]);
    let addr = server.addr.clone();

    let origin = [("WebHook-Request-Origin", "eventemitter.example.com")];
    let answer = request(&addr, "OPTIONS", &origin, b"");
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("webhook-allowed-origin").as_deref(),
        Some("eventemitter.example.com")
    );
    assert_eq!(answer.header("webhook-allowed-rate").as_deref(), Some("*"));
    assert_eq!(answer.header("allow").as_deref(), Some("OPTIONS, POST"));

    // With a requested rate and a callback: granted at once, no limit.
    let with_rate = [
        ("WebHook-Request-Origin", "sender.example"),
        ("WebHook-Request-Rate", "120"),
        ("WebHook-Request-Callback", "https://sender.example/ok?id=1"),
    ];
    let answer = request(&addr, "OPTIONS", &with_rate, b"");
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("webhook-allowed-origin").as_deref(),
        Some("sender.example")
    );
    assert_eq!(answer.header("webhook-allowed-rate").as_deref(), Some("*"));

    // A plain OPTIONS is no handshake.
    let answer = request(&addr, "OPTIONS", &[], b"");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("webhook-allowed-origin"), None);
    assert_eq!(answer.header("allow").as_deref(), Some("OPTIONS, POST"));

    let empty = request(&addr, "OPTIONS", &[("WebHook-Request-Origin", "")], b"");
    assert_eq!(empty.status, 400);

    // SIGINT stops it as SIGTERM does.
    let stopped = server.stop_with("-INT");
    assert_eq!(stopped.status.code(), Some(0));
    assert!(stopped.stdout.is_empty());
}

/// Keep-alive: several requests on one connection. SIGTERM while a request
/// is in flight: it is answered and printed, then the server exits 0.
#[test]
fn http_serve_keeps_connections_and_finishes_requests_in_flight() {
    let server = Server::start(&[]);
    let mut stream = connect(&server.addr);
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    for id in ["k1", "k2", "k3"] {
        write_request(
            &mut stream,
            "POST",
            &[STRUCTURED],
            event_json(id).as_bytes(),
            false,
        );
        assert_eq!(read_answer(&mut reader).status, 202);
    }

    // Half a request, then the signal, then the rest.
    let mut late = connect(&server.addr);
    let body = event_json("late");
    let (first, rest) = body.as_bytes().split_at(20);
    let head = format!(
        "POST / HTTP/1.1\r\nHost: test\r\nContent-Type: application/cloudevents+json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    late.write_all(head.as_bytes()).unwrap();
    late.write_all(first).unwrap();
    late.flush().unwrap();
    thread::sleep(Duration::from_millis(300));
    server.signal("-TERM");
    thread::sleep(Duration::from_millis(300));
    late.write_all(rest).unwrap();
    let answer = read_answer(&mut BufReader::new(late));
    assert_eq!(answer.status, 202);

    drop(reader);
    drop(stream);
    let mut server = server;
    let status = server.wait();
    assert_eq!(status.code(), Some(0));
    let stdout = text(&server.stdout.take().unwrap().join().unwrap());
    let ids: Vec<String> = json_lines(&stdout)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["k1", "k2", "k3", "late"]);
}

/// Requests at the same time: the events of each request are printed
/// together, in order, never interleaved with another request's.
#[test]
fn http_serve_prints_each_request_whole() {
    const CLIENTS: usize = 4;
    const ROUNDS: usize = 5;
    const PER_BATCH: usize = 40;
    let server = Server::start(&[]);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let addr = server.addr.clone();
            thread::spawn(move || {
                for r in 0..ROUNDS {
                    let events: Vec<String> = (0..PER_BATCH)
                        .map(|i| event_json(&format!("c{c}-r{r}-{i}")))
                        .collect();
                    let body = format!("[{}]", events.join(","));
                    assert_eq!(
                        request(&addr, "POST", &[BATCH], body.as_bytes()).status,
                        202
                    );
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let stopped = server.stop();
    let ids: Vec<String> = json_lines(&stopped.stdout)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), CLIENTS * ROUNDS * PER_BATCH);
    for group in ids.chunks(PER_BATCH) {
        let prefix = group[0].rsplit_once('-').unwrap().0;
        for (i, id) in group.iter().enumerate() {
            assert_eq!(id, &format!("{prefix}-{i}"), "interleaved output");
        }
    }
}

/// `--to batch`: one JSON array over every request, closed at exit; the
/// other formats of `ce convert` work as well.
#[test]
fn http_serve_writes_any_output_format() {
    let server = Server::start(&["--to", "batch"]);
    let batch = format!("[{},{}]", event_json("1"), event_json("2"));
    assert_eq!(
        request(&server.addr, "POST", &[BATCH], batch.as_bytes()).status,
        202
    );
    let single = event_json("3");
    assert_eq!(
        request(&server.addr, "POST", &[STRUCTURED], single.as_bytes()).status,
        202
    );
    let stopped = server.stop();
    assert_eq!(stopped.status.code(), Some(0));
    let array: Value = serde_json::from_str(&stopped.stdout).expect("one JSON array");
    let ids: Vec<&str> = array
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1", "2", "3"]);

    // Nothing received: an empty array.
    let stopped = Server::start(&["--to", "batch"]).stop();
    assert_eq!(stopped.stdout, "[]\n");

    let server = Server::start(&["--to", "http"]);
    assert_eq!(
        request(&server.addr, "POST", &[STRUCTURED], single.as_bytes()).status,
        202
    );
    let stopped = server.stop();
    assert!(
        stopped.stdout.starts_with("POST / HTTP/1.1\r\n"),
        "{}",
        stopped.stdout
    );
    assert!(stopped.stdout.contains("ce-id: 3\r\n"));
}

/// Exit status 1 when a response is not 2xx or an input event is invalid
/// (`FILE:N: error:` lines, counted as failed; the valid ones still go).
#[test]
fn http_send_counts_failures() {
    let server = Server::start(&["--max-size", "600"]);
    let small = event_json("small");
    let large = format!(
        r#"{{"specversion":"1.0","id":"large","source":"/s","type":"t","data":"{}"}}"#,
        "x".repeat(1000)
    );
    let invalid = r#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#;
    let input = format!("{small}\n{large}\n{invalid}\n{small}\n");
    for mode in ["binary", "structured", "batch"] {
        let out = ce_with_stdin(
            &[
                "send",
                &server.url("/"),
                "--mode",
                mode,
                "--batch-size",
                "1",
            ],
            input.as_bytes(),
        );
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{mode}: {err}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 3, "{mode}: {err}");
        assert!(
            lines[0].starts_with("-:2: error: server answered 413 Payload Too Large: "),
            "{mode}: {err}"
        );
        assert!(
            lines[1].starts_with("-:3: error: attribute \"id\""),
            "{mode}: {err}"
        );
        assert_eq!(lines[2], "2 sent, 2 failed", "{mode}");
    }
    // A batch that the server refuses counts all its events.
    let out = ce_with_stdin(
        &["send", &server.url("/"), "--mode", "batch"],
        format!("{small}\n{large}\n").as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).ends_with("0 sent, 2 failed\n"),
        "{}",
        text(&out.stderr)
    );
    server.stop();
}

/// Exit status 2 for usage and connection errors.
#[test]
fn http_send_usage_and_connection_errors_exit_2() {
    // A port nobody listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let out = ce_with_stdin(
        &["send", &url],
        format!("{}\n{}\n", event_json("1"), event_json("2")).as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with(&format!("ce: {url}: ")), "{err}");
    // Sending stops at the first connection error.
    assert_eq!(lines.last(), Some(&"0 sent, 1 failed"), "{err}");

    for args in [
        &["send", "not a url"][..],
        &["send", "https://127.0.0.1:1/"],
        &["send", "http://127.0.0.1:1/", "--batch-size", "0"],
        &["send", "http://127.0.0.1:1/", "--mode", "chunked"],
        &["send"],
    ] {
        let out = ce_with_stdin(args, b"");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let out = ce(&["send", "http://127.0.0.1:1/", "/no/such/file"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `ce serve` on a taken port: a one-line error, exit 2.
#[test]
fn http_serve_on_a_taken_port_exits_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = ce(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("ce: cannot listen on 127.0.0.1:"));
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ce-http-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A webhook sender does not follow redirects (HTTP-29): a 307 to a
/// working `ce serve` is a failed delivery, and nothing reaches it.
#[test]
fn http_send_does_not_follow_redirects() {
    let server = Server::start(&[]);
    let redirector = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let from = redirector.local_addr().unwrap();
    let location = server.url("/");
    let answering = thread::spawn(move || {
        let (stream, _) = redirector.accept().unwrap();
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        // Read the head and the body it announces, then redirect.
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap();
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let answer = format!(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        (&stream).write_all(answer.as_bytes()).unwrap();
    });
    let out = ce_with_stdin(
        &["send", &format!("http://{from}/")],
        format!("{}\n", event_json("r")).as_bytes(),
    );
    answering.join().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("-:1: error: server answered 307 Temporary Redirect"),
        "{err}"
    );
    assert!(err.ends_with("0 sent, 1 failed\n"), "{err}");
    let stopped = server.stop();
    assert!(stopped.stdout.is_empty(), "{}", stopped.stdout);
}

/// Batch mode puts one spec version in each batch (BATCH-4): a 0.3 event
/// between 1.0 events starts batches of its own, and all arrive.
#[test]
fn http_send_batches_hold_one_specversion() {
    let server = Server::start(&[]);
    let legacy = r#"{"specversion":"0.3","id":"old","source":"/s","type":"t"}"#;
    let input = format!("{}\n{legacy}\n{}\n", event_json("a"), event_json("b"));
    let out = ce_with_stdin(
        &["send", &server.url("/"), "--mode", "batch"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "3 sent, 0 failed\n");
    let stopped = server.stop();
    let expected = ce_with_stdin(&["convert", "--to", "ndjson"], input.as_bytes());
    assert_eq!(
        json_lines(&stopped.stdout),
        json_lines(&text(&expected.stdout))
    );
}

/// A second signal stops waiting for a request that never completes.
#[test]
fn http_serve_second_signal_stops_waiting() {
    let mut server = Server::start(&[]);
    let mut stalled = connect(&server.addr);
    stalled
        .write_all(b"POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\n{")
        .unwrap();
    thread::sleep(Duration::from_millis(300));
    server.signal("-TERM");
    thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    server.signal("-INT");
    let status = server.wait();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "waited for the grace period"
    );
    assert_eq!(status.code(), Some(0));
    let stderr = server.stderr.take().unwrap().join().unwrap();
    assert_eq!(stderr, ["error: stopped with requests still in flight"]);
    drop(stalled);
}
