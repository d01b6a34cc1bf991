//! Smaller things a fact-checker meets on the screen: keycap emoji in text keep every border in
//! place, a drafted store opens where its items are, the help pages with G and PgDn, Ctrl-u
//! clears the search bar and the picker, a passage chosen from the search keeps the filter, the
//! dropdown's article column stays put, and an untitled article has a readable name.

use std::sync::Arc;

use crossterm::event::KeyCode;
use factline::search::SearchIndex;
use factline::store::{self, Store};
use factline::tui::view::View;
use factline::tui::{App, Browser, Theme};
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use serde_json::Value;
use unicode_segmentation::UnicodeSegmentation;

mod common;
use common::{browsing, ctrl, drawn, key, press, screen, typed};

/// The bundled store with its JSON changed by `edit`, written to a folder with its articles.
fn edited_store(edit: impl FnOnce(&mut Value)) -> (tempfile::TempDir, Store) {
    let dir = common::store_copy();
    let file = dir.path().join("store.json");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    edit(&mut doc);
    std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let store = store::load_path(dir.path()).unwrap();
    (dir, store)
}

/// Every border character (`│`, `┐`, `┘`, `┤`) on a row sits in the same column as on the row
/// above or below that has one there: a grapheme counted narrower than it is drawn would push it.
fn assert_borders_straight(buffer: &Buffer, what: &str) {
    let area = buffer.area;
    for x in 0..area.width {
        let rows: Vec<u16> = (0..area.height).filter(|&y| buffer[(x, y)].symbol() == "│").collect();
        for pair in rows.windows(2) {
            if pair[1] == pair[0] + 1 {
                continue;
            }
            // A gap in a vertical line: each row between must hold something drawn over it, never
            // the line's character one cell aside.
            for y in pair[0] + 1..pair[1] {
                let beside = [x.checked_sub(1), Some(x + 1)].into_iter().flatten().filter(|&b| b < area.width);
                for b in beside {
                    assert_ne!(buffer[(b, y)].symbol(), "│", "{what}: row {y}'s border moved from column {x} to {b}");
                }
            }
        }
    }
}

const KEYCAPS: &str = "PR NO. 2️⃣3️⃣/2️⃣0️⃣2️⃣4️⃣ #️⃣ 🔊";

#[test]
fn rows_with_keycap_emoji_keep_every_border_in_place() {
    let (_dir, store) = edited_store(|doc| {
        for (list, field) in [("events", "title"), ("claims", "text")] {
            for record in doc[list].as_array_mut().unwrap().iter_mut().take(3) {
                let was = record[field].as_str().unwrap().to_string();
                record[field] = Value::String(format!("{KEYCAPS} {was}"));
            }
        }
        let first = &mut doc["entities"][0];
        let name = first["name"].as_str().unwrap().to_string();
        first["name"] = Value::String(format!("{name} 2️⃣"));
    });
    let mut browser = browsing(store);
    for (width, height) in [(80, 24), (160, 48), (100, 30)] {
        for view in ['1', '2', '3', '4'] {
            key(&mut browser, view);
            for _ in 0..3 {
                let buffer = drawn(&mut browser, width, height);
                assert_borders_straight(&buffer, &format!("view {view} at {width}×{height}"));
                key(&mut browser, 'j');
            }
        }
        key(&mut browser, '/');
        typed(&mut browser, "2️⃣");
        let buffer = drawn(&mut browser, width, height);
        assert_borders_straight(&buffer, &format!("dropdown at {width}×{height}"));
        press(&mut browser, KeyCode::Esc);
    }
}

