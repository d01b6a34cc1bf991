//! The left/top pane: the current view's items, built only for the rows on screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::layout::{VARIANT_INDENT, rows_per_item, variant_column};
use super::theme::Theme;
use crate::store::{Anchoring, Status, Store};
use unicode_segmentation::UnicodeSegmentation;

use crate::text::{fit, grapheme_width, sanitize_line, truncate, width};
use crate::tui::app::App;
use crate::tui::frame_state::FrameState;
use crate::tui::review::item_anchoring;
use crate::tui::view::{Focus, Item, View};

/// The short badge text of an event type.
pub fn badge(kind: &str) -> &str {
    match kind {
        "diplomatic-visit" => "visit",
        "phone-call" => "call",
        "ambassador-recall" => "recall",
        "ambassador-return" => "return",
        "security-meeting" => "security",
        "announcement" => "announce",
        "casualties" => "casualty",
        other => other,
    }
}

const BADGE_WIDTH: usize = 9;
/// Before the title of an event its sources say is to happen.
pub const SCHEDULED_TAG: &str = "scheduled ";
/// The widest a date label gets ("16 Jan–2 Feb 2024" is cut); the column is as wide as the
/// widest date on screen.
const DATE_WIDTH: usize = 12;
const VERB_WIDTH: usize = 10;

/// Widths of the columns that size to what is on screen and to the terminal.
#[derive(Debug, Clone, Copy)]
struct Columns {
    date: usize,
    speaker: usize,
}

impl Columns {
    /// The dates and speakers of the rows from `offset` to `end`, as wide as the widest of
    /// them, the speaker at most a quarter of the row (more on a narrow one is the text's).
    fn of(app: &App, rows: std::ops::Range<usize>, cells: usize) -> Columns {
        let store = app.store();
        let year = Some(context_year(store));
        let (mut date, mut speaker) = (1, 1);
        for index in rows {
            match app.item(index) {
                Some(Item::Event(e)) => date = date.max(width(&store.events[e as usize].date.short_label(year))),
                Some(Item::Claim(c)) => {
                    let name = &store.entities[store.claims[c as usize].speaker as usize].name;
                    speaker = speaker.max(width(name));
                }
                _ => {}
            }
        }
        Columns { date: date.min(DATE_WIDTH), speaker: speaker.min((cells / 4).max(12)) }
    }
}

/// `text` in exactly `cells`, cut in the middle when too long: the ends of a name tell apart
/// what its start shares ("Ministry…of Pakistan", "Ministry…of Iran"). Whole words are kept at
/// both ends when they fit.
pub fn fit_middle(text: &str, cells: usize) -> String {
    let text = sanitize_line(text);
    if width(&text) <= cells || cells < 8 {
        return fit(&text, cells);
    }
    let first_word = text.split(' ').next().unwrap_or("");
    let head = if width(first_word) <= cells / 2 {
        first_word.to_string()
    } else {
        truncate(&text, (cells - 1) * 2 / 5).trim_end_matches('…').to_string()
    };
    let room = cells - width(&head) - 1;
    let mut tail: Vec<&str> = Vec::new();
    let mut used = 0;
    for g in text.graphemes(true).rev() {
        let w = grapheme_width(g);
        if used + w > room {
            break;
        }
        tail.push(g);
        used += w;
    }
    tail.reverse();
    let mut tail = tail.concat();
    let at_word = text.len() == tail.len() || text[..text.len() - tail.len()].ends_with(' ');
    if !at_word {
        // A tail that starts inside a word reads worse than a plainly cut end.
        let Some(space) = tail.find(' ') else { return fit(&text, cells) };
        tail = tail[space + 1..].to_string();
    }
    fit(&format!("{head}…{}", tail.trim_start()), cells)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, state: &mut FrameState) {
    let per = rows_per_item(app.view());
    let visible = usize::from(area.height / per);
    let offset = state.scroll_list(app.view(), app.selected_index(), visible);
    let focused = app.focus() == Focus::List;
    if app.is_empty() {
        let message = if app.filter_label().is_some() {
            "nothing matches — Esc clears the filter"
        } else if app.view() == View::Review {
            // The end of a review is a result, not an empty store.
            "nothing to review: no drafts, every passage where it was cited"
        } else {
            "this store has nothing to show here"
        };
        frame.render_widget(Line::styled(truncate(message, area.width.into()), theme.dim()), area);
        return;
    }
    let selected = app.selected_index();
    let end = (offset + visible).min(app.len());
    let store = app.store();
    // Review rows name their worst passage's status, once any article was edited.
    let tagged = app.view() == View::Review && store.anchoring_counts().total() > 0;
    let cells = usize::from(area.width).saturating_sub(if tagged { ANCHOR_TAG_WIDTH } else { 0 });
    let columns = Columns::of(app, offset..end, cells);
    for (row, index) in (offset..end).enumerate() {
        let Some(item) = app.item(index) else { break };
        let y = area.y + row as u16 * per;
        let is_selected = index == selected;
        let mut lines = match item {
            Item::Event(e) => vec![event_row(store, e, cells, columns, theme)],
            Item::Claim(c) => {
                // The review queue is in confidence order, so neighbours rarely share a speaker.
                let previous = index.checked_sub(1).and_then(|i| app.item(i)).filter(|_| app.view() != View::Review);
                let same_speaker = matches!(previous, Some(Item::Claim(p)) if store.claims[p as usize].speaker == store.claims[c as usize].speaker);
                vec![claim_row(store, c, !same_speaker || row == 0, cells, columns, theme)]
            }
            Item::Discrepancy(d) => {
                let variant = if is_selected { app.selected_variant() } else { None };
                discrepancy_rows(store, d, variant, cells, theme, focused && is_selected)
            }
        };
        // A discrepancy's variants row has no room in a one-row list (Review).
        lines.truncate(usize::from(per));
        if tagged && let Some(first) = lines.first_mut() {
            first.spans.insert(0, anchor_tag(item_anchoring(store, item), theme));
        }
        for (i, mut line) in lines.into_iter().enumerate() {
            let rect = Rect::new(area.x, y + i as u16, area.width, 1);
            if rect.bottom() > area.bottom() {
                break;
            }
            if is_selected && (i == 0 || per == 1) {
                // One flat style across the row: per-column colours under a reversed bar read as
                // a patchwork.
                let style = theme.selected(focused);
                for span in &mut line.spans {
                    span.style = style;
                }
            }
            frame.render_widget(line, rect);
        }
    }
}

