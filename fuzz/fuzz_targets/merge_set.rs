//! One `--set`, `--set-string` or `--set-literal` argument (chosen by the first byte) over a
//! values file, merged as Helm merges them, then linted. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsbackup::merge::{SetKind, ValuesInput, merge};

/// A small values file with mappings, lists and scalars for the argument to land on.
const BASE: &str = "backup:\n  enabled: true\n  stackGraph:\n    bucketName: sts-stackgraph\n  \
                    elasticsearch:\n    scheduled:\n      schedule: \"0 0 3 * * ?\"\n\
                    minio:\n  accessKey: setme\n  extraArgs: [a, {b: 1}]\n";

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(expression) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = match selector % 3 {
        0 => SetKind::Typed,
        1 => SetKind::String,
        _ => SetKind::Literal,
    };
    let document = merge(vec![
        ValuesInput::File(stsbackup::load_str("base.yaml", BASE)),
        ValuesInput::Set {
            expression: expression.to_owned(),
            kind,
        },
    ]);
    let report = stsbackup::validate(&document);
    for finding in &report.findings {
        let _ = finding.to_string();
    }
});
