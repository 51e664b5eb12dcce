//! An independent reader: Python's `pyarrow` reads a Parquet file this
//! crate wrote, and its rows are compared with the events written.
//!
//! Needs `python3` with `pyarrow` (`pip install pyarrow`). Without them the
//! test skips with a message, and fails under `CI=true`.

mod support;

use std::process::Command;

use cloudevents_codec::json::NdjsonReader;
use cloudevents_codec::{Event, Value};
use cloudevents_codec_arrow::{BatchOptions, ExtensionType, ParquetOptions};
use support::{corpus, to_parquet};

/// Reads the file with pyarrow and prints, as JSON: the row count, and per
/// row the id, type, time (nanoseconds), time_offset, subject, data bytes
/// (latin-1 as a string), and the extensions as [name, value] pairs with
/// the typed value, promoted ones included.
const SCRIPT: &str = r#"
import json, sys
import pyarrow as pa
import pyarrow.parquet as pq

table = pq.read_table(sys.argv[1])
promoted = [n for n in table.column_names if n == "seqno"]
rows = []
times = table.column("time").cast(pa.int64()).to_pylist()
# Nanosecond timestamps do not fit Python's datetime: read them as integers.
rest = table.drop_columns(["time"])
for i, row in enumerate(rest.to_pylist()):
    exts = []
    for key, value in row["extensions"]:
        if value is None:
            value = row[key]
        else:
            value = [v for v in (value["string"], value["integer"], value["boolean"]) if v is not None][0]
        exts.append([key, value])
    data = row["data"]
    rows.append({
        "id": row["id"],
        "type": row["type"],
        "time": times[i],
        "time_offset": row["time_offset"],
        "subject": row["subject"],
        "data": None if data is None else data.decode("latin-1"),
        "data_kind": row["data_kind"],
        "extensions": exts,
    })
print(json.dumps({"num_rows": table.num_rows, "promoted": promoted, "rows": rows}))
"#;

fn python_with_pyarrow() -> bool {
    Command::new("python3")
        .args(["-c", "import pyarrow"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn pyarrow_reads_the_same_rows() {
    if !python_with_pyarrow() {
        let msg = "python3 with pyarrow is not available (pip install pyarrow)";
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{msg}");
        }
        eprintln!("skipping pyarrow_reads_the_same_rows: {msg}");
        return;
    }
    let mut input = corpus::ndjson(corpus::Profile::Small, 300, 21);
    input.extend_from_slice(&corpus::ndjson(corpus::Profile::Escaped, 100, 22));
    input.extend_from_slice(&corpus::ndjson(corpus::Profile::Base64, 50, 23));
    input.extend_from_slice(
        br#"{"specversion":"0.3","id":"v03","source":"/s","type":"t","flag":true,"seqno":"text","time":"2018-04-05T17:31:00+02:00","datacontenttype":"text/plain","data":"x"}
"#,
    );
    let options = ParquetOptions::new()
        .row_group_rows(128)
        .batch(BatchOptions::new().promote("seqno", ExtensionType::Integer));
    let file = to_parquet(&input, options);
    let path = std::env::temp_dir().join(format!(
        "cloudevents-codec-arrow-pyarrow-{}.parquet",
        std::process::id()
    ));
    std::fs::write(&path, &file).unwrap();
    let out = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "pyarrow failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    let events: Vec<Event<'_>> = NdjsonReader::new(&input).map(|(_, e)| e.unwrap()).collect();
    assert_eq!(got["num_rows"], events.len());
    assert_eq!(got["promoted"], serde_json::json!(["seqno"]));
    let rows = got["rows"].as_array().unwrap();
    assert_eq!(rows.len(), events.len());
    let mut checked_extensions = 0;
    for (row, (e, r)) in events.iter().zip(rows).enumerate() {
        assert_eq!(r["id"], e.id().to_string(), "row {row}");
        assert_eq!(r["type"], e.ty().to_string(), "row {row}");
        assert_eq!(
            r["subject"].as_str(),
            e.subject().map(|s| s.to_string()).as_deref(),
            "row {row}"
        );
        let ts = e.timestamp();
        let nanos = ts.map(|t| t.unix_nanos() as i64);
        assert_eq!(r["time"].as_i64(), nanos, "row {row}");
        let offset = ts.and_then(|t| (!t.is_utc_z()).then(|| i64::from(t.offset_minutes())));
        assert_eq!(r["time_offset"].as_i64(), offset, "row {row}");
        let latin1 = e.data().map(|d| {
            let mut data = Vec::new();
            d.write_bytes(&mut data);
            data.iter().map(|&b| char::from(b)).collect::<String>()
        });
        assert_eq!(r["data"].as_str(), latin1.as_deref(), "row {row}");
        let exts = r["extensions"].as_array().unwrap();
        assert_eq!(exts.len(), e.extensions().len(), "row {row}");
        for (x, pair) in e.extensions().zip(exts) {
            assert_eq!(pair[0], x.name().to_string(), "row {row}");
            let want = match x.value() {
                Value::String(t) => serde_json::Value::from(t.to_string()),
                Value::Integer(i) => serde_json::Value::from(i),
                Value::Boolean(b) => serde_json::Value::from(b),
                other => panic!("{other:?}"),
            };
            assert_eq!(pair[1], want, "row {row}: {}", x.name());
            checked_extensions += 1;
        }
    }
    let kinds: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["data_kind"].as_str())
        .collect();
    assert!(kinds.contains(&"json") && kinds.contains(&"base64") && kinds.contains(&"text"));
    assert!(checked_extensions > 600, "{checked_extensions}");
}
