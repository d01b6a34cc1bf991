//! Writing a user's store.json so that nothing is ever lost.
//!
//! - The new bytes go to a temporary file in the same folder, which is fsynced and then renamed
//!   over store.json, and the folder is fsynced: a crash (even `kill -9` or a power cut) at any
//!   moment leaves store.json either the old file or the new one, whole.
//! - The previous version is kept as `store.json.bak`, written the same careful way first.
//! - A save refuses to overwrite a store.json that changed on disk since it was read (another
//!   editor, a `git pull`): the caller offers a reload instead.
//! - A lock file beside store.json keeps a second editor out; a lock left by a process that no
//!   longer runs is taken over.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::user_file;

/// What store.json held when it was read: its length and a hash of its bytes. The hash rather
/// than the modification time, because a `git checkout` can restore an older file with a newer
/// time, and a coarse clock can hide a change made in the same second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

impl Fingerprint {
    /// Hashed in blocks of this size, so that a file hashed as it is streamed (`read`) and the
    /// same bytes hashed in memory (`of`) give the same fingerprint.
    const BLOCK: usize = 1 << 16;

    pub fn of(bytes: &[u8]) -> Fingerprint {
        let mut hasher = Fingerprint::hasher();
        for block in bytes.chunks(Fingerprint::BLOCK) {
            hasher.write(block);
        }
        Fingerprint { len: bytes.len() as u64, hash: hasher.finish() }
    }

    /// The fingerprint of what `path` holds now, read a block at a time (a large store is never
    /// held whole for it).
    pub fn read(path: &Path) -> io::Result<Fingerprint> {
        let (file, size) = user_file::open_regular(path)?;
        let mut file = file.take(size);
        let mut hasher = Fingerprint::hasher();
        let mut block = vec![0; Fingerprint::BLOCK];
        let mut len = 0u64;
        loop {
            let mut filled = 0;
            while filled < block.len() {
                match file.read(&mut block[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            if filled == 0 {
                break;
            }
            hasher.write(&block[..filled]);
            len += filled as u64;
            if filled < block.len() {
                break;
            }
        }
        Ok(Fingerprint { len, hash: hasher.finish() })
    }

    fn hasher() -> impl Hasher {
        // A fixed seed: fingerprints are compared within one process, but must not vary between
        // two hashers of that process either.
        foldhash::quality::FixedState::with_seed(0x5eed_f0e1).build_hasher()
    }
}

#[derive(Debug)]
pub enum SaveError {
    /// store.json is no longer what was loaded; nothing was written.
    ChangedOnDisk(PathBuf),
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::ChangedOnDisk(path) => write!(
                f,
                "{} changed on disk since it was loaded (another editor, or a git pull?); nothing was written — reload it, then make the change again",
                path.display()
            ),
            SaveError::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for SaveError {}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> SaveError + '_ {
    move |error| SaveError::Io { path: path.to_path_buf(), error }
}

/// The backup kept beside `store_file`: `store.json` → `store.json.bak`.
pub fn backup_path(store_file: &Path) -> PathBuf {
    let mut name = store_file.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".bak");
    store_file.with_file_name(name)
}

/// Replaces `store_file` with `bytes`, keeping the current file as the backup.
///
/// `loaded` is what the file held when the caller read it; when the file holds something else
/// now, nothing is written. Returns the new file's fingerprint, the `loaded` of the next save.
pub fn save(store_file: &Path, bytes: &[u8], loaded: Option<Fingerprint>) -> Result<Fingerprint, SaveError> {
    let current = match user_file::read_regular(store_file) {
        Ok(current) => Some(current),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(SaveError::Io { path: store_file.to_path_buf(), error: e }),
    };
    if let Some(loaded) = loaded
        && current.as_deref().map(Fingerprint::of) != Some(loaded)
    {
        return Err(SaveError::ChangedOnDisk(store_file.to_path_buf()));
    }
    if let Some(current) = &current {
        replace(&backup_path(store_file), current)?;
    }
    replace(store_file, bytes)?;
    Ok(Fingerprint::of(bytes))
}

/// Writes `bytes` to `path` through a fsynced temporary file renamed over it, then fsyncs the
/// folder so the rename itself survives a crash.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    replace_with(path, |out| out.write_all(bytes))
}

/// `replace` for a file too large to hold in memory: `write` streams it into the temporary file.
pub fn replace_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), SaveError> {
    let temp = write_temporary(path, write)?;
    rename_into_place(&temp, path)
}

