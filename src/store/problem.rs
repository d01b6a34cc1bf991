//! What is wrong with a store, where, and what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a store file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (unreadable, not UTF-8, too large…).
    File,
    /// A JSON syntax error, 1-based as serde_json reports it.
    LineColumn { line: usize, column: usize },
    /// A schema or reference problem, e.g. `events[3].actors[0]`.
    Path(String),
    /// A line of a text input such as a CSV file (1-based; where the record starts).
    Line(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub location: Location,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn at_path(file: &Path, path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { file: file.to_path_buf(), location: Location::Path(path.into()), message: message.into(), hint: None }
    }

    pub fn in_file(file: &Path, message: impl Into<String>) -> Problem {
        Problem { file: file.to_path_buf(), location: Location::File, message: message.into(), hint: None }
    }

    pub fn at_line(file: &Path, line: usize, message: impl Into<String>) -> Problem {
        Problem { file: file.to_path_buf(), location: Location::Line(line), message: message.into(), hint: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        match &self.location {
            Location::File => {}
            Location::LineColumn { line, column } => write!(f, ":{line}:{column}")?,
            Location::Path(path) => write!(f, ": {path}")?,
            Location::Line(line) => write!(f, ":{line}")?,
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in one store; loading reports them all at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        let file = self.problems.first().map(|p| p.file.display().to_string()).unwrap_or_default();
        writeln!(f, "{file}: {count} problem{} found", if count == 1 { "" } else { "s" })?;
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}