#[test]
fn a_form_fields_cursor_steps_over_a_keycap_whole_and_backspace_takes_it_whole() {
    let title = format!("{KEYCAPS} strikes");
    let (dir, _) = edited_store(|doc| doc["events"][0]["title"] = Value::String(title.clone()));
    let mut browser = common::editing(Some(dir.path()));
    key(&mut browser, 'e');
    let graphemes: Vec<&str> = title.graphemes(true).collect();
    for _ in 0..title.chars().count() {
        press(&mut browser, KeyCode::Left);
    }
    for (step, grapheme) in graphemes.iter().enumerate() {
        for (width, height) in [(80, 24), (160, 48)] {
            let buffer = drawn(&mut browser, width, height);
            assert_borders_straight(&buffer, &format!("cursor on grapheme {step} at {width}×{height}"));
            let row = (0..height).find(|&y| (0..width).any(|x| buffer[(x, y)].symbol() == "›")).unwrap();
            let value_from = (0..width).find(|&x| buffer[(x, row)].symbol() == "›").unwrap() + 13;
            let cursor: Vec<&str> = (value_from..width)
                .filter(|&x| buffer[(x, row)].modifier.contains(Modifier::REVERSED))
                .map(|x| buffer[(x, row)].symbol())
                .collect();
            assert_eq!(cursor, [*grapheme], "the cursor covers grapheme {step} whole");
        }
        press(&mut browser, KeyCode::Right);
    }
    for _ in 0..graphemes.len() {
        press(&mut browser, KeyCode::Left);
    }
    // After `PR NO. 2️⃣`: Backspace takes the keycap, not its last mark.
    for _ in 0..8 {
        press(&mut browser, KeyCode::Right);
    }
    press(&mut browser, KeyCode::Backspace);
    let without: String = graphemes.iter().enumerate().filter(|&(i, _)| i != 7).map(|(_, g)| *g).collect();
    assert_eq!(common::text_of(browser.app.form().unwrap(), "title"), without);
}

/// A store `factline draft` made from the draft fixtures: every item a draft.
fn drafted() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let articles = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/draft");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_factline"))
        .arg("draft")
        .arg(&articles)
        .arg("--out")
        .arg(out.path())
        .arg("--force")
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    out
}

#[test]
fn a_drafted_store_opens_on_review_and_a_store_of_claims_on_who_said_what() {
    let dir = drafted();
    let mut browser = common::editing(Some(dir.path()));
    assert_eq!(browser.app.view(), View::Review, "every item is a draft: Review first");
    assert!(!browser.app.is_empty());
    let shot = screen(&mut browser, 200, 30);
    let bar = shot.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(bar.contains("REVIEW") && bar.contains("a accept") && bar.contains("Enter source"), "{bar}");

    // The same claims, reviewed, and no events: who said what.
    let file = dir.path().join("store.json");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    doc["events"] = Value::Array(Vec::new());
    doc["discrepancies"] = Value::Array(Vec::new());
    for claim in doc["claims"].as_array_mut().unwrap() {
        let claim = claim.as_object_mut().unwrap();
        claim.remove("about");
        claim.insert("status".into(), Value::String("reviewed".into()));
    }
    std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let browser = browsing(store::load_path(dir.path()).unwrap());
    assert_eq!(browser.app.view(), View::Claims, "no events: who said what");
    assert!(browser.app.selected().is_some());
}

#[test]
fn an_empty_view_hints_no_key_that_would_do_nothing() {
    let mut browser = common::editing(Some(common::store_copy().path()));
    key(&mut browser, '4');
    assert!(browser.app.is_empty(), "nothing to review in the bundled store");
    let shot = screen(&mut browser, 200, 30);
    let bar = shot.lines().rev().find(|l| !l.trim().is_empty()).unwrap().to_string();
    for idle in ["move", "source", "passage", "accept", "reject", "edit", "adjust"] {
        assert!(!bar.contains(&format!(" {idle} ")) && !bar.ends_with(&format!(" {idle}")), "{idle} hinted: {bar}");
    }
    assert!(bar.contains("/ search") && bar.contains("? help"), "{bar}");
    // A reviewed claim with exact passages has nothing to accept; it can still be edited.
    key(&mut browser, '2');
    let bar = screen(&mut browser, 200, 30).lines().rev().find(|l| !l.trim().is_empty()).unwrap().to_string();
    assert!(!bar.contains("a accept") && bar.contains("e edit") && bar.contains("j/k move"), "{bar}");
}

