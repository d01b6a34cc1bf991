//! `factline check`: validate a store and print its counts (or, through the error, every problem).

use std::io::Write;

use super::Failure;
use crate::store::{LoadOptions, Locator};

pub fn run(store: &Locator, max_problems: usize, out: &mut dyn Write) -> Result<(), Failure> {
    let loaded = store.load(LoadOptions { max_problems, ..LoadOptions::default() })?;
    writeln!(
        out,
        "{}: ok — {} sources, {} entities, {} events, {} claims, {} discrepancies, {} passages",
        store.name(),
        loaded.sources.len(),
        loaded.entities.len(),
        loaded.events.len(),
        loaded.claims.len(),
        loaded.discrepancies.len(),
        loaded.passage_count()
    )?;
    Ok(())
}
