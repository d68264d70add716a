//! `--format sarif`: SARIF 2.1.0, one rule entry per code (with its help and link), one result
//! per finding, so that GitHub code scanning can show the findings in place.

use serde_json::{Value, json};
use std::io::{self, Write};
use stsbackup::{Document, Finding, Report, Severity};

/// Collects the findings and writes one SARIF log at the end.
pub struct Sarif<W: Write> {
    out: W,
    findings: Vec<Finding>,
}

impl<W: Write> Sarif<W> {
    pub fn new(out: W) -> Self {
        Sarif {
            out,
            findings: Vec::new(),
        }
    }
}

impl<W: Write> super::Output for Sarif<W> {
    fn file(&mut self, _: &Document, report: &Report) -> io::Result<()> {
        self.findings.extend(report.findings.iter().cloned());
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, &log(&self.findings))?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

fn log(findings: &[Finding]) -> Value {
    let rules = stsbackup::rules::all();
    let rule_entries: Vec<Value> = rules
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.summary },
                "help": { "text": rule.explanation, "markdown": rule.explanation },
                "helpUri": super::rule_url(rule.code),
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|finding| {
            let index = rules.iter().position(|rule| rule.code == finding.code());
            result(finding, index)
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "stsbackup",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rule_entries,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(finding: &Finding, rule_index: Option<usize>) -> Value {
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let width = finding
        .position
        .end
        .saturating_sub(finding.position.start)
        .max(1);
    let mut location = if finding.file.starts_with("--set") {
        // A command-line argument is not an artifact: only the values path locates it.
        message.push_str(&format!(" (in the {} argument)", finding.file));
        json!({})
    } else {
        json!({
            "physicalLocation": {
                "artifactLocation": { "uri": artifact_uri(&finding.file) },
                "region": {
                    "startLine": finding.position.line,
                    "startColumn": finding.position.column,
                    "endLine": finding.position.line,
                    "endColumn": finding.position.column + width,
                }
            }
        })
    };
    if !finding.path.is_empty() {
        location["logicalLocations"] =
            json!([{ "fullyQualifiedName": finding.path, "kind": "member" }]);
    }
    let mut result = json!({
        "ruleId": finding.code(),
        "level": level(finding.severity),
        "message": { "text": message },
        "locations": [location],
        // Stable across edits that move the line: the file, the rule and the values path.
        "partialFingerprints": {
            "stsbackup/v1": format!("{:016x}", fnv1a(&[&finding.file, finding.code(), &finding.path, &finding.message]))
        },
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    result
}

/// A relative URI reference for a file name as it was given (SARIF wants `/` and escapes).
fn artifact_uri(file: &str) -> String {
    let file = file.replace('\\', "/");
    let file = file.strip_prefix("./").unwrap_or(&file);
    let mut uri = String::with_capacity(file.len());
    for byte in file.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::artifact_uri;

    #[test]
    fn uris_are_relative_and_escaped() {
        assert_eq!(
            artifact_uri("./charts/my values.yaml"),
            "charts/my%20values.yaml"
        );
        assert_eq!(artifact_uri("a\\b.yaml"), "a/b.yaml");
    }
}
