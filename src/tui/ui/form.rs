//! The edit form and the entity picker, drawn over the panes. One row per field (a long text
//! scrolls sideways to keep its cursor in view; fields scroll when the terminal is short), the
//! problem of the last save inside the form, and every store text sanitized.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_segmentation::UnicodeSegmentation;

use super::search_bar::kind_icon;
use super::theme::Theme;
use crate::text::{self, fit, sanitize_line, truncate, width};
use crate::tui::app::App;
use crate::tui::form::{Chip, Form, Value, grapheme_after};
use crate::tui::picker::{Picker, Purpose};

const LABEL_CELLS: usize = 10;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if let Some(form) = app.form() {
        draw_form(frame, area, app, form, theme);
    }
    if let Some(picker) = app.picker() {
        draw_picker(frame, area, app, picker, theme);
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height)
}

/// `text` with the cell at `cursor` (in characters) reversed, shown from where the cursor stays
/// in `room` cells; a `…` says where text is cut, at either end.
fn text_with_cursor(value: &str, cursor: usize, room: usize, theme: Theme) -> Vec<Span<'static>> {
    let chars: Vec<char> = value.chars().collect();
    let cursor = cursor.min(chars.len());
    // Scroll sideways, a whole grapheme at a time: from the first that keeps the cursor (and
    // the `…` before the text, once scrolled) inside `room`.
    let mut graphemes = Vec::new();
    let mut at = 0;
    for grapheme in value.graphemes(true) {
        graphemes.push((at, width(grapheme)));
        at += grapheme.chars().count();
    }
    let mut before_cells: usize = graphemes.iter().filter(|(g, _)| *g < cursor).map(|(_, w)| w).sum();
    let cursor_cells = graphemes.iter().find(|(g, _)| *g == cursor).map_or(1, |&(_, w)| w.max(1));
    let mut start = cursor;
    for &(g, cells) in &graphemes {
        if g >= cursor || before_cells + cursor_cells + usize::from(g > 0) <= room {
            start = g.min(cursor);
            break;
        }
        before_cells -= cells;
    }
    let lead = if start > 0 { "…" } else { "" };
    let before: String = chars[start..cursor].iter().collect();
    // The cursor covers a whole grapheme (a keycap 2️⃣ is three characters, two cells).
    let next = grapheme_after(value, cursor).max(cursor);
    let at: String = if next > cursor { chars[cursor..next].iter().collect() } else { " ".to_string() };
    let after: String = chars[next.min(chars.len())..].iter().collect();
    let used = width(lead) + width(&sanitize_line(&before)) + width(&sanitize_line(&at));
    vec![
        Span::styled(lead, theme.dim()),
        Span::raw(sanitize_line(&before).into_owned()),
        Span::styled(sanitize_line(&at).into_owned(), theme.selected(true)),
        Span::raw(truncate(&sanitize_line(&after), room.saturating_sub(used))),
    ]
}