#[test]
fn help_pages_with_g_and_pgdn_and_its_footer_names_article_text() {
    let mut browser = browsing(store::bundled::load().unwrap());
    key(&mut browser, '?');
    let top = screen(&mut browser, 80, 24);
    assert!(top.contains("Browsing"), "{top}");
    key(&mut browser, 'G');
    let bottom = screen(&mut browser, 80, 24);
    assert!(bottom.contains("matches names, aliases and article text"), "the footer, at the end:\n{bottom}");
    assert!(!bottom.contains("│Browsing"), "{bottom}");
    press(&mut browser, KeyCode::PageUp);
    let page_up = screen(&mut browser, 80, 24);
    assert!(!page_up.contains("article text") && page_up != top, "{page_up}");
    key(&mut browser, 'g');
    assert_eq!(screen(&mut browser, 80, 24), top);
    press(&mut browser, KeyCode::PageDown);
    let page = screen(&mut browser, 80, 24);
    assert_ne!(page, top);
    press(&mut browser, KeyCode::End);
    assert_eq!(screen(&mut browser, 80, 24), bottom, "End is G");
    press(&mut browser, KeyCode::Home);
    assert_eq!(screen(&mut browser, 80, 24), top, "Home is g");
}

#[test]
fn ctrl_u_clears_the_search_bar_then_its_filters_and_the_pickers_name() {
    let mut browser = browsing(store::bundled::load().unwrap());
    key(&mut browser, '/');
    typed(&mut browser, "kakar");
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.chips().len(), 1);
    typed(&mut browser, "iran said");
    ctrl(&mut browser, 'u');
    assert_eq!(browser.app.query(), "", "what was typed goes first");
    assert_eq!(browser.app.chips().len(), 1, "the filter stays");
    ctrl(&mut browser, 'u');
    assert!(browser.app.chips().is_empty(), "a second Ctrl-u clears the filters");
    assert!(!ctrl(&mut browser, 'u'), "nothing left to clear");

    let dir = common::store_copy();
    let mut editing = common::editing(Some(dir.path()));
    key(&mut editing, 'e');
    common::tab(&mut editing, 3);
    typed(&mut editing, "pak");
    assert_eq!(editing.app.picker().unwrap().query(), "pak");
    ctrl(&mut editing, 'u');
    assert_eq!(editing.app.picker().expect("the picker stays open").query(), "");
}

/// A passage no item involving `entity` cites, quoted by its first words, and its source.
fn passage_outside(store: &Store, entity: u32) -> String {
    let involved = |ids: &[u32]| ids.contains(&entity);
    for claim in &store.claims {
        if involved(&claim.mentions) || claim.speaker == entity {
            continue;
        }
        let passage = &claim.evidence[0];
        let text = &store.sources[passage.source as usize].text[passage.bytes.clone()];
        let words: Vec<&str> = text.split_whitespace().take(6).collect();
        let quote = words.join(" ");
        let cited_by_involved = store.claims.iter().filter(|c| involved(&c.mentions) || c.speaker == entity).any(|c| {
            c.evidence.iter().any(|p| store.sources[p.source as usize].text[p.bytes.clone()].contains(&quote))
        }) || store
            .events
            .iter()
            .filter(|e| involved(&e.actors) || involved(&e.targets) || involved(&e.places))
            .any(|e| {
                e.evidence.iter().any(|p| store.sources[p.source as usize].text[p.bytes.clone()].contains(&quote))
            });
        if words.len() == 6 && !cited_by_involved && quote.chars().all(|c| c.is_alphanumeric() || c == ' ') {
            return quote;
        }
    }
    panic!("no passage outside the entity's items");
}

