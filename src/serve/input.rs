//! Raw bytes from an SSH channel → crossterm events. The local TUI gets events from crossterm's own reader on a
//! tty; over SSH there is no tty on our side, only the client terminal's byte stream, so we decode it here.
//!
//! A lone ESC is ambiguous (the Esc key, or the start of a sequence split across packets): `feed` keeps such a
//! tail pending and the caller calls `flush` when no more bytes arrived within a short delay, like vim's ttimeout.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

const ESC: u8 = 0x1b;
const PASTE_END: &[u8] = b"\x1b[201~";
/// A control sequence longer than this is not one we know; dropping it bounds the pending buffer.
const MAX_SEQUENCE: usize = 64;
/// Pasted text beyond this is dropped: a paste fills a search box, never a document.
pub const MAX_PASTE: usize = 64 * 1024;

/// Stateful decoder; one per session.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
    paste: Option<Vec<u8>>,
}

enum Parsed {
    Event(Event, usize),
    /// Bytes that mean nothing we act on (unknown sequences, invalid UTF-8).
    Skip(usize),
    PasteStart(usize),
    Incomplete,
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Decodes as many complete events as `bytes` (after any pending tail) contains.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.pending.extend_from_slice(bytes);
        let mut events = Vec::new();
        let consumed = self.decode(&mut events);
        self.pending.drain(..consumed);
        if self.pending.len() > MAX_SEQUENCE {
            self.pending.clear();
        }
        events
    }

    /// True when bytes are held back waiting to see whether more of a sequence follows.
    pub fn has_pending(&self) -> bool {
        self.paste.is_none() && !self.pending.is_empty()
    }

    /// Nothing more came: a held-back ESC was the Esc key; what follows it is read as ordinary keys.
    pub fn flush(&mut self) -> Vec<Event> {
        if self.paste.is_some() {
            return Vec::new();
        }
        let pending = std::mem::take(&mut self.pending);
        let mut events = Vec::new();
        let rest = match pending.split_first() {
            Some((&ESC, rest)) => {
                events.push(key(KeyCode::Esc, KeyModifiers::NONE));
                rest
            }
            _ => &pending[..],
        };
        events.extend(self.feed(rest));
        // Whatever is still incomplete (a truncated UTF-8 character) can never complete now.
        self.pending.clear();
        events
    }

    fn decode(&mut self, events: &mut Vec<Event>) -> usize {
        let mut pos = 0;
        loop {
            if let Some(paste) = &mut self.paste {
                let rest = &self.pending[pos..];
                match find(rest, PASTE_END) {
                    Some(end) => {
                        push_capped(paste, &rest[..end]);
                        events.push(Event::Paste(clean_paste(paste)));
                        self.paste = None;
                        pos += end + PASTE_END.len();
                    }
                    None => {
                        // Keep a tail that could be the start of the terminator split across packets.
                        let keep = rest.len().min(PASTE_END.len() - 1);
                        push_capped(paste, &rest[..rest.len() - keep]);
                        return self.pending.len() - keep;
                    }
                }
                continue;
            }
            if pos >= self.pending.len() {
                return pos;
            }
            match parse(&self.pending[pos..]) {
                Parsed::Event(event, n) => {
                    events.push(event);
                    pos += n;
                }
                Parsed::Skip(n) => pos += n,
                Parsed::PasteStart(n) => {
                    self.paste = Some(Vec::new());
                    pos += n;
                }
                Parsed::Incomplete => return pos,
            }
        }
    }
}

