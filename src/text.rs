//! Store text on its way to a terminal. A store is untrusted input: an article or a title could
//! carry escape sequences that move the cursor, retitle the window or hide text, so nothing from a
//! store reaches the terminal without passing through here. Widths follow Unicode (the same
//! grapheme widths ratatui's buffer uses, so a wrapped line never overflows or misaligns), and a
//! code-point span maps onto wrapped lines so a passage can be highlighted where it is.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Folds text to lowercase ASCII letters and digits, accents transliterated, everything else
/// dropped: "Zoë Łukasik" → "zoelukasik". The one key spellings are compared by, in the search
/// and in the drafter.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |f| folded.push(f));
    }
    folded
}

/// What one character folds to (none, one or several characters), given to `push`.
pub fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii_alphanumeric() {
        push(c.to_ascii_lowercase());
    } else if !c.is_ascii() {
        for f in deunicode::deunicode_char(c).unwrap_or("").chars() {
            if f.is_ascii_alphanumeric() {
                push(f.to_ascii_lowercase());
            }
        }
    }
}

/// Makes text safe to print on one line: escape sequences (CSI, OSC, DCS and friends) are dropped
/// whole, other control characters — including newlines and tabs — become one space, and the
/// invisible bidirectional overrides that can make text read backwards are removed.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_cleaning) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 introducers (CSI, OSC, DCS, SOS, PM, APC) start sequences just like ESC does.
            '\u{9b}' => skip_until_final_byte(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_until_string_terminator(&mut chars),
            c if is_bidi_control(c) => {}
            c if c.is_control() => {
                if !clean.ends_with(' ') {
                    clean.push(' ');
                }
            }
            c => clean.push(c),
        }
    }
    Cow::Owned(clean)
}

fn needs_cleaning(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_until_final_byte(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_until_string_terminator(chars);
        }
        // Two-character sequences such as `ESC c` (reset) or `ESC 7`.
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// CSI parameters and intermediates run until a final byte in `@`..=`~`.
fn skip_until_final_byte(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) || !(' '..='~').contains(&c) {
            break;
        }
    }
}

/// OSC, DCS and the other string sequences end with BEL, `ESC \` or ST (U+009C).
fn skip_until_string_terminator(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// The visible stand-in for an unsafe character: C0 controls become their Control Pictures
/// (ESC shows as `␛`, so `ESC[31m` reads as `␛[31m` and does nothing), a tab becomes a space,
/// other controls become `�`. Bidi controls vanish: they have no glyph of their own.
fn stand_in(c: char) -> Option<char> {
    match c {
        '\t' => Some(' '),
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        c if c.is_control() => Some('\u{FFFD}'),
        _ => None,
    }
}

/// One grapheme as it may be shown: unchanged when harmless, otherwise with every unsafe
/// character replaced by its stand-in.
pub fn display_grapheme(grapheme: &str) -> Cow<'_, str> {
    if !grapheme.chars().any(needs_cleaning) {
        return Cow::Borrowed(grapheme);
    }
    Cow::Owned(grapheme.chars().filter_map(|c| if needs_cleaning(c) { stand_in(c) } else { Some(c) }).collect())
}

/// Terminal cells a (safe) grapheme takes, exactly as ratatui's buffer counts them: halfwidth
/// (han)dakuten are one cell each although Unicode calls them zero-width.
pub fn grapheme_width(grapheme: &str) -> usize {
    if grapheme.len() == 1 {
        return usize::from(!grapheme.as_bytes()[0].is_ascii_control());
    }
    grapheme.width() + grapheme.chars().filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}')).count()
}

/// `1 event`, `2 events`, `1 discrepancy`, `0 entities`: a count with its noun in the number it
/// takes (the nouns a store counts: a `y` after a consonant becomes `ies`).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

/// Display width of text after `sanitize_line`.
pub fn width(text: &str) -> usize {
    let safe = sanitize_line(text);
    safe.graphemes(true).map(grapheme_width).sum()
}

