//! Review polish, driven through the browser's keys without a terminal on a copy of the
//! bundled store: rejecting a discrepancy, a discrepancy of any number of variants, and the list
//! selecting the item a form created or edited (its passage in the source pane).

use crossterm::event::KeyCode;
use factline::tui::Browser;
use factline::tui::form::Value;
use factline::tui::view::{Item, View};

mod common;
use common::*;

fn selected_id(browser: &Browser) -> String {
    let store = browser.app.store();
    match browser.app.selected().expect("an item is selected") {
        Item::Event(e) => store.events[e as usize].id.clone(),
        Item::Claim(c) => store.claims[c as usize].id.clone(),
        Item::Discrepancy(d) => store.discrepancies[d as usize].id.clone(),
    }
}

#[test]
fn any_other_key_between_two_x_keeps_the_reviewed_item() {
    let dir = store_copy();
    let original = read(&dir);
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    key(&mut browser, 'x');
    key(&mut browser, 'j');
    key(&mut browser, 'k');
    key(&mut browser, 'x');
    assert_eq!(read(&dir), original, "each x was a first one");
    assert!(browser.app.notice().unwrap().contains("x again removes it"), "{:?}", browser.app.notice());
}

#[test]
fn x_rejects_the_selected_discrepancy_in_one_undo_step() {
    let dir = store_copy();
    let original = read(&dir);
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '3');
    assert_eq!(browser.app.view(), View::Disagreements);
    let id = selected_id(&browser);
    let before = browser.app.store().discrepancies.len();
    // A person's work is asked about first: the first `x` saves nothing.
    assert!(key(&mut browser, 'x'));
    assert!(browser.app.notice().unwrap().contains("x again removes it"), "{:?}", browser.app.notice());
    assert_eq!(read(&dir), original);
    assert!(key(&mut browser, 'x'));
    assert_eq!(browser.app.notice(), Some(format!("saved: rejected discrepancy `{id}` (u undoes)").as_str()));
    let store = browser.app.store();
    assert_eq!(store.discrepancies.len(), before - 1);
    assert!(!store.discrepancies.iter().any(|d| d.id == id));
    assert!(!String::from_utf8(read(&dir)).unwrap().contains(&format!("\"{id}\"")), "gone from store.json");
    check(&dir);
    key(&mut browser, 'u');
    assert_eq!(read(&dir), original, "one undo brings it back byte for byte");
}

#[test]
fn d_takes_as_many_variants_as_asked_and_never_fewer_than_two() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    key(&mut browser, 'D');
    let form = |b: &Browser| b.app.form().unwrap().clone();
    let labels = |b: &Browser| form(b).fields().iter().map(|f| f.label).collect::<Vec<_>>();
    assert_eq!(labels(&browser), ["topic", "value 1", "passage 1", "value 2", "passage 2", "variants"]);
    typed(&mut browser, "Death toll");
    tab(&mut browser, 1);
    typed(&mut browser, "two");
    tab(&mut browser, 2);
    typed(&mut browser, "three");
    tab(&mut browser, 2);
    // ← at two does nothing: the format needs two.
    press(&mut browser, KeyCode::Left);
    assert_eq!(labels(&browser).len(), 6);
    press(&mut browser, KeyCode::Right);
    assert_eq!(form(&browser).fields()[form(&browser).focus()].label, "value 3", "the new value is typed next");
    tab(&mut browser, 2);
    press(&mut browser, KeyCode::Right);
    let four =
        ["topic", "value 1", "passage 1", "value 2", "passage 2", "value 3", "passage 3", "value 4", "passage 4"];
    assert_eq!(labels(&browser)[..9], four);
    assert_eq!(labels(&browser).len(), 10);
    tab(&mut browser, 2);
    press(&mut browser, KeyCode::Left);
    assert_eq!(form(&browser).fields()[form(&browser).focus()].label, "variants", "the focus stays on the count");
    assert_eq!(labels(&browser).len(), 8, "the last variant goes");
    assert_eq!(text_of(&form(&browser), "value 2"), "three", "what was typed stays");
    let shot = screen(&mut browser, 80, 24);
    assert!(shot.contains("‹ 3 ›") && shot.contains("← fewer · → more"), "{shot}");
    ctrl(&mut browser, 's');
    assert!(form(&browser).problem().unwrap().contains("value 3"), "a new variant needs its value too");
    assert_eq!(form(&browser).fields()[form(&browser).focus()].label, "value 3");
    typed(&mut browser, "four");
    ctrl(&mut browser, 's');
    saved(&browser);
    let store = browser.app.store();
    let d = store.discrepancies.iter().find(|d| d.id == "death-toll").unwrap();
    let values: Vec<&str> = d.variants.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["two", "three", "four"]);
    assert!(d.variants.iter().all(|v| v.evidence.len() == 1));
    check(&dir);
}

