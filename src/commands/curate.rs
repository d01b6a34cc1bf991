//! Commands that write a user's store on purpose: `fmt` puts store.json in its canonical form,
//! `init` copies the bundled store out so it can be edited. Both go through `store::save`, so an
//! interrupted run never leaves a store half written.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::store::canonical::canonical_bytes;
use crate::store::save::{self, Fingerprint, Lock};
use crate::store::{self, LoadError, bundled};
use crate::user_file;

/// Why a curation command wrote nothing.
#[derive(Debug)]
pub enum CurateError {
    /// The store does not pass `check`: its problems, all of them.
    Invalid(LoadError),
    /// Anything else, said in one message with what to do.
    Refused(String),
}

impl fmt::Display for CurateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CurateError::Invalid(error) => write!(f, "{error}"),
            CurateError::Refused(message) => writeln!(f, "factline: {message}"),
        }
    }
}

impl From<save::SaveError> for CurateError {
    fn from(e: save::SaveError) -> Self {
        CurateError::Refused(e.to_string())
    }
}

impl From<save::LockError> for CurateError {
    fn from(e: save::LockError) -> Self {
        CurateError::Refused(e.to_string())
    }
}

const BUNDLED_IS_READ_ONLY: &str = "the bundled store is read-only: `factline init DIR` writes a copy you can \
     edit (or `factline export --format json` prints it), then use --data DIR";

/// What `fmt` did, for its one line of output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formatted {
    AlreadyCanonical,
    Rewritten,
    /// `--check` found the file not canonical; nothing was written.
    WouldRewrite,
}

/// Puts the store at `data` in canonical form (or, with `check`, only says whether it is).
/// A store that does not pass validation is not touched: formatting must never be how a broken
/// store gets rewritten.
pub fn fmt(data: Option<&Path>, check: bool, out: &mut dyn Write) -> Result<Formatted, CurateError> {
    let Some(data) = data else { return Err(CurateError::Refused(BUNDLED_IS_READ_ONLY.to_string())) };
    let file = store::store_file(data);
    if !check {
        // The journal's changes are put into store.json first: rewritten from store.json alone,
        // the store would lose them.
        crate::curation::fold_left_journal(&file).map_err(CurateError::Refused)?;
    }
    store::load_path(data).map_err(CurateError::Invalid)?;
    let cannot_read = |e: io::Error| CurateError::Refused(format!("cannot read {}: {e}", file.display()));
    let bytes = user_file::read_regular(&file).map_err(cannot_read)?;
    // A syntax error has a line; a record that is not one of its list names its JSON path.
    let canonical = canonical_bytes(&bytes).map_err(|e| match e.line() {
        0 => CurateError::Refused(format!("{}: {e}", file.display())),
        line => CurateError::Refused(format!("{}:{line}:{}: {e}", file.display(), e.column())),
    })?;
    let shown = file.display();
    let outcome = if canonical == bytes {
        writeln!(out, "{shown}: canonical").ok();
        Formatted::AlreadyCanonical
    } else if check {
        writeln!(out, "{shown}: not in canonical form; `factline fmt --data {}` rewrites it", data.display()).ok();
        Formatted::WouldRewrite
    } else {
        let _lock = Lock::acquire(&file, "fmt")?;
        save::clean_temporaries(&file).ok();
        save::save(&file, &canonical, Some(Fingerprint::of(&bytes)))?;
        let backup = save::backup_path(&file);
        writeln!(out, "{shown}: rewritten in canonical form (the previous version is {})", backup.display()).ok();
        Formatted::Rewritten
    };
    Ok(outcome)
}

/// Writes the bundled store and its articles into `dir`. Refuses to replace a file that holds
/// something else unless `force` (and then keeps its `.bak`); identical files are left alone.
pub fn init(dir: &Path, force: bool, out: &mut dyn Write) -> Result<(), CurateError> {
    let mut files: Vec<(PathBuf, &str)> = vec![(dir.join("store.json"), bundled::STORE_JSON)];
    files.extend(bundled::SOURCES.iter().map(|(relative, text)| (dir.join(relative), *text)));
    let mut conflicts = Vec::new();
    for (path, text) in &files {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => conflicts.push(format!("{}: {e}", path.display())),
            Ok(meta) if !meta.is_file() => {
                conflicts.push(format!("{} exists and is not a regular file", path.display()))
            }
            Ok(_) => {
                let same = user_file::read_regular(path).is_ok_and(|held| held == text.as_bytes());
                if !same && !force {
                    conflicts.push(format!("{} exists and differs from the bundled copy", path.display()));
                }
            }
        }
    }
    if !conflicts.is_empty() {
        let mut message = String::from("nothing written:");
        for conflict in &conflicts {
            message.push_str("\n  ");
            message.push_str(conflict);
        }
        message.push_str("\n  hint: choose an empty folder, or pass --force to replace them (each keeps a .bak)");
        return Err(CurateError::Refused(message));
    }
    // Taken before anything is written, also into an empty folder: a browser may open the store
    // as soon as store.json appears.
    std::fs::create_dir_all(dir).map_err(|e| CurateError::Refused(format!("cannot create {}: {e}", dir.display())))?;
    // A journal left beside the store it replaces is folded into it first, so that the backup
    // kept holds every saved change and no journal is left on the new store.
    crate::curation::fold_left_journal(&files[0].0).map_err(CurateError::Refused)?;
    let _lock = Lock::acquire(&files[0].0, "init")?;
    save::clean_temporaries(&files[0].0).ok();
    let mut written = 0;
    for (path, text) in &files {
        if user_file::read_regular(path).is_ok_and(|held| held == text.as_bytes()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| CurateError::Refused(format!("cannot create {}: {e}", parent.display())))?;
        }
        save::save(path, text.as_bytes(), None)?;
        written += 1;
    }
    writeln!(
        out,
        "{}: the bundled store and its {} articles ({written} files written); open it with `factline --data {}`",
        dir.display(),
        bundled::SOURCES.len(),
        dir.display()
    )
    .ok();
    Ok(())
}
