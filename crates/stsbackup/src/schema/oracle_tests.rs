//! The shape check against its oracle: the real draft-07 validator (the `jsonschema` crate) on
//! the classic schema, over every fixture, every real values file of the reference charts and
//! a few thousand generated instances (random keys, typos, wrong types, pattern breakers). For
//! the classic chart both must find the same problems, in the same order.

use super::*;
use std::path::{Path, PathBuf};

fn classic() -> ChartVersion {
    ChartVersion::parse("stackstate@5.1.4").unwrap()
}

/// Splits an RFC 6901 JSON pointer into its unescaped segments.
fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Describes a broken constraint as the shape check does.
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
        other => format!("breaks the schema ({other:?})"),
    }
}

/// What the classic pipeline found before the walker: the validator's errors on the classic
/// schema, less the unknown keys the catalogue knows at the release.
fn oracle(validator: &jsonschema::Validator, instance: &Value) -> Vec<ShapeError> {
    use jsonschema::error::{TypeKind, ValidationErrorKind as Kind};
    let mut errors = Vec::new();
    for error in validator.iter_errors(instance) {
        let segments = pointer_segments(error.instance_path().as_str());
        match error.kind() {
            Kind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    let mut segments = segments.clone();
                    segments.push(key.clone());
                    if !catalogue::is_known_at(&segments, classic()) {
                        errors.push(ShapeError {
                            segments,
                            kind: ShapeErrorKind::UnknownKey,
                        });
                    }
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
                errors.push(ShapeError {
                    segments,
                    kind: ShapeErrorKind::Constraint {
                        message: constraint_message(other),
                        keeps_type,
                    },
                });
            }
        }
    }
    errors
}

fn classic_validator() -> jsonschema::Validator {
    jsonschema::draft7::new(&values_schema()).expect("the schema is valid draft-07")
}

/// The modelled sections of a values file as the pipeline hands them to the shape check: a
/// `null` at a key the model has deletes it.
fn instance_of(root: &Value) -> Value {
    fn strip(value: &mut Value, path: &mut Vec<String>) {
        if let Value::Object(object) = value {
            let keys: Vec<String> = object.keys().cloned().collect();
            for key in keys {
                path.push(key.clone());
                if object[&key].is_null() && is_known_path(path) {
                    object.remove(&key);
                } else if let Some(child) = object.get_mut(&key) {
                    strip(child, path);
                }
                path.pop();
            }
        }
    }
    let mut instance = serde_json::Map::new();
    for section in crate::model::SECTIONS {
        if let Some(value) = root.get(section).filter(|v| !v.is_null()) {
            instance.insert(section.to_owned(), value.clone());
        }
    }
    let mut instance = Value::Object(instance);
    strip(&mut instance, &mut Vec::new());
    instance
}

/// Checks both agree, and returns what they found.
fn assert_same(validator: &jsonschema::Validator, instance: &Value, what: &str) -> Vec<ShapeError> {
    let expected = oracle(validator, instance);
    let found = check_shape(instance, &[classic()]);
    let lines = |errors: &[ShapeError]| {
        errors
            .iter()
            .map(|e| format!("  {} {:?}", e.segments.join("."), e.kind))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        found == expected,
        "{what}: the walker and the draft-07 validator disagree on\n{}\nvalidator:\n{}\nwalker:\n{}",
        serde_json::to_string(instance).unwrap(),
        lines(&expected),
        lines(&found)
    );
    found
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn check_files(dir: &Path) -> usize {
    let validator = classic_validator();
    let mut files = Vec::new();
    yaml_files(dir, &mut files);
    files.sort();
    let mut checked = 0;
    for file in &files {
        let Ok(document) = crate::load::load_file(file) else {
            continue;
        };
        let Some(root) = document.root.as_ref() else {
            continue;
        };
        let _ = assert_same(
            &validator,
            &instance_of(&root.to_json()),
            &file.display().to_string(),
        );
        checked += 1;
    }
    checked
}

#[test]
fn every_fixture_has_the_same_problems_as_the_validator_finds() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    assert!(check_files(&fixtures) > 100);
}

#[test]
fn every_real_values_file_has_the_same_problems_as_the_validator_finds() {
    let reference =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/stackstate-chart");
    assert!(
        check_files(&reference) >= 10,
        "the reference values files (is ../shared beside the repository?)"
    );
}

/// A small seeded generator (xorshift): the same instances on every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A string that may or may not fit the patterns: pieces of valid values, pattern
    /// breakers, Unicode spaces.
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "0", "1", "30", "-1", "d", "D", "h", "H", "m", "M", "s", "S", "ms", "MS", "micros",
            "NANOS", "nanos", "w", " ", "  ", "\t", "\n", "\u{a0}", "\u{2003}", "\u{feff}", "=",
            ",", "days", "hours", "e", "E", "+", "-", ".", "_", "1.5", "a", "z", "sts", "Bucket",
            "-backup", "x", "é", "/", "%",
        ];
        let count = self.below(8);
        let mut text = String::new();
        for _ in 0..count {
            let piece = PIECES[self.below(PIECES.len())];
            text.push_str(piece);
        }
        if self.below(10) == 0 {
            // A long name, around the 63-character limit.
            text = "a".repeat(60 + self.below(8));
        }
        text
    }

    fn value(&mut self, depth: usize) -> Value {
        match self.below(if depth > 1 { 9 } else { 11 }) {
            0 => Value::Null,
            1 => json!(self.below(2) == 0),
            2 => json!(self.below(5) as i64 - 2),
            3 => json!(*self.pick(&[0.5, 1.0, -1.0, 2.0, 1e20, 0.0])),
            4 => json!(u64::MAX - self.below(3) as u64),
            5..=7 => json!(self.text()),
            8 => json!(*self.pick(&["standalone", "distributed", "Standalone", "30"])),
            9 => Value::Array((0..self.below(3)).map(|_| self.value(depth + 1)).collect()),
            _ => {
                let mut object = serde_json::Map::new();
                for _ in 0..self.below(3) {
                    object.insert(self.text(), self.value(depth + 1));
                }
                Value::Object(object)
            }
        }
    }

    fn typo(&mut self, key: &str) -> String {
        let mut chars: Vec<char> = key.chars().collect();
        if chars.is_empty() {
            return "x".into();
        }
        let at = self.below(chars.len());
        match self.below(4) {
            0 => {
                chars.remove(at);
            }
            1 => chars[at] = chars[at].to_ascii_uppercase(),
            2 => chars = key.to_lowercase().chars().collect(),
            _ => chars.insert(at, 'x'),
        }
        chars.into_iter().collect()
    }
}

