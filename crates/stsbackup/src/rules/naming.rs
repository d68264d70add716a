use super::{Context, Rule};

pub(super) const RULES: &[&Rule] = &[];

pub(crate) fn check(_cx: &mut Context<'_>) {}
