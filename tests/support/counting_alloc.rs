//! The counting global allocator shared by the zero-allocation tests
//! (`tests/alloc.rs`, `alloc_stream.rs`, `binding_alloc.rs`,
//! `cesql_alloc.rs`). Include it with
//! `#[path = "support/counting_alloc.rs"] mod counting_alloc;`.
//!
//! The counter is per thread, so the test harness's other threads do not
//! disturb a measurement.

// Each test binary uses part of this module.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn bump() {
    // `try_with`: the thread-local may be gone while a thread shuts down.
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: every call is passed unchanged to the system allocator; the only
// addition is a thread-local counter, which never allocates itself.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump();
        // SAFETY: the caller upholds `GlobalAlloc::alloc_zeroed`'s contract.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump();
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Heap allocations (and reallocations) made by `f` on this thread.
pub fn allocations(f: impl FnOnce()) -> usize {
    let before = count();
    f();
    count() - before
}

/// Heap allocations made on this thread so far.
pub fn count() -> usize {
    ALLOCATIONS.with(Cell::get)
}
