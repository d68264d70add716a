//! Value types that YAML writes in more than one way and the chart accepts in each.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// A whole number the chart writes as a string (`"5"`) but Helm quotes either way, so `5` is
/// accepted too. The text is kept as written; the rules decide whether it is a valid count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountText(pub String);

impl CountText {
    /// The text of the value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for CountText {
    fn from(text: &str) -> Self {
        CountText(text.to_owned())
    }
}

impl fmt::Display for CountText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CountText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CountText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(s) => Ok(CountText(s)),
            // A whole number, as JSON Schema's `integer` (the catalogue's kind) reads it: a
            // fraction is the shape check's to report, never the model's to hold.
            serde_json::Value::Number(n)
                if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) =>
            {
                Ok(CountText(n.to_string()))
            }
            other => Err(serde::de::Error::custom(format!(
                "expected a count, found {other}"
            ))),
        }
    }
}

impl JsonSchema for CountText {
    fn schema_name() -> Cow<'static, str> {
        "CountText".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "integer"] })
    }
}

/// A Kubernetes `IntOrString`: a count (`0`) or a percentage (`"25%"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    /// A whole number.
    Int(i64),
    /// A string.
    String(String),
}

impl JsonSchema for IntOrString {
    fn schema_name() -> Cow<'static, str> {
        "IntOrString".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["integer", "string"] })
    }
}
