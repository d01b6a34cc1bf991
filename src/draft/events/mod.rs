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
mod scheduled;
mod tree;
mod triggers;
mod view;
pub mod when;

pub use disagree::DraftDiscrepancy;
pub use extract::Report;
pub use merge::DraftEvent;

use std::collections::HashMap;

use crate::draft::entities::Registry;
use when::When;

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
    follow_context(&mut events);
    date_from_joined(&mut events, texts);
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

/// A report whose article has no date of its own gives a weekday no calendar can place ("on
/// Tuesday"); joined to reports that date the occurrence, it is the day of that name inside their
/// dates, and the event is dated as narrowly as that ("last week" and "on Tuesday" → the Tuesday
/// of that week). A weekday that falls outside them dates nothing: which week was meant is not
/// known.
fn date_from_joined(events: &mut [DraftEvent], texts: &[&str]) {
    for event in events {
        let Some(dated) = event.when else { continue };
        let (_, last) = dated.days();
        let mut placed = Vec::new();
        for (i, report) in event.reports.iter().enumerate() {
            if report.when.is_some() {
                continue;
            }
            // Time words that gave no date are not kept: the clause's own words are read again.
            let words = report.when_words.clone().unwrap_or_else(|| report.passage.clone());
            let Some(text) = texts.get(report.source).and_then(|t| t.get(words)) else { continue };
            if let Some(day) = when::weekday_before(text, last.plus(1)).filter(|d| d.overlaps(dated)) {
                placed.push((i, day));
            }
        }
        for (i, day) in placed {
            event.reports[i].when = Some(day);
            // Narrowed only where every dated report allows the day: a span that holds outlets'
            // differing days stays, for the disagreement to show.
            let allowed = event.reports.iter().filter_map(|r| r.when).all(|w| w.overlaps(day));
            if allowed && event.when.is_some_and(|w| day.narrower_than(w)) {
                event.when = Some(day);
            }
        }
    }
}

/// An event dated only by the story around its reports (a past perfect by the report before it)
/// takes the date the reports it was dated by now have as events: other outlets may have given
/// them a surer date than the words it followed ("last week" → "on January 16"). An exchange told
/// in one passage is two events: it then spans both.
fn follow_context(events: &mut [DraftEvent]) {
    let mut events_of: HashMap<(usize, usize, usize), Vec<usize>> = HashMap::new();
    for (i, event) in events.iter().enumerate() {
        for r in &event.reports {
            events_of.entry((r.source, r.passage.start, r.passage.end)).or_default().push(i);
        }
    }
    let refined: Vec<Option<When>> = events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            if event.reports.iter().map(merge::date_rank).max() != Some(1) {
                return None;
            }
            let mut hull: Option<When> = None;
            for report in &event.reports {
                let Some(anchor) = &report.context_of else { continue };
                let key = (report.source, anchor.start, anchor.end);
                for &j in events_of.get(&key).into_iter().flatten().filter(|&&j| j != i) {
                    let when = events[j].when?;
                    hull = Some(hull.map_or(when, |h| h.hull(when)));
                }
            }
            hull.filter(|h| event.when.is_none_or(|w| w.overlaps(*h)))
        })
        .collect();
    for (event, when) in events.iter_mut().zip(refined) {
        if when.is_some() {
            event.when = when;
        }
    }
}
