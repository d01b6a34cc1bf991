//! A record as the parser hands it to the validator: the format's own type for its list
//! (`store::format`), read without stopping at a wrong value, with what was wrong in it.

use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer};

use super::section::Section;
use crate::store::checked::{self, IntoStatic, Wrong};
use crate::store::format::{self, ClaimRecord, DiscrepancyRecord, EntityRecord, EventRecord, SourceRecord};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Record<'a> {
    Source(SourceRecord<'a>),
    Entity(EntityRecord<'a>),
    Event(EventRecord<'a>),
    Claim(ClaimRecord<'a>),
    Discrepancy(DiscrepancyRecord<'a>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Parsed<'a> {
    pub(super) record: Record<'a>,
    /// Empty for nearly every record, so it costs no allocation.
    pub(super) wrongs: Vec<Wrong>,
}

impl<'a> Parsed<'a> {
    /// A record of `section` read from `deserializer`; an error only for JSON that is not well-formed.
    pub(super) fn read<'de: 'a, D: Deserializer<'de>>(
        section: Section,
        deserializer: D,
    ) -> Result<Parsed<'a>, D::Error> {
        let (record, wrongs) = match section {
            Section::Sources => checked::read(deserializer).map(|(r, w)| (Record::Source(r), w))?,
            Section::Entities => checked::read(deserializer).map(|(r, w)| (Record::Entity(r), w))?,
            Section::Events => checked::read(deserializer).map(|(r, w)| (Record::Event(r), w))?,
            Section::Claims => checked::read(deserializer).map(|(r, w)| (Record::Claim(r), w))?,
            _ => checked::read(deserializer).map(|(r, w)| (Record::Discrepancy(r), w))?,
        };
        Ok(Parsed { record, wrongs })
    }

    /// A record an edit writes into `section`: the typed record itself when it is of the list's
    /// type (nothing can be wrong in its types), otherwise read again from its JSON.
    pub(super) fn written(section: Section, written: &format::Record) -> serde_json::Result<Parsed<'static>> {
        let record = match (section, written) {
            (Section::Sources, format::Record::Source(r)) => Record::Source(r.clone()),
            (Section::Entities, format::Record::Entity(r)) => Record::Entity(r.clone()),
            (Section::Events, format::Record::Event(r)) => Record::Event(r.clone()),
            (Section::Claims, format::Record::Claim(r)) => Record::Claim(r.clone()),
            (Section::Discrepancies, format::Record::Discrepancy(r)) => Record::Discrepancy(r.clone()),
            _ => return Parsed::read(section, serde_json::to_value(written)?),
        };
        Ok(Parsed { record, wrongs: Vec::new() })
    }

    /// The same record, owning its strings.
    pub(super) fn into_static(self) -> Parsed<'static> {
        let record = match self.record {
            Record::Source(r) => Record::Source(r.into_static()),
            Record::Entity(r) => Record::Entity(r.into_static()),
            Record::Event(r) => Record::Event(r.into_static()),
            Record::Claim(r) => Record::Claim(r.into_static()),
            Record::Discrepancy(r) => Record::Discrepancy(r.into_static()),
        };
        Parsed { record, wrongs: self.wrongs }
    }

    pub(super) fn id(&self) -> &Cow<'a, str> {
        match &self.record {
            Record::Source(r) => &r.id,
            Record::Entity(r) => &r.id,
            Record::Event(r) => &r.id,
            Record::Claim(r) => &r.id,
            Record::Discrepancy(r) => &r.id,
        }
    }
}

/// Reads one record of a section, for a parser that walks the file with serde.
pub(super) struct RecordSeed(pub(super) Section);

impl<'de> DeserializeSeed<'de> for RecordSeed {
    type Value = Parsed<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Parsed<'de>, D::Error> {
        Parsed::read(self.0, deserializer)
    }
}
