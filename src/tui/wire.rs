//! The escape sequences a frame costs on the wire. ratatui decides *which* cells changed; this
//! backend decides how to say so in fewer bytes than crossterm's writer, which matters on a slow
//! SSH link, where every keystroke's frame crosses the network:
//!
//! - a short gap between changed cells on a row is crossed by printing the unchanged cells again
//!   when that is shorter than a cursor move (`ESC[5C` costs as much as four letters);
//! - a cursor move uses the shortest form: forward on the row, or to a row's first column;
//! - blanks are erased rather than printed space by space: to the end of the row (`ESC[K`)
//!   when the rest of it is to be blank, else a stretch at a time (`ESC[12X`);
//! - a style change is one SGR sequence with only what changed, the 16 ANSI colours as `31`/`91`
//!   rather than `38;5;1`, and a reset when that is shorter.
//!
//! Everything that is not drawing cells (cursor visibility and position, clearing, size) is
//! crossterm's own. `tests/wire.rs` feeds this writer's bytes and crossterm's to a terminal
//! emulator, frame after frame, and checks that every cell shows what ratatui drew — or, where
//! ratatui's own diff leaves a trace the emulator keeps, exactly what crossterm's writer shows.

use std::fmt::Write as _;
use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// Cells crossed by printing them rather than by moving the cursor: more never pays.
const LONGEST_REPRINT: u16 = 6;

pub struct WireBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// What the terminal shows, as far as ratatui's diffs have told us: the cells a short gap is
    /// reprinted from. ratatui starts from a blank screen and so does this; rows grow on demand.
    screen: Vec<Vec<Cell>>,
    /// False after a partial clear, whose effect on the cells is not tracked: nothing is
    /// reprinted until the next full clear.
    screen_known: bool,
}

impl<W: Write> WireBackend<W> {
    pub fn new(writer: W) -> WireBackend<W> {
        WireBackend { inner: CrosstermBackend::new(writer), screen: Vec::new(), screen_known: true }
    }

    fn shown(&self, x: u16, y: u16) -> Option<&Cell> {
        self.screen.get(usize::from(y)).and_then(|row| row.get(usize::from(x)))
    }

    fn remember(&mut self, x: u16, y: u16, cell: &Cell) {
        let (x, y) = (usize::from(x), usize::from(y));
        if self.screen.len() <= y {
            self.screen.resize_with(y + 1, Vec::new);
        }
        let wide = cell.symbol().width() > 1;
        let row = &mut self.screen[y];
        if row.len() <= x + usize::from(wide) {
            row.resize_with(x + 1 + usize::from(wide), Cell::default);
        }
        row[x] = cell.clone();
        if wide {
            // The cell under a wide character's second half shows no symbol of its own, and
            // ratatui's diffs never mention it: what was remembered there must not be reprinted
            // (an empty symbol is never reprinted, so the cursor is moved over it instead).
            let mut hidden = Cell::default();
            hidden.set_symbol("");
            row[x + 1] = hidden;
        }
    }

    /// The cells from `from` up to `to` on row `y`, printed as they are shown, when that is
    /// cheaper than `move_cost` and needs no change of style.
    fn reprint(&self, y: u16, from: u16, to: u16, pen: &Pen, move_cost: usize) -> Option<String> {
        if !self.screen_known || to - from > LONGEST_REPRINT {
            return None;
        }
        let mut text = String::new();
        for x in from..to {
            let blank = Cell::default();
            let cell = self.shown(x, y).unwrap_or(&blank);
            let symbol = cell.symbol();
            if !advances_one_column(symbol) || Pen::of(cell) != *pen {
                return None;
            }
            text.push_str(symbol);
        }
        (text.len() < move_cost).then_some(text)
    }

    /// The first column from which the row of `row[0]` is to be blank to the right edge, given
    /// `row`, the changed cells of that row in order. Cells never written since the last full
    /// clear are blank, so the right edge need not be known.
    fn blank_tail(&self, row: &[(u16, u16, &Cell)]) -> Option<u16> {
        let &(_, y, _) = row.first()?;
        if !self.screen_known {
            return None;
        }
        let changing: Vec<u16> = row.iter().map(|&(x, ..)| x).collect();
        let last_changed = row.iter().rev().find(|&&(_, _, cell)| !is_blank(cell)).map(|&(x, ..)| x);
        let shown = self.screen.get(usize::from(y)).map_or(&[][..], Vec::as_slice);
        let last_kept = (0..shown.len())
            .rev()
            .find(|&x| !is_blank(&shown[x]) && changing.binary_search(&(x as u16)).is_err())
            .map(|x| x as u16);
        Some(last_changed.max(last_kept).map_or(0, |x| x + 1))
    }
}

