//! Calendar dates written in article text — explicit (`January 26, 2024`, `26 January`,
//! `2024-01-22`) or relative (`on Monday`, `yesterday`, `last week`) — resolved against the
//! article's publication date. A weekday is taken as the latest such day on or before publication
//! (reporting looks back); without a publication date nothing relative is resolved.

use super::lexicon::{WEEKDAYS, month};
use crate::store::date::{civil_from_days, days_from_civil, days_in_month};

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Ymd {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Ymd> {
        let valid = (1..=12).contains(&month) && day >= 1 && (1000..=9999).contains(&year);
        (valid && day <= days_in_month(year, month)).then_some(Ymd { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    pub fn from_days(days: i64) -> Ymd {
        let (year, month, day) = civil_from_days(days);
        Ymd { year, month, day }
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> usize {
        (self.days() + 3).rem_euclid(7) as usize
    }

    pub fn plus(self, days: i64) -> Ymd {
        Ymd::from_days(self.days() + days)
    }
}

impl std::fmt::Display for Ymd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date as the store writes it: a day, or an interval of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Day(Ymd),
    Span(Ymd, Ymd),
}

impl std::fmt::Display for Resolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Resolved::Day(day) => write!(f, "{day}"),
            Resolved::Span(first, last) => write!(f, "{first}/{last}"),
        }
    }
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == ':')).filter(|w| !w.is_empty()).collect()
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4).then(|| word.parse::<i32>().ok()).flatten().filter(|y| (1900..=2100).contains(y))
}

fn day_of(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &word[digits.len()..];
    let ok_suffix = suffix.is_empty() || ["st", "nd", "rd", "th"].contains(&suffix.to_ascii_lowercase().as_str());
    (ok_suffix && !digits.is_empty() && digits.len() <= 2)
        .then(|| digits.parse::<u8>().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// An explicit calendar date in `text`: `2024-01-22`, `Jan 22, 2024`, `22 January 2024`, and
/// `January 22` / `22 January` with the year taken from `anchor` (the latest such day not after
/// it). Returns the first found.
pub fn explicit(text: &str, anchor: Option<Ymd>) -> Option<Ymd> {
    let words = words(text);
    for (i, word) in words.iter().enumerate() {
        if let Some(day) = iso(word) {
            return Some(day);
        }
        let Some(m) = month(word) else { continue };
        if word.len() < 3 {
            continue;
        }
        // Month first: "Jan 22, 2024", "January 22"
        if let Some(d) = words.get(i + 1).and_then(|w| day_of(w)) {
            let year = words.get(i + 2).and_then(|w| year_of(w));
            if let Some(found) = with_year(year, m, d, anchor) {
                return Some(found);
            }
        }
        // Day first: "22 January 2024"
        if i > 0
            && let Some(d) = day_of(words[i - 1])
        {
            let year = words.get(i + 1).and_then(|w| year_of(w));
            if let Some(found) = with_year(year, m, d, anchor) {
                return Some(found);
            }
        }
    }
    None
}

fn with_year(year: Option<i32>, month: u8, day: u8, anchor: Option<Ymd>) -> Option<Ymd> {
    match (year, anchor) {
        (Some(year), _) => Ymd::new(year, month, day),
        (None, Some(anchor)) => {
            let same = Ymd::new(anchor.year, month, day)?;
            // Reporting looks back: a day later in the year than publication is last year's,
            // unless it is within the coming fortnight (an announced date).
            if same > anchor.plus(14) { Ymd::new(anchor.year - 1, month, day) } else { Some(same) }
        }
        (None, None) => None,
    }
}

fn iso(word: &str) -> Option<Ymd> {
    let mut parts = word.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() < 2 {
        return None;
    }
    Ymd::new(y.parse().ok()?, m.parse().ok()?, d[..2].parse().ok()?)
}

/// The date a stretch of attribution text (`said on Monday`, `told reporters yesterday`) gives for
/// the speech act, resolved against `published`.
pub fn resolve(text: &str, published: Option<Ymd>) -> Option<Resolved> {
    let lower = text.to_lowercase();
    let words = words(&lower);
    let anchor = published;
    for (i, word) in words.iter().enumerate() {
        if let Some(weekday) = WEEKDAYS.iter().position(|d| d == word) {
            let anchor = anchor?;
            let back = (anchor.weekday() + 7 - weekday) % 7;
            let last = i > 0 && words[i - 1] == "last";
            let back = if last && back == 0 { 7 } else { back };
            return Some(Resolved::Day(anchor.plus(-(back as i64))));
        }
        match *word {
            "yesterday" => return Some(Resolved::Day(anchor?.plus(-1))),
            "today" | "tonight" => return Some(Resolved::Day(anchor?)),
            "week" if i > 0 && words[i - 1] == "last" => {
                let anchor = anchor?;
                let monday = anchor.plus(-(anchor.weekday() as i64) - 7);
                return Some(Resolved::Span(monday, monday.plus(6)));
            }
            _ => {}
        }
    }
    explicit(text, anchor).map(Resolved::Day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> Ymd {
        Ymd::new(y, m, d).unwrap()
    }

    #[test]
    fn weekdays_count_from_monday() {
        assert_eq!(day(2024, 1, 22).weekday(), 0, "22 January 2024 was a Monday");
        assert_eq!(day(2024, 1, 28).weekday(), 6, "28 January 2024 was a Sunday");
        assert_eq!(day(2024, 3, 1).plus(-1), day(2024, 2, 29));
    }

    #[test]
    fn weekdays_look_back_from_publication() {
        let monday = Some(day(2024, 1, 22));
        assert_eq!(resolve("said on Monday", monday), Some(Resolved::Day(day(2024, 1, 22))));
        assert_eq!(resolve("on Friday", monday), Some(Resolved::Day(day(2024, 1, 19))));
        assert_eq!(resolve("yesterday", monday), Some(Resolved::Day(day(2024, 1, 21))));
        assert_eq!(resolve("last week", monday), Some(Resolved::Span(day(2024, 1, 15), day(2024, 1, 21))));
        assert_eq!(resolve("on Friday", None), None, "never a weekday without an anchor");
    }

    #[test]
    fn explicit_dates_in_every_order() {
        assert_eq!(explicit("Published On: Jan 22, 2024", None), Some(day(2024, 1, 22)));
        assert_eq!(explicit("Published: 14 March 2025 09:12", None), Some(day(2025, 3, 14)));
        assert_eq!(explicit("2024-01-22 13:56:04", None), Some(day(2024, 1, 22)));
        assert_eq!(explicit("on January 16", Some(day(2024, 1, 29))), Some(day(2024, 1, 16)));
        assert_eq!(explicit("on December 30", Some(day(2024, 1, 2))), Some(day(2023, 12, 30)));
        assert_eq!(explicit("on January 16", None), None);
        assert_eq!(explicit("May we go", None), None);
    }
}