#[test]
fn enter_on_a_passage_keeps_the_pinned_filter_and_says_what_it_hides() {
    let store = store::bundled::load().unwrap();
    let kakar = store.entity_by_id("anwaar-ul-haq-kakar").expect("the caretaker prime minister");
    let quote = passage_outside(&store, kakar);
    let mut browser = browsing(store);
    key(&mut browser, '/');
    typed(&mut browser, "kakar");
    press(&mut browser, KeyCode::Enter);
    let pinned = browser.app.chips().to_vec();
    typed(&mut browser, &quote);
    let text = browser.app.choices().iter().position(|c| matches!(c, factline::tui::app::Choice::Text(_)));
    for _ in 0..text.expect("the quote is found in the articles") {
        press(&mut browser, KeyCode::Down);
    }
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.chips(), pinned.as_slice(), "the filter stays");
    assert!(browser.app.found_hit().is_some());
    assert!(browser.app.found_filtered());
    let shot = screen(&mut browser, 160, 48);
    assert!(shot.contains("cited only by items the filter hides"), "{shot}");
}

#[test]
fn the_dropdowns_article_names_line_up_and_read_as_names() {
    let store = store::bundled::load().unwrap();
    let untitled = store.sources.iter().position(|s| s.title.is_none() && s.publisher.is_none());
    let app_store = Arc::new(store);
    let search = Arc::new(SearchIndex::new(&app_store));
    let mut browser = Browser::new(App::new(Arc::clone(&app_store), search), Theme::new(false));
    key(&mut browser, '/');
    typed(&mut browser, "mutually agreed");
    for (width, height) in [(80, 24), (160, 48)] {
        let buffer = drawn(&mut browser, width, height);
        let dropdown = browser.frame_state.geometry.dropdown;
        let mut starts = Vec::new();
        for y in dropdown.top()..dropdown.bottom() {
            let row: Vec<&ratatui::buffer::Cell> =
                (dropdown.left()..dropdown.right()).map(|x| &buffer[(x, y)]).collect();
            if !row.iter().any(|c| c.symbol() == "❝") {
                continue;
            }
            // The name column: the last run of dimmed cells, from its first letter.
            let dim: Vec<usize> = (0..row.len()).filter(|&i| row[i].fg == ratatui::style::Color::DarkGray).collect();
            let first = dim.iter().copied().rev().take_while(|&i| dim.contains(&i)).last().unwrap();
            let name_at = (first..row.len()).find(|&i| !row[i].symbol().trim().is_empty()).unwrap();
            starts.push(name_at);
        }
        assert!(
            starts.len() >= 2,
            "{width}×{height}: several passages found: {starts:?}\n{}",
            screen(&mut browser, width, height)
        );
        assert!(starts.windows(2).all(|w| w[0] == w[1]), "{width}×{height}: names start in one column: {starts:?}");
    }
    let shot = screen(&mut browser, 160, 48);
    assert!(!shot.contains(".txt"), "no raw file name:\n{shot}");
    if let Some(untitled) = untitled {
        let id = &app_store.sources[untitled].id;
        assert!(!shot.contains(id.as_str()), "no raw id {id}:\n{shot}");
    }
}

#[test]
fn an_untitled_article_is_named_in_words() {
    let (_dir, store) = edited_store(|doc| {
        let source = doc["sources"].as_array_mut().unwrap().iter_mut().find(|s| s.get("file").is_some()).unwrap();
        let source = source.as_object_mut().unwrap();
        source.remove("title");
        source.remove("publisher");
    });
    let untitled = store.sources.iter().find(|s| s.title.is_none() && s.publisher.is_none()).unwrap();
    let file = untitled.file.clone().unwrap();
    let mut browser = browsing(store);
    for _ in 0..browser.app.len() {
        if browser.app.current_passage().is_some_and(|p| {
            browser.app.store().sources[p.passage.source as usize].file.as_deref() == Some(file.as_str())
        }) {
            break;
        }
        key(&mut browser, 'j');
    }
    let shot = screen(&mut browser, 160, 48);
    let stem = file.rsplit('/').next().unwrap().rsplit_once('.').unwrap().0;
    assert!(!shot.contains(stem), "the raw name {stem} shows:\n{shot}");
    let words: Vec<&str> = stem.split(['-', '_']).filter(|w| !w.chars().any(|c| c.is_ascii_digit())).collect();
    let lower = shot.to_lowercase();
    assert!(lower.contains(&words.join(" ").to_lowercase()), "{words:?} in words:\n{shot}");
}
