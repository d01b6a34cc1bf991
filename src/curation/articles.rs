//! The articles as the browser read them, so that a change is never saved on a stale copy.
//!
//! A passage is cut from the article text the browser holds. When the article was edited on disk
//! since (a correction, a `git pull`), that passage no longer matches the file and `check` would
//! fail on the saved store. So the text of every article is fingerprinted when the store is read,
//! and a save compares the articles its change cites with what is on disk immediately before the
//! rename (`save::save_guarded`); the source pane compares the article it shows when it is focused.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::store::save::{Fingerprint, SaveError};
use crate::store::{Passage, Store};
use crate::user_file;

/// Each article's fingerprint as the browser holds its text, by source id.
#[derive(Default)]
pub(crate) struct ReadArticles {
    read: HashMap<String, Fingerprint>,
}

impl ReadArticles {
    pub fn of(store: &Store) -> ReadArticles {
        let read = store
            .sources
            .iter()
            .filter(|source| source.file.is_some())
            .map(|source| (source.id.clone(), Fingerprint::of(source.text.as_bytes())))
            .collect();
        ReadArticles { read }
    }

    /// Refuses (naming the file) when an article among `cited` is no longer on disk what the
    /// browser read. `store` says where each article's file is; `folder` is the store's.
    pub fn still_on_disk(&self, folder: &Path, store: &Store, cited: &[String]) -> Result<(), SaveError> {
        for id in cited {
            let (Some(read), Some(source)) = (self.read.get(id), store.sources.iter().find(|s| &s.id == id)) else {
                continue;
            };
            let Some(file) = &source.file else { continue };
            let path = folder.join(file);
            let now = user_file::read_regular(&path).map(|bytes| Fingerprint::of(&bytes));
            if now.ok() != Some(*read) {
                return Err(SaveError::ChangedOnDisk(shown_path(folder, &path)));
            }
        }
        Ok(())
    }
}

/// The first article of `passages` whose file no longer holds the text `store` has for it, as
/// the path to show. Each article is read at most once.
pub(crate) fn first_changed<'p>(
    folder: &Path,
    store: &Store,
    passages: impl IntoIterator<Item = &'p Passage>,
) -> Option<PathBuf> {
    let mut seen = Vec::new();
    for passage in passages {
        if seen.contains(&passage.source) {
            continue;
        }
        seen.push(passage.source);
        let source = &store.sources[passage.source as usize];
        let Some(file) = &source.file else { continue };
        let path = folder.join(file);
        if user_file::read_regular(&path).ok().as_deref() != Some(source.text.as_bytes()) {
            return Some(shown_path(folder, &path));
        }
    }
    None
}

/// An article's path as the store names it (`sources/a.txt`), short enough for a status bar.
fn shown_path(folder: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(folder).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}
