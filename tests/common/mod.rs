//! What the tests of reviewing and curating share: a browser that edits a store, keys typed
//! into it without a terminal, the screen it draws, and the store file it writes.
//!
//! Each test file compiles this module on its own and uses a part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use factline::curation::Curation;
use factline::search::SearchIndex;
use factline::store::Store;
use factline::text::grapheme_width;
use factline::tui::form::{Form, Value};
use factline::tui::view::Item;
use factline::tui::{App, Browser, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tempfile::TempDir;

/// The bundled store copied out (`factline init`), to edit.
pub fn store_copy() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    factline::commands::curate::init(dir.path(), false, &mut Vec::new()).unwrap();
    dir
}

pub fn editing(data: Option<&Path>) -> Browser {
    let (store, curation) = Curation::open(data).unwrap();
    let search = Arc::new(SearchIndex::new(&store));
    // The editor says why changes cannot be saved, when they cannot, as the browser opens.
    Browser::with_editor(App::new(store, search), Theme::new(true), Box::new(curation))
}

pub fn press(browser: &mut Browser, code: KeyCode) -> bool {
    browser.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub fn key(browser: &mut Browser, c: char) -> bool {
    press(browser, KeyCode::Char(c))
}

pub fn ctrl(browser: &mut Browser, c: char) -> bool {
    browser.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)))
}

pub fn typed(browser: &mut Browser, text: &str) {
    for c in text.chars() {
        key(browser, c);
    }
}

pub fn tab(browser: &mut Browser, times: usize) {
    for _ in 0..times {
        press(browser, KeyCode::Tab);
    }
}

/// A browser over a store in memory, with no editor behind it (as the kiosk and a read-only
/// store have).
pub fn browsing(store: Store) -> Browser {
    let store = Arc::new(store);
    let search = Arc::new(SearchIndex::new(&store));
    Browser::new(App::new(store, search), Theme::new(true))
}

/// One frame drawn at a size, as cells (for style assertions).
pub fn drawn(browser: &mut Browser, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| browser.draw(frame)).unwrap();
    terminal.backend().buffer().clone()
}

pub fn screen(browser: &mut Browser, width: u16, height: u16) -> String {
    buffer_text(&drawn(browser, width, height))
}

/// A drawn buffer as text, one line per row; a wide character's hidden second cell is skipped.
pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = grapheme_width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn read(dir: &TempDir) -> Vec<u8> {
    std::fs::read(dir.path().join("store.json")).unwrap()
}

pub fn check(dir: &TempDir) {
    let out = Command::new(env!("CARGO_BIN_EXE_factline")).arg("check").arg("--data").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

pub fn saved(browser: &Browser) {
    let notice = browser.app.notice().unwrap_or_default();
    assert!(notice.starts_with("saved"), "{notice:?} (form problem: {:?})", browser.app.form().and_then(Form::problem));
    assert!(browser.app.form().is_none() && browser.app.picker().is_none(), "closed after saving");
}

pub fn text_of(form: &Form, label: &str) -> String {
    match &form.fields().iter().find(|f| f.label == label).unwrap().value {
        Value::Text { text, .. } => text.clone(),
        other => panic!("{other:?}"),
    }
}

pub fn id_of(store: &Store, item: Item) -> String {
    match item {
        Item::Event(e) => store.events[e as usize].id.clone(),
        Item::Claim(c) => store.claims[c as usize].id.clone(),
        Item::Discrepancy(d) => store.discrepancies[d as usize].id.clone(),
    }
}

/// Which lines of `a` a longest common subsequence with `b` keeps (the rest a diff removes).
pub fn kept_lines(a: &[&str], b: &[&str]) -> Vec<bool> {
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if a[i] == b[j] { table[i + 1][j + 1] + 1 } else { table[i + 1][j].max(table[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut kept) = (0, 0, vec![false; n]);
    while i < n && j < m {
        if a[i] == b[j] {
            kept[i] = true;
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    kept
}

/// Line ranges of the records (objects one level inside a top-level list) with these ids, in a
/// store written in the canonical form.
pub fn record_spans(lines: &[&str], ids: &[impl AsRef<str>]) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("      \"id\": \"") else { continue };
        if !ids.iter().any(|id| rest.starts_with(&format!("{}\"", id.as_ref()))) {
            continue;
        }
        let start = (0..i).rev().find(|&k| lines[k] == "    {").unwrap();
        let end = (i..lines.len()).find(|&k| lines[k].starts_with("    }")).unwrap();
        spans.push(start..end + 1);
    }
    spans
}
