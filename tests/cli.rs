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
