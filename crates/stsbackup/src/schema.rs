//! The JSON Schema of the `backup:` and `minio:` values, generated from the model (the
//! classic chart's, checked in as `schema/values.schema.json`) or from the key catalogue for
//! any release, and the shape check, which walks the catalogue.
//!
//! The schema is draft-07, the draft Helm's `values.schema.json` support was written for. It
//! carries the constraints that a rule can state as a pattern; every such pattern comes from
//! the rule that owns it, so a value the schema refuses is always an error of that rule too.

use crate::catalogue::{self, Kind};
use crate::generation::{ChartVersion, Generation};
use crate::model::Values;
use crate::model::constraints::{self, Constraint};
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
    prune_defaults(&mut schema);
    schema
}

/// Drops from every `default` the keys its schema does not have: the model also holds the
/// later generations' keys (`#[schemars(skip)]`: the classic schema does not name them), and
/// their empty values must not show in the classic chart's defaults either.
fn prune_defaults(schema: &mut Value) {
    let definitions = schema.get("definitions").cloned().unwrap_or(Value::Null);
    prune_defaults_in(schema, &definitions);
}

fn prune_defaults_in(node: &mut Value, definitions: &Value) {
    match node {
        Value::Object(object) => {
            if let Some(properties) = properties_of(object, definitions).cloned()
                && let Some(default) = object.get_mut("default")
            {
                prune_default(default, &properties, definitions);
            }
            for value in object.values_mut() {
                prune_defaults_in(value, definitions);
            }
        }
        Value::Array(items) => {
            for item in items {
                prune_defaults_in(item, definitions);
            }
        }
        _ => {}
    }
}

/// The `properties` of a schema, following a `$ref` (alone or as schemars' `allOf: [$ref]`).
fn properties_of<'a>(
    schema: &'a serde_json::Map<String, Value>,
    definitions: &'a Value,
) -> Option<&'a serde_json::Map<String, Value>> {
    if let Some(Value::Object(properties)) = schema.get("properties") {
        return Some(properties);
    }
    let reference = schema.get("$ref").or_else(|| {
        schema
            .get("allOf")?
            .as_array()?
            .iter()
            .find_map(|part| part.get("$ref"))
    })?;
    let name = reference.as_str()?.strip_prefix("#/definitions/")?;
    match definitions.get(name)? {
        Value::Object(definition) => properties_of(definition, definitions),
        _ => None,
    }
}

fn prune_default(
    default: &mut Value,
    properties: &serde_json::Map<String, Value>,
    definitions: &Value,
) {
    let Value::Object(entries) = default else {
        return;
    };
    entries.retain(|key, _| properties.contains_key(key));
    for (key, value) in entries.iter_mut() {
        if let Some(Value::Object(property)) = properties.get(key)
            && let Some(inner) = properties_of(property, definitions)
        {
            prune_default(value, inner, definitions);
        }
    }
}

/// The schema as it is checked in at `schema/values.schema.json` and printed by
/// `stsbackup schema`: pretty JSON with a final newline.
pub fn values_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&values_schema()).expect("a JSON value serializes");
    text.push('\n');
    text
}

/// The JSON Schema (draft-07) of the backup values of one chart release, from the key
/// catalogue: the keys present at that release, each with its kind and its default there
/// (`null` allowed where the default is `null`); every catalogued mapping refuses other keys,
/// while the rest of the chart (`global` outside `global.backup`, a subchart outside its
/// `backup`) is left open. Where a key is the typed model's and the release reads it as the
/// model does (the classic chart and `stackstate-k8s` up to 1.11.3), the model's description
/// and constraints come with it.
///
/// ```
/// let release = "suse-observability@2.10.0".parse().unwrap();
/// let schema = stsbackup::schema::release_schema(release);
/// let storage = &schema["properties"]["backup"]["properties"]["storage"];
/// assert_eq!(storage["additionalProperties"], false);
/// ```
pub fn release_schema(release: ChartVersion) -> Value {
    let classic = values_schema();
    let with_model = release.generation() <= Generation::D1;
    let mut root = SchemaNode::default();
    for key in catalogue::keys_at(release) {
        let segments = catalogue::segments(key.path);
        // A key inside a free-form mapping of the release is part of that mapping.
        let inside_free_form = (1..segments.len()).any(|end| {
            catalogue::lookup(&segments[..end].join("."))
                .is_some_and(|k| k.kind.is_free_form() && k.default_at(release).is_some())
        });
        if inside_free_form {
            continue;
        }
        let mut node = &mut root;
        for segment in &segments {
            node = node.children.entry(segment.clone()).or_default();
        }
        node.key = Some(key);
    }
    let mut schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": format!("https://stsbackup.dev/schema/{}-{}.schema.json", release.chart, release.version),
        "title": format!("Backup values of the {} chart {}", release.chart, release.version),
        "description": "The backup keys of this chart release, as stsbackup's key catalogue lists them. Other keys belong to the rest of the chart and are allowed.",
        "type": "object",
    });
    let mut properties = serde_json::Map::new();
    for (name, child) in &root.children {
        properties.insert(
            name.clone(),
            child.to_schema(name, release, with_model.then_some(&classic), true),
        );
    }
    schema["properties"] = Value::Object(properties);
    schema
}

