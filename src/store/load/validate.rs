//! The format's rules for each record: types, required fields, ids and references, dates and
//! passages. A `Validator` collects every problem with its JSON path, up to the limit.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::fmt;
use std::num::NonZeroU32;
use std::path::Path;

use foldhash::HashMap;
use serde_json::Value;
use smol_str::SmolStr;

use super::parsed::Parsed;
use super::section::{PerSection, Section};
use super::{Anchors, FORMAT, VERSION};
use crate::store::anchor::CharIndex;
use crate::store::checked::{self, Found, Step, Wrong};
use crate::store::date::DateSpec;
use crate::store::format::key;
use crate::store::model::{Confidence, Source, Status};
use crate::store::problem::{Omitted, Problem};

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
    Record(&'static str, usize),
    Item(&'p Place<'p>, &'static str, usize),
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Record(section, i) => write!(f, "{section}[{i}]"),
            Place::Item(parent, key, i) => write!(f, "{parent}.{key}[{i}]"),
        }
    }
}

/// An object being read: its place for messages, and what the parser found wrong in its record
/// (a value of the wrong type, a required field left out), each reported where the format's
/// rules reach it, so problems come in the same order whatever their kind.
pub(super) struct Obj<'w, 'p> {
    pub(super) at: Place<'p>,
    pub(super) wrongs: &'w [Wrong],
}

impl<'w, 'p> Obj<'w, 'p> {
    /// What was wrong in the field `key` of this object.
    pub(super) fn wrong(&self, key: &str) -> Option<&'w Found> {
        wrong_at(self.wrongs, &self.at, Some(key))
    }

    /// The object at item `i` of its list `key`.
    pub(super) fn item<'o>(&'o self, key: &'static str, i: usize) -> Obj<'w, 'o> {
        Obj { at: Place::Item(&self.at, key, i), wrongs: self.wrongs }
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

