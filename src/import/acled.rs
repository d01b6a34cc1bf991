//! `factline import acled`: ACLED CSV exports → a store.
//!
//! Files are read record by record (never whole) by header name, so column order, extra columns
//! and missing optional columns do not matter. Every row is checked; bad rows are all reported
//! with file:line, and skipped only when the user asks. What is kept in memory is what the store
//! will hold: one compact record per event and one per actor or place, never the CSV.
//!
//! The mapping (docs/store-format.md and README "Browse ACLED data" describe it for users):
//! - event `id` = `event_id_cnty`; a repeated id keeps the row with the latest `timestamp` (ACLED
//!   revises events under the same id), the later row on a tie or without timestamps;
//! - `date` = `event_date` at `time_precision` (see `fields::store_date`);
//! - `type` = `sub_event_type` (or `event_type` when an export lacks it), as a vocabulary slug;
//! - `actors` = `actor1` + `assoc_actor_1` (`; `-separated), `targets` = `actor2` + `assoc_actor_2`;
//! - `places` = the location (within admin3/admin2/admin1/country, coordinates in its note), its
//!   admin1 region and its country;
//! - one source per event: its text is ACLED's `notes`, its publisher the `source` column, its
//!   date the event's; the whole note is the event's passage.

mod fields;

use std::cell::Cell;
use std::collections::HashSet;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use foldhash::HashMap;

use crate::store::date::DateSpec;
use serde::Serialize;

use crate::store::format::{
    ClaimRecord, DiscrepancyRecord, EntityRecord, EventRecord, Extra, FORMAT, PassageRecord, RecordPerLine,
    SourceRecord, StoreFile, Streamed, VERSION,
};
use crate::store::model::EntityKind;
use crate::store::{LoadError, Problem};
use crate::text::sanitize_line;
use crate::user_file::open_regular;

pub use fields::{TimePrecision, aliases, event_type, parse_event_date, parse_inter, slug, store_date};

/// Columns without which a row cannot become an event. `sub_event_type` may be replaced by
/// `event_type`; every other column is optional.
pub const REQUIRED: [&str; 6] = ["event_id_cnty", "event_date", "actor1", "notes", "country", "location"];

/// More bad rows than this are counted, not listed: a file of the wrong kind would otherwise
/// print a million lines.
const MAX_LISTED: usize = 1000;

/// Entity ids are cut to this many bytes (at a word boundary), so they stay short to type and
/// inline in the loader's id tables.
const MAX_ID: usize = 64;

/// Where each column used sits in one file's header.
#[derive(Debug, Clone, Default)]
struct Columns {
    count: usize,
    event_id: usize,
    event_date: usize,
    actor1: usize,
    notes: usize,
    country: usize,
    location: usize,
    kind: usize,
    time_precision: Option<usize>,
    assoc_actor_1: Option<usize>,
    inter1: Option<usize>,
    actor2: Option<usize>,
    assoc_actor_2: Option<usize>,
    inter2: Option<usize>,
    region: Option<usize>,
    admin1: Option<usize>,
    admin2: Option<usize>,
    admin3: Option<usize>,
    latitude: Option<usize>,
    longitude: Option<usize>,
    geo_precision: Option<usize>,
    source: Option<usize>,
    source_scale: Option<usize>,
    fatalities: Option<usize>,
    timestamp: Option<usize>,
}

