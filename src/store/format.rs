//! The store format in one place: its name and version, the keys of its sections and fields, and
//! serde types for the records as a file holds them. docs/store-format.md is the prose of the same
//! contract; `export --format json` and `gen` write through these types, so what they write cannot
//! drift from what the loader reads under the same keys.
//!
//! The types borrow where they can (`Cow`), so a writer serializes a store's text without copying
//! it, and a reader gets owned records (`'static`). They are the one description of a record:
//! the canonical writer and the browser's edits read and write records through them.
//!
//! Every record keeps the keys the format does not know (another tool's extensions) in `extra`,
//! so a record read, edited and written back loses nothing its author wrote. Written, they follow
//! the format's keys in alphabetical order (as do the keys of any object inside them): the
//! canonical order.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::io;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::checked::{Check, FieldSeed, IntoStatic, Key, Reading};

/// The value of the top-level `format` key.
pub const FORMAT: &str = "factline-store";
/// The value of the top-level `version` key.
pub const VERSION: u64 = 1;

/// Every key of the format, so messages and tools name fields the way the file spells them.
pub mod key {
    pub const FORMAT: &str = "format";
    pub const VERSION: &str = "version";
    pub const TITLE: &str = "title";
    pub const SOURCES: &str = "sources";
    pub const ENTITIES: &str = "entities";
    pub const EVENTS: &str = "events";
    pub const CLAIMS: &str = "claims";
    pub const DISCREPANCIES: &str = "discrepancies";
    /// The sections in the order the format lists (and a writer writes) them.
    pub const SECTIONS: [&str; 5] = [SOURCES, ENTITIES, EVENTS, CLAIMS, DISCREPANCIES];
    /// The top level, sections included.
    pub const TOP: [&str; 8] = [FORMAT, VERSION, TITLE, SOURCES, ENTITIES, EVENTS, CLAIMS, DISCREPANCIES];

    pub const ID: &str = "id";
    pub const FILE: &str = "file";
    pub const TEXT: &str = "text";
    pub const PUBLISHER: &str = "publisher";
    pub const AUTHOR: &str = "author";
    pub const URL: &str = "url";
    pub const PUBLISHED: &str = "published";
    pub const NOTE: &str = "note";
    pub const NAME: &str = "name";
    pub const KIND: &str = "kind";
    pub const ALIASES: &str = "aliases";
    pub const DATE: &str = "date";
    pub const TYPE: &str = "type";
    pub const ACTORS: &str = "actors";
    pub const TARGETS: &str = "targets";
    pub const PLACES: &str = "places";
    pub const FATALITIES: &str = "fatalities";
    pub const SCHEDULED: &str = "scheduled";
    pub const EVIDENCE: &str = "evidence";
    pub const STATUS: &str = "status";
    pub const CONFIDENCE: &str = "confidence";
    pub const SPEAKER: &str = "speaker";
    pub const VERB: &str = "verb";
    pub const ABOUT: &str = "about";
    pub const MENTIONS: &str = "mentions";
    pub const TOPIC: &str = "topic";
    pub const VARIANTS: &str = "variants";
    pub const VALUE: &str = "value";
    pub const SOURCE: &str = "source";
    pub const EXACT: &str = "exact";
    pub const PREFIX: &str = "prefix";
    pub const SUFFIX: &str = "suffix";
    pub const START: &str = "start";
    pub const END: &str = "end";

    /// Every field name of a record (sections and top-level keys apart), once each.
    pub const RECORD_KEYS: [&str; 33] = [
        ID, SOURCE, EXACT, START, END, PREFIX, SUFFIX, EVIDENCE, DATE, TYPE, TITLE, ACTORS, TARGETS, PLACES,
        FATALITIES, SCHEDULED, SPEAKER, VERB, TEXT, ABOUT, MENTIONS, TOPIC, VARIANTS, VALUE, NAME, KIND, ALIASES, NOTE,
        FILE, PUBLISHER, AUTHOR, URL, PUBLISHED,
    ];

