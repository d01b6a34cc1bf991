//! Reading and validating a store: every problem is collected with its location, then reported
//! together, so one run of `factline check` shows everything to fix.
//!
//! The file is parsed in one pass and each record is validated as soon as it is parsed, then its
//! JSON tree is dropped: memory holds the file and the store being built, never a document tree
//! of the whole file. Records whose references are not known yet (a file that lists `events`
//! before `entities`) are kept until the end of the file. Problems are gathered per top-level
//! section and reported in the order of the format, whatever the order of the file.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};

use foldhash::HashMap;
use smol_str::SmolStr;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::anchor::{self, CharIndex, Quote};
use super::date::{DateSpec, Day};
use super::index::Store;
use super::json::{Key, Val, ValVisitor};
use super::model::{
    Claim, Confidence, Discrepancy, EVENT_TYPES, Entity, EntityIx, EntityKind, Event, EventIx, ItemRef, Passage,
    Source, SourceIx, Status, Variant,
};
use super::problem::{LoadError, Location, MAX_PROBLEMS, Omitted, Problem};
use super::progress::Progress;
use super::split::{Fallback, split};
use crate::user_file::{open_regular, read_regular};

pub const FORMAT: &str = "factline-store";
pub const VERSION: u64 = 1;

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

/// Loads `path`: a `store.json` file, or a folder holding one. A large store shows a progress bar
/// on stderr while it loads, when stderr is a terminal.
pub fn load_path(path: &Path) -> Result<Store, LoadError> {
    load_path_listing(path, MAX_PROBLEMS)
}

