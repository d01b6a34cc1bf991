//! The compact frame encoding (`tui::wire`) must leave the terminal showing what ratatui drew.
//! Its bytes and those of ratatui's crossterm backend go through the same terminal emulator
//! (vt100), frame after frame; every cell, attributes included, must match the frame ratatui drew
//! or else be exactly what crossterm's writer left there.

#[path = "../benches/common.rs"]
mod common;

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::sync::Arc;

use crossterm::event::KeyCode;
use factline::search::SearchIndex;
use factline::store::{Store, bundled};
use factline::tui::wire::WireBackend;
use factline::tui::{App, Browser};
use proptest::prelude::*;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};

#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One terminal emulator fed by a ratatui terminal through some backend.
struct Screen<B: Backend> {
    terminal: Terminal<B>,
    bytes: Shared,
    parser: vt100::Parser,
    written: usize,
    /// The last frame as ratatui drew it.
    intended: ratatui::buffer::Buffer,
}

impl<B: Backend> Screen<B> {
    fn new(backend: impl FnOnce(Shared) -> B, width: u16, height: u16) -> Screen<B> {
        let bytes = Shared::default();
        let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
        let terminal = Terminal::with_options(backend(bytes.clone()), TerminalOptions { viewport }).unwrap();
        let intended = ratatui::buffer::Buffer::empty(Rect::new(0, 0, width, height));
        Screen { terminal, bytes, parser: vt100::Parser::new(height, width, 0), written: 0, intended }
    }

    fn draw(&mut self, render: impl FnOnce(&mut Frame)) {
        self.intended = self.terminal.draw(render).unwrap().buffer.clone();
        self.take();
    }

    fn take(&mut self) {
        let bytes = std::mem::take(&mut *self.bytes.0.borrow_mut());
        self.written += bytes.len();
        self.parser.process(&bytes);
    }
}

type Reference = Screen<CrosstermBackend<Shared>>;
type Compact = Screen<WireBackend<Shared>>;

fn pair(width: u16, height: u16) -> (Reference, Compact) {
    (Screen::new(CrosstermBackend::new, width, height), Screen::new(WireBackend::new, width, height))
}

type Look = (String, vt100::Color, vt100::Color, bool, bool, bool, bool);

fn look(cell: &vt100::Cell) -> Look {
    // A cell never written and a blank written in the default style look the same.
    let text = if cell.contents().is_empty() { " ".to_string() } else { cell.contents().to_string() };
    (text, cell.fgcolor(), cell.bgcolor(), cell.bold(), cell.italic(), cell.underline(), cell.inverse())
}

fn emulator_colour(colour: Color) -> vt100::Color {
    match colour {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        named => {
            let order = [
                Color::Black,
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
                Color::Gray,
                Color::DarkGray,
                Color::LightRed,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightBlue,
                Color::LightMagenta,
                Color::LightCyan,
                Color::White,
            ];
            vt100::Color::Idx(order.iter().position(|&c| c == named).unwrap() as u8)
        }
    }
}

fn intended_look(cell: &ratatui::buffer::Cell) -> Look {
    let m = cell.modifier;
    (
        cell.symbol().to_string(),
        emulator_colour(cell.fg),
        emulator_colour(cell.bg),
        m.contains(Modifier::BOLD),
        m.contains(Modifier::ITALIC),
        m.contains(Modifier::UNDERLINED),
        m.contains(Modifier::REVERSED),
    )
}

/// Every cell of the compact stream's screen is what ratatui drew there, or else exactly what
/// crossterm's writer left there (where ratatui's own diff leaves a trace the emulator keeps,
/// such as the attributes of a wide character's orphaned half): never worse than crossterm.
fn assert_same_screen(reference: &Reference, compact: &Compact, context: &str) {
    let (a, b) = (reference.parser.screen(), compact.parser.screen());
    let (rows, cols) = a.size();
    let mut as_drawn = 0;
    let cells = usize::from(compact.intended.area.width) * usize::from(compact.intended.area.height);
    for y in 0..rows {
        for x in 0..cols {
            let shown = look(b.cell(y, x).unwrap());
            let drawn = compact.intended.area.contains(ratatui::layout::Position::new(x, y));
            if drawn && shown == intended_look(&compact.intended[(x, y)]) {
                as_drawn += 1;
                continue;
            }
            assert_eq!(look(a.cell(y, x).unwrap()), shown, "{context}: cell ({x}, {y}) differs");
        }
    }
    // The fallback is for stray cells, not whole screens.
    assert!(as_drawn * 10 >= cells * 9, "{context}: {as_drawn} of {cells} cells as drawn");
}

fn app(store: &Arc<Store>) -> Browser {
    let search = Arc::new(SearchIndex::new(store));
    common::browser(App::new(store.clone(), search))
}

