//! Finding a remembered quote or phrase in the articles, and who is on record saying it: the
//! words of every source folded ([`fold`]), indexed once per store ([`index`]) and matched
//! forgivingly but with a threshold ([`query`]); each hit lists the claims and events whose
//! passages overlap it.

pub mod fold;
pub mod index;
pub mod query;

pub use index::TextIndex;
pub use query::{Found, Hit};

use crate::store::{ClaimIx, EventIx, Passage, Store};

/// Searches the store's articles with its index (built from the same store).
pub fn find(store: &Store, index: &TextIndex, query: &str, limit: usize) -> Found {
    query::find(index, |source| store.sources[source as usize].text.as_str(), query, limit)
}

/// The claims and events citing a hit: those with a passage of the same source overlapping it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citing {
    pub claims: Vec<ClaimIx>,
    pub events: Vec<EventIx>,
}

impl Citing {
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty() && self.events.is_empty()
    }
}

fn overlaps(passage: &Passage, hit: &Hit) -> bool {
    passage.source == hit.source && passage.start < hit.end && hit.start < passage.end
}

/// For each hit, in order, what cites it. One pass over every passage of the store, however
/// many hits.
pub fn citing(store: &Store, hits: &[Hit]) -> Vec<Citing> {
    let mut out = vec![Citing::default(); hits.len()];
    if hits.is_empty() {
        return out;
    }
    for (ix, claim) in store.claims.iter().enumerate() {
        for (h, hit) in hits.iter().enumerate() {
            if claim.evidence.iter().any(|p| overlaps(p, hit)) {
                out[h].claims.push(ix as ClaimIx);
            }
        }
    }
    for (ix, event) in store.events.iter().enumerate() {
        for (h, hit) in hits.iter().enumerate() {
            if event.evidence.iter().any(|p| overlaps(p, hit)) {
                out[h].events.push(ix as EventIx);
            }
        }
    }
    out
}
