//! Stores for the benchmarks: generated once per size into a temporary folder, then loaded.
//!
//! Sizes come from `FACTLINE_BENCH_SIZES` (comma-separated event counts), so the slow
//! million-event run is opt-in: `FACTLINE_BENCH_SIZES=1000,100000,1000000 cargo bench`.

#![allow(dead_code)]

use std::path::PathBuf;

use factline::generate::{Spec, generate};
use factline::store::{Store, load_path};

pub fn sizes(default: &[usize]) -> Vec<usize> {
    match std::env::var("FACTLINE_BENCH_SIZES") {
        Ok(list) => list.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => default.to_vec(),
    }
}

/// The generator's proportions used for every figure: a tenth as many entities as events (at most
/// 50 000), one source article per twenty events.
pub fn spec(events: usize) -> Spec {
    Spec { events, entities: (events / 10).clamp(20, 50_000), sources: (events / 20).max(1), seed: 1 }
}

pub struct Generated {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn generated(events: usize) -> Generated {
    let dir = tempfile::tempdir().expect("a temporary folder");
    generate(&spec(events), dir.path()).expect("the generator writes the store");
    Generated { path: dir.path().to_path_buf(), _dir: dir }
}

pub fn store(events: usize) -> Store {
    load_path(&generated(events).path).expect("a generated store is valid")
}

/// The store named by `FACTLINE_BENCH_STORE` (a folder or a store.json), with its folder's name
/// as the label, for figures on a store that was not generated (an ACLED import).
pub fn named_store() -> Option<(String, Store)> {
    let path = PathBuf::from(std::env::var_os("FACTLINE_BENCH_STORE")?);
    let label = path.file_name().map_or("store".to_string(), |n| n.to_string_lossy().into_owned());
    Some((label, load_path(&path).expect("FACTLINE_BENCH_STORE names a valid store")))
}

/// Counts the bytes a terminal backend writes, as they would go down an SSH link.
#[derive(Debug, Default, Clone)]
pub struct Counting {
    pub bytes: std::rc::Rc<std::cell::Cell<usize>>,
}

impl std::io::Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.set(self.bytes.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub type CountingTerminal = ratatui::Terminal<factline::tui::wire::WireBackend<Counting>>;

/// A terminal of a fixed size that writes into a byte counter, through the browser's backend.
pub fn counting_terminal(width: u16, height: u16) -> (CountingTerminal, Counting) {
    counting_terminal_with(factline::tui::wire::WireBackend::new, width, height)
}

/// The same through ratatui's own crossterm backend: the baseline for bytes on the wire.
pub fn crossterm_counting_terminal(
    width: u16,
    height: u16,
) -> (ratatui::Terminal<ratatui::backend::CrosstermBackend<Counting>>, Counting) {
    counting_terminal_with(ratatui::backend::CrosstermBackend::new, width, height)
}

fn counting_terminal_with<B: ratatui::backend::Backend>(
    backend: impl FnOnce(Counting) -> B,
    width: u16,
    height: u16,
) -> (ratatui::Terminal<B>, Counting) {
    let counter = Counting::default();
    let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height));
    let terminal = ratatui::Terminal::with_options(backend(counter.clone()), ratatui::TerminalOptions { viewport })
        .expect("a terminal");
    (terminal, counter)
}

/// A browsing session as the local terminal starts one (its theme from NO_COLOR).
pub fn browser(app: factline::tui::App) -> factline::tui::Browser {
    factline::tui::Browser::new(app, factline::tui::Theme::from_env())
}

/// One frame as the browser writes it: between synchronized-update marks.
pub fn frame<B: ratatui::backend::Backend + std::io::Write>(
    terminal: &mut ratatui::Terminal<B>,
    browser: &mut factline::tui::Browser,
) {
    use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
    crossterm::queue!(terminal.backend_mut(), BeginSynchronizedUpdate).expect("queued");
    terminal.draw(|f| browser.draw(f)).expect("drawn");
    crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate).expect("written");
}

pub fn key(browser: &mut factline::tui::Browser, code: crossterm::event::KeyCode) -> bool {
    let event = crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE);
    browser.handle_event(&crossterm::event::Event::Key(event))
}
