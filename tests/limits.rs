//! Limits and pathological inputs (CORE-16, JSON-24, E-11): every configured
//! cap is a `Limit` error, and hostile shapes (deep nesting, many extensions,
//! huge strings) finish in time linear in the input.
//!
//! Each case must finish well inside [`BUDGET`] even in a debug build on a
//! shared 2-core machine; the sizes are the ones the issue asks for.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use cloudevents_codec::json::{BatchReader, NdjsonReader};
use cloudevents_codec::{Data, ErrorKind, Event, ParseOptions};

const BASE: &str = r#""specversion":"1.0","id":"1","source":"/s","type":"t""#;

/// A generous bound for each pathological case (debug build, on a machine
/// that may be busy: CI shares it with other builds). Linear work on these
/// inputs takes a second or two; the quadratic behaviour this guards
/// against takes hours at these sizes, so the margin costs no power.
const BUDGET: Duration = Duration::from_secs(30);

/// Runs `f`, failing when it takes longer than [`BUDGET`].
fn timed<R>(what: &str, f: impl FnOnce() -> R) -> R {
    let start = Instant::now();
    let r = f();
    let took = start.elapsed();
    assert!(took < BUDGET, "{what} took {took:?} (budget {BUDGET:?})");
    r
}

fn event_with(members: &str) -> Vec<u8> {
    format!("{{{BASE},{members}}}").into_bytes()
}

fn limit_error(input: &[u8], opts: &ParseOptions) -> cloudevents_codec::Error {
    match Event::from_json_with(input, opts) {
        Ok(e) => panic!("expected a Limit error, parsed {e:?}"),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Limit, "{e}");
            e
        }
    }
}

