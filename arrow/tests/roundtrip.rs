//! Round trips NDJSON → Arrow → Parquet → Arrow → Event → NDJSON: the output
//! is the canonical NDJSON of the input, byte for byte.

mod support;

use cloudevents_codec::json::NdjsonReader;
use cloudevents_codec::{Event, EventBuilder, Value};
use cloudevents_codec_arrow::parquet::basic::Compression;
use cloudevents_codec_arrow::{
    BatchEvents, BatchOptions, EventBatchBuilder, ExtensionType, ParquetOptions,
};
use support::{
    arrow_to_ndjson, assert_same_lines, canonical, corpus, parquet_to_ndjson, to_parquet,
};

#[test]
fn every_profile_round_trips_through_parquet() {
    for profile in corpus::Profile::ALL {
        let count = match profile {
            corpus::Profile::Large => 300,
            _ => 3000,
        };
        let input = corpus::ndjson(profile, count, 11);
        let (want, escaped) = canonical(&input);
        // The events without escaped values are compared with
        // `write_ndjson_event` of the parsed input as it is; the others once
        // their values are decoded (the generator escapes some values in
        // every profile, all of them in `escaped`).
        assert!(
            escaped < count || profile == corpus::Profile::Escaped,
            "{profile}"
        );
        // Several row groups and batches of another size than the reader's.
        let options = ParquetOptions::new()
            .row_group_rows(1024)
            .batch(BatchOptions::new().batch_size(700));
        let got = parquet_to_ndjson(to_parquet(&input, options));
        assert_same_lines(&got, &want, profile.as_str());
    }
}

#[test]
fn round_tripped_events_equal_the_originals() {
    // Equality by meaning (`Event: PartialEq`), escaped profile included.
    for profile in corpus::Profile::ALL {
        let input = corpus::ndjson(profile, 200, 5);
        let mut builder = EventBatchBuilder::new();
        let originals: Vec<Event<'_>> =
            NdjsonReader::new(&input).map(|(_, e)| e.unwrap()).collect();
        for e in &originals {
            builder.append(e).unwrap();
        }
        let batch = builder.finish().unwrap();
        let events = BatchEvents::new(&batch).unwrap();
        assert_eq!(events.len(), originals.len());
        let mut scratch = Vec::new();
        for (row, original) in originals.iter().enumerate() {
            let back = events.event(row, &mut scratch).unwrap();
            assert_eq!(&back, original, "{profile} row {row}");
            // The same extension order, too.
            let names = |e: &Event<'_>| -> Vec<String> {
                e.extensions().map(|x| x.name().to_string()).collect()
            };
            assert_eq!(names(&back), names(original));
        }
    }
}