impl Columns {
    /// Finds the columns by name (case and surrounding spaces ignored, as older exports wrote
    /// them in capitals); every missing required column is a problem.
    fn from_header(file: &Path, header: &csv::ByteRecord) -> Result<Columns, Vec<Problem>> {
        let names: Vec<String> =
            header.iter().map(|n| String::from_utf8_lossy(n).trim().to_ascii_lowercase()).collect();
        let find = |name: &str| names.iter().position(|n| n == name);
        let mut missing = Vec::new();
        let mut required = |name: &'static str| {
            find(name).unwrap_or_else(|| {
                missing.push(name);
                0
            })
        };
        let event_id = required("event_id_cnty");
        let event_date = required("event_date");
        let actor1 = required("actor1");
        let notes = required("notes");
        let country = required("country");
        let location = required("location");
        let kind = match find("sub_event_type").or_else(|| find("event_type")) {
            Some(ix) => ix,
            None => {
                missing.push("sub_event_type (or event_type)");
                0
            }
        };
        if !missing.is_empty() {
            return Err(missing
                .into_iter()
                .map(|name| {
                    Problem::in_file(file, format!("missing required column `{name}`")).with_hint(format!(
                        "an ACLED export's header names its columns; these are needed: {}, sub_event_type",
                        REQUIRED.join(", ")
                    ))
                })
                .collect());
        }
        Ok(Columns {
            count: names.len(),
            event_id,
            event_date,
            actor1,
            notes,
            country,
            location,
            kind,
            time_precision: find("time_precision"),
            assoc_actor_1: find("assoc_actor_1"),
            inter1: find("inter1"),
            actor2: find("actor2"),
            assoc_actor_2: find("assoc_actor_2"),
            inter2: find("inter2"),
            region: find("region"),
            admin1: find("admin1"),
            admin2: find("admin2"),
            admin3: find("admin3"),
            latitude: find("latitude"),
            longitude: find("longitude"),
            geo_precision: find("geo_precision"),
            source: find("source"),
            source_scale: find("source_scale"),
            fatalities: find("fatalities"),
            timestamp: find("timestamp"),
        })
    }
}

/// One row's values, checked, borrowed from the CSV record.
struct Row<'r> {
    id: &'r str,
    date: DateSpec,
    kind_name: &'r str,
    actor1: &'r str,
    inter1: Option<u8>,
    assoc1: &'r str,
    actor2: &'r str,
    inter2: Option<u8>,
    assoc2: &'r str,
    country: &'r str,
    region: &'r str,
    admin: [&'r str; 3],
    location: &'r str,
    coordinates: Option<(f64, f64)>,
    geo_precision: &'r str,
    notes: &'r str,
    source: &'r str,
    source_scale: &'r str,
    fatalities: Option<u64>,
    timestamp: u64,
}

