//! A span of an article chosen with the keys: a visual selection (`v`), or a passage whose ends
//! are being moved (extend/shrink). Both are an anchor and a head, in code points of the source
//! text; the keys move the head by grapheme, word, sentence or wrapped line, and `o` swaps the
//! two ends. Word and sentence edges are Unicode's (UAX #29, from `unicode-segmentation`), so
//! a span never starts or ends inside a character, and a moved end lands on a word's edge.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::store::SourceIx;
use crate::text::WrappedLine;

/// A span of a source's text, in code points (end exclusive), as the store counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpan {
    pub source: SourceIx,
    pub start: usize,
    pub end: usize,
}

/// What the span is for, which decides what Enter does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Text chosen freely (`v`).
    Select,
    /// New ends for passage `passage` of the selected item (its index in `App::passages_of`).
    Adjust { passage: usize },
}

/// How far one key moves the head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Grapheme,
    Word,
    Sentence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub source: SourceIx,
    /// The end that stays put.
    pub anchor: usize,
    /// The end the keys move.
    pub head: usize,
    pub purpose: Purpose,
}

impl Selection {
    pub fn span(&self) -> TextSpan {
        TextSpan { source: self.source, start: self.anchor.min(self.head), end: self.anchor.max(self.head) }
    }

    pub fn chars(&self) -> Range<usize> {
        let span = self.span();
        span.start..span.end
    }

    /// `o`: the other end moves from now on.
    pub fn swap(&mut self) {
        std::mem::swap(&mut self.anchor, &mut self.head);
    }

    /// Moves the head one `unit` forward or back. A head after the anchor is an end, and lands
    /// on the ends of words (sentences); a head before it is a start, and lands on starts. A move
    /// that would leave nothing selected goes on across the anchor instead.
    pub fn step(&mut self, text: &str, unit: Unit, forward: bool) {
        let edges = Edges::of(text, unit);
        let (anchor, head) = (self.anchor, self.head);
        let target = if forward {
            if head < anchor {
                edges
                    .starts
                    .iter()
                    .find(|&&s| s > head && s < anchor)
                    .or_else(|| edges.ends.iter().find(|&&e| e > anchor))
            } else {
                edges.ends.iter().find(|&&e| e > head)
            }
        } else if head > anchor {
            edges
                .ends
                .iter()
                .rev()
                .find(|&&e| e < head && e > anchor)
                .or_else(|| edges.starts.iter().rev().find(|&&s| s < anchor))
        } else {
            edges.starts.iter().rev().find(|&&s| s < head)
        };
        if let Some(&target) = target {
            self.head = target;
        }
    }

    /// Moves the head to the same place one wrapped line down (or up), as the pane shows the
    /// text: the same column count of code points, or the line's end when it is shorter, never
    /// inside a grapheme.
    pub fn step_line(&mut self, text: &str, lines: &[WrappedLine], down: bool) {
        if lines.is_empty() {
            return;
        }
        let line = crate::text::line_of_char(lines, self.head);
        let target = if down { line + 1 } else { line.wrapping_sub(1) };
        let Some(to) = lines.get(target) else { return };
        let column = self.head.saturating_sub(lines[line].start_char);
        let length = text[to.bytes.clone()].chars().count();
        let wanted = to.start_char + column.min(length);
        // Round down to a grapheme's start, counted from the line's own start.
        let mut head = to.start_char;
        for grapheme in text[to.bytes.clone()].graphemes(true) {
            let next = head + grapheme.chars().count();
            if next > wanted {
                break;
            }
            head = next;
        }
        self.head = head;
    }
}

/// Where a unit of the text starts and ends, in code points, ascending.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Edges {
    pub starts: Vec<usize>,
    pub ends: Vec<usize>,
}

impl Edges {
    pub fn of(text: &str, unit: Unit) -> Edges {
        let mut edges = Edges::default();
        let mut at = 0;
        let push = |segment: &str, at: usize, edges: &mut Edges| {
            let leading = segment.chars().take_while(|c| c.is_whitespace()).count();
            let trailing = segment.chars().rev().take_while(|c| c.is_whitespace()).count();
            let length = segment.chars().count();
            if leading < length {
                edges.starts.push(at + leading);
                edges.ends.push(at + length - trailing);
            }
        };
        match unit {
            Unit::Grapheme => {
                for grapheme in text.graphemes(true) {
                    edges.starts.push(at);
                    at += grapheme.chars().count();
                }
                edges.starts.push(at);
                edges.ends = edges.starts.clone();
            }
            Unit::Word => {
                for word in text.split_word_bounds() {
                    // Spaces and punctuation are not words to stop at.
                    if word.chars().any(char::is_alphanumeric) {
                        push(word, at, &mut edges);
                    }
                    at += word.chars().count();
                }
            }
            Unit::Sentence => {
                for sentence in text.split_sentence_bounds() {
                    push(sentence, at, &mut edges);
                    at += sentence.chars().count();
                }
            }
        }
        edges
    }

