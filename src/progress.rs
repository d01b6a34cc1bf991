//! The progress bar a long job shows on stderr: loading a large store, importing CSV files,
//! drafting many articles.
//!
//! Only on a terminal (a pipe or a log file gets nothing) and only for jobs big enough to take
//! noticeable time; redrawn at most ten times a second, and erased when the job ends so the
//! terminal is left as it was.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// Below this, a store loads in well under a second: a bar would only flicker.
pub const MIN_BYTES: usize = 16 << 20;
/// Below this many articles, drafting ends before a bar would say anything.
pub const MIN_ITEMS: usize = 200;
const INTERVAL: Duration = Duration::from_millis(100);
const WIDTH: usize = 30;

/// What the job counts: bytes (shown in MB) or items (shown by their noun, `articles`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Bytes,
    Items(&'static str),
}

pub struct Progress {
    out: Option<Box<dyn Write>>,
    label: String,
    total: usize,
    unit: Unit,
    last: Option<Instant>,
}

impl Progress {
    /// A bar on stderr for a job over `total` units, named by `label`, or one that draws nothing
    /// when stderr is not a terminal or the job is small.
    pub fn on_stderr(label: impl Into<String>, total: usize, unit: Unit) -> Progress {
        let worth_showing = match unit {
            Unit::Bytes => total >= MIN_BYTES,
            Unit::Items(_) => total >= MIN_ITEMS,
        };
        let out: Option<Box<dyn Write>> =
            (worth_showing && io::stderr().is_terminal()).then(|| Box::new(io::stderr()) as Box<dyn Write>);
        Progress::to(out, label, total, unit)
    }

    /// The bar for loading the store `file` of `total` bytes.
    pub fn loading(file: &Path, total: usize) -> Progress {
        let name = file.file_name().map_or(file.display().to_string(), |n| n.to_string_lossy().into_owned());
        Progress::on_stderr(format!("loading {name}"), total, Unit::Bytes)
    }

    pub fn to(out: Option<Box<dyn Write>>, label: impl Into<String>, total: usize, unit: Unit) -> Progress {
        Progress { out, label: label.into(), total, unit, last: None }
    }

    /// `done` units of the total are through; draws when the last drawing is old enough.
    pub fn update(&mut self, done: usize) {
        let Some(out) = self.out.as_mut() else { return };
        let now = Instant::now();
        if self.last.is_some_and(|last| now.duration_since(last) < INTERVAL) {
            return;
        }
        self.last = Some(now);
        // A failed write to stderr must not fail the job: the bar is a courtesy.
        let _ = write!(out, "\r{}", bar(&self.label, done, self.total, self.unit)).and_then(|()| out.flush());
    }

    /// Erases the bar, if one was drawn.
    pub fn finish(&mut self) {
        if let Some(out) = self.out.as_mut()
            && self.last.is_some()
        {
            let _ = write!(out, "\r\x1b[2K").and_then(|()| out.flush());
        }
    }
}

/// One line: `loading store.json [#########.....]  45%  380 of 834 MB`, or `… 90 of 200 articles`.
pub fn bar(label: &str, done: usize, total: usize, unit: Unit) -> String {
    let done = done.min(total);
    let fraction = if total == 0 { 1.0 } else { done as f64 / total as f64 };
    let filled = (fraction * WIDTH as f64).round() as usize;
    let amount = match unit {
        Unit::Bytes => format!("{} of {} MB", done / (1 << 20), total / (1 << 20)),
        Unit::Items(noun) => format!("{done} of {total} {noun}"),
    };
    format!("{label} [{}{}] {:3.0}%  {amount}", "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_bar_fills_with_the_fraction_read() {
        assert_eq!(bar("l", 0, 100, Unit::Bytes), format!("l [{}]   0%  0 of 0 MB", ".".repeat(WIDTH)));
        assert_eq!(
            bar("l", 50 << 20, 100 << 20, Unit::Bytes),
            format!("l [{}{}]  50%  50 of 100 MB", "#".repeat(15), ".".repeat(15))
        );
        assert_eq!(bar("l", 200, 100, Unit::Bytes), format!("l [{}] 100%  0 of 0 MB", "#".repeat(WIDTH)));
        assert!(bar("l", 0, 0, Unit::Bytes).contains("100%"));
        assert_eq!(
            bar("drafting", 50, 200, Unit::Items("articles")),
            format!("drafting [{}{}]  25%  50 of 200 articles", "#".repeat(8), ".".repeat(22))
        );
    }

    #[test]
    fn updates_are_rate_limited_and_the_bar_is_erased_at_the_end() {
        let sink = Shared::default();
        let mut progress = Progress::to(Some(Box::new(sink.clone())), "loading store.json", 1000, Unit::Bytes);
        for done in (0..=1000).step_by(10) {
            progress.update(done);
        }
        progress.finish();
        let written = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert_eq!(written.matches("loading store.json").count(), 1, "one drawing within 100 ms: {written:?}");
        assert!(written.ends_with("\r\x1b[2K"), "{written:?}");
    }

    #[test]
    fn the_first_update_draws_the_bar_over_the_line_and_later_ones_wait() {
        let sink = Shared::default();
        let mut progress = Progress::to(Some(Box::new(sink.clone())), "loading store.json", 100 << 20, Unit::Bytes);
        progress.update(25 << 20);
        progress.update(50 << 20);
        let written = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        let expected = format!("\rloading store.json [{}{}]  25%  25 of 100 MB", "#".repeat(8), ".".repeat(22));
        assert_eq!(written, expected);
        std::thread::sleep(INTERVAL);
        progress.update(50 << 20);
        let written = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert!(
            written.ends_with("\rloading store.json [###############...............]  50%  50 of 100 MB"),
            "{written:?}"
        );
    }

    #[test]
    fn a_bar_never_drawn_is_not_erased() {
        let sink = Shared::default();
        let mut progress = Progress::to(Some(Box::new(sink.clone())), "loading store.json", 1000, Unit::Bytes);
        progress.finish();
        assert!(sink.0.lock().unwrap().is_empty());
    }

    #[test]
    fn without_a_terminal_nothing_is_drawn() {
        let mut progress = Progress::to(None, "loading store.json", 1 << 30, Unit::Bytes);
        progress.update(1 << 29);
        progress.finish();
        assert!(progress.last.is_none());
    }
}
