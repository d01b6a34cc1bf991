//! The command line: `factline` opens the browser; subcommands check, export and search a store.
//! A subcommand with more than a few arguments keeps them in its module under `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "factline",
    version,
    about = "Browse news events: who said what, when, and where it is written",
    long_about = "Browse news events: who said what, when, and where it is written.\n\n\
        With no subcommand, opens the terminal browser on the store given by --data, \
        or on the bundled January 2024 Iran–Pakistan store."
)]
pub struct Cli {
    #[command(flatten)]
    pub data: DataArg,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct DataArg {
    /// A store.json file, or a folder holding one [default: the bundled store]
    #[arg(long, value_name = "PATH", global = true)]
    pub data: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a store; print its counts, or every problem found
    Check {
        /// List at most N problems in full; the rest are counted by kind
        #[arg(long, value_name = "N", default_value_t = crate::store::MAX_PROBLEMS,
              value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        max_problems: usize,
    },
    /// Write the store in another format to standard output
    Export {
        /// json: the normalized store (resolved offsets, texts inline); csv: one row per event;
        /// claims-csv: one row per claim; timelinejs: a Knight Lab TimelineJS document
        #[arg(long, value_enum)]
        format: ExportFormat,
    },
    /// Fuzzy-search people, groups and places by any spelling; list what involves the best match
    Search {
        /// Any spelling: case, accents, hyphens and spaces do not matter
        query: String,
        /// Print {"entities":[…],"events":[…],"claims":[…]} instead of text
        #[arg(long)]
        json: bool,
        /// How many entities to list at most
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
        limit: u16,
    },
    /// Find a quote or phrase in the articles, and who is on record saying it
    Find {
        /// The words as remembered: case, accents, quote marks, dashes and punctuation do not
        /// matter; a misspelt, missing, extra or swapped word is forgiven but ranked lower
        query: String,
        /// Print {"query":…,"hits":[{"source","start","end","text","score","claims","events"}]}
        #[arg(long)]
        json: bool,
        /// How many passages to list at most
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
        limit: u16,
    },
    /// Serve the browser over SSH: every connection gets its own read-only session
    Serve(crate::serve::ServeArgs),
    /// Write a large, valid, deterministic store (for benchmarks): OUT/store.json and OUT/sources/
    Gen(crate::commands::generate::GenArgs),
    /// Rewrite store.json in its canonical form (key order and indentation), keeping store.json.bak
    Fmt {
        /// Only say whether the store is canonical; exit 1 when it is not
        #[arg(long)]
        check: bool,
    },
    /// Write the bundled store and its articles into DIR, as a copy to edit
    Init {
        /// The folder to write (created when missing)
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Replace files that differ from the bundled copy (each is kept as FILE.bak)
        #[arg(long)]
        force: bool,
    },
    /// Turn another dataset's export into a store
    Import {
        #[command(subcommand)]
        source: crate::commands::import::ImportSource,
    },
    /// Draft a store from plain-text articles: sources, entities, who-said-what claims, events and
    /// disagreements, all to review
    Draft(crate::commands::draft::DraftArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    /// One row per claim: speaker, verb, date, text, sources, passages and status.
    ClaimsCsv,
    Timelinejs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn data_is_accepted_before_or_after_the_subcommand() {
        let before = Cli::try_parse_from(["factline", "--data", "x", "check"]).unwrap();
        let after = Cli::try_parse_from(["factline", "check", "--data", "x"]).unwrap();
        assert_eq!(before.data.data, after.data.data);
    }
}
