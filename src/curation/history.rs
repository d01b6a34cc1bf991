//! The session's undo history, kept as the records each change replaced rather than as copies
//! of the whole store: an accept on a 100k-event store keeps one claim, not 100 MB, so a long
//! review session stays as small as the store itself.

use std::collections::HashMap;

use super::json::id_of;
use crate::store::canonical::Json;

/// One change of a store's JSON, both ways.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Patch {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// Records `at..at + before.len()` of the array under the top-level key at `key` became
    /// `after`: the stretch between the records that stayed the same at both ends.
    Records { key: usize, name: String, at: usize, before: Vec<Json>, after: Vec<Json> },
    /// The top-level value at `key` (not an array on both sides) was replaced.
    Value { key: usize, before: Json, after: Json },
    /// Top-level keys came or went (the first discrepancy of a store without any): the whole
    /// document, which only such a rare change pays for.
    Whole { before: Json, after: Json },
}

impl Patch {
    /// What turns `old` into `new`.
    pub fn between(old: &Json, new: &Json) -> Patch {
        let (Json::Object(old_entries), Json::Object(new_entries)) = (old, new) else {
            return Patch::whole(old, new);
        };
        let same_keys = old_entries.len() == new_entries.len()
            && old_entries.iter().zip(new_entries).all(|((a, _), (b, _))| a == b);
        if !same_keys {
            return Patch::whole(old, new);
        }
        let mut pieces = Vec::new();
        for (key, ((name, before), (_, after))) in old_entries.iter().zip(new_entries).enumerate() {
            match (before, after) {
                (Json::Array(before), Json::Array(after)) => {
                    let common = before.len().min(after.len());
                    let head = before.iter().zip(after).take_while(|(a, b)| a == b).count();
                    let tail = before
                        .iter()
                        .rev()
                        .zip(after.iter().rev())
                        .take(common - head)
                        .take_while(|(a, b)| a == b)
                        .count();
                    if head == before.len() && head == after.len() {
                        continue;
                    }
                    pieces.push(Piece::Records {
                        key,
                        name: name.clone(),
                        at: head,
                        before: before[head..before.len() - tail].to_vec(),
                        after: after[head..after.len() - tail].to_vec(),
                    });
                }
                _ if before != after => pieces.push(Piece::Value { key, before: before.clone(), after: after.clone() }),
                _ => {}
            }
        }
        Patch { pieces }
    }

    fn whole(old: &Json, new: &Json) -> Patch {
        Patch { pieces: vec![Piece::Whole { before: old.clone(), after: new.clone() }] }
    }

    /// Makes the change on `doc` (which must be the `old` it was taken from).
    pub fn apply(&self, doc: &mut Json) {
        self.go(doc, true);
    }

    /// Takes the change back on `doc` (which must be the `new` it was taken to).
    pub fn revert(&self, doc: &mut Json) {
        self.go(doc, false);
    }

    fn go(&self, doc: &mut Json, forward: bool) {
        for piece in &self.pieces {
            match piece {
                Piece::Whole { before, after } => *doc = if forward { after } else { before }.clone(),
                Piece::Value { key, before, after } => {
                    if let Some(value) = entry_mut(doc, *key) {
                        *value = if forward { after } else { before }.clone();
                    }
                }
                Piece::Records { key, at, before, after, .. } => {
                    let (gone, coming) = if forward { (before, after) } else { (after, before) };
                    if let Some(Json::Array(records)) = entry_mut(doc, *key) {
                        records.splice(*at..*at + gone.len(), coming.iter().cloned());
                    }
                }
            }
        }
    }

    /// The records of the top-level list `list` that the change (made `forward`, or taken back)
    /// brings in or rewrites, by id: what the browser shows after an undo or a redo.
    pub fn arriving(&self, list: &str, forward: bool) -> Vec<String> {
        let mut ids = Vec::new();
        for piece in &self.pieces {
            if let Piece::Records { name, before, after, .. } = piece
                && name == list
            {
                let (arriving, leaving) = if forward { (after, before) } else { (before, after) };
                // A record that only moved or stayed the same is not news. By id, so that the
                // thousands of records a merge may rewrite cost one pass, not one per pair.
                let left: HashMap<&str, &Json> = leaving.iter().filter_map(|r| Some((id_of(r)?, r))).collect();
                ids.extend(
                    arriving
                        .iter()
                        .filter_map(|r| Some((id_of(r)?, r)))
                        .filter(|(id, r)| left.get(id) != Some(r))
                        .map(|(id, _)| id.to_string()),
                );
            }
        }
        ids
    }