fn value_spans(
    form: &Form,
    label: &str,
    value: &Value,
    focused: bool,
    room: usize,
    theme: Theme,
) -> Vec<Span<'static>> {
    match value {
        Value::Choice { options, .. } if label == "about" && options.is_empty() => {
            vec![Span::styled(truncate("no event is reported in the claim's articles", room), theme.dim())]
        }
        // A discrepancy's passage: those marked with Enter are cited (✓), else the one shown.
        // A claim's `about`: the events marked are the ones it speaks of.
        Value::Choice { options, at } if label.starts_with("passage") || label == "about" => {
            let about = label == "about";
            let cited = form.cited(label);
            let mark = match cited.contains(at) {
                true => "✓ ",
                false if cited.is_empty() && !about => "",
                false => "  ",
            };
            let count = match (cited.len(), focused, about) {
                (0, true, false) => format!("  {}/{} · Enter cites more", at + 1, options.len()),
                (0, true, true) => format!("  {}/{} · Enter marks it", at + 1, options.len()),
                (0, false, false) => format!("  {}/{}", at + 1, options.len()),
                (0, false, true) => format!("  {}/{} · none marked", at + 1, options.len()),
                (n, _, false) => format!("  {}/{} · cites {n}", at + 1, options.len()),
                (n, _, true) => format!("  {}/{} · about {n}", at + 1, options.len()),
            };
            let option = options.get(*at).map_or("", String::as_str);
            let shown = truncate(&sanitize_line(option), room.saturating_sub(width(&count) + width(mark) + 4));
            let count = truncate(&count, room.saturating_sub(width(&shown) + width(mark) + 4));
            vec![
                Span::styled(format!("‹ {mark}{shown} ›"), if focused { theme.strong() } else { Style::default() }),
                Span::styled(count, theme.dim()),
            ]
        }
        // A number, not one option among others: how to change it instead of "1/7".
        Value::Choice { options, at } if label == "variants" => {
            let shown = format!("‹ {} ›", options.get(*at).map_or("", String::as_str));
            let hint = if focused { "  ← fewer · → more" } else { "" };
            vec![
                Span::styled(shown.clone(), if focused { theme.strong() } else { Style::default() }),
                Span::styled(truncate(hint, room.saturating_sub(width(&shown))), theme.dim()),
            ]
        }
        Value::Text { text, cursor } if focused => text_with_cursor(text, *cursor, room, theme),
        Value::Text { text, .. } => vec![Span::raw(truncate(&sanitize_line(text), room))],
        Value::Choice { options, at } => {
            let label = options.get(*at).map_or("", String::as_str);
            let count = if options.len() > 1 { format!("  {}/{}", at + 1, options.len()) } else { String::new() };
            let label = truncate(&sanitize_line(label), room.saturating_sub(width(&count) + 4));
            let shown = format!("‹ {label} ›");
            vec![
                Span::styled(shown, if focused { theme.strong() } else { Style::default() }),
                Span::styled(count, theme.dim()),
            ]
        }
        Value::Entity(chip) => chips(chip.as_slice(), false, focused, room, theme),
        Value::Entities(list) => chips(list, true, focused, room, theme),
    }
}

/// The chips that fit, then `+N` for the N that do not.
fn chips(list: &[Chip], many: bool, focused: bool, room: usize, theme: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, chip) in list.iter().enumerate() {
        let label = format!(" {} ", chip.label());
        let w = width(&label) + 1;
        let hidden_after = list.len() - i - 1;
        let marker = |hidden: usize| if hidden > 0 { width(&format!("+{hidden}")) } else { 0 };
        if used + w + marker(hidden_after) > room {
            let more = format!("+{}", list.len() - i);
            spans.push(Span::styled(truncate(&more, room.saturating_sub(used)), theme.strong()));
            return spans;
        }
        used += w;
        spans.push(Span::styled(label, theme.chip()));
        spans.push(Span::raw(" "));
    }
    if focused {
        // A speaker is one entity: picking another replaces it, it is not added.
        let prompt = match (spans.is_empty(), many) {
            (true, _) => "Enter or type to pick",
            (false, true) => "Enter adds · Backspace removes",
            (false, false) => "Enter changes · Backspace removes",
        };
        spans.push(Span::styled(truncate(prompt, room.saturating_sub(used)), theme.dim()));
    }
    spans
}

