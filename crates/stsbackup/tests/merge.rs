//! Provenance and robustness of `stsbackup::merge`: a finding on merged values points to the
//! file, line and column that wrote the winning value, or into the `--set` argument; hostile
//! expressions stay cheap and never panic. (Agreement with Helm's values is in
//! `merge_oracle.rs`.)

use proptest::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};
use stsbackup::calendar::DateTime;
use stsbackup::load::{Document, LoadProblemKind, Node, NodeValue};
use stsbackup::merge::{MAX_SET_DEPTH, MAX_SET_NODES, SetKind, ValuesInput, merge};
use stsbackup::{Finding, Options, load_str, validate, validate_with};

const BASE: &str = "\
backup:
  enabled: false
  stackGraph:
    bucketName: Bad_Name
  elasticsearch:
    bucketName: sts-elasticsearch-backup
";

const PROD: &str = "\
backup:
  enabled: true
";

fn file(name: &str, text: &str) -> ValuesInput {
    ValuesInput::File(load_str(name, text))
}

fn finding<'a>(findings: &'a [Finding], code: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.code() == code)
        .unwrap_or_else(|| panic!("no {code} in {findings:#?}"))
}

fn node<'a>(document: &'a Document, path: &[&str]) -> &'a Node {
    document
        .root
        .as_ref()
        .and_then(|root| root.at(path.iter().copied()))
        .unwrap_or_else(|| panic!("no {path:?}"))
}

/// The text a node's span covers, in the source it points into.
fn text_of<'a>(document: &'a Document, node: &Node) -> &'a str {
    &document.sources[node.origin].text()[node.span.clone()]
}

#[test]
fn a_value_from_the_base_file_is_reported_in_the_base_file() {
    let document = merge(vec![file("base.yaml", BASE), file("prod.yaml", PROD)]);
    let report = validate(&document);
    let bucket = finding(&report.findings, "SB201");
    assert_eq!(bucket.path, "backup.stackGraph.bucketName");
    assert_eq!((bucket.file.as_str(), bucket.source), ("base.yaml", 0));
    assert_eq!((bucket.position.line, bucket.position.column), (4, 17));
    // The value that prod.yaml overrode is reported where prod.yaml writes it.
    let enabled = node(&document, &["backup", "enabled"]);
    assert_eq!((enabled.origin, text_of(&document, enabled)), (1, "true"));
}

#[test]
fn a_value_set_on_the_command_line_is_reported_at_its_column_in_the_expression() {
    let expression = "backup.enabled=true,backup.stackGraph.bucketName=Bad_Name";
    let document = merge(vec![
        file(
            "base.yaml",
            "backup:\n  stackGraph:\n    bucketName: good-name\n",
        ),
        ValuesInput::set(expression),
    ]);
    let report = validate(&document);
    let bucket = finding(&report.findings, "SB201");
    let offset = expression.find("Bad_Name").unwrap();
    assert_eq!((bucket.file.as_str(), bucket.source), ("--set", 1));
    assert_eq!(
        (bucket.position.line, bucket.position.column),
        (1, offset + 1)
    );
    assert_eq!(
        document.sources[bucket.source].display_line(1).unwrap(),
        expression
    );
}

#[test]
fn a_later_file_s_value_is_reported_in_the_later_file() {
    let document = merge(vec![
        file(
            "base.yaml",
            "backup:\n  stackGraph:\n    bucketName: good-name\n",
        ),
        file(
            "prod.yaml",
            "backup:\n  stackGraph:\n    bucketName: Bad_Name\n",
        ),
    ]);
    let report = validate(&document);
    let bucket = finding(&report.findings, "SB201");
    assert_eq!(
        (
            bucket.file.as_str(),
            bucket.position.line,
            bucket.position.column
        ),
        ("prod.yaml", 3, 17)
    );
}

#[test]
fn a_merged_mapping_is_where_it_was_first_written_and_its_entries_where_theirs_were() {
    let document = merge(vec![
        file("base.yaml", BASE),
        file("prod.yaml", PROD),
        ValuesInput::set("backup.stackGraph.schedule=0 3 * * *"),
    ]);
    let backup = node(&document, &["backup"]);
    assert_eq!(backup.origin, 0);
    let NodeValue::Map(entries) = &backup.value else {
        panic!("a mapping")
    };
    let origins: Vec<(&str, usize)> = entries
        .iter()
        .map(|e| (e.key.as_str(), e.value.origin))
        .collect();
    assert!(origins.contains(&("enabled", 1)), "{origins:?}");
    assert!(origins.contains(&("stackGraph", 0)), "{origins:?}");
    let schedule = node(&document, &["backup", "stackGraph", "schedule"]);
    assert_eq!(
        (schedule.origin, text_of(&document, schedule)),
        (2, "0 3 * * *")
    );
    assert_eq!(node(&document, &["backup", "stackGraph"]).origin, 0);
}