/// Reads and checks one record; every problem of the row in one message.
fn parse_row<'r>(cols: &Columns, record: &'r csv::ByteRecord) -> Result<Row<'r>, String> {
    if record.len() != cols.count {
        return Err(format!("the row has {} fields, the header has {}", record.len(), cols.count));
    }
    let mut problems: Vec<String> = Vec::new();
    let mut text = |ix: Option<usize>, name: &str| -> &'r str {
        let Some(ix) = ix else { return "" };
        match std::str::from_utf8(&record[ix]) {
            Ok(s) => s.trim(),
            Err(e) => {
                problems.push(format!("`{name}` is not valid UTF-8 (at byte {})", e.valid_up_to()));
                ""
            }
        }
    };
    let id = text(Some(cols.event_id), "event_id_cnty");
    let event_date = text(Some(cols.event_date), "event_date");
    let kind_name = text(Some(cols.kind), "sub_event_type");
    let actor1 = text(Some(cols.actor1), "actor1");
    let notes = text(Some(cols.notes), "notes");
    let country = text(Some(cols.country), "country");
    let location = text(Some(cols.location), "location");
    let precision = cols.time_precision.map(|ix| text(Some(ix), "time_precision"));
    let inter1 = text(cols.inter1, "inter1");
    let inter2 = text(cols.inter2, "inter2");
    let latitude = text(cols.latitude, "latitude");
    let longitude = text(cols.longitude, "longitude");
    let fatalities = text(cols.fatalities, "fatalities");
    let timestamp = text(cols.timestamp, "timestamp");
    let row = Row {
        id,
        date: DateSpec::parse("1970").expect("a valid date"),
        kind_name,
        actor1,
        inter1: None,
        assoc1: text(cols.assoc_actor_1, "assoc_actor_1"),
        actor2: text(cols.actor2, "actor2"),
        inter2: None,
        assoc2: text(cols.assoc_actor_2, "assoc_actor_2"),
        country,
        region: text(cols.region, "region"),
        admin: [text(cols.admin1, "admin1"), text(cols.admin2, "admin2"), text(cols.admin3, "admin3")],
        location,
        coordinates: None,
        geo_precision: text(cols.geo_precision, "geo_precision"),
        notes,
        source: text(cols.source, "source"),
        source_scale: text(cols.source_scale, "source_scale"),
        fatalities: None,
        timestamp: 0,
    };
    let mut row = row;
    for (value, name) in [
        (id, "event_id_cnty"),
        (kind_name, "sub_event_type"),
        (actor1, "actor1"),
        (notes, "notes"),
        (country, "country"),
        (location, "location"),
    ] {
        if value.is_empty() {
            problems.push(format!("`{name}` is empty"));
        }
    }
    let precision = match precision.map(TimePrecision::parse) {
        None => Some(TimePrecision::Day),
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            problems.push(e);
            None
        }
    };
    match parse_event_date(event_date) {
        Ok(day) => row.date = store_date(day, precision.unwrap_or(TimePrecision::Day)),
        Err(e) => problems.push(e),
    }
    for (value, name, slot) in [(inter1, "inter1", &mut row.inter1), (inter2, "inter2", &mut row.inter2)] {
        match parse_inter(value) {
            Ok(code) => *slot = code,
            Err(e) => problems.push(format!("{name}: {e}")),
        }
    }
    if !fatalities.is_empty() {
        match fatalities.parse::<u64>() {
            Ok(n) => row.fatalities = Some(n),
            Err(_) => problems.push(format!("fatalities `{fatalities}` is not a whole number")),
        }
    }
    if !timestamp.is_empty() {
        match timestamp.parse::<u64>() {
            Ok(t) => row.timestamp = t,
            Err(_) => problems.push(format!("timestamp `{timestamp}` is not a whole number of seconds")),
        }
    }
    let coordinate = |value: &str, name: &str, limit: f64, problems: &mut Vec<String>| -> Option<f64> {
        if value.is_empty() {
            return None;
        }
        match value.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
            _ => {
                problems.push(format!("{name} `{value}` is not a number from -{limit} to {limit}"));
                None
            }
        }
    };
    let lat = coordinate(latitude, "latitude", 90.0, &mut problems);
    let lon = coordinate(longitude, "longitude", 180.0, &mut problems);
    row.coordinates = lat.zip(lon);
    if problems.is_empty() { Ok(row) } else { Err(problems.join("; ")) }
}

/// An actor or a place, before ids are given.
struct EntityDraft {
    /// What makes it one entity (kind and name, or a place's whole hierarchy); also the
    /// tie-break that orders entities whose slugs are equal.
    key: Box<str>,
    name: String,
    kind: EntityKind,
    note: Option<String>,
    /// An actor's ACLED type is known (it was seen as actor1 or actor2, not only associated).
    typed: bool,
    is_actor: bool,
}

/// One event as it will be written.
struct EventDraft {
    id: String,
    date: DateSpec,
    kind: &'static str,
    title: String,
    actors: Vec<u32>,
    targets: Vec<u32>,
    places: Vec<u32>,
    fatalities: Option<u64>,
    notes: String,
    publisher: Option<String>,
    source_scale: Option<String>,
    timestamp: u64,
}

/// What has been read so far: the events by id and the entities they reference.
#[derive(Default)]
pub struct Import {
    entities: Vec<EntityDraft>,
    entity_keys: HashMap<Box<str>, u32>,
    events: Vec<EventDraft>,
    event_ids: HashMap<String, u32>,
    key: String,
    /// Rows read, over all files (bad ones included).
    pub rows: usize,
    /// Rows that replaced, or lost to, a row with the same id.
    pub replaced: usize,
    /// The bad rows, each with its file and line.
    pub bad: Vec<Problem>,
    /// Bad rows beyond those listed in `bad`.
    pub unlisted_bad: usize,
}

impl Import {
    fn entity(&mut self, key: &str, make: impl FnOnce() -> EntityDraft) -> u32 {
        if let Some(&ix) = self.entity_keys.get(key) {
            return ix;
        }
        let ix = self.entities.len() as u32;
        self.entities.push(make());
        self.entity_keys.insert(key.into(), ix);
        ix
    }

