//! Events drafted from articles: what happened, when, where and who did it, each with the
//! passages that report it, one event per occurrence however many outlets report it, and the
//! points where the outlets disagree about it.
//!
//! Built on the dependency parse (`crate::grammar`, walked as a `tree`): [`extract`] reads one
//! article's reports — the `triggers` that make a clause an occurrence, its `participants`; an
//! exchange (`reciprocal`) is a report per side — [`merge`] joins the reports of one occurrence,
//! [`disagree`] compares them. Dates come from the time words of the event's own clause
//! ([`when`]); types from the format's vocabulary ([`lexicon`]).

pub mod disagree;
pub mod extract;
pub mod lexicon;
pub mod merge;
mod participants;
mod reciprocal;
mod tree;
mod triggers;
mod view;
pub mod when;

pub use disagree::DraftDiscrepancy;
pub use extract::Report;
pub use merge::DraftEvent;

use crate::draft::entities::Registry;

/// The events of a draft and the disagreements among their reports.
#[derive(Debug, Default)]
pub struct Timeline {
    pub events: Vec<DraftEvent>,
    pub discrepancies: Vec<DraftDiscrepancy>,
    /// Occurrences no report dates: left out, since the format gives every event a date and the
    /// drafter never guesses one.
    pub undated: usize,
}

/// Joins every article's reports (in article order) into events and finds where they disagree.
/// `texts` are the articles' texts, by source index.
pub fn timeline(reports: Vec<Report>, registry: &Registry, texts: &[&str]) -> Timeline {
    let mut events = merge::cluster(reports, registry);
    let before = events.len();
    events.retain(|e| e.when.is_some());
    let undated = before - events.len();
    for event in &mut events {
        event.reports.sort_by_key(|r| (r.source, r.passage.start));
    }
    // The timeline's own order: by date (undated last), then by first report.
    events.sort_by_key(|e| {
        let first = e.reports.first().map(|r| (r.source, r.passage.start));
        (e.when.is_none(), e.when.map(|w| w.days().0), first)
    });
    let discrepancies = disagree::find(&events, texts);
    Timeline { events, discrepancies, undated }
}
