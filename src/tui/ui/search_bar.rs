//! The two top rows: the view bar (tabs) and the search bar with its filter chips, plus the
//! dropdown of matching entities while the search bar has the focus.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};
use unicode_segmentation::UnicodeSegmentation;

use super::theme::Theme;
use crate::find::Hit;
use crate::search::EntityHit;
use crate::store::EntityKind;
use crate::text::{fit, grapheme_width, sanitize_line, truncate, width};
use crate::tui::app::{App, Choice};
use crate::tui::frame_state::FrameState;
use crate::tui::view::{Focus, View};

pub fn kind_icon(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "●",
        EntityKind::Organization => "■",
        EntityKind::Group => "▲",
        EntityKind::Country => "◆",
        EntityKind::Place => "◎",
    }
}

pub fn draw_views(frame: &mut Frame, area: Rect, app: &App, theme: Theme, state: &mut FrameState) {
    let focused = app.focus() == Focus::Views;
    let mut x = area.x;
    let mut tabs = Vec::new();
    for (i, view) in View::ALL.into_iter().enumerate() {
        // The count shows at a glance how a filter thins out each view.
        let label = format!(" {} {} {} ", i + 1, view.title(), app.len_of(view));
        let w = width(&label) as u16;
        if x + w > area.right() {
            break;
        }
        let rect = Rect::new(x, area.y, w, 1);
        frame.render_widget(Line::styled(label, theme.tab(view == app.view(), focused)), rect);
        tabs.push((rect, view));
        x += w + 1;
    }
    state.geometry.views = tabs;
    if let Some(title) = &app.store().title {
        let room = usize::from(area.right().saturating_sub(x + 1));
        let title = truncate(title, room);
        let w = width(&title) as u16;
        if w > 0 {
            frame.render_widget(Line::styled(title, theme.dim()), Rect::new(area.right() - w, area.y, w, 1));
        }
    }
}

pub fn draw_search(frame: &mut Frame, area: Rect, app: &App, theme: Theme, state: &mut FrameState) {
    let focused = app.focus() == Focus::Search;
    state.geometry.search = area;
    let store = app.store();
    let mut spans =
        vec![Span::styled(" / ", if focused { theme.selected(true) } else { theme.label() }), Span::raw(" ")];
    for &chip in app.chips() {
        spans.push(Span::styled(format!(" {} ", sanitize_line(&store.entities[chip as usize].name)), theme.chip()));
        spans.push(Span::raw(" "));
    }
    let query = sanitize_line(app.query()).into_owned();
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if query.is_empty() && !focused && app.chips().is_empty() {
        spans.push(Span::styled("search people, places and article text", theme.dim()));
    } else {
        // Keep the end of a long query visible: that is where the typing happens.
        let room = usize::from(area.width).saturating_sub(used + 1);
        let mut start = query.len();
        let mut shown_width = 0;
        for (at, grapheme) in query.grapheme_indices(true).rev() {
            let w = grapheme_width(grapheme);
            if shown_width + w > room {
                break;
            }
            shown_width += w;
            start = at;
        }
        spans.push(Span::raw(query[start..].to_string()));
        let cursor = used + shown_width;
        if focused && cursor < usize::from(area.width) {
            frame.set_cursor_position(Position::new(area.x + cursor as u16, area.y));
        }
    }
    frame.render_widget(Line::from(spans), area);
}

/// One row of the dropdown.
enum Row {
    Heading(String),
    Choice(usize, Choice),
}

/// The dropdown under the search bar, over the panes below; `room` is where it may go. Two
/// sections, each under its heading: people and places, and passages of the articles, in the
/// order `App::choices` gives.
pub fn draw_dropdown(frame: &mut Frame, room: Rect, app: &App, theme: Theme, state: &mut FrameState) {
    state.geometry.dropdown = Rect::default();
    state.geometry.dropdown_rows.clear();
    let has_text = !app.text_hits().is_empty() || app.indexing();
    if app.focus() != Focus::Search || (app.hits().is_empty() && !has_text) || room.height == 0 {
        return;
    }
    let mut rows: Vec<Row> = Vec::new();
    let choices = app.choices();
    // Headings only when there is more than one kind of row to tell apart.
    let both = (!app.hits().is_empty() && has_text) || app.indexing();
    let mut section = None;
    for (i, &choice) in choices.iter().enumerate() {
        let is_text = matches!(choice, Choice::Text(_));
        if both && section != Some(is_text) {
            section = Some(is_text);
            rows.push(Row::Heading(heading(app, is_text)));
        }
        rows.push(Row::Choice(i, choice));
    }
    if app.indexing() {
        rows.push(Row::Heading(format!("{} · indexing articles…", heading(app, true))));
    }
    // Framed when there is room, so it reads as a menu over the list and not as part of it.
    let framed = room.height >= 3 && room.width >= 20;
    let border = if framed { 2 } else { 0 };
    let shown_rows = rows.len().min(usize::from(room.height.saturating_sub(border))) as u16;
    if shown_rows == 0 {
        return;
    }
    let outer = Rect::new(room.x, room.y, room.width, shown_rows + border);
    frame.render_widget(Clear, outer);
    let area = if framed {
        let block = Block::default().borders(Borders::ALL).border_style(theme.label());
        let inner = block.inner(outer);
        frame.render_widget(block, outer);
        inner
    } else {
        outer
    };
    // One column for the articles' names, as wide as the longest (up to a third of the row), so
    // the names line up whatever the words before them.
    let names: Vec<String> = app
        .text_hits()
        .iter()
        .map(|hit| super::detail::source_name(&app.store().sources[hit.source as usize]))
        .collect();
    let name_cells = names.iter().map(|name| width(name)).max().unwrap_or(0).min(usize::from(area.width) / 3);
    for (y, row) in rows.iter().take(usize::from(shown_rows)).enumerate() {
        let rect = Rect::new(area.x, area.y + y as u16, area.width, 1);
        let line = match row {
            Row::Heading(text) => {
                state.geometry.dropdown_rows.push(None);
                Line::styled(truncate(&format!(" {text}"), area.width.into()), theme.dim())
            }
            Row::Choice(i, choice) => {
                state.geometry.dropdown_rows.push(Some(*i));
                let base = if *i == app.selected_hit() { theme.selected(true) } else { Style::new() };
                match *choice {
                    Choice::Entity(e) => entity_line(app, &app.hits()[e], base, area.width, theme),
                    Choice::Text(t) => {
                        let column = (names[t].as_str(), name_cells);
                        text_line(app, &app.text_hits()[t], column, base, area.width, theme)
                    }
                }
            }
        };
        frame.render_widget(line, rect);
    }
    state.geometry.dropdown = area;
}

