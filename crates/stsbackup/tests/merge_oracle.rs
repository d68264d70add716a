//! Differential test of [`stsbackup::merge::merge`] against Helm's own code.
//!
//! Every case of `fixtures/merge/` (see its README) goes through stsbackup's merge and, in one
//! Python process for the whole corpus, through `scripts/helm_oracle.py`, which calls Helm v4's
//! Go SDK as helm-python-sdk bundles it. Both must give the same values (numbers compared as
//! float64, as Helm holds a file's numbers), or both an error; for an expression on its own,
//! the same error message. A few thousand random expressions (from a fixed seed) join the
//! corpus.
//!
//! The oracle comes from `STSBACKUP_ORACLES` (a directory with `python`, set by
//! `scripts/test` from `scripts/oracles.txt`); without it the comparison fails, unless
//! `STSBACKUP_SKIP_ORACLES=1` skips it knowingly (the corpus is still parsed and merged).

mod support;

use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

use stsbackup::load::LoadProblemKind;
use stsbackup::merge::{SetKind, ValuesInput, merge};

const KINDS: [SetKind; 3] = [SetKind::Typed, SetKind::String, SetKind::Literal];

#[derive(Clone, Debug)]
enum Input {
    File(String),
    Set(SetKind, String),
}

#[derive(Debug)]
struct Case {
    name: String,
    inputs: Vec<Input>,
}

impl Case {
    /// One expression and nothing else: Helm's message can be compared word for word (with
    /// earlier values, the oracle's rebuilding of them shows in Go's type names).
    fn is_lone_expression(&self) -> bool {
        matches!(self.inputs[..], [Input::Set(..)])
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/merge")
}

fn expression_cases() -> Vec<Case> {
    let path = corpus_dir().join("set-expressions.txt");
    let text = std::fs::read_to_string(&path).expect("set-expressions.txt");
    let mut cases = Vec::new();
    for (number, line) in text.split('\n').enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        for kind in KINDS {
            cases.push(Case {
                name: format!(
                    "set-expressions.txt:{} {} {line:?}",
                    number + 1,
                    kind.flag()
                ),
                inputs: vec![Input::Set(kind, line.to_owned())],
            });
        }
    }
    cases
}

fn merge_cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("fixtures/merge")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "cases"))
        .collect();
    paths.sort();
    let mut cases = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a .cases file");
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        cases.extend(parse_cases(&file, &text));
    }
    cases
}

/// Reads the `.cases` format of fixtures/merge/README.md.
fn parse_cases(file: &str, text: &str) -> Vec<Case> {
    fn close(section: Option<(String, Vec<&str>)>, case: &mut Option<Case>) {
        let (Some((header, mut lines)), Some(case)) = (section, case.as_mut()) else {
            return;
        };
        let input = if header == "-f" {
            Input::File(lines.iter().map(|line| format!("{line}\n")).collect())
        } else {
            while lines.last().is_some_and(|line| line.is_empty()) {
                lines.pop();
            }
            let kind = match header.as_str() {
                "--set" => SetKind::Typed,
                "--set-string" => SetKind::String,
                "--set-literal" => SetKind::Literal,
                other => panic!("{}: unknown section `=== {other}`", case.name),
            };
            Input::Set(kind, lines.join("\n"))
        };
        case.inputs.push(input);
    }
    let mut cases = Vec::new();
    let mut case: Option<Case> = None;
    let mut section: Option<(String, Vec<&str>)> = None;
    for (number, line) in text.lines().enumerate() {
        if let Some(name) = line.strip_prefix("#### ") {
            close(section.take(), &mut case);
            cases.extend(case.take());
            case = Some(Case {
                name: format!("{file}:{} {name}", number + 1),
                inputs: Vec::new(),
            });
        } else if let Some(header) = line.strip_prefix("=== ") {
            close(section.take(), &mut case);
            section = Some((header.trim().to_owned(), Vec::new()));
        } else if let Some((_, lines)) = section.as_mut() {
            lines.push(line);
        }
    }
    close(section.take(), &mut case);
    cases.extend(case);
    cases
}

/// What stsbackup makes of a case: the merged values as JSON, or the first problem that
/// makes Helm refuse the inputs.
fn stsbackup_result(case: &Case) -> Result<Value, String> {
    let inputs = case
        .inputs
        .iter()
        .enumerate()
        .map(|(index, input)| match input {
            Input::File(text) => {
                ValuesInput::File(stsbackup::load_str(format!("{}.yaml", index + 1), text))
            }
            Input::Set(kind, expression) => ValuesInput::Set {
                expression: expression.clone(),
                kind: *kind,
            },
        })
        .collect();
    let document = merge(inputs);
    let refused = document
        .problems
        .iter()
        .find_map(|problem| match &problem.kind {
            // Helm 3 ignores later documents; Helm 4 merges them (not modelled, see merge's docs).
            LoadProblemKind::ExtraDocuments { .. } => None,
            LoadProblemKind::Syntax { message, .. } => Some(message.clone()),
            other => Some(format!("{other:?}")),
        });
    if let Some(message) = refused {
        return Err(message);
    }
    match &document.root {
        None => Ok(Value::Object(Map::new())),
        Some(root) => match root.to_json() {
            object @ Value::Object(_) => Ok(object),
            other => Err(format!("the top level is not a mapping: {other}")),
        },
    }
}

