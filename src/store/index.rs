//! The immutable, indexed store every view reads from, and the set operations on its posting lists.

use std::sync::OnceLock;

use super::model::{
    AnchoringCounts, Claim, ClaimIx, Discrepancy, DiscrepancyIx, Entity, EntityIx, Event, EventIx, ItemRef, Source,
};

/// Compressed posting lists: for key `k`, the sorted item indices `items[offsets[k]..offsets[k+1]]`.
/// One allocation for all keys keeps million-event stores compact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Postings {
    /// Builds from `(key, item)` pairs in any order; duplicates are dropped. Placed by key in one
    /// counting pass (keys are dense), so pairs given in item order, as the store gives them,
    /// need no sort: building the store's indexes again after an edit stays cheap.
    pub fn build(keys: usize, pairs: Vec<(u32, u32)>) -> Postings {
        let mut offsets = vec![0u32; keys + 1];
        for &(key, _) in &pairs {
            offsets[key as usize + 1] += 1;
        }
        for k in 0..keys {
            offsets[k + 1] += offsets[k];
        }
        let mut next = offsets.clone();
        let mut items = vec![0u32; pairs.len()];
        for (key, item) in pairs {
            let slot = &mut next[key as usize];
            items[*slot as usize] = item;
            *slot += 1;
        }
        // Each key's items sorted (they nearly always are already) and each kept once, the
        // lists moved down over the duplicates dropped.
        let mut kept = 0usize;
        let mut start = 0usize;
        for k in 0..keys {
            let end = offsets[k + 1] as usize;
            let list = &mut items[start..end];
            if !list.is_sorted() {
                list.sort_unstable();
            }
            offsets[k] = kept as u32;
            for i in start..end {
                if i == start || items[i] != items[i - 1] {
                    items[kept] = items[i];
                    kept += 1;
                }
            }
            start = end;
        }
        offsets[keys] = kept as u32;
        items.truncate(kept);
        Postings { offsets, items }
    }

    pub fn get(&self, key: u32) -> &[u32] {
        let k = key as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&from), Some(&to)) => &self.items[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// A loaded, validated store. Events are in timeline order (earliest day, exact before vague,
/// then id), so an event's index is its position on the timeline.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub title: Option<String>,
    pub sources: Vec<Source>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    pub discrepancies: Vec<Discrepancy>,
    entity_events: Postings,
    entity_claims: Postings,
    event_claims: Postings,
    event_discrepancies: Postings,
    claim_discrepancies: Postings,
    /// Sorted on first use, then shared by every session (each SSH login used to sort again).
    claim_order: OnceLock<ClaimOrder>,
    /// Counted on first use: only a leniently loaded store can have any.
    anchoring: OnceLock<AnchoringCounts>,
}

/// Which kinds of records a change rewrote, removed or added (references to them renumbered).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    pub entities: bool,
    pub events: bool,
    pub claims: bool,
    pub discrepancies: bool,
}

fn entity_events(entities: usize, events: &[Event]) -> Postings {
    let mut pairs = Vec::new();
    for (ix, event) in events.iter().enumerate() {
        for &entity in event.actors.iter().chain(&event.targets).chain(&event.places) {
            pairs.push((entity, ix as EventIx));
        }
    }
    Postings::build(entities, pairs)
}

fn entity_claims(entities: usize, claims: &[Claim]) -> Postings {
    let mut pairs = Vec::new();
    for (ix, claim) in claims.iter().enumerate() {
        for &entity in std::iter::once(&claim.speaker).chain(&claim.mentions) {
            pairs.push((entity, ix as ClaimIx));
        }
    }
    Postings::build(entities, pairs)
}

fn event_claims(events: usize, claims: &[Claim]) -> Postings {
    let mut pairs = Vec::new();
    for (ix, claim) in claims.iter().enumerate() {
        for &event in &claim.about {
            pairs.push((event, ix as ClaimIx));
        }
    }
    Postings::build(events, pairs)
}

fn event_discrepancies(events: usize, discrepancies: &[Discrepancy]) -> Postings {
    discrepancies_about(events, discrepancies, |about| match *about {
        ItemRef::Event(event) => Some(event),
        ItemRef::Claim(_) => None,
    })
}

