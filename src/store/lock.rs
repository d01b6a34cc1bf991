//! The one-writer rule of a store: an advisory lock (`flock`) held by an open `store.json.lock`.
//!
//! The kernel drops the lock when its holder's file closes, so a crash, `kill -9`, or the SIGHUP of
//! a dropped SSH connection releases it by itself: no stale lock can exist, and nothing has to
//! guess from a process id whether the holder still runs. The file's text only *describes* the
//! holder for the message a second writer shows; it is never trusted to decide anything.
//!
//! The lock file sits in the user's folder, so it is opened like any untrusted path: never
//! through a symbolic link, never blocking (a FIFO put there would otherwise hang the open), only
//! when it is a regular file, and its description is read to a few hundred bytes at most.

use std::fmt;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// How much of a holder's description is read and shown: a line, not a file.
const DESCRIPTION_LIMIT: u64 = 200;

/// A writer's hold on a store, for as long as the value lives. Dropping it removes the lock file
/// (while still holding the lock, so no one can be waiting on the removed file) and releases it.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    file: File,
}

#[derive(Debug)]
pub enum LockError {
    /// Another process writes this store now; `holder` is what it says about itself.
    Held { path: PathBuf, holder: String },
    /// The lock file cannot be used (not a regular file, a link, no permission…).
    Io { path: PathBuf, error: io::Error },
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockError::Held { path, holder } => write!(
                f,
                "another factline ({holder}) is editing this store ({}); close it first, then try again",
                path.display()
            ),
            LockError::Io { path, error } => write!(
                f,
                "cannot lock the store ({}): {error}; remove that file if nothing is editing the store",
                path.display()
            ),
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

    /// Takes the lock of `store_file` for `purpose` (one word said to a second writer: "browser",
    /// "fmt"…), or says who holds it. Never waits.
    pub fn acquire(store_file: &Path, purpose: &str) -> Result<Lock, LockError> {
        let path = Lock::path_for(store_file);
        let io = |error| LockError::Io { path: path.clone(), error };
        // A holder that drops its lock removes the file; one that opened it just before then locks
        // a file no longer in the folder. Locking again on the file now at the path closes that
        // gap; a few rounds only, so that a storm of writers cannot keep this one looping.
        for _ in 0..4 {
            let file = open_lock_file(&path, true).map_err(io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let holder = describe_holder(&file);
                    return Err(LockError::Held { path, holder });
                }
                Err(TryLockError::Error(error)) => return Err(io(error)),
            }
            if !same_file(&file, &path) {
                continue;
            }
            let mut lock = Lock { path, file };
            let description = format!("{purpose} pid {}\n", std::process::id());
            let written = (|| {
                lock.file.set_len(0)?;
                lock.file.rewind()?;
                lock.file.write_all(description.as_bytes())
            })();
            // The description only helps a message; the lock holds without it.
            drop(written);
            return Ok(lock);
        }
        Err(io(io::Error::other("the lock file kept being replaced while it was taken")))
    }

    /// Who holds the lock of `store_file` now, without taking it and without creating anything:
    /// `None` when no process does. For a session that only reads, to say up front why it could
    /// not save.
    pub fn holder(store_file: &Path) -> Result<Option<String>, LockError> {
        let path = Lock::path_for(store_file);
        let file = match open_lock_file(&path, false) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(LockError::Io { path, error }),
        };
        // A shared lock, released at once: a writer's exclusive lock refuses it, and two readers
        // asking at the same moment do not refuse each other.
        match file.try_lock_shared() {
            Ok(()) => Ok(None),
            Err(TryLockError::WouldBlock) => Ok(Some(describe_holder(&file))),
            Err(TryLockError::Error(error)) => Err(LockError::Io { path, error }),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Opens the lock file without following a link and without blocking, and only when it is a
/// regular file (checked on the opened file, so nothing can be swapped in between).
fn open_lock_file(path: &Path, create: bool) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(create)
        .create(create)
        .mode(0o644)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => io::Error::new(io::ErrorKind::InvalidInput, "it is a symbolic link"),
            _ => e,
        })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "it is not a regular file"));
    }
    Ok(file)
}

/// Whether `path` still names the open `file` (it was not removed or replaced since it was opened).
fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// The first line of what the holder wrote about itself, without control characters, or a
/// generic phrase when it wrote nothing readable.
fn describe_holder(file: &File) -> String {
    let mut text = Vec::new();
    let read = file.take(DESCRIPTION_LIMIT).read_to_end(&mut text);
    let line = String::from_utf8_lossy(&text).lines().next().unwrap_or("").to_string();
    let clean: String = line.chars().filter(|c| !c.is_control()).collect();
    match read {
        Ok(_) if !clean.trim().is_empty() => clean.trim().to_string(),
        _ => "another process".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_keeps_a_second_writer_out_and_says_who_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        let lock = Lock::acquire(&store, "fmt").unwrap();
        let error = Lock::acquire(&store, "the browser").unwrap_err();
        let expected = format!("fmt pid {}", std::process::id());
        assert!(matches!(&error, LockError::Held { holder, .. } if *holder == expected), "{error}");
        assert_eq!(Lock::holder(&store).unwrap(), Some(expected));
        drop(lock);
        assert!(!Lock::path_for(&store).exists(), "the lock file goes with the lock");
        assert_eq!(Lock::holder(&store).unwrap(), None);
        Lock::acquire(&store, "fmt").unwrap();
    }

    #[test]
    fn a_lock_file_without_a_holder_is_no_lock_whatever_it_says() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        // What a killed writer leaves, or a pid file naming a process that runs (this one).
        fs::write(Lock::path_for(&store), format!("{}\n", std::process::id())).unwrap();
        assert_eq!(Lock::holder(&store).unwrap(), None);
        let _lock = Lock::acquire(&store, "fmt").unwrap();
    }

    #[test]
    fn a_lock_path_that_is_not_a_regular_file_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        let lock_path = Lock::path_for(&store);
        let made = std::process::Command::new("mkfifo").arg(&lock_path).status().unwrap();
        assert!(made.success());
        let started = std::time::Instant::now();
        let error = Lock::acquire(&store, "fmt").unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
        assert!(Lock::holder(&store).unwrap_err().to_string().contains("not a regular file"));
        fs::remove_file(&lock_path).unwrap();
        std::os::unix::fs::symlink("/dev/zero", &lock_path).unwrap();
        let error = Lock::acquire(&store, "fmt").unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        fs::remove_file(&lock_path).unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &lock_path).unwrap();
        assert!(Lock::acquire(&store, "fmt").is_err(), "a dangling link is not followed to create a file");
        assert!(!dir.path().join("elsewhere").exists());
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn a_holders_description_is_read_bounded_and_without_control_characters() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        let lock = Lock::acquire(&store, "fmt").unwrap();
        fs::write(Lock::path_for(&store), format!("pid 1\x1b[2J{}", "x".repeat(10_000))).unwrap();
        let holder = Lock::holder(&store).unwrap().unwrap();
        assert!(holder.len() <= DESCRIPTION_LIMIT as usize && !holder.contains('\x1b'), "{holder}");
        drop(lock);
    }
}
