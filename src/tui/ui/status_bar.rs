//! The bottom line: view name, position and filter, and key hints taken from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::text::{truncate, width};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::view::View;

/// "item 3 of 41 · filter: Kakar · passages 2 moved, 1 orphan" (the last only when articles were
/// edited since their passages were cited).
/// A notice (what the last key did) comes right after the position: it answers the key just
/// pressed, and on a narrow terminal the counts after it are what gets cut.
pub fn position(app: &App) -> String {
    let mut text = if app.is_empty() {
        "no items".to_string()
    } else {
        format!("item {} of {}", app.selected_index() + 1, app.len())
    };
    if let Some(notice) = app.notice() {
        text.push_str(" · ");
        text.push_str(&crate::text::sanitize_line(notice));
    }
    if app.found_uncited() {
        // An uncited passage is a finding too: say it where the position is read.
        text.push_str(" · not cited by any item");
    }
    if let Some(filter) = app.filter_label() {
        text.push_str(" · filter: ");
        text.push_str(&filter);
    }
    // A query naming nobody leaves the lists as they were: say where it did match.
    if app.query_in_text_only() {
        text.push_str(&format!(" · “{}” matches article text", crate::text::sanitize_line(app.query())));
    } else if app.query_matches_nothing() {
        text.push_str(&format!(" · “{}” matches no name and no article", crate::text::sanitize_line(app.query())));
    }
    match app.draft_count() {
        0 => {}
        1 => text.push_str(" · 1 draft"),
        n => text.push_str(&format!(" · {n} drafts")),
    }
    let anchors = app.store().anchoring_counts();
    if anchors.total() > 0 {
        let counted = [(anchors.moved, "moved"), (anchors.fuzzy, "fuzzy"), (anchors.orphan, "orphan")];
        let named: Vec<String> =
            counted.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
        text.push_str(&format!(" · passages {}", named.join(", ")));
    }
    text
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let cells = usize::from(area.width);
    let view = format!(" {} ", app.view().title().to_uppercase());
    let position = format!(" {} ", position(app));
    let left = width(&view) + width(&position);
    let mut spans = vec![Span::styled(view.clone(), theme.bar_key()), Span::styled(position.clone(), theme.bar())];
    if left > cells {
        let line = Line::styled(truncate(&format!("{view}{position}"), cells), theme.bar());
        frame.render_widget(line, area);
        return;
    }
    // Hints go right-aligned, as many as fit whole.
    let mut hints: Vec<Span> = Vec::new();
    let mut used = 0;
    for (keys, word) in keymap::hints(app.mode()) {
        // Variants exist only in the disagreements view.
        if word == Action::NextVariant.hint() && app.view() != View::Disagreements {
            continue;
        }
        // Tab changes the kind of the entity the picker would create: not when it creates none.
        if word == Action::PickerKind.hint() && !app.picker().is_some_and(|p| p.offers_new()) {
            continue;
        }
        if !app.curating() && keys.first().and_then(|&k| keymap::lookup(app.mode(), k)).is_some_and(keymap::is_curation)
        {
            continue;
        }
        // Enter in a form does what its focused field takes: say that, not every meaning at once.
        let word = match app.form() {
            Some(form) if word == Action::FormActivate.hint() && app.picker().is_none() => form.enter_does(),
            _ => word,
        };
        let keys = keymap::hint_label(&keys);
        let w = width(&keys) + 1 + width(word) + 2;
        if left + used + w > cells {
            break;
        }
        used += w;
        hints.push(Span::styled(keys, theme.bar_key()));
        hints.push(Span::styled(format!(" {word}  "), theme.bar()));
    }
    spans.push(Span::styled(" ".repeat(cells - left - used), theme.bar()));
    spans.extend(hints);
    frame.render_widget(Line::from(spans), area);
}