#[test]
fn a_discrepancy_recorded_with_d_is_selected_in_disagreements_with_its_passage_shown() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    key(&mut browser, 'D');
    typed(&mut browser, "Zzz topic");
    tab(&mut browser, 1);
    typed(&mut browser, "one");
    tab(&mut browser, 2);
    typed(&mut browser, "other");
    ctrl(&mut browser, 's');
    saved(&browser);
    assert_eq!(browser.app.view(), View::Disagreements);
    assert_eq!(selected_id(&browser), "zzz-topic");
    let shot = screen(&mut browser, 160, 48);
    assert!(shot.contains("Zzz topic"), "{shot}");
    assert_eq!(browser.app.current_passage().unwrap().variant, Some(0));
}

#[test]
fn a_claim_or_event_created_from_a_selection_is_selected_and_its_passage_shown() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    // From the Timeline: the new claim is listed in Claims, which is shown.
    screen(&mut browser, 160, 48);
    for k in ['v', 'w', 'w', 'w'] {
        key(&mut browser, k);
    }
    let span = browser.app.text_selection().unwrap();
    assert!(key(&mut browser, 'c'));
    let quote: String = {
        let text = &browser.app.store().sources[span.source as usize].text;
        text.chars().skip(span.start).take(span.end - span.start).collect()
    };
    let said = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(text_of(browser.app.form().unwrap(), "text"), said, "the claim's text starts as the quote");
    typed(&mut browser, "iran");
    press(&mut browser, KeyCode::Enter);
    tab(&mut browser, 2);
    ctrl(&mut browser, 'u');
    typed(&mut browser, "Zz a claim made here.");
    ctrl(&mut browser, 's');
    saved(&browser);
    assert_eq!(browser.app.view(), View::Claims);
    assert_eq!(selected_id(&browser), "zz-a-claim-made-here");
    let shown = browser.app.current_passage().unwrap().passage;
    assert_eq!((shown.source, shown.start, shown.end), (span.source, span.start, span.end));
    let shot = screen(&mut browser, 160, 48);
    assert!(shot.contains("Zz a claim made here."), "{shot}");

    // From Claims: a new event goes to the Timeline, selected.
    key(&mut browser, 'v');
    key(&mut browser, 'w');
    assert!(key(&mut browser, 'E'));
    typed(&mut browser, "Zz an event");
    tab(&mut browser, 1);
    typed(&mut browser, "2024-01-18");
    ctrl(&mut browser, 's');
    saved(&browser);
    assert_eq!(browser.app.view(), View::Timeline);
    assert_eq!(selected_id(&browser), "zz-an-event");
    check(&dir);
}

#[test]
fn an_edited_event_stays_selected_when_its_new_date_moves_it_in_the_timeline() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    assert_eq!(browser.app.view(), View::Timeline);
    let id = selected_id(&browser);
    let index = browser.app.selected_index();
    key(&mut browser, 'e');
    tab(&mut browser, 1);
    ctrl(&mut browser, 'u');
    typed(&mut browser, "2031-05-05");
    ctrl(&mut browser, 's');
    saved(&browser);
    assert_eq!(selected_id(&browser), id, "the edited event, not its old neighbour");
    assert_ne!(browser.app.selected_index(), index, "it moved to the end of the timeline");
    assert_eq!(browser.app.selected_index(), browser.app.len() - 1);
    check(&dir);
}

#[test]
fn at_80_columns_a_notice_says_what_was_done_before_the_draft_counts() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '3');
    key(&mut browser, 'x');
    key(&mut browser, 'x');
    let shot = screen(&mut browser, 80, 24);
    // Too long for the bar with the counts: it is shown whole, on the rows just above it.
    let notice = browser.app.notice().unwrap().to_string();
    assert!(notice.starts_with("saved: rejected discrepancy"), "what was done, before the id: {notice}");
    let flat = shot.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&notice.split_whitespace().collect::<Vec<_>>().join(" ")), "{shot}");
    // The next key takes the notice away; a key opening a form too.
    key(&mut browser, '2');
    key(&mut browser, 'u');
    assert!(browser.app.notice().is_some());
    key(&mut browser, 'e');
    assert_eq!(browser.app.notice(), None, "the notice of the key before is gone once the form opens");
}

