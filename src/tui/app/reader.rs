//! The reader's side of the browser: the source pane's scroll, and the span of an article being
//! chosen (`v`, a drag) or a passage being extended or shrunk (`p`), with what a selection starts
//! (a new claim, event or alias).

use ratatui::layout::Position;

use super::{App, Form, FrameState, NewPassage, Purpose, Selection, SourceIx, TextSpan, Unit};
use super::{Edges, grapheme_at_column};
use crate::text;
use crate::tui::action::Action;
use crate::tui::view::Focus;

impl App {
    pub(crate) fn source_scroll(&self) -> Option<usize> {
        self.source_scroll
    }

    /// The span chosen in the source pane (`v`), or the new span of the passage being
    /// extended or shrunk (`p`), in code points of its source.
    pub fn text_selection(&self) -> Option<TextSpan> {
        self.selection.map(|s| s.span())
    }

    /// The selection with its moving end and purpose, while there is one.
    pub fn selection(&self) -> Option<&Selection> {
        self.selection.as_ref()
    }

    /// The article the source pane shows: the current passage's, or a text hit's (as the pane
    /// decides it).
    pub fn article_shown(&self) -> Option<SourceIx> {
        let passage = if self.found_uncited() { None } else { self.current_passage() };
        passage.map(|p| p.passage.source).or(self.found_hit().map(|h| h.source))
    }

    /// Index (in `passages_of`) of the passage a selection would replace: the one being
    /// adjusted, else the one shown.
    pub fn selection_passage(&self) -> usize {
        match self.selection.map(|s| s.purpose) {
            Some(Purpose::Adjust { passage }) => passage,
            _ => self.passage_position().0,
        }
    }

    /// Starts a selection in the article on screen: at the passage shown when it is in view,
    /// else at the top of the visible text; one word selected.
    pub(super) fn start_selection(&mut self, shown: &FrameState) -> bool {
        let passage = if self.found_uncited() { None } else { self.current_passage().map(|p| p.passage) };
        let view = shown.source_view();
        let Some(source) = passage.map(|p| p.source).or(self.found_hit().map(|h| h.source)).or(view.map(|v| v.source))
        else {
            return false;
        };
        let on_screen = view.filter(|v| v.source == source);
        let height = usize::from(shown.geometry.source_body);
        let from = match (passage, on_screen) {
            (Some(p), Some(v)) if !text::shows(&v.lines, p.start..p.end.max(p.start + 1), v.top, height) => {
                v.lines.get(v.top).map_or(p.start, |line| line.start_char)
            }
            (Some(p), _) => p.start,
            (None, _) => match (self.found_hit(), on_screen) {
                (Some(hit), _) if hit.source == source => hit.start,
                (_, Some(v)) => v.lines.get(v.top).map_or(0, |line| line.start_char),
                _ => 0,
            },
        };
        let text = &self.store.sources[source as usize].text;
        let words = Edges::of(text, Unit::Word);
        let anchor = words.starts.iter().copied().find(|&s| s >= from).unwrap_or(from);
        let head = words.end_after(anchor).unwrap_or(anchor);
        self.begin(Selection { source, anchor, head, purpose: Purpose::Select }, shown);
        true
    }

    /// Starts moving the ends of the passage shown (an orphan, which has no text, starts
    /// with the word where it was).
    pub(super) fn start_adjust(&mut self, shown: &FrameState) -> bool {
        if !self.curating || self.found_uncited() {
            return false;
        }
        let Some(current) = self.current_passage() else { return false };
        let (source, start, end) = (current.passage.source, current.passage.start, current.passage.end);
        let (anchor, head) = if start < end {
            (start, end)
        } else {
            let words = Edges::of(&self.store.sources[source as usize].text, Unit::Word);
            let anchor = words.starts.iter().copied().find(|&s| s >= start).unwrap_or(start);
            (anchor, words.end_after(anchor).unwrap_or(anchor))
        };
        let passage = self.passage_position().0;
        self.begin(Selection { source, anchor, head, purpose: Purpose::Adjust { passage } }, shown);
        true
    }

    pub(super) fn begin(&mut self, selection: Selection, shown: &FrameState) {
        self.focus = Focus::Source;
        // The text stays where it is on screen.
        if let Some(view) = shown.source_view().filter(|v| v.source == selection.source) {
            self.source_scroll = Some(self.source_scroll.unwrap_or(view.top));
        }
        self.selection = Some(selection);
        self.follow_head(shown);
    }

