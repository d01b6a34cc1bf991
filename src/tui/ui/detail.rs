//! The detail area: the selected item whole, wrapped at the terminal's width — an event's title,
//! a claim's text, a disagreement's every variant with the sources that give it — then who,
//! where and when, and what it is linked to. The lists cut their columns to fit; this is where
//! the words are read. When the item needs more rows than the area has, `J`/`K` scroll it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use super::theme::Theme;
use crate::store::{Anchoring, EntityIx, ItemRef, Passage, Source, Status, Store};
use crate::text::{grapheme_width, sanitize_line, truncate, width};
use crate::tui::app::App;
use crate::tui::frame_state::FrameState;
use crate::tui::view::Item;

fn names(store: &Store, entities: &[EntityIx]) -> String {
    let names: Vec<String> =
        entities.iter().map(|&e| sanitize_line(&store.entities[e as usize].name).into_owned()).collect();
    if names.is_empty() { "—".into() } else { names.join(", ") }
}

fn field(spans: &mut Vec<Span<'static>>, theme: Theme, label: &str, value: String) {
    if !spans.is_empty() {
        spans.push(Span::styled(" · ", theme.dim()));
    }
    spans.push(Span::styled(format!("{label} "), theme.label()));
    spans.push(Span::raw(value));
}

/// How a source is named to a reader: its title, else its publisher, else words made of its
/// file's name or its id (`004-joint-statement-tweets.txt` reads "Joint statement tweets").
pub fn source_name(source: &Source) -> String {
    if let Some(name) = source.title.as_deref().or(source.publisher.as_deref()) {
        return sanitize_line(name).into_owned();
    }
    let file = source.file.as_deref().map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f));
    let stem = file.map_or(source.id.as_str(), |f| f.rsplit_once('.').map_or(f, |(stem, _)| stem));
    readable(stem).unwrap_or_else(|| sanitize_line(file.unwrap_or(&source.id)).into_owned())
}

