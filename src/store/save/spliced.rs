//! The save of a change to a large store: the new file written by copying the untouched
//! stretches of the old one, with every guarantee of `save_guarded`, and what grows with the
//! file kept off the path the user waits on where that is safe.

use std::fs::{self, File, Metadata};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::{
    Fingerprint, Fingerprinting, SaveError, Stamp, backup_path, io_at, not_writable, rename_into_place, still_holds,
    temp_path, write_temporary,
};
use crate::store::crash;
use crate::user_file;

/// Replaces `store_file` (which held `loaded` when last read or written) with what `write`
/// writes, given the file as it is now to copy unchanged stretches from. Every guarantee of
/// `save_guarded` holds: a fsynced temporary renamed into place, the owner's permissions, the
/// previous file kept as the backup (a hard link where the file system allows, so it costs no
/// copy), and the compare and swap just before the rename. `before_swap` gets the new file,
/// written and synced, to check whatever the change depends on (the store it makes is valid, the
/// articles it quotes are unchanged); an error from it replaces nothing. Returns the new file's
/// fingerprint.
///
/// What grows with the file is kept off the path the user waits on where that is safe: the file
/// on disk is hashed for the compare and swap while the new one is written and synced (a write
/// made meanwhile changes its times, checked at the swap), and the backup it replaces is deleted
/// after the rename (freeing a large file's blocks takes tens of milliseconds).
pub fn save_spliced<E: From<SaveError>>(
    store_file: &Path,
    loaded: Fingerprint,
    write: impl FnOnce(&File, &mut dyn Write) -> io::Result<()>,
    before_swap: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<Fingerprint, E> {
    let changed = || SaveError::ChangedOnDisk(store_file.to_path_buf());
    let (current, size) = match user_file::open_regular(store_file) {
        Ok(opened) => opened,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(changed().into()),
        Err(error) => return Err(SaveError::Io { path: store_file.to_path_buf(), error }.into()),
    };
    let meta = current.metadata().map_err(io_at(store_file))?;
    // A different length says the file changed without reading it; the same length is checked
    // byte for byte at the swap.
    if size != loaded.len {
        return Err(changed().into());
    }
    if let Some(refused) = not_writable(store_file, &meta) {
        return Err(refused.into());
    }
    // Kept first, so that linking (which changes the file's change time) is behind the stamp
    // the swap compares.
    let backup_temp = keep_as_backup(store_file, &current, size, &meta)?;
    let saved = std::thread::scope(|scope| {
        let stamp = current.metadata().map(|now| Stamp::from(&now)).map_err(io_at(store_file))?;
        let hashing = written_long_ago(&meta).then(|| scope.spawn(|| Fingerprint::of_file(&current, size)));
        let mut written = None;
        let temp = write_temporary(store_file, Some(&meta), |out| {
            let mut hashing = Fingerprinting::new(out);
            write(&current, &mut hashing)?;
            written = Some(hashing.finish());
            Ok(())
        })?;
        let written = written.expect("fingerprinted as written");
        crash::point(crash::NEW_FILE_WRITTEN);
        let held = hashing.map(|hashing| hashing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        let checked = before_swap(&temp).and_then(|()| {
            let unchanged = match held {
                // Hashed as it was when `stamp` was taken; the same stamp now says nothing wrote it since.
                Some(held) => match (held, Stamp::of(store_file)) {
                    (Ok(held), Ok(now)) if held == loaded && now == stamp => Ok(()),
                    _ => Err(changed()),
                },
                None => match fs::metadata(store_file) {
                    Ok(now) if (now.dev(), now.ino()) == (meta.dev(), meta.ino()) => {
                        still_holds(store_file, Some(loaded))
                    }
                    _ => Err(changed()),
                },
            };
            unchanged.and_then(|()| swap(store_file, &backup_temp, &temp)).map(|()| written).map_err(E::from)
        });
        if checked.is_err() {
            let _ = fs::remove_file(&temp);
        }
        checked
    });
    if saved.is_err() {
        let _ = fs::remove_file(&backup_temp);
    }
    saved
}

/// Whether the file was last written long enough ago that a later write cannot leave its
/// modification time the same, even on a file system whose clock ticks coarsely: then its stamp
/// alone says whether it was written since. A file written moments ago is hashed again at the
/// swap instead.
fn written_long_ago(meta: &Metadata) -> bool {
    const SETTLED: std::time::Duration = std::time::Duration::from_millis(50);
    let now = std::time::SystemTime::now();
    meta.modified().is_ok_and(|modified| now.duration_since(modified).is_ok_and(|age| age > SETTLED))
}

/// A temporary link to the file read (`current`), to become the backup at the swap; refused when
/// store.json is no longer that file.
fn keep_as_backup(store_file: &Path, current: &File, size: u64, meta: &Metadata) -> Result<PathBuf, SaveError> {
    let changed = || SaveError::ChangedOnDisk(store_file.to_path_buf());
    let same_file = |a: &Metadata| (a.dev(), a.ino()) == (meta.dev(), meta.ino());
    let backup_temp = temp_path(&backup_path(store_file));
    match fs::hard_link(store_file, &backup_temp) {
        // The link must be of the file read, not of one renamed over it meanwhile.
        Ok(()) => match fs::metadata(&backup_temp) {
            Ok(linked) if same_file(&linked) => Ok(backup_temp),
            _ => {
                let _ = fs::remove_file(&backup_temp);
                Err(changed())
            }
        },
        // A file system without hard links: the backup is a copy.
        Err(_) => {
            let mut from = current;
            from.seek(io::SeekFrom::Start(0)).map_err(io_at(store_file))?;
            let copy = write_temporary(&backup_path(store_file), Some(meta), |out| {
                io::copy(&mut from.take(size), out).map(|_| ())
            })?;
            fs::rename(&copy, &backup_temp).map_err(|error| {
                let _ = fs::remove_file(&copy);
                SaveError::Io { path: backup_temp.clone(), error }
            })?;
            Ok(backup_temp)
        }
    }
}

/// The end of `save_spliced`, once store.json is known to hold what was loaded: `backup_temp`
/// becomes the backup and `temp` store.json. The backup replaced is renamed aside first and
/// deleted once the swap is done; a crash before that leaves it as a temporary, which the next
/// editor cleans.
fn swap(store_file: &Path, backup_temp: &Path, temp: &Path) -> Result<(), SaveError> {
    let backup = backup_path(store_file);
    let aside = temp_path(&backup);
    let set_aside = fs::rename(&backup, &aside).is_ok();
    crash::point(crash::OLD_BACKUP_ASIDE);
    if let Err(error) = fs::rename(backup_temp, &backup) {
        if set_aside {
            let _ = fs::rename(&aside, &backup);
        }
        return Err(SaveError::Io { path: backup, error });
    }
    crash::point(crash::BACKUP_IN_PLACE);
    rename_into_place(temp, store_file)?;
    crash::point(crash::NEW_FILE_IN_PLACE);
    if set_aside {
        delete_later(aside);
    }
    Ok(())
}

/// Deletes a file no longer needed: on a thread when it is large (its blocks take tens of
/// milliseconds to free), at once when it is small.
fn delete_later(path: PathBuf) {
    const LARGE: u64 = 8 << 20;
    if fs::metadata(&path).is_ok_and(|meta| meta.len() >= LARGE) {
        std::thread::spawn(move || fs::remove_file(path));
    } else {
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_spliced_save_keeps_the_old_file_as_the_backup_and_refuses_a_file_changed_before_the_swap() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        fs::write(&store, "old text").unwrap();
        fs::set_permissions(&store, fs::Permissions::from_mode(0o600)).unwrap();
        let copy_head = |old: &File, out: &mut dyn Write| {
            let mut head = [0u8; 4];
            std::os::unix::fs::FileExt::read_exact_at(old, &mut head, 0)?;
            out.write_all(&head)?;
            out.write_all(b"new text")
        };
        let saved = save_spliced(&store, Fingerprint::of(b"old text"), copy_head, |_| Ok::<(), SaveError>(())).unwrap();
        assert_eq!(fs::read(&store).unwrap(), b"old new text");
        assert_eq!(saved, Fingerprint::of(b"old new text"));
        assert_eq!(fs::read(backup_path(&store)).unwrap(), b"old text");
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o7777;
        assert_eq!((mode(&store), mode(&backup_path(&store))), (0o600, 0o600));
        // Another program's edit of the same length lands while the new file is written.
        let theirs = "OLD NEW TEXT";
        let refused = save_spliced(
            &store,
            saved,
            |_, out| out.write_all(b"mine"),
            |_| {
                fs::write(&store, theirs).unwrap();
                Ok::<(), SaveError>(())
            },
        )
        .unwrap_err();
        assert!(matches!(refused, SaveError::ChangedOnDisk(_)), "{refused}");
        assert_eq!(fs::read_to_string(&store).unwrap(), theirs);
        assert_eq!(fs::read(backup_path(&store)).unwrap(), b"old text", "the backup is not replaced either");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file left");
        // A file of another length is refused before anything is written.
        fs::write(&store, "short").unwrap();
        let error = save_spliced(&store, saved, |_, _| panic!("nothing is written"), |_| Ok::<(), SaveError>(()));
        assert!(matches!(error, Err(SaveError::ChangedOnDisk(_))));
    }

    #[test]
    fn a_file_written_long_ago_is_hashed_while_the_new_one_is_written_and_any_write_is_still_seen() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        let age = |text: &str| {
            fs::write(&store, text).unwrap();
            let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
            File::options().write(true).open(&store).unwrap().set_modified(an_hour_ago).unwrap();
            assert!(written_long_ago(&fs::metadata(&store).unwrap()));
        };
        let none = |_: &Path| Ok::<(), SaveError>(());
        age("old text");
        let saved = save_spliced(&store, Fingerprint::of(b"old text"), |_, out| out.write_all(b"new text"), none);
        assert_eq!(saved.unwrap(), Fingerprint::of(b"new text"));
        assert_eq!(fs::read(backup_path(&store)).unwrap(), b"old text");
        // Someone else's edit of the same length before the save began: the hash tells.
        age("NEW TEXT");
        let refused = save_spliced(&store, Fingerprint::of(b"new text"), |_, out| out.write_all(b"mine"), none);
        assert!(matches!(refused, Err(SaveError::ChangedOnDisk(_))), "{refused:?}");
        // And one made while the new file is written, after the hash: the file's times tell.
        age("new text");
        let during = |_: &Path| {
            fs::write(&store, "NEW TEXT").unwrap();
            Ok::<(), SaveError>(())
        };
        let refused = save_spliced(&store, Fingerprint::of(b"new text"), |_, out| out.write_all(b"mine"), during);
        assert!(matches!(refused, Err(SaveError::ChangedOnDisk(_))), "{refused:?}");
        assert_eq!(fs::read(&store).unwrap(), b"NEW TEXT");
        assert_eq!(fs::read(backup_path(&store)).unwrap(), b"old text", "the backup is not replaced either");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file left");
    }
}
