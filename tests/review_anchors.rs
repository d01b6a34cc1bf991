//! Reviewing a store whose articles were edited after its passages were cited (a word changed,
//! an article re-saved with straight quotes, text inserted, a paragraph deleted): the Review view
//! lists every item with a non-exact passage, worst first; accepting rewrites moved and fuzzy
//! passages to the text now there (one undo step each), an orphan is refused until it is
//! re-selected or its item rejected; the saved store passes `factline check` and only the
//! records touched change in a line diff.

use std::fs;
use std::ops::Range;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use factline::curation::Curation;
use factline::search::SearchIndex;
use factline::store::canonical::canonical_bytes;
use factline::store::{self, Anchoring, Passage, Store};
use factline::tui::review::item_anchoring;
use factline::tui::view::{Item, View};
use factline::tui::{App, Browser, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

/// The bundled store and its articles, copied out and in canonical form.
fn copy_of_data() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    factline::commands::curate::init(dir.path(), false, &mut Vec::new()).unwrap();
    let file = dir.path().join("store.json");
    let bytes = canonical_bytes(&fs::read(&file).unwrap()).unwrap();
    fs::write(&file, bytes).unwrap();
    dir
}

/// Every passage of events, claims and discrepancies with the id of what holds it.
fn passages(store: &Store) -> Vec<(String, &Passage)> {
    let events = store.events.iter().flat_map(|e| e.evidence.iter().map(|p| (e.id.clone(), p)));
    let claims = store.claims.iter().flat_map(|c| c.evidence.iter().map(|p| (c.id.clone(), p)));
    let variants = store
        .discrepancies
        .iter()
        .flat_map(|d| d.variants.iter().flat_map(|v| v.evidence.iter().map(|p| (d.id.clone(), p))));
    events.chain(claims).chain(variants).collect()
}

/// The sources cited most, most first.
fn sources_by_citations(store: &Store) -> Vec<usize> {
    let mut counts = vec![0usize; store.sources.len()];
    for (_, p) in passages(store) {
        counts[p.source as usize] += 1;
    }
    let mut order: Vec<usize> = (0..store.sources.len()).collect();
    order.sort_by_key(|&s| std::cmp::Reverse(counts[s]));
    order
}

fn rewrite(dir: &Path, store: &Store, source: usize, text: &str) {
    fs::write(dir.join(store.sources[source].file.as_deref().unwrap()), text).unwrap();
}

/// A word of five letters or more inside a passage of `source` that no other passage covers,
/// replaced by as many `x`: that passage turns fuzzy, nothing else moves.
fn change_a_word(store: &Store, source: usize) -> String {
    let text = &store.sources[source].text;
    let cited: Vec<Range<usize>> =
        passages(store).iter().filter(|(_, p)| p.source as usize == source).map(|(_, p)| p.bytes.clone()).collect();
    for span in &cited {
        if span.len() < 40 {
            continue;
        }
        let quote = &text[span.clone()];
        for word in quote.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 5) {
            let at = span.start + (word.as_ptr() as usize - quote.as_ptr() as usize);
            let range = at..at + word.len();
            if cited.iter().filter(|o| o.start < range.end && range.start < o.end).count() == 1 {
                let mut edited = text.clone();
                edited.replace_range(range, &"x".repeat(word.len()));
                return edited;
            }
        }
    }
    panic!("no passage of source {source} with a word of its own");
}

/// Three articles edited: a word changed, straight quotes for curly ones, a note inserted on top.
fn edited_store() -> TempDir {
    let dir = copy_of_data();
    let store = store::load_path(dir.path()).unwrap();
    let order = sources_by_citations(&store);
    let straighten = |s: &str| s.replace(['‘', '’'], "'").replace(['“', '”'], "\"");
    let curly = order.iter().copied().find(|&s| store.sources[s].text.contains(['“', '’'])).unwrap();
    let rest: Vec<usize> = order.iter().copied().filter(|&s| s != curly).collect();
    rewrite(dir.path(), &store, curly, &straighten(&store.sources[curly].text));
    rewrite(dir.path(), &store, rest[0], &change_a_word(&store, rest[0]));
    let note = "Correction appended on 2024-01-30: an earlier version misnamed a minister.\n\n";
    rewrite(dir.path(), &store, rest[1], &format!("{note}{}", store.sources[rest[1]].text));
    dir
}

fn editing(data: &Path) -> Browser {
    let (store, curation) = Curation::open(Some(data)).unwrap();
    assert_eq!(curation.read_only(), None);
    let search = Arc::new(SearchIndex::new(&store));
    Browser::with_editor(App::new(store, search), Theme::new(true), Box::new(curation))
}

fn key(browser: &mut Browser, c: char) -> bool {
    browser.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
}

fn screen(browser: &mut Browser, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| browser.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string() + "\n")
        .collect()
}

