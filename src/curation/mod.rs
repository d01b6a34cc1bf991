//! Review and curation in the local browser: accept a draft, reject an item, undo and redo,
//! each change saved to store.json when it is made.
//!
//! The editing state lives here, outside the browser's `App`, and reaches the browser only as a
//! `tui::browser::Editor` that the local terminal hands it; `factline serve` never builds one,
//! so no key of an SSH session can write a file.
//!
//! A change is made on the store's JSON as written (every key and value kept), by record id,
//! then written in the canonical form, so an accept changes only that record's lines in a
//! `git diff`. The result is validated like any store before it is saved: an edit can never
//! leave a store that `factline check` refuses.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::search::SearchIndex;
use crate::store::canonical::{Json, canonicalize, ordered_bytes};
use crate::store::load::FolderReader;
use crate::store::save::{self, Fingerprint, Lock, LockError, SaveError, Stamp};
use crate::store::{self, LoadError, Store, bundled};
use crate::tui::action::Action;
use crate::tui::browser::Editor;
use crate::tui::view::Item;
use crate::tui::{App, FrameState};
use crate::user_file;

mod anchor;
mod articles;
pub mod change;
mod edit;
pub use change::{Change, ClaimFields, EntityRef, EventFields, Holder, Kind, NewDiscrepancy, NewVariant};
mod history;
mod json;
pub mod passage;
use articles::ReadArticles;
pub use edit::Applied;
use history::Patch;
use json::{array_mut, field_mut, id_of, records_mut};
pub use passage::NewPassage;

/// Said when the bundled store is open: it lives inside the program and cannot be edited.
pub const BUNDLED_READ_ONLY: &str = "read-only (bundled store): `factline init DIR` copies it out to edit";

/// The store file being curated, what it held when read, and the session's history.
pub struct Curation {
    file: PathBuf,
    /// Why nothing can be saved (bundled store, another editor holds the lock, the owner made
    /// it read-only); `None` when changes are saved.
    read_only: Option<String>,
    /// The store as last read or saved, keys in the author's order: parsed when the first
    /// change is made, so browsing a large store never pays for a second copy of it.
    doc: Option<Json>,
    /// What store.json held when it was last read or written by this session.
    loaded: Fingerprint,
    /// Each change as the records it replaced, newest last.
    undo: Vec<Patch>,
    redo: Vec<Patch>,
    /// The events, claims and discrepancies the last undo or redo brought back or rewrote.
    arrived: Vec<(Holder, String)>,
    /// Taken at the first change and held until the browser closes: browsing alone takes no
    /// lock and writes nothing into the store's folder.
    lock: Option<Lock>,
    /// The articles' text as the browser holds it, to refuse a change cut from a stale copy.
    articles: ReadArticles,
}

/// Why a change could not be made.
#[derive(Debug)]
pub enum EditError {
    /// The item is not in the store's JSON (or not a draft, for an accept).
    Nothing(String),
    /// The change itself is not allowed (an empty field, a duplicate alias…), with why.
    Refused(String),
    Invalid(LoadError),
    Save(SaveError),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Nothing(message) | EditError::Refused(message) => f.write_str(message),
            EditError::Invalid(error) => {
                let first = error.to_string();
                let first = first.lines().nth(1).or(first.lines().next()).unwrap_or("").trim().to_string();
                write!(f, "not saved: the change would leave an invalid store ({first})")
            }
            EditError::Save(SaveError::ChangedOnDisk(path)) => {
                write!(f, "not saved: {} changed on disk since it was loaded — R reloads it", path.display())
            }
            EditError::Save(error) => write!(f, "not saved: {error}"),
        }
    }
}

impl Curation {
    /// Opens the store at `data` (or the bundled one) for curation: locked and writable when
    /// it can be, read-only (with the reason as the first notice) when it cannot.
    pub fn open(data: Option<&Path>) -> Result<(Store, Curation), LoadError> {
        let Some(data) = data else {
            let store = bundled::load()?;
            let curation = Curation {
                file: PathBuf::from(bundled::NAME),
                read_only: Some(BUNDLED_READ_ONLY.to_string()),
                doc: None,
                loaded: Fingerprint::of(bundled::STORE_JSON.as_bytes()),
                undo: Vec::new(),
                redo: Vec::new(),
                arrived: Vec::new(),
                lock: None,
                articles: ReadArticles::default(),
            };
            return Ok((store, curation));
        };
        let file = store::store_file(data);
        save::clean_stale_temporaries(&file);
        let read_only = why_read_only(&file);
        let (store, loaded) = load(&file)?;
        let articles = ReadArticles::of(&store);
        Ok((
            store,
            Curation {
                file,
                read_only,
                doc: None,
                loaded,
                undo: Vec::new(),
                redo: Vec::new(),
                arrived: Vec::new(),
                lock: None,
                articles,
            },
        ))
    }

