//! Arbitrary bytes as a values file: load them as Helm would and run every rule. Nothing may
//! panic, and every finding must point inside the file.
//! The check itself is in `../checks.rs`, shared with the stable replay of `regressions/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::load_and_validate(data));