/// Orphan 0, fuzzy 1, moved 2, exact 3: the Review view's order of passage statuses.
fn class(anchoring: Option<&Anchoring>) -> (u8, u16) {
    match anchoring {
        Some(Anchoring::Orphan { .. }) => (0, 0),
        Some(Anchoring::Fuzzy { score, .. }) => (1, (score.value() * 1000.0) as u16),
        Some(Anchoring::Moved { .. }) => (2, 0),
        _ => (3, 0),
    }
}

fn check(dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_factline")).arg("check").arg("--data").arg(dir).output().unwrap()
}

/// Every line a diff of `old` → `new` changes lies in one of the records `ids`.
fn assert_only_records_changed(old: &str, new: &str, ids: &[String]) {
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let (old_spans, new_spans) = (record_spans(&old, ids), record_spans(&new, ids));
    assert_eq!(old_spans.len(), ids.len());
    for (i, kept) in kept_lines(&old, &new).into_iter().enumerate() {
        assert!(kept || old_spans.iter().any(|s| s.contains(&i)), "removed line {i}: {}", old[i]);
    }
    for (j, kept) in kept_lines(&new, &old).into_iter().enumerate() {
        assert!(kept || new_spans.iter().any(|s| s.contains(&j)), "added line {j}: {}", new[j]);
    }
}

#[test]
fn review_lists_every_non_exact_item_worst_first_and_names_its_status() {
    let dir = edited_store();
    let mut browser = editing(dir.path());
    let counts = browser.app.store().anchoring_counts();
    assert!(counts.fuzzy >= 2 && counts.moved >= 5 && counts.orphan == 0, "{counts:?}");
    key(&mut browser, '4');
    assert_eq!(browser.app.view(), View::Review);
    let store = browser.app.store();
    let classes: Vec<(u8, u16)> =
        (0..browser.app.len()).map(|i| class(item_anchoring(store, browser.app.item(i).unwrap()))).collect();
    assert!(classes.windows(2).all(|w| w[0] <= w[1]), "fuzzy by score, then moved: {classes:?}");
    let holders: std::collections::BTreeSet<String> =
        passages(store).into_iter().filter(|(_, p)| !p.anchoring.is_exact()).map(|(id, _)| id).collect();
    let listed: std::collections::BTreeSet<String> =
        (0..browser.app.len()).map(|i| id_of(store, browser.app.item(i).unwrap())).collect();
    assert_eq!(listed, holders, "every item with a non-exact passage, and no other");
    let shot = screen(&mut browser, 160, 48);
    assert!(shot.contains(&format!("4 Review {}", holders.len())), "the view bar counts them:\n{shot}");
    let first = shot.lines().find(|l| l.contains("fuzzy 1.00") || l.contains("fuzzy 0.")).map(str::to_string);
    assert!(first.is_some(), "a fuzzy row names its score:\n{shot}");
    assert!(shot.lines().any(|l| l.starts_with("moved ")), "{shot}");
    // Each item opens at the passage that needs fixing, and the pane's header names its status.
    for _ in 0..browser.app.len() {
        let item = browser.app.selected().unwrap();
        let shown = browser.app.current_passage().unwrap().passage.anchoring.clone();
        assert_eq!(Some(&*shown), item_anchoring(browser.app.store(), item), "{item:?}");
        let label = shown.label().unwrap();
        assert!(screen(&mut browser, 160, 48).contains(&format!("· {label}")), "{label}");
        key(&mut browser, 'j');
    }
}

#[test]
fn accepting_moved_and_fuzzy_passages_rewrites_them_and_the_store_checks_clean() {
    let dir = edited_store();
    let file = dir.path().join("store.json");
    let original = fs::read_to_string(&file).unwrap();
    assert!(!check(dir.path()).status.success(), "the edited articles fail check");
    let mut browser = editing(dir.path());
    key(&mut browser, '4');
    let mut accepted = Vec::new();
    while !browser.app.is_empty() {
        let item = browser.app.selected().unwrap();
        let id = id_of(browser.app.store(), item);
        let before = fs::read_to_string(&file).unwrap();
        assert!(key(&mut browser, 'a'));
        assert!(browser.app.notice().is_some_and(|n| n.starts_with("saved")), "{:?}", browser.app.notice());
        // One accept, one undo step: undo restores the bytes, redo makes it again.
        if accepted.is_empty() {
            key(&mut browser, 'u');
            assert_eq!(fs::read_to_string(&file).unwrap(), before);
            browser.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)));
        }
        assert!(!accepted.contains(&id), "{id} accepted twice");
        accepted.push(id);
    }
    let counts = browser.app.store().anchoring_counts();
    assert_eq!(counts.total(), 0, "every passage exact after the accepts: {counts:?}");
    drop(browser);
    let output = check(dir.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let reloaded = store::load_path(dir.path()).unwrap();
    assert!(passages(&reloaded).iter().all(|(_, p)| p.anchoring.is_exact()));
    let saved = fs::read_to_string(&file).unwrap();
    assert_eq!(canonical_bytes(saved.as_bytes()).unwrap(), saved.as_bytes(), "saved in canonical form");
    assert_only_records_changed(&original, &saved, &accepted);
}