/// A file or id stem as words: split at `-`, `_` and `.`, the leading numbering dropped (an
/// order, not a name), the first letter capitalised; `None` when no word is left.
fn readable(stem: &str) -> Option<String> {
    let words: Vec<&str> = stem
        .split(['-', '_', '.', ' '])
        .filter(|w| !w.is_empty())
        .skip_while(|w| w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    let joined = sanitize_line(&words.join(" ")).into_owned();
    let mut chars = joined.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// The distinct sources of some passages, in the order first cited, each name cut to `cells`.
fn sources_of(store: &Store, passages: &[Passage], cells: usize) -> String {
    let mut seen: Vec<u32> = Vec::new();
    for passage in passages {
        if !seen.contains(&passage.source) {
            seen.push(passage.source);
        }
    }
    seen.iter().map(|&s| truncate(&source_name(&store.sources[s as usize]), cells)).collect::<Vec<_>>().join("; ")
}

fn draft_mark(spans: &mut Vec<Span<'static>>, status: Status, theme: Theme) {
    if status == Status::Draft {
        spans.push(Span::styled("draft, not yet checked · ", theme.disputed()));
    }
}

/// Word-wraps styled spans to `cells`, continuation lines indented by `indent` cells. Breaks
/// after spaces; a word longer than a line is broken between graphemes.
pub fn wrap_spans(spans: Vec<Span<'static>>, cells: usize, indent: usize) -> Vec<Line<'static>> {
    let cells = cells.max(indent + 8);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for span in spans {
        let style = span.style;
        for word in span.content.split_inclusive(' ') {
            let w = width(word);
            let bare = width(word.trim_end_matches(' '));
            if used > 0 && used + bare > cells && used > indent {
                lines.push(vec![Span::raw(" ".repeat(indent))]);
                used = indent;
            }
            if used + bare <= cells {
                push(lines.last_mut().expect("one line at least"), word, style);
                used += w;
                continue;
            }
            // Longer than a whole line: cut between graphemes.
            for grapheme in word.graphemes(true) {
                let g = grapheme_width(grapheme);
                if used + g > cells && used > indent {
                    lines.push(vec![Span::raw(" ".repeat(indent))]);
                    used = indent;
                }
                push(lines.last_mut().expect("one line at least"), grapheme, style);
                used += g;
            }
        }
    }
    lines.into_iter().filter(|spans| spans.iter().any(|s| !s.content.trim().is_empty())).map(Line::from).collect()
}

fn push(line: &mut Vec<Span<'static>>, text: &str, style: Style) {
    match line.last_mut() {
        Some(last) if last.style == style => last.content.to_mut().push_str(text),
        _ => line.push(Span::styled(text.to_string(), style)),
    }
}

/// Every line the selected item needs at `cells` wide: its own words first, then its facts,
/// then what links to it. Linked claims of an event take one line each (they are items of
/// their own, read whole in their view).
pub fn lines(app: &App, theme: Theme, cells: usize) -> Vec<Line<'static>> {
    let store = app.store();
    let Some(item) = app.selected() else { return Vec::new() };
    let mut out: Vec<Line<'static>> = Vec::new();
    // A passage whose article changed since it was cited: what it quoted, against what is
    // there now, before anything else — it is what the reviewer decides on.
    if let Some(current) = app.current_passage() {
        out.extend(evidence(store, current.passage, theme, cells));
    }
    let mut wrapped = |spans: Vec<Span<'static>>, indent: usize| out.extend(wrap_spans(spans, cells, indent));
    match item {
        Item::Event(e) => {
            let event = &store.events[e as usize];
            let mut title = Vec::new();
            draft_mark(&mut title, event.status, theme);
            if event.scheduled {
                title.push(Span::styled("scheduled, still to happen when reported · ", theme.scheduled()));
            }
            title.push(Span::styled(sanitize_line(&event.title).into_owned(), theme.strong()));
            wrapped(title, 0);
            let mut facts = Vec::new();
            field(&mut facts, theme, "date", event.date.short_label(None));
            field(&mut facts, theme, "actors", names(store, &event.actors));
            if !event.targets.is_empty() {
                field(&mut facts, theme, "targets", names(store, &event.targets));
            }
            field(&mut facts, theme, "places", names(store, &event.places));
            if let Some(n) = event.fatalities {
                field(&mut facts, theme, "fatalities", n.to_string());
            }
            field(&mut facts, theme, "sources", sources_of(store, &event.evidence, (cells / 3).max(24)));
            wrapped(facts, 2);
            let mut linked = discrepancies(store, store.discrepancies_of_event(e), theme);
            let claims = store.claims_about_event(e);
            let label = format!("claims ({})", claims.len());
            if claims.is_empty() {
                let mut spans = Vec::new();
                field(&mut spans, theme, "claims", "none recorded".into());
                linked.push(Line::from(spans));
            }
            for (i, &c) in claims.iter().enumerate() {
                let claim = &store.claims[c as usize];
                let text = format!("{} {}: {}", store.entities[claim.speaker as usize].name, claim.verb, claim.text);
                let head = if i == 0 { label.clone() } else { " ".repeat(label.len()) };
                let room = cells.saturating_sub(width(&head) + 1);
                let mut spans = Vec::new();
                field(&mut spans, theme, &head, truncate(&text, room));
                linked.push(Line::from(spans));
            }
            out.extend(linked);
        }
        Item::Claim(c) => {
            let claim = &store.claims[c as usize];
            let mut said = Vec::new();
            draft_mark(&mut said, claim.status, theme);
            said.push(Span::styled(format!("“{}”", sanitize_line(&claim.text)), theme.strong()));
            wrapped(said, 1);
            let mut facts = Vec::new();
            field(&mut facts, theme, "speaker", names(store, &[claim.speaker]));
            field(&mut facts, theme, "verb", sanitize_line(&claim.verb).into());
            field(&mut facts, theme, "date", claim.date.map_or_else(|| "undated".into(), |d| d.short_label(None)));
            if !claim.mentions.is_empty() {
                field(&mut facts, theme, "mentions", names(store, &claim.mentions));
            }
            field(&mut facts, theme, "sources", sources_of(store, &claim.evidence, (cells / 3).max(24)));
            wrapped(facts, 2);
            let titles: Vec<&str> = claim.about.iter().map(|&e| store.events[e as usize].title.as_str()).collect();
            let mut about = Vec::new();
            let titles = if titles.is_empty() { "—".into() } else { sanitize_line(&titles.join(" | ")).into() };
            field(&mut about, theme, "about", titles);
            wrapped(about, 2);
            out.extend(discrepancies(store, store.discrepancies_of_claim(c), theme));
        }
        Item::Discrepancy(d) => {
            let discrepancy = &store.discrepancies[d as usize];
            let topic = format!("≠ {}", sanitize_line(&discrepancy.topic));
            wrapped(vec![Span::styled(topic, theme.strong())], 2);
            let about: Vec<String> = discrepancy
                .about
                .iter()
                .map(|about| match *about {
                    ItemRef::Event(e) => store.events[e as usize].title.clone(),
                    ItemRef::Claim(c) => store.claims[c as usize].text.clone(),
                })
                .collect();
            let mut head = Vec::new();
            field(&mut head, theme, "about", sanitize_line(&about.join(" | ")).into());
            field(&mut head, theme, "variants", discrepancy.variants.len().to_string());
            wrapped(head, 2);
            let selected = app.selected_variant();
            for (v, variant) in discrepancy.variants.iter().enumerate() {
                let marker = if Some(v) == selected { "▶" } else { " " };
                let label = format!("{marker}{}:", v + 1);
                let mut spans = vec![Span::styled(format!("{label} "), theme.label())];
                spans.push(Span::raw(sanitize_line(&variant.value).into_owned()));
                spans.push(Span::styled(" — ", theme.dim()));
                // Named short: the variant is what is read here, its sources are in the pane above.
                spans.push(Span::styled(sources_of(store, &variant.evidence, (cells / 2).max(24)), theme.dim()));
                wrapped(spans, width(&label) + 1);
            }
        }
    }
    out
}

/// What an edited article did to the passage shown: the vanished quote of an orphan, the same
/// words at a new place, or the words quoted against those found now with the changed ones
/// marked. Nothing for a passage still exactly where it was cited.
fn evidence(store: &Store, passage: &Passage, theme: Theme, cells: usize) -> Vec<Line<'static>> {
    let label = |text: &str| Span::styled(format!("{text} "), theme.disputed());
    let quote = |text: &str| Span::raw(format!("“{}”", sanitize_line(text)));
    match &*passage.anchoring {
        Anchoring::Exact => Vec::new(),
        Anchoring::Orphan { quoted } => wrap_spans(vec![label("vanished from the article:"), quote(quoted)], cells, 2),
        Anchoring::Moved { quoted } => wrap_spans(vec![label("moved, same words:"), quote(quoted)], cells, 2),
        Anchoring::Fuzzy { quoted, .. } => {
            let now = passage.exact(&store.sources);
            let (was_marks, now_marks) = changed_words(quoted, now);
            let mut lines = wrap_spans(marked(label("was:"), quoted, &was_marks, theme), cells, 5);
            lines.extend(wrap_spans(marked(label("now:"), now, &now_marks, theme), cells, 5));
            lines
        }
    }
}

/// The words of `text` in quotes after `head`, those flagged in `changed` in the mark style.
fn marked(head: Span<'static>, text: &str, changed: &[bool], theme: Theme) -> Vec<Span<'static>> {
    let mut spans = vec![head, Span::raw("“")];
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let word = sanitize_line(word).into_owned();
        spans.push(if changed.get(i).copied().unwrap_or(false) {
            Span::styled(word, theme.found())
        } else {
            Span::raw(word)
        });
    }
    spans.push(Span::raw("”"));
    spans
}

/// For each word of `a` and of `b`, whether it is outside their longest common subsequence of
/// words: the words an edit changed, dropped or added. Passages are sentences, so the table is
/// small; one longer than `LONGEST` words on either side is marked whole rather than compared.
fn changed_words(a: &str, b: &str) -> (Vec<bool>, Vec<bool>) {
    const LONGEST: usize = 400;
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split_whitespace().collect(), b.split_whitespace().collect());
    if a.len() > LONGEST || b.len() > LONGEST {
        return (vec![true; a.len()], vec![true; b.len()]);
    }
    let same = |x: &str, y: &str| crate::text::fold(x) == crate::text::fold(y);
    // common[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut common = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] =
                if same(a[i], b[j]) { common[i + 1][j + 1] + 1 } else { common[i + 1][j].max(common[i][j + 1]) };
        }
    }
    let (mut in_a, mut in_b) = (vec![true; a.len()], vec![true; b.len()]);
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if same(a[i], b[j]) {
            (in_a[i], in_b[j]) = (false, false);
            (i, j) = (i + 1, j + 1);
        } else if common[i + 1][j] >= common[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (in_a, in_b)
}

