//! The loader reads line breaks and encodings as Helm's YAML reader (go-yaml v2, YAML 1.1)
//! does, checked against Helm's own `ReadValues` through helm-python-sdk
//! (`scripts/helm_values_oracle.py`): NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR break lines,
//! a lone CR breaks lines, and a file with a UTF-16 byte order mark is decoded. Positions are
//! those of the file as written.

mod support;

use base64::Engine;
use stsbackup::load::LoadProblemKind;

/// Texts whose structure depends on which characters break lines.
const LINE_BREAK_CASES: &[&str] = &[
    "backup:\u{85}  enabled: 5\n",
    "backup:\u{2028}  stackGraph:\u{2028}    bucketName: Bad_Name\n",
    "a: x\u{2029}b: 2",
    "a: 1\rb: 2\r",
    "a: x\u{85}  # c\u{2028}b: 1\r\nc: 3\n",
    "backup:\u{85}  enabled: true\u{2029}minio:\u{2028}  accessKey: abc\n",
    "backup:\r  stackgraph: {}\r",
    "a: \"p\u{85}q\"\n",
    // In a quoted scalar, go-yaml keeps LS and PS as the characters.
    "a: \"x\u{2028}y\"\n",
    "a: \"\\\"\u{2028}\"\n",
    "a: 'p\u{2029}q'\nb: \"r\u{85}s\u{2028}t\"\n",
];

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

fn utf16be_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xfe, 0xff];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    bytes
}

/// Helm's reading of each file: `Ok(values)` or `Err(message)`.
fn helm_reads(files: &[Vec<u8>]) -> Vec<Result<serde_json::Value, String>> {
    let Some(python) = support::oracle_python("helm_line_breaks") else {
        return Vec::new(); // STSBACKUP_SKIP_ORACLES=1
    };
    let encoded: Vec<String> = files
        .iter()
        .map(|bytes| base64::engine::general_purpose::STANDARD.encode(bytes))
        .collect();
    let answer = support::run_oracle(
        &python,
        "helm_values_oracle.py",
        &serde_json::json!({ "files_base64": encoded }),
    );
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| match result["error"].as_str() {
            Some(error) => Err(error.to_owned()),
            None => Ok(result["values"].clone()),
        })
        .collect()
}

/// stsbackup's reading: `Ok(values)` or `Err(what the loader found)`.
fn stsbackup_reads(bytes: &[u8]) -> Result<serde_json::Value, String> {
    let document = stsbackup::load_bytes("case.yaml", bytes);
    if let Some(problem) = document.problems.first() {
        return Err(format!("{:?}", problem.kind));
    }
    let values = document
        .root
        .map_or(serde_json::Value::Null, |root| root.to_json());
    match values {
        serde_json::Value::Null => Ok(serde_json::json!({})),
        serde_json::Value::Object(_) => Ok(values),
        other => Err(format!("not a mapping: {other}")),
    }
}

#[test]
fn line_breaks_and_utf16_are_read_as_helm_reads_them() {
    let mut files: Vec<Vec<u8>> = LINE_BREAK_CASES
        .iter()
        .map(|text| text.as_bytes().to_vec())
        .collect();
    // UTF-16 whose code units have no zero byte (the SDK takes a C string): a scalar
    // document, and two broken ones (an odd byte, a lone low surrogate).
    files.extend([
        b"\xff\xfeABCD".to_vec(),
        b"\xfe\xffABCD".to_vec(),
        b"\xff\xfeABC".to_vec(),
        b"\xff\xfe\x41\xdc".to_vec(),
    ]);
    let helm = helm_reads(&files);
    if helm.is_empty() {
        return; // STSBACKUP_SKIP_ORACLES=1
    }
    let mut disagreements = Vec::new();
    for (bytes, helm) in files.iter().zip(&helm) {
        let ours = stsbackup_reads(bytes);
        let agree = match (&ours, helm) {
            (Ok(ours), Ok(helm)) => support::same_json(ours, helm),
            (Err(_), Err(_)) => true,
            _ => false,
        };
        if !agree {
            disagreements.push(format!(
                "{:?}:\n  Helm reads {helm:?}\n  stsbackup reads {ours:?}",
                String::from_utf8_lossy(bytes)
            ));
        }
    }
    // Every text, written as UTF-16 (with NUL bytes, which the SDK cannot take), reads as
    // Helm reads its UTF-8: go-yaml decodes the file before reading it, as the cases above
    // show it does.
    for (text, helm) in LINE_BREAK_CASES.iter().zip(&helm) {
        for bytes in [utf16le_with_bom(text), utf16be_with_bom(text)] {
            let ours = stsbackup_reads(&bytes);
            let agree = match (&ours, helm) {
                (Ok(ours), Ok(helm)) => support::same_json(ours, helm),
                (Err(_), Err(_)) => true,
                _ => false,
            };
            if !agree {
                disagreements.push(format!(
                    "UTF-16 {text:?}:\n  Helm reads {helm:?}\n  stsbackup reads {ours:?}"
                ));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn positions_count_every_line_break_helm_counts() {
    for bytes in [
        "backup:\u{85}  enabled: 5\n".as_bytes().to_vec(),
        "backup:\u{2028}  enabled: 5\n".as_bytes().to_vec(),
        "backup:\r  enabled: 5\r".as_bytes().to_vec(),
        utf16le_with_bom("backup:\n  enabled: 5\n"),
        utf16be_with_bom("backup:\u{85}  enabled: 5\n"),
    ] {
        let document = stsbackup::load_bytes("case.yaml", &bytes);
        let report = stsbackup::validate(&document);
        let finding = report
            .findings
            .iter()
            .find(|f| f.path == "backup.enabled" && f.code() == "SB011")
            .unwrap_or_else(|| panic!("{:?}: {:?}", bytes, report.findings));
        assert_eq!(
            (finding.position.line, finding.position.column),
            (2, 12),
            "{bytes:?}"
        );
        let source = document.source();
        assert_eq!(
            source.display_line(2).as_deref(),
            Some("  enabled: 5"),
            "{bytes:?}"
        );
    }
}

#[test]
fn broken_utf16_is_a_finding_not_a_panic() {
    for bytes in [&b"\xff\xfeA"[..], b"\xff\xfe\x00\xdc", b"\xfe\xff\xd8\x00"] {
        let document = stsbackup::load_bytes("case.yaml", bytes);
        assert!(
            matches!(
                document.problems.first().map(|p| &p.kind),
                Some(LoadProblemKind::NotUtf8 { .. })
            ),
            "{bytes:?}"
        );
    }
}
