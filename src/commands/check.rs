//! `factline check`: validate a store and print its counts (or, through the error, every problem).

use std::io::Write;

use super::Failure;
use crate::store::{LoadOptions, Locator, journal, store_file};
use crate::text::count;

pub fn run(store: &Locator, max_problems: usize, out: &mut dyn Write) -> Result<(), Failure> {
    let loaded = store.load(LoadOptions { max_problems, ..LoadOptions::default() })?;
    writeln!(
        out,
        "{}: ok — {}, {}, {}, {}, {}, {}",
        store.name(),
        count(loaded.sources.len(), "source"),
        count(loaded.entities.len(), "entity"),
        count(loaded.events.len(), "event"),
        count(loaded.claims.len(), "claim"),
        count(loaded.discrepancies.len(), "discrepancy"),
        count(loaded.passage_count(), "passage")
    )?;
    if let Locator::Path(path) = store
        && let Ok(Some(journal)) = journal::read_for(&store_file(path))
        && journal.folded_into.is_none()
        && !journal.changes.is_empty()
    {
        writeln!(
            out,
            "{}: {} saved but not yet folded into store.json (counted above; programs other than factline see store.json without them until the browser folds them when it closes)",
            journal::path_for(&store_file(path)).display(),
            count(journal.changes.len(), "change"),
        )?;
    }
    Ok(())
}
