//! Importers: turn another dataset's export into a store (`factline import …`).

pub mod acled;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::store::Problem;

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

/// Writes `dir/store.json` so that a crash or a full disk never leaves a half-written store: the
/// bytes go to a temporary file in the same folder, are synced, and only then renamed over the
/// target. An existing store is replaced only with `force`, and is kept as `store.json.bak`.
pub fn write_store(
    dir: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<PathBuf, Problem> {
    let cannot = |path: &Path, e: io::Error| Problem::in_file(path, format!("cannot write: {e}"));
    fs::create_dir_all(dir).map_err(|e| cannot(dir, e))?;
    let target = target(dir, force)?;
    let temp = dir.join(format!(".store.json.{}.tmp", std::process::id()));
    let written = (|| {
        let file = File::options().write(true).create_new(true).open(&temp)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(cannot(&temp, e));
    }
    if target.exists() {
        let backup = dir.join("store.json.bak");
        let kept = fs::remove_file(&backup)
            .or_else(|e| if e.kind() == io::ErrorKind::NotFound { Ok(()) } else { Err(e) })
            .and_then(|()| fs::hard_link(&target, &backup).or_else(|_| fs::copy(&target, &backup).map(|_| ())));
        if let Err(e) = kept {
            let _ = fs::remove_file(&temp);
            return Err(Problem::in_file(&backup, format!("cannot keep the old store as a backup: {e}"))
                .with_hint("nothing was replaced; free space or fix permissions in the --out folder"));
        }
    }
    fs::rename(&temp, &target).map_err(|e| {
        let _ = fs::remove_file(&temp);
        cannot(&target, e)
    })?;
    // The rename itself is durable only once the folder is synced.
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
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
