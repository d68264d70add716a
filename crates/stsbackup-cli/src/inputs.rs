//! What `lint` checks: the files and directories given, the releases they belong to (declared
//! in `stsbackup.toml`, a `helmfile.yaml` or an Argo CD `Application`), the chart generation
//! and where the StackState values sit (`--chart`, a `Chart.yaml`), and which files are
//! StackState values at all. Everything here decides; nothing prints.

use crate::config::{self, Config};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use stsbackup::Document;
use stsbackup::belonging::{Belonging, belonging};
use stsbackup::generation::{ChartName, ChartVersion, Version};
use stsbackup::load::{Entry, Node, NodeValue};
use stsbackup::merge::ValuesInput;

/// The chart the values are for, and where its values sit (an umbrella chart's dependency).
#[derive(Clone, Debug, Default)]
pub struct ChartSpec {
    pub chart: Option<ChartVersion>,
    pub values_root: Option<String>,
}

/// Reads `--chart` or a configuration's `chart`: `NAME@VERSION`, or a chart directory (or its
/// `Chart.yaml`) whose own name, or whose dependency on a StackState chart, says it.
pub fn chart_spec(text: &str, base: &Path) -> Result<ChartSpec, String> {
    let path = base.join(text);
    if !text.contains('@') || path.exists() {
        let chart_yaml = if path.is_dir() {
            path.join("Chart.yaml")
        } else {
            path.clone()
        };
        if chart_yaml.is_file() {
            return read_chart_yaml(&chart_yaml);
        }
    }
    match text.parse::<ChartVersion>() {
        Ok(chart) => Ok(ChartSpec {
            chart: Some(chart),
            values_root: None,
        }),
        Err(error) if text.contains('@') => Err(error.to_string()),
        Err(_) => Err(format!(
            "`{text}` is neither NAME@VERSION (for example `suse-observability@2.10.3`) nor a chart directory with a Chart.yaml"
        )),
    }
}

/// The chart a `Chart.yaml` beside a values file says, when it is, or depends on, a StackState
/// chart: the generation, and where the values sit.
pub fn chart_beside(values_file: &Path) -> Option<ChartSpec> {
    let dir = values_file.parent()?;
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let chart_yaml = dir.join("Chart.yaml");
    if !chart_yaml.is_file() {
        return None;
    }
    read_chart_yaml(&chart_yaml).ok()
}

fn read_chart_yaml(path: &Path) -> Result<ChartSpec, String> {
    let shown = path.display().to_string();
    let document =
        stsbackup::load_file(path).map_err(|error| format!("cannot read {shown}: {error}"))?;
    let Some(root) = document.root.as_ref() else {
        return Err(format!("{shown} is not YAML"));
    };
    let text_at = |node: &Node, key: &str| node.get(key).and_then(|e| scalar_text(&e.value));
    // The chart itself.
    if let Some(name) = text_at(root, "name")
        && let Some(chart) = ChartName::from_name(&name)
    {
        let version = text_at(root, "version").unwrap_or_default();
        return versioned(chart, &version, &shown).map(|chart| ChartSpec {
            chart: Some(chart),
            values_root: None,
        });
    }
    // An umbrella chart: its dependency on a StackState chart, whose values sit under the
    // dependency's alias or name. Chart.lock has the version Helm resolved a range to.
    let lock = path.with_file_name("Chart.lock");
    let locked: HashMap<String, String> = stsbackup::load_file(&lock)
        .ok()
        .and_then(|lock| lock.root)
        .and_then(
            |root| match root.get("dependencies").map(|e| &e.value.value) {
                Some(NodeValue::Seq(items)) => Some(
                    items
                        .iter()
                        .filter_map(|item| {
                            Some((text_at(item, "name")?, text_at(item, "version")?))
                        })
                        .collect(),
                ),
                _ => None,
            },
        )
        .unwrap_or_default();
    if let Some(NodeValue::Seq(dependencies)) = root.get("dependencies").map(|e| &e.value.value) {
        for dependency in dependencies {
            let Some(name) = text_at(dependency, "name") else {
                continue;
            };
            let Some(chart) = ChartName::from_name(&name) else {
                continue;
            };
            let version = locked
                .get(&name)
                .cloned()
                .or_else(|| text_at(dependency, "version"))
                .unwrap_or_default();
            let alias = text_at(dependency, "alias").unwrap_or(name);
            return versioned(chart, &version, &shown).map(|chart| ChartSpec {
                chart: Some(chart),
                values_root: Some(alias),
            });
        }
    }
    Err(format!(
        "{shown} is not a StackState chart (stackstate, stackstate-k8s, suse-observability) and does not depend on one"
    ))
}

