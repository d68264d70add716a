//! The positioned tree of a values file: every node keeps the byte range it came from, so
//! that every later stage (schema check, rules, merge) can name a file:line:column.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;
use std::ops::Range;

/// A node of a values file, typed as Helm types it (YAML 1.1, legacy octal numbers).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: NodeValue,
    /// Byte range of the node's text where it is used (the alias `*a` for an alias).
    pub span: Range<usize>,
    /// For an alias, the byte range where the anchored node was written.
    pub defined_at: Option<Range<usize>>,
    /// Which of the document's sources the spans point into: 0 for a single file; in a merge,
    /// the file or `--set` argument that wrote the value.
    pub origin: usize,
}

#[derive(Clone, Debug, PartialEq)]
/// A YAML value as Helm reads it.
pub enum NodeValue {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false` (YAML 1.1's `yes`/`no`/`on`/`off` are strings to Helm too).
    Bool(bool),
    /// A whole number that fits in 64 bits.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    String(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in the file's order.
    Map(Vec<Entry>),
}

/// One `key: value` pair of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key as Helm stores it: non-string keys are turned into strings the way
    /// sigs.k8s.io/yaml does (`on` → `"true"`, `012` → `"10"`).
    pub key: String,
    /// Where the key is written.
    pub key_span: Range<usize>,
    /// Set when the key was not a string in YAML: what it was read as.
    pub key_retyped_from: Option<ScalarKind>,
    /// The value of the key.
    pub value: Node,
}

/// The YAML type a scalar resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Int,
    /// Any other number.
    Float,
    /// A string.
    String,
}

impl ScalarKind {
    /// The type's name, as messages say it ("a string", "a mapping").
    pub fn describe(self) -> &'static str {
        match self {
            ScalarKind::Null => "null",
            ScalarKind::Bool => "a boolean",
            ScalarKind::Int => "an integer",
            ScalarKind::Float => "a number",
            ScalarKind::String => "a string",
        }
    }
}

impl Node {
    /// The JSON type name of the node, as JSON Schema and Helm's error messages say it.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "boolean",
            NodeValue::Int(_) => "integer",
            NodeValue::Float(_) => "number",
            NodeValue::String(_) => "string",
            NodeValue::Seq(_) => "array",
            NodeValue::Map(_) => "object",
        }
    }

    /// The value under `key` when this node is a mapping (the last one, as Helm keeps it).
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The string, when the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The node at a sequence of keys (and list indices), if the file has it.
    pub fn at<'a, I>(&self, segments: I) -> Option<&Node>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut node = self;
        for segment in segments {
            node = match &node.value {
                NodeValue::Map(_) => &node.get(segment)?.value,
                NodeValue::Seq(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Converts the node to JSON as Helm sees it. Keys with a `null` value are kept here;
    /// the loader decides what a `null` means.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Int(i) => Value::from(*i),
            NodeValue::Float(f) => float_to_json(*f),
            NodeValue::String(s) => Value::String(s.clone()),
            NodeValue::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Map(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for entry in entries {
                    // Later duplicates win, as in Helm.
                    map.insert(entry.key.clone(), entry.value.to_json());
                }
                Value::Object(map)
            }
        }
    }
}

/// Helm holds every number as a float64; a whole float is written as an integer so that the
/// typed model can read `1e3` where it expects a count, as the chart's templates would.
fn float_to_json(f: f64) -> serde_json::Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        serde_json::Value::from(f as i64)
    } else {
        serde_json::Number::from_f64(f)
            .map(serde_json::Value::Number)
            .unwrap_or_default()
    }
}

/// What serde-saphyr hands us, before spans are unpacked.
pub(crate) enum RawNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<RawKey>, Spanned<RawNode>)>),
}

pub(crate) enum RawKey {
    Scalar(String, ScalarKind),
    /// A key that is itself a mapping or a sequence: Helm cannot read it.
    Complex,
}

impl<'de> Deserialize<'de> for RawKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = RawKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawKey, E> {
                Ok(RawKey::Scalar(v.to_owned(), ScalarKind::String))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawKey, E> {
                Ok(RawKey::Scalar(v, ScalarKind::String))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawKey, E> {
                Ok(RawKey::Scalar(v.to_string(), ScalarKind::Bool))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawKey, E> {
                Ok(RawKey::Scalar(v.to_string(), ScalarKind::Int))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawKey, E> {
                Ok(RawKey::Scalar(v.to_string(), ScalarKind::Int))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawKey, E> {
                Ok(RawKey::Scalar(v.to_string(), ScalarKind::Int))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawKey, E> {
                Ok(RawKey::Scalar(v.to_string(), ScalarKind::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawKey, E> {
                Ok(RawKey::Scalar(go_float_key(v), ScalarKind::Float))
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawKey, E> {
                Ok(RawKey::Scalar(String::new(), ScalarKind::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<RawKey, E> {
                Ok(RawKey::Scalar(String::new(), ScalarKind::Null))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawKey, D::Error> {
                RawKey::deserialize(d)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawKey, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(RawKey::Complex)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawKey, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(RawKey::Complex)
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// sigs.k8s.io/yaml writes float keys with Go's `strconv.FormatFloat(f, 'g', -1, 32)`.
fn go_float_key(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    // Go's shortest 'g' format switches to an exponent outside [1e-4, 1e6).
    let single = f as f32;
    let exponent = if single == 0.0 {
        0
    } else {
        single.abs().log10().floor() as i32
    };
    if (-4..6).contains(&exponent) {
        return format!("{single}");
    }
    let scientific = format!("{single:e}");
    let (mantissa, exp) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    format!(
        "{mantissa}e{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.abs()
    )
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = RawNode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNode, E> {
                Ok(RawNode::String(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawNode, E> {
                Ok(RawNode::String(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawNode, E> {
                Ok(RawNode::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNode, E> {
                Ok(RawNode::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNode, E> {
                Ok(i64::try_from(v)
                    .map(RawNode::Int)
                    .unwrap_or(RawNode::Float(v as f64)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawNode, E> {
                Ok(i64::try_from(v)
                    .map(RawNode::Int)
                    .unwrap_or(RawNode::Float(v as f64)))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawNode, E> {
                Ok(i64::try_from(v)
                    .map(RawNode::Int)
                    .unwrap_or(RawNode::Float(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawNode, E> {
                Ok(RawNode::Float(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawNode, E> {
                Ok(RawNode::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<RawNode, E> {
                Ok(RawNode::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
                RawNode::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(RawNode::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(key) = map.next_key::<Spanned<RawKey>>()? {
                    let value = map.next_value::<Spanned<RawNode>>()?;
                    entries.push((key, value));
                }
                Ok(RawNode::Map(entries))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// A key that cannot become a Helm values key (a null, a mapping or a list as a key).
#[derive(Clone, Debug)]
pub(crate) struct BadKey {
    pub span: Range<usize>,
    pub what: &'static str,
}

pub(crate) fn byte_range(location: &serde_saphyr::Location) -> Range<usize> {
    let span = location.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => start as usize..(start + len) as usize,
        _ => 0..0,
    }
}

/// Unpacks serde-saphyr's spanned tree into [`Node`]s, collecting keys Helm cannot read.
pub(crate) fn convert(raw: Spanned<RawNode>, bad_keys: &mut Vec<BadKey>) -> Node {
    let span = byte_range(&raw.referenced);
    let defined = byte_range(&raw.defined);
    let defined_at = (defined != span).then_some(defined);
    let value = match raw.value {
        RawNode::Null => NodeValue::Null,
        RawNode::Bool(b) => NodeValue::Bool(b),
        RawNode::Int(i) => NodeValue::Int(i),
        RawNode::Float(f) => NodeValue::Float(f),
        RawNode::String(s) => NodeValue::String(s),
        RawNode::Seq(items) => NodeValue::Seq(
            items
                .into_iter()
                .map(|item| convert(item, bad_keys))
                .collect(),
        ),
        RawNode::Map(entries) => {
            let mut converted = Vec::with_capacity(entries.len());
            for (key, value) in entries {
                let key_span = byte_range(&key.referenced);
                let (key, retyped) = match key.value {
                    RawKey::Scalar(_, ScalarKind::Null) => {
                        bad_keys.push(BadKey {
                            span: key_span,
                            what: "null",
                        });
                        continue;
                    }
                    RawKey::Complex => {
                        bad_keys.push(BadKey {
                            span: key_span,
                            what: "a mapping or a list",
                        });
                        continue;
                    }
                    RawKey::Scalar(text, ScalarKind::String) => (text, None),
                    RawKey::Scalar(text, kind) => (text, Some(kind)),
                };
                converted.push(Entry {
                    key,
                    key_span,
                    key_retyped_from: retyped,
                    value: convert(value, bad_keys),
                });
            }
            NodeValue::Map(converted)
        }
    };
    Node {
        value,
        span,
        defined_at,
        origin: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_float_keys_match_sigs_k8s_yaml() {
        assert_eq!(go_float_key(1.5), "1.5");
        assert_eq!(go_float_key(1000.0), "1000");
        assert_eq!(go_float_key(f64::INFINITY), ".inf");
        assert_eq!(go_float_key(1e6), "1e+06");
        assert_eq!(go_float_key(0.00001), "1e-05");
    }

    #[test]
    fn whole_floats_become_json_integers() {
        assert_eq!(float_to_json(1000.0), serde_json::json!(1000));
        assert_eq!(float_to_json(1.5), serde_json::json!(1.5));
    }
}