/// A `data` value of `depth` nested arrays (or objects), closed properly.
fn nested_data(depth: usize, object: bool) -> Vec<u8> {
    let (open, close): (&str, &str) = if object {
        (r#"{"a":"#, "}")
    } else {
        ("[", "]")
    };
    let mut s = format!("{{{BASE},\"data\":");
    s.reserve(depth * (open.len() + close.len()) + 2);
    for _ in 0..depth {
        s.push_str(open);
    }
    s.push('1');
    for _ in 0..depth {
        s.push_str(close);
    }
    s.push('}');
    s.into_bytes()
}

// ---- JSON-24, E-11: nesting depth -------------------------------------------

#[test]
fn million_nested_arrays_in_data_is_a_fast_limit_error() {
    let input = nested_data(1_000_000, false);
    // The input is ~2 MB, inside the default 4 MiB size limit: the depth cap
    // (not the size cap) must stop it, without recursion.
    let opts = ParseOptions::new();
    let e = timed("1M nested arrays", || limit_error(&input, &opts));
    assert!(e.offset().is_some_and(|at| at < 1_000), "{e}");
    // The highest configurable cap stops it too.
    let opts = ParseOptions::new()
        .with_max_depth(usize::MAX)
        .with_max_size(usize::MAX);
    timed("1M nested arrays, max cap", || limit_error(&input, &opts));
}

#[test]
fn million_nested_objects_in_data_is_a_fast_limit_error() {
    let input = nested_data(1_000_000, true);
    let opts = ParseOptions::new().with_max_size(usize::MAX);
    timed("1M nested objects", || limit_error(&input, &opts));
}

#[test]
fn depth_cap_is_exact() {
    let opts = ParseOptions::new().with_max_depth(128);
    let at_cap = nested_data(128, false);
    assert!(Event::from_json_with(&at_cap, &opts).is_ok());
    limit_error(&nested_data(129, false), &opts);
    let opts = ParseOptions::new().with_max_depth(3);
    assert!(Event::from_json_with(&nested_data(3, true), &opts).is_ok());
    limit_error(&nested_data(4, true), &opts);
}

#[test]
fn deep_values_outside_data_are_bounded_too() {
    // Extension values and wrongly typed core attributes are skipped with a
    // bounded iterative scan as well (JSON-24): no stack overflow, no hang.
    let deep = "[".repeat(1_000_000);
    for members in [
        format!(r#""ext":{deep}"#),
        format!(r#""subject":{deep}"#),
        format!(r#""data_base64":{deep}"#),
    ] {
        let input = event_with(&members);
        let r = timed("deep non-data value", || Event::from_json(&input));
        assert!(r.is_err());
    }
}

#[test]
fn deep_batch_element_ends_the_batch_quickly() {
    let input = format!("[{}", "[".repeat(1_000_000)).into_bytes();
    let items = timed("deep batch element", || {
        BatchReader::new(&input)
            .expect("an array")
            .collect::<Vec<_>>()
    });
    assert_eq!(items.len(), 1);
    assert!(items[0].is_err());
}

// ---- CORE-16: event size ------------------------------------------------------

#[test]
fn size_cap_is_exact_and_checked_first() {
    let small = event_with(r#""data":"xxxxxxxxxx""#);
    let opts = ParseOptions::new().with_max_size(small.len());
    assert!(Event::from_json_with(&small, &opts).is_ok());
    let opts = ParseOptions::new().with_max_size(small.len() - 1);
    let e = limit_error(&small, &opts);
    assert_eq!(e.offset(), Some(0));
}

#[test]
fn default_size_cap_is_at_least_64_kib_and_rejects_oversized_events() {
    // CORE-16: consumers SHOULD accept at least 64 KiB.
    let opts = ParseOptions::new();
    assert!(opts.max_size() >= 64 * 1024);
    let fits = event_with(&format!(r#""data":"{}""#, "a".repeat(64 * 1024)));
    assert!(Event::from_json(&fits).is_ok());
    // One byte over the default cap, however it is shaped, is rejected
    // before any parsing.
    let mut over = vec![b' '; opts.max_size() + 1];
    over[0] = b'{';
    let e = timed("oversized event", || limit_error(&over, &opts));
    assert_eq!(e.offset(), Some(0));
}

#[test]
fn ndjson_applies_the_size_cap_per_line() {
    let line = event_with(r#""data":"0123456789""#);
    let mut input = line.clone();
    input.push(b'\n');
    input.extend_from_slice(&event_with(&format!(r#""data":"{}""#, "9".repeat(100))));
    let opts = ParseOptions::new().with_max_size(line.len());
    let items: Vec<_> = NdjsonReader::with_options(&input, opts).collect();
    assert!(items[0].1.is_ok());
    assert_eq!(items[1].1.as_ref().unwrap_err().kind(), ErrorKind::Limit);
}

// ---- extension count ----------------------------------------------------------

/// An event with `n` distinct extensions `e0`, `e1`, ...
fn many_extensions(n: usize) -> Vec<u8> {
    let mut s = String::with_capacity(n * 12 + 64);
    s.push('{');
    s.push_str(BASE);
    for i in 0..n {
        s.push_str(&format!(",\"e{i}\":{i}"));
    }
    s.push('}');
    s.into_bytes()
}

#[test]
fn hundred_thousand_extensions_hit_the_default_limit_fast() {
    let input = many_extensions(100_000);
    let opts = ParseOptions::new().with_max_size(usize::MAX);
    let e = timed("100k extensions", || limit_error(&input, &opts));
    assert_eq!(e.attribute(), Some("e128"), "{e}");
}

#[test]
fn hundred_thousand_extensions_under_a_raised_limit_take_linear_time() {
    // A caller who raises the cap must not get quadratic duplicate checks.
    let input = many_extensions(100_000);
    let opts = ParseOptions::new()
        .with_max_size(usize::MAX)
        .with_max_extensions(99_999);
    let e = timed("100k extensions, raised cap", || limit_error(&input, &opts));
    assert_eq!(e.attribute(), Some("e99999"), "{e}");
    let opts = opts.with_max_extensions(100_000);
    let event = timed("100k extensions accepted", || {
        Event::from_json_with(&input, &opts).expect("fits the raised cap")
    });
    assert_eq!(event.extensions().len(), 100_000);
}

#[test]
fn duplicate_among_many_extensions_is_found() {
    let mut input = many_extensions(50_000);
    input.pop(); // '}'
    input.extend_from_slice(br#","e123":"again"}"#);
    let opts = ParseOptions::new()
        .with_max_size(usize::MAX)
        .with_max_extensions(100_000);
    let e = timed("duplicate among 50k extensions", || {
        Event::from_json_with(&input, &opts).unwrap_err()
    });
    assert_eq!(e.kind(), ErrorKind::Duplicate, "{e}");
    assert_eq!(e.attribute(), Some("e123"));
}

// ---- huge strings -------------------------------------------------------------

const HUNDRED_MB: usize = 100 << 20;

/// `{BASE,"data":"aaaa…"}` with a 100 MB string, built once for every test.
fn huge_data_event() -> &'static [u8] {
    static INPUT: OnceLock<Vec<u8>> = OnceLock::new();
    INPUT.get_or_init(|| {
        let head = format!("{{{BASE},\"datacontenttype\":\"text/plain\",\"data\":\"");
        let mut v = Vec::with_capacity(head.len() + HUNDRED_MB + 2);
        v.extend_from_slice(head.as_bytes());
        v.resize(head.len() + HUNDRED_MB, b'a');
        v.extend_from_slice(b"\"}");
        v
    })
}

#[test]
fn hundred_mb_string_in_data_parses_in_linear_time() {
    let input = huge_data_event();
    let opts = ParseOptions::new().with_max_size(usize::MAX);
    let event = timed("100 MB data string", || {
        Event::from_json_with(input, &opts).expect("parses")
    });
    let Some(Data::Text(t)) = event.data() else {
        panic!("expected text data");
    };
    assert_eq!(t.raw().len(), HUNDRED_MB);
    // Zero-copy: the data borrows the input.
    assert!(core::ptr::eq(
        t.raw().as_ptr(),
        input[input.len() - 2 - HUNDRED_MB..].as_ptr()
    ));
    // And the default size cap refuses it outright.
    limit_error(input, &ParseOptions::new());
}

#[test]
fn ten_mb_of_escapes_in_an_attribute_parse_in_linear_time() {
    // Escapes take the slow path; 10 MB of `\"` and `\u00e9` keep it linear.
    let n = 10 << 20;
    let mut s = format!("{{{BASE},\"subject\":\"");
    while s.len() < n {
        s.push_str(r#"\"\u00e9\/"#);
    }
    s.push_str("\"}");
    let opts = ParseOptions::new().with_max_size(usize::MAX);
    let event = timed("10 MB of escapes", || {
        Event::from_json_with(s.as_bytes(), &opts).expect("parses")
    });
    assert!(event.subject().is_some_and(|t| t.is_encoded()));
}

#[test]
fn duplicates_past_the_scan_threshold_compare_decoded_names() {
    // CORE-10, JSON-8: `"\u0065\u0035"` is `e5`, even as the 40th extension.
    for (n, dup) in [
        (40, r#""\u0065\u0035":1"#),
        (40, r#""e39":1"#),
        (33, r#""e0":1"#),
    ] {
        let mut input = many_extensions(n);
        input.pop();
        input.extend_from_slice(format!(",{dup}}}").as_bytes());
        let e = Event::from_json(&input).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Duplicate, "{dup}: {e}");
        assert_eq!(e.offset(), Some(input.len() - dup.len() - 1), "{dup}");
    }
    // The first repeat in input order is the one reported.
    let mut input = many_extensions(40);
    input.pop();
    input.extend_from_slice(br#","e7":1,"e3":2}"#);
    let e = Event::from_json(&input).unwrap_err();
    assert_eq!(e.attribute(), Some("e7"));
    // Without duplicates, 40 extensions parse.
    assert_eq!(
        Event::from_json(&many_extensions(40))
            .unwrap()
            .extensions()
            .len(),
        40
    );
}
