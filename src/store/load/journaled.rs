//! A store loaded with its journal (`store::journal`): store.json read, validated and hashed in
//! one pass, then the journal's changes made on it record by record, checked by the rules of a
//! load, as the browser made them. Every reader of a store path loads through here, so all of
//! them see a change as soon as it is saved.

use std::path::Path;

use super::update::{self, StoreIds};
use super::{LoadOptions, load_from};
use crate::store::index::Store;
use crate::store::journal::{self, Hashing, Journal, Op};
use crate::store::problem::{LoadError, Problem};

/// What the load did with the journal beside store.json.
#[derive(Debug)]
pub struct Replayed {
    pub journal: Journal,
    /// Whether its changes were made on the store; false for a journal a fold already put into
    /// store.json (a crash came between the fold and the journal's deletion).
    pub applied: bool,
    /// What to tell the user (a torn last entry dropped).
    pub notice: Option<String>,
}

/// Loads `store_file` and replays its journal; `None` when there is no journal with a whole entry.
pub fn load(
    store_file: &Path,
    options: LoadOptions,
    show_progress: bool,
) -> Result<(Store, Option<Replayed>), LoadError> {
    let journal_path = journal::path_for(store_file);
    let unreadable = |why: String| {
        LoadError::new(vec![
            Problem::in_file(&journal_path, format!("the store's journal cannot be used: {why}")).with_hint(
                "it holds changes saved to the store and not yet folded into store.json: fix or move it away, then open the store again",
            ),
        ])
    };
    // Opened before store.json: a fold that ends meanwhile leaves its `folded_into` entry readable
    // in the journal opened here, even once the file is deleted.
    let opened = journal::open(store_file).map_err(|e| unreadable(e.to_string()))?;
    let Some((journal_file, journal_size)) = opened else {
        return load_from(store_file, store_file, options, show_progress, None).map(|records| (records.index(), None));
    };
    let mut hashing = Hashing::new();
    let records = load_from(store_file, store_file, options, show_progress, Some(&mut hashing))?;
    let base = hashing.finish();
    let journal = match journal::read(journal_file, journal_size) {
        Ok(Some(journal)) => journal,
        Ok(None) => {
            let notice = (journal_size > 0).then(|| {
                format!(
                    "{}: holds only an unfinished entry (a save interrupted before it was reported done); dropped",
                    journal_path.display()
                )
            });
            if let Some(notice) = notice {
                let journal =
                    Journal { base, changes: Vec::new(), folded_into: None, whole_len: 0, torn: journal_size };
                return Ok((records.index(), Some(Replayed { journal, applied: false, notice: Some(notice) })));
            }
            return Ok((records.index(), None));
        }
        Err(error) => return Err(unreadable(error.to_string())),
    };
    if journal.folded_into == Some(base) {
        return Ok((records.index(), Some(Replayed { journal, applied: false, notice: None })));
    }
    if journal.base != base {
        let message = journal::mismatch_message(store_file, &journal);
        return Err(LoadError::new(vec![Problem::in_file(&journal_path, message).with_hint(journal::MISMATCH_HINT)]));
    }
    let mut store = records.index();
    replay(&mut store, &journal.changes, store_file, options).map_err(|mut error| {
        error.problems.insert(
            0,
            Problem::in_file(&journal_path, "a change saved in the journal does not apply to store.json")
                .with_hint(journal::MISMATCH_HINT),
        );
        error
    })?;
    let notice = journal.torn_notice(&journal_path);
    Ok((store, Some(Replayed { journal, applied: true, notice })))
}

/// Makes the journal's `changes` on `store` (the store they were made on), in order.
pub fn replay(
    store: &mut Store,
    changes: &[Vec<Op>],
    store_file: &Path,
    options: LoadOptions,
) -> Result<(), LoadError> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut ids = StoreIds::of(store);
    for change in changes {
        let steps: Vec<update::Step<'_>> = change
            .iter()
            .filter_map(|op| match op {
                Op::Records { list, at, remove, insert } => {
                    Some(update::Step { list, at: *at, gone: remove, coming: insert })
                }
                // The store model has every list, empty or not.
                Op::NewList(_) | Op::DropList(_) => None,
            })
            .collect();
        // Indexed once, after the last change: each change costs what it touches.
        match update::check_replayed(store, &ids, &steps, store_file, options) {
            Ok(Ok(update)) => update.apply_unindexed(store, &mut ids),
            Ok(Err(problems)) => return Err(problems),
            Err(update::Unsupported) => {
                return Err(LoadError::new(vec![Problem::in_file(
                    &journal::path_for(store_file),
                    "a change in the journal rewrites what only a whole save may (the sources or the title)",
                )]));
            }
        }
    }
    store.reindex();
    Ok(())
}