#[test]
fn a_speakers_hint_says_enter_changes_it_and_a_lists_hint_says_enter_adds() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    // A claim whose speaker's name leaves the hint room to show whole.
    let short_speaker = |b: &Browser| {
        let Some(Item::Claim(c)) = b.app.selected() else { return false };
        let store = b.app.store();
        store.entities[store.claims[c as usize].speaker as usize].name.chars().count() < 20
    };
    while !short_speaker(&browser) {
        assert!(key(&mut browser, 'j'), "some claim has a short speaker");
    }
    key(&mut browser, 'e');
    let shot = screen(&mut browser, 200, 40);
    assert!(shot.contains("Enter changes · Backspace removes"), "{shot}");
    assert!(!shot.contains("Enter adds"), "{shot}");
    press(&mut browser, KeyCode::Esc);
    assert!(browser.app.form().is_none());
    key(&mut browser, '1');
    key(&mut browser, 'e');
    tab(&mut browser, 3);
    let shot = screen(&mut browser, 200, 40);
    assert!(shot.contains("Enter adds · Backspace removes"), "{shot}");
}

#[test]
fn r_takes_the_lock_over_once_the_other_editor_is_gone() {
    let dir = store_copy();
    let file = dir.path().join("store.json");
    let other_editor = factline::store::save::Lock::acquire(&file, "test").unwrap();
    let mut browser = editing(Some(dir.path()));
    let notice = browser.app.notice().unwrap().to_string();
    assert!(notice.contains("close that, then R"), "{notice}");
    key(&mut browser, 'x');
    let shot = screen(&mut browser, 80, 24);
    assert!(shot.contains("close that, then R"), "the remedy fits an 80-column status bar:\n{shot}");
    assert!(!browser.app.curating());
    key(&mut browser, 'R');
    assert!(!browser.app.curating(), "still held");
    assert!(browser.app.notice().unwrap().contains("read-only"), "{:?}", browser.app.notice());
    drop(other_editor);
    key(&mut browser, 'R');
    assert!(browser.app.notice().unwrap().contains("changes are saved again"), "{:?}", browser.app.notice());
    assert!(browser.app.curating());
    let before = read(&dir);
    key(&mut browser, '3');
    key(&mut browser, 'x');
    key(&mut browser, 'x');
    assert!(browser.app.notice().unwrap().starts_with("saved"), "{:?}", browser.app.notice());
    assert_ne!(read(&dir), before);
    assert!(factline::store::save::Lock::acquire(&file, "test").is_err(), "this browser holds the lock now");
}

#[test]
fn r_on_the_bundled_store_says_there_is_nothing_to_reload() {
    let mut browser = editing(None);
    key(&mut browser, 'R');
    let notice = browser.app.notice().unwrap();
    assert!(notice.starts_with("nothing to reload") && notice.contains("factline init DIR"), "{notice}");
    assert!(!notice.contains("problem"), "{notice}");
}

#[test]
fn esc_on_a_changed_form_asks_first_and_a_second_esc_discards() {
    let dir = store_copy();
    let original = read(&dir);
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    // Nothing changed: one Esc closes.
    key(&mut browser, 'e');
    press(&mut browser, KeyCode::Esc);
    assert!(browser.app.form().is_none());
    // Changed: the first Esc keeps everything and says how to discard.
    key(&mut browser, 'e');
    tab(&mut browser, 1);
    typed(&mut browser, "ed");
    press(&mut browser, KeyCode::Esc);
    let form = browser.app.form().expect("still open");
    assert!(form.problem().unwrap().contains("Esc again discards"), "{:?}", form.problem());
    assert!(text_of(form, "verb").ends_with("ed"));
    // Any other key calls the discard off: the next Esc asks again.
    typed(&mut browser, "!");
    assert_eq!(browser.app.form().unwrap().problem(), None);
    press(&mut browser, KeyCode::Esc);
    assert!(browser.app.form().is_some());
    press(&mut browser, KeyCode::Esc);
    assert!(browser.app.form().is_none(), "the second Esc discards");
    assert_eq!(read(&dir), original, "nothing written");
}

