//! Keeping secret values out of the findings' messages: a finding about a value taken from a
//! secret (an alias of it), or a message that quotes a secret's text. Which text of a file is
//! secret is marked by the loader ([`crate::load`]); lines shown are masked by the source.

use crate::finding::Finding;
use crate::load::{Document, Node, NodeValue, is_secret_path, unquoted};
use std::collections::HashSet;

/// Secret values shorter than this are not searched for in messages (a one-character secret
/// would mask that character in every message); they are still hidden where a finding is
/// about a value that holds them.
const MIN_REDACTED_VALUE: usize = 4;

/// Keeps secrets out of the findings' messages and help: a finding about a value that holds a
/// secret (at a secret path, or taken from one through an alias) has every quoted part of its
/// message and help masked, except the names of its path; and every other message has the
/// secret values it quotes masked.
pub(crate) fn redact_findings(document: &Document, findings: &mut [Finding]) {
    let Some(root) = document.root.as_ref() else {
        return;
    };
    let mut found = SecretValues::default();
    collect(document, root, &mut Walk::default(), false, &mut found);
    if found.paths.is_empty() {
        return;
    }
    let mut values: Vec<&String> = found
        .values
        .iter()
        .filter(|v| v.chars().count() >= MIN_REDACTED_VALUE)
        .collect();
    // Longest first, so that a secret containing another is masked whole; a bounded number,
    // each searched in every message (a real file has a handful).
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.truncate(MAX_REDACTED_VALUES);
    for finding in findings {
        if holds_secret(&found.paths, &finding.path) {
            let near = found.values_at_or_under(&finding.path);
            finding.message = mask_quoted(&finding.message, &finding.path, &near);
            finding.help = finding
                .help
                .as_deref()
                .map(|h| mask_quoted(h, &finding.path, &near));
        }
        for value in &values {
            finding.message = mask_every(&finding.message, value);
            finding.help = finding.help.as_deref().map(|h| mask_every(h, value));
        }
    }
}

/// At most this many secret values are searched for in every message.
const MAX_REDACTED_VALUES: usize = 64;

#[derive(Default)]
struct SecretValues {
    /// The values paths (`minio.accessKey`, `a.b[0]`) whose value is or holds a secret.
    paths: HashSet<String>,
    /// The secret values, as read and as written.
    values: HashSet<String>,
    /// The same, by the path of the value that holds them.
    by_path: std::collections::BTreeMap<String, Vec<String>>,
}

impl SecretValues {
    /// The secret values at a path or under it (a few at most).
    fn values_at_or_under(&self, path: &str) -> Vec<&str> {
        self.by_path
            .range(path.to_owned()..)
            .take_while(|(at, _)| {
                at.strip_prefix(path)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
            .flat_map(|(_, values)| values.iter().map(String::as_str))
            .take(MAX_REDACTED_VALUES)
            .collect()
    }
}

/// Where the walk is: the dotted values path, and its keys.
#[derive(Default)]
struct Walk {
    path: String,
    keys: Vec<String>,
}

fn collect(
    document: &Document,
    node: &Node,
    walk: &mut Walk,
    secret: bool,
    found: &mut SecretValues,
) {
    let source = document.source_of(node.origin);
    let taken = secret
        || source.is_secret(&node.span)
        || node
            .defined_at
            .as_ref()
            .is_some_and(|at| source.is_secret(at));
    if taken {
        found.paths.insert(walk.path.clone());
    }
    let length = walk.path.len();
    match &node.value {
        NodeValue::Map(entries) => {
            for entry in entries {
                if !walk.path.is_empty() {
                    walk.path.push('.');
                }
                walk.path.push_str(&entry.key);
                walk.keys.push(entry.key.clone());
                let below = secret || is_secret_path(&walk.keys);
                collect(document, &entry.value, walk, below, found);
                walk.keys.pop();
                walk.path.truncate(length);
            }
        }
        NodeValue::Seq(items) => {
            for (index, item) in items.iter().enumerate() {
                walk.path.push_str(&format!("[{index}]"));
                collect(document, item, walk, secret, found);
                walk.path.truncate(length);
            }
        }
        scalar if taken => {
            let read = match scalar {
                NodeValue::String(text) => text.clone(),
                NodeValue::Int(n) => n.to_string(),
                NodeValue::Float(n) => n.to_string(),
                NodeValue::Bool(b) => b.to_string(),
                _ => String::new(),
            };
            let written = source
                .text()
                .get(unquoted(source.text(), node.span.clone()));
            let held = found.by_path.entry(walk.path.clone()).or_default();
            held.extend(written.map(str::to_owned));
            held.push(read.clone());
            found.values.extend(written.map(str::to_owned));
            found.values.insert(read);
        }
        _ => {}
    }
}

/// Whether a finding's path is a secret value or inside one.
fn holds_secret(paths: &HashSet<String>, path: &str) -> bool {
    paths.contains(path)
        || path
            .match_indices(['.', '['])
            .any(|(at, _)| paths.contains(&path[..at]))
}

/// Every character of a `quoted` part that shares text with a secret replaced by `*` (a
/// quoted part that names the path or one of its keys is kept, and so is a part with nothing
/// of the secret, such as a fixed example in the help). Sharing is four letters or digits in
/// a row, whatever their case: a help that suggests the secret lowercased shares it.
fn mask_quoted(text: &str, path: &str, secrets: &[&str]) -> String {
    let mut shown = String::with_capacity(text.len());
    let mut parts = text.split('`');
    if let Some(first) = parts.next() {
        shown.push_str(first);
    }
    let mut inside = true;
    for part in parts {
        shown.push('`');
        let names_the_path = part == path || path.split(['.', '[']).any(|key| key == part);
        if inside && !names_the_path && shares_secret(part, secrets) {
            shown.extend(part.chars().map(|_| '*'));
        } else {
            shown.push_str(part);
        }
        inside = !inside;
    }
    shown
}

fn shares_secret(part: &str, secrets: &[&str]) -> bool {
    let folded = |text: &str| -> Vec<char> {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let part: String = folded(part).into_iter().collect();
    secrets.iter().any(|secret| {
        let secret = folded(secret);
        if secret.is_empty() {
            return false;
        }
        if secret.len() < 4 {
            return part.contains(&secret.iter().collect::<String>());
        }
        secret
            .windows(4)
            .any(|window| part.contains(&window.iter().collect::<String>()))
    })
}

fn mask_every(text: &str, secret: &str) -> String {
    if secret.is_empty() || !text.contains(secret) {
        return text.to_owned();
    }
    text.replace(secret, &"*".repeat(secret.chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_parts_that_share_the_secret_are_masked_but_not_the_path() {
        let secret = ["Bad_Name"];
        assert_eq!(
            mask_quoted(
                "`Bad_Name` in `minio.accessKey`: for example `bad-name`, not `==`",
                "minio.accessKey",
                &secret
            ),
            "`********` in `minio.accessKey`: for example `********`, not `==`"
        );
        assert_eq!(
            mask_quoted("key `accessKey`", "minio.accessKey", &secret),
            "key `accessKey`"
        );
    }

    #[test]
    fn a_path_inside_a_secret_holds_it() {
        let paths: HashSet<String> = ["minio.secretKey".to_owned()].into();
        assert!(holds_secret(&paths, "minio.secretKey"));
        assert!(holds_secret(&paths, "minio.secretKey[0]"));
        assert!(holds_secret(&paths, "minio.secretKey.a"));
        assert!(!holds_secret(&paths, "minio.secretKeyX"));
        assert!(!holds_secret(&paths, "minio"));
    }
}