/// The row's first cell: `?` on an item a program drafted and no person has checked yet.
fn draft_badge(status: Status, theme: Theme) -> Span<'static> {
    match status {
        Status::Draft => Span::styled("?", theme.disputed()),
        Status::Reviewed => Span::raw(" "),
    }
}

/// Cells of a Review row's passage status: "fuzzy 0.93" and a space.
const ANCHOR_TAG_WIDTH: usize = 11;

/// A Review row's passage status, in words (so it reads without colour): a passage never looks
/// exact when it is not. Blank for an item whose passages are all exact.
fn anchor_tag(anchoring: Option<&Anchoring>, theme: Theme) -> Span<'static> {
    match anchoring.and_then(Anchoring::label) {
        Some(label) => Span::styled(fit(&label, ANCHOR_TAG_WIDTH), theme.disputed()),
        None => Span::raw(" ".repeat(ANCHOR_TAG_WIDTH)),
    }
}

/// Distinct sources among passages.
fn source_count(passages: &[crate::store::Passage]) -> usize {
    let mut sources: Vec<u32> = passages.iter().map(|p| p.source).collect();
    sources.sort_unstable();
    sources.dedup();
    sources.len()
}

fn event_row(store: &Store, e: u32, cells: usize, columns: Columns, theme: Theme) -> Line<'static> {
    let event = &store.events[e as usize];
    let date = event.date.short_label(Some(context_year(store)));
    let sources = source_count(&event.evidence);
    let disputed = !store.discrepancies_of_event(e).is_empty();
    let right = format!(" {sources} src {}", if disputed { "≠" } else { " " });
    // What is still to happen says so in words, before its title, so the date is not read as past.
    let tag = if event.scheduled { SCHEDULED_TAG } else { "" };
    let fixed = 1 + columns.date + 1 + BADGE_WIDTH + 1 + width(tag) + width(&right);
    let title_width = cells.saturating_sub(fixed);
    let mut spans = vec![
        draft_badge(event.status, theme),
        Span::styled(format!("{:>w$}", truncate(&date, columns.date), w = columns.date), theme.strong()),
        Span::raw(" "),
        Span::styled(fit(badge(&event.kind), BADGE_WIDTH), theme.badge(&event.kind)),
        Span::raw(" "),
    ];
    if event.scheduled {
        spans.push(Span::styled(SCHEDULED_TAG, theme.scheduled()));
    }
    spans.extend([Span::raw(fit(&event.title, title_width)), Span::styled(format!(" {sources} src "), theme.dim())]);
    spans.push(if disputed { Span::styled("≠", theme.disputed()) } else { Span::raw(" ") });
    Line::from(spans)
}

