//! Pure rendering of an `App` into a frame. Nothing here changes what the user is browsing;
//! it only records where things landed (for the mouse) and keeps the selection in view.

pub mod detail;
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

use super::app::{App, Geometry};

/// Draws the whole screen for the app's state, at any size.
pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    app.geometry = Geometry::default();
    if area.width == 0 || area.height == 0 {
        return;
    }
    if layout::too_small(area) {
        let message = format!("terminal too small (need {}×{})", layout::MIN_WIDTH, layout::MIN_HEIGHT);
        frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), area);
        return;
    }
    let areas = layout::areas(area);
    app.geometry.rows_per_item = list::rows_per_item(app.view());
    app.geometry.list = areas.list;
    search_bar::draw_views(frame, areas.views, app);
    search_bar::draw_search(frame, areas.search, app);
    list::draw(frame, areas.list, app);
    if areas.side_by_side {
        let separator = Rect::new(areas.list.right(), areas.list.y, 1, areas.list.height);
        let lines: Vec<Line> = (0..separator.height).map(|_| Line::styled("│", app.theme.dim())).collect();
        frame.render_widget(Paragraph::new(lines), separator);
    }
    source::draw(frame, areas.source, app);
    detail::draw(frame, areas.detail, app);
    status_bar::draw(frame, areas.status, app);
    let below_search = Rect::new(area.x, areas.search.bottom(), area.width, areas.status.y - areas.search.bottom());
    search_bar::draw_dropdown(frame, below_search, app);
    if app.help_open() {
        help::draw(frame, area, app);
    }
}