    fn actor(&mut self, name: &str, inter: Option<u8>, typed: bool) -> u32 {
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        key.push_str("actor\u{1f}");
        key.push_str(name);
        let kind = match inter {
            Some(2..=4) => EntityKind::Group,
            _ => EntityKind::Organization,
        };
        let note =
            inter.map(|code| format!("ACLED actor type: {} (inter {code})", fields::INTER_TYPES[code as usize - 1]));
        let ix = self.entity(&key, || EntityDraft {
            key: key.as_str().into(),
            name: name.to_string(),
            kind,
            note: None,
            typed: false,
            is_actor: true,
        });
        self.key = key;
        let entity = &mut self.entities[ix as usize];
        // The first row that gives the actor's type decides it; an associated actor has none.
        if typed && !entity.typed {
            entity.typed = true;
            entity.kind = kind;
            entity.note = note;
        }
        ix
    }

    /// `actor` and its `; `-separated associates, each once.
    fn actors(&mut self, actor: &str, inter: Option<u8>, associates: &str) -> Vec<u32> {
        let mut out = Vec::new();
        if !actor.is_empty() {
            out.push(self.actor(actor, inter, true));
        }
        for name in associates.split(';').map(str::trim).filter(|n| !n.is_empty()) {
            let ix = self.actor(name, None, false);
            if !out.contains(&ix) {
                out.push(ix);
            }
        }
        out
    }

    fn places(&mut self, row: &Row<'_>) -> Vec<u32> {
        let country = row.country;
        let [admin1, admin2, admin3] = row.admin;
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        for part in ["place", country, admin1, admin2, admin3, row.location] {
            key.push_str(part);
            key.push('\u{1f}');
        }
        let location = self.entity(&key, || {
            let hierarchy: Vec<&str> =
                [row.location, admin3, admin2, admin1, country].into_iter().filter(|p| !p.is_empty()).collect();
            let mut note = hierarchy.join(", ");
            if let Some((lat, lon)) = row.coordinates {
                note.push_str(&format!(" · {lat}, {lon}"));
            }
            if !row.geo_precision.is_empty() {
                note.push_str(&format!(" (ACLED geo_precision {})", row.geo_precision));
            }
            EntityDraft {
                key: key.as_str().into(),
                name: row.location.to_string(),
                kind: EntityKind::Place,
                note: Some(note),
                typed: true,
                is_actor: false,
            }
        });
        let mut places = vec![location];
        if !admin1.is_empty() {
            key.clear();
            for part in ["admin1", country, admin1] {
                key.push_str(part);
                key.push('\u{1f}');
            }
            let region = self.entity(&key, || EntityDraft {
                key: key.as_str().into(),
                name: admin1.to_string(),
                kind: EntityKind::Place,
                note: Some(format!("first-level administrative region of {country}")),
                typed: true,
                is_actor: false,
            });
            if region != location {
                places.push(region);
            }
        }
        key.clear();
        key.push_str("country\u{1f}");
        key.push_str(country);
        let country_ix = self.entity(&key, || EntityDraft {
            key: key.as_str().into(),
            name: country.to_string(),
            kind: EntityKind::Country,
            note: (!row.region.is_empty()).then(|| format!("country; ACLED region: {}", row.region)),
            typed: true,
            is_actor: false,
        });
        places.push(country_ix);
        self.key = key;
        places
    }

    fn add(&mut self, row: &Row<'_>) {
        let previous = self.event_ids.get(row.id).copied();
        if let Some(ix) = previous {
            self.replaced += 1;
            // ACLED's revisions carry a later timestamp; on a tie the row read later wins.
            if self.events[ix as usize].timestamp > row.timestamp {
                return;
            }
        }
        let title = format!("{}: {} in {}", row.kind_name, row.actor1, row.location);
        let actors = self.actors(row.actor1, row.inter1, row.assoc1);
        let targets = self.actors(row.actor2, row.inter2, row.assoc2);
        let places = self.places(row);
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let event = EventDraft {
            id: row.id.to_string(),
            date: row.date,
            kind: event_type(row.kind_name),
            title,
            actors,
            targets,
            places,
            fatalities: row.fatalities,
            notes: row.notes.to_string(),
            publisher: optional(row.source),
            source_scale: optional(row.source_scale),
            timestamp: row.timestamp,
        };
        match previous {
            Some(ix) => self.events[ix as usize] = event,
            None => {
                self.event_ids.insert(event.id.clone(), self.events.len() as u32);
                self.events.push(event);
            }
        }
    }

