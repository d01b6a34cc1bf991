//! Splitting raw text into the tokens UD English treebanks use, as byte ranges of the text.
//!
//! The treebank splits clitics (`do` + `n't`, `Trump` + `'s`), hyphenated compounds (`long` `-`
//! `term`, but not `e-mail`), and every quote mark and punctuation mark, while abbreviations keep
//! their period (`Mr.`, `U.S.`). Ranges, not copies, because the drafter quotes the text verbatim.

use std::ops::Range;

/// Abbreviations that keep their final period. Titles come first: a title is never the end of a
/// sentence (see [`is_title`]).
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "reps", "sens", "gov", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm",
    "maj", "prof", "rev", "pres", "st", "mt", "ft", "hon", "messrs", "mme", "sr", "jr", "no", "nos", "vs", "v", "fig",
    "gens",
];
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co", "ltd",
    "llc", "bros", "dept", "univ", "assn", "est", "approx", "etc", "al", "ave", "blvd", "rd", "ariz", "ark", "calif",
    "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo",
    "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "cf", "ca", "ed",
    "eds", "vol", "pp", "op",
];

/// Word beginnings that keep their hyphen in the treebank (`e-mail`, `re-elected`, `co-founder`).
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "x", "pre", "re", "post", "non", "mid", "ex", "co", "counter", "semi", "mis", "vice", "anti", "multi", "over",
    "un", "sub", "inter", "pro", "de", "bi", "tri", "cross", "intra", "neo", "ultra",
];

/// Clitics split from the end of a word, longest first so `n't` wins over `'t`.
const CLITICS: &[&str] = &["n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m"];

const OPENERS: &[char] = &['"', '“', '‘', '«', '‹', '(', '[', '{', '\''];
const CLOSERS: &[char] = &['"', '”', '’', '»', '›', ')', ']', '}', ',', ';', ':', '!', '?', '%', '\'', '…'];

