//! Quotation spans: typographic (“ ” ‘ ’), straight (" '), low-high („ “), «guillemets», and two
//! apostrophes standing for a double mark (`''…''`, as the New York Times' archive copy writes
//! them), and a quotation that runs over paragraphs with its opening mark repeated at each new
//! paragraph and no closing mark before it.

use std::ops::Range;

/// One piece of a quotation inside one paragraph. `start..end` is the quoted text without marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Where the opening mark starts.
    pub open: usize,
    pub start: usize,
    pub end: usize,
    /// Just past the closing mark (or `end` when the piece has none).
    pub close: usize,
    /// The piece has its closing mark.
    pub closed: bool,
    /// The quotation goes on in the next paragraph (this piece has no closing mark).
    pub continues: bool,
    /// This piece goes on from the previous paragraph.
    pub continued: bool,
}

/// Two apostrophes read as one double mark; stands for them where a mark is one `char`.
const TWO_APOSTROPHES: char = '\u{2033}';

/// The mark at `open`, two apostrophes folded into one.
fn mark_at(text: &str, open: usize) -> char {
    if text[open..].starts_with("''") { TWO_APOSTROPHES } else { text[open..].chars().next().unwrap_or('"') }
}

fn mark_len(mark: char) -> usize {
    if mark == TWO_APOSTROPHES { 2 } else { mark.len_utf8() }
}

fn starts_with_mark(text: &str, mark: char) -> bool {
    if mark == TWO_APOSTROPHES { text.starts_with("''") } else { text.starts_with(mark) }
}

fn closer_for(open: char) -> &'static [char] {
    match open {
        TWO_APOSTROPHES => &[TWO_APOSTROPHES],
        // Copy mixing typographic and straight marks ("…” or “…") closes with either.
        '“' => &['”', '"'],
        '„' => &['“', '”'],
        '«' => &['»'],
        '‹' => &['›'],
        '"' => &['"', '”'],
        '‘' => &['’'],
        '\'' => &['\''],
        _ => &[],
    }
}

fn opens_after(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || "([{—–-/:;,".contains(p))
}

/// Every quotation piece in the paragraphs, in text order.
pub fn find(text: &str, paragraphs: &[Range<usize>]) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    for (n, paragraph) in paragraphs.iter().enumerate() {
        let continued_with = out.last().filter(|q| q.continues).map(|q| mark_at(text, q.open));
        find_in(text, paragraph.clone(), continued_with, &mut out);
        // A piece left open at the end of a paragraph continues only when the next paragraph
        // opens with the same mark; otherwise the stray mark quotes nothing.
        if let Some(last) = out.last_mut()
            && !last.closed
            && last.start >= paragraph.start
        {
            let mark = mark_at(text, last.open);
            let next_opens = paragraphs.get(n + 1).is_some_and(|p| starts_with_mark(&text[p.clone()], mark));
            if next_opens && last.end - last.start > 0 {
                last.continues = true;
            } else {
                out.pop();
            }
        }
    }
    out
}