/// Hand-written events for every corner of the layout.
const CASES: &str = r#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}
{"specversion":"1.0","id":"2","source":"/s","type":"t","str":"x","int":-2147483648,"max":2147483647,"zero":0,"yes":true,"no":false,"empty":"","schemaurl":"relative/ref","datacontentencoding":"gzip"}
{"specversion":"1.0","id":"3","source":"/s","type":"t","datacontenttype":"text/plain","data":"plain text"}
{"specversion":"1.0","id":"4","source":"/s","type":"t","datacontenttype":"text/plain","data":""}
{"specversion":"1.0","id":"5","source":"/s","type":"t","data_base64":"AAEC/w=="}
{"specversion":"1.0","id":"6","source":"/s","type":"t","datacontenttype":"text/plain","data_base64":"aGk="}
{"specversion":"1.0","id":"7","source":"/s","type":"t","datacontenttype":"application/json","data_base64":"eyJhIjoxfQ=="}
{"specversion":"1.0","id":"8","source":"/s","type":"t","data_base64":""}
{"specversion":"1.0","id":"9","source":"/s","type":"t","data":null}
{"specversion":"1.0","id":"10","source":"/s","type":"t","data":{ "a" : [1, 2.50, -0e+3, "\u00e9\n"], "b":{}}}
{"specversion":"1.0","id":"11","source":"/s","type":"t","data":"a JSON string"}
{"specversion":"1.0","id":"12","source":"/s","type":"t","data":12.30}
{"specversion":"1.0","id":"13","source":"/s","type":"t","datacontenttype":"application/vnd.x+json; charset=utf-8","data":[true,false]}
{"specversion":"1.0","id":"14","source":"/s","type":"t","time":"2018-04-05T17:31:00Z"}
{"specversion":"1.0","id":"15","source":"/s","type":"t","time":"2018-04-05T17:31:00+02:00"}
{"specversion":"1.0","id":"16","source":"/s","type":"t","time":"2018-04-05T17:31:00.123-05:30"}
{"specversion":"1.0","id":"17","source":"/s","type":"t","time":"2018-04-05T17:31:00+00:00"}
{"specversion":"1.0","id":"18","source":"/s","type":"t","time":"2018-04-05T17:31:00-00:00"}
{"specversion":"1.0","id":"19","source":"/s","type":"t","time":"2018-04-05t17:31:00.5z"}
{"specversion":"1.0","id":"20","source":"/s","type":"t","time":"2016-12-31T23:59:60Z"}
{"specversion":"1.0","id":"21","source":"/s","type":"t","time":"2018-04-05T17:31:00.123456789123+23:59"}
{"specversion":"1.0","id":"22","source":"/s","type":"t","time":"0001-01-01T00:00:00Z"}
{"specversion":"1.0","id":"23","source":"/s","type":"t","time":"9999-12-31T23:59:59.999999999-23:59"}
{"specversion":"1.0","id":"24","source":"/s","type":"t","time":"2026-12-01T09:30:00.120Z"}
{"specversion":"1.0","id":"25","source":"https://example.com/x?y=1#z","type":"com.example.t","subject":"s p a c e","dataschema":"https://example.com/schema.json","datacontenttype":"application/json","time":"2026-12-01T09:30:00Z","ext":"v","data":{"x":1}}
{"specversion":"1.0","id":"esc\"aped\u00e9\/","source":"https:\/\/example.com\/a","type":"caf\u00e9.\"q\"","subject":"caf\u00e9 \ud83d\ude00 \\ \/","datacontenttype":"text\/plain","time":"2018-04-05T17:31:00\u002B02:00","e1":"x\\y\u0041z","e2":"\u65e5\u672c","data":"line\nbreak \u00e9 \"q\""}
{"specversion":"1.0","id":"27","source":"/s","type":"t","dataschema":"urn:x:\u0065","e\u0031":"escaped name"}
{"specversion":"0.3","id":"28","source":"/s","type":"t"}
{"specversion":"0.3","id":"29","source":"/s","type":"t","schemaurl":"/rel","datacontentencoding":"base64","data":"Zm9v"}
{"specversion":"0.3","id":"30","source":"/s","type":"t","datacontenttype":"application/json","schemaurl":"https://example.com/s","subject":"x","time":"2018-04-05T17:31:00.250+02:00","str":"\"q\"","int":-7,"bool":true,"dataschema":"ext in 0.3","data":{"a":[1,null]}}
{"specversion":"0.3","id":"31","source":"/s","type":"t","datacontenttype":"text/plain","data":"text \u00e9"}
{"specversion":"0.3","id":"32","source":"/s","type":"t","datacontenttype":"text/plain","datacontentencoding":"base64","data":"aGk="}
{"specversion":"0.3","id":"34","source":"/s","type":"t","m":{"a":1,"b":[true,{"c":"\u00e9"}]},"data_base64":"opaque in 0.3","empty":""}
{"specversion":"1.0","id":"33","source":"/s","type":"t","a1":1,"a2":2,"a3":3,"a4":4,"a5":5,"a6":6,"a7":7,"a8":8,"a9":"nine","a10":true}
"#;

#[test]
fn corner_cases_round_trip_through_arrow_and_parquet() {
    let input = CASES.as_bytes();
    let (want, escaped) = canonical(input);
    assert_eq!(escaped, 4);
    let got = arrow_to_ndjson(input, &mut EventBatchBuilder::new());
    assert_same_lines(&got, &want, "arrow");
    let got = parquet_to_ndjson(to_parquet(input, ParquetOptions::new()));
    assert_same_lines(&got, &want, "parquet");
    // One event per batch, one per row group: the same.
    let options = ParquetOptions::new()
        .row_group_rows(1)
        .batch(BatchOptions::new().batch_size(1));
    let got = parquet_to_ndjson(to_parquet(input, options));
    assert_same_lines(&got, &want, "parquet, one row per group");
}