    fn bad_row(&mut self, file: &Path, line: u64, message: String) {
        if self.bad.len() < MAX_LISTED {
            let message = format!("bad row: {}", sanitize_line(&message));
            self.bad.push(
                Problem::at_line(file, line as usize, message)
                    .with_hint("fix the row in the CSV, or pass --skip-bad to import without it"),
            );
        } else {
            self.unlisted_bad += 1;
        }
    }

    pub fn events(&self) -> usize {
        self.events.len()
    }

    /// Reads one CSV file into the import; `read` counts the bytes read, for a progress bar.
    fn read_file(&mut self, file: &Path, read: &Rc<Cell<usize>>, tick: &mut dyn FnMut()) -> Result<(), Vec<Problem>> {
        let cannot = |e: io::Error| {
            vec![
                Problem::in_file(file, format!("cannot read the CSV: {e}"))
                    .with_hint("pass the path of an ACLED CSV export"),
            ]
        };
        let (handle, size) = open_regular(file).map_err(cannot)?;
        let mut input = BufReader::with_capacity(1 << 20, Counted { inner: handle.take(size), read: Rc::clone(read) });
        let start = input.fill_buf().map_err(cannot)?;
        if let Some(encoding) = other_encoding(start) {
            return Err(vec![
                Problem::in_file(file, format!("the file is {encoding}, not UTF-8; nothing of it was read")).with_hint(
                    "save it as UTF-8 CSV (in a spreadsheet: CSV UTF-8), or convert it: `iconv -f UTF-16 -t UTF-8 FILE.csv > utf8.csv`",
                ),
            ]);
        }
        if start.starts_with(BOM) {
            input.consume(BOM.len());
        }
        let mut csv = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(input);
        let header = csv.byte_headers().map_err(|e| cannot(io::Error::other(e)))?.clone();
        if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
            return Err(vec![
                Problem::in_file(file, "the file is empty: no header row")
                    .with_hint("an ACLED export starts with a header row naming its columns"),
            ]);
        }
        let cols = Columns::from_header(file, &header)?;
        let mut record = csv::ByteRecord::new();
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(cannot(io::Error::other(e))),
            }
            self.rows += 1;
            let line = record.position().map_or(0, csv::Position::line);
            match parse_row(&cols, &record) {
                Ok(row) => self.add(&row),
                Err(message) => self.bad_row(file, line, message),
            }
            if self.rows.is_multiple_of(4096) {
                tick();
            }
        }
        Ok(())
    }
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The encoding a file starting with `start` is in, when it is one a CSV reader for UTF-8 would
/// misread as one column of garbage (then reported as missing columns): UTF-16 or UTF-32, told by
/// their byte-order mark, or UTF-16 without one, told by a zero byte beside each ASCII letter.
fn other_encoding(start: &[u8]) -> Option<&'static str> {
    const MARKS: [(&[u8], &str); 4] = [
        (&[0xFF, 0xFE, 0, 0], "UTF-32 (little-endian, with a byte-order mark)"),
        (&[0, 0, 0xFE, 0xFF], "UTF-32 (big-endian, with a byte-order mark)"),
        (&[0xFF, 0xFE], "UTF-16 (little-endian, with a byte-order mark)"),
        (&[0xFE, 0xFF], "UTF-16 (big-endian, with a byte-order mark)"),
    ];
    if let Some((_, name)) = MARKS.iter().find(|(mark, _)| start.starts_with(mark)) {
        return Some(name);
    }
    let pairs = start.len().min(64) / 2;
    let zeros_at = |offset: usize| (0..pairs).filter(|i| start[2 * i + offset] == 0).count();
    match (zeros_at(0), zeros_at(1)) {
        (_, odd) if pairs >= 4 && odd == pairs => Some("UTF-16 (little-endian, without a byte-order mark)"),
        (even, _) if pairs >= 4 && even == pairs => Some("UTF-16 (big-endian, without a byte-order mark)"),
        _ => None,
    }
}

