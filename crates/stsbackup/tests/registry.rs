//! The rule contract: every rule defined in a family file is in the one registry (so `explain`,
//! the docs and the outputs know it), and every path a rule reports is a value of the model.

use std::path::Path;

/// `(file, constant, code)` of every `const NAME: Rule = Rule { code: "SBnnn", ...` in the
/// rules' source files.
fn defined_rules() -> Vec<(String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("src/rules is readable") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        let mut rest = text.as_str();
        while let Some(at) = rest.find(": Rule = Rule {") {
            let before = &rest[..at];
            let name = before
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("")
                .to_owned();
            let after = &rest[at..];
            let code = after
                .split_once("code: \"")
                .and_then(|(_, tail)| tail.split_once('"'))
                .map(|(code, _)| code.to_owned())
                .unwrap_or_default();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            found.push((file, name, code));
            rest = &after[1..];
        }
    }
    found
}

#[test]
fn every_rule_defined_is_registered() {
    let defined = defined_rules();
    assert!(defined.len() >= 50, "found only {} rules", defined.len());
    let missing: Vec<String> = defined
        .iter()
        .filter(|(_, _, code)| stsbackup::rules::lookup(code).is_none())
        .map(|(file, name, code)| format!("{file}: {name} ({code}) is in no family's `rules`"))
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert_eq!(
        defined.len(),
        stsbackup::rules::all().len(),
        "every registered rule is defined once"
    );
}

/// Whether the model's defaults have a value at a dotted path (inside a free-form mapping,
/// every key counts).
fn model_has(defaults: &serde_json::Value, path: &str) -> bool {
    let mut value = defaults;
    for segment in path.split('.') {
        match value {
            serde_json::Value::Object(object) => match object.get(segment) {
                Some(next) => value = next,
                None => return object.is_empty(),
            },
            _ => return true,
        }
    }
    true
}

#[test]
fn every_path_a_rule_reports_is_a_value_of_the_model() {
    // Context::report also checks this with a debug assertion. Lint every fixture: the fixtures
    // test guarantees that every rule has an invalid fixture, so each rule reports at least once.
    let defaults = serde_json::to_value(stsbackup::Values::default()).expect("the model");
    // The reading and shape stages report at what the file wrote, known to the model or not.
    let about_the_text = ["SB0"];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for folder in ["fixtures/valid", "fixtures/invalid"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("the fixtures folder") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let document = stsbackup::load_file(&path).expect("a readable fixture");
            for finding in stsbackup::validate(&document).findings {
                if about_the_text.iter().any(|p| finding.code().starts_with(p)) {
                    continue;
                }
                checked += 1;
                if !model_has(&defaults, &finding.path) {
                    wrong.push(format!(
                        "{}: {} at `{}`",
                        path.display(),
                        finding.code(),
                        finding.path
                    ));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} findings checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(model_has(&defaults, "backup.stackGraph.bucketName"));
    assert!(!model_has(&defaults, "backup.stackgraph.bucketName"));
}
