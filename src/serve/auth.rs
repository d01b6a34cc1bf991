//! Who may connect: the public keys of an authorized_keys file, or (explicitly) anyone, anonymously.
//! Passwords and keyboard-interactive are never offered: there is nothing to check them against.

use std::fs;
use std::io;
use std::path::Path;

use russh::keys::ssh_key::AuthorizedKeys;
use russh::keys::{HashAlg, PublicKey};

/// The access policy fixed at start.
#[derive(Debug, Clone)]
pub enum Access {
    /// Only these keys (compared by key material; comments and options in the file are ignored).
    Keys(Vec<PublicKey>),
    /// Anyone, without credentials (`--open`).
    Open,
}

impl Access {
    /// Reads an OpenSSH authorized_keys file. A malformed line is an error rather than a silently smaller
    /// allow-list, and an empty list is refused because it would make a server nobody can use.
    pub fn from_authorized_keys(path: &Path) -> io::Result<Access> {
        let text =
            fs::read_to_string(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let keys = parse_authorized_keys(&text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))?;
        if keys.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: no public keys in it", path.display()),
            ));
        }
        Ok(Access::Keys(keys))
    }

    pub fn is_open(&self) -> bool {
        matches!(self, Access::Open)
    }

    /// Whether a (signature-verified) key may log in.
    pub fn allows(&self, key: &PublicKey) -> bool {
        match self {
            Access::Keys(keys) => keys.iter().any(|k| k.key_data() == key.key_data()),
            Access::Open => true,
        }
    }
}

fn parse_authorized_keys(text: &str) -> Result<Vec<PublicKey>, String> {
    AuthorizedKeys::new(text)
        .enumerate()
        .map(|(n, entry)| entry.map(|e| e.public_key().clone()).map_err(|e| format!("entry {}: {e}", n + 1)))
        .collect()
}

/// `SHA256:…` of a client key, for the connection log.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINFLWChdWYzkMTGJGl/5cYQlL6+ntqWbvxcTPTjV5VlA alice@example";
    const BOB: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOsQriLVS/Ar7TmuDslEtHD8Blni12SpE2VZhcM6Cnnu bob";

    fn key(line: &str) -> PublicKey {
        PublicKey::from_openssh(line).unwrap()
    }

    #[test]
    fn listed_keys_are_allowed_and_others_are_not() {
        let text = format!("# team\n\n{ALICE}\nrestrict,no-pty {BOB}\n");
        let access = Access::Keys(parse_authorized_keys(&text).unwrap());
        assert!(access.allows(&key(ALICE)));
        assert!(access.allows(&key(BOB)));
        let only_alice = Access::Keys(parse_authorized_keys(ALICE).unwrap());
        assert!(!only_alice.allows(&key(BOB)));
    }

    #[test]
    fn a_comment_does_not_make_a_key_different() {
        let access = Access::Keys(parse_authorized_keys(ALICE).unwrap());
        assert!(access.allows(&key(&ALICE.replace("alice@example", "someone-else"))));
    }

    #[test]
    fn a_malformed_line_is_an_error() {
        let err = parse_authorized_keys(&format!("{ALICE}\nssh-ed25519 not-base64!\n")).unwrap_err();
        assert!(err.contains("entry 2"), "{err}");
    }

    #[test]
    fn an_empty_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("authorized_keys");
        fs::write(&path, "# nobody yet\n").unwrap();
        assert!(Access::from_authorized_keys(&path).is_err());
        assert!(Access::from_authorized_keys(&dir.path().join("missing")).is_err());
    }

    #[test]
    fn open_allows_any_key_and_says_so() {
        assert!(Access::Open.is_open());
        assert!(Access::Open.allows(&key(BOB)));
        assert!(fingerprint(&key(ALICE)).starts_with("SHA256:"));
    }
}
