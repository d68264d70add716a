//! The rule documentation under `docs/` and the README's rules table are generated from the
//! rules themselves, so they cannot drift. `STSBACKUP_BLESS=1 cargo test --test docs` rewrites
//! `docs/rules.md`.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn rules_markdown() -> String {
    let mut text = String::from(
        "# stsbackup rules\n\nGenerated from the rules' own documentation (`stsbackup explain CODE` prints the same text).\n\n",
    );
    for rule in stsbackup::rules::all() {
        text.push_str(&format!(
            "| [{0}](#{1}) | {2} | {3} |\n",
            rule.code,
            rule.code.to_lowercase(),
            rule.severity,
            rule.summary
        ));
    }
    let table_header = "| Code | Severity | Summary |\n| --- | --- | --- |\n";
    let insert_at = text.find("| [").unwrap_or(text.len());
    text.insert_str(insert_at, table_header);
    for rule in stsbackup::rules::all() {
        // Headings one level down inside each rule's section.
        let explanation = rule.explanation.trim_end().replace("\n## ", "\n### ");
        let explanation = explanation
            .strip_prefix("## ")
            .map(|e| format!("### {e}"))
            .unwrap_or(explanation);
        let applies_to = if rule.generations == stsbackup::generation::Generations::ALL {
            "every chart generation".to_owned()
        } else {
            rule.generations.to_string()
        };
        text.push_str(&format!(
            "\n<a id=\"{}\"></a>\n## {} {} ({})\n\n{}\n\nApplies to: {}.\n\n{}\n",
            rule.code.to_lowercase(),
            rule.code,
            rule.name,
            rule.severity,
            rule.summary,
            applies_to,
            explanation
        ));
    }
    text
}

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = root().join("docs/rules.md");
    let generated = rules_markdown();
    if std::env::var_os("STSBACKUP_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "docs/rules.md is stale: run STSBACKUP_BLESS=1 cargo test --test docs"
    );
}

#[test]
fn the_readme_lists_every_rule_with_its_severity_and_name() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for rule in stsbackup::rules::all() {
        let row = format!("| {} | {} | {} |", rule.code, rule.severity, rule.name);
        assert!(
            readme.contains(&row),
            "README.md has no row starting `{row}`"
        );
    }
}
