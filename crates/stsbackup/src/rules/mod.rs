//! The rules: each family in its own file, each rule with its stable code, its severity and
//! its documentation beside the code that checks it (`stsbackup explain CODE` prints it).
//!
//! Codes are stable forever; a removed rule keeps its code retired. Ranges:
//! `SB0xx` reading the file and its shape, `SB1xx` credentials, `SB2xx` buckets, `SB3xx`
//! schedules, `SB4xx` retention, `SB5xx` backup naming, `SB6xx` storage and wiring.

mod backends;
mod buckets;
mod clickhouse;
mod context;
mod credentials;
mod disable_trick;
mod elasticsearch_cron;
mod elasticsearch_names;
mod kubernetes_cron;
mod naming;
mod platform;
mod removed_keys;
mod retention;
mod s3_prefix;
mod s3proxy_credentials;
mod shape;
mod storage;
mod subchart_retention;
mod supercronic_cron;
mod suppression;
mod switches;
mod volumes;
mod yaml;

pub(crate) use context::Context;

pub use crate::finding::Rule;

/// A family of rules: its rules and, for the families that judge the typed model, the check
/// that finds them. One file per family; [`FAMILIES`] is the one list of them all.
pub(crate) struct Family {
    /// Every rule the family reports, so that `explain`, the docs and the outputs know it.
    pub rules: &'static [&'static Rule],
    /// The check on the typed model; `None` for the families whose findings come from an
    /// earlier stage (reading the file, the shape check) or from the others' findings.
    pub check: Option<fn(&mut Context<'_>)>,
}

/// Every family, in the order their model checks run.
const FAMILIES: &[&Family] = &[
    &yaml::FAMILY,
    &shape::FAMILY,
    &credentials::FAMILY,
    &s3proxy_credentials::FAMILY,
    &buckets::FAMILY,
    &kubernetes_cron::FAMILY,
    &elasticsearch_cron::FAMILY,
    &supercronic_cron::FAMILY,
    &elasticsearch_names::FAMILY,
    &retention::FAMILY,
    &subchart_retention::FAMILY,
    &naming::FAMILY,
    &s3_prefix::FAMILY,
    &storage::FAMILY,
    &volumes::FAMILY,
    &removed_keys::FAMILY,
    &backends::FAMILY,
    &switches::FAMILY,
    &clickhouse::FAMILY,
    &platform::FAMILY,
    &suppression::FAMILY,
];

/// Every rule, in code order.
pub fn all() -> &'static [&'static Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<&'static Rule> = FAMILIES
            .iter()
            .flat_map(|family| family.rules.iter().copied())
            .collect();
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

/// Runs every family's check on the typed model.
pub(crate) fn check_model(cx: &mut Context<'_>) {
    for check in FAMILIES.iter().filter_map(|family| family.check) {
        check(cx);
    }
}

pub(crate) use shape::{chart_generation_note, report_shape_errors};
pub(crate) use suppression::apply_inline_ignores;
pub(crate) use yaml::{
    internal_error, report_load_problems, report_null_deletions, report_tree_problems,
};

/// Whether a finding of this code means the semantic rules must not judge the same value
/// again: they saw the chart's default in its place.
pub(crate) fn blocks_semantic_rules(code: &str) -> bool {
    [
        shape::UNKNOWN_KEY.code,
        shape::UNKNOWN_KEY_AT_DEFAULT.code,
        shape::WRONG_TYPE.code,
        yaml::YAML11_RETYPED.code,
        yaml::NULL_DELETES_DEFAULT.code,
    ]
    .contains(&code)
}

/// The code of the finding that a `null` deleted a chart default.
pub(crate) const NULL_DELETES_DEFAULT_CODE: &str = yaml::NULL_DELETES_DEFAULT.code;

/// Whether a finding of this code explains a value better than the schema's findings for it.
pub(crate) fn supersedes_shape_findings(code: &str) -> bool {
    code == yaml::YAML11_RETYPED.code
}

/// Whether a finding of this code comes from the schema's shape check.
pub(crate) fn is_shape_finding(code: &str) -> bool {
    shape::FAMILY.rules.iter().any(|rule| rule.code == code)
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
        rule,
        severity: rule.severity,
        path: path.to_owned(),
        file: document.source_of(at.origin).name().to_owned(),
        source: at.origin,
        position: at.position,
        message,
        help,
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
    fn names_are_unique() {
        let mut names: Vec<&str> = all().iter().map(|r| r.name).collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "two rules share a name");
    }

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(lookup("sb201").map(|r| r.code), Some("SB201"));
        assert!(lookup("SB999").is_none());
    }
}
