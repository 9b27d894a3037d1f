//! A per-thread counter of work done (tokens visited, candidates compared).
//!
//! Timers make flaky tests; a count of the steps the analysis and extraction loops take does
//! not. Tests read it to check that the work grows linearly with the input on pathological
//! texts, and the extraction stage uses it as a per-document budget. Counting costs one
//! thread-local add per loop step, far below the work the step itself does.

use std::cell::Cell;

thread_local! {
    static DONE: Cell<u64> = const { Cell::new(0) };
}

/// Records `n` units of work on this thread.
#[inline]
pub fn add(n: u64) {
    DONE.with(|c| c.set(c.get().wrapping_add(n)));
}

/// Work recorded on this thread so far.
pub fn done() -> u64 {
    DONE.with(Cell::get)
}

/// Resets this thread's counter to zero and returns what it held.
pub fn take() -> u64 {
    DONE.with(|c| c.replace(0))
}
