//! The write-ahead journal of a large store: `store.json.journal` beside store.json.
//!
//! Rewriting a store of hundreds of megabytes for one accepted claim costs seconds (the whole
//! file written and synced), so on a large store a change is appended to the journal instead: one
//! self-checking entry (its length and SHA-256, and the length and SHA-256 of the store.json it
//! applies to), synced before the change is reported saved. Every factline reader replays the
//! journal on load, so all of them see the change; the browser folds it into store.json (the full
//! safe rewrite of `save::save_spliced`) when it quits and whenever the journal grows past a
//! bound, and then deletes it.
//!
//! What makes this safe:
//! - An entry is applied only whole: a crash in the middle of an append leaves a tail that fails
//!   its length or checksum, which readers drop with a notice and the next writer cuts off. An
//!   entry is reported saved only once it is synced, so no saved change is in a torn tail.
//! - Every entry names the store.json it applies to by length and SHA-256. A store.json edited
//!   outside factline no longer matches, and the journal is then never applied: the load stops
//!   with a message naming both files and what to do, and the journal is kept.
//! - A fold first writes the new store.json beside the old one, then appends a `folded_into`
//!   entry naming the new file's length and SHA-256, then renames it into place, then deletes
//!   the journal. A crash between any two steps leaves either the old store.json with the whole
//!   journal (replayed) or the new one with a journal that says it is folded into it (ignored).
//! - Readers open the journal before store.json, so a fold finishing meanwhile is seen through the
//!   `folded_into` entry still readable from the open journal.
//! - Only the holder of the store's lock (`lock::Lock`) appends, cuts, folds or deletes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::crash;
use super::format::Record;

/// What starts every entry's header line; the version is the number after it.
const MAGIC: &str = "factline-journal 1";

/// A journal is read whole, so it is refused past this size (the browser folds one long before:
/// `Policy`). Bounds a reader's memory and time whatever the file holds.
pub const READ_LIMIT: u64 = 256 << 20;

/// The journal of `store_file`: `store.json` → `store.json.journal`.
pub fn path_for(store_file: &Path) -> PathBuf {
    let mut name = store_file.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".journal");
    store_file.with_file_name(name)
}

/// When changes go to the journal rather than into store.json, and when the journal is folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// A store.json at least this long takes its changes into the journal; a smaller one is
    /// rewritten by each change (a spliced save of it is already fast).
    pub from_bytes: u64,
    /// The journal is folded once it is at least this long…
    pub fold_bytes: u64,
    /// …or holds this many changes (each replayed on every load, so this bounds load time).
    pub fold_entries: usize,
    /// A journal whose folds keep failing (a full disk) still grows no further than this many
    /// changes…
    pub limit_entries: usize,
    /// …or this many bytes (below `READ_LIMIT`, past which no reader would read it): at the
    /// limit a change is refused, saying why, rather than saved where no load could replay it.
    pub limit_bytes: u64,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            from_bytes: 128 << 20,
            fold_bytes: 16 << 20,
            fold_entries: 256,
            limit_entries: 4096,
            limit_bytes: READ_LIMIT / 2,
        }
    }
}

impl Policy {
    /// Never journal: every change rewrites store.json.
    pub fn never() -> Policy {
        Policy { from_bytes: u64::MAX, ..Policy::default() }
    }
}

/// A store.json's identity: its length and the SHA-256 of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Base {
    pub len: u64,
    pub sha256: [u8; 32],
}

impl Base {
    pub fn of(bytes: &[u8]) -> Base {
        let mut hashing = Hashing::new();
        hashing.update(bytes);
        hashing.finish()
    }

    fn hex(&self) -> String {
        hex(&self.sha256)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    digest.as_ref().try_into().expect("SHA-256 is 32 bytes")
}

/// A store.json's `Base`, computed as its bytes pass by.
pub struct Hashing {
    context: ring::digest::Context,
    len: u64,
}

impl Default for Hashing {
    fn default() -> Hashing {
        Hashing::new()
    }
}

impl Hashing {
    pub fn new() -> Hashing {
        Hashing { context: ring::digest::Context::new(&ring::digest::SHA256), len: 0 }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.context.update(bytes);
        self.len += bytes.len() as u64;
    }