fn versioned(chart: ChartName, version: &str, shown: &str) -> Result<ChartVersion, String> {
    let exact = version.trim().trim_start_matches(['=', 'v']);
    let parsed = Version::parse(exact).map_err(|_| {
        format!(
            "{shown}: the {chart} version `{version}` is not one release (a range?); run `helm dependency update` for a Chart.lock, or give --chart {chart}@VERSION"
        )
    })?;
    ChartVersion::checked(chart, parsed).map_err(|error| format!("{shown}: {error}"))
}

fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        NodeValue::String(text) => Some(text.clone()),
        NodeValue::Int(number) => Some(number.to_string()),
        NodeValue::Float(number) => Some(number.to_string()),
        NodeValue::Bool(value) => Some(value.to_string()),
        _ => None,
    }
}

/// One piece of a release's values, in Helm's order.
#[derive(Clone, Debug)]
pub enum Piece {
    /// A values file on disk.
    File(PathBuf),
    /// Values written inside the file that declares the release (helmfile's inline `values`,
    /// Argo CD's `valuesObject`), positioned in that file.
    Inline(Document),
    /// A `--set`-style expression (helmfile's `set`, Argo CD's `parameters`).
    Set { expression: String, string: bool },
}

/// A release: values merged in order and linted once.
#[derive(Clone, Debug)]
pub struct Release {
    pub name: String,
    /// Where it is declared (`stsbackup.toml`, `helmfile.yaml`, `argocd/app.yaml`).
    pub declared_in: String,
    pub pieces: Vec<Piece>,
    pub chart: ChartSpec,
    pub values_root: Option<String>,
}

/// Everything `lint` needs to know about where it runs.
pub struct Project {
    pub config: Option<config::Found>,
    /// The directory the configuration sits in, else the repository's top, else `None`.
    pub root: Option<PathBuf>,
    pub releases: Vec<Release>,
    /// Canonical path of a values file → the releases that merge it.
    membership: HashMap<PathBuf, Vec<usize>>,
    include: Option<GlobSet>,
    exclude: GlobSet,
    stackstate_files: GlobSet,
    other_files: GlobSet,
    per_file_ignores: Vec<(GlobSet, Vec<String>)>,
    /// Whether helmfiles and Argo CD Applications are read (the configuration's
    /// `discover-releases`).
    discover_releases: bool,
}

/// A file linted on its own.
#[derive(Clone, Debug)]
pub struct Alone {
    pub path: PathBuf,
    /// Where its StackState values sit (an umbrella chart's dependency).
    pub values_root: Option<String>,
    /// The chart a `Chart.yaml` beside the file names, when nothing else names one.
    pub chart: Option<ChartVersion>,
    /// Linted whatever its keys say (`stackstate-files`).
    pub forced: bool,
}

/// What to do with one file.
#[derive(Clone, Debug)]
pub enum Unit {
    /// Lint it alone.
    Alone(Alone),
    /// Lint the release it belongs to (an index into [`Project::releases`]).
    Release(usize),
    /// Not linted, and why.
    Skipped { path: PathBuf, reason: String },
}

