//! Importers: turn another dataset's export into a store (`factline import …`).

pub mod acled;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::store::Problem;
use crate::store::save::{self, Lock, SaveError};

/// `store.json` in `dir`, refusing to replace an existing one unless `force`; checked before an
/// import starts so a long run does not end in a refusal.
pub fn target(dir: &Path, force: bool) -> Result<PathBuf, Problem> {
    let target = dir.join("store.json");
    if !force && target.symlink_metadata().is_ok() {
        return Err(Problem::in_file(&target, "a store is already there; it was left as it is").with_hint(
            "choose another --out folder, or pass --force to replace it (the old one is kept as store.json.bak)",
        ));
    }
    Ok(target)
}

/// Writes `dir/store.json` so that a crash or a full disk never leaves a half-written store
/// (`store::save::save_with`: temporary file in the same folder, synced, renamed). An existing
/// store is replaced only with `force`, and is kept as `store.json.bak`.
pub fn write_store(
    dir: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<PathBuf, Problem> {
    fs::create_dir_all(dir).map_err(|e| Problem::in_file(dir, format!("cannot write: {e}")))?;
    let target = target(dir, force)?;
    // A journal left beside the store it replaces is folded into it first, so that the backup
    // kept holds every saved change and no journal is left on the new store.
    crate::curation::fold_left_journal(&target).map_err(|why| Problem::in_file(&target, why))?;
    let _lock = Lock::acquire(&target, "import").map_err(|e| {
        Problem::in_file(&target, e.to_string())
            .with_hint("nothing was written; run the import again once it is closed")
    })?;
    save::clean_temporaries(&target).ok();
    save::save_with(&target, write).map_err(|e| match e {
        SaveError::Io { path, error } if path == save::backup_path(&target) => {
            Problem::in_file(&path, format!("cannot keep the old store as a backup: {error}"))
                .with_hint("nothing was replaced; free space or fix permissions in the --out folder")
        }
        SaveError::Io { path, error } => Problem::in_file(&path, format!("cannot write: {error}")),
        refused @ (SaveError::ChangedOnDisk(_) | SaveError::NotWritable { .. }) => {
            Problem::in_file(&target, refused.to_string())
        }
    })?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_store_is_kept_unless_forced_and_then_backed_up() {
        let dir = tempfile::tempdir().unwrap();
        write_store(dir.path(), false, |out| out.write_all(b"first")).unwrap();
        let refused = write_store(dir.path(), false, |out| out.write_all(b"second")).unwrap_err();
        assert!(refused.to_string().contains("--force"), "{refused}");
        assert_eq!(fs::read(dir.path().join("store.json")).unwrap(), b"first");
        write_store(dir.path(), true, |out| out.write_all(b"second")).unwrap();
        assert_eq!(fs::read(dir.path().join("store.json")).unwrap(), b"second");
        assert_eq!(fs::read(dir.path().join("store.json.bak")).unwrap(), b"first");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_failed_write_leaves_no_store_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_store(dir.path(), false, |_| Err(io::Error::other("disk full"))).unwrap_err();
        assert!(error.to_string().contains("disk full"));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
