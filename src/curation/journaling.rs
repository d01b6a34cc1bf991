//! A large store's changes saved to its journal (`store::journal`) rather than by rewriting
//! store.json, and the journal folded into store.json when the browser closes or the journal
//! grows past its bound.

use std::cell::Cell;
use std::io::Write;
use std::path::Path;

use super::{Curation, EditError, FoldNews, file_name, folder_of, plural};
use crate::store::crash;
use crate::store::journal::{self, Base, Op, Policy};
use crate::store::load::journaled::Replayed;
use crate::store::save::{self, SaveError, Stamp};

#[cfg(test)]
mod crash_tests;
#[cfg(test)]
mod fold_tests;

/// Changes made after a failed fold before it is tried again; twice as many after each further
/// failure, up to `LONGEST_WAIT`. On a full disk each try writes up to a whole store before it
/// fails: trying after every change would make every change cost that.
const FIRST_WAIT: usize = 4;
const LONGEST_WAIT: usize = 64;

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
    /// The last fold tried failed: when to try again.
    pub failed: Option<Failed>,
    /// What the last fold came to, when the change that set it off has something to say about it.
    pub news: Option<FoldNews>,
}

/// A fold that failed, and the back-off before the next try.
#[derive(Debug)]
pub(super) struct Failed {
    /// Tried again once the journal holds this many changes (or when the browser closes).
    retry_at: usize,
    /// The changes waited for this time.
    wait: usize,
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
            failed: None,
            news: None,
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

    /// Whether the journal is at its hard limit: no change goes to it before it is folded.
    fn at_limit(&self) -> bool {
        self.entries >= self.policy.limit_entries || self.whole_len >= self.policy.limit_bytes
    }

    /// After store.json was written whole (a fold, or a change saved by rewriting it): the
    /// journal is gone and `written` is what store.json holds.
    pub fn rewritten(&mut self, file: &Path, written: Option<Base>) {
        if self.failed.take().is_some() {
            let (journal, store) = (file_name(&journal::path_for(file)), file_name(file));
            self.news = Some(FoldNews::Folded(format!(
                "{} in {} folded into {} at last",
                plural(self.entries, "change", "changes"),
                journal.display(),
                store.display(),
            )));
        }
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
        // Past what a reader accepts, the journal would hold a change no load replays.
        if self.journal.whole_len + entry.len() as u64 > journal::READ_LIMIT {
            return Err(EditError::Refused(format!(
                "not saved: the change is too large for {}; quit, so that it is folded into {}, then make it again",
                file_name(&journal::path_for(file)).display(),
                file_name(file).display(),
            )));
        }
        self.journal.whole_len = journal::append(file, self.journal.whole_len, &entry).map_err(io)?;
        self.journal.entries += 1;
        self.journal.on_disk = true;
        Ok(())
    }

    /// Folds the journal when it is past its bound. The change that filled it is saved in it
    /// already, so a fold that fails loses nothing: the journal stays, the change's outcome says
    /// why (`FoldNews::Failed`), and the fold is tried again after a few more changes.
    pub(super) fn fold_when_full(&mut self) {
        let due = self.journal.failed.as_ref().is_none_or(|failed| self.journal.entries >= failed.retry_at);
        if self.journal.full()
            && due
            && let Err(error) = self.fold()
        {
            let why = self.fold_failed(error);
            let wait = self.journal.failed.as_ref().map_or(FIRST_WAIT, |failed| failed.wait);
            self.journal.news = Some(FoldNews::Failed(format!(
                "only in {}: it could not be folded into {} ({why}). Nothing is lost; the fold is tried \
                 again after {} and when you quit",
                file_name(&journal::path_for(&self.file)).display(),
                file_name(&self.file).display(),
                plural(wait, "more change", "more changes"),
            )));
        }
    }

    /// Before a change goes to a journal at its hard limit, the journal is folded, however
    /// recently a fold failed. When this one fails too, the change is refused, saying why: in a
    /// journal past its limit it could be a change no load replays.
    pub(super) fn fold_at_limit(&mut self) -> Result<(), EditError> {
        if !self.journal.at_limit() {
            return Ok(());
        }
        let Err(error) = self.fold() else { return Ok(()) };
        let why = self.fold_failed(error);
        Err(EditError::Refused(format!(
            "not saved: {} holds {}, all it may, and could not be folded into {} ({why}). Nothing saved \
             is lost: fix that, then make the change again",
            file_name(&journal::path_for(&self.file)).display(),
            plural(self.journal.entries, "change", "changes"),
            file_name(&self.file).display(),
        )))
    }

    /// After a fold failed: sets the next try back (`FIRST_WAIT`, doubled by each failure) and
    /// says why it failed, naming the file and what to do.
    fn fold_failed(&mut self, error: EditError) -> String {
        let wait = self.journal.failed.as_ref().map_or(FIRST_WAIT, |failed| (failed.wait * 2).min(LONGEST_WAIT));
        self.journal.failed = Some(Failed { retry_at: self.journal.entries + wait, wait });
        self.restamp_if_unchanged();
        why_not_folded(&self.file, error)
    }

    /// A failed fold may have moved store.json's change time (it links the file as the backup)
    /// without changing a byte of it. When store.json still holds what the journal's changes apply
    /// to, later changes may still go to the journal; when another program changed it, the next
    /// change is refused as changed on disk, as before.
    fn restamp_if_unchanged(&mut self) {
        let (Some(base), Ok(before)) = (self.journal.base, Stamp::of(&self.file)) else { return };
        if self.journal.stamp.as_ref() == Some(&before) {
            return;
        }
        let unchanged = journal::base_of_file(&self.file).is_ok_and(|now| now == base);
        if unchanged && Stamp::of(&self.file).ok().as_ref() == Some(&before) {
            self.journal.stamp = Some(before);
        }
    }

    /// While the journal's last fold failed: how many changes wait in it, short enough to stay
    /// in view.
    pub fn unfolded(&self) -> Option<String> {
        self.journal.failed.as_ref()?;
        Some(format!(
            "{} only in {}",
            plural(self.journal.entries, "change", "changes"),
            file_name(&journal::path_for(&self.file)).display()
        ))
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

/// Why a fold failed, for the status bar: files by their name (the browser shows one store),
/// and what to do about it.
fn why_not_folded(file: &Path, error: EditError) -> String {
    use std::io::ErrorKind;
    let store = file_name(file);
    match error {
        // The path is the temporary new store.json, whose name says nothing to the user.
        EditError::Save(SaveError::Io { error, .. }) => {
            let remedy = match error.kind() {
                ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "free some space",
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => "let factline write in its folder",
                ErrorKind::FileTooLarge => "raise the file-size limit (ulimit -f)",
                _ => "fix that",
            };
            format!("cannot write the new {}: {error}; {remedy}", store.display())
        }
        EditError::Save(SaveError::ChangedOnDisk(_)) => format!(
            "another program changed {} since it was loaded: reload to keep or drop the journal's changes",
            store.display()
        ),
        EditError::Save(error) => error.to_string(),
        other => {
            let said = other.to_string();
            said.strip_prefix("not saved: ").unwrap_or(&said).to_string()
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
