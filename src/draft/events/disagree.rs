//! Where outlets disagree about one event: a different figure for the same thing counted ("killing
//! at least 14 people" / "At least 16 people died"), or dates that cannot be the same day ("broke
//! down on Friday" / "collapsed on Thursday"). Each becomes a drafted discrepancy with one variant
//! per version and the passages that give it. Vague dates that contain the precise one ("last
//! week" and "on Tuesday") are not a disagreement.

use std::collections::BTreeMap;
use std::ops::Range;

use super::extract::Report;
use super::merge::DraftEvent;
use super::when::When;

/// A version of the disputed fact and where each outlet gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub value: String,
    /// (source, byte range) of each passage.
    pub passages: Vec<(usize, Range<usize>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftDiscrepancy {
    /// Index of the event in the drafted list.
    pub event: usize,
    pub topic: String,
    pub variants: Vec<Variant>,
    pub confidence: f32,
}

/// A figure's value and its words in one source.
type Counted = (u64, Range<usize>);

/// Lemmas that count the same thing.
fn counted(noun: &str) -> &str {
    match noun {
        "people" | "person" | "civilian" | "victim" | "dead" | "body" => "person",
        "docker" | "worker" | "employee" | "labourer" | "laborer" | "staff" => "worker",
        "percent" | "cent" | "%" => "per cent",
        other => other,
    }
}

fn plural(noun: &str) -> String {
    match noun {
        // How often it happened.
        "time" => "times".into(),
        "person" => "people".into(),
        "per cent" => "per cent".into(),
        n if n.ends_with('s') => n.into(),
        n if n.ends_with('y') => format!("{}ies", &n[..n.len() - 1]),
        n => format!("{n}s"),
    }
}

/// The disagreements among the reports of each event with reports from two sources or more.
pub fn find(events: &[DraftEvent], texts: &[&str]) -> Vec<DraftDiscrepancy> {
    let mut out = Vec::new();
    for (index, event) in events.iter().enumerate() {
        let mut sources: Vec<usize> = event.reports.iter().map(|r| r.source).collect();
        sources.sort_unstable();
        sources.dedup();
        if sources.len() < 2 {
            continue;
        }
        out.extend(figures(index, event, texts));
        out.extend(dates(index, event, texts));
    }
    out
}

fn figures(index: usize, event: &DraftEvent, texts: &[&str]) -> Vec<DraftDiscrepancy> {
    // noun → source → (value, words) of each figure
    let mut by_noun: BTreeMap<&str, BTreeMap<usize, Vec<Counted>>> = BTreeMap::new();
    for report in &event.reports {
        for figure in &report.figures {
            by_noun
                .entry(counted(&figure.noun))
                .or_default()
                .entry(report.source)
                .or_default()
                .push((figure.value, figure.span.clone()));
        }
    }
    let mut out = Vec::new();
    for (noun, per_source) in by_noun {
        if per_source.len() < 2 {
            continue;
        }
        // A value every source gives is agreed; what is left differs.
        let everywhere = |value: u64| per_source.values().all(|list| list.iter().any(|(v, _)| *v == value));
        let mut variants: Vec<(u64, Variant)> = Vec::new();
        for (&source, list) in &per_source {
            for (value, span) in list.iter().filter(|(v, _)| !everywhere(*v)) {
                let words = texts[source][span.clone()].trim().to_string();
                match variants.iter_mut().find(|(v, _)| v == value) {
                    Some((_, variant)) => variant.passages.push((source, span.clone())),
                    None => variants.push((*value, Variant { value: words, passages: vec![(source, span.clone())] })),
                }
            }
        }
        if variants.len() >= 2 {
            variants.sort_by_key(|(v, _)| *v);
            out.push(DraftDiscrepancy {
                event: index,
                topic: format!("Number of {}", plural(noun)),
                variants: variants.into_iter().map(|(_, v)| v).collect(),
                confidence: 0.5,
            });
        }
    }
    out
}

fn dates(index: usize, event: &DraftEvent, texts: &[&str]) -> Vec<DraftDiscrepancy> {
    // Reports dated by words: their own, or those of the story before them.
    let dated: Vec<(When, &Report, Range<usize>)> =
        event.reports.iter().filter_map(|r| Some((r.when?, r, r.when_words.clone()?))).collect();
    let disagree = dated.iter().any(|a| dated.iter().any(|b| a.1.source != b.1.source && !a.0.overlaps(b.0)));
    if !disagree {
        return Vec::new();
    }
    let mut variants: Vec<(When, Variant)> = Vec::new();
    for (when, report, words) in dated {
        let (source, passage) = (report.source, report.passage.clone());
        let said = texts[source][words].trim();
        // A date the article gave the story before the passage, not the passage itself.
        let said = if report.dated_by_context { format!("“{said}” before it") } else { format!("“{said}”") };
        match variants.iter_mut().find(|(w, _)| *w == when) {
            Some((_, variant)) => {
                if !variant.passages.contains(&(source, passage.clone())) {
                    variant.passages.push((source, passage));
                }
            }
            None => variants.push((
                when,
                Variant { value: format!("{} ({said})", when.describe()), passages: vec![(source, passage)] },
            )),
        }
    }
    variants.sort_by_key(|(w, _)| w.days().0);
    // The topic names the disputed aspect only: the event it is about is shown beside it.
    vec![DraftDiscrepancy {
        event: index,
        topic: "Date".into(),
        variants: variants.into_iter().map(|(_, v)| v).collect(),
        confidence: 0.45,
    }]
}
