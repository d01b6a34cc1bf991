//! A change being made: the records it reads, rewrites, removes and adds, each read from
//! store.json by id when first asked for. Nothing else of the store is parsed; the records that
//! refer to one (the claims about an event, an entity's events) are found through the loaded
//! store's indexes. Done, it becomes the `Patch` that is saved and kept for undo.

use std::collections::BTreeMap;
use std::fs::File;

use super::EditError;
use super::history::{Patch, Step};
use crate::store::Store;
use crate::store::format::Record;
use crate::store::save::SaveError;
use crate::store::splice::Layout;

/// A record read for the change: as it was, and as it is now (`None` once removed).
struct Read {
    before: Record,
    after: Option<Record>,
}

/// What the change does to one top-level list.
struct ListEdit {
    list: String,
    /// The list did not exist: the change creates it.
    created: bool,
    /// By position in the list as saved.
    read: BTreeMap<usize, Read>,
    added: Vec<Record>,
}

pub(crate) struct Working<'c> {
    layout: &'c Layout,
    file: File,
    /// The store as last loaded or saved: the same records as `layout`, validated and indexed.
    pub store: &'c Store,
    /// store.json's name, for the error when it no longer holds what was laid out.
    name: &'c std::path::Path,
    lists: Vec<ListEdit>,
}

impl<'c> Working<'c> {
    pub fn new(layout: &'c Layout, file: File, store: &'c Store, name: &'c std::path::Path) -> Working<'c> {
        Working { layout, file, store, name, lists: Vec::new() }
    }

    fn list(&mut self, list: &str) -> &mut ListEdit {
        match self.lists.iter().position(|l| l.list == list) {
            Some(at) => &mut self.lists[at],
            None => {
                self.lists.push(ListEdit {
                    list: list.to_string(),
                    created: false,
                    read: BTreeMap::new(),
                    added: Vec::new(),
                });
                self.lists.last_mut().expect("just pushed")
            }
        }
    }

    /// The record of `list` whose id is `id`, to read or change; `None` when there is none (or
    /// the change removed it).
    pub fn record(&mut self, list: &str, id: &str) -> Result<Option<&mut Record>, EditError> {
        if let Some(at) = self.list(list).added.iter().position(|r| r.id() == Some(id)) {
            return Ok(Some(&mut self.list(list).added[at]));
        }
        let Some(at) = self.layout.position(list, id) else { return Ok(None) };
        if !self.list(list).read.contains_key(&at) {
            let before = self.layout.item(&self.file, list, at).ok().filter(|r| r.id() == Some(id));
            // A record laid out when the store was read, no longer there: the file changed. Said
            // with the file's name alone, as every notice of the browser says it.
            let name = self.name.file_name().map_or_else(|| self.name.to_path_buf(), std::path::PathBuf::from);
            let before = before.ok_or(EditError::Save(SaveError::ChangedOnDisk(name)))?;
            self.list(list).read.insert(at, Read { after: Some(before.clone()), before });
        }
        Ok(self.list(list).read.get_mut(&at).and_then(|r| r.after.as_mut()))
    }

    /// Removes the record of `list` whose id is `id`; false when there is none.
    pub fn remove(&mut self, list: &str, id: &str) -> Result<bool, EditError> {
        if let Some(at) = self.list(list).added.iter().position(|r| r.id() == Some(id)) {
            self.list(list).added.remove(at);
            return Ok(true);
        }
        if self.record(list, id)?.is_none() {
            return Ok(false);
        }
        let at = self.layout.position(list, id).expect("read above");
        self.list(list).read.get_mut(&at).expect("read above").after = None;
        Ok(true)
    }

    /// Adds a record at the end of `list` (created when the store has none).
    pub fn push(&mut self, list: &str, record: Record) {
        let missing = self.layout.len(list).is_none();
        let edit = self.list(list);
        edit.created |= missing;
        edit.added.push(record);
    }

    /// Whether some record of `list` has the id `id` (one the change removed still counts).
    pub fn contains(&self, list: &str, id: &str) -> bool {
        self.layout.position(list, id).is_some() || self.added(list).iter().any(|r| r.id() == Some(id))
    }

    /// The records the change adds to `list`.
    pub fn added(&self, list: &str) -> &[Record] {
        self.lists.iter().find(|l| l.list == list).map_or(&[], |l| &l.added)
    }

    /// The change as the steps that make it on the store as saved; empty when it changes nothing.
    pub fn into_patch(self) -> Patch {
        let mut steps = Vec::new();
        for ListEdit { list, created, read, added } in self.lists {
            if added.is_empty() && read.values().all(|r| r.after.as_ref() == Some(&r.before)) {
                continue;
            }
            if created {
                steps.push(Step::NewList { list: list.clone() });
            }
            let mut shift = 0i64;
            for (at, Read { before, after }) in read {
                if after.as_ref() == Some(&before) {
                    continue;
                }
                let after: Vec<Record> = after.into_iter().collect();
                let grows = after.len() as i64 - 1;
                steps.push(Step::Records {
                    list: list.clone(),
                    at: (at as i64 + shift) as usize,
                    before: vec![before],
                    after,
                });
                shift += grows;
            }
            if !added.is_empty() {
                let at = (self.layout.len(&list).unwrap_or(0) as i64 + shift) as usize;
                steps.push(Step::Records { list, at, before: Vec::new(), after: added });
            }
        }
        Patch::new(steps)
    }
}
