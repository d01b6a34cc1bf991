//! The whole-file parser: bytes held in memory are parsed at once, each section's records sent
//! down the pipeline as the parser reaches them. It also judges a file the chunked reader gave
//! up on, reporting exactly where and what is wrong.

use std::fmt;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::parsed::RecordSeed;
use super::pipeline::{BATCH, Message, RecordFeed, TOP_FIELDS, TopLevel};
use super::section::{PerSection, Section};
use crate::store::checked::Key;

/// Parses `json` whole, sending its records down `feed` as it reaches them.
pub(super) fn parse<'a>(json: &'a [u8], feed: &RecordFeed<'a>) -> serde_json::Result<TopLevel> {
    let mut parser = serde_json::Deserializer::from_slice(json);
    TopSeed { feed }.deserialize(&mut parser).and_then(|top| parser.end().map(|()| top))
}

/// The parsing side: it only parses and sends; all validation stays on the other thread.
struct TopSeed<'s, 'a> {
    feed: &'s RecordFeed<'a>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, 'de> {
    type Value = TopLevel;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TopLevel, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Anything but an object at the top is one problem; the value is still parsed to the end, so a
/// syntax error later in the file is reported instead, as for any other file.
macro_rules! top_not_object {
    ($($method:ident($($arg:ty)?) => $found:literal),*) => {$(
        fn $method<E: serde::de::Error>(self $(, _: $arg)?) -> Result<TopLevel, E> {
            Ok(TopLevel::NotObject($found))
        }
    )*};
}

impl<'de> Visitor<'de> for TopSeed<'_, 'de> {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a factline store")
    }

    top_not_object!(visit_bool(bool) => "a boolean", visit_i64(i64) => "a number", visit_u64(u64) => "a number");
    top_not_object!(visit_f64(f64) => "a number", visit_str(&str) => "a string", visit_none() => "null");
    top_not_object!(visit_borrowed_str(&'de str) => "a string", visit_string(String) => "a string", visit_unit() => "null");

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<TopLevel, A::Error> {
        // Read as a value, so nesting past the parser's limit is the syntax error it is anywhere.
        Value::deserialize(SeqAccessDeserializer::new(seq))?;
        Ok(TopLevel::NotObject("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        let mut seen = PerSection::<bool>::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            match Section::of_key(&key) {
                Some(section) if seen[section] => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    self.feed.send(Message::Twice(section, key));
                }
                Some(section) => {
                    seen[section] = true;
                    map.next_value_seed(SectionSeed { feed: self.feed, section })?;
                }
                // Only the fields the format reads are kept: a file of a million unknown
                // top-level keys costs no memory for them.
                None if TOP_FIELDS.contains(&&*key) => {
                    let value: Value = map.next_value()?;
                    self.feed.send(Message::Field(key, value));
                }
                None => {
                    map.next_value::<Value>()?;
                }
            }
        }
        Ok(TopLevel::Object)
    }
}

/// Sends a section's records in batches as the parser reaches them.
struct SectionSeed<'s, 'a> {
    feed: &'s RecordFeed<'a>,
    section: Section,
}

impl<'de> DeserializeSeed<'de> for SectionSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A section that is not an array is parsed whole and reported like any other wrong type.
macro_rules! section_not_array {
    ($($method:ident($($arg:ty)?) => $found:literal),*) => {$(
        fn $method<E: serde::de::Error>(self $(, _: $arg)?) -> Result<(), E> {
            self.feed.send(Message::NotArray(self.section, $found));
            Ok(())
        }
    )*};
}

impl<'de> Visitor<'de> for SectionSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of records")
    }

    section_not_array!(visit_bool(bool) => "a boolean", visit_i64(i64) => "a number", visit_u64(u64) => "a number");
    section_not_array!(visit_f64(f64) => "a number", visit_str(&str) => "a string", visit_none() => "null");
    section_not_array!(visit_borrowed_str(&'de str) => "a string", visit_string(String) => "a string", visit_unit() => "null");

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map))?;
        self.feed.send(Message::NotArray(self.section, "an object"));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.feed.send(Message::Begin(self.section));
        let mut batch = Vec::with_capacity(BATCH);
        while let Some(record) = seq.next_element_seed(RecordSeed(self.section))? {
            batch.push(record);
            if batch.len() == BATCH {
                self.feed.records(self.section, &mut batch);
            }
        }
        self.feed.records(self.section, &mut batch);
        self.feed.send(Message::End(self.section));
        Ok(())
    }
}
