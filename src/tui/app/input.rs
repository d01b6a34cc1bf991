//! Input as it arrives: keys (an Alt key split into Esc and the key), pastes, resizes, and the
//! mouse (a click selects or focuses, the wheel scrolls the pane under the pointer, a drag in the
//! article selects). Keys become actions through the keymap for the current mode; `update` does them.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::layout::Position;

use super::{App, Step, WHEEL_STEP};
use crate::tui::FrameState;
use crate::tui::action::Action;
use crate::tui::keymap::{self, Key};
use crate::tui::ui::layout;
use crate::tui::view::{Focus, Item, View};

impl App {
    /// Handles one input event; `shown` is what the last frame learned (where panes are, how
    /// far things are scrolled). Returns whether anything visible changed.
    pub fn handle_event(&mut self, event: &Event, shown: &FrameState) -> bool {
        if matches!(event, Event::Key(key) if key.kind != KeyEventKind::Release) {
            self.disarm_reject();
        }
        match event {
            // No binding uses Alt: an Alt key is an Esc and a key that arrived together (typed
            // fast, or coalesced by a slow link), so it is taken as exactly that.
            Event::Key(key) if key.kind != KeyEventKind::Release && key.modifiers.contains(KeyModifiers::ALT) => {
                let esc = self.handle_event(&Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)), shown);
                let rest = KeyEvent { modifiers: key.modifiers - KeyModifiers::ALT, ..*key };
                let then = !self.quit && self.handle_event(&Event::Key(rest), shown);
                esc || then
            }
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                let key = Key::from_event(key);
                match keymap::lookup(self.mode(), key) {
                    Some(action) => self.update(action, shown),
                    None if self.editing() => match key.code {
                        KeyCode::Char(c) if !key.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                            self.type_editing(&c.to_string())
                        }
                        _ => false,
                    },
                    None if self.focus == Focus::Search && self.help.is_none() => match key.code {
                        KeyCode::Char(c) if !key.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                            self.type_text(&c.to_string(), shown)
                        }
                        _ => false,
                    },
                    None => false,
                }
            }
            Event::Key(_) => false,
            Event::Paste(text) if self.editing() => self.type_editing(text),
            // The form is modal: the panes under it do not take clicks.
            Event::Mouse(_) if self.editing() => false,
            Event::Paste(text) if self.focus == Focus::Search && self.help.is_none() => self.type_text(text, shown),
            Event::Paste(_) | Event::FocusGained | Event::FocusLost => false,
            Event::Resize(..) => true,
            Event::Mouse(mouse) => {
                let at = Position::new(mouse.column, mouse.row);
                match mouse.kind {
                    MouseEventKind::Down(MouseButton::Left) => {
                        let clicked = self.click(at, shown);
                        self.drag_from = self.text_at(at, shown).map(|(source, (start, _))| (source, start));
                        clicked
                    }
                    MouseEventKind::Drag(MouseButton::Left) => self.drag_to(at, shown),
                    MouseEventKind::Up(MouseButton::Left) => {
                        self.drag_from = None;
                        false
                    }
                    MouseEventKind::ScrollDown => self.wheel(at, true, shown),
                    MouseEventKind::ScrollUp => self.wheel(at, false, shown),
                    _ => false,
                }
            }
        }
    }

    pub(super) fn click(&mut self, at: Position, shown: &FrameState) -> bool {
        if self.help.is_some() {
            return false;
        }
        // A click elsewhere ends a selection, as Esc does.
        self.selection = None;
        let g = &shown.geometry;
        if self.focus == Focus::Search && g.dropdown.contains(at) {
            let row = usize::from(at.y - g.dropdown.y);
            if let Some(Some(choice)) = g.dropdown_rows.get(row) {
                self.hit = *choice;
                return self.update(Action::PinEntity, shown);
            }
            return false;
        }
        if let Some(&(_, view)) = g.views.iter().find(|(rect, _)| rect.contains(at)) {
            self.show(view, shown);
            self.focus = Focus::Views;
            return true;
        }
        if g.search.contains(at) {
            return self.update(Action::FocusSearch, shown);
        }
        if g.list.contains(at) {
            let per = g.rows_per_item.max(1);
            let index = shown.list_offset(self.view) + usize::from((at.y - g.list.y) / per);
            let on_variants = self.view == View::Disagreements && (at.y - g.list.y) % per == 1;
            let (x, width) = (at.x - g.list.x, g.list.width);
            self.focus = Focus::List;
            if index < self.len() {
                self.select(index, shown);
                if let (true, Some(Item::Discrepancy(d))) = (on_variants, self.selected()) {
                    let count = self.store.discrepancies[d as usize].variants.len();
                    if let Some(variant) = layout::variant_at(width, count, x) {
                        self.select_variant(variant);
                    }
                }
            }
            return true;
        }
        if g.source.contains(at) {
            self.focus = Focus::Source;
            return true;
        }
        false
    }

    pub(super) fn wheel(&mut self, at: Position, down: bool, shown: &FrameState) -> bool {
        let step = if down { Step::Forward(WHEEL_STEP) } else { Step::Back(WHEEL_STEP) };
        let g = &shown.geometry;
        if self.help.is_some() {
            return self.update(if down { Action::Down } else { Action::Up }, shown);
        }
        let pane = if g.source.contains(at) {
            Focus::Source
        } else if g.list.contains(at) {
            Focus::List
        } else {
            return false;
        };
        let focus = std::mem::replace(&mut self.focus, pane);
        let changed = self.step(step, shown);
        self.focus = focus;
        changed
    }
}