fn discrepancies(store: &Store, list: &[u32], theme: Theme) -> Vec<Line<'static>> {
    let mut spans = Vec::new();
    if list.is_empty() {
        field(&mut spans, theme, "discrepancies", "none recorded".into());
        return vec![Line::from(spans)];
    }
    let topics: Vec<String> =
        list.iter().map(|&d| sanitize_line(&store.discrepancies[d as usize].topic).into_owned()).collect();
    field(&mut spans, theme, &format!("≠ discrepancies ({})", topics.len()), topics.join(" | "));
    vec![Line::from(spans)]
}

/// Draws `lines` (from `lines`) from the app's scroll position; the last row says how many are
/// below when they do not all fit.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, lines: Vec<Line<'static>>, state: &mut FrameState) {
    let rows = usize::from(area.height);
    state.geometry.detail_lines = lines.len();
    state.geometry.detail_height = rows;
    let top = app.detail_scroll().min(lines.len().saturating_sub(rows));
    let more = lines.len().saturating_sub(top + rows);
    let mut shown: Vec<Line<'static>> = lines.into_iter().skip(top).take(rows).collect();
    if more > 0 && rows > 1 {
        shown.truncate(rows - 1);
        let word = if more == 1 { "line" } else { "lines" };
        shown.push(Line::styled(format!("  ↓ {more} more {word} (J/K scroll)"), theme.dim()));
    }
    for (row, line) in shown.into_iter().enumerate() {
        frame.render_widget(line, Rect::new(area.x, area.y + row as u16, area.width, 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn wrapping_keeps_every_word_and_fits_the_width() {
        let words = "Iran's foreign ministry confirmed the visit and said talks would cover security";
        let lines = wrap_spans(vec![Span::raw(words.to_string())], 20, 2);
        for line in text(&lines) {
            assert!(width(line.trim_end()) <= 20, "{line:?}");
        }
        let joined: Vec<String> =
            text(&lines).iter().flat_map(|l| l.split_whitespace().map(String::from).collect::<Vec<_>>()).collect();
        assert_eq!(joined.join(" "), words);
        assert!(text(&lines)[1].starts_with("  "), "continuations are indented");
    }

    #[test]
    fn the_words_an_edit_changed_are_marked_on_both_sides() {
        let (was, now) = changed_words("Iran said its missiles struck", "Iran said its drones struck militants");
        assert_eq!(was, [false, false, false, true, false]);
        assert_eq!(now, [false, false, false, true, false, true]);
        // Case and quotes alone are no change.
        let (was, now) = changed_words("“Iran’s” ministry", "\"iran's\" ministry");
        assert!(was.iter().chain(&now).all(|&c| !c));
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_between_graphemes_not_lost() {
        let lines = wrap_spans(vec![Span::raw("x".repeat(25))], 10, 0);
        assert_eq!(text(&lines).concat().len(), 25);
        assert!(lines.len() >= 3);
    }
}