    /// The first end after `at` (the end of the word at or after it).
    pub fn end_after(&self, at: usize) -> Option<usize> {
        self.ends.iter().copied().find(|&e| e > at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selected(text: &str, selection: &Selection) -> String {
        text.chars().skip(selection.chars().start).take(selection.chars().len()).collect()
    }

    fn at(anchor: usize, head: usize) -> Selection {
        Selection { source: 0, anchor, head, purpose: Purpose::Select }
    }

    const TEXT: &str = "Iran’s minister said: “We won’t wait.” Pakistan agreed. Talks resume in Jan.";

    #[test]
    fn words_extend_to_ends_and_shrink_back_then_cross_the_anchor() {
        let mut s = at(0, 6); // "Iran’s"
        assert_eq!(selected(TEXT, &s), "Iran’s", "an apostrophe is inside a word");
        s.step(TEXT, Unit::Word, true);
        assert_eq!(selected(TEXT, &s), "Iran’s minister");
        s.step(TEXT, Unit::Word, true);
        assert_eq!(selected(TEXT, &s), "Iran’s minister said", "punctuation is passed over");
        s.step(TEXT, Unit::Word, false);
        s.step(TEXT, Unit::Word, false);
        assert_eq!(selected(TEXT, &s), "Iran’s");
        s.step(TEXT, Unit::Word, false);
        assert_eq!(selected(TEXT, &s), "Iran’s", "nothing before the first word: the head stays");
        // From the anchor's other side: starts move.
        let mut s = at(20, 16); // "said" ending at 20, head at its start
        assert_eq!(selected(TEXT, &s), "said");
        s.step(TEXT, Unit::Word, false);
        assert_eq!(selected(TEXT, &s), "minister said");
        s.step(TEXT, Unit::Word, true);
        s.step(TEXT, Unit::Word, true);
        assert_eq!(selected(TEXT, &s), ": “We", "a start moved past the anchor: the next end, the anchor kept");
    }

    #[test]
    fn sentences_move_whole_sentences_without_their_trailing_space() {
        let mut s = at(0, 6);
        s.step(TEXT, Unit::Sentence, true);
        assert_eq!(selected(TEXT, &s), "Iran’s minister said: “We won’t wait.”");
        s.step(TEXT, Unit::Sentence, true);
        assert_eq!(selected(TEXT, &s), "Iran’s minister said: “We won’t wait.” Pakistan agreed.");
        s.swap();
        s.step(TEXT, Unit::Sentence, true);
        assert_eq!(selected(TEXT, &s), "Pakistan agreed.", "after o the start moves");
    }

    #[test]
    fn graphemes_are_never_cut() {
        let text = "a🇵🇰é\u{301}b";
        let mut s = at(0, 1);
        s.step(text, Unit::Grapheme, true);
        assert_eq!(selected(text, &s), "a🇵🇰", "a flag is two code points and one grapheme");
        s.step(text, Unit::Grapheme, true);
        assert_eq!(selected(text, &s), "a🇵🇰é\u{301}");
        s.step(text, Unit::Grapheme, true);
        s.step(text, Unit::Grapheme, true);
        assert_eq!(selected(text, &s), text);
    }

    #[test]
    fn lines_keep_the_column_and_stop_at_a_shorter_line() {
        let text = "first line here\nshort\nthird line here";
        let lines = crate::text::wrap(text, 40);
        let mut s = at(0, 10);
        s.step_line(text, &lines, true);
        assert_eq!(s.head, 16 + 5, "the end of `short`");
        s.step_line(text, &lines, true);
        assert_eq!(s.head, 22 + 5);
        s.step_line(text, &lines, true);
        assert_eq!(s.head, 27, "no line below: stays");
        s.step_line(text, &lines, false);
        s.step_line(text, &lines, false);
        assert_eq!(s.head, 5);
    }
}
