//! What the browser can show: its four views, the panes that can hold the focus, and the items
//! a view lists. Plain values shared by the state (`app`), the layout and the drawing code, so
//! none of them has to reach into another for its vocabulary.

use crate::store::{ClaimIx, DiscrepancyIx, EventIx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Timeline,
    Claims,
    Disagreements,
    /// Every draft item and every item with a passage its edited article no longer holds
    /// exactly, least sure first (`tui::review`): what a person still has to check.
    Review,
}

impl View {
    pub const ALL: [View; 4] = [View::Timeline, View::Claims, View::Disagreements, View::Review];

    pub fn title(self) -> &'static str {
        match self {
            View::Timeline => "Timeline",
            View::Claims => "Who said what",
            View::Disagreements => "Disagreements",
            View::Review => "Review",
        }
    }

    /// Position in `ALL`, for per-view arrays.
    pub(crate) fn index(self) -> usize {
        match self {
            View::Timeline => 0,
            View::Claims => 1,
            View::Disagreements => 2,
            View::Review => 3,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Search,
    Views,
    List,
    Source,
}

/// One row of the current view's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Event(EventIx),
    Claim(ClaimIx),
    Discrepancy(DiscrepancyIx),
}