#[test]
fn every_key_is_written_in_the_source_of_its_value() {
    let document = merge(vec![
        file("a.yaml", "a: {b: 1, \"c.d\": 2}\nl: [{x: 1}]\n"),
        file("b.yaml", "a: {b: {e: 3}}\nz: 1\n"),
        ValuesInput::set(r"a.f=1,a\.b=2,l[0].y=3,n[2].m=4"),
        ValuesInput::set_string("a.b.e=5,q={1,2}"),
    ]);
    fn walk(document: &Document, node: &Node, checked: &mut usize) {
        match &node.value {
            NodeValue::Map(entries) => {
                for entry in entries {
                    let source = document.sources[entry.value.origin].text();
                    let raw = &source[entry.key_span.clone()];
                    let unquoted = raw.trim_matches('"').replace('\\', "");
                    assert_eq!(unquoted, entry.key, "key {raw:?} in {source:?}");
                    *checked += 1;
                    walk(document, &entry.value, checked);
                }
            }
            NodeValue::Seq(items) => items.iter().for_each(|i| walk(document, i, checked)),
            _ => {}
        }
    }
    let mut checked = 0;
    walk(&document, document.root.as_ref().unwrap(), &mut checked);
    // a, l, z, a.b, n, q; a.b, a.c.d, a.f; a.b.e; l[0].x, l[0].y; n[2].m
    assert_eq!(checked, 13);
}

#[test]
fn helm_s_order_decides_the_winner_and_the_position() {
    let document = merge(vec![
        ValuesInput::Set {
            expression: "backup.enabled=false".into(),
            kind: SetKind::Literal,
        },
        ValuesInput::set_string("backup.enabled=true"),
        ValuesInput::set("backup.enabled=true"),
        file("values.yaml", "backup:\n  enabled: false\n"),
    ]);
    // Files, then --set, then --set-string, then --set-literal: the literal wins.
    let enabled = node(&document, &["backup", "enabled"]);
    assert_eq!(enabled.value, NodeValue::String("false".into()));
    assert_eq!(document.sources[enabled.origin].name(), "--set-literal");
    // Sources stay in the order given.
    let names: Vec<&str> = document.sources.iter().map(|s| s.name()).collect();
    assert_eq!(
        names,
        ["--set-literal", "--set-string", "--set", "values.yaml"]
    );
}

#[test]
fn a_null_in_a_later_file_is_reported_where_it_is_written() {
    let document = merge(vec![
        file("base.yaml", BASE),
        file(
            "prod.yaml",
            "backup:\n  elasticsearch:\n    bucketName: null\n",
        ),
    ]);
    let report = validate(&document);
    let null = finding(&report.findings, "SB013");
    assert_eq!(null.path, "backup.elasticsearch.bucketName");
    assert_eq!(
        (null.file.as_str(), null.position.line, null.position.column),
        ("prod.yaml", 3, 5)
    );
}

#[test]
fn a_refused_set_expression_is_an_sb001_finding_in_the_expression() {
    let document = merge(vec![
        file("base.yaml", BASE),
        ValuesInput::set("backup.enabled"),
    ]);
    let problem = &document.problems[0];
    assert_eq!(problem.origin, 1);
    assert!(matches!(
        &problem.kind,
        LoadProblemKind::Syntax { message, span } if message == "key \"enabled\" has no value" && *span == (7..14)
    ));
    let report = validate(&document);
    let syntax = finding(&report.findings, "SB001");
    assert_eq!(
        (
            syntax.file.as_str(),
            syntax.position.line,
            syntax.position.column
        ),
        ("--set", 1, 8)
    );
    // The files are still linted.
    assert!(report.findings.iter().any(|f| f.code() == "SB201"));
}

