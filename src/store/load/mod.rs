//! Reading and validating a store: every problem is collected with its location, then reported
//! together, so one run of `factline check` shows everything to fix.
//!
//! The file is parsed in one pass, each record straight into the format's typed record (`parsed`,
//! through `store::checked`, which notes a wrong value instead of stopping at it), validated as
//! soon as it is parsed, then dropped: memory holds the file and the store being built, never a
//! document tree of the whole file. Records whose references are not known yet (a file that
//! lists `events` before `entities`) are kept until the end of the file. Problems are gathered per
//! top-level section and reported in the order of the format, whatever the order of the file.
//!
//! This module holds the entry points and the reading of a store's folder. A parser — `chunked`
//! for a file read in pieces, `whole` for bytes in memory — feeds records through the
//! `pipeline` to the rules of `records` and `validate` on another thread.

mod chunked;
pub mod journaled;
mod parsed;
mod pipeline;
mod records;
mod section;
pub mod update;
mod validate;
mod whole;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::index::Store;
use super::journal::{Hashing, HashingReader};
use super::model::{Claim, Discrepancy, Entity, Event, Source};
use super::problem::{LoadError, MAX_PROBLEMS, Problem, parse_problem};
use crate::progress::Progress;
use crate::user_file::{open_regular, read_regular};
use chunked::Fallback;
use pipeline::{Loader, ParsePosition, TopLevel, pipeline};

pub use super::format::{FORMAT, VERSION};

/// Where the article texts named by `file` come from.
pub trait SourceReader {
    /// The text of `relative` (the `file` field as written), or why it cannot be had.
    fn read(&self, relative: &str) -> Result<String, Problem>;
}

/// Reads article files from the store's own folder and refuses any path that leaves it.
pub struct FolderReader {
    pub store_file: PathBuf,
    pub folder: PathBuf,
    /// The folder's real path, resolved once rather than for each of thousands of articles.
    real_folder: Option<PathBuf>,
}

impl FolderReader {
    pub fn new(store_file: PathBuf, folder: PathBuf) -> FolderReader {
        let real_folder = folder.canonicalize().ok();
        FolderReader { store_file, folder, real_folder }
    }
}

impl SourceReader for FolderReader {
    fn read(&self, relative: &str) -> Result<String, Problem> {
        let file = &self.store_file;
        let as_path = Path::new(relative);
        let escapes =
            as_path.components().any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_)));
        if relative.is_empty() || escapes {
            return Err(Problem::in_file(file, format!("source file `{relative}` is outside the store's folder"))
                .with_hint("give a path relative to store.json, without `..` or a leading `/`"));
        }
        let full = self.folder.join(as_path);
        let inside = match (full.canonicalize(), &self.real_folder) {
            (Ok(real), Some(folder)) => real.starts_with(folder),
            _ => true, // a missing file is reported by the read below
        };
        if !inside {
            return Err(Problem::in_file(file, format!("source file `{relative}` links outside the store's folder"))
                .with_hint("copy the article into the store's folder instead of linking to it"));
        }
        // Only a regular file, and no more of it than it had when opened: a FIFO or a link to
        // `/dev/zero` would otherwise hang the load or exhaust memory.
        let bytes = read_regular(&full).map_err(|e| {
            let hint = if e.kind() == io::ErrorKind::InvalidInput {
                "a source file must be a regular file holding the article's text"
            } else {
                "check the `file` path, relative to store.json"
            };
            Problem::in_file(file, format!("cannot read source file {}: {e}", full.display())).with_hint(hint)
        })?;
        String::from_utf8(bytes).map_err(|e| {
            Problem::in_file(
                file,
                format!("source file {} is not valid UTF-8 (at byte {})", full.display(), e.utf8_error().valid_up_to()),
            )
            .with_hint("save the article as UTF-8")
        })
    }
}

/// What a load does with a passage whose quote is no longer exactly where the store says (its
/// article was edited since): `Strict` reports it as a problem, saying what was found and where
/// (`factline check`, so CI stays strict); `Lenient` keeps it, with its status (moved, fuzzy,
/// orphan) in `Passage::anchoring`, for the browser. Every other problem fails either load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchors {
    #[default]
    Strict,
    Lenient,
}

/// Where a store is: the one built into the binary, or a `store.json` file or a folder holding
/// one. Every command and the browser find their store through this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locator {
    Bundled,
    Path(PathBuf),
}