/// Counts the bytes read, for the progress bar.
struct Counted<R> {
    inner: R,
    read: Rc<Cell<usize>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n);
        Ok(n)
    }
}

/// Reads every file. Files that cannot be read or lack a required column fail the import; bad
/// rows fail it too unless `skip_bad`, and are then left out (and listed in `Import::bad`).
pub fn read(files: &[PathBuf], skip_bad: bool, progress: &mut dyn FnMut(usize, usize)) -> Result<Import, LoadError> {
    let total: usize = files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len() as usize).sum();
    let read = Rc::new(Cell::new(0));
    let mut import = Import::default();
    let mut problems = Vec::new();
    for file in files {
        let mut tick = || progress(read.get(), total);
        if let Err(file_problems) = import.read_file(file, &read, &mut tick) {
            problems.extend(file_problems);
        }
    }
    progress(total, total);
    if !skip_bad || !problems.is_empty() {
        problems.append(&mut import.bad);
        if import.unlisted_bad > 0 {
            let last = files.last().map(PathBuf::as_path).unwrap_or(Path::new("."));
            problems.push(Problem::in_file(last, format!("… and {} more bad rows", import.unlisted_bad)));
        }
    }
    if !problems.is_empty() {
        return Err(LoadError::new(problems));
    }
    Ok(import)
}

/// Counts of a written store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub events: usize,
    pub entities: usize,
}

impl Import {
    /// Entity ids: slugs of the names, unique, given in an order that depends only on which
    /// entities there are (kind, slug, then the whole key), never on the order of the rows.
    fn entity_ids(&self, used: &[bool]) -> (Vec<u32>, Vec<String>) {
        let mut order: Vec<u32> = (0..self.entities.len() as u32).filter(|&i| used[i as usize]).collect();
        let base: Vec<String> = self.entities.iter().map(|e| slug(&e.name, MAX_ID)).collect();
        order.sort_by(|&a, &b| {
            let (ea, eb) = (&self.entities[a as usize], &self.entities[b as usize]);
            (ea.kind, &base[a as usize], &ea.key).cmp(&(eb.kind, &base[b as usize], &eb.key))
        });
        let mut taken: HashSet<String> = HashSet::with_capacity(order.len());
        let mut ids = vec![String::new(); self.entities.len()];
        // Bare slugs first, so an entity named `x-2` keeps its own slug.
        let mut later = Vec::new();
        for &ix in &order {
            let b = &base[ix as usize];
            if taken.insert(b.clone()) {
                ids[ix as usize] = b.clone();
            } else {
                later.push(ix);
            }
        }
        for ix in later {
            let b = &base[ix as usize];
            let id = (2..).map(|n| format!("{b}-{n}")).find(|c| !taken.contains(c)).expect("a free id");
            taken.insert(id.clone());
            ids[ix as usize] = id;
        }
        (order, ids)
    }

