//! `cesql::Expression::parse` on the input (skipped unless UTF-8). Oracle:
//! a parsed expression prints (`Display`) to text that parses again to an
//! equal expression (`PartialEq`), and printing that is stable; the parse
//! error position lies inside the input; evaluating against a fixed event
//! never panics and `matches` agrees with `evaluate().is_match()`; complete
//! evaluation never panics, agrees with fail-fast when that has no error,
//! and otherwise reports the same first error.
#![no_main]

use cloudevents_codec::cesql::{EvalMode, Expression};
use cloudevents_codec::Event;
use libfuzzer_sys::fuzz_target;

const EVENT: &[u8] = br#"{"specversion":"1.0","id":"42","source":"https://example.com/s","type":"com.example.t","subject":"Sub","time":"2024-02-29T12:30:00.5+01:00","datacontenttype":"application/json","dataschema":"https://example.com/schema","num":7,"neg":-3,"flag":true,"text":"Hello, World","empty":"","data":{"a":1}}"#;

fuzz_target!(|input: &[u8]| {
    let Ok(src) = std::str::from_utf8(input) else {
        return;
    };
    let expr = match Expression::parse(src) {
        Ok(expr) => expr,
        Err(e) => {
            assert!(
                e.position() <= src.len(),
                "error position past the end: {e:?}"
            );
            let _ = (e.message(), e.kind());
            return;
        }
    };
    let printed = expr.to_string();
    let again = match Expression::parse(&printed) {
        Ok(again) => again,
        Err(e) => {
            panic!("printed expression does not parse: {e:?}\ninput: {src:?}\nprinted: {printed:?}")
        }
    };
    assert!(
        again == expr,
        "print/parse changed the expression\ninput: {src:?}\nprinted: {printed:?}\nagain: {again}"
    );
    assert_eq!(again.to_string(), printed, "printing is not stable");
    assert_eq!(again.result_type(), expr.result_type());

    let event = Event::from_json(EVENT).expect("fixed event parses");
    let eval = expr.evaluate(&event);
    let _ = format!("{eval:?}");
    assert_eq!(expr.matches(&event), eval.is_match());
    let full = expr.evaluate_with(&event, EvalMode::Complete);
    if eval.errors.is_empty() {
        assert_eq!(full, eval, "complete and fail-fast differ without errors");
    } else {
        assert_eq!(
            full.errors.as_slice().first(),
            eval.errors.as_slice().first()
        );
    }
});