/// Removes the keys the catalogue does not have at the classic release.
fn classic_only(value: &mut Value, path: &mut String) {
    if let Value::Object(object) = value {
        object.retain(|key, child| {
            let length = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            let keep = match catalogue::node_at(path, &[classic()]) {
                None => false,
                Some(catalogue::Node::Key(_)) => true,
                Some(catalogue::Node::Mapping) => {
                    classic_only(child, path);
                    true
                }
            };
            path.truncate(length);
            keep
        });
    }
}

/// Every path of the model's values, mappings included, dotted as segments.
fn model_paths(value: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if let Value::Object(object) = value {
        for (key, child) in object {
            path.push(key.clone());
            out.push(path.clone());
            model_paths(child, path, out);
            path.pop();
        }
    }
}

fn at_mut<'a>(value: &'a mut Value, segments: &[String]) -> Option<&'a mut Value> {
    segments.iter().try_fold(value, |value, segment| {
        value.as_object_mut()?.get_mut(segment)
    })
}

#[test]
fn generated_instances_have_the_same_problems_as_the_validator_finds() {
    let validator = classic_validator();
    // The classic chart's keys of the model: the model may grow keys of later generations,
    // which the classic schema would hold and the classic release does not.
    let mut defaults = serde_json::to_value(Values::default()).unwrap();
    classic_only(&mut defaults, &mut String::new());
    let mut paths = Vec::new();
    model_paths(&defaults, &mut Vec::new(), &mut paths);
    let constrained: Vec<Vec<String>> = constraints::CONSTRAINTS
        .iter()
        .map(|c| c.path.split('.').map(str::to_owned).collect())
        .collect();
    let lists: Vec<Vec<String>> = paths
        .iter()
        .filter(|path| {
            path.iter()
                .try_fold(&defaults, |value, segment| value.get(segment))
                .is_some_and(Value::is_array)
        })
        .cloned()
        .collect();
    let mut random = Random(0x005e_ed0f_5ba5_e11e);
    // (unknown keys, wrong types, list items of the wrong type, broken constraints)
    let mut found = [0usize; 4];
    for round in 0..4000 {
        let mut instance = if random.below(4) == 0 {
            json!({})
        } else {
            defaults.clone()
        };
        for _ in 0..1 + random.below(6) {
            let path = if random.below(3) == 0 {
                random.pick(&constrained).clone()
            } else if random.below(4) == 0 {
                random.pick(&lists).clone()
            } else {
                random.pick(&paths).clone()
            };
            let (last, parent) = path.split_last().unwrap();
            let value = match random.below(4) {
                0 => json!(random.text()),
                _ => random.value(0),
            };
            let Some(Value::Object(parent)) = at_mut(&mut instance, parent) else {
                continue;
            };
            match random.below(6) {
                0 => {
                    let typo = random.typo(last);
                    parent.insert(typo, value);
                }
                1 => {
                    parent.remove(last);
                }
                2 => {
                    let items = (0..random.below(3)).map(|_| random.value(1)).collect();
                    parent.insert(last.clone(), Value::Array(items));
                }
                _ => {
                    parent.insert(last.clone(), value);
                }
            }
        }
        let instance = instance_of(&instance);
        for error in assert_same(
            &validator,
            &instance,
            &format!("generated instance {round}"),
        ) {
            let item = error
                .segments
                .last()
                .is_some_and(|s| s.parse::<usize>().is_ok());
            found[match error.kind {
                ShapeErrorKind::UnknownKey => 0,
                ShapeErrorKind::WrongType { .. } if item => 2,
                ShapeErrorKind::WrongType { .. } => 1,
                ShapeErrorKind::Constraint { .. } => 3,
            }] += 1;
        }
    }
    // The generator reaches every kind of problem, many times.
    assert!(found.iter().all(|count| *count > 50), "{found:?}");
}

#[test]
fn each_pattern_matcher_is_its_regular_expression() {
    let mut random = Random(0xbad_cafe);
    for pattern in [
        constraints::Pattern::BucketName,
        constraints::Pattern::TimeValue,
        constraints::Pattern::Timedelta,
        constraints::Pattern::Count,
    ] {
        let regex = regex::Regex::new(pattern.regex()).unwrap();
        let mut samples: Vec<String> = (0..20_000).map(|_| random.text()).collect();
        samples.extend(
            [
                "days = 30",
                "days=30,",
                "days = 1, hours = 2 ,",
                "days=1,,",
                " weeks = 1e3 ",
                "30d",
                " 12 h ",
                "0",
                "-1",
                "00",
                "5 MICROS",
                "sts-backup",
                "a.b",
                "ab",
                "a",
                "-ab",
                "007",
                "",
            ]
            .map(String::from),
        );
        for sample in samples {
            assert_eq!(
                pattern.is_match(&sample),
                regex.is_match(&sample),
                "{pattern:?} on {sample:?}"
            );
        }
    }
}