impl Project {
    /// Finds the configuration (unless `isolated`, or at `explicit`), the repository's top
    /// and the releases it declares.
    pub fn discover(explicit: Option<&Path>, isolated: bool) -> Result<Project, String> {
        let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
        let mut found = match (explicit, isolated) {
            (Some(path), _) => Some(config::read(path)?),
            (None, true) => None,
            (None, false) => config::discover(&cwd)
                .map(|path| config::read(&path))
                .transpose()?,
        };
        // Paths are shown as the user would type them: relative to the current directory.
        if let Some(found) = &mut found {
            found.dir = relative_to(&found.dir, &cwd);
            found.path = relative_to(&found.path, &cwd);
        }
        let root = match &found {
            Some(found) => Some(found.dir.clone()),
            None if isolated => None,
            None => cwd
                .ancestors()
                .find(|dir| dir.join(".git").exists())
                .map(|top| relative_to(top, &cwd)),
        };
        let empty = Config::default();
        let config = found.as_ref().map_or(&empty, |found| &found.config);
        let globs = |patterns: &[String], key: &str| -> Result<GlobSet, String> {
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                builder.add(
                    Glob::new(pattern)
                        .map_err(|e| format!("{}: `{key}`: {e}", config_name(found.as_ref())))?,
                );
            }
            builder
                .build()
                .map_err(|e| format!("{}: `{key}`: {e}", config_name(found.as_ref())))
        };
        let include = if config.include.is_empty() {
            None
        } else {
            Some(globs(&config.include, "include")?)
        };
        let mut per_file_ignores = Vec::new();
        for (pattern, codes) in &config.per_file_ignores {
            per_file_ignores.push((
                globs(std::slice::from_ref(pattern), "per-file-ignores")?,
                codes.clone(),
            ));
        }
        let mut project = Project {
            include,
            exclude: globs(&config.exclude, "exclude")?,
            stackstate_files: globs(&config.stackstate_files, "stackstate-files")?,
            other_files: globs(&config.other_files, "other-files")?,
            per_file_ignores,
            discover_releases: true,
            releases: Vec::new(),
            membership: HashMap::new(),
            root,
            config: None,
        };
        if let Some(found) = &found {
            let shown = found.path.display().to_string();
            for release in &found.config.releases {
                let chart = match &release.chart {
                    Some(text) => chart_spec(text, &found.dir)
                        .map_err(|e| format!("{shown}: release `{}`: {e}", release.name))?,
                    None => ChartSpec::default(),
                };
                let mut pieces: Vec<Piece> = release
                    .values
                    .iter()
                    .map(|file| Piece::File(found.dir.join(file)))
                    .collect();
                pieces.extend(release.set.iter().map(|expression| Piece::Set {
                    expression: expression.clone(),
                    string: false,
                }));
                project.add_release(Release {
                    name: release.name.clone(),
                    declared_in: shown.clone(),
                    pieces,
                    chart,
                    values_root: release.values_root.clone(),
                });
            }
        }
        project.discover_releases = config.discover_releases != Some(false);
        if let Some(root) = project.root.clone()
            && project.discover_releases
        {
            project.read_declared_releases(&root)?;
        }
        project.config = found;
        Ok(project)
    }

    fn add_release(&mut self, release: Release) {
        let index = self.releases.len();
        for piece in &release.pieces {
            if let Piece::File(path) = piece
                && let Ok(canonical) = path.canonicalize()
            {
                let releases = self.membership.entry(canonical).or_default();
                if !releases.contains(&index) {
                    releases.push(index);
                }
            }
        }
        self.releases.push(release);
    }

    /// Reads the releases declared under directories given on the command line, when there is
    /// no configuration and no repository to read them from.
    pub fn read_releases_under(&mut self, dirs: &[PathBuf]) {
        if self.root.is_some() || !self.discover_releases {
            return;
        }
        for dir in dirs.iter().filter(|dir| dir.is_dir()) {
            let _ = self.read_declared_releases(dir);
        }
    }

    /// Reads the releases of every `helmfile.yaml` and Argo CD `Application` under `dir`.
    fn read_declared_releases(&mut self, dir: &Path) -> Result<(), String> {
        for (path, declaration) in release_declarations(dir) {
            let Ok(document) = stsbackup::load_file(&path) else {
                continue;
            };
            let Some(root) = document.root.as_ref() else {
                continue;
            };
            let releases = match declaration {
                Declaration::Helmfile => helmfile_releases(&path, &document, root),
                Declaration::Application => argo_releases(&path, dir, &document, root),
            };
            for release in releases {
                self.add_release(release);
            }
        }
        Ok(())
    }

    /// The units to lint for the paths given (files, directories, `-`): a file that releases
    /// merge becomes those releases, each linted once however many of its files are given.
    pub fn units(&self, paths: &[PathBuf], values_root: Option<&str>) -> Vec<Unit> {
        let mut units = Vec::new();
        let mut add = |unit: Unit| {
            let duplicate = matches!(unit, Unit::Release(index)
                if units.iter().any(|u| matches!(u, Unit::Release(i) if *i == index)));
            if !duplicate {
                units.push(unit);
            }
        };
        for path in paths {
            if path.as_os_str().is_empty() || path.is_dir() {
                for file in yaml_files(path) {
                    self.unit(&file, values_root, false)
                        .into_iter()
                        .for_each(&mut add);
                }
            } else if let Some(matched) = expand_glob(path) {
                // A quoted glob (`'envs/*.yaml'`), as a shell would have expanded it.
                for file in matched {
                    self.unit(&file, values_root, true)
                        .into_iter()
                        .for_each(&mut add);
                }
            } else {
                self.unit(path, values_root, true)
                    .into_iter()
                    .for_each(&mut add);
            }
        }
        units
    }

    fn unit(&self, path: &Path, values_root: Option<&str>, explicit: bool) -> Vec<Unit> {
        let canonical = path.canonicalize().ok();
        if let Some(releases) = canonical.as_ref().and_then(|c| self.membership.get(c)) {
            return releases.iter().map(|&index| Unit::Release(index)).collect();
        }
        let relative = canonical.as_deref().and_then(|c| self.relative(c));
        if let Some(relative) = &relative {
            if !explicit {
                let included = match &self.include {
                    Some(include) => include.is_match(relative),
                    None => looks_like_values(relative),
                };
                if !included || self.exclude.is_match(relative) {
                    return Vec::new();
                }
            }
            if self.other_files.is_match(relative) {
                return vec![Unit::Skipped {
                    path: path.to_path_buf(),
                    reason: "listed in `other-files` of the configuration".to_owned(),
                }];
            }
        } else if !explicit && !looks_like_values(path) {
            return Vec::new();
        }
        let forced = relative
            .as_ref()
            .is_some_and(|relative| self.stackstate_files.is_match(relative));
        // A values file beside a Chart.yaml that is, or depends on, a StackState chart: the
        // chart says the generation and where the values sit.
        let beside = match values_root {
            Some(_) => ChartSpec::default(),
            None => chart_beside(path).unwrap_or_default(),
        };
        vec![Unit::Alone(Alone {
            path: path.to_path_buf(),
            values_root: values_root.map(str::to_owned).or(beside.values_root),
            chart: beside.chart,
            forced,
        })]
    }

    /// A path relative to the project's root, when it is under it.
    fn relative(&self, canonical: &Path) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let root = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            root
        }
        .canonicalize()
        .ok()?;
        canonical.strip_prefix(root).ok().map(Path::to_path_buf)
    }

    /// The codes `per-file-ignores` silences in a file (named as its source is).
    pub fn ignored_codes(&self, file: &str) -> Vec<&str> {
        if self.per_file_ignores.is_empty() {
            return Vec::new();
        }
        let Some(relative) = Path::new(file)
            .canonicalize()
            .ok()
            .and_then(|c| self.relative(&c))
        else {
            return Vec::new();
        };
        self.per_file_ignores
            .iter()
            .filter(|(globs, _)| globs.is_match(&relative))
            .flat_map(|(_, codes)| codes.iter().map(String::as_str))
            .collect()
    }
}