/// What was wrong at `place` (in its field `key`, if given), among a record's wrong values.
pub(super) fn wrong_at<'w>(wrongs: &'w [Wrong], place: &Place<'_>, key: Option<&str>) -> Option<&'w Found> {
    /// The steps of `steps` past those that lead to `place`, if they lead there.
    fn past<'s>(place: &Place<'_>, steps: &'s [Step]) -> Option<&'s [Step]> {
        match place {
            Place::Record(..) => Some(steps),
            Place::Item(parent, key, i) => match past(parent, steps)? {
                [Step::Key(k), Step::Item(j), rest @ ..] if k == key && *j as usize == *i => Some(rest),
                _ => None,
            },
        }
    }
    // Nearly every record has nothing wrong: then nothing is looked for.
    if wrongs.is_empty() {
        return None;
    }
    wrongs
        .iter()
        .find(|wrong| match (past(place, &wrong.at), key) {
            (Some([]), None) => true,
            (Some([Step::Key(k)]), Some(key)) => *k == key,
            _ => false,
        })
        .map(|wrong| &wrong.found)
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
pub(super) struct Child<'o, 'p>(pub(super) &'o Place<'p>, pub(super) &'o str);

impl fmt::Display for Child<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
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

    /// Whether the value at `at` is an object (a record, a passage, a variant).
    pub(super) fn object(&mut self, wrongs: &[Wrong], at: &Place<'_>) -> bool {
        let Some(found) = wrong_at(wrongs, at, None) else { return true };
        let found = found.type_name();
        self.report(at, format_args!("expected an object, found {found}"), "write this entry as { \"field\": … }");
        false
    }

    /// A required string field, not blank.
    pub(super) fn string<'v>(&mut self, obj: &Obj<'_, '_>, key: &str, value: &'v str) -> Option<&'v str> {
        match obj.wrong(key) {
            None if !value.trim().is_empty() => Some(value),
            None => {
                self.report(obj.child_at(key), format_args!("`{key}` is empty"), format_args!("give `{key}` a value"));
                None
            }
            Some(Found::Missing) => {
                self.report(obj.at, format_args!("missing required field `{key}`"), format_args!("add \"{key}\": …"));
                None
            }
            Some(found) => {
                let found = found.type_name();
                self.report(obj.child_at(key), format_args!("`{key}` must be a string, found {found}"), "quote it");
                None
            }
        }
    }

    pub(super) fn optional_string<'v>(
        &mut self,
        obj: &Obj<'_, '_>,
        key: &str,
        value: Option<&'v str>,
    ) -> Option<&'v str> {
        let Some(found) = obj.wrong(key) else { return value };
        let found = found.type_name();
        self.report(
            obj.child_at(key),
            format!("`{key}` must be a string or null, found {found}"),
            "quote it, or use null when unknown",
        );
        None
    }

    pub(super) fn optional_date(&mut self, obj: &Obj<'_, '_>, key: &str, value: Option<&str>) -> Option<DateSpec> {
        let text = self.optional_string(obj, key, value)?;
        self.parse_date(obj, key, text)
    }

    pub(super) fn parse_date(&mut self, obj: &Obj<'_, '_>, key: &str, text: &str) -> Option<DateSpec> {
        DateSpec::parse(text)
            .map_err(|reason| {
                self.report(obj.child_at(key), reason, "dates are 2024, 2024-01, 2024-01-16 or 2024-01-16/2024-01-17")
            })
            .ok()
    }

    pub(super) fn optional_count<N>(&mut self, obj: &Obj<'_, '_>, key: &str, value: Option<N>) -> Option<N> {
        let Some(found) = obj.wrong(key) else { return value };
        let message = format!("`{key}` must be a whole number ≥ 0, found {found}");
        self.report(obj.child_at(key), message, "write a plain number such as 9");
        None
    }

    /// A yes-or-no field; absent (or null) means no.
    pub(super) fn optional_flag(&mut self, obj: &Obj<'_, '_>, key: &str, value: Option<bool>) -> bool {
        if let Some(found) = obj.wrong(key) {
            let message = format!("`{key}` must be true or false, found {found}");
            self.report(obj.child_at(key), message, "write true (or leave the key out: false)");
            return false;
        }
        value.unwrap_or(false)
    }

    /// The review status of an event, claim or discrepancy; absent (or null) means reviewed.
    pub(super) fn status(&mut self, obj: &Obj<'_, '_>, value: Option<Status>) -> Status {
        if let Some(found) = obj.wrong(key::STATUS) {
            self.report(
                obj.child_at(key::STATUS),
                format_args!("`status` must be \"draft\" or \"reviewed\", found {found}"),
                "\"draft\": found by a program, not yet checked; \"reviewed\" (or no `status`): checked by a person",
            );
        }
        value.unwrap_or(Status::Reviewed)
    }

    /// How sure the drafting program was, from 0 to 1.
    pub(super) fn confidence(&mut self, obj: &Obj<'_, '_>, value: Option<f64>) -> Option<Confidence> {
        let found = match (obj.wrong(key::CONFIDENCE), value) {
            (Some(found), _) => found.to_string(),
            (None, None) => return None,
            (None, Some(value)) => match Confidence::new(value) {
                Some(confidence) => return Some(confidence),
                None => number(value),
            },
        };
        self.report(
            obj.child_at(key::CONFIDENCE),
            format_args!("`confidence` must be a number from 0 to 1, found {found}"),
            "write how sure the drafting program was, such as 0.8, or leave it out",
        );
        None
    }

    /// Whether the list field `key` can be read: present (unless optional) and an array. An
    /// optional list left out or null is empty.
    pub(super) fn list(&mut self, obj: &Obj<'_, '_>, key: &'static str) -> bool {
        match obj.wrong(key) {
            None => true,
            Some(Found::Missing) => {
                self.report(
                    obj.at,
                    format_args!("missing required field `{key}`"),
                    format_args!("add \"{key}\": [ … ]"),
                );
                false
            }
            Some(found) => {
                let found = found.type_name();
                self.report(obj.child_at(key), format!("`{key}` must be an array, found {found}"), "use [ … ]");
                false
            }
        }
    }

    /// The strings of a list field with their places; an item that is not a string is a problem.
    pub(super) fn strings<'o, 'v>(
        &mut self,
        obj: &'o Obj<'_, '_>,
        key: &'static str,
        items: &'v [Cow<'_, str>],
    ) -> Vec<(Place<'o>, &'v str)> {
        if !self.list(obj, key) {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = Place::Item(&obj.at, key, i);
            match wrong_at(obj.wrongs, &at, None) {
                None => out.push((at, &**item)),
                Some(found) => {
                    let found = found.type_name();
                    self.report(at, format!("expected a string, found {found}"), "quote it");
                }
            }
        }
        out
    }

    /// The `id` of a record, once it is known to be an object with an id: a record without
    /// one is not checked further.
    pub(super) fn record_id<'r>(&mut self, obj: &Obj<'_, '_>, parsed: &'r Parsed<'_>) -> Option<&'r str> {
        if !self.object(obj.wrongs, &obj.at) {
            return None;
        }
        self.string(obj, key::ID, parsed.id())
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
        obj: &Obj<'_, '_>,
        key: &'static str,
        items: &[Cow<'_, str>],
    ) -> Vec<Definition> {
        let refs = self.strings(obj, key, items);
        refs.into_iter().filter_map(|(path, id)| self.lookup(ids, id, &path)).collect()
    }

    /// The top-level fields (the last value of each): format and version are checked, the title
    /// returned.
    pub(super) fn top(&mut self, fields: &[(Cow<'_, str>, Value)]) -> Option<String> {
        let get = |key: &str| fields.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v);
        match get(key::FORMAT) {
            Some(Value::String(f)) if f == FORMAT => {}
            _ => self.report(
                key::FORMAT,
                format!("not a factline store: `format` must be \"{FORMAT}\""),
                format!("add \"format\": \"{FORMAT}\" at the top level"),
            ),
        }
        match get(key::VERSION).and_then(Value::as_u64) {
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
        match get(key::TITLE) {
            None | Some(Value::Null) => None,
            Some(Value::String(title)) => Some(title.clone()),
            Some(other) => {
                let found = checked::type_name(other);
                self.report(
                    key::TITLE,
                    format!("`title` must be a string or null, found {found}"),
                    "quote it, or use null when unknown",
                );
                None
            }
        }
    }
}

/// A fraction as JSON writes it, for a message quoting a value (integers never get here: see
/// `checked`).
fn number(value: f64) -> String {
    serde_json::Number::from_f64(value).map_or_else(|| value.to_string(), |n| n.to_string())
}

/// The indices of the records referred to, unless one of them failed validation.
pub(super) fn valid_indices(references: Vec<Definition>) -> Option<Vec<u32>> {
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