/// [`release_schema`] as pretty JSON with a final newline.
pub fn release_schema_text(release: ChartVersion) -> String {
    let mut text =
        serde_json::to_string_pretty(&release_schema(release)).expect("a JSON value serializes");
    text.push('\n');
    text
}

/// The catalogued keys at one release, as a tree of mappings.
#[derive(Default)]
struct SchemaNode {
    key: Option<&'static catalogue::Key>,
    children: std::collections::BTreeMap<String, SchemaNode>,
}

impl SchemaNode {
    /// `open`: a mapping that holds catalogued sections among the rest of the chart's keys
    /// (the top level, `global`, `victoria-metrics-0`): other keys are allowed.
    fn to_schema(
        &self,
        path: &str,
        release: ChartVersion,
        classic: Option<&Value>,
        open: bool,
    ) -> Value {
        if let Some(key) = self.key {
            return key_schema(key, path, release, classic);
        }
        let open = open && !catalogue::SECTIONS.contains(&path);
        let mut properties = serde_json::Map::new();
        for (name, child) in &self.children {
            let child_path = format!("{path}.{name}");
            properties.insert(
                name.clone(),
                child.to_schema(&child_path, release, classic, open),
            );
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if !open {
            schema["additionalProperties"] = json!(false);
        }
        if let Some(description) = classic.and_then(|c| classic_node(c, path)?.get("description")) {
            schema["description"] = description.clone();
        }
        schema
    }
}

fn key_schema(
    key: &catalogue::Key,
    path: &str,
    release: ChartVersion,
    classic: Option<&Value>,
) -> Value {
    let default: Value = key
        .default_at(release)
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or(Value::Null);
    let mut types: Vec<&str> = key.kind.json_types().to_vec();
    if default.is_null() && !types.is_empty() && !types.contains(&"null") {
        types.insert(0, "null");
    }
    let mut schema = serde_json::Map::new();
    match types.as_slice() {
        [] => {}
        [single] => {
            schema.insert("type".into(), json!(single));
        }
        several => {
            schema.insert("type".into(), json!(several));
        }
    }
    if let Some(item) = key.kind.item_type() {
        schema.insert("items".into(), json!({ "type": item }));
    }
    schema.insert("default".into(), default);
    if let Some(classic) = classic {
        if let Some(description) = classic_node(classic, path).and_then(|n| n.get("description")) {
            schema.insert("description".into(), description.clone());
        }
        if let Some(constraint) = constraints::constraint_at(path) {
            if !constraint.one_of.is_empty() {
                schema.insert("enum".into(), json!(constraint.one_of));
            }
            if let Some(minimum) = constraint.minimum {
                schema.insert("minimum".into(), json!(minimum));
            }
            if let Some(min) = constraint.min_length {
                schema.insert("minLength".into(), json!(min));
            }
            if let Some(max) = constraint.max_length {
                schema.insert("maxLength".into(), json!(max));
            }
            if let Some(pattern) = constraint.pattern {
                schema.insert("pattern".into(), json!(pattern.regex()));
            }
        }
    }
    Value::Object(schema)
}

/// The node of the classic schema at a dotted path, `$ref`s followed.
fn classic_node<'a>(classic: &'a Value, path: &str) -> Option<&'a Value> {
    fn resolve<'a>(root: &'a Value, node: &'a Value) -> Option<&'a Value> {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let name = reference.strip_prefix("#/definitions/")?;
            return resolve(root, root.get("definitions")?.get(name)?);
        }
        match node.get("allOf").and_then(Value::as_array) {
            Some(all) if all.len() == 1 => resolve(root, &all[0]),
            _ => Some(node),
        }
    }
    let mut node = classic;
    for segment in catalogue::segments(path) {
        node = resolve(classic, node)?.get("properties")?.get(&segment)?;
    }
    resolve(classic, node)
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

