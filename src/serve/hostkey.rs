//! The server's ed25519 host key: generated once, kept private (0600), reused so clients can pin it.

use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{Algorithm, HashAlg, PrivateKey};

/// Where the host key lives when `--host-key` is not given: the XDG state directory.
pub fn default_path() -> io::Result<PathBuf> {
    state_dir(std::env::var_os("XDG_STATE_HOME"), std::env::var_os("HOME")).map(|dir| dir.join("host_key"))
}

fn state_dir(xdg_state_home: Option<std::ffi::OsString>, home: Option<std::ffi::OsString>) -> io::Result<PathBuf> {
    // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
    if let Some(dir) = xdg_state_home.map(PathBuf::from).filter(|d| d.is_absolute()) {
        return Ok(dir.join("factline"));
    }
    match home.map(PathBuf::from).filter(|h| h.is_absolute()) {
        Some(home) => Ok(home.join(".local/state/factline")),
        None => Err(io::Error::new(
            io::ErrorKind::NotFound,
            "neither XDG_STATE_HOME nor HOME is set; give the host key file with --host-key",
        )),
    }
}

/// A host key and whether this run created it.
pub struct HostKey {
    pub key: PrivateKey,
    pub created: bool,
}

impl HostKey {
    /// `SHA256:…`, the form `ssh` shows when it first meets a server.
    pub fn fingerprint(&self) -> String {
        self.key.public_key().fingerprint(HashAlg::Sha256).to_string()
    }
}

/// Reads the key at `path`, or creates a new one there (parent folders 0700, file 0600) if none exists.
pub fn load_or_create(path: &Path) -> io::Result<HostKey> {
    match fs::symlink_metadata(path) {
        Ok(_) => load(path).map(|key| HostKey { key, created: false }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => create(path).map(|key| HostKey { key, created: true }),
        Err(e) => Err(with_path(e, path)),
    }
}

fn load(path: &Path) -> io::Result<PrivateKey> {
    // A folder, a device or a FIFO is named for what it is (not told to `chmod 600`), and a FIFO or
    // `/dev/zero` never hangs or fills memory: only a regular file is opened, and read up to its size.
    let (file, size) = crate::user_file::open_regular(path).map_err(|e| match e.kind() {
        io::ErrorKind::InvalidInput => invalid(path, &format!("{e}; give the key file with --host-key")),
        _ => with_path(e, path),
    })?;
    let meta = file.metadata().map_err(|e| with_path(e, path))?;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "host key {} is readable by others (mode {:o}); run `chmod 600` on it",
                path.display(),
                meta.permissions().mode() & 0o777
            ),
        ));
    }
    let mut bytes = Vec::new();
    file.take(size).read_to_end(&mut bytes).map_err(|e| with_path(e, path))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid(
            path,
            "the file is empty; remove it to have a new key made, or give another with --host-key",
        ));
    }
    if !bytes.trim_ascii_start().starts_with(b"-----BEGIN OPENSSH PRIVATE KEY-----") {
        return Err(invalid(
            path,
            "not an OpenSSH private key (it does not begin with -----BEGIN OPENSSH PRIVATE KEY-----); \
             give a key made by `ssh-keygen -t ed25519`, or remove the file to have a new key made",
        ));
    }
    let key = PrivateKey::from_openssh(&bytes).map_err(|e| {
        invalid(path, &format!("a damaged OpenSSH private key ({e}); remove it to have a new key made"))
    })?;
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(invalid(path, "not an ed25519 key"));
    }
    if key.is_encrypted() {
        return Err(invalid(path, "the key is passphrase-protected"));
    }
    Ok(key)
}

fn create(path: &Path) -> io::Result<PrivateKey> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::DirBuilder::new().recursive(true).mode(0o700).create(parent).map_err(|e| with_path(e, parent))?;
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| io::Error::other(format!("no system randomness: {e}")))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key.to_openssh(LineEnding::LF).map_err(|e| io::Error::other(e.to_string()))?;
    // create_new: never follow or overwrite something that appeared since we looked.
    let mut file =
        OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(|e| with_path(e, path))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(key)
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn invalid(path: &Path, why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("host key {}: {why}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_private_and_the_same_key_is_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/factline/host_key");
        let first = load_or_create(&path).unwrap();
        assert!(first.created);
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
        assert!(first.fingerprint().starts_with("SHA256:"), "{}", first.fingerprint());

        let again = load_or_create(&path).unwrap();
        assert!(!again.created);
        assert_eq!(again.fingerprint(), first.fingerprint());
    }

    #[test]
    fn two_new_keys_differ() {
        let dir = tempfile::tempdir().unwrap();
        let a = load_or_create(&dir.path().join("a")).unwrap();
        let b = load_or_create(&dir.path().join("b")).unwrap();
        assert_ne!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn a_key_readable_by_others_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host_key");
        load_or_create(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create(&path).err().unwrap();
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }

    #[test]
    fn empty_garbage_and_damaged_key_files_say_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let good = fs::read_to_string(write_key(&dir.path().join("good"))).unwrap();
        let damaged = good.replace(&good[60..80], "!!!!!!!!!!!!!!!!!!!!");
        for (contents, words) in [
            ("".to_string(), "the file is empty"),
            ("\n  \n".to_string(), "the file is empty"),
            ("\0\0\0\0".to_string(), "not an OpenSSH private key"),
            ("ssh-ed25519 AAAAC3Nza me@host\n".to_string(), "not an OpenSSH private key"),
            (damaged, "a damaged OpenSSH private key"),
        ] {
            let path = dir.path().join("host_key");
            let _ = fs::remove_file(&path);
            OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path).unwrap();
            fs::write(&path, &contents).unwrap();
            let error = load_or_create(&path).err().unwrap().to_string();
            assert!(error.contains(words) && !error.contains("NUL byte"), "{contents:?}: {error}");
            assert_eq!(fs::read_to_string(&path).unwrap(), contents, "the file is left as it was");
        }
    }

    fn write_key(path: &Path) -> &Path {
        load_or_create(path).unwrap();
        path
    }

    #[test]
    fn folders_and_devices_are_named_not_told_to_chmod() {
        let dir = tempfile::tempdir().unwrap();
        for (path, words) in [(dir.path(), "a folder"), (Path::new("/dev/null"), "a character device")] {
            let error = load_or_create(path).err().unwrap().to_string();
            assert!(error.contains(words) && !error.contains("chmod"), "{error}");
        }
    }

    #[test]
    fn garbage_in_the_key_file_is_an_error_not_a_new_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host_key");
        OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path).unwrap().write_all(b"junk").unwrap();
        assert_eq!(load_or_create(&path).err().unwrap().kind(), io::ErrorKind::InvalidData);
        assert_eq!(fs::read(&path).unwrap(), b"junk");
    }

    #[test]
    fn the_state_dir_follows_xdg_then_home() {
        let xdg = state_dir(Some("/xdg".into()), Some("/home/u".into())).unwrap();
        assert_eq!(xdg, PathBuf::from("/xdg/factline"));
        let home = state_dir(Some("relative".into()), Some("/home/u".into())).unwrap();
        assert_eq!(home, PathBuf::from("/home/u/.local/state/factline"));
        assert!(state_dir(None, None).is_err());
    }
}
