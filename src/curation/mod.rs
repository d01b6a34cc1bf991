//! Review and curation in the local browser: accept a draft, reject an item, undo and redo,
//! each change saved to store.json when it is made.
//!
//! Curation is a service below the browser: it takes an `Operation` on ids (or a `Change` a form
//! built) and returns an `Outcome` (the store as it is now, what to select, a `Notice`), or a
//! `Notice` saying why nothing was saved. It imports nothing of the browser and names no key: a
//! notice says which `Remedy` applies and the browser's adapter (`tui::curating`) names its key
//! from the key table. `factline serve` never builds a curation, so no key of an SSH session can
//! write a file.
//!
//! A change is made on the records it touches, read from store.json by id (every key and value
//! kept), and written in the canonical form: the file is saved again by copying every untouched
//! stretch of it and writing only those records (`store::splice`), so an accept changes only that
//! record's lines in a `git diff` and costs what it touches, not the size of the store. The
//! file is read for that (cut into its records) on a thread once the browser has drawn a writable
//! store (`Curation::prepare`), so the first change does not wait for a pass over it. The
//! result is validated like any store before it is saved: an edit can never leave a store that
//! `factline check` refuses.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::store::canonical::read_top;
use crate::store::format::key;
use crate::store::journal::{self, Base, Policy};
use crate::store::load::journaled::{self, Replayed};
use crate::store::load::update::{self, StoreIds};
use crate::store::save::{self, Fingerprint, Lock, LockError, SaveError, Stamp};
use crate::store::splice::Layout;
use crate::store::{self, LoadError, Store, bundled};
use crate::user_file;

mod anchor;
pub use anchor::MovedCount;
mod articles;
pub mod change;
mod edit;
pub use change::{Change, ClaimFields, EntityRef, EventFields, Holder, Kind, NewDiscrepancy, NewVariant};
mod history;
pub mod passage;
use articles::ReadArticles;
pub use edit::Applied;
use history::Patch;
pub use passage::NewPassage;
mod journaling;
use journaling::Journaling;
pub use journaling::fold_left_journal;
mod working;
use working::Working;
mod notice;
pub use notice::{EditError, Notice, Remedy};
mod operation;
pub use operation::{FoldNews, Operation, Outcome};

/// Said when the bundled store is open: it lives inside the program and cannot be edited.
pub const BUNDLED_READ_ONLY: &str = "read-only (bundled store): `factline init DIR` copies it out to edit";

/// The store file being curated, what it held when read, and the session's history.
pub struct Curation {
    file: PathBuf,
    /// Why nothing can be saved (bundled store, another editor holds the lock, the owner made
    /// it read-only); `None` when changes are saved.
    read_only: Option<String>,
    /// store.json as the byte ranges of its records, kept in step with each save. Read on a
    /// thread once the browser shows the store (`prepare`), so that the first change does not
    /// wait for a pass over the whole file; taken from it at the first change.
    layout: Option<Layout>,
    preparing: Option<Preparing>,
    /// The store as last read or saved (shared with the browser, which shows it): where a change
    /// finds the records that refer to the one it changes, and what it is checked against.
    current: Arc<Store>,
    /// `current`'s records by id, made with the layout and kept in step with each change.
    ids: Option<StoreIds>,
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
    /// The store's journal: where a large store's changes are saved until folded.
    journal: Journaling,
}

impl Curation {
    /// Opens the store at `data` (or the bundled one) for curation: locked and writable when
    /// it can be, read-only (with the reason as the first notice) when it cannot.
    pub fn open(data: Option<&Path>) -> Result<(Arc<Store>, Curation), LoadError> {
        Curation::open_with(data, Policy::default())
    }

