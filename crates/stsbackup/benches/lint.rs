//! `cargo bench -p stsbackup`: loading and validating values, and parsing both cron dialects.
//!
//! The large input is the 146 KB `stackstate-k8s` values file from `../shared/reference` when it
//! is there; otherwise a file of the same size and shape is generated, so the bench runs
//! anywhere.

#[path = "../tests/support/hostile_inputs.rs"]
mod hostile_inputs;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use stsbackup::calendar::DateTime;
use stsbackup::{Options, load_str, validate_with};

const TYPICAL: &str = include_str!("../../../fixtures/valid/s3-gateway-complete.yaml");

fn large_values() -> String {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../../../shared/reference/stackstate-chart/stackstate-k8s-values-2024-09-12-3474134.yaml",
    );
    if let Ok(text) = std::fs::read_to_string(shared) {
        return text;
    }
    // About 146 KB: many components, each a nested block of resources, affinity and env,
    // commented the way chart values are, plus the backup sections.
    let mut text = String::from(TYPICAL);
    let mut index = 0;
    while text.len() < 146 * 1024 {
        text.push_str(&format!(
            "component{index}:\n  # component{index}.enabled -- Enables the component.\n  enabled: true\n  image:\n    repository: quay.io/stackstate/component-{index}\n    tag: 5.1.{index}\n  resources:\n    requests: {{cpu: 500m, memory: 1Gi}}\n    limits: {{cpu: \"1\", memory: 2Gi}}\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - {{key: kubernetes.io/os, operator: In, values: [linux]}}\n  extraEnv:\n    open:\n      CONFIG_FORCE_stackstate_x_{index}: \"value-{index}\"\n"
        ));
        index += 1;
    }
    text
}

fn options() -> Options {
    Options {
        now: Some(DateTime::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()),
        ..Options::default()
    }
}

fn lint(c: &mut Criterion) {
    let options = options();
    let typical_document = load_str("typical.yaml", TYPICAL);
    // Warm the caches, as in a long-lived installer process.
    let _ = validate_with(&typical_document, &options);

    c.bench_function("validate typical (loaded)", |b| {
        b.iter(|| validate_with(black_box(&typical_document), &options))
    });
    c.bench_function("load typical", |b| {
        b.iter(|| load_str("typical.yaml", black_box(TYPICAL)))
    });
    c.bench_function("load + validate typical", |b| {
        b.iter(|| validate_with(&load_str("typical.yaml", black_box(TYPICAL)), &options))
    });

    let large = large_values();
    c.bench_function("load + validate 146 KB chart values", |b| {
        b.iter(|| validate_with(&load_str("large.yaml", black_box(&large)), &options))
    });
}

fn cron(c: &mut Criterion) {
    let after = DateTime::parse_rfc3339("2026-11-25T10:00:00Z").unwrap();
    for expression in ["0 3 * * *", "*/15 2-5 1,15 jan-jun mon-fri"] {
        c.bench_function(&format!("kubernetes cron parse `{expression}`"), |b| {
            b.iter(|| stsbackup::cron::kubernetes::parse(black_box(expression)))
        });
    }
    for expression in ["0 0 3 * * ?", "0 15 2-5 ? JAN-JUN MON-FRI"] {
        c.bench_function(&format!("elasticsearch cron parse `{expression}`"), |b| {
            b.iter(|| stsbackup::cron::elasticsearch::parse(black_box(expression)))
        });
    }
    let parsed = stsbackup::cron::kubernetes::parse("0 3 * * *")
        .unwrap()
        .schedule;
    c.bench_function("kubernetes cron next 10 runs", |b| {
        b.iter(|| parsed.next_runs(black_box(after), 10))
    });
}

fn render(c: &mut Criterion) {
    let document = load_str("typical.yaml", TYPICAL);
    let values =
        stsbackup::render::ValidatedValues::validate(&document).expect("the typical file is valid");
    let options = stsbackup::render::AllOptions::default();
    c.bench_function("render all artifacts", |b| {
        b.iter(|| stsbackup::render::all(black_box(&values), &options))
    });
}

/// The inputs that were quadratic once (see `tests/linear_time.rs`): each stage must stay
/// linear, so these stay in the milliseconds to a second.
fn hostile(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    let options = options();
    let cases = [
        (
            "100,000 keys in one mapping",
            hostile_inputs::many_keys(100_000),
        ),
        (
            "20,000 findings on one line",
            hostile_inputs::long_line(20_000),
        ),
        (
            "one-character secret, 20,000 lines",
            hostile_inputs::one_character_secret(20_000),
        ),
        (
            "6 MB inline-ignore comment",
            hostile_inputs::huge_ignore_comment(6 * 1024 * 1024),
        ),
        (
            "a secret written on 20,000 lines",
            hostile_inputs::repeated_secret(20_000),
        ),
    ];
    for (name, text) in &cases {
        group.bench_function(format!("load + validate + show: {name}"), |b| {
            b.iter(|| {
                let document = load_str("hostile.yaml", black_box(text));
                let report = validate_with(&document, &options);
                // Showing every finding's line, as the text format does.
                for finding in &report.findings {
                    let position = finding.position;
                    black_box(document.source_of(finding.source).display_excerpt(
                        position.line,
                        position.start..position.end,
                        80,
                    ));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, lint, cron, render, hostile);
criterion_main!(benches);