impl Locator {
    /// The store `--data` names, or the bundled one when it names none.
    pub fn from_arg(data: Option<&Path>) -> Locator {
        data.map_or(Locator::Bundled, |path| Locator::Path(path.to_path_buf()))
    }

    /// What reports call the store: the path as given, or the bundled store's name.
    pub fn name(&self) -> String {
        match self {
            Locator::Bundled => super::bundled::NAME.to_string(),
            Locator::Path(path) => path.display().to_string(),
        }
    }

    /// Reads and validates the store. From a path, a large store shows a progress bar on stderr
    /// while it loads, when stderr is a terminal.
    pub fn load(&self, options: LoadOptions) -> Result<Store, LoadError> {
        match self {
            Locator::Bundled => super::bundled::load_with(options),
            Locator::Path(path) => load_file(path, options),
        }
    }
}

/// How a store is loaded: how many problems are listed in full (the rest are counted by kind) and
/// what an edited article's passages are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    pub max_problems: usize,
    pub anchors: Anchors,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions { max_problems: MAX_PROBLEMS, anchors: Anchors::Strict }
    }
}

impl LoadOptions {
    /// For the browser and the kiosk: a store whose articles were edited since its passages were
    /// cited still opens, each such passage marked moved, fuzzy or orphan.
    pub fn lenient() -> LoadOptions {
        LoadOptions { anchors: Anchors::Lenient, ..LoadOptions::default() }
    }
}

/// The store.json a `--data` path names: the file itself, or the one inside a folder.
pub fn store_file(path: &Path) -> PathBuf {
    if path.is_dir() { path.join("store.json") } else { path.to_path_buf() }
}

/// `Locator::Path(path).load(LoadOptions::default())`: the strict load most callers want.
pub fn load_path(path: &Path) -> Result<Store, LoadError> {
    load_file(path, LoadOptions::default())
}

fn load_file(path: &Path, options: LoadOptions) -> Result<Store, LoadError> {
    let store_file = store_file(path);
    let (store, replayed) = journaled::load(&store_file, options, true)?;
    // A reader that opens no terminal view says it on stderr, like the progress bar.
    if let Some(notice) = replayed.and_then(|r| r.notice) {
        eprintln!("warning: {notice}");
    }
    Ok(store)
}

/// Loads `read`, a new version of `store_file` written beside it, as `store_file`: problems name
/// `store_file` and its articles are read from its folder. Draws no progress bar (the browser
/// checks a change this way while it owns the terminal).
pub fn load_new_version(read: &Path, store_file: &Path, options: LoadOptions) -> Result<Store, LoadError> {
    load_from(read, store_file, options, false, None).map(ValidRecords::index)
}

