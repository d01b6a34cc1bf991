//! A JSON tree that borrows its strings from the input and keeps objects as small vectors.
//!
//! The loader validates one record at a time against this tree. Compared with
//! `serde_json::Value` (a `BTreeMap` of owned keys per object, an owned `String` per string) it
//! costs a fraction of the allocations, and a record's tree is dropped as soon as it is read.

use std::borrow::Cow;
use std::fmt;

use foldhash::HashMap;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::format::key;

#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Val<'a>>),
    /// Fields in the order of their first appearance; a repeated key keeps its last value, as
    /// serde_json does.
    Object(Vec<(Cow<'a, str>, Val<'a>)>),
}

impl<'a> Val<'a> {
    /// The value of `key` in a field list (the last one when repeated).
    pub fn field<'v>(fields: &'v [(Cow<'a, str>, Val<'a>)], key: &str) -> Option<&'v Val<'a>> {
        // Keys are a few bytes long: comparing them inline beats a call into memcmp.
        let wanted = key.as_bytes();
        fields
            .iter()
            .rev()
            .find(|(k, _)| k.len() == wanted.len() && k.bytes().zip(wanted).all(|(a, &b)| a == b))
            .map(|(_, v)| v)
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "a boolean",
            Val::Number(_) => "a number",
            Val::String(_) => "a string",
            Val::Array(_) => "an array",
            Val::Object(_) => "an object",
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Val::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Val::Array(_))
    }

    /// The same value, owning its strings, so it can outlive the input it was parsed from.
    pub fn into_owned(self) -> Val<'static> {
        match self {
            Val::Null => Val::Null,
            Val::Bool(b) => Val::Bool(b),
            Val::Number(n) => Val::Number(n),
            Val::String(s) => Val::String(Cow::Owned(s.into_owned())),
            Val::Array(items) => Val::Array(items.into_iter().map(Val::into_owned).collect()),
            Val::Object(fields) => {
                Val::Object(fields.into_iter().map(|(k, v)| (owned_key(k), v.into_owned())).collect())
            }
        }
    }

    /// The owned equivalent, for messages that quote a wrong value.
    pub fn to_value(&self) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Number(n) => Value::Number(n.clone()),
            Val::String(s) => Value::String(s.to_string()),
            Val::Array(items) => Value::Array(items.iter().map(Val::to_value).collect()),
            Val::Object(fields) => {
                let mut map = Map::new();
                for (k, v) in fields {
                    map.insert(k.to_string(), v.to_value());
                }
                Value::Object(map)
            }
        }
    }
}

/// Every field name the format defines: keys are nearly always one of these, and need no copy.
pub(super) const KEYS: [&str; 33] = [
    key::ID,
    key::SOURCE,
    key::EXACT,
    key::START,
    key::END,
    key::PREFIX,
    key::SUFFIX,
    key::EVIDENCE,
    key::DATE,
    key::TYPE,
    key::TITLE,
    key::ACTORS,
    key::TARGETS,
    key::PLACES,
    key::FATALITIES,
    key::SCHEDULED,
    key::SPEAKER,
    key::VERB,
    key::TEXT,
    key::ABOUT,
    key::MENTIONS,
    key::TOPIC,
    key::VARIANTS,
    key::VALUE,
    key::NAME,
    key::KIND,
    key::ALIASES,
    key::NOTE,
    key::FILE,
    key::PUBLISHER,
    key::AUTHOR,
    key::URL,
    key::PUBLISHED,
];

fn owned_key(key: Cow<'_, str>) -> Cow<'static, str> {
    match KEYS.iter().find(|known| **known == key) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(key.into_owned()),
    }
}

/// Compact JSON, exactly as serde_json prints the same value.
impl fmt::Display for Val<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_value())
    }
}

impl<'de> Deserialize<'de> for Val<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Val<'de>, D::Error> {
        deserializer.deserialize_any(ValVisitor)
    }
}

/// Builds a `Val`; every method is also the fallback the streaming loader uses for values
/// that are not the arrays it expects.
pub struct ValVisitor;