/// Is `word` (without its period) an abbreviation that keeps its period?
pub(crate) fn is_abbreviation(word: &str) -> bool {
    if word.len() > 24 {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    if TITLES.contains(&lower.as_str()) || ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let mut chars = word.chars();
    // A single letter (`J.` of `John J. Smith`) or letters joined by periods (`U.S`, `p.m`).
    match (chars.next(), chars.next()) {
        (Some(first), None) => first.is_alphabetic(),
        _ => {
            word.contains('.')
                && word.split('.').all(|part| part.chars().count() <= 2 && part.chars().all(char::is_alphabetic))
        }
    }
}

/// Is `word` (without its period) a title that always precedes a name (`Mr.`, `Sen.`)?
pub(crate) fn is_title(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    TITLES.contains(&lower.as_str()) && lower != "jr" && lower != "sr" && lower != "no"
}

/// The tokens of `text`, as byte ranges in order.
pub fn tokenize(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    tokenize_into(text, 0..text.len(), &mut tokens);
    tokens
}

/// Appends the tokens of `text[range]` to `tokens`; `range` must lie on character boundaries.
pub(crate) fn tokenize_into(text: &str, range: Range<usize>, tokens: &mut Vec<Range<usize>>) {
    let mut chunk_start = None;
    for (at, ch) in text[range.clone()].char_indices() {
        let at = at + range.start;
        if ch.is_whitespace() {
            if let Some(start) = chunk_start.take() {
                chunk(text, start, at, tokens);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(at);
        }
    }
    if let Some(start) = chunk_start {
        chunk(text, start, range.end, tokens);
    }
}

fn is_url_or_email(word: &str) -> bool {
    let lower = word.get(..8).unwrap_or(word).to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || word.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

/// Splits one whitespace-free chunk `text[start..end]`.
fn chunk(text: &str, mut start: usize, mut end: usize, tokens: &mut Vec<Range<usize>>) {
    // Leading marks: opening quotes and brackets, currency, dashes.
    loop {
        let rest = &text[start..end];
        let Some(first) = rest.chars().next() else { return };
        if rest.starts_with("``") || rest.starts_with("--") {
            tokens.push(start..start + 2);
            start += 2;
        } else if rest.len() > first.len_utf8() && is_leading_mark(first, &rest[first.len_utf8()..]) {
            tokens.push(start..start + first.len_utf8());
            start += first.len_utf8();
        } else {
            break;
        }
    }
    // Trailing marks are collected backwards, then pushed after the core.
    let mut trailing = Vec::new();
    loop {
        let rest = &text[start..end];
        let Some(last) = rest.chars().next_back() else { break };
        if rest.len() == last.len_utf8() {
            break;
        }
        let width = if rest.ends_with("''") || rest.ends_with("--") {
            2
        } else if rest.ends_with("...") {
            rest.len() - rest.trim_end_matches('.').len()
        } else if last == '\'' || last == '’' {
            // A closing single quote or the possessive of a plural (`parents'`); not a clitic.
            if CLITICS.iter().any(|clitic| rest.len() > clitic.len() && ends_with_ignoring_case(rest, clitic)) {
                0
            } else {
                last.len_utf8()
            }
        } else if CLOSERS.contains(&last) {
            last.len_utf8()
        } else if last == '.' {
            let core = &rest[..rest.len() - 1];
            if is_abbreviation(core) { 0 } else { 1 }
        } else {
            0
        };
        if width == 0 || width >= rest.len() {
            break;
        }
        trailing.push(end - width..end);
        end -= width;
    }
    let core = &text[start..end];
    if !core.is_empty() {
        if is_url_or_email(core) {
            tokens.push(start..end);
        } else {
            split_core(text, start, end, tokens);
        }
    }
    tokens.extend(trailing.into_iter().rev());
}

fn is_leading_mark(first: char, rest: &str) -> bool {
    match first {
        '\'' | '’' => {
            // `'s` standing alone is a clitic, `'90s` an abbreviated year: neither is a quote.
            !(rest.starts_with(|c: char| c.is_ascii_digit())
                || ["s", "re", "ve", "ll", "d", "m", "t", "em", "n"]
                    .iter()
                    .any(|clitic| clitic.eq_ignore_ascii_case(rest)))
        }
        '$' | '£' | '€' | '#' => rest.starts_with(|c: char| c.is_alphanumeric()),
        '—' | '–' | '…' => true,
        _ => OPENERS.contains(&first),
    }
}

/// Splits a core without leading or trailing marks at inner punctuation, then splits clitics.
fn split_core(text: &str, start: usize, end: usize, tokens: &mut Vec<Range<usize>>) {
    let core = &text[start..end];
    let mut piece_start = start;
    let mut previous: Option<char> = None;
    let mut iter = core.char_indices().peekable();
    while let Some((offset, ch)) = iter.next() {
        let at = start + offset;
        let next = iter.peek().map(|&(_, next)| next);
        let splits_alone = match ch {
            '—' | '–' | '"' | '“' | '”' | '…' | '(' | ')' | '[' | ']' | ';' | '!' | '?' => true,
            ',' | ':' => !(previous.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit())),
            '-' => {
                next == Some('-')
                    || previous == Some('-')
                    || (previous.is_some_and(char::is_alphabetic)
                        && next.is_some_and(char::is_alphabetic)
                        && !is_hyphen_prefix(&text[piece_start..at]))
            }
            _ => false,
        };
        if splits_alone {
            if piece_start < at {
                word(text, piece_start, at, tokens);
            }
            // A run of dashes is one token.
            let mut stop = at + ch.len_utf8();
            if ch == '-' {
                while let Some(&(_, '-')) = iter.peek() {
                    iter.next();
                    stop += 1;
                }
            }
            tokens.push(at..stop);
            piece_start = stop;
        }
        previous = Some(ch);
    }
    if piece_start < end {
        word(text, piece_start, end, tokens);
    }
}

fn ends_with_ignoring_case(word: &str, suffix: &str) -> bool {
    word.len() >= suffix.len() && word.as_bytes()[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

fn is_hyphen_prefix(piece: &str) -> bool {
    piece.len() <= 8 && HYPHEN_PREFIXES.iter().any(|prefix| prefix.eq_ignore_ascii_case(piece))
}

/// One word, with its clitic split off (`don't` → `do` `n't`, `Trump's` → `Trump` `'s`).
fn word(text: &str, start: usize, end: usize, tokens: &mut Vec<Range<usize>>) {
    let word = &text[start..end];
    for (whole, first) in [("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)] {
        if word.eq_ignore_ascii_case(whole) {
            tokens.push(start..start + first);
            tokens.push(start + first..end);
            return;
        }
    }
    let clitic = CLITICS.iter().find(|clitic| word.len() > clitic.len() && ends_with_ignoring_case(word, clitic));
    match clitic {
        Some(clitic) => {
            tokens.push(start..end - clitic.len());
            tokens.push(end - clitic.len()..end);
        }
        None => tokens.push(start..end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).into_iter().map(|range| &text[range]).collect()
    }

    #[test]
    fn clitics_split_like_the_treebank() {
        assert_eq!(
            words("I don't think Trump's plan can't work."),
            ["I", "do", "n't", "think", "Trump", "'s", "plan", "ca", "n't", "work", "."]
        );
        assert_eq!(words("They’re sure we’ll win"), ["They", "’re", "sure", "we", "’ll", "win"]);
        assert_eq!(words("the parents' house"), ["the", "parents", "'", "house"]);
        assert_eq!(words("We cannot"), ["We", "can", "not"]);
    }

    #[test]
    fn quotes_of_every_style_are_tokens() {
        assert_eq!(
            words("\"We will win,\" the senator said."),
            ["\"", "We", "will", "win", ",", "\"", "the", "senator", "said", "."]
        );
        assert_eq!(
            words("“Yes,” she said. «Non» ‘ok’"),
            ["“", "Yes", ",", "”", "she", "said", ".", "«", "Non", "»", "‘", "ok", "’"]
        );
        assert_eq!(words("``Never,'' he said."), ["``", "Never", ",", "''", "he", "said", "."]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            words("Mr. Smith of the U.S. met Sen. Jones Jr. at 5 p.m."),
            ["Mr.", "Smith", "of", "the", "U.S.", "met", "Sen.", "Jones", "Jr.", "at", "5", "p.m."]
        );
        assert_eq!(words("He left."), ["He", "left", "."]);
    }

    #[test]
    fn hyphens_numbers_and_urls() {
        assert_eq!(words("a long-term e-mail plan"), ["a", "long", "-", "term", "e-mail", "plan"]);
        assert_eq!(
            words("$1,000.50 and 5% -- see http://x.com/a-b."),
            ["$", "1,000.50", "and", "5", "%", "--", "see", "http://x.com/a-b", "."]
        );
        assert_eq!(words("war—and peace"), ["war", "—", "and", "peace"]);
    }

    #[test]
    fn ranges_are_byte_offsets_into_the_text() {
        let text = "  “Nous” — said Zoë.";
        for range in tokenize(text) {
            assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            assert!(!text[range].trim().is_empty());
        }
        assert_eq!(words(text), ["“", "Nous", "”", "—", "said", "Zoë", "."]);
    }
}
