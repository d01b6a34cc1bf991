//! Finding a passage again after its article was edited.
//!
//! Articles get re-saved, re-scraped and corrected. When a passage's `exact` no longer sits at
//! its offsets, this says where the words went, and how sure that is:
//! - **moved**: the same words, elsewhere in the text (chosen by the passage's prefix/suffix,
//!   then by nearness to where they were);
//! - **fuzzy**: approximately the same words — a word changed, straight quotes for curly ones —
//!   within an error budget proportional to the quote's length, with a score and the text found;
//! - **orphan**: nothing close enough, or several places equally close (a guess between them
//!   would mis-anchor the passage, which is worse than admitting it is lost).
//!
//! Typographic variants (curly and straight quotes, dashes, odd spaces) are compared as equal,
//! because re-saving an article in another editor changes exactly those.

use std::ops::Range;

/// How a passage was found in the current text.
#[derive(Debug, Clone, PartialEq)]
pub enum Relocation {
    /// The same words at other offsets.
    Moved { bytes: Range<usize> },
    /// Words close to the quote; `score` is 1 − errors / quote length.
    Fuzzy { bytes: Range<usize>, score: f64 },
    /// Not found within the error budget, or found equally well in several places.
    Orphan,
}

/// Errors allowed per character of the quote, and never fewer than `MIN_ERRORS` for a quote long
/// enough to carry them: a short quote with errors could match anything.
const ERRORS_PER_CHAR: f64 = 0.2;
const MIN_ERRORS: usize = 2;
const SHORTEST_FUZZY_QUOTE: usize = 12;
/// Quotes longer than this are only looked for verbatim: the approximate search costs quote
/// length × text length.
const LONGEST_FUZZY_QUOTE: usize = 4000;

/// One character as compared: typographic variants folded together.
fn fold(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\t' => ' ',
        '\r' => '\n',
        other => other,
    }
}

/// Where `exact` is in `text` now. `old_start` is the byte where it used to start (a hint for
/// choosing among equal candidates); `prefix`/`suffix` are the passage's context quotes.
pub fn relocate(
    text: &str,
    exact: &str,
    prefix: Option<&str>,
    suffix: Option<&str>,
    old_start: Option<usize>,
) -> Relocation {
    if exact.is_empty() {
        return Relocation::Orphan;
    }
    let verbatim: Vec<Range<usize>> = text.match_indices(exact).map(|(at, m)| at..at + m.len()).collect();
    if !verbatim.is_empty() {
        return match choose(text, &verbatim, prefix, suffix, old_start) {
            Some(bytes) => Relocation::Moved { bytes },
            None => Relocation::Orphan,
        };
    }
    approximate(text, exact, prefix, suffix, old_start)
}

/// The one candidate that fits the context best, then is nearest the old place; `None` when two
/// fit equally well.
fn choose(
    text: &str,
    candidates: &[Range<usize>],
    prefix: Option<&str>,
    suffix: Option<&str>,
    old_start: Option<usize>,
) -> Option<Range<usize>> {
    if candidates.len() == 1 {
        return Some(candidates[0].clone());
    }
    let context = |r: &Range<usize>| {
        let before = prefix.map_or(0, |p| common_suffix(&text[..r.start], p));
        let after = suffix.map_or(0, |s| common_prefix(&text[r.end..], s));
        before + after
    };
    let distance = |r: &Range<usize>| old_start.map_or(0, |old| r.start.abs_diff(old));
    let key = |r: &Range<usize>| (std::cmp::Reverse(context(r)), distance(r));
    let best = candidates.iter().min_by_key(|r| key(r))?;
    let ties = candidates.iter().filter(|r| key(r) == key(best)).count();
    (ties == 1).then(|| best.clone())
}

/// Characters at the end of `text` that `quote` also ends with (folded).
fn common_suffix(text: &str, quote: &str) -> usize {
    text.chars().rev().zip(quote.chars().rev()).take_while(|(a, b)| fold(*a) == fold(*b)).count()
}

/// Characters at the start of `text` that `quote` also starts with (folded).
fn common_prefix(text: &str, quote: &str) -> usize {
    text.chars().zip(quote.chars()).take_while(|(a, b)| fold(*a) == fold(*b)).count()
}