    /// `open`, with the changes of a store at least `policy.from_bytes` long saved to its
    /// journal, folded as `policy` says.
    pub fn open_with(data: Option<&Path>, policy: Policy) -> Result<(Arc<Store>, Curation), LoadError> {
        let Some(data) = data else {
            let store = Arc::new(bundled::load()?);
            let curation = Curation {
                file: PathBuf::from(bundled::NAME),
                read_only: Some(BUNDLED_READ_ONLY.to_string()),
                layout: None,
                preparing: None,
                current: Arc::clone(&store),
                ids: None,
                loaded: Fingerprint::of(bundled::STORE_JSON.as_bytes()),
                undo: Vec::new(),
                redo: Vec::new(),
                arrived: Vec::new(),
                lock: None,
                articles: ReadArticles::default(),
                journal: Journaling::new(Policy::never(), None),
            };
            return Ok((store, curation));
        };
        let file = store::store_file(data);
        save::clean_stale_temporaries(&file);
        let read_only = why_read_only(&file);
        let (store, loaded, replayed) = load(&file)?;
        let store = Arc::new(store);
        let articles = ReadArticles::of(&store);
        let journal = Journaling::new(policy, replayed);
        Ok((
            Arc::clone(&store),
            Curation {
                file,
                read_only,
                layout: None,
                preparing: None,
                current: store,
                ids: None,
                loaded,
                undo: Vec::new(),
                redo: Vec::new(),
                arrived: Vec::new(),
                lock: None,
                articles,
                journal,
            },
        ))
    }

    /// The store as last read or saved: what the browser shows.
    pub fn store(&self) -> Arc<Store> {
        Arc::clone(&self.current)
    }

    /// Why changes cannot be saved, if they cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// What the load had to say about the store's journal (an unfinished entry dropped).
    pub fn journal_notice(&self) -> Option<&str> {
        self.journal.notice.as_deref()
    }

    /// Starts reading store.json for editing on a thread (a writable store only, and once), so
    /// that the first change need not wait for a pass over the whole file. The browser calls it
    /// once its first frame is drawn (and after a reload), so that it never delays that frame.
    pub fn prepare(&mut self) {
        if self.read_only.is_none() && self.layout.is_none() && self.preparing.is_none() {
            self.preparing = Some(Preparing::start(&self.file, &self.current, self.wants_base()));
        }
    }

    /// Waits until store.json is read for editing (`prepare`), so that a benchmark can tell that
    /// wait from the change.
    pub fn wait_until_prepared(&mut self) {
        if let Some(preparing) = self.preparing.take() {
            self.preparing = Some(Preparing::Done(Box::new(preparing.join())));
        }
    }

    /// Marks a draft event or claim as reviewed.
    pub fn accept(&mut self, kind: Kind, id: &str) -> Result<Arc<Store>, EditError> {
        let patch = {
            let mut work = self.working()?;
            let record = work
                .record(kind.key(), id)?
                .ok_or_else(|| EditError::Nothing(format!("no {} `{id}` in the store", kind.name())))?;
            match record.status_mut() {
                Some(status @ Some(store::Status::Draft)) => *status = Some(store::Status::Reviewed),
                _ => return Err(EditError::Nothing(format!("{} `{id}` is not a draft", kind.name()))),
            }
            work.into_patch()
        };
        self.commit(patch)
    }

    /// Removes an event or claim, and every reference to it: from discrepancies' `about`, and
    /// (for an event) from claims' `about`.
    pub fn reject(&mut self, kind: Kind, id: &str) -> Result<Arc<Store>, EditError> {
        let patch = {
            let mut work = self.working()?;
            if !work.remove(kind.key(), id)? {
                return Err(EditError::Nothing(format!("no {} `{id}` in the store", kind.name())));
            }
            // The records that refer to it, found through the store's indexes.
            let store = work.store;
            let (claims, discrepancies): (&[u32], &[u32]) = match kind {
                Kind::Event => match store.event_by_id(id) {
                    Some(ix) => (store.claims_about_event(ix), store.discrepancies_of_event(ix)),
                    None => (&[], &[]),
                },
                Kind::Claim => match store.claims.iter().position(|c| c.id == id) {
                    Some(ix) => (&[], store.discrepancies_of_claim(ix as u32)),
                    None => (&[], &[]),
                },
            };
            let referring = claims
                .iter()
                .map(|&c| (key::CLAIMS, &store.claims[c as usize].id))
                .chain(discrepancies.iter().map(|&d| (key::DISCREPANCIES, &store.discrepancies[d as usize].id)));
            for (list, referring) in referring {
                if let Some(record) = work.record(list, referring)?
                    && let Some(Some(about)) = record.about_mut()
                {
                    about.retain(|target| target != id);
                }
            }
            work.into_patch()
        };
        self.commit(patch)
    }

