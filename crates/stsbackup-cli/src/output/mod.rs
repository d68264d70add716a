//! One file per output format; each is a function of the findings.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

/// Where a rule's documentation lives on the web, for formats that link to it.
pub fn rule_url(code: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{}",
        env!("CARGO_PKG_REPOSITORY"),
        code.to_ascii_lowercase()
    )
}
