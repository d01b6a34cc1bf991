//! The right/bottom pane: the article of the current passage, wrapped to the pane, with the
//! passage highlighted and scrolled into view.

use std::ops::Range;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use super::theme::Theme;
use crate::store::Source;
use crate::text::{WrappedLine, display_grapheme, line_of_char, shows, truncate, width};
use crate::tui::app::App;
use crate::tui::frame_state::{FrameState, SourceView};
use crate::tui::view::Focus;

/// Header rows above the text: title, then publisher, date and passage number.
fn header_rows(area: Rect) -> u16 {
    if area.height >= 8 { 2 } else { 1 }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, state: &mut FrameState) {
    let focused = app.focus() == Focus::Source;
    let header = header_rows(area).min(area.height);
    let body = Rect::new(area.x, area.y + header, area.width, area.height - header);
    state.geometry.source = area;
    state.geometry.source_body = body.height;
    let (index, count) = app.passage_position();
    let Some(current) = app.current_passage() else {
        state.geometry.source_lines = 0;
        let line = Line::styled(truncate(" no passage to show", area.width.into()), theme.header(focused));
        frame.render_widget(line, Rect::new(area.x, area.y, area.width, 1));
        return;
    };
    let (source_ix, start, end) = (current.passage.source, current.passage.start, current.passage.end);
    // The item's other passages in this article are marked too, more quietly.
    let others: Vec<std::ops::Range<usize>> = app
        .selected()
        .map(|item| app.passages_of(item))
        .unwrap_or_default()
        .iter()
        .filter(|p| p.passage.source == source_ix && (p.passage.start, p.passage.end) != (start, end))
        .map(|p| p.passage.start..p.passage.end)
        .collect();
    let store = app.store();
    let source = &store.sources[source_ix as usize];
    // A passage whose article was edited is never shown as if it were exact: its status is named.
    let position = match current.passage.anchoring.label() {
        Some(status) => format!(" passage {}/{} · {status} ", index + 1, count),
        None => format!(" passage {}/{} ", index + 1, count),
    };
    draw_header(frame, area, header, source, &position, theme, focused);

    let lines = state.wrapped(store, source_ix, body.width);
    let height = usize::from(body.height);
    let max_top = lines.len().saturating_sub(height);
    let top = match (app.source_scroll(), state.source_view()) {
        (Some(top), _) => top.min(max_top),
        // Same article, same width, and the passage already on screen: stay put, so moving
        // between nearby items does not make the text jump (and little has to be redrawn).
        (None, Some(previous))
            if (previous.source, previous.width) == (source_ix, body.width)
                && shows(&lines, start..end, previous.top, height) =>
        {
            previous.top.min(max_top)
        }
        (None, _) => follow(&lines, start, end, height).min(max_top),
    };
    state.set_source_view(SourceView { source: source_ix, width: body.width, top, lines: Arc::clone(&lines) });
    state.geometry.source_top = top;
    state.geometry.source_lines = lines.len();
    let text = &source.text;
    for (row, line) in lines.iter().skip(top).take(height).enumerate() {
        let rect = Rect::new(body.x, body.y + row as u16, body.width, 1);
        frame.render_widget(styled_line(text, line, start..end, &others, theme), rect);
    }
}

fn draw_header(frame: &mut Frame, area: Rect, rows: u16, source: &Source, position: &str, theme: Theme, focused: bool) {
    let cells = usize::from(area.width);
    let title = source.title.as_deref().unwrap_or(&source.id);
    let style = theme.header(focused);
    let mut meta: Vec<String> = Vec::new();
    meta.push(source.publisher.clone().unwrap_or_else(|| "publisher not named".into()));
    if let Some(author) = &source.author {
        meta.push(author.clone());
    }
    meta.push(source.published.map_or_else(|| "undated".into(), |d| d.short_label(None)));
    let meta = meta.join(" · ");
    if rows >= 2 {
        let title_line = truncate(&format!(" {title}"), cells);
        let pad = cells.saturating_sub(width(&title_line));
        frame.render_widget(
            Line::styled(format!("{title_line}{}", " ".repeat(pad)), style),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let room = cells.saturating_sub(width(position));
        let meta = truncate(&format!(" {meta}"), room);
        let pad = room.saturating_sub(width(&meta));
        let line = Line::from(vec![
            Span::styled(meta, theme.dim()),
            Span::raw(" ".repeat(pad)),
            Span::styled(position.to_string(), theme.label()),
        ]);
        frame.render_widget(line, Rect::new(area.x, area.y + 1, area.width, 1));
    } else if rows == 1 {
        let room = cells.saturating_sub(width(position));
        let left = truncate(&format!(" {title} — {meta}"), room);
        let pad = room.saturating_sub(width(&left));
        let line = Line::from(vec![
            Span::styled(left, style),
            Span::styled(" ".repeat(pad), style),
            Span::styled(position.to_string(), style),
        ]);
        frame.render_widget(line, Rect::new(area.x, area.y, area.width, 1));
    }
}

/// Top line that shows the passage a third of the way down, or from its start when it is
/// longer than the pane.
fn follow(lines: &[WrappedLine], start: usize, end: usize, height: usize) -> usize {
    let first = line_of_char(lines, start);
    let last = line_of_char(lines, end.saturating_sub(1).max(start));
    let span = last - first + 1;
    if span >= height { first } else { first.saturating_sub((height - span) / 3) }
}

/// One wrapped line, its characters inside `passage` (code points) highlighted and those inside
/// `others` marked. Every grapheme is sanitized here, at the last moment, so offsets still count
/// the original text.
fn styled_line<'a>(
    text: &'a str,
    line: &WrappedLine,
    passage: Range<usize>,
    others: &[Range<usize>],
    theme: Theme,
) -> Line<'a> {
    let slice = &text[line.bytes.clone()];
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut run = String::new();
    let mut run_style = Style::new();
    let mut at = line.start_char;
    for grapheme in slice.graphemes(true) {
        let chars = grapheme.chars().count();
        let overlaps = |r: &Range<usize>| at < r.end && at + chars > r.start;
        let style = if overlaps(&passage) {
            theme.passage()
        } else if others.iter().any(overlaps) {
            theme.other_passage()
        } else {
            Style::new()
        };
        at += chars;
        if style != run_style && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), run_style));
        }
        run_style = style;
        run.push_str(&display_grapheme(grapheme));
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, run_style));
    }
    Line::from(spans)
}
