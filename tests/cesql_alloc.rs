//! CESQL evaluation allocates nothing for the common filter shapes
//! (`type = …`, `source LIKE '/prefix/%'`, `EXISTS`, `IN` over integers),
//! whether the event's strings need decoding or not.
#![cfg(feature = "cesql")]

use cloudevents_codec::cesql::{EvalMode, Expression};
use cloudevents_codec::Event;

/// Counts allocations made by the current thread.
#[path = "support/counting_alloc.rs"]
mod counting_alloc;

const PLAIN: &[u8] = br#"{"specversion":"1.0","id":"1","source":"/sensors/7",
    "type":"com.example.reading","subject":"s","myext":2}"#;
/// The same event with JSON escapes in the strings the filters read.
const ESCAPED: &[u8] = br#"{"specversion":"1.0","id":"1","source":"\/sensors\/7",
    "type":"com.\u0065xample.reading","subject":"s","myext":2}"#;

const FILTERS: &[&str] = &[
    "type = 'com.example.reading' AND source LIKE '/sensors/%'",
    "EXISTS subject",
    "myext IN (1, 2, 3)",
    "NOT EXISTS nope AND myext NOT IN (7) AND type LIKE '%.reading'",
    "source = '/sensors/7' OR type = 'x'",
];

#[test]
fn common_filters_do_not_allocate() {
    for input in [PLAIN, ESCAPED] {
        let event = Event::from_json(input).unwrap();
        for src in FILTERS {
            let expr = Expression::parse(src).unwrap();
            let before = counting_alloc::count();
            for _ in 0..100 {
                assert!(expr.matches(&event), "{src}");
                let eval = expr.evaluate(&event);
                assert!(eval.is_match(), "{src}");
                // Complete mode costs nothing more while there is no error.
                let eval = expr.evaluate_with(&event, EvalMode::Complete);
                assert!(eval.is_match(), "{src}");
            }
            assert_eq!(counting_alloc::count() - before, 0, "{src} allocated");
        }
    }
}
