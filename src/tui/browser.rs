//! One person's browsing: the app state, what their last frame learned, and the theme their
//! terminal gets. The local terminal loop owns one, and so does every SSH session. Input goes
//! in through `handle_event`, frames come out of `draw`, and the state flows one way between
//! them: `App` → drawing (which only reads it) → `FrameState` → the next `App::update`.

use crossterm::event::Event;
use ratatui::Frame;

use super::app::App;
use super::frame_state::FrameState;
use super::ui::{self, theme::Theme};

pub struct Browser {
    pub app: App,
    pub frame_state: FrameState,
    /// Chosen by whoever owns the terminal: NO_COLOR locally, the client's TERM over SSH.
    pub theme: Theme,
}

impl Browser {
    pub fn new(app: App, theme: Theme) -> Browser {
        Browser { app, frame_state: FrameState::default(), theme }
    }

    /// Returns whether the screen must be redrawn.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        self.app.handle_event(event, &self.frame_state)
    }

    pub fn should_quit(&self) -> bool {
        self.app.should_quit()
    }

    pub fn draw(&mut self, frame: &mut Frame) {
        ui::draw(frame, &self.app, self.theme, &mut self.frame_state);
    }
}