fn claim_discrepancies(claims: usize, discrepancies: &[Discrepancy]) -> Postings {
    discrepancies_about(claims, discrepancies, |about| match *about {
        ItemRef::Claim(claim) => Some(claim),
        ItemRef::Event(_) => None,
    })
}

/// The discrepancies about each of `items` items, the item of an `about` entry picked by `item`.
fn discrepancies_about(
    items: usize,
    discrepancies: &[Discrepancy],
    item: impl Fn(&ItemRef) -> Option<u32>,
) -> Postings {
    let pairs = discrepancies
        .iter()
        .enumerate()
        .flat_map(|(ix, d)| d.about.iter().filter_map(&item).map(move |about| (about, ix as DiscrepancyIx)))
        .collect();
    Postings::build(items, pairs)
}

/// Claims in "who said what" order: grouped by speaker name, then by date (undated last), then
/// store order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimOrder {
    claims: Vec<ClaimIx>,
    rank: Vec<u32>,
}

impl ClaimOrder {
    fn new(entities: &[Entity], claims: &[Claim]) -> ClaimOrder {
        // Integer keys, so even a large store sorts quickly.
        let mut by_name: Vec<EntityIx> = (0..entities.len() as EntityIx).collect();
        by_name.sort_by_cached_key(|&e| entities[e as usize].name.to_lowercase());
        let mut name_rank = vec![0u32; by_name.len()];
        for (rank, &e) in by_name.iter().enumerate() {
            name_rank[e as usize] = rank as u32;
        }
        let mut order: Vec<ClaimIx> = (0..claims.len() as ClaimIx).collect();
        order.sort_unstable_by_key(|&c| {
            let claim = &claims[c as usize];
            let date = claim.date.map(|d| (d.earliest().ordinal(), d.span_days()));
            (name_rank[claim.speaker as usize], date.is_none(), date, c)
        });
        let mut rank = vec![0; order.len()];
        for (position, &claim) in order.iter().enumerate() {
            rank[claim as usize] = position as u32;
        }
        ClaimOrder { claims: order, rank }
    }

    /// Every claim, in this order.
    pub fn claims(&self) -> &[ClaimIx] {
        &self.claims
    }

    /// The claim's position in [`ClaimOrder::claims`]: sorting a subset by it keeps this order.
    pub fn rank(&self, claim: ClaimIx) -> u32 {
        self.rank[claim as usize]
    }
}

impl Store {
    /// Indexes records that already passed validation (every reference in range).
    pub fn new(
        title: Option<String>,
        sources: Vec<Source>,
        entities: Vec<Entity>,
        events: Vec<Event>,
        claims: Vec<Claim>,
        discrepancies: Vec<Discrepancy>,
    ) -> Store {
        debug_assert!(
            events.windows(2).all(|w| w[0].date.timeline_cmp(&w[1].date).then(w[0].id.cmp(&w[1].id)).is_le()),
            "events must arrive in timeline order"
        );
        Store {
            entity_events: entity_events(entities.len(), &events),
            entity_claims: entity_claims(entities.len(), &claims),
            event_claims: event_claims(events.len(), &claims),
            event_discrepancies: event_discrepancies(events.len(), &discrepancies),
            claim_discrepancies: claim_discrepancies(claims.len(), &discrepancies),
            claim_order: OnceLock::new(),
            anchoring: OnceLock::new(),
            title,
            sources,
            entities,
            events,
            claims,
            discrepancies,
        }
    }

    /// Indexes again the records of the kinds a change made in place (`load::update`) touched,
    /// as `new` indexes them: an index that reads none of them is kept (a rejected claim leaves
    /// the 3 million entries of the events' entities as they were).
    pub fn reindex_changed(&mut self, changed: Changed) {
        let Changed { entities, events, claims, discrepancies } = changed;
        if entities || events {
            self.entity_events = entity_events(self.entities.len(), &self.events);
        }
        if entities || claims {
            self.entity_claims = entity_claims(self.entities.len(), &self.claims);
        }
        if events || claims {
            self.event_claims = event_claims(self.events.len(), &self.claims);
        }
        if events || discrepancies {
            self.event_discrepancies = event_discrepancies(self.events.len(), &self.discrepancies);
        }
        if claims || discrepancies {
            self.claim_discrepancies = claim_discrepancies(self.claims.len(), &self.discrepancies);
        }
        self.claim_order = OnceLock::new();
        self.anchoring = OnceLock::new();
    }