fn draw_form(frame: &mut Frame, area: Rect, app: &App, form: &Form, theme: Theme) {
    let fields = form.fields();
    // Rows: the passage (new items), each field, a blank, save, the problem.
    let context = form.passage().map(|p| {
        let store = app.store();
        let text = store.sources.iter().find(|s| s.id == p.source).map_or("", |s| s.text.as_str());
        let quote: String = text.chars().skip(p.start).take(p.end.saturating_sub(p.start)).collect();
        format!("{}: “{}”", p.source, quote.split_whitespace().collect::<Vec<_>>().join(" "))
    });
    let fixed = usize::from(context.is_some()) + 3;
    let wanted = (fields.len() + fixed + 2) as u16;
    let popup = centered(area, area.width.saturating_sub(4).min(84), wanted.min(area.height.saturating_sub(2)));
    let inner_width = usize::from(popup.width.saturating_sub(2));
    let inner_height = usize::from(popup.height.saturating_sub(2));
    // The marker, the label and a space before the value; one cell kept from the right border.
    let room = inner_width.saturating_sub(LABEL_CELLS + 4);

    let mut lines: Vec<Line> = Vec::new();
    if let Some(context) = &context {
        lines.push(Line::styled(truncate(&sanitize_line(context), inner_width), theme.dim()));
    }
    // Fields scroll so that the focused one (or save) stays in view.
    let visible = inner_height.saturating_sub(fixed).max(1);
    let focus = form.focus().min(fields.len().saturating_sub(1));
    let first = (focus + 1).saturating_sub(visible);
    for (i, field) in fields.iter().enumerate().skip(first).take(visible) {
        let focused = i == form.focus();
        let marker = if focused { "›" } else { " " };
        let mut spans = vec![
            Span::styled(marker, theme.label()),
            Span::raw(" "),
            Span::styled(fit(field.label, LABEL_CELLS), if focused { theme.selected(true) } else { theme.label() }),
            Span::raw(" "),
        ];
        spans.extend(value_spans(form, field.label, &field.value, focused, room, theme));
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    let on_save = form.focus() == fields.len();
    let save = Span::styled(" save (Ctrl-s) ", if on_save { theme.selected(true) } else { theme.strong() });
    let scrolled = if fields.len() > visible {
        format!("  fields {}–{} of {}", first + 1, (first + visible).min(fields.len()), fields.len())
    } else {
        String::new()
    };
    lines.push(Line::from(vec![
        Span::raw("  "),
        save,
        Span::styled("  Esc cancels", theme.dim()),
        Span::styled(scrolled, theme.dim()),
    ]));
    if let Some(problem) = form.problem() {
        lines.push(Line::styled(truncate(&format!("! {}", sanitize_line(problem)), inner_width), theme.disputed()));
    }
    let title = truncate(&format!(" {} ", form.title()), inner_width);
    let block = Block::default().borders(Borders::ALL).title(title).border_style(theme.label());
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

fn draw_picker(frame: &mut Frame, area: Rect, app: &App, picker: &Picker, theme: Theme) {
    let store = app.store();
    let name = |e: u32| sanitize_line(&store.entities[e as usize].name).into_owned();
    let title = match picker.purpose() {
        Purpose::Field(field) => {
            let label = app.form().and_then(|f| f.fields().get(field)).map_or("entity", |f| f.label);
            format!(" {label}: pick an entity ")
        }
        Purpose::MergeFrom => " Merge which entity? ".to_string(),
        Purpose::MergeInto { from } => format!(" Merge {} into which entity? ", name(from)),
        Purpose::AliasOf => format!(" “{}” is another spelling of… ", sanitize_line(app.pending_alias().unwrap_or(""))),
    };
    let rows = picker.rows().len() + usize::from(picker.offers_new());
    let height = (rows.max(1) + 4) as u16;
    let popup = centered(area, area.width.saturating_sub(8).min(64), height.min(area.height.saturating_sub(2)));
    let inner_width = usize::from(popup.width.saturating_sub(2));
    let visible = usize::from(popup.height.saturating_sub(4)).max(1);

    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme.label()),
        Span::raw(truncate(&sanitize_line(picker.query()), inner_width.saturating_sub(3))),
        Span::styled(" ", theme.selected(true)),
    ])];
    let first = (picker.selected() + 1).saturating_sub(visible);
    let row_style = |i: usize| if i == picker.selected() { theme.selected(true) } else { Style::default() };
    for (i, &entity) in picker.rows().iter().enumerate().skip(first).take(visible) {
        let e = &store.entities[entity as usize];
        let label = format!("{} {}  {}", kind_icon(e.kind), name(entity), e.kind.as_str());
        lines.push(Line::styled(fit(&label, inner_width), row_style(i)));
    }
    let new_row = picker.rows().len();
    if picker.offers_new() && new_row >= first && new_row < first + visible {
        let label = format!("+ new {}: “{}”", picker.kind().as_str(), sanitize_line(picker.query().trim()));
        lines.push(Line::styled(fit(&label, inner_width), row_style(new_row)));
    }
    if rows == 0 {
        let hint = if picker.query().is_empty() { "type a name" } else { "no entity matches" };
        lines.push(Line::styled(hint, theme.dim()));
    }
    let hint = if picker.offers_new() {
        "Enter chooses · Tab changes the new entity's kind · Esc back"
    } else {
        "Enter chooses · Esc back"
    };
    lines.push(Line::styled(text::truncate(hint, inner_width), theme.dim()));
    let title = truncate(&title, inner_width);
    let block = Block::default().borders(Borders::ALL).title(title).border_style(theme.label());
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