fn is_blank(cell: &Cell) -> bool {
    cell.symbol() == " " && Pen::of(cell) == Pen::PLAIN
}

/// A symbol after which the cursor is surely one column on: one character of width one. After
/// anything else (wide, combining, empty) terminals disagree, so the next cell is placed anew.
fn advances_one_column(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_control()) && symbol.width() == 1
}

/// How many of `cells` (changed cells in screen order) from the first are plain blanks side by
/// side on one row.
fn blank_run(cells: &[(u16, u16, &Cell)]) -> u16 {
    let Some(&(x0, y0, _)) = cells.first() else { return 0 };
    let mut run = 0;
    for &(x, y, cell) in cells {
        if y != y0 || x != x0 + run || !is_blank(cell) {
            break;
        }
        run += 1;
    }
    run
}

/// The graphic rendition in effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    const PLAIN: Pen = Pen { fg: Color::Reset, bg: Color::Reset, underline: Color::Reset, modifier: Modifier::empty() };

    fn of(cell: &Cell) -> Pen {
        Pen { fg: cell.fg, bg: cell.bg, underline: cell.underline_color, modifier: cell.modifier }
    }

    /// One SGR sequence taking the terminal from `self` to `to`: only what changed, or a reset
    /// and everything `to` sets, whichever is shorter. Codes come in the order crossterm's
    /// writer uses, so even emulators where that order matters (bold and dim as one intensity)
    /// end up the same.
    fn change_to(&self, to: &Pen) -> String {
        if to == &Pen::PLAIN {
            return "\x1b[0m".into();
        }
        let removed = self.modifier - to.modifier;
        let mut added = to.modifier - self.modifier;
        let mut incremental = String::new();
        if removed.contains(Modifier::REVERSED) {
            push_param(&mut incremental, 27);
        }
        if removed.intersects(Modifier::BOLD | Modifier::DIM) {
            // 22 turns off both bold and dim: whichever stays is set again.
            push_param(&mut incremental, 22);
            for (modifier, code) in [(Modifier::DIM, 2), (Modifier::BOLD, 1)] {
                if to.modifier.contains(modifier) {
                    push_param(&mut incremental, code);
                }
            }
            added -= Modifier::BOLD | Modifier::DIM;
        }
        for (modifier, off) in OFF_CODES {
            if removed.contains(modifier) {
                push_param(&mut incremental, off);
            }
        }
        if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
            // 25 turns off both kinds of blinking.
            push_param(&mut incremental, 25);
            added |= to.modifier & (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
        }
        push_modifiers(&mut incremental, added);
        if self.fg != to.fg {
            push_colour(&mut incremental, to.fg, Layer::Fg);
        }
        if self.bg != to.bg {
            push_colour(&mut incremental, to.bg, Layer::Bg);
        }
        if self.underline != to.underline {
            push_colour(&mut incremental, to.underline, Layer::Underline);
        }
        let mut reset = String::from("0");
        push_modifiers(&mut reset, to.modifier);
        for (colour, layer) in [(to.fg, Layer::Fg), (to.bg, Layer::Bg), (to.underline, Layer::Underline)] {
            if colour != Color::Reset {
                push_colour(&mut reset, colour, layer);
            }
        }
        let params = if reset.len() < incremental.len() { reset } else { incremental };
        format!("\x1b[{params}m")
    }
}

/// Modifiers turned off by a code of their own (bold and dim share 22, the blinks 25).
const OFF_CODES: [(Modifier, u8); 4] =
    [(Modifier::ITALIC, 23), (Modifier::UNDERLINED, 24), (Modifier::CROSSED_OUT, 29), (Modifier::HIDDEN, 28)];

const ON_CODES: [(Modifier, u8); 9] = [
    (Modifier::REVERSED, 7),
    (Modifier::BOLD, 1),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::DIM, 2),
    (Modifier::CROSSED_OUT, 9),
    (Modifier::HIDDEN, 8),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
];

fn push_param(params: &mut String, code: impl std::fmt::Display) {
    if !params.is_empty() {
        params.push(';');
    }
    let _ = write!(params, "{code}");
}