/// The files a glob argument that names no file matches (`envs/*.yaml`, `**/values.yaml`),
/// searched from its directory part, honouring `.gitignore`; `None` when the path exists, has
/// no glob character, or matches nothing (then it is reported as a file that cannot be read).
fn expand_glob(path: &Path) -> Option<Vec<PathBuf>> {
    let text = path.to_str()?;
    if path.exists() || !text.contains(['*', '?', '[', '{']) {
        return None;
    }
    let matcher = Glob::new(text).ok()?.compile_matcher();
    let base: PathBuf = path
        .components()
        .take_while(|part| {
            !part
                .as_os_str()
                .to_string_lossy()
                .contains(['*', '?', '[', '{'])
        })
        .collect();
    let matched: Vec<PathBuf> = yaml_files(&base)
        .into_iter()
        .filter(|file| matcher.is_match(file))
        .collect();
    (!matched.is_empty()).then_some(matched)
}

/// `path` as seen from `base` (both absolute): `../values.yaml` from `envs/`. A relative path
/// is returned as it is.
pub(crate) fn relative_to(path: &Path, base: &Path) -> PathBuf {
    if !path.is_absolute() {
        return path.to_path_buf();
    }
    let path_parts: Vec<_> = path.components().collect();
    let base_parts: Vec<_> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut relative = PathBuf::new();
    for _ in common..base_parts.len() {
        relative.push("..");
    }
    for part in &path_parts[common..] {
        relative.push(part);
    }
    relative
}