    /// The fields of each record, in the order a writer writes them.
    pub const SOURCE_FIELDS: [&str; 9] = [ID, FILE, TITLE, PUBLISHER, AUTHOR, URL, PUBLISHED, NOTE, TEXT];
    pub const ENTITY_FIELDS: [&str; 5] = [ID, NAME, KIND, ALIASES, NOTE];
    pub const EVENT_FIELDS: [&str; 12] =
        [ID, DATE, SCHEDULED, TYPE, TITLE, ACTORS, TARGETS, PLACES, FATALITIES, EVIDENCE, STATUS, CONFIDENCE];
    pub const CLAIM_FIELDS: [&str; 10] = [ID, SPEAKER, VERB, TEXT, DATE, ABOUT, MENTIONS, EVIDENCE, STATUS, CONFIDENCE];
    pub const DISCREPANCY_FIELDS: [&str; 6] = [ID, TOPIC, ABOUT, VARIANTS, STATUS, CONFIDENCE];
    pub const VARIANT_FIELDS: [&str; 2] = [VALUE, EVIDENCE];
    pub const PASSAGE_FIELDS: [&str; 6] = [SOURCE, EXACT, PREFIX, SUFFIX, START, END];
}

/// The keys of a record the format does not define, with their values, in alphabetical order.
pub type Extra = std::collections::BTreeMap<String, serde_json::Value>;

/// An optional field that a writer may also write as `null`: `None` leaves the key out (as a
/// hand-written store does), `Some(None)` writes `null` (as `export` does, so scripts can rely on
/// every key being present), `Some(Some(v))` writes the value.
pub type Omittable<T> = Option<Option<T>>;

/// The whole file. The sections are type parameters so a writer can stream them (a generator of a
/// million events never holds them all); read back, they are vectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreFile<
    'a,
    Sources = Vec<SourceRecord<'a>>,
    Entities = Vec<EntityRecord<'a>>,
    Events = Vec<EventRecord<'a>>,
    Claims = Vec<ClaimRecord<'a>>,
    Discrepancies = Vec<DiscrepancyRecord<'a>>,
> {
    pub format: Cow<'a, str>,
    pub version: u64,
    pub title: Option<Cow<'a, str>>,
    pub sources: Sources,
    pub entities: Entities,
    pub events: Events,
    pub claims: Claims,
    pub discrepancies: Discrepancies,
}

/// A section serialized straight from an iterator (a `StoreFile` type parameter), so a million
/// records stream out without ever being in memory together.
pub struct Streamed<I>(RefCell<Option<I>>);

impl<I> Streamed<I> {
    pub fn new(items: I) -> Streamed<I> {
        Streamed(RefCell::new(Some(items)))
    }
}

impl<I: Iterator<Item: Serialize>> Serialize for Streamed<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self.0.borrow_mut().take().ok_or_else(|| S::Error::custom("a streamed section is written once"))?;
        serializer.collect_seq(items)
    }
}

/// Compact JSON with one record per line: the top-level keys up to the sections on the first
/// line, then each section's records on lines of their own. Line tools (`grep`, `wc -l`, diffs)
/// then work on a large store, which pretty printing would spread over millions of lines.
#[derive(Debug, Default)]
pub struct RecordPerLine {
    depth: usize,
    top_keys: usize,
    records: usize,
}

impl RecordPerLine {
    /// Depth of a section's array: inside the top-level object.
    const SECTION: usize = 2;
}

