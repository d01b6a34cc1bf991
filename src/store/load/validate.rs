//! The format's rules for each record: types, required fields, ids and references, dates and
//! passages. A `Validator` collects every problem with its JSON path, up to the limit.

use crate::store::format::key;
use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::fmt;
use std::num::NonZeroU32;
use std::path::Path;

use foldhash::HashMap;
use smol_str::SmolStr;

use super::section::{PerSection, Section};
use super::{Anchors, FORMAT, SourceReader, VERSION};
use crate::store::anchor::{self, AnchorError, CharIndex, Quote, excerpt};
use crate::store::date::DateSpec;
use crate::store::json::Val;
use crate::store::model::{
    Anchoring, Claim, Confidence, Discrepancy, EVENT_TYPES, Entity, EntityIx, EntityKind, Event, EventIx, ItemRef,
    Passage, Score, Source, SourceIx, Status, Variant,
};
use crate::store::problem::{Location, Omitted, Problem};
use crate::store::relocate::{Relocation, relocate};

/// A source whose text was read, with the index that anchors its passages quickly.
pub(super) struct Loaded {
    pub(super) source: Source,
    pub(super) index: CharIndex,
}

pub(super) struct Validator<'f> {
    pub(super) file: &'f Path,
    /// Per top-level section, so they are reported in the format's order.
    pub(super) problems: PerSection<Vec<Problem>>,
    /// The section being read.
    pub(super) section: Section,
    /// Each section lists at most this many problems: more could never be shown, as the list is
    /// cut to this length at the end.
    pub(super) max_problems: usize,
    pub(super) omitted: Omitted,
    /// Whether a passage whose article was edited is a problem or a passage with a status.
    pub(super) anchors: Anchors,
}

/// Where a value sits, e.g. `events[3].evidence[0]`: built for every record and passage but
/// formatted only when a problem is reported.
#[derive(Debug, Clone, Copy)]
pub(super) enum Place<'p> {
    TopLevel,
    Record(&'static str, usize),
    Item(&'p Place<'p>, &'static str, usize),
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::TopLevel => Ok(()),
            Place::Record(section, i) => write!(f, "{section}[{i}]"),
            Place::Item(Place::TopLevel, key, i) => write!(f, "{key}[{i}]"),
            Place::Item(parent, key, i) => write!(f, "{parent}.{key}[{i}]"),
        }
    }
}

/// An object being read, with its place for messages.
pub(super) struct Obj<'v, 'a, 'p> {
    pub(super) fields: &'v [(Cow<'a, str>, Val<'a>)],
    pub(super) at: Place<'p>,
}

impl<'v, 'a, 'p> Obj<'v, 'a, 'p> {
    pub(super) fn get(&self, key: &str) -> Option<&'v Val<'a>> {
        Val::field(self.fields, key)
    }

    pub(super) fn path(&self) -> String {
        self.at.to_string()
    }

    pub(super) fn child(&self, key: &str) -> String {
        child(&self.path(), key)
    }

    /// `child`, formatted only when a problem is listed.
    pub(super) fn child_at<'o>(&'o self, key: &'o str) -> Child<'o, 'p> {
        Child(&self.at, key)
    }
}

/// One id-keyed kind of record: its ids to dense indices and the position of the record that
/// defined each (first definition wins). Ids are kept inline in the table (up to 23 bytes, as
/// nearly all are): the millions of lookups from references and passages then compare bytes
/// already in cache instead of chasing a pointer per probe (figures in benches/README.md).
pub(super) struct Ids {
    pub(super) kind: &'static str,
    pub(super) section: &'static str,
    pub(super) map: HashMap<SmolStr, Definition>,
}

impl Ids {
    pub(super) fn new(kind: &'static str, section: &'static str) -> Ids {
        Ids { kind, section, map: HashMap::default() }
    }

    /// The ids of one list's records, named as the list names them.
    pub(super) fn of(section: Section) -> Ids {
        Ids::new(section.kind(), section.name())
    }

