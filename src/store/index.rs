//! The immutable, indexed store every view reads from.

use super::model::{Claim, ClaimIx, Discrepancy, DiscrepancyIx, Entity, EntityIx, Event, EventIx, ItemRef, Source};

/// Compressed posting lists: for key `k`, the sorted item indices `items[offsets[k]..offsets[k+1]]`.
/// One allocation for all keys keeps million-event stores compact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Postings {
    /// Builds from `(key, item)` pairs in any order; duplicates are dropped.
    pub fn build(keys: usize, mut pairs: Vec<(u32, u32)>) -> Postings {
        pairs.sort_unstable();
        pairs.dedup();
        let mut offsets = vec![0u32; keys + 1];
        for &(key, _) in &pairs {
            offsets[key as usize + 1] += 1;
        }
        for k in 0..keys {
            offsets[k + 1] += offsets[k];
        }
        Postings { offsets, items: pairs.into_iter().map(|(_, item)| item).collect() }
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
        let mut entity_events = Vec::new();
        for (ix, event) in events.iter().enumerate() {
            for &entity in event.actors.iter().chain(&event.targets).chain(&event.places) {
                entity_events.push((entity, ix as EventIx));
            }
        }
        let mut entity_claims = Vec::new();
        let mut event_claims = Vec::new();
        for (ix, claim) in claims.iter().enumerate() {
            let ix = ix as ClaimIx;
            for &entity in std::iter::once(&claim.speaker).chain(&claim.mentions) {
                entity_claims.push((entity, ix));
            }
            for &event in &claim.about {
                event_claims.push((event, ix));
            }
        }
        let mut event_discrepancies = Vec::new();
        let mut claim_discrepancies = Vec::new();
        for (ix, discrepancy) in discrepancies.iter().enumerate() {
            let ix = ix as DiscrepancyIx;
            for about in &discrepancy.about {
                match *about {
                    ItemRef::Event(event) => event_discrepancies.push((event, ix)),
                    ItemRef::Claim(claim) => claim_discrepancies.push((claim, ix)),
                }
            }
        }
        Store {
            entity_events: Postings::build(entities.len(), entity_events),
            entity_claims: Postings::build(entities.len(), entity_claims),
            event_claims: Postings::build(events.len(), event_claims),
            event_discrepancies: Postings::build(events.len(), event_discrepancies),
            claim_discrepancies: Postings::build(claims.len(), claim_discrepancies),
            title,
            sources,
            entities,
            events,
            claims,
            discrepancies,
        }
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

    pub fn passage_count(&self) -> usize {
        self.events.iter().map(|e| e.evidence.len()).sum::<usize>()
            + self.claims.iter().map(|c| c.evidence.len()).sum::<usize>()
            + self.discrepancies.iter().flat_map(|d| &d.variants).map(|v| v.evidence.len()).sum::<usize>()
    }

    pub fn entity_by_id(&self, id: &str) -> Option<EntityIx> {
        self.entities.iter().position(|e| e.id == id).map(|ix| ix as EntityIx)
    }

    pub fn event_by_id(&self, id: &str) -> Option<EventIx> {
        self.events.iter().position(|e| e.id == id).map(|ix| ix as EventIx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_group_sort_and_dedup_items_per_key() {
        let postings = Postings::build(3, vec![(2, 7), (0, 5), (2, 1), (0, 5), (2, 4)]);
        assert_eq!(postings.get(0), &[5]);
        assert_eq!(postings.get(1), &[] as &[u32]);
        assert_eq!(postings.get(2), &[1, 4, 7]);
        assert_eq!(postings.get(99), &[] as &[u32]);
    }
}