impl serde_json::ser::Formatter for RecordPerLine {
    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        writer.write_all(if self.depth == 0 { b"\n}" } else { b"}" })
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if self.depth == 1 {
            self.top_keys += 1;
            let sections_start = key::TOP.len() - key::SECTIONS.len();
            if self.top_keys > sections_start {
                return writer.write_all(b",\n");
            }
        }
        if first { Ok(()) } else { writer.write_all(b",") }
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        if self.depth == Self::SECTION {
            self.records = 0;
        }
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        let ends_section = self.depth == Self::SECTION && self.records > 0;
        self.depth -= 1;
        writer.write_all(if ends_section { b"\n]" } else { b"]" })
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if self.depth == Self::SECTION {
            self.records += 1;
            return writer.write_all(if first { b"\n" } else { b",\n" });
        }
        if first { Ok(()) } else { writer.write_all(b",") }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SourceRecord<'a> {
    pub id: Cow<'a, str>,
    /// The article's path relative to the store file; a source has this or `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<Cow<'a, str>>,
    /// `Some(None)` writes null, which says the article does not give it (the format asks for
    /// the key, never an invented value); `None` leaves out a key a store left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Omittable<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Omittable<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Omittable<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Omittable<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Omittable<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Cow<'a, str>>,
    /// The article inline, byte for byte.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Cow<'a, str>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EntityRecord<'a> {
    pub id: Cow<'a, str>,
    pub name: Cow<'a, str>,
    pub kind: Cow<'a, str>,
    /// `None` leaves the key out, as a store that gave none; `Some` writes the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<Cow<'a, str>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Omittable<Cow<'a, str>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventRecord<'a> {
    pub id: Cow<'a, str>,
    pub date: Cow<'a, str>,
    /// `Some(true)`: the sources say it is to happen on `date`; left out when it happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled: Option<bool>,
    #[serde(rename = "type")]
    pub kind: Cow<'a, str>,
    pub title: Cow<'a, str>,
    pub actors: Vec<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<Cow<'a, str>>>,
    pub places: Vec<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fatalities: Omittable<u64>,
    pub evidence: Vec<PassageRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClaimRecord<'a> {
    pub id: Cow<'a, str>,
    pub speaker: Cow<'a, str>,
    pub verb: Cow<'a, str>,
    pub text: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Omittable<Cow<'a, str>>,
    /// `None` leaves the key out (a draft writes no links it has not found), `Some` writes the list,
    /// empty included (as `export` does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<Vec<Cow<'a, str>>>,
    /// Other entities the claim names, so a search for them finds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentions: Option<Vec<Cow<'a, str>>>,
    pub evidence: Vec<PassageRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DiscrepancyRecord<'a> {
    pub id: Cow<'a, str>,
    pub topic: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<Vec<Cow<'a, str>>>,
    pub variants: Vec<VariantRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VariantRecord<'a> {
    pub value: Cow<'a, str>,
    pub evidence: Vec<PassageRecord<'a>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A cited span, as W3C Web Annotation selectors: the quote, optionally its context and offsets.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PassageRecord<'a> {
    pub source: Cow<'a, str>,
    pub exact: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Omittable<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Omittable<Cow<'a, str>>,
    /// Code-point offsets, end exclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A record read field by field: each of the format's keys into its field, every other key into
/// `extra`, a repeated key keeping its last value (as the loader reads it); a required field that
/// is missing is an error naming it. An optional field reads `null` as absent; an `Omittable`
/// one (`present`) keeps `null` apart from a key left out. Written out rather than derived:
/// serde's `flatten` would buffer every value of every record before reading it.
macro_rules! read_fields {
    ($record:ident, $what:literal, { $($field:ident: $key:path => $how:ident),* $(,)? }) => {
        impl<'de, 'a> Deserialize<'de> for $record<'a> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields<'a>(std::marker::PhantomData<&'a ()>);
                impl<'de, 'a> Visitor<'de> for Fields<'a> {
                    type Value = $record<'a>;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($what)
                    }

                    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<$record<'a>, M::Error> {
                        $(let mut $field = None;)*
                        let mut extra = Extra::new();
                        while let Some(Key(name)) = map.next_key()? {
                            match &*name {
                                $($key => $field = read_fields!(@read $how, map),)*
                                _ => {
                                    extra.insert(name.into_owned(), map.next_value()?);
                                }
                            }
                        }
                        Ok($record { $($field: read_fields!(@done $how, $field, $key),)* extra })
                    }
                }
                deserializer.deserialize_map(Fields(std::marker::PhantomData))
            }
        }

        impl<'de: 'a, 'a> Check<'de> for $record<'a> {
            fn map<M: MapAccess<'de>>(mut map: M, reading: &mut Reading) -> Result<Self, M::Error> {
                $(let mut $field = None;)*
                let mut extra = Extra::new();
                while let Some(Key(name)) = map.next_key()? {
                    match &*name {
                        $($key => $field = Some(map.next_value_seed(FieldSeed(reading, $key, std::marker::PhantomData))?),)*
                        _ => {
                            extra.insert(name.into_owned(), map.next_value()?);
                        }
                    }
                }
                Ok($record { $($field: read_fields!(@checked $how, $field, $key, reading),)* extra })
            }
        }

        impl IntoStatic for $record<'_> {
            type Static = $record<'static>;
            fn into_static(self) -> $record<'static> {
                $record { $($field: self.$field.into_static(),)* extra: self.extra }
            }
        }
    };
    (@checked required, $field:ident, $key:path, $reading:ident) => { $field.unwrap_or_else(|| $reading.missing($key)) };
    (@checked optional, $field:ident, $key:path, $reading:ident) => { $field.unwrap_or_default() };
    (@checked present, $field:ident, $key:path, $reading:ident) => { $field.unwrap_or_default() };
    (@read required, $map:ident) => { Some($map.next_value()?) };
    (@read optional, $map:ident) => { $map.next_value()? };
    (@read present, $map:ident) => { Some($map.next_value()?) };
    (@done required, $field:ident, $key:path) => { $field.ok_or_else(|| de::Error::missing_field($key))? };
    (@done optional, $field:ident, $key:path) => { $field };
    (@done present, $field:ident, $key:path) => { $field };
}

