//! What a keystroke costs on the wire: the browser redraws only the cells that changed. Bytes
//! are counted through a writer under the real crossterm backend, frame marks included.

#[path = "../benches/common.rs"]
mod common;

use std::sync::Arc;

use crossterm::event::KeyCode;
use factline::search::SearchIndex;
use factline::store::bundled;
use factline::tui::App;

fn app(view: char) -> App {
    let store = Arc::new(bundled::load().unwrap());
    let search = Arc::new(SearchIndex::new(&store));
    let mut app = App::new(store, search);
    common::key(&mut app, KeyCode::Char(view));
    app
}

#[test]
fn every_move_redraws_less_than_a_full_frame_in_every_view() {
    for view in ['1', '2', '3'] {
        let mut app = app(view);
        let (mut terminal, counter) = common::counting_terminal(120, 40);
        common::frame(&mut terminal, &mut app);
        let full = counter.bytes.get();
        assert!(full > 2000, "a full 120×40 frame of text, got {full} bytes");
        for step in 0..40 {
            common::key(&mut app, if step % 7 == 6 { KeyCode::PageDown } else { KeyCode::Char('j') });
            counter.bytes.set(0);
            common::frame(&mut terminal, &mut app);
            let written = counter.bytes.get();
            assert!(written < full * 3 / 4, "view {view} step {step}: {written} of a full frame's {full} bytes");
        }
    }
}

#[test]
fn a_frame_where_nothing_changed_writes_only_its_marks() {
    let mut app = app('1');
    let (mut terminal, counter) = common::counting_terminal(120, 40);
    common::frame(&mut terminal, &mut app);
    counter.bytes.set(0);
    common::frame(&mut terminal, &mut app);
    // Begin and end of synchronized update, cursor state: no cell is rewritten.
    assert!(counter.bytes.get() <= 64, "{} bytes for an unchanged frame", counter.bytes.get());
}

/// Rows of the source pane's body that show any of `item`'s passages in `source`.
fn passage_rows(app: &App, item: factline::tui::app::Item, source: u32, top: usize, height: usize) -> Vec<usize> {
    let g = app.geometry();
    let lines = factline::text::wrap(&app.store().sources[source as usize].text, g.source.width.into());
    let mut rows = Vec::new();
    for p in app.passages_of(item).iter().map(|p| p.passage).filter(|p| p.source == source) {
        let first = factline::text::line_of_char(&lines, p.start);
        let last = factline::text::line_of_char(&lines, p.end.saturating_sub(1).max(p.start));
        rows.extend((first..=last).filter(|l| (top..top + height).contains(l)).map(|l| l - top));
    }
    rows
}

#[test]
fn stepping_within_the_article_on_screen_rewrites_only_the_passages_in_the_pane() {
    for view in ['1', '2'] {
        let mut app = app(view);
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| factline::tui::draw(f, &mut app)).unwrap();
        let mut stayed = 0;
        for _ in 1..app.len() {
            let before = terminal.backend().buffer().clone();
            let old_item = app.selected().unwrap();
            let source = app.current_passage().unwrap().passage.source;
            let top = app.geometry().source_top;
            common::key(&mut app, KeyCode::Char('j'));
            terminal.draw(|f| factline::tui::draw(f, &mut app)).unwrap();
            if app.current_passage().unwrap().passage.source != source || app.geometry().source_top != top {
                continue;
            }
            stayed += 1;
            let g = app.geometry().clone();
            let body_y = g.source.bottom() - g.source_body;
            let height = usize::from(g.source_body);
            let mut allowed = passage_rows(&app, old_item, source, top, height);
            allowed.extend(passage_rows(&app, app.selected().unwrap(), source, top, height));
            let after = terminal.backend().buffer();
            for y in body_y..g.source.bottom() {
                for x in g.source.x..g.source.right() {
                    if before[(x, y)] != after[(x, y)] {
                        let row = usize::from(y - body_y);
                        assert!(allowed.contains(&row), "view {view}: article text rewritten at row {row} ({x},{y})");
                    }
                }
            }
        }
        assert!(stayed > 0, "view {view}: some step stays in the article and its view");
    }
}
