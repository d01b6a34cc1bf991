//! Splitting a run of tokens into sentences.
//!
//! A sentence ends at `.`, `!`, `?` or an ellipsis, together with the closing quotes and
//! brackets that follow it, when the next token can begin a sentence (a capital, a digit, an
//! opening quote): so `"Why?" he asked.` stays one sentence. A blank line always ends one.
//! Abbreviations keep their period in the token; a title (`Sen.`) never ends a sentence, another
//! abbreviation (`U.S.`, `Inc.`) only before a word that typically starts one.

use std::ops::Range;

use super::tokenize::{is_abbreviation, is_title};

/// The parser's work per sentence grows faster than its length on pathological input, and a
/// real sentence is rarely over 100 tokens: longer runs are cut into windows of this size.
pub const MAX_SENTENCE_TOKENS: usize = 200;

const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "There",
    "As",
    "For",
    "If",
    "When",
    "After",
    "Before",
    "While",
    "Some",
    "Many",
    "Most",
    "Officials",
    "Mr.",
    "Mrs.",
    "Ms.",
];

/// Token index ranges of the sentences in `tokens` (byte ranges of `text`, in order).
pub fn split(text: &str, tokens: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < tokens.len() {
        if at > start && paragraph_break(&text[tokens[at - 1].end..tokens[at].start]) {
            push_windows(&mut sentences, start..at);
            start = at;
        }
        let word = &text[tokens[at].clone()];
        let mut end = at + 1;
        if ends_sentence(word) {
            while end < tokens.len() && is_closing(text, &tokens[end]) {
                end += 1;
            }
            let starts_next = tokens.get(end).is_none_or(|next| can_start(&text[next.clone()], word));
            let broken = tokens.get(end).is_some_and(|next| paragraph_break(&text[tokens[end - 1].end..next.start]));
            if starts_next || broken {
                push_windows(&mut sentences, start..end);
                start = end;
            }
        }
        at = end;
    }
    if start < tokens.len() {
        push_windows(&mut sentences, start..tokens.len());
    }
    sentences
}

fn push_windows(sentences: &mut Vec<Range<usize>>, range: Range<usize>) {
    let mut start = range.start;
    while range.end - start > MAX_SENTENCE_TOKENS {
        sentences.push(start..start + MAX_SENTENCE_TOKENS);
        start += MAX_SENTENCE_TOKENS;
    }
    sentences.push(start..range.end);
}

fn paragraph_break(gap: &str) -> bool {
    gap.bytes().filter(|&byte| byte == b'\n').nth(1).is_some()
}

fn ends_sentence(word: &str) -> bool {
    if word.chars().all(|ch| matches!(ch, '.' | '!' | '?' | '…')) {
        return true;
    }
    match word.strip_suffix('.') {
        Some(stem) => is_abbreviation(stem) && !is_title(stem),
        None => false,
    }
}

/// A closing quote or bracket after the end of a sentence belongs to it.
fn is_closing(text: &str, token: &Range<usize>) -> bool {
    match &text[token.clone()] {
        "”" | "’" | "»" | "''" | ")" | "]" | "'" => true,
        // A straight quote closes when it is not followed by a word of its own.
        "\"" => text[token.end..].chars().next().is_none_or(char::is_whitespace),
        _ => false,
    }
}

fn can_start(next: &str, ending: &str) -> bool {
    let Some(first) = next.chars().next() else { return false };
    let abbreviation = ending.len() > 1 && ending.ends_with('.');
    if abbreviation {
        return SENTENCE_STARTERS.contains(&next);
    }
    first.is_uppercase()
        || first.is_numeric()
        || matches!(first, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '`' | '—' | '-')
}

#[cfg(test)]
mod tests {
    use super::super::tokenize::tokenize;
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        split(text, &tokens)
            .into_iter()
            .map(|range| text[tokens[range.start].start..tokens[range.end - 1].end].to_owned())
            .collect()
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences("\"We will win.\" The senator left. \"Why?\" he asked."),
            ["\"We will win.\"", "The senator left.", "\"Why?\" he asked."]
        );
        assert_eq!(sentences("She said: “It is over.” Then she left."), ["She said: “It is over.”", "Then she left."]);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("Sen. Smith met Mr. Jones in the U.S. on Jan. 5. He left."),
            ["Sen. Smith met Mr. Jones in the U.S. on Jan. 5.", "He left."]
        );
        assert_eq!(
            sentences("He works for Acme Inc. The firm denied it."),
            ["He works for Acme Inc.", "The firm denied it."]
        );
    }

    #[test]
    fn a_blank_line_ends_a_sentence() {
        assert_eq!(sentences("A headline\n\nThe story begins"), ["A headline", "The story begins"]);
        assert_eq!(sentences("one line\nwrapped here."), ["one line\nwrapped here."]);
    }

    #[test]
    fn long_runs_are_cut_into_windows() {
        let text = "word ".repeat(MAX_SENTENCE_TOKENS * 2 + 3);
        let tokens = tokenize(&text);
        let ranges = split(&text, &tokens);
        assert_eq!(
            ranges.iter().map(ExactSizeIterator::len).collect::<Vec<_>>(),
            [MAX_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS, 3]
        );
    }
}
