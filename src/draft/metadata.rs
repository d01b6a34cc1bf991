//! What an article says about itself in its own lines: the headline, the byline, the publisher
//! and the publication date, in the forms scraped copy has them (`By Jane Doe, Staff Reporter`,
//! `Published On: Jan 22, 2024`, `2024-01-22 13:56:04`, a wire dateline `CITY, March 13 (Agency) –`,
//! `Edited By:`). A value the article does not give stays `None`; a copyright year is never a date.

use std::ops::Range;

use super::dates::{Ymd, explicit};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<Ymd>,
    /// Which line gave each value, for the source's `note`.
    pub provenance: Vec<String>,
    /// Lines that are the article's furniture (headline, byline, date lines): no claims there.
    pub furniture: Vec<Range<usize>>,
}

struct Line<'a> {
    number: usize,
    range: Range<usize>,
    text: &'a str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let body = raw.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        out.push(Line { number: n + 1, range: offset + lead..offset + lead + trimmed.len(), text: trimmed });
        offset += raw.len();
    }
    out
}

fn quote_line(line: &Line<'_>) -> String {
    let short: String = line.text.chars().take(80).collect();
    let more = if short.len() < line.text.len() { "…" } else { "" };
    format!("line {} (\u{201c}{short}{more}\u{201d})", line.number)
}

/// A label such as `Published On:` or `Edited By:` and what follows it on the line.
fn labelled<'a>(text: &'a str, labels: &[&str]) -> Option<&'a str> {
    let lower = text.to_lowercase();
    labels.iter().find_map(|label| {
        lower.starts_with(label).then(|| text[label.len()..].trim_start_matches([':', ' ', '\t']).trim())
    })
}

const DATE_LABELS: &[&str] =
    &["published on", "published", "posted on", "posted", "date", "updated on", "updated", "first published"];
const AUTHOR_LABELS: &[&str] = &["published by", "written by", "author", "by", "edited by", "reporting by"];

fn clean_author(value: &str) -> Option<String> {
    // "Jane Doe, Staff Reporter" → "Jane Doe"; "Staff Reporter" stays as the credit given.
    let name = value.split([',', '|']).next().unwrap_or("").trim();
    let name = name.strip_suffix(" and").unwrap_or(name);
    (!name.is_empty() && name.chars().count() <= 60 && !name.contains("http")).then(|| name.to_string())
}