    /// Takes back the last change (saved like any other); `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<Result<Arc<Store>, EditError>> {
        let change = self.undo.pop()?;
        Some(self.travel(change, false))
    }

    /// Makes again the last change undone.
    pub fn redo(&mut self) -> Option<Result<Arc<Store>, EditError>> {
        let change = self.redo.pop()?;
        Some(self.travel(change, true))
    }

    /// Reads store.json again (after it changed on disk); the history is dropped, since undoing
    /// would now overwrite someone else's changes.
    pub fn reload(&mut self) -> Result<Arc<Store>, LoadError> {
        let (store, loaded, replayed) = load(&self.file)?;
        self.journal = Journaling::new(self.journal.policy, replayed);
        let store = Arc::new(store);
        self.articles = ReadArticles::of(&store);
        self.layout = None;
        self.preparing = None;
        self.ids = None;
        self.current = Arc::clone(&store);
        self.loaded = loaded;
        self.undo.clear();
        self.redo.clear();
        Ok(store)
    }

    fn travel(&mut self, change: Patch, forward: bool) -> Result<Arc<Store>, EditError> {
        let written = self.write(&change, forward);
        if written.is_ok() {
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

    /// A new change on the store as last saved. store.json is laid out at the first change,
    /// refused when it is no longer what was loaded: the change would be made on someone else's
    /// file.
    fn working(&mut self) -> Result<Working<'_>, EditError> {
        if let Some(reason) = &self.read_only {
            return Err(EditError::Nothing(reason.clone()));
        }
        self.lay_out()?;
        let (file, _) = user_file::open_regular(&self.file).map_err(io(&self.file))?;
        let layout = self.layout.as_ref().expect("laid out above");
        Ok(Working::new(layout, file, &self.current, &self.file))
    }

    /// Lays store.json out for editing (once), with the changes its journal holds made on it.
    fn lay_out(&mut self) -> Result<(), EditError> {
        if self.layout.is_some() {
            return Ok(());
        }
        let prepared = match self.preparing.take() {
            Some(preparing) => preparing.join(),
            None => Prepared { read: Preparing::scan(&self.file, self.wants_base()), ids: None },
        };
        let Prepared { read, ids } = prepared;
        let Scanned { fingerprint, layout: scanned, base, stamp } = read.map_err(io(&self.file))?;
        if fingerprint != self.loaded {
            return Err(EditError::Save(SaveError::ChangedOnDisk(file_name(&self.file))));
        }
        let mut layout = match scanned {
            Some(layout) => layout,
            // Not in canonical form: parsed whole once, and written whole by this change.
            None => {
                let bytes = user_file::read_regular(&self.file).map_err(io(&self.file))?;
                parse(&self.file, &bytes).map(Layout::from_top).map_err(EditError::Invalid)?
            }
        };
        for change in std::mem::take(&mut self.journal.unlaid) {
            history::replay_ops(&mut layout, &change);
        }
        if self.journal.base.is_none() {
            self.journal.base = base;
        }
        self.journal.stamp = stamp;
        self.layout = Some(layout);
        self.ids = Some(ids.unwrap_or_else(|| StoreIds::of(&self.current)));
        Ok(())
    }

    /// Validates and saves a change, a new step of the history.
    fn commit(&mut self, patch: Patch) -> Result<Arc<Store>, EditError> {
        if patch.is_empty() {
            // Not a step of the history: an undo would seem to do nothing.
            return Err(EditError::Refused("nothing changed".to_string()));
        }
        let store = self.write(&patch, true)?;
        self.undo.push(patch);
        self.redo.clear();
        Ok(store)
    }

    /// Makes `patch` (or takes it back) on store.json: validated and saved, unless store.json or
    /// an article the change quotes changed on disk since the browser read it. Nothing changes
    /// when it fails.
    fn write(&mut self, patch: &Patch, forward: bool) -> Result<Arc<Store>, EditError> {
        if let Some(reason) = &self.read_only {
            return Err(EditError::Nothing(reason.clone()));
        }
        if self.layout.is_some() && self.journals() {
            self.fold_at_limit()?;
        }
        let Some(layout) = self.layout.as_mut() else {
            // A history only exists after a change, which laid the store out.
            return Err(EditError::Nothing("nothing to undo or redo".to_string()));
        };
        if self.lock.is_none() {
            self.lock = Some(take_lock(&self.file)?);
        }
        if forward {
            patch.apply(layout)
        } else {
            patch.revert(layout)
        }
        let cited = patch.cited_sources(forward);
        let ids = self.ids.get_or_insert_with(|| StoreIds::of(&self.current));
        let steps = patch.oriented(forward);
        let options = store::LoadOptions::lenient();
        // Only the records the change writes are checked, against the store as it is; a change
        // of anything else (none the browser makes) has the whole new version checked.
        let mut checked = match update::check(&self.current, ids, &steps, &self.file, options) {
            Ok(Ok(update)) => Some(update),
            Ok(Err(problems)) => {
                undo_on(layout, patch, forward);
                return Err(EditError::Invalid(problems));
            }
            Err(update::Unsupported) => None,
        };
        if let Some(update) = checked.take_if(|_| self.journals()) {
            if let Err(error) = self.append_change(patch.journal_ops(forward), &cited) {
                let layout = self.layout.as_mut().expect("laid out for the change");
                undo_on(layout, patch, forward);
                return Err(error);
            }
            let ids = self.ids.as_mut().expect("made with the layout");
            update.apply(Arc::make_mut(&mut self.current), ids);
            self.fold_when_full();
            return Ok(Arc::clone(&self.current));
        }
        let layout = self.layout.as_mut().expect("laid out for the change");
        let ids = self.ids.as_mut().expect("made with the layout");
        let (file, articles, current, journaling) = (&self.file, &self.articles, &self.current, &self.journal);
        let mut loaded_whole = None;
        let whole = checked.is_none();
        // The new file's hash, when a journal may follow it or must be marked folded into it.
        let hash = journaling.on_disk || self.loaded.len() >= journaling.policy.from_bytes;
        let written: std::cell::Cell<Option<Base>> = std::cell::Cell::new(None);
        let saved = save::save_spliced(
            file,
            self.loaded,
            |old, out| {
                if !hash {
                    return layout.write(old, out);
                }
                let mut hashing = journal::Hashing::new();
                layout.write(old, &mut journal::HashingWriter { inner: out, hashing: &mut hashing })?;
                written.set(Some(hashing.finish()));
                Ok(())
            },
            |new_version| {
                let marked = |()| journaling.mark_folded(file, written.get()).map_err(EditError::Save);
                if whole {
                    let store = store::load_new_version(new_version, file, options).map_err(EditError::Invalid)?;
                    articles.still_on_disk(&folder_of(file), &store, &cited)?;
                    loaded_whole = Some(store);
                    Ok(()).and_then(marked)
                } else {
                    articles.still_on_disk(&folder_of(file), current, &cited).map_err(EditError::Save).and_then(marked)
                }
            },
        );
        match saved {
            Ok(fingerprint) => {
                layout.settle();
                self.loaded = fingerprint;
                self.journal.rewritten(&self.file, written.get());
                match (checked, loaded_whole) {
                    (Some(update), _) => {
                        // In place when the browser let go of its copy; else on a copy of it.
                        update.apply(Arc::make_mut(&mut self.current), ids);
                    }
                    (None, Some(store)) => {
                        self.articles = ReadArticles::of(&store);
                        *ids = StoreIds::of(&store);
                        self.current = Arc::new(store);
                    }
                    (None, None) => unreachable!("a whole new version is checked before it is saved"),
                }
                Ok(Arc::clone(&self.current))
            }
            Err(error) => {
                undo_on(layout, patch, forward);
                Err(match error {
                    EditError::Save(SaveError::ChangedOnDisk(path)) if path == self.file => {
                        EditError::Save(SaveError::ChangedOnDisk(file_name(&path)))
                    }
                    other => other,
                })
            }
        }
    }

    /// Carries out `operation` on the store as last read or saved (`store`, which the browser
    /// shows). A refusal or a failed save comes back as the notice saying why.
    pub fn perform(&mut self, operation: Operation) -> Result<Outcome, Notice> {
        self.journal.news = None;
        if let (Some(reason), false) = (self.read_only_notice(), operation == Operation::Reload) {
            return Err(reason);
        }
        let saved = |result: Result<Arc<Store>, EditError>, what: String, remedy: Option<Remedy>| {
            let store = result.map_err(Notice::from)?;
            Ok::<_, Notice>((store, Notice { text: format!("saved: {what}"), remedy }))
        };
        let (store, notice) = match operation {
            Operation::Accept { holder, id } => {
                saved(self.accept_item(holder, &id), format!("accepted {} `{id}`", holder.name()), None)?
            }
            Operation::AcceptMoved { source } => {
                let (store, count) = self.accept_moved(&source).map_err(Notice::from)?;
                let passages = plural(count.passages, "moved passage", "moved passages");
                let items = plural(count.items, "item", "items");
                let text = format!("saved: accepted {passages} of {items} in `{source}`");
                (store, Notice::with(text, Remedy::Undo))
            }
            Operation::SetPassage { holder, id, index, start, end } => saved(
                self.set_passage(holder, &id, index, start, end),
                format!("set passage {} of {} `{id}`", index + 1, holder.name()),
                Some(Remedy::Undo),
            )?,
            Operation::Reject { holder, id } => {
                let result = match holder {
                    Holder::Event => self.reject(Kind::Event, &id),
                    Holder::Claim => self.reject(Kind::Claim, &id),
                    Holder::Discrepancy => self.reject_discrepancy(&id),
                };
                saved(result, format!("rejected {} `{id}`", holder.name()), Some(Remedy::Undo))?
            }
            Operation::Undo => match self.undo() {
                Some(result) => saved(result, "undone".to_string(), None)?,
                None => return Err(Notice::plain("nothing to undo")),
            },
            Operation::Redo => match self.redo() {
                Some(result) => saved(result, "redone".to_string(), None)?,
                None => return Err(Notice::plain("nothing to redo")),
            },
            // Built into the program: there is no file that could have changed.
            Operation::Reload if self.read_only.as_deref() == Some(BUNDLED_READ_ONLY) => {
                return Err(Notice::plain(format!(
                    "nothing to reload: the bundled store cannot change; {BUNDLED_READ_ONLY}"
                )));
            }
            Operation::Reload => match self.reload() {
                Ok(store) => {
                    let writable_again = self.retake_lock();
                    // The browser has drawn the store before: read it for editing at once.
                    self.prepare();
                    let notice = match (writable_again, self.read_only_notice()) {
                        (true, _) => {
                            Notice::plain("reloaded from disk; the other editor is gone: changes are saved again")
                        }
                        (false, Some(reason)) => Notice { text: format!("reloaded, still {}", reason.text), ..reason },
                        (false, None) => Notice::plain("reloaded from disk"),
                    };
                    (store, notice)
                }
                Err(error) => return Err(Notice::plain(format!("cannot reload: {}", error.to_string().trim()))),
            },
        };
        // An undo or a redo that brings back (or rewrites) one item shows it selected.
        let select = match std::mem::take(&mut self.arrived).as_slice() {
            [(holder, id)] => Some((*holder, id.clone())),
            _ => None,
        };
        Ok(self.outcome(store, select, notice))
    }

    /// Makes a change a form or a picker asked for.
    pub fn perform_change(&mut self, change: &Change) -> Result<Outcome, Notice> {
        self.journal.news = None;
        let Applied { store, notice, item } = self.apply(change).map_err(Notice::from)?;
        let remedy = matches!(change, Change::Merge { .. }).then_some(Remedy::Undo);
        Ok(self.outcome(store, item, Notice { text: format!("saved: {notice}"), remedy }))
    }

    fn outcome(&mut self, store: Arc<Store>, select: Option<(Holder, String)>, notice: Notice) -> Outcome {
        let fold = self.journal.news.take();
        Outcome { store, select, notice, can_edit: self.can_edit(), fold, unfolded: self.unfolded() }
    }

    /// Whether changes are saved (the store is not bundled, locked by another editor, or
    /// read-only).
    pub fn can_edit(&self) -> bool {
        self.read_only.is_none()
    }

    /// Why changes cannot be saved, as a notice, if they cannot.
    pub fn read_only_notice(&self) -> Option<Notice> {
        let reason = self.read_only.as_deref()?;
        // The bundled store can never be written; anything else may be, once fixed.
        Some(match reason == BUNDLED_READ_ONLY {
            true => Notice::plain(reason),
            false => Notice::with(reason, Remedy::ReloadOnceFixed),
        })
    }

    /// The first article among `passages`' that changed on disk since the store was read, as a
    /// notice (the browser shows the text as read).
    pub fn article_changed<'p>(
        &self,
        shown: &Store,
        passages: impl Iterator<Item = &'p store::Passage>,
    ) -> Option<Notice> {
        if self.read_only.as_deref() == Some(BUNDLED_READ_ONLY) {
            return None;
        }
        let changed = articles::first_changed(&folder_of(&self.file), shown, passages)?;
        Some(Notice::with(format!("{} changed on disk since it was loaded", changed.display()), Remedy::Reload))
    }
}

