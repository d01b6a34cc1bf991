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
use crate::tui::selection::Purpose;
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
    let found = app.found_hit();
    // An uncited text hit shows its bare article: no item has a passage there.
    let current = if app.found_uncited() { None } else { app.current_passage() };
    let (source_ix, passage) = match (current, found) {
        (Some(current), _) => (current.passage.source, current.passage.start..current.passage.end),
        (None, Some(hit)) => (hit.source, hit.start..hit.start),
        (None, None) => {
            state.geometry.source_lines = 0;
            let line = Line::styled(truncate(" no passage to show", area.width.into()), theme.header(focused));
            frame.render_widget(line, Rect::new(area.x, area.y, area.width, 1));
            return;
        }
    };
    let (start, end) = (passage.start, passage.end);
    // The item's other passages in this article are marked too, more quietly.
    let others: Vec<std::ops::Range<usize>> = current
        .and_then(|_| app.selected())
        .map(|item| app.passages_of(item))
        .unwrap_or_default()
        .iter()
        .filter(|p| p.passage.source == source_ix && (p.passage.start, p.passage.end) != (start, end))
        .map(|p| p.passage.start..p.passage.end)
        .collect();
    // The words a text search matched, when their article is the one shown.
    let found = found.filter(|hit| hit.source == source_ix);
    let marks: &[Range<usize>] = found.map_or(&[], |hit| hit.marks.as_slice());
    // Scrolled to keep the matched words in view; otherwise the passage.
    let (start, end) = found.map_or((start, end), |hit| (hit.start, hit.end));
    let store = app.store();
    let source = &store.sources[source_ix as usize];
    // A passage whose article was edited is never shown as if it were exact: its status is named.
    let status =
        current.and_then(|c| c.passage.anchoring.label()).map(|status| format!(" · {status}")).unwrap_or_default();
    let selecting = app.selection().filter(|s| s.source == source_ix);
    let position = match (selecting, app.found_position()) {
        (Some(selection), _) => {
            let length = selection.chars().len();
            match selection.purpose {
                Purpose::Adjust { passage } => {
                    // Which end the keys move (`o` switches), since both look the same on screen.
                    let moving = if selection.head < selection.anchor { "start" } else { "end" };
                    format!(
                        " adjusting passage {}/{}{status} · its {moving} moves · {length} chars ",
                        passage + 1,
                        count
                    )
                }
                Purpose::Select => format!(" selection · {length} chars "),
            }
        }
        (None, found) => match found {
            Some((at, of)) if app.found_filtered() => format!(" found {}/{} · its items filtered out ", at + 1, of),
            Some((at, of)) if app.found_uncited() => format!(" found {}/{} · not cited ", at + 1, of),
            Some((at, of)) => format!(" found {}/{} · passage {}/{}{status} ", at + 1, of, index + 1, count),
            None => format!(" passage {}/{}{status} ", index + 1, count),
        },
    };
    draw_header(frame, area, header, source, &position, theme, focused);

    let lines = state.wrapped(store, app.store_generation(), source_ix, body.width);
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
    let selection = selecting.map(|s| s.chars()).unwrap_or_default();
    for (row, line) in lines.iter().skip(top).take(height).enumerate() {
        let rect = Rect::new(body.x, body.y + row as u16, body.width, 1);
        frame.render_widget(
            styled_line(
                text,
                line,
                &Marking { passage: passage.clone(), others: &others, found: marks, selection: selection.clone() },
                theme,
            ),
            rect,
        );
    }
}

fn draw_header(frame: &mut Frame, area: Rect, rows: u16, source: &Source, position: &str, theme: Theme, focused: bool) {
    let cells = usize::from(area.width);
    // An untitled article is named by its file (or publisher) as in the detail area, not its id.
    let title = super::detail::source_name(source);
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

/// What the source pane marks in the article, in code points.
struct Marking<'m> {
    /// The passage shown: highlighted.
    passage: Range<usize>,
    /// The item's other passages here: underlined.
    others: &'m [Range<usize>],
    /// Words a text search matched: bold and underlined on top of either.
    found: &'m [Range<usize>],
    /// Text being selected, or a passage's new span: over everything else.
    selection: Range<usize>,
}

/// One wrapped line, styled as `marking` says. Every grapheme is sanitized here, at the last
/// moment, so offsets still count the original text.
fn styled_line<'a>(text: &'a str, line: &WrappedLine, marking: &Marking<'_>, theme: Theme) -> Line<'a> {
    let slice = &text[line.bytes.clone()];
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut run = String::new();
    let mut run_style = Style::new();
    let mut at = line.start_char;
    for grapheme in slice.graphemes(true) {
        let chars = grapheme.chars().count();
        let overlaps = |r: &Range<usize>| at < r.end && at + chars > r.start;
        let style = if overlaps(&marking.selection) {
            theme.selection()
        } else if overlaps(&marking.passage) {
            theme.passage()
        } else if marking.others.iter().any(overlaps) {
            theme.other_passage()
        } else {
            Style::new()
        };
        let style = if marking.found.iter().any(overlaps) { style.patch(theme.found()) } else { style };
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
