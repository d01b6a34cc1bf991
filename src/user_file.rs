//! Reading files a user names (a store, its articles, key files, CSV exports) without trusting
//! what they are.
//!
//! A path can name a FIFO that never ends, a device such as `/dev/zero` or `/dev/urandom` that
//! never stops giving bytes, a folder, or a socket — directly or through a symbolic link. Reading
//! such a thing "whole" hangs or exhausts memory, so every reader of user files goes through here:
//! only regular files are opened, and never more bytes are read than the file had when it was
//! opened (a file that grows while it is read is taken as it was).

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// What a path that is not a regular file turned out to be, in words for a message.
fn describe(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

fn not_regular(meta: &Metadata) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("it is {}, not a regular file", describe(meta)))
}

/// Opens `path` (following links) only when it is a regular file, and returns it with the size it
/// had when opened. A FIFO is refused before it is opened, and the open itself never blocks, so a
/// pipe swapped in at the last moment cannot hang the caller either.
pub fn open_regular(path: &Path) -> io::Result<(File, u64)> {
    let before = std::fs::metadata(path)?;
    if !before.is_file() {
        return Err(not_regular(&before));
    }
    let file = OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(not_regular(&opened));
    }
    Ok((file, opened.len()))
}

/// The bytes of the regular file `path`, at most as many as it had when opened.
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let (file, size) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(size).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "ab\u{e9}").unwrap();
        assert_eq!(read_regular(&path).unwrap(), "ab\u{e9}".as_bytes());
    }

    #[test]
    fn a_link_to_a_regular_file_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "text").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert_eq!(read_regular(&link).unwrap(), b"text");
    }

    #[test]
    fn devices_folders_and_pipes_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        for (path, words) in [
            (fifo.as_path(), "a named pipe (FIFO)"),
            (zero.as_path(), "a character device"),
            (Path::new("/dev/urandom"), "a character device"),
            (dir.path(), "a folder"),
        ] {
            let error = read_regular(path).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidInput, "{}", path.display());
            assert!(error.to_string().contains(words), "{}: {error}", path.display());
        }
    }

    #[test]
    fn bytes_appended_after_opening_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("growing.txt");
        std::fs::write(&path, "first").unwrap();
        let (file, size) = open_regular(&path).unwrap();
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b" and more").unwrap();
        let mut bytes = Vec::new();
        file.take(size).read_to_end(&mut bytes).unwrap();
        assert_eq!(bytes, b"first");
    }
}
