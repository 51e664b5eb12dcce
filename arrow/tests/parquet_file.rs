//! The Parquet files themselves: row groups and their statistics, read back
//! with `parquet`'s own metadata reader; schema and row errors on reading.

mod support;

use std::sync::Arc;

use cloudevents_codec_arrow::arrow_array::{ArrayRef, RecordBatch, StringArray};
use cloudevents_codec_arrow::parquet::file::metadata::{PageIndexPolicy, ParquetMetaDataReader};
use cloudevents_codec_arrow::parquet::file::statistics::Statistics;
use cloudevents_codec_arrow::{
    BatchEvents, BatchOptions, ErrorKind, EventBatchBuilder, ParquetOptions,
};
use support::{corpus, to_parquet};

#[test]
fn row_groups_have_time_and_type_statistics() {
    let input = corpus::ndjson(corpus::Profile::Small, 2500, 9);
    let file = to_parquet(&input, ParquetOptions::new().row_group_rows(1000));
    let metadata = ParquetMetaDataReader::new()
        .with_page_index_policy(PageIndexPolicy::Required)
        .parse_and_finish(&file)
        .unwrap();
    assert_eq!(metadata.file_metadata().num_rows(), 2500);
    let groups = metadata.row_groups();
    assert_eq!(
        groups.iter().map(|g| g.num_rows()).collect::<Vec<_>>(),
        [1000, 1000, 500]
    );
    let schema = metadata.file_metadata().schema_descr();
    let index = |name: &str| {
        (0..schema.num_columns())
            .find(|&i| schema.column(i).path().string() == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (time, ty) = (index("time"), index("type"));
    // What each row group's statistics must say, from the events themselves.
    let events: Vec<_> = cloudevents_codec::json::NdjsonReader::new(&input)
        .map(|(_, e)| e.unwrap())
        .collect();
    for (g, group) in groups.iter().enumerate() {
        let rows = &events[g * 1000..(g * 1000 + 1000).min(events.len())];
        let times: Vec<i64> = rows
            .iter()
            .filter_map(|e| e.timestamp())
            .map(|t| t.unix_nanos() as i64)
            .collect();
        let types: Vec<String> = rows.iter().map(|e| e.ty().to_string()).collect();
        match group.column(time).statistics() {
            Some(Statistics::Int64(s)) => {
                assert_eq!(s.min_opt(), times.iter().min(), "group {g}");
                assert_eq!(s.max_opt(), times.iter().max(), "group {g}");
                assert_eq!(s.null_count_opt(), Some((rows.len() - times.len()) as u64));
            }
            other => panic!("group {g}: time statistics {other:?}"),
        }
        match group.column(ty).statistics() {
            Some(Statistics::ByteArray(s)) => {
                let min = std::str::from_utf8(s.min_bytes_opt().unwrap()).unwrap();
                let max = std::str::from_utf8(s.max_bytes_opt().unwrap()).unwrap();
                assert_eq!(
                    Some(min),
                    types.iter().map(String::as_str).min(),
                    "group {g}"
                );
                assert_eq!(
                    Some(max),
                    types.iter().map(String::as_str).max(),
                    "group {g}"
                );
            }
            other => panic!("group {g}: type statistics {other:?}"),
        }
    }
    // The page index (column index) is written too: engines prune pages.
    assert!(metadata.page_index().is_some());
    for group in groups {
        assert!(group.column(time).column_index_range().is_some());
        assert!(group.column(ty).column_index_range().is_some());
    }
}

#[test]
fn promoted_columns_have_statistics() {
    let input = corpus::ndjson(corpus::Profile::Small, 500, 2);
    let options = ParquetOptions::new().batch(
        BatchOptions::new().promote("seqno", cloudevents_codec_arrow::ExtensionType::Integer),
    );
    let file = to_parquet(&input, options);
    let metadata = ParquetMetaDataReader::new()
        .parse_and_finish(&file)
        .unwrap();
    let group = metadata.row_group(0);
    let seqno = group
        .columns()
        .iter()
        .find(|c| c.column_path().string() == "seqno")
        .unwrap();
    match seqno.statistics() {
        Some(Statistics::Int32(s)) => assert!(s.min_opt() <= s.max_opt()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn reading_a_batch_without_required_columns_fails() {
    let id: ArrayRef = Arc::new(StringArray::from(vec!["1"]));
    let batch = RecordBatch::try_from_iter([("id", id)]).unwrap();
    let err = BatchEvents::new(&batch).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Schema);
    assert!(err.to_string().contains("specversion"), "{err}");
}

#[test]
fn invalid_rows_are_errors_not_panics() {
    let strings = |v: Vec<Option<&str>>| -> ArrayRef { Arc::new(StringArray::from(v)) };
    let batch = RecordBatch::try_from_iter([
        (
            "specversion",
            strings(vec![
                Some("1.0"),
                Some("2.0"),
                Some("1.0"),
                Some("1.0"),
                None,
            ]),
        ),
        (
            "id",
            strings(vec![Some("1"), Some("2"), Some(""), None, Some("5")]),
        ),
        ("source", strings(vec![Some("/s"); 5])),
        ("type", strings(vec![Some("t"); 5])),
        ("time", strings(vec![None; 5])),
    ]);
    // `time` must be a timestamp column.
    let err = BatchEvents::new(&batch.unwrap()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Schema);

    let batch = RecordBatch::try_from_iter([
        (
            "specversion",
            strings(vec![
                Some("1.0"),
                Some("2.0"),
                Some("1.0"),
                Some("1.0"),
                None,
            ]),
        ),
        (
            "id",
            strings(vec![Some("1"), Some("2"), Some(""), None, Some("5")]),
        ),
        ("source", strings(vec![Some("/s"); 5])),
        ("type", strings(vec![Some("t"); 5])),
        ("other_column", strings(vec![Some("ignored"); 5])),
    ])
    .unwrap();
    let events = BatchEvents::new(&batch).unwrap();
    let mut scratch = Vec::new();
    assert!(events.event(0, &mut scratch).is_ok());
    for row in 1..5 {
        let err = events.event(row, &mut scratch).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidEvent, "row {row}");
        assert_eq!(err.row(), Some(row));
    }
    // The library's own error is kept.
    let err = events.event(2, &mut scratch).unwrap_err();
    assert_eq!(
        err.event_error().map(|e| e.kind()),
        Some(cloudevents_codec::ErrorKind::InvalidValue)
    );
    assert_eq!(
        events.event(5, &mut scratch).unwrap_err().kind(),
        ErrorKind::InvalidEvent
    );
}

#[test]
fn a_batch_from_the_builder_reads_without_the_optional_columns() {
    // Engines may drop all-null columns; only the four required are needed.
    let mut builder = EventBatchBuilder::new();
    let e = cloudevents_codec::Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#,
    )
    .unwrap();
    builder.append(&e).unwrap();
    let batch = builder.finish().unwrap();
    let batch = batch.project(&[0, 1, 2, 3]).unwrap();
    let events = BatchEvents::new(&batch).unwrap();
    let mut scratch = Vec::new();
    assert_eq!(events.event(0, &mut scratch).unwrap(), e);
}

#[test]
fn garbage_is_not_a_parquet_file() {
    let err = cloudevents_codec_arrow::ParquetEventReader::try_new(
        bytes::Bytes::from_static(b"PAR1 not really"),
        10,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Parquet);
}
