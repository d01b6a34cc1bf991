//! The session's undo history, kept as the records each change replaced rather than as copies
//! of the whole store: an accept on a 100k-event store keeps one claim, not 100 MB, so a long
//! review session stays as small as the store itself.

use std::collections::HashMap;

use crate::store::format::Record;
use crate::store::journal::Op;
use crate::store::load::update;
use crate::store::splice::Layout;

/// One change of a store, both ways: the records it replaced, removed or added, list by list.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Patch {
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    /// Records `at..at + before.len()` of the top-level list `list` became `after`.
    Records { list: String, at: usize, before: Vec<Record>, after: Vec<Record> },
    /// The top-level list `list` was created, empty (the first discrepancy of a store without
    /// any); the steps after it fill it.
    NewList { list: String },
}

impl Patch {
    pub fn new(steps: Vec<Step>) -> Patch {
        Patch { steps }
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The change as steps on the store's lists, made `forward` or taken back, in the order they
    /// apply: the records each step removes and the ones it writes in their place.
    pub fn oriented(&self, forward: bool) -> Vec<update::Step<'_>> {
        let records = self.steps.iter().filter_map(|step| match step {
            Step::Records { list, at, before, after } => {
                let (gone, coming) = if forward { (before, after) } else { (after, before) };
                Some(update::Step { list, at: *at, gone, coming })
            }
            // An empty list, which the store model has whether the file names it or not.
            Step::NewList { .. } => None,
        });
        let mut steps: Vec<update::Step<'_>> = records.collect();
        if !forward {
            steps.reverse();
        }
        steps
    }

    /// The change made `forward` (or taken back) as the journal keeps it: the steps in the order
    /// they apply, each with the records it removes and the ones it writes.
    pub fn journal_ops(&self, forward: bool) -> Vec<Op> {
        let op = |step: &Step| match step {
            Step::NewList { list } if forward => Op::NewList(list.clone()),
            Step::NewList { list } => Op::DropList(list.clone()),
            Step::Records { list, at, before, after } => {
                let (remove, insert) = if forward { (before, after) } else { (after, before) };
                Op::Records { list: list.clone(), at: *at, remove: remove.clone(), insert: insert.clone() }
            }
        };
        if forward { self.steps.iter().map(op).collect() } else { self.steps.iter().rev().map(op).collect() }
    }

    /// Makes the change on `layout` (which must be the store it was taken from).
    pub fn apply(&self, layout: &mut Layout) {
        for step in &self.steps {
            match step {
                Step::NewList { list } => layout.add_list(list),
                Step::Records { list, at, before, after } => layout.splice(list, *at, before.len(), after),
            }
        }
    }

    /// Takes the change back on `layout` (which must be the store it was taken to).
    pub fn revert(&self, layout: &mut Layout) {
        for step in self.steps.iter().rev() {
            match step {
                Step::NewList { list } => layout.remove_list(list),
                Step::Records { list, at, before, after } => layout.splice(list, *at, after.len(), before),
            }
        }
    }

    /// The records of the top-level list `list` that the change (made `forward`, or taken back)
    /// brings in or rewrites, by id: what the browser shows after an undo or a redo.
    pub fn arriving(&self, list: &str, forward: bool) -> Vec<String> {
        let mut ids = Vec::new();
        for step in &self.steps {
            if let Step::Records { list: name, before, after, .. } = step
                && name == list
            {
                let (arriving, leaving) = if forward { (after, before) } else { (before, after) };
                // A record that only moved or stayed the same is not news. By id, so that the
                // thousands of records a merge may rewrite cost one pass, not one per pair.
                let left: HashMap<&str, &Record> = leaving.iter().filter_map(|r| Some((r.id()?, r))).collect();
                ids.extend(
                    arriving
                        .iter()
                        .filter_map(|r| Some((r.id()?, r)))
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
        for step in &self.steps {
            let Step::Records { before, after, .. } = step else { continue };
            let arriving = if forward { after } else { before };
            ids.extend(arriving.iter().flat_map(Record::passages).map(|p| p.source.to_string()));
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Makes a change the journal kept (`Patch::journal_ops`) on `layout`, the store it was made on.
pub fn replay_ops(layout: &mut Layout, ops: &[Op]) {
    for op in ops {
        match op {
            Op::NewList(list) => layout.add_list(list),
            Op::DropList(list) => layout.remove_list(list),
            Op::Records { list, at, remove, insert } => layout.splice(list, *at, remove.len(), insert),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::canonical::TopValue;

    fn record(id: u32, text: &str) -> Record {
        let value =
            serde_json::json!({"id": format!("c{id}"), "speaker": "e", "verb": "said", "text": text, "evidence": []});
        Record::from_value("claims", value).unwrap()
    }

    fn store(claims: Vec<Record>) -> Vec<(String, TopValue)> {
        vec![("title".into(), TopValue::Single("t".into())), ("claims".into(), TopValue::List(claims))]
    }

    #[test]
    fn a_patch_applied_then_reverted_gives_back_the_store_byte_for_byte() {
        let claims: Vec<Record> = (0..5).map(|i| record(i, "said")).collect();
        let layout = Layout::from_top(store(claims.clone()));
        let patch = Patch::new(vec![
            Step::Records { list: "claims".into(), at: 2, before: vec![claims[2].clone()], after: vec![] },
            Step::NewList { list: "discrepancies".into() },
            Step::Records { list: "discrepancies".into(), at: 0, before: vec![], after: vec![record(9, "d")] },
        ]);
        let mut changed = layout.clone();
        patch.apply(&mut changed);
        let mut fewer = claims.clone();
        fewer.remove(2);
        let mut expected = store(fewer);
        expected.push(("discrepancies".into(), TopValue::List(vec![record(9, "d")])));
        assert_eq!(changed.to_bytes(&[]), Layout::from_top(expected).to_bytes(&[]));
        patch.revert(&mut changed);
        assert_eq!(changed.to_bytes(&[]), layout.to_bytes(&[]));
        assert_eq!(patch.arriving("claims", false), vec!["c2"], "undoing a reject brings it back");
        assert!(patch.arriving("claims", true).is_empty());
        assert_eq!(patch.arriving("discrepancies", true), vec!["c9"]);
        // The journal's form of the change makes the same store both ways.
        let mut replayed = layout.clone();
        replay_ops(&mut replayed, &patch.journal_ops(true));
        let mut applied = layout.clone();
        patch.apply(&mut applied);
        assert_eq!(replayed.to_bytes(&[]), applied.to_bytes(&[]));
        replay_ops(&mut replayed, &patch.journal_ops(false));
        assert_eq!(replayed.to_bytes(&[]), layout.to_bytes(&[]));
    }
}
