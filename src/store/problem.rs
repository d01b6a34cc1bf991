//! What is wrong with a store, where, and what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a store file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (unreadable, not UTF-8, too large…).
    Whole,
    /// A JSON syntax error, 1-based as serde_json reports it.
    LineColumn { line: usize, column: usize },
    /// A schema or reference problem, e.g. `events[3].actors[0]`.
    Path(String),
    /// A line of a text input such as a CSV file (1-based; where the record starts).
    Line(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub location: Location,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn at_path(file: &Path, path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { file: file.to_path_buf(), location: Location::Path(path.into()), message: message.into(), hint: None }
    }

    pub fn in_file(file: &Path, message: impl Into<String>) -> Problem {
        Problem { file: file.to_path_buf(), location: Location::Whole, message: message.into(), hint: None }
    }

    pub fn at_line(file: &Path, line: usize, message: impl Into<String>) -> Problem {
        Problem { file: file.to_path_buf(), location: Location::Line(line), message: message.into(), hint: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        match &self.location {
            Location::Whole => {}
            Location::LineColumn { line, column } => write!(f, ":{line}:{column}")?,
            Location::Path(path) => write!(f, ": {path}")?,
            Location::Line(line) => write!(f, ":{line}")?,
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// How many problems a load lists in full unless told otherwise: every problem of a store broken
/// by hand, while a generated or hostile file of millions of broken records costs memory for
/// these and a count per kind of the rest.
pub const MAX_PROBLEMS: usize = 1_000;

/// Every problem found in one store; loading reports them all at once, the first ones in full
/// and the rest, past the limit, counted by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub problems: Vec<Problem>,
    pub omitted: Omitted,
}

impl LoadError {
    pub fn new(problems: Vec<Problem>) -> LoadError {
        LoadError { problems, omitted: Omitted::default() }
    }

    /// Problems listed and omitted.
    pub fn total(&self) -> u64 {
        self.problems.len() as u64 + self.omitted.total()
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.total();
        let file = self.problems.first().map(|p| p.file.display().to_string()).unwrap_or_default();
        writeln!(f, "{file}: {} problem{} found", thousands(count), if count == 1 { "" } else { "s" })?;
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        if self.omitted.total() > 0 {
            writeln!(f, "{}", self.omitted)?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// The problems past the limit: a count per kind, so their memory grows with the kinds of problem
/// (at most `MAX_KINDS`), never with the number found.
#[derive(Debug, Clone, Default)]
pub struct Omitted {
    /// Kinds in the order first seen, each with its count.
    kinds: Vec<(String, u64)>,
    /// Problems of kinds beyond the first `MAX_KINDS`.
    other: u64,
    /// The last message counted and where it went (`None`: other), as a broken store repeats
    /// one mistake record after record: most problems are counted without working out a kind.
    last: Option<(String, Option<usize>)>,
    /// A message formatted to be counted, in a buffer used again and again.
    scratch: String,
}

/// The counts alone: how they were reached does not matter.
impl PartialEq for Omitted {
    fn eq(&self, other: &Omitted) -> bool {
        self.kinds == other.kinds && self.other == other.other
    }
}

impl Eq for Omitted {}

impl Omitted {
    const MAX_KINDS: usize = 32;
    /// Longer kinds are cut: a kind holds the shape of a message, never a long value.
    const MAX_KIND_BYTES: usize = 200;

    /// Counts one more problem with this message, formatting it only as far as it takes to tell
    /// it from the last one counted: a store broken a million times over repeats one message,
    /// and counting it then costs neither a copy nor an allocation.
    pub fn count_display(&mut self, message: impl fmt::Display) {
        if let Some((last, slot)) = &self.last {
            let mut same = SameAs { expected: last.as_bytes() };
            if fmt::write(&mut same, format_args!("{message}")).is_ok() && same.expected.is_empty() {
                match *slot {
                    Some(at) => self.kinds[at].1 += 1,
                    None => self.other += 1,
                }
                return;
            }
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let _ = fmt::write(&mut scratch, format_args!("{message}"));
        self.count(&scratch);
        self.scratch = scratch;
    }

    /// Counts one more problem with this message.
    pub fn count(&mut self, message: &str) {
        let slot = match &self.last {
            Some((last, slot)) if last == message => *slot,
            _ => {
                let kind = kind_of(message);
                let slot = match self.kinds.iter().position(|(k, _)| *k == kind) {
                    Some(at) => Some(at),
                    None if self.kinds.len() < Self::MAX_KINDS => {
                        self.kinds.push((kind, 0));
                        Some(self.kinds.len() - 1)
                    }
                    None => None,
                };
                self.last = Some((message.to_string(), slot));
                slot
            }
        };
        match slot {
            Some(at) => self.kinds[at].1 += 1,
            None => self.other += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.kinds.iter().map(|(_, n)| n).sum::<u64>() + self.other
    }

    /// The kinds, most frequent first, with their counts.
    pub fn kinds(&self) -> Vec<(&str, u64)> {
        let mut kinds: Vec<(&str, u64)> = self.kinds.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        kinds.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
        if self.other > 0 {
            kinds.push(("other problems", self.other));
        }
        kinds
    }
}

/// Compares what is written with a message, giving up at the first difference; what is left of
/// `expected` afterwards is what was not written.
struct SameAs<'e> {
    expected: &'e [u8],
}

impl fmt::Write for SameAs<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match self.expected.strip_prefix(s.as_bytes()) {
            Some(rest) => {
                self.expected = rest;
                Ok(())
            }
            None => Err(fmt::Error),
        }
    }
}

/// `… and 998,412 more: 998,400 × missing required field `id`, 12 × unknown entity `…``
impl fmt::Display for Omitted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\u{2026} and {} more: ", thousands(self.total()))?;
        for (i, (kind, n)) in self.kinds().into_iter().enumerate() {
            let separator = if i == 0 { "" } else { ", " };
            write!(f, "{separator}{} \u{d7} {kind}", thousands(n))?;
        }
        Ok(())
    }
}

/// The shape of a problem message, the same for every problem of one kind: what comes from the
/// store (ids, quoted text, numbers) is masked, the format's own field names are kept.
pub fn kind_of(message: &str) -> String {
    let mut kind = String::with_capacity(message.len().min(Omitted::MAX_KIND_BYTES));
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        if kind.len() >= Omitted::MAX_KIND_BYTES {
            kind.push('\u{2026}');
            break;
        }
        let quoted = match c {
            '`' | '"' => rest[1..].find(c).map(|end| &rest[1..1 + end]),
            _ => None,
        };
        if let Some(inside) = quoted {
            let keep = c == '`' && is_format_word(inside);
            kind.push(c);
            kind.push_str(if keep { inside } else { "\u{2026}" });
            kind.push(c);
            rest = &rest[inside.len() + 2..];
        } else if c.is_ascii_digit() || (c == '-' && rest[1..].starts_with(|d: char| d.is_ascii_digit())) {
            // A number, signed or not, with its fraction and exponent (or a date) is one value.
            kind.push('#');
            rest =
                rest[1..].trim_start_matches(|d: char| d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '-' | '+'));
        } else {
            kind.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    kind
}

/// A field name or fixed value of the format, as messages quote them.
fn is_format_word(word: &str) -> bool {
    const WORDS: [&str; 14] = [
        "format",
        "version",
        "sources",
        "entities",
        "events",
        "claims",
        "discrepancies",
        "status",
        "confidence",
        "draft",
        "reviewed",
        "other",
        "start",
        "end",
    ];
    super::format::key::RECORD_KEYS.contains(&word) || WORDS.contains(&word)
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Bytes that are not UTF-8, then a syntax error anywhere, outrank every other problem: the file
/// is not JSON. The parser validates every string it reads and anything outside strings must be
/// ASCII syntax, so text that is not UTF-8 always fails the parse: only then is the whole file
/// checked, to report the first bad byte.
pub(crate) fn parse_problem(file: &Path, json: &[u8], error: &serde_json::Error) -> Problem {
    match std::str::from_utf8(json) {
        Err(bad) => not_text_problem(file, json, bad.valid_up_to()),
        Ok(_) => syntax_problem(file, error),
    }
}

fn not_text_problem(file: &Path, json: &[u8], valid_up_to: usize) -> Problem {
    let before = &json[..valid_up_to];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |at| at + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    Problem {
        file: file.to_path_buf(),
        location: Location::LineColumn { line, column },
        message: format!("not UTF-8 text: invalid byte 0x{:02x}", json[valid_up_to]),
        hint: Some("a store is a UTF-8 JSON file: is this the right file, and saved as UTF-8?".into()),
    }
}

fn syntax_problem(file: &Path, error: &serde_json::Error) -> Problem {
    use serde_json::error::Category;
    let text = error.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text).to_string();
    let hint = match error.classify() {
        Category::Eof if error.line() <= 1 && error.column() == 0 => "the file is empty: a store is a JSON object",
        Category::Eof => "the file ends early: was it truncated? Check the closing brackets",
        _ if message.contains("recursion limit") => "the JSON nests too deeply to be a store (over 128 levels)",
        Category::Syntax if message.contains("UTF-8") || message.contains("unicode") => "save the store as UTF-8 text",
        _ => "fix the JSON syntax at this point (a missing comma, quote or bracket is typical)",
    };
    Problem {
        file: file.to_path_buf(),
        location: Location::LineColumn { line: error.line(), column: error.column() },
        message: format!("invalid JSON: {message}"),
        hint: Some(hint.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(998_412), "998,412");
        assert_eq!(thousands(12_345_678), "12,345,678");
    }

    #[test]
    fn a_kind_keeps_the_field_names_and_masks_what_came_from_the_store() {
        assert_eq!(kind_of("missing required field `id`"), "missing required field `id`");
        assert_eq!(kind_of("unknown entity `ghost`"), "unknown entity `\u{2026}`");
        assert_eq!(kind_of("unknown entity `ghost-2`"), kind_of("unknown entity `x`"));
        assert_eq!(
            kind_of("duplicate event id `e1` (first defined at events[12])"),
            "duplicate event id `\u{2026}` (first defined at events[#])"
        );
        assert_eq!(kind_of("unknown entity kind \"robot\""), "unknown entity kind \"\u{2026}\"");
        assert_eq!(
            kind_of("`fatalities` must be a whole number ≥ 0, found -3"),
            kind_of("`fatalities` must be a whole number ≥ 0, found 1.5")
        );
        let long = format!("quote \"{}\" is not in the source {}", "x".repeat(500), "y".repeat(500));
        assert!(kind_of(&long).len() <= Omitted::MAX_KIND_BYTES + 20);
        assert!(kind_of(&long).ends_with('\u{2026}'));
        assert_eq!(kind_of("unterminated `quote"), "unterminated `quote");
    }

    #[test]
    fn omitted_problems_are_counted_by_kind_in_bounded_memory() {
        let mut omitted = Omitted::default();
        for i in 0..10_000 {
            omitted.count("missing required field `id`");
            omitted.count(&format!("unknown entity `e{i}`"));
            // Distinct shapes past the cap are counted together.
            omitted.count(&"x".repeat(i % 100));
        }
        omitted.count("missing required field `id`");
        assert_eq!(omitted.total(), 30_001);
        assert!(omitted.kinds.len() <= Omitted::MAX_KINDS);
        let kinds = omitted.kinds();
        assert_eq!(kinds[0], ("missing required field `id`", 10_001));
        assert_eq!(kinds[1], ("unknown entity `\u{2026}`", 10_000));
        assert_eq!(kinds.last().unwrap().0, "other problems");
        let (mut formatted, mut counted) = (Omitted::default(), Omitted::default());
        for i in 0..10_000 {
            formatted.count_display(format_args!("missing required field `{}`", "id"));
            formatted.count_display(format_args!("unknown entity `e{i}`"));
            formatted.count_display(format_args!("{}", "x".repeat(i % 100)));
            // A message that starts as the last one did, or is a prefix of it, is another message.
            formatted.count_display(format_args!("unknown entity `e{i}` again"));
            formatted.count_display(format_args!("unknown entity `e{}", i));
            counted.count("missing required field `id`");
            counted.count(&format!("unknown entity `e{i}`"));
            counted.count(&"x".repeat(i % 100));
            counted.count(&format!("unknown entity `e{i}` again"));
            counted.count(&format!("unknown entity `e{i}"));
        }
        assert_eq!(formatted, counted, "formatting on demand counts as counting the message");
        assert_eq!(formatted.kinds(), counted.kinds());
        assert!(omitted.to_string().starts_with(
            "\u{2026} and 30,001 more: 10,001 \u{d7} missing required field `id`, 10,000 \u{d7} unknown entity"
        ));
    }
}
