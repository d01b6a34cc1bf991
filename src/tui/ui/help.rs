//! The `?` overlay: every binding of the keymap, grouped as the keymap groups them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::text::{fit, truncate};
use crate::tui::app::App;
use crate::tui::frame_state::FrameState;
use crate::tui::keymap::{self, Group};

/// Help for a browser that can edit (`curating`) lists the curation keys too; a kiosk's does not.
pub fn lines(theme: Theme, curating: bool) -> Vec<Line<'static>> {
    let entries: Vec<_> =
        keymap::help_entries().into_iter().filter(|(g, _, _)| curating || !keymap::is_editing_group(*g)).collect();
    let key_width = entries.iter().map(|(_, keys, _)| crate::text::width(keys)).max().unwrap_or(0);
    let mut lines = Vec::new();
    let mut group: Option<Group> = None;
    for (g, keys, description) in entries {
        if group != Some(g) {
            if group.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(g.title(), theme.label()));
            group = Some(g);
        }
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(fit(&keys, key_width), theme.strong()),
            Span::raw("  "),
            Span::raw(description),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("The search bar matches names, aliases and article text.", theme.dim()));
    lines.push(Line::styled("≠ marks an item that sources disagree about (view 3).", theme.dim()));
    lines.push(Line::styled("The mouse selects rows and tabs; the wheel scrolls.", theme.dim()));
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, state: &mut FrameState) {
    let lines = lines(theme, app.curating());
    let width = area.width.min(64);
    let height = area.height.min(lines.len() as u16 + 2);
    let popup = Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height);
    let help_height = usize::from(height.saturating_sub(2));
    state.geometry.help_lines = lines.len();
    state.geometry.help_height = help_height;
    let scroll = app.help_scroll().min(lines.len().saturating_sub(help_height));
    let title =
        if lines.len() > help_height { " Keys — j/k scroll, Esc closes " } else { " Keys — Esc or ? closes " };
    let title = truncate(title, usize::from(width.saturating_sub(2)));
    let block = Block::default().borders(Borders::ALL).title(title).border_style(theme.label());
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll as u16, 0)), popup);
}