    pub(super) fn get(&self, id: &str) -> Option<Definition> {
        self.map.get(id).copied()
    }

    /// The record that defined `id` failed validation (or its id was defined again).
    pub(super) fn fail(&mut self, id: &str) {
        if let Some(definition) = self.map.get_mut(id) {
            definition.valid = None;
        }
    }
}

/// Where an id was defined: the record's index in its section of the file and, while the record
/// is valid, its index among the valid records. A record that failed validation keeps its id
/// known, so a reference to it is not a second problem, but whatever refers to it cannot be
/// valid either. Eight bytes, so the id tables stay compact.
#[derive(Debug, Clone, Copy)]
pub(super) struct Definition {
    /// The index plus one (`None` when the record failed), so an absent index costs no space.
    valid: Option<NonZeroU32>,
    pub(super) record: u32,
}

impl Definition {
    pub(super) fn new(index: u32, record: u32) -> Definition {
        Definition { valid: NonZeroU32::new(index.wrapping_add(1)), record }
    }

    /// The index among the valid records, unless the record failed.
    pub(super) fn index(self) -> Option<u32> {
        self.valid.map(|plus_one| plus_one.get() - 1)
    }

    /// Moves a valid record to another index (an event to its place on the timeline).
    pub(super) fn move_to(&mut self, index: u32) {
        if self.valid.is_some() {
            *self = Definition::new(index, self.record);
        }
    }
}

pub(super) fn child(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// `child` of a place, formatted on demand.
pub(super) struct Child<'o, 'p>(&'o Place<'p>, &'o str);

impl fmt::Display for Child<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Place::TopLevel => f.write_str(self.1),
            at => write!(f, "{at}.{}", self.1),
        }
    }
}

impl<'f> Validator<'f> {
    /// Starts at the top level, with no problem found.
    pub(super) fn new(file: &'f Path, max_problems: usize) -> Validator<'f> {
        Validator {
            file,
            problems: Default::default(),
            section: Section::Header,
            max_problems,
            omitted: Omitted::default(),
            anchors: Anchors::Strict,
        }
    }

    /// Past the limit only the message is formatted, and only as far as it differs from the last
    /// one counted: a store broken a million times over costs no allocation per problem.
    pub(super) fn report(&mut self, path: impl fmt::Display, message: impl fmt::Display, hint: impl fmt::Display) {
        if self.full() {
            self.omitted.count_display(message);
            return;
        }
        let path = path.to_string();
        let at = if path.is_empty() { "(top level)".to_string() } else { path };
        self.push(Problem::at_path(self.file, at, message.to_string()).with_hint(hint.to_string()));
    }

    pub(super) fn push(&mut self, problem: Problem) {
        if self.full() {
            self.omitted.count(&problem.message);
        } else {
            self.problems[self.section].push(problem);
        }
    }

    /// Whether any problem was found so far (listed or past the limit).
    pub(super) fn problems_found(&self) -> bool {
        self.omitted.total() > 0 || self.problems.values().any(|listed| !listed.is_empty())
    }

    pub(super) fn full(&self) -> bool {
        self.problems[self.section].len() >= self.max_problems
    }

    pub(super) fn object<'v, 'a, 'p>(&mut self, value: &'v Val<'a>, at: Place<'p>) -> Option<Obj<'v, 'a, 'p>> {
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

