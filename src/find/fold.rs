//! Folding article text into words the way a reader remembers them: case, diacritics, quote and
//! apostrophe shapes, dashes, spaces, line breaks and punctuation between words do not matter.
//! Every word keeps its place in the original text (bytes and code points), so a match can be
//! shown — and cited — as the article wrote it.

use std::ops::Range;

/// One folded word and where it stands in the original text. A word always covers whole
/// characters: its ranges start and end on character boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'t> {
    /// Lowercase ASCII letters and digits.
    pub folded: &'t str,
    pub bytes: Range<usize>,
    /// Code-point offsets, as the store format counts them.
    pub chars: Range<usize>,
}

/// Calls `each` with every word of `text`, in order. The folded spelling is borrowed from a buffer
/// reused between words, so walking an article allocates nothing per word.
pub fn words(text: &str, mut each: impl FnMut(Word<'_>)) {
    let mut buffer = String::with_capacity(32);
    let mut start: Option<(usize, usize)> = None;
    let mut last_end = (0usize, 0usize);
    let mut flush = |buffer: &mut String, start: &mut Option<(usize, usize)>, end: (usize, usize)| {
        if let Some((byte, char)) = start.take() {
            if !buffer.is_empty() {
                each(Word { folded: buffer, bytes: byte..end.0, chars: char..end.1 });
            }
            buffer.clear();
        }
    };
    let bytes = text.as_bytes();
    let mut chars_seen = 0usize;
    let mut at = 0usize;
    while at < bytes.len() {
        // Most of a news archive is ASCII: a run of ASCII letters and digits is taken whole.
        let run = bytes[at..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if run > 0 {
            start.get_or_insert((at, chars_seen));
            let from = buffer.len();
            buffer.push_str(&text[at..at + run]);
            buffer[from..].make_ascii_lowercase();
            at += run;
            chars_seen += run;
            last_end = (at, chars_seen);
            continue;
        }
        let b = bytes[at];
        if b.is_ascii() {
            chars_seen += 1;
            at += 1;
            if b != b'\'' {
                flush(&mut buffer, &mut start, last_end);
            }
            continue;
        }
        let Some(c) = text[at..].chars().next() else { break };
        let here = chars_seen;
        chars_seen += 1;
        let after = (at + c.len_utf8(), chars_seen);
        match class(c) {
            Class::Ascii(f) => {
                start.get_or_insert((at, here));
                buffer.push(f);
                last_end = after;
            }
            // A combining mark belongs to the letter before it ("é" as e + U+0301).
            Class::Joiner => {
                if start.is_some() {
                    last_end = after;
                }
            }
            // An apostrophe joins the letters around it ("Iran’s" is one word) and ends no word,
            // but a word never ends on one: a closing quote mark is not part of what was said.
            Class::Apostrophe => {}
            Class::Letter(spelled) => {
                // A transliteration can hold several words ("北京" → "Bei Jing "): its own
                // separators split it, and each piece points at this one character.
                for f in spelled.chars() {
                    if f.is_ascii_alphanumeric() {
                        start.get_or_insert((at, here));
                        buffer.push(f.to_ascii_lowercase());
                        last_end = after;
                    } else {
                        flush(&mut buffer, &mut start, after);
                    }
                }
            }
            Class::Separator => flush(&mut buffer, &mut start, last_end),
        }
        at = after.0;
    }
    flush(&mut buffer, &mut start, last_end);
}

/// The folded words of `text`, for a query or a test.
pub fn folded_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    words(text, |w| out.push(w.folded.to_string()));
    out
}

enum Class {
    Ascii(char),
    Joiner,
    Apostrophe,
    Letter(&'static str),
    Separator,
}

fn class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Ascii(c.to_ascii_lowercase())
        } else if c == '\'' {
            Class::Apostrophe
        } else {
            Class::Separator
        };
    }
    if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00AD}') {
        return Class::Apostrophe;
    }
    if !c.is_alphanumeric() {
        // Combining marks and zero-width characters spell as nothing: they do not split a word.
        return if deunicode::deunicode_char(c) == Some("") && !c.is_whitespace() {
            Class::Joiner
        } else {
            Class::Separator
        };
    }
    match deunicode::deunicode_char(c) {
        Some("") => Class::Joiner,
        Some(spelled) if spelled.bytes().any(|b| b.is_ascii_alphanumeric()) => Class::Letter(spelled),
        _ => Class::Separator,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        words(text, |w| {
            let by_chars: String = text.chars().skip(w.chars.start).take(w.chars.len()).collect();
            assert_eq!(by_chars, text[w.bytes.clone()], "byte and code-point spans agree");
            out.push((w.folded.to_string(), text[w.bytes.clone()].to_string()));
        });
        out
    }

    #[test]
    fn quotes_dashes_spaces_and_case_fold_away() {
        assert_eq!(
            folded_words("“All issues” — 560-mile,\u{a0}largely…lawless\r\nBorder"),
            ["all", "issues", "560", "mile", "largely", "lawless", "border"]
        );
        assert_eq!(
            folded_words("\"all issues\" 560 mile largely lawless border"),
            ["all", "issues", "560", "mile", "largely", "lawless", "border"]
        );
        for dash in ['\u{2010}', '\u{2011}', '\u{2013}', '\u{2014}', '\u{2212}'] {
            assert_eq!(folded_words(&format!("tit{dash}for{dash}tat")), ["tit", "for", "tat"]);
        }
        for quote in ['«', '»', '‹', '›', '„', '“', '”'] {
            assert_eq!(folded_words(&format!("{quote}no{quote}")), ["no"]);
        }
    }

    #[test]
    fn apostrophes_of_any_shape_stay_inside_the_word() {
        assert_eq!(folded_words("Iran’s Iran's Iran‘s 'quoted'"), ["irans", "irans", "irans", "quoted"]);
    }

    #[test]
    fn diacritics_fold_precomposed_or_combining() {
        assert_eq!(folded_words("Zoë Zoe\u{308} Łukasik Straße"), ["zoe", "zoe", "lukasik", "strasse"]);
    }

    #[test]
    fn spans_cover_whole_characters_after_emoji_cjk_combining_marks_and_crlf() {
        let text = "🔊 Listen\r\n北京 said Zoe\u{308}’s «cafe\u{301}»!👍🏽end";
        let got = spans(text);
        let words: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(words, ["listen", "bei", "jing", "said", "zoes", "cafe", "end"]);
        let originals: Vec<&str> = got.iter().map(|(_, o)| o.as_str()).collect();
        assert_eq!(originals, ["Listen", "北", "京", "said", "Zoe\u{308}’s", "cafe\u{301}", "end"]);
    }

    #[test]
    fn a_trailing_apostrophe_is_not_part_of_the_span_unless_inside() {
        let got = spans("the ministers’ 'view'");
        assert_eq!(got[1], ("ministers".to_string(), "ministers".to_string()));
        assert_eq!(got[2], ("view".to_string(), "view".to_string()));
    }
}