fn config_name(found: Option<&config::Found>) -> String {
    found.map_or_else(
        || config::FILE_NAME.to_owned(),
        |found| found.path.display().to_string(),
    )
}

/// A file a directory walk lints by default: a YAML file whose name says values
/// (`values.yaml`, `values-prod.yaml`, `prod.values.yml`), outside a chart's `templates/`.
fn looks_like_values(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.contains("values") && !path.components().any(|c| c.as_os_str() == "templates")
}

/// The YAML files under a directory, honouring `.gitignore` (and `.ignore`) as ripgrep does,
/// sorted.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    walk(dir, false, |path| {
        path.extension()
            .is_some_and(|e| e == "yaml" || e == "yml")
            .then_some(())
    })
    .into_iter()
    .map(|(path, ())| path)
    .collect()
}

/// The files under `dir` that `keep` says something of, sorted, walked on every core and
/// honouring `.gitignore` (and `.ignore`) as ripgrep does; `prune_templates`: never enter a
/// directory named `templates` (a chart's Go templates). Paths under `.` or an empty `dir` are
/// shown without the `./` (`envs/prod.yaml`).
fn walk<T: Send + Ord>(
    dir: &Path,
    prune_templates: bool,
    keep: impl Fn(&Path) -> Option<T> + Sync,
) -> Vec<(PathBuf, T)> {
    let here = dir.as_os_str().is_empty() || dir == Path::new(".");
    let found = std::sync::Mutex::new(Vec::new());
    ignore::WalkBuilder::new(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    })
    .require_git(false)
    .filter_entry(move |entry| {
        !(prune_templates
            && entry.depth() > 0
            && entry.file_name() == "templates"
            && entry.file_type().is_some_and(|t| t.is_dir()))
    })
    .build_parallel()
    .run(|| {
        let (found, keep) = (&found, &keep);
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return ignore::WalkState::Continue;
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return ignore::WalkState::Continue;
            }
            let Some(kept) = keep(entry.path()) else {
                return ignore::WalkState::Continue;
            };
            let path = match entry.path().strip_prefix(".") {
                Ok(relative) if here => relative.to_path_buf(),
                _ => entry.into_path(),
            };
            if let Ok(mut found) = found.lock() {
                found.push((path, kept));
            }
            ignore::WalkState::Continue
        })
    });
    let mut found = found.into_inner().unwrap_or_default();
    found.sort();
    found
}

/// What a file found by [`release_declarations`] declares releases as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Declaration {
    Helmfile,
    Application,
}

/// The files under `dir` that may declare releases, sorted: helmfiles by their name, Argo CD
/// Applications by their first lines. This runs on every lint inside a repository, so it is
/// kept cheap: the walk ([`walk`]) runs on every core, a chart's `templates/` (Go
/// templates, not manifests) and files that are never Applications by their name are not
/// opened, and of the rest one block is read, up to the first `apiVersion:` or `kind:` line.
fn release_declarations(dir: &Path) -> Vec<(PathBuf, Declaration)> {
    walk(dir, true, declaration)
}

