//! The minijinja environment: every template of `templates/`, embedded at build time, with
//! escaping that makes any string a plain YAML or JSON scalar.
//!
//! Every artifact stsbackup writes is YAML or JSON, so every template is added with JSON
//! auto-escaping: `{{ value }}` prints the value serialized as JSON, and a string becomes a
//! double-quoted scalar, which is valid JSON and valid YAML alike. Templates never build a
//! scalar by pasting text next to a value (`name: {{ x }}-suffix` would break the quoting);
//! they concatenate first (`{{ x ~ "-suffix" }}`) so the escaping covers the whole string.

use super::RenderError;
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value,
};
use serde::Serialize;
use std::sync::OnceLock;

/// The templates, by name. The names end in `.yaml.j2` or `.json.j2`, as the files do.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "_backup-pod.yaml.j2",
        include_str!("../../templates/_backup-pod.yaml.j2"),
    ),
    (
        "values.yaml.j2",
        include_str!("../../templates/values.yaml.j2"),
    ),
    (
        "values-s3proxy.yaml.j2",
        include_str!("../../templates/values-s3proxy.yaml.j2"),
    ),
    (
        "iam-policy.json.j2",
        include_str!("../../templates/iam-policy.json.j2"),
    ),
    (
        "slm-policy.json.j2",
        include_str!("../../templates/slm-policy.json.j2"),
    ),
    (
        "cronjob-stackgraph.yaml.j2",
        include_str!("../../templates/cronjob-stackgraph.yaml.j2"),
    ),
    (
        "cronjob-configuration.yaml.j2",
        include_str!("../../templates/cronjob-configuration.yaml.j2"),
    ),
    (
        "cronjob-s3proxy.yaml.j2",
        include_str!("../../templates/cronjob-s3proxy.yaml.j2"),
    ),
    (
        "cronjob-clickhouse.yaml.j2",
        include_str!("../../templates/cronjob-clickhouse.yaml.j2"),
    ),
    (
        "cronjob-minio.yaml.j2",
        include_str!("../../templates/cronjob-minio.yaml.j2"),
    ),
    (
        "cronjob-clickhouse-minio.yaml.j2",
        include_str!("../../templates/cronjob-clickhouse-minio.yaml.j2"),
    ),
    (
        "job-stackgraph-restore.yaml.j2",
        include_str!("../../templates/job-stackgraph-restore.yaml.j2"),
    ),
    (
        "job-elasticsearch-restore.yaml.j2",
        include_str!("../../templates/job-elasticsearch-restore.yaml.j2"),
    ),
    (
        "job-stackgraph-list-backups.yaml.j2",
        include_str!("../../templates/job-stackgraph-list-backups.yaml.j2"),
    ),
    (
        "job-elasticsearch-list-snapshots.yaml.j2",
        include_str!("../../templates/job-elasticsearch-list-snapshots.yaml.j2"),
    ),
    (
        "job-restore-release.yaml.j2",
        include_str!("../../templates/job-restore-release.yaml.j2"),
    ),
];

/// Renders an embedded template with a context.
pub(crate) fn render(name: &str, context: impl Serialize) -> Result<String, RenderError> {
    let environment = environment().map_err(|e| RenderError::Template(e.clone()))?;
    let template = environment
        .get_template(name)
        .map_err(|e| RenderError::Template(describe(&e)))?;
    template
        .render(Value::from(Serde(context)))
        .map_err(|e| RenderError::Template(describe(&e)))
}

/// The environment, built once. A template that does not parse is a bug that the tests
/// catch; it is reported as an error rather than a panic all the same.
fn environment() -> Result<&'static Environment<'static>, &'static String> {
    static ENVIRONMENT: OnceLock<Result<Environment<'static>, String>> = OnceLock::new();
    ENVIRONMENT.get_or_init(build).as_ref()
}

fn build() -> Result<Environment<'static>, String> {
    let mut environment = Environment::new();
    // A misspelt variable in a template must fail the render, not print an empty string.
    environment.set_undefined_behavior(UndefinedBehavior::Strict);
    // Block tags on their own lines leave no blank lines behind; files end with a newline.
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| describe(&e))?;
    environment.set_syntax(syntax);
    // Every artifact is YAML or JSON: JSON escaping for all of them, whatever the file name
    // says. The mode is fixed when a template is added, so this comes before `add_template`.
    environment.set_auto_escape_callback(|_| AutoEscape::Json);
    environment.set_formatter(yaml_safe_json);
    for (name, source) in TEMPLATES {
        environment
            .add_template(name, source)
            .map_err(|e| describe(&e))?;
    }
    Ok(environment)
}

/// Prints a value as JSON that is also a valid YAML scalar.
///
/// JSON leaves some characters unescaped that YAML does not allow in a document: DEL, the C1
/// control characters (U+0080 to U+009F, NEL among them), the byte order mark and the
/// noncharacters U+FFFE and U+FFFF. They are written as `\uXXXX`, which both formats read
/// back as the same character. Safe strings (the output of macros and of `tojson`) were
/// escaped when they were made and pass through as they are.
fn yaml_safe_json(
    out: &mut Output<'_>,
    state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), Error> {
    if value.is_safe() || *state.auto_escape() != AutoEscape::Json {
        return minijinja::escape_formatter(out, state, value);
    }
    let json = serde_json::to_string(value).map_err(|e| {
        Error::new(ErrorKind::BadSerialization, "cannot print a value as JSON").with_source(e)
    })?;
    out.write_str(&escape_yaml_unprintable(&json))
        .map_err(|_| Error::new(ErrorKind::WriteFailure, "cannot write the output"))
}

/// Replaces the characters YAML does not allow in a document with JSON `\u` escapes. They can
/// only occur inside JSON strings (everything else JSON writes is ASCII), so the escapes land
/// inside quotes.
pub(crate) fn escape_yaml_unprintable(json: &str) -> String {
    let mut escaped = String::with_capacity(json.len());
    for c in json.chars() {
        if is_yaml_unprintable(c) {
            escaped.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// LINE SEPARATOR and PARAGRAPH SEPARATOR are printable, but go-yaml (Helm, kubectl) breaks
/// lines at them even inside quotes, which folds them into a space: escaped, they read back as
/// themselves.
fn is_yaml_unprintable(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
    )
}

/// The error with its source chain, for messages (minijinja puts the detail in the source).
fn describe(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        let environment = environment().expect("the templates parse");
        for (name, _) in TEMPLATES {
            assert!(environment.get_template(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn strings_become_quoted_scalars_and_unprintables_are_escaped() {
        let mut environment = Environment::new();
        environment.set_auto_escape_callback(|_| AutoEscape::Json);
        environment.set_formatter(yaml_safe_json);
        environment
            .add_template("t.yaml.j2", "key: {{ value }}")
            .unwrap();
        let rendered = environment
            .get_template("t.yaml.j2")
            .unwrap()
            .render(minijinja::context! { value => "a: b\n# c \"{{ d }}\" \u{85}\u{feff}" })
            .unwrap();
        assert_eq!(rendered, r#"key: "a: b\n# c \"{{ d }}\" \u0085\ufeff""#);
    }

    #[test]
    fn a_misspelt_variable_is_an_error() {
        // The real environment is strict; a context without the variable fails the render.
        let error = render("slm-policy.json.j2", serde_json::json!({})).unwrap_err();
        assert!(matches!(error, RenderError::Template(_)), "{error}");
    }
}
