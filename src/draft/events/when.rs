//! When an event happened, from the time words of its own clause (`on Tuesday`, `last week`,
//! `in March 2024`, `March last year`, `overnight`), resolved against the article's publication
//! date, at the precision the words give: a day, a month, a year or an interval of days. Nothing
//! relative is resolved without a publication date; no time words give no date.

use crate::draft::dates::{Ymd, explicit};
use crate::draft::lexicon::{WEEKDAYS, month};
use crate::store::date::{MONTH_NAMES, days_in_month};

/// A date at the precision the article gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(Ymd),
    Span(Ymd, Ymd),
    Month(i32, u8),
    Year(i32),
}

impl When {
    /// The first and last day it may be.
    pub fn days(self) -> (Ymd, Ymd) {
        match self {
            When::Day(d) => (d, d),
            When::Span(a, b) => (a, b),
            When::Month(y, m) => (ymd(y, m, 1), ymd(y, m, days_in_month(y, m))),
            When::Year(y) => (ymd(y, 1, 1), ymd(y, 12, 31)),
        }
    }

    /// Whether the two may be the same day.
    pub fn overlaps(self, other: When) -> bool {
        let (a, b) = self.days();
        let (c, d) = other.days();
        a <= d && c <= b
    }

    /// Whether `self` says at least as much as `other` (a day over its month).
    pub fn narrower_than(self, other: When) -> bool {
        let (a, b) = self.days();
        let (c, d) = other.days();
        b.days() - a.days() < d.days() - c.days()
    }

    /// The interval covering both.
    pub fn hull(self, other: When) -> When {
        let (a, b) = self.days();
        let (c, d) = other.days();
        let (first, last) = (a.min(c), b.max(d));
        if first == last { When::Day(first) } else { When::Span(first, last) }
    }

    /// In words a reader checks against the article, short enough for a variant's column:
    /// "28 February 2025", "15–21 January 2024", "March 2024".
    pub fn describe(self) -> String {
        let month = |d: Ymd| MONTH_NAMES[usize::from(d.month) - 1];
        let day = |d: Ymd| format!("{} {} {}", d.day, month(d), d.year);
        match self {
            When::Day(d) => day(d),
            When::Span(a, b) if (a.year, a.month) == (b.year, b.month) => {
                format!("{}–{} {} {}", a.day, b.day, month(a), a.year)
            }
            When::Span(a, b) if a.year == b.year => format!("{} {} – {}", a.day, month(a), day(b)),
            When::Span(a, b) => format!("{} – {}", day(a), day(b)),
            When::Month(y, m) => format!("{} {y}", MONTH_NAMES[usize::from(m) - 1]),
            When::Year(y) => y.to_string(),
        }
    }
}

impl std::fmt::Display for When {
    /// The store's date syntax (docs/store-format.md, Dates).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::Day(d) => write!(f, "{d}"),
            When::Span(a, b) => write!(f, "{a}/{b}"),
            When::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            When::Year(y) => write!(f, "{y:04}"),
        }
    }
}

fn ymd(y: i32, m: u8, d: u8) -> Ymd {
    Ymd::new(y, m, d).unwrap_or(Ymd { year: y, month: m, day: d })
}

fn number_word(word: &str) -> Option<i64> {
    const WORDS: [&str; 12] =
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    if word == "a" {
        return Some(1);
    }
    WORDS.iter().position(|w| *w == word).map(|i| i as i64 + 1).or_else(|| word.parse().ok().filter(|n| *n < 400))
}

fn year_word(word: &str) -> Option<i32> {
    (word.len() == 4).then(|| word.parse().ok()).flatten().filter(|y| (1000..=9999).contains(y))
}

/// The month `m` of the publication's year, or of the year before when that month is still to
/// come (reporting looks back).
fn month_near(m: u8, published: Ymd) -> When {
    let year = if m > published.month { published.year - 1 } else { published.year };
    When::Month(year, m)
}

/// Whether `text` holds a word that can date something.
pub fn has_time_words(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
        WEEKDAYS.contains(&w)
            || month(w).is_some() && w.len() >= 3
            || year_word(w).is_some()
            || matches!(w, "yesterday" | "today" | "tonight" | "overnight" | "ago" | "week" | "month" | "year")
    })
}

/// Lowercase words of `text`, as the resolvers read them.
fn time_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The month word `i` names, when it names one: "May" and "March" (and two-letter words) only
/// after a word that dates ("in May", "since March"), as they are also a verb.
fn named_month<S: AsRef<str>>(words: &[S], i: usize) -> Option<u8> {
    let word = words[i].as_ref();
    let prev = if i > 0 { words[i - 1].as_ref() } else { "" };
    let ambiguous = matches!(word, "may" | "march") || word.len() < 3;
    let dated = matches!(prev, "in" | "of" | "since" | "until" | "by" | "early" | "late" | "mid" | "from");
    month(word).filter(|_| !ambiguous || dated)
}