/// A paragraph of `source` holding only passages of events and claims, long and unrepeated, so
/// that deleting it orphans them; with its text removed from the article.
fn delete_a_paragraph(store: &Store) -> (usize, String, Vec<String>) {
    let all = passages(store);
    for source in 0..store.sources.len() {
        let text = &store.sources[source].text;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let paragraph = at..at + line.len();
            at += line.len();
            let rest = format!("{}{}", &text[..paragraph.start], &text[paragraph.end..]);
            let here: Vec<&(String, &Passage)> = all
                .iter()
                .filter(|(_, p)| {
                    p.source as usize == source && p.bytes.start < paragraph.end && paragraph.start < p.bytes.end
                })
                .collect();
            let fits = here.iter().all(|(id, p)| {
                p.bytes.start >= paragraph.start
                    && p.bytes.end <= paragraph.end
                    && p.bytes.len() >= 30
                    && !rest.contains(&text[p.bytes.clone()])
                    && !store.discrepancies.iter().any(|d| &d.id == id)
            });
            if !here.is_empty() && fits {
                return (source, rest, here.iter().map(|(id, _)| id.clone()).collect());
            }
        }
    }
    panic!("no paragraph holding only long, unrepeated passages of events and claims");
}

#[test]
fn an_orphan_is_not_accepted_and_its_item_can_be_rejected() {
    let dir = copy_of_data();
    let file = dir.path().join("store.json");
    let store = store::load_path(dir.path()).unwrap();
    let (source, rest, orphaned) = delete_a_paragraph(&store);
    rewrite(dir.path(), &store, source, &rest);
    let mut browser = editing(dir.path());
    key(&mut browser, '4');
    let first = browser.app.selected().unwrap();
    assert!(matches!(item_anchoring(browser.app.store(), first), Some(Anchoring::Orphan { .. })), "orphans first");
    let shot = screen(&mut browser, 160, 48);
    assert!(shot.lines().any(|l| l.starts_with("orphan")), "the row says orphan");
    // The quote that vanished is shown, whole, in the detail area.
    let passage = browser.app.current_passage().unwrap().passage;
    let quoted = passage.anchoring.quoted().unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = shot.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&format!("vanished from the article: “{quoted}”")), "{shot}");
    let before = fs::read(&file).unwrap();
    assert!(key(&mut browser, 'a'));
    let notice = browser.app.notice().unwrap().to_string();
    assert!(notice.contains("orphan") && notice.contains("re-select") && notice.contains("reject"), "{notice}");
    assert_eq!(fs::read(&file).unwrap(), before, "nothing saved");
    let id = id_of(browser.app.store(), first);
    assert!(orphaned.contains(&id));
    // The item was reviewed by a person: the first `x` asks, and saves nothing.
    assert!(key(&mut browser, 'x'));
    let notice = browser.app.notice().unwrap().to_string();
    assert!(notice.contains("x again removes it") && notice.contains("u brings it back"), "{notice}");
    assert_eq!(fs::read(&file).unwrap(), before, "nothing saved on the first x");
    assert!(key(&mut browser, 'x'));
    assert!(browser.app.notice().unwrap().starts_with("saved"), "{:?}", browser.app.notice());
    assert!(
        browser.app.store().claims.iter().all(|c| c.id != id) && browser.app.store().events.iter().all(|e| e.id != id)
    );
}

// ---------------------------------------------------------------------------------------------
// Selection (`v`) and extend/shrink (`p`) in the source pane.

use factline::tui::keymap::Mode;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use unicode_segmentation::UnicodeSegmentation;

mod common;
use common::*;

fn kiosk() -> Browser {
    let store = Arc::new(factline::store::bundled::load().unwrap());
    let search = Arc::new(SearchIndex::new(&store));
    Browser::new(App::new(store, search), Theme::new(true))
}

fn press(browser: &mut Browser, code: KeyCode, mods: KeyModifiers) -> bool {
    browser.handle_event(&Event::Key(KeyEvent::new(code, mods)))
}

