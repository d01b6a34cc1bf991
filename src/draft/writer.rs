//! The draft as a store file (docs/store-format.md): sources described, entities with their
//! spellings, claims with `"status": "draft"`, a confidence and a verbatim passage with code-point
//! offsets. The bytes depend only on the input, so drafting twice writes the same file.

use serde::Serialize;

use super::Draft;

#[derive(Serialize)]
struct StoreOut<'a> {
    format: &'static str,
    version: u64,
    title: &'a str,
    sources: Vec<SourceOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    events: Vec<()>,
    claims: Vec<ClaimOut<'a>>,
    discrepancies: Vec<()>,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    id: &'a str,
    file: String,
    title: Option<&'a str>,
    publisher: Option<&'a str>,
    author: Option<&'a str>,
    url: Option<&'a str>,
    published: Option<String>,
    note: String,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    aliases: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct ClaimOut<'a> {
    id: String,
    speaker: &'a str,
    verb: &'a str,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<&'a str>,
    evidence: Vec<PassageOut<'a>>,
    status: &'static str,
    confidence: f32,
}

#[derive(Serialize)]
struct PassageOut<'a> {
    source: &'a str,
    exact: &'a str,
    start: usize,
    end: usize,
}

/// A lowercase ASCII slug of letters, digits and hyphens.
pub fn slug(text: &str, max: usize) -> String {
    let folded = deunicode::deunicode(text).to_lowercase();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "x".to_string() } else { out }
}

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

/// Code-point offset of a byte offset.
fn code_points(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

const NOTE_HEAD: &str = "Drafted by `factline draft` from the article's own lines; review before relying on it";

pub fn to_json(draft: &Draft) -> Vec<u8> {
    let mut taken = UniqueIds::default();
    let entity_ids: Vec<String> = draft.entities.iter().map(|e| taken.make(slug(&e.name, 48))).collect();
    let sources = draft
        .sources
        .iter()
        .map(|s| SourceOut {
            id: &s.id,
            file: format!("sources/{}", s.file_name),
            title: s.meta.title.as_deref(),
            publisher: s.meta.publisher.as_deref(),
            author: s.meta.author.as_deref(),
            url: None,
            published: s.meta.published.map(|d| d.to_string()),
            note: format!("{NOTE_HEAD}: {}.", s.meta.provenance.join("; ")),
        })
        .collect();
    let entities = draft
        .entities
        .iter()
        .zip(&entity_ids)
        .map(|(e, id)| EntityOut {
            id,
            name: &e.name,
            kind: e.kind.as_str(),
            aliases: e.spellings.iter().filter(|s| **s != e.name).map(String::as_str).collect(),
            note: e.note.as_deref(),
        })
        .collect();
    let mut claim_ids = UniqueIds::default();
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
            let mut mentions: Vec<&str> =
                c.mentions.iter().filter(|&&m| m != c.found.speaker).map(|&m| entity_ids[m].as_str()).collect();
            mentions.dedup();
            ClaimOut {
                id,
                speaker: &entity_ids[c.found.speaker],
                verb: &c.found.verb,
                text: summary,
                date: c.found.date.map(|d| d.to_string()),
                mentions,
                evidence: c
                    .found
                    .pieces
                    .iter()
                    .map(|p| PassageOut {
                        source: &source.id,
                        exact: &text[p.clone()],
                        start: code_points(text, p.start),
                        end: code_points(text, p.end),
                    })
                    .collect(),
                status: "draft",
                confidence: c.found.confidence,
            }
        })
        .collect();
    let out = StoreOut {
        format: "factline-store",
        version: 1,
        title: &draft.title,
        sources,
        entities,
        events: Vec::new(),
        claims,
        discrepancies: Vec::new(),
    };
    let mut bytes = serde_json::to_vec_pretty(&out).expect("a draft always serializes");
    bytes.push(b'\n');
    bytes
}
