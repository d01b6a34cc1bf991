//! Rendering of an `App` into a frame. The app is only read; what the frame learned (where
//! things landed, how far lists and the article are scrolled, wrapped texts) goes into the
//! `FrameState`, which the next input reads.

pub mod detail;
pub mod form;
pub mod help;
pub mod layout;
pub mod list;
pub mod search_bar;
pub mod source;
pub mod status_bar;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::App;
use super::frame_state::{FrameState, Geometry};
use theme::Theme;

/// The rows of a `rows`-tall scrollbar that stand for the part of a `len`-item list on screen
/// (`visible` items from `offset`); empty when everything fits.
pub fn scroll_thumb(len: usize, offset: usize, visible: usize, rows: usize) -> std::ops::Range<usize> {
    if len <= visible || rows == 0 {
        return 0..0;
    }
    let size = (rows * visible / len).clamp(1, rows);
    // Pinned to the bottom at the end of the list, so the end looks like the end.
    let start = if offset + visible >= len { rows - size } else { (rows * offset / len).min(rows - size) };
    start..start + size
}

/// Draws the whole screen for the app's state, at any size, in the session's theme.
pub fn draw(frame: &mut Frame, app: &App, theme: Theme, state: &mut FrameState) {
    let area = frame.area();
    state.geometry = Geometry::default();
    if area.width == 0 || area.height == 0 {
        return;
    }
    if layout::too_small(area) {
        let message = format!("terminal too small (need {}×{})", layout::MIN_WIDTH, layout::MIN_HEIGHT);
        frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), area);
        return;
    }
    let areas = layout::areas(area);
    let detail = detail::lines(app, theme, area.width.into());
    let rows_per_item = layout::rows_per_item(app.view());
    state.geometry.rows_per_item = rows_per_item;
    state.geometry.list = areas.list;
    search_bar::draw_views(frame, areas.views, app, theme, state);
    search_bar::draw_search(frame, areas.search, app, theme, state);
    list::draw(frame, areas.list, app, theme, state);
    if areas.side_by_side {
        let separator = Rect::new(areas.list.right(), areas.list.y, 1, areas.list.height);
        let visible = usize::from(areas.list.height / rows_per_item.max(1));
        let thumb = scroll_thumb(app.len(), state.list_offset(app.view()), visible, separator.height.into());
        let lines: Vec<Line> = (0..separator.height)
            .map(|row| {
                let row = usize::from(row);
                if thumb.contains(&row) { Line::styled("┃", theme.label()) } else { Line::styled("│", theme.dim()) }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), separator);
    }
    source::draw(frame, areas.source, app, theme, state);
    detail::draw(frame, areas.detail, app, theme, detail, state);
    status_bar::draw(frame, areas.status, app, theme);
    status_bar::draw_notice(frame, areas.status, app, theme);
    let below_search = Rect::new(area.x, areas.search.bottom(), area.width, areas.status.y - areas.search.bottom());
    search_bar::draw_dropdown(frame, below_search, app, theme, state);
    form::draw(frame, area, app, theme);
    if app.help_open() {
        help::draw(frame, area, app, theme, state);
    }
}

#[cfg(test)]
mod tests {
    use super::scroll_thumb;

    #[test]
    fn the_scroll_thumb_is_proportional_and_stays_inside() {
        assert_eq!(scroll_thumb(10, 0, 20, 20), 0..0, "no thumb when all fits");
        assert_eq!(scroll_thumb(100, 0, 20, 20), 0..4);
        assert_eq!(scroll_thumb(100, 80, 20, 20), 16..20);
        assert_eq!(scroll_thumb(1_000_000, 999_990, 10, 10), 9..10, "at least one row, never past the end");
        assert_eq!(scroll_thumb(50, 10, 5, 10), 2..3);
        assert_eq!(scroll_thumb(31, 17, 14, 14), 8..14, "the last screen touches the bottom");
    }
}
