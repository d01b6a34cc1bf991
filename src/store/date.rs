//! Dates at the precision the sources give (`2024`, `2024-01`, `2024-01-16`) and EDTF level-0
//! intervals (`2024-01-16/2024-01-17`).

use std::cmp::Ordering;
use std::fmt;

/// One calendar day; ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// Days since 1970-01-01 (negative before it).
    pub fn ordinal(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The day `ordinal` days after 1970-01-01.
    pub fn from_ordinal(ordinal: i64) -> Day {
        let (year, month, day) = civil_from_days(ordinal);
        Day { year, month, day }
    }
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar, after Howard Hinnant's
/// `days_from_civil`: years are counted from March, so the leap day ends a year.
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of `days_from_civil`: (year, month, day).
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How much of a single date the source gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// One end of a date as written: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    pub fn first_day(self) -> Day {
        Day { year: self.year, month: self.month.unwrap_or(1), day: self.day.unwrap_or(1) }
    }

    pub fn last_day(self) -> Day {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        Day { year: self.year, month, day }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A date as the store writes it: one partial date, or an interval between two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateSpec {
    pub from: PartialDate,
    /// Present only for intervals.
    pub to: Option<PartialDate>,
}

impl DateSpec {
    pub fn parse(text: &str) -> Result<DateSpec, String> {
        match text.split_once('/') {
            Some((a, b)) => {
                let from = parse_partial(a)?;
                let to = parse_partial(b)?;
                if to.last_day() < from.first_day() {
                    return Err(format!("interval ends ({b}) before it starts ({a})"));
                }
                Ok(DateSpec { from, to: Some(to) })
            }
            None => Ok(DateSpec { from: parse_partial(text)?, to: None }),
        }
    }

    pub fn earliest(&self) -> Day {
        self.from.first_day()
    }

    pub fn latest(&self) -> Day {
        self.to.unwrap_or(self.from).last_day()
    }

    /// Number of days the date could fall on: 1 for an exact day, larger the vaguer it is.
    pub fn span_days(&self) -> i64 {
        self.latest().ordinal() - self.earliest().ordinal() + 1
    }

    /// Timeline order: earliest possible day, then exact before vague.
    pub fn timeline_cmp(&self, other: &DateSpec) -> Ordering {
        self.earliest().cmp(&other.earliest()).then_with(|| self.span_days().cmp(&other.span_days()))
    }

    /// Compact human form for narrow columns: `16 Jan`, `16–17 Jan`, `Jan 2024`, `2024`.
    /// The year is left out when it equals `context_year`, so a one-year timeline stays terse.
    pub fn short_label(&self, context_year: Option<i32>) -> String {
        let with_year = |label: String, year: i32| {
            if Some(year) == context_year { label } else { format!("{label} {year}") }
        };
        let one = |p: PartialDate| match (p.month, p.day) {
            (Some(m), Some(d)) => with_year(format!("{d} {}", month_abbr(m)), p.year),
            (Some(m), None) => format!("{} {}", month_abbr(m), p.year),
            _ => p.year.to_string(),
        };
        let Some(to) = self.to else { return one(self.from) };
        let from = self.from;
        match (from.month, from.day, to.month, to.day) {
            (Some(m1), Some(d1), Some(m2), Some(d2)) if from.year == to.year && m1 == m2 => {
                with_year(format!("{d1}–{d2} {}", month_abbr(m1)), from.year)
            }
            (Some(m1), Some(d1), Some(m2), Some(d2)) if from.year == to.year => {
                with_year(format!("{d1} {}–{d2} {}", month_abbr(m1), month_abbr(m2)), from.year)
            }
            _ => format!("{}–{}", one(from), one(to)),
        }
    }
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.from)?;
        if let Some(to) = self.to {
            write!(f, "/{to}")?;
        }
        Ok(())
    }
}

fn parse_partial(text: &str) -> Result<PartialDate, String> {
    let bad = || format!("`{text}` is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or an interval A/B");
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| -> Result<u32, String> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) { s.parse().map_err(|_| bad()) } else { Err(bad()) }
    };
    let (year, month, day) = match parts.as_slice() {
        [y] => (number(y, 4)?, None, None),
        [y, m] => (number(y, 4)?, Some(number(m, 2)?), None),
        [y, m, d] => (number(y, 4)?, Some(number(m, 2)?), Some(number(d, 2)?)),
        _ => return Err(bad()),
    };
    let year = year as i32;
    let month = match month {
        Some(m @ 1..=12) => Some(m as u8),
        Some(m) => return Err(format!("`{text}`: month {m} is not 01–12")),
        None => None,
    };
    let day = match (month, day) {
        (Some(m), Some(d)) if d >= 1 && d <= u32::from(days_in_month(year, m)) => Some(d as u8),
        (Some(m), Some(d)) => {
            return Err(format!("`{text}`: day {d} does not exist in {year:04}-{m:02}"));
        }
        _ => None,
    };
    Ok(PartialDate { year, month, day })
}

