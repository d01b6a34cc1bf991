//! Writing a user's store.json so that nothing is ever lost.
//!
//! - The new bytes go to a temporary file in the same folder, which is fsynced and then renamed
//!   over store.json, and the folder is fsynced: a crash (even `kill -9` or a power cut) at any
//!   moment leaves store.json either the old file or the new one, whole.
//! - The previous version is kept as `store.json.bak`, written the same careful way.
//! - Compare and swap: store.json is compared with what the caller loaded once more *after* the
//!   new file and the backup are written, immediately before they are renamed into place; when it
//!   changed (another editor, a `git pull`), nothing is replaced and the caller offers a reload.
//! - The new file and the backup keep the owner's permissions (and owner, where the process may
//!   set it); a store its owner made read-only is not written at all.
//! - `lock::Lock` keeps a second writer out.

use std::fmt;
use std::fs::{self, File, Metadata, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

pub use super::lock::{Lock, LockError};
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

    /// The length of the bytes fingerprinted.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

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

    /// The fingerprint of the first `len` bytes of an open file, read at offsets (so that other
    /// readers of the same file may run meanwhile).
    pub fn of_file(file: &File, len: u64) -> io::Result<Fingerprint> {
        use std::os::unix::fs::FileExt;
        let mut hasher = Fingerprint::hasher();
        let mut block = vec![0; Fingerprint::BLOCK];
        let mut at = 0u64;
        while at < len {
            let n = ((len - at) as usize).min(block.len());
            file.read_exact_at(&mut block[..n], at)?;
            hasher.write(&block[..n]);
            at += n as u64;
        }
        Ok(Fingerprint { len, hash: hasher.finish() })
    }

    fn hasher() -> impl Hasher {
        // A fixed seed: fingerprints are compared within one process, but must not vary between
        // two hashers of that process either.
        foldhash::quality::FixedState::with_seed(0x5eed_f0e1).build_hasher()
    }
}

/// Passes what is written on to `inner`, fingerprinting it on the way exactly as `Fingerprint::of`
/// would the whole: a file written through it needs no second read to be fingerprinted.
pub struct Fingerprinting<W> {
    inner: W,
    hasher: Box<dyn Hasher>,
    /// The start of a block not yet whole.
    block: Vec<u8>,
    len: u64,
}

impl<W: Write> Fingerprinting<W> {
    pub fn new(inner: W) -> Fingerprinting<W> {
        Fingerprinting {
            inner,
            hasher: Box::new(Fingerprint::hasher()),
            block: Vec::with_capacity(Fingerprint::BLOCK),
            len: 0,
        }
    }

    /// The fingerprint of everything written.
    pub fn finish(mut self) -> Fingerprint {
        if !self.block.is_empty() {
            self.hasher.write(&self.block);
        }
        Fingerprint { len: self.len, hash: self.hasher.finish() }
    }

    fn hash(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if !self.block.is_empty() {
            let take = (Fingerprint::BLOCK - self.block.len()).min(bytes.len());
            self.block.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.block.len() == Fingerprint::BLOCK {
                self.hasher.write(&self.block);
                self.block.clear();
            }
        }
        let whole = bytes.len() / Fingerprint::BLOCK * Fingerprint::BLOCK;
        for block in bytes[..whole].chunks(Fingerprint::BLOCK) {
            self.hasher.write(block);
        }
        self.block.extend_from_slice(&bytes[whole..]);
    }
}

impl<W: Write> Write for Fingerprinting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Passes on what is read from `inner`, fingerprinting it on the way: a file read through it
/// needs no second pass to be fingerprinted.
pub struct FingerprintingReader<R> {
    inner: R,
    hashing: Fingerprinting<io::Sink>,
}

impl<R: Read> FingerprintingReader<R> {
    pub fn new(inner: R) -> FingerprintingReader<R> {
        FingerprintingReader { inner, hashing: Fingerprinting::new(io::sink()) }
    }

    /// The fingerprint of everything read.
    pub fn finish(self) -> Fingerprint {
        self.hashing.finish()
    }
}

impl<R: Read> Read for FingerprintingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hashing.hash(&buf[..n]);
        Ok(n)
    }
}