/// Approximate search (Sellers' algorithm: edit distance of the quote against every substring of
/// the text, one column per text character).
fn approximate(
    text: &str,
    exact: &str,
    prefix: Option<&str>,
    suffix: Option<&str>,
    old_start: Option<usize>,
) -> Relocation {
    let quote: Vec<char> = exact.chars().map(fold).collect();
    let m = quote.len();
    if !(SHORTEST_FUZZY_QUOTE..=LONGEST_FUZZY_QUOTE).contains(&m) {
        return Relocation::Orphan;
    }
    let budget = ((m as f64 * ERRORS_PER_CHAR) as usize).max(MIN_ERRORS);
    let chars: Vec<(usize, char)> = text.char_indices().map(|(at, c)| (at, fold(c))).collect();
    // previous[i] = distance between quote[..i] and the best substring ending at the column.
    let mut column: Vec<usize> = (0..=m).collect();
    let mut ends: Vec<(usize, usize)> = Vec::new(); // (distance, end char index exclusive)
    for (j, &(_, c)) in chars.iter().enumerate() {
        let mut diagonal = 0; // column[0] of the previous column: a match may start anywhere
        column[0] = 0;
        for i in 1..=m {
            let above = column[i];
            let cost = usize::from(quote[i - 1] != c);
            column[i] = (diagonal + cost).min(above + 1).min(column[i - 1] + 1);
            diagonal = above;
        }
        if column[m] <= budget {
            ends.push((column[m], j + 1));
        }
    }
    let Some(best) = ends.iter().map(|&(d, _)| d).min() else { return Relocation::Orphan };
    // Consecutive ends of one match are one candidate: keep the best end of each run.
    let mut candidates: Vec<(usize, Range<usize>)> = Vec::new();
    let mut run: Option<(usize, usize, usize)> = None; // (distance, end, last end seen)
    for &(d, end) in &ends {
        match run {
            Some((rd, rend, last)) if end == last + 1 => {
                // On equal distance the later end: the longer match, not one cut short of its last letter.
                run = Some(if d <= rd { (d, end, end) } else { (rd, rend, end) });
            }
            _ => {
                if let Some((rd, rend, _)) = run.take()
                    && rd == best
                {
                    candidates.push((rd, start_of(&quote, &chars, rend)..rend));
                }
                run = Some((d, end, end));
            }
        }
    }
    if let Some((rd, rend, _)) = run
        && rd == best
    {
        candidates.push((rd, start_of(&quote, &chars, rend)..rend));
    }
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    let spans: Vec<Range<usize>> = candidates.iter().map(|(_, r)| byte_at(r.start)..byte_at(r.end)).collect();
    let Some(bytes) = choose(text, &spans, prefix, suffix, old_start) else { return Relocation::Orphan };
    let bytes = to_word_edges(text, bytes);
    let score = 1.0 - best as f64 / m as f64;
    Relocation::Fuzzy { bytes, score }
}

/// Where the best alignment of `quote` ending at char `end` starts (the same distances, filled
/// backwards from the end).
fn start_of(quote: &[char], chars: &[(usize, char)], end: usize) -> usize {
    let m = quote.len();
    let window_start = end.saturating_sub(m * 2 + MIN_ERRORS);
    let window = &chars[window_start..end];
    // Edit distance of reversed quote against reversed text, anchored at the end, open at the
    // start: the start with the least distance, the longest match on ties.
    let mut column: Vec<usize> = (0..=m).collect();
    let mut best = (column[m], end);
    for (k, &(_, c)) in window.iter().rev().enumerate() {
        let mut diagonal = column[0];
        column[0] = k + 1;
        for i in 1..=m {
            let above = column[i];
            let cost = usize::from(quote[m - i] != c);
            column[i] = (diagonal + cost).min(above + 1).min(column[i - 1] + 1);
            diagonal = above;
        }
        if column[m] <= best.0 {
            best = (column[m], end - k - 1);
        }
    }
    best.1
}