/// store.json read for editing (its fingerprint, and its layout when it is in canonical form),
/// and the loaded store's records by id.
struct Prepared {
    read: std::io::Result<Scanned>,
    ids: Option<StoreIds>,
}

/// store.json as one pass over it found it.
struct Scanned {
    fingerprint: Fingerprint,
    /// When it is in canonical form.
    layout: Option<Layout>,
    /// When asked for: what a journal of its changes would name as their base.
    base: Option<Base>,
    /// Its stamp, when nothing wrote it while it was read: what a journal's first append
    /// checks it against.
    stamp: Option<Stamp>,
}

/// store.json being read for editing on a thread, or read.
enum Preparing {
    Running(std::thread::JoinHandle<Prepared>),
    Done(Box<Prepared>),
}

impl Preparing {
    /// Reads store.json on a thread (a writable store only: one that cannot be edited is never
    /// read for it). Until the first change takes it, the thread's work is all it costs.
    fn start(file: &Path, store: &Arc<Store>, hash: bool) -> Preparing {
        let (file, store) = (file.to_path_buf(), Arc::clone(store));
        let spawned = std::thread::Builder::new()
            .name("prepare-edits".into())
            // The store is let go of before the thread ends: a change updates it in place.
            .spawn(move || Prepared { ids: Some(StoreIds::of(&store)), read: Preparing::scan(&file, hash) });
        match spawned {
            Ok(handle) => Preparing::Running(handle),
            Err(error) => Preparing::Done(Box::new(Prepared { read: Err(error), ids: None })),
        }
    }