    pub(super) fn string<'v>(&mut self, obj: &Obj<'v, '_, '_>, key: &str) -> Option<&'v str> {
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

    pub(super) fn optional_string<'v>(&mut self, obj: &Obj<'v, '_, '_>, key: &str) -> Option<&'v str> {
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

    pub(super) fn optional_date(&mut self, obj: &Obj<'_, '_, '_>, key: &str) -> Option<DateSpec> {
        let text = self.optional_string(obj, key)?;
        self.parse_date(obj, key, text)
    }

    pub(super) fn parse_date(&mut self, obj: &Obj<'_, '_, '_>, key: &str, text: &str) -> Option<DateSpec> {
        DateSpec::parse(text)
            .map_err(|reason| {
                self.report(obj.child_at(key), reason, "dates are 2024, 2024-01, 2024-01-16 or 2024-01-16/2024-01-17")
            })
            .ok()
    }

    pub(super) fn optional_count(&mut self, obj: &Obj<'_, '_, '_>, key: &str) -> Option<u64> {
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

    /// A yes-or-no field; absent (or null) means no.
    pub(super) fn optional_flag(&mut self, obj: &Obj<'_, '_, '_>, key: &str) -> bool {
        match obj.get(key) {
            None | Some(Val::Null) => false,
            Some(Val::Bool(flag)) => *flag,
            Some(other) => {
                let message = format!("`{key}` must be true or false, found {other}");
                self.report(obj.child_at(key), message, "write true (or leave the key out: false)");
                false
            }
        }
    }

    /// The review status of an event, claim or discrepancy; absent (or null) means reviewed.
    pub(super) fn status(&mut self, obj: &Obj<'_, '_, '_>) -> Status {
        match obj.get(key::STATUS) {
            None | Some(Val::Null) => Status::Reviewed,
            Some(Val::String(text)) if let Some(status) = Status::parse(text) => status,
            Some(other) => {
                self.report(
                    obj.child_at(key::STATUS),
                    format_args!("`status` must be \"draft\" or \"reviewed\", found {other}"),
                    "\"draft\": found by a program, not yet checked; \"reviewed\" (or no `status`): checked by a person",
                );
                Status::Reviewed
            }
        }
    }

    /// How sure the drafting program was, from 0 to 1.
    pub(super) fn confidence(&mut self, obj: &Obj<'_, '_, '_>) -> Option<Confidence> {
        let value = obj.get(key::CONFIDENCE)?;
        let confidence = match value {
            Val::Null => return None,
            Val::Number(n) => n.as_f64().and_then(Confidence::new),
            _ => None,
        };
        if confidence.is_none() {
            self.report(
                obj.child_at(key::CONFIDENCE),
                format_args!("`confidence` must be a number from 0 to 1, found {value}"),
                "write how sure the drafting program was, such as 0.8, or leave it out",
            );
        }
        confidence
    }

    /// The elements of an array field with their paths; absent optional arrays are empty.
    pub(super) fn array<'o, 'v, 'a>(
        &mut self,
        obj: &'o Obj<'v, 'a, '_>,
        key: &'static str,
        required: bool,
    ) -> Vec<(Place<'o>, &'v Val<'a>)> {
        match obj.get(key) {
            Some(Val::Array(items)) => {
                items.iter().enumerate().map(|(i, v)| (Place::Item(&obj.at, key, i), v)).collect()
            }
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

    pub(super) fn strings<'o, 'v>(
        &mut self,
        obj: &'o Obj<'v, '_, '_>,
        key: &'static str,
        required: bool,
    ) -> Vec<(Place<'o>, &'v str)> {
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
    pub(super) fn id<'a>(&mut self, obj: &Obj<'_, 'a, '_>) -> Option<Cow<'a, str>> {
        self.string(obj, key::ID)?;
        match obj.get(key::ID) {
            Some(Val::String(id)) => Some(id.clone()),
            _ => None,
        }
    }

    /// Registers `id`, defined by record `at` of its section; a repeat is a problem that points
    /// back at the first.
    pub(super) fn define(&mut self, ids: &mut Ids, id: &str, ix: u32, at: usize) -> bool {
        match ids.map.entry(SmolStr::new(id)) {
            Entry::Occupied(first) => {
                let (id, first) = (first.key(), first.get().record);
                let message = format!("duplicate {} id `{id}` (first defined at {}[{first}])", ids.kind, ids.section);
                self.report(
                    format_args!("{}[{at}].id", ids.section),
                    message,
                    "every id must be unique within its kind: rename one",
                );
                false
            }
            Entry::Vacant(slot) => {
                slot.insert(Definition::new(ix, at as u32));
                true
            }
        }
    }

    /// Where `id` was defined; `path` is only formatted when the id is unknown.
    pub(super) fn lookup(&mut self, ids: &Ids, id: &str, path: &dyn fmt::Display) -> Option<Definition> {
        if let Some(definition) = ids.get(id) {
            return Some(definition);
        }
        let hint = match closest_id(ids, id) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("define {} {} with this id, or fix the reference", article(ids.kind), ids.kind),
        };
        self.report(path, format!("unknown {} `{id}`", ids.kind), hint);
        None
    }

    pub(super) fn references(
        &mut self,
        ids: &Ids,
        obj: &Obj<'_, '_, '_>,
        key: &'static str,
        required: bool,
    ) -> Vec<Definition> {
        let refs = self.strings(obj, key, required);
        refs.into_iter().filter_map(|(path, id)| self.lookup(ids, id, &path)).collect()
    }

    /// The top-level fields: format and version are checked, the title returned.
    pub(super) fn top(&mut self, top: &Obj<'_, '_, '_>) -> Option<String> {
        match top.get(key::FORMAT) {
            Some(Val::String(f)) if f == FORMAT => {}
            _ => self.report(
                key::FORMAT,
                format!("not a factline store: `format` must be \"{FORMAT}\""),
                format!("add \"format\": \"{FORMAT}\" at the top level"),
            ),
        }
        match top.get(key::VERSION).and_then(Val::as_u64) {
            Some(VERSION) => {}
            Some(v) if v > VERSION => self.report(
                key::VERSION,
                format!("store version {v} is newer than this factline reads ({VERSION})"),
                "upgrade factline",
            ),
            _ => {
                self.report(key::VERSION, format!("`version` must be {VERSION}"), format!("add \"version\": {VERSION}"))
            }
        }
        self.optional_string(top, key::TITLE).map(str::to_string)
    }

    pub(super) fn source(&mut self, obj: &Obj<'_, '_, '_>, id: &str, reader: &dyn SourceReader) -> Option<Source> {
        let file = self.optional_string(obj, key::FILE);
        let inline = self.optional_string(obj, key::TEXT);
        let title = self.optional_string(obj, key::TITLE).map(str::to_string);
        let publisher = self.optional_string(obj, key::PUBLISHER).map(str::to_string);
        let author = self.optional_string(obj, key::AUTHOR).map(str::to_string);
        let url = self.optional_string(obj, key::URL).map(str::to_string);
        let published = self.optional_date(obj, key::PUBLISHED);
        let note = self.optional_string(obj, key::NOTE).map(str::to_string);
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
                    problem.location = Location::Path(obj.child(key::FILE));
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

    pub(super) fn entity(&mut self, obj: &Obj<'_, '_, '_>, id: &str) -> Entity {
        let name = self.string(obj, key::NAME).unwrap_or_default().to_string();
        let kind = match obj.get(key::KIND) {
            Some(Val::String(k)) => EntityKind::parse(k),
            _ => None,
        };
        let kind = kind.unwrap_or_else(|| {
            let kinds: Vec<&str> = EntityKind::ALL.iter().map(|k| k.as_str()).collect();
            let message = match obj.get(key::KIND) {
                None => "missing required field `kind`".to_string(),
                Some(other) => format!("unknown entity kind {other}"),
            };
            self.report(obj.child_at(key::KIND), message, format!("use one of: {}", kinds.join(", ")));
            EntityKind::Place
        });
        let aliases = self.strings(obj, key::ALIASES, false).into_iter().map(|(_, a)| a.to_string()).collect();
        let note = self.optional_string(obj, key::NOTE).map(str::to_string);
        Entity { id: id.to_string(), name, kind, aliases, note }
    }

    pub(super) fn event(
        &mut self,
        obj: &Obj<'_, '_, '_>,
        id: &str,
        entities: &Ids,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Event> {
        let date = self.string(obj, key::DATE).and_then(|d| self.parse_date(obj, key::DATE, d));
        let scheduled = self.optional_flag(obj, key::SCHEDULED);
        let kind = self.string(obj, key::TYPE);
        if let Some(kind) = kind
            && !EVENT_TYPES.contains(&kind)
        {
            let hint = format!("use one of: {} (`other` when none fits)", EVENT_TYPES.join(", "));
            self.report(obj.child_at(key::TYPE), format!("unknown event type `{kind}`"), hint);
        }
        let title = self.string(obj, key::TITLE);
        let actors = valid_indices(self.references(entities, obj, key::ACTORS, true));
        let targets = valid_indices(self.references(entities, obj, key::TARGETS, false));
        let places = valid_indices(self.references(entities, obj, key::PLACES, true));
        let fatalities = self.optional_count(obj, key::FATALITIES);
        let evidence = self.evidence(obj, key::EVIDENCE, source_ids, sources);
        let (status, confidence) = (self.status(obj), self.confidence(obj));
        Some(Event {
            id: id.to_string(),
            date: date?,
            scheduled,
            kind: kind?.to_string(),
            title: title?.to_string(),
            actors: actors?,
            targets: targets?,
            places: places?,
            fatalities,
            evidence: evidence?,
            status,
            confidence,
        })
    }

    pub(super) fn claim(
        &mut self,
        obj: &Obj<'_, '_, '_>,
        id: &str,
        entities: &Ids,
        events: &Ids,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Claim> {
        let speaker =
            self.string(obj, key::SPEAKER).and_then(|s| self.lookup(entities, s, &Child(&obj.at, key::SPEAKER)));
        let speaker = speaker.and_then(Definition::index);
        let verb = self.string(obj, key::VERB);
        let text = self.string(obj, key::TEXT);
        let date = self.optional_date(obj, key::DATE);
        let about: Option<Vec<EventIx>> = valid_indices(self.references(events, obj, key::ABOUT, false));
        let mentions: Option<Vec<EntityIx>> = valid_indices(self.references(entities, obj, key::MENTIONS, false));
        let evidence = self.evidence(obj, key::EVIDENCE, source_ids, sources);
        let (status, confidence) = (self.status(obj), self.confidence(obj));
        Some(Claim {
            id: id.to_string(),
            speaker: speaker?,
            verb: verb?.to_string(),
            text: text?.to_string(),
            date,
            about: about?,
            mentions: mentions?,
            evidence: evidence?,
            status,
            confidence,
        })
    }

    pub(super) fn discrepancy(
        &mut self,
        obj: &Obj<'_, '_, '_>,
        id: &str,
        events: &Ids,
        claims: &Ids,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Discrepancy> {
        let topic = self.string(obj, key::TOPIC);
        let mut about = Vec::new();
        let mut refers_to_invalid = false;
        for (path, target) in self.strings(obj, key::ABOUT, false) {
            if let Some(event) = events.get(target) {
                about.extend(event.index().map(ItemRef::Event));
                refers_to_invalid |= event.index().is_none();
            } else if let Some(claim) = claims.get(target) {
                about.extend(claim.index().map(ItemRef::Claim));
                refers_to_invalid |= claim.index().is_none();
            } else {
                let message = format!("unknown event or claim `{target}`");
                let hint = closest_id(events, target)
                    .or_else(|| closest_id(claims, target))
                    .map_or("`about` lists event or claim ids".to_string(), |near| format!("did you mean `{near}`?"));
                self.report(path, message, hint);
            }
        }
        let variant_values = self.array(obj, key::VARIANTS, true);
        if variant_values.len() < 2 && obj.get(key::VARIANTS).is_some_and(Val::is_array) {
            self.report(
                obj.child_at(key::VARIANTS),
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
            let value = self.string(&v, key::VALUE);
            let evidence = self.evidence(&v, key::EVIDENCE, source_ids, sources);
            match (value, evidence) {
                (Some(value), Some(evidence)) => variants.push(Variant { value: value.to_string(), evidence }),
                _ => complete = false,
            }
        }
        let (status, confidence) = (self.status(obj), self.confidence(obj));
        if !complete || refers_to_invalid {
            return None;
        }
        Some(Discrepancy { id: id.to_string(), topic: topic?.to_string(), about, variants, status, confidence })
    }

    /// The passages of an evidence field: at least one, each resolved against its source.
    pub(super) fn evidence(
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

    pub(super) fn passage(
        &mut self,
        value: &Val<'_>,
        at: Place<'_>,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Passage> {
        let obj = self.object(value, at)?;
        let source_id = self.string(&obj, key::SOURCE);
        let exact = self.string(&obj, key::EXACT);
        let prefix = self.optional_string(&obj, key::PREFIX);
        let suffix = self.optional_string(&obj, key::SUFFIX);
        let start = self.optional_count(&obj, key::START).map(|n| n as usize);
        let end = self.optional_count(&obj, key::END).map(|n| n as usize);
        let source_ix: SourceIx = self.lookup(source_ids, source_id?, &Child(&obj.at, key::SOURCE))?.index()?;
        let exact = exact?;
        // A source that failed to load was reported already; its passages cannot be checked.
        let Loaded { source, index } = sources.get(source_ix as usize)?.as_ref()?;
        let quote = Quote { exact, prefix, suffix, start, end };
        let passage = |bytes: std::ops::Range<usize>, chars: std::ops::Range<usize>, anchoring: Anchoring| Passage {
            source: source_ix,
            prefix: prefix.map(Box::from),
            suffix: suffix.map(Box::from),
            start: chars.start,
            end: chars.end,
            bytes,
            anchoring: anchoring.into(),
        };
        match anchor::resolve_indexed(&source.text, index, &quote) {
            Ok(span) => Some(passage(span.bytes, span.chars, Anchoring::Exact)),
            // Only a passage that did not resolve pays for the search: a valid store loads as fast
            // as before.
            Err(e) if e.relocatable => {
                let text = source.text.as_str();
                let old_start = start.map(|chars| index.byte_of(text, chars));
                let relocation = relocate(text, exact, prefix, suffix, old_start);
                if self.anchors == Anchors::Lenient {
                    let (bytes, chars, anchoring) = relocated(text, index, exact, old_start, relocation);
                    return Some(passage(bytes, chars, anchoring));
                }
                let (found, hint) = describe(text, index, &relocation, e);
                let message = format!("in source `{}`: {}", source.id, found);
                self.report(obj.child_at(key::EXACT), message, hint);
                None
            }
            Err(e) => {
                let message = format!("in source `{}`: {}", source.id, e.message);
                self.report(obj.child_at(key::EXACT), message, e.hint);
                None
            }
        }
    }
}

/// The span and status of a passage found again in an edited article. An orphan keeps an empty
/// span where it used to start (when that still fits the text), else at the start of the text.
fn relocated(
    text: &str,
    index: &CharIndex,
    exact: &str,
    old_start: Option<usize>,
    relocation: Relocation,
) -> (std::ops::Range<usize>, std::ops::Range<usize>, Anchoring) {
    let quoted: Box<str> = exact.into();
    let chars_of = |bytes: &std::ops::Range<usize>| {
        let start = index.chars_before(text, bytes.start);
        start..start + text[bytes.clone()].chars().count()
    };
    match relocation {
        Relocation::Moved { bytes } => (bytes.clone(), chars_of(&bytes), Anchoring::Moved { quoted }),
        Relocation::Fuzzy { bytes, score } => {
            (bytes.clone(), chars_of(&bytes), Anchoring::Fuzzy { score: Score::new(score), quoted })
        }
        Relocation::Orphan => {
            let at = old_start.unwrap_or(0).min(text.len());
            let chars = index.chars_before(text, at);
            (at..at, chars..chars, Anchoring::Orphan { quoted })
        }
    }
}

/// What `factline check` says of a passage that is not exact: the first failure, then what was
/// found and where (line:column for a person, code-point offsets for the store); and what to do.
fn describe(text: &str, index: &CharIndex, relocation: &Relocation, error: AnchorError) -> (String, String) {
    let place = |bytes: &std::ops::Range<usize>| {
        let before = &text[..bytes.start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let start = index.chars_before(text, bytes.start);
        let end = start + text[bytes.clone()].chars().count();
        (format!("line {line}:{column}"), format!("{start}..{end}"))
    };
    let AnchorError { message, hint, .. } = error;
    match relocation {
        Relocation::Moved { bytes } => {
            let (at, offsets) = place(bytes);
            let found = format!("{message}; moved: the same words are now at {at} (offsets {offsets})");
            (found, format!("{hint}; point `start`/`end` at {offsets}, or open the store in the browser"))
        }
        Relocation::Fuzzy { bytes, score } => {
            let (at, offsets) = place(bytes);
            let now = excerpt(&text[bytes.clone()], 120);
            // Rounded as the browser's label rounds it, so both say the same score.
            let score = Score::new(*score).value();
            let found = format!("{message}; fuzzy (score {score:.2}): now reads “{now}” at {at} (offsets {offsets})");
            let hint = format!(
                "if the text now found still supports the item, copy it into `exact` with `start`/`end` {offsets}; \
                 otherwise fix the passage or reject the item"
            );
            (found, hint)
        }
        Relocation::Orphan => {
            let found = format!("{message}; orphan: not found in the article; re-select it by hand or reject the item");
            (found, hint)
        }
    }
}

/// The indices of the records referred to, unless one of them failed validation.
fn valid_indices(references: Vec<Definition>) -> Option<Vec<u32>> {
    // A fresh list of exactly the references' length: collecting from `into_iter` would keep
    // the larger buffer the references were parsed into (one `u32` in a 32-byte block, for each
    // of the million events' actors and places), 16 bytes more each once allocated.
    let mut indices = Vec::with_capacity(references.len());
    for reference in references {
        indices.push(reference.index()?);
    }
    Some(indices)
}

pub(super) fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// The defined id nearest to a mistyped one, when it is plausibly a typo.
pub(super) fn closest_id<'i>(ids: &'i Ids, wanted: &str) -> Option<&'i str> {
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
    fn a_definition_keeps_its_index_until_its_record_fails() {
        let mut ids = Ids::new("event", "events");
        ids.map.insert(SmolStr::new("a"), Definition::new(0, 4));
        ids.map.insert(SmolStr::new("b"), Definition::new(7, 9));
        assert_eq!(ids.get("a").and_then(Definition::index), Some(0));
        ids.fail("b");
        assert_eq!(ids.get("b").map(|d| (d.index(), d.record)), Some((None, 9)));
        let mut moved = ids.get("a").unwrap();
        moved.move_to(3);
        assert_eq!(moved.index(), Some(3));
        let mut failed = ids.get("b").unwrap();
        failed.move_to(3);
        assert_eq!(failed.index(), None, "a failed record stays failed");
        assert_eq!(valid_indices(vec![ids.get("a").unwrap(), moved]), Some(vec![0, 3]));
        assert_eq!(valid_indices(vec![moved, failed]), None);
        assert_eq!(std::mem::size_of::<Definition>(), 8);
    }

    #[test]
    fn the_nearest_id_is_suggested_only_when_it_is_a_plausible_typo() {
        let mut ids = Ids::new("entity", "entities");
        for (ix, id) in ["kakar", "iran", "pakistan"].into_iter().enumerate() {
            ids.map.insert(SmolStr::new(id), Definition::new(ix as u32, ix as u32));
        }
        assert_eq!(closest_id(&ids, "kakkar"), Some("kakar"));
        assert_eq!(closest_id(&ids, "irna"), Some("iran"));
        assert_eq!(closest_id(&ids, "pakistn"), Some("pakistan"));
        assert_eq!(closest_id(&ids, "afghanistan"), None);
    }
}
