//! Per-thread memoisation of pure computations keyed by text.
//!
//! Most values files use the chart's defaults for schedules and backup names, and a CI job or
//! an installer validates many of them in one process: parsing a cron expression or checking a
//! naming scheme once per distinct text, not once per file, is what keeps in-library
//! validation fast. Each cache is bounded and simply cleared when full.

use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

/// Entries kept per cache before it is cleared.
const CAPACITY: usize = 64;

pub(crate) type Cache<V> = RefCell<HashMap<String, V>>;

/// The value for `key`, computed by `compute` the first time this thread asks.
pub(crate) fn memoize<V: Clone + 'static>(
    cache: &'static LocalKey<Cache<V>>,
    key: &str,
    compute: impl FnOnce() -> V,
) -> V {
    if let Some(value) = cache.with(|c| c.borrow().get(key).cloned()) {
        return value;
    }
    let value = compute();
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CAPACITY {
            c.clear();
        }
        c.insert(key.to_owned(), value.clone());
    });
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SQUARES: Cache<u64> = RefCell::new(HashMap::new());
    }

    #[test]
    fn computes_once_per_key_and_stays_bounded() {
        let calls = std::cell::Cell::new(0);
        let square = |n: u64| {
            memoize(&SQUARES, &n.to_string(), || {
                calls.set(calls.get() + 1);
                n * n
            })
        };
        assert_eq!(square(3), 9);
        assert_eq!(square(3), 9);
        for n in 100..300 {
            square(n);
        }
        assert_eq!(calls.get(), 201);
        assert!(SQUARES.with(|c| c.borrow().len()) <= CAPACITY);
    }
}
