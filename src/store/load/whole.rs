//! The whole-file parser: bytes held in memory are parsed at once, each section's records sent
//! down the pipeline as the parser reaches them. It also judges a file the chunked reader gave
//! up on, reporting exactly where and what is wrong.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::pipeline::{BATCH, Message, RecordFeed, TopLevel};
use super::section::{PerSection, Section};
use crate::store::json::{Key, Val, ValVisitor};

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
    ($($method:ident($($arg:ty)?)),*) => {$(
        fn $method<E: serde::de::Error>(self $(, v: $arg)?) -> Result<TopLevel, E> {
            let value = ValVisitor.$method($(v as $arg)?)?;
            Ok(TopLevel::NotObject(value.type_name()))
        }
    )*};
}

impl<'de> Visitor<'de> for TopSeed<'_, 'de> {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a factline store")
    }

    top_not_object!(visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str));
    top_not_object!(visit_borrowed_str(&'de str), visit_string(String), visit_none(), visit_unit());

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<TopLevel, A::Error> {
        Ok(TopLevel::NotObject(ValVisitor.visit_seq(seq)?.type_name()))
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
                None => {
                    let value = map.next_value()?;
                    self.feed.send(Message::Field(key, value));
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
    ($($method:ident($($arg:ty)?)),*) => {$(
        fn $method<E: serde::de::Error>(self $(, v: $arg)?) -> Result<(), E> {
            let value = ValVisitor.$method($(v as $arg)?)?;
            self.feed.send(Message::NotArray(self.section, value));
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
        self.feed.send(Message::NotArray(self.section, value));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.feed.send(Message::Begin(self.section));
        let mut batch = Vec::with_capacity(BATCH);
        while let Some(record) = seq.next_element::<Val<'de>>()? {
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
