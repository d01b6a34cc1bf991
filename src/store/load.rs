//! Reading and validating a store: every problem is collected with its location, then reported
//! together, so one run of `factline check` shows everything to fix.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use super::anchor::{self, Quote};
use super::date::DateSpec;
use super::index::Store;
use super::model::{
    Claim, Discrepancy, EVENT_TYPES, Entity, EntityIx, EntityKind, Event, EventIx, ItemRef, Passage, Source, SourceIx,
    Variant,
};
use super::problem::{LoadError, Location, Problem};

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
        let inside = match (full.canonicalize(), self.folder.canonicalize()) {
            (Ok(real), Ok(folder)) => real.starts_with(folder),
            _ => true, // a missing file is reported by the read below
        };
        if !inside {
            return Err(Problem::in_file(file, format!("source file `{relative}` links outside the store's folder"))
                .with_hint("copy the article into the store's folder instead of linking to it"));
        }
        let bytes = std::fs::read(&full).map_err(|e| {
            Problem::in_file(file, format!("cannot read source file {}: {e}", full.display()))
                .with_hint("check the `file` path, relative to store.json")
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

/// Loads `path`: a `store.json` file, or a folder holding one.
pub fn load_path(path: &Path) -> Result<Store, LoadError> {
    let store_file = if path.is_dir() { path.join("store.json") } else { path.to_path_buf() };
    let bytes = std::fs::read(&store_file).map_err(|e| {
        let hint = if path.is_dir() {
            "a store folder must hold a store.json"
        } else {
            "pass a store.json file or a folder holding one with --data"
        };
        LoadError {
            problems: vec![Problem::in_file(&store_file, format!("cannot read the store: {e}")).with_hint(hint)],
        }
    })?;
    let folder = store_file.parent().map(Path::to_path_buf).unwrap_or_default();
    let folder = if folder.as_os_str().is_empty() { PathBuf::from(".") } else { folder };
    load_bytes(&store_file, &bytes, &FolderReader { store_file: store_file.clone(), folder })
}

/// Validates and indexes a store held in memory; `file` names it in messages.
pub fn load_bytes(file: &Path, json: &[u8], reader: &dyn SourceReader) -> Result<Store, LoadError> {
    let json = json.strip_prefix("\u{feff}".as_bytes()).unwrap_or(json);
    if let Err(e) = std::str::from_utf8(json) {
        return Err(LoadError { problems: vec![not_text_problem(file, json, e.valid_up_to())] });
    }
    let root: Value =
        serde_json::from_slice(json).map_err(|e| LoadError { problems: vec![syntax_problem(file, &e)] })?;
    let mut walk = Walk { file, problems: Vec::new() };
    let store = walk.store(&root, reader);
    if walk.problems.is_empty() { Ok(store) } else { Err(LoadError { problems: walk.problems }) }
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
    problems: Vec<Problem>,
}

/// An object being read, with its JSON path for messages.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: String,
}

/// One id-keyed kind of record: its ids to dense indices, first definition wins.
struct Ids<'v> {
    kind: &'static str,
    map: HashMap<&'v str, (u32, String)>,
}