fn render(browser: &mut Browser, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| browser.draw(frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// The selected text, by code points of its source.
fn selected(browser: &Browser) -> String {
    let span = browser.app.text_selection().expect("a selection");
    let text = &browser.app.store().sources[span.source as usize].text;
    text.chars().skip(span.start).take(span.end - span.start).collect()
}

fn span(browser: &Browser) -> (usize, usize) {
    let span = browser.app.text_selection().expect("a selection");
    (span.start, span.end)
}

/// The text of the source pane's cells drawn with exactly these modifiers, spaces dropped.
fn styled_text(browser: &Browser, buffer: &Buffer, modifiers: Modifier) -> String {
    let area = browser.frame_state.geometry.source;
    let mut out = String::new();
    // The text below the pane's header.
    for y in area.bottom() - browser.frame_state.geometry.source_body..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            if cell.modifier == modifiers && !cell.symbol().trim().is_empty() {
                out.push_str(cell.symbol());
            }
        }
    }
    out
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

const SELECTION: Modifier = Modifier::REVERSED.union(Modifier::UNDERLINED);
const PASSAGE: Modifier = Modifier::REVERSED.union(Modifier::BOLD);

#[test]
fn v_selects_a_word_at_the_passage_and_every_key_moves_its_end_on_word_sentence_line_and_grapheme_edges() {
    let mut b = kiosk();
    render(&mut b, 160, 48);
    let passage = b.app.current_passage().unwrap().passage.clone();
    assert!(key(&mut b, 'v'));
    assert_eq!(b.app.mode(), Mode::Select);
    let (start, end) = span(&b);
    assert!(start >= passage.start && start < passage.end, "at the passage shown");
    let word = selected(&b);
    assert_eq!(word.unicode_words().count(), 1, "one word: {word:?}");
    assert_eq!(word.trim(), word);

    assert!(key(&mut b, 'w'));
    assert_eq!(selected(&b).unicode_words().count(), 2, "{:?}", selected(&b));
    assert_eq!(span(&b).0, start);
    assert!(press(&mut b, KeyCode::Right, KeyModifiers::CONTROL));
    assert_eq!(selected(&b).unicode_words().count(), 3, "Ctrl-→ is w");
    assert!(key(&mut b, 'b') && press(&mut b, KeyCode::Left, KeyModifiers::CONTROL));
    assert_eq!(span(&b), (start, end), "b and Ctrl-← take the words back");

    let before = span(&b);
    assert!(key(&mut b, 'l'));
    assert_eq!(span(&b).1, before.1 + selected(&b).graphemes(true).next_back().unwrap().chars().count());
    assert!(key(&mut b, 'h'));
    assert_eq!(span(&b), before);

    render(&mut b, 160, 48);
    let lines = b.frame_state.source_view().unwrap().lines.clone();
    let line = |at: usize| factline::text::line_of_char(&lines, at - 1);
    let on = line(span(&b).1);
    assert!(key(&mut b, 'j'));
    assert_eq!(line(span(&b).1), on + 1, "j: one wrapped line down");
    assert!(key(&mut b, 'k'));
    assert_eq!(line(span(&b).1), on);
    // Back to the one word (a shorter line below may have moved the column).
    assert!(press(&mut b, KeyCode::Esc, KeyModifiers::NONE) && key(&mut b, 'v'));
    assert_eq!(span(&b), before);

    assert!(key(&mut b, 'o'));
    assert!(key(&mut b, 'b'));
    assert!(span(&b).0 < start && span(&b).1 == end, "after o the start moves");
    assert!(key(&mut b, 'o') && key(&mut b, 'w') && key(&mut b, 'b'));
    assert!(span(&b).1 == end, "after o again the end moves");

    assert!(press(&mut b, KeyCode::Esc, KeyModifiers::NONE) && key(&mut b, 'v'));
    assert!(key(&mut b, ')'));
    let sentence = selected(&b);
    assert!(sentence.ends_with(['.', '!', '?', '”', '"', '’']), "to the end of the sentence: {sentence:?}");
    assert!(sentence.unicode_words().count() > 2);
    assert!(key(&mut b, '('));
    assert!(!selected(&b).is_empty() && selected(&b) != sentence, "( moves back a sentence");

    assert!(press(&mut b, KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(b.app.text_selection(), None);
    assert_eq!(b.app.mode(), Mode::Source);
}

#[test]
fn a_kiosk_selects_but_never_saves_and_offers_no_curation_key() {
    let mut b = kiosk();
    render(&mut b, 160, 48);
    assert!(!key(&mut b, 'p'), "no extend/shrink without an editor");
    assert_eq!(b.app.text_selection(), None);
    key(&mut b, 'v');
    let hints = screen(&mut b, 200, 30);
    assert!(hints.contains("b/w word") && hints.contains("o other end"), "{hints}");
    assert!(!hints.contains("set passage"), "{hints}");
    assert!(!press(&mut b, KeyCode::Enter, KeyModifiers::NONE));
    assert!(b.app.notice().is_none());
    press(&mut b, KeyCode::Esc, KeyModifiers::NONE);
    key(&mut b, '?');
    let help = screen(&mut b, 120, 90);
    assert!(help.contains("Selection (source pane)") && !help.contains("Selection, curating"), "{help}");
}

#[test]
fn the_selection_is_drawn_apart_from_the_passage_without_colour() {
    let mut b = kiosk();
    render(&mut b, 160, 48);
    key(&mut b, 'v');
    key(&mut b, 'w');
    let buffer = render(&mut b, 160, 48);
    assert_eq!(styled_text(&b, &buffer, SELECTION), squeeze(&selected(&b)));
    let passage = b.app.current_passage().unwrap().passage.exact(&b.app.store().sources).to_string();
    let rest = styled_text(&b, &buffer, PASSAGE);
    assert!(!rest.is_empty() && squeeze(&passage).ends_with(&rest), "the passage beyond the selection stays marked");
}

/// The bundled store copied out, in canonical form, with the browser editing it.
fn editing_copy() -> (TempDir, Browser) {
    let dir = copy_of_data();
    let browser = editing(dir.path());
    (dir, browser)
}

#[test]
fn p_extends_and_shrinks_the_passage_by_word_and_enter_saves_it_as_one_undo_step() {
    let (dir, mut b) = editing_copy();
    let file = dir.path().join("store.json");
    let original = fs::read_to_string(&file).unwrap();
    key(&mut b, '2');
    render(&mut b, 160, 48);
    let claim = match b.app.selected() {
        Some(Item::Claim(c)) => b.app.store().claims[c as usize].clone(),
        other => panic!("{other:?}"),
    };
    let old = claim.evidence[0].clone();
    assert!(key(&mut b, 'p'));
    assert_eq!(span(&b), (old.start, old.end), "the passage's own span");
    assert!(screen(&mut b, 160, 48).contains("adjusting passage 1/"), "the header says so");
    key(&mut b, 'w');
    let extended = span(&b);
    assert!(extended.0 == old.start && extended.1 > old.end, "w extends the end by a word");
    assert!(screen(&mut b, 160, 48).contains("its end moves"));
    key(&mut b, 'o');
    assert!(screen(&mut b, 160, 48).contains("its start moves"));
    key(&mut b, 'w');
    let (start, end) = span(&b);
    assert!(start > old.start && end == extended.1, "after o, w shrinks the start by a word");
    // The new span in the selection's style; the old passage's first word, left out, still in the passage's.
    let buffer = render(&mut b, 160, 48);
    assert_eq!(styled_text(&b, &buffer, SELECTION), squeeze(&selected(&b)));
    let text = &b.app.store().sources[old.source as usize].text;
    let dropped: String = text.chars().skip(old.start).take(start - old.start).collect();
    assert_eq!(styled_text(&b, &buffer, PASSAGE), squeeze(&dropped));
    let wanted = selected(&b);

    assert!(press(&mut b, KeyCode::Enter, KeyModifiers::NONE));
    assert!(b.app.notice().is_some_and(|n| n.starts_with("saved")), "{:?}", b.app.notice());
    assert_eq!(b.app.text_selection(), None, "saving ends the mode");
    let now = b.app.store().claims.iter().find(|c| c.id == claim.id).unwrap().evidence[0].clone();
    assert_eq!((now.start, now.end), (start, end));
    assert_eq!(now.exact(&b.app.store().sources), wanted);
    let saved = fs::read_to_string(&file).unwrap();
    assert!(check(dir.path()).status.success());
    assert_only_records_changed(&original, &saved, std::slice::from_ref(&claim.id));
    key(&mut b, 'u');
    assert_eq!(fs::read_to_string(&file).unwrap(), original, "one undo step");
    // Esc cancels: nothing saved.
    key(&mut b, 'p');
    key(&mut b, 'w');
    press(&mut b, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(fs::read_to_string(&file).unwrap(), original);
}

#[test]
fn an_orphan_is_re_selected_with_v_or_p_and_enter() {
    let dir = copy_of_data();
    let store = store::load_path(dir.path()).unwrap();
    let (source, rest, _) = delete_a_paragraph(&store);
    rewrite(dir.path(), &store, source, &rest);
    let mut b = editing(dir.path());
    key(&mut b, '4');
    render(&mut b, 160, 48);
    let orphans = b.app.store().anchoring_counts().orphan;
    for (round, start) in ['v', 'p'].into_iter().enumerate().take(orphans) {
        let item = b.app.selected().unwrap();
        assert!(matches!(item_anchoring(b.app.store(), item), Some(Anchoring::Orphan { .. })));
        let id = id_of(b.app.store(), item);
        let index = b.app.passage_position().0;
        assert!(b.app.current_passage().unwrap().passage.anchoring.is_orphan());
        assert!(key(&mut b, start));
        assert!(!selected(&b).is_empty(), "a word where the passage was");
        key(&mut b, ')');
        let wanted = selected(&b);
        assert!(press(&mut b, KeyCode::Enter, KeyModifiers::NONE));
        assert!(b.app.notice().is_some_and(|n| n.starts_with("saved")), "{:?}", b.app.notice());
        let store = b.app.store();
        let passages = match (store.claims.iter().find(|c| c.id == id), store.events.iter().find(|e| e.id == id)) {
            (Some(c), _) => &c.evidence,
            (_, Some(e)) => &e.evidence,
            _ => panic!("{id} is gone"),
        };
        assert!(passages[index].anchoring.is_exact(), "round {round}");
        assert_eq!(passages[index].exact(&store.sources), wanted);
        assert_eq!(store.anchoring_counts().orphan, orphans - round - 1);
        render(&mut b, 160, 48);
    }
}

#[test]
fn snapshots_of_review_with_edited_passages_and_of_a_selection() {
    let dir = edited_store();
    for (width, height) in [(80, 24), (160, 48)] {
        let mut b = editing(dir.path());
        key(&mut b, '4');
        let shot = screen(&mut b, width, height);
        // What the snapshot shows, checked against the store: the Review tab counts every item
        // listed, the status bar names the view and the first of them, each has a passage to fix.
        let listed = b.app.len();
        assert!(listed > 0, "the edited articles leave passages to review");
        assert!(shot.contains(&format!("4 Review {listed}")), "{shot}");
        assert!(shot.contains(&format!("REVIEW  item 1 of {listed}")), "{shot}");
        for i in 0..listed {
            let item = b.app.item(i).unwrap();
            assert!(item_anchoring(b.app.store(), item).is_some(), "{item:?} is listed with every passage exact");
        }
        // The evidence: the words quoted against those found now, both whole.
        let passage = b.app.current_passage().unwrap().passage;
        let quoted = passage.anchoring.quoted().unwrap().to_string();
        let now = passage.exact(&b.app.store().sources).to_string();
        let flat = shot.split_whitespace().collect::<Vec<_>>().join(" ");
        let squeezed = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&format!("was: “{}”", squeezed(&quoted))), "{shot}");
        assert!(flat.contains(&format!("now: “{}”", squeezed(&now))), "{shot}");
        drop(b);
        insta::assert_snapshot!(format!("review_edited_{width}x{height}"), shot);
        let mut b = kiosk();
        render(&mut b, width, height);
        key(&mut b, 'v');
        key(&mut b, 'w');
        key(&mut b, 'w');
        let shot = screen(&mut b, width, height);
        let chosen = selected(&b);
        assert_eq!(chosen.split_whitespace().count(), 3, "the word at the passage and two more: {chosen:?}");
        assert!(shot.contains(&format!("selection · {} chars", chosen.chars().count())), "{shot}");
        insta::assert_snapshot!(format!("selection_{width}x{height}"), shot);
    }
}

// ---------------------------------------------------------------------------------------------
// End to end: the real binary in a pseudo-terminal.

#[path = "../benches/pty.rs"]
mod pty;

/// The real binary with `args` in a cols×rows pseudo-terminal.
fn run_in_terminal(args: &[&std::ffi::OsStr], cols: u16, rows: u16) -> pty::Running {
    let mut cmd = portable_pty::CommandBuilder::new(env!("CARGO_BIN_EXE_factline"));
    cmd.args(args);
    pty::Running::start(cmd, cols, rows)
}

#[test]
fn end_to_end_accept_two_claims_reject_one_fix_a_passage_create_a_claim_from_a_selection_and_quit() {
    // Four claims drafted, least sure first in this order.
    let dir = copy_of_data();
    let file = dir.path().join("store.json");
    let mut doc: serde_json::Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
    let confidences = [0.2, 0.4, 0.6, 0.8];
    let mut queue = Vec::new();
    for (i, confidence) in confidences.into_iter().enumerate() {
        let claim = doc["claims"][i].as_object_mut().unwrap();
        claim.insert("status".into(), serde_json::json!("draft"));
        claim.insert("confidence".into(), serde_json::json!(confidence));
        queue.push(claim["id"].as_str().unwrap().to_string());
    }
    fs::write(&file, canonical_bytes(&serde_json::to_vec(&doc).unwrap()).unwrap()).unwrap();
    let original = fs::read_to_string(&file).unwrap();
    let before = store::load_path(dir.path()).unwrap();
    let fixed = before.claims.iter().find(|c| c.id == queue[3]).unwrap().evidence[0].clone();

    let mut s = run_in_terminal(&["--data".as_ref(), dir.path().as_os_str()], 160, 48);
    s.wait_for_text("4 drafts");
    s.type_keys("4");
    s.wait_for_text("4 Review 4");
    for (key, id, done) in [("a", &queue[0], "accepted"), ("a", &queue[1], "accepted"), ("x", &queue[2], "rejected")] {
        s.type_keys(key);
        s.wait_for_text(&format!("{done} claim `{id}`"));
    }
    // The last draft's passage, one word longer.
    s.type_keys("p");
    s.wait_for_text("adjusting passage 1/");
    s.type_keys("w\r");
    s.wait_for_text(&format!("set passage 1 of claim `{}`", queue[3]));
    // A new claim from a selection of two words: speaker, text and date typed in its form.
    s.type_keys("vw");
    s.wait_for_text("selection · ");
    s.type_keys("c");
    s.wait_for_text("speaker");
    // The text starts as the quote: Ctrl-u clears it.
    s.type_keys("iran\r\t\t\x15Iran said something.\t2024-01-20\x13");
    s.wait_for_text("created claim `iran-said-something`");
    s.type_keys("\x1bq");
    assert!(s.wait_exit().success());

    let output = check(dir.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let after = store::load_path(dir.path()).unwrap();
    let claim = |id: &str| after.claims.iter().find(|c| c.id == id);
    assert!(claim(&queue[0]).is_some_and(|c| c.status == factline::store::Status::Reviewed));
    assert!(claim(&queue[1]).is_some_and(|c| c.status == factline::store::Status::Reviewed));
    assert!(claim(&queue[2]).is_none(), "rejected");
    let created = claim("iran-said-something").expect("the claim made from the selection");
    assert_eq!(after.entities[created.speaker as usize].id, "iran");
    assert_eq!(created.evidence[0].exact(&after.sources).split_whitespace().count(), 2, "the two words selected");
    let now = &claim(&queue[3]).unwrap().evidence[0];
    assert!(now.start == fixed.start && now.end > fixed.end, "{:?} → {:?}", fixed.start..fixed.end, now.start..now.end);
    let saved = fs::read_to_string(&file).unwrap();
    // The rejected claim's lines go, and references to it (a discrepancy's `about`) with them.
    let (old, new): (Vec<&str>, Vec<&str>) = (original.lines().collect(), saved.lines().collect());
    let kept = [&queue[0], &queue[1], &queue[3], "iran-said-something"].map(|id| id.to_string());
    let (old_spans, new_spans) = (record_spans(&old, &queue), record_spans(&new, &kept));
    let refers = |line: &str| line.trim().trim_end_matches(',') == format!("\"{}\"", queue[2]);
    let bracket = |line: &str| line.trim().trim_end_matches(',').chars().all(|c| "{}[]".contains(c));
    for (i, kept) in kept_lines(&old, &new).into_iter().enumerate() {
        let in_record = old_spans.iter().any(|r| r.contains(&i) || old[r.clone()].contains(&old[i]));
        assert!(kept || in_record || refers(old[i]), "removed line {i}: {}", old[i]);
    }
    for (j, kept) in kept_lines(&new, &old).into_iter().enumerate() {
        assert!(kept || new_spans.iter().any(|r| r.contains(&j)) || bracket(new[j]), "added line {j}: {}", new[j]);
    }
}

#[test]
fn accepting_a_fuzzy_passage_with_context_and_no_offsets_rewrites_its_context_and_adds_offsets() {
    let dir = copy_of_data();
    let file = dir.path().join("store.json");
    let store = store::load_path(dir.path()).unwrap();
    // A claim whose first passage is long enough to be found fuzzily, cited by prefix/suffix only.
    let (c, claim) = store.claims.iter().enumerate().find(|(_, c)| c.evidence[0].bytes.len() > 60).unwrap();
    let p = &claim.evidence[0];
    let text = &store.sources[p.source as usize].text;
    let before: String = text[..p.bytes.start].chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[p.bytes.end..].chars().take(4).collect();
    let mut doc: serde_json::Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
    let passage = doc["claims"][c]["evidence"][0].as_object_mut().unwrap();
    passage.remove("start");
    passage.remove("end");
    passage.insert("prefix".into(), serde_json::json!(before));
    passage.insert("suffix".into(), serde_json::json!(after));
    fs::write(&file, canonical_bytes(&serde_json::to_vec(&doc).unwrap()).unwrap()).unwrap();
    // One letter of the quote changed, and a note put on top of the article: fuzzy, elsewhere.
    let quote = &text[p.bytes.clone()];
    let at = p.bytes.start + quote.char_indices().nth(30).unwrap().0;
    let mut edited = text.clone();
    let letter = edited[at..].chars().next().unwrap();
    edited.replace_range(at..at + letter.len_utf8(), if letter == 'q' { "z" } else { "q" });
    rewrite(dir.path(), &store, p.source as usize, &format!("Note added later.\n\n{edited}"));

    let (lenient, mut curation) = Curation::open(Some(dir.path())).unwrap();
    let now = &lenient.claims[c].evidence[0];
    assert!(matches!(*now.anchoring, Anchoring::Fuzzy { .. }), "{:?}", now.anchoring);
    let saved = curation.accept_item(factline::curation::Holder::Claim, &claim.id).unwrap();
    let fixed = &saved.claims[c].evidence[0];
    assert!(fixed.anchoring.is_exact());
    assert_eq!(fixed.exact(&saved.sources), now.exact(&lenient.sources));
    drop(curation);
    let written: serde_json::Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
    let passage = &written["claims"][c]["evidence"][0];
    let source_text = &saved.sources[fixed.source as usize].text;
    assert_eq!(passage["start"], serde_json::json!(fixed.start), "offsets added");
    assert_eq!(passage["end"], serde_json::json!(fixed.end));
    let prefix = passage["prefix"].as_str().unwrap();
    let suffix = passage["suffix"].as_str().unwrap();
    assert_eq!((prefix.chars().count(), suffix.chars().count()), (6, 4), "context of the same length");
    assert!(source_text[..fixed.bytes.start].ends_with(prefix) && source_text[fixed.bytes.end..].starts_with(suffix));
    // The rest of the article's passages moved too, and stay for their own review; this one is exact.
    let reloaded = store::Locator::Path(dir.path().into()).load(store::LoadOptions::lenient()).unwrap();
    assert!(reloaded.claims[c].evidence[0].anchoring.is_exact());
}

#[test]
fn dragging_in_the_article_selects_whole_graphemes_from_the_press_to_the_pointer() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mouse = |b: &mut Browser, kind, column, row| {
        b.handle_event(&Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }))
    };
    let mut b = kiosk();
    render(&mut b, 160, 48);
    let g = b.frame_state.geometry.clone();
    let view = b.frame_state.source_view().unwrap().clone();
    let text = b.app.store().sources[view.source as usize].text.clone();
    let body = g.source.bottom() - g.source_body;
    let line = |r: u16| view.lines[view.top + usize::from(r - body)].clone();
    // Rows of plain text (twelve characters or more, ASCII so cells are characters).
    let plain = |r: &u16| {
        let l = line(*r);
        text[l.bytes.clone()].len() >= 12 && text[l.bytes.clone()].is_ascii()
    };
    let rows: Vec<u16> = (body + 1..g.source.bottom()).filter(plain).collect();
    // From the third cell of one text row to the tenth of a later one.
    let (row, to_row) = (rows[0], rows[2]);
    let (x, to_x) = (g.source.x + 2, g.source.x + 9);
    mouse(&mut b, MouseEventKind::Down(MouseButton::Left), x, row);
    assert_eq!(b.app.text_selection(), None, "a press alone selects nothing");
    assert!(mouse(&mut b, MouseEventKind::Drag(MouseButton::Left), to_x, to_row));
    let (start, end) = span(&b);
    assert_eq!(start, line(row).start_char + 2);
    assert_eq!(end, line(to_row).start_char + 10, "the grapheme under the pointer is in");
    assert_eq!(b.app.mode(), Mode::Select, "the keys then move its end");
    let expected: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(selected(&b), expected);
    // Back before the press: the pressed grapheme stays in, as the end.
    assert!(mouse(&mut b, MouseEventKind::Drag(MouseButton::Left), g.source.x, row));
    assert_eq!(span(&b), (line(row).start_char, line(row).start_char + 3));
    mouse(&mut b, MouseEventKind::Up(MouseButton::Left), g.source.x, row);
    assert!(!mouse(&mut b, MouseEventKind::Drag(MouseButton::Left), to_x, to_row), "no drag after the release");
}

