//! What a keystroke costs on the wire: the browser redraws only the cells that changed. Bytes
//! are counted through a writer under the browser's own backend (`tui::wire::WireBackend`),
//! frame marks included.

#[path = "../benches/common.rs"]
mod common;

use std::sync::Arc;

use crossterm::event::KeyCode;
use factline::search::SearchIndex;
use factline::store::bundled;
use factline::tui::{App, Browser};

fn app(view: char) -> Browser {
    let store = Arc::new(bundled::load().unwrap());
    let search = Arc::new(SearchIndex::new(&store));
    let mut browser = common::browser(App::new(store, search));
    common::key(&mut browser, KeyCode::Char(view));
    browser
}

#[test]
fn every_move_redraws_less_than_a_full_frame_in_every_view() {
    for view in ['1', '2', '3'] {
        let mut browser = app(view);
        let (mut terminal, counter) = common::counting_terminal(120, 40);
        common::frame(&mut terminal, &mut browser);
        let full = counter.bytes.get();
        assert!(full > 2000, "a full 120×40 frame of text, got {full} bytes");
        for step in 0..40 {
            let page = step % 7 == 6;
            let article =
                |b: &Browser| (b.app.current_passage().map(|p| p.passage.source), b.frame_state.geometry.source_top);
            let before = article(&browser);
            common::key(&mut browser, if page { KeyCode::PageDown } else { KeyCode::Char('j') });
            counter.bytes.set(0);
            common::frame(&mut terminal, &mut browser);
            let stayed = article(&browser) == before;
            let written = counter.bytes.get();
            // At 120 columns the panes are stacked and the article takes most of the screen: a
            // page down, or a step to an item cited elsewhere (another article, or lower in it), changes nearly every
            // row, and the old text must be blanked too (the first frame had none to blank).
            // A step that stays where the article was must cost much less.
            let limit = if page || !stayed { full * 5 / 4 } else { full * 3 / 4 };
            assert!(written < limit, "view {view} step {step}: {written} of a full frame's {full} bytes");
        }
    }
}

#[test]
fn a_frame_where_nothing_changed_writes_only_its_marks() {
    let mut browser = app('1');
    let (mut terminal, counter) = common::counting_terminal(120, 40);
    common::frame(&mut terminal, &mut browser);
    counter.bytes.set(0);
    common::frame(&mut terminal, &mut browser);
    // Begin and end of synchronized update, cursor state: no cell is rewritten.
    assert!(counter.bytes.get() <= 64, "{} bytes for an unchanged frame", counter.bytes.get());
}

/// Rows of the source pane's body that show any of `item`'s passages in `source`.
fn passage_rows(
    browser: &Browser,
    item: factline::tui::view::Item,
    source: u32,
    top: usize,
    height: usize,
) -> Vec<usize> {
    let (app, g) = (&browser.app, &browser.frame_state.geometry);
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
        let mut browser = app(view);
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| browser.draw(f)).unwrap();
        let mut stayed = 0;
        for _ in 1..browser.app.len() {
            let before = terminal.backend().buffer().clone();
            let old_item = browser.app.selected().unwrap();
            let source = browser.app.current_passage().unwrap().passage.source;
            let top = browser.frame_state.geometry.source_top;
            common::key(&mut browser, KeyCode::Char('j'));
            terminal.draw(|f| browser.draw(f)).unwrap();
            if browser.app.current_passage().unwrap().passage.source != source
                || browser.frame_state.geometry.source_top != top
            {
                continue;
            }
            stayed += 1;
            let g = browser.frame_state.geometry.clone();
            let body_y = g.source.bottom() - g.source_body;
            let height = usize::from(g.source_body);
            let mut allowed = passage_rows(&browser, old_item, source, top, height);
            allowed.extend(passage_rows(&browser, browser.app.selected().unwrap(), source, top, height));
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
