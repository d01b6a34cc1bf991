//! What `factline search` prints: the ranked entities with the spelling that matched, then the
//! events and claims involving the best of them — as text for people or JSON for scripts.

use std::io::{self, Write};

use serde::Serialize;

use crate::search::{self, EntityHit};
use crate::store::{ClaimIx, EntityIx, EventIx, Status, Store};
use crate::text::sanitize_line;

/// The outcome of one query against one store.
pub struct SearchReport<'s> {
    store: &'s Store,
    hits: Vec<EntityHit>,
    best: Vec<EntityIx>,
    events: Vec<EventIx>,
    claims: Vec<ClaimIx>,
}

impl<'s> SearchReport<'s> {
    pub fn new(store: &'s Store, index: &search::SearchIndex, query: &str, limit: usize) -> SearchReport<'s> {
        let hits = index.search(query, limit);
        let best = best_entities(store, &hits);
        let events = store.events_involving_any(&best);
        let claims = store.claims_involving_any(&best);
        SearchReport { store, hits, best, events, claims }
    }

    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }

    pub fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        let entities: Vec<JsonEntity> = self
            .hits
            .iter()
            .map(|hit| {
                let entity = &self.store.entities[hit.entity as usize];
                JsonEntity {
                    id: &entity.id,
                    name: &entity.name,
                    kind: entity.kind.as_str(),
                    alias: spelling(self.store, hit),
                    score: hit.score,
                }
            })
            .collect();
        let json = JsonReport {
            entities,
            events: self.events.iter().map(|&e| self.store.events[e as usize].id.as_str()).collect(),
            claims: self.claims.iter().map(|&c| self.store.claims[c as usize].id.as_str()).collect(),
            drafts: drafts(self.store, &self.events, &self.claims),
        };
        serde_json::to_writer_pretty(&mut *out, &json)?;
        writeln!(out)
    }

    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let store = self.store;
        for (rank, hit) in self.hits.iter().enumerate() {
            let entity = &store.entities[hit.entity as usize];
            let matched = spelling(store, hit);
            let via =
                if matched == entity.name { String::new() } else { format!(" — as \"{}\"", sanitize_line(matched)) };
            writeln!(
                out,
                "{:>2}. {} ({}){via}  [{}, {}, {}]",
                rank + 1,
                sanitize_line(&entity.name),
                entity.kind.as_str(),
                sanitize_line(&entity.id),
                crate::text::count(store.events_of_entity(hit.entity).len(), "event"),
                crate::text::count(store.claims_of_entity(hit.entity).len(), "claim"),
            )?;
        }
        let names: Vec<String> =
            self.best.iter().map(|&e| sanitize_line(&store.entities[e as usize].name).into_owned()).collect();
        let names = names.join(", ");
        writeln!(out, "\nEvents involving {names} ({}):", self.events.len())?;
        for &ix in &self.events {
            let event = &store.events[ix as usize];
            writeln!(
                out,
                "  {}{:<21}  {:<17}  {}  [{}]",
                draft_mark(event.status),
                event.date.to_string(),
                sanitize_line(&event.kind),
                sanitize_line(&event.title),
                sanitize_line(&event.id)
            )?;
        }
        writeln!(out, "\nClaims by or about {names} ({}):", self.claims.len())?;
        for &ix in &self.claims {
            write_claim_line(out, store, ix, "  ")?;
        }
        Ok(())
    }
}

/// What a text report puts before a drafted item: it is unchecked, whatever it says.
pub(crate) fn draft_mark(status: Status) -> &'static str {
    match status {
        Status::Draft => "[draft] ",
        Status::Reviewed => "",
    }
}

/// The ids of the drafted items among `events` and `claims`, for a JSON report.
pub(crate) fn drafts<'s>(store: &'s Store, events: &[EventIx], claims: &[ClaimIx]) -> Vec<&'s str> {
    let events =
        events.iter().map(|&e| &store.events[e as usize]).filter(|e| e.status == Status::Draft).map(|e| e.id.as_str());
    let claims =
        claims.iter().map(|&c| &store.claims[c as usize]).filter(|c| c.status == Status::Draft).map(|c| c.id.as_str());
    events.chain(claims).collect()
}

/// One claim as a text report lists it — `[draft] date  Speaker verb: text  [id]` — after
/// `indent`; shared with `find`'s report so both print a claim alike.
pub(crate) fn write_claim_line(out: &mut impl Write, store: &Store, claim: ClaimIx, indent: &str) -> io::Result<()> {
    let claim = &store.claims[claim as usize];
    let date = claim.date.map_or_else(String::new, |d| format!("{d}  "));
    writeln!(
        out,
        "{indent}{}{date}{} {}: {}  [{}]",
        draft_mark(claim.status),
        sanitize_line(&store.entities[claim.speaker as usize].name),
        sanitize_line(&claim.verb),
        sanitize_line(&claim.text),
        sanitize_line(&claim.id)
    )
}

/// The top hit, and any hit that ranks level with it: a spelling two entities share ("Tehran", the
/// city and the government) makes both of them the answer.
fn best_entities(store: &Store, hits: &[EntityHit]) -> Vec<EntityIx> {
    let Some(top) = hits.first() else { return Vec::new() };
    let top_spelling = search::fold(spelling(store, top));
    hits.iter()
        .take_while(|hit| hit.score == top.score && search::fold(spelling(store, hit)) == top_spelling)
        .map(|hit| hit.entity)
        .collect()
}

fn spelling<'s>(store: &'s Store, hit: &EntityHit) -> &'s str {
    store.entities[hit.entity as usize].spellings().nth(hit.spelling).unwrap_or_default()
}

#[derive(Serialize)]
struct JsonReport<'s> {
    entities: Vec<JsonEntity<'s>>,
    events: Vec<&'s str>,
    claims: Vec<&'s str>,
    /// The events and claims above that a program drafted and no person has checked yet.
    drafts: Vec<&'s str>,
}

#[derive(Serialize)]
struct JsonEntity<'s> {
    id: &'s str,
    name: &'s str,
    kind: &'static str,
    alias: &'s str,
    score: i64,
}

/// `factline search`: the report for `query`, as JSON or text; nothing matching is said on stderr.
pub fn run(store: &Store, query: &str, json: bool, limit: usize, out: &mut impl Write) -> io::Result<()> {
    let index = search::SearchIndex::new(store);
    let report = SearchReport::new(store, &index, query, limit);
    if json {
        report.write_json(out)
    } else if report.is_empty() {
        eprintln!("factline: no person, group or place matches `{}`", sanitize_line(query));
        Ok(())
    } else {
        report.write_text(out)
    }
}
