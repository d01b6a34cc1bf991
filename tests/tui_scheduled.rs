//! An event its sources say is still to happen (`"scheduled": true`) reads so in the browser: a
//! plain-text `scheduled` tag before its title in the timeline row and in the detail, styled
//! apart (italic, so it shows without colour too), at 80×24 and 160×48.

mod common;

use common::{browsing, buffer_text, drawn};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use factline::store::{self, Store};
use factline::tui::Browser;
use factline::tui::view::Item;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

/// The bundled store with its last event (the foreign minister's visit) marked scheduled.
fn with_a_scheduled_event() -> (Store, u32) {
    let mut store = store::bundled::load().unwrap();
    let last = store.events.iter().position(|e| e.kind == "diplomatic-visit" && e.date.from.day == Some(29)).unwrap();
    store.events[last].scheduled = true;
    (store, last as u32)
}

fn select(browser: &mut Browser, target: Item) {
    for _ in 0..100 {
        if browser.app.selected() == Some(target) {
            return;
        }
        browser.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)));
    }
    panic!("{target:?} is not in the list");
}

/// Where `word` is written in italic (the tag's style), every occurrence.
fn tags(buffer: &Buffer, word: &str) -> Vec<(u16, u16)> {
    let area = buffer.area;
    let mut found = Vec::new();
    for y in 0..area.height {
        let row: Vec<String> = (0..area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect();
        let text: String = row.iter().map(|s| s.chars().next().unwrap_or(' ')).collect();
        for (at, _) in text.match_indices(word) {
            let x = text[..at].chars().count() as u16;
            if buffer[(x, y)].style().add_modifier.contains(Modifier::ITALIC) {
                found.push((x, y));
            }
        }
    }
    found
}

#[test]
fn a_scheduled_event_is_tagged_in_its_row_and_its_detail_at_80x24_and_160x48() {
    for (width, height) in [(80u16, 24u16), (160, 48)] {
        let (store, event) = with_a_scheduled_event();
        let mut browser = browsing(store);
        select(&mut browser, Item::Event(event));
        let buffer = drawn(&mut browser, width, height);
        let screen = buffer_text(&buffer);
        insta::assert_snapshot!(format!("scheduled_timeline_{width}x{height}"), screen);
        // The detail says it in the tag's style (the selected row is drawn in the selection's
        // one style, its words as in any other row).
        let line = screen.lines().find(|l| l.contains("scheduled ")).unwrap_or_default();
        assert!(!line.is_empty(), "{screen}");
        assert_eq!(tags(&buffer, "scheduled").len(), 1, "{screen}");

        // Another row selected: the event's row keeps its tag, in the tag's style.
        browser.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE)));
        let buffer = drawn(&mut browser, width, height);
        assert_eq!(tags(&buffer, "scheduled").len(), 1, "{}", buffer_text(&buffer));
    }
}

#[test]
fn an_event_that_happened_has_no_tag() {
    let mut browser = browsing(store::bundled::load().unwrap());
    let buffer = drawn(&mut browser, 160, 48);
    assert!(tags(&buffer, "scheduled").is_empty(), "{}", buffer_text(&buffer));
}
