//! One frame of each view at 80×24 and 200×60, drawn through the real crossterm backend into a
//! byte counter: a full first frame, and the frame after a one-row move (what a keystroke costs).
//! The baseline is the least any full-screen program pays for a frame of that size: a plain
//! paragraph of the article text filling the screen, through the same backend.
//!
//! The bytes written for one-row moves and page scrolls (120×40 too) are deterministic, so they
//! are printed once at the start rather than timed: the median of a walk down the list, since a
//! move costs little when the next item is cited in the article on screen and most of the pane
//! when it is not.

mod common;

use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use factline::search::SearchIndex;
use factline::store::{Store, bundled};
use factline::tui::App;
use ratatui::widgets::{Paragraph, Wrap};

const VIEWS: [(char, &str); 3] = [('1', "timeline"), ('2', "claims"), ('3', "disagreements")];
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn app(store: &Arc<Store>, search: &Arc<SearchIndex>, view: char) -> App {
    let mut app = App::new(store.clone(), search.clone());
    common::key(&mut app, KeyCode::Char(view));
    app
}

/// The bytes of each frame along a walk down the list, one `key` at a time, up to `steps` keys.
fn walk(a: &mut App, w: u16, h: u16, key: KeyCode, steps: usize) -> Vec<usize> {
    let (mut terminal, counter) = common::counting_terminal(w, h);
    common::frame(&mut terminal, a);
    let mut bytes = Vec::new();
    while bytes.len() < steps && common::key(a, key) {
        counter.bytes.set(0);
        common::frame(&mut terminal, a);
        bytes.push(counter.bytes.get());
    }
    bytes
}

fn summary(mut bytes: Vec<usize>) -> String {
    bytes.sort_unstable();
    let Some((&least, &most)) = bytes.first().zip(bytes.last()) else { return "no step".into() };
    let small = bytes.iter().filter(|&&b| b <= 300).count();
    format!("median {} ({least}–{most} over {} steps, {small} of them ≤ 300)", bytes[bytes.len() / 2], bytes.len())
}

fn print_bytes(name: &str, store: &Arc<Store>, search: &Arc<SearchIndex>) {
    for (view, label) in VIEWS {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let mut a = app(store, search, view);
            let (mut terminal, counter) = common::counting_terminal(w, h);
            common::frame(&mut terminal, &mut a);
            let full = counter.bytes.get();
            let rows = summary(walk(&mut app(store, search, view), w, h, KeyCode::Char('j'), 200));
            let pages = summary(walk(&mut app(store, search, view), w, h, KeyCode::PageDown, 20));
            eprintln!("bytes {name} {label} {w}x{h}: full frame {full}; one-row move {rows}; page scroll {pages}");
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