    /// Why changes cannot be saved, if they cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Marks a draft event or claim as reviewed.
    pub fn accept(&mut self, kind: Kind, id: &str) -> Result<Store, EditError> {
        let mut doc = self.doc()?.clone();
        let record = records_mut(&mut doc, kind)
            .and_then(|records| records.iter_mut().find(|r| id_of(r) == Some(id)))
            .ok_or_else(|| EditError::Nothing(format!("no {} `{id}` in the store", kind.name())))?;
        let Json::Object(entries) = record else { unreachable!("id_of matched an object") };
        match entries.iter_mut().find(|(k, _)| k == "status") {
            Some((_, value)) if *value == Json::String("draft".into()) => *value = Json::String("reviewed".into()),
            _ => return Err(EditError::Nothing(format!("{} `{id}` is not a draft", kind.name()))),
        }
        self.commit(doc)
    }

    /// Removes an event or claim, and every reference to it: from discrepancies' `about`, and
    /// (for an event) from claims' `about`.
    pub fn reject(&mut self, kind: Kind, id: &str) -> Result<Store, EditError> {
        let mut doc = self.doc()?.clone();
        let records = records_mut(&mut doc, kind)
            .ok_or_else(|| EditError::Nothing(format!("no {} in the store", kind.name())))?;
        let before = records.len();
        records.retain(|r| id_of(r) != Some(id));
        if records.len() == before {
            return Err(EditError::Nothing(format!("no {} `{id}` in the store", kind.name())));
        }
        let mut referring = vec!["discrepancies"];
        if kind == Kind::Event {
            referring.push("claims");
        }
        for key in referring {
            for record in array_mut(&mut doc, key).into_iter().flatten() {
                if let Some(Json::Array(about)) = field_mut(record, "about") {
                    about.retain(|target| *target != Json::String(id.to_string()));
                }
            }
        }
        self.commit(doc)
    }

