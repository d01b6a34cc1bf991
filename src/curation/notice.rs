//! What curation tells the browser when a change is refused or fails: the error, the words to
//! show and what the user can do about it, never a key (the browser names keys from its table).

use crate::store::LoadError;
use crate::store::save::SaveError;

/// Why a change could not be made.
#[derive(Debug)]
pub enum EditError {
    /// The item is not in the store's JSON (or not a draft, for an accept).
    Nothing(String),
    /// The change itself is not allowed (an empty field, a duplicate alias…), with why.
    Refused(String),
    Invalid(LoadError),
    Save(SaveError),
    /// Another writer holds the store's lock, with who.
    Locked(String),
    /// The item has a passage whose words are gone from its article: it must be re-selected, or
    /// the item rejected, before it can be accepted.
    Orphan(String),
}

/// What the user can do about a notice. Curation knows no keys: the browser names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// The change can be undone.
    Undo,
    /// The store (or an article) changed on disk: reloading shows it as it is now.
    Reload,
    /// Once what blocks saving is fixed (another editor closed, the mode changed), a reload
    /// makes the store writable again.
    ReloadOnceFixed,
    /// An orphan passage: re-select its text, or reject its item.
    ReselectOrReject,
}

/// What to tell the user, without naming a key, and what they can do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub remedy: Option<Remedy>,
}

impl Notice {
    pub fn plain(text: impl Into<String>) -> Notice {
        Notice { text: text.into(), remedy: None }
    }

    pub(super) fn with(text: impl Into<String>, remedy: Remedy) -> Notice {
        Notice { text: text.into(), remedy: Some(remedy) }
    }
}

impl From<EditError> for Notice {
    fn from(error: EditError) -> Notice {
        let remedy = error.remedy();
        Notice { text: error.to_string(), remedy }
    }
}

impl From<SaveError> for EditError {
    fn from(error: SaveError) -> EditError {
        EditError::Save(error)
    }
}

impl EditError {
    /// What the user can do about it, when the browser should name a key for it.
    pub fn remedy(&self) -> Option<Remedy> {
        match self {
            EditError::Save(SaveError::ChangedOnDisk(_)) => Some(Remedy::Reload),
            EditError::Orphan(_) => Some(Remedy::ReselectOrReject),
            EditError::Locked(_) => Some(Remedy::ReloadOnceFixed),
            _ => None,
        }
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Nothing(message)
            | EditError::Refused(message)
            | EditError::Locked(message)
            | EditError::Orphan(message) => f.write_str(message),
            EditError::Invalid(error) => {
                let first = error.to_string();
                let first = first.lines().nth(1).or(first.lines().next()).unwrap_or("").trim().to_string();
                write!(f, "not saved: the change would leave an invalid store ({first})")
            }
            EditError::Save(SaveError::ChangedOnDisk(path)) => {
                write!(f, "not saved: {} changed on disk since it was loaded", path.display())
            }
            EditError::Save(error) => write!(f, "not saved: {error}"),
        }
    }
}
