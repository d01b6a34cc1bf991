//! One frame of each view at 80×24 and 200×60, drawn through the real crossterm backend into a
//! byte counter: a full first frame, and the frame after a one-row move (what a keystroke costs).
//! The baseline is the least any full-screen program pays for a frame of that size: a plain
//! paragraph of the article text filling the screen, through the same backend.
//!
//! The bytes written for one-row moves and page scrolls (120×40 too) are deterministic, so they
//! are printed once at the start rather than timed: the median of a walk down the list (a move
//! costs little when the next item is cited in the article on screen, and most of the pane when
//! it is not), next to the same walk through ratatui's crossterm backend.

mod common;

use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use factline::search::SearchIndex;
use factline::store::{Store, bundled};
use factline::tui::{App, Browser};
use ratatui::widgets::{Paragraph, Wrap};

const VIEWS: [(char, &str); 3] = [('1', "timeline"), ('2', "claims"), ('3', "disagreements")];
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn app(store: &Arc<Store>, search: &Arc<SearchIndex>, view: char) -> Browser {
    let mut app = common::browser(App::new(store.clone(), search.clone()));
    common::key(&mut app, KeyCode::Char(view));
    app
}

/// The bytes of each frame along a walk down the list, one `key` at a time, up to `steps` keys;
/// through the browser's backend and, as the baseline, through ratatui's crossterm backend.
fn walk(
    store: &Arc<Store>,
    search: &Arc<SearchIndex>,
    view: char,
    size: (u16, u16),
    key: KeyCode,
    steps: usize,
) -> Walk {
    let (mut wire, wire_bytes) = common::counting_terminal(size.0, size.1);
    let (mut baseline, baseline_bytes) = common::crossterm_counting_terminal(size.0, size.1);
    let (mut a, mut b) = (app(store, search, view), app(store, search, view));
    common::frame(&mut wire, &mut a);
    common::frame(&mut baseline, &mut b);
    let full = (wire_bytes.bytes.replace(0), baseline_bytes.bytes.replace(0));
    let mut steps_taken = Walk { full, wire: Vec::new(), baseline: Vec::new() };
    while steps_taken.wire.len() < steps && common::key(&mut a, key) {
        common::key(&mut b, key);
        common::frame(&mut wire, &mut a);
        common::frame(&mut baseline, &mut b);
        steps_taken.wire.push(wire_bytes.bytes.replace(0));
        steps_taken.baseline.push(baseline_bytes.bytes.replace(0));
    }
    steps_taken
}

struct Walk {
    full: (usize, usize),
    wire: Vec<usize>,
    baseline: Vec<usize>,
}

fn median(mut bytes: Vec<usize>) -> usize {
    assert!(!bytes.is_empty(), "no steps measured: the walk wrote nothing");
    bytes.sort_unstable();
    bytes[bytes.len() / 2]
}

fn summary(walk: Walk) -> String {
    let least = walk.wire.iter().min().copied().expect("no steps measured: the walk wrote nothing");
    let most = walk.wire.iter().max().copied().expect("no steps measured: the walk wrote nothing");
    let steps = walk.wire.len();
    let small = walk.wire.iter().filter(|&&b| b <= 300).count();
    let (wire, baseline) = (median(walk.wire), median(walk.baseline));
    format!(
        "median {wire} ({least}–{most} over {steps} steps, {small} ≤ 300) against crossterm's {baseline} ({:.2})",
        wire as f64 / baseline.max(1) as f64
    )
}

fn print_bytes(name: &str, store: &Arc<Store>, search: &Arc<SearchIndex>) {
    for (view, label) in VIEWS {
        for size in [(80, 24), (120, 40), (200, 60)] {
            let rows = walk(store, search, view, size, KeyCode::Char('j'), 200);
            let (full, full_baseline) = rows.full;
            let rows = summary(rows);
            let pages = summary(walk(store, search, view, size, KeyCode::PageDown, 20));
            eprintln!(
                "bytes {name} {label} {}x{}: full frame {full} against crossterm's {full_baseline}; one-row move {rows}; page scroll {pages}",
                size.0, size.1
            );
        }
    }
}

fn render(c: &mut Criterion) {
    let bundled = Arc::new(bundled::load().expect("bundled store"));
    let mut stores = vec![("bundled".to_string(), bundled)];
    for events in common::sizes(&[100_000]) {
        stores.push((format!("{events}"), Arc::new(common::store(events))));
    }
    let mut group = c.benchmark_group("render");
    group.sample_size(30).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(300));
    for (name, store) in &stores {
        let search = Arc::new(SearchIndex::new(store));
        print_bytes(name, store, &search);
        for (view, label) in VIEWS {
            for (w, h) in SIZES {
                let id = format!("{name}/{label}/{w}x{h}");
                group.bench_function(BenchmarkId::new("full-frame", &id), |b| {
                    let mut a = app(store, &search, view);
                    b.iter(|| {
                        let (mut terminal, _) = common::counting_terminal(w, h);
                        common::frame(&mut terminal, &mut a);
                    })
                });
                group.bench_function(BenchmarkId::new("move-frame", &id), |b| {
                    let mut a = app(store, &search, view);
                    let (mut terminal, _) = common::counting_terminal(w, h);
                    common::frame(&mut terminal, &mut a);
                    let mut down = true;
                    b.iter(|| {
                        // Down then up, so the selection keeps moving without reaching an end.
                        common::key(&mut a, KeyCode::Char(if down { 'j' } else { 'k' }));
                        down = !down;
                        common::frame(&mut terminal, &mut a);
                    })
                });
            }
        }
    }
    let article = stores[0].1.sources[0].text.clone();
    for (w, h) in SIZES {
        group.bench_function(BenchmarkId::new("baseline-paragraph", format!("{w}x{h}")), |b| {
            b.iter(|| {
                let (mut terminal, _) = common::counting_terminal(w, h);
                terminal
                    .draw(|f| f.render_widget(Paragraph::new(article.as_str()).wrap(Wrap { trim: false }), f.area()))
                    .expect("drawn");
            })
        });
    }
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
