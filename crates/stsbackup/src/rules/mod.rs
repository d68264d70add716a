//! The rules: each family in its own file, each rule with its stable code, its severity and
//! its documentation beside the code that checks it (`stsbackup explain CODE` prints it).
//!
//! Codes are stable forever; a removed rule keeps its code retired. Ranges:
//! `SB0xx` reading the file and its shape, `SB1xx` credentials, `SB2xx` buckets, `SB3xx`
//! schedules, `SB4xx` retention, `SB5xx` backup naming, `SB6xx` storage and wiring.

mod buckets;
mod context;
mod credentials;
mod elasticsearch_cron;
mod elasticsearch_names;
mod kubernetes_cron;
mod naming;
mod retention;
mod shape;
mod storage;
mod suppression;
mod volumes;
mod yaml;

pub(crate) use context::Context;

use crate::finding::Severity;

/// A rule: what it is called, how bad a finding of it is, and why.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, for example `SB201`.
    pub code: &'static str,
    /// Short kebab-case name, for example `s3-bucket-name`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Markdown: why it matters (what breaks, and when), an example, the fix, references.
    pub explanation: &'static str,
}

/// Every rule, in code order.
pub fn all() -> &'static [&'static Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<&'static Rule> = [
            yaml::RULES,
            shape::RULES,
            credentials::RULES,
            buckets::RULES,
            kubernetes_cron::RULES,
            elasticsearch_cron::RULES,
            elasticsearch_names::RULES,
            retention::RULES,
            naming::RULES,
            storage::RULES,
            suppression::RULES,
            volumes::RULES,
        ]
        .concat();
        rules.sort_by_key(|rule| rule.code);
        rules
    })
}

/// The rule with this code (case-insensitive), if there is one.
pub fn lookup(code: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

/// Runs every semantic rule on the typed model.
pub(crate) fn check_model(cx: &mut Context<'_>) {
    credentials::check(cx);
    buckets::check(cx);
    kubernetes_cron::check(cx);
    elasticsearch_cron::check(cx);
    elasticsearch_names::check(cx);
    retention::check(cx);
    naming::check(cx);
    storage::check(cx);
    volumes::check(cx);
}

pub(crate) use shape::report_shape_errors;
pub(crate) use suppression::apply_inline_ignores;
pub(crate) use yaml::{
    internal_error, report_load_problems, report_null_deletions, report_tree_problems,
};

/// Whether a finding of this code means the semantic rules must not judge the same value
/// again: they saw the chart's default in its place.
pub(crate) fn blocks_semantic_rules(code: &str) -> bool {
    [
        shape::UNKNOWN_KEY.code,
        shape::WRONG_TYPE.code,
        yaml::YAML11_RETYPED.code,
        yaml::NULL_DELETES_DEFAULT.code,
    ]
    .contains(&code)
}

/// Whether a finding of this code explains a value better than the schema's findings for it.
pub(crate) fn supersedes_shape_findings(code: &str) -> bool {
    code == yaml::YAML11_RETYPED.code
}

/// Whether a finding of this code comes from the schema's shape check.
pub(crate) fn is_shape_finding(code: &str) -> bool {
    shape::RULES.iter().any(|rule| rule.code == code)
}

/// Whether a finding of this code is the schema's generic wording, which a semantic rule's
/// finding for the same value replaces.
pub(crate) fn is_generic_constraint(code: &str) -> bool {
    code == shape::NOT_ALLOWED.code
}

/// Helm's dotted form of a values path; dots inside a key are escaped as `--set` does.
pub(crate) fn dotted<S: AsRef<str>>(segments: &[S]) -> String {
    segments
        .iter()
        .map(|s| s.as_ref().replace('.', "\\."))
        .collect::<Vec<_>>()
        .join(".")
}

/// A finding at a known position, for the stages that run before the typed model exists.
pub(crate) fn finding_at(
    rule: &'static Rule,
    document: &crate::load::Document,
    path: &str,
    at: crate::load::Located,
    message: String,
    help: Option<String>,
) -> crate::finding::Finding {
    crate::finding::Finding {
        code: rule.code,
        severity: rule.severity,
        path: path.to_owned(),
        file: document.source_of(at.origin).name().to_owned(),
        source: at.origin,
        position: at.position,
        message,
        help,
    }
}

/// Adds to the generated schema the constraints that rules can state as patterns.
pub(crate) fn add_schema_constraints(schema: &mut serde_json::Value) {
    buckets::add_schema_constraints(schema);
    retention::add_schema_constraints(schema);
}

/// Sets a keyword on a property of a definition of the generated schema.
pub(crate) fn constrain(
    schema: &mut serde_json::Value,
    definition: &str,
    property: &str,
    keyword: &str,
    value: serde_json::Value,
) {
    let slot = schema
        .get_mut("definitions")
        .and_then(|d| d.get_mut(definition))
        .and_then(|d| d.get_mut("properties"))
        .and_then(|p| p.get_mut(property))
        .and_then(|p| p.as_object_mut());
    match slot {
        Some(property) => {
            property.insert(keyword.to_owned(), value);
        }
        None => debug_assert!(false, "no property {definition}.{property} in the schema"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = all().iter().map(|r| r.code).collect();
        let count = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), count, "duplicate rule codes");
        for rule in all() {
            assert!(
                rule.code.len() == 5 && rule.code.starts_with("SB"),
                "{}",
                rule.code
            );
            assert!(
                !rule.summary.is_empty() && rule.explanation.contains("## Why"),
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
            );
        }
    }

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(lookup("sb201").map(|r| r.code), Some("SB201"));
        assert!(lookup("SB999").is_none());
    }
}
