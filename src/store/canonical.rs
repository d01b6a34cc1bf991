//! The one canonical way to write a store.json, so that a tool that changes one record changes
//! only that record's lines in a `git diff`, and a store already canonical is rewritten byte for
//! byte the same.
//!
//! Canonical means: two-space indentation as `serde_json`'s pretty printer writes it, a final
//! newline, and in every record the keys in the order the format lists them (`store::format`), with keys
//! the format does not know (other tools' extensions) after them in alphabetical order. Values are
//! kept as written; nothing is added, dropped or renamed.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::format::key;

/// A JSON value whose objects keep every key in the order it was written (serde_json's own
/// `Value` sorts them, which would lose the author's order of unknown keys before we choose ours).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        serde_json::Number::from_f64(v).map(Json::Number).ok_or_else(|| E::custom("a number JSON cannot hold"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            entries.push((key, value));
        }
        Ok(Json::Object(entries))
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(n) => n.serialize(serializer),
            Json::String(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Which kind of record an object is, known from where it sits in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    Top,
    Source,
    Entity,
    Event,
    Claim,
    Discrepancy,
    Variant,
    Passage,
    /// Anything the format does not describe: its keys are only sorted.
    Other,
}

impl Record {
    /// The keys in the order the format lists them.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Record::Top => &key::TOP,
            Record::Source => &key::SOURCE_FIELDS,
            Record::Entity => &key::ENTITY_FIELDS,
            Record::Event => &key::EVENT_FIELDS,
            Record::Claim => &key::CLAIM_FIELDS,
            Record::Discrepancy => &key::DISCREPANCY_FIELDS,
            Record::Variant => &key::VARIANT_FIELDS,
            Record::Passage => &key::PASSAGE_FIELDS,
            Record::Other => &[],
        }
    }

    /// What the elements of the array under `key` of this record are.
    fn element_of(self, key: &str) -> Record {
        match (self, key) {
            (Record::Top, "sources") => Record::Source,
            (Record::Top, "entities") => Record::Entity,
            (Record::Top, "events") => Record::Event,
            (Record::Top, "claims") => Record::Claim,
            (Record::Top, "discrepancies") => Record::Discrepancy,
            (Record::Discrepancy, "variants") => Record::Variant,
            (Record::Event | Record::Claim | Record::Variant, "evidence") => Record::Passage,
            _ => Record::Other,
        }
    }
}

/// Puts every object of `value`, a whole store, in canonical key order.
pub fn canonicalize(value: &mut Json) {
    order(value, Record::Top);
}

fn order(value: &mut Json, record: Record) {
    match value {
        Json::Object(entries) => {
            let known = record.keys();
            // Known keys by their place in the format, then the rest alphabetically; a repeated
            // key (which `check` reports) keeps its repeats in the order written.
            let rank = |key: &str| known.iter().position(|k| *k == key).unwrap_or(known.len());
            entries.sort_by(|(a, _), (b, _)| {
                let (rank_a, rank_b) = (rank(a), rank(b));
                rank_a.cmp(&rank_b).then_with(|| if rank_a == known.len() { a.cmp(b) } else { Ordering::Equal })
            });
            for (key, child) in entries.iter_mut() {
                match child {
                    Json::Array(items) => {
                        let element = record.element_of(key);
                        for item in items {
                            order(item, element);
                        }
                    }
                    Json::Object(_) => order(child, Record::Other),
                    _ => {}
                }
            }
        }
        Json::Array(items) => {
            for item in items {
                order(item, Record::Other);
            }
        }
        _ => {}
    }
}

/// Puts a value of the top-level key `key` in canonical key order, as `canonicalize` orders it
/// inside a whole store: the items of a record list as records of that list.
pub fn canonicalize_top_value(key: &str, value: &mut Json) {
    match value {
        Json::Array(items) => {
            let element = Record::Top.element_of(key);
            for item in items {
                order(item, element);
            }
        }
        Json::Object(_) => order(value, Record::Other),
        _ => {}
    }
}