#[test]
fn enter_on_a_variants_passage_cites_more_than_one() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    key(&mut browser, 'D');
    typed(&mut browser, "Zz who");
    tab(&mut browser, 1);
    typed(&mut browser, "a");
    tab(&mut browser, 1);
    let shot = screen(&mut browser, 160, 48);
    assert!(shot.contains("Enter cites more"), "{shot}");
    press(&mut browser, KeyCode::Enter);
    press(&mut browser, KeyCode::Right);
    press(&mut browser, KeyCode::Enter);
    press(&mut browser, KeyCode::Right);
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.form().unwrap().cited("passage 1"), [0, 1, 2]);
    // Enter on a marked one takes it back.
    press(&mut browser, KeyCode::Left);
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.form().unwrap().cited("passage 1"), [0, 2]);
    let shot = screen(&mut browser, 160, 48);
    assert!(shot.contains("cites 2"), "{shot}");
    press(&mut browser, KeyCode::Right);
    let shot = screen(&mut browser, 160, 48);
    assert!(shot.contains("‹ ✓ "), "the cited one shown is marked:\n{shot}");
    tab(&mut browser, 1);
    typed(&mut browser, "b");
    ctrl(&mut browser, 's');
    saved(&browser);
    let store = browser.app.store();
    let d = store.discrepancies.iter().find(|d| d.id == "zz-who").unwrap();
    assert_eq!(d.variants[0].evidence.len(), 2, "the two marked");
    assert_eq!(d.variants[1].evidence.len(), 1, "nothing marked: the one shown");
    assert_ne!(d.variants[0].evidence[0], d.variants[0].evidence[1]);
    check(&dir);
}

#[test]
fn e_and_d_on_a_discrepancy_say_what_to_do_instead() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '3');
    assert!(key(&mut browser, 'e'));
    assert!(browser.app.form().is_none());
    assert!(browser.app.notice().unwrap().contains("x rejects it"), "{:?}", browser.app.notice());
    assert!(key(&mut browser, 'D'));
    assert!(browser.app.form().is_none());
    assert!(browser.app.notice().unwrap().contains("select one (1 or 2), then D"), "{:?}", browser.app.notice());
}

#[test]
fn the_picker_hints_tab_kind_only_when_it_offers_a_new_entity() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, 'M');
    let status = |b: &mut Browser| screen(b, 160, 30).lines().nth(29).unwrap().to_string();
    let merging = status(&mut browser);
    assert!(merging.contains("Enter choose") && !merging.contains("Tab kind"), "{merging}");
    press(&mut browser, KeyCode::Esc);
    key(&mut browser, 'e');
    tab(&mut browser, 3);
    typed(&mut browser, "zork");
    assert!(browser.app.picker().unwrap().offers_new());
    let picking = status(&mut browser);
    assert!(picking.contains("Tab kind"), "{picking}");
}

#[test]
fn typing_on_a_choice_jumps_to_an_option_and_on_save_says_what_save_takes() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, 'e');
    let form = |b: &Browser| b.app.form().unwrap().clone();
    let choice = |b: &Browser, label: &str| match &form(b).fields().iter().find(|f| f.label == label).unwrap().value {
        Value::Choice { options, at } => options[*at].clone(),
        other => panic!("{other:?}"),
    };
    tab(&mut browser, 2);
    typed(&mut browser, "s");
    assert!(choice(&browser, "type").starts_with('s'), "{}", choice(&browser, "type"));
    key(&mut browser, 'q');
    assert!(form(&browser).problem().unwrap().contains("no choice starts with “q”"));
    assert!(choice(&browser, "type").starts_with('s'), "unchanged");
    // The save button.
    for _ in 0..3 {
        press(&mut browser, KeyCode::BackTab);
    }
    assert_eq!(form(&browser).focus(), form(&browser).fields().len());
    key(&mut browser, 'x');
    assert!(form(&browser).problem().unwrap().contains("Enter saves"), "{:?}", form(&browser).problem());
    // A number of variants, typed.
    press(&mut browser, KeyCode::Esc);
    press(&mut browser, KeyCode::Esc);
    key(&mut browser, '2');
    key(&mut browser, 'D');
    press(&mut browser, KeyCode::BackTab);
    press(&mut browser, KeyCode::BackTab);
    key(&mut browser, '4');
    assert_eq!(choice(&browser, "variants"), "4");
    assert!(form(&browser).fields().iter().any(|f| f.label == "value 4"));
}

#[test]
fn an_empty_review_says_there_is_nothing_to_review() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '4');
    let shot = screen(&mut browser, 80, 24);
    assert!(shot.contains("nothing to review"), "{shot}");
    assert!(!shot.contains("this store has nothing"), "{shot}");
}
