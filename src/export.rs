//! Writing a store out: the normalized JSON contract, a CSV of events, and TimelineJS.

use std::borrow::Cow;
use std::io::{self, Write};

use serde_json::json;

use crate::store::format::{
    ClaimRecord, DiscrepancyRecord, EntityRecord, EventRecord, Extra, FORMAT, PassageRecord, SourceRecord, StoreFile,
    VERSION, VariantRecord,
};
use crate::store::{Confidence, EntityIx, ItemRef, Passage, Status, Store};

/// The normalized store of store-format.md: every passage with `start`/`end` and its `exact`
/// text, every source with its `text` inline, events in timeline order. Optional scalars are
/// written as null rather than left out, so scripts can rely on every key being present.
/// Serialized from borrowed views, so no article text or name is copied on the way out.
pub fn json(store: &Store, out: &mut dyn Write) -> io::Result<()> {
    let entity_ids = |list: &'_ [EntityIx]| -> Vec<Cow<'_, str>> {
        list.iter().map(|&e| Cow::Borrowed(store.entities[e as usize].id.as_str())).collect()
    };
    let document: StoreFile = StoreFile {
        format: FORMAT.into(),
        version: VERSION,
        title: borrowed(&store.title),
        sources: store
            .sources
            .iter()
            .map(|s| SourceRecord {
                id: s.id.as_str().into(),
                file: None,
                title: Some(borrowed(&s.title)),
                publisher: Some(borrowed(&s.publisher)),
                author: Some(borrowed(&s.author)),
                url: Some(borrowed(&s.url)),
                published: Some(s.published.map(|d| d.to_string().into())),
                note: None,
                text: Some(s.text.as_str().into()),
                extra: Extra::new(),
            })
            .collect(),
        entities: store
            .entities
            .iter()
            .map(|e| EntityRecord {
                id: e.id.as_str().into(),
                name: e.name.as_str().into(),
                kind: e.kind.as_str().into(),
                aliases: Some(e.aliases.iter().map(|a| Cow::Borrowed(a.as_str())).collect()),
                note: Some(borrowed(&e.note)),
                extra: Extra::new(),
            })
            .collect(),
        events: store
            .events
            .iter()
            .map(|e| EventRecord {
                id: e.id.as_str().into(),
                date: e.date.to_string().into(),
                scheduled: Some(e.scheduled),
                kind: e.kind.as_str().into(),
                title: e.title.as_str().into(),
                actors: entity_ids(&e.actors),
                targets: Some(entity_ids(&e.targets)),
                places: entity_ids(&e.places),
                fatalities: Some(e.fatalities),
                evidence: passages(store, &e.evidence),
                // Reviewed is the default: written only for drafts, so a curated store exports as before.
                status: (e.status == Status::Draft).then_some(Status::Draft),
                confidence: e.confidence.map(Confidence::value),
                extra: Extra::new(),
            })
            .collect(),
        claims: store
            .claims
            .iter()
            .map(|c| ClaimRecord {
                id: c.id.as_str().into(),
                speaker: store.entities[c.speaker as usize].id.as_str().into(),
                verb: c.verb.as_str().into(),
                text: c.text.as_str().into(),
                date: Some(c.date.map(|d| d.to_string().into())),
                about: Some(c.about.iter().map(|&e| Cow::Borrowed(store.events[e as usize].id.as_str())).collect()),
                mentions: Some(entity_ids(&c.mentions)),
                evidence: passages(store, &c.evidence),
                status: (c.status == Status::Draft).then_some(Status::Draft),
                confidence: c.confidence.map(Confidence::value),
                extra: Extra::new(),
            })
            .collect(),
        discrepancies: store
            .discrepancies
            .iter()
            .map(|d| DiscrepancyRecord {
                id: d.id.as_str().into(),
                topic: d.topic.as_str().into(),
                about: Some(d.about.iter().map(|r| item_id(store, *r).into()).collect()),
                variants: d
                    .variants
                    .iter()
                    .map(|v| VariantRecord {
                        value: v.value.as_str().into(),
                        evidence: passages(store, &v.evidence),
                        extra: Extra::new(),
                    })
                    .collect(),
                status: (d.status == Status::Draft).then_some(Status::Draft),
                confidence: d.confidence.map(Confidence::value),
                extra: Extra::new(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn borrowed(text: &Option<String>) -> Option<Cow<'_, str>> {
    text.as_deref().map(Cow::Borrowed)
}

fn passages<'s>(store: &'s Store, evidence: &'s [Passage]) -> Vec<PassageRecord<'s>> {
    evidence
        .iter()
        .map(|p| PassageRecord {
            source: store.sources[p.source as usize].id.as_str().into(),
            exact: p.exact(&store.sources).into(),
            prefix: Some(p.prefix.as_deref().map(Cow::Borrowed)),
            suffix: Some(p.suffix.as_deref().map(Cow::Borrowed)),
            start: Some(p.start),
            end: Some(p.end),
            extra: Extra::new(),
        })
        .collect()
}

fn item_id(store: &Store, item: ItemRef) -> &str {
    match item {
        ItemRef::Event(e) => &store.events[e as usize].id,
        ItemRef::Claim(c) => &store.claims[c as usize].id,
    }
}

/// One row per event, names rather than ids so it reads in a spreadsheet.
pub fn csv(store: &Store, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "id",
        "date",
        "earliest",
        "latest",
        "type",
        "title",
        "actors",
        "targets",
        "places",
        "fatalities",
        "sources",
        "passages",
        "claims",
        "discrepancies",
        "status",
        "scheduled",
    ])?;
    let names = |list: &[EntityIx]| -> String {
        list.iter().map(|&e| store.entities[e as usize].name.as_str()).collect::<Vec<_>>().join("; ")
    };
    for (ix, event) in store.events.iter().enumerate() {
        let ix = ix as u32;
        let mut sources: Vec<&str> =
            event.evidence.iter().map(|p| store.sources[p.source as usize].id.as_str()).collect();
        sources.sort_unstable();
        sources.dedup();
        let claims: Vec<&str> =
            store.claims_about_event(ix).iter().map(|&c| store.claims[c as usize].id.as_str()).collect();
        let discrepancies: Vec<&str> =
            store.discrepancies_of_event(ix).iter().map(|&d| store.discrepancies[d as usize].id.as_str()).collect();
        let record = [
            event.id.clone(),
            event.date.to_string(),
            event.date.earliest().to_string(),
            event.date.latest().to_string(),
            event.kind.clone(),
            event.title.clone(),
            names(&event.actors),
            names(&event.targets),
            names(&event.places),
            event.fatalities.map(|n| n.to_string()).unwrap_or_default(),
            sources.join("; "),
            event.evidence.len().to_string(),
            claims.join("; "),
            discrepancies.join("; "),
            event.status.as_str().to_string(),
            event.scheduled.to_string(),
        ];
        writer.write_record(record.iter().map(|cell| defuse_formula(cell).into_owned()))?;
    }
    writer.flush()
}

/// One row per claim — who said what, when, where it is written, and whether a person checked
/// it — names rather than ids, so a fact-checker's spreadsheet reads it.
pub fn claims_csv(store: &Store, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "id",
        "status",
        "speaker",
        "verb",
        "date",
        "text",
        "about",
        "mentions",
        "sources",
        "passages",
        "discrepancies",
    ])?;
    let order = store.claim_order();
    for &ix in order.claims() {
        let claim = &store.claims[ix as usize];
        let names = |list: &[EntityIx]| -> String {
            list.iter().map(|&e| store.entities[e as usize].name.as_str()).collect::<Vec<_>>().join("; ")
        };
        let mut sources: Vec<&str> =
            claim.evidence.iter().map(|p| store.sources[p.source as usize].id.as_str()).collect();
        sources.sort_unstable();
        sources.dedup();
        let passages: Vec<String> = claim
            .evidence
            .iter()
            .map(|p| format!("{}: “{}”", store.sources[p.source as usize].id, p.exact(&store.sources)))
            .collect();
        let about: Vec<&str> = claim.about.iter().map(|&e| store.events[e as usize].title.as_str()).collect();
        let discrepancies: Vec<&str> =
            store.discrepancies_of_claim(ix).iter().map(|&d| store.discrepancies[d as usize].id.as_str()).collect();
        let record = [
            claim.id.clone(),
            claim.status.as_str().to_string(),
            store.entities[claim.speaker as usize].name.clone(),
            claim.verb.clone(),
            claim.date.map(|d| d.to_string()).unwrap_or_default(),
            claim.text.clone(),
            about.join("; "),
            names(&claim.mentions),
            sources.join("; "),
            passages.join(" | "),
            discrepancies.join("; "),
        ];
        writer.write_record(record.iter().map(|cell| defuse_formula(cell).into_owned()))?;
    }
    writer.flush()
}

