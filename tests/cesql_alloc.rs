//! CESQL evaluation allocates nothing for the common filter shapes
//! (`type = …`, `source LIKE '/prefix/%'`, `EXISTS`, `IN` over integers),
//! whether the event's strings need decoding or not.
#![cfg(feature = "cesql")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use cloudevents_codec::cesql::Expression;
use cloudevents_codec::Event;

/// Counts allocations made by the current thread.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: the slot may be gone while the thread exits.
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged; the counter is a const-initialized thread-local `Cell` that
// never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: `ptr` and `layout` come from this allocator, i.e. `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` and `layout` come from this allocator, i.e. `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

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
            let before = allocations();
            for _ in 0..100 {
                assert!(expr.matches(&event), "{src}");
                let eval = expr.evaluate(&event);
                assert!(eval.is_match(), "{src}");
            }
            assert_eq!(allocations() - before, 0, "{src} allocated");
        }
    }
}