    /// Takes back the last change (saved like any other); `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<Result<Store, EditError>> {
        let change = self.undo.pop()?;
        Some(self.travel(change, false))
    }

    /// Makes again the last change undone.
    pub fn redo(&mut self) -> Option<Result<Store, EditError>> {
        let change = self.redo.pop()?;
        Some(self.travel(change, true))
    }

    /// Reads store.json again (after it changed on disk); the history is dropped, since undoing
    /// would now overwrite someone else's changes.
    pub fn reload(&mut self) -> Result<Store, LoadError> {
        let (store, loaded) = load(&self.file)?;
        self.articles = ReadArticles::of(&store);
        self.doc = None;
        self.loaded = loaded;
        self.undo.clear();
        self.redo.clear();
        Ok(store)
    }

    fn travel(&mut self, change: Patch, forward: bool) -> Result<Store, EditError> {
        // A history only exists after a change, which parsed the document.
        let Some(mut target) = self.doc.clone() else {
            return Err(EditError::Nothing("nothing to undo or redo".to_string()));
        };
        if forward {
            change.apply(&mut target)
        } else {
            change.revert(&mut target)
        }
        let written = self.write(&target, &change.cited_sources(forward));
        if written.is_ok() {
            self.doc = Some(target);
            self.arrived = [Holder::Event, Holder::Claim, Holder::Discrepancy]
                .into_iter()
                .flat_map(|holder| change.arriving(holder.key(), forward).into_iter().map(move |id| (holder, id)))
                .collect();
        }
        // A change that could not be saved stays where it was, to try again after a reload.
        if written.is_ok() == forward {
            self.undo.push(change)
        } else {
            self.redo.push(change)
        }
        written
    }

    /// The store's JSON as written, read and parsed at the first change. Refused when store.json
    /// is no longer what was loaded: the change would be made on someone else's file.
    fn doc(&mut self) -> Result<&Json, EditError> {
        if self.doc.is_none() {
            if let Some(reason) = &self.read_only {
                return Err(EditError::Nothing(reason.clone()));
            }
            let bytes = user_file::read_regular(&self.file)
                .map_err(|error| EditError::Save(SaveError::Io { path: self.file.clone(), error }))?;
            if Fingerprint::of(&bytes) != self.loaded {
                return Err(EditError::Save(SaveError::ChangedOnDisk(self.file.clone())));
            }
            let mut doc = parse(&self.file, &bytes).map_err(EditError::Invalid)?;
            canonicalize(&mut doc);
            self.doc = Some(doc);
        }
        Ok(self.doc.as_ref().expect("parsed above"))
    }

    /// Validates and saves `doc` as the new store, a new step of the history.
    fn commit(&mut self, mut doc: Json) -> Result<Store, EditError> {
        // Kept in canonical order, as it is written: an edit that added a key anywhere then
        // differs from the document before it only in the records it touched.
        canonicalize(&mut doc);
        if self.doc.as_ref() == Some(&doc) {
            // Not a step of the history: an undo would seem to do nothing.
            return Err(EditError::Refused("nothing changed".to_string()));
        }
        let patch = self.doc.as_ref().map(|previous| Patch::between(previous, &doc));
        let cited = match &patch {
            Some(patch) => patch.cited_sources(true),
            None => Vec::new(),
        };
        let store = self.write(&doc, &cited)?;
        if let Some(patch) = patch {
            self.undo.push(patch);
        }
        self.doc = Some(doc);
        self.redo.clear();
        Ok(store)
    }

    /// Validates and saves `doc`, unless store.json or an article in `cited` (source ids) changed
    /// on disk since the browser read it.
    fn write(&mut self, doc: &Json, cited: &[String]) -> Result<Store, EditError> {
        if let Some(reason) = &self.read_only {
            return Err(EditError::Nothing(reason.clone()));
        }
        if self.lock.is_none() {
            self.lock = Some(take_lock(&self.file).map_err(EditError::Refused)?);
        }
        // `doc` is in canonical order already (see `commit` and `doc`).
        let bytes = ordered_bytes(doc);
        let store = validate(&self.file, &bytes).map_err(EditError::Invalid)?;
        let folder = folder_of(&self.file);
        let articles = &self.articles;
        let saved = save::save_guarded(&self.file, &bytes, Some(self.loaded), || {
            articles.still_on_disk(&folder, &store, cited)
        });
        self.loaded = saved.map_err(EditError::Save)?;
        self.articles = ReadArticles::of(&store);
        Ok(store)
    }

    fn perform_action(&mut self, action: Action, app: &App) -> Option<Result<(Store, String), String>> {
        let selected = || -> Result<(Kind, String), String> {
            let store = app.store();
            match app.selected() {
                Some(Item::Event(e)) => Ok((Kind::Event, store.events[e as usize].id.clone())),
                Some(Item::Claim(c)) => Ok((Kind::Claim, store.claims[c as usize].id.clone())),
                Some(Item::Discrepancy(_)) => Err("a discrepancy has no form of its own".into()),
                None => Err("nothing selected".into()),
            }
        };
        // Any item holds passages, a discrepancy too.
        let holding = || -> Result<(Holder, String, &'static str), String> {
            let store = app.store();
            match app.selected() {
                Some(Item::Discrepancy(d)) => {
                    Ok((Holder::Discrepancy, store.discrepancies[d as usize].id.clone(), "discrepancy"))
                }
                _ => selected().map(|(kind, id)| (kind.into(), id, kind.name())),
            }
        };
        let done = |result: Result<Store, EditError>, what: String| match result {
            Ok(store) => Ok((store, format!("saved: {what}"))),
            Err(error) => Err(error.to_string()),
        };
        if let (Some(reason), false) = (&self.read_only, action == Action::Reload) {
            return Some(Err(reason.clone()));
        }
        Some(match action {
            Action::Accept => holding().and_then(|(holder, id, what)| {
                let refit = match app.selected() {
                    Some(item) => app.passages_of(item).iter().filter(|p| !p.passage.anchoring.is_exact()).count(),
                    None => 0,
                };
                let detail = match refit {
                    0 => String::new(),
                    1 => ", its passage rewritten to the article as it reads now".to_string(),
                    n => format!(", {n} passages rewritten to the article as it reads now"),
                };
                done(self.accept_item(app.store(), holder, &id), format!("accepted {what} `{id}`{detail}"))
            }),
            Action::SetPassage => holding().and_then(|(holder, id, what)| {
                let span = app.text_selection().ok_or("nothing selected: v selects text, p adjusts the passage")?;
                let index = app.selection_passage();
                let item = app.selected().ok_or("nothing selected")?;
                let passages = app.passages_of(item);
                let passage = passages.get(index).ok_or_else(|| format!("{what} `{id}` has no passage to set"))?;
                if passage.passage.source != span.source {
                    return Err(format!(
                        "the selection is in another article than passage {} of {what} `{id}`",
                        index + 1
                    ));
                }
                done(
                    self.set_passage(app.store(), holder, &id, index, span.start, span.end),
                    format!("set passage {} of {what} `{id}` (u undoes)", index + 1),
                )
            }),
            Action::Reject => holding().and_then(|(holder, id, what)| {
                let result = match holder {
                    Holder::Event => self.reject(Kind::Event, &id),
                    Holder::Claim => self.reject(Kind::Claim, &id),
                    Holder::Discrepancy => self.reject_discrepancy(&id),
                };
                done(result, format!("rejected {what} `{id}` (u undoes)"))
            }),
            Action::Undo => match self.undo() {
                Some(result) => done(result, "undone".to_string()),
                None => Err("nothing to undo".to_string()),
            },
            Action::Redo => match self.redo() {
                Some(result) => done(result, "redone".to_string()),
                None => Err("nothing to redo".to_string()),
            },
            // The app opens these (a form, a picker) and hands back a `Change`.
            Action::EditItem
            | Action::MergeEntity
            | Action::NewDiscrepancy
            | Action::NewClaimFromText
            | Action::NewEventFromText
            | Action::AliasFromText => return None,
            // Built into the program: there is no file that could have changed.
            Action::Reload if self.read_only.as_deref() == Some(BUNDLED_READ_ONLY) => {
                Err(format!("nothing to reload: the bundled store cannot change; {BUNDLED_READ_ONLY}"))
            }
            Action::Reload => match self.reload() {
                Ok(store) => {
                    let notice = match (self.retake_lock(), &self.read_only) {
                        (true, _) => "reloaded from disk; the other editor is gone: changes are saved again".into(),
                        (false, Some(reason)) => format!("reloaded, still {reason}"),
                        (false, None) => "reloaded from disk".into(),
                    };
                    Ok((store, notice))
                }
                Err(error) => Err(format!("cannot reload: {}", error.to_string().trim())),
            },
            _ => return None,
        })
    }
}