/// Whether a file declares releases, by its name, else by its first lines.
fn declaration(path: &Path) -> Option<Declaration> {
    let name = path.file_name()?.to_str()?;
    let extension = path.extension()?;
    if extension != "yaml" && extension != "yml" {
        return None;
    }
    if name.starts_with("helmfile")
        || path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|dir| dir == "helmfile.d")
    {
        return Some(Declaration::Helmfile);
    }
    // A chart's own files, kustomize's and values files (`values*.yaml`) are never Applications.
    let never = [
        "Chart.yaml",
        "Chart.lock",
        "kustomization.yaml",
        "kustomization.yml",
    ];
    if never.contains(&name) || name.starts_with("values") {
        return None;
    }
    is_application(path).then_some(Declaration::Application)
}

/// Whether a manifest is an Argo CD Application, from its first block: the first top-level
/// `apiVersion:` or `kind:` line decides (an Application names `argoproj.io/...` and
/// `Application`); a file with neither in its first 4 KiB is none.
fn is_application(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0_u8; 4096];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut length = 0;
    while length < head.len() {
        match file.read(&mut head[length..]) {
            Ok(0) => break,
            Ok(read) => length += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
        if head[..length].contains(&b'\n') && decided(&head[..length]).is_some() {
            break;
        }
    }
    decided(&head[..length]).unwrap_or(false)
}

/// What the complete lines of a file's head say: `Some(true)` for an Application,
/// `Some(false)` for another kind of manifest, `None` when no line has said yet.
fn decided(head: &[u8]) -> Option<bool> {
    let complete = match head.iter().rposition(|&b| b == b'\n') {
        Some(end) => &head[..end],
        None => return None,
    };
    for line in complete.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        let line = line.trim_end();
        if let Some(api) = line.strip_prefix("apiVersion:") {
            if !api
                .trim()
                .trim_matches(['"', '\''])
                .starts_with("argoproj.io/")
            {
                return Some(false);
            }
        } else if let Some(kind) = line.strip_prefix("kind:") {
            return Some(kind.trim().trim_matches(['"', '\'']) == "Application");
        }
    }
    None
}

/// helmfile's `releases[]`: `values` (files, and inline mappings), `set`, `chart`, `version`.
fn helmfile_releases(path: &Path, document: &Document, root: &Node) -> Vec<Release> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let Some(NodeValue::Seq(releases)) = root.get("releases").map(|e| &e.value.value) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for release in releases {
        let chart_name = release
            .get("chart")
            .and_then(|e| scalar_text(&e.value))
            .unwrap_or_default();
        let Some(chart) = ChartName::from_name(chart_name.rsplit('/').next().unwrap_or("")) else {
            continue;
        };
        let version = release.get("version").and_then(|e| scalar_text(&e.value));
        let mut pieces = Vec::new();
        if let Some(NodeValue::Seq(values)) = release.get("values").map(|e| &e.value.value) {
            for value in values {
                match &value.value {
                    NodeValue::String(file) => pieces.push(Piece::File(dir.join(file))),
                    NodeValue::Map(_) => pieces.push(Piece::Inline(inline(document, value))),
                    _ => {}
                }
            }
        }
        if let Some(NodeValue::Seq(sets)) = release.get("set").map(|e| &e.value.value) {
            for set in sets {
                if let (Some(name), Some(value)) = (
                    set.get("name").and_then(|e| scalar_text(&e.value)),
                    set.get("value").and_then(|e| scalar_text(&e.value)),
                ) {
                    pieces.push(Piece::Set {
                        expression: format!("{name}={value}"),
                        string: false,
                    });
                }
            }
        }
        found.push(Release {
            name: release
                .get("name")
                .and_then(|e| scalar_text(&e.value))
                .unwrap_or_else(|| chart.to_string()),
            declared_in: path.display().to_string(),
            pieces,
            chart: ChartSpec {
                chart: version.and_then(|v| versioned(chart, &v, "").ok()),
                values_root: None,
            },
            values_root: None,
        });
    }
    found
}

