//! Which items each view lists: the pinned entities and the typed query's matches narrow the
//! store's events and claims, and the discrepancies and the review queue follow from them.

use super::{App, FrameState, Item, View};
use crate::store::index::{intersect_sorted, union_sorted};
use crate::store::{DiscrepancyIx, EntityIx, EventIx, Store};
use crate::tui::review::review_queue;

impl App {
    /// Recomputes every view's items from the postings of the pinned entities (all of them)
    /// and of the typed query's matches (any of them), keeping each selection when it can.
    pub(super) fn refilter(&mut self, shown: &FrameState) {
        let before: Vec<Option<Item>> =
            View::ALL.iter().map(|&v| self.item_in(v, self.cursors[v.index()].selected)).collect();
        let store = &*self.store;
        let mut live: Option<Vec<EntityIx>> =
            (!self.query.is_empty() && !self.hits.is_empty()).then(|| self.hits.iter().map(|h| h.entity).collect());
        let pinned = (!self.chips.is_empty()).then_some(self.chips.as_slice());
        let order = store.claim_order();
        let filtered = |live: Option<&[EntityIx]>| {
            let events = narrow(store, pinned, live, Store::events_involving_all, Store::events_involving_any)
                .unwrap_or_else(|| (0..store.events.len() as EventIx).collect());
            // Unfiltered claims are already in order: no sort of the whole store on a keystroke.
            let mut claims = narrow(store, pinned, live, Store::claims_involving_all, Store::claims_involving_any)
                .unwrap_or_else(|| order.claims().to_vec());
            if pinned.is_some() || live.is_some() {
                claims.sort_unstable_by_key(|&c| order.rank(c));
            }
            (events, claims)
        };
        let (mut events, mut claims) = filtered(live.as_deref());
        // A query whose names are in no item of the list on screen (a phrase being typed can
        // spell out a stray name) would empty it: it does not filter the lists.
        let emptied = match self.view {
            View::Timeline => events.is_empty(),
            View::Claims => claims.is_empty(),
            View::Disagreements | View::Review => events.is_empty() && claims.is_empty(),
        };
        if live.is_some() && emptied {
            live = None;
            (events, claims) = filtered(None);
        }
        self.query_narrows = live.is_some();
        self.events = events;
        self.claims = claims;
        self.discrepancies = if pinned.is_none() && live.is_none() {
            (0..store.discrepancies.len() as DiscrepancyIx).collect()
        } else {
            union_sorted(
                self.events
                    .iter()
                    .map(|&e| store.discrepancies_of_event(e))
                    .chain(self.claims.iter().map(|&c| store.discrepancies_of_claim(c))),
            )
        };

        self.review = review_queue(store, &self.events, &self.claims, &self.discrepancies);

        for view in View::ALL {
            let items = self.len_of(view);
            let keep = before[view.index()].and_then(|item| self.position_of(view, item));
            debug_assert!(keep.is_none_or(|i| i < items));
            let cursor = &mut self.cursors[view.index()];
            let moved = keep != Some(cursor.selected);
            cursor.selected = keep.unwrap_or(0);
            if moved && view == self.view {
                self.open_selected(shown);
            }
        }
    }

    /// Where an item is in its (filtered) list: every list is sorted, so this is a binary search.
    pub(super) fn position_of(&self, view: View, item: Item) -> Option<usize> {
        match item {
            _ if view == View::Review => self.review.iter().position(|&i| i == item),
            Item::Event(e) => self.events.binary_search(&e).ok(),
            Item::Discrepancy(d) => self.discrepancies.binary_search(&d).ok(),
            Item::Claim(c) => {
                let order = self.store.claim_order();
                self.claims.binary_search_by_key(&order.rank(c), |&x| order.rank(x)).ok()
            }
        }
    }

    pub(super) fn item_in(&self, view: View, index: usize) -> Option<Item> {
        match view {
            View::Timeline => self.events.get(index).map(|&e| Item::Event(e)),
            View::Claims => self.claims.get(index).map(|&c| Item::Claim(c)),
            View::Disagreements => self.discrepancies.get(index).map(|&d| Item::Discrepancy(d)),
            View::Review => self.review.get(index).copied(),
        }
    }
}

/// The items involving every pinned entity and any of the typed query's matches; `None` when
/// nothing filters, so the caller keeps its own unfiltered order.
fn narrow(
    store: &Store,
    pinned: Option<&[EntityIx]>,
    live: Option<&[EntityIx]>,
    involving_all: fn(&Store, &[EntityIx]) -> Vec<u32>,
    involving_any: fn(&Store, &[EntityIx]) -> Vec<u32>,
) -> Option<Vec<u32>> {
    match (pinned, live) {
        (None, None) => None,
        (Some(chips), None) => Some(involving_all(store, chips)),
        (None, Some(live)) => Some(involving_any(store, live)),
        (Some(chips), Some(live)) => Some(intersect_sorted(&involving_all(store, chips), &involving_any(store, live))),
    }
}