/// Reads the article's own metadata lines.
pub fn read(text: &str) -> Metadata {
    let lines = lines(text);
    let mut meta = Metadata::default();
    let content: Vec<&Line<'_>> = lines.iter().filter(|l| !l.text.is_empty()).collect();
    // The headline: the first short line that is not a sentence; when a line repeats the next one
    // with page furniture before it ("You are currently viewing …"), the bare headline.
    if let Some(first) = content.first() {
        let headline_like = |l: &Line<'_>| {
            let chars = l.text.chars().count();
            (3..=180).contains(&chars)
                && !l.text.ends_with(['.', ':', ','])
                && labelled(l.text, DATE_LABELS).is_none()
                && labelled(l.text, AUTHOR_LABELS).is_none()
                && explicit(l.text, None).is_none_or(|_| chars > 40)
        };
        let mut pick = None;
        if headline_like(first) {
            pick = Some(*first);
            if let Some(second) = content.get(1)
                && second.text.len() < first.text.len()
                && first.text.ends_with(second.text)
            {
                pick = Some(*second);
                meta.furniture.push(first.range.clone());
            }
        }
        if let Some(line) = pick {
            meta.title = Some(line.text.to_string());
            meta.provenance.push(format!("title from {}", quote_line(line)));
            // The headline is often repeated; every copy is furniture.
            for l in &content {
                if l.text == line.text {
                    meta.furniture.push(l.range.clone());
                }
            }
        }
    }
    let mut dateline_day: Option<(u8, u8)> = None;
    for (i, line) in content.iter().enumerate() {
        let next = content.get(i + 1);
        // A label alone on its line takes its value from the next line ("Published By:\n\nName").
        let value_of = |value: &str| -> Option<(String, &Line<'_>)> {
            if !value.is_empty() { Some((value.to_string(), *line)) } else { next.map(|n| (n.text.to_string(), *n)) }
        };
        if meta.author.is_none()
            && let Some(value) = labelled(line.text, AUTHOR_LABELS)
            && (line.text.contains(':') || line.text.to_lowercase().starts_with("by "))
            && let Some((value, from)) = value_of(value)
            && let Some(author) = clean_author(&value)
        {
            let label = line.text.split(':').next().unwrap_or("").trim();
            let how = if label.to_lowercase().starts_with("edited") { " (an editor's credit)" } else { "" };
            meta.provenance.push(format!("author{how} from {}", quote_line(from)));
            meta.author = Some(author);
            meta.furniture.push(line.range.clone());
            meta.furniture.push(from.range.clone());
            continue;
        }
        if meta.published.is_none()
            && let Some(value) = labelled(line.text, DATE_LABELS)
            && let Some((value, from)) = value_of(value)
            && let Some(day) = explicit(&value, None)
        {
            meta.published = Some(day);
            meta.provenance.push(format!("published from {}", quote_line(from)));
            meta.furniture.push(line.range.clone());
            meta.furniture.push(from.range.clone());
            continue;
        }
        // A line that is only a timestamp.
        if meta.published.is_none()
            && line.text.chars().count() <= 40
            && line.text.chars().next().is_some_and(|c| c.is_ascii_digit())
            && let Some(day) = explicit(line.text, None)
        {
            meta.published = Some(day);
            meta.provenance.push(format!("published from {}", quote_line(line)));
            meta.furniture.push(line.range.clone());
            continue;
        }
        if meta.publisher.is_none()
            && let Some(rest) = copyright(line.text)
        {
            meta.publisher = Some(rest);
            meta.provenance.push(format!("publisher from {} (its year is not taken as a date)", quote_line(line)));
            meta.furniture.push(line.range.clone());
            continue;
        }
        if let Some((agency, day, year)) = dateline(line.text) {
            if meta.publisher.is_none() && agency.is_some() {
                meta.publisher = agency;
                meta.provenance.push(format!("publisher from the dateline, {}", quote_line(line)));
            }
            if meta.published.is_none() {
                match year.and_then(|y| day.and_then(|(m, d)| Ymd::new(y, m, d))) {
                    Some(full) => {
                        meta.published = Some(full);
                        meta.provenance.push(format!("published from the dateline, {}", quote_line(line)));
                    }
                    None => dateline_day = dateline_day.or(day),
                }
            }
        }
    }
    if meta.title.is_none() {
        meta.provenance.push("no headline line found".into());
    }
    for (value, what) in [(meta.author.is_none(), "author"), (meta.publisher.is_none(), "publisher")] {
        if value {
            meta.provenance.push(format!("no {what} given"));
        }
    }
    if meta.published.is_none() {
        let why = if dateline_day.is_some() { " (the dateline gives a day without a year)" } else { "" };
        meta.provenance.push(format!("no publication date given{why}"));
    }
    meta
}

