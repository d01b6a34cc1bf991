//! What `factline find` prints: each passage matching the query, best first, with who is on record
//! saying it (the claims citing it), the events citing it, the article it is in, and its line with
//! the matched words marked — as text for people or JSON for scripts.

use std::io::{self, Write};
use std::ops::Range;

use serde::Serialize;

use super::search::write_claim_line;
use crate::find::{self, Citing, Found, TextIndex};
use crate::store::Store;
use crate::text::sanitize_line;

/// Around the hit, how much of its line is shown on each side (code points).
const CONTEXT_CHARS: usize = 100;
pub const MARK_OPEN: &str = "[";
pub const MARK_CLOSE: &str = "]";

pub struct FindReport<'s> {
    store: &'s Store,
    query: String,
    found: Found,
    citing: Vec<Citing>,
}

impl<'s> FindReport<'s> {
    pub fn new(store: &'s Store, index: &TextIndex, query: &str, limit: usize) -> FindReport<'s> {
        let found = find::find(store, index, query, limit);
        let citing = find::citing(store, &found.hits);
        FindReport { store, query: query.to_string(), found, citing }
    }

    pub fn is_empty(&self) -> bool {
        self.found.hits.is_empty()
    }

    /// False when the query was made of words so common that not every article was read.
    pub fn is_complete(&self) -> bool {
        self.found.complete
    }

    pub fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        let store = self.store;
        let hits = self
            .found
            .hits
            .iter()
            .zip(&self.citing)
            .map(|(hit, citing)| JsonHit {
                source: &store.sources[hit.source as usize].id,
                start: hit.start,
                end: hit.end,
                text: &store.sources[hit.source as usize].text[hit.bytes.clone()],
                score: hit.score,
                claims: citing.claims.iter().map(|&c| store.claims[c as usize].id.as_str()).collect(),
                events: citing.events.iter().map(|&e| store.events[e as usize].id.as_str()).collect(),
                drafts: super::search::drafts(store, &citing.events, &citing.claims),
            })
            .collect();
        serde_json::to_writer(&mut *out, &JsonReport { query: &self.query, hits })?;
        writeln!(out)
    }

    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let store = self.store;
        for (rank, (hit, citing)) in self.found.hits.iter().zip(&self.citing).enumerate() {
            let source = &store.sources[hit.source as usize];
            let how = if hit.is_exact() { "exact".to_string() } else { format!("close, score {}", hit.score) };
            writeln!(out, "{:>2}. \"{}\"  ({how})", rank + 1, sanitize_line(&source.text[hit.bytes.clone()]))?;
            if citing.claims.is_empty() && citing.events.is_empty() {
                writeln!(out, "    not cited by any item")?;
            }
            for &ix in &citing.claims {
                write_claim_line(out, store, ix, "    ")?;
            }
            for &ix in &citing.events {
                let event = &store.events[ix as usize];
                writeln!(
                    out,
                    "    {}event {}  {}  [{}]",
                    super::search::draft_mark(event.status),
                    event.date,
                    sanitize_line(&event.title),
                    sanitize_line(&event.id)
                )?;
            }
            let mut about: Vec<String> =
                source.title.as_deref().map(|t| sanitize_line(t).into_owned()).into_iter().collect();
            about.extend(source.publisher.as_deref().map(|p| sanitize_line(p).into_owned()));
            about.extend(source.published.map(|d| d.to_string()));
            about.push(format!("[{}]", sanitize_line(&source.id)));
            writeln!(out, "    in {}", about.join(" — "))?;
            writeln!(out, "    | {}", marked_line(&source.text, hit.start..hit.end, &hit.marks))?;
        }
        Ok(())
    }
}

/// The line of `text` holding `span` (code points), cut to some context around it, with each run
/// of adjacent `marks` bracketed. Every piece is sanitized on its own, so the brackets are ours.
pub fn marked_line(text: &str, span: Range<usize>, marks: &[Range<usize>]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let line_start = chars[..span.start].iter().rposition(|&c| c == '\n').map_or(0, |p| p + 1);
    let line_end = chars[span.end..].iter().position(|&c| c == '\n' || c == '\r').map_or(chars.len(), |p| span.end + p);
    let from = line_start.max(span.start.saturating_sub(CONTEXT_CHARS));
    let to = line_end.min(span.end + CONTEXT_CHARS);
    // Runs of marks separated only by spaces or punctuation read as one marked phrase.
    let mut runs: Vec<Range<usize>> = Vec::new();
    for mark in marks {
        match runs.last_mut() {
            Some(last) if chars[last.end..mark.start].iter().all(|c| !c.is_alphanumeric()) => last.end = mark.end,
            _ => runs.push(mark.clone()),
        }
    }
    let piece = |range: Range<usize>| sanitize_line(&chars[range].iter().collect::<String>()).into_owned();
    let mut line = String::new();
    if from > line_start {
        line.push('…');
    }
    let mut at = from;
    for run in runs.iter().filter(|r| r.start >= from && r.end <= to) {
        line.push_str(&piece(at..run.start));
        line.push_str(MARK_OPEN);
        line.push_str(&piece(run.clone()));
        line.push_str(MARK_CLOSE);
        at = run.end;
    }
    line.push_str(&piece(at..to));
    if to < line_end {
        line.push('…');
    }
    line
}

#[derive(Serialize)]
struct JsonReport<'s> {
    query: &'s str,
    hits: Vec<JsonHit<'s>>,
}

#[derive(Serialize)]
struct JsonHit<'s> {
    source: &'s str,
    start: usize,
    end: usize,
    text: &'s str,
    score: f64,
    claims: Vec<&'s str>,
    events: Vec<&'s str>,
    /// The citing claims and events that a program drafted and no person has checked yet.
    drafts: Vec<&'s str>,
}

/// `factline find`: the report for `query`, as JSON or text; what limited it is said on stderr.
pub fn run(store: &Store, query: &str, json: bool, limit: usize, out: &mut impl Write) -> io::Result<()> {
    let index = TextIndex::new(store);
    let report = FindReport::new(store, &index, query, limit);
    if report.is_empty() {
        eprintln!("factline: no passage in these articles matches `{}`", sanitize_line(query));
    } else if !report.is_complete() {
        eprintln!("factline: these words are in most articles; only the likeliest articles were read");
    }
    if json { report.write_json(out) } else { report.write_text(out) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_cut_around_the_hit_and_adjacent_marks_form_one_run() {
        let text = "First line.\r\nPakistan said “those killed were not Iranians” today.\nLast.";
        let start = text[..text.find("those").unwrap_or(0)].chars().count();
        let word = |from: usize, len: usize| from..from + len;
        let line = marked_line(text, start..start + 30, &[word(start, 5), word(start + 6, 6), word(start + 22, 4)]);
        assert_eq!(line, "Pakistan said “[those killed] were not [Iran]ians” today.");
    }

    #[test]
    fn escape_sequences_in_the_article_never_reach_the_terminal() {
        let text = "a \u{1b}]0;owned\u{7}b said";
        let at = text.chars().count() - 4;
        let line = marked_line(text, at - 2..at + 4, &[at - 2..at - 1, at..at + 4]);
        assert!(!line.contains('\u{1b}'), "{line:?}");
        assert!(line.ends_with("[b said]"), "{line:?}");
    }
}