fn push_capped(paste: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_PASTE.saturating_sub(paste.len());
    paste.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

/// Pasted text goes into a one-line search box: line breaks and tabs become spaces, other control characters
/// (an escape sequence inside the clipboard, say) are dropped rather than handed on.
fn clean_paste(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter_map(|c| match c {
            '\t' | '\r' | '\n' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

fn parse(buf: &[u8]) -> Parsed {
    let Some(&first) = buf.first() else { return Parsed::Incomplete };
    let control = |c: u8| Parsed::Event(key(KeyCode::Char(c as char), KeyModifiers::CONTROL), 1);
    match first {
        ESC => parse_escape(buf),
        b'\r' | b'\n' => Parsed::Event(key(KeyCode::Enter, KeyModifiers::NONE), 1),
        b'\t' => Parsed::Event(key(KeyCode::Tab, KeyModifiers::NONE), 1),
        0x7f | 0x08 => Parsed::Event(key(KeyCode::Backspace, KeyModifiers::NONE), 1),
        0x00 => control(b' '),
        c @ 0x01..=0x1a => control(c - 0x01 + b'a'),
        c @ 0x1c..=0x1f => control(c - 0x1c + b'4'),
        _ => parse_utf8(buf),
    }
}

fn parse_utf8(buf: &[u8]) -> Parsed {
    let len = match buf[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Parsed::Skip(1),
    };
    if buf.len() < len {
        // Only wait for more if what we have so far could still be a valid character.
        return match std::str::from_utf8(buf) {
            Err(e) if e.error_len().is_none() => Parsed::Incomplete,
            _ => Parsed::Skip(1),
        };
    }
    match std::str::from_utf8(&buf[..len]).ok().and_then(|s| s.chars().next()) {
        Some(c) => {
            let modifiers = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            Parsed::Event(key(KeyCode::Char(c), modifiers), len)
        }
        None => Parsed::Skip(1),
    }
}

fn parse_escape(buf: &[u8]) -> Parsed {
    match buf.get(1) {
        None => Parsed::Incomplete,
        Some(b'[') => parse_csi(buf),
        Some(b'O') => match buf.get(2) {
            None => Parsed::Incomplete,
            Some(&c) => match final_key(c) {
                Some(code) => Parsed::Event(key(code, KeyModifiers::NONE), 3),
                None => Parsed::Skip(3),
            },
        },
        // ESC ESC: the first one is the Esc key on its own.
        Some(&ESC) => Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        // ESC followed by a key: terminals send Alt-x this way.
        Some(_) => match parse(&buf[1..]) {
            Parsed::Event(Event::Key(mut k), n) => {
                k.modifiers |= KeyModifiers::ALT;
                Parsed::Event(Event::Key(k), n + 1)
            }
            Parsed::Event(_, n) | Parsed::Skip(n) | Parsed::PasteStart(n) => Parsed::Skip(n + 1),
            Parsed::Incomplete => Parsed::Incomplete,
        },
    }
}

/// Keys named by the final byte of `CSI …` / `SS3 …` sequences.
fn final_key(c: u8) -> Option<KeyCode> {
    Some(match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// xterm encodes modifiers as 1 + (shift 1 | alt 2 | ctrl 4 | meta 8).
fn modifiers(param: Option<u16>) -> KeyModifiers {
    let bits = param.unwrap_or(1).saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & (2 | 8) != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

/// Numeric parameters separated by `;` (an empty one reads as absent); None when one is not a number.
fn numbers(params: &[u8]) -> Option<Vec<Option<u16>>> {
    if params.is_empty() {
        return Some(Vec::new());
    }
    params
        .split(|&b| b == b';')
        .map(|p| match p {
            [] => Some(None),
            _ if p.iter().all(u8::is_ascii_digit) => {
                Some(Some(p.iter().fold(0u16, |n, &d| n.saturating_mul(10).saturating_add(u16::from(d - b'0')))))
            }
            _ => None,
        })
        .collect()
}

fn parse_csi(buf: &[u8]) -> Parsed {
    if buf.get(2) == Some(&b'<') {
        return parse_sgr_mouse(buf);
    }
    let mut i = 2;
    loop {
        match buf.get(i) {
            None => return Parsed::Incomplete,
            Some(0x20..=0x3f) => i += 1,
            Some(0x40..=0x7e) => break,
            // Not a well-formed sequence: drop what we have read and go on from the odd byte.
            Some(_) => return Parsed::Skip(i),
        }
    }
    let consumed = i + 1;
    let fin = buf[i];
    let Some(params) = numbers(&buf[2..i]) else { return Parsed::Skip(consumed) };
    let param = |n: usize| params.get(n).copied().flatten();
    let event = |code: KeyCode, m: KeyModifiers| Parsed::Event(key(code, m), consumed);
    match fin {
        b'Z' => event(KeyCode::BackTab, KeyModifiers::SHIFT),
        b'I' if params.is_empty() => Parsed::Event(Event::FocusGained, consumed),
        b'O' if params.is_empty() => Parsed::Event(Event::FocusLost, consumed),
        // Legacy X10 mouse report (`CSI M` + 3 raw bytes) from a terminal without SGR mode: skip it whole.
        b'M' if params.is_empty() => {
            if buf.len() < consumed + 3 {
                Parsed::Incomplete
            } else {
                Parsed::Skip(consumed + 3)
            }
        }
        b'~' => {
            let code = match param(0) {
                Some(1 | 7) => KeyCode::Home,
                Some(2) => KeyCode::Insert,
                Some(3) => KeyCode::Delete,
                Some(4 | 8) => KeyCode::End,
                Some(5) => KeyCode::PageUp,
                Some(6) => KeyCode::PageDown,
                Some(n @ 11..=15) => KeyCode::F((n - 10) as u8),
                Some(n @ 17..=21) => KeyCode::F((n - 11) as u8),
                Some(n @ 23..=24) => KeyCode::F((n - 12) as u8),
                Some(200) => return Parsed::PasteStart(consumed),
                _ => return Parsed::Skip(consumed),
            };
            event(code, modifiers(param(1)))
        }
        c => match final_key(c) {
            Some(code) => event(code, modifiers(param(1))),
            None => Parsed::Skip(consumed),
        },
    }
}

/// `ESC [ < b ; x ; y M` (press, motion, wheel) or `… m` (release); x and y count from 1.
fn parse_sgr_mouse(buf: &[u8]) -> Parsed {
    let mut i = 3;
    loop {
        match buf.get(i) {
            None => return Parsed::Incomplete,
            Some(b'0'..=b'9' | b';') => i += 1,
            Some(b'M' | b'm') => break,
            Some(_) => return Parsed::Skip(i),
        }
    }
    let consumed = i + 1;
    let Some(params) = numbers(&buf[3..i]) else { return Parsed::Skip(consumed) };
    let (Some(Some(b)), Some(Some(x)), Some(Some(y)), 3) = (params.first(), params.get(1), params.get(2), params.len())
    else {
        return Parsed::Skip(consumed);
    };
    let (b, pressed) = (*b, buf[i] == b'M');
    let mut mods = KeyModifiers::NONE;
    if b & 4 != 0 {
        mods |= KeyModifiers::SHIFT;
    }
    if b & 8 != 0 {
        mods |= KeyModifiers::ALT;
    }
    if b & 16 != 0 {
        mods |= KeyModifiers::CONTROL;
    }
    let button = match b & 3 {
        0 => Some(MouseButton::Left),
        1 => Some(MouseButton::Middle),
        2 => Some(MouseButton::Right),
        _ => None,
    };
    let kind = if b & 64 != 0 {
        match b & 3 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if b & 32 != 0 {
        button.map_or(MouseEventKind::Moved, MouseEventKind::Drag)
    } else {
        match (button, pressed) {
            (Some(button), true) => MouseEventKind::Down(button),
            (Some(button), false) => MouseEventKind::Up(button),
            // Button 3 is "released, button unknown" in the old encoding; SGR reports say which one.
            (None, _) => return Parsed::Skip(consumed),
        }
    };
    let event = MouseEvent { kind, column: x.saturating_sub(1), row: y.saturating_sub(1), modifiers: mods };
    Parsed::Event(Event::Mouse(event), consumed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> Event {
        key(code, KeyModifiers::NONE)
    }

    fn km(code: KeyCode, m: KeyModifiers) -> Event {
        key(code, m)
    }

    fn c(ch: char) -> Event {
        k(KeyCode::Char(ch))
    }

    fn decode(bytes: &[u8]) -> Vec<Event> {
        let mut d = Decoder::new();
        let mut events = d.feed(bytes);
        events.extend(d.flush());
        events
    }

    fn mouse(kind: MouseEventKind, column: u16, row: u16, modifiers: KeyModifiers) -> Event {
        Event::Mouse(MouseEvent { kind, column, row, modifiers })
    }

    #[test]
    fn plain_text_and_utf8() {
        assert_eq!(decode(b"kakar"), "kakar".chars().map(c).collect::<Vec<_>>());
        assert_eq!(decode("é中🔊".as_bytes()), vec![c('é'), c('中'), c('🔊')]);
        assert_eq!(decode(b"Q"), vec![km(KeyCode::Char('Q'), KeyModifiers::SHIFT)]);
    }

    #[test]
    fn utf8_split_across_packets_is_joined() {
        let bytes = "中".as_bytes();
        let mut d = Decoder::new();
        assert!(d.feed(&bytes[..1]).is_empty());
        assert!(d.has_pending());
        assert_eq!(d.feed(&bytes[1..]), vec![c('中')]);
        assert!(!d.has_pending());
    }

    #[test]
    fn invalid_utf8_is_skipped_not_fatal() {
        assert_eq!(decode(b"a\xffb\xc0\x80c"), vec![c('a'), c('b'), c('c')]);
        // A truncated character at the very end disappears on flush.
        assert_eq!(decode(b"a\xe4\xb8"), vec![c('a')]);
    }

    #[test]
    fn control_keys() {
        assert_eq!(decode(b"\r"), vec![k(KeyCode::Enter)]);
        assert_eq!(decode(b"\n"), vec![k(KeyCode::Enter)]);
        assert_eq!(decode(b"\t"), vec![k(KeyCode::Tab)]);
        assert_eq!(decode(b"\x7f"), vec![k(KeyCode::Backspace)]);
        assert_eq!(decode(b"\x08"), vec![k(KeyCode::Backspace)]);
        assert_eq!(decode(b"\x03"), vec![km(KeyCode::Char('c'), KeyModifiers::CONTROL)]);
        assert_eq!(
            decode(b"\x04\x15"),
            vec![km(KeyCode::Char('d'), KeyModifiers::CONTROL), km(KeyCode::Char('u'), KeyModifiers::CONTROL)]
        );
        assert_eq!(decode(b"\x00"), vec![km(KeyCode::Char(' '), KeyModifiers::CONTROL)]);
        assert_eq!(decode(b"\x1c"), vec![km(KeyCode::Char('4'), KeyModifiers::CONTROL)]);
    }

    #[test]
    fn arrows_home_end_pages_in_both_encodings() {
        assert_eq!(
            decode(b"\x1b[A\x1b[B\x1b[C\x1b[D"),
            vec![k(KeyCode::Up), k(KeyCode::Down), k(KeyCode::Right), k(KeyCode::Left)]
        );
        assert_eq!(decode(b"\x1bOA\x1bOD"), vec![k(KeyCode::Up), k(KeyCode::Left)]);
        assert_eq!(
            decode(b"\x1b[H\x1b[F\x1bOH\x1bOF"),
            vec![k(KeyCode::Home), k(KeyCode::End), k(KeyCode::Home), k(KeyCode::End)]
        );
        assert_eq!(
            decode(b"\x1b[1~\x1b[4~\x1b[7~\x1b[8~"),
            vec![k(KeyCode::Home), k(KeyCode::End), k(KeyCode::Home), k(KeyCode::End)]
        );
        assert_eq!(decode(b"\x1b[5~\x1b[6~"), vec![k(KeyCode::PageUp), k(KeyCode::PageDown)]);
        assert_eq!(decode(b"\x1b[2~\x1b[3~"), vec![k(KeyCode::Insert), k(KeyCode::Delete)]);
    }

    #[test]
    fn modified_keys_and_function_keys() {
        assert_eq!(decode(b"\x1b[1;5A"), vec![km(KeyCode::Up, KeyModifiers::CONTROL)]);
        assert_eq!(decode(b"\x1b[1;2D"), vec![km(KeyCode::Left, KeyModifiers::SHIFT)]);
        assert_eq!(decode(b"\x1b[5;3~"), vec![km(KeyCode::PageUp, KeyModifiers::ALT)]);
        assert_eq!(decode(b"\x1bOP\x1b[15~\x1b[24~"), vec![k(KeyCode::F(1)), k(KeyCode::F(5)), k(KeyCode::F(12))]);
        assert_eq!(decode(b"\x1b[17~\x1b[21~\x1b[23~"), vec![k(KeyCode::F(6)), k(KeyCode::F(10)), k(KeyCode::F(11))]);
    }

    #[test]
    fn tab_and_backtab() {
        assert_eq!(decode(b"\t\x1b[Z"), vec![k(KeyCode::Tab), km(KeyCode::BackTab, KeyModifiers::SHIFT)]);
    }

    #[test]
    fn a_lone_esc_waits_then_is_the_esc_key() {
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b").is_empty());
        assert!(d.has_pending());
        assert_eq!(d.flush(), vec![k(KeyCode::Esc)]);
        assert!(!d.has_pending());
    }

    #[test]
    fn esc_then_a_key_in_one_packet_is_alt() {
        assert_eq!(decode(b"\x1bx"), vec![km(KeyCode::Char('x'), KeyModifiers::ALT)]);
        assert_eq!(decode(b"\x1b\r"), vec![km(KeyCode::Enter, KeyModifiers::ALT)]);
        assert_eq!(decode(b"\x1b\x1b"), vec![k(KeyCode::Esc), k(KeyCode::Esc)]);
    }

    #[test]
    fn esc_then_a_key_after_the_timeout_is_esc_and_the_key() {
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b").is_empty());
        assert_eq!(d.flush(), vec![k(KeyCode::Esc)]);
        assert_eq!(d.feed(b"q"), vec![c('q')]);
    }

    #[test]
    fn a_sequence_split_across_packets_is_joined() {
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b[").is_empty());
        assert!(d.feed(b"1;5").is_empty());
        assert_eq!(d.feed(b"Bj"), vec![km(KeyCode::Down, KeyModifiers::CONTROL), c('j')]);
    }

    #[test]
    fn a_timed_out_partial_sequence_degrades_to_keys() {
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b[").is_empty());
        assert_eq!(d.flush(), vec![k(KeyCode::Esc), c('[')]);
    }

    #[test]
    fn sgr_mouse_reports() {
        assert_eq!(
            decode(b"\x1b[<0;10;5M"),
            vec![mouse(MouseEventKind::Down(MouseButton::Left), 9, 4, KeyModifiers::NONE)]
        );
        assert_eq!(
            decode(b"\x1b[<0;10;5m"),
            vec![mouse(MouseEventKind::Up(MouseButton::Left), 9, 4, KeyModifiers::NONE)]
        );
        assert_eq!(
            decode(b"\x1b[<2;1;1M"),
            vec![mouse(MouseEventKind::Down(MouseButton::Right), 0, 0, KeyModifiers::NONE)]
        );
        assert_eq!(
            decode(b"\x1b[<64;3;4M\x1b[<65;3;4M"),
            vec![
                mouse(MouseEventKind::ScrollUp, 2, 3, KeyModifiers::NONE),
                mouse(MouseEventKind::ScrollDown, 2, 3, KeyModifiers::NONE)
            ]
        );
        assert_eq!(
            decode(b"\x1b[<32;7;8M\x1b[<35;7;9M"),
            vec![
                mouse(MouseEventKind::Drag(MouseButton::Left), 6, 7, KeyModifiers::NONE),
                mouse(MouseEventKind::Moved, 6, 8, KeyModifiers::NONE)
            ]
        );
        assert_eq!(
            decode(b"\x1b[<16;300;200M"),
            vec![mouse(MouseEventKind::Down(MouseButton::Left), 299, 199, KeyModifiers::CONTROL)]
        );
    }

    #[test]
    fn malformed_mouse_reports_are_dropped() {
        assert_eq!(decode(b"\x1b[<0;10M"), vec![]);
        assert_eq!(decode(b"\x1b[<0;;5Mx"), vec![c('x')]);
        assert_eq!(decode(b"\x1b[<0;1;2;3Mx"), vec![c('x')]);
        assert_eq!(decode(b"\x1b[<99999999999;1;1Mx").last(), Some(&c('x')));
        // A legacy X10 report is skipped whole, its raw bytes not read as keys.
        assert_eq!(decode(b"\x1b[M !!x"), vec![c('x')]);
    }

    #[test]
    fn bracketed_paste_is_one_event() {
        assert_eq!(decode(b"\x1b[200~kakar\x1b[D\r\x1b[201~j"), vec![Event::Paste("kakar[D ".to_string()), c('j')]);
    }

    #[test]
    fn a_paste_split_anywhere_is_reassembled() {
        let bytes = b"\x1b[200~hello \xe4\xb8\xad world\x1b[201~q";
        for split in 0..bytes.len() {
            let mut d = Decoder::new();
            let mut events = d.feed(&bytes[..split]);
            events.extend(d.feed(&bytes[split..]));
            assert_eq!(events, vec![Event::Paste("hello 中 world".to_string()), c('q')], "split at {split}");
        }
    }

    #[test]
    fn a_huge_paste_is_capped() {
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b[200~").is_empty());
        for _ in 0..100 {
            assert!(d.feed(&[b'x'; 4096]).is_empty());
            assert!(!d.has_pending(), "a paste in progress never times out into keys");
        }
        match d.feed(b"\x1b[201~").as_slice() {
            [Event::Paste(text)] => assert_eq!(text.len(), MAX_PASTE),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn focus_reports_and_unknown_sequences() {
        assert_eq!(decode(b"\x1b[I\x1b[O"), vec![Event::FocusGained, Event::FocusLost]);
        assert_eq!(decode(b"\x1b[?1;2cj\x1b[99~k\x1bOzl"), vec![c('j'), c('k'), c('l')]);
    }

    #[test]
    fn garbage_stays_bounded() {
        let mut d = Decoder::new();
        let mut sequence = b"\x1b[".to_vec();
        sequence.extend(std::iter::repeat_n(b'1', 10_000));
        assert!(d.feed(&sequence).is_empty());
        assert!(d.pending.len() <= MAX_SEQUENCE);
        assert_eq!(d.feed(b"~q").last(), Some(&c('q')));
    }

    #[test]
    fn every_split_of_a_mixed_stream_decodes_the_same() {
        let bytes = b"a\x1b[1;5A\xc3\xa9\x1b[<64;3;4M\x1b[5~\x1bOP\x1b[Zz".as_slice();
        let whole = decode(bytes);
        assert_eq!(whole.len(), 8);
        for split in 0..bytes.len() {
            let mut d = Decoder::new();
            let mut events = d.feed(&bytes[..split]);
            events.extend(d.feed(&bytes[split..]));
            events.extend(d.flush());
            assert_eq!(events, whole, "split at {split}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_split_anywhere_never_panic_and_stay_bounded(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512),
            cuts in proptest::collection::vec(0usize..512, 0..8),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut d = Decoder::new();
            let mut start = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                d.feed(&bytes[start..cut]);
                start = cut;
                proptest::prop_assert!(d.pending.len() <= MAX_SEQUENCE);
                proptest::prop_assert!(d.paste.as_ref().is_none_or(|p| p.len() <= MAX_PASTE));
            }
            d.flush();
        }

        #[test]
        fn printable_text_decodes_to_the_same_characters_however_it_arrives(
            text in "[a-zA-Z0-9 /.,é中🔊]{0,40}",
            cut in 0usize..200,
        ) {
            let bytes = text.as_bytes();
            let cut = cut.min(bytes.len());
            let mut d = Decoder::new();
            let mut events = d.feed(&bytes[..cut]);
            events.extend(d.feed(&bytes[cut..]));
            events.extend(d.flush());
            let typed: String = events
                .iter()
                .map(|e| match e {
                    Event::Key(KeyEvent { code: KeyCode::Char(c), .. }) => *c,
                    other => panic!("{other:?}"),
                })
                .collect();
            proptest::prop_assert_eq!(typed, text);
        }
    }
}
