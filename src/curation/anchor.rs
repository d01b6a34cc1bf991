//! Fitting passages to their articles as they read now: accepting an item whose article was
//! edited (its moved or fuzzy passages take the text now found), and setting a passage's span
//! by hand (extend/shrink, or re-selecting an orphan).
//!
//! A passage is rewritten whole from the span: `exact` is the text there, `start`/`end` its
//! code-point offsets (added when the store had none, so the quote can never turn ambiguous),
//! and `prefix`/`suffix`, when the store gave them, the same number of characters just before
//! and after. Every other key is kept.

use std::ops::Range;

use super::change::Holder;
use std::sync::Arc;

use super::working::Working;
use super::{Curation, EditError};
use crate::store::anchor::CharIndex;
use crate::store::format::{PassageRecord, Record};
use crate::store::{Anchoring, Passage, Status, Store};

impl Curation {
    /// Accepts an item as it stands: a draft becomes reviewed, and each moved or fuzzy passage
    /// is rewritten to the text now found for it — one change, one undo step. An item with an
    /// orphan passage cannot be accepted (there is no text to take): re-select the passage
    /// (`set_passage`) or reject the item.
    pub fn accept_item(&mut self, holder: Holder, id: &str) -> Result<Arc<Store>, EditError> {
        let mut work = self.working()?;
        let store = work.store;
        let (status, passages) = item_in(store, holder, id)?;
        if passages.iter().any(|p| p.anchoring.is_orphan()) {
            return Err(EditError::Orphan(format!(
                "{} `{id}` has an orphan passage (its words are gone from the article)",
                holder.name()
            )));
        }
        let refit: Vec<(usize, &Passage)> =
            passages.iter().copied().enumerate().filter(|(_, p)| !p.anchoring.is_exact()).collect();
        let draft = status == Some(Status::Draft);
        if !draft && refit.is_empty() {
            let what =
                if status.is_some() { "is not a draft and its passages are exact" } else { "has exact passages" };
            return Err(EditError::Nothing(format!("{} `{id}` {what}: nothing to accept", holder.name())));
        }
        let patch = {
            let record = record_mut(&mut work, holder, id)?;
            if draft {
                match record.status_mut() {
                    Some(status @ Some(_)) => *status = Some(Status::Reviewed),
                    _ => {
                        return Err(EditError::Nothing(format!("{} `{id}` has no status to change", holder.name())));
                    }
                }
            }
            for (index, passage) in refit {
                let text = &store.sources[passage.source as usize].text;
                fit_passage(evidence_mut(record, index, holder, id)?, text, passage.start..passage.end);
            }
            work.into_patch()
        };
        self.commit(patch)
    }

    /// Rewrites every moved passage quoting the article `source` (by id), of every event, claim
    /// and discrepancy, to where its words are now — one change, one undo step. Moved passages
    /// only: their words are the same, so there is nothing to judge (a fuzzy one needs a look, a
    /// draft stays a draft). Returns the store and how many passages of how many items moved.
    pub fn accept_moved(&mut self, source: &str) -> Result<(Arc<Store>, MovedCount), EditError> {
        let mut work = self.working()?;
        let store = work.store;
        let Some(article) = store.sources.iter().position(|s| s.id == source) else {
            return Err(EditError::Nothing(format!("no source `{source}` in the store")));
        };
        let moved = moved_passages(store, article);
        if moved.is_empty() {
            return Err(EditError::Nothing(format!("no moved passage quotes `{source}`: nothing to accept")));
        }
        let count =
            MovedCount { passages: moved.iter().map(|(_, _, indices)| indices.len()).sum(), items: moved.len() };
        let text = &store.sources[article].text;
        let patch = {
            // Each item read by id from the layout: the change costs the items it rewrites.
            for (holder, id, indices) in &moved {
                let record = record_mut(&mut work, *holder, id)?;
                for (index, chars) in indices {
                    fit_passage(evidence_mut(record, *index, *holder, id)?, text, chars.clone());
                }
            }
            work.into_patch()
        };
        self.commit(patch).map(|store| (store, count))
    }

    /// Sets passage `passage` of an item (its index in the item's `evidence`; for a
    /// discrepancy, counted across its variants) to the code points `start..end` of its
    /// article as it reads now, whatever its status was.
    pub fn set_passage(
        &mut self,
        holder: Holder,
        id: &str,
        passage: usize,
        start: usize,
        end: usize,
    ) -> Result<Arc<Store>, EditError> {
        let mut work = self.working()?;
        let store = work.store;
        let (_, passages) = item_in(store, holder, id)?;
        let Some(cited) = passages.get(passage) else {
            return Err(EditError::Nothing(format!("{} `{id}` has no passage {}", holder.name(), passage + 1)));
        };
        let text = &store.sources[cited.source as usize].text;
        let length = CharIndex::new(text).total();
        if start >= end || end > length {
            return Err(EditError::Nothing(format!(
                "a passage must hold some text: {start}..{end} does not fit an article of {length} characters"
            )));
        }
        let patch = {
            let record = record_mut(&mut work, holder, id)?;
            fit_passage(evidence_mut(record, passage, holder, id)?, text, start..end);
            work.into_patch()
        };
        self.commit(patch)
    }
}

/// How many passages an `accept_moved` rewrote, in how many items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovedCount {
    pub passages: usize,
    pub items: usize,
}

/// Passages of one item, each as its index (as `evidence_mut` counts) and the code points its
/// words are at now.
type Refits = Vec<(usize, Range<usize>)>;

