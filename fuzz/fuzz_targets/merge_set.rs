//! One `--set`, `--set-string` or `--set-literal` argument (chosen by the first byte) over a
//! values file, merged as Helm merges them, then linted. Nothing may panic.
//! The check itself is in `../checks.rs`, shared with the stable replay of `regressions/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::merge_set(data));