/// Checks the JSON of the modelled sections against the key catalogue at `releases` (the
/// candidate releases of the file): keys none of them has, values of the wrong type, values
/// that break a constraint of [`constraints::CONSTRAINTS`]. For the classic chart it finds
/// what the classic JSON Schema finds, in the order a draft-07 validator reports it (a test
/// runs both); it needs no validator, which a linter started once per file cannot afford.
///
/// A top-level key that is not a catalogued section (or holds none) belongs to the rest of
/// the chart and is left alone; a `null` at a known key deletes it and is accepted.
pub(crate) fn check_shape(instance: &Value, releases: &[ChartVersion]) -> Vec<ShapeError> {
    let mut walk = Walk {
        releases,
        errors: Vec::new(),
        segments: Vec::new(),
        path: String::new(),
    };
    let Value::Object(sections) = instance else {
        return walk.errors;
    };
    for (name, value) in sections {
        if catalogue::SECTIONS.contains(&name.as_str()) {
            walk.enter(name);
            walk.value(value);
            walk.leave();
        } else if let Value::Object(children) = value {
            // `global` and the like: only their catalogued parts (`global.backup`) are ours.
            walk.enter(name);
            for (child, value) in children {
                walk.enter(child);
                if catalogue::SECTIONS.contains(&walk.path.as_str()) {
                    walk.value(value);
                }
                walk.leave();
            }
            walk.leave();
        }
    }
    walk.errors
}

struct Walk<'a> {
    releases: &'a [ChartVersion],
    errors: Vec<ShapeError>,
    /// The segments of the value being checked, and the same dotted.
    segments: Vec<String>,
    path: String,
}

impl Walk<'_> {
    fn enter(&mut self, key: &str) {
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
        self.segments.push(key.to_owned());
    }

    fn leave(&mut self) {
        if let Some(last) = self.segments.pop() {
            let keep = self.path.len() - last.len();
            self.path.truncate(keep.saturating_sub(1));
        }
    }

    fn error(&mut self, kind: ShapeErrorKind) {
        self.errors.push(ShapeError {
            segments: self.segments.clone(),
            kind,
        });
    }

    /// The value at a known path.
    fn value(&mut self, value: &Value) {
        if value.is_null() {
            return;
        }
        match catalogue::node_at(&self.path, self.releases) {
            Some(catalogue::Node::Key(key)) => self.leaf(key.kind, value),
            Some(catalogue::Node::Mapping) => self.mapping(value),
            // A section that is one key (`clickhouse.enabled`), absent from the releases: a
            // removed key is the removed-key rules' to explain, any other is unknown there.
            None if !value.is_object() => {
                if !self
                    .releases
                    .iter()
                    .any(|release| catalogue::is_removed_at(&self.segments, *release))
                {
                    self.error(ShapeErrorKind::UnknownKey);
                }
            }
            None => self.mapping(value),
        }
    }

    /// A mapping whose keys are catalogued.
    fn mapping(&mut self, value: &Value) {
        let Value::Object(entries) = value else {
            self.error(ShapeErrorKind::WrongType {
                expected: vec!["object"],
            });
            return;
        };
        // A draft-07 validator reports the known keys' problems first, then the unknown keys.
        let mut unknown = Vec::new();
        for (key, value) in entries {
            self.enter(key);
            if catalogue::node_at(&self.path, self.releases).is_some() {
                self.value(value);
            } else if !self
                .releases
                .iter()
                .any(|release| catalogue::is_removed_at(&self.segments, *release))
            {
                // A key a release removed is not a typo: the removed-key rules say what
                // became of it (SB612, SB613).
                unknown.push(self.segments.clone());
            }
            self.leave();
        }
        self.errors
            .extend(unknown.into_iter().map(|segments| ShapeError {
                segments,
                kind: ShapeErrorKind::UnknownKey,
            }));
    }

    /// A catalogued key: its type, its constraints, its list items (in the order a draft-07
    /// validator runs the schema's keywords).
    fn leaf(&mut self, kind: Kind, value: &Value) {
        let types = kind.json_types();
        if !types.is_empty() && !types.iter().any(|t| catalogue::json_type_admits(t, value)) {
            self.error(ShapeErrorKind::WrongType {
                expected: types.to_vec(),
            });
        }
        if let Some(constraint) = constraints::constraint_at(&self.path) {
            for broken in broken_constraints(constraint, value) {
                // The model holds a string that breaks a pattern or a length (a rule explains
                // it); a value outside an enumeration or a range it cannot hold.
                let keeps_type = matches!(
                    broken,
                    Broken::TooShort(_) | Broken::TooLong(_) | Broken::NoMatch(_)
                );
                self.error(ShapeErrorKind::Constraint {
                    message: broken.to_string(),
                    keeps_type,
                });
            }
        }
        if let (Some(item_type), Value::Array(items)) = (kind.item_type(), value) {
            for (index, item) in items.iter().enumerate() {
                if !catalogue::json_type_admits(item_type, item) {
                    self.enter(&index.to_string());
                    self.error(ShapeErrorKind::WrongType {
                        expected: vec![item_type],
                    });
                    self.leave();
                }
            }
        }
    }
}

