//! Arbitrary text as a CronJob schedule: parse it as the Kubernetes API server does and, when
//! it is accepted, compute its next runs. Nothing may panic, and every issue must point at a
//! slice of the expression.
//! The check itself is in `../checks.rs`, shared with the stable replay of `regressions/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|expr: &str| checks::kubernetes_cron(expr));
