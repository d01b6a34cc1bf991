//! Passage resolution: a quote (with optional prefix/suffix and code-point offsets) becomes one
//! exact span of the source text, or a precise reason why it cannot.

use std::ops::Range;

/// A passage as the store writes it, before resolution.
#[derive(Debug, Clone, Copy)]
pub struct Quote<'a> {
    pub exact: &'a str,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
    pub start: Option<usize>,
    pub end: Option<usize>,
}

/// A resolved span: code-point offsets as the format counts them, and byte offsets for slicing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub chars: Range<usize>,
    pub bytes: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorError {
    pub message: String,
    pub hint: String,
    /// The quote is not where the store says (or nowhere verbatim): the article may have been
    /// edited, so looking for it again (`relocate`) makes sense. An empty quote, half-given
    /// offsets or an ambiguous quote are mistakes of the store instead.
    pub relocatable: bool,
}

/// Converts between byte and code-point offsets of one text without counting from the start
/// each time: a source cited by thousands of passages is scanned once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharIndex {
    /// Code points before each `BLOCK`-byte boundary; empty for ASCII text, where both agree.
    checkpoints: Vec<usize>,
    total: usize,
}

const BLOCK: usize = 64;

/// The number of code points that start in `bytes` (every byte but UTF-8 continuation bytes).
fn count_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        if text.is_ascii() {
            return CharIndex { checkpoints: Vec::new(), total: text.len() };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut count = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            checkpoints.push(count);
            count += count_starts(block);
        }
        // One past the last block, so the end of a text of whole blocks has a checkpoint too.
        checkpoints.push(count);
        CharIndex { checkpoints, total: count }
    }

    /// Code points in the text.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Code points before byte `at`, a character boundary of `text`.
    pub fn chars_before(&self, text: &str, at: usize) -> usize {
        if self.checkpoints.is_empty() {
            return at;
        }
        let block = at / BLOCK;
        self.checkpoints[block] + count_starts(&text.as_bytes()[block * BLOCK..at])
    }

    /// The byte where code point `chars` starts (the text's length for `chars == total`).
    pub fn byte_of(&self, text: &str, chars: usize) -> usize {
        if chars >= self.total {
            return text.len();
        }
        if self.checkpoints.is_empty() {
            return chars;
        }
        let block = self.checkpoints.partition_point(|&c| c <= chars) - 1;
        let mut remaining = chars - self.checkpoints[block];
        let from = block * BLOCK;
        for (at, &b) in text.as_bytes()[from..].iter().enumerate() {
            if (b as i8) >= -0x40 {
                if remaining == 0 {
                    return from + at;
                }
                remaining -= 1;
            }
        }
        text.len()
    }
}

pub fn resolve(text: &str, quote: &Quote<'_>) -> Result<Span, AnchorError> {
    resolve_indexed(text, &CharIndex::new(text), quote)
}

/// `resolve` with the text's `CharIndex` built once by the caller.
pub fn resolve_indexed(text: &str, index: &CharIndex, quote: &Quote<'_>) -> Result<Span, AnchorError> {
    if quote.exact.is_empty() {
        return Err(AnchorError {
            message: "`exact` is empty".into(),
            hint: "quote the supporting words verbatim from the source".into(),
            relocatable: false,
        });
    }
    match (quote.start, quote.end) {
        (Some(start), Some(end)) => resolve_offsets(text, index, quote.exact, start, end),
        (None, None) => resolve_quote(text, index, quote),
        _ => Err(AnchorError {
            message: "only one of `start`/`end` is given".into(),
            hint: "give both offsets, or neither and let the quote locate the passage".into(),
            relocatable: false,
        }),
    }
}

fn resolve_offsets(text: &str, index: &CharIndex, exact: &str, start: usize, end: usize) -> Result<Span, AnchorError> {
    let total = index.total();
    if start > end || end > total {
        return Err(AnchorError {
            message: format!("offsets {start}..{end} do not fit a source of {total} code points"),
            hint: offsets_hint(text, exact),
            relocatable: true,
        });
    }
    let bytes = index.byte_of(text, start)..index.byte_of(text, end);
    if &text[bytes.clone()] != exact {
        return Err(AnchorError {
            message: format!("offsets {start}..{end} hold \"{}\", not the quoted `exact`", excerpt(&text[bytes], 80)),
            hint: offsets_hint(text, exact),
            relocatable: true,
        });
    }
    Ok(Span { chars: start..end, bytes })
}

fn offsets_hint(text: &str, exact: &str) -> String {
    let places = occurrences(text, exact);
    match places.as_slice() {
        [] => format!("the quote itself is not in the source; {}", closest_hint(text, exact)),
        [one] => {
            let start = text[..*one].chars().count();
            format!("the quote is at {start}..{} (code points, end exclusive)", start + exact.chars().count())
        }
        many => format!("the quote occurs {} times; offsets must point at one of them", many.len()),
    }
}

