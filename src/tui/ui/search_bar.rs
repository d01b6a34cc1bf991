//! The two top rows: the view bar (tabs) and the search bar with its filter chips, plus the
//! dropdown of matching entities while the search bar has the focus.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};
use unicode_segmentation::UnicodeSegmentation;

use super::theme::Theme;
use crate::store::EntityKind;
use crate::text::{grapheme_width, sanitize_line, truncate, width};
use crate::tui::app::{App, DROPDOWN_SIZE};
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
        spans.push(Span::styled("search people and places", theme.dim()));
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

/// The dropdown of matches under the search bar, over the panes below; `room` is where it
/// may go.
pub fn draw_dropdown(frame: &mut Frame, room: Rect, app: &App, theme: Theme, state: &mut FrameState) {
    state.geometry.dropdown = Rect::default();
    if app.focus() != Focus::Search || app.hits().is_empty() || room.height == 0 {
        return;
    }
    let store = app.store();
    // Framed when there is room, so it reads as a menu over the list and not as part of it.
    let framed = room.height >= 3 && room.width >= 20;
    let border = if framed { 2 } else { 0 };
    let rows = app.hits().len().min(DROPDOWN_SIZE).min(usize::from(room.height - border)) as u16;
    let outer = Rect::new(room.x, room.y, room.width, rows + border);
    frame.render_widget(Clear, outer);
    let area = if framed {
        let block = Block::default().borders(Borders::ALL).border_style(theme.label());
        let inner = block.inner(outer);
        frame.render_widget(block, outer);
        inner
    } else {
        outer
    };
    let cells = area.width;
    for (row, hit) in app.hits().iter().take(usize::from(rows)).enumerate() {
        let entity = &store.entities[hit.entity as usize];
        let spelling = entity.spellings().nth(hit.spelling).unwrap_or(&entity.name);
        let events = store.events_of_entity(hit.entity).len();
        let count = format!(" {events} event{} ", if events == 1 { "" } else { "s" });
        let mut spans = vec![Span::raw(" "), Span::styled(kind_icon(entity.kind), theme.label()), Span::raw(" ")];
        let base = if row == app.selected_hit() { theme.selected(true) } else { Style::new() };
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
        frame.render_widget(Line::from(spans), Rect::new(area.x, area.y + row as u16, area.width, 1));
    }
    state.geometry.dropdown = area;
}
