//! `Label: statement` — a paragraph opened by the name of who speaks in it: a transcript's
//! `TAPPER:` or `JAKE TAPPER:`, a list of statements `Mark Cuban: …`, or a headline
//! `Rubio: I Still Believe …`. The label must name someone the article names elsewhere (or, in
//! capitals, be the label of at least two paragraphs or one of three capitals labels, as a
//! transcript's speakers are), so a `Note:`, a `Watch:` or a `Poll:` is never taken for a speaker.

use std::collections::HashMap;
use std::ops::Range;

use crate::store::EntityKind;

use super::super::entities::{self, Registry, fold, parts};
use super::*;

/// The longest label read: a name with a title or two ("Former Attorney General Michael Mukasey").
const LONGEST_LABEL: usize = 60;
const MOST_LABEL_WORDS: usize = 5;

/// Labels that introduce furniture or a kind of item, not a speaker.
const NOT_SPEAKERS: &[&str] = &[
    "note",
    "update",
    "updated",
    "watch",
    "photo",
    "photos",
    "video",
    "related",
    "source",
    "sources",
    "poll",
    "report",
    "exclusive",
    "breaking",
    "transcript",
    "editor",
    "correction",
    "read",
    "see",
    "listen",
    "credit",
    "question",
    "answer",
    "q",
    "a",
    "by",
    "posted",
    "via",
    "tags",
    "topics",
    "warning",
    "advertisement",
];

pub(super) fn labelled(article: &Article<'_>, registry: &mut Registry, taken: &mut Taken) {
    let text = article.text;
    let named = Named::of(article, registry);
    let labels: Vec<Option<(Range<usize>, Range<usize>)>> =
        article.paragraphs.iter().map(|p| label_of(text, p.clone())).collect();
    // How many paragraphs each capitals label opens: a transcript names its speakers again and again.
    let mut repeated: HashMap<String, usize> = HashMap::new();
    for (label, _) in labels.iter().flatten() {
        let spelling = &text[label.clone()];
        if !spelling.chars().any(char::is_lowercase) {
            *repeated.entry(fold(spelling)).or_default() += 1;
        }
    }
    // A transcript opens many paragraphs with its speakers in capitals, some of them only once.
    let capitals_labels: usize = repeated.values().sum();
    for (n, found) in labels.iter().enumerate() {
        let Some((label, said)) = found else { continue };
        // The headline, or a paragraph of the body: not the byline or the page's furniture.
        if n > 0 && article.sentences.get(n).is_none_or(Vec::is_empty) {
            continue;
        }
        let passage = trim_passage(text, said.clone());
        let words = text[passage.clone()].split_whitespace().count();
        let body = text[passage.clone()].trim_end_matches(['”', '"', '’', '\'', ')']);
        if words < 4 || body.ends_with('?') || taken.overlaps(&passage) || article.in_quote(label.start) {
            continue;
        }
        let spelling = &text[label.clone()];
        // The label's own mention does not count as the article naming them elsewhere.
        let elsewhere = |entity: usize| {
            let own = article.mention_starting(label.start).is_some_and(|m| m.entity == entity);
            named.mentions.get(&entity).is_some_and(|&k| k > usize::from(own))
        };
        let Some(entity) = named.find(spelling).into_iter().find(|&e| elsewhere(e)).or_else(|| {
            let capitals = !spelling.chars().any(char::is_lowercase);
            let transcript = repeated.get(&fold(spelling)).is_some_and(|&k| k >= 2) || capitals_labels >= 3;
            (capitals && transcript).then(|| {
                let local = article.local_before(label.start);
                entities::speaker_entity(registry, article.index, &title_case(spelling), EntityKind::Person, &local)
            })
        }) else {
            continue;
        };
        // The label's own spelling ("FALLIN", "Graham") is one more way the article names them.
        registry.attach(entity, article.index, &title_case(spelling), None);
        taken.push(Found {
            speaker: entity,
            verb: ":".into(),
            pieces: vec![passage],
            date: None,
            confidence: if n == 0 { 0.6 } else { 0.75 },
        });
    }
}

/// The label and the statement of a paragraph `Label: statement`, when the label is a short run
/// of capitalized words.
fn label_of(text: &str, paragraph: Range<usize>) -> Option<(Range<usize>, Range<usize>)> {
    let line = &text[paragraph.clone()];
    let mut cut = line.len().min(LONGEST_LABEL + 1);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &line[..cut];
    let colon = head.find(':')?;
    let label = line[..colon].trim();
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > MOST_LABEL_WORDS || line[colon + 1..].starts_with(['/', ':']) {
        return None;
    }
    let capitalized = words.iter().all(|w| {
        let w = w.trim_end_matches('.');
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || "-’'".contains(c))
    });
    if !capitalized || words.iter().any(|w| NOT_SPEAKERS.contains(&w.trim_end_matches('.').to_lowercase().as_str())) {
        return None;
    }
    let start = paragraph.start + (line.len() - line.trim_start().len());
    Some((start..start + label.len(), paragraph.start + colon + 1..paragraph.end))
}

/// The people and organizations the article names, by every spelling and (people named in
/// full) by surname: built once, so each label is looked up, not compared with every mention.
#[derive(Default)]
struct Named {
    by_spelling: HashMap<String, usize>,
    by_surname: HashMap<String, usize>,
    /// How many times the article names each entity.
    mentions: HashMap<usize, usize>,
}

impl Named {
    fn of(article: &Article<'_>, registry: &Registry) -> Self {
        let mut named = Named::default();
        for m in article.mentions {
            *named.mentions.entry(m.entity).or_default() += 1;
            let entity = &registry.entities[m.entity];
            if !matches!(entity.kind, EntityKind::Person | EntityKind::Organization) {
                continue;
            }
            for spelling in &entity.spellings {
                named.by_spelling.entry(fold(spelling)).or_insert(m.entity);
                let spelled = parts(spelling);
                if entity.kind == EntityKind::Person
                    && spelled.len() >= 2
                    && let Some(last) = spelled.last()
                {
                    named.by_surname.entry(last.clone()).or_insert(m.entity);
                }
            }
        }
        named
    }

    /// Who `label` may name: the same spelling, then for a person their surname ("Graham", "OK
    /// Gov Fallin", "JAKE TAPPER").
    fn find(&self, label: &str) -> impl Iterator<Item = usize> {
        let surname = parts(label).last().and_then(|last| self.by_surname.get(last));
        self.by_spelling.get(&fold(label)).into_iter().chain(surname).copied()
    }
}

/// "JAKE TAPPER" → "Jake Tapper": a transcript's capitals as a name is spelled.
fn title_case(label: &str) -> String {
    if label.chars().any(char::is_lowercase) {
        return label.to_string();
    }
    label
        .split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}