    pub(super) fn move_selection(&mut self, action: Action, shown: &FrameState) -> bool {
        let Some(mut selection) = self.selection else { return false };
        let text = &self.store.sources[selection.source as usize].text;
        match action {
            Action::SelectCharBack => selection.step(text, Unit::Grapheme, false),
            Action::SelectCharOn => selection.step(text, Unit::Grapheme, true),
            Action::SelectWordBack => selection.step(text, Unit::Word, false),
            Action::SelectWordOn => selection.step(text, Unit::Word, true),
            Action::SelectSentenceBack => selection.step(text, Unit::Sentence, false),
            Action::SelectSentenceOn => selection.step(text, Unit::Sentence, true),
            Action::SelectSwap => selection.swap(),
            Action::SelectLineUp | Action::SelectLineDown => {
                // Lines as the pane wraps them; before any frame, as the text's own lines.
                let wrapped = shown.source_view().filter(|v| v.source == selection.source).map(|v| v.lines.clone());
                let lines = wrapped.unwrap_or_else(|| text::wrap(text, usize::MAX >> 1).into());
                selection.step_line(text, &lines, action == Action::SelectLineDown);
            }
            _ => return false,
        }
        let changed = Some(selection) != self.selection;
        self.selection = Some(selection);
        self.follow_head(shown);
        changed
    }

    /// The article's text under a screen position: (source, the grapheme's code points).
    pub(super) fn text_at(&self, at: Position, shown: &FrameState) -> Option<(SourceIx, (usize, usize))> {
        let g = &shown.geometry;
        let view = shown.source_view()?;
        let body_top = g.source.bottom().checked_sub(g.source_body)?;
        if !g.source.contains(at) || at.y < body_top {
            return None;
        }
        let line = view.lines.get(view.top + usize::from(at.y - body_top))?;
        let text = &self.store.sources[view.source as usize].text;
        Some((view.source, grapheme_at_column(text, line, usize::from(at.x - g.source.x))))
    }

    /// Selects from where the button went down to the grapheme under the pointer, both whole.
    pub(super) fn drag_to(&mut self, at: Position, shown: &FrameState) -> bool {
        let (Some((source, from)), Some((under, (start, end)))) = (self.drag_from, self.text_at(at, shown)) else {
            return false;
        };
        if under != source || self.help.is_some() {
            return false;
        }
        let (anchor, head) = if start >= from {
            // Forward: the anchor's grapheme and the one under the pointer are both in.
            (from, end)
        } else {
            let text = &self.store.sources[source as usize].text;
            let after = Edges::of(text, Unit::Grapheme).starts.into_iter().find(|&s| s > from).unwrap_or(from);
            (after, start)
        };
        let selection = Selection { source, anchor, head, purpose: Purpose::Select };
        if self.selection == Some(selection) {
            return false;
        }
        if self.selection.is_none() {
            self.begin(selection, shown);
        } else {
            self.selection = Some(selection);
            self.follow_head(shown);
        }
        true
    }

    /// `c`, `E`, `A` on a selection: a new claim or event citing it (its form opens), or the
    /// selected words as an alias of an entity picked next. The selection stays while the form
    /// or picker is open, so cancelling returns to it.
    pub(super) fn start_from_selection(&mut self, action: Action) -> bool {
        let Some(span) = self.text_selection().filter(|s| s.start < s.end) else {
            self.notice = Some("select some text first: v, then move its end".into());
            return true;
        };
        let text = &self.store.sources[span.source as usize].text;
        if action == Action::AliasFromText {
            let words: String = text.chars().skip(span.start).take(span.end - span.start).collect();
            return self.open_alias_picker(&words);
        }
        let source = self.store.sources[span.source as usize].id.clone();
        let passage = NewPassage { source, start: span.start, end: span.end };
        self.open_form(if action == Action::NewClaimFromText {
            // What was said is most often the quote itself, or close to it: a start to edit.
            let quote: String = text.chars().skip(span.start).take(span.end - span.start).collect();
            let about = super::editing::about_choices(&self.store, None, &[span.source]);
            Form::new_claim_saying(passage, &quote, about)
        } else {
            Form::new_event(passage)
        })
    }

    /// Scrolls the article so that the selection's moving end stays in view.
    pub(super) fn follow_head(&mut self, shown: &FrameState) {
        let (Some(selection), Some(view)) = (self.selection, shown.source_view()) else { return };
        if view.source != selection.source {
            return;
        }
        let height = usize::from(shown.geometry.source_body).max(1);
        // A head after the anchor ends the span: its last character is the one before it.
        let at = if selection.head > selection.anchor { selection.head - 1 } else { selection.head };
        let line = text::line_of_char(&view.lines, at);
        let top = self.source_scroll.unwrap_or(view.top);
        let top = if line < top {
            line
        } else if line >= top + height {
            line + 1 - height
        } else {
            top
        };
        self.source_scroll = Some(top);
    }
}
