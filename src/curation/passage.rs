//! A passage a person picked in an article, written as the format cites it: the quote, a little
//! context either side (so the quote is found again if the article is edited), and its offsets.

use crate::store::format::{Extra, PassageRecord};

/// Code points of context kept either side of a quote: enough to find it again in an edited
/// article, short enough to stay one line in a `git diff`.
pub(crate) const CONTEXT_CHARS: usize = 32;

/// A span of one source to cite, as selected: code-point offsets into the source's text, end
/// exclusive (the format's `start`/`end`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NewPassage {
    pub source: String,
    pub start: usize,
    pub end: usize,
}

/// The text of a new passage, cut from its source's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PassageText {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// The quote at `start..end` (code points) of `text`, with up to `CONTEXT_CHARS` code points of
/// context before and after it; an error naming the problem when the span is empty, blank or
/// past the end of the text.
pub(crate) fn cut(text: &str, start: usize, end: usize) -> Result<PassageText, String> {
    if start >= end {
        return Err(format!("the passage {start}..{end} is empty: select some text"));
    }
    let byte_of = |chars: usize| {
        text.char_indices().nth(chars).map(|(b, _)| b).or((chars == text.chars().count()).then_some(text.len()))
    };
    let (Some(from), Some(to)) = (byte_of(start), byte_of(end)) else {
        return Err(format!(
            "the passage {start}..{end} runs past the end of its article ({} characters)",
            text.chars().count()
        ));
    };
    let exact = &text[from..to];
    if exact.trim().is_empty() {
        return Err("the passage holds only blanks: select some words".to_string());
    }
    let before = &text[..from];
    let prefix_from = before.char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(b, _)| b);
    let after = &text[to..];
    let suffix_to = after.char_indices().nth(CONTEXT_CHARS).map_or(after.len(), |(b, _)| b);
    Ok(PassageText {
        exact: exact.to_string(),
        prefix: before[prefix_from..].to_string(),
        suffix: after[..suffix_to].to_string(),
    })
}

impl NewPassage {
    /// The passage as a store record (`source`, `exact`, `prefix`, `suffix`, `start`, `end`),
    /// cut from `text`, its source's text. Empty context (a quote at the start or the end of
    /// the article) is left out.
    pub(crate) fn to_record(&self, text: &str) -> Result<PassageRecord<'static>, String> {
        let cut = cut(text, self.start, self.end)?;
        let context = |text: String| (!text.is_empty()).then(|| Some(text.into()));
        Ok(PassageRecord {
            source: self.source.clone().into(),
            exact: cut.exact.into(),
            prefix: context(cut.prefix),
            suffix: context(cut.suffix),
            start: Some(self.start),
            end: Some(self.end),
            extra: Extra::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quote_and_its_context_are_cut_at_code_points() {
        let text = format!("{}Zoë said «ça va» to 東京 today{}", "a".repeat(40), "b".repeat(40));
        let start = 40 + "Zoë said ".chars().count();
        let end = start + "«ça va»".chars().count();
        let cut = cut(&text, start, end).unwrap();
        assert_eq!(cut.exact, "«ça va»");
        assert_eq!(cut.prefix.chars().count(), CONTEXT_CHARS);
        assert!(cut.prefix.ends_with("Zoë said "));
        assert_eq!(cut.suffix.chars().count(), CONTEXT_CHARS);
        assert!(cut.suffix.starts_with(" to 東京 today"));
    }

    #[test]
    fn context_stops_at_the_ends_of_the_article() {
        let cut = cut("Iran said so.", 0, 4).unwrap();
        assert_eq!((cut.exact.as_str(), cut.prefix.as_str(), cut.suffix.as_str()), ("Iran", "", " said so."));
        let record = NewPassage { source: "a".into(), start: 0, end: 4 }.to_record("Iran said so.").unwrap();
        assert_eq!(
            serde_json::to_string(&record).unwrap(),
            r#"{"source":"a","exact":"Iran","suffix":" said so.","start":0,"end":4}"#,
            "no empty prefix"
        );
        let whole = super::cut("Iran", 0, 4).unwrap();
        assert_eq!((whole.prefix.as_str(), whole.suffix.as_str()), ("", ""));
    }

    #[test]
    fn empty_blank_and_out_of_range_spans_are_refused() {
        assert!(cut("Iran said", 3, 3).unwrap_err().contains("empty"));
        assert!(cut("Iran said", 4, 5).unwrap_err().contains("blanks"));
        assert!(cut("Iran said", 5, 10).unwrap_err().contains("past the end"));
        assert_eq!(cut("Iran said", 5, 9).unwrap().exact, "said");
    }
}