/// Sanitized text cut to at most `max` cells, ending in `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    let safe = sanitize_line(text);
    if safe.graphemes(true).map(grapheme_width).sum::<usize>() <= max {
        return safe.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in safe.graphemes(true) {
        let w = grapheme_width(grapheme);
        if used + w + 1 > max {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// Sanitized text cut or padded with spaces to exactly `cells` wide.
pub fn fit(text: &str, cells: usize) -> String {
    let mut out = truncate(text, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// One display line of a wrapped text: a slice of the original (never a copy), and the
/// code-point offset where it starts, so store offsets map straight onto it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedLine {
    pub bytes: Range<usize>,
    pub start_char: usize,
}

/// Greedy word wrap of a multi-line text to `width` cells. Lines break after whitespace when
/// they can, inside a word when a word is longer than the line. Line feeds end lines and belong
/// to no line; every other character belongs to exactly one line, in order.
pub fn wrap(text: &str, width: usize) -> Vec<WrappedLine> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut chars_before = 0;
    let mut paragraph_start = 0;
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph, paragraph_start, chars_before, width, &mut lines);
        chars_before += paragraph.chars().count() + 1;
        paragraph_start += paragraph.len() + 1;
    }
    lines
}

fn wrap_paragraph(paragraph: &str, base: usize, base_chars: usize, width: usize, lines: &mut Vec<WrappedLine>) {
    // (byte offset, char offset) of the current line's start, of the last break opportunity.
    let mut start = (0, 0);
    let mut used = 0;
    let mut last_break: Option<((usize, usize), usize)> = None;
    let mut chars = 0;
    for (offset, grapheme) in paragraph.grapheme_indices(true) {
        let w = grapheme_width(&display_grapheme(grapheme));
        // A second pass may be needed: after breaking at the last space, the word since then
        // plus this grapheme can still be too long, and is then broken here.
        while used + w > width && offset > start.0 {
            let (end, end_used) = match last_break {
                Some(brk) if brk.0.0 > start.0 => brk,
                _ => ((offset, chars), used),
            };
            lines.push(WrappedLine { bytes: base + start.0..base + end.0, start_char: base_chars + start.1 });
            start = end;
            used -= end_used;
            last_break = None;
        }
        used += w;
        chars += grapheme.chars().count();
        if grapheme.chars().all(char::is_whitespace) {
            last_break = Some(((offset + grapheme.len(), chars), used));
        }
    }
    lines.push(WrappedLine { bytes: base + start.0..base + paragraph.len(), start_char: base_chars + start.1 });
}

/// Index of the wrapped line holding code point `char_ix` (or the last line before it, for a
/// line feed, which belongs to no line).
pub fn line_of_char(lines: &[WrappedLine], char_ix: usize) -> usize {
    lines.partition_point(|line| line.start_char <= char_ix).saturating_sub(1)
}

/// Whether `height` wrapped lines from line `top` show the whole of `chars` (code points).
pub fn shows(lines: &[WrappedLine], chars: std::ops::Range<usize>, top: usize, height: usize) -> bool {
    let first = line_of_char(lines, chars.start);
    let last = line_of_char(lines, chars.end.saturating_sub(1).max(chars.start));
    first >= top && last < top + height
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        let text = "Amir-Abdollahian 🇵🇰 2️⃣ 中文 é";
        assert!(matches!(sanitize_line(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn escape_sequences_are_dropped_whole() {
        assert_eq!(sanitize_line("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(sanitize_line("x\u{1b}]0;evil title\u{7}y"), "xy");
        assert_eq!(sanitize_line("x\u{1b}]8;;http://e\u{1b}\\link\u{1b}]8;;\u{1b}\\y"), "xlinky");
        assert_eq!(sanitize_line("x\u{1b}Pdcs\u{1b}\\y"), "xy");
        assert_eq!(sanitize_line("x\u{9b}2Jy"), "xy");
        assert_eq!(sanitize_line("reset\u{1b}c!"), "reset!");
        assert_eq!(sanitize_line("dangling\u{1b}"), "dangling");
    }

    #[test]
    fn other_controls_become_single_spaces_and_bidi_overrides_vanish() {
        assert_eq!(sanitize_line("line one\r\n\tline two"), "line one line two");
        assert_eq!(sanitize_line("bell\u{7}\u{8}"), "bell ");
        assert_eq!(sanitize_line("abc\u{202e}fed"), "abcfed");
    }

    proptest! {
        #[test]
        fn the_output_never_holds_a_control_character(text in "\\PC*|[\\x00-\\x7f\u{80}-\u{9f}\u{202e}a-z]*") {
            let clean = sanitize_line(&text);
            prop_assert!(!clean.chars().any(needs_cleaning), "{clean:?}");
        }
    }

    fn shown(text: &str, lines: &[WrappedLine]) -> Vec<String> {
        lines.iter().map(|l| text[l.bytes.clone()].to_string()).collect()
    }

    #[test]
    fn a_grapheme_with_controls_shows_them_as_inert_symbols() {
        assert_eq!(display_grapheme("\u{1b}"), "␛");
        assert_eq!(display_grapheme("\t"), " ");
        assert_eq!(display_grapheme("\u{9b}"), "�");
        assert_eq!(display_grapheme("\u{7f}"), "␡");
        assert_eq!(display_grapheme("a\u{202e}"), "a");
        assert!(matches!(display_grapheme("🇵🇰"), Cow::Borrowed("🇵🇰")));
    }

    #[test]
    fn widths_follow_unicode_for_emoji_cjk_and_combining_marks() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1, "a combining mark adds no cell");
        assert_eq!(width("🔊"), 2);
        assert_eq!(width("🇵🇰"), 2, "a flag is one wide grapheme");
        assert_eq!(width("2\u{fe0f}\u{20e3}"), 2, "a keycap is one wide grapheme");
    }

    #[test]
    fn truncate_marks_the_cut_and_never_splits_a_wide_character() {
        assert_eq!(truncate("Abdollahian", 6), "Abdol…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(width(&truncate("日本語", 4)), 3);
        assert_eq!(truncate("anything", 0), "");
        assert_eq!(fit("ab", 4), "ab  ");
    }

    #[test]
    fn wrap_breaks_after_spaces_and_inside_overlong_words() {
        let text = "the quick brown fox\njumps";
        let lines = wrap(text, 10);
        assert_eq!(shown(text, &lines), ["the quick ", "brown fox", "jumps"]);
        assert_eq!(lines[2].start_char, 20);
        let long = "abcdefghij";
        assert_eq!(shown(long, &wrap(long, 4)), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wrap_keeps_wide_graphemes_whole() {
        let text = "ab🇵🇰cd";
        let lines = wrap(text, 3);
        assert_eq!(shown(text, &lines), ["ab", "🇵🇰c", "d"]);
        assert_eq!(lines[1].start_char, 2);
        assert_eq!(lines[2].start_char, 5);
    }

    #[test]
    fn a_character_maps_to_the_line_that_shows_it() {
        let text = "the quick brown fox\njumps";
        let lines = wrap(text, 10);
        assert_eq!(line_of_char(&lines, 0), 0);
        assert_eq!(line_of_char(&lines, 10), 1);
        assert_eq!(line_of_char(&lines, 19), 1, "the line feed maps to the line before it");
        assert_eq!(line_of_char(&lines, 20), 2);
        assert_eq!(line_of_char(&lines, 999), 2);
    }

    proptest! {
        #[test]
        fn wrapped_lines_fit_and_cover_the_text_in_order(text in "(\\PC|[ \\n\\t\u{1b}\u{301}\u{fe0f}]){0,80}", width in 2usize..30) {
            let lines = wrap(&text, width);
            let mut rebuilt = String::new();
            let mut chars = 0;
            for (i, line) in lines.iter().enumerate() {
                let slice = &text[line.bytes.clone()];
                prop_assert_eq!(line.start_char, text[..line.bytes.start].chars().count());
                let cells: usize = slice.graphemes(true).map(|g| grapheme_width(&display_grapheme(g))).sum();
                let single = slice.graphemes(true).count() == 1;
                prop_assert!(cells <= width || single, "line {} is {} cells: {:?}", i, cells, slice);
                rebuilt.push_str(slice);
                chars = line.start_char + slice.chars().count();
                if line.bytes.end < text.len() && text.as_bytes()[line.bytes.end] == b'\n' {
                    rebuilt.push('\n');
                }
            }
            prop_assert_eq!(rebuilt, text.clone());
            prop_assert_eq!(chars, text.chars().count(), "the last line ends at the end of the text");
        }

        #[test]
        fn every_character_maps_to_the_line_that_holds_it(text in "(\\PC|[ \\n\u{301}\u{fe0f}]){0,60}", width in 1usize..20) {
            let lines = wrap(&text, width);
            for (i, c) in text.chars().enumerate() {
                let line = &lines[line_of_char(&lines, i)];
                let chars = text[line.bytes.clone()].chars().count();
                if c == '\n' {
                    prop_assert!(i >= line.start_char + chars, "a line feed belongs to no line");
                } else {
                    prop_assert!((line.start_char..line.start_char + chars).contains(&i), "char {} not on its line", i);
                }
            }
        }

        #[test]
        fn truncated_text_fits(text in "\\PC*|[\u{0}-\u{9f}]*") {
            prop_assert!(truncate(&text, 7).graphemes(true).map(grapheme_width).sum::<usize>() <= 7);
        }
    }

    #[test]
    fn a_count_takes_its_nouns_number() {
        assert_eq!(count(1, "event"), "1 event");
        assert_eq!(count(0, "claim"), "0 claims");
        assert_eq!(count(2, "entity"), "2 entities");
        assert_eq!(count(1, "discrepancy"), "1 discrepancy");
        assert_eq!(count(3, "day"), "3 days");
    }
}