    /// How many bytes were hashed so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn finish(self) -> Base {
        let digest = self.context.finish();
        Base { len: self.len, sha256: digest.as_ref().try_into().expect("SHA-256 is 32 bytes") }
    }
}

/// Passes reads through, hashing them.
pub struct HashingReader<'h, R> {
    pub inner: R,
    pub hashing: &'h mut Hashing,
}

impl<R: Read> Read for HashingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hashing.update(&buf[..n]);
        Ok(n)
    }
}

/// Passes writes through, hashing them.
pub struct HashingWriter<'w, 'h> {
    pub inner: &'w mut dyn Write,
    pub hashing: &'h mut Hashing,
}

impl Write for HashingWriter<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hashing.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The `Base` of the file at `path` as it is now.
pub fn base_of_file(path: &Path) -> io::Result<Base> {
    let (file, size) = crate::user_file::open_regular(path)?;
    let mut hashing = Hashing::new();
    io::copy(&mut HashingReader { inner: file.take(size), hashing: &mut hashing }, &mut io::sink())?;
    Ok(hashing.finish())
}

/// One step of a change, as made on store.json's top-level lists in canonical form.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Records `at..at + remove.len()` of the list `list` (which held `remove`) become `insert`.
    Records { list: String, at: usize, remove: Vec<Record>, insert: Vec<Record> },
    /// The top-level list `list` is created, empty, in its canonical place.
    NewList(String),
    /// The top-level entry `list` is removed (a change that created it, undone).
    DropList(String),
}

/// `Op` as written in an entry.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum OpOut<'o> {
    Records { list: &'o str, at: usize, remove: &'o [Record], insert: &'o [Record] },
    NewList(&'o str),
    DropList(&'o str),
}

/// `Op` as read from an entry: its records typed by the list they are in once read.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum OpIn {
    Records { list: String, at: usize, remove: Vec<serde_json::Value>, insert: Vec<serde_json::Value> },
    NewList(String),
    DropList(String),
}

impl Op {
    fn out(&self) -> OpOut<'_> {
        match self {
            Op::Records { list, at, remove, insert } => OpOut::Records { list, at: *at, remove, insert },
            Op::NewList(list) => OpOut::NewList(list),
            Op::DropList(list) => OpOut::DropList(list),
        }
    }

    fn read(op: OpIn) -> serde_json::Result<Op> {
        Ok(match op {
            OpIn::Records { list, at, remove, insert } => {
                let typed = |values: Vec<serde_json::Value>| {
                    values.into_iter().map(|v| Record::from_value(&list, v)).collect::<serde_json::Result<Vec<_>>>()
                };
                let (remove, insert) = (typed(remove)?, typed(insert)?);
                Op::Records { list, at, remove, insert }
            }
            OpIn::NewList(list) => Op::NewList(list),
            OpIn::DropList(list) => Op::DropList(list),
        })
    }
}

#[derive(Serialize, Deserialize)]
struct BaseText {
    bytes: u64,
    sha256: String,
}

impl From<Base> for BaseText {
    fn from(base: Base) -> BaseText {
        BaseText { bytes: base.len, sha256: base.hex() }
    }
}

impl BaseText {
    fn parse(&self) -> Option<Base> {
        let text = self.sha256.as_bytes();
        if text.len() != 64 {
            return None;
        }
        let mut sha256 = [0u8; 32];
        for (byte, pair) in sha256.iter_mut().zip(text.chunks(2)) {
            *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        Some(Base { len: self.bytes, sha256 })
    }
}

#[derive(Serialize)]
struct PayloadOut<'o> {
    base: BaseText,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    change: &'o [OpOut<'o>],
    #[serde(skip_serializing_if = "Option::is_none")]
    folded_into: Option<BaseText>,
}

#[derive(Deserialize)]
struct PayloadIn {
    base: BaseText,
    #[serde(default)]
    change: Vec<OpIn>,
    #[serde(default)]
    folded_into: Option<BaseText>,
}

/// One entry: its header line (`factline-journal 1 LENGTH SHA256`), the payload of that many
/// bytes, a newline.
fn frame(payload: &PayloadOut<'_>) -> Vec<u8> {
    let body = serde_json::to_vec(payload).expect("a journal entry always serializes");
    let mut entry = format!("{MAGIC} {} {}\n", body.len(), hex(&sha256(&body))).into_bytes();
    entry.extend_from_slice(&body);
    entry.push(b'\n');
    entry
}