#[test]
fn every_compression_round_trips() {
    use cloudevents_codec_arrow::parquet::basic::{GzipLevel, ZstdLevel};
    let _ = GzipLevel::default();
    let input = corpus::ndjson(corpus::Profile::Medium, 300, 3);
    let (want, _) = canonical(&input);
    for compression in [
        Compression::UNCOMPRESSED,
        Compression::SNAPPY,
        Compression::ZSTD(ZstdLevel::try_new(9).unwrap()),
        Compression::LZ4_RAW,
    ] {
        let file = to_parquet(&input, ParquetOptions::new().compression(compression));
        let reader =
            cloudevents_codec_arrow::ParquetEventReader::try_new(file.clone(), 64).unwrap();
        let group = reader.metadata().row_group(0);
        for col in group.columns() {
            // The file records the codec, not the level.
            assert_eq!(
                std::mem::discriminant(&col.compression()),
                std::mem::discriminant(&compression),
                "{}",
                col.column_path()
            );
        }
        assert_same_lines(&parquet_to_ndjson(file), &want, &format!("{compression:?}"));
    }
}

#[test]
fn raw_binary_data_round_trips_as_raw_bytes() {
    // `Data::Binary` (a binary-mode body) is written by the JSON writer
    // according to its content type; it must come back as raw bytes.
    let cases: [(&str, &[u8]); 4] = [
        ("application/json", br#" {"a": 1} "#),
        ("text/plain", "caf\u{e9}".as_bytes()),
        ("application/octet-stream", &[0, 1, 2, 255]),
        ("text/plain", &[0xff, 0xfe]),
    ];
    let mut builder = EventBatchBuilder::new();
    let mut originals = Vec::new();
    for (ct, bytes) in cases {
        let e = EventBuilder::new("1", "/s", "t")
            .datacontenttype(ct)
            .data_binary(bytes)
            .build()
            .unwrap();
        builder.append(&e).unwrap();
        originals.push(e);
    }
    let no_ct = EventBuilder::new("1", "/s", "t")
        .data_binary(b"xyz")
        .build()
        .unwrap();
    builder.append(&no_ct).unwrap();
    originals.push(no_ct);
    let batch = builder.finish().unwrap();
    let events = BatchEvents::new(&batch).unwrap();
    let mut scratch = Vec::new();
    for (row, original) in originals.iter().enumerate() {
        let back = events.event(row, &mut scratch).unwrap();
        assert!(matches!(
            back.data(),
            Some(cloudevents_codec::Data::Binary(_))
        ));
        assert_eq!(&back, original);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        cloudevents_codec::json::write_event(&back, &mut a);
        cloudevents_codec::json::write_event(original, &mut b);
        assert_eq!(a, b);
    }
}

#[test]
fn promoted_extensions_get_typed_columns_and_keep_their_place() {
    use cloudevents_codec_arrow::arrow_array::cast::AsArray;
    use cloudevents_codec_arrow::arrow_array::types::Int32Type;
    use cloudevents_codec_arrow::arrow_array::Array;
    let input = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","a":1,"seqno":5,"b":"x","region":"eu","flag":true}
{"specversion":"1.0","id":"2","source":"/s","type":"t","seqno":"not an integer","region":"us"}
{"specversion":"1.0","id":"3","source":"/s","type":"t"}
{"specversion":"0.3","id":"4","source":"/s","type":"t","flag":false,"seqno":-3}
"#;
    let options = BatchOptions::new()
        .promote("seqno", ExtensionType::Integer)
        .promote("region", ExtensionType::String)
        .promote("flag", ExtensionType::Boolean);
    let mut builder = EventBatchBuilder::try_new(options.clone()).unwrap();
    let got = arrow_to_ndjson(input, &mut builder);
    assert_same_lines(&got, &canonical(input).0, "promoted, arrow");

    for (_, event) in NdjsonReader::new(&input[..]) {
        builder.append(&event.unwrap()).unwrap();
    }
    let batch = builder.finish().unwrap();
    let seqno = batch
        .column_by_name("seqno")
        .unwrap()
        .as_primitive::<Int32Type>();
    assert_eq!(
        seqno.iter().collect::<Vec<_>>(),
        [Some(5), None, None, Some(-3)]
    );
    let region = batch.column_by_name("region").unwrap().as_string::<i32>();
    assert_eq!(
        region.iter().collect::<Vec<_>>(),
        [Some("eu"), Some("us"), None, None]
    );
    let flag = batch.column_by_name("flag").unwrap().as_boolean();
    assert_eq!(
        flag.iter().collect::<Vec<_>>(),
        [Some(true), None, None, Some(false)]
    );
    // In the map: a placeholder (null value) where the promoted value was,
    // the mistyped `seqno` of row 2 as a string.
    let map = batch.column_by_name("extensions").unwrap().as_map();
    let row1 = map.value(1);
    let keys = row1.column(0).as_string::<i32>();
    let values = row1.column(1).as_struct();
    assert_eq!(
        keys.iter().collect::<Vec<_>>(),
        [Some("seqno"), Some("region")]
    );
    assert!(values.is_valid(0) && values.is_null(1));
    assert_eq!(
        values.column(0).as_string::<i32>().value(0),
        "not an integer"
    );

    let file = to_parquet(input, ParquetOptions::new().batch(options));
    assert_same_lines(
        &parquet_to_ndjson(file),
        &canonical(input).0,
        "promoted, parquet",
    );
}

#[test]
fn promotion_options_are_checked() {
    use cloudevents_codec_arrow::ErrorKind;
    for bad in [
        BatchOptions::new().promote("Seq", ExtensionType::Integer),
        BatchOptions::new().promote("", ExtensionType::Integer),
        BatchOptions::new().promote("extensions", ExtensionType::String),
        BatchOptions::new().promote("time", ExtensionType::String),
        BatchOptions::new()
            .promote("a", ExtensionType::String)
            .promote("a", ExtensionType::Integer),
    ] {
        let err = EventBatchBuilder::try_new(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Schema);
    }
    let mut many = BatchOptions::new();
    for i in 0..=64 {
        many = many.promote(format!("e{i}"), ExtensionType::Boolean);
    }
    assert_eq!(
        EventBatchBuilder::try_new(many).unwrap_err().kind(),
        ErrorKind::Schema
    );
}

#[test]
fn batches_have_the_chosen_size() {
    let input = corpus::ndjson(corpus::Profile::Small, 1000, 1);
    let mut builder = EventBatchBuilder::try_new(BatchOptions::new().batch_size(300)).unwrap();
    let mut sizes = Vec::new();
    for (_, event) in NdjsonReader::new(&input) {
        if let Some(batch) = builder.push(&event.unwrap()).unwrap() {
            sizes.push(batch.num_rows());
        }
    }
    sizes.extend(builder.finish_nonempty().unwrap().map(|b| b.num_rows()));
    assert_eq!(sizes, [300, 300, 300, 100]);
    assert!(builder.finish_nonempty().unwrap().is_none());
}

#[test]
fn batches_stay_under_the_byte_limit() {
    use cloudevents_codec_arrow::ErrorKind;
    let input = corpus::ndjson(corpus::Profile::Large, 20, 1);
    // About 17 KB per event: a 100 KB limit cuts every few events.
    let options = BatchOptions::new().max_batch_bytes(100_000);
    let mut builder = EventBatchBuilder::try_new(options).unwrap();
    let mut batches = Vec::new();
    for (_, event) in NdjsonReader::new(&input) {
        batches.extend(builder.push(&event.unwrap()).unwrap());
    }
    batches.extend(builder.finish_nonempty().unwrap());
    assert!(batches.len() > 3, "{}", batches.len());
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 20);
    for b in &batches {
        let data = b.column_by_name("data").unwrap();
        assert!(data.get_buffer_memory_size() < 200_000);
    }
    // An event larger than the limit on its own is refused.
    let mut tiny = EventBatchBuilder::try_new(BatchOptions::new().max_batch_bytes(1000)).unwrap();
    let big = NdjsonReader::new(&input).next().unwrap().1.unwrap();
    assert_eq!(tiny.push(&big).unwrap_err().kind(), ErrorKind::TooLarge);
    assert_eq!(tiny.append(&big).unwrap_err().kind(), ErrorKind::TooLarge);
    assert!(tiny.is_empty());
}

#[test]
fn extension_values_keep_their_types() {
    let input =
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","s":"1","i":1,"b":true}"#;
    let mut builder = EventBatchBuilder::new();
    builder.append(&Event::from_json(input).unwrap()).unwrap();
    let batch = builder.finish().unwrap();
    let events = BatchEvents::new(&batch).unwrap();
    let mut scratch = Vec::new();
    let e = events.event(0, &mut scratch).unwrap();
    assert_eq!(e.extension("s").and_then(|v| v.as_text()).unwrap(), "1");
    assert_eq!(e.extension("i"), Some(Value::Integer(1)));
    assert_eq!(e.extension("b"), Some(Value::Boolean(true)));
}
