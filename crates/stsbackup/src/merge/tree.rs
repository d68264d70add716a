//! The tree a merge works on: a [`Node`] tree whose mappings are indexed by key, so that
//! overriding a key and walking a `--set` path cost the same whatever the size of a mapping
//! (a `--set` expression is untrusted text, and ten thousand keys in one must not take
//! quadratic time).

use crate::load::{Entry, Node, NodeValue, ScalarKind};
use std::collections::HashMap;
use std::ops::Range;

/// A node being merged; the same provenance as a [`Node`].
#[derive(Clone, Debug)]
pub(super) struct Work {
    pub value: WorkValue,
    pub span: Range<usize>,
    pub defined_at: Option<Range<usize>>,
    pub origin: usize,
}

#[derive(Clone, Debug)]
pub(super) enum WorkValue {
    /// A null, boolean, number or string (never a [`NodeValue::Seq`] or [`NodeValue::Map`]).
    Scalar(NodeValue),
    Seq(Vec<Work>),
    Map(WorkMap),
}

/// A mapping in the order it was written, with its keys indexed.
///
/// Duplicate keys of one input stay (the validator reports them, and Helm keeps the last);
/// a later input that sets the key replaces all of them.
#[derive(Clone, Debug, Default)]
pub(super) struct WorkMap {
    /// The entries in order; `None` where a later input replaced the entry.
    slots: Vec<Option<WorkEntry>>,
    /// The live slots of each key, the one Helm keeps last.
    by_key: HashMap<String, Vec<usize>>,
}

#[derive(Clone, Debug)]
pub(super) struct WorkEntry {
    pub key: String,
    pub key_span: Range<usize>,
    pub key_retyped_from: Option<ScalarKind>,
    pub value: Work,
}

impl Work {
    /// A scalar written by one source.
    pub fn scalar(value: NodeValue, span: Range<usize>, origin: usize) -> Work {
        Work {
            value: WorkValue::Scalar(value),
            span,
            defined_at: None,
            origin,
        }
    }

    pub fn map(map: WorkMap, span: Range<usize>, origin: usize) -> Work {
        Work {
            value: WorkValue::Map(map),
            span,
            defined_at: None,
            origin,
        }
    }

    pub fn seq(items: Vec<Work>, span: Range<usize>, origin: usize) -> Work {
        Work {
            value: WorkValue::Seq(items),
            span,
            defined_at: None,
            origin,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, WorkValue::Map(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, WorkValue::Scalar(NodeValue::Null))
    }

    /// A loaded node, its origin moved by `offset` (its document's sources now start there).
    pub fn from_node(node: Node, offset: usize) -> Work {
        let value = match node.value {
            NodeValue::Seq(items) => WorkValue::Seq(
                items
                    .into_iter()
                    .map(|item| Work::from_node(item, offset))
                    .collect(),
            ),
            NodeValue::Map(entries) => {
                let mut map = WorkMap::default();
                for entry in entries {
                    map.push(WorkEntry {
                        key: entry.key,
                        key_span: entry.key_span,
                        key_retyped_from: entry.key_retyped_from,
                        value: Work::from_node(entry.value, offset),
                    });
                }
                WorkValue::Map(map)
            }
            scalar => WorkValue::Scalar(scalar),
        };
        Work {
            value,
            span: node.span,
            defined_at: node.defined_at,
            origin: node.origin + offset,
        }
    }

    pub fn into_node(self) -> Node {
        let value = match self.value {
            WorkValue::Scalar(scalar) => scalar,
            WorkValue::Seq(items) => {
                NodeValue::Seq(items.into_iter().map(Work::into_node).collect())
            }
            WorkValue::Map(map) => NodeValue::Map(
                map.slots
                    .into_iter()
                    .flatten()
                    .map(|entry| Entry {
                        key: entry.key,
                        key_span: entry.key_span,
                        key_retyped_from: entry.key_retyped_from,
                        value: entry.value.into_node(),
                    })
                    .collect(),
            ),
        };
        Node {
            value,
            span: self.span,
            defined_at: self.defined_at,
            origin: self.origin,
        }
    }
}

impl WorkMap {
    /// The number of distinct keys (Go's `len` of the map Helm builds).
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// The entry Helm keeps for `key`.
    pub fn get(&self, key: &str) -> Option<&WorkEntry> {
        let slot = *self.by_key.get(key)?.last()?;
        self.slots.get(slot)?.as_ref()
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut WorkEntry> {
        let slot = *self.by_key.get(key)?.last()?;
        self.slots.get_mut(slot)?.as_mut()
    }

    /// Replaces every entry of a key by one input's entries for it (the one Helm keeps
    /// last). Does nothing for an empty list.
    pub fn replace(&mut self, entries: Vec<WorkEntry>) {
        let Some(key) = entries.last().map(|entry| entry.key.clone()) else {
            return;
        };
        if let Some(slots) = self.by_key.remove(&key) {
            for slot in slots {
                if let Some(old) = self.slots.get_mut(slot) {
                    *old = None;
                }
            }
        }
        for entry in entries {
            self.push(entry);
        }
    }

    /// Helm's `set`: the key now holds this value, written at `key_span`.
    pub fn set(&mut self, key: String, key_span: Range<usize>, value: Work) {
        self.replace(vec![WorkEntry {
            key,
            key_span,
            key_retyped_from: None,
            value,
        }]);
    }

    fn push(&mut self, entry: WorkEntry) {
        let slot = self.slots.len();
        self.by_key.entry(entry.key.clone()).or_default().push(slot);
        self.slots.push(Some(entry));
    }

    /// The entries grouped by key, each group in order with the entry Helm keeps last, the
    /// groups in the order of those kept entries.
    fn into_groups(self) -> Vec<Vec<WorkEntry>> {
        let WorkMap { mut slots, by_key } = self;
        let mut groups = Vec::with_capacity(by_key.len());
        for index in 0..slots.len() {
            let Some(key) = slots[index].as_ref().map(|entry| entry.key.as_str()) else {
                continue;
            };
            match by_key.get(key) {
                Some(indices) if indices.last() == Some(&index) => groups.push(
                    indices
                        .iter()
                        .filter_map(|&slot| slots.get_mut(slot).and_then(Option::take))
                        .collect(),
                ),
                Some(_) => {} // an earlier duplicate: taken with the last one
                None => groups.extend(slots[index].take().map(|entry| vec![entry])),
            }
        }
        groups
    }
}

/// Helm's `MergeMaps` (pkg/chart/v2/loader): every key of `overlay` replaces the base's,
/// except that a mapping over a mapping is merged key by key. A `null` replaces too (the
/// chart's defaults are coalesced in later, where a `null` deletes the key); lists are
/// replaced whole.
///
/// A merged mapping keeps the position of the base (the input that first wrote it as a
/// mapping); every entry keeps the position of the input that wrote its value.
pub(super) fn merge_maps(base: &mut WorkMap, overlay: WorkMap) {
    for mut group in overlay.into_groups() {
        let Some(winner) = group.last() else {
            continue;
        };
        let both_maps =
            winner.value.is_map() && base.get(&winner.key).is_some_and(|e| e.value.is_map());
        if !both_maps {
            base.replace(group);
            continue;
        }
        // The earlier duplicates of the key in the overlay are dropped: they are neither in
        // Helm's result nor where the merged mapping is written.
        if let Some(winner) = group.pop()
            && let WorkValue::Map(overlay_map) = winner.value.value
            && let Some(existing) = base.get_mut(&winner.key)
            && let WorkValue::Map(base_map) = &mut existing.value.value
        {
            merge_maps(base_map, overlay_map);
        }
    }
}
