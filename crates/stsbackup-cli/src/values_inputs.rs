//! The values `render` and `schedule` read, as `helm install` takes them: `-f` files merged in
//! order, then every `--set`, `--set-string` and `--set-literal`, and the chart they are for.
//! The two commands share these flags and this reading; `lint` reads the same flags with the
//! same merge, and also releases, directories and chart directories (`inputs.rs`).

use crate::read;
use std::path::PathBuf;
use stsbackup::Document;
use stsbackup::generation::ChartVersion;
use stsbackup::merge::ValuesInput;

/// The merged inputs: `-f`, `--set`, `--set-string`, `--set-literal` and `--chart`.
#[derive(clap::Args, Clone, Default)]
pub struct ValuesInputs {
    /// Values files merged in order as `helm install -f` merges them, and read as one
    /// (`-` for standard input); repeatable.
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// As `helm install --set`, applied after every -f file; repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// As `helm install --set-string`: every value is a string; repeatable.
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    pub set_string: Vec<String>,
    /// As `helm install --set-literal`: the value is the rest of the argument; repeatable.
    #[arg(long = "set-literal", value_name = "KEY=VALUE")]
    pub set_literal: Vec<String>,
    /// The chart and released version the values are for: `stackstate@5.1.4`,
    /// `stackstate-k8s@1.11.3`, `suse-observability@2.10.3`. Without it, the generations the
    /// file's own keys and values point to are inferred (note SB009 says which and why) and
    /// the file is checked against what they share.
    #[arg(long, value_name = "NAME@VERSION")]
    pub chart: Option<ChartVersion>,
}

/// A file that could not be read, by the name it was given as.
pub struct Unreadable {
    pub name: String,
    pub error: std::io::Error,
}

impl ValuesInputs {
    /// Whether anything is to be merged (the chart alone is not a value).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
            && self.set.is_empty()
            && self.set_string.is_empty()
            && self.set_literal.is_empty()
    }

    /// The same inputs with `files` read first, as `-f` files (for the commands that take
    /// their files as arguments too).
    pub fn with_files_first(mut self, files: Vec<PathBuf>) -> Self {
        if !files.is_empty() {
            self.values.splice(0..0, files);
        }
        self
    }

    /// Reads every file, then adds the `--set` expressions, in Helm's order. Every file
    /// that cannot be read is reported, not only the first.
    pub fn read(&self) -> Result<Vec<ValuesInput>, Vec<Unreadable>> {
        let mut inputs = Vec::new();
        let mut unreadable = Vec::new();
        for path in &self.values {
            match read(path) {
                Ok(document) => inputs.push(ValuesInput::File(document)),
                Err(error) => unreadable.push(Unreadable {
                    name: path.display().to_string(),
                    error,
                }),
            }
        }
        if !unreadable.is_empty() {
            return Err(unreadable);
        }
        inputs.extend(self.set.iter().map(ValuesInput::set));
        inputs.extend(self.set_string.iter().map(ValuesInput::set_string));
        inputs.extend(self.set_literal.iter().map(ValuesInput::set_literal));
        Ok(inputs)
    }

    /// The values, read and merged as Helm merges them. A single file and nothing else is
    /// that file as it was read (its `null`s still there for SB013 to report).
    pub fn merged(&self) -> Result<Document, Vec<Unreadable>> {
        let mut inputs = self.read()?;
        if let [ValuesInput::File(_)] = inputs.as_slice()
            && let Some(ValuesInput::File(document)) = inputs.pop()
        {
            return Ok(document);
        }
        Ok(stsbackup::merge::merge(inputs))
    }

    /// The validation options these inputs ask for.
    pub fn options(&self) -> stsbackup::Options {
        stsbackup::Options {
            chart: self.chart,
            ..stsbackup::Options::default()
        }
    }
}
