//! What the Review view lists, and in which order: every draft event, claim or discrepancy, and every event,
//! claim or discrepancy with a passage that no longer anchors exactly in its (edited) article.
//!
//! Order, least sure first, so the work that blocks `factline check` comes before opinions:
//! 1. items with an **orphan** passage (nothing in the article to go on: re-select or reject);
//! 2. items with a **fuzzy** passage, lowest score first (the text found differs most);
//! 3. items with a **moved** passage (the same words, elsewhere: accepting is a formality);
//! 4. drafts whose passages are exact, lowest `confidence` first (none given counts lowest).
//!
//! An item is ranked by its worst passage; ties keep events, then claims, then discrepancies,
//! each in list order.

use crate::store::{Anchoring, ClaimIx, DiscrepancyIx, EventIx, Passage, Status, Store};
use crate::tui::view::Item;

/// The passage status that ranks an item worst (orphan, then lowest fuzzy score, then moved);
/// `None` when every passage is exact.
pub fn worst_anchoring(passages: &[Passage]) -> Option<&Anchoring> {
    passages.iter().map(|p| &*p.anchoring).filter(|a| !a.is_exact()).min_by_key(|a| urgency(a))
}

/// Index of the passage that ranks worst among `anchorings` (the first of equals); `None`
/// when all are exact.
pub fn worst_passage<'a>(anchorings: impl Iterator<Item = &'a Anchoring>) -> Option<usize> {
    anchorings.enumerate().filter(|(_, a)| !a.is_exact()).min_by_key(|&(i, a)| (urgency(a), i)).map(|(i, _)| i)
}

/// Lower is more urgent: orphans, then fuzzy passages by score, then moved ones.
fn urgency(anchoring: &Anchoring) -> (u8, u16) {
    match anchoring {
        Anchoring::Orphan { .. } => (0, 0),
        Anchoring::Fuzzy { score, .. } => (1, (score.value() * 1000.0).round() as u16),
        Anchoring::Moved { .. } => (2, 0),
        Anchoring::Exact => (3, 0),
    }
}

/// Where an item goes in the queue, or `None` when it needs no review.
fn rank(worst: Option<&Anchoring>, status: Status, confidence: Option<f64>) -> Option<(u8, f64)> {
    if let Some(worst) = worst {
        let (class, score) = urgency(worst);
        return Some((class, f64::from(score)));
    }
    // No confidence counts as least sure of all.
    (status == Status::Draft).then(|| (3, confidence.unwrap_or(-1.0)))
}

/// The items among the (filtered) ones that need a person's review, in the order the module
/// documents.
pub fn review_queue(
    store: &Store,
    events: &[EventIx],
    claims: &[ClaimIx],
    discrepancies: &[DiscrepancyIx],
) -> Vec<Item> {
    // A store whose articles are as cited (nearly every one) skips the walk over every passage,
    // which would cost each keystroke of a search on a large store.
    let anchored = store.anchoring_counts().total() > 0;
    let worst = |item: Item| if anchored { item_anchoring(store, item) } else { None };
    let mut queue: Vec<((u8, f64), Item)> = events
        .iter()
        .filter_map(|&e| {
            let event = &store.events[e as usize];
            let item = Item::Event(e);
            rank(worst(item), event.status, event.confidence.map(|c| c.value())).map(|r| (r, item))
        })
        .chain(claims.iter().filter_map(|&c| {
            let claim = &store.claims[c as usize];
            let item = Item::Claim(c);
            rank(worst(item), claim.status, claim.confidence.map(|c| c.value())).map(|r| (r, item))
        }))
        .chain(discrepancies.iter().filter_map(|&d| {
            let discrepancy = &store.discrepancies[d as usize];
            let item = Item::Discrepancy(d);
            rank(worst(item), discrepancy.status, discrepancy.confidence.map(|c| c.value())).map(|r| (r, item))
        }))
        .collect();
    // Stable: equal ranks keep the order above.
    queue.sort_by(|(a, _), (b, _)| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    queue.into_iter().map(|(_, item)| item).collect()
}

/// The worst non-exact passage of an event or claim (what its Review row names).
pub fn item_anchoring(store: &Store, item: Item) -> Option<&Anchoring> {
    match item {
        Item::Event(e) => worst_anchoring(&store.events[e as usize].evidence),
        Item::Claim(c) => worst_anchoring(&store.claims[c as usize].evidence),
        Item::Discrepancy(d) => {
            let variants = &store.discrepancies[d as usize].variants;
            variants.iter().filter_map(|v| worst_anchoring(&v.evidence)).min_by_key(|a| urgency(a))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Confidence, Score};

    fn anchored(passage: &mut Passage, anchoring: Anchoring) {
        passage.anchoring = anchoring.into();
    }

    #[test]
    fn the_queue_puts_orphans_then_fuzzy_by_score_then_moved_then_drafts_by_confidence() {
        let mut store = crate::store::bundled::load().unwrap();
        let quoted: Box<str> = "words".into();
        store.claims[0].status = Status::Draft;
        store.claims[0].confidence = Confidence::new(0.1);
        store.claims[1].status = Status::Draft;
        store.claims[1].confidence = None;
        anchored(&mut store.claims[2].evidence[0], Anchoring::Moved { quoted: quoted.clone() });
        anchored(
            &mut store.claims[3].evidence[0],
            Anchoring::Fuzzy { score: Score::new(0.95), quoted: quoted.clone() },
        );
        anchored(&mut store.events[4].evidence[0], Anchoring::Fuzzy { score: Score::new(0.8), quoted: quoted.clone() });
        // A draft with an orphan passage ranks by its passage, not its (high) confidence.
        store.claims[5].status = Status::Draft;
        store.claims[5].confidence = Confidence::new(0.99);
        anchored(&mut store.claims[5].evidence[0], Anchoring::Orphan { quoted: quoted.clone() });
        anchored(&mut store.claims[6].evidence[0], Anchoring::Moved { quoted });
        let events: Vec<EventIx> = (0..store.events.len() as EventIx).collect();
        let claims: Vec<ClaimIx> = (0..store.claims.len() as ClaimIx).collect();
        let quoted: Box<str> = "words".into();
        anchored(&mut store.discrepancies[0].variants[1].evidence[0], Anchoring::Moved { quoted });
        let queue = review_queue(&store, &events, &claims, &[0, 1]);
        let expected = [
            Item::Claim(5),
            Item::Event(4),
            Item::Claim(3),
            Item::Claim(2),
            Item::Claim(6),
            Item::Discrepancy(0),
            Item::Claim(1),
            Item::Claim(0),
        ];
        assert_eq!(queue, expected);
        assert!(matches!(item_anchoring(&store, Item::Claim(5)), Some(Anchoring::Orphan { .. })));
        assert_eq!(item_anchoring(&store, Item::Claim(0)), None);
        let moved = Anchoring::Moved { quoted: "a".into() };
        let orphan = Anchoring::Orphan { quoted: "b".into() };
        let statuses = [Anchoring::Exact, moved.clone(), orphan.clone(), orphan];
        assert_eq!(worst_passage(statuses.iter()), Some(2), "the first orphan");
        assert_eq!(worst_passage([Anchoring::Exact, moved].iter()), Some(1));
        assert_eq!(worst_passage([Anchoring::Exact].iter()), None);
    }
}