fn resolve_quote(text: &str, index: &CharIndex, quote: &Quote<'_>) -> Result<Span, AnchorError> {
    let places = occurrences(text, quote.exact);
    if places.is_empty() {
        return Err(AnchorError {
            message: format!("quote \"{}\" is not in the source", excerpt(quote.exact, 80)),
            hint: closest_hint(text, quote.exact),
            relocatable: true,
        });
    }
    let matching: Vec<usize> = places
        .iter()
        .copied()
        .filter(|&at| quote.prefix.is_none_or(|p| text[..at].ends_with(p)))
        .filter(|&at| quote.suffix.is_none_or(|s| text[at + quote.exact.len()..].starts_with(s)))
        .collect();
    match matching.as_slice() {
        [at] => {
            let start = index.chars_before(text, *at);
            let end = start + quote.exact.chars().count();
            Ok(Span { chars: start..end, bytes: *at..*at + quote.exact.len() })
        }
        [] => Err(AnchorError {
            message: format!(
                "quote occurs {} time{} but none has the given prefix/suffix",
                places.len(),
                if places.len() == 1 { "" } else { "s" }
            ),
            hint: format!("text around the first: \"{}\"", context(text, places[0], quote.exact.len())),
            relocatable: true,
        }),
        many => {
            let at: Vec<String> = many.iter().take(5).map(|&b| text[..b].chars().count().to_string()).collect();
            Err(AnchorError {
                message: format!(
                    "quote is ambiguous: it matches {} places (at code points {}{})",
                    many.len(),
                    at.join(", "),
                    if many.len() > 5 { ", …" } else { "" }
                ),
                hint: "add `prefix`/`suffix` (the text just before/after) or `start`/`end` to pick one".into(),
                relocatable: false,
            })
        }
    }
}

/// Byte positions of every occurrence, overlapping ones included.
fn occurrences(text: &str, needle: &str) -> Vec<usize> {
    let finder = memchr::memmem::Finder::new(needle);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(rel) = finder.find(&text.as_bytes()[from..]) {
        let at = from + rel;
        found.push(at);
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// Points at the text nearest a quote that is not in the source. Most misses are typography
/// (straight vs curly quotes, dashes, case, spacing) or a quote that drifts from the source
/// part-way through, so those are the two things looked for.
fn closest_hint(text: &str, exact: &str) -> String {
    if let Some(range) = find_folded(text, exact) {
        return format!(
            "closest text found: \"{}\" (differs only in quotes, dashes, case or spacing)",
            excerpt(&text[range], 100)
        );
    }
    let boundaries: Vec<usize> = exact.char_indices().map(|(b, _)| b).chain([exact.len()]).collect();
    let longest = |fits: &dyn Fn(usize) -> bool| {
        // `fits` is monotone in the number of characters, so bisect it.
        let (mut lo, mut hi) = (0, boundaries.len() - 1);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(mid) { lo = mid } else { hi = mid - 1 }
        }
        lo
    };
    let head = longest(&|n| text.contains(&exact[..boundaries[n]]));
    let tail_chars = boundaries.len() - 1;
    let tail = longest(&|n| text.contains(&exact[boundaries[tail_chars - n]..]));
    const MEANINGFUL: usize = 4;
    if head.max(tail) < MEANINGFUL {
        return "nothing close was found in this source: is the passage cited against the right source?".into();
    }
    if head >= tail {
        let at = text.find(&exact[..boundaries[head]]).unwrap_or(0);
        format!(
            "closest text found: \"{}\" (the first {head} characters match, then the quote differs)",
            excerpt(&text[at..], exact.len().max(40) + 20)
        )
    } else {
        let piece = &exact[boundaries[tail_chars - tail]..];
        let piece_at = text.find(piece).unwrap_or(0);
        // Back up by the part of the quote that did not match, to where the quote would start.
        let unmatched = tail_chars - tail;
        let from = text[..piece_at].char_indices().rev().nth(unmatched.saturating_sub(1)).map_or(0, |(b, _)| b);
        format!(
            "closest text found: \"{}\" (the last {tail} characters match, the start differs)",
            excerpt(&text[from..piece_at + piece.len()], exact.len().max(40) + 20)
        )
    }
}

/// Finds `needle` in `text` ignoring case, quote and dash style and runs of white space; returns
/// the byte range in the original text.
fn find_folded(text: &str, needle: &str) -> Option<Range<usize>> {
    let fold = |s: &str| -> Vec<(usize, char)> {
        let mut out: Vec<(usize, char)> = Vec::new();
        for (at, ch) in s.char_indices() {
            let folded = match ch {
                '‘' | '’' | '`' | '´' => '\'',
                '“' | '”' | '„' => '"',
                '–' | '—' | '‐' | '‑' => '-',
                c if c.is_whitespace() => ' ',
                c => c.to_lowercase().next().unwrap_or(c),
            };
            if folded == ' ' && out.last().is_some_and(|&(_, c)| c == ' ') {
                continue;
            }
            out.push((at, folded));
        }
        out
    };
    let hay = fold(text);
    let pin = fold(needle.trim());
    if pin.is_empty() || pin.len() > hay.len() {
        return None;
    }
    let at = hay.windows(pin.len()).position(|w| w.iter().zip(&pin).all(|(a, b)| a.1 == b.1))?;
    let last = hay[at + pin.len() - 1].0;
    let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
    Some(hay[at].0..end)
}

fn context(text: &str, at: usize, len: usize) -> String {
    let mut from = at.saturating_sub(30);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + len + 30).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    excerpt(&text[from..to], 140)
}