/// Store text is untrusted, and a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@`
/// as a formula; a leading apostrophe makes it inert text (the OWASP advice for CSV injection).
fn defuse_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}").into() } else { cell.into() }
}

/// A Knight Lab TimelineJS document (its JSON format): one slide per event, text as escaped HTML
/// with the supporting quotes, events grouped by type.
pub fn timelinejs(store: &Store, out: &mut dyn Write) -> io::Result<()> {
    let year = common_year(store);
    let events: Vec<serde_json::Value> = store
        .events
        .iter()
        .map(|event| {
            // A scheduled event had not happened when its sources wrote: the slide says so first.
            let scheduled = if event.scheduled { SCHEDULED_NOTE } else { "" };
            let quotes: String = event
                .evidence
                .iter()
                .map(|p| {
                    let source = &store.sources[p.source as usize];
                    let name = source.publisher.as_deref().or(source.title.as_deref()).unwrap_or(&source.id);
                    format!("<blockquote>{}<br><cite>{}</cite></blockquote>", html(p.exact(&store.sources)), html(name))
                })
                .collect();
            let mut slide = json!({
                "unique_id": event.id,
                "start_date": timeline_date(event.date.from),
                "display_date": event.date.short_label(year),
                "text": { "headline": html(&event.title), "text": format!("{scheduled}{quotes}") },
                "group": event.kind,
            });
            if let Some(to) = event.date.to {
                slide["end_date"] = timeline_date(to);
            }
            slide
        })
        .collect();
    let title = store.title.as_deref().unwrap_or("factline timeline");
    let document = json!({
        "title": { "text": { "headline": html(title), "text": format!("{} events from {} sources", store.events.len(), store.sources.len()) } },
        "events": events,
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// What a TimelineJS slide of a scheduled event says before its quotes (HTML).
const SCHEDULED_NOTE: &str = "<p><strong>Scheduled</strong>: the sources say it is to happen on this date.</p>";

/// The year every event falls in, if there is one, so labels can leave it out.
pub fn common_year(store: &Store) -> Option<i32> {
    let first = store.events.first()?.date.earliest().year;
    store.events.iter().all(|e| e.date.earliest().year == first && e.date.latest().year == first).then_some(first)
}

fn timeline_date(date: crate::store::date::PartialDate) -> serde_json::Value {
    let mut out = json!({ "year": date.year.to_string() });
    if let Some(m) = date.month {
        out["month"] = json!(m.to_string());
    }
    if let Some(d) = date.day {
        out["day"] = json!(d.to_string());
    }
    out
}

/// TimelineJS renders its text fields as HTML; store text must not become markup.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_leaves_no_markup() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn formula_cells_are_defused_and_others_untouched() {
        assert_eq!(defuse_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse_formula("@cmd"), "'@cmd");
        assert_eq!(defuse_formula("Pakistan"), "Pakistan");
        assert_eq!(defuse_formula("2024-01-16"), "2024-01-16");
    }
}