const KEYS: &[KeyCode] = &[
    KeyCode::Char('j'),
    KeyCode::Char('j'),
    KeyCode::PageDown,
    KeyCode::Char(']'),
    KeyCode::Char('2'),
    KeyCode::Char('j'),
    KeyCode::Enter,
    KeyCode::Char('j'),
    KeyCode::Esc,
    KeyCode::Char('3'),
    KeyCode::Char('l'),
    KeyCode::Char('j'),
    KeyCode::Char('1'),
    KeyCode::Char('/'),
    KeyCode::Char('k'),
    KeyCode::Char('a'),
    KeyCode::Down,
    KeyCode::Enter,
    KeyCode::Char('G'),
    KeyCode::Char('?'),
    KeyCode::Char('?'),
    KeyCode::Char('g'),
    KeyCode::PageUp,
];

fn browse_and_compare(store: &Arc<Store>, name: &str) -> (usize, usize) {
    let mut totals = (0, 0);
    for (width, height) in [(80, 24), (120, 40), (200, 60), (40, 12)] {
        let (mut reference, mut compact) = pair(width, height);
        let (mut a, mut b) = (app(store), app(store));
        reference.draw(|f| a.draw(f));
        compact.draw(|f| b.draw(f));
        assert_same_screen(&reference, &compact, &format!("{name} {width}x{height} first frame"));
        for (step, &key) in KEYS.iter().enumerate() {
            common::key(&mut a, key);
            common::key(&mut b, key);
            reference.draw(|f| a.draw(f));
            compact.draw(|f| b.draw(f));
            assert_same_screen(&reference, &compact, &format!("{name} {width}x{height} after key {step} {key:?}"));
        }
        // A resize clears the screen and starts over from blank.
        let smaller = Rect::new(0, 0, width - 3, height - 2);
        reference.terminal.resize(smaller).unwrap();
        compact.terminal.resize(smaller).unwrap();
        reference.take();
        compact.take();
        reference.draw(|f| a.draw(f));
        compact.draw(|f| b.draw(f));
        assert_same_screen(&reference, &compact, &format!("{name} {width}x{height} after a resize"));
        totals.0 += reference.written;
        totals.1 += compact.written;
    }
    totals
}

#[test]
fn browsing_the_bundled_store_shows_the_same_screens_in_fewer_bytes() {
    let store = Arc::new(bundled::load().unwrap());
    let (reference, compact) = browse_and_compare(&store, "bundled");
    assert!(compact * 10 < reference * 8, "{compact} bytes against crossterm's {reference}: not 20 % fewer");
}

#[test]
fn browsing_a_generated_store_with_every_script_shows_the_same_screens() {
    // The generator mixes Latin with diacritics, CJK and emoji into its names and texts.
    let store = Arc::new(common::store(3_000));
    let (reference, compact) = browse_and_compare(&store, "generated");
    assert!(compact < reference, "{compact} bytes against crossterm's {reference}");
}

/// Flags and keycaps are left out: the emulator gives them one column where ratatui (and most
/// terminals) give two, so crossterm's own frames leave stray halves on its screen and there is
/// no right answer to compare with.
const SYMBOLS: &[&str] = &["a", "b", " ", "é", "—", "中", "🔊", "e\u{301}", "x"];
const COLOURS: &[Color] = &[
    Color::Reset,
    Color::Red,
    Color::Cyan,
    Color::DarkGray,
    Color::White,
    Color::Indexed(208),
    Color::Rgb(9, 99, 199),
];

fn style() -> impl Strategy<Value = Style> {
    (0..COLOURS.len(), 0..COLOURS.len(), 0u16..(1 << 9)).prop_map(|(fg, bg, bits)| {
        let mut modifier = Modifier::from_bits_truncate(bits);
        // The emulator keeps bold and dim as one intensity, where the order of the codes decides
        // and crossterm's own writer is not consistent; terminals keep them apart.
        if modifier.contains(Modifier::BOLD) {
            modifier -= Modifier::DIM;
        }
        Style::new().fg(COLOURS[fg]).bg(COLOURS[bg]).add_modifier(modifier)
    })
}

/// Runs of a symbol in a style, written left to right and top to bottom: frames with long
/// equal stretches (where reprinting a gap pays) as well as patchwork.
fn frame() -> impl Strategy<Value = Vec<(usize, usize, Style)>> {
    prop::collection::vec((0..SYMBOLS.len(), 1usize..12, style()), 1..40)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_frames_shows_the_same_screens(frames in prop::collection::vec(frame(), 1..6)) {
        let (width, height) = (23, 7);
        let (mut reference, mut compact) = pair(width, height);
        for (n, runs) in frames.iter().enumerate() {
            let paint = |f: &mut Frame| {
                let buffer = f.buffer_mut();
                let (mut x, mut y) = (0u16, 0u16);
                for &(symbol, count, style) in runs {
                    for _ in 0..count {
                        if y >= height {
                            return;
                        }
                        let (next, _) = buffer.set_stringn(x, y, SYMBOLS[symbol], usize::from(width - x), style);
                        x = if next > x { next } else { x + 1 };
                        if x >= width {
                            x = 0;
                            y += 1;
                        }
                    }
                }
            };
            reference.draw(paint);
            compact.draw(paint);
            assert_same_screen(&reference, &compact, &format!("frame {n}"));
        }
    }
}
