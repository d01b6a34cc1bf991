//! One person's browsing: the app state, what their last frame learned, and the theme their
//! terminal gets. The local terminal loop owns one, and so does every SSH session. Input goes
//! in through `handle_event`, frames come out of `draw`, and the state flows one way between
//! them: `App` → drawing (which only reads it) → `FrameState` → the next `App::update`.

use crossterm::event::{Event, KeyEventKind};
use ratatui::Frame;

use super::action::Action;
use super::app::App;
use super::frame_state::FrameState;
use super::keymap::{self, Key};
use super::ui::{self, theme::Theme};
use super::view::Focus;
use crate::curation::change::Change;

/// What performs the curation actions (accept, reject, undo…) for a browser that may edit its
/// store. Only the local terminal gives a browser one; an SSH session's has none, so no key of
/// a kiosk can reach the store's file.
pub trait Editor: Send {
    /// Performs a curation action on what `app` shows, then hands `app` the store as it is now
    /// and a notice for the status bar. Returns whether anything visible changed.
    /// Returns false for an action it leaves to the app (opening a form), which then gets it.
    fn perform(&mut self, action: Action, app: &mut App, shown: &FrameState) -> bool;

    /// Makes a change a form or a picker asked for (`App::take_change`), then hands `app` the
    /// store as it is now, or the problem (shown in the form, nothing typed lost).
    fn perform_change(&mut self, change: Change, app: &mut App, shown: &FrameState);

    /// Whether changes can be saved: the curation keys are hinted only then (a read-only store
    /// still answers them, saying why nothing is saved).
    fn can_edit(&self) -> bool {
        true
    }

    /// What to say when the browser opens: why changes cannot be saved, when they cannot.
    fn opening_notice(&self) -> Option<String> {
        None
    }

    /// Once the first frame is drawn: work that makes the first change quick, started where it
    /// cannot delay that frame.
    fn prepare(&mut self) {}

    /// Once the browser has closed and the terminal is restored: saves what is still pending
    /// (a journal folded into store.json), saying on `say` what it does. An error comes back
    /// as the message to end with (and a failure exit status).
    fn close(&mut self, _say: &mut dyn std::io::Write) -> Result<(), String> {
        Ok(())
    }

    /// When the source pane gets the focus: a notice when an article the selected item quotes
    /// changed on disk since the store was read (the pane shows the text as read).
    fn source_changed(&self, _app: &App) -> Option<String> {
        None
    }
}

pub struct Browser {
    pub app: App,
    editor: Option<Box<dyn Editor>>,
    pub frame_state: FrameState,
    /// Chosen by whoever owns the terminal: NO_COLOR locally, the client's TERM over SSH.
    pub theme: Theme,
}

impl Browser {
    pub fn new(app: App, theme: Theme) -> Browser {
        Browser { app, editor: None, frame_state: FrameState::default(), theme }
    }

    /// Starts what the editor prepares once the first frame is drawn.
    pub fn prepare_editor(&mut self) {
        if let Some(editor) = self.editor.as_mut() {
            editor.prepare();
        }
    }

    /// Closes the editor (`Editor::close`): after the terminal is restored.
    pub fn close_editor(&mut self, say: &mut dyn std::io::Write) -> Result<(), String> {
        self.editor.as_mut().map_or(Ok(()), |editor| editor.close(say))
    }

    /// A browser whose curation keys edit the store through `editor`.
    pub fn with_editor(mut app: App, theme: Theme, editor: Box<dyn Editor>) -> Browser {
        app.set_curating(editor.can_edit());
        if let Some(notice) = editor.opening_notice() {
            app.set_notice(Some(notice));
        }
        Browser { app, editor: Some(editor), frame_state: FrameState::default(), theme }
    }

    /// Returns whether the screen must be redrawn.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        if let (Some(editor), Event::Key(key)) = (self.editor.as_mut(), event)
            && key.kind != KeyEventKind::Release
            && !self.app.help_open()
            && let Some(action) = keymap::lookup(self.app.mode(), Key::from_event(key))
            && keymap::is_curation(action)
            && editor.perform(action, &mut self.app, &self.frame_state)
        {
            return true;
        }
        // A notice answers the key before; the next key clears it, giving the hints their room back.
        let cleared =
            matches!(event, Event::Key(key) if key.kind != KeyEventKind::Release) && self.app.notice().is_some() && {
                self.app.set_notice(None);
                true
            };
        let focus_before = self.app.focus();
        let changed = self.app.handle_event(event, &self.frame_state) || cleared;
        if focus_before != Focus::Source
            && self.app.focus() == Focus::Source
            && let Some(notice) = self.editor.as_ref().and_then(|editor| editor.source_changed(&self.app))
        {
            self.app.set_notice(Some(notice));
        }
        match (self.app.take_change(), self.editor.as_mut()) {
            (Some(change), Some(editor)) => {
                editor.perform_change(change, &mut self.app, &self.frame_state);
                true
            }
            _ => changed,
        }
    }

    pub fn should_quit(&self) -> bool {
        self.app.should_quit()
    }

    pub fn draw(&mut self, frame: &mut Frame) {
        ui::draw(frame, &self.app, self.theme, &mut self.frame_state);
    }
}
