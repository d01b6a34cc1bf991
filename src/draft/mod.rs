//! `factline draft`: from plain-text articles to a first draft of a store — sources described from
//! their own lines, the people, organizations and places they name (every spelling merged), and
//! every attributed statement as a draft claim with its speaker, verb, date and verbatim passage.
//!
//! Rules, not a model: see each module. Precision is preferred to recall — a wrong claim costs a
//! reviewer more than a missing one.

pub mod attribution;
pub mod capitals;
pub mod cues;
pub mod dates;
pub mod entities;
pub mod events;
pub mod gender;
pub mod lexicon;
pub mod metadata;
pub mod output;
pub mod quotes;
pub mod segment;
pub mod writer;

use std::ops::Range;

use crate::grammar::Sentence;
use attribution::Found;
use entities::{DraftEntity, Registry};
use metadata::Metadata;

/// One input article: the name its copy gets in `sources/`, and its text.
#[derive(Debug, Clone)]
pub struct Article {
    pub file_name: String,
    pub text: String,
}

#[derive(Debug)]
pub struct DraftSource {
    pub id: String,
    pub file_name: String,
    pub meta: Metadata,
    pub text: String,
}

#[derive(Debug)]
pub struct DraftClaim {
    pub source: usize,
    pub found: Found,
    /// Entities named inside the passage.
    pub mentions: Vec<usize>,
}

#[derive(Debug)]
pub struct Draft {
    pub title: String,
    pub sources: Vec<DraftSource>,
    pub entities: Vec<DraftEntity>,
    pub claims: Vec<DraftClaim>,
    /// Drafted events and the disagreements among their reports.
    pub timeline: events::Timeline,
}

/// Drafts a store from `articles`, in their order.
pub fn draft(articles: &[Article], title: Option<&str>, mut progress: impl FnMut(usize)) -> Draft {
    let mut registry = Registry::default();
    let mut sources = Vec::with_capacity(articles.len());
    let mut claims = Vec::new();
    let mut ids = writer::UniqueIds::default();
    let mut reports = Vec::new();
    let mut parses = Parses::default();
    let metas: Vec<Metadata> = articles.iter().map(|a| metadata::read(&a.text)).collect();
    let year_hint = middle_date(&metas);
    for (index, article) in articles.iter().enumerate() {
        let parsed = parses.take(articles, &metas, index);
        let text = article.text.as_str();
        let meta = &metas[index];
        let paragraphs = segment::paragraphs(text);
        let quotes = quotes::find(text, &paragraphs);
        let sentences: Vec<Vec<Range<usize>>> = paragraphs
            .iter()
            .map(|p| body_of(text, meta, p).map_or_else(Vec::new, |body| segment::sentences(text, body, &quotes)))
            .collect();
        let mentions = entities::recognize(&mut registry, index, text, &paragraphs, &meta.furniture);
        let happened = events::extract::ArticleView {
            text,
            index,
            published: meta.published,
            year_hint,
            weekday_anchor: None,
            sentences: &parsed,
            quotes: &quotes,
            mentions: &mentions,
        };
        reports.extend(events::extract::find(&happened, &mut registry));
        let lowercase = attribution::lowercase_words(text);
        let view = attribution::Article {
            text,
            index,
            published: meta.published,
            sentences: &sentences,
            paragraphs: &paragraphs,
            quotes: &quotes,
            mentions: &mentions,
            lowercase: &lowercase,
            parsed: &parsed,
        };
        for found in attribution::find(&view, &mut registry) {
            // Mentions are in text order: each piece looks only at those starting inside it.
            let mut named: Vec<usize> = found
                .pieces
                .iter()
                .flat_map(|p| {
                    let from = mentions.partition_point(|m| m.start < p.start);
                    mentions[from..].iter().take_while(|m| m.start < p.end).filter(|m| m.end <= p.end)
                })
                .map(|m| m.entity)
                .collect();
            named.sort_unstable();
            named.dedup();
            claims.push(DraftClaim { source: index, found, mentions: named });
        }
        let stem = article.file_name.rsplit_once('.').map_or(article.file_name.as_str(), |(stem, _)| stem);
        let id = ids.make(writer::slug(stem, 60));
        sources.push(DraftSource {
            id,
            file_name: article.file_name.clone(),
            meta: meta.clone(),
            text: article.text.clone(),
        });
        progress(index + 1);
    }
    let title = title.map_or_else(
        || format!("Draft from {} article{}", articles.len(), if articles.len() == 1 { "" } else { "s" }),
        str::to_string,
    );
    let texts: Vec<&str> = sources.iter().map(|s: &DraftSource| s.text.as_str()).collect();
    let timeline = events::timeline(reports, &registry, &texts);
    Draft { title, sources, entities: registry.entities, claims, timeline }
}

/// The middle of the articles' publication dates, for an article that gives none of its own.
fn middle_date(metas: &[Metadata]) -> Option<dates::Ymd> {
    let mut published: Vec<dates::Ymd> = metas.iter().filter_map(|meta| meta.published).collect();
    published.sort_unstable_by_key(|day| day.days());
    published.get(published.len() / 2).copied()
}

/// What paragraph `p` holds of the article's body: none for furniture (headline, byline,
/// dateline line) or a title-case line, else the paragraph from after its dateline.
fn body_of(text: &str, meta: &Metadata, p: &Range<usize>) -> Option<Range<usize>> {
    let furniture = meta.furniture.iter().any(|f| f.start <= p.start && p.end <= f.end);
    if furniture || entities::is_title_case(&text[p.clone()]) {
        return None;
    }
    let cut = metadata::dateline_len(&text[p.clone()]).unwrap_or(0);
    Some(p.start + cut..p.end)
}

/// The dependency parse of an article's body, paragraph by paragraph.
fn parse_body(text: &str, meta: &Metadata) -> Vec<Sentence> {
    segment::paragraphs(text)
        .iter()
        .filter_map(|p| body_of(text, meta, p))
        .flat_map(|body| crate::grammar::analyze_range(text, body))
        .collect()
}

/// Articles parsed ahead of the drafting loop, a batch at a time on every core: parsing is most of
/// drafting's work and needs nothing from other articles, while the rest (one registry of
/// entities) runs in article order. A batch bounds the parses held at once.
#[derive(Default)]
struct Parses {
    batch: std::collections::VecDeque<Vec<Sentence>>,
}

/// Articles per batch: enough to keep every core busy, few enough to hold.
const PARSE_BATCH: usize = 32;

impl Parses {
    /// The parse of article `index`, called once per article in order.
    fn take(&mut self, articles: &[Article], metas: &[Metadata], index: usize) -> Vec<Sentence> {
        if self.batch.is_empty() {
            let end = (index + PARSE_BATCH).min(articles.len());
            self.batch = parse_in_parallel(&articles[index..end], &metas[index..end]).into();
        }
        self.batch.pop_front().unwrap_or_default()
    }
}

fn parse_in_parallel(articles: &[Article], metas: &[Metadata]) -> Vec<Vec<Sentence>> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(articles.len()).max(1);
    let per_thread = articles.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = articles
            .chunks(per_thread)
            .zip(metas.chunks(per_thread))
            .map(|(chunk, metas)| {
                scope.spawn(move || {
                    chunk.iter().zip(metas).map(|(a, meta)| parse_body(&a.text, meta)).collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}