/// Drops spaces at either end of a found span, and widens an edge that falls inside a word to
/// the word's edge: a passage never starts or ends in the middle of a word.
fn to_word_edges(text: &str, bytes: Range<usize>) -> Range<usize> {
    let found = &text[bytes.clone()];
    let mut start = bytes.start + (found.len() - found.trim_start().len());
    let mut end = bytes.end - (found.len() - found.trim_end().len());
    if start >= end {
        return bytes;
    }
    let inside_word = |before: Option<char>, after: Option<char>| {
        before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric)
    };
    while inside_word(text[..start].chars().next_back(), text[start..].chars().next()) {
        start -= text[..start].chars().next_back().map_or(0, char::len_utf8);
    }
    while inside_word(text[..end].chars().next_back(), text[end..].chars().next()) {
        end += text[end..].chars().next().map_or(0, char::len_utf8);
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, relocation: &Relocation) -> String {
        match relocation {
            Relocation::Moved { bytes } | Relocation::Fuzzy { bytes, .. } => text[bytes.clone()].to_string(),
            Relocation::Orphan => String::from("<orphan>"),
        }
    }

    const ARTICLE: &str = "Pakistan’s Foreign Office said the strike killed “several terrorists” in Iran.\n\n\
        Iran said its missiles hit only the bases of Jaish al-Adl, a militant group, near the border.\n\n\
        Officials in Tehran later confirmed that two children were killed in the Pakistani strike.";

    #[test]
    fn the_same_words_at_other_offsets_are_moved() {
        let edited = format!("Updated at 10:00.\n{ARTICLE}");
        let r = relocate(&edited, "two children were killed", None, None, Some(200));
        assert!(matches!(r, Relocation::Moved { .. }), "{r:?}");
        assert_eq!(found(&edited, &r), "two children were killed");
    }

    #[test]
    fn a_changed_word_is_found_fuzzily_with_its_score_and_the_text_now_there() {
        let edited = ARTICLE.replace("only the bases", "just the bases");
        let quote = "Iran said its missiles hit only the bases of Jaish al-Adl";
        let r = relocate(&edited, quote, None, None, None);
        let Relocation::Fuzzy { score, .. } = r else { panic!("{r:?}") };
        assert_eq!(found(&edited, &r), "Iran said its missiles hit just the bases of Jaish al-Adl");
        assert!(score > 0.85 && score < 1.0, "{score}");
    }

    #[test]
    fn straight_quotes_for_curly_ones_cost_nothing() {
        let edited = ARTICLE.replace(['“', '”'], "\"").replace('’', "'");
        let quote = "Pakistan’s Foreign Office said the strike killed “several terrorists”";
        let r = relocate(&edited, quote, None, None, Some(0));
        let Relocation::Fuzzy { score, .. } = r else { panic!("{r:?}") };
        assert_eq!(score, 1.0);
        assert_eq!(found(&edited, &r), "Pakistan's Foreign Office said the strike killed \"several terrorists\"");
    }

    #[test]
    fn a_deleted_paragraph_leaves_an_orphan_not_a_guess() {
        let edited = ARTICLE
            .replace("Officials in Tehran later confirmed that two children were killed in the Pakistani strike.", "");
        let r =
            relocate(&edited, "Officials in Tehran later confirmed that two children were killed", None, None, None);
        assert_eq!(r, Relocation::Orphan);
    }

    #[test]
    fn several_equally_good_places_are_an_orphan_unless_the_context_or_position_decides() {
        let text = "He said no. Later he said no. Then she said yes.";
        assert_eq!(relocate(text, "said no", None, None, None), Relocation::Orphan);
        let by_context = relocate(text, "said no", Some("Later he "), None, None);
        assert_eq!(by_context, Relocation::Moved { bytes: 21..28 });
        let by_position = relocate(text, "said no", None, None, Some(2));
        assert_eq!(by_position, Relocation::Moved { bytes: 3..10 });
    }

    #[test]
    fn short_quotes_are_only_found_verbatim() {
        assert_eq!(relocate(ARTICLE, "killd", None, None, None), Relocation::Orphan);
        let long_enough = relocate(ARTICLE, "Jaish al-Adx", None, None, None);
        assert_eq!(found(ARTICLE, &long_enough), "Jaish al-Adl");
    }

    #[test]
    fn spans_never_cut_a_character() {
        let text = "Der Außenminister sagte: „Wir werden nicht zögern“, und ging.";
        let r = relocate(text, "Der Aussenminister sagte: \"Wir werden nicht zogern\"", None, None, None);
        let Relocation::Fuzzy { bytes, .. } = &r else { panic!("{r:?}") };
        assert!(text.is_char_boundary(bytes.start) && text.is_char_boundary(bytes.end));
        assert_eq!(found(text, &r), "Der Außenminister sagte: „Wir werden nicht zögern“");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Random words (a few with quotes, CJK and emoji), so that a long quote occurs once.
        fn article() -> impl Strategy<Value = String> {
            let word = prop_oneof![
                8 => "[a-zäöü]{3,9}",
                1 => "“[a-z]{2,6}”",
                1 => "[北京東西]{1,2}",
                1 => Just("😀".to_string()),
            ];
            prop::collection::vec(word, 30..120).prop_map(|words| words.join(" "))
        }

        proptest! {
            /// One character of the quoted words changed: the passage is found where it was, not
            /// elsewhere and not lost, and its span sits on character boundaries.
            #[test]
            fn an_edited_quote_is_found_where_it_was(
                text in article(), from in 0.0..0.7f64, len in 25usize..80, at in 0.0..1.0f64,
            ) {
                let chars: Vec<(usize, char)> = text.char_indices().collect();
                let first = (chars.len() as f64 * from) as usize;
                let last = (first + len).min(chars.len());
                prop_assume!(last > first + 20);
                let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
                let original = byte(first)..byte(last);
                let quote = &text[original.clone()];
                let edit = first + ((last - first - 1) as f64 * at) as usize;
                let mut edited = text.clone();
                edited.replace_range(byte(edit)..byte(edit + 1), "X");
                let shift = |b: usize| if b > byte(edit) { b + 1 - (byte(edit + 1) - byte(edit)) } else { b };
                let expected = shift(original.start)..shift(original.end);
                match relocate(&edited, quote, None, None, Some(original.start)) {
                    Relocation::Moved { bytes } | Relocation::Fuzzy { bytes, .. } => {
                        prop_assert!(edited.is_char_boundary(bytes.start) && edited.is_char_boundary(bytes.end));
                        prop_assert!(
                            bytes.start < expected.end && expected.start < bytes.end,
                            "found {:?} = {:?}, expected near {:?}", bytes, &edited[bytes.clone()], expected
                        );
                    }
                    Relocation::Orphan => prop_assert!(false, "lost {quote:?} after one edit"),
                }
            }
        }
    }
}
