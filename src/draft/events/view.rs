//! What the event reader sees of one article: its text, dates, parse, quotations and the names
//! recognised in it.

use super::when::{self, When};
use crate::draft::dates::Ymd;
use crate::draft::entities::Mention;
use crate::draft::quotes::Quote;
use crate::grammar::Sentence;

/// What extraction reads of one article.
pub struct ArticleView<'a> {
    pub text: &'a str,
    pub index: usize,
    pub published: Option<Ymd>,
    /// For an article with no date of its own, what a day or month named without a year is read
    /// against: the middle of the other articles' dates ([`when::resolve_calendar`]).
    pub year_hint: Option<Ymd>,
    /// For an article with no date of its own: the first date it gives for what is still to
    /// come (`by January 26`, `will visit on 29 January`); a weekday it names is the last such
    /// day before it ([`when::weekday_before`]). Set by extraction.
    pub weekday_anchor: Option<Ymd>,
    pub sentences: &'a [Sentence],
    pub quotes: &'a [Quote],
    pub mentions: &'a [Mention],
}

impl ArticleView<'_> {
    /// The date time words give in this article.
    pub(super) fn resolve(&self, time_words: &str) -> Option<When> {
        match (self.published, self.year_hint) {
            (None, Some(hint)) => when::resolve_calendar(time_words, hint)
                .or_else(|| self.weekday_anchor.and_then(|anchor| when::weekday_before(time_words, anchor))),
            (published, _) => when::resolve(time_words, published),
        }
    }

    /// The date time words give to what this article says is still to happen.
    pub(super) fn resolve_ahead(&self, time_words: &str) -> Option<When> {
        match (self.published, self.year_hint) {
            (None, Some(hint)) => when::resolve_calendar(time_words, hint),
            (published, _) => when::resolve_ahead(time_words, published),
        }
    }
}
