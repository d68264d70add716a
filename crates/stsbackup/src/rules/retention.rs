use super::{Context, Rule};

pub(super) const RULES: &[&Rule] = &[];

pub(crate) fn check(_cx: &mut Context<'_>) {}
pub(crate) fn add_schema_constraints(_schema: &mut serde_json::Value) {}