/// The length of a month, February by the Gregorian leap rule.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The English month names, January first: what dates are shown with and read from.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A month's three-letter abbreviation (`Sep`), as dates are shown.
fn month_abbr(month: u8) -> &'static str {
    &MONTH_NAMES[usize::from(month.clamp(1, 12)) - 1][..3]
}

/// The month (1–12) a name or abbreviation means, in any case, a trailing full stop allowed:
/// `January`, `jan`, `Jan.`, `Sept`.
pub fn month_from_name(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.');
    MONTH_NAMES
        .iter()
        .position(|name| {
            name.eq_ignore_ascii_case(word)
                || (word.len() == 3 && name[..3].eq_ignore_ascii_case(word))
                || (name.starts_with("Sep") && word.eq_ignore_ascii_case("sept"))
        })
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_intervals() {
        assert_eq!(DateSpec::parse("2024").unwrap().span_days(), 366);
        assert_eq!(DateSpec::parse("2024-02").unwrap().span_days(), 29);
        assert_eq!(DateSpec::parse("2024-01-16").unwrap().span_days(), 1);
        let interval = DateSpec::parse("2024-01-16/2024-01-17").unwrap();
        assert_eq!(interval.span_days(), 2);
        assert_eq!(interval.to_string(), "2024-01-16/2024-01-17");
    }

    #[test]
    fn rejects_impossible_dates_with_a_reason() {
        for bad in ["", "24", "2024-13", "2023-02-29", "2024-1-5", "2024-01-17/2024-01-16", "x/2024", "2024-01-01-01"] {
            assert!(DateSpec::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(DateSpec::parse("2023-02-29").unwrap_err().contains("does not exist"));
    }

    #[test]
    fn orders_by_earliest_day_then_exact_before_vague() {
        let mut dates: Vec<DateSpec> = ["2024-01-17", "2024-01", "2024-01-16/2024-01-17", "2024-01-16", "2023"]
            .iter()
            .map(|s| DateSpec::parse(s).unwrap())
            .collect();
        dates.sort_by(DateSpec::timeline_cmp);
        let order: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(order, ["2023", "2024-01", "2024-01-16", "2024-01-16/2024-01-17", "2024-01-17"]);
    }

    #[test]
    fn short_labels_show_precision_and_intervals() {
        let label = |s: &str| DateSpec::parse(s).unwrap().short_label(Some(2024));
        assert_eq!(label("2024-01-16"), "16 Jan");
        assert_eq!(label("2024-01-16/2024-01-17"), "16–17 Jan");
        assert_eq!(label("2024-01-31/2024-02-01"), "31 Jan–1 Feb");
        assert_eq!(label("2024-01"), "Jan 2024");
        assert_eq!(label("2023-10-07"), "7 Oct 2023");
        assert_eq!(label("2024"), "2024");
    }

    #[test]
    fn ordinal_counts_days_across_months_and_leap_years() {
        let d = |y, m, d| Day { year: y, month: m, day: d }.ordinal();
        assert_eq!(d(2024, 3, 1) - d(2024, 2, 28), 2);
        assert_eq!(d(2025, 1, 1) - d(2024, 1, 1), 366);
        assert_eq!(d(1970, 1, 1), 0);
        assert_eq!(d(2024, 1, 16), 19_738);
        assert_eq!(d(1969, 12, 31), -1);
    }

    #[test]
    fn civil_days_round_trip_day_by_day_across_centuries() {
        let mut expected = (1600, 1, 1);
        for days in days_from_civil(1600, 1, 1)..=days_from_civil(2400, 12, 31) {
            assert_eq!(civil_from_days(days), expected, "day {days}");
            assert_eq!(days_from_civil(expected.0, expected.1, expected.2), days);
            let (y, m, d) = expected;
            expected = if d < days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
        assert_eq!(Day::from_ordinal(19_738), Day { year: 2024, month: 1, day: 16 });
        for days in (-800_000..800_000i64).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn months_are_read_in_full_and_abbreviated_and_shown_abbreviated() {
        for (i, name) in MONTH_NAMES.iter().enumerate() {
            let month = Some(i as u8 + 1);
            assert_eq!(month_from_name(name), month);
            assert_eq!(month_from_name(&name.to_uppercase()), month);
            assert_eq!(month_from_name(&format!("{}.", &name[..3].to_lowercase())), month);
            assert_eq!(month_from_name(month_abbr(i as u8 + 1)), month);
        }
        assert_eq!(month_from_name("Sept."), Some(9));
        assert_eq!(month_abbr(9), "Sep");
        for word in ["", "Ja", "Janu", "Septe", "Mayo", "Marc", "smarch"] {
            assert_eq!(month_from_name(word), None, "{word:?}");
        }
    }

    #[test]
    fn month_lengths_follow_the_leap_rule() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2024, 4), 30);
        assert_eq!(days_in_month(2024, 12), 31);
    }
}
