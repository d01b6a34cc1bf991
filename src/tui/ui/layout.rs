//! Where each pane goes for a terminal size: side by side when wide, stacked when narrow (as
//! tig does), with the search bar on top and the detail strip and status bar at the bottom.

use ratatui::layout::Rect;

use crate::tui::view::View;

/// Below this the panes cannot show anything useful.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this width on, list and source stand side by side: below it, a list half as wide cut
/// titles shorter than the stacked list did.
pub const SIDE_BY_SIDE_WIDTH: u16 = 140;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub views: Rect,
    pub search: Rect,
    pub list: Rect,
    pub source: Rect,
    pub detail: Rect,
    pub status: Rect,
    pub side_by_side: bool,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Rows of the detail area: a third of the screen, at most eight (what a claim, a long title or a
/// three-variant disagreement needs at 80 columns), and two on the smallest screens. Fixed for a
/// terminal size, not fitted to the item: a pane that changed size with each item would move
/// the article and redraw the whole screen on every step down the list.
pub fn detail_rows(height: u16) -> u16 {
    if height < 18 { 2 } else { (height / 3).min(8) }
}

/// Splits `area` (at least MIN_WIDTH × MIN_HEIGHT).
pub fn areas(area: Rect) -> Areas {
    let row = |y: u16, height: u16| Rect::new(area.x, y, area.width, height);
    let detail_height = detail_rows(area.height);
    let views = row(area.y, 1);
    let search = row(area.y + 1, 1);
    let status = row(area.bottom() - 1, 1);
    let detail = row(status.y - detail_height, detail_height);
    let main = row(search.bottom(), detail.y - search.bottom());
    let side_by_side = area.width >= SIDE_BY_SIDE_WIDTH;
    let (list, source) = if side_by_side {
        // Half each: from 140 columns that leaves the list's titles as wide as the stacked 80-column list's.
        let list_width = (main.width / 2).max(50).min(main.width - 50);
        (
            Rect::new(main.x, main.y, list_width, main.height),
            Rect::new(main.x + list_width + 1, main.y, main.width - list_width - 1, main.height),
        )
    } else {
        let list_height = (main.height * 2 / 5).max(3);
        (
            Rect::new(main.x, main.y, main.width, list_height),
            Rect::new(main.x, main.y + list_height, main.width, main.height - list_height),
        )
    };
    Areas { views, search, list, source, detail, status, side_by_side }
}

/// Rows one item takes: a discrepancy shows its topic, then its variants side by side.
pub fn rows_per_item(view: View) -> u16 {
    if view == View::Disagreements { 2 } else { 1 }
}

/// Cells before the first variant column of a discrepancy's second row.
pub const VARIANT_INDENT: u16 = 3;

/// Width of each variant's column (its separator included) in a list `cells` wide.
pub fn variant_column(cells: u16, variants: usize) -> usize {
    usize::from(cells.saturating_sub(VARIANT_INDENT)) / variants.max(1)
}

/// The variant whose column holds cell `x` of a discrepancy's second row.
pub fn variant_at(cells: u16, variants: usize, x: u16) -> Option<usize> {
    let column = variant_column(cells, variants);
    let v = usize::from(x.checked_sub(VARIANT_INDENT)?) / column.max(1);
    (column > 0 && v < variants).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_split_side_by_side_and_narrow_ones_stack() {
        let wide = areas(Rect::new(0, 0, 160, 48));
        assert!(wide.side_by_side);
        assert_eq!(wide.list.y, wide.source.y);
        assert!(wide.list.right() < wide.source.x);
        let narrow = areas(Rect::new(0, 0, 80, 24));
        assert!(!narrow.side_by_side);
        assert_eq!(narrow.list.bottom(), narrow.source.y);
        assert_eq!(narrow.status.bottom(), 24);
    }

    #[test]
    fn every_allowed_size_tiles_the_screen_without_overlap() {
        for width in MIN_WIDTH..=200 {
            for height in MIN_HEIGHT..=60 {
                let full = Rect::new(0, 0, width, height);
                let a = areas(full);
                let panes = [a.views, a.search, a.list, a.source, a.detail, a.status];
                for (i, p) in panes.iter().enumerate() {
                    assert!(full.contains(p.as_position()) && p.right() <= width && p.bottom() <= height);
                    assert!(p.height > 0 && p.width > 0, "{width}x{height}: pane {i} empty");
                    for q in &panes[i + 1..] {
                        assert!(!p.intersects(*q), "{width}x{height}: {p:?} overlaps {q:?}");
                    }
                }
            }
        }
    }
}