fn oracle_request(cases: &[Case]) -> Value {
    let cases: Vec<Value> = cases
        .iter()
        .map(|case| {
            let mut request = json!({"files": [], "set": [], "set_string": [], "set_literal": []});
            for input in &case.inputs {
                let (group, text) = match input {
                    Input::File(text) => ("files", text),
                    Input::Set(SetKind::Typed, text) => ("set", text),
                    Input::Set(SetKind::String, text) => ("set_string", text),
                    Input::Set(SetKind::Literal, text) => ("set_literal", text),
                };
                if let Some(list) = request[group].as_array_mut() {
                    list.push(Value::String(text.clone()));
                }
            }
            request
        })
        .collect();
    json!({ "cases": cases })
}

/// Runs the whole corpus through the oracle, in one process.
fn run_oracle(python: &Path, request: &Value) -> (String, Vec<Value>) {
    let response = support::run_oracle(python, "helm_oracle.py", request);
    let version = response["helm"].as_str().unwrap_or("?").to_owned();
    let results = response["results"].as_array().cloned().unwrap_or_default();
    (version, results)
}

/// The disagreement, if any, between stsbackup and Helm on one case.
fn disagreement(case: &Case, ours: &Result<Value, String>, helm: &Value) -> Option<String> {
    if let Some(why) = helm.get("unsupported") {
        return Some(format!(
            "the oracle cannot run this case ({why}); see fixtures/merge/README.md"
        ));
    }
    match (ours, helm.get("values"), helm.get("error")) {
        (Ok(values), Some(expected), _) if support::same_json(values, expected) => None,
        (Err(message), _, Some(Value::String(expected))) => {
            (case.is_lone_expression() && message != expected).then(|| {
                format!("both refuse it, but stsbackup says {message:?} and Helm {expected:?}")
            })
        }
        (ours, _, _) => Some(format!("stsbackup: {ours:?}\n    Helm: {helm}")),
    }
}

/// Expressions made of the characters that matter to Helm's parser, from a fixed seed (the
/// same every run), alone and over a file: what a hand-written corpus forgets.
fn random_cases(count: usize) -> Vec<Case> {
    const ALPHABET: &[char] = &[
        'a', 'b', 'c', '.', ',', '=', '[', ']', '{', '}', '\\', '0', '1', '2', '-',
    ];
    const BASE: &str = "a: {b: [1, {c: 2}, [3, 4]], d: x}\nb: [~, 1]\nc: 5\n";
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    (0..count)
        .map(|number| {
            let length = next() % 14;
            let expression: String = (0..length)
                .map(|_| ALPHABET[next() % ALPHABET.len()])
                .collect();
            let alone = number % 2 == 0;
            // --set-literal cannot follow other values in the oracle.
            let kind = KINDS[next() % if alone { 3 } else { 2 }];
            let mut inputs = Vec::new();
            if !alone {
                inputs.push(Input::File(BASE.to_owned()));
            }
            inputs.push(Input::Set(kind, expression.clone()));
            Case {
                name: format!("random #{number} {} {expression:?}", kind.flag()),
                inputs,
            }
        })
        .collect()
}

fn corpus() -> Vec<Case> {
    let mut cases = expression_cases();
    cases.extend(merge_cases());
    cases.extend(random_cases(4000));
    cases
}

#[test]
fn the_corpus_is_large_enough_and_merges_without_panicking() {
    let expressions = expression_cases().len() / KINDS.len();
    let merges = merge_cases();
    assert!(
        expressions >= 150,
        "{expressions} --set expressions, want 150"
    );
    let multi_file = merges
        .iter()
        .filter(|case| {
            case.inputs
                .iter()
                .filter(|input| matches!(input, Input::File(_)))
                .count()
                >= 2
        })
        .count();
    assert!(multi_file >= 40, "{multi_file} multi-file cases, want 40");
    for case in corpus() {
        let _ = stsbackup_result(&case);
    }
}

#[test]
fn merge_agrees_with_helm() {
    let Some(python) = support::oracle_python("merge_agrees_with_helm") else {
        return;
    };
    let cases = corpus();
    let (version, helm) = run_oracle(&python, &oracle_request(&cases));
    assert_eq!(helm.len(), cases.len(), "one oracle result per case");
    let failures: Vec<String> = cases
        .iter()
        .zip(&helm)
        .filter_map(|(case, helm)| {
            disagreement(case, &stsbackup_result(case), helm)
                .map(|why| format!("{}\n    {why}", case.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree with Helm {version}:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!("{} cases agree with Helm {version}", cases.len());
}
