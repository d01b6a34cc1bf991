//! A large store's changes saved to its journal (`store::journal`) rather than by rewriting
//! store.json, and the journal folded into store.json when the browser closes or the journal
//! grows past its bound.

use std::cell::Cell;
use std::io::Write;
use std::path::Path;

use super::{Curation, EditError, file_name, folder_of};
use crate::store::crash;
use crate::store::journal::{self, Base, Op, Policy};
use crate::store::load::journaled::Replayed;
use crate::store::save::{self, SaveError, Stamp};

#[cfg(test)]
mod crash_tests;

/// Where the session is with the store's journal.
#[derive(Debug)]
pub(super) struct Journaling {
    pub policy: Policy,
    /// What store.json holds (the base of the journal's changes), once known: read with the
    /// journal, or hashed when the store was laid out for editing.
    pub base: Option<Base>,
    /// Changes of the journal read at open that the layout does not have yet: made on it when
    /// the store is laid out.
    pub unlaid: Vec<Vec<Op>>,
    /// The length of the journal's whole entries (0: none); an append cuts what follows.
    pub whole_len: u64,
    /// Changes in the journal, not yet folded into store.json.
    pub entries: usize,
    /// A journal file is there (changes, a torn tail, or one already folded): the next save of
    /// the whole store deletes it.
    pub on_disk: bool,
    /// store.json's stamp when this session last read or wrote it: an append first checks that
    /// nothing wrote it since (a journal made on a changed file would never apply).
    pub stamp: Option<Stamp>,
    /// What the load had to say about the journal (a torn entry dropped).
    pub notice: Option<String>,
    /// The browser closed the session (`Curation::close`), and said how its fold went.
    pub closed: bool,
}

impl Journaling {
    pub fn new(policy: Policy, replayed: Option<Replayed>) -> Journaling {
        let mut journaling = Journaling {
            policy,
            base: None,
            unlaid: Vec::new(),
            whole_len: 0,
            entries: 0,
            on_disk: false,
            stamp: None,
            notice: None,
            closed: false,
        };
        if let Some(Replayed { journal, applied, notice }) = replayed {
            journaling.on_disk = true;
            journaling.notice = notice;
            if applied {
                journaling.base = Some(journal.base);
                journaling.whole_len = journal.whole_len;
                journaling.entries = journal.changes.len();
                journaling.unlaid = journal.changes;
            }
        }
        journaling
    }

    /// Whether the journal is past its bound: time to fold it.
    fn full(&self) -> bool {
        self.entries >= self.policy.fold_entries || self.whole_len >= self.policy.fold_bytes
    }

    /// After store.json was written whole (a fold, or a change saved by rewriting it): the
    /// journal is gone and `written` is what store.json holds.
    pub fn rewritten(&mut self, file: &Path, written: Option<Base>) {
        if self.on_disk {
            // Already marked folded (or holding nothing whole): a journal left by a failed
            // delete is ignored by every reader and deleted by the next writer.
            let _ = journal::remove(file);
        }
        self.base = written;
        self.unlaid.clear();
        self.whole_len = 0;
        self.entries = 0;
        self.on_disk = false;
        self.stamp = Stamp::of(file).ok();
    }

    /// Just before a rewritten store.json replaces the old one: when the journal holds changes,
    /// it is marked folded into `written`, so that a crash from here on never replays them on
    /// the new file (which already holds them).
    pub fn mark_folded(&self, file: &Path, written: Option<Base>) -> Result<(), SaveError> {
        if self.entries == 0 {
            return Ok(());
        }
        let (Some(base), Some(written)) = (self.base, written) else {
            return Err(SaveError::Io {
                path: journal::path_for(file),
                error: std::io::Error::other("the store's hash is not known to mark the journal folded"),
            });
        };
        journal::append(file, self.whole_len, &journal::folded_entry(base, written))
            .map(|_| ())
            .map_err(|error| SaveError::Io { path: journal::path_for(file), error })
    }
}

impl Curation {
    /// Whether a change is saved to the journal: the store is large, and store.json's hash and
    /// stamp are known (laid out in this session and unchanged since).
    pub(super) fn journals(&self) -> bool {
        let j = &self.journal;
        self.loaded.len() >= j.policy.from_bytes && j.base.is_some() && j.stamp.is_some()
    }

    /// Whether laying the store out should hash it too: a large store whose hash is not known
    /// from its journal, so that its changes can go to a journal.
    pub(super) fn wants_base(&self) -> bool {
        self.loaded.len() >= self.journal.policy.from_bytes && self.journal.base.is_none()
    }

    /// Appends a change, checked, to the journal: synced before it returns. Nothing is changed
    /// when it fails.
    pub(super) fn append_change(&mut self, ops: Vec<Op>, cited: &[String]) -> Result<(), EditError> {
        let file = &self.file;
        self.articles.still_on_disk(&folder_of(file), &self.current, cited).map_err(EditError::Save)?;
        let changed = || EditError::Save(SaveError::ChangedOnDisk(file_name(file)));
        let Some(base) = self.journal.base else { return Err(changed()) };
        if Stamp::of(file).ok() != self.journal.stamp {
            return Err(changed());
        }
        let entry = journal::change_entry(base, &ops);
        let io = |error| EditError::Save(SaveError::Io { path: journal::path_for(file), error });
        self.journal.whole_len = journal::append(file, self.journal.whole_len, &entry).map_err(io)?;
        self.journal.entries += 1;
        self.journal.on_disk = true;
        Ok(())
    }

