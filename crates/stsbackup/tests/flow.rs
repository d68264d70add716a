//! The library's data flows one way: text → positioned tree → merged values → shape check →
//! typed model → rules → findings, with rendering beside the rules (README, "Architecture").
//! This test reads every `crate::` path in the library's sources and fails on one that reaches
//! back up, so the picture stays true.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The library's top-level modules, upstream first. A module may use the modules of earlier
/// layers only; modules of one layer are independent of each other.
const LAYERS: &[&[&str]] = &[
    // The charts, their releases and generations: what every rule declares it applies to.
    &["generation"],
    // Vocabulary every stage shares: findings and their rules, value issues, dates, caches,
    // did-you-mean suggestions.
    &["finding", "issue", "calendar", "memo", "suggest"],
    // A loaded file; the ports of the tools the chart hands values to (cron parsers, `date`,
    // Python's `timedelta` and `strptime`, shell templates).
    &["source", "text", "cron"],
    &["load"],
    // Helm's merging of -f files and --set; what a file's keys say about its generation;
    // which messages would quote a secret.
    &["merge", "markers", "secrets"],
    // Every backup key of every generation, its releases and defaults.
    &["catalogue"],
    // The model; beside it, whether a file's sections are StackState's or another chart's.
    &["model", "belonging"],
    &["schema"],
    // When backups run and what retention keeps: computed from the model, read by rules.
    &["schedule"],
    &["rules"],
    &["validate"],
    // Output beside the rules: the chart's objects, and values rewritten for a later generation.
    &["render", "migrate"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn source_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the source folder is readable") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            source_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`rules/naming.rs` → `rules`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let module = first.strip_suffix(".rs").unwrap_or(first);
    (module != "lib").then(|| module.to_owned())
}

/// The modules named by `crate::NAME` in code (not comments, not test code: a unit test may
/// drive the whole pipeline to check one rule).
fn used_modules(text: &str) -> BTreeSet<(String, usize)> {
    let mut used = BTreeSet::new();
    for (number, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `crate::{a, b}` groups are not used in this codebase; a name is required.
            used.insert((name, number + 1));
            rest = after;
        }
    }
    used
}

#[test]
fn no_import_reaches_back_up_the_flow() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let shown = file.strip_prefix(&src).unwrap().display().to_string();
        let Some(layer) = layer_of(&module) else {
            problems.push(format!(
                "{shown}: module `{module}` is in no layer of tests/flow.rs: place it in the flow"
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("a readable source file");
        for (used, line) in used_modules(&text) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(used_layer) if used_layer < layer => {}
                Some(_) => problems.push(format!(
                    "{shown}:{line}: `{module}` uses `crate::{used}`, which is not upstream of it"
                )),
                None => problems.push(format!(
                    "{shown}:{line}: `crate::{used}` is not a module of the flow (use the item \
                     from its module, not a re-export of the crate root)"
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_sees_a_backward_import() {
    let text = "use crate::rules::lookup;\n// crate::render in a comment\nfn f() {}\n#[cfg(test)]\nmod tests { use crate::validate; }\n";
    let used: Vec<String> = used_modules(text).into_iter().map(|(m, _)| m).collect();
    assert_eq!(used, vec!["rules".to_owned()]);
    assert!(layer_of("finding") < layer_of("rules"));
    assert_eq!(layer_of("no_such_module"), None);
}