    /// Writes the store as JSON, one record per line; events in timeline order.
    pub fn write_json(&mut self, title: &str, out: &mut dyn Write) -> io::Result<Written> {
        self.events.sort_by(|a, b| a.date.timeline_cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        let mut used = vec![false; self.entities.len()];
        for event in &self.events {
            for &ix in event.actors.iter().chain(&event.targets).chain(&event.places) {
                used[ix as usize] = true;
            }
        }
        let (order, ids) = self.entity_ids(&used);
        let sources = self.events.iter().map(|event| {
            let note = match &event.source_scale {
                Some(scale) => format!("ACLED's notes on event {}; source scale: {scale}", event.id),
                None => format!("ACLED's notes on event {}", event.id),
            };
            SourceRecord {
                id: event.id.as_str().into(),
                file: None,
                title: Some(None),
                publisher: Some(event.publisher.as_deref().map(Into::into)),
                author: Some(None),
                url: Some(None),
                published: Some(Some(event.date.to_string().into())),
                note: Some(note.into()),
                text: Some(event.notes.as_str().into()),
                extra: Extra::new(),
            }
        });
        let entities = order.iter().map(|&ix| {
            let entity = &self.entities[ix as usize];
            EntityRecord {
                id: ids[ix as usize].as_str().into(),
                name: entity.name.as_str().into(),
                kind: entity.kind.as_str().into(),
                aliases: Some(if entity.is_actor {
                    aliases(&entity.name).into_iter().map(Into::into).collect()
                } else {
                    Vec::new()
                }),
                note: entity.note.as_deref().map(|n| Some(n.into())),
                extra: Extra::new(),
            }
        });
        let names = |list: &[u32]| list.iter().map(|&ix| ids[ix as usize].as_str().into()).collect::<Vec<_>>();
        let events = self.events.iter().map(|event| EventRecord {
            id: event.id.as_str().into(),
            date: event.date.to_string().into(),
            scheduled: None,
            kind: event.kind.into(),
            title: event.title.as_str().into(),
            actors: names(&event.actors),
            // Left out, not empty, when the row names no one acted on.
            targets: (!event.targets.is_empty()).then(|| names(&event.targets)),
            places: names(&event.places),
            fatalities: event.fatalities.map(Some),
            evidence: vec![PassageRecord {
                source: event.id.as_str().into(),
                exact: event.notes.as_str().into(),
                prefix: None,
                suffix: None,
                start: Some(0),
                end: Some(event.notes.chars().count()),
                extra: Extra::new(),
            }],
            status: None,
            confidence: None,
            extra: Extra::new(),
        });
        let document = StoreFile {
            format: FORMAT.into(),
            version: VERSION,
            title: Some(title.into()),
            sources: Streamed::new(sources),
            entities: Streamed::new(entities),
            events: Streamed::new(events),
            claims: Vec::<ClaimRecord>::new(),
            discrepancies: Vec::<DiscrepancyRecord>::new(),
        };
        document.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, RecordPerLine::default()))?;
        out.write_all(b"\n")?;
        Ok(Written { events: self.events.len(), entities: order.len() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import_text(csv: &str, skip_bad: bool) -> Result<Import, LoadError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, csv).unwrap();
        read(&[path], skip_bad, &mut |_, _| {})
    }

    #[test]
    fn headers_are_matched_by_name_whatever_their_case_and_order() {
        let csv = "NOTES, Location ,COUNTRY,ACTOR1,EVENT_DATE,EVENT_ID_CNTY,SUB_EVENT_TYPE,EXTRA\n\
                   Something happened.,Kabul,Afghanistan,Rioters (Afghanistan),2024-03-01,AFG1,Mob violence,x\n";
        let import = import_text(csv, false).unwrap();
        assert_eq!(import.events(), 1);
        let event = &import.events[0];
        assert_eq!(
            (event.id.as_str(), event.kind, event.notes.as_str()),
            ("AFG1", "mob-violence", "Something happened.")
        );
    }

    #[test]
    fn on_equal_timestamps_the_row_read_last_wins() {
        let csv = "event_id_cnty,event_date,actor1,notes,country,location,sub_event_type,timestamp\n\
                   X1,2024-03-01,A,first,C,L,Attack,100\n\
                   X1,2024-03-01,A,second,C,L,Attack,100\n\
                   X1,2024-03-01,A,older,C,L,Attack,99\n";
        let import = import_text(csv, false).unwrap();
        assert_eq!(import.events(), 1);
        assert_eq!(import.events[0].notes, "second");
        assert_eq!(import.replaced, 2);
    }

    #[test]
    fn every_missing_required_column_is_named_and_bad_rows_are_counted_past_the_listing_limit() {
        let error = import_text("event_id_cnty,event_date\n", false).err().unwrap();
        let text = error.to_string();
        for column in ["actor1", "notes", "country", "location", "sub_event_type (or event_type)"] {
            assert!(text.contains(&format!("missing required column `{column}`")), "{column}: {text}");
        }
        let mut csv = String::from("event_id_cnty,event_date,actor1,notes,country,location,sub_event_type\n");
        for i in 0..MAX_LISTED + 5 {
            csv.push_str(&format!("E{i},not a date,A,n,C,L,Attack\n"));
        }
        let error = import_text(&csv, false).err().unwrap();
        assert_eq!(error.problems.len(), MAX_LISTED + 1);
        assert!(error.problems.last().unwrap().message.contains("5 more bad rows"));
    }
}