/// Per item with a moved passage in `article`: its holder, id, and those passages.
fn moved_passages(store: &Store, article: usize) -> Vec<(Holder, &str, Refits)> {
    let moved = |passages: &mut dyn Iterator<Item = &Passage>| -> Refits {
        passages
            .enumerate()
            .filter(|(_, p)| p.source as usize == article && matches!(*p.anchoring, Anchoring::Moved { .. }))
            .map(|(index, p)| (index, p.start..p.end))
            .collect()
    };
    let events = store.events.iter().map(|e| (Holder::Event, e.id.as_str(), moved(&mut e.evidence.iter())));
    let claims = store.claims.iter().map(|c| (Holder::Claim, c.id.as_str(), moved(&mut c.evidence.iter())));
    let discrepancies = store
        .discrepancies
        .iter()
        .map(|d| (Holder::Discrepancy, d.id.as_str(), moved(&mut d.variants.iter().flat_map(|v| &v.evidence))));
    events.chain(claims).chain(discrepancies).filter(|(_, _, indices)| !indices.is_empty()).collect()
}

/// An item's status and its passages, in the order `evidence_mut`
/// counts them.
fn item_in<'s>(store: &'s Store, holder: Holder, id: &str) -> Result<(Option<Status>, Vec<&'s Passage>), EditError> {
    let found = match holder {
        Holder::Event => {
            store.events.iter().find(|e| e.id == id).map(|e| (Some(e.status), e.evidence.iter().collect()))
        }
        Holder::Claim => {
            store.claims.iter().find(|c| c.id == id).map(|c| (Some(c.status), c.evidence.iter().collect()))
        }
        Holder::Discrepancy => store
            .discrepancies
            .iter()
            .find(|d| d.id == id)
            .map(|d| (Some(d.status), d.variants.iter().flat_map(|v| &v.evidence).collect())),
    };
    found.ok_or_else(|| EditError::Nothing(format!("no {} `{id}` in the store", holder.name())))
}

fn record_mut<'w>(work: &'w mut Working<'_>, holder: Holder, id: &str) -> Result<&'w mut Record, EditError> {
    work.record(holder.key(), id)?
        .ok_or_else(|| EditError::Nothing(format!("no {} `{id}` in the store", holder.name())))
}

/// Passage `index` of a record: of its `evidence`, or of its variants' `evidence` in turn.
fn evidence_mut<'r>(
    record: &'r mut Record,
    index: usize,
    holder: Holder,
    id: &str,
) -> Result<&'r mut PassageRecord<'static>, EditError> {
    let missing = || EditError::Nothing(format!("{} `{id}` has no passage {}", holder.name(), index + 1));
    record.passages_mut().nth(index).ok_or_else(missing)
}

/// Rewrites a passage's quote, offsets and context to the code points `chars` of `text`.
fn fit_passage(passage: &mut PassageRecord<'static>, text: &str, chars: Range<usize>) {
    let index = CharIndex::new(text);
    let bytes = index.byte_of(text, chars.start)..index.byte_of(text, chars.end);
    // Context of the length the store gave (none when it gave none, or null).
    let context_length = |context: &Option<Option<std::borrow::Cow<'static, str>>>| match context {
        Some(Some(context)) => Some(context.chars().count()),
        _ => None,
    };
    let prefix = context_length(&passage.prefix).map(|n| {
        let before = &text[..bytes.start];
        let from = before.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(at, _)| at);
        if n == 0 { String::new() } else { before[from..].to_string() }
    });
    let suffix = context_length(&passage.suffix).map(|n| text[bytes.end..].chars().take(n).collect::<String>());
    passage.exact = text[bytes].to_string().into();
    passage.start = Some(chars.start);
    passage.end = Some(chars.end);
    for (slot, context) in [(&mut passage.prefix, prefix), (&mut passage.suffix, suffix)] {
        match context {
            // At the very start or end of the article there is no context left to quote.
            Some(context) if context.is_empty() => *slot = None,
            Some(context) => *slot = Some(Some(context.into())),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(json: &str) -> PassageRecord<'static> {
        serde_json::from_str(json).unwrap()
    }

    fn written(passage: &PassageRecord<'static>) -> String {
        serde_json::to_string(passage).unwrap()
    }

    #[test]
    fn a_passage_takes_the_text_its_offsets_and_context_of_the_same_length() {
        let text = "Zürich said “no”. Bern said yes.";
        let mut p = passage(r#"{"source":"s","exact":"old","prefix":"ab","suffix":"xyz","note":"kept"}"#);
        // “no” is at code points 12..16.
        fit_passage(&mut p, text, 12..16);
        assert_eq!(
            written(&p),
            r#"{"source":"s","exact":"“no”","prefix":"d ","suffix":". B","start":12,"end":16,"note":"kept"}"#
        );
    }

    #[test]
    fn context_runs_out_at_the_edges_of_the_article_and_is_never_invented() {
        let text = "Zürich said no.";
        let mut p = passage(r#"{"source":"s","exact":"old","prefix":"abcdef","suffix":"xyz"}"#);
        fit_passage(&mut p, text, 0..6);
        assert_eq!(written(&p), r#"{"source":"s","exact":"Zürich","suffix":" sa","start":0,"end":6}"#);
        let mut bare = passage(r#"{"source":"s","exact":"old","prefix":null}"#);
        fit_passage(&mut bare, text, 7..11);
        assert_eq!(written(&bare), r#"{"source":"s","exact":"said","prefix":null,"start":7,"end":11}"#);
    }
}
