//! The local terminal: raw mode, alternate screen, mouse and paste reporting on the way in;
//! all of it undone on the way out — on quit, on error, on panic, and on SIGTERM/SIGHUP/SIGINT
//! (a dropped SSH link) — and each frame wrapped in synchronized output (DEC 2026) so a slow
//! link never shows a half-drawn screen.

use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::style::Print;
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use crossterm::{execute, queue};
use ratatui::{Frame, Terminal};

use super::modes::{DRAG_OFF, DRAG_ON, MOUSE_OFF, MOUSE_ON};
use super::wire::WireBackend;

static ACTIVE: AtomicBool = AtomicBool::new(false);
static HOOKS: Once = Once::new();

/// Holds the terminal in browser mode; dropping it (or any exit path above) restores it.
pub struct Session {
    pub terminal: Terminal<WireBackend<Stdout>>,
}

impl Session {
    pub fn enter() -> io::Result<Session> {
        install_hooks();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut stdout = io::stdout();
        if let Err(e) = execute!(stdout, EnterAlternateScreen, Print(MOUSE_ON), Print(DRAG_ON), EnableBracketedPaste) {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(WireBackend::new(stdout)).inspect_err(|_| restore())?;
        Ok(Session { terminal })
    }

    /// Draws one frame between begin/end synchronized-update marks.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(render)?;
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as the shell left it. Safe to call from any thread, any number of
/// times; only the first call after `enter` writes anything.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut stdout = io::stdout();
    // Errors are ignored: on a hung-up line there is no terminal left to restore.
    let _ = execute!(
        stdout,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        Print(DRAG_OFF),
        Print(MOUSE_OFF),
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

fn install_hooks() {
    HOOKS.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) {
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    restore();
                    // Die of the signal as if never caught, so the parent sees the real cause.
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                }
            });
        }
    });
}