    /// One pass over store.json: fingerprinted (and, with `hash`, hashed for a journal) as it
    /// is read and, when canonical, laid out.
    fn scan(file: &Path, hash: bool) -> std::io::Result<Scanned> {
        let stamp = Stamp::of(file)?;
        let (opened, size) = user_file::open_regular(file)?;
        let mut hashing = journal::Hashing::new();
        let input = journal::HashingReader { inner: std::io::Read::take(opened, size), hashing: &mut hashing };
        let mut reading = save::FingerprintingReader::new(input);
        let layout = Layout::scan(&mut reading)?;
        // Read to the end, so that a file that is not canonical is fingerprinted whole too.
        std::io::copy(&mut reading, &mut std::io::sink())?;
        let fingerprint = reading.finish();
        let stamp = (Stamp::of(file)? == stamp).then_some(stamp);
        let base = hash.then(|| hashing.finish());
        Ok(Scanned { fingerprint, layout, base, stamp })
    }

    fn join(self) -> Prepared {
        match self {
            Preparing::Running(handle) => handle.join().unwrap_or_else(|_| Prepared {
                read: Err(std::io::Error::other("reading the store for editing failed")),
                ids: None,
            }),
            Preparing::Done(prepared) => *prepared,
        }
    }
}

fn io(file: &Path) -> impl FnOnce(std::io::Error) -> EditError + '_ {
    move |error| EditError::Save(SaveError::Io { path: file.to_path_buf(), error })
}

