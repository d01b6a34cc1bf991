//! The service's interface: what the browser asks of curation (on ids) and what comes back.

use std::sync::Arc;

use super::{Holder, Notice};
use crate::store::Store;

/// What the browser asks of curation, on ids (indices change with every change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// Accept an item as it stands (a draft becomes reviewed, moved or fuzzy passages are refit).
    Accept {
        holder: Holder,
        id: String,
    },
    /// Refit every moved passage quoting one article (by source id), of every item: one step.
    AcceptMoved {
        source: String,
    },
    /// Remove an item and every reference to it.
    Reject {
        holder: Holder,
        id: String,
    },
    /// Set passage `index` of an item to the code points `start..end` of its article.
    SetPassage {
        holder: Holder,
        id: String,
        index: usize,
        start: usize,
        end: usize,
    },
    Undo,
    Redo,
    /// Read store.json again (after it changed on disk); takes the lock over when it is free.
    Reload,
}

/// What an operation did: the store as it is now, the item to show selected (by id), what to
/// say, and whether changes can be saved now.
#[derive(Debug)]
pub struct Outcome {
    pub store: Arc<Store>,
    pub select: Option<(Holder, String)>,
    pub notice: Notice,
    pub can_edit: bool,
    /// What the fold of the journal into store.json that this change set off came to, when
    /// there is something to say: it failed, or it ended a run of failures.
    pub fold: Option<FoldNews>,
    /// While changes wait in a journal whose last fold failed: a short warning to keep in view
    /// until a fold succeeds.
    pub unfolded: Option<String>,
}

/// The fold of a large store's journal into store.json, set off by a change once the journal
/// is past its bound, as the change's outcome tells it. The change itself is saved either way:
/// it is in the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FoldNews {
    /// It failed: why (naming the file, and what to do) and when it is tried again.
    Failed(String),
    /// It succeeded after earlier folds had failed: store.json holds every change again.
    Folded(String),
}
