//! What drawing a frame learned, kept for the input that follows: where each pane landed (for
//! the mouse and for paging), how far each list and the article are scrolled, and article texts
//! wrapped at the pane's width. `ui::draw` writes it from a read-only `App`; `App::update` only
//! reads it. State flows one way: app → drawing → frame state → the next update.

use std::sync::Arc;

use ratatui::layout::Rect;

use super::view::View;
use crate::store::{SourceIx, Store};
use crate::text::{self, WrappedLine};

/// Wrapped texts kept: a few sources at the current width is all a session revisits.
const WRAP_CACHE_SIZE: usize = 8;

/// A source's text wrapped at a width.
type WrapKey = (SourceIx, u16);

/// Where the last frame put things, for mouse hit-testing, paging and scrolling relative to
/// what the user sees.
#[derive(Debug, Clone, Default)]
pub struct Geometry {
    pub views: Vec<(Rect, View)>,
    pub search: Rect,
    pub dropdown: Rect,
    /// For each row of the dropdown, the choice (as `App::choices` counts) it shows; `None`
    /// for a heading.
    pub dropdown_rows: Vec<Option<usize>>,
    pub list: Rect,
    pub rows_per_item: u16,
    pub source: Rect,
    /// Rows of article text the source pane shows (below its header).
    pub source_body: u16,
    pub source_top: usize,
    pub source_lines: usize,
    /// Lines the selected item's detail has, and rows the detail area showed of them.
    pub detail_lines: usize,
    pub detail_height: usize,
    pub help_lines: usize,
    pub help_height: usize,
}

/// The article the source pane last showed: which, at what body width, from which line.
#[derive(Debug, Clone)]
pub struct SourceView {
    pub source: SourceIx,
    pub width: u16,
    pub top: usize,
    /// The article's text wrapped at `width`.
    pub lines: Arc<[WrappedLine]>,
}

#[derive(Debug, Clone, Default)]
pub struct FrameState {
    /// Rebuilt by every frame.
    pub geometry: Geometry,
    /// The first item each view's list shows (by `View::index`); kept between frames so a list
    /// scrolls only when the selection would leave it.
    list_offsets: [usize; View::ALL.len()],
    source_view: Option<SourceView>,
    wraps: Vec<(WrapKey, Arc<[WrappedLine]>)>,
    /// The store generation (`App::store_generation`) the wraps were made from: a reloaded or
    /// edited store may hold another text under the same source index, and a wrap of the old
    /// text laid over the new one garbles it (words joined, a line of another article).
    wraps_of: u64,
}

impl FrameState {
    /// The first item the last frame showed of a view's list.
    pub fn list_offset(&self, view: View) -> usize {
        self.list_offsets[view.index()]
    }

    /// The first item a list of `visible` items shows so that `selected` is in view: it moves
    /// only when the selection would leave the list.
    pub(crate) fn scroll_list(&mut self, view: View, selected: usize, visible: usize) -> usize {
        let offset = &mut self.list_offsets[view.index()];
        let visible = visible.max(1);
        if selected < *offset {
            *offset = selected;
        } else if selected >= *offset + visible {
            *offset = selected + 1 - visible;
        }
        *offset
    }

    pub fn source_view(&self) -> Option<&SourceView> {
        self.source_view.as_ref()
    }

    pub(crate) fn set_source_view(&mut self, view: SourceView) {
        self.source_view = Some(view);
    }

    /// The source's text wrapped to `width`, computed once per (source, width) of a store
    /// generation.
    pub(crate) fn wrapped(
        &mut self,
        store: &Store,
        generation: u64,
        source: SourceIx,
        width: u16,
    ) -> Arc<[WrappedLine]> {
        if generation != self.wraps_of {
            self.wraps.clear();
            // Its lines index the old text.
            self.source_view = None;
            self.wraps_of = generation;
        }
        if let Some((_, lines)) = self.wraps.iter().find(|(key, _)| *key == (source, width)) {
            return Arc::clone(lines);
        }
        let lines: Arc<[WrappedLine]> = text::wrap(&store.sources[source as usize].text, width.into()).into();
        if self.wraps.len() >= WRAP_CACHE_SIZE {
            self.wraps.remove(0);
        }
        self.wraps.push(((source, width), Arc::clone(&lines)));
        lines
    }
}
