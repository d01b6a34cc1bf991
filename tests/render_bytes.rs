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