/// The entry of a change made on the store `base`.
pub fn change_entry(base: Base, change: &[Op]) -> Vec<u8> {
    let change: Vec<OpOut<'_>> = change.iter().map(Op::out).collect();
    frame(&PayloadOut { base: base.into(), change: &change, folded_into: None })
}

/// The entry saying the journal made on `base` is being folded into the store `into`.
pub fn folded_entry(base: Base, into: Base) -> Vec<u8> {
    frame(&PayloadOut { base: base.into(), change: &[], folded_into: Some(into.into()) })
}

/// A journal as read: the changes of its whole entries, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Journal {
    /// The store.json its changes apply to.
    pub base: Base,
    pub changes: Vec<Vec<Op>>,
    /// Set once a fold wrote the store.json it names: the journal is then done with.
    pub folded_into: Option<Base>,
    /// The length of its whole entries: a writer cuts anything after it before appending.
    pub whole_len: u64,
    /// Bytes after the whole entries that are not a whole entry (a crash in the middle of an
    /// append): never applied.
    pub torn: u64,
}

impl Journal {
    /// What a reader says about the torn tail it dropped, if there is one.
    pub fn torn_notice(&self, journal: &Path) -> Option<String> {
        (self.torn > 0).then(|| {
            format!(
                "{}: the last {} bytes are an unfinished entry (a save interrupted before it was reported done); dropped, every whole entry applied",
                journal.display(),
                self.torn
            )
        })
    }
}

/// Why a journal cannot be used at all.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Whole entries that do not belong together (one names another store than the first):
    /// not something a crash makes.
    Damaged(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(error) => write!(f, "cannot read it: {error}"),
            ReadError::Damaged(why) => f.write_str(why),
        }
    }
}