#[test]
fn end_to_end_the_local_browser_asks_for_drags_and_a_drag_selects() {
    let mut s = run_in_terminal(&[], 160, 48);
    s.wait_for_text("item 1 of");
    assert_eq!(
        s.with_screen(vt100::Screen::mouse_protocol_mode),
        vt100::MouseProtocolMode::ButtonMotion,
        "mode 1002 locally"
    );
    // A row of the article (right of the `│`) with plain text in its first twenty cells.
    let screen = s.screen();
    let (row, column) = screen
        .lines()
        .enumerate()
        .skip(4)
        .find_map(|(y, line)| {
            let chars: Vec<char> = line.chars().collect();
            let bar = chars.iter().position(|&c| c == '│')?;
            let text: String = chars[bar + 1..].iter().take(20).collect();
            (text.chars().count() == 20 && text.is_ascii() && !text.starts_with(' ')).then_some((y, bar + 1))
        })
        .expect("a row of article text");
    // SGR reports count from 1: press on the third cell, drag over to the twelfth, release.
    let (y, x) = (row + 1, column + 1);
    s.type_keys(&format!(
        "\x1b[<0;{};{y}M\x1b[<32;{};{y}M\x1b[<32;{};{y}M\x1b[<0;{};{y}m",
        x + 2,
        x + 6,
        x + 11,
        x + 11
    ));
    s.wait_for_text("selection · 10 chars");
    s.type_keys("w");
    s.wait_for_text("selection · ");
    s.type_keys("\x1bq");
    assert!(s.wait_exit().success());
}