    /// The ids of the sources cited by passages the change (made `forward`, or taken back)
    /// writes: the articles whose text it depends on.
    pub fn cited_sources(&self, forward: bool) -> Vec<String> {
        let mut ids = Vec::new();
        for piece in &self.pieces {
            let arriving: &[Json] = match piece {
                Piece::Records { before, after, .. } => {
                    if forward {
                        after
                    } else {
                        before
                    }
                }
                Piece::Value { before, after, .. } | Piece::Whole { before, after } => {
                    std::slice::from_ref(if forward { after } else { before })
                }
            };
            for value in arriving {
                passage_sources(value, &mut ids);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// How many records (or top-level values) the patch holds, for tests of its size.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Records { before, after, .. } => before.len() + after.len(),
                Piece::Value { .. } => 2,
                Piece::Whole { .. } => usize::MAX,
            })
            .sum()
    }
}

fn entry_mut(doc: &mut Json, index: usize) -> Option<&mut Json> {
    match doc {
        Json::Object(entries) => entries.get_mut(index).map(|(_, value)| value),
        _ => None,
    }
}

/// The `source` of every passage (an object with `source` and `exact`) inside `value`.
fn passage_sources(value: &Json, out: &mut Vec<String>) {
    match value {
        Json::Object(entries) => {
            let source = entries.iter().find(|(k, _)| k == "source").map(|(_, v)| v);
            if let Some(Json::String(id)) = source
                && entries.iter().any(|(k, _)| k == "exact")
            {
                out.push(id.clone());
            }
            entries.iter().for_each(|(_, v)| passage_sources(v, out));
        }
        Json::Array(items) => items.iter().for_each(|v| passage_sources(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn record(id: u32, text: &str) -> Json {
        Json::Object(vec![("id".into(), Json::String(format!("c{id}"))), ("text".into(), Json::String(text.into()))])
    }

    fn store(claims: Vec<Json>) -> Json {
        Json::Object(vec![
            ("title".into(), Json::String("t".into())),
            ("claims".into(), Json::Array(claims)),
            ("events".into(), Json::Array(vec![record(0, "e")])),
        ])
    }

    fn round_trip(old: &Json, new: &Json) -> Patch {
        let patch = Patch::between(old, new);
        let mut forward = old.clone();
        patch.apply(&mut forward);
        assert_eq!(&forward, new);
        let mut back = new.clone();
        patch.revert(&mut back);
        assert_eq!(&back, old);
        patch
    }

    #[test]
    fn one_changed_record_of_many_is_all_a_step_keeps() {
        let claims: Vec<Json> = (0..1000).map(|i| record(i, "said")).collect();
        let mut changed = claims.clone();
        changed[500] = record(500, "denied");
        let patch = round_trip(&store(claims.clone()), &store(changed));
        assert_eq!(patch.held(), 2);
        let mut fewer = claims.clone();
        fewer.remove(10);
        assert_eq!(round_trip(&store(claims.clone()), &store(fewer)).held(), 1);
        let mut more = claims.clone();
        more.push(record(1000, "new"));
        assert_eq!(round_trip(&store(claims), &store(more)).held(), 1);
    }

    #[test]
    fn repeated_records_and_changed_values_and_keys_round_trip() {
        let same = vec![record(1, "x"), record(1, "x"), record(1, "x")];
        round_trip(&store(same.clone()), &store(vec![record(1, "x"), record(1, "x")]));
        round_trip(&store(vec![]), &store(same.clone()));
        let retitled = Json::Object(vec![
            ("title".into(), Json::String("other".into())),
            ("claims".into(), Json::Array(same.clone())),
            ("events".into(), Json::Array(vec![record(0, "e")])),
        ]);
        assert_eq!(round_trip(&store(same.clone()), &retitled).held(), 2);
        let with_new_key = Json::Object(vec![("claims".into(), Json::Array(same.clone()))]);
        round_trip(&store(same), &with_new_key);
        assert_eq!(Patch::between(&store(vec![]), &store(vec![])).pieces, vec![]);
    }

    #[test]
    fn what_arrives_is_what_an_undo_or_a_redo_brings_back() {
        let claims: Vec<Json> = (0..5).map(|i| record(i, "said")).collect();
        let mut fewer = claims.clone();
        fewer.remove(2);
        let reject = Patch::between(&store(claims.clone()), &store(fewer));
        assert_eq!(reject.arriving("claims", false), vec!["c2"], "undoing a reject brings it back");
        assert!(reject.arriving("claims", true).is_empty());
        assert!(reject.arriving("events", false).is_empty());
        let mut edited = claims.clone();
        edited[4] = record(4, "denied");
        let edit = Patch::between(&store(claims), &store(edited));
        assert_eq!(edit.arriving("claims", true), vec!["c4"]);
        assert_eq!(edit.arriving("claims", false), vec!["c4"]);
    }

    proptest! {
        #[test]
        fn any_edit_of_the_records_round_trips(
            old in proptest::collection::vec((0u32..4, "[ab]{0,2}"), 0..12),
            new in proptest::collection::vec((0u32..4, "[ab]{0,2}"), 0..12),
        ) {
            let build = |v: &Vec<(u32, String)>| store(v.iter().map(|(i, t)| record(*i, t)).collect());
            round_trip(&build(&old), &build(&new));
        }
    }
}