/// Takes back on `layout` a patch made `forward` (or taken back) that could not be saved.
fn undo_on(layout: &mut Layout, patch: &Patch, forward: bool) {
    if forward { patch.revert(layout) } else { patch.apply(layout) }
}

/// Why the store cannot be edited now, said so that it fits an 80-column status bar with what to
/// do: another writer holds its lock, or its owner made it read-only. Takes nothing.
fn why_read_only(file: &Path) -> Option<String> {
    match Lock::holder(file) {
        Ok(Some(holder)) => return Some(format!("read-only: {holder} has it; close that")),
        Ok(None) => {}
        Err(error) => return Some(format!("read-only: {error}")),
    }
    save::refuses_writing(file).map(|error| match error {
        SaveError::NotWritable { mode, .. } => {
            format!("read-only: the store's mode is {mode:04o}; chmod u+w it")
        }
        other => format!("read-only: {other}"),
    })
}

/// `1 item`, `3 items`.
fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// `store.json` rather than its whole path, for a status bar: the browser shows one store.
fn file_name(file: &Path) -> PathBuf {
    file.file_name().map_or_else(|| file.to_path_buf(), PathBuf::from)
}

/// The lock of the first change, or why it cannot be taken.
fn take_lock(file: &Path) -> Result<Lock, EditError> {
    match Lock::acquire(file, "browser") {
        Ok(lock) => {
            // Only safe under the lock: no other editor can be mid-save.
            let _ = save::clean_temporaries(file);
            Ok(lock)
        }
        Err(LockError::Held { holder, .. }) => {
            Err(EditError::Locked(format!("not saved: {holder} has the store; close that")))
        }
        Err(error) => Err(EditError::Refused(format!("not saved: {error}"))),
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
fn load(file: &Path) -> Result<(Store, Fingerprint, Option<Replayed>), LoadError> {
    let cannot_read =
        |e: std::io::Error| LoadError::new(vec![store::Problem::in_file(file, format!("cannot read the store: {e}"))]);
    for _ in 0..3 {
        let stamp = Stamp::of(file).map_err(cannot_read)?;
        let fingerprint = Fingerprint::read(file).map_err(cannot_read)?;
        let (store, replayed) = journaled::load(file, store::LoadOptions::lenient(), true)?;
        if Stamp::of(file).map_err(cannot_read)? == stamp {
            return Ok((store, fingerprint, replayed));
        }
    }
    Err(LoadError::new(vec![store::Problem::in_file(
        file,
        "the store kept changing on disk while it was read; open it again once whatever writes it is done",
    )]))
}

fn parse(file: &Path, bytes: &[u8]) -> Result<store::canonical::Top, LoadError> {
    let without_bom = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    read_top(without_bom).map_err(|e| {
        // A syntax error has a line; a record that is not one of its list names its path instead.
        let message = match e.line() {
            0 => format!("cannot read the store for editing: {e}"),
            line => format!("cannot read the store for editing at line {line} column {}: {e}", e.column()),
        };
        LoadError::new(vec![store::Problem::in_file(file, message)])
    })
}

fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the bundled store in a folder, to open for curation.
    fn copy() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        crate::commands::curate::init(dir.path(), false, &mut Vec::new()).unwrap();
        dir
    }

    #[test]
    fn notices_name_no_key_and_say_which_remedy_applies() {
        let dir = copy();
        let file = dir.path().join("store.json");
        let other = Lock::acquire(&file, "test").unwrap();
        let (store, mut curation) = Curation::open(Some(dir.path())).unwrap();
        let reason = curation.read_only_notice().expect("read-only while another editor holds the lock");
        assert_eq!(reason.remedy, Some(Remedy::ReloadOnceFixed));
        assert!(!reason.text.contains(", then"), "{reason:?}");
        let id = store.claims[0].id.clone();
        let refused = curation.perform(Operation::Reject { holder: Holder::Claim, id: id.clone() });
        assert_eq!(refused.unwrap_err(), reason);
        drop(other);
        let reloaded = curation.perform(Operation::Reload).expect("reloads");
        assert!(reloaded.can_edit, "{:?}", reloaded.notice);
        let rejected = curation.perform(Operation::Reject { holder: Holder::Claim, id: id.clone() });
        let rejected = rejected.expect("rejects");
        assert_eq!(
            rejected.notice,
            Notice { text: format!("saved: rejected claim `{id}`"), remedy: Some(Remedy::Undo) }
        );
        assert!(rejected.store.claims.iter().all(|c| c.id != id));
        let undone = curation.perform(Operation::Undo).expect("undoes");
        assert_eq!(undone.select, Some((Holder::Claim, id)), "the claim brought back is the one to show");
        assert_eq!(undone.notice, Notice::plain("saved: undone"));
    }

    #[test]
    fn a_store_not_in_canonical_form_is_rewritten_canonically_once_then_spliced() {
        let dir = copy();
        let file = dir.path().join("store.json");
        let canonical = std::fs::read(&file).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&canonical).unwrap();
        std::fs::write(&file, serde_json::to_vec(&value).unwrap()).unwrap();
        let (store, mut curation) = Curation::open(Some(dir.path())).unwrap();
        let id = store.claims[1].id.clone();
        let rejected = curation.reject(Kind::Claim, &id).unwrap();
        assert!(rejected.claims.iter().all(|c| c.id != id));
        let written = std::fs::read(&file).unwrap();
        assert_eq!(crate::store::canonical::canonical_bytes(&written).unwrap(), written, "written canonically");
        curation.undo().expect("a change to undo").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), canonical, "the undo gives back the canonical store, byte for byte");
        assert_eq!(std::fs::read(save::backup_path(&file)).unwrap(), written, "the version before kept as the backup");
    }

    #[test]
    fn a_store_changed_on_disk_after_it_was_read_for_editing_is_not_overwritten() {
        let dir = copy();
        let file = dir.path().join("store.json");
        let (store, mut curation) = Curation::open(Some(dir.path())).unwrap();
        curation.prepare();
        curation.wait_until_prepared();
        // Another program's edit of the same length, after the thread read the file.
        let theirs = std::fs::read_to_string(&file).unwrap().replacen("Iran", "IRAN", 1);
        std::fs::write(&file, &theirs).unwrap();
        let id = store.claims[0].id.clone();
        let refused = curation.reject(Kind::Claim, &id).unwrap_err();
        assert!(refused.to_string().starts_with("not saved: store.json changed on disk"), "{refused}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs, "their edit is kept");
        // One of another length, which moves the records the thread laid out.
        drop(curation);
        let shorter = theirs.replacen("IRAN", "IR", 1);
        std::fs::write(&file, &shorter).unwrap();
        let (_, mut curation) = Curation::open(Some(dir.path())).unwrap();
        curation.prepare();
        curation.wait_until_prepared();
        std::fs::write(&file, &theirs).unwrap();
        let refused = curation.reject(Kind::Claim, &id).unwrap_err();
        assert!(refused.to_string().starts_with("not saved: store.json changed on disk"), "{refused}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs, "their edit is kept");
    }

    #[test]
    fn the_bundled_store_refuses_every_operation_with_why() {
        let (_, mut curation) = Curation::open(None).unwrap();
        let refused = curation.perform(Operation::Undo).expect_err("refused");
        assert_eq!(refused, Notice::plain(BUNDLED_READ_ONLY));
        let reload = curation.perform(Operation::Reload).expect_err("nothing to reload");
        assert!(reload.text.starts_with("nothing to reload"), "{reload:?}");
    }
}
