//! Words, paragraphs and sentences of an article, as byte ranges into its text (the store's
//! code-point offsets are computed once, when the draft is written).
//!
//! Scraped copy keeps one paragraph per line; wire copy may be hard-wrapped. A line break is a
//! paragraph break unless the line runs on mid-sentence into a lowercase word.

use std::ops::Range;

use super::quotes::Quote;

/// A word: letters and digits, with inner hyphens and apostrophes ("Amir-Abdollahian", "Iran’s"),
/// or a handle (`@JalilJilani`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

pub fn tokens(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    let slice = &text[range.clone()];
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let handle = c == '@' && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric() || n == '_');
        if !(is_word_char(c) || handle) {
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = chars.peek() {
            if is_word_char(n) || (handle && n == '_') {
                end = j + n.len_utf8();
                chars.next();
                continue;
            }
            // An inner hyphen or apostrophe joins when a letter follows it.
            if n == '-' || is_apostrophe(n) || n == '‐' {
                let after = slice[j + n.len_utf8()..].chars().next();
                if after.is_some_and(char::is_alphanumeric) {
                    chars.next();
                    continue;
                }
            }
            break;
        }
        out.push(Token { start: range.start + start, end: range.start + end });
    }
    out
}

/// A word without a trailing possessive (`Iran’s` → `Iran`), and whether it had one.
pub fn strip_possessive(word: &str) -> (&str, bool) {
    for suffix in ["’s", "'s", "’S", "'S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return (stem, true);
        }
    }
    (word, false)
}

/// Paragraphs: runs of lines, split at blank lines and at line ends that close a sentence.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (n, raw) in lines.iter().enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let line_start = offset;
        offset += raw.len();
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(trim(text, s..line_start));
            }
            continue;
        }
        if start.is_none() {
            start = Some(line_start);
        }
        let next = lines.get(n + 1).map(|l| l.trim_start());
        let runs_on = line.trim_end().ends_with(|c: char| c.is_alphabetic() || c == ',')
            && line.chars().count() >= 50
            && next.and_then(|l| l.chars().next()).is_some_and(|c| c.is_lowercase());
        if !runs_on && let Some(s) = start.take() {
            out.push(trim(text, s..line_start + line.len()));
        }
    }
    if let Some(s) = start {
        out.push(trim(text, s..text.len()));
    }
    out.retain(|r| !r.is_empty());
    out
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    range.start + lead..range.end - trail
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "capt", "lt", "sgt", "gov", "sen", "rep", "prof", "rev", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "etc", "inc", "ltd", "co",
    "corp", "jr", "sr", "hon", "mt", "ft", "approx",
];

/// Sentences of one paragraph. A sentence never ends inside a quotation, so a quote of several
/// sentences stays with its attribution.
pub fn sentences(text: &str, paragraph: Range<usize>, quotes: &[Quote]) -> Vec<Range<usize>> {
    // Quotation pieces are disjoint and in text order: the last one starting at or before `at`
    // is the only one that can hold it.
    // A full stop that closes a quotation ("… is “ongoing.” She said") may end the sentence too;
    // one inside it ("“We won. We did,” he said") never does.
    let inside_quote = |at: usize, len: usize| {
        let after = quotes.partition_point(|q| q.start <= at);
        quotes[..after].last().is_some_and(|q| at < q.end && !(q.closed && at + len == q.end))
    };
    let mut out = Vec::new();
    let mut start = paragraph.start;
    let slice = &text[paragraph.clone()];
    for (i, c) in slice.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let at = paragraph.start + i;
        if inside_quote(at, c.len_utf8()) {
            continue;
        }
        // Closing marks that belong to the sentence.
        let mut end = at + c.len_utf8();
        let rest = &text[end..paragraph.end];
        let closers: usize =
            rest.chars().take_while(|ch| matches!(ch, '”' | '"' | '’' | '»' | ')' | '\'')).map(char::len_utf8).sum();
        end += closers;
        let after = &text[end..paragraph.end];
        let spaces = after.len() - after.trim_start().len();
        if spaces == 0 {
            continue;
        }
        let next = after[spaces..].chars().next();
        let starts_sentence = next.is_some_and(|n| n.is_uppercase() || n.is_numeric() || "“\"«‘'—–-@".contains(n));
        if !starts_sentence || (c == '.' && is_abbreviation(&text[start..at])) {
            continue;
        }
        out.push(start..end);
        start = end + spaces;
    }
    if start < paragraph.end {
        out.push(start..paragraph.end);
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    let word: String = before.chars().rev().take_while(|c| c.is_alphanumeric() || *c == '.').collect();
    let word: String = word.chars().rev().collect();
    let lower = word.to_lowercase();
    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let dotted = word.contains('.'); // "U.S", "H.E"
    single_letter || dotted || ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text, 0..text.len()).into_iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn words_keep_inner_hyphens_apostrophes_and_handles() {
        assert_eq!(
            words("Iran’s Amir-Abdollahian (@JalilJilani) said-"),
            ["Iran’s", "Amir-Abdollahian", "@JalilJilani", "said"]
        );
    }

    #[test]
    fn lines_are_paragraphs_unless_they_run_on() {
        let text = "Headline here\n\nA long line of wire copy that is hard wrapped at seventy columns\nand goes on here.\nNext.";
        let paras: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(paras.len(), 3, "{paras:?}");
        assert!(paras[1].ends_with("goes on here."));
    }

    #[test]
    fn sentences_skip_abbreviations_and_quotes() {
        let text = "Mr. Smith arrived. “We won. We did,” he said. The U.S. team left.";
        let whole = std::iter::once(0..text.len()).collect::<Vec<_>>();
        let quotes = super::super::quotes::find(text, &whole);
        let got: Vec<&str> = sentences(text, 0..text.len(), &quotes).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["Mr. Smith arrived.", "“We won. We did,” he said.", "The U.S. team left."]);
        let text = "She said it is “ongoing.” He said more. “We won.” he said.";
        let quotes = super::super::quotes::find(text, std::slice::from_ref(&(0..text.len())));
        let got: Vec<&str> = sentences(text, 0..text.len(), &quotes).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["She said it is “ongoing.”", "He said more.", "“We won.” he said."]);
    }
}