fn push_modifiers(params: &mut String, modifiers: Modifier) {
    for (modifier, code) in ON_CODES {
        if modifiers.contains(modifier) {
            push_param(params, code);
        }
    }
}

#[derive(Clone, Copy)]
enum Layer {
    Fg,
    Bg,
    Underline,
}

/// Palette index of a named colour, as crossterm numbers them.
fn ansi_index(colour: Color) -> Option<u8> {
    Some(match colour {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        _ => return None,
    })
}

fn push_colour(params: &mut String, colour: Color, layer: Layer) {
    let (base, bright, extended, default) = match layer {
        Layer::Fg => (30, 90, 38, 39),
        Layer::Bg => (40, 100, 48, 49),
        // The underline colour has no short codes.
        Layer::Underline => (0, 0, 58, 59),
    };
    match (colour, ansi_index(colour), layer) {
        (Color::Reset, ..) => push_param(params, default),
        (_, Some(i), Layer::Fg | Layer::Bg) if i < 8 => push_param(params, base + i),
        (_, Some(i), Layer::Fg | Layer::Bg) => push_param(params, bright + i - 8),
        (_, Some(i), Layer::Underline) | (Color::Indexed(i), ..) => push_param(params, format!("{extended};5;{i}")),
        (Color::Rgb(r, g, b), ..) => push_param(params, format!("{extended};2;{r};{g};{b}")),
        // Every named colour has an index.
        _ => push_param(params, default),
    }
}

/// The shortest way to put the cursor at (x, y) from where it is (when known).
fn cursor_move(from: Option<(u16, u16)>, x: u16, y: u16) -> String {
    match from {
        Some((cx, cy)) if cy == y && x == cx + 1 => "\x1b[C".into(),
        Some((cx, cy)) if cy == y && x > cx => format!("\x1b[{}C", x - cx),
        _ if x == 0 => format!("\x1b[{}H", y + 1),
        _ => format!("\x1b[{};{}H", y + 1, x + 1),
    }
}