/// One broken constraint, described without quoting the value (which may be a secret).
enum Broken {
    NotOneOf(&'static [&'static str]),
    TooLong(u32),
    TooShort(u32),
    BelowMinimum(i64),
    NoMatch(&'static str),
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Broken::NotOneOf(options) => {
                let options: Vec<String> = options.iter().map(|o| format!("`{o}`")).collect();
                write!(f, "must be one of {}", options.join(", "))
            }
            Broken::TooLong(limit) => write!(f, "is longer than {limit} characters"),
            Broken::TooShort(limit) => write!(f, "is shorter than {limit} characters"),
            Broken::BelowMinimum(limit) => write!(f, "is less than {limit}"),
            Broken::NoMatch(pattern) => write!(f, "does not match the pattern `{pattern}`"),
        }
    }
}

/// The constraints a value breaks, in the order a draft-07 validator runs their keywords
/// (`enum`, `minimum`, `minLength`, `maxLength`, `pattern`): each keyword applies to the JSON
/// types it is defined for, whatever the value's type.
fn broken_constraints(constraint: &Constraint, value: &Value) -> Vec<Broken> {
    let mut broken = Vec::new();
    if !constraint.one_of.is_empty()
        && !constraint
            .one_of
            .iter()
            .any(|option| value.as_str() == Some(option))
    {
        broken.push(Broken::NotOneOf(constraint.one_of));
    }
    if let (Some(minimum), Value::Number(number)) = (constraint.minimum, value) {
        let below = match (number.as_i64(), number.as_f64()) {
            (Some(n), _) => n < minimum,
            (None, _) if number.is_u64() => false,
            (None, Some(f)) => f < minimum as f64,
            (None, None) => false,
        };
        if below {
            broken.push(Broken::BelowMinimum(minimum));
        }
    }
    if let Value::String(text) = value {
        let length = text.chars().count();
        if let Some(min) = constraint.min_length.filter(|min| length < *min as usize) {
            broken.push(Broken::TooShort(min));
        }
        if let Some(max) = constraint.max_length.filter(|max| length > *max as usize) {
            broken.push(Broken::TooLong(max));
        }
        if let Some(pattern) = constraint.pattern
            && !pattern.is_match(text)
        {
            broken.push(Broken::NoMatch(pattern.regex()));
        }
    }
    broken
}