/// For an article that gives no date of its own: the calendar dates its time words name — a day
/// or a month, with or without a year — a missing year read against `hint` (the middle of the
/// other articles' dates: a folder drafted together covers one story). Words that count from the
/// article's own date ("on Tuesday", "last week") give nothing.
pub fn resolve_calendar(text: &str, hint: Ymd) -> Option<When> {
    if let Some(day) = explicit(text, Some(hint)) {
        // Without a publication day to look back from, a day without a year is the one nearest
        // the other articles' dates, before or after them.
        let year_given = time_words(text).iter().any(|w| year_word(w) == Some(day.year));
        let next = Ymd::new(day.year + 1, day.month, day.day).filter(|_| !year_given);
        let nearer = next.filter(|n| n.days() - hint.days() < hint.days() - day.days());
        return Some(When::Day(nearer.unwrap_or(day)));
    }
    let words = time_words(text);
    (0..words.len()).find_map(|i| {
        let m = named_month(&words, i)?;
        Some(match words.get(i + 1).and_then(|w| year_word(w)) {
            Some(year) => When::Month(year, m),
            None => month_near(m, hint),
        })
    })
}

/// The date the time words `text` give, resolved against `published`.
pub fn resolve(text: &str, published: Option<Ymd>) -> Option<When> {
    let words = time_words(text);
    let at = |i: usize| words.get(i).map_or("", String::as_str);
    // An explicit day first: "on January 17", "22 January 2024".
    if let Some(day) = explicit(text, published) {
        return Some(When::Day(day));
    }
    for (i, word) in words.iter().enumerate() {
        let word = word.as_str();
        let prev = if i > 0 { at(i - 1) } else { "" };
        if let Some(weekday) = WEEKDAYS.iter().position(|d| *d == word) {
            let anchor = published?;
            let back = (anchor.weekday() + 7 - weekday) % 7;
            let back = if prev == "last" && back == 0 { 7 } else { back };
            return Some(When::Day(anchor.plus(-(back as i64))));
        }
        if let Some(m) = named_month(&words, i) {
            if let Some(year) = year_word(at(i + 1)) {
                return Some(When::Month(year, m));
            }
            let anchor = published?;
            if at(i + 1) == "last" && at(i + 2) == "year" {
                return Some(When::Month(anchor.year - 1, m));
            }
            if at(i + 1) == "this" && at(i + 2) == "year" {
                return Some(When::Month(anchor.year, m));
            }
            return Some(month_near(m, anchor));
        }
        match word {
            "yesterday" => return Some(When::Day(published?.plus(-1))),
            "today" | "tonight" => return Some(When::Day(published?)),
            "overnight" => {
                let anchor = published?;
                return Some(When::Span(anchor.plus(-1), anchor));
            }
            "ago" if i > 0 => {
                let anchor = published?;
                let n = number_word(at(i.saturating_sub(2))).unwrap_or(1);
                return match prev {
                    "day" | "days" => Some(When::Day(anchor.plus(-n))),
                    "week" | "weeks" => Some(When::Span(anchor.plus(-7 * n - 3), anchor.plus(-7 * n + 3))),
                    _ => None,
                };
            }
            "week" | "month" | "year" if matches!(prev, "last" | "this" | "previous") => {
                let anchor = published?;
                let earlier = prev != "this";
                return Some(match word {
                    "week" if earlier => {
                        let monday = anchor.plus(-(anchor.weekday() as i64) - 7);
                        When::Span(monday, monday.plus(6))
                    }
                    "week" => When::Span(anchor.plus(-(anchor.weekday() as i64)), anchor),
                    "month" if earlier => {
                        let (y, m) =
                            if anchor.month == 1 { (anchor.year - 1, 12) } else { (anchor.year, anchor.month - 1) };
                        When::Month(y, m)
                    }
                    "month" => When::Month(anchor.year, anchor.month),
                    _ if earlier => When::Year(anchor.year - 1),
                    _ => When::Year(anchor.year),
                });
            }
            _ => {}
        }
        if let Some(year) = year_word(word).filter(|_| matches!(prev, "in" | "since" | "during" | "of")) {
            return Some(When::Year(year));
        }
    }
    None
}