impl Editor for Curation {
    fn perform(&mut self, action: Action, app: &mut App, shown: &FrameState) -> bool {
        match self.perform_action(action, app) {
            // Entering a curation mode (`p`) or opening a form changes only what the browser
            // shows; the notice of the key before no longer answers anything.
            None => {
                app.set_notice(None);
                app.update(action, shown);
                true
            }
            Some(Ok((store, notice))) => {
                let search = Arc::new(SearchIndex::new(&store));
                app.replace_store(Arc::new(store), search, shown);
                // A reload may have taken the lock over: the curation keys come back.
                app.set_curating(self.can_edit());
                // An undo or a redo that brings back (or rewrites) one item the view lists shows
                // it: a rejected claim reappears selected, a re-made claim is selected again.
                if matches!(action, Action::Undo | Action::Redo)
                    && let [(holder, id)] = std::mem::take(&mut self.arrived).as_slice()
                {
                    app.select_record_here(*holder, id, shown);
                }
                app.set_notice(Some(notice));
                true
            }
            Some(Err(notice)) => {
                app.set_notice(Some(notice));
                true
            }
        }
    }

    fn perform_change(&mut self, change: Change, app: &mut App, shown: &FrameState) {
        match self.apply(app.store(), &change) {
            Ok(Applied { store, notice, item }) => {
                app.close_form();
                let search = Arc::new(SearchIndex::new(&store));
                app.replace_store(Arc::new(store), search, shown);
                if let Some((holder, id)) = item {
                    app.select_record(holder, &id, shown);
                }
                app.set_notice(Some(format!("saved: {notice}")));
            }
            Err(error) => app.form_problem(error.to_string()),
        }
    }

