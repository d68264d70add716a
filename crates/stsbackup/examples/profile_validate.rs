//! Runs validation of a typical values file many times, for profilers:
//! `valgrind --tool=callgrind target/release/examples/profile_validate`.

fn main() {
    let text = include_str!("../../../fixtures/valid/s3-gateway-complete.yaml");
    let document = stsbackup::load_str("typical.yaml", text);
    let options = stsbackup::Options {
        now: stsbackup::calendar::DateTime::parse_rfc3339("2026-11-25T10:00:00Z"),
        ..stsbackup::Options::default()
    };
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let mut findings = 0;
    for _ in 0..runs {
        findings += stsbackup::validate_with(&document, &options).findings.len();
    }
    println!("{runs} runs, {findings} findings");
}
