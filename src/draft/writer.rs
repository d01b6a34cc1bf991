//! The draft as a store file (docs/store-format.md): sources described, entities with their
//! spellings, claims with `"status": "draft"`, a confidence and a verbatim passage with code-point
//! offsets. The bytes depend only on the input, so drafting twice writes the same file.

use std::borrow::Cow;

use super::Draft;
pub use crate::slug::slug;
use crate::store::anchor::CharIndex;
use crate::store::format::{
    ClaimRecord, DiscrepancyRecord, EntityRecord, EventRecord, Extra, FORMAT, PassageRecord, SourceRecord, Status,
    StoreFile, VERSION, VariantRecord,
};

/// Ids made unique by appending -2, -3, …; remembers the next number per base, so a thousand
/// claims starting with the same words cost a thousand steps, not half a million.
#[derive(Default)]
pub struct UniqueIds {
    taken: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl UniqueIds {
    pub fn make(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Code-point offsets of byte offsets in one text, counted on from the last offset asked for:
/// claims come in text order, so a source is counted through about once, however many passages
/// it holds.
struct CodePoints<'t> {
    text: &'t str,
    byte: usize,
    count: usize,
}

impl<'t> CodePoints<'t> {
    fn new(text: &'t str) -> CodePoints<'t> {
        CodePoints { text, byte: 0, count: 0 }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            *self = CodePoints::new(self.text);
        }
        self.count += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.count
    }
}

/// The confidence as the f64 the format holds, with the f32's shortest decimal (0.85, not
/// 0.8500000238418579), so the file says what the drafter computed.
fn widen(confidence: f32) -> f64 {
    confidence.to_string().parse().expect("a finite f32 prints as a number")
}

const NOTE_HEAD: &str = "Drafted by `factline draft` from the article's own lines; review before relying on it";

pub fn to_json(draft: &Draft) -> Vec<u8> {
    let mut taken = UniqueIds::default();
    let entity_ids: Vec<String> = draft.entities.iter().map(|e| taken.make(slug(&e.name, 48))).collect();
    let sources = draft
        .sources
        .iter()
        .map(|s| SourceRecord {
            id: s.id.as_str().into(),
            file: Some(format!("sources/{}", s.file_name).into()),
            title: Some(s.meta.title.as_deref().map(Cow::Borrowed)),
            publisher: Some(s.meta.publisher.as_deref().map(Cow::Borrowed)),
            author: Some(s.meta.author.as_deref().map(Cow::Borrowed)),
            url: Some(None),
            published: Some(s.meta.published.map(|d| d.to_string().into())),
            note: Some(format!("{NOTE_HEAD}: {}.", s.meta.provenance.join("; ")).into()),
            text: None,
            extra: Extra::new(),
        })
        .collect();
    let entities = draft
        .entities
        .iter()
        .zip(&entity_ids)
        .map(|(e, id)| EntityRecord {
            id: id.as_str().into(),
            name: e.name.as_str().into(),
            kind: e.kind.as_str().into(),
            aliases: Some(e.spellings.iter().filter(|s| **s != e.name).map(|s| s.as_str().into()).collect()),
            note: e.note.as_deref().map(|n| Some(n.into())),
            extra: Extra::new(),
        })
        .collect();
    let mut claim_ids = UniqueIds::default();
    let mut counters: Vec<CodePoints> = draft.sources.iter().map(|s| CodePoints::new(&s.text)).collect();
    let claims = draft
        .claims
        .iter()
        .map(|c| {
            let source = &draft.sources[c.source];
            let text = &source.text;
            let words: String = c.found.pieces.iter().map(|p| &text[p.clone()]).collect::<Vec<_>>().join(" … ");
            let speaker = &draft.entities[c.found.speaker].name;
            let head: String = words.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
            let id = claim_ids.make(slug(&format!("{speaker} {head}"), 64));
            let summary: String = if words.chars().count() > 240 {
                words.chars().take(239).collect::<String>() + "…"
            } else {
                words.clone()
            };
            let mut mentions: Vec<Cow<str>> =
                c.mentions.iter().filter(|&&m| m != c.found.speaker).map(|&m| entity_ids[m].as_str().into()).collect();
            mentions.dedup();
            ClaimRecord {
                id: id.into(),
                speaker: entity_ids[c.found.speaker].as_str().into(),
                verb: c.found.verb.as_str().into(),
                text: summary.into(),
                date: c.found.date.map(|d| Some(d.to_string().into())),
                // A draft links no events; mentions are written only when it found some.
                about: None,
                mentions: (!mentions.is_empty()).then_some(mentions),
                evidence: c
                    .found
                    .pieces
                    .iter()
                    .map(|p| PassageRecord {
                        source: source.id.as_str().into(),
                        exact: text[p.clone()].into(),
                        prefix: None,
                        suffix: None,
                        start: Some(counters[c.source].at(p.start)),
                        end: Some(counters[c.source].at(p.end)),
                        extra: Extra::new(),
                    })
                    .collect(),
                status: Some(Status::Draft),
                confidence: Some(widen(c.found.confidence)),
                extra: Extra::new(),
            }
        })
        .collect();
    let (events, discrepancies) = timeline_records(draft, &entity_ids);
    let out: StoreFile = StoreFile {
        format: FORMAT.into(),
        version: VERSION,
        title: Some(draft.title.as_str().into()),
        sources,
        entities,
        events,
        claims,
        discrepancies,
    };
    let mut bytes = serde_json::to_vec_pretty(&out).expect("a draft always serializes");
    bytes.push(b'\n');
    bytes
}

/// A passage with code-point offsets read off each article's index, so citing many passages of
/// a long article costs no rescan of its text.
fn passage_record<'a>(
    draft: &'a Draft,
    index: &[CharIndex],
    source: usize,
    span: std::ops::Range<usize>,
) -> PassageRecord<'a> {
    let (record, chars) = (&draft.sources[source], &index[source]);
    let text = &record.text;
    PassageRecord {
        source: record.id.as_str().into(),
        exact: text[span.clone()].into(),
        prefix: None,
        suffix: None,
        start: Some(chars.chars_before(text, span.start)),
        end: Some(chars.chars_before(text, span.end)),
        extra: Extra::new(),
    }
}