/// For an article with no date of its own: the weekday `text` names (`on Friday`, not `last
/// Friday` or `next Friday`) as the last such day before `anchor`, the first date the article
/// gives for what is still to come — news tells the days before its deadlines.
pub fn weekday_before(text: &str, anchor: Ymd) -> Option<When> {
    let words = time_words(text);
    let (i, weekday) =
        words.iter().enumerate().find_map(|(i, w)| WEEKDAYS.iter().position(|d| d == w).map(|d| (i, d)))?;
    if i > 0 && matches!(words[i - 1].as_str(), "last" | "next" | "this" | "coming" | "every") {
        return None;
    }
    let back = (anchor.weekday() + 7 - weekday) % 7;
    Some(When::Day(anchor.plus(-(if back == 0 { 7 } else { back } as i64))))
}

/// The date time words give for what is still to happen (`talks resume on Monday`, `will visit
/// next week`, `is due to be sentenced on March 3`), read forward from `published`: a weekday is
/// the next one after it, `next week` the week after its own, a day or month without a year the
/// next one on or after it. Words that count back (`last week`, `ago`, `yesterday`) give nothing.
pub fn resolve_ahead(text: &str, published: Option<Ymd>) -> Option<When> {
    let anchor = published?;
    let words = time_words(text);
    let at = |i: usize| words.get(i).map_or("", String::as_str);
    if words.iter().any(|w| matches!(w.as_str(), "last" | "ago" | "yesterday" | "previous" | "earlier")) {
        return None;
    }
    if let Some(day) = explicit(text, Some(anchor)) {
        // A day without a year is the next one: a year given stands as written.
        let year_given = words.iter().any(|w| year_word(w) == Some(day.year));
        let day = if day < anchor && !year_given { Ymd::new(day.year + 1, day.month, day.day)? } else { day };
        return Some(When::Day(day));
    }
    for (i, word) in words.iter().enumerate() {
        let word = word.as_str();
        let prev = if i > 0 { at(i - 1) } else { "" };
        if let Some(weekday) = WEEKDAYS.iter().position(|d| *d == word) {
            let ahead = (weekday + 7 - anchor.weekday()) % 7;
            let ahead = if ahead == 0 { 7 } else { ahead };
            let ahead = if prev == "next" && ahead < 7 && anchor.weekday() < weekday { ahead + 7 } else { ahead };
            return Some(When::Day(anchor.plus(ahead as i64)));
        }
        if let Some(m) = named_month(&words, i) {
            if let Some(year) = year_word(at(i + 1)) {
                return Some(When::Month(year, m));
            }
            let year = if m < anchor.month { anchor.year + 1 } else { anchor.year };
            return Some(When::Month(year, m));
        }
        match word {
            "tomorrow" => return Some(When::Day(anchor.plus(1))),
            "today" | "tonight" => return Some(When::Day(anchor)),
            "week" | "month" | "year" if matches!(prev, "next" | "this" | "coming") => {
                let later = prev != "this";
                return Some(match word {
                    "week" => {
                        let monday = anchor.plus(-(anchor.weekday() as i64) + if later { 7 } else { 0 });
                        When::Span(if later { monday } else { anchor }, monday.plus(6))
                    }
                    "month" if later => {
                        let (y, m) =
                            if anchor.month == 12 { (anchor.year + 1, 1) } else { (anchor.year, anchor.month + 1) };
                        When::Month(y, m)
                    }
                    "month" => When::Month(anchor.year, anchor.month),
                    _ if later => When::Year(anchor.year + 1),
                    _ => When::Year(anchor.year),
                });
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> Ymd {
        Ymd::new(y, m, d).unwrap()
    }

    #[test]
    fn time_words_resolve_at_their_own_precision() {
        let wednesday = Some(day(2025, 5, 14));
        assert_eq!(resolve("on Tuesday", wednesday), Some(When::Day(day(2025, 5, 13))));
        assert_eq!(resolve("in March 2024", wednesday), Some(When::Month(2024, 3)));
        assert_eq!(resolve("in March last year", wednesday), Some(When::Month(2024, 3)));
        assert_eq!(resolve("in March", wednesday), Some(When::Month(2025, 3)));
        assert_eq!(resolve("in August", wednesday), Some(When::Month(2024, 8)), "a month still to come is last year's");
        assert_eq!(resolve("last week", wednesday), Some(When::Span(day(2025, 5, 5), day(2025, 5, 11))));
        assert_eq!(resolve("last month", wednesday), Some(When::Month(2025, 4)));
        assert_eq!(resolve("overnight", wednesday), Some(When::Span(day(2025, 5, 13), day(2025, 5, 14))));
        assert_eq!(resolve("three days ago", wednesday), Some(When::Day(day(2025, 5, 11))));
        assert_eq!(resolve("in 2019", wednesday), Some(When::Year(2019)));
        assert_eq!(resolve("on January 16", wednesday), Some(When::Day(day(2025, 1, 16))));
        assert_eq!(resolve("early on Monday", Some(day(2025, 9, 9))), Some(When::Day(day(2025, 9, 8))));
    }

    #[test]
    fn no_time_words_or_no_anchor_give_no_date() {
        assert_eq!(resolve("at his home in Boulder", Some(day(2025, 5, 14))), None);
        assert_eq!(resolve("on Tuesday", None), None);
        assert_eq!(resolve("may", Some(day(2025, 5, 14))), None, "the modal is not the month");
    }

    #[test]
    fn an_undated_article_reads_calendar_dates_against_the_hint_and_nothing_relative() {
        let hint = day(2024, 1, 24);
        assert_eq!(resolve_calendar("On January 17,", hint), Some(When::Day(day(2024, 1, 17))));
        assert_eq!(resolve_calendar("on December 30", hint), Some(When::Day(day(2023, 12, 30))));
        assert_eq!(resolve_calendar("on May 3", hint), Some(When::Day(day(2024, 5, 3))), "nearer ahead than back");
        assert_eq!(resolve_calendar("on May 3, 2023", hint), Some(When::Day(day(2023, 5, 3))), "a year given stands");
        assert_eq!(resolve_calendar("in March 2022", hint), Some(When::Month(2022, 3)));
        assert_eq!(resolve_calendar("in November", hint), Some(When::Month(2023, 11)));
        assert_eq!(resolve_calendar("on Tuesday", hint), None, "a weekday counts from the article's own date");
        assert_eq!(resolve_calendar("last week", hint), None);
        assert_eq!(resolve_calendar("officials may meet", hint), None);
    }

    #[test]
    fn what_is_scheduled_reads_its_time_words_forward() {
        let monday = Some(day(2024, 1, 22));
        assert_eq!(resolve_ahead("on Monday", monday), Some(When::Day(day(2024, 1, 29))), "said on a Monday");
        assert_eq!(resolve_ahead("on Friday", monday), Some(When::Day(day(2024, 1, 26))));
        assert_eq!(resolve_ahead("next week", monday), Some(When::Span(day(2024, 1, 29), day(2024, 2, 4))));
        assert_eq!(resolve_ahead("tomorrow", monday), Some(When::Day(day(2024, 1, 23))));
        assert_eq!(resolve_ahead("on March 3", monday), Some(When::Day(day(2024, 3, 3))));
        assert_eq!(resolve_ahead("on January 3", monday), Some(When::Day(day(2025, 1, 3))), "the next one");
        assert_eq!(resolve_ahead("on January 29, 2024", monday), Some(When::Day(day(2024, 1, 29))));
        assert_eq!(resolve_ahead("in March", monday), Some(When::Month(2024, 3)));
        assert_eq!(resolve_ahead("next month", monday), Some(When::Month(2024, 2)));
        assert_eq!(resolve_ahead("last week", monday), None, "counting back is no schedule");
        assert_eq!(resolve_ahead("on Friday", None), None, "nothing to count from");
        assert_eq!(resolve_ahead("at the summit", monday), None);
    }

    #[test]
    fn an_undated_article_reads_a_weekday_before_its_first_deadline() {
        let deadline = day(2024, 1, 26);
        assert_eq!(weekday_before("on Friday", deadline), Some(When::Day(day(2024, 1, 19))), "26 January is a Friday");
        assert_eq!(weekday_before("said on Monday", deadline), Some(When::Day(day(2024, 1, 22))));
        assert_eq!(weekday_before("last Friday", deadline), None);
        assert_eq!(weekday_before("last week", deadline), None);
    }

    #[test]
    fn the_store_syntax_and_interval_tests() {
        assert_eq!(When::Month(2024, 3).to_string(), "2024-03");
        assert_eq!(When::Span(day(2025, 2, 27), day(2025, 2, 28)).to_string(), "2025-02-27/2025-02-28");
        assert!(When::Day(day(2024, 3, 5)).overlaps(When::Month(2024, 3)));
        assert!(!When::Day(day(2025, 2, 27)).overlaps(When::Day(day(2025, 2, 28))));
        assert!(When::Day(day(2024, 3, 5)).narrower_than(When::Month(2024, 3)));
        assert_eq!(When::Day(day(2025, 2, 28)).describe(), "28 February 2025");
        assert_eq!(When::Span(day(2024, 1, 15), day(2024, 1, 21)).describe(), "15–21 January 2024");
        assert_eq!(When::Span(day(2024, 1, 29), day(2024, 2, 4)).describe(), "29 January – 4 February 2024");
    }
}
