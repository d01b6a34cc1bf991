//! The full-screen browser: `run` drives the local terminal; a `Browser` (`App` + `draw` + the
//! `FrameState` between them) is the terminal-free core that the SSH server drives per session
//! as well.

pub mod action;
pub mod app;
pub mod browser;
pub mod curating;
pub mod form;
pub mod frame_state;
pub mod keymap;
pub mod modes;
pub mod picker;
pub mod review;
pub mod selection;
pub mod terminal;
pub mod ui;
pub mod view;
pub mod wire;

use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{self, Event};

pub use app::{App, SharedTextIndex};
pub use browser::Browser;
pub use frame_state::FrameState;
pub use ui::draw;
pub use ui::theme::Theme;

use crate::find::TextIndex;
use crate::search::SearchIndex;
use crate::store::Store;

/// How often a query waiting for the article index checks whether it is ready.
const TEXT_INDEX_POLL: Duration = Duration::from_millis(100);

/// Fills `text` with the store's article index on a thread of its own, for sessions that
/// share it (`App::with_text_index`) and must not wait for it.
pub fn build_text_index_in_background(store: Arc<Store>, text: SharedTextIndex) {
    std::thread::spawn(move || {
        text.get_or_init(|| TextIndex::new(&store));
    });
}

/// Opens the browser on the terminal until the user quits.
pub fn run(store: Arc<Store>) -> io::Result<()> {
    run_with(store, None, None)
}

/// `run`, with the curation keys performed by `editor` and `notice` in the status bar.
pub fn run_with(store: Arc<Store>, editor: Option<Box<dyn browser::Editor>>, notice: Option<String>) -> io::Result<()> {
    // Escape sequences written into a file or a pipe help nobody.
    if !io::stdout().is_terminal() {
        return Err(io::Error::other(
            "the browser needs a terminal on standard output; for scripts use `factline search` or `factline export`",
        ));
    }
    let search = Arc::new(SearchIndex::new(&store));
    let text = SharedTextIndex::default();
    let mut app = App::new(Arc::clone(&store), search).with_text_index(Arc::clone(&text));
    app.set_notice(notice);
    let mut browser = match editor {
        Some(editor) => Browser::with_editor(app, Theme::from_env(), editor),
        None => Browser::new(app, Theme::from_env()),
    };
    let mut session = terminal::Session::enter()?;
    session.draw(|frame| browser.draw(frame))?;
    // After the first frame, so the article index (and store.json read for editing) does not
    // delay it.
    build_text_index_in_background(store, text);
    browser.prepare_editor();
    // Blocks until input arrives: nothing is drawn, and no CPU is used, while idle (except
    // while a query waits for the article index, to show its hits as soon as it is ready).
    while !browser.should_quit() {
        if browser.app.indexing() && !event::poll(TEXT_INDEX_POLL)? {
            if browser.app.poll_text_index() {
                session.draw(|frame| browser.draw(frame))?;
            }
            continue;
        }
        let event = event::read()?;
        let mut redraw = browser.handle_event(&event);
        let mut resized = matches!(event, Event::Resize(..));
        // Type-ahead: every key already waiting is handled before drawing, so a burst of keys
        // (a paste, fast typing on a large store, a slow link) costs one frame, not one each.
        while !browser.should_quit() && event::poll(Duration::ZERO)? {
            let event = event::read()?;
            redraw |= browser.handle_event(&event);
            resized |= matches!(event, Event::Resize(..));
        }
        if redraw && !browser.should_quit() {
            if resized {
                session.terminal.autoresize()?;
            }
            session.draw(|frame| browser.draw(frame))?;
        }
    }
    drop(session);
    // With the terminal restored, so that what the editor says (saving a large store's changes
    // takes seconds) is read on the shell's screen.
    browser.close_editor(&mut io::stderr().lock()).map_err(io::Error::other)
}
