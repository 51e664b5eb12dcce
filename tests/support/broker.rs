//! Shared by the real-broker tests (`tests/broker_*.rs`): whether a broker
//! is reachable (a test skips with a message when it is not, and fails
//! under `CI=true`), unique names per run, bounded waits, the events every
//! broker test sends and what each mapping reads back.
//! Include it with `#[path = "support/broker.rs"] mod broker;`.

// Each test binary uses part of this module.
#![allow(dead_code)]

use cloudevents_codec::binding::{ContentMode, Message};
use cloudevents_codec::{Error, Event, Timestamp};
use std::future::Future;
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A broker on this machine: where it listens and how a newcomer starts it
/// (the same commands as the README and `.ci/run`).
pub struct Broker {
    pub name: &'static str,
    pub port: u16,
    pub start: &'static str,
}

pub const NATS: Broker = Broker {
    name: "NATS (with JetStream)",
    port: 4222,
    start: "start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server",
};
pub const MOSQUITTO: Broker = Broker {
    name: "Mosquitto (MQTT)",
    port: 1883,
    start: "mosquitto -d -c /etc/mosquitto/mosquitto.conf",
};
pub const RABBITMQ: Broker = Broker {
    name: "RabbitMQ",
    port: 5672,
    start: "rabbitmq-server -detached; rabbitmq-plugins enable rabbitmq_amqp1_0 (RabbitMQ 3.x)",
};

/// True when the environment says this is CI: nothing may be skipped.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Skips (prints why on stderr, returns false) on a developer's machine;
/// panics under `CI=true`.
pub fn skip(test: &str, why: &str) -> bool {
    skip_in(ci(), test, why)
}

/// [`skip`], with CI or not given.
pub fn skip_in(ci: bool, test: &str, why: &str) -> bool {
    assert!(
        !ci,
        "{test}: {why} (CI=true: the broker tests must run, not skip)"
    );
    eprintln!("SKIPPED {test}: {why}");
    false
}

/// True when `broker` accepts TCP connections on 127.0.0.1; otherwise
/// [`skip`]s.
pub fn available(test: &str, broker: &Broker) -> bool {
    available_in(ci(), test, broker)
}

/// [`available`], with CI or not given.
pub fn available_in(ci: bool, test: &str, broker: &Broker) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], broker.port));
    match TcpStream::connect_timeout(&addr, Duration::from_secs(3)) {
        Ok(_) => true,
        Err(e) => skip_in(
            ci,
            test,
            &format!(
                "{} is not reachable at {addr} ({e}); start it with: {}",
                broker.name, broker.start
            ),
        ),
    }
}

/// A name no other run or test uses at the same time: the process id and
/// a counter (subjects, topics, queues, streams, client ids).
pub fn unique(what: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "cecodec-{what}-{}-{}-{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// How long any one wait on a broker may take.
pub const WAIT: Duration = Duration::from_secs(15);

/// Awaits `f` for at most [`WAIT`]; panics naming `what` after that.
pub async fn within<T>(what: &str, f: impl Future<Output = T>) -> T {
    match tokio::time::timeout(WAIT, f).await {
        Ok(v) => v,
        Err(_) => panic!("timed out after {WAIT:?} waiting for {what}"),
    }
}

/// The events every broker test sends, as structured JSON: every attribute
/// type (String, URI, URI-reference, Timestamp at three precisions,
/// Integer, Boolean extensions), binary, JSON and text data, no data,
/// values worth percent-encoding and non-ASCII ones, and more extensions
/// than `INLINE_EXTENSIONS`.
pub fn events() -> Vec<&'static str> {
    vec![
        r#"{"specversion":"1.0","id":"full-1","source":"https://example.com/sensors/7?a=b&c=%20d",
            "type":"com.example.reading","subject":"héllo wörld 🌍 \"quoted\" 100% ; , = {} é",
            "time":"2026-11-28T13:11:25.123Z","dataschema":"https://example.com/schemas/reading.json",
            "datacontenttype":"application/json",
            "strext":"  padded, with %25 and ü  ","intext":42,"negint":-2147483648,"maxint":2147483647,
            "boolyes":true,"boolno":false,"emptyext":"","ext1":"one","ext2":"zwei","ext3":"三",
            "ext4":"four","ext5":"five",
            "data":{"celsius":21.5,"note":"ü ☃","list":[1,2,3]}}"#,
        r#"{"specversion":"1.0","id":"bin-2","source":"/s","type":"t.binary",
            "time":"2026-11-28T13:11:25Z","datacontenttype":"application/octet-stream",
            "data_base64":"AAECAwT9/v8="}"#,
        r#"{"specversion":"1.0","id":"text-3","source":"urn:example:text","type":"t.text",
            "time":"2026-11-28T13:11:25.123456789Z","datacontenttype":"text/plain; charset=utf-8",
            "data":"héllo, wörld\nline two \"q\" %41"}"#,
        r#"{"specversion":"1.0","id":"json-4","source":"/s","type":"t.json","data":[1,"two",{"three":3.0}]}"#,
        r#"{"specversion":"1.0","id":"nodata-5","source":"/s","type":"t.none","tracekey":"a=b"}"#,
    ]
}