/// `save` without a `loaded` check, for a file streamed by `write`: the new file is written and
/// synced before anything is touched, so a failed write changes nothing; then the current file is
/// kept as the backup (a hard link where the file system allows, so a large store is not copied)
/// and the new one renamed over it.
pub fn save_with(store_file: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), SaveError> {
    let temp = write_temporary(store_file, write)?;
    if store_file.symlink_metadata().is_ok()
        && let Err(error) = keep_backup(store_file)
    {
        let _ = fs::remove_file(&temp);
        return Err(error);
    }
    rename_into_place(&temp, store_file)
}

fn keep_backup(store_file: &Path) -> Result<(), SaveError> {
    let backup = backup_path(store_file);
    match fs::remove_file(&backup) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(SaveError::Io { path: backup, error }),
        _ => {}
    }
    if fs::hard_link(store_file, &backup).is_ok() {
        return File::open(folder_of(&backup)).and_then(|dir| dir.sync_all()).map_err(io_at(&backup));
    }
    let current = user_file::read_regular(store_file).map_err(io_at(store_file))?;
    replace(&backup, &current)
}

/// A new temporary file beside `path` holding what `write` wrote, fsynced; removed on failure.
fn write_temporary(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<PathBuf, SaveError> {
    let temp = temp_path(path);
    let written = (|| {
        let file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        let mut out = io::BufWriter::with_capacity(1 << 20, file);
        write(&mut out)?;
        out.into_inner().map_err(io::IntoInnerError::into_error)?.sync_all()
    })();
    match written {
        Ok(()) => Ok(temp),
        Err(error) => {
            let _ = fs::remove_file(&temp);
            Err(SaveError::Io { path: temp, error })
        }
    }
}

/// Renames `temp` over `path` and fsyncs the folder, so the rename itself survives a crash.
fn rename_into_place(temp: &Path, path: &Path) -> Result<(), SaveError> {
    if let Err(error) = fs::rename(temp, path) {
        let _ = fs::remove_file(temp);
        return Err(SaveError::Io { path: path.to_path_buf(), error });
    }
    let folder = folder_of(path);
    File::open(&folder).and_then(|dir| dir.sync_all()).map_err(io_at(&folder))
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Temporary files start with the target's name and a dot, so a person seeing one left by a
/// crash knows what it was for, and `clean_temporaries` can find it.
const TEMP_MARK: &str = ".factline-tmp-";

fn temp_path(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}{TEMP_MARK}{}-{n}", std::process::id()))
}

/// Removes temporary files a crashed save left beside `store_file`. Only safe while holding the
/// store's lock, when no other process can be writing one.
pub fn clean_temporaries(store_file: &Path) -> io::Result<usize> {
    let name = store_file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefixes = [format!(".{name}{TEMP_MARK}"), format!(".{name}.bak{TEMP_MARK}")];
    let mut removed = 0;
    for entry in fs::read_dir(folder_of(store_file))? {
        let entry = entry?;
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) && entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// An editor's hold on a store: `store.json.lock` holding the editor's process id, removed when
/// the lock is dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

#[derive(Debug)]
pub enum LockError {
    /// Another running process edits this store.
    Held {
        path: PathBuf,
        pid: u32,
    },
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockError::Held { path, pid } => write!(
                f,
                "another factline (process {pid}) is editing this store ({}); close it first, or open the store read-only",
                path.display()
            ),
            LockError::Io { path, error } => write!(f, "cannot lock the store ({}): {error}", path.display()),
        }
    }
}

impl std::error::Error for LockError {}

impl Lock {
    pub fn path_for(store_file: &Path) -> PathBuf {
        let mut name = store_file.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".lock");
        store_file.with_file_name(name)
    }

    /// Takes the lock of `store_file`, taking over one whose process is gone.
    pub fn acquire(store_file: &Path) -> Result<Lock, LockError> {
        let path = Lock::path_for(store_file);
        let io = |error| LockError::Io { path: path.clone(), error };
        // Two tries: the second after removing a stale lock. Another editor that takes the stale
        // lock over at the same moment wins the create_new race, and this one reports it.
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    file.write_all(format!("{}\n", std::process::id()).as_bytes()).map_err(io)?;
                    file.sync_all().map_err(io)?;
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path).ok().and_then(|t| t.trim().parse::<u32>().ok());
                    match holder {
                        Some(pid) if process_is_running(pid) => return Err(LockError::Held { path, pid }),
                        // A dead holder, or a lock file cut short by a crash while it was written.
                        _ => match fs::remove_file(&path) {
                            Ok(()) => {}
                            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                            Err(e) => return Err(io(e)),
                        },
                    }
                }
                Err(e) => return Err(io(e)),
            }
        }
        let pid = fs::read_to_string(&path).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(0);
        Err(LockError::Held { path, pid })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