/// `load_path`, listing at most `max_problems` problems in full (the rest are counted by kind).
pub fn load_path_listing(path: &Path, max_problems: usize) -> Result<Store, LoadError> {
    let store_file = if path.is_dir() { path.join("store.json") } else { path.to_path_buf() };
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
    let (file, size) = open_regular(&store_file).map_err(cannot_read)?;
    let input = file.take(size);
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let read = Arc::new(AtomicUsize::new(0));
    let mut input = BufReader::with_capacity(1 << 16, Counted { inner: input, read: Arc::clone(&read) });
    // The first read says whether this is a readable file at all (a folder named store.json is not).
    if input.fill_buf().map_err(cannot_read)?.starts_with(BOM) {
        input.consume(BOM.len());
    }
    let folder = store_file.parent().map(Path::to_path_buf).unwrap_or_default();
    let folder = if folder.as_os_str().is_empty() { PathBuf::from(".") } else { folder };
    let mut progress = Progress::on_stderr(&store_file, size);
    let reader = FolderReader::new(store_file.clone(), folder);
    // The file is cut into records as it is read, never held whole: memory holds the store
    // being built and a chunk of the file.
    let mut report = |done| progress.update(done);
    let mut loader = Loader::new(&store_file, &reader, Position::Read(read), max_problems, &mut report);
    let parts = match pipeline(&mut loader, move |link| split(input, link)) {
        Ok(top) => settle(&store_file, top, loader),
        // A file that is not plainly well-formed is read again, whole, and parsed at once: that
        // parse reports exactly what is wrong and where.
        Err(Fallback) => {
            drop(loader);
            let bytes = read_at_most(&store_file, size).map_err(cannot_read)?;
            read_parts(&store_file, &bytes, &reader, max_problems, &mut report)
        }
    };
    progress.finish();
    parts.map(Parts::index)
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
pub fn load_bytes(file: &Path, json: &[u8], reader: &dyn SourceReader) -> Result<Store, LoadError> {
    load_bytes_reporting(file, json, reader, &mut |_| {})
}

/// `load_bytes`, telling `progress` how many bytes of `json` have been read so far.
pub fn load_bytes_reporting(
    file: &Path,
    json: &[u8],
    reader: &dyn SourceReader,
    progress: &mut dyn FnMut(usize),
) -> Result<Store, LoadError> {
    read_parts(file, json, reader, MAX_PROBLEMS, progress).map(Parts::index)
}

/// The validated records of a store, before indexing.
struct Parts {
    title: Option<String>,
    sources: Vec<Source>,
    entities: Vec<Entity>,
    events: Vec<Event>,
    claims: Vec<Claim>,
    discrepancies: Vec<Discrepancy>,
}

impl Parts {
    fn index(self) -> Store {
        Store::new(self.title, self.sources, self.entities, self.events, self.claims, self.discrepancies)
    }
}

fn read_parts(
    file: &Path,
    json: &[u8],
    reader: &dyn SourceReader,
    max_problems: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<Parts, LoadError> {
    let json = json.strip_prefix(BOM).unwrap_or(json);
    let mut loader = Loader::new(file, reader, Position::Slice(json), max_problems, progress);
    let parsed = pipeline(&mut loader, move |link| {
        let mut parser = serde_json::Deserializer::from_slice(json);
        TopSeed { link }.deserialize(&mut parser).and_then(|top| parser.end().map(|()| top))
    });
    match parsed {
        Ok(top) => settle(file, top, loader),
        Err(e) => Err(LoadError::new(vec![parse_problem(file, json, &e)])),
    }
}

/// Parsing and validating run side by side: `parse` runs on a thread of its own and sends the
/// records it parses; the calling thread validates and indexes them in file order.
fn pipeline<'a, T: Send>(loader: &mut Loader<'a, '_>, parse: impl FnOnce(&Link<'a>) -> T + Send) -> T {
    std::thread::scope(|scope| {
        let (send, receive) = sync_channel(4);
        let (give_back, recycled) = channel();
        let parsing = scope.spawn(move || parse(&Link { send, recycled }));
        for msg in receive {
            if let Some(batch) = loader.receive(msg) {
                let _ = give_back.send(batch);
            }
        }
        parsing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The parsing thread's end of the pipeline. Batches of records come back once validated, so
/// their memory is freed (and their vectors reused) by the thread that allocated them: freeing
/// across threads would cost the validating thread, the slower of the two, a sixth of its time.
pub(super) struct Link<'a> {
    send: SyncSender<Msg<'a>>,
    recycled: Receiver<Vec<Val<'a>>>,
}

impl<'a> Link<'a> {
    /// A send fails only when the validating thread is gone; parsing goes on regardless, so its
    /// outcome (a syntax error, say) is the same.
    pub(super) fn send(&self, msg: Msg<'a>) {
        let _ = self.send.send(msg);
    }

    /// Sends the records gathered so far and leaves an empty batch to fill.
    pub(super) fn records(&self, section: usize, batch: &mut Vec<Val<'a>>) {
        let fresh = match self.recycled.try_recv() {
            Ok(mut done) => {
                done.clear();
                done
            }
            Err(_) => Vec::with_capacity(BATCH),
        };
        let full = std::mem::replace(batch, fresh);
        if !full.is_empty() {
            self.send(Msg::Records(section, full));
        }
    }
}

/// Bytes that are not UTF-8, then a syntax error anywhere, outrank every other problem: the file
/// is not JSON. The parser validates every string it reads and anything outside strings must be
/// ASCII syntax, so text that is not UTF-8 always fails the parse: only then is the whole file
/// checked, to report the first bad byte.
fn parse_problem(file: &Path, json: &[u8], error: &serde_json::Error) -> Problem {
    match std::str::from_utf8(json) {
        Err(bad) => not_text_problem(file, json, bad.valid_up_to()),
        Ok(_) => syntax_problem(file, error),
    }
}

/// The outcome of a file that parsed: a top level that is not an object is its only problem.
fn settle(file: &Path, top: Top, loader: Loader<'_, '_>) -> Result<Parts, LoadError> {
    if let Top::NotObject(found) = top {
        let problem = Problem::at_path(file, "(top level)", format!("expected an object, found {found}"))
            .with_hint("write this entry as { \"field\": … }");
        return Err(LoadError::new(vec![problem]));
    }
    loader.finish()
}

/// The top-level fields other than the sections that validation reads.
const TOP_FIELDS: [&str; 3] = ["format", "version", "title"];

/// The top-level sections in the order the format lists them (and problems are reported).
const TOP: usize = 0;
const SOURCES: usize = 1;
const ENTITIES: usize = 2;
const EVENTS: usize = 3;
const CLAIMS: usize = 4;
const DISCREPANCIES: usize = 5;
const SECTION_NAMES: [&str; 6] = ["", "sources", "entities", "events", "claims", "discrepancies"];

pub(super) fn section_of(key: &str) -> Option<usize> {
    SECTION_NAMES.iter().skip(1).position(|name| *name == key).map(|at| at + 1)
}

/// How far the parse has got: a record borrowed from an input in memory sits at its own
/// address; a file being read has been read up to a count of bytes.
enum Position<'a> {
    Slice(&'a [u8]),
    Read(Arc<AtomicUsize>),
}

/// A source whose text was read, with the index that anchors its passages quickly.
struct Loaded {
    source: Source,
    index: CharIndex,
}

/// The state of one load: the records validated so far and what each section still waits for.
struct Loader<'a, 'p> {
    walk: Walk<'a>,
    reader: &'p dyn SourceReader,
    position: Position<'a>,
    progress: &'p mut dyn FnMut(usize),
    /// Top-level fields other than the sections (`format`, `version`, `title`…).
    fields: Vec<(Cow<'a, str>, Val<'a>)>,
    /// Sections whose records are validated as they arrive.
    streaming: [bool; 6],
    done: [bool; 6],
    /// Sections that arrived before the sections they refer to: their records, or their value
    /// when it is not an array.
    held: [Option<Vec<Val<'a>>>; 6],
    waiting: [Option<Val<'a>>; 6],
    /// Records of the section being streamed so far.
    count: usize,
    source_ids: Ids,
    // None marks a source whose text could not be had: its passages are not checked again.
    sources: Vec<Option<Loaded>>,
    entity_ids: Ids,
    entities: Vec<Entity>,
    seen_events: Ids,
    events: Vec<Event>,
    event_ids: Ids,
    claim_ids: Ids,
    claims: Vec<Claim>,
    discrepancy_ids: Ids,
    discrepancies: Vec<Discrepancy>,
}

impl<'a, 'p> Loader<'a, 'p> {
    fn new(
        file: &'a Path,
        reader: &'p dyn SourceReader,
        position: Position<'a>,
        max_problems: usize,
        progress: &'p mut dyn FnMut(usize),
    ) -> Loader<'a, 'p> {
        Loader {
            walk: Walk {
                file,
                problems: Default::default(),
                section: TOP,
                max_problems,
                omitted: Omitted::default(),
                scratch: String::new(),
            },
            reader,
            position,
            progress,
            fields: Vec::new(),
            streaming: [false; 6],
            done: [false; 6],
            held: Default::default(),
            waiting: Default::default(),
            count: 0,
            source_ids: Ids::new("source", "sources"),
            sources: Vec::new(),
            entity_ids: Ids::new("entity", "entities"),
            entities: Vec::new(),
            seen_events: Ids::new("event", "events"),
            events: Vec::new(),
            event_ids: Ids::new("event", "events"),
            claim_ids: Ids::new("claim", "claims"),
            claims: Vec::new(),
            discrepancy_ids: Ids::new("discrepancy", "discrepancies"),
            discrepancies: Vec::new(),
        }
    }

    /// Whether the sections a section refers to are complete, so its records can be checked now.
    fn ready(&self, section: usize) -> bool {
        let needs: &[usize] = match section {
            EVENTS => &[SOURCES, ENTITIES],
            CLAIMS => &[SOURCES, ENTITIES, EVENTS],
            DISCREPANCIES => &[SOURCES, EVENTS, CLAIMS],
            _ => &[],
        };
        needs.iter().all(|&s| self.done[s])
    }

    /// Takes one message from the parsing thread; gives back a batch of records once done with.
    fn receive(&mut self, msg: Msg<'a>) -> Option<Vec<Val<'a>>> {
        match msg {
            // Only the fields the format reads are kept, the last of each: a file of a million
            // unknown or repeated top-level keys costs no memory for them.
            Msg::Field(key, value) if TOP_FIELDS.contains(&&*key) => {
                match self.fields.iter_mut().find(|(k, _)| *k == key) {
                    Some(field) => field.1 = value,
                    None => self.fields.push((key, value)),
                }
            }
            Msg::Field(..) => {}
            Msg::Twice(section, key) => {
                self.walk.section = section;
                self.walk.report(
                    &key,
                    format!("`{key}` appears twice at the top level"),
                    "keep one list and merge the other into it",
                );
            }
            Msg::Begin(section) if self.ready(section) => {
                self.streaming[section] = true;
                self.count = 0;
            }
            Msg::Begin(section) => self.held[section] = Some(Vec::new()),
            Msg::Records(section, records) if self.streaming[section] => {
                for record in &records {
                    self.record(section, self.count, record);
                    self.count += 1;
                }
                if let Some(last) = records.last() {
                    self.advance(last);
                }
                return Some(records);
            }
            Msg::Records(section, records) => {
                if let Some(held) = self.held[section].as_mut() {
                    held.extend(records);
                }
            }
            Msg::End(section) if self.streaming[section] => self.end(section),
            Msg::End(_) => {}
            Msg::NotArray(section, value) if self.ready(section) => self.section(section, Some(&value)),
            Msg::NotArray(section, value) => self.waiting[section] = Some(value),
        }
        None
    }

    /// Reports how far the parse has got, from where the record's first key sits in the input.
    fn advance(&mut self, record: &Val<'a>) {
        match &self.position {
            Position::Read(read) => (self.progress)(read.load(Ordering::Relaxed)),
            Position::Slice(input) => {
                if let Val::Object(fields) = record
                    && let Some((Cow::Borrowed(key), _)) = fields.first()
                {
                    let at = (key.as_ptr() as usize).saturating_sub(input.as_ptr() as usize);
                    (self.progress)(at.min(input.len()));
                }
            }
        }
    }

    /// A whole section's value, once its dependencies are complete (or the file has ended).
    fn section(&mut self, section: usize, value: Option<&Val<'a>>) {
        match value {
            Some(Val::Array(records)) => {
                for (i, record) in records.iter().enumerate() {
                    self.record(section, i, record);
                }
            }
            other => self.not_an_array(section, other),
        }
        self.end(section);
    }

    /// A section that is absent or not an array; an absent optional one is simply empty.
    fn not_an_array(&mut self, section: usize, value: Option<&Val<'a>>) {
        self.walk.section = section;
        let key = SECTION_NAMES[section];
        let required = section <= EVENTS;
        match value {
            Some(Val::Array(_)) => {}
            None if !required => {}
            Some(Val::Null) if !required => {}
            None => self.walk.report("", format!("missing required field `{key}`"), format!("add \"{key}\": [ … ]")),
            Some(other) => {
                let found = other.type_name();
                self.walk.report(key, format!("`{key}` must be an array, found {found}"), "use [ … ]");
            }
        }
    }

    fn record(&mut self, section: usize, i: usize, value: &Val<'a>) {
        self.walk.section = section;
        let Some(obj) = self.walk.object(value, At::Record(SECTION_NAMES[section], i)) else { return };
        let Some(id) = self.walk.id(&obj) else { return };
        let walk = &mut self.walk;
        match section {
            SOURCES => {
                if walk.define(&mut self.source_ids, &id, self.sources.len() as u32, i) {
                    let source = walk.source(&obj, &id, self.reader);
                    self.sources.push(source.map(|source| Loaded { index: CharIndex::new(&source.text), source }));
                }
            }
            ENTITIES => {
                if walk.define(&mut self.entity_ids, &id, self.entities.len() as u32, i) {
                    self.entities.push(walk.entity(&obj, &id));
                }
            }
            EVENTS => {
                // Until the timeline is sorted, a valid event's index is its place in `events`.
                if walk.define(&mut self.seen_events, &id, self.events.len() as u32, i) {
                    match walk.event(&obj, &id, &self.entity_ids, &self.source_ids, &self.sources) {
                        Some(event) => self.events.push(event),
                        // Events that failed validation are still known ids: references to them
                        // are not errors twice.
                        None => {
                            if let Some((ix, _)) = self.seen_events.map.get_mut(&*id) {
                                *ix = u32::MAX;
                            }
                        }
                    }
                }
            }
            CLAIMS => {
                if walk.define(&mut self.claim_ids, &id, self.claims.len() as u32, i)
                    && let Some(claim) =
                        walk.claim(&obj, &id, &self.entity_ids, &self.event_ids, &self.source_ids, &self.sources)
                {
                    self.claims.push(claim);
                } else {
                    if let Some((ix, _)) = self.claim_ids.map.get_mut(&*id) {
                        *ix = u32::MAX;
                    }
                }
            }
            _ => {
                if walk.define(&mut self.discrepancy_ids, &id, self.discrepancies.len() as u32, i)
                    && let Some(d) =
                        walk.discrepancy(&obj, &id, &self.event_ids, &self.claim_ids, &self.source_ids, &self.sources)
                {
                    self.discrepancies.push(d);
                }
            }
        }
    }

    fn end(&mut self, section: usize) {
        self.done[section] = true;
        if section == EVENTS {
            // Sorting indices, then moving each event once, is far cheaper than moving the
            // events themselves log n times each. Ids are unique, so the order is total.
            // The keys sit in one array: most comparisons never leave it (the first 16 bytes of
            // the id, zero-padded and compared as a number, order ids as their bytes do).
            let events = &self.events;
            let mut keys: Vec<(Day, i64, u128, u32)> = events
                .iter()
                .enumerate()
                .map(|(ix, e)| (e.date.earliest(), e.date.span_days(), id_prefix(&e.id), ix as u32))
                .collect();
            keys.sort_unstable_by(|a, b| {
                (a.0, a.1, a.2)
                    .cmp(&(b.0, b.1, b.2))
                    .then_with(|| events[a.3 as usize].id.cmp(&events[b.3 as usize].id))
            });
            let mut order: Vec<u32> = keys.into_iter().map(|key| key.3).collect();
            let mut place = vec![0 as EventIx; order.len()];
            for (new, &old) in order.iter().enumerate() {
                place[old as usize] = new as EventIx;
            }
            permute(&mut self.events, &mut order);
            // An event's index is its place on the timeline.
            self.event_ids.map = std::mem::take(&mut self.seen_events.map);
            for (ix, _) in self.event_ids.map.values_mut() {
                if *ix != u32::MAX {
                    *ix = place[*ix as usize];
                }
            }
        }
    }

    fn finish(mut self) -> Result<Parts, LoadError> {
        for section in SOURCES..=DISCREPANCIES {
            if self.done[section] {
                continue;
            }
            if let Some(records) = self.held[section].take() {
                for (i, record) in records.iter().enumerate() {
                    self.record(section, i, record);
                }
                self.end(section);
            } else {
                let value = self.waiting[section].take();
                self.section(section, value.as_ref());
            }
        }
        self.walk.section = TOP;
        let fields = std::mem::take(&mut self.fields);
        let top = Obj { fields: &fields, at: At::Top };
        let title = self.walk.top(&top);
        let Walk { problems, max_problems, mut omitted, .. } = self.walk;
        let mut problems = problems.into_iter().flatten();
        let listed: Vec<Problem> = problems.by_ref().take(max_problems).collect();
        for past_the_limit in problems {
            omitted.count(&past_the_limit.message);
        }
        if !listed.is_empty() || omitted.total() > 0 {
            return Err(LoadError { problems: listed, omitted });
        }
        let sources = self.sources.into_iter().flatten().map(|loaded| loaded.source).collect();
        Ok(Parts {
            title,
            sources,
            entities: self.entities,
            events: self.events,
            claims: self.claims,
            discrepancies: self.discrepancies,
        })
    }
}

/// The first 16 bytes of an id as a big-endian number, zero-padded.
fn id_prefix(id: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let head = &id.as_bytes()[..id.len().min(16)];
    bytes[..head.len()].copy_from_slice(head);
    u128::from_be_bytes(bytes)
}

/// Rearranges `items` so that `items[k]` becomes the old `items[order[k]]`, following each cycle
/// of the permutation once; `order` is used up.
fn permute<T>(items: &mut [T], order: &mut [u32]) {
    const PLACED: u32 = u32::MAX;
    for start in 0..items.len() {
        let mut at = start;
        // Position `at` holds what started at `start`; it takes the item it wants, and the
        // carried item moves on to where that one came from, until the cycle closes.
        while order[at] != PLACED {
            let from = order[at] as usize;
            order[at] = PLACED;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// What the top level of the file turned out to be.
pub(super) enum Top {
    Object,
    NotObject(&'static str),
}

/// What the parsing thread hands to the validating one, in file order.
pub(super) enum Msg<'a> {
    /// A top-level field other than a section.
    Field(Cow<'a, str>, Val<'a>),
    /// A section given a second time (its value is skipped).
    Twice(usize, Cow<'a, str>),
    /// A section that is an array starts; its records follow in batches.
    Begin(usize),
    Records(usize, Vec<Val<'a>>),
    End(usize),
    /// A section that is not an array.
    NotArray(usize, Val<'a>),
}

/// Records travel in batches, so the two threads synchronize once per batch, not per record.
pub(super) const BATCH: usize = 256;

/// The parsing side: it only parses and sends; all validation stays on the other thread.
struct TopSeed<'s, 'a> {
    link: &'s Link<'a>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, 'de> {
    type Value = Top;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Top, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Anything but an object at the top is one problem; the value is still parsed to the end, so a
/// syntax error later in the file is reported instead, as for any other file.
macro_rules! top_not_object {
    ($($method:ident($($arg:ty)?)),*) => {$(
        fn $method<E: serde::de::Error>(self $(, v: $arg)?) -> Result<Top, E> {
            let value = ValVisitor.$method($(v as $arg)?)?;
            Ok(Top::NotObject(value.type_name()))
        }
    )*};
}

impl<'de> Visitor<'de> for TopSeed<'_, 'de> {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a factline store")
    }

    top_not_object!(visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str));
    top_not_object!(visit_borrowed_str(&'de str), visit_string(String), visit_none(), visit_unit());

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Top, A::Error> {
        Ok(Top::NotObject(ValVisitor.visit_seq(seq)?.type_name()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut seen = [false; 6];
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            match section_of(&key) {
                Some(section) if seen[section] => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    self.link.send(Msg::Twice(section, key));
                }
                Some(section) => {
                    seen[section] = true;
                    map.next_value_seed(SectionSeed { link: self.link, section })?;
                }
                None => {
                    let value = map.next_value()?;
                    self.link.send(Msg::Field(key, value));
                }
            }
        }
        Ok(Top::Object)
    }
}

/// Sends a section's records in batches as the parser reaches them.
struct SectionSeed<'s, 'a> {
    link: &'s Link<'a>,
    section: usize,
}

impl<'de> DeserializeSeed<'de> for SectionSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A section that is not an array is parsed whole and reported like any other wrong type.
macro_rules! section_not_array {
    ($($method:ident($($arg:ty)?)),*) => {$(
        fn $method<E: serde::de::Error>(self $(, v: $arg)?) -> Result<(), E> {
            let value = ValVisitor.$method($(v as $arg)?)?;
            self.link.send(Msg::NotArray(self.section, value));
            Ok(())
        }
    )*};
}

impl<'de> Visitor<'de> for SectionSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of records")
    }

    section_not_array!(visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str));
    section_not_array!(visit_borrowed_str(&'de str), visit_string(String), visit_none(), visit_unit());

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let value = ValVisitor.visit_map(map)?;
        self.link.send(Msg::NotArray(self.section, value));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.link.send(Msg::Begin(self.section));
        let mut batch = Vec::with_capacity(BATCH);
        while let Some(record) = seq.next_element::<Val<'de>>()? {
            batch.push(record);
            if batch.len() == BATCH {
                self.link.records(self.section, &mut batch);
            }
        }
        self.link.records(self.section, &mut batch);
        self.link.send(Msg::End(self.section));
        Ok(())
    }
}

fn not_text_problem(file: &Path, json: &[u8], valid_up_to: usize) -> Problem {
    let before = &json[..valid_up_to];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |at| at + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    Problem {
        file: file.to_path_buf(),
        location: Location::LineColumn { line, column },
        message: format!("not UTF-8 text: invalid byte 0x{:02x}", json[valid_up_to]),
        hint: Some("a store is a UTF-8 JSON file: is this the right file, and saved as UTF-8?".into()),
    }
}

fn syntax_problem(file: &Path, error: &serde_json::Error) -> Problem {
    use serde_json::error::Category;
    let text = error.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text).to_string();
    let hint = match error.classify() {
        Category::Eof if error.line() <= 1 && error.column() == 0 => "the file is empty: a store is a JSON object",
        Category::Eof => "the file ends early: was it truncated? Check the closing brackets",
        _ if message.contains("recursion limit") => "the JSON nests too deeply to be a store (over 128 levels)",
        Category::Syntax if message.contains("UTF-8") || message.contains("unicode") => "save the store as UTF-8 text",
        _ => "fix the JSON syntax at this point (a missing comma, quote or bracket is typical)",
    };
    Problem {
        file: file.to_path_buf(),
        location: Location::LineColumn { line: error.line(), column: error.column() },
        message: format!("invalid JSON: {message}"),
        hint: Some(hint.into()),
    }
}

struct Walk<'f> {
    file: &'f Path,
    /// Per top-level section, so they are reported in the format's order.
    problems: [Vec<Problem>; 6],
    /// The section being read.
    section: usize,
    /// Each section lists at most this many problems: more could never be shown, as the list is
    /// cut to this length at the end.
    max_problems: usize,
    omitted: Omitted,
    scratch: String,
}

/// Where a value sits, e.g. `events[3].evidence[0]`: built for every record and passage but
/// formatted only when a problem is reported.
#[derive(Debug, Clone, Copy)]
enum At<'p> {
    Top,
    Record(&'static str, usize),
    Item(&'p At<'p>, &'static str, usize),
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Top => Ok(()),
            At::Record(section, i) => write!(f, "{section}[{i}]"),
            At::Item(At::Top, key, i) => write!(f, "{key}[{i}]"),
            At::Item(parent, key, i) => write!(f, "{parent}.{key}[{i}]"),
        }
    }
}

/// An object being read, with its place for messages.
struct Obj<'v, 'a, 'p> {
    fields: &'v [(Cow<'a, str>, Val<'a>)],
    at: At<'p>,
}

impl<'v, 'a, 'p> Obj<'v, 'a, 'p> {
    fn get(&self, key: &str) -> Option<&'v Val<'a>> {
        Val::field(self.fields, key)
    }

    fn path(&self) -> String {
        self.at.to_string()
    }

    fn child(&self, key: &str) -> String {
        child(&self.path(), key)
    }

    /// `child`, formatted only when a problem is listed.
    fn child_at<'o>(&'o self, key: &'o str) -> Child<'o, 'p> {
        Child(&self.at, key)
    }
}

/// One id-keyed kind of record: its ids to dense indices and the position of the record that
/// defined each (first definition wins). Ids are kept inline in the table (up to 23 bytes, as
/// nearly all are): the millions of lookups from references and passages then compare bytes
/// already in cache instead of chasing a pointer per probe — 8–14 % off a large store's load.
struct Ids {
    kind: &'static str,
    section: &'static str,
    map: HashMap<SmolStr, (u32, u32)>,
}

impl Ids {
    fn new(kind: &'static str, section: &'static str) -> Ids {
        Ids { kind, section, map: HashMap::default() }
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// `child` of a place, formatted on demand.
struct Child<'o, 'p>(&'o At<'p>, &'o str);

impl fmt::Display for Child<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            At::Top => f.write_str(self.1),
            at => write!(f, "{at}.{}", self.1),
        }
    }
}

impl<'f> Walk<'f> {
    /// Past the limit only the message is formatted, into a buffer used again and again: a store
    /// broken a million times over costs no allocation per problem.
    fn report(&mut self, path: impl fmt::Display, message: impl fmt::Display, hint: impl fmt::Display) {
        if self.full() {
            self.scratch.clear();
            let _ = write!(self.scratch, "{message}");
            self.omitted.count(&self.scratch);
            return;
        }
        let path = path.to_string();
        let at = if path.is_empty() { "(top level)".to_string() } else { path };
        self.push(Problem::at_path(self.file, at, message.to_string()).with_hint(hint.to_string()));
    }

    fn push(&mut self, problem: Problem) {
        if self.full() {
            self.omitted.count(&problem.message);
        } else {
            self.problems[self.section].push(problem);
        }
    }

    fn full(&self) -> bool {
        self.problems[self.section].len() >= self.max_problems
    }

    fn object<'v, 'a, 'p>(&mut self, value: &'v Val<'a>, at: At<'p>) -> Option<Obj<'v, 'a, 'p>> {
        match value {
            Val::Object(fields) => Some(Obj { fields, at }),
            other => {
                let found = other.type_name();
                self.report(
                    at,
                    format_args!("expected an object, found {found}"),
                    "write this entry as { \"field\": … }",
                );
                None
            }
        }
    }

    fn string<'v>(&mut self, obj: &Obj<'v, '_, '_>, key: &str) -> Option<&'v str> {
        match obj.get(key) {
            Some(Val::String(s)) if !s.trim().is_empty() => Some(s),
            Some(Val::String(_)) => {
                self.report(obj.child_at(key), format_args!("`{key}` is empty"), format_args!("give `{key}` a value"));
                None
            }
            Some(other) => {
                let found = other.type_name();
                self.report(obj.child_at(key), format_args!("`{key}` must be a string, found {found}"), "quote it");
                None
            }
            None => {
                self.report(obj.at, format_args!("missing required field `{key}`"), format_args!("add \"{key}\": …"));
                None
            }
        }
    }

    fn optional_string<'v>(&mut self, obj: &Obj<'v, '_, '_>, key: &str) -> Option<&'v str> {
        match obj.get(key) {
            None | Some(Val::Null) => None,
            Some(Val::String(s)) => Some(s),
            Some(other) => {
                let found = other.type_name();
                self.report(
                    obj.child_at(key),
                    format!("`{key}` must be a string or null, found {found}"),
                    "quote it, or use null when unknown",
                );
                None
            }
        }
    }

    fn optional_date(&mut self, obj: &Obj<'_, '_, '_>, key: &str) -> Option<DateSpec> {
        let text = self.optional_string(obj, key)?;
        self.parse_date(obj, key, text)
    }

    fn parse_date(&mut self, obj: &Obj<'_, '_, '_>, key: &str, text: &str) -> Option<DateSpec> {
        DateSpec::parse(text)
            .map_err(|reason| {
                self.report(obj.child_at(key), reason, "dates are 2024, 2024-01, 2024-01-16 or 2024-01-16/2024-01-17")
            })
            .ok()
    }

    fn optional_count(&mut self, obj: &Obj<'_, '_, '_>, key: &str) -> Option<u64> {
        match obj.get(key) {
            None | Some(Val::Null) => None,
            Some(Val::Number(n)) if n.as_u64().is_some() => n.as_u64(),
            Some(other) => {
                let message = format!("`{key}` must be a whole number ≥ 0, found {}", other);
                self.report(obj.child_at(key), message, "write a plain number such as 9");
                None
            }
        }
    }

    /// The review status of an event or claim; absent (or null) means reviewed.
    fn status(&mut self, obj: &Obj<'_, '_, '_>) -> Status {
        match obj.get("status") {
            None | Some(Val::Null) => Status::Reviewed,
            Some(Val::String(text)) if let Some(status) = Status::parse(text) => status,
            Some(other) => {
                self.report(
                    obj.child_at("status"),
                    format_args!("`status` must be \"draft\" or \"reviewed\", found {other}"),
                    "\"draft\": found by a program, not yet checked; \"reviewed\" (or no `status`): checked by a person",
                );
                Status::Reviewed
            }
        }
    }

    /// How sure the drafting program was, from 0 to 1.
    fn confidence(&mut self, obj: &Obj<'_, '_, '_>) -> Option<Confidence> {
        let value = obj.get("confidence")?;
        let confidence = match value {
            Val::Null => return None,
            Val::Number(n) => n.as_f64().and_then(Confidence::new),
            _ => None,
        };
        if confidence.is_none() {
            self.report(
                obj.child_at("confidence"),
                format_args!("`confidence` must be a number from 0 to 1, found {value}"),
                "write how sure the drafting program was, such as 0.8, or leave it out",
            );
        }
        confidence
    }

    /// The elements of an array field with their paths; absent optional arrays are empty.
    fn array<'o, 'v, 'a>(
        &mut self,
        obj: &'o Obj<'v, 'a, '_>,
        key: &'static str,
        required: bool,
    ) -> Vec<(At<'o>, &'v Val<'a>)> {
        match obj.get(key) {
            Some(Val::Array(items)) => items.iter().enumerate().map(|(i, v)| (At::Item(&obj.at, key, i), v)).collect(),
            None if !required => Vec::new(),
            Some(Val::Null) if !required => Vec::new(),
            None => {
                self.report(
                    obj.at,
                    format_args!("missing required field `{key}`"),
                    format_args!("add \"{key}\": [ … ]"),
                );
                Vec::new()
            }
            Some(other) => {
                let found = other.type_name();
                self.report(obj.child_at(key), format!("`{key}` must be an array, found {found}"), "use [ … ]");
                Vec::new()
            }
        }
    }

    fn strings<'o, 'v>(
        &mut self,
        obj: &'o Obj<'v, '_, '_>,
        key: &'static str,
        required: bool,
    ) -> Vec<(At<'o>, &'v str)> {
        let mut out = Vec::new();
        for (path, value) in self.array(obj, key, required) {
            match value {
                Val::String(s) => out.push((path, s.as_ref())),
                other => {
                    let found = other.type_name();
                    self.report(path, format!("expected a string, found {found}"), "quote it");
                }
            }
        }
        out
    }

    /// The `id` of a record, borrowed from the input when it can be.
    fn id<'a>(&mut self, obj: &Obj<'_, 'a, '_>) -> Option<Cow<'a, str>> {
        self.string(obj, "id")?;
        match obj.get("id") {
            Some(Val::String(id)) => Some(id.clone()),
            _ => None,
        }
    }

    /// Registers `id`, defined by record `at` of its section; a repeat is a problem that points
    /// back at the first.
    fn define(&mut self, ids: &mut Ids, id: &str, ix: u32, at: usize) -> bool {
        match ids.map.entry(SmolStr::new(id)) {
            Entry::Occupied(first) => {
                let (id, (_, first)) = (first.key(), first.get());
                let message = format!("duplicate {} id `{id}` (first defined at {}[{first}])", ids.kind, ids.section);
                self.report(
                    format_args!("{}[{at}].id", ids.section),
                    message,
                    "every id must be unique within its kind: rename one",
                );
                false
            }
            Entry::Vacant(slot) => {
                slot.insert((ix, at as u32));
                true
            }
        }
    }

    /// The index `id` stands for; `path` is only formatted when the id is unknown.
    fn lookup(&mut self, ids: &Ids, id: &str, path: &dyn fmt::Display) -> Option<u32> {
        if let Some(&(ix, _)) = ids.map.get(id) {
            return Some(ix);
        }
        let hint = match closest_id(ids, id) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("define {} {} with this id, or fix the reference", article(ids.kind), ids.kind),
        };
        self.report(path, format!("unknown {} `{id}`", ids.kind), hint);
        None
    }

    fn references(&mut self, ids: &Ids, obj: &Obj<'_, '_, '_>, key: &'static str, required: bool) -> Vec<u32> {
        let refs = self.strings(obj, key, required);
        refs.into_iter().filter_map(|(path, id)| self.lookup(ids, id, &path)).collect()
    }

    /// The top-level fields: format and version are checked, the title returned.
    fn top(&mut self, top: &Obj<'_, '_, '_>) -> Option<String> {
        match top.get("format") {
            Some(Val::String(f)) if f == FORMAT => {}
            _ => self.report(
                "format",
                format!("not a factline store: `format` must be \"{FORMAT}\""),
                format!("add \"format\": \"{FORMAT}\" at the top level"),
            ),
        }
        match top.get("version").and_then(Val::as_u64) {
            Some(VERSION) => {}
            Some(v) if v > VERSION => self.report(
                "version",
                format!("store version {v} is newer than this factline reads ({VERSION})"),
                "upgrade factline",
            ),
            _ => self.report("version", format!("`version` must be {VERSION}"), format!("add \"version\": {VERSION}")),
        }
        self.optional_string(top, "title").map(str::to_string)
    }

    fn source(&mut self, obj: &Obj<'_, '_, '_>, id: &str, reader: &dyn SourceReader) -> Option<Source> {
        let file = self.optional_string(obj, "file");
        let inline = self.optional_string(obj, "text");
        let title = self.optional_string(obj, "title").map(str::to_string);
        let publisher = self.optional_string(obj, "publisher").map(str::to_string);
        let author = self.optional_string(obj, "author").map(str::to_string);
        let url = self.optional_string(obj, "url").map(str::to_string);
        let published = self.optional_date(obj, "published");
        let note = self.optional_string(obj, "note").map(str::to_string);
        let text = match (file, inline) {
            (Some(_), Some(_)) => {
                self.report(
                    obj.at,
                    "a source has both `file` and `text`",
                    "keep one: the file path or the inline text",
                );
                return None;
            }
            (None, None) => {
                self.report(obj.at, "a source needs `file` or `text`", "add \"file\": \"sources/article.txt\"");
                return None;
            }
            (None, Some(text)) => text.to_string(),
            (Some(file), None) => match reader.read(file) {
                Ok(text) => text,
                Err(mut problem) => {
                    problem.location = Location::Path(obj.child("file"));
                    self.push(problem);
                    return None;
                }
            },
        };
        Some(Source {
            id: id.to_string(),
            file: file.map(str::to_string),
            title,
            publisher,
            author,
            url,
            published,
            text,
            note,
        })
    }

    fn entity(&mut self, obj: &Obj<'_, '_, '_>, id: &str) -> Entity {
        let name = self.string(obj, "name").unwrap_or_default().to_string();
        let kind = match obj.get("kind") {
            Some(Val::String(k)) => EntityKind::parse(k),
            _ => None,
        };
        let kind = kind.unwrap_or_else(|| {
            let kinds: Vec<&str> = EntityKind::ALL.iter().map(|k| k.as_str()).collect();
            let message = match obj.get("kind") {
                None => "missing required field `kind`".to_string(),
                Some(other) => format!("unknown entity kind {other}"),
            };
            self.report(obj.child_at("kind"), message, format!("use one of: {}", kinds.join(", ")));
            EntityKind::Place
        });
        let aliases = self.strings(obj, "aliases", false).into_iter().map(|(_, a)| a.to_string()).collect();
        let note = self.optional_string(obj, "note").map(str::to_string);
        Entity { id: id.to_string(), name, kind, aliases, note }
    }

    fn event(
        &mut self,
        obj: &Obj<'_, '_, '_>,
        id: &str,
        entities: &Ids,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Event> {
        let date = self.string(obj, "date").and_then(|d| self.parse_date(obj, "date", d));
        let kind = self.string(obj, "type");
        if let Some(kind) = kind
            && !EVENT_TYPES.contains(&kind)
        {
            let hint = format!("use one of: {} (`other` when none fits)", EVENT_TYPES.join(", "));
            self.report(obj.child_at("type"), format!("unknown event type `{kind}`"), hint);
        }
        let title = self.string(obj, "title");
        let actors = self.references(entities, obj, "actors", true);
        let targets = self.references(entities, obj, "targets", false);
        let places = self.references(entities, obj, "places", true);
        let fatalities = self.optional_count(obj, "fatalities");
        let evidence = self.evidence(obj, "evidence", source_ids, sources);
        let (status, confidence) = (self.status(obj), self.confidence(obj));
        Some(Event {
            id: id.to_string(),
            date: date?,
            kind: kind?.to_string(),
            title: title?.to_string(),
            actors,
            targets,
            places,
            fatalities,
            evidence: evidence?,
            status,
            confidence,
        })
    }

    fn claim(
        &mut self,
        obj: &Obj<'_, '_, '_>,
        id: &str,
        entities: &Ids,
        events: &Ids,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Claim> {
        let speaker = self.string(obj, "speaker").and_then(|s| self.lookup(entities, s, &Child(&obj.at, "speaker")));
        let verb = self.string(obj, "verb");
        let text = self.string(obj, "text");
        let date = self.optional_date(obj, "date");
        let about: Vec<EventIx> = self.references(events, obj, "about", false);
        let mentions: Vec<EntityIx> = self.references(entities, obj, "mentions", false);
        let evidence = self.evidence(obj, "evidence", source_ids, sources);
        let (status, confidence) = (self.status(obj), self.confidence(obj));
        if about.contains(&u32::MAX) {
            return None;
        }
        Some(Claim {
            id: id.to_string(),
            speaker: speaker?,
            verb: verb?.to_string(),
            text: text?.to_string(),
            date,
            about,
            mentions,
            evidence: evidence?,
            status,
            confidence,
        })
    }

    fn discrepancy(
        &mut self,
        obj: &Obj<'_, '_, '_>,
        id: &str,
        events: &Ids,
        claims: &Ids,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Discrepancy> {
        let topic = self.string(obj, "topic");
        let mut about = Vec::new();
        for (path, target) in self.strings(obj, "about", false) {
            if let Some(&(ix, _)) = events.map.get(target) {
                about.push(ItemRef::Event(ix));
            } else if let Some(&(ix, _)) = claims.map.get(target) {
                about.push(ItemRef::Claim(ix));
            } else {
                let message = format!("unknown event or claim `{target}`");
                let hint = closest_id(events, target)
                    .or_else(|| closest_id(claims, target))
                    .map_or("`about` lists event or claim ids".to_string(), |near| format!("did you mean `{near}`?"));
                self.report(path, message, hint);
            }
        }
        let variant_values = self.array(obj, "variants", true);
        if variant_values.len() < 2 && obj.get("variants").is_some_and(Val::is_array) {
            self.report(
                obj.child_at("variants"),
                format!("a discrepancy needs at least two variants, found {}", variant_values.len()),
                "add each differing version with the passages that give it",
            );
        }
        let mut variants = Vec::new();
        let mut complete = true;
        for (path, value) in variant_values {
            let Some(v) = self.object(value, path) else {
                complete = false;
                continue;
            };
            let value = self.string(&v, "value");
            let evidence = self.evidence(&v, "evidence", source_ids, sources);
            match (value, evidence) {
                (Some(value), Some(evidence)) => variants.push(Variant { value: value.to_string(), evidence }),
                _ => complete = false,
            }
        }
        if !complete || about.iter().any(|r| matches!(r, ItemRef::Event(u32::MAX) | ItemRef::Claim(u32::MAX))) {
            return None;
        }
        Some(Discrepancy { id: id.to_string(), topic: topic?.to_string(), about, variants })
    }

    /// The passages of an evidence field: at least one, each resolved against its source.
    fn evidence(
        &mut self,
        obj: &Obj<'_, '_, '_>,
        key: &'static str,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Vec<Passage>> {
        let items = self.array(obj, key, true);
        if items.is_empty() {
            if obj.get(key).is_some_and(Val::is_array) {
                self.report(obj.child_at(key), "no supporting passage", "cite at least one passage that supports it");
            }
            return None;
        }
        let mut passages = Vec::with_capacity(items.len());
        let mut complete = true;
        for (path, value) in items {
            match self.passage(value, path, source_ids, sources) {
                Some(p) => passages.push(p),
                None => complete = false,
            }
        }
        complete.then_some(passages)
    }

    fn passage(
        &mut self,
        value: &Val<'_>,
        at: At<'_>,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Passage> {
        let obj = self.object(value, at)?;
        let source_id = self.string(&obj, "source");
        let exact = self.string(&obj, "exact");
        let prefix = self.optional_string(&obj, "prefix");
        let suffix = self.optional_string(&obj, "suffix");
        let start = self.optional_count(&obj, "start").map(|n| n as usize);
        let end = self.optional_count(&obj, "end").map(|n| n as usize);
        let source_ix: SourceIx = self.lookup(source_ids, source_id?, &Child(&obj.at, "source"))?;
        let exact = exact?;
        // A source that failed to load was reported already; its passages cannot be checked.
        let Loaded { source, index } = sources.get(source_ix as usize)?.as_ref()?;
        let quote = Quote { exact, prefix, suffix, start, end };
        match anchor::resolve_indexed(&source.text, index, &quote) {
            Ok(span) => Some(Passage {
                source: source_ix,
                prefix: prefix.map(str::to_string),
                suffix: suffix.map(str::to_string),
                start: span.chars.start,
                end: span.chars.end,
                bytes: span.bytes,
            }),
            Err(e) => {
                let message = format!("in source `{}`: {}", source.id, e.message);
                self.report(obj.child_at("exact"), message, e.hint);
                None
            }
        }
    }
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// The defined id nearest to a mistyped one, when it is plausibly a typo.
fn closest_id<'i>(ids: &'i Ids, wanted: &str) -> Option<&'i str> {
    const SEARCH_LIMIT: usize = 100_000;
    if ids.map.len() > SEARCH_LIMIT {
        return None;
    }
    let limit = (wanted.chars().count() / 3).max(2);
    ids.map
        .keys()
        .map(|id| (strsim::levenshtein(id, wanted), id.as_ref()))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_prefixes_order_ids_as_their_bytes_do() {
        let ids = ["", "a", "a\0", "ab", "ev-0000009", "ev-0000010", "ev-00000100000000x", "ev-00000100000000y", "é"];
        for a in ids {
            for b in ids {
                let by_prefix = id_prefix(a).cmp(&id_prefix(b));
                assert!(by_prefix.is_eq() || by_prefix == a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn permute_moves_every_item_to_its_place() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        // Two cycles (0 2 4) and (1 5), and a fixed point (3).
        let mut order = vec![2, 5, 4, 3, 0, 1];
        permute(&mut items, &mut order);
        assert_eq!(items, vec!['c', 'f', 'e', 'd', 'a', 'b']);
        let mut none: Vec<char> = Vec::new();
        permute(&mut none, &mut []);
    }

    #[test]
    fn the_nearest_id_is_suggested_only_when_it_is_a_plausible_typo() {
        let mut ids = Ids::new("entity", "entities");
        for (ix, id) in ["kakar", "iran", "pakistan"].into_iter().enumerate() {
            ids.map.insert(SmolStr::new(id), (ix as u32, ix as u32));
        }
        assert_eq!(closest_id(&ids, "kakkar"), Some("kakar"));
        assert_eq!(closest_id(&ids, "irna"), Some("iran"));
        assert_eq!(closest_id(&ids, "pakistn"), Some("pakistan"));
        assert_eq!(closest_id(&ids, "afghanistan"), None);
    }
}
