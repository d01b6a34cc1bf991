//! Named points in the steps of a save where the tests stop it, as a crash would: after the
//! temporary file is written, after the backup is renamed, half-way through a journal entry…
//! A test arms one point on its own thread (`Armed`); reaching it panics, so nothing after it
//! in the save runs (no clean-up, no rename), and the test then opens the store as the next
//! process would. Only tests can arm a point: outside `cfg(test)` `point` is empty and inlined
//! away, so no build a user runs can stop a save this way.

#[cfg(test)]
use std::cell::Cell;

/// A journal entry (a change, or the mark that the journal is folded) half written.
pub const ENTRY_HALF_WRITTEN: &str = "journal entry half written";
/// A journal entry written whole, not yet synced.
pub const ENTRY_WRITTEN: &str = "journal entry written, not synced";
/// A journal entry synced, its change not yet reported saved.
pub const ENTRY_SYNCED: &str = "journal entry synced";
/// A store written whole: the new file written and synced beside the old one.
pub const NEW_FILE_WRITTEN: &str = "new store file written and synced";
/// The swap begun: the old backup renamed aside.
pub const OLD_BACKUP_ASIDE: &str = "old backup renamed aside";
/// The file replaced kept as the backup, the new one not yet in place.
pub const BACKUP_IN_PLACE: &str = "backup renamed into place";
/// The new file renamed over store.json.
pub const NEW_FILE_IN_PLACE: &str = "new store file renamed into place";
/// A journal folded into store.json, the journal not yet deleted.
pub const FOLDED_JOURNAL_LEFT: &str = "journal folded, not yet deleted";

/// Every point, in the order a fold reaches them (the entry points through the mark that the
/// journal is folded).
#[cfg(test)]
pub const ALL: [&str; 8] = [
    NEW_FILE_WRITTEN,
    ENTRY_HALF_WRITTEN,
    ENTRY_WRITTEN,
    ENTRY_SYNCED,
    OLD_BACKUP_ASIDE,
    BACKUP_IN_PLACE,
    NEW_FILE_IN_PLACE,
    FOLDED_JOURNAL_LEFT,
];

#[cfg(test)]
thread_local! {
    static ARMED: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// Stops the save here when a test armed `name` on this thread.
#[cfg(test)]
pub fn point(name: &'static str) {
    if armed(name) {
        ARMED.set(None);
        panic!("crash point: {name}");
    }
}

#[cfg(not(test))]
#[inline(always)]
pub fn point(_name: &'static str) {}

/// Whether a test armed `name` on this thread: for a step that a crash could cut in two (an
/// entry half written), done in two parts only then.
#[cfg(test)]
pub fn armed(name: &'static str) -> bool {
    ARMED.get() == Some(name)
}

#[cfg(not(test))]
#[inline(always)]
pub fn armed(_name: &'static str) -> bool {
    false
}

/// A point armed for as long as the value lives.
#[cfg(test)]
pub struct Armed;

#[cfg(test)]
impl Armed {
    pub fn at(name: &'static str) -> Armed {
        ARMED.set(Some(name));
        Armed
    }

    /// Whether the point is still armed: not reached.
    pub fn unreached(&self) -> bool {
        ARMED.get().is_some()
    }
}

#[cfg(test)]
impl Drop for Armed {
    fn drop(&mut self) {
        ARMED.set(None);
    }
}