    /// Indexes again records changed in place (`load::update`), as `new` indexes them.
    pub fn reindex(&mut self) {
        let title = self.title.take();
        let parts = (
            std::mem::take(&mut self.sources),
            std::mem::take(&mut self.entities),
            std::mem::take(&mut self.events),
            std::mem::take(&mut self.claims),
            std::mem::take(&mut self.discrepancies),
        );
        *self = Store::new(title, parts.0, parts.1, parts.2, parts.3, parts.4);
    }

    /// Events the entity acts in, is targeted by, or is the place of; in timeline order.
    pub fn events_of_entity(&self, entity: EntityIx) -> &[EventIx] {
        self.entity_events.get(entity)
    }

    /// Claims the entity speaks or is mentioned in; in store order.
    pub fn claims_of_entity(&self, entity: EntityIx) -> &[ClaimIx] {
        self.entity_claims.get(entity)
    }

    /// Claims that speak about the event.
    pub fn claims_about_event(&self, event: EventIx) -> &[ClaimIx] {
        self.event_claims.get(event)
    }

    pub fn discrepancies_of_event(&self, event: EventIx) -> &[DiscrepancyIx] {
        self.event_discrepancies.get(event)
    }

    pub fn discrepancies_of_claim(&self, claim: ClaimIx) -> &[DiscrepancyIx] {
        self.claim_discrepancies.get(claim)
    }

    /// Claims in "who said what" order, computed once for the store.
    pub fn claim_order(&self) -> &ClaimOrder {
        self.claim_order.get_or_init(|| ClaimOrder::new(&self.entities, &self.claims))
    }

    /// Events that involve every one of `entities` (as actor, target or place), in timeline order.
    pub fn events_involving_all(&self, entities: &[EntityIx]) -> Vec<EventIx> {
        intersect_all(entities.iter().map(|&e| self.events_of_entity(e)))
    }

    /// Claims that every one of `entities` speaks or is mentioned in, in store order.
    pub fn claims_involving_all(&self, entities: &[EntityIx]) -> Vec<ClaimIx> {
        intersect_all(entities.iter().map(|&e| self.claims_of_entity(e)))
    }

    /// Events that involve at least one of `entities`, in timeline order.
    pub fn events_involving_any(&self, entities: &[EntityIx]) -> Vec<EventIx> {
        union_sorted(entities.iter().map(|&e| self.events_of_entity(e)))
    }

    /// Claims that at least one of `entities` speaks or is mentioned in, in store order.
    pub fn claims_involving_any(&self, entities: &[EntityIx]) -> Vec<ClaimIx> {
        union_sorted(entities.iter().map(|&e| self.claims_of_entity(e)))
    }

    pub fn passage_count(&self) -> usize {
        self.events.iter().map(|e| e.evidence.len()).sum::<usize>()
            + self.claims.iter().map(|c| c.evidence.len()).sum::<usize>()
            + self.discrepancies.iter().flat_map(|d| &d.variants).map(|v| v.evidence.len()).sum::<usize>()
    }

    /// How many passages are moved, fuzzy or orphaned (all zero in a strictly loaded store).
    pub fn anchoring_counts(&self) -> AnchoringCounts {
        *self.anchoring.get_or_init(|| {
            let mut counts = AnchoringCounts::default();
            let events = self.events.iter().flat_map(|e| &e.evidence);
            let claims = self.claims.iter().flat_map(|c| &c.evidence);
            let variants = self.discrepancies.iter().flat_map(|d| &d.variants).flat_map(|v| &v.evidence);
            for passage in events.chain(claims).chain(variants) {
                counts.add(&passage.anchoring);
            }
            counts
        })
    }

    pub fn entity_by_id(&self, id: &str) -> Option<EntityIx> {
        self.entities.iter().position(|e| e.id == id).map(|ix| ix as EntityIx)
    }

    pub fn event_by_id(&self, id: &str) -> Option<EventIx> {
        self.events.iter().position(|e| e.id == id).map(|ix| ix as EventIx)
    }
}

