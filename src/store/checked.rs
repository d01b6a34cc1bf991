//! Reading a record of the format without stopping at its first wrong value. A value of the
//! wrong type, or a required field left out, is noted with its place in the record and the field
//! keeps its default, so the loader can report every problem of every record at once while the
//! records themselves stay the format's own types (`store::format`).
//!
//! A type says which JSON values it accepts through `Check`; anything else is a `Wrong`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use super::model::Status;

/// One step into a record: one of the format's fields, or an item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Key(&'static str),
    Item(u32),
}

/// What stood where a value of a type the format allows was expected.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A required field is not there.
    Missing,
    Value(Value),
}

impl Found {
    /// The kind of JSON value found, as messages name it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Found::Missing => "nothing",
            Found::Value(value) => type_name(value),
        }
    }
}

/// Compact JSON of the value found, as messages quote it.
impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Missing => f.write_str("nothing"),
            Found::Value(value) => write!(f, "{value}"),
        }
    }
}

/// The kind of a JSON value, as messages name it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value the record could not hold, where it stood in the record (empty: the record itself).
#[derive(Debug, Clone, PartialEq)]
pub struct Wrong {
    pub at: Box<[Step]>,
    pub found: Found,
}

/// No record of the format is nested deeper than a discrepancy's passage fields
/// (`variants[0].evidence[0].exact`: five steps).
const MAX_STEPS: usize = 8;

/// One record being read: where the reader is in it, and what was wrong so far. The place is a
/// fixed array, so reading a valid record allocates nothing for it.
pub struct Reading {
    at: [Step; MAX_STEPS],
    depth: usize,
    wrongs: Vec<Wrong>,
}

impl Default for Reading {
    fn default() -> Reading {
        Reading { at: [Step::Item(0); MAX_STEPS], depth: 0, wrongs: Vec::new() }
    }
}

impl Reading {
    fn here(&self) -> &[Step] {
        &self.at[..self.depth]
    }

    fn note(&mut self, found: Found, last: Option<Step>) {
        let at = self.here().iter().copied().chain(last).collect();
        self.wrongs.push(Wrong { at, found });
    }

    /// Notes `found` where the reader is, and gives the default in its stead.
    pub fn wrong<T: Default>(&mut self, found: Value) -> T {
        self.note(Found::Value(found), None);
        T::default()
    }

    /// Notes that the required field `key` of the object being read is missing.
    pub fn missing<T: Default>(&mut self, key: &'static str) -> T {
        self.note(Found::Missing, Some(Step::Key(key)));
        T::default()
    }

    /// Reads the value of `step` (a field of the object being read, or an item of its list).
    pub fn value<'de, T: Check<'de>, D: Deserializer<'de>>(&mut self, step: Step, value: D) -> Result<T, D::Error> {
        // Deeper than the format goes only through a wrong value, which is read whole.
        let entered = self.depth < MAX_STEPS;
        if entered {
            self.at[self.depth] = step;
            self.depth += 1;
        }
        let read = Seed::<T>(self, PhantomData).deserialize(value);
        if entered {
            self.depth -= 1;
        }
        read
    }

    /// Forgets what was wrong in an earlier value of the field `key`: a repeated key keeps its
    /// last value.
    pub fn forget(&mut self, key: &'static str) {
        if self.wrongs.is_empty() {
            return;
        }
        let depth = self.depth;
        let (at, step) = (self.at, Step::Key(key));
        self.wrongs.retain(|w| !(w.at.len() > depth && w.at[..depth] == at[..depth] && w.at[depth] == step));
    }

    /// What was wrong, once the record is read.
    pub fn into_wrongs(self) -> Vec<Wrong> {
        self.wrongs
    }
}

/// A record (or any value) read from `deserializer`, with what was wrong in it.
pub fn read<'de, T: Check<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<(T, Vec<Wrong>), D::Error> {
    let mut reading = Reading::default();
    let value = Seed::<T>(&mut reading, PhantomData).deserialize(deserializer)?;
    Ok((value, reading.into_wrongs()))
}