    fn can_edit(&self) -> bool {
        self.read_only.is_none()
    }

    fn source_changed(&self, app: &App) -> Option<String> {
        if self.read_only.as_deref() == Some(BUNDLED_READ_ONLY) {
            return None;
        }
        let passages = app.passages_of(app.selected()?);
        let changed = articles::first_changed(&folder_of(&self.file), app.store(), passages.iter().map(|p| p.passage))?;
        Some(format!("{} changed on disk since it was loaded — R reloads it", changed.display()))
    }
}

/// Why the store cannot be edited now, said so that it fits an 80-column status bar with what to
/// do: another writer holds its lock, or its owner made it read-only. Takes nothing.
fn why_read_only(file: &Path) -> Option<String> {
    match Lock::holder(file) {
        Ok(Some(holder)) => return Some(format!("read-only: {holder} has it; close that, then R")),
        Ok(None) => {}
        Err(error) => return Some(format!("read-only: {error}")),
    }
    save::refuses_writing(file).map(|error| match error {
        SaveError::NotWritable { mode, .. } => {
            format!("read-only: the store's mode is {mode:04o}; chmod u+w it, then R")
        }
        other => format!("read-only: {other}"),
    })
}

/// The lock of the first change, or why it cannot be taken.
fn take_lock(file: &Path) -> Result<Lock, String> {
    match Lock::acquire(file, "browser") {
        Ok(lock) => {
            // Only safe under the lock: no other editor can be mid-save.
            let _ = save::clean_temporaries(file);
            Ok(lock)
        }
        Err(LockError::Held { holder, .. }) => Err(format!("not saved: {holder} has the store; close that, then R")),
        Err(error) => Err(format!("not saved: {error}")),
    }
}

impl Curation {
    /// After a reload: whether the store became writable (the other editor is gone, the owner
    /// allowed writing again). Never for the bundled store.
    fn retake_lock(&mut self) -> bool {
        if self.lock.is_some() || self.read_only.as_deref() == Some(BUNDLED_READ_ONLY) {
            return false;
        }
        let was_read_only = self.read_only.is_some();
        self.read_only = why_read_only(&self.file);
        was_read_only && self.read_only.is_none()
    }
}

/// Loads the store as the browser does (streamed, with its progress bar, leniently) and
/// fingerprints the bytes it was loaded from. The bytes are hashed before the load; after it,
/// the file's size, inode and times say whether anything wrote to it meanwhile (then it is read
/// again), which costs no second pass over a large store.
fn load(file: &Path) -> Result<(Store, Fingerprint), LoadError> {
    let cannot_read =
        |e: std::io::Error| LoadError::new(vec![store::Problem::in_file(file, format!("cannot read the store: {e}"))]);
    for _ in 0..3 {
        let stamp = Stamp::of(file).map_err(cannot_read)?;
        let fingerprint = Fingerprint::read(file).map_err(cannot_read)?;
        let store = store::Locator::Path(file.to_path_buf()).load(store::LoadOptions::lenient())?;
        if Stamp::of(file).map_err(cannot_read)? == stamp {
            return Ok((store, fingerprint));
        }
    }
    Err(LoadError::new(vec![store::Problem::in_file(
        file,
        "the store kept changing on disk while it was read; open it again once whatever writes it is done",
    )]))
}

fn parse(file: &Path, bytes: &[u8]) -> Result<Json, LoadError> {
    let without_bom = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    serde_json::from_slice(without_bom).map_err(|e| {
        LoadError::new(vec![store::Problem::in_file(
            file,
            format!("cannot read the store for editing at line {} column {}: {e}", e.line(), e.column()),
        )])
    })
}

fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn validate(file: &Path, bytes: &[u8]) -> Result<Store, LoadError> {
    let folder = folder_of(file);
    // Leniently, as the browser opens a store: an edited article's passages are reviewed, not fatal.
    store::load_bytes(file, bytes, &FolderReader::new(file.to_path_buf(), folder), store::LoadOptions::lenient())
}