fn find_in(text: &str, paragraph: Range<usize>, continued_with: Option<char>, out: &mut Vec<Quote>) {
    let slice = &text[paragraph.clone()];
    let before = out.len();
    let mut open: Option<(usize, char)> = None;
    let mut prev: Option<char> = None;
    let mut chars = slice.char_indices().peekable();
    let mut first = true;
    // A straight mark opened inside a typographic quote, waiting for its own closing mark.
    let mut inner_straight = false;
    while let Some((i, c)) = chars.next() {
        let at = paragraph.start + i;
        let rest = &slice[i..];
        // `''` is one double mark; a closing `'''` is a single quote closed inside it, then the double.
        let two = rest.starts_with("''") && !(open.is_some() && rest.starts_with("'''"));
        if two {
            chars.next();
        }
        let c = if two { TWO_APOSTROPHES } else { c };
        let next = chars.peek().map(|&(_, n)| n);
        match open {
            None => {
                let double =
                    matches!(c, '“' | '„' | '«' | '‹') || (matches!(c, '"' | TWO_APOSTROPHES) && opens_after(prev));
                let single = (c == '‘' || c == '\'') && opens_after(prev) && next.is_some_and(char::is_alphanumeric);
                if double || single {
                    open = Some((at, c));
                    inner_straight = false;
                    let len = mark_len(c);
                    // A piece opened with the mark that ran on from the paragraph before
                    // continues that quote.
                    out.push(Quote {
                        open: at,
                        start: at + len,
                        end: at + len,
                        close: at + len,
                        closed: false,
                        continues: false,
                        continued: first && continued_with == Some(c),
                    });
                }
            }
            Some((_, mark)) => {
                let closes = closer_for(mark).contains(&c)
                    && match c {
                        // An apostrophe inside a word is not a closing mark.
                        '’' | '\'' => {
                            !next.is_some_and(char::is_alphanumeric) && prev.is_some_and(|p| !p.is_whitespace())
                        }
                        // A straight mark inside a typographic quote closes it only where a
                        // closing mark stands and no straight quote opened inside it:
                        // "“he said "yes" to me”" keeps going.
                        '"' if mark == '“' => {
                            let opening = opens_after(prev) && next.is_some_and(char::is_alphanumeric);
                            let closing = !inner_straight
                                && !opening
                                && !next.is_some_and(char::is_alphanumeric)
                                && prev.is_some_and(|p| !p.is_whitespace());
                            if !closing {
                                inner_straight = opening;
                            }
                            closing
                        }
                        _ => true,
                    };
                if closes {
                    let quote = out.last_mut().expect("an open quote was pushed");
                    quote.end = at;
                    quote.close = at + mark_len(c);
                    quote.closed = true;
                    open = None;
                }
            }
        }
        if !c.is_whitespace() {
            first = false;
        }
        prev = Some(if two { '\'' } else { c });
    }
    if open.is_some() {
        let quote = out.last_mut().expect("an open quote was pushed");
        let end = paragraph.end;
        quote.end = end;
        quote.close = end;
    }
    // Empty quotes say nothing; only this paragraph's pieces are looked at again.
    let pieces = out.split_off(before);
    out.extend(pieces.into_iter().filter(|q| q.end > q.start || !q.closed));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        let paras = super::super::segment::paragraphs(text);
        find(text, &paras).into_iter().map(|q| &text[q.start..q.end]).collect()
    }

    #[test]
    fn every_kind_of_mark() {
        assert_eq!(
            quoted("He said “yes, now,” and «oui» and \"no\" and ‘maybe’."),
            ["yes, now,", "oui", "no", "maybe"]
        );
    }

    #[test]
    fn mixed_typographic_and_straight_marks_pair() {
        assert_eq!(
            quoted("“It is shameful,\" she said. \"It is wrong,” he said."),
            ["It is shameful,", "It is wrong,"]
        );
        assert_eq!(quoted("“He said \"yes\" to me,” she said."), ["He said \"yes\" to me,"]);
    }

    #[test]
    fn two_apostrophes_are_a_double_mark() {
        assert_eq!(
            quoted("''I don't feel like it,'' Ms. Sherry said. ''Part of it is: 'He's one of us,''' he said."),
            ["I don't feel like it,", "Part of it is: 'He's one of us,'"]
        );
        let text = "''First part of it.\n\n''Second part,'' she said.";
        let paras = super::super::segment::paragraphs(text);
        let quotes = find(text, &paras);
        assert_eq!(quotes.len(), 2);
        assert!(quotes[0].continues && quotes[1].continued);
        assert_eq!(&text[quotes[1].start..quotes[1].end], "Second part,");
    }

    #[test]
    fn apostrophes_are_not_marks() {
        assert_eq!(
            quoted("Iran’s minister said “the ministers’ meeting went well” today."),
            ["the ministers’ meeting went well"]
        );
        assert!(quoted("It's Pakistan's turn, the ministers' view.").is_empty());
    }

    #[test]
    fn a_quote_runs_over_paragraphs_when_the_mark_is_repeated() {
        let text = "“First part of it.\n\n“Second part,” she said.";
        let paras = super::super::segment::paragraphs(text);
        let quotes = find(text, &paras);
        assert_eq!(quotes.len(), 2);
        assert!(quotes[0].continues && !quotes[0].closed);
        assert!(quotes[1].continued && quotes[1].closed);
        assert_eq!(&text[quotes[1].start..quotes[1].end], "Second part,");
    }

    #[test]
    fn a_stray_mark_quotes_nothing() {
        assert!(quoted("“A paragraph that never closes its quote.\nNext line.").is_empty());
    }
}