/// Reads and validates `read_path` as `store_file`; with `hashing`, the bytes read are hashed
/// on the way (every byte of the file, whatever the parse needed).
fn load_from(
    read_path: &Path,
    store_file: &Path,
    LoadOptions { max_problems, anchors }: LoadOptions,
    show_progress: bool,
    hashing: Option<&mut Hashing>,
) -> Result<ValidRecords, LoadError> {
    let path = store_file;
    let store_file = store_file.to_path_buf();
    let cannot_read = |e: io::Error| {
        let hint = if e.kind() == io::ErrorKind::InvalidInput {
            "a store is a regular file: pass store.json itself, or the folder holding it, with --data"
        } else if path.is_dir() {
            "a store folder must hold a store.json"
        } else {
            "pass a store.json file or a folder holding one with --data"
        };
        LoadError::new(vec![Problem::in_file(&store_file, format!("cannot read the store: {e}")).with_hint(hint)])
    };
    // Anything but a regular file (a FIFO, `/dev/zero` behind a link) is refused before it is
    // read, and no more is read than the file held when opened, so a load always ends.
    let (file, file_size) = open_regular(read_path).map_err(cannot_read)?;
    let again = file.try_clone().map_err(cannot_read)?;
    let mut no_hashing = Hashing::new();
    let hashed = hashing.is_some();
    let hashing = hashing.unwrap_or(&mut no_hashing);
    let input = file.take(file_size);
    let size = usize::try_from(file_size).unwrap_or(usize::MAX);
    let read = Arc::new(AtomicUsize::new(0));
    let counted = Counted { inner: input, read: Arc::clone(&read) };
    let input: Box<dyn Read + Send + '_> =
        if hashed { Box::new(HashingReader { inner: counted, hashing: &mut *hashing }) } else { Box::new(counted) };
    let mut input = BufReader::with_capacity(1 << 16, input);
    // The first read says whether this is a readable file at all (a folder named store.json is not).
    if input.fill_buf().map_err(cannot_read)?.starts_with(BOM) {
        input.consume(BOM.len());
    }
    let folder = store_file.parent().map(Path::to_path_buf).unwrap_or_default();
    let folder = if folder.as_os_str().is_empty() { PathBuf::from(".") } else { folder };
    let mut progress = if show_progress {
        Progress::loading(&store_file, size)
    } else {
        Progress::to(None, "", size, crate::progress::Unit::Bytes)
    };
    let reader = FolderReader::new(store_file.clone(), folder);
    // The file is cut into records as it is read, never held whole: memory holds the store
    // being built and a chunk of the file.
    let mut report = |done| progress.update(done);
    let mut loader = Loader::new(&store_file, &reader, ParsePosition::Read(read), max_problems, &mut report);
    loader.anchors(anchors);
    let parts = match pipeline(&mut loader, move |feed| chunked::split(input, feed)) {
        Ok(top) => settle(&store_file, top, loader),
        // A file that is not plainly well-formed is read again, whole, and parsed at once: that
        // parse reports exactly what is wrong and where.
        Err(Fallback) => {
            drop(loader);
            let bytes = read_at_most(read_path, size).map_err(cannot_read)?;
            read_parts(&store_file, &bytes, &reader, max_problems, anchors, &mut report)
        }
    };
    progress.finish();
    if hashed && hashing.len() < file_size {
        // What the parse left unread (or, after the fallback, all of it): hashed from the same
        // open file, so the hash is of the file loaded even if the path was replaced meanwhile.
        let mut rest = vec![0u8; 1 << 20];
        let mut at = hashing.len();
        while at < file_size {
            let n = ((file_size - at) as usize).min(rest.len());
            std::os::unix::fs::FileExt::read_exact_at(&again, &mut rest[..n], at).map_err(cannot_read)?;
            hashing.update(&rest[..n]);
            at += n as u64;
        }
    }
    parts
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The store file again, whole, but never more than the `limit` bytes it had the first time.
fn read_at_most(file: &Path, limit: usize) -> io::Result<Vec<u8>> {
    let (again, size) = open_regular(file)?;
    let size = size.min(limit as u64);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    again.take(size).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Counts the bytes read from the store file, for the progress bar.
struct Counted {
    inner: io::Take<File>,
    read: Arc<AtomicUsize>,
}

impl io::Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n, Ordering::Relaxed);
        Ok(n)
    }
}

/// Validates and indexes a store held in memory; `file` names it in messages.
pub fn load_bytes(
    file: &Path,
    json: &[u8],
    reader: &dyn SourceReader,
    options: LoadOptions,
) -> Result<Store, LoadError> {
    read_parts(file, json, reader, options.max_problems, options.anchors, &mut |_| {}).map(ValidRecords::index)
}

/// The validated records of a store, before indexing.
struct ValidRecords {
    title: Option<String>,
    sources: Vec<Source>,
    entities: Vec<Entity>,
    events: Vec<Event>,
    claims: Vec<Claim>,
    discrepancies: Vec<Discrepancy>,
}

impl ValidRecords {
    fn index(self) -> Store {
        Store::new(self.title, self.sources, self.entities, self.events, self.claims, self.discrepancies)
    }
}

fn read_parts(
    file: &Path,
    json: &[u8],
    reader: &dyn SourceReader,
    max_problems: usize,
    anchors: Anchors,
    progress: &mut dyn FnMut(usize),
) -> Result<ValidRecords, LoadError> {
    let json = json.strip_prefix(BOM).unwrap_or(json);
    let mut loader = Loader::new(file, reader, ParsePosition::Slice(json), max_problems, progress);
    loader.anchors(anchors);
    let parsed = pipeline(&mut loader, move |feed| whole::parse(json, feed));
    match parsed {
        Ok(top) => settle(file, top, loader),
        Err(e) => Err(LoadError::new(vec![parse_problem(file, json, &e)])),
    }
}

/// The outcome of a file that parsed: a top level that is not an object is its only problem.
fn settle(file: &Path, top: TopLevel, loader: Loader<'_, '_>) -> Result<ValidRecords, LoadError> {
    if let TopLevel::NotObject(found) = top {
        let problem = Problem::at_path(file, "(top level)", format!("expected an object, found {found}"))
            .with_hint("write this entry as { \"field\": … }");
        return Err(LoadError::new(vec![problem]));
    }
    loader.finish()
}
