//! The `ce` command-line contract, driven as a black box.

use assert_cmd::Command;

fn ce() -> Command {
    Command::cargo_bin("ce").unwrap()
}

const GOOD: &str = r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":{"a":1}}"#;
const BAD_ID: &str = r#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#;

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn validate_stdin_all_valid() {
    let out = ce()
        .arg("validate")
        .write_stdin(format!("{GOOD}\n{GOOD}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr_of(&out).trim_end(), "2 valid, 0 invalid");
}

#[test]
fn validate_reports_each_invalid_event() {
    let dir = tempdir();
    let file = dir.join("events.ndjson");
    std::fs::write(&file, format!("{GOOD}\n\n{BAD_ID}\n{GOOD}\n")).unwrap();
    let out = ce().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    let lines: Vec<_> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    // `FILE:N: error: MESSAGE`, N the 1-based event index (blank lines skipped).
    assert_eq!(
        lines[0],
        format!(
            "{}:2: error: attribute \"id\": invalid value: must not be empty (at byte 26)",
            file.display()
        )
    );
    assert_eq!(lines[1], "2 valid, 1 invalid");
}

#[test]
fn validate_single_pretty_json_and_batch() {
    let pretty = "{\n  \"specversion\": \"1.0\",\n  \"id\": \"1\",\n  \"source\": \"/s\",\n  \"type\": \"t\"\n}\n";
    let out = ce().arg("validate").write_stdin(pretty).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let batch = format!("[{GOOD},42,{BAD_ID}]");
    let out = ce()
        .arg("validate")
        .write_stdin(batch.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("-:2: error: type mismatch"), "{err}");
    assert!(err.contains("-:3: error: attribute \"id\""), "{err}");
    assert!(err.ends_with("1 valid, 2 invalid\n"), "{err}");
    let out = ce()
        .args(["validate", "--from", "batch"])
        .write_stdin(batch)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn validate_usage_and_io_errors_exit_2() {
    let out = ce().args(["validate", "/no/such/file"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("/no/such/file"));
    let out = ce().args(["validate", "--from", "yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = ce().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = ce().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_and_version() {
    let out = ce().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_of(&out).contains("validate"));
    let out = ce().args(["convert", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_of(&out).contains("--skip-invalid"));
    let out = ce().arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_of(&out).starts_with("ce "));
}

#[test]
fn convert_to_ndjson_is_the_canonical_dump() {
    let input = r#"{"type":"t","id":"1","source":"/s","specversion":"1.0","n":5,"b":true,
        "datacontenttype":"text/plain","data":"hi"}"#;
    let out = ce()
        .args(["convert", "--to", "ndjson", "--from", "json"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"datacontenttype\":\"text/plain\",\"n\":5,\"b\":true,\"data\":\"hi\"}\n"
    );
}

#[test]
fn convert_stops_at_first_invalid_unless_skipping() {
    let input = format!("{GOOD}\n{BAD_ID}\n{GOOD}\n");
    let out = ce()
        .args(["convert", "--to", "ndjson"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out).lines().count(), 1);
    assert!(stderr_of(&out).starts_with("-:2: error: "));
    let out = ce()
        .args(["convert", "--to", "ndjson", "--skip-invalid"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out).lines().count(), 2);
}

#[test]
fn convert_to_binary_mode_refuses_cloudevents_content_types() {
    // HTTP-3, KAFKA-2: such a datacontenttype would select structured mode,
    // so the event cannot be written as a binary-mode message.
    let odd = r#"{"specversion":"1.0","id":"x","source":"/s","type":"t","datacontenttype":"application/cloudevents+json","data":{"a":1}}"#;
    let input = format!("{odd}\n{GOOD}\n");
    for to in ["http", "kafka"] {
        let out = ce()
            .args(["convert", "--to", to])
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{to}");
        assert!(stdout_of(&out).is_empty(), "{to}");
        let err = stderr_of(&out);
        assert!(err.starts_with("-:1: error: "), "{err}");
        assert!(err.contains("datacontenttype"), "{err}");
        let out = ce()
            .args(["convert", "--to", to, "--skip-invalid"])
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{to}");
        assert!(
            !stdout_of(&out).is_empty(),
            "{to}: the valid event is written"
        );
    }
}

#[test]
fn convert_to_batch_and_back() {
    let input = format!("{GOOD}\n{GOOD}\n");
    let out = ce()
        .args(["convert", "--to", "batch"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let batch = stdout_of(&out);
    assert!(
        batch.starts_with("[{") && batch.trim_end().ends_with("}]"),
        "{batch}"
    );
    let out = ce()
        .args(["convert", "--from", "batch", "--to", "ndjson"])
        .write_stdin(batch)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout_of(&out).lines().count(), 2);
}

/// A fresh directory under the target dir (no tempfile dependency needed).
fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "ce-cli-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn convert_upgrades_legacy_events() {
    // V03-6, V03-10: ce never emits 0.3.
    let input = r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","datacontentencoding":"base64","data":"Zm9v"}"#;
    let out = ce()
        .args(["convert", "--to", "ndjson"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"data_base64\":\"Zm9v\"}\n"
    );
}

#[test]
fn gen_is_deterministic_and_valid() {
    let a = ce()
        .args(["gen", "--count", "50", "--seed", "3", "--profile", "medium"])
        .output()
        .unwrap();
    let b = ce()
        .args(["gen", "--count", "50", "--seed", "3", "--profile", "medium"])
        .output()
        .unwrap();
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(stdout_of(&a).lines().count(), 50);
    let v = ce().arg("validate").write_stdin(a.stdout).output().unwrap();
    assert_eq!(v.status.code(), Some(0));
    assert_eq!(stderr_of(&v).trim_end(), "50 valid, 0 invalid");
}

#[test]
fn bench_prints_a_table() {
    let out = ce()
        .args(["bench", "--profile", "small", "--seconds", "0.2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let table = stdout_of(&out);
    assert!(table.starts_with("profile"), "{table}");
    assert!(table.contains("events/s") && table.contains("ns/event"));
    assert!(table
        .lines()
        .any(|l| l.contains("small") && l.contains("parse")));
}

#[test]
fn eval_and_filter() {
    let out = ce().args(["eval", "--no-event", "1 + 2"]).output().unwrap();
    assert_eq!(stdout_of(&out), "{\"result\": 3, \"errors\": []}\n");
    let out = ce().args(["eval", "--no-event", "1 +"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    // No expression, no type: Boolean false (CESQL §3.2; TCK "x LIKE 123").
    assert_eq!(
        stdout_of(&out),
        "{\"result\": false, \"errors\": [\"parse\"]}\n"
    );
    let out = ce()
        .args(["eval", "--no-event", "missing = 2"])
        .output()
        .unwrap();
    assert_eq!(
        stdout_of(&out),
        "{\"result\": false, \"errors\": [\"missingAttribute\"]}\n"
    );
    let input = format!("{GOOD}\n{}\n", GOOD.replace("\"id\":\"1\"", "\"id\":\"2\""));
    let out = ce()
        .args(["eval", "id = '2'"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(
        stdout_of(&out),
        "{\"result\": false, \"errors\": []}\n{\"result\": true, \"errors\": []}\n"
    );
    let out = ce()
        .args(["filter", "id = '2'"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let kept = stdout_of(&out);
    assert_eq!(kept.lines().count(), 1);
    assert!(kept.contains("\"id\":\"2\""));
}

fn eval_line(args: &[&str]) -> String {
    let out = ce().arg("eval").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
    stdout_of(&out)
}

#[test]
fn eval_expression_may_start_with_a_hyphen() {
    // Issue 13, item 13: an expression that starts with `-` is not an
    // option, wherever the real options are.
    let want = "{\"result\": -1, \"errors\": []}\n";
    assert_eq!(eval_line(&["-7 % 3", "--no-event"]), want);
    assert_eq!(eval_line(&["--no-event", "-7 % 3"]), want);
    assert_eq!(eval_line(&["--no-event", "--", "-7 % 3"]), want);
    assert_eq!(
        eval_line(&["--no-event", "--10"]),
        "{\"result\": 10, \"errors\": []}\n"
    );
    // Without --no-event and without input: the minimal event.
    assert_eq!(eval_line(&["-7 % 3"]), want);
    let out = ce()
        .args(["eval", "-id", "--from", "json"])
        .write_stdin(GOOD)
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), want);
    let out = ce()
        .args(["filter", "-1 = -id"])
        .write_stdin(format!(
            "{GOOD}\n{}\n",
            GOOD.replace("\"id\":\"1\"", "\"id\":\"2\"")
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout_of(&out).lines().count(), 1);
    assert!(stdout_of(&out).contains("\"id\":\"1\""));
    // Real options keep working.
    assert!(stdout_of(&ce().args(["eval", "--help"]).output().unwrap()).contains("--complete"));
}

#[test]
fn eval_cesql_semantics_of_issue_13() {
    // CESQL §3.2 (item 9): a bare absent attribute is false.
    assert_eq!(
        eval_line(&["--no-event", "subject"]),
        "{\"result\": false, \"errors\": [\"missingAttribute\"]}\n"
    );
    // CESQL-20, TCK not_operator.yaml (item 10).
    assert_eq!(
        eval_line(&["--no-event", "NOT 10"]),
        "{\"result\": true, \"errors\": [\"cast\"]}\n"
    );
    // CESQL §2.4 (item 12): no digits in function names.
    let out = ce()
        .args(["eval", "--no-event", "ABS2(1)"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout_of(&out),
        "{\"result\": false, \"errors\": [\"parse\"]}\n"
    );
}

#[test]
fn eval_complete_mode() {
    // CESQL §4.1 (item 11): --complete goes on after errors and reports
    // them all; the default is fail-fast.
    let missing = "{\"result\": true, \"errors\": [\"missingAttribute\"]}\n";
    assert_eq!(
        eval_line(&["--complete", "--no-event", "NOT (missing = 0)"]),
        missing
    );
    assert_eq!(
        eval_line(&["--no-event", "NOT (missing = 0)", "--complete"]),
        missing
    );
    assert_eq!(
        eval_line(&["--no-event", "NOT (missing = 0)"]),
        "{\"result\": false, \"errors\": [\"missingAttribute\"]}\n"
    );
    assert_eq!(
        eval_line(&["--complete", "--no-event", "LENGTH(missing) + 1"]),
        "{\"result\": 1, \"errors\": [\"missingAttribute\"]}\n"
    );
    assert_eq!(
        eval_line(&["--complete", "--no-event", "-missing + 1/0 + INT('x')"]),
        "{\"result\": 0, \"errors\": [\"missingAttribute\", \"math\", \"cast\"]}\n"
    );
    // CESQL §1.2: filters stay fail-fast; there is no --complete for them.
    let out = ce()
        .args(["filter", "--complete", "TRUE"])
        .write_stdin(GOOD)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The spec's example: an event without `firstname` is rejected by
    // `firstname = ... OR subject = ...` but kept by the swapped order.
    let event = r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","subject":"Francesco"}"#;
    let kept = |expr: &str| {
        let out = ce()
            .args(["filter", expr])
            .write_stdin(event)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        stdout_of(&out).lines().count()
    };
    assert_eq!(kept("firstname = 'Francesco' OR subject = 'Francesco'"), 0);
    assert_eq!(kept("subject = 'Francesco' OR firstname = 'Francesco'"), 1);
}

#[test]
fn http_input_binary_structured_batch_and_responses() {
    // HTTP-3, HTTP-8, E-56: binary with mixed-case ce- headers and LF line ends,
    // a structured request, a batch, and a response, in one capture.
    let structured = GOOD;
    let batch = format!("[{GOOD},{GOOD}]");
    let capture = format!(
        "POST /a HTTP/1.1\nHost: x\nCE-ID: b1\nce-Source: /src\nce-type: t\nce-specversion: 1.0\nce-subject: Euro%20%E2%82%AC\nContent-Type: text/plain\nContent-Length: 5\n\nhello\
POST /b HTTP/1.1\r\nContent-Type: application/cloudevents+json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{structured}\
HTTP/1.1 200 OK\r\nContent-Type: application/cloudevents-batch+json\r\nContent-Length: {}\r\n\r\n{batch}\r\n",
        structured.len(),
        batch.len()
    );
    let out = ce()
        .args(["convert", "--to", "ndjson"])
        .write_stdin(capture.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let lines: Vec<String> = stdout_of(&out).lines().map(String::from).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[0],
        r#"{"specversion":"1.0","id":"b1","source":"/src","type":"t","datacontenttype":"text/plain","subject":"Euro €","data":"hello"}"#
    );
    let out = ce()
        .args(["validate", "--from", "http"])
        .write_stdin(capture)
        .output()
        .unwrap();
    assert_eq!(stderr_of(&out).trim_end(), "4 valid, 0 invalid");
}

#[test]
fn http_output_round_trips() {
    let input = r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","subject":"a b","n":5,"datacontenttype":"application/json","data":{"a":1}}"#;
    let out = ce()
        .args(["convert", "--to", "http"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let http = stdout_of(&out);
    assert!(http.starts_with("POST / HTTP/1.1\r\n"), "{http}");
    assert!(http.contains("ce-subject: a%20b\r\n"), "{http}"); // HTTP-11
    assert!(
        http.contains("Content-Length: 7\r\n\r\n{\"a\":1}"),
        "{http}"
    );
    let back = ce()
        .args(["convert", "--from", "http", "--to", "ndjson"])
        .write_stdin(http)
        .output()
        .unwrap();
    assert_eq!(back.status.code(), Some(0), "{}", stderr_of(&back));
    // TYPE-10: the integer extension comes back from a header as a String.
    assert_eq!(
        stdout_of(&back),
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"datacontenttype\":\"application/json\",\"subject\":\"a b\",\"n\":\"5\",\"data\":{\"a\":1}}\n"
    );
}

#[test]
fn http_errors_name_the_event() {
    // E-50: a broken percent escape; HTTP-5: no ce-specversion.
    let capture = "POST / HTTP/1.1\r\nce-specversion: 1.0\r\nce-id: 100%\r\nce-source: /s\r\nce-type: t\r\nContent-Length: 0\r\n\r\n\
POST / HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi";
    let out = ce()
        .args(["validate", "--from", "http"])
        .write_stdin(capture)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("-:1: error: attribute \"id\": encoding error"),
        "{err}"
    );
    assert!(err.contains("-:2: error: not a CloudEvent"), "{err}");
    assert!(err.ends_with("0 valid, 2 invalid\n"), "{err}");
}

#[test]
fn kafka_input_and_output() {
    // KAFKA-3..KAFKA-6, E-66, E-69: kcat -J records, binary and structured,
    // a base64 payload, a tombstone.
    let structured = GOOD.replace('"', "\\\"");
    let records = format!(
        r#"{{"topic":"t","partition":0,"offset":1,"key":"k","payload":"hello","headers":["CE_SPECVERSION","1.0","ce_id","1","ce_source","/s","ce_type","t","content-type","text/plain"]}}
{{"key":null,"payload":"{structured}","headers":["content-type","application/cloudevents+json"]}}
{{"key":null,"payload_base64":"AAEC","headers":["ce_specversion","1.0","ce_id","2","ce_source","/s","ce_type","t"]}}
{{"key":null,"payload":null,"headers":["ce_specversion","1.0","ce_id","3","ce_source","/s","ce_type","t"]}}
"#
    );
    let out = ce()
        .args(["convert", "--to", "ndjson"])
        .write_stdin(records)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let lines: Vec<String> = stdout_of(&out).lines().map(String::from).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[0],
        r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":"hello"}"#
    );
    assert_eq!(
        lines[2],
        r#"{"specversion":"1.0","id":"2","source":"/s","type":"t","data_base64":"AAEC"}"#
    );
    assert_eq!(
        lines[3],
        r#"{"specversion":"1.0","id":"3","source":"/s","type":"t"}"#
    );

    // Output: ce_ headers, key from partitionkey, payload or payload_base64.
    let input = r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","partitionkey":"pk","data_base64":"/w=="}"#;
    let out = ce()
        .args(["convert", "--to", "kafka"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "{\"key\":\"pk\",\"payload_base64\":\"/w==\",\"headers\":[\"ce_specversion\",\"1.0\",\"ce_id\",\"1\",\"ce_source\",\"/s\",\"ce_type\",\"t\",\"ce_partitionkey\",\"pk\"]}\n"
    );
}

#[test]
fn http_without_content_length() {
    // A capture without Content-Length: the body runs to the end of the input
    // unless another message follows (HTTP-7: an empty body is no data).
    let capture = "POST / HTTP/1.1\nce-specversion: 1.0\nce-id: 1\nce-source: /s\nce-type: t\n\n\
POST / HTTP/1.1\nce-specversion: 1.0\nce-id: 2\nce-source: /s\nce-type: t\nContent-Type: text/plain\n\nhello";
    let out = ce()
        .args(["convert", "--from", "http", "--to", "ndjson"])
        .write_stdin(capture)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}\n\
{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\",\"datacontenttype\":\"text/plain\",\"data\":\"hello\"}\n"
    );
}

// ---------------------------------------------------------------------------
// Issue 13, items 4, 7, 15, 16, 17.

/// The issue's batch: an element nested 200 deep, then two valid events.
fn deep_batch() -> String {
    format!(
        "[{{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"data\":{}{}}},{GOOD},{GOOD}]",
        "[".repeat(200),
        "]".repeat(200)
    )
}

fn http_request(headers: &str, body: &str) -> String {
    format!(
        "POST / HTTP/1.1\r\n{headers}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

#[test]
fn batch_8_http_batch_and_from_batch_agree_per_element() {
    // BATCH-5, BATCH-8 as amended (formats/json-format.md §4), HTTP-21
    // (http-protocol-binding.md §3.3): the same items however the batch came.
    let batch = deep_batch();
    let request = http_request(
        "Content-Type: application/cloudevents-batch+json\r\n",
        &batch,
    );
    let mut reports = Vec::new();
    for (from, input) in [
        ("batch", batch.clone()),
        ("auto", batch.clone()),
        ("http", request.clone()),
        ("auto", request.clone()),
    ] {
        let out = ce()
            .args(["validate", "--from", from])
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = stderr_of(&out);
        assert!(err.ends_with("2 valid, 1 invalid\n"), "{from}: {err}");
        assert!(
            err.starts_with("-:1: error: attribute \"data\": limit exceeded: nesting too deep"),
            "{from}: {err}"
        );
        reports.push(err);
    }
    // Offsets are relative to the batch in every case.
    assert!(reports.windows(2).all(|w| w[0] == w[1]), "{reports:?}");
}

#[test]
fn kafka_3_record_keys_survive_conversion() {
    // KAFKA-3 (kafka-protocol-binding.md §3.1): the record key is kept;
    // `partitionkey` makes the key only when the record has none.
    let headers = r#"["ce_specversion","1.0","ce_id","1","ce_source","/s","ce_type","t","ce_partitionkey","pk"]"#;
    let records = format!(
        "{{\"key\":\"mykey\",\"payload\":\"a\",\"headers\":{headers}}}\n\
         {{\"key\":null,\"payload\":\"b\",\"headers\":{headers}}}\n\
         {{\"key\":\"k\\u00e9\\\"y\",\"payload\":\"c\",\"headers\":[\"ce_specversion\",\"1.0\",\"ce_id\",\"3\",\"ce_source\",\"/s\",\"ce_type\",\"t\"]}}\n\
         {{\"payload\":\"d\",\"headers\":[\"ce_specversion\",\"1.0\",\"ce_id\",\"4\",\"ce_source\",\"/s\",\"ce_type\",\"t\"]}}\n"
    );
    let out = ce()
        .args(["convert", "--from", "kafka", "--to", "kafka"])
        .write_stdin(records.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let keys: Vec<serde_json::Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["key"].clone())
        .collect();
    assert_eq!(
        keys,
        [
            serde_json::json!("mykey"),
            serde_json::json!("pk"),
            serde_json::json!("k\u{e9}\"y"),
            serde_json::Value::Null
        ]
    );
    // Through `ce filter` too.
    let out = ce()
        .args(["filter", "id = '1'", "--from", "kafka", "--to", "kafka"])
        .write_stdin(records)
        .output()
        .unwrap();
    assert!(
        stdout_of(&out).starts_with("{\"key\":\"mykey\","),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn stderr_is_buffered_in_order_and_flushed() {
    // Issue 13 item 15: error lines go through one buffer; their order and
    // the summary as the last line are unchanged, whatever their number.
    let n = 200_000;
    let mut batch = String::with_capacity(2 * n + 2);
    batch.push('[');
    for i in 0..n {
        if i > 0 {
            batch.push(',');
        }
        batch.push('1');
    }
    batch.push(']');
    let out = ce()
        .args(["validate", "--from", "batch"])
        .write_stdin(batch)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), n + 1);
    for (i, line) in lines[..n].iter().enumerate() {
        let expect = format!("-:{}: error: type mismatch: ", i + 1);
        assert!(line.starts_with(&expect), "{line}");
    }
    assert_eq!(lines[n], format!("0 valid, {n} invalid"));
    // A usage error after buffered lines still comes out.
    let out = ce()
        .args(["convert", "--to", "ndjson", "/no/such/file"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("/no/such/file"));
}

#[test]
fn http_1_chunked_transfer_encoding() {
    // HTTP-1 (http-protocol-binding.md §3: HTTP/1.1 messages), RFC 9112
    // §7.1: chunked bodies with chunk extensions and trailer fields, in
    // binary, structured and batch mode, CRLF and LF line ends.
    let binary =
        "POST / HTTP/1.1\r\nce-specversion: 1.0\r\nce-id: b\r\nce-source: /s\r\nce-type: t\r\n\
Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n\
3;name=value\r\nhel\r\n2;a;b=\"q;x\"\r\nlo\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n";
    let structured = format!(
        "POST / HTTP/1.1\nContent-Type: application/cloudevents+json\nTransfer-Encoding: chunked\n\n{:x}\n{}\n{:x}\n{}\n0\n\n",
        10,
        &GOOD[..10],
        GOOD.len() - 10,
        &GOOD[10..]
    );
    let batch = format!("[{GOOD},{GOOD}]");
    let batch = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/cloudevents-batch+json\r\nTransfer-Encoding: chunked\r\n\r\n{:X}\r\n{batch}\r\n0\r\n\r\n",
        batch.len()
    );
    let capture = format!("{binary}{structured}{batch}");
    let out = ce()
        .args(["convert", "--to", "ndjson"])
        .write_stdin(capture.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let lines: Vec<String> = stdout_of(&out).lines().map(String::from).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(
        lines[0],
        r#"{"specversion":"1.0","id":"b","source":"/s","type":"t","datacontenttype":"text/plain","data":"hello"}"#
    );
    assert_eq!(lines[1], GOOD);
    // A broken chunked body is reported and ends the capture.
    let broken = format!(
        "{}POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        http_request("Content-Type: application/cloudevents+json\r\n", GOOD)
    );
    let out = ce()
        .args(["validate", "--from", "http"])
        .write_stdin(broken)
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("-:2: error: syntax error: invalid chunk size line"),
        "{err}"
    );
    assert!(err.ends_with("1 valid, 1 invalid\n"), "{err}");
    // Another transfer coding cannot be read.
    let gzip = "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n";
    let out = ce()
        .args(["validate", "--from", "http"])
        .write_stdin(gzip)
        .output()
        .unwrap();
    assert!(stderr_of(&out).contains("Transfer-Encoding other than chunked"));
}

#[test]
fn v03_6_unconvertible_legacy_events_stay_0_3() {
    // V03-5, V03-6, V03-9, V03-10 (spec.md@v0.3 §schemaurl, RELEASE_NOTES.md
    // §v1.0.0): a valid 0.3 event without a 1.0 form is written as 0.3 with
    // a warning, never lost.
    let relative =
        r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"schemas/v1"}"#;
    let map = r#"{"specversion":"0.3","id":"2","source":"/s","type":"t","comexampleextension2":{"otherValue":5}}"#;
    let named = r#"{"specversion":"0.3","id":"3","source":"/s","type":"t","dataschema":"x"}"#;
    let plain =
        r#"{"specversion":"0.3","id":"4","source":"/s","type":"t","schemaurl":"https://x/s"}"#;
    let input = format!("{relative}\n{map}\n{named}\n{plain}\n");
    let out = ce()
        .args(["convert", "--to", "ndjson"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let lines: Vec<String> = stdout_of(&out).lines().map(String::from).collect();
    assert_eq!(
        lines,
        [
            relative,
            map,
            named,
            r#"{"specversion":"1.0","id":"4","source":"/s","type":"t","dataschema":"https://x/s"}"#
        ]
    );
    let err = stderr_of(&out);
    let warnings: Vec<&str> = err.lines().collect();
    assert_eq!(warnings.len(), 3, "{err}");
    assert!(
        warnings[0]
            .starts_with("-:1: warning: written as CloudEvents 0.3: attribute \"schemaurl\""),
        "{err}"
    );
    assert!(
        warnings[1].starts_with(
            "-:2: warning: written as CloudEvents 0.3: extension \"comexampleextension2\""
        ),
        "{err}"
    );
    assert!(
        warnings[2]
            .starts_with("-:3: warning: written as CloudEvents 0.3: attribute \"dataschema\""),
        "{err}"
    );
    // Binary bindings carry them as 0.3 too, and read them back.
    for to in ["http", "kafka"] {
        let out = ce()
            .args(["convert", "--to", to])
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{to}: {}", stderr_of(&out));
        let back = ce()
            .args(["convert", "--from", to, "--to", "ndjson", "--keep-version"])
            .write_stdin(out.stdout)
            .output()
            .unwrap();
        assert_eq!(back.status.code(), Some(0), "{to}: {}", stderr_of(&back));
        let back = stdout_of(&back);
        assert!(
            back.lines()
                .next()
                .unwrap()
                .contains("\"schemaurl\":\"schemas/v1\""),
            "{to}: {back}"
        );
    }
    // --keep-version never upgrades (convert and filter).
    let out = ce()
        .args(["convert", "--to", "ndjson", "--keep-version"])
        .write_stdin(plain)
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), format!("{plain}\n"));
    assert_eq!(stderr_of(&out), "");
    let out = ce()
        .args(["filter", "id = '4'", "--keep-version"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), format!("{plain}\n"));
}

#[test]
fn batch_4_kept_0_3_events_in_batch_output() {
    // BATCH-4 (spec.md §Message): one specversion per batch, set by its
    // first event. A 0.3 batch keeps later 0.3 events as 0.3; an event that
    // cannot have the batch's version is an error for this output.
    let relative = r#"{"specversion":"0.3","id":"1","source":"/s","type":"t","schemaurl":"rel"}"#;
    let upgradable = r#"{"specversion":"0.3","id":"2","source":"/s","type":"t"}"#;
    let v1 = r#"{"specversion":"1.0","id":"3","source":"/s","type":"t"}"#;
    let out = ce()
        .args(["convert", "--to", "batch", "--skip-invalid"])
        .write_stdin(format!("{relative}\n{upgradable}\n{v1}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out), format!("[{relative},{upgradable}]\n"));
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "-:2: warning: written as CloudEvents 0.3: invalid value: the batch is CloudEvents 0.3"
        ),
        "{err}"
    );
    assert!(err.contains("-:3: error: attribute \"specversion\": invalid value: all events of a batch must have the same specversion"), "{err}");
    // A 1.0 batch: the unconvertible 0.3 event cannot join it.
    let out = ce()
        .args(["convert", "--to", "batch"])
        .write_stdin(format!("{v1}\n{upgradable}\n{relative}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("-:3: error: attribute \"specversion\""));
}