/// Bytes of our own (mode switches, synchronized-output marks) go out in order with the frames.
impl<W: Write> Write for WireBackend<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for WireBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, &Cell)> = content.collect();
        let mut out = String::new();
        let mut pen = Pen::PLAIN;
        // Where the cursor is, when surely known.
        let mut cursor: Option<(u16, u16)> = None;
        // The row being drawn, the column from which it is to be blank to its end, and where its
        // changed cells end in `cells`.
        let mut tail: Option<(u16, u16, usize)> = None;
        let mut i = 0;
        while i < cells.len() {
            let (x, y, cell) = cells[i];
            if cursor != Some((x, y)) {
                let moving = cursor_move(cursor, x, y);
                match cursor.filter(|&(cx, cy)| cy == y && x > cx) {
                    Some((cx, _)) => match self.reprint(y, cx, x, &pen, moving.len()) {
                        Some(text) => out.push_str(&text),
                        None => out.push_str(&moving),
                    },
                    None => out.push_str(&moving),
                }
            }
            if tail.is_none_or(|(row, ..)| row != y) {
                let end = i + cells[i..].iter().take_while(|&&(_, cy, _)| cy == y).count();
                tail = Some((y, self.blank_tail(&cells[i..end]).unwrap_or(u16::MAX), end));
            }
            let erasing = match tail {
                Some((_, from, end)) if x >= from => Some(("\x1b[K".to_string(), end - i)),
                _ => {
                    let blanks = usize::from(blank_run(&cells[i..]));
                    // `ESC[nX` takes four bytes or more.
                    (blanks > 4).then(|| (format!("\x1b[{blanks}X"), blanks))
                }
            };
            if let Some((erase, count)) = erasing {
                // Erasing leaves the cursor where it is, and blanks in the current background:
                // the pen goes back to plain first.
                if pen != Pen::PLAIN {
                    out.push_str("\x1b[0m");
                    pen = Pen::PLAIN;
                }
                out.push_str(&erase);
                for &(x, y, cell) in &cells[i..i + count] {
                    self.remember(x, y, cell);
                }
                cursor = Some((x, y));
                i += count;
                continue;
            }
            let wanted = Pen::of(cell);
            if wanted != pen {
                out.push_str(&pen.change_to(&wanted));
                pen = wanted;
            }
            let symbol = cell.symbol();
            out.push_str(symbol);
            cursor = advances_one_column(symbol).then_some((x + 1, y));
            self.remember(x, y, cell);
            i += 1;
        }
        if pen != Pen::PLAIN {
            out.push_str("\x1b[0m");
        }
        self.inner.write_all(out.as_bytes())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        match clear_type {
            ClearType::All => {
                self.screen.clear();
                self.screen_known = true;
            }
            _ => self.screen_known = false,
        }
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pen(fg: Color, bg: Color, modifier: Modifier) -> Pen {
        Pen { fg, bg, underline: Color::Reset, modifier }
    }

    #[test]
    fn named_colours_take_the_short_codes() {
        let plain = Pen::PLAIN;
        assert_eq!(plain.change_to(&pen(Color::Red, Color::Reset, Modifier::empty())), "\x1b[31m");
        assert_eq!(plain.change_to(&pen(Color::DarkGray, Color::Blue, Modifier::empty())), "\x1b[90;44m");
        assert_eq!(plain.change_to(&pen(Color::White, Color::LightCyan, Modifier::empty())), "\x1b[97;106m");
        assert_eq!(
            plain.change_to(&pen(Color::Indexed(200), Color::Rgb(1, 2, 3), Modifier::empty())),
            "\x1b[38;5;200;48;2;1;2;3m"
        );
    }

    #[test]
    fn a_style_change_says_only_what_changed_or_resets_when_shorter() {
        let bold_cyan = pen(Color::Cyan, Color::Reset, Modifier::BOLD | Modifier::REVERSED);
        assert_eq!(bold_cyan.change_to(&pen(Color::Cyan, Color::Reset, Modifier::BOLD)), "\x1b[27m");
        assert_eq!(bold_cyan.change_to(&Pen::PLAIN), "\x1b[0m");
        // Bold and dim go off together; the one that stays comes back.
        let dim_bold = pen(Color::Red, Color::Reset, Modifier::BOLD | Modifier::DIM);
        assert_eq!(dim_bold.change_to(&pen(Color::Red, Color::Reset, Modifier::DIM)), "\x1b[22;2m");
        assert_eq!(Pen::PLAIN.change_to(&pen(Color::Reset, Color::Reset, Modifier::DIM)), "\x1b[2m");
        // Turning three things off costs more than a reset and setting the one that stays.
        let busy = pen(Color::Yellow, Color::Blue, Modifier::UNDERLINED | Modifier::REVERSED | Modifier::ITALIC);
        assert_eq!(busy.change_to(&pen(Color::Reset, Color::Reset, Modifier::BOLD)), "\x1b[0;1m");
    }

    #[test]
    fn what_a_wide_character_covered_is_never_reprinted() {
        #[derive(Clone, Default)]
        struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                self.0.borrow_mut().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let written = Shared::default();
        let mut backend = WireBackend::new(written.clone());
        let cell = |symbol: &str| {
            let mut c = Cell::default();
            c.set_symbol(symbol);
            c
        };
        let (b, wide, space, x) = (cell("b"), cell("中"), cell(" "), cell("x"));
        backend.draw([(1, 0, &b)].into_iter()).unwrap();
        // ratatui leaves the covered cell out of its diffs, now and when the wide one goes.
        backend.draw([(0, 0, &wide)].into_iter()).unwrap();
        written.0.borrow_mut().clear();
        backend.draw([(0, 0, &space), (2, 0, &x)].into_iter()).unwrap();
        Backend::flush(&mut backend).unwrap();
        let out = String::from_utf8(written.0.borrow().clone()).unwrap();
        assert!(!out.contains('b'), "the covered `b` came back: {out:?}");
        assert!(out.contains('x'));
    }

    #[test]
    fn the_cursor_moves_the_short_way() {
        assert_eq!(cursor_move(Some((3, 2)), 4, 2), "\x1b[C");
        assert_eq!(cursor_move(Some((3, 2)), 13, 2), "\x1b[10C");
        assert_eq!(cursor_move(Some((3, 2)), 1, 2), "\x1b[3;2H");
        assert_eq!(cursor_move(None, 0, 5), "\x1b[6H");
        assert_eq!(cursor_move(Some((3, 2)), 7, 9), "\x1b[10;8H");
    }

    #[test]
    fn only_single_narrow_characters_advance_the_cursor_surely() {
        assert!(advances_one_column("a"));
        assert!(advances_one_column("é"));
        for symbol in ["", "中", "🔊", "🇵🇰", "2️⃣", "e\u{301}", "\u{7}"] {
            assert!(!advances_one_column(symbol), "{symbol:?}");
        }
    }
}
