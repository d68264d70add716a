//! Arbitrary bytes as a values file: load them as Helm would and run every rule. Nothing may
//! panic, and every finding must point inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let document = stsbackup::load_bytes("values.yaml", data);
    let report = stsbackup::validate(&document);
    for finding in &report.findings {
        // Display renders the position and the message; it must not panic either.
        let _ = finding.to_string();
    }
});