/// How a binding carries extension values in binary mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// As strings (HTTP, NATS, MQTT headers): typed extensions arrive in
    /// their string form (TYPE-10).
    Strings,
    /// Typed (AMQP properties).
    Typed,
}

/// The attribute names that are not extensions.
const CORE: &[&str] = &[
    "specversion",
    "id",
    "source",
    "type",
    "datacontenttype",
    "dataschema",
    "subject",
    "time",
    "data",
    "data_base64",
];

/// What a binary-mode read gives back for `json`: the same event, with
/// the content type every binding states for JSON data without one
/// (CORE-13), and, for string-valued bindings, extensions as strings.
pub fn binary_expectation(json: &str, values: Values) -> String {
    use serde_json::value::RawValue;
    // Raw values: the data keeps its exact text, which binary mode
    // carries byte for byte.
    let mut members: std::collections::BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(json).unwrap();
    let raw = |text: String| RawValue::from_string(text).unwrap();
    let json_data = members
        .get("data")
        .is_some_and(|d| !d.get().starts_with('"'));
    if json_data && !members.contains_key("datacontenttype") {
        members.insert("datacontenttype".into(), raw("\"application/json\"".into()));
    }
    if values == Values::Strings {
        for (name, value) in members.iter_mut() {
            let text = value.get();
            if !CORE.contains(&name.as_str()) && !text.starts_with('"') {
                *value = raw(format!("\"{text}\""));
            }
        }
    }
    serde_json::to_string(&members).unwrap()
}

/// Asserts that a read gave an event in `mode` equal to `expected` (JSON).
pub fn check(label: &str, read: Result<Message<'_>, Error>, mode: ContentMode, expected: &str) {
    let message = read.unwrap_or_else(|e| panic!("{label}: read failed: {e}"));
    assert_eq!(message.mode(), mode, "{label}: mode");
    let got = message.into_event().unwrap();
    let want = Event::from_json(expected.as_bytes()).unwrap();
    assert_eq!(got, want, "{label}");
}

/// A structured event as a JSON value for comparing with another
/// implementation, which may spell a time differently (`.123000+00:00`
/// for `.123Z`) and keep fewer digits (Python: microseconds): `time`
/// becomes its instant in whole microseconds.
pub fn normalized(json: &str) -> serde_json::Value {
    let mut v: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("not JSON ({e}): {json}"));
    if let Some(t) = v.get_mut("time") {
        let text = t.as_str().unwrap().to_owned();
        let ts = Timestamp::parse(text.as_bytes()).unwrap();
        *t = ts.unix_nanos().div_euclid(1000).to_string().into();
    }
    v
}

/// The Python interpreter (`$PYTHON`, else `python3`) when it can import
/// every module of `modules`; otherwise [`skip`]s.
pub fn python_with(test: &str, modules: &[&str]) -> Option<String> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let imports = format!("import {}", modules.join(", "));
    let ok = std::process::Command::new(&python)
        .args(["-c", &imports])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some(python);
    }
    skip(
        test,
        &format!(
            "`{python} -c '{imports}'` failed; install the interop packages with \
             `{python} -m pip install -r tests/interop/requirements.txt`"
        ),
    );
    None
}

/// A script of `tests/interop/` running beside a test: it prints `ready`
/// once subscribed, then lines the test reads after it exits.
pub struct Script {
    child: tokio::process::Child,
    lines: tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
    seen: Vec<String>,
}

impl Script {
    /// Starts `python tests/interop/NAME ARGS...`.
    pub fn start(python: &str, name: &str, args: &[&str]) -> Script {
        use tokio::io::AsyncBufReadExt;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/");
        let mut child = tokio::process::Command::new(python)
            .arg(format!("{path}{name}"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("start {name}: {e}"));
        let stdout = child.stdout.take().unwrap();
        Script {
            child,
            lines: tokio::io::BufReader::new(stdout).lines(),
            seen: Vec::new(),
        }
    }

    /// Waits (bounded) for the script's `ready` line.
    pub async fn wait_ready(&mut self) {
        loop {
            let line = within("the interop script to be ready", self.lines.next_line())
                .await
                .unwrap();
            match line {
                Some(l) if l == "ready" => return,
                Some(l) => self.seen.push(l),
                None => panic!(
                    "the interop script exited before it was ready: {:?}",
                    self.seen
                ),
            }
        }
    }

    /// Waits (bounded) for the script to exit successfully; its output
    /// lines.
    pub async fn finish(mut self) -> Vec<String> {
        while let Some(l) = within("the interop script's output", self.lines.next_line())
            .await
            .unwrap()
        {
            self.seen.push(l);
        }
        let status = within("the interop script to exit", self.child.wait())
            .await
            .unwrap();
        assert!(
            status.success(),
            "the interop script failed ({status}); output: {:?}",
            self.seen
        );
        self.seen
    }
}

/// `binary JSON` or `structured JSON` (an interop script's line).
pub fn mode_and_json(line: &str) -> (ContentMode, String) {
    let (mode, json) = line.split_once(' ').unwrap();
    let mode = match mode {
        "binary" => ContentMode::Binary,
        "structured" => ContentMode::Structured,
        other => panic!("unknown mode {other}"),
    };
    (mode, json.to_owned())
}