/// The JSON values a type accepts; each method left as it is turns that kind of value away.
pub trait Check<'de>: Sized + Default {
    fn boolean(_: bool) -> Option<Self> {
        None
    }
    /// The string back when it is not a value of this type.
    fn string(s: Cow<'de, str>) -> Result<Self, Cow<'de, str>> {
        Err(s)
    }
    fn unsigned(_: u64) -> Option<Self> {
        None
    }
    fn signed(_: i64) -> Option<Self> {
        None
    }
    fn float(_: f64) -> Option<Self> {
        None
    }
    fn null() -> Option<Self> {
        None
    }
    fn seq<A: SeqAccess<'de>>(seq: A, reading: &mut Reading) -> Result<Self, A::Error> {
        let found = Value::deserialize(SeqAccessDeserializer::new(seq))?;
        Ok(reading.wrong(found))
    }
    fn map<A: MapAccess<'de>>(map: A, reading: &mut Reading) -> Result<Self, A::Error> {
        let found = Value::deserialize(MapAccessDeserializer::new(map))?;
        Ok(reading.wrong(found))
    }
}

impl<'de: 'a, 'a> Check<'de> for Cow<'a, str> {
    fn string(s: Cow<'de, str>) -> Result<Self, Cow<'de, str>> {
        Ok(s)
    }
}

impl Check<'_> for bool {
    fn boolean(v: bool) -> Option<bool> {
        Some(v)
    }
}

impl Check<'_> for u64 {
    fn unsigned(v: u64) -> Option<u64> {
        Some(v)
    }
}

impl Check<'_> for usize {
    fn unsigned(v: u64) -> Option<usize> {
        usize::try_from(v).ok()
    }
}

/// The format's one fractional number is a confidence, from 0 to 1. An integer other than 0 or
/// 1 is noted as written: once an `f64`, nothing tells `2` from `2.0`, and a message quotes the
/// value the way the file gives it.
impl Check<'_> for f64 {
    fn unsigned(v: u64) -> Option<f64> {
        (v <= 1).then_some(v as f64)
    }
    fn signed(v: i64) -> Option<f64> {
        (0..=1).contains(&v).then_some(v as f64)
    }
    fn float(v: f64) -> Option<f64> {
        Some(v)
    }
}

impl<'de> Check<'de> for Status {
    fn string(s: Cow<'de, str>) -> Result<Status, Cow<'de, str>> {
        Status::parse(&s).ok_or(s)
    }
}

/// Null is `None`, unless the inner type takes null itself (an `Omittable` field keeps a null
/// apart from a key left out).
impl<'de, T: Check<'de>> Check<'de> for Option<T> {
    fn boolean(v: bool) -> Option<Self> {
        T::boolean(v).map(Some)
    }
    fn string(s: Cow<'de, str>) -> Result<Self, Cow<'de, str>> {
        T::string(s).map(Some)
    }
    fn unsigned(v: u64) -> Option<Self> {
        T::unsigned(v).map(Some)
    }
    fn signed(v: i64) -> Option<Self> {
        T::signed(v).map(Some)
    }
    fn float(v: f64) -> Option<Self> {
        T::float(v).map(Some)
    }
    fn null() -> Option<Self> {
        Some(T::null())
    }
    fn seq<A: SeqAccess<'de>>(seq: A, reading: &mut Reading) -> Result<Self, A::Error> {
        T::seq(seq, reading).map(Some)
    }
    fn map<A: MapAccess<'de>>(map: A, reading: &mut Reading) -> Result<Self, A::Error> {
        T::map(map, reading).map(Some)
    }
}

/// Each item in its place: a wrong one keeps the default there, so the items after it keep
/// their indices.
impl<'de, T: Check<'de>> Check<'de> for Vec<T> {
    fn seq<A: SeqAccess<'de>>(mut seq: A, reading: &mut Reading) -> Result<Self, A::Error> {
        let mut items = Vec::new();
        loop {
            let step = Step::Item(items.len() as u32);
            let next = seq.next_element_seed(ItemSeed::<T>(reading, step, PhantomData))?;
            match next {
                Some(item) => items.push(item),
                None => return Ok(items),
            }
        }
    }
}