impl<'de> Visitor<'de> for ValVisitor {
    type Value = Val<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Val<'de>, E> {
        Ok(Val::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Val<'de>, E> {
        Ok(Val::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Val<'de>, E> {
        Ok(Val::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Val<'de>, E> {
        Ok(Number::from_f64(v).map_or(Val::Null, Val::Number))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Val<'de>, E> {
        Ok(Val::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Val<'de>, E> {
        Ok(Val::String(Cow::Owned(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Val<'de>, E> {
        Ok(Val::String(Cow::Owned(v)))
    }

    fn visit_none<E>(self) -> Result<Val<'de>, E> {
        Ok(Val::Null)
    }

    fn visit_unit<E>(self) -> Result<Val<'de>, E> {
        Ok(Val::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Val::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Val<'de>, A::Error> {
        // `{}` allocates nothing; a record gets room for a typical record's keys at its first.
        let mut fields: Vec<(Cow<'de, str>, Val<'de>)> = Vec::new();
        // A repeated key replaces its earlier value where it stands, so an object of a million
        // copies of one key holds one field, not a million. Records have a handful of keys and
        // are searched in place; an object with many is indexed, so no object costs quadratic time.
        let mut index: Option<HashMap<Cow<'de, str>, usize>> = None;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let value = map.next_value()?;
            let earlier = match index.as_mut() {
                Some(index) => index.get(&key).copied(),
                None => fields.iter().position(|(k, _)| *k == key),
            };
            match earlier {
                Some(at) => fields[at].1 = value,
                None => {
                    if let Some(index) = index.as_mut() {
                        index.insert(key.clone(), fields.len());
                    } else if fields.len() == INDEX_FROM {
                        let mut built: HashMap<Cow<'de, str>, usize> =
                            fields.iter().enumerate().map(|(at, (k, _))| (k.clone(), at)).collect();
                        built.insert(key.clone(), fields.len());
                        index = Some(built);
                    }
                    if fields.is_empty() {
                        fields.reserve(8);
                    }
                    fields.push((key, value));
                }
            }
        }
        Ok(Val::Object(fields))
    }
}

/// Objects with more keys than this find a repeated key through a hash table.
const INDEX_FROM: usize = 32;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_without_escapes_are_borrowed_and_escaped_ones_owned() {
        let text = r#"{"plain": "Kakar", "esc\u0061ped": "a\nb"}"#;
        let val: Val = serde_json::from_str(text).unwrap();
        let Val::Object(fields) = &val else { panic!("{val:?}") };
        assert!(matches!(&fields[0], (Cow::Borrowed("plain"), Val::String(Cow::Borrowed("Kakar")))));
        assert!(matches!(&fields[1], (Cow::Owned(k), Val::String(Cow::Owned(v))) if k == "escaped" && v == "a\nb"));
    }

    #[test]
    fn an_owned_copy_is_equal_and_borrows_nothing_from_the_input() {
        let text = String::from(r#"{"id": "a", "odd key": [1, {"exact": "x\ny"}], "n": null}"#);
        let val: Val = serde_json::from_str(&text).unwrap();
        let owned = val.clone().into_owned();
        drop(text);
        assert_eq!(owned, val_from(r#"{"id": "a", "odd key": [1, {"exact": "x\ny"}], "n": null}"#));
    }

    fn val_from(text: &str) -> Val<'static> {
        serde_json::from_str::<Val>(text).unwrap().into_owned()
    }

    #[test]
    fn a_repeated_key_is_one_field_holding_the_last_value() {
        let few = r#"{"id": "a", "n": 1, "id": "b", "id": "c"}"#;
        let Val::Object(fields) = serde_json::from_str::<Val>(few).unwrap() else { panic!() };
        assert_eq!(fields.len(), 2);
        assert_eq!(Val::field(&fields, "id"), Some(&Val::String(Cow::Borrowed("c"))));
        let keys: Vec<String> = (0..100).map(|k| format!("\"k{k}\": {k}")).collect();
        let many = format!("{{{}, {}, \"k7\": \"last\"}}", keys.join(", "), keys.join(", "));
        let Val::Object(fields) = serde_json::from_str::<Val>(&many).unwrap() else { panic!() };
        assert_eq!(fields.len(), 100);
        assert_eq!(fields[7], (Cow::Borrowed("k7"), Val::String(Cow::Borrowed("last"))));
        assert_eq!(Val::field(&fields, "k99").and_then(Val::as_u64), Some(99));
    }

    #[test]
    fn display_and_lookup_agree_with_serde_json_value() {
        let text = r#"{"b": [1, -2, 1.5, null, true], "a": {"x": "y"}, "b": "last", "n": 18446744073709551615}"#;
        let val: Val = serde_json::from_str(text).unwrap();
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(val.to_string(), value.to_string());
        let Val::Object(fields) = &val else { panic!() };
        assert_eq!(Val::field(fields, "b").map(Val::to_value), value.get("b").cloned());
        assert_eq!(Val::field(fields, "n").and_then(Val::as_u64), Some(u64::MAX));
        assert_eq!(Val::field(fields, "missing"), None);
    }
}