/// Intersects sorted posting lists, shortest first so the work is bounded by the rarest entity.
fn intersect_all<'a>(lists: impl Iterator<Item = &'a [u32]>) -> Vec<u32> {
    let mut lists: Vec<&[u32]> = lists.collect();
    lists.sort_by_key(|list| list.len());
    let Some((first, rest)) = lists.split_first() else {
        return Vec::new();
    };
    first.iter().copied().filter(|item| rest.iter().all(|list| list.binary_search(item).is_ok())).collect()
}

/// Sorted, deduplicated union of posting lists.
pub fn union_sorted<'a>(lists: impl Iterator<Item = &'a [u32]>) -> Vec<u32> {
    let mut all: Vec<u32> = lists.flatten().copied().collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Intersection of two sorted lists, in one merge pass.
pub fn intersect_sorted(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::bundled;

    #[test]
    fn postings_group_sort_and_dedup_items_per_key() {
        let postings = Postings::build(3, vec![(2, 7), (0, 5), (2, 1), (0, 5), (2, 4)]);
        assert_eq!(postings.get(0), &[5]);
        assert_eq!(postings.get(1), &[] as &[u32]);
        assert_eq!(postings.get(2), &[1, 4, 7]);
        assert_eq!(postings.get(99), &[] as &[u32]);
    }

    proptest::proptest! {
        #[test]
        fn postings_hold_each_keys_items_sorted_and_once(
            pairs in proptest::collection::vec((0u32..6, 0u32..20), 0..60)
        ) {
            let postings = Postings::build(6, pairs.clone());
            for key in 0..6u32 {
                let expected: std::collections::BTreeSet<u32> =
                    pairs.iter().filter(|(k, _)| *k == key).map(|(_, item)| *item).collect();
                let expected: Vec<u32> = expected.into_iter().collect();
                proptest::prop_assert_eq!(postings.get(key), expected.as_slice());
            }
        }
    }

    #[test]
    fn postings_combine_with_and_and_or() {
        let store = bundled::load().unwrap();
        let iran = store.entity_by_id("iran").unwrap();
        let pakistan = store.entity_by_id("pakistan").unwrap();
        let both = store.events_involving_all(&[iran, pakistan]);
        let either = store.events_involving_any(&[iran, pakistan]);
        for event in &both {
            assert!(store.events_of_entity(iran).contains(event) && store.events_of_entity(pakistan).contains(event));
        }
        for event in store.events_of_entity(iran).iter().chain(store.events_of_entity(pakistan)) {
            assert!(either.contains(event));
        }
        assert!(both.windows(2).all(|w| w[0] < w[1]) && either.windows(2).all(|w| w[0] < w[1]));
        assert!(!both.is_empty() && both.len() < either.len());
        assert_eq!(intersect_sorted(&either, store.events_of_entity(iran)), store.events_of_entity(iran));
        assert_eq!(intersect_sorted(&both, &either), both);
        assert!(store.events_involving_all(&[]).is_empty());
        assert_eq!(store.claims_involving_all(&[iran]), store.claims_of_entity(iran));
        assert_eq!(store.claims_involving_any(&[iran]), store.claims_of_entity(iran));
    }

    #[test]
    fn claims_are_ordered_by_speaker_name_then_date_and_ranked_by_that_order() {
        let store = bundled::load().unwrap();
        let order = store.claim_order();
        let mut all = order.claims().to_vec();
        all.sort_unstable();
        assert_eq!(all, (0..store.claims.len() as ClaimIx).collect::<Vec<_>>(), "every claim once");
        for (position, &claim) in order.claims().iter().enumerate() {
            assert_eq!(order.rank(claim) as usize, position);
        }
        let speaker = |c: ClaimIx| store.entities[store.claims[c as usize].speaker as usize].name.to_lowercase();
        for pair in order.claims().windows(2) {
            assert!(speaker(pair[0]) <= speaker(pair[1]), "{} before {}", speaker(pair[0]), speaker(pair[1]));
            if store.claims[pair[0] as usize].speaker == store.claims[pair[1] as usize].speaker {
                let day = |c: ClaimIx| store.claims[c as usize].date.map(|d| d.earliest().ordinal());
                let (a, b) = (day(pair[0]), day(pair[1]));
                assert!(b.is_none() || a.is_some_and(|a| Some(a) <= b), "dated first, earliest first");
            }
        }
        assert!(std::ptr::eq(order, store.claim_order()), "computed once");
    }
}