/// Opens `store_file`'s journal when there is one (a reader opens it before store.json: see the
/// module's notes). Only a regular file, never blocking.
pub fn open(store_file: &Path) -> io::Result<Option<(File, u64)>> {
    match crate::user_file::open_regular(&path_for(store_file)) {
        Ok(opened) => Ok(Some(opened)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads an opened journal (`open`); `None` when it holds no whole entry.
pub fn read(file: File, size: u64) -> Result<Option<Journal>, ReadError> {
    if size > READ_LIMIT {
        return Err(ReadError::Damaged(format!(
            "it is {size} bytes, more than the {READ_LIMIT} a journal may have (a fold should have emptied it)"
        )));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(size).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    parse(&bytes)
}

/// The journal of `store_file`, read; `None` when there is none or it holds no whole entry.
pub fn read_for(store_file: &Path) -> Result<Option<Journal>, ReadError> {
    match open(store_file).map_err(ReadError::Io)? {
        Some((file, size)) => read(file, size),
        None => Ok(None),
    }
}

/// The whole entries of `bytes`, up to the first that is not whole.
fn parse(bytes: &[u8]) -> Result<Option<Journal>, ReadError> {
    let mut journal: Option<Journal> = None;
    let mut at = 0usize;
    while at < bytes.len() {
        let Some(payload) = entry_at(&bytes[at..]) else { break };
        let payload_len = payload.len();
        let header_len = bytes[at..].iter().position(|&b| b == b'\n').expect("a whole entry has a header line") + 1;
        // Checksummed, so written by factline: a payload that does not read is from another
        // version of it, not a torn write.
        let parsed: PayloadIn = serde_json::from_slice(payload).map_err(|e| unreadable(at, e))?;
        let change = parsed.change.into_iter().map(Op::read).collect::<serde_json::Result<Vec<_>>>();
        let change = change.map_err(|e| unreadable(at, e))?;
        let Some(base) = parsed.base.parse() else { break };
        let folded_into = match &parsed.folded_into {
            Some(into) => match into.parse() {
                Some(into) => Some(into),
                None => break,
            },
            None => None,
        };
        at += header_len + payload_len + 1;
        match &mut journal {
            None => {
                journal = Some(Journal { base, changes: Vec::new(), folded_into, whole_len: 0, torn: 0 });
            }
            Some(journal) if journal.base != base => {
                return Err(ReadError::Damaged(format!(
                    "its entries were made on two different versions of the store (the one ending at byte {at} differs from the first)"
                )));
            }
            Some(journal) => journal.folded_into = journal.folded_into.or(folded_into),
        }
        let journal = journal.as_mut().expect("set above");
        if !change.is_empty() {
            journal.changes.push(change);
        }
        journal.whole_len = at as u64;
    }
    if let Some(journal) = &mut journal {
        journal.torn = bytes.len() as u64 - journal.whole_len;
    }
    Ok(journal)
}

fn unreadable(at: usize, error: serde_json::Error) -> ReadError {
    ReadError::Damaged(format!(
        "the entry at byte {at} is whole but cannot be read ({error}): written by another version of factline?"
    ))
}

/// The payload of the entry at the start of `bytes` when it is whole: its header line says its
/// length and checksum, both hold, and a newline follows it.
fn entry_at(bytes: &[u8]) -> Option<&[u8]> {
    let end = bytes.iter().take(200).position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..end]).ok()?;
    let rest = header.strip_prefix(MAGIC)?.strip_prefix(' ')?;
    let (len, sum) = rest.split_once(' ')?;
    let len: usize = len.parse().ok()?;
    let payload = bytes.get(end + 1..end + 1 + len)?;
    (bytes.get(end + 1 + len) == Some(&b'\n') && hex(&sha256(payload)) == sum).then_some(payload)
}

/// Appends `entry` to `store_file`'s journal (created when missing, with store.json's
/// permissions), after cutting anything past `whole_len` (a torn tail), and syncs it: once this
/// returns, the entry survives a crash. Returns the journal's length now. Only under the lock.
pub fn append(store_file: &Path, whole_len: u64, entry: &[u8]) -> io::Result<u64> {
    let path = path_for(store_file);
    let mode = fs::metadata(store_file).map_or(0o600, |meta| meta.permissions().mode() & 0o777);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .mode(mode)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(&path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{} is not a regular file", path.display())));
    }
    let created = meta.len() == 0;
    if meta.len() != whole_len {
        file.set_len(whole_len)?;
    }
    if let Ok(store) = fs::metadata(store_file)
        && (meta.uid(), meta.gid()) != (store.uid(), store.gid())
    {
        use std::os::fd::AsRawFd;
        // SAFETY: fchown only reads the descriptor, which `file` keeps open for the call. A
        // process that may not give the file away keeps it as its own: not an error.
        let _ = unsafe { libc::fchown(file.as_raw_fd(), store.uid(), store.gid()) };
    }
    file.seek(io::SeekFrom::Start(whole_len))?;
    if crash::armed(crash::ENTRY_HALF_WRITTEN) {
        file.write_all(&entry[..entry.len() / 2])?;
        crash::point(crash::ENTRY_HALF_WRITTEN);
    }
    file.write_all(entry)?;
    crash::point(crash::ENTRY_WRITTEN);
    file.sync_data()?;
    crash::point(crash::ENTRY_SYNCED);
    if created {
        sync_folder(&path)?;
    }
    Ok(whole_len + entry.len() as u64)
}

/// Deletes `store_file`'s journal (once folded), the deletion itself synced. Only under the lock.
pub fn remove(store_file: &Path) -> io::Result<()> {
    let path = path_for(store_file);
    match fs::remove_file(&path) {
        Ok(()) => sync_folder(&path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn sync_folder(path: &Path) -> io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    File::open(folder)?.sync_all()
}

/// The message of a journal that cannot be applied to the store.json beside it.
pub fn mismatch_message(store_file: &Path, journal: &Journal) -> String {
    let changes = journal.changes.len();
    format!(
        "{} holds {changes} saved change{} made to another version of {} ({} bytes then, not what it holds now: was it edited, replaced or restored outside factline?); they were not applied and the journal is kept",
        path_for(store_file).display(),
        if changes == 1 { "" } else { "s" },
        store_file.display(),
        journal.base.len,
    )
}

/// What to do about `mismatch_message`.
pub const MISMATCH_HINT: &str = "to keep those changes, put back the store.json they were made on (store.json.bak may be it) and open the store once in factline; to drop them, move the .journal file away";

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: &str) -> Record {
        Record::Other(serde_json::json!({ "id": id }))
    }

    fn change(id: &str) -> Vec<Op> {
        vec![Op::Records { list: "notes".into(), at: 3, remove: vec![note(id)], insert: Vec::new() }]
    }

    #[test]
    fn whole_entries_are_read_back_and_a_torn_tail_is_dropped_at_any_cut() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        fs::write(&store, "{}\n").unwrap();
        let base = Base::of(b"{}\n");
        let first = change_entry(base, &change("c1"));
        let second = change_entry(base, &[Op::NewList("discrepancies".into()), Op::DropList("x".into())]);
        let len = append(&store, 0, &first).unwrap();
        append(&store, len, &second).unwrap();
        let whole = fs::read(path_for(&store)).unwrap();
        let journal = read_for(&store).unwrap().unwrap();
        assert_eq!(journal.base, base);
        assert_eq!(
            journal.changes,
            vec![change("c1"), vec![Op::NewList("discrepancies".into()), Op::DropList("x".into())]]
        );
        assert_eq!((journal.whole_len, journal.torn), (whole.len() as u64, 0));
        // Every cut inside the second entry: only the first is read, the rest is torn.
        for cut in first.len()..whole.len() {
            let journal = parse(&whole[..cut]).unwrap().unwrap();
            assert_eq!(journal.changes, vec![change("c1")], "cut at {cut}");
            assert_eq!((journal.whole_len, journal.torn), (first.len() as u64, (cut - first.len()) as u64));
            assert!(journal.torn_notice(Path::new("j")).is_some() == (cut > first.len()));
        }
        // Inside the first: nothing whole.
        for cut in 0..first.len() {
            assert_eq!(parse(&whole[..cut]).unwrap(), None, "cut at {cut}");
        }
        // A flipped byte in the payload fails the checksum.
        let mut flipped = whole.clone();
        let at = first.len() - 5;
        flipped[at] ^= 1;
        assert_eq!(parse(&flipped).unwrap(), None);
        // An append after a torn tail cuts it first.
        fs::write(path_for(&store), &whole[..whole.len() - 3]).unwrap();
        let journal = read_for(&store).unwrap().unwrap();
        append(&store, journal.whole_len, &second).unwrap();
        assert_eq!(fs::read(path_for(&store)).unwrap(), whole);
    }

    #[test]
    fn a_fold_marker_names_the_new_store_and_entries_of_two_stores_are_refused() {
        let base = Base::of(b"old");
        let into = Base::of(b"new");
        let mut bytes = change_entry(base, &change("c1"));
        bytes.extend(folded_entry(base, into));
        let journal = parse(&bytes).unwrap().unwrap();
        assert_eq!(journal.folded_into, Some(into));
        assert_eq!(journal.changes.len(), 1);
        bytes.extend(change_entry(into, &change("c2")));
        assert!(matches!(parse(&bytes), Err(ReadError::Damaged(_))));
    }

    #[test]
    fn the_journal_keeps_the_stores_permissions_and_is_deleted_with_its_folder_synced() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store.json");
        fs::write(&store, "{}\n").unwrap();
        fs::set_permissions(&store, fs::Permissions::from_mode(0o640)).unwrap();
        append(&store, 0, &change_entry(Base::of(b"{}\n"), &change("c"))).unwrap();
        let mode = fs::metadata(path_for(&store)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        remove(&store).unwrap();
        assert!(!path_for(&store).exists());
        remove(&store).unwrap();
        assert_eq!(read_for(&store).unwrap(), None);
    }

    #[test]
    fn a_base_hashed_as_it_streams_equals_the_base_of_the_bytes() {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut hashing = Hashing::new();
        let mut sink = Vec::new();
        let mut writer = HashingWriter { inner: &mut sink, hashing: &mut hashing };
        writer.write_all(&bytes[..777]).unwrap();
        writer.write_all(&bytes[777..]).unwrap();
        assert_eq!(hashing.finish(), Base::of(&bytes));
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("s"), &bytes).unwrap();
        assert_eq!(base_of_file(&dir.path().join("s")).unwrap(), Base::of(&bytes));
        let text: BaseText = Base::of(&bytes).into();
        assert_eq!(text.parse(), Some(Base::of(&bytes)));
    }
}