fn process_is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    if pid <= 0 {
        return false;
    }
    // Signal 0 checks existence without sending anything; EPERM means it exists but is another
    // user's.
    // SAFETY: kill with signal 0 has no effect beyond the permission and existence check.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_fingerprint_equals_the_one_of_the_same_bytes_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.json");
        for len in
            [0, 1, Fingerprint::BLOCK - 1, Fingerprint::BLOCK, Fingerprint::BLOCK + 1, 3 * Fingerprint::BLOCK + 7]
        {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(Fingerprint::read(&path).unwrap(), Fingerprint::of(&bytes), "{len} bytes");
        }
        let mut changed: Vec<u8> = vec![7; 2 * Fingerprint::BLOCK];
        std::fs::write(&path, &changed).unwrap();
        changed[Fingerprint::BLOCK + 3] = 8;
        assert_ne!(Fingerprint::read(&path).unwrap(), Fingerprint::of(&changed));
    }

    #[test]
    fn a_streamed_save_keeps_the_backup_and_a_failed_one_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        save_with(&store, |out| out.write_all(b"first")).unwrap();
        assert!(!backup_path(&store).exists(), "nothing to back up yet");
        save_with(&store, |out| out.write_all(b"second")).unwrap();
        assert_eq!(fs::read(&store).unwrap(), b"second");
        assert_eq!(fs::read(backup_path(&store)).unwrap(), b"first");
        let failed = save_with(&store, |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.unwrap_err().to_string().contains("disk full"));
        assert_eq!(fs::read(&store).unwrap(), b"second");
        assert_eq!(fs::read(backup_path(&store)).unwrap(), b"first");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file left");
    }

    #[test]
    fn a_save_replaces_the_file_and_keeps_the_previous_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        fs::write(&store, "old").unwrap();
        let next = save(&store, b"new", Some(Fingerprint::of(b"old"))).unwrap();
        assert_eq!(fs::read(&store).unwrap(), b"new");
        assert_eq!(fs::read(backup_path(&store)).unwrap(), b"old");
        assert_eq!(next, Fingerprint::of(b"new"));
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "a temporary file was left behind: {names:?}");
    }

    #[test]
    fn a_file_changed_since_it_was_loaded_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        fs::write(&store, "theirs").unwrap();
        let error = save(&store, b"mine", Some(Fingerprint::of(b"what I loaded"))).unwrap_err();
        assert!(matches!(error, SaveError::ChangedOnDisk(_)), "{error}");
        assert!(error.to_string().contains("reload"), "{error}");
        assert_eq!(fs::read(&store).unwrap(), b"theirs");
        assert!(!backup_path(&store).exists());
    }

    #[test]
    fn a_missing_file_is_created_without_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        save(&store, b"first", None).unwrap();
        assert_eq!(fs::read(&store).unwrap(), b"first");
        assert!(!backup_path(&store).exists());
    }

    #[test]
    fn a_lock_keeps_a_second_editor_out_until_it_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        let lock = Lock::acquire(&store).unwrap();
        let error = Lock::acquire(&store).unwrap_err();
        assert!(matches!(error, LockError::Held { pid, .. } if pid == std::process::id()), "{error}");
        assert!(error.to_string().contains("another factline"), "{error}");
        drop(lock);
        assert!(!Lock::path_for(&store).exists());
        Lock::acquire(&store).unwrap();
    }

    #[test]
    fn a_lock_left_by_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        fs::write(Lock::path_for(&store), format!("{dead}\n")).unwrap();
        let _lock = Lock::acquire(&store).unwrap();
        assert_eq!(fs::read_to_string(Lock::path_for(&store)).unwrap().trim(), std::process::id().to_string());
        // A lock file cut short by a crash is stale too.
        drop(_lock);
        fs::write(Lock::path_for(&store), "").unwrap();
        Lock::acquire(&store).unwrap();
    }

    #[test]
    fn temporaries_of_a_crashed_save_are_cleaned_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        fs::write(&store, "kept").unwrap();
        fs::write(temp_path(&store), "half a stor").unwrap();
        fs::write(temp_path(&backup_path(&store)), "half a backu").unwrap();
        fs::write(dir.path().join(".other-file"), "kept").unwrap();
        assert_eq!(clean_temporaries(&store).unwrap(), 2);
        let mut names: Vec<_> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, [".other-file", "store.json"]);
    }
}