read_fields!(SourceRecord, "a source", {
    id: key::ID => required,
    file: key::FILE => optional,
    title: key::TITLE => present,
    publisher: key::PUBLISHER => present,
    author: key::AUTHOR => present,
    url: key::URL => present,
    published: key::PUBLISHED => present,
    note: key::NOTE => optional,
    text: key::TEXT => optional,
});

read_fields!(EntityRecord, "an entity", {
    id: key::ID => required,
    name: key::NAME => required,
    kind: key::KIND => required,
    aliases: key::ALIASES => optional,
    note: key::NOTE => present,
});

read_fields!(EventRecord, "an event", {
    id: key::ID => required,
    date: key::DATE => required,
    scheduled: key::SCHEDULED => optional,
    kind: key::TYPE => required,
    title: key::TITLE => required,
    actors: key::ACTORS => required,
    targets: key::TARGETS => optional,
    places: key::PLACES => required,
    fatalities: key::FATALITIES => present,
    evidence: key::EVIDENCE => required,
    status: key::STATUS => optional,
    confidence: key::CONFIDENCE => optional,
});

read_fields!(ClaimRecord, "a claim", {
    id: key::ID => required,
    speaker: key::SPEAKER => required,
    verb: key::VERB => required,
    text: key::TEXT => required,
    date: key::DATE => present,
    about: key::ABOUT => optional,
    mentions: key::MENTIONS => optional,
    evidence: key::EVIDENCE => required,
    status: key::STATUS => optional,
    confidence: key::CONFIDENCE => optional,
});

read_fields!(DiscrepancyRecord, "a discrepancy", {
    id: key::ID => required,
    topic: key::TOPIC => required,
    about: key::ABOUT => optional,
    variants: key::VARIANTS => required,
    status: key::STATUS => optional,
    confidence: key::CONFIDENCE => optional,
});

read_fields!(VariantRecord, "a variant", {
    value: key::VALUE => required,
    evidence: key::EVIDENCE => required,
});

read_fields!(PassageRecord, "a passage", {
    source: key::SOURCE => required,
    exact: key::EXACT => required,
    prefix: key::PREFIX => present,
    suffix: key::SUFFIX => present,
    start: key::START => optional,
    end: key::END => optional,
});

/// Whether a person has checked an item a program wrote; absent means `reviewed`. The model's own
/// type, so the file and the model cannot disagree on the words.
pub use super::model::Status;