    /// Folds the journal when it is past its bound. The change that filled it is saved in it
    /// already, so a fold that fails loses nothing: the journal stays, to be folded later.
    pub(super) fn fold_when_full(&mut self) {
        if self.journal.full() {
            let _ = self.fold();
        }
    }

    /// Writes the journal's changes into store.json (the full safe rewrite: temporary file,
    /// sync, compare and swap, rename, the owner's permissions, the backup) and deletes the
    /// journal. Nothing to do without one. The browser calls it when it closes.
    pub fn fold(&mut self) -> Result<(), EditError> {
        if !self.journal.on_disk || self.read_only.is_some() {
            return Ok(());
        }
        if self.lock.is_none() {
            self.lock = Some(super::take_lock(&self.file)?);
        }
        if self.journal.entries == 0 {
            // Only a torn tail, or a journal already folded: nothing of it to keep.
            self.journal.rewritten(&self.file, None);
            self.journal.base = None;
            return Ok(());
        }
        self.lay_out()?;
        let layout = self.layout.as_mut().expect("laid out above");
        let written = Cell::new(None);
        let (file, journaling) = (&self.file, &self.journal);
        let saved = save::save_spliced(
            file,
            self.loaded,
            |old, out| {
                let mut hashing = journal::Hashing::new();
                layout.write(old, &mut journal::HashingWriter { inner: out, hashing: &mut hashing })?;
                written.set(Some(hashing.finish()));
                Ok(())
            },
            |_| journaling.mark_folded(file, written.get()),
        );
        match saved {
            Ok(fingerprint) => {
                crash::point(crash::FOLDED_JOURNAL_LEFT);
                layout.settle();
                self.loaded = fingerprint;
                self.journal.rewritten(&self.file, written.get());
                Ok(())
            }
            Err(SaveError::ChangedOnDisk(path)) if path == self.file => {
                Err(EditError::Save(SaveError::ChangedOnDisk(file_name(&path))))
            }
            Err(error) => Err(EditError::Save(error)),
        }
    }

    /// How many saved changes wait in the journal to be folded into store.json.
    pub fn journal_entries(&self) -> usize {
        self.journal.entries
    }
}

impl Curation {
    /// Folds the journal as the browser closes, after the terminal is restored, so that
    /// programs other than factline see the changes in store.json: says on `say` what it saves
    /// and where, then that it is done. When the fold fails the journal stays (every factline
    /// reader replays it) and the error says so, naming the file, for the caller to report.
    pub fn close(&mut self, say: &mut dyn Write) -> Result<(), String> {
        self.journal.closed = true;
        let entries = self.journal.entries;
        // A store opened read-only is folded by the session that holds its lock.
        if entries == 0 || self.read_only.is_some() {
            return self.fold().map_err(|error| error.to_string());
        }
        let changes = if entries == 1 { "1 change".to_string() } else { format!("{entries} changes") };
        let _ = write!(say, "factline: saving {changes} to {} …", self.file.display());
        let _ = say.flush();
        match self.fold() {
            Ok(()) => {
                let _ = writeln!(say, " done");
                Ok(())
            }
            Err(error) => {
                let _ = writeln!(say, " failed");
                let why = match error {
                    EditError::Save(error) => error.to_string(),
                    error => error.to_string(),
                };
                Err(format!(
                    "could not save {changes} to {}: {why}. They are kept in {}, and factline replays them \
                     whenever it opens the store: fix that, then open the store in factline again and quit \
                     to save them into {}",
                    self.file.display(),
                    journal::path_for(&self.file).display(),
                    file_name(&self.file).display(),
                ))
            }
        }
    }
}

impl Drop for Curation {
    /// A last resort: the browser folds the journal when it closes (`close`), saying so; a
    /// session that ended otherwise (an error, a panic) still folds it here, and says so too.
    fn drop(&mut self) {
        if self.journal.entries > 0 && self.read_only.is_none() && !self.journal.closed {
            let mut stderr = std::io::stderr().lock();
            if let Err(error) = self.close(&mut stderr) {
                let _ = writeln!(stderr, "factline: {error}");
            }
        }
    }
}

/// Folds into `store_file` a journal that a browser left without folding it (it was killed, or
/// the machine stopped), before a command writes the store whole: that write would otherwise
/// leave behind a journal made on another version of store.json, which no reader would apply.
/// `Ok(false)` when there is no journal. Takes the store's lock for the fold and lets it go.
pub fn fold_left_journal(store_file: &Path) -> Result<bool, String> {
    let journal_file = journal::path_for(store_file);
    if journal_file.symlink_metadata().is_err() {
        return Ok(false);
    }
    let cannot = |why: String| {
        format!(
            "{} holds saved changes that could not be folded into {}: {why}",
            journal_file.display(),
            store_file.display()
        )
    };
    let (_, mut curation) = Curation::open(Some(store_file)).map_err(|e| cannot(e.to_string().trim().to_string()))?;
    if let Some(reason) = curation.read_only() {
        return Err(cannot(reason.to_string()));
    }
    curation.fold().map_err(|e| cannot(e.to_string()))?;
    Ok(true)
}