impl<'v> Ids<'v> {
    fn new(kind: &'static str) -> Ids<'v> {
        Ids { kind, map: HashMap::new() }
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

impl<'f> Walk<'f> {
    fn report(&mut self, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        let at = if path.is_empty() { "(top level)" } else { path };
        self.problems.push(Problem::at_path(self.file, at, message).with_hint(hint));
    }

    fn object<'v>(&mut self, value: &'v Value, path: String) -> Option<Obj<'v>> {
        match value {
            Value::Object(map) => Some(Obj { map, path }),
            other => {
                let found = type_name(other);
                self.report(
                    &path,
                    format!("expected an object, found {found}"),
                    "write this entry as { \"field\": … }",
                );
                None
            }
        }
    }

    fn string<'v>(&mut self, obj: &Obj<'v>, key: &str) -> Option<&'v str> {
        match obj.map.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
            Some(Value::String(_)) => {
                self.report(&child(&obj.path, key), format!("`{key}` is empty"), format!("give `{key}` a value"));
                None
            }
            Some(other) => {
                let found = type_name(other);
                self.report(&child(&obj.path, key), format!("`{key}` must be a string, found {found}"), "quote it");
                None
            }
            None => {
                self.report(&obj.path, format!("missing required field `{key}`"), format!("add \"{key}\": …"));
                None
            }
        }
    }

    fn optional_string<'v>(&mut self, obj: &Obj<'v>, key: &str) -> Option<&'v str> {
        match obj.map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                let found = type_name(other);
                self.report(
                    &child(&obj.path, key),
                    format!("`{key}` must be a string or null, found {found}"),
                    "quote it, or use null when unknown",
                );
                None
            }
        }
    }

    fn optional_date(&mut self, obj: &Obj<'_>, key: &str) -> Option<DateSpec> {
        let text = self.optional_string(obj, key)?;
        self.parse_date(&child(&obj.path, key), text)
    }

    fn parse_date(&mut self, path: &str, text: &str) -> Option<DateSpec> {
        DateSpec::parse(text)
            .map_err(|reason| self.report(path, reason, "dates are 2024, 2024-01, 2024-01-16 or 2024-01-16/2024-01-17"))
            .ok()
    }

    fn optional_count(&mut self, obj: &Obj<'_>, key: &str) -> Option<u64> {
        match obj.map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
            Some(other) => {
                let message = format!("`{key}` must be a whole number ≥ 0, found {}", other);
                self.report(&child(&obj.path, key), message, "write a plain number such as 9");
                None
            }
        }
    }

    /// The elements of an array field with their paths; absent optional arrays are empty.
    fn array<'v>(&mut self, obj: &Obj<'v>, key: &str, required: bool) -> Vec<(String, &'v Value)> {
        match obj.map.get(key) {
            Some(Value::Array(items)) => {
                let path = child(&obj.path, key);
                items.iter().enumerate().map(|(i, v)| (format!("{path}[{i}]"), v)).collect()
            }
            None if !required => Vec::new(),
            Some(Value::Null) if !required => Vec::new(),
            None => {
                self.report(&obj.path, format!("missing required field `{key}`"), format!("add \"{key}\": [ … ]"));
                Vec::new()
            }
            Some(other) => {
                let found = type_name(other);
                self.report(&child(&obj.path, key), format!("`{key}` must be an array, found {found}"), "use [ … ]");
                Vec::new()
            }
        }
    }

    fn strings<'v>(&mut self, obj: &Obj<'v>, key: &str, required: bool) -> Vec<(String, &'v str)> {
        let mut out = Vec::new();
        for (path, value) in self.array(obj, key, required) {
            match value {
                Value::String(s) => out.push((path, s.as_str())),
                other => {
                    let found = type_name(other);
                    self.report(&path, format!("expected a string, found {found}"), "quote it");
                }
            }
        }
        out
    }

    /// Registers `id` in `ids`; a repeat is a problem that points back at the first.
    fn define<'v>(&mut self, ids: &mut Ids<'v>, id: &'v str, ix: u32, path: &str) -> bool {
        if let Some((_, first)) = ids.map.get(id) {
            let message = format!("duplicate {} id `{id}` (first defined at {first})", ids.kind);
            self.report(&child(path, "id"), message, "every id must be unique within its kind: rename one");
            false
        } else {
            ids.map.insert(id, (ix, path.to_string()));
            true
        }
    }

    fn lookup(&mut self, ids: &Ids<'_>, id: &str, path: &str) -> Option<u32> {
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

    fn references(&mut self, ids: &Ids<'_>, obj: &Obj<'_>, key: &str, required: bool) -> Vec<u32> {
        let refs = self.strings(obj, key, required);
        refs.into_iter().filter_map(|(path, id)| self.lookup(ids, id, &path)).collect()
    }

    fn store(&mut self, root: &Value, reader: &dyn SourceReader) -> Store {
        let Some(top) = self.object(root, String::new()) else { return Store::default() };
        match top.map.get("format") {
            Some(Value::String(f)) if f == FORMAT => {}
            _ => self.report(
                "format",
                format!("not a factline store: `format` must be \"{FORMAT}\""),
                format!("add \"format\": \"{FORMAT}\" at the top level"),
            ),
        }
        match top.map.get("version").and_then(Value::as_u64) {
            Some(VERSION) => {}
            Some(v) if v > VERSION => self.report(
                "version",
                format!("store version {v} is newer than this factline reads ({VERSION})"),
                "upgrade factline",
            ),
            _ => self.report("version", format!("`version` must be {VERSION}"), format!("add \"version\": {VERSION}")),
        }
        let title = self.optional_string(&top, "title").map(str::to_string);

        let mut source_ids = Ids::new("source");
        // None marks a source whose text could not be had: its passages are not checked again.
        let mut sources: Vec<Option<Source>> = Vec::new();
        for (path, value) in self.array(&top, "sources", true) {
            let Some(obj) = self.object(value, path.clone()) else { continue };
            let Some(id) = self.string(&obj, "id") else { continue };
            if !self.define(&mut source_ids, id, sources.len() as u32, &path) {
                continue;
            }
            sources.push(self.source(&obj, id, reader));
        }

        let mut entity_ids = Ids::new("entity");
        let mut entities = Vec::new();
        for (path, value) in self.array(&top, "entities", true) {
            let Some(obj) = self.object(value, path.clone()) else { continue };
            let Some(id) = self.string(&obj, "id") else { continue };
            if self.define(&mut entity_ids, id, entities.len() as u32, &path) {
                entities.push(self.entity(&obj, id));
            }
        }

        let mut events: Vec<Event> = Vec::new();
        let mut seen_events = Ids::new("event");
        for (path, value) in self.array(&top, "events", true) {
            let Some(obj) = self.object(value, path.clone()) else { continue };
            let Some(id) = self.string(&obj, "id") else { continue };
            if self.define(&mut seen_events, id, 0, &path)
                && let Some(event) = self.event(&obj, id, &entity_ids, &source_ids, &sources)
            {
                events.push(event);
            }
        }
        events.sort_by(|a, b| a.date.timeline_cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        let mut event_ids = Ids::new("event");
        event_ids.map =
            events.iter().enumerate().map(|(ix, e)| (e.id.as_str(), (ix as EventIx, String::new()))).collect();
        // Events that failed validation are still known ids: references to them are not errors twice.
        for (id, (_, path)) in seen_events.map {
            event_ids.map.entry(id).or_insert((u32::MAX, path));
        }

        let mut claim_ids = Ids::new("claim");
        let mut claims = Vec::new();
        for (path, value) in self.array(&top, "claims", false) {
            let Some(obj) = self.object(value, path.clone()) else { continue };
            let Some(id) = self.string(&obj, "id") else { continue };
            if self.define(&mut claim_ids, id, claims.len() as u32, &path)
                && let Some(claim) = self.claim(&obj, id, &entity_ids, &event_ids, &source_ids, &sources)
            {
                claims.push(claim);
            } else {
                claim_ids.map.entry(id).and_modify(|(ix, _)| *ix = u32::MAX);
            }
        }

        let mut discrepancy_ids = Ids::new("discrepancy");
        let mut discrepancies = Vec::new();
        for (path, value) in self.array(&top, "discrepancies", false) {
            let Some(obj) = self.object(value, path.clone()) else { continue };
            let Some(id) = self.string(&obj, "id") else { continue };
            if self.define(&mut discrepancy_ids, id, discrepancies.len() as u32, &path)
                && let Some(d) = self.discrepancy(&obj, id, &event_ids, &claim_ids, &source_ids, &sources)
            {
                discrepancies.push(d);
            }
        }

        if !self.problems.is_empty() {
            return Store::default();
        }
        let sources = sources.into_iter().flatten().collect();
        Store::new(title, sources, entities, events, claims, discrepancies)
    }

    fn source(&mut self, obj: &Obj<'_>, id: &str, reader: &dyn SourceReader) -> Option<Source> {
        let file = self.optional_string(obj, "file");
        let inline = self.optional_string(obj, "text");
        let title = self.optional_string(obj, "title").map(str::to_string);
        let publisher = self.optional_string(obj, "publisher").map(str::to_string);
        let author = self.optional_string(obj, "author").map(str::to_string);
        let url = self.optional_string(obj, "url").map(str::to_string);
        let published = self.optional_date(obj, "published");
        let text = match (file, inline) {
            (Some(_), Some(_)) => {
                self.report(
                    &obj.path,
                    "a source has both `file` and `text`",
                    "keep one: the file path or the inline text",
                );
                return None;
            }
            (None, None) => {
                self.report(&obj.path, "a source needs `file` or `text`", "add \"file\": \"sources/article.txt\"");
                return None;
            }
            (None, Some(text)) => text.to_string(),
            (Some(file), None) => match reader.read(file) {
                Ok(text) => text,
                Err(mut problem) => {
                    problem.location = Location::Path(child(&obj.path, "file"));
                    self.problems.push(problem);
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
        })
    }

    fn entity(&mut self, obj: &Obj<'_>, id: &str) -> Entity {
        let name = self.string(obj, "name").unwrap_or_default().to_string();
        let kind = match obj.map.get("kind") {
            Some(Value::String(k)) => EntityKind::parse(k),
            _ => None,
        };
        let kind = kind.unwrap_or_else(|| {
            let kinds: Vec<&str> = EntityKind::ALL.iter().map(|k| k.as_str()).collect();
            let message = match obj.map.get("kind") {
                None => "missing required field `kind`".to_string(),
                Some(other) => format!("unknown entity kind {other}"),
            };
            self.report(&child(&obj.path, "kind"), message, format!("use one of: {}", kinds.join(", ")));
            EntityKind::Place
        });
        let aliases = self.strings(obj, "aliases", false).into_iter().map(|(_, a)| a.to_string()).collect();
        let note = self.optional_string(obj, "note").map(str::to_string);
        Entity { id: id.to_string(), name, kind, aliases, note }
    }

    fn event(
        &mut self,
        obj: &Obj<'_>,
        id: &str,
        entities: &Ids<'_>,
        source_ids: &Ids<'_>,
        sources: &[Option<Source>],
    ) -> Option<Event> {
        let date = self.string(obj, "date").and_then(|d| self.parse_date(&child(&obj.path, "date"), d));
        let kind = self.string(obj, "type");
        if let Some(kind) = kind
            && !EVENT_TYPES.contains(&kind)
        {
            let hint = format!("use one of: {} (`other` when none fits)", EVENT_TYPES.join(", "));
            self.report(&child(&obj.path, "type"), format!("unknown event type `{kind}`"), hint);
        }
        let title = self.string(obj, "title");
        let actors = self.references(entities, obj, "actors", true);
        let targets = self.references(entities, obj, "targets", false);
        let places = self.references(entities, obj, "places", true);
        let fatalities = self.optional_count(obj, "fatalities");
        let evidence = self.evidence(obj, "evidence", source_ids, sources);
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
        })
    }

    fn claim(
        &mut self,
        obj: &Obj<'_>,
        id: &str,
        entities: &Ids<'_>,
        events: &Ids<'_>,
        source_ids: &Ids<'_>,
        sources: &[Option<Source>],
    ) -> Option<Claim> {
        let speaker = self.string(obj, "speaker").and_then(|s| self.lookup(entities, s, &child(&obj.path, "speaker")));
        let verb = self.string(obj, "verb");
        let text = self.string(obj, "text");
        let date = self.optional_date(obj, "date");
        let about: Vec<EventIx> = self.references(events, obj, "about", false);
        let mentions: Vec<EntityIx> = self.references(entities, obj, "mentions", false);
        let evidence = self.evidence(obj, "evidence", source_ids, sources);
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
        })
    }

    fn discrepancy(
        &mut self,
        obj: &Obj<'_>,
        id: &str,
        events: &Ids<'_>,
        claims: &Ids<'_>,
        source_ids: &Ids<'_>,
        sources: &[Option<Source>],
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
                self.report(&path, message, hint);
            }
        }
        let variant_values = self.array(obj, "variants", true);
        if variant_values.len() < 2 && obj.map.get("variants").is_some_and(Value::is_array) {
            self.report(
                &child(&obj.path, "variants"),
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
        obj: &Obj<'_>,
        key: &str,
        source_ids: &Ids<'_>,
        sources: &[Option<Source>],
    ) -> Option<Vec<Passage>> {
        let items = self.array(obj, key, true);
        if items.is_empty() {
            if obj.map.get(key).is_some_and(Value::is_array) {
                self.report(
                    &child(&obj.path, key),
                    "no supporting passage",
                    "cite at least one passage that supports it",
                );
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
        value: &Value,
        path: String,
        source_ids: &Ids<'_>,
        sources: &[Option<Source>],
    ) -> Option<Passage> {
        let obj = self.object(value, path)?;
        let source_id = self.string(&obj, "source");
        let exact = self.string(&obj, "exact");
        let prefix = self.optional_string(&obj, "prefix");
        let suffix = self.optional_string(&obj, "suffix");
        let start = self.optional_count(&obj, "start").map(|n| n as usize);
        let end = self.optional_count(&obj, "end").map(|n| n as usize);
        let source_ix: SourceIx = self.lookup(source_ids, source_id?, &child(&obj.path, "source"))?;
        let exact = exact?;
        // A source that failed to load was reported already; its passages cannot be checked.
        let source = sources.get(source_ix as usize)?.as_ref()?;
        let quote = Quote { exact, prefix, suffix, start, end };
        match anchor::resolve(&source.text, &quote) {
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
                self.report(&child(&obj.path, "exact"), message, e.hint);
                None
            }
        }
    }
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// The defined id nearest to a mistyped one, when it is plausibly a typo.
fn closest_id<'v>(ids: &Ids<'v>, wanted: &str) -> Option<&'v str> {
    const SEARCH_LIMIT: usize = 100_000;
    if ids.map.len() > SEARCH_LIMIT {
        return None;
    }
    let limit = (wanted.chars().count() / 3).max(2);
    ids.map.keys().map(|id| (edit_distance(id, wanted), *id)).filter(|(d, _)| *d <= limit).min().map(|(_, id)| id)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("kakar", "kakar"), 0);
        assert_eq!(edit_distance("kakar", "kakkar"), 1);
        assert_eq!(edit_distance("iran", "irna"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
