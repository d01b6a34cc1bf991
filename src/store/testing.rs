//! For the property tests of the canonical writer and the splicer: stores drawn at random (every
//! record a record of its list, keys in any order, keys the format does not know at every level),
//! and the canonical writer as it was before the typed records — an ordered JSON tree put in the
//! format's key order — which the typed records must match byte for byte.

use std::cmp::Ordering;
use std::fmt;

use proptest::prelude::*;
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
fn canonicalize(value: &mut Json) {
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

/// The canonical bytes of a store, as the writer before the typed records made them.
pub fn canonical_before(json: &[u8]) -> Vec<u8> {
    let mut value: Json = serde_json::from_slice(json).expect("a drawn store is JSON");
    canonicalize(&mut value);
    let mut out = serde_json::to_vec_pretty(&value).expect("a Json value always serializes");
    out.push(b'\n');
    out
}

/// A value the format does not describe, drawn from a small vocabulary so that nesting goes a
/// few levels deep and keys repeat across objects.
pub fn value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        (-1000i64..1000).prop_map(|n| Json::Number(n.into())),
        // Thousandths, which the parser reads back exactly (it may be a unit in the last place
        // off on longer fractions, and then no tool's rewrite is a fixed point).
        (-1_000_000_000i64..1_000_000_000)
            .prop_map(|n| Json::Number(serde_json::Number::from_f64(n as f64 / 1000.0).unwrap())),
        text().prop_map(Json::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            proptest::collection::btree_map("[a-z]{1,3}|id|date|title|evidence|source|exact", inner, 0..4)
                .prop_map(|fields| Json::Object(fields.into_iter().collect())),
        ]
    })
}

fn text() -> impl Strategy<Value = String> {
    "[a-z\\\\\"é😀\n\t\u{7}]{0,6}"
}

fn string() -> BoxedStrategy<Json> {
    text().prop_map(Json::String).boxed()
}

fn ids() -> BoxedStrategy<Json> {
    proptest::collection::vec("[a-c]{1,2}".prop_map(Json::String), 0..3).prop_map(Json::Array).boxed()
}

fn count() -> BoxedStrategy<Json> {
    (0u64..100_000).prop_map(|n| Json::Number(n.into())).boxed()
}