fn heading(app: &App, text: bool) -> String {
    if !text {
        return "people and places".into();
    }
    match app.text_hits().len() {
        0 => "in the articles".into(),
        1 => "in the articles: 1 passage".into(),
        n => format!("in the articles: {n} passages"),
    }
}

fn entity_line<'a>(app: &App, hit: &EntityHit, base: Style, cells: u16, theme: Theme) -> Line<'a> {
    let store = app.store();
    let entity = &store.entities[hit.entity as usize];
    let spelling = entity.spellings().nth(hit.spelling).unwrap_or(&entity.name);
    let events = store.events_of_entity(hit.entity).len();
    let count = format!(" {} ", crate::text::count(events, "event"));
    let mut spans = vec![Span::raw(" "), Span::styled(kind_icon(entity.kind), theme.label()), Span::raw(" ")];
    let budget = usize::from(cells).saturating_sub(width(&count) + 4);
    let mut used = 0;
    // Whole graphemes, so a combining mark stays on its letter; a grapheme is marked when
    // any of its characters matched.
    let mut chars = 0;
    for grapheme in spelling.graphemes(true) {
        let range = chars..chars + grapheme.chars().count();
        chars = range.end;
        let shown = sanitize_line(grapheme).into_owned();
        let w = width(&shown);
        if used + w > budget {
            break;
        }
        used += w;
        let hit_here = hit.matched.iter().any(|i| range.contains(i));
        spans.push(Span::styled(shown, if hit_here { base.patch(theme.matched()) } else { base }));
    }
    if hit.spelling != 0 {
        let alias = truncate(&format!("  → {}", entity.name), budget.saturating_sub(used));
        used += width(&alias);
        spans.push(Span::styled(alias, theme.dim()));
    }
    spans.push(Span::raw(" ".repeat(budget.saturating_sub(used))));
    spans.push(Span::styled(count, theme.dim()));
    Line::from(spans)
}

/// A passage: its words (those the query matched marked) and, on the right, its article's name
/// in a column `(name, cells)` wide.
fn text_line<'a>(
    app: &App,
    hit: &Hit,
    (name, name_cells): (&str, usize),
    base: Style,
    cells: u16,
    theme: Theme,
) -> Line<'a> {
    let source = &app.store().sources[hit.source as usize];
    let cells = usize::from(cells);
    // The article's name takes at most a third of the row: the words are what was asked for.
    let article = format!("  {} ", fit(name, name_cells));
    let budget = cells.saturating_sub(width(&article) + 4);
    let mut spans = vec![Span::raw(" "), Span::styled("❝", theme.label()), Span::raw(" ")];
    // From a few words before the hit, and on past it as far as the row goes: a single
    // matched word reads only in its sentence.
    let lead = source.text[..hit.bytes.start]
        .char_indices()
        .rev()
        .take(budget / 4)
        .filter(|(_, c)| c.is_whitespace())
        .last()
        .map_or(hit.bytes.start, |(at, c)| at + c.len_utf8());
    let text = &source.text[lead..];
    let mut used = 0;
    let mut at = hit.start - source.text[lead..hit.bytes.start].chars().count();
    for grapheme in text.graphemes(true) {
        let range = at..at + grapheme.chars().count();
        at = range.end;
        // Line breaks in the passage read as spaces on one row.
        let shown =
            if grapheme.chars().all(char::is_whitespace) { " ".into() } else { sanitize_line(grapheme).into_owned() };
        let w = width(&shown);
        if used + w > budget {
            break;
        }
        used += w;
        let marked = hit.marks.iter().any(|m| m.start < range.end && range.start < m.end);
        spans.push(Span::styled(shown, if marked { base.patch(theme.matched()) } else { base }));
    }
    spans.push(Span::raw(" ".repeat(budget.saturating_sub(used))));
    spans.push(Span::styled(article, theme.dim()));
    Line::from(spans)
}