/// What the file system says about a file without reading it: any write, rename or link changes
/// it (the change time has nanoseconds where the file system keeps them).
#[derive(Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode_and_change: (u64, u64, i64, i64),
}

impl Stamp {
    pub fn of(file: &Path) -> io::Result<Stamp> {
        Ok(Stamp::from(&fs::metadata(file)?))
    }

    fn from(meta: &Metadata) -> Stamp {
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode_and_change: (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec()),
        }
    }
}

#[derive(Debug)]
pub enum SaveError {
    /// A file is no longer what was loaded (store.json, or an article a change quotes); nothing
    /// was replaced.
    ChangedOnDisk(PathBuf),
    /// The owner took write permission away from the store: it is not to be edited.
    NotWritable {
        path: PathBuf,
        mode: u32,
    },
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
            SaveError::NotWritable { path, mode } => write!(
                f,
                "{} is marked read-only (mode {mode:04o}); nothing was written — `chmod u+w` it to allow editing",
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

/// Why `store_file` must not be written, read from its permissions: `None` when its owner may
/// write it (or it does not exist yet).
pub fn refuses_writing(store_file: &Path) -> Option<SaveError> {
    let meta = fs::metadata(store_file).ok()?;
    not_writable(store_file, &meta)
}

fn not_writable(path: &Path, meta: &Metadata) -> Option<SaveError> {
    let mode = meta.permissions().mode() & 0o7777;
    (mode & 0o200 == 0).then(|| SaveError::NotWritable { path: path.to_path_buf(), mode })
}

/// Replaces `store_file` with `bytes`, keeping the current file as the backup.
///
/// `loaded` is what the file held when the caller read it; when the file holds something else,
/// nothing is written. Returns the new file's fingerprint, the `loaded` of the next save.
pub fn save(store_file: &Path, bytes: &[u8], loaded: Option<Fingerprint>) -> Result<Fingerprint, SaveError> {
    save_guarded(store_file, bytes, loaded, || Ok(()))
}

/// `save`, with `before_swap` run once the new file and the backup are written and synced, just
/// before store.json is compared again and they are renamed into place: a caller checks there
/// whatever else the change depends on (the articles it quotes). An error from it, or a store.json
/// that changed meanwhile, replaces nothing.
///
/// Without `loaded`, the file as read at the start is what must still be there at the swap (or,
/// when there was none, still none): what the backup holds is then always what was replaced.
pub fn save_guarded(
    store_file: &Path,
    bytes: &[u8],
    loaded: Option<Fingerprint>,
    before_swap: impl FnOnce() -> Result<(), SaveError>,
) -> Result<Fingerprint, SaveError> {
    let current = match user_file::open_regular(store_file) {
        Ok((file, size)) => {
            let meta = file.metadata().map_err(io_at(store_file))?;
            let mut held = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
            file.take(size).read_to_end(&mut held).map_err(io_at(store_file))?;
            Some((held, meta))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(SaveError::Io { path: store_file.to_path_buf(), error: e }),
    };
    let expected = current.as_ref().map(|(held, _)| Fingerprint::of(held));
    if loaded.is_some() && expected != loaded {
        return Err(SaveError::ChangedOnDisk(store_file.to_path_buf()));
    }
    let owner = current.as_ref().map(|(_, meta)| meta);
    if let Some(refused) = owner.and_then(|meta| not_writable(store_file, meta)) {
        return Err(refused);
    }
    let backup = backup_path(store_file);
    let backup_temp = match &current {
        Some((held, meta)) => Some(write_temporary(&backup, Some(meta), |out| out.write_all(held))?),
        None => None,
    };
    let swapped = write_temporary(store_file, owner, |out| out.write_all(bytes)).and_then(|temp| {
        let checked = before_swap().and_then(|()| still_holds(store_file, expected));
        match checked {
            Ok(()) => Ok(temp),
            Err(error) => {
                let _ = fs::remove_file(&temp);
                Err(error)
            }
        }
    });
    let temp = match swapped {
        Ok(temp) => temp,
        Err(error) => {
            if let Some(backup_temp) = &backup_temp {
                let _ = fs::remove_file(backup_temp);
            }
            return Err(error);
        }
    };
    if let Some(backup_temp) = &backup_temp
        && let Err(error) = fs::rename(backup_temp, &backup)
    {
        let _ = fs::remove_file(backup_temp);
        let _ = fs::remove_file(&temp);
        return Err(SaveError::Io { path: backup, error });
    }
    rename_into_place(&temp, store_file)?;
    Ok(Fingerprint::of(bytes))
}

mod spliced;
pub use spliced::save_spliced;

/// Whether `store_file` still holds what had the fingerprint `expected` (or is still missing, for
/// `None`): hashed again, with the file's stamp taken around the hashing so that a write while it
/// was read is seen too.
fn still_holds(store_file: &Path, expected: Option<Fingerprint>) -> Result<(), SaveError> {
    let changed = || SaveError::ChangedOnDisk(store_file.to_path_buf());
    let Some(expected) = expected else {
        return match fs::symlink_metadata(store_file) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(SaveError::Io { path: store_file.to_path_buf(), error }),
            Ok(_) => Err(changed()),
        };
    };
    let stamp = |path| Stamp::of(path).map_err(|_| changed());
    let before = stamp(store_file)?;
    let now = Fingerprint::read(store_file).map_err(|_| changed())?;
    if now != expected || stamp(store_file)? != before {
        return Err(changed());
    }
    Ok(())
}

/// Writes `bytes` to `path` through a fsynced temporary file renamed over it, then fsyncs the
/// folder so the rename itself survives a crash. The file keeps the permissions it had.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let owner = fs::metadata(path).ok();
    let temp = write_temporary(path, owner.as_ref(), |out| out.write_all(bytes))?;
    rename_into_place(&temp, path)
}

/// `save` without a `loaded` check, for a file streamed by `write`: the new file is written and
/// synced before anything is touched, so a failed write changes nothing; then the current file is
/// kept as the backup (a hard link where the file system allows, so a large store is not copied)
/// and the new one renamed over it, unless store.json was replaced or written meanwhile.
pub fn save_with(store_file: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), SaveError> {
    let owner = fs::metadata(store_file).ok();
    if let Some(refused) = owner.as_ref().and_then(|meta| not_writable(store_file, meta)) {
        return Err(refused);
    }
    let temp = write_temporary(store_file, owner.as_ref(), |out| write(out))?;
    let kept = match store_file.symlink_metadata() {
        Ok(_) => keep_backup(store_file).and_then(|()| Stamp::of(store_file).map(Some).map_err(io_at(store_file))),
        Err(_) => Ok(None),
    };
    let unchanged = kept.and_then(|stamp| match stamp {
        Some(stamp) if Stamp::of(store_file).ok().as_ref() != Some(&stamp) => {
            Err(SaveError::ChangedOnDisk(store_file.to_path_buf()))
        }
        Some(_) => Ok(()),
        None => still_holds(store_file, None),
    });
    if let Err(error) = unchanged {
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
    let owner = fs::metadata(store_file).ok();
    let temp = write_temporary(&backup, owner.as_ref(), |out| out.write_all(&current))?;
    rename_into_place(&temp, &backup)
}

/// A new temporary file beside `path` holding what `write` wrote, fsynced; removed on failure.
/// It gets `owner`'s permission bits from the start (never readable by more people than the file
/// it replaces, even for a moment) and, where the process may set them, its owner and group.
fn write_temporary(
    path: &Path,
    owner: Option<&Metadata>,
    write: impl FnOnce(&mut io::BufWriter<Writeback>) -> io::Result<()>,
) -> Result<PathBuf, SaveError> {
    let temp = temp_path(path);
    let written = (|| {
        let mode = owner.map_or(0o666, |meta| meta.permissions().mode() & 0o777);
        let file = OpenOptions::new().write(true).create_new(true).mode(mode).open(&temp)?;
        if let Some(meta) = owner {
            keep_owner(&file, meta)?;
        }
        let mut out = io::BufWriter::with_capacity(1 << 20, Writeback { file, written: 0, started: 0 });
        write(&mut out)?;
        out.into_inner().map_err(io::IntoInnerError::into_error)?.file.sync_all()
    })();
    match written {
        Ok(()) => Ok(temp),
        Err(error) => {
            let _ = fs::remove_file(&temp);
            Err(SaveError::Io { path: temp, error })
        }
    }
}

/// A file being written that has the kernel start writing each stretch to disk as soon as it is
/// written, so that the fsync at the end waits for the last stretch rather than for all of it:
/// writing a large store and syncing it then overlap instead of following one another.
pub(super) struct Writeback {
    file: File,
    written: u64,
    /// Where the stretch not yet handed to the kernel's writeback starts.
    started: u64,
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        const STRETCH: u64 = 8 << 20;
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= STRETCH {
            use std::os::fd::AsRawFd;
            let (start, len) = (self.started as libc::off64_t, (self.written - self.started) as libc::off64_t);
            // SAFETY: sync_file_range only reads the descriptor, which `file` keeps open. Only a
            // hint to start writing: the fsync at the end is what makes the file durable (and
            // reports any error), so its result is not needed.
            let _ = unsafe { libc::sync_file_range(self.file.as_raw_fd(), start, len, libc::SYNC_FILE_RANGE_WRITE) };
            self.started = self.written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Gives `file` the owner, group and permission bits of `meta` (the umask narrowed the bits at
/// creation). A process that may not give a file away (not root, not the group's member) keeps
/// itself as owner: that is not an error, the file is then the user's own.
fn keep_owner(file: &File, meta: &Metadata) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let opened = file.metadata()?;
    if (opened.uid(), opened.gid()) != (meta.uid(), meta.gid()) {
        // SAFETY: fchown only reads the descriptor, which `file` keeps open for the call.
        let _ = unsafe { libc::fchown(file.as_raw_fd(), meta.uid(), meta.gid()) };
    }
    file.set_permissions(fs::Permissions::from_mode(meta.permissions().mode() & 0o777))
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

/// The temporary files a crashed save left beside `store_file`: regular files named the way
/// `temp_path` names them for the store or its backup, nothing else.
fn temporaries(store_file: &Path) -> io::Result<Vec<PathBuf>> {
    let name = store_file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefixes = [format!(".{name}{TEMP_MARK}"), format!(".{name}.bak{TEMP_MARK}")];
    let mut found = Vec::new();
    for entry in fs::read_dir(folder_of(store_file))? {
        let entry = entry?;
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) && entry.file_type()?.is_file() {
            found.push(entry.path());
        }
    }
    Ok(found)
}

/// Removes temporary files a crashed save left beside `store_file`. Only safe while holding the
/// store's lock, when no other process can be writing one.
pub fn clean_temporaries(store_file: &Path) -> io::Result<usize> {
    let found = temporaries(store_file)?;
    for path in &found {
        fs::remove_file(path)?;
    }
    Ok(found.len())
}

/// `clean_temporaries` for a process that does not hold the lock (a browser opening a store):
/// when there is anything to clean, the lock is taken for the moment of cleaning; when another
/// process holds it (and may be writing those files), nothing is touched.
pub fn clean_stale_temporaries(store_file: &Path) -> usize {
    if temporaries(store_file).map_or(true, |found| found.is_empty()) {
        return 0;
    }
    match Lock::acquire(store_file, "cleanup") {
        Ok(_lock) => clean_temporaries(store_file).unwrap_or(0),
        Err(_) => 0,
    }
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
    fn a_file_fingerprinted_as_it_is_written_has_the_fingerprint_of_its_bytes() {
        let bytes: Vec<u8> = (0..3 * Fingerprint::BLOCK + 11).map(|i| (i * 7 % 253) as u8).collect();
        for pieces in
            [vec![bytes.len()], vec![1, Fingerprint::BLOCK, 5, 2 * Fingerprint::BLOCK], vec![Fingerprint::BLOCK - 1, 3]]
        {
            let mut out = Fingerprinting::new(Vec::new());
            let mut rest = bytes.as_slice();
            for size in pieces.into_iter().chain([usize::MAX]) {
                let (piece, after) = rest.split_at(size.min(rest.len()));
                out.write_all(piece).unwrap();
                rest = after;
            }
            assert_eq!(out.finish(), Fingerprint::of(&bytes));
        }
        assert_eq!(Fingerprinting::new(Vec::new()).finish(), Fingerprint::of(&[]));
        for size in [1, 100, Fingerprint::BLOCK + 5] {
            let mut reading = FingerprintingReader::new(io::Read::chain(&bytes[..7], &bytes[7..]));
            let mut piece = vec![0; size];
            while reading.read(&mut piece).unwrap() > 0 {}
            assert_eq!(reading.finish(), Fingerprint::of(&bytes), "read {size} bytes at a time");
        }
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
    fn an_edit_made_between_writing_and_renaming_survives_and_nothing_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        fs::write(&store, "loaded").unwrap();
        fs::write(backup_path(&store), "older").unwrap();
        // The pause between the new file being written and being renamed, where another
        // program's edit used to vanish: their edit lands there.
        let error = save_guarded(&store, b"mine", Some(Fingerprint::of(b"loaded")), || {
            fs::write(&store, "theirs").unwrap();
            Ok(())
        })
        .unwrap_err();
        assert!(matches!(error, SaveError::ChangedOnDisk(_)), "{error}");
        assert_eq!(fs::read(&store).unwrap(), b"theirs");
        assert_eq!(fs::read(backup_path(&store)).unwrap(), b"older", "the backup is not replaced either");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file left");
        // The same with an edit that keeps the length and lands in the same clock tick.
        fs::write(&store, "loaded").unwrap();
        let error = save_guarded(&store, b"mine", Some(Fingerprint::of(b"loaded")), || {
            fs::write(&store, "LOADED").unwrap();
            Ok(())
        })
        .unwrap_err();
        assert!(matches!(error, SaveError::ChangedOnDisk(_)), "{error}");
        assert_eq!(fs::read(&store).unwrap(), b"LOADED");
        // A store created meanwhile where there was none is not replaced either.
        let fresh = dir.path().join("fresh.json");
        let error = save_guarded(&fresh, b"mine", None, || {
            fs::write(&fresh, "theirs").unwrap();
            Ok(())
        })
        .unwrap_err();
        assert!(matches!(error, SaveError::ChangedOnDisk(_)), "{error}");
        assert_eq!(fs::read(&fresh).unwrap(), b"theirs");
    }

    #[test]
    fn a_refusal_before_the_swap_replaces_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        fs::write(&store, "loaded").unwrap();
        let article = dir.path().join("a.txt");
        let error = save_guarded(&store, b"mine", Some(Fingerprint::of(b"loaded")), || {
            Err(SaveError::ChangedOnDisk(article.clone()))
        })
        .unwrap_err();
        assert!(error.to_string().contains("a.txt changed on disk"), "{error}");
        assert_eq!(fs::read(&store).unwrap(), b"loaded");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no backup, no temporary file");
    }

    #[test]
    fn a_private_store_stays_private_and_a_read_only_one_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        fs::write(&store, "first").unwrap();
        fs::set_permissions(&store, fs::Permissions::from_mode(0o600)).unwrap();
        let loaded = save(&store, b"second", Some(Fingerprint::of(b"first"))).unwrap();
        save(&store, b"third", Some(loaded)).unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&store), 0o600);
        assert_eq!(mode(&backup_path(&store)), 0o600);
        save_with(&store, |out| out.write_all(b"fourth")).unwrap();
        assert_eq!(mode(&store), 0o600);
        assert_eq!(mode(&backup_path(&store)), 0o600);
        fs::set_permissions(&store, fs::Permissions::from_mode(0o444)).unwrap();
        let error = save(&store, b"fifth", Some(Fingerprint::of(b"fourth"))).unwrap_err();
        assert!(matches!(error, SaveError::NotWritable { mode: 0o444, .. }), "{error}");
        assert!(error.to_string().contains("chmod u+w"), "{error}");
        assert!(refuses_writing(&store).is_some());
        assert!(save_with(&store, |out| out.write_all(b"fifth")).is_err());
        assert_eq!(fs::read(&store).unwrap(), b"fourth");
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
        // Someone else's open store: its temporaries may be a save under way, and stay.
        fs::write(temp_path(&store), "a save under way").unwrap();
        let lock = Lock::acquire(&store, "browser").unwrap();
        assert_eq!(clean_stale_temporaries(&store), 0);
        drop(lock);
        assert_eq!(clean_stale_temporaries(&store), 1);
        assert!(!Lock::path_for(&store).exists(), "cleaning leaves no lock file");
    }
}