#[test]
fn helm_s_type_errors_name_go_s_types() {
    let message = |inputs: Vec<ValuesInput>| match &merge(inputs).problems[..] {
        [problem] => match &problem.kind {
            LoadProblemKind::Syntax { message, .. } => message.clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    // A file's numbers are float64 to Helm, a --set's int64.
    assert_eq!(
        message(vec![file("a.yaml", "a: 5\n"), ValuesInput::set("a.b=1")]),
        "unable to parse key: interface conversion: interface {} is float64, not map[string]interface {}"
    );
    assert_eq!(
        message(vec![ValuesInput::set("a=5,a[0]=1")]),
        "unable to parse key: interface conversion: interface {} is int64, not []interface {}"
    );
}

#[test]
fn an_input_s_load_problems_keep_pointing_at_it() {
    let document = merge(vec![
        file("base.yaml", BASE),
        file("prod.yaml", "backup: [1, 2\n"),
    ]);
    assert_eq!(document.problems.len(), 1);
    assert_eq!(document.problems[0].origin, 1);
    let report = validate(&document);
    assert_eq!(finding(&report.findings, "SB001").file, "prod.yaml");
    // Helm refuses the install, but what could be read is still checked.
    assert!(report.findings.iter().any(|f| f.code() == "SB201"));
}

#[test]
fn a_file_whose_top_level_is_not_a_mapping_is_reported() {
    let document = merge(vec![
        file("base.yaml", BASE),
        file("list.yaml", "- 1\n- 2\n"),
    ]);
    let report = validate(&document);
    let top = finding(&report.findings, "SB003");
    assert_eq!((top.file.as_str(), top.position.line), ("list.yaml", 1));
}

#[test]
fn secrets_set_on_the_command_line_are_masked() {
    let document = merge(vec![ValuesInput::set(
        "minio.accessKey=AKIAEXAMPLE,minio.secretKey=hunter2hunter2",
    )]);
    let source = &document.sources[0];
    let shown = source.display_line(1).unwrap();
    assert_eq!(
        shown,
        "minio.accessKey=AKIAEXAMPLE,minio.secretKey=**************"
    );
    let report = validate(&document);
    for finding in &report.findings {
        assert!(!finding.message.contains("hunter2"), "{finding}");
    }
    // Even when the expression fails before the secret, or after it.
    let document = merge(vec![ValuesInput::set(
        "oops,minio.secretKey=hunter2hunter2",
    )]);
    assert!(
        !document.sources[0]
            .display_line(1)
            .unwrap()
            .contains("hunter2")
    );
    let document = merge(vec![ValuesInput::set(
        "minio.secretKey=hunter2hunter2,oops",
    )]);
    assert!(
        !document.sources[0]
            .display_line(1)
            .unwrap()
            .contains("hunter2")
    );
}

#[test]
fn duplicate_keys_of_one_file_are_still_reported() {
    let document = merge(vec![file(
        "values.yaml",
        "backup:\n  enabled: false\n  enabled: true\n",
    )]);
    let report = validate(&document);
    assert_eq!(finding(&report.findings, "SB002").position.line, 3);
    assert_eq!(
        node(&document, &["backup", "enabled"]).value,
        NodeValue::Bool(true)
    );
    // A later input that sets the key replaces both: nothing is duplicated any more.
    let document = merge(vec![
        file(
            "values.yaml",
            "backup:\n  enabled: false\n  enabled: true\n",
        ),
        ValuesInput::set("backup.enabled=false"),
    ]);
    assert!(
        !validate(&document)
            .findings
            .iter()
            .any(|f| f.code() == "SB002")
    );
}

/// Cases the oracle cannot rebuild for Helm (see fixtures/merge/README.md), with the result
/// Helm's code gives (pkg/strvals/parser.go, read step by step).
#[test]
fn set_over_values_the_oracle_cannot_rebuild() {
    let values = |inputs: Vec<ValuesInput>| {
        let document = merge(inputs);
        let problems: Vec<String> = document
            .problems
            .iter()
            .map(|p| match &p.kind {
                LoadProblemKind::Syntax { message, .. } => message.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        (document.root.map(|root| root.to_json()), problems)
    };
    // An empty mapping from a file is the mapping `a.b` goes into...
    let (json, problems) = values(vec![
        file(
            "a.yaml", "a: {}
",
        ),
        ValuesInput::set("a.b=1"),
    ]);
    assert_eq!(json, Some(serde_json::json!({"a": {"b": 1}})));
    assert!(problems.is_empty());
    // ... and still has no value after `a.=1`, which Helm refuses.
    let (_, problems) = values(vec![
        file(
            "a.yaml", "a: {}
",
        ),
        ValuesInput::set("a.=1"),
    ]);
    assert_eq!(problems, [r#"key map "a" has no value"#]);
    // A non-empty one has a value: `a.=1` sets nothing and is no error.
    let (json, problems) = values(vec![
        file(
            "a.yaml",
            "a: {x: 1}
",
        ),
        ValuesInput::set("a.=1"),
    ]);
    assert_eq!(json, Some(serde_json::json!({"a": {"x": 1}})));
    assert!(problems.is_empty());
    // An empty list grows.
    let (json, _) = values(vec![
        file(
            "a.yaml", "a: []
",
        ),
        ValuesInput::set("a[1]=x"),
    ]);
    assert_eq!(json, Some(serde_json::json!({"a": [null, "x"]})));
    // A list ending with a null, under --set-string.
    let (json, _) = values(vec![
        file(
            "a.yaml",
            "a: [1, ~]
",
        ),
        ValuesInput::set_string("a[1][0]=x"),
    ]);
    assert_eq!(json, Some(serde_json::json!({"a": [1, ["x"]]})));
    // --set-literal over a file's mapping, after --set.
    let (json, problems) = values(vec![
        ValuesInput::Set {
            expression: "a.c=x,y".into(),
            kind: SetKind::Literal,
        },
        file(
            "a.yaml",
            "a: {b: 1}
",
        ),
        ValuesInput::set("a.b=2"),
    ]);
    assert_eq!(json, Some(serde_json::json!({"a": {"b": 2, "c": "x,y"}})));
    assert!(problems.is_empty());
    // An empty key from a file is reached by `.b` (Helm's `data[""]`), but never set.
    let (json, problems) = values(vec![
        file("a.yaml", "\"\": {x: 1}\n"),
        ValuesInput::set(".b=1,=2"),
    ]);
    assert_eq!(json, Some(serde_json::json!({"": {"x": 1, "b": 1}})));
    assert!(problems.is_empty());
}

#[test]
fn one_file_merged_alone_validates_as_the_file_does() {
    let options = Options {
        now: Some(DateTime::from_date(2025, 6, 1)),
        ..Options::default()
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut checked = 0;
    for directory in ["valid", "invalid"] {
        for entry in std::fs::read_dir(fixtures.join(directory)).expect("fixtures") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|ext| ext != "yaml") {
                continue;
            }
            let alone = stsbackup::load_file(&path).expect("readable");
            let merged = merge(vec![ValuesInput::File(alone.clone())]);
            let expected = validate_with(&alone, &options).findings;
            let found = validate_with(&merged, &options).findings;
            assert_eq!(found, expected, "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} fixtures");
}

#[test]
fn an_item_set_by_index_points_at_the_set_and_the_list_at_the_file() {
    let document = merge(vec![
        file("values.yaml", "l: [a, b, c]\n"),
        ValuesInput::set("l[1]=x,m[3]=y"),
    ]);
    let list = node(&document, &["l"]);
    assert_eq!(list.origin, 0);
    assert!(text_of(&document, list).starts_with('['));
    let NodeValue::Seq(items) = &list.value else {
        panic!("a list")
    };
    let items: Vec<(usize, &str)> = items
        .iter()
        .map(|item| (item.origin, text_of(&document, item)))
        .collect();
    assert_eq!(items, [(0, "a"), (1, "x"), (0, "c")]);
    // The nulls that fill a grown list point at the index that grew it.
    let filler = node(&document, &["m", "1"]);
    assert_eq!(
        (filler.value.clone(), text_of(&document, filler)),
        (NodeValue::Null, "[3]")
    );
}

#[test]
fn a_merged_document_can_be_merged_again() {
    let first = merge(vec![file("a.yaml", "x: 1\n"), ValuesInput::set("y=2")]);
    let document = merge(vec![file("b.yaml", "z: 3\n"), ValuesInput::File(first)]);
    let names: Vec<&str> = document.sources.iter().map(|s| s.name()).collect();
    assert_eq!(names, ["b.yaml", "a.yaml", "--set"]);
    for (key, origin, text) in [("x", 1, "1"), ("y", 2, "2"), ("z", 0, "3")] {
        let value = node(&document, &[key]);
        assert_eq!((value.origin, text_of(&document, value)), (origin, text));
    }
}

#[test]
fn no_inputs_give_an_empty_document_that_validates() {
    let document = merge(Vec::new());
    assert_eq!(document.sources.len(), 1);
    assert!(document.root.is_none());
    let report = validate(&document);
    assert!(!report.has_errors());
    let empty = merge(vec![file("empty.yaml", ""), ValuesInput::set("")]);
    assert_eq!(empty.root.unwrap().to_json(), serde_json::json!({}));
}

#[test]
fn hostile_expressions_are_bounded_and_cheap() {
    let started = Instant::now();
    // Helm's largest index: a list of 65,537.
    let document = merge(vec![ValuesInput::set("a[65536]=x")]);
    assert!(document.problems.is_empty());
    assert!(node(&document, &["a", "65536"]).value == NodeValue::String("x".into()));

    // Many such lists exceed the budget: an error, not gigabytes.
    let many: Vec<String> = (0..10).map(|i| format!("k{i}[65536]=x")).collect();
    let document = merge(vec![ValuesInput::set(many.join(","))]);
    assert!(matches!(
        &document.problems[..],
        [problem] if matches!(&problem.kind, LoadProblemKind::Syntax { message, .. } if message.contains(&MAX_SET_NODES.to_string()))
    ));

    // Lists nest without Helm's limit; stsbackup stops at MAX_SET_DEPTH.
    let deep = format!("a{}=1", "[0]".repeat(10_000));
    let document = merge(vec![ValuesInput::set(deep)]);
    assert!(matches!(
        &document.problems[..],
        [problem] if matches!(&problem.kind, LoadProblemKind::Syntax { message, .. } if message.contains(&MAX_SET_DEPTH.to_string()))
    ));
    let deep_maps = format!("a{}=1", "[0].b".repeat(10_000));
    assert_eq!(merge(vec![ValuesInput::set(deep_maps)]).problems.len(), 1);

    // Many keys in one mapping: linear, not quadratic.
    let keys: Vec<String> = (0..100_000).map(|i| format!("k{i}=1")).collect();
    let document = merge(vec![ValuesInput::set_string(keys.join(","))]);
    assert!(document.problems.is_empty());
    let NodeValue::Map(entries) = &document.root.as_ref().unwrap().value else {
        panic!("a mapping")
    };
    assert_eq!(entries.len(), 100_000);

    // Unbalanced braces, brackets and backslashes.
    for text in [
        "a={{{{", "a[[[[", "a]]]]=1", "{}{}{}", "\\", "a=\\", "a={1,\\}",
    ] {
        let _ = merge(vec![ValuesInput::set(text), ValuesInput::set_string(text)]);
    }

    // Larger than a values file may be.
    let huge = "a".repeat(stsbackup::load::MAX_FILE_BYTES + 1);
    let document = merge(vec![ValuesInput::set(huge)]);
    assert!(matches!(
        document.problems[0].kind,
        LoadProblemKind::TooLarge { .. }
    ));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

/// Every node points into its source, on character boundaries, and every key is where its
/// value is.
fn assert_positions_are_valid(document: &Document, node: &Node) {
    let source = document
        .sources
        .get(node.origin)
        .unwrap_or_else(|| panic!("origin {} of {}", node.origin, document.sources.len()));
    assert!(
        source.text().get(node.span.clone()).is_some(),
        "span {:?} of {:?}",
        node.span,
        source.text()
    );
    match &node.value {
        NodeValue::Map(entries) => {
            for entry in entries {
                let source = &document.sources[entry.value.origin];
                assert!(source.text().get(entry.key_span.clone()).is_some());
                assert_positions_are_valid(document, &entry.value);
            }
        }
        NodeValue::Seq(items) => items
            .iter()
            .for_each(|item| assert_positions_are_valid(document, item)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_expression_merges_without_panicking(
        typed in r"[ab.,=\\\[\]{}0-9é-]{0,24}",
        string in r"[ab.,=\\\[\]{}0-9-]{0,24}",
        literal in r"[ab.=\[\]0-9]{0,16}",
    ) {
        let document = merge(vec![
            file("base.yaml", "a: {b: [1, {c: 2}], d: x}\nb: ~\n"),
            ValuesInput::set(typed),
            ValuesInput::set_string(string),
            ValuesInput::Set { expression: literal, kind: SetKind::Literal },
        ]);
        if let Some(root) = &document.root {
            assert_positions_are_valid(&document, root);
        }
        for problem in &document.problems {
            if let LoadProblemKind::Syntax { span, .. } = &problem.kind {
                prop_assert!(document.sources[problem.origin].text().get(span.clone()).is_some());
            }
        }
        let _ = validate(&document);
    }
}