struct ItemSeed<'r, T>(&'r mut Reading, Step, PhantomData<T>);

impl<'de, T: Check<'de>> DeserializeSeed<'de> for ItemSeed<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        self.0.value(self.1, deserializer)
    }
}

/// A field's value read where the reader is; see `Reading::value`.
pub struct FieldSeed<'r, T>(pub &'r mut Reading, pub &'static str, pub PhantomData<T>);

impl<'de, T: Check<'de>> DeserializeSeed<'de> for FieldSeed<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        self.0.forget(self.1);
        self.0.value(Step::Key(self.1), deserializer)
    }
}

/// Reads one value as `T`, noting it as wrong when `T` does not take it.
struct Seed<'r, T>(&'r mut Reading, PhantomData<T>);

impl<'de, T: Check<'de>> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Check<'de>> Visitor<'de> for Seed<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<T, E> {
        Ok(T::boolean(v).unwrap_or_else(|| self.0.wrong(Value::Bool(v))))
    }

    fn visit_u64<E>(self, v: u64) -> Result<T, E> {
        Ok(T::unsigned(v).unwrap_or_else(|| self.0.wrong(v.into())))
    }

    fn visit_i64<E>(self, v: i64) -> Result<T, E> {
        Ok(T::signed(v).unwrap_or_else(|| self.0.wrong(v.into())))
    }

    fn visit_f64<E>(self, v: f64) -> Result<T, E> {
        Ok(T::float(v).unwrap_or_else(|| self.0.wrong(Number::from_f64(v).map_or(Value::Null, Value::Number))))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<T, E> {
        Ok(T::string(Cow::Borrowed(v)).unwrap_or_else(|s| self.0.wrong(Value::String(s.into_owned()))))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        self.visit_string(v.to_string())
    }

    fn visit_string<E>(self, v: String) -> Result<T, E> {
        Ok(T::string(Cow::Owned(v)).unwrap_or_else(|s| self.0.wrong(Value::String(s.into_owned()))))
    }

    fn visit_none<E>(self) -> Result<T, E> {
        Ok(T::null().unwrap_or_else(|| self.0.wrong(Value::Null)))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
        self.visit_none()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::seq(seq, self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::map(map, self.0)
    }
}

/// An object key, borrowed unless it holds escapes.
pub struct Key<'a>(pub Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The same value, owning its strings, so it can outlive the input it was read from.
pub trait IntoStatic {
    type Static;
    fn into_static(self) -> Self::Static;
}

impl IntoStatic for Cow<'_, str> {
    type Static = Cow<'static, str>;
    fn into_static(self) -> Cow<'static, str> {
        Cow::Owned(self.into_owned())
    }
}

impl<T: IntoStatic> IntoStatic for Vec<T> {
    type Static = Vec<T::Static>;
    fn into_static(self) -> Vec<T::Static> {
        self.into_iter().map(T::into_static).collect()
    }
}

impl<T: IntoStatic> IntoStatic for Option<T> {
    type Static = Option<T::Static>;
    fn into_static(self) -> Option<T::Static> {
        self.map(T::into_static)
    }
}

macro_rules! owned_already {
    ($($t:ty),*) => {$(
        impl IntoStatic for $t {
            type Static = $t;
            fn into_static(self) -> $t {
                self
            }
        }
    )*};
}

