//! The bottom line: view name, position and filter, and key hints taken from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::store::{Status, Store};
use crate::text::{truncate, width};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::review::item_anchoring;
use crate::tui::view::{Item, View};

/// "item 3 of 41 · filter: Kakar · passages 2 moved, 1 orphan" (the last only when articles were
/// edited since their passages were cited).
/// A notice (what the last key did) comes right after the position: it answers the key just
/// pressed, and on a narrow terminal the counts after it are what gets cut.
pub fn position(app: &App) -> String {
    position_with(app, true)
}

/// `position`, with or without the notice (shown whole above the bar when it would be cut).
fn position_with(app: &App, notice: bool) -> String {
    let mut text = if app.is_empty() {
        "no items".to_string()
    } else {
        format!("item {} of {}", app.selected_index() + 1, app.len())
    };
    if let Some(notice) = app.notice().filter(|_| notice) {
        text.push_str(" · ");
        text.push_str(&crate::text::sanitize_line(notice));
    }
    if app.found_filtered() {
        text.push_str(" · cited only by items the filter hides (Esc clears it)");
    } else if app.found_uncited() {
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
    if app.draft_count() > 0 {
        text.push_str(&format!(" · {}", crate::text::count(app.draft_count(), "draft")));
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

/// Rows a notice may take above the bar when it does not fit in it; a warning (what to do
/// about changes saved where they should not stay) may take more.
const NOTICE_ROWS: usize = 4;
const WARNING_ROWS: usize = 6;

/// The standing warning (`App::set_warning`) as the bar shows it, right after the view's name,
/// where no hint or count can push it out.
fn warning_chip(app: &App) -> Option<String> {
    app.warning().map(|warning| format!(" ! {} ", crate::text::sanitize_line(warning)))
}

/// Whether the notice is shown whole above the bar: when the bar would cut it, and always for a
/// warning, whose every word matters.
fn notice_above(app: &App, cells: usize) -> bool {
    let view = format!(" {} ", app.view().title().to_uppercase());
    let chip = warning_chip(app).map_or(0, |chip| width(&chip));
    app.notice().is_some()
        && (app.notice_warns() || width(&view) + chip + width(&format!(" {} ", position_with(app, true))) > cells)
}

/// Draws the notice whole, wrapped, on the rows just above the bar (over the bottom of the
/// detail area, until the next key clears it), when the bar would have cut it: a failed save's
/// reason, or a read-only store's advice, is read in full at 80 columns.
pub fn draw_notice(frame: &mut Frame, bar: Rect, app: &App, theme: Theme) {
    let cells = usize::from(bar.width);
    let Some(notice) = app.notice().filter(|_| notice_above(app, cells)) else { return };
    let text = crate::text::sanitize_line(notice).into_owned();
    let mut lines = super::detail::wrap_spans(vec![Span::raw(format!(" {text}"))], cells, 1);
    let rows = if app.notice_warns() { WARNING_ROWS } else { NOTICE_ROWS };
    let room = rows.min(usize::from(bar.y));
    if lines.len() > room {
        lines.truncate(room);
        if let Some(last) = lines.last_mut() {
            let cut = crate::text::truncate(&format!("{last}"), cells.saturating_sub(1));
            *last = Line::raw(format!("{cut}…"));
        }
    }
    let top = bar.y - lines.len() as u16;
    let style = if app.notice_warns() { theme.warning() } else { theme.bar() };
    for (row, line) in lines.into_iter().enumerate() {
        let rect = Rect::new(bar.x, top + row as u16, bar.width, 1);
        let padded = format!("{line}");
        let pad = cells.saturating_sub(width(&padded));
        frame.render_widget(Line::styled(format!("{padded}{}", " ".repeat(pad)), style), rect);
    }
}

/// Whether a hinted key would do anything on what is shown: an empty list has nothing to move
/// through, read, accept or edit, and a reviewed item with exact passages nothing to accept.
fn acts(app: &App, action: Action) -> bool {
    let passages = app.selected().map_or(0, |item| app.passages_of(item).len());
    let found = app.found_position().map_or(0, |(_, of)| of);
    match action {
        Action::Up | Action::Down if app.mode() == keymap::Mode::List => app.len() > 1,
        Action::FocusSource | Action::AdjustPassage => passages > 0 || found > 0,
        Action::NextPassage | Action::PrevPassage => passages > 1 || found > 1,
        Action::Reject => app.selected().is_some(),
        Action::EditItem => matches!(app.selected(), Some(Item::Event(_) | Item::Claim(_))),
        Action::Accept => app.selected().is_some_and(|item| needs_accepting(app.store(), item)),
        Action::AcceptMoved => app.article_shown().is_some(),
        _ => true,
    }
}

/// A draft, or an item with a passage whose article changed: what `a` does something to.
fn needs_accepting(store: &Store, item: Item) -> bool {
    let draft = match item {
        Item::Event(e) => store.events[e as usize].status == Status::Draft,
        Item::Claim(c) => store.claims[c as usize].status == Status::Draft,
        Item::Discrepancy(d) => store.discrepancies[d as usize].status == Status::Draft,
    };
    draft || item_anchoring(store, item).is_some()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let cells = usize::from(area.width);
    let view = format!(" {} ", app.view().title().to_uppercase());
    let position = format!(" {} ", position_with(app, !notice_above(app, cells)));
    let chip = warning_chip(app);
    let left = width(&view) + chip.as_deref().map_or(0, width) + width(&position);
    if left > cells {
        // Cut from the end: the view's name and the warning are what must stay readable.
        let mut room = cells;
        let mut spans = Vec::new();
        for (text, style) in [(view.as_str(), theme.bar()), (chip.as_deref().unwrap_or(""), theme.warning())] {
            let cut = truncate(text, room);
            room -= width(&cut);
            spans.push(Span::styled(cut, style));
        }
        spans.push(Span::styled(truncate(&position, room), theme.bar()));
        frame.render_widget(Line::from(spans).style(theme.bar()), area);
        return;
    }
    let mut spans = vec![Span::styled(view, theme.bar_key())];
    spans.extend(chip.map(|chip| Span::styled(chip, theme.warning())));
    spans.push(Span::styled(position, theme.bar()));
    // Hints go right-aligned, as many as fit whole.
    let mut hints: Vec<Span> = Vec::new();
    let mut used = 0;
    for (keys, word) in keymap::hints(app.mode()) {
        // Variants exist only in the disagreements view.
        if word == Action::NextVariant.hint() && app.view() != View::Disagreements {
            continue;
        }
        if keys.first().and_then(|&k| keymap::lookup(app.mode(), k)).is_some_and(|action| !acts(app, action)) {
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