/// The year the store is mostly about (its median event's), left out of dates to keep the
/// column narrow.
pub fn context_year(store: &Store) -> i32 {
    store.events.get(store.events.len() / 2).map_or(0, |e| e.date.from.year)
}

/// A verb as the list's narrow column shows it: its first word's lemma (`tweeted` → `tweet`,
/// `warned against` → `warn against`), so one verb reads one way down the column whatever the
/// tense an article used; the store keeps the verb as written, and the detail area shows that.
pub fn verb_lemma(verb: &str) -> String {
    let verb = verb.trim();
    let (first, rest) = verb.split_once(char::is_whitespace).unwrap_or((verb, ""));
    let lemma = crate::grammar::lemma(first, crate::grammar::Upos::Verb);
    if rest.is_empty() { lemma.into_owned() } else { format!("{lemma} {}", rest.trim_start()) }
}

fn claim_row(store: &Store, c: u32, show_speaker: bool, cells: usize, columns: Columns, theme: Theme) -> Line<'static> {
    let claim = &store.claims[c as usize];
    let speaker = if show_speaker { store.entities[claim.speaker as usize].name.as_str() } else { "" };
    let date = claim.date.map(|d| d.short_label(Some(context_year(store)))).unwrap_or_default();
    let date_width = if cells >= 70 { 9 } else { 0 };
    let speaker_width = if cells >= 60 { columns.speaker } else { columns.speaker.min(12) };
    let fixed = 1 + speaker_width + 1 + VERB_WIDTH + 1 + date_width;
    let disputed = !store.discrepancies_of_claim(c).is_empty();
    let text_width = cells.saturating_sub(fixed + 2);
    let mut spans = vec![
        draft_badge(claim.status, theme),
        Span::styled(fit_middle(speaker, speaker_width), theme.label()),
        Span::raw(" "),
        Span::styled(fit(&verb_lemma(&claim.verb), VERB_WIDTH), theme.dim()),
        Span::raw(" "),
        Span::raw(fit(&claim.text, text_width)),
        if disputed { Span::styled(" ≠", theme.disputed()) } else { Span::raw("  ") },
    ];
    if date_width > 0 {
        spans.push(Span::styled(format!("{:>w$}", truncate(&date, date_width - 1), w = date_width), theme.dim()));
    }
    Line::from(spans)
}

fn discrepancy_rows(
    store: &Store,
    d: u32,
    selected_variant: Option<usize>,
    cells: usize,
    theme: Theme,
    focused: bool,
) -> Vec<Line<'static>> {
    let discrepancy = &store.discrepancies[d as usize];
    let about: Vec<&str> = discrepancy
        .about
        .iter()
        .map(|about| match *about {
            crate::store::ItemRef::Event(e) => store.events[e as usize].title.as_str(),
            crate::store::ItemRef::Claim(c) => store.claims[c as usize].text.as_str(),
        })
        .collect();
    let topic = fit(&format!(" ≠ {} — {}", discrepancy.topic, about.join("; ")), cells);
    let column = variant_column(cells as u16, discrepancy.variants.len());
    let mut spans = vec![Span::raw(" ".repeat(VARIANT_INDENT.into()))];
    for (v, variant) in discrepancy.variants.iter().enumerate() {
        let style = if Some(v) == selected_variant { theme.selected(focused) } else { Style::new() };
        let label = format!("{}: {}", v + 1, variant.value);
        spans.push(Span::styled(fit(&label, column.saturating_sub(1)), style));
        if v + 1 < discrepancy.variants.len() {
            spans.push(Span::styled("│", theme.dim()));
        }
    }
    vec![Line::from(topic), Line::from(spans)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_shows_a_verbs_lemma_and_keeps_its_other_words() {
        assert_eq!(verb_lemma("tweeted"), "tweet");
        assert_eq!(verb_lemma("said"), "say");
        assert_eq!(verb_lemma("says"), "say");
        assert_eq!(verb_lemma("warned  against"), "warn against");
        assert_eq!(verb_lemma("told"), "tell");
    }

    #[test]
    fn names_cut_in_the_middle_keep_what_tells_them_apart() {
        let pakistan = fit_middle("Ministry of Foreign Affairs of Pakistan", 20);
        let iran = fit_middle("Ministry of Foreign Affairs of Iran", 20);
        assert_eq!(pakistan, "Ministry…of Pakistan");
        assert_eq!(iran.trim_end(), "Ministry…of Iran");
        assert_eq!(width(&iran), 20);
        assert_eq!(fit_middle("Iran", 20), format!("Iran{}", " ".repeat(16)));
        assert_eq!(width(&fit_middle("Embassy of the Islamic Republic of Iran in Islamabad", 13)), 13);
    }
}
