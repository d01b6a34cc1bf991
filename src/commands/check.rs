//! `factline check`: validate a store and print its counts (or, through the error, every problem).

use std::io::Write;

use super::Failure;
use crate::store::{LoadOptions, Locator};
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
    Ok(())
}