#[test]
fn c_and_e_open_a_form_citing_the_selection_and_a_picks_whose_alias_it_becomes() {
    use factline::curation::NewPassage;
    let (_dir, mut b) = editing_copy();
    render(&mut b, 160, 48);
    // "the war between Israel …": the fourth word alone.
    for k in ['v', 'w', 'w', 'w', 'o', 'w', 'w', 'w'] {
        key(&mut b, k);
    }
    assert_eq!(selected(&b), "Israel");
    let (start, end) = span(&b);
    let source = b.app.store().sources[b.app.text_selection().unwrap().source as usize].id.clone();
    let cited = NewPassage { source, start, end };
    assert!(key(&mut b, 'c'));
    assert_eq!(b.app.mode(), Mode::Form);
    assert_eq!(b.app.form().unwrap().passage(), Some(&cited), "the claim cites the selection");
    assert!(press(&mut b, KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(b.app.mode(), Mode::Select, "cancelling returns to the selection");
    assert!(key(&mut b, 'E'));
    assert_eq!(b.app.form().unwrap().passage(), Some(&cited), "the event cites the selection");
    press(&mut b, KeyCode::Esc, KeyModifiers::NONE);
    assert!(key(&mut b, 'A'));
    assert_eq!(b.app.mode(), Mode::Picker);
    assert_eq!(b.app.pending_alias(), Some("Israel"));
    press(&mut b, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(b.app.mode(), Mode::Select);
    // A kiosk selects but none of these open anything.
    let mut k = kiosk();
    render(&mut k, 160, 48);
    key(&mut k, 'v');
    for c in ['c', 'E', 'A'] {
        assert!(!key(&mut k, c), "{c} did something in a kiosk");
        assert_eq!(k.app.mode(), Mode::Select);
    }
}