owned_already!(bool, u64, usize, f64, Status, super::format::Extra);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::format::{DiscrepancyRecord, EventRecord, SourceRecord};

    fn checked<'de, T: Check<'de>>(json: &'de str) -> (T, Vec<(Vec<Step>, Found)>) {
        let (value, wrongs) = read::<T, _>(&mut serde_json::Deserializer::from_str(json)).unwrap();
        (value, wrongs.into_iter().map(|w| (w.at.into_vec(), w.found)).collect())
    }

    #[test]
    fn a_valid_record_reads_as_serde_reads_it_with_nothing_wrong() {
        let json = r#"{"id":"e","date":"2024","type":"strike","title":"T","actors":["a"],"places":["p"],
            "fatalities":null,"evidence":[{"source":"s","exact":"q","prefix":null,"start":3}],
            "status":"draft","confidence":0.5,"x-mine":{"k":[1]}}"#;
        let (record, wrongs) = checked::<EventRecord>(json);
        assert_eq!(wrongs, []);
        assert_eq!(record, serde_json::from_str::<EventRecord>(json).unwrap());
        assert!(matches!(record.id, Cow::Borrowed("e")), "strings without escapes are borrowed");
    }

    #[test]
    fn every_wrong_value_is_noted_where_it_stands_and_the_rest_is_still_read() {
        use Step::{Item, Key};
        let json = r#"{"id":"d","topic":5,"about":["e",7,"c"],"status":"checked","confidence":"high",
            "variants":[{"value":"2","evidence":[{"source":"s","exact":"q","start":-1}]},"three",
            {"evidence":[{"source":"s","exact":"q","suffix":[true]}]}]}"#;
        let (record, wrongs) = checked::<DiscrepancyRecord>(json);
        let value = |json: &str| Found::Value(serde_json::from_str(json).unwrap());
        assert_eq!(
            wrongs,
            [
                (vec![Key("topic")], value("5")),
                (vec![Key("about"), Item(1)], value("7")),
                (vec![Key("status")], value("\"checked\"")),
                (vec![Key("confidence")], value("\"high\"")),
                (vec![Key("variants"), Item(0), Key("evidence"), Item(0), Key("start")], value("-1")),
                (vec![Key("variants"), Item(1)], value("\"three\"")),
                (vec![Key("variants"), Item(2), Key("evidence"), Item(0), Key("suffix")], value("[true]")),
                (vec![Key("variants"), Item(2), Key("value")], Found::Missing),
            ]
        );
        let about: Vec<&str> = record.about.iter().flatten().map(|id| &**id).collect();
        assert_eq!(about, ["e", "", "c"], "a wrong item keeps its place, so the next keep their indices");
        assert_eq!(record.variants.len(), 3);
        assert_eq!(record.variants[2].evidence[0].exact, "q", "read on past a wrong value");
        assert_eq!(record.topic, "", "a wrong value leaves the default");
    }

    #[test]
    fn a_repeated_key_forgets_what_was_wrong_in_its_earlier_value() {
        let (record, wrongs) = checked::<SourceRecord>(r#"{"id":5,"file":[1],"id":"s","file":"a.txt"}"#);
        assert_eq!((record.id.as_ref(), record.file.as_deref()), ("s", Some("a.txt")));
        assert_eq!(wrongs, []);
        let (_, wrongs) = checked::<SourceRecord>(r#"{"id":"s","id":5}"#);
        assert_eq!(wrongs, [(vec![Step::Key("id")], Found::Value(5.into()))]);
    }

    #[test]
    fn null_is_no_value_where_a_field_is_optional_and_wrong_where_it_is_required() {
        let (record, wrongs) = checked::<SourceRecord>(r#"{"id":null,"file":null,"title":null}"#);
        assert_eq!((record.file, record.title), (None, Some(None)), "an omittable field keeps its null");
        assert_eq!(wrongs, [(vec![Step::Key("id")], Found::Value(Value::Null))]);
        let (_, wrongs) = checked::<EventRecord>("[]");
        assert_eq!(wrongs, [(vec![], Found::Value(Value::Array(vec![])))], "not an object: the record itself");
        assert_eq!(Found::Value(Value::Array(vec![])).type_name(), "an array");
    }

    #[test]
    fn a_fraction_takes_any_float_and_only_the_integers_0_and_1() {
        let (value, wrongs) = checked::<Vec<f64>>("[0, 1, 0.5, 2.0]");
        assert_eq!((value, wrongs), (vec![0.0, 1.0, 0.5, 2.0], vec![]));
        let (_, wrongs) = checked::<Vec<f64>>("[2, -1]");
        let found: Vec<String> = wrongs.iter().map(|(_, found)| found.to_string()).collect();
        assert_eq!(found, ["2", "-1"], "quoted as written");
    }
}