/// At most `max` characters on one line, for messages.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(exact: &str) -> Quote<'_> {
        Quote { exact, prefix: None, suffix: None, start: None, end: None }
    }

    const TEXT: &str = "Iran said “nine” died. Pakistan said two died. Iran said “nine” again. 🇵🇰 done.";

    #[test]
    fn a_unique_quote_resolves_to_code_point_and_byte_offsets() {
        let span = resolve(TEXT, &quote("Pakistan said two died")).unwrap();
        assert_eq!(&TEXT[span.bytes.clone()], "Pakistan said two died");
        let chars: String = TEXT.chars().skip(span.chars.start).take(span.chars.len()).collect();
        assert_eq!(chars, "Pakistan said two died");
    }

    #[test]
    fn offsets_count_code_points_not_bytes() {
        let after_flag = TEXT.rfind("done").unwrap();
        let start_chars = TEXT[..after_flag].chars().count();
        assert!(start_chars < after_flag, "the text has multi-byte characters before `done`");
        let q = Quote { start: Some(start_chars), end: Some(start_chars + 4), ..quote("done") };
        assert_eq!(resolve(TEXT, &q).unwrap().bytes, after_flag..after_flag + 4);
    }

    #[test]
    fn wrong_offsets_say_where_the_quote_really_is() {
        let q = Quote { start: Some(0), end: Some(4), ..quote("done") };
        let err = resolve(TEXT, &q).unwrap_err();
        assert!(err.message.contains("hold \"Iran\""), "{err:?}");
        assert!(err.hint.contains("the quote is at"), "{err:?}");
        let q = Quote { start: Some(3), end: Some(9999), ..quote("done") };
        assert!(resolve(TEXT, &q).unwrap_err().message.contains("do not fit"));
    }

    #[test]
    fn an_ambiguous_quote_counts_its_places_and_prefix_or_suffix_disambiguates() {
        let err = resolve(TEXT, &quote("Iran said “nine”")).unwrap_err();
        assert!(err.message.contains("matches 2 places"), "{err:?}");
        let by_suffix = Quote { suffix: Some(" again"), ..quote("Iran said “nine”") };
        let span = resolve(TEXT, &by_suffix).unwrap();
        assert!(TEXT[span.bytes.end..].starts_with(" again"));
        let by_prefix = Quote { prefix: Some("died. "), ..quote("Iran said") };
        assert!(TEXT[..resolve(TEXT, &by_prefix).unwrap().bytes.start].ends_with("two died. "));
        let nowhere = Quote { prefix: Some("zzz"), ..quote("Iran said") };
        assert!(resolve(TEXT, &nowhere).unwrap_err().message.contains("none has the given prefix"));
    }

    #[test]
    fn a_missing_quote_reports_the_closest_text() {
        let straight = resolve(TEXT, &quote("iran said \"nine\"  died")).unwrap_err();
        assert!(straight.hint.contains("Iran said “nine” died"), "{straight:?}");
        let drifted = resolve(TEXT, &quote("Pakistan said three died")).unwrap_err();
        assert!(drifted.hint.contains("first 15 characters match"), "{drifted:?}");
        assert!(drifted.hint.contains("Pakistan said two died"), "{drifted:?}");
        let elsewhere = resolve(TEXT, &quote("completely unrelated words")).unwrap_err();
        assert!(elsewhere.hint.contains("right source"), "{elsewhere:?}");
    }

    #[test]
    fn the_char_index_agrees_with_counting_from_the_start() {
        let long: String = TEXT.repeat(40);
        let whole_blocks: String = "é".repeat(BLOCK);
        let split_tail = format!("{}🇵🇰", "a".repeat(BLOCK - 2));
        for text in [TEXT, &long, &whole_blocks, &split_tail, "plain ascii", ""] {
            let index = CharIndex::new(text);
            assert_eq!(index.total(), text.chars().count());
            for (chars, (at, _)) in text.char_indices().enumerate() {
                assert_eq!(index.chars_before(text, at), chars, "{at}");
                assert_eq!(index.byte_of(text, chars), at, "{chars}");
            }
            assert_eq!(index.chars_before(text, text.len()), index.total());
            assert_eq!(index.byte_of(text, index.total()), text.len());
        }
    }

    #[test]
    fn empty_and_half_given_offsets_are_refused() {
        assert!(resolve(TEXT, &quote("")).is_err());
        let half = Quote { start: Some(1), ..quote("ran") };
        assert!(resolve(TEXT, &half).unwrap_err().message.contains("only one"));
    }
}