/// An Argo CD `Application`'s Helm sources: `valueFiles` (relative to the source's `path`, or
/// `$ref/...` to the repository), then `values`, then `valuesObject`, then `parameters`.
fn argo_releases(path: &Path, repo: &Path, document: &Document, root: &Node) -> Vec<Release> {
    if root
        .get("kind")
        .and_then(|e| scalar_text(&e.value))
        .as_deref()
        != Some("Application")
    {
        return Vec::new();
    }
    let name = root
        .at(["metadata", "name"])
        .and_then(scalar_text)
        .unwrap_or_else(|| "application".to_owned());
    let mut sources = Vec::new();
    if let Some(source) = root.at(["spec", "source"]) {
        sources.push(source);
    }
    if let Some(NodeValue::Seq(items)) = root.at(["spec", "sources"]).map(|n| &n.value) {
        sources.extend(items);
    }
    let mut found = Vec::new();
    for source in sources {
        let Some(helm) = source.get("helm").map(|e| &e.value) else {
            continue;
        };
        let chart_name = source
            .get("chart")
            .and_then(|e| scalar_text(&e.value))
            .unwrap_or_default();
        let chart = ChartName::from_name(&chart_name).and_then(|chart| {
            let version = source
                .get("targetRevision")
                .and_then(|e| scalar_text(&e.value))?;
            versioned(chart, &version, "").ok()
        });
        let chart_path = source.get("path").and_then(|e| scalar_text(&e.value));
        let base = match &chart_path {
            Some(chart_path) => repo.join(chart_path),
            None => path.parent().unwrap_or(Path::new(".")).to_path_buf(),
        };
        // A chart from git (`path:`): its Chart.yaml says whether it is, or depends on, a
        // StackState chart; another chart's Application is none of ours.
        let from_git = match &chart_path {
            Some(_) if chart_name.is_empty() => match read_chart_yaml(&base.join("Chart.yaml")) {
                Ok(spec) => Some(spec),
                Err(_) => continue,
            },
            _ => None,
        };
        let mut pieces = Vec::new();
        if from_git.is_some() && base.join("values.yaml").is_file() {
            // The chart's own values (an umbrella chart's settings for its dependency) are
            // under every release of it.
            pieces.push(Piece::File(base.join("values.yaml")));
        }
        if let Some(NodeValue::Seq(files)) = helm.get("valueFiles").map(|e| &e.value.value) {
            for file in files.iter().filter_map(scalar_text) {
                let resolved = match file.strip_prefix('$') {
                    // `$values/envs/prod.yaml`: a path in the repository named by the ref.
                    Some(reference) => repo.join(reference.split_once('/').map_or("", |(_, p)| p)),
                    None => base.join(&file),
                };
                pieces.push(Piece::File(resolved));
            }
        }
        if let Some(values) = helm.get("values") {
            match &values.value.value {
                NodeValue::String(text) => pieces.push(Piece::Inline(stsbackup::load_str(
                    format!("{} (spec.source.helm.values)", path.display()),
                    text,
                ))),
                NodeValue::Map(_) => pieces.push(Piece::Inline(inline(document, &values.value))),
                _ => {}
            }
        }
        if let Some(object) = helm.get("valuesObject") {
            pieces.push(Piece::Inline(inline(document, &object.value)));
        }
        if let Some(NodeValue::Seq(parameters)) = helm.get("parameters").map(|e| &e.value.value) {
            for parameter in parameters {
                if let (Some(key), Some(value)) = (
                    parameter.get("name").and_then(|e| scalar_text(&e.value)),
                    parameter.get("value").and_then(|e| scalar_text(&e.value)),
                ) {
                    let string = parameter
                        .get("forceString")
                        .is_some_and(|e| e.value.value == NodeValue::Bool(true));
                    pieces.push(Piece::Set {
                        expression: format!("{key}={value}"),
                        string,
                    });
                }
            }
        }
        if pieces.is_empty() || (from_git.is_none() && ChartName::from_name(&chart_name).is_none())
        {
            continue;
        }
        found.push(Release {
            name: name.clone(),
            declared_in: path.display().to_string(),
            pieces,
            chart: from_git.unwrap_or(ChartSpec {
                chart,
                values_root: None,
            }),
            values_root: None,
        });
    }
    found
}

/// Values written inside another file (a helmfile, an Application): a document of that file
/// whose root is the mapping, so that findings point into it.
fn inline(document: &Document, node: &Node) -> Document {
    let mut sources = document.sources.clone();
    mark_secrets(&mut sources, node, &mut Vec::new());
    Document {
        sources,
        root: Some(node.clone()),
        problems: Vec::new(),
    }
}

