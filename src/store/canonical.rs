//! The one canonical way to write a store.json, so that a tool that changes one record changes
//! only that record's lines in a `git diff`, and a store already canonical is rewritten byte for
//! byte the same.
//!
//! Canonical means: two-space indentation as `serde_json`'s pretty printer writes it, a final
//! newline, and in every record the keys in the order the format lists them, with keys the
//! format does not know (other tools' extensions) after them in alphabetical order — the order in
//! which the typed records of `store::format` write themselves. The top level's keys follow the
//! format's order too, then the others alphabetically. Values are kept as written; nothing is
//! added, dropped or renamed (an optional field given as `null`, which means the same as leaving
//! it out, is left out).

use std::cmp::Ordering;
use std::fmt;

use serde::Serialize;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::format::{Record, key};
use super::splice::Layout;

/// The value of a top-level key: a list of records, or any other value (`format`, `title`…).
#[derive(Debug, Clone, PartialEq)]
pub enum TopValue {
    List(Vec<Record>),
    Single(serde_json::Value),
}

/// A store's top level as written: its keys in the file's order.
pub type Top = Vec<(String, TopValue)>;

/// Reads a whole store.json (without its byte-order mark) as its top level, every record typed
/// by its list as it is parsed. An item that is not a record of its list is an error saying
/// where it is.
pub fn read_top(json: &[u8]) -> serde_json::Result<Top> {
    let mut parser = serde_json::Deserializer::from_slice(json);
    let top = parser.deserialize_map(TopVisitor)?;
    parser.end()?;
    Ok(top)
}

/// The top-level object's entries in the order written, a repeated key each time it appears.
struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a store: an object of the format's lists")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut entries = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            let value = map.next_value_seed(TopValueSeed { list: &name })?;
            entries.push((name, value));
        }
        Ok(entries)
    }
}

/// The value of the top-level key `list`: an array is read as records of that list, anything
/// else as it is.
struct TopValueSeed<'l> {
    list: &'l str,
}

impl<'de> DeserializeSeed<'de> for TopValueSeed<'_> {
    type Value = TopValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TopValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A value that is not a list, as `serde_json::Value` reads it.
macro_rules! single {
    ($($method:ident($arg:ty)),*) => {$(
        fn $method<E: de::Error>(self, v: $arg) -> Result<TopValue, E> {
            Ok(TopValue::Single(serde_json::Value::from(v)))
        }
    )*};
}

impl<'de> Visitor<'de> for TopValueSeed<'_> {
    type Value = TopValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    single!(visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str), visit_string(String));

    fn visit_unit<E: de::Error>(self) -> Result<TopValue, E> {
        Ok(TopValue::Single(serde_json::Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TopValue, A::Error> {
        let mut records = Vec::new();
        while let Some(record) = seq.next_element_seed(RecordSeed { list: self.list })? {
            records.push(record);
        }
        Ok(TopValue::List(records))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TopValue, A::Error> {
        serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(TopValue::Single)
    }
}

/// One item of the list `list`, typed by it.
struct RecordSeed<'l> {
    list: &'l str,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Record;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Record, D::Error> {
        Record::deserialize_in(self.list, deserializer)
    }
}

/// Where a top-level key goes in a canonical store: the format's keys in its order, then the
/// others alphabetically.
pub fn top_key_order(a: &str, b: &str) -> Ordering {
    let known = &key::TOP;
    let rank = |key: &str| known.iter().position(|k| *k == key).unwrap_or(known.len());
    let (rank_a, rank_b) = (rank(a), rank(b));
    rank_a.cmp(&rank_b).then_with(|| if rank_a == known.len() { a.cmp(b) } else { Ordering::Equal })
}

/// The canonical text of a value nested `depth` levels deep in a store: the pretty printer's
/// output with every line after the first indented as deep. (A JSON string never holds a raw
/// newline, so every newline is the layout's own.)
pub fn nested_text(value: &impl Serialize, depth: usize) -> Vec<u8> {
    let pretty = serde_json::to_vec_pretty(value).expect("a record or a JSON value always serializes");
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

/// The canonical bytes of a store.json, or why it cannot be read as one: the layout a change
/// is spliced into (`splice::Layout`), written whole.
pub fn canonical_bytes(json: &[u8]) -> serde_json::Result<Vec<u8>> {
    let json = json.strip_prefix("\u{feff}".as_bytes()).unwrap_or(json);
    Ok(Layout::from_top(read_top(json)?).to_bytes(&[]))
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
        let text = r#"{"events":[{"zeta":1,"places":[],"title":"T","type":"strike","id":"e","actors":["a"],"alpha":{"y":2,"b":1},"evidence":[{"end":3,"mark":"m","source":"s","start":0,"exact":"abc"}],"date":"2024"}],"zz":[{"b":1,"a":2}],"version":1,"format":"factline-store"}"#;
        let expected = r#"{
  "format": "factline-store",
  "version": 1,
  "events": [
    {
      "id": "e",
      "date": "2024",
      "type": "strike",
      "title": "T",
      "actors": [
        "a"
      ],
      "places": [],
      "evidence": [
        {
          "source": "s",
          "exact": "abc",
          "start": 0,
          "end": 3,
          "mark": "m"
        }
      ],
      "alpha": {
        "b": 1,
        "y": 2
      },
      "zeta": 1
    }
  ],
  "zz": [
    {
      "a": 2,
      "b": 1
    }
  ]
}
"#;
        assert_eq!(canonical(text), expected);
    }

    #[test]
    fn canonical_form_is_a_fixed_point_and_keeps_every_value() {
        let text = "\u{feff}{\"title\":\"caf\\u00e9 \u{1F600}\",\"format\":\"factline-store\",\"claims\":[{\"confidence\":0.75,\"status\":\"draft\",\"id\":\"c\",\"speaker\":\"e\",\"verb\":\"said\",\"text\":\"x\",\"evidence\":[],\"extra\":{\"b\":[1,{\"y\":null,\"x\":true}],\"a\":-2.5e-3}}]}";
        let once = canonical(text);
        assert_eq!(canonical(&once), once);
        let before: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        let after: serde_json::Value = serde_json::from_str(&once).unwrap();
        assert_eq!(before, after, "canonical form changed a value");
        assert!(once.contains("\"title\": \"café 😀\""), "{once}");
    }

    #[test]
    fn a_null_that_means_absent_is_left_out_and_a_whole_confidence_is_written_as_a_number() {
        let text = r#"{"claims":[{"id":"c","speaker":"e","verb":"said","text":"x","evidence":[],"date":null,"status":null,"confidence":1}]}"#;
        let written = canonical(text);
        assert!(written.contains("\"date\": null"), "a date may be null: kept\n{written}");
        assert!(!written.contains("\"status\""), "a null status means reviewed, as absent\n{written}");
        assert!(written.contains("\"confidence\": 1.0"), "{written}");
    }

    #[test]
    fn a_record_that_is_not_one_of_its_list_is_named() {
        let error =
            canonical_bytes(b"{\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"kind\":\"person\"},\n{\"id\":\"b\"}]}")
                .unwrap_err();
        assert!(error.to_string().starts_with("missing field `name`"), "{error}");
        assert_eq!((error.line(), error.column()), (2, 10), "{error}");
    }

    #[test]
    fn a_syntax_error_is_reported_not_rewritten() {
        assert!(canonical_bytes(b"{\"format\": ").is_err());
    }
}
