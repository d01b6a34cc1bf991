//! Who may connect: the public keys of an authorized_keys file, or (explicitly) anyone, anonymously.
//! Passwords and keyboard-interactive are never offered: there is nothing to check them against.

use std::io;
use std::net::IpAddr;
use std::path::Path;
use std::time::SystemTime;

use russh::keys::ssh_key::AuthorizedKeys;
use russh::keys::{HashAlg, PublicKey};

use super::key_options::KeyOptions;

/// A key from authorized_keys and the options it was listed with.
pub type ListedKey = (PublicKey, KeyOptions);

/// The access policy fixed at start.
#[derive(Debug, Clone)]
pub enum Access {
    /// Only these keys (compared by key material), each under the options it was listed with.
    Keys(Vec<ListedKey>),
    /// Anyone, without credentials (`--open`).
    Open,
}

impl Access {
    /// Reads an OpenSSH authorized_keys file, with a note for each key left out and why. A malformed line is
    /// an error rather than a silently smaller allow-list, and a file with no usable key is refused because it
    /// would make a server nobody can use.
    pub fn from_authorized_keys(path: &Path) -> io::Result<(Access, Vec<String>)> {
        // Only a regular file, read up to its size: a FIFO or /dev/zero is refused at once, by name.
        let bytes = crate::user_file::read_regular(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: not UTF-8 text (byte {}); an authorized_keys file is text",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        let (keys, left_out) = parse_authorized_keys(&text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))?;
        if keys.is_empty() {
            let why = if left_out.is_empty() { "no public keys in it".to_string() } else { left_out.join("; ") };
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: no usable key: {why}", path.display()),
            ));
        }
        Ok((Access::Keys(keys), left_out))
    }

    pub fn is_open(&self) -> bool {
        matches!(self, Access::Open)
    }

    /// Whether a (signature-verified) key may log in from `peer` now.
    pub fn allows(&self, key: &PublicKey, peer: Option<IpAddr>) -> bool {
        self.allows_at(key, peer, SystemTime::now())
    }

    fn allows_at(&self, key: &PublicKey, peer: Option<IpAddr>, now: SystemTime) -> bool {
        match self {
            Access::Keys(keys) => {
                keys.iter().any(|(listed, options)| listed.key_data() == key.key_data() && options.permit(peer, now))
            }
            Access::Open => true,
        }
    }
}

/// The usable keys with their options, and a note for each entry left out.
fn parse_authorized_keys(text: &str) -> Result<(Vec<ListedKey>, Vec<String>), String> {
    let (mut keys, mut left_out) = (Vec::new(), Vec::new());
    for (n, entry) in AuthorizedKeys::new(text).enumerate() {
        let entry = entry.map_err(|e| format!("entry {}: {e}", n + 1))?;
        match KeyOptions::parse(entry.config_opts().as_str()) {
            Ok(options) => keys.push((entry.public_key().clone(), options)),
            Err(why) => left_out.push(format!("entry {} ({}) left out: {why}", n + 1, fingerprint(entry.public_key()))),
        }
    }
    Ok((keys, left_out))
}

/// `SHA256:…` of a client key, for the connection log.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const ALICE: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINFLWChdWYzkMTGJGl/5cYQlL6+ntqWbvxcTPTjV5VlA alice@example";
    const BOB: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOsQriLVS/Ar7TmuDslEtHD8Blni12SpE2VZhcM6Cnnu bob";
    const HERE: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));

    fn key(line: &str) -> PublicKey {
        PublicKey::from_openssh(line).unwrap()
    }

    fn keys(text: &str) -> Access {
        Access::Keys(parse_authorized_keys(text).unwrap().0)
    }

    #[test]
    fn listed_keys_are_allowed_and_others_are_not() {
        let access = keys(&format!("# team\n\n{ALICE}\nno-agent-forwarding {BOB}\n"));
        assert!(access.allows(&key(ALICE), HERE));
        assert!(access.allows(&key(BOB), HERE));
        assert!(!keys(ALICE).allows(&key(BOB), HERE));
    }

    #[test]
    fn from_and_expiry_time_are_enforced() {
        let access = keys(&format!("from=\"10.0.0.*\" {ALICE}\nfrom=\"127.0.0.0/8\",expiry-time=\"20300101\" {BOB}\n"));
        assert!(!access.allows(&key(ALICE), HERE), "alice only from 10.0.0.*");
        assert!(access.allows(&key(ALICE), Some("10.0.0.8".parse().unwrap())));
        let at = |secs| SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs);
        assert!(access.allows_at(&key(BOB), HERE, at(1_893_456_000 - 60)));
        assert!(!access.allows_at(&key(BOB), HERE, at(1_893_456_000 + 60)), "expired");
    }

    #[test]
    fn keys_that_cannot_be_honoured_are_left_out_and_named() {
        let (usable, left_out) =
            parse_authorized_keys(&format!("restrict {ALICE}\ncommand=\"/bin/backup\" {BOB}\n")).unwrap();
        assert!(usable.is_empty());
        assert_eq!(left_out.len(), 2);
        assert!(left_out[0].starts_with("entry 1 (SHA256:") && left_out[0].contains("no-pty"), "{left_out:?}");
        assert!(left_out[1].contains("command"), "{left_out:?}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("authorized_keys");
        fs::write(&path, format!("restrict {ALICE}\n")).unwrap();
        let error = Access::from_authorized_keys(&path).unwrap_err().to_string();
        assert!(error.contains("no usable key") && error.contains("no-pty"), "{error}");
        fs::write(&path, format!("restrict {ALICE}\n{BOB}\n")).unwrap();
        let (access, left_out) = Access::from_authorized_keys(&path).unwrap();
        assert!(access.allows(&key(BOB), HERE) && !access.allows(&key(ALICE), HERE));
        assert_eq!(left_out.len(), 1);
    }

    #[test]
    fn a_comment_does_not_make_a_key_different() {
        assert!(keys(ALICE).allows(&key(&ALICE.replace("alice@example", "someone-else")), HERE));
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
        assert!(Access::Open.allows(&key(BOB), None));
        assert!(fingerprint(&key(ALICE)).starts_with("SHA256:"));
    }
}
