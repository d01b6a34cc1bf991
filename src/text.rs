//! Store text on its way to a terminal. A store is untrusted input: an article or a title could
//! carry escape sequences that move the cursor, retitle the window or hide text, so nothing from a
//! store reaches the terminal without passing through here.

use std::borrow::Cow;

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
}