/// A field that may be left out, or written as null when the format's writer tells the two apart.
type Optional = (&'static str, BoxedStrategy<Json>, bool);

/// An object with the `required` fields, any of the `optional` ones, and unknown keys, in any order.
fn object(required: Vec<(&'static str, BoxedStrategy<Json>)>, optional: Vec<Optional>) -> BoxedStrategy<Json> {
    let required: Vec<BoxedStrategy<(String, Json)>> =
        required.into_iter().map(|(name, value)| value.prop_map(move |v| (name.to_string(), v)).boxed()).collect();
    let optional: Vec<BoxedStrategy<Option<(String, Json)>>> = optional
        .into_iter()
        .map(|(name, value, nullable)| {
            let null = if nullable { 1 } else { 0 };
            prop_oneof![
                2 => Just(None),
                null => Just(Some((name.to_string(), Json::Null))),
                3 => value.prop_map(move |v| Some((name.to_string(), v))),
            ]
            .boxed()
        })
        .collect();
    let unknown = proptest::collection::btree_map("x[a-z]{0,2}|zeta|alpha", value(), 0..3);
    (required, optional, unknown)
        .prop_map(|(required, optional, unknown)| {
            let mut fields: Vec<(String, Json)> = required;
            fields.extend(optional.into_iter().flatten());
            fields.extend(unknown);
            fields
        })
        .prop_shuffle()
        .prop_map(Json::Object)
        .boxed()
}

fn passages() -> BoxedStrategy<Json> {
    let passage = object(
        vec![("source", "[a-c]".prop_map(Json::String).boxed()), ("exact", string())],
        vec![
            ("prefix", string(), true),
            ("suffix", string(), true),
            ("start", count(), false),
            ("end", count(), false),
        ],
    );
    proptest::collection::vec(passage, 0..3).prop_map(Json::Array).boxed()
}

fn flag() -> BoxedStrategy<Json> {
    proptest::bool::ANY.prop_map(Json::Bool).boxed()
}

fn status() -> BoxedStrategy<Json> {
    prop_oneof![Just(Json::String("draft".into())), Just(Json::String("reviewed".into()))].boxed()
}

fn confidence() -> BoxedStrategy<Json> {
    (0u32..=1000).prop_map(|n| Json::Number(serde_json::Number::from_f64(f64::from(n) / 1000.0).unwrap())).boxed()
}

/// A record of the top-level list `list` (any value for a list the format does not define).
pub fn record(list: &str) -> BoxedStrategy<Json> {
    let id = || ("id", "[a-c]{1,2}".prop_map(Json::String).boxed());
    match list {
        key::SOURCES => object(
            vec![id()],
            vec![
                ("file", string(), false),
                ("title", string(), true),
                ("publisher", string(), true),
                ("author", string(), true),
                ("url", string(), true),
                ("published", string(), true),
                ("note", string(), false),
                ("text", string(), false),
            ],
        ),
        key::ENTITIES => object(
            vec![id(), ("name", string()), ("kind", string())],
            vec![("aliases", ids(), false), ("note", string(), true)],
        ),
        key::EVENTS => object(
            vec![
                id(),
                ("date", string()),
                ("type", string()),
                ("title", string()),
                ("actors", ids()),
                ("places", ids()),
                ("evidence", passages()),
            ],
            vec![
                ("scheduled", flag(), false),
                ("targets", ids(), false),
                ("fatalities", count(), true),
                ("status", status(), false),
                ("confidence", confidence(), false),
            ],
        ),
        key::CLAIMS => object(
            vec![id(), ("speaker", string()), ("verb", string()), ("text", string()), ("evidence", passages())],
            vec![
                ("date", string(), true),
                ("about", ids(), false),
                ("mentions", ids(), false),
                ("status", status(), false),
                ("confidence", confidence(), false),
            ],
        ),
        key::DISCREPANCIES => {
            let variant = object(vec![("value", string()), ("evidence", passages())], vec![]);
            object(
                vec![
                    id(),
                    ("topic", string()),
                    ("variants", proptest::collection::vec(variant, 0..3).prop_map(Json::Array).boxed()),
                ],
                vec![("about", ids(), false), ("status", status(), false), ("confidence", confidence(), false)],
            )
        }
        _ => prop_oneof![
            value(),
            proptest::collection::btree_map("[a-z]{1,2}", value(), 0..4).prop_map(|mut fields| {
                // One `id`: a repeated key is written once (its last value), which the ordered
                // tree did not do.
                fields.remove("id");
                let id = ("id".to_string(), Json::String("a".into()));
                Json::Object(std::iter::once(id).chain(fields).collect())
            })
        ]
        .boxed(),
    }
}

/// The lists a drawn store may hold: the format's, and one it does not define.
pub const LISTS: [&str; 6] = ["sources", "entities", "events", "claims", "discrepancies", "zextra"];

/// A whole store: some lists in any order, perhaps a title and a key the format does not know.
pub fn store() -> impl Strategy<Value = Json> {
    let list = proptest::sample::select(LISTS.to_vec())
        .prop_flat_map(|list| (Just(list), proptest::collection::vec(record(list), 0..5)));
    (proptest::collection::vec(list, 0..5), proptest::option::of(string()), proptest::option::of(value())).prop_map(
        |(lists, title, unknown)| {
            let mut entries: Vec<(String, Json)> = Vec::new();
            for (list, records) in lists {
                if !entries.iter().any(|(k, _)| k == list) {
                    entries.push((list.to_string(), Json::Array(records)));
                }
            }
            if let Some(title) = title {
                entries.push(("title".into(), title));
            }
            if let Some(unknown) = unknown {
                entries.push(("aa-unknown".into(), unknown));
            }
            entries.push(("format".into(), Json::String("factline-store".into())));
            entries.reverse();
            Json::Object(entries)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::canonical::canonical_bytes;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The typed records write a store exactly as the ordered tree did: every known key in
        /// the format's order, every unknown one after them alphabetically, every value as written.
        #[test]
        fn typed_records_write_what_the_ordered_tree_wrote(doc in store()) {
            let compact = serde_json::to_vec(&doc).unwrap();
            let typed = canonical_bytes(&compact).unwrap();
            let before = canonical_before(&compact);
            prop_assert_eq!(String::from_utf8_lossy(&typed), String::from_utf8_lossy(&before));
            prop_assert_eq!(canonical_bytes(&typed).unwrap(), typed, "a fixed point");
        }
    }
}
