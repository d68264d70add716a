//! `--format sarif`: SARIF 2.1.0, one rule entry per code (with its help and link), one result
//! per finding, so that GitHub code scanning can show the findings in place.

use serde_json::{Value, json};
use std::borrow::Cow;
use std::io::{self, Write};
use stsbackup::{Document, Finding, Report, Severity};

/// Collects the findings and writes one SARIF log at the end.
pub struct Sarif<W: Write> {
    out: W,
    findings: Vec<Finding>,
    /// Files that could not be read, with why: tool execution notifications.
    unreadable: Vec<(String, String)>,
    /// Files not linted (another chart's values), with why: notifications at note level.
    skipped: Vec<(String, String)>,
}

impl<W: Write> Sarif<W> {
    pub fn new(out: W) -> Self {
        Sarif {
            out,
            findings: Vec::new(),
            unreadable: Vec::new(),
            skipped: Vec::new(),
        }
    }
}

impl<W: Write> super::Output for Sarif<W> {
    fn file(&mut self, _: &Document, report: &Report) -> io::Result<()> {
        self.findings.extend(report.findings.iter().cloned());
        Ok(())
    }

    fn unreadable(&mut self, name: &str, error: &io::Error) -> io::Result<()> {
        self.unreadable.push((name.to_owned(), error.to_string()));
        Ok(())
    }

    fn skipped(&mut self, name: &str, reason: &str) -> io::Result<()> {
        self.skipped.push((name.to_owned(), reason.to_owned()));
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        let mut log = log(&self.findings);
        let mut invocation = invocation(&self.unreadable);
        if let Some(notifications) = invocation["toolExecutionNotifications"].as_array_mut() {
            notifications.extend(self.skipped.iter().map(|(name, reason)| {
                json!({
                    "level": "note",
                    "message": { "text": format!("skipped {name}: {reason}") },
                    "locations": [{
                        "physicalLocation": { "artifactLocation": { "uri": artifact_uri(name) } }
                    }],
                })
            }));
        }
        log["runs"][0]["invocations"] = json!([invocation]);
        let text = super::inert_json(serde_json::to_string_pretty(&log)?);
        self.out.write_all(text.as_bytes())?;
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

/// The run's invocation: it did not succeed when a file could not be read, and each such file
/// is a notification, so that a viewer of the log alone sees that something was not checked.
fn invocation(unreadable: &[(String, String)]) -> Value {
    let notifications: Vec<Value> = unreadable
        .iter()
        .map(|(name, error)| {
            json!({
                "level": "error",
                "message": { "text": format!("cannot read {name}: {error}") },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": artifact_uri(name) } }
                }],
            })
        })
        .collect();
    json!({
        "executionSuccessful": unreadable.is_empty(),
        "toolExecutionNotifications": notifications,
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

/// The URI of a file name as it was given: a relative reference for a relative path (against
/// the directory the run started in, as SARIF's `originalUriBaseIds` would have it), a
/// `file://` URI for an absolute one. Every byte but the unreserved ones and `/` is
/// percent-encoded, so a first segment with a `:` cannot read as a scheme (`c:x.yaml`,
/// `::x.yaml`) and `?`, `#` and spaces stay part of the path.
fn artifact_uri(file: &str) -> String {
    // Only on Windows is `\` a separator; elsewhere it is a character of the name.
    let file: Cow<'_, str> = if cfg!(windows) {
        Cow::Owned(file.replace('\\', "/"))
    } else {
        Cow::Borrowed(file)
    };
    let mut relative: &str = &file;
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    let bytes = relative.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if drive {
        // `C:/x.yaml` (a Windows path): `file:///C:/x.yaml`.
        return format!(
            "file:///{}:{}",
            &relative[..1],
            percent_encode(&relative[2..])
        );
    }
    if relative.starts_with('/') {
        return format!("file://{}", percent_encode(relative));
    }
    percent_encode(relative)
}

fn percent_encode(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
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
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(
            artifact_uri("./charts/my values.yaml"),
            "charts/my%20values.yaml"
        );
        assert_eq!(artifact_uri("././a.yaml"), "a.yaml");
        assert_eq!(
            artifact_uri("/tmp/a b#1?.yaml"),
            "file:///tmp/a%20b%231%3F.yaml"
        );
        // A first segment with a colon would otherwise be a scheme.
        assert_eq!(artifact_uri("c:x.yaml"), "c%3Ax.yaml");
        assert_eq!(
            artifact_uri("::stop-commands::x.yaml"),
            "%3A%3Astop-commands%3A%3Ax.yaml"
        );
        assert_eq!(artifact_uri("../up/%41.yaml"), "../up/%2541.yaml");
        if cfg!(windows) {
            assert_eq!(artifact_uri("a\\b.yaml"), "a/b.yaml");
            assert_eq!(artifact_uri("C:\\x\\v.yaml"), "file:///C:/x/v.yaml");
        } else {
            assert_eq!(artifact_uri("a\\b.yaml"), "a%5Cb.yaml");
        }
    }
}
