//! The JSON Schema of the `backup:` and `minio:` values, generated from the model, and the
//! shape check that applies it to a values file.
//!
//! The schema is draft-07, the draft Helm's `values.schema.json` support was written for. It
//! carries the constraints that a rule can state as a pattern; every such pattern comes from
//! the rule that owns it, so a value the schema refuses is always an error of that rule too.

use crate::model::Values;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// The generated schema as a JSON value.
pub fn values_schema() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Values>();
    let mut schema = schema.to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "$id".into(),
            // Where editors and tools can fetch it: the same URL as the README's modeline.
            json!("https://raw.githubusercontent.com/stsbackup/stsbackup/main/schema/values.schema.json"),
        );
        object.insert(
            "title".into(),
            json!("StackState backup values (stackstate chart 4.3 to 5.1)"),
        );
        object.insert(
            "description".into(),
            json!("The backup: and minio: values of the StackState Helm chart, as checked by stsbackup. Other top-level keys belong to the rest of the chart and are allowed."),
        );
    }
    schema
}

/// The schema as it is checked in at `schema/values.schema.json` and printed by
/// `stsbackup schema`: pretty JSON with a final newline.
pub fn values_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&values_schema()).expect("a JSON value serializes");
    text.push('\n');
    text
}

/// The checked-in schema, built into the library: parsing it costs a tenth of generating it,
/// which matters for a linter started once per file by pre-commit. A test keeps it equal to
/// [`values_schema`].
const CHECKED_IN_SCHEMA: &str = include_str!("../schema/values.schema.json");

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema = serde_json::from_str(CHECKED_IN_SCHEMA).unwrap_or_else(|_| values_schema());
        jsonschema::draft7::new(&schema).expect("the schema is valid draft-07")
    })
}

/// The JSON value of every key the model knows, with its default: the reference for unknown
/// keys (and their nearest known spelling) and for what a `null` deletes.
pub(crate) fn defaults() -> &'static Value {
    static DEFAULTS: OnceLock<Value> = OnceLock::new();
    DEFAULTS.get_or_init(|| serde_json::to_value(Values::default()).expect("the model serializes"))
}

/// Whether the model has a key at this path (inside a free-form object, every key counts).
pub(crate) fn is_known_path<S: AsRef<str>>(segments: &[S]) -> bool {
    let mut value = defaults();
    for segment in segments {
        match value {
            Value::Object(object) => match object.get(segment.as_ref()) {
                Some(next) => value = next,
                // A free-form object (an empty default mapping) accepts any key.
                None => return object.is_empty(),
            },
            _ => return true,
        }
    }
    true
}

/// One way in which the raw values do not fit the schema.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ShapeError {
    /// JSON pointer segments of the offending value.
    pub segments: Vec<String>,
    pub kind: ShapeErrorKind,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ShapeErrorKind {
    /// A key the schema does not have (`segments` ends with it).
    UnknownKey,
    /// A value of the wrong JSON type.
    WrongType { expected: Vec<&'static str> },
    /// A value of the right type that breaks a constraint (pattern, length, enum, range).
    Constraint { message: String, keeps_type: bool },
}

/// Applies the schema to the `backup:`/`minio:` JSON of a values file.
pub(crate) fn check_shape(instance: &Value) -> Vec<ShapeError> {
    use jsonschema::error::{TypeKind, ValidationErrorKind as Kind};
    let mut errors = Vec::new();
    for error in validator().iter_errors(instance) {
        let segments = pointer_segments(error.instance_path().as_str());
        match error.kind() {
            Kind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    let mut segments = segments.clone();
                    segments.push(key.clone());
                    errors.push(ShapeError {
                        segments,
                        kind: ShapeErrorKind::UnknownKey,
                    });
                }
            }
            Kind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(single) => vec![single.as_str()],
                    TypeKind::Multiple(set) => set.iter().map(|t| t.as_str()).collect(),
                };
                errors.push(ShapeError {
                    segments,
                    kind: ShapeErrorKind::WrongType { expected },
                });
            }
            other => {
                let keeps_type = matches!(
                    other,
                    Kind::Pattern { .. }
                        | Kind::MinLength { .. }
                        | Kind::MaxLength { .. }
                        | Kind::Format { .. }
                );
                let message = constraint_message(other);
                errors.push(ShapeError {
                    segments,
                    kind: ShapeErrorKind::Constraint {
                        message,
                        keeps_type,
                    },
                });
            }
        }
    }
    errors
}

/// Describes a broken constraint without quoting the value (which may be a secret).
fn constraint_message(kind: &jsonschema::error::ValidationErrorKind) -> String {
    use jsonschema::error::ValidationErrorKind as Kind;
    match kind {
        Kind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|o| format!("`{}`", o.as_str().unwrap_or(&o.to_string())))
                        .collect()
                })
                .unwrap_or_default();
            format!("must be one of {}", options.join(", "))
        }
        Kind::Pattern { pattern } => format!("does not match the pattern `{pattern}`"),
        Kind::MinLength { limit } => format!("is shorter than {limit} characters"),
        Kind::MaxLength { limit } => format!("is longer than {limit} characters"),
        Kind::Minimum { limit } => format!("is less than {limit}"),
        Kind::Maximum { limit } => format!("is greater than {limit}"),
        Kind::MinItems { limit } => format!("has fewer than {limit} items"),
        Kind::MaxItems { limit } => format!("has more than {limit} items"),
        other => format!("breaks the schema ({other:?})"),
    }
}

/// Splits an RFC 6901 JSON pointer into its unescaped segments.
pub(crate) fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_schema_is_the_generated_one() {
        let built_in: Value = serde_json::from_str(CHECKED_IN_SCHEMA).unwrap();
        assert!(
            built_in == values_schema(),
            "schema/values.schema.json is stale: run `cargo run -p stsbackup-cli -- schema > schema/values.schema.json`"
        );
    }

    #[test]
    fn the_generated_schema_is_valid_draft_07() {
        let schema = values_schema();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        assert!(jsonschema::meta::is_valid(&schema));
    }

    #[test]
    fn the_model_defaults_pass_the_schema() {
        let errors = check_shape(&serde_json::to_value(Values::default()).unwrap());
        assert_eq!(errors, vec![]);
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_found_with_their_pointers() {
        let errors = check_shape(&json!({
            "backup": {"stackgraph": {}, "enabled": "true"},
            "minio": {"replicas": "one"},
            "other": {"anything": 1}
        }));
        let mut found: Vec<(String, bool)> = errors
            .iter()
            .map(|e| {
                (
                    e.segments.join("/"),
                    matches!(e.kind, ShapeErrorKind::UnknownKey),
                )
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            vec![
                ("backup/enabled".into(), false),
                ("backup/stackgraph".into(), true),
                ("minio/replicas".into(), false)
            ]
        );
    }

    #[test]
    fn pointer_segments_unescape() {
        assert_eq!(pointer_segments("/a~1b/c~0d"), vec!["a/b", "c~d"]);
        assert!(pointer_segments("").is_empty());
    }
}
