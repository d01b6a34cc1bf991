//! The subcommands: each module holds a command's arguments (when it has more than a few) and
//! what it prints. `main` parses the command line and dispatches here; the work itself lives in
//! the library modules (`store`, `search`, `find`, `draft`, `import`, `generate`).

pub mod check;
pub mod curate;
pub mod draft;
pub mod find;
pub mod generate;
pub mod import;
pub mod search;

use std::io;

use crate::store::LoadError;

/// Why a command failed; every kind exits with 1 (a usage error is clap's, with 2).
pub enum Failure {
    Invalid(LoadError),
    Curate(Box<curate::CurateError>),
    /// Exit 1 with what there was to say already printed.
    Silent,
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Self {
        Failure::Invalid(e)
    }
}

impl From<curate::CurateError> for Failure {
    fn from(e: curate::CurateError) -> Self {
        Failure::Curate(Box::new(e))
    }
}