/// Marks the secret values of a re-rooted tree: the loader marked them by their path in the
/// file, which is not their path in the values.
fn mark_secrets(
    sources: &mut [stsbackup::source::SourceFile],
    node: &Node,
    path: &mut Vec<String>,
) {
    if let NodeValue::Map(entries) = &node.value {
        for entry in entries {
            path.push(entry.key.clone());
            mark_secrets(sources, &entry.value, path);
            path.pop();
        }
    } else if stsbackup::load::is_secret_path(path)
        && let Some(source) = sources.get_mut(node.origin)
    {
        source.add_secret(node.span.clone());
    }
}

/// The values under `key` of an umbrella chart's values, as the dependency sees them: its
/// own section, with the parent's `global` (Helm copies `global` into every subchart).
/// `None` when the file has no such section.
pub fn rooted(document: &Document, key: &str) -> Option<Document> {
    let root = document.root.as_ref()?;
    let section = root.get(key)?.value.clone();
    let mut section = section;
    if let (NodeValue::Map(entries), Some(global)) = (&mut section.value, root.get("global"))
        && !entries.iter().any(|entry| entry.key == "global")
    {
        entries.push(Entry::clone(global));
    }
    let mut sources = document.sources.clone();
    mark_secrets(&mut sources, &section, &mut Vec::new());
    Some(Document {
        sources,
        root: Some(section),
        problems: document.problems.clone(),
    })
}

/// Whether a file linted alone is StackState values: `Err(reason)` when it is another
/// chart's (its sections hold keys no StackState generation has) or has no StackState
/// section at all.
pub fn is_stackstate(document: &Document) -> Result<(), String> {
    let Some(root) = document.root.as_ref() else {
        return Ok(());
    };
    if !document.problems.is_empty() {
        // A file the loader had to say something about is reported, whatever it holds.
        return Ok(());
    }
    match belonging(root) {
        Belonging::StackState { .. } => Ok(()),
        Belonging::OtherChart { foreign } => Err(format!(
            "not StackState values: {} {} of no StackState chart (another chart's values?)",
            foreign
                .iter()
                .map(|key| format!("`{key}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if foreign.len() == 1 {
                "is a key"
            } else {
                "are keys"
            }
        )),
        Belonging::SubchartValues { section } => Err(format!(
            "not StackState values: the values of a subchart itself (its `backup:` is what StackState's values hold under `{section}`)"
        )),
        Belonging::Undecided { has_section: true } => Ok(()),
        Belonging::Undecided { has_section: false } => match &root.value {
            NodeValue::Map(entries) if !entries.is_empty() => {
                // An umbrella chart's values: StackState's under a dependency's name or alias.
                let nested = entries
                    .iter()
                    .find(|entry| matches!(belonging(&entry.value), Belonging::StackState { .. }));
                Err(match nested {
                    Some(entry) => format!(
                        "no StackState section at the top, but `{0}:` holds StackState values (an umbrella chart's?): give --values-root {0}, or --chart with the umbrella chart's directory",
                        entry.key
                    ),
                    None => "not StackState values: none of the StackState chart's sections (`backup`, `minio`, `global.backup`, ...)".to_owned(),
                })
            }
            _ => Ok(()),
        },
    }
}

/// The inputs of a release's merge, in order; unreadable files are returned apart.
pub fn release_inputs(release: &Release) -> (Vec<ValuesInput>, Vec<(PathBuf, std::io::Error)>) {
    let mut inputs = Vec::new();
    let mut unreadable = Vec::new();
    for piece in &release.pieces {
        match piece {
            Piece::File(path) => match stsbackup::load_file(path) {
                Ok(document) => inputs.push(ValuesInput::File(document)),
                Err(error) => unreadable.push((path.clone(), error)),
            },
            Piece::Inline(document) => inputs.push(ValuesInput::File(document.clone())),
            Piece::Set { expression, string } => inputs.push(if *string {
                ValuesInput::set_string(expression)
            } else {
                ValuesInput::set(expression)
            }),
        }
    }
    (inputs, unreadable)
}