/// The drafted events (every one dated: see `events::Timeline`) and the disagreements among
/// their reports.
fn timeline_records<'a>(draft: &'a Draft, entity_ids: &[String]) -> (Vec<EventRecord<'a>>, Vec<DiscrepancyRecord<'a>>) {
    let index: Vec<CharIndex> = draft.sources.iter().map(|s| CharIndex::new(&s.text)).collect();
    let ids_of =
        |list: &[usize]| -> Vec<Cow<'a, str>> { list.iter().map(|&e| Cow::Owned(entity_ids[e].clone())).collect() };
    let mut taken = UniqueIds::default();
    let mut event_ids: Vec<String> = Vec::with_capacity(draft.timeline.events.len());
    let mut events = Vec::new();
    for event in &draft.timeline.events {
        // `Timeline` keeps only dated events.
        let date = event.when.map(|w| w.to_string()).unwrap_or_default();
        let id = taken.make(slug(&event.title, 60));
        event_ids.push(id.clone());
        let mut spans: Vec<(usize, std::ops::Range<usize>)> =
            event.reports.iter().map(|r| (r.source, r.passage.clone())).collect();
        spans.dedup();
        events.push(EventRecord {
            id: id.into(),
            date: date.into(),
            scheduled: event.scheduled.then_some(true),
            kind: event.kind.into(),
            title: event.title.as_str().into(),
            actors: ids_of(&event.actors),
            targets: (!event.targets.is_empty()).then(|| ids_of(&event.targets)),
            places: ids_of(&event.places),
            fatalities: None,
            evidence: spans.into_iter().map(|(source, span)| passage_record(draft, &index, source, span)).collect(),
            status: Some(Status::Draft),
            confidence: Some(widen(event.confidence)),
            extra: Extra::new(),
        });
    }
    let mut discrepancy_ids = UniqueIds::default();
    let discrepancies = draft
        .timeline
        .discrepancies
        .iter()
        .map(|d| {
            let about = event_ids[d.event].clone();
            DiscrepancyRecord {
                // The topic names only the aspect ("Date"): the event's id makes the id telling.
                id: discrepancy_ids.make(slug(&format!("{} {about}", d.topic), 60)).into(),
                topic: d.topic.as_str().into(),
                about: Some(vec![about.into()]),
                variants: d
                    .variants
                    .iter()
                    .map(|v| VariantRecord {
                        value: v.value.as_str().into(),
                        evidence: v
                            .passages
                            .iter()
                            .map(|(source, span)| passage_record(draft, &index, *source, span.clone()))
                            .collect(),
                        extra: Extra::new(),
                    })
                    .collect(),
                status: Some(Status::Draft),
                confidence: Some(widen(d.confidence)),
                extra: Extra::new(),
            }
        })
        .collect();
    (events, discrepancies)
}