/// One item of a top-level list, typed by the list it is in: what the canonical writer writes
/// and the browser's edits change. An item of a list the format does not define is kept as
/// written (its objects' keys in alphabetical order).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Record {
    Source(SourceRecord<'static>),
    Entity(EntityRecord<'static>),
    Event(EventRecord<'static>),
    Claim(ClaimRecord<'static>),
    Discrepancy(DiscrepancyRecord<'static>),
    Other(serde_json::Value),
}

impl Record {
    /// An item of the list `list`, parsed from its JSON text.
    pub fn read(list: &str, json: &[u8]) -> serde_json::Result<Record> {
        let mut parser = serde_json::Deserializer::from_slice(json);
        let record = Record::deserialize_in(list, &mut parser)?;
        parser.end()?;
        Ok(record)
    }

    /// An item of the list `list`, read from `deserializer`.
    pub fn deserialize_in<'de, D: Deserializer<'de>>(list: &str, deserializer: D) -> Result<Record, D::Error> {
        Ok(match list {
            key::SOURCES => Record::Source(Deserialize::deserialize(deserializer)?),
            key::ENTITIES => Record::Entity(Deserialize::deserialize(deserializer)?),
            key::EVENTS => Record::Event(Deserialize::deserialize(deserializer)?),
            key::CLAIMS => Record::Claim(Deserialize::deserialize(deserializer)?),
            key::DISCREPANCIES => Record::Discrepancy(Deserialize::deserialize(deserializer)?),
            _ => Record::Other(Deserialize::deserialize(deserializer)?),
        })
    }

    /// An item of the list `list`, from its parsed value.
    pub fn from_value(list: &str, value: serde_json::Value) -> serde_json::Result<Record> {
        Ok(match list {
            key::SOURCES => Record::Source(serde_json::from_value(value)?),
            key::ENTITIES => Record::Entity(serde_json::from_value(value)?),
            key::EVENTS => Record::Event(serde_json::from_value(value)?),
            key::CLAIMS => Record::Claim(serde_json::from_value(value)?),
            key::DISCREPANCIES => Record::Discrepancy(serde_json::from_value(value)?),
            _ => Record::Other(value),
        })
    }

    /// The record's `id` (an item of an unknown list has one when it is an object with a string `id`).
    pub fn id(&self) -> Option<&str> {
        Some(match self {
            Record::Source(r) => &r.id,
            Record::Entity(r) => &r.id,
            Record::Event(r) => &r.id,
            Record::Claim(r) => &r.id,
            Record::Discrepancy(r) => &r.id,
            Record::Other(value) => return value.get(key::ID)?.as_str(),
        })
    }

    /// The passages the record cites, in order (a discrepancy's across its variants).
    pub fn passages(&self) -> Box<dyn Iterator<Item = &PassageRecord<'static>> + '_> {
        match self {
            Record::Event(r) => Box::new(r.evidence.iter()),
            Record::Claim(r) => Box::new(r.evidence.iter()),
            Record::Discrepancy(r) => Box::new(r.variants.iter().flat_map(|v| &v.evidence)),
            _ => Box::new(std::iter::empty()),
        }
    }

    /// The passages the record cites, to change, in the order of `passages`.
    pub fn passages_mut(&mut self) -> Box<dyn Iterator<Item = &mut PassageRecord<'static>> + '_> {
        match self {
            Record::Event(r) => Box::new(r.evidence.iter_mut()),
            Record::Claim(r) => Box::new(r.evidence.iter_mut()),
            Record::Discrepancy(r) => Box::new(r.variants.iter_mut().flat_map(|v| &mut v.evidence)),
            _ => Box::new(std::iter::empty()),
        }
    }

    /// Every id the record names (entities, events, claims, sources), in no particular order.
    pub fn names(&self) -> Vec<&str> {
        fn all<'r>(list: &'r Option<Vec<Cow<'static, str>>>) -> impl Iterator<Item = &'r str> {
            list.iter().flatten().map(|id| &**id)
        }
        let mut out: Vec<&str> = self.passages().map(|p| &*p.source).collect();
        match self {
            Record::Event(r) => {
                out.extend(r.actors.iter().chain(&r.places).map(|id| &**id).chain(all(&r.targets)));
            }
            Record::Claim(r) => {
                out.extend(all(&r.about).chain(all(&r.mentions)));
                out.push(&r.speaker);
            }
            Record::Discrepancy(r) => out.extend(all(&r.about)),
            _ => {}
        }
        out
    }

    /// The review status of an event, claim or discrepancy (`None` for other records).
    pub fn status_mut(&mut self) -> Option<&mut Option<Status>> {
        match self {
            Record::Event(r) => Some(&mut r.status),
            Record::Claim(r) => Some(&mut r.status),
            Record::Discrepancy(r) => Some(&mut r.status),
            _ => None,
        }
    }

    /// The `about` list of a claim or a discrepancy.
    pub fn about_mut(&mut self) -> Option<&mut Option<Vec<Cow<'static, str>>>> {
        match self {
            Record::Claim(r) => Some(&mut r.about),
            Record::Discrepancy(r) => Some(&mut r.about),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage() -> PassageRecord<'static> {
        PassageRecord {
            source: "s".into(),
            exact: "quote".into(),
            prefix: Some(Some("before".into())),
            suffix: Some(None),
            start: Some(3),
            end: Some(8),
            extra: Extra::new(),
        }
    }

    fn full_store() -> StoreFile<'static> {
        StoreFile {
            format: FORMAT.into(),
            version: VERSION,
            title: Some("t".into()),
            sources: vec![SourceRecord {
                id: "s".into(),
                file: Some("sources/s.txt".into()),
                title: Some(None),
                publisher: Some(Some("p".into())),
                author: Some(None),
                url: Some(None),
                published: Some(Some("2024-01-16".into())),
                note: Some("drafted".into()),
                text: Some("inline".into()),
                extra: Extra::new(),
            }],
            entities: vec![EntityRecord {
                id: "e".into(),
                name: "E".into(),
                kind: "country".into(),
                aliases: Some(vec!["É".into()]),
                note: Some(None),
                extra: Extra::new(),
            }],
            events: vec![EventRecord {
                id: "ev".into(),
                date: "2024-01".into(),
                scheduled: Some(true),
                kind: "strike".into(),
                title: "T".into(),
                actors: vec!["e".into()],
                targets: Some(vec![]),
                places: vec!["e".into()],
                fatalities: Some(Some(2)),
                evidence: vec![passage()],
                status: Some(Status::Draft),
                confidence: Some(0.25),
                extra: Extra::new(),
            }],
            claims: vec![ClaimRecord {
                id: "c".into(),
                speaker: "e".into(),
                verb: "said".into(),
                text: "x".into(),
                date: Some(None),
                about: Some(vec!["ev".into()]),
                mentions: Some(vec![]),
                evidence: vec![passage()],
                status: Some(Status::Reviewed),
                confidence: Some(1.0),
                extra: Extra::new(),
            }],
            discrepancies: vec![DiscrepancyRecord {
                id: "d".into(),
                topic: "toll".into(),
                about: Some(vec!["ev".into()]),
                variants: vec![VariantRecord { value: "2".into(), evidence: vec![passage()], extra: Extra::new() }],
                status: Some(Status::Draft),
                confidence: Some(0.5),
                extra: Extra::new(),
            }],
        }
    }

    /// The keys a value writes, sorted.
    fn keys_of<T: Serialize>(value: &T) -> Vec<String> {
        let serde_json::Value::Object(map) = serde_json::to_value(value).unwrap() else { panic!("not an object") };
        let mut keys: Vec<String> = map.keys().cloned().collect();
        keys.sort();
        keys
    }

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = list.iter().map(|k| k.to_string()).collect();
        out.sort();
        out
    }

    #[test]
    fn every_key_written_is_a_key_of_the_format() {
        let store = full_store();
        assert_eq!(keys_of(&store), sorted(&key::TOP));
        assert_eq!(keys_of(&store.sources[0]), sorted(&key::SOURCE_FIELDS));
        assert_eq!(keys_of(&store.entities[0]), sorted(&key::ENTITY_FIELDS));
        assert_eq!(keys_of(&store.events[0]), sorted(&key::EVENT_FIELDS));
        assert_eq!(keys_of(&store.claims[0]), sorted(&key::CLAIM_FIELDS));
        assert_eq!(keys_of(&store.discrepancies[0]), sorted(&key::DISCREPANCY_FIELDS));
        assert_eq!(keys_of(&store.discrepancies[0].variants[0]), sorted(&key::VARIANT_FIELDS));
        assert_eq!(keys_of(&passage()), sorted(&key::PASSAGE_FIELDS));
    }

    #[test]
    fn a_record_reads_back_as_written_nulls_and_absent_keys_kept_apart() {
        let store = full_store();
        let text = serde_json::to_string_pretty(&store).unwrap();
        let back: StoreFile = serde_json::from_str(&text).unwrap();
        assert_eq!(back, store);
        assert!(text.contains("\"suffix\": null"), "Some(None) writes null");

        let bare = PassageRecord { prefix: None, suffix: None, start: None, end: None, ..passage() };
        let text = serde_json::to_string(&bare).unwrap();
        assert_eq!(text, r#"{"source":"s","exact":"quote"}"#, "absent optional keys are left out");
        assert_eq!(serde_json::from_str::<PassageRecord>(&text).unwrap(), bare);
    }

    #[test]
    fn record_per_line_puts_each_record_and_section_on_its_own_line() {
        let mut store = full_store();
        store.entities.push(store.entities[0].clone());
        store.claims.clear();
        let mut text = Vec::new();
        store.serialize(&mut serde_json::Serializer::with_formatter(&mut text, RecordPerLine::default())).unwrap();
        let text = String::from_utf8(text).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with(r#"{"format":"factline-store","version":1,"title":"t","#), "{text}");
        assert_eq!(lines[1], r#""sources":["#);
        assert!(lines[2].starts_with(r#"{"id":"s","#) && lines[2].ends_with('}'), "{text}");
        assert_eq!(lines[3], "],");
        assert_eq!(lines[4], r#""entities":["#);
        assert!(lines[5].ends_with("},") && lines[6].ends_with('}'), "one entity a line: {text}");
        assert_eq!(&lines[7..10], ["],", r#""events":["#, lines[9]]);
        assert_eq!(lines[11], r#""claims":[],"#, "an empty section stays on one line");
        assert_eq!(lines.last(), Some(&"}"));
        let back: StoreFile = serde_json::from_str(&text).unwrap();
        assert_eq!(back, store);
    }

    #[test]
    fn unknown_keys_at_every_level_are_kept_and_written_after_the_known_ones_in_alphabetical_order() {
        let text = r#"{"zeta":{"y":1,"b":[{"d":null,"c":true}]},"id":"d","topic":"toll","alpha":"a",
            "variants":[{"value":"2","x-note":"v","evidence":[{"source":"s","exact":"q","mark":3,"end":4}]}]}"#;
        let record: DiscrepancyRecord = serde_json::from_str(text).unwrap();
        assert_eq!(record.extra.keys().collect::<Vec<_>>(), ["alpha", "zeta"]);
        assert_eq!(record.variants[0].extra["x-note"], "v");
        assert_eq!(record.variants[0].evidence[0].extra["mark"], 3);
        assert_eq!(
            serde_json::to_string(&record).unwrap(),
            r#"{"id":"d","topic":"toll","variants":[{"value":"2","evidence":[{"source":"s","exact":"q","end":4,"mark":3}],"x-note":"v"}],"alpha":"a","zeta":{"b":[{"c":true,"d":null}],"y":1}}"#,
            "known keys in the format's order, then the others (and any object's keys) alphabetically"
        );
    }

    #[test]
    fn a_key_left_out_stays_out_and_a_null_stays_null() {
        let text = r#"{"id":"s","file":"a.txt","title":null,"url":"u"}"#;
        let source: SourceRecord = serde_json::from_str(text).unwrap();
        assert_eq!((source.title.clone(), source.publisher.clone()), (Some(None), None));
        assert_eq!(serde_json::to_string(&source).unwrap(), text);
        let entity = r#"{"id":"e","name":"E","kind":"person"}"#;
        let read: EntityRecord = serde_json::from_str(entity).unwrap();
        assert_eq!(read.aliases, None);
        assert_eq!(serde_json::to_string(&read).unwrap(), entity, "no `aliases` added");
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_and_a_missing_field_is_named() {
        let entity: EntityRecord = serde_json::from_str(r#"{"id":"a","name":"A","kind":"place","name":"B"}"#).unwrap();
        assert_eq!(entity.name, "B", "the value the loader reads");
        let missing = serde_json::from_str::<EventRecord>(r#"{"id":"e","date":"2024"}"#).unwrap_err();
        assert!(missing.to_string().starts_with("missing field `type`"), "{missing}");
        let wrong = serde_json::from_str::<PassageRecord>(r#"{"source":"s","exact":5}"#).unwrap_err();
        assert!(wrong.to_string().contains("expected a string"), "{wrong}");
    }

    #[test]
    fn status_uses_the_format_words() {
        assert_eq!(serde_json::to_string(&Status::Draft).unwrap(), "\"draft\"");
        assert_eq!(serde_json::from_str::<Status>("\"reviewed\"").unwrap(), Status::Reviewed);
        assert!(serde_json::from_str::<Status>("\"checked\"").is_err());
    }
}