#[cfg(test)]
mod oracle_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn classic() -> Vec<ChartVersion> {
        vec![ChartVersion::parse("stackstate@5.1.4").unwrap()]
    }

    #[test]
    fn the_generated_schema_is_valid_draft_07() {
        let schema = values_schema();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        assert!(jsonschema::meta::is_valid(&schema));
    }

    #[test]
    fn the_model_defaults_pass_the_shape_check() {
        /// The later generations' keys are `Option`s, absent by default: without them (and
        /// without the mappings that only held them) the defaults are the classic chart's.
        fn without_absent(value: &mut Value) -> bool {
            match value {
                Value::Null => false,
                Value::Object(object) => {
                    let had_keys = !object.is_empty();
                    object.retain(|_, inner| without_absent(inner));
                    !(had_keys && object.is_empty())
                }
                _ => true,
            }
        }
        let mut defaults = serde_json::to_value(Values::default()).unwrap();
        without_absent(&mut defaults);
        assert_eq!(check_shape(&defaults, &classic()), vec![]);
        // Every key of the model, absent or not, is a key of some release.
        let every_release: Vec<ChartVersion> = crate::generation::Generation::ALL
            .iter()
            .map(|generation| generation.newest_release())
            .chain(classic())
            .collect();
        let all = serde_json::to_value(Values::default()).unwrap();
        assert_eq!(check_shape(&all, &every_release), vec![]);
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_found_with_their_segments() {
        let errors = check_shape(
            &json!({
                "backup": {"stackgraph": {}, "enabled": "true"},
                "minio": {"replicas": "one"},
                "other": {"anything": 1}
            }),
            &classic(),
        );
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
    fn keys_of_a_later_release_are_known_and_typed_there() {
        let instance = json!({"backup": {"stackGraph": {"s3Prefix": 5}}});
        let at_classic = check_shape(&instance, &classic());
        assert_eq!(at_classic.len(), 1);
        assert_eq!(at_classic[0].kind, ShapeErrorKind::UnknownKey);
        let later = [ChartVersion::parse("suse-observability@2.6.3").unwrap()];
        let at_later = check_shape(&instance, &later);
        assert_eq!(
            at_later,
            vec![ShapeError {
                segments: vec!["backup".into(), "stackGraph".into(), "s3Prefix".into()],
                kind: ShapeErrorKind::WrongType {
                    expected: vec!["string"]
                },
            }]
        );
    }

    /// The constraints of the generated schema, by dotted path, as the table states them.
    fn schema_constraints(schema: &Value) -> Vec<(String, Value)> {
        fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
            if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
                let name = reference.trim_start_matches("#/definitions/");
                return resolve(root, &root["definitions"][name]);
            }
            match node.get("allOf").and_then(Value::as_array) {
                Some(all) if all.len() == 1 => resolve(root, &all[0]),
                _ => node,
            }
        }
        fn walk(root: &Value, node: &Value, path: &str, out: &mut Vec<(String, Value)>) {
            let node = resolve(root, node);
            if let Some(properties) = node.get("properties").and_then(Value::as_object) {
                for (key, child) in properties {
                    let path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(root, child, &path, out);
                }
                return;
            }
            let mut stated = serde_json::Map::new();
            for keyword in ["enum", "maxLength", "minLength", "minimum", "pattern"] {
                if let Some(value) = node.get(keyword) {
                    stated.insert(keyword.into(), value.clone());
                }
            }
            if !stated.is_empty() {
                out.push((path.to_owned(), Value::Object(stated)));
            }
        }
        let mut out = Vec::new();
        walk(schema, schema, "", &mut out);
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    #[test]
    fn the_constraint_table_is_what_the_schema_states() {
        let table: Vec<(String, Value)> = constraints::CONSTRAINTS
            .iter()
            .map(|c| {
                let mut stated = serde_json::Map::new();
                if !c.one_of.is_empty() {
                    stated.insert("enum".into(), json!(c.one_of));
                }
                if let Some(max) = c.max_length {
                    stated.insert("maxLength".into(), json!(max));
                }
                if let Some(min) = c.min_length {
                    stated.insert("minLength".into(), json!(min));
                }
                if let Some(min) = c.minimum {
                    stated.insert("minimum".into(), json!(min));
                }
                if let Some(pattern) = c.pattern {
                    stated.insert("pattern".into(), json!(pattern.regex()));
                }
                (c.path.to_owned(), Value::Object(stated))
            })
            .collect();
        assert_eq!(schema_constraints(&values_schema()), table);
    }

    #[test]
    fn every_constrained_path_is_a_catalogued_key() {
        for constraint in constraints::CONSTRAINTS {
            assert!(
                catalogue::lookup(constraint.path).is_some(),
                "{}",
                constraint.path
            );
        }
    }
}
