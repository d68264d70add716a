//! `stsbackup.toml`: found by searching upward from the current directory (as ruff and
//! yamllint find theirs), read once, every unknown key refused with its line and column.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name searched for.
pub const FILE_NAME: &str = "stsbackup.toml";

/// The keys of the top level, and of each `[[release]]`: what the did-you-mean picks from.
const TOP_KEYS: &[&str] = &[
    "chart",
    "values-root",
    "select",
    "ignore",
    "per-file-ignores",
    "strict",
    "format",
    "include",
    "exclude",
    "stackstate-files",
    "other-files",
    "discover-releases",
    "release",
];
const RELEASE_KEYS: &[&str] = &["name", "values", "chart", "values-root", "set"];

/// The configuration as written; paths and globs are relative to its directory.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Config {
    /// `NAME@VERSION`, or a chart directory (or its `Chart.yaml`) to read it from.
    pub chart: Option<String>,
    /// Where the StackState values sit in an umbrella chart's values (`stackstate`).
    pub values_root: Option<String>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Glob → codes not reported in the files it matches.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub strict: bool,
    pub format: Option<String>,
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Globs of files linted as StackState values whatever their keys say.
    #[serde(default)]
    pub stackstate_files: Vec<String>,
    /// Globs of files never linted: another chart's values.
    #[serde(default)]
    pub other_files: Vec<String>,
    /// `false`: read no helmfile or Argo CD Application for releases (only `[[release]]`), and
    /// do not search the repository for them on every run.
    pub discover_releases: Option<bool>,
    #[serde(default, rename = "release")]
    pub releases: Vec<ConfigRelease>,
    /// Where each top-level key's value is written (`stsbackup.toml:1:9`), for the
    /// diagnostics about values that parse but mean nothing (a chart that does not exist).
    #[serde(skip)]
    pub locations: std::collections::HashMap<String, String>,
}

impl Config {
    /// Where a top-level key's value is, or the file's name.
    pub fn location(&self, key: &str) -> Option<&str> {
        self.locations.get(key).map(String::as_str)
    }
}

/// A `[[release]]`: values files merged in order, as `helm -f a -f b` merges them.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ConfigRelease {
    pub name: String,
    pub values: Vec<String>,
    pub chart: Option<String>,
    pub values_root: Option<String>,
    /// `KEY=VALUE` applied after the files, as `helm --set`.
    #[serde(default)]
    pub set: Vec<String>,
}

/// A configuration file that was found and read.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    /// The directory paths and globs are relative to.
    pub dir: PathBuf,
    pub config: Config,
}

/// The nearest `stsbackup.toml` in `start` or a directory above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads and checks a configuration file; the error is a diagnostic ready to print
/// (`stsbackup.toml:3:1: ...`).
pub fn read(path: &Path) -> Result<Found, String> {
    let shown = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {shown}: {error}"))?;
    let config = parse(&shown, &text)?;
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    Ok(Found {
        path: path.to_path_buf(),
        dir,
        config,
    })
}

/// Parses a configuration's text; `name` is shown in diagnostics.
pub fn parse(name: &str, text: &str) -> Result<Config, String> {
    let located = |span: Option<std::ops::Range<usize>>, message: &str| match span {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            format!("{name}:{line}:{column}: {message}")
        }
        None => format!("{name}: {message}"),
    };
    let table = toml::de::DeTable::parse(text)
        .map_err(|error| located(error.span(), error.message().trim_end()))?;
    check_keys(table.get_ref(), TOP_KEYS, "")
        .map_err(|(span, message)| located(Some(span), &message))?;
    if let Some(releases) = table.get_ref().get("release")
        && let toml::de::DeValue::Array(items) = releases.get_ref()
    {
        for item in items.iter() {
            if let toml::de::DeValue::Table(release) = item.get_ref() {
                check_keys(release, RELEASE_KEYS, "release.")
                    .map_err(|(span, message)| located(Some(span), &message))?;
            }
        }
    }
    if let Some(per_file) = table.get_ref().get("per-file-ignores")
        && !matches!(per_file.get_ref(), toml::de::DeValue::Table(_))
    {
        return Err(located(
            Some(per_file.span()),
            "`per-file-ignores` is a table of glob = [codes]",
        ));
    }
    let mut config = toml::from_str::<Config>(text)
        .map_err(|error| located(error.span(), error.message().trim_end()))?;
    for (key, value) in table.get_ref().iter() {
        let (line, column) = line_column(text, value.span().start);
        config
            .locations
            .insert(key.get_ref().to_string(), format!("{name}:{line}:{column}"));
    }
    Ok(config)
}

fn check_keys(
    table: &toml::de::DeTable<'_>,
    known: &[&str],
    prefix: &str,
) -> Result<(), (std::ops::Range<usize>, String)> {
    for (key, _) in table.iter() {
        let name = key.get_ref().as_ref();
        if known.contains(&name) {
            continue;
        }
        let hint = match stsbackup::suggest::did_you_mean(name, known.iter().copied()) {
            Some(known) => format!("; did you mean `{prefix}{known}`?"),
            None => format!(
                "; the keys are {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Err((
            key.span(),
            format!("unknown configuration key `{prefix}{name}`{hint}"),
        ));
    }
    Ok(())
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_refused_with_their_place_and_a_suggestion() {
        let error = parse(
            "stsbackup.toml",
            "chart = \"stackstate@5.1.4\"\nstrcit = true\n",
        )
        .unwrap_err();
        assert_eq!(
            error,
            "stsbackup.toml:2:1: unknown configuration key `strcit`; did you mean `strict`?"
        );
        let error = parse(
            "s.toml",
            "[[release]]\nname = \"prod\"\nvalues = []\n  valeus-root = \"x\"\n",
        )
        .unwrap_err();
        assert_eq!(
            error,
            "s.toml:4:3: unknown configuration key `release.valeus-root`; did you mean `release.values-root`?"
        );
    }

    #[test]
    fn types_and_syntax_are_located() {
        let error = parse("s.toml", "strict = \"yes\"\n").unwrap_err();
        assert!(error.starts_with("s.toml:1:10: "), "{error}");
        let error = parse("s.toml", "select = [\n").unwrap_err();
        assert!(error.starts_with("s.toml:"), "{error}");
    }
}