/// Puts one item of the top-level list `list` in canonical key order.
pub fn canonicalize_item(list: &str, item: &mut Json) {
    order(item, Record::Top.element_of(list));
}

/// Where a top-level key goes in a canonical store: the format's keys in its order, then the
/// others alphabetically.
pub fn top_key_order(a: &str, b: &str) -> Ordering {
    let known = &key::TOP;
    let rank = |key: &str| known.iter().position(|k| *k == key).unwrap_or(known.len());
    let (rank_a, rank_b) = (rank(a), rank(b));
    rank_a.cmp(&rank_b).then_with(|| if rank_a == known.len() { a.cmp(b) } else { Ordering::Equal })
}

/// The canonical text of a value already in canonical order, nested `depth` levels deep in a
/// store: the pretty printer's output with every line after the first indented as deep. (A JSON
/// string never holds a raw newline, so every newline is the layout's own.)
pub fn nested_text(value: &Json, depth: usize) -> Vec<u8> {
    let pretty = serde_json::to_vec_pretty(value).expect("a Json value always serializes");
    let lines = pretty.iter().filter(|&&b| b == b'\n').count();
    let mut out = Vec::with_capacity(pretty.len() + lines * 2 * depth);
    for &byte in &pretty {
        out.push(byte);
        if byte == b'\n' {
            out.resize(out.len() + 2 * depth, b' ');
        }
    }
    out
}

/// The canonical bytes of a store.json, or the JSON syntax error that prevents it.
pub fn canonical_bytes(json: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    let json = json.strip_prefix("\u{feff}".as_bytes()).unwrap_or(json);
    let mut value: Json = serde_json::from_slice(json)?;
    Ok(to_canonical_bytes(&mut value))
}

/// The canonical bytes of a store already held as a `Json` tree (put in canonical order on the
/// way), without serializing and parsing it once more as `canonical_bytes` would.
pub fn to_canonical_bytes(value: &mut Json) -> Vec<u8> {
    canonicalize(value);
    ordered_bytes(value)
}

/// The canonical layout of a store whose keys are already in canonical order (`canonicalize`).
pub fn ordered_bytes(value: &Json) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("a Json value always serializes");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(text: &str) -> String {
        String::from_utf8(canonical_bytes(text.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn the_bundled_store_is_already_canonical() {
        let bundled = super::super::bundled::STORE_JSON;
        assert!(canonical(bundled) == bundled, "data/store.json is not in canonical form");
    }

    #[test]
    fn keys_follow_the_format_then_unknown_keys_alphabetically() {
        let text = r#"{"events":[{"zeta":1,"title":"T","id":"e","alpha":2,"evidence":[{"end":3,"source":"s","start":0,"exact":"abc"}],"date":"2024"}],"version":1,"format":"factline-store"}"#;
        let expected = r#"{
  "format": "factline-store",
  "version": 1,
  "events": [
    {
      "id": "e",
      "date": "2024",
      "title": "T",
      "evidence": [
        {
          "source": "s",
          "exact": "abc",
          "start": 0,
          "end": 3
        }
      ],
      "alpha": 2,
      "zeta": 1
    }
  ]
}
"#;
        assert_eq!(canonical(text), expected);
    }

    #[test]
    fn canonical_form_is_a_fixed_point_and_keeps_every_value() {
        let text = "\u{feff}{\"title\":\"caf\\u00e9 \u{1F600}\",\"format\":\"factline-store\",\"claims\":[{\"confidence\":0.75,\"status\":\"draft\",\"id\":\"c\",\"extra\":{\"b\":[1,{\"y\":null,\"x\":true}],\"a\":-2.5e-3}}]}";
        let once = canonical(text);
        assert_eq!(canonical(&once), once);
        let before: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        let after: serde_json::Value = serde_json::from_str(&once).unwrap();
        assert_eq!(before, after, "canonical form changed a value");
        assert!(once.contains("\"title\": \"café 😀\""), "{once}");
    }

    #[test]
    fn a_syntax_error_is_reported_not_rewritten() {
        assert!(canonical_bytes(b"{\"format\": ").is_err());
    }
}