/// `Copyright © 2021 Independent Pakistan | All rights reserved` → `Independent Pakistan`.
fn copyright(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let at = lower.find("copyright").or_else(|| lower.find('©'))?;
    if at > 3 {
        return None;
    }
    let rest: String = line[at..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .skip_while(|c| c.is_ascii_digit() || *c == '-' || *c == '–' || c.is_whitespace())
        .collect();
    let name = rest.split(['|', '.']).next().unwrap_or("").trim().trim_end_matches(',');
    let name = name.split(" All rights").next().unwrap_or(name).trim();
    (!name.is_empty() && name.chars().count() <= 60).then(|| name.to_string())
}

/// A wire dateline opening a paragraph: `FRANKFURT, March 13 2025 (Meridian Wire) –`,
/// `BRUSSELS, 18 November –`, `ISLAMABAD:`. Returns the agency, the month and day, and the year.
/// What a dateline gives: the agency, the month and day, the year.
type Dateline = (Option<String>, Option<(u8, u8)>, Option<i32>);

fn dateline(line: &str) -> Option<Dateline> {
    let head: String = line.chars().take(90).collect();
    let city: String = head.chars().take_while(|c| c.is_uppercase() || *c == ' ' || *c == '-').collect();
    if city.trim().chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let rest = &head[city.len()..];
    // A press release's dateline may stand alone on its line: `SAN JOSE, Calif., April 24, 2025
    // /PRNewswire/`, its agency between slashes.
    let whole_line = line.chars().count() <= 90 && !line.contains(['.', '!', '?']) || line.trim_end().ends_with('/');
    let stop = rest.find(['–', '—']).or_else(|| rest.find(" - ")).or(whole_line.then_some(rest.len()))?;
    let inner = &rest[..stop];
    if !inner.starts_with([',', ' ', ':']) {
        return None;
    }
    let between = |open: char, close: char| {
        let start = inner.find(open)? + open.len_utf8();
        let end = inner[start..].find(close)? + start;
        Some(inner[start..end].trim().to_string()).filter(|a| !a.is_empty())
    };
    let agency = between('(', ')').or_else(|| between('/', '/'));
    let date_text = inner.split(['(', '/']).next().unwrap_or("");
    let words: Vec<&str> = date_text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut day = None;
    let mut year = None;
    for (i, w) in words.iter().enumerate() {
        if let Some(m) = super::lexicon::month(w).filter(|_| w.len() >= 3) {
            let d = words
                .get(i + 1)
                .and_then(|n| n.parse::<u8>().ok())
                .or_else(|| i.checked_sub(1).and_then(|p| words[p].parse::<u8>().ok()));
            if let Some(d) = d {
                day = Some((m, d));
            }
        }
        if w.len() == 4
            && let Ok(y) = w.parse::<i32>()
        {
            year = Some(y);
        }
    }
    Some((agency, day, year))
}

/// How many bytes of a paragraph its wire dateline takes (`FRANKFURT, March 13 (Agency) – `,
/// `ISLAMABAD: `), so a statement never starts with it.
pub fn dateline_len(paragraph: &str) -> Option<usize> {
    let city: usize =
        paragraph.chars().take_while(|c| c.is_uppercase() || *c == ' ' || *c == '-').map(char::len_utf8).sum();
    if paragraph[..city].chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let rest = &paragraph[city..];
    if let Some(after) = rest.strip_prefix(':') {
        return Some(city + 1 + (after.len() - after.trim_start().len()));
    }
    if !rest.starts_with([',', ' ', '(']) {
        return None;
    }
    let window: usize = rest.chars().take(70).map(char::len_utf8).sum();
    let dash = rest[..window].find(['–', '—']).or_else(|| rest[..window].find(" - ").map(|i| i + 1))?;
    let dash_len = rest[dash..].chars().next().map_or(1, char::len_utf8);
    let after = &rest[dash + dash_len..];
    Some(city + dash + dash_len + (after.len() - after.trim_start().len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_lines_and_their_provenance() {
        let meta =
            read("Headline of the piece\n\nBy Jane Doe, Staff Reporter\n\nPublished On: Jan 22, 2024\n\nBody text.");
        assert_eq!(meta.title.as_deref(), Some("Headline of the piece"));
        assert_eq!(meta.author.as_deref(), Some("Jane Doe"));
        assert_eq!(meta.published, Ymd::new(2024, 1, 22));
        assert!(meta.provenance.iter().any(|p| p.starts_with("published from line 5")), "{:?}", meta.provenance);
    }

    #[test]
    fn a_label_alone_takes_the_next_line() {
        let meta = read("Title\n\nPublished By:\n\nPrateek Chakraborty\n\nPublished On:\n\nJan 22, 2024\n");
        assert_eq!(meta.author.as_deref(), Some("Prateek Chakraborty"));
        assert_eq!(meta.published, Ymd::new(2024, 1, 22));
    }

    #[test]
    fn a_copyright_year_is_never_the_date() {
        let meta = read("Title\n\nBody.\n\nCopyright © 2021 Independent Pakistan | All rights reserved");
        assert_eq!(meta.publisher.as_deref(), Some("Independent Pakistan"));
        assert_eq!(meta.published, None);
    }

    #[test]
    fn wire_datelines_give_the_agency_and_a_dated_day() {
        let meta = read("Title\n\nFRANKFURT, March 13 2025 (Meridian Wire) – The board said.");
        assert_eq!(meta.publisher.as_deref(), Some("Meridian Wire"));
        assert_eq!(meta.published, Ymd::new(2025, 3, 13));
        let undated = read("Title\n\nBRUSSELS, 18 November – The commission said.");
        assert_eq!(undated.published, None);
        let release = read("Title\n\nSAN JOSE, Calif., April 24, 2025 /Business Desk/\n\nThe company said.");
        assert_eq!(release.publisher.as_deref(), Some("Business Desk"));
        assert_eq!(release.published, Ymd::new(2025, 4, 24));
    }

    #[test]
    fn a_long_opening_sentence_is_not_a_headline() {
        let meta = read(
            "“After a telephonic discussion between the ministers, a statement was issued on the return of ambassadors to their posts by January 26, 2024.\nMore.",
        );
        assert_eq!(meta.title, None);
    }
}
