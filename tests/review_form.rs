//! The edit form, the entity picker, `M` merge and `D` discrepancy, driven through the browser's
//! keys without a terminal, on a copy of the bundled store: what each key does, what the saved
//! store holds (and that `factline check` passes on it), that a problem stays inside the form
//! with everything typed, and that a read-only store or a kiosk offers none of it.

use std::sync::Arc;

use crossterm::event::KeyCode;
use factline::curation::NewPassage;
use factline::search::SearchIndex;
use factline::store::{EntityKind, Status, Store};
use factline::tui::form::{Form, Value};
use factline::tui::keymap::Mode;
use factline::tui::view::Item;
use factline::tui::{App, Browser, Theme};

mod common;
use common::*;

fn selected_claim(browser: &Browser) -> String {
    let Some(Item::Claim(c)) = browser.app.selected() else { panic!("a claim is selected") };
    browser.app.store().claims[c as usize].id.clone()
}

fn selected_event(browser: &Browser) -> String {
    let Some(Item::Event(e)) = browser.app.selected() else { panic!("an event is selected") };
    browser.app.store().events[e as usize].id.clone()
}

#[test]
fn e_edits_the_selected_claim_and_undo_takes_it_back() {
    let dir = store_copy();
    let original = read(&dir);
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    let id = selected_claim(&browser);
    assert!(key(&mut browser, 'e'));
    assert_eq!(browser.app.mode(), Mode::Form);
    tab(&mut browser, 1);
    ctrl(&mut browser, 'u');
    typed(&mut browser, "denied");
    key(&mut browser, 'q');
    press(&mut browser, KeyCode::Backspace);
    assert!(!browser.app.should_quit(), "q is text in a form");
    ctrl(&mut browser, 's');
    saved(&browser);
    let store = browser.app.store();
    let claim = store.claims.iter().find(|c| c.id == id).unwrap();
    assert_eq!(claim.verb, "denied");
    check(&dir);
    key(&mut browser, 'u');
    assert_eq!(read(&dir), original, "one undo restores the bytes");

    // From the source pane too.
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.focus(), factline::tui::view::Focus::Source);
    assert!(key(&mut browser, 'e'));
    assert_eq!(browser.app.form().unwrap().title(), format!("Edit claim {id}"));
}

#[test]
fn the_picker_adds_entities_by_fuzzy_search_and_creates_a_new_one_of_a_chosen_kind() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    let id = selected_event(&browser);
    key(&mut browser, 'e');
    tab(&mut browser, 3);
    typed(&mut browser, "kakar");
    assert_eq!(browser.app.mode(), Mode::Picker, "typing on an entity field opens the picker");
    assert_eq!(browser.app.picker().unwrap().query(), "kakar");
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.mode(), Mode::Form);
    press(&mut browser, KeyCode::Enter);
    typed(&mut browser, "Zork Town");
    let rows = browser.app.picker().unwrap().rows().len();
    for _ in 0..rows {
        press(&mut browser, KeyCode::Down);
    }
    press(&mut browser, KeyCode::Tab);
    assert_eq!(browser.app.picker().unwrap().kind(), EntityKind::Organization);
    let shot = screen(&mut browser, 80, 24);
    assert!(shot.contains("+ new organization: “Zork Town”"), "{shot}");
    press(&mut browser, KeyCode::Enter);
    press(&mut browser, KeyCode::Tab);
    press(&mut browser, KeyCode::Esc);
    assert!(browser.app.form().is_some(), "the first Esc on a changed form asks");
    press(&mut browser, KeyCode::Esc);
    assert!(browser.app.form().is_none(), "Esc cancels the form");
    // Again, saved this time.
    key(&mut browser, 'e');
    tab(&mut browser, 3);
    typed(&mut browser, "kakar");
    press(&mut browser, KeyCode::Enter);
    press(&mut browser, KeyCode::Enter);
    typed(&mut browser, "Zork Town");
    for _ in 0..browser.app.picker().unwrap().rows().len() {
        press(&mut browser, KeyCode::Down);
    }
    press(&mut browser, KeyCode::Tab);
    press(&mut browser, KeyCode::Enter);
    ctrl(&mut browser, 's');
    saved(&browser);
    let store = browser.app.store();
    let event = store.events.iter().find(|e| e.id == id).unwrap();
    let actors: Vec<&str> = event.actors.iter().map(|&a| store.entities[a as usize].id.as_str()).collect();
    assert!(actors.ends_with(&["anwaar-ul-haq-kakar", "zork-town"]), "{actors:?}");
    let town = &store.entities[store.entity_by_id("zork-town").unwrap() as usize];
    assert_eq!((town.name.as_str(), town.kind), ("Zork Town", EntityKind::Organization));
    check(&dir);
}

#[test]
fn a_problem_stays_in_the_form_with_everything_typed_and_nothing_is_written() {
    let dir = store_copy();
    let original = read(&dir);
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, 'e');
    typed(&mut browser, " (edited)");
    let title = text_of(browser.app.form().unwrap(), "title");
    assert!(title.ends_with(" (edited)"));
    tab(&mut browser, 1);
    ctrl(&mut browser, 'u');
    typed(&mut browser, "2024-02-30");
    ctrl(&mut browser, 's');
    let form = browser.app.form().expect("still open");
    assert!(form.problem().unwrap().starts_with("date:"), "{:?}", form.problem());
    assert_eq!(text_of(form, "title"), title);
    assert_eq!(text_of(form, "date"), "2024-02-30");
    assert_eq!(read(&dir), original);
    let shot = screen(&mut browser, 80, 24);
    assert!(shot.contains("! date:"), "the problem is shown in the form:\n{shot}");
    press(&mut browser, KeyCode::Esc);
    press(&mut browser, KeyCode::Esc);
    assert!(browser.app.form().is_none());
    assert_eq!(read(&dir), original);
}

#[test]
fn a_form_opened_with_a_passage_creates_a_reviewed_claim_citing_it() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    let store = browser.app.store();
    let source = &store.sources[2];
    let start = 40;
    let end = 90;
    let quote: String = source.text.chars().skip(start).take(end - start).collect();
    let passage = NewPassage { source: source.id.clone(), start, end };
    assert!(browser.app.open_form(Form::new_claim(passage)));
    let shot = screen(&mut browser, 160, 48);
    let first_words: String = quote.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    assert!(shot.contains(&first_words), "the passage shows in the form:\n{shot}");
    typed(&mut browser, "iran");
    press(&mut browser, KeyCode::Enter);
    tab(&mut browser, 2);
    typed(&mut browser, "Iran said something.");
    tab(&mut browser, 1);
    typed(&mut browser, "2024-01-20");
    ctrl(&mut browser, 's');
    saved(&browser);
    let store = browser.app.store();
    let claim = store.claims.iter().find(|c| c.id == "iran-said-something").unwrap();
    assert_eq!(claim.status, Status::Reviewed);
    assert_eq!(store.entities[claim.speaker as usize].id, "iran");
    assert_eq!(claim.evidence[0].exact(&store.sources), quote);
    check(&dir);
}

#[test]
fn m_merges_the_selected_items_entity_into_a_picked_one() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    let Some(Item::Claim(c)) = browser.app.selected() else { panic!() };
    let speaker = browser.app.store().claims[c as usize].speaker;
    let speaker_id = browser.app.store().entities[speaker as usize].id.clone();
    let speaker_name = browser.app.store().entities[speaker as usize].name.clone();
    assert!(key(&mut browser, 'M'));
    assert_eq!(browser.app.picker().unwrap().rows()[0], speaker, "the speaker comes first");
    press(&mut browser, KeyCode::Enter);
    let (target, target_id) = if speaker_id == "iran-foreign-ministry" {
        ("Pakistan", "pakistan")
    } else {
        ("Iran Foreign Ministry", "iran-foreign-ministry")
    };
    typed(&mut browser, target);
    assert!(!browser.app.picker().unwrap().rows().contains(&speaker), "not into itself");
    assert_eq!(browser.app.picker().unwrap().rows()[0], browser.app.store().entity_by_id(target_id).unwrap());
    press(&mut browser, KeyCode::Enter);
    saved(&browser);
    let store = browser.app.store();
    assert_eq!(store.entity_by_id(&speaker_id), None);
    // Claims keep their place in the store across a merge.
    let now = &store.entities[store.claims[c as usize].speaker as usize];
    assert_eq!(now.id, target_id, "the claim's speaker is the entity merged into");
    assert!(now.aliases.contains(&speaker_name), "{speaker_name} kept as an alias: {:?}", now.aliases);
    check(&dir);
}

#[test]
fn d_records_a_discrepancy_about_the_selected_item() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    let id = selected_claim(&browser);
    let before = browser.app.store().discrepancies.len();
    assert!(key(&mut browser, 'D'));
    assert_eq!(browser.app.form().unwrap().title(), "New discrepancy");
    ctrl(&mut browser, 's');
    assert!(browser.app.form().unwrap().problem().unwrap().contains("topic"));
    typed(&mut browser, "Who was struck");
    tab(&mut browser, 1);
    typed(&mut browser, "militants");
    tab(&mut browser, 2);
    typed(&mut browser, "civilians");
    tab(&mut browser, 1);
    press(&mut browser, KeyCode::Right);
    ctrl(&mut browser, 's');
    saved(&browser);
    let store = browser.app.store();
    assert_eq!(store.discrepancies.len(), before + 1);
    let d = store.discrepancies.iter().find(|d| d.id == "who-was-struck").unwrap();
    assert_eq!(d.variants.len(), 2);
    assert_eq!((d.variants[0].value.as_str(), d.variants[1].value.as_str()), ("militants", "civilians"));
    assert_ne!(d.variants[0].evidence, d.variants[1].evidence, "→ chose another passage");
    let claim = store.claims.iter().position(|c| c.id == id).unwrap() as u32;
    assert!(store.discrepancies_of_claim(claim).iter().any(|&x| store.discrepancies[x as usize].id == d.id));
    check(&dir);
}

#[test]
fn a_read_only_store_hints_no_curation_keys_and_answers_them_with_why() {
    let mut browser = editing(None);
    let hints = screen(&mut browser, 220, 30);
    for hint in ["a accept", "x reject", "e edit", "u undo"] {
        assert!(!hints.contains(hint), "{hint} hinted on a read-only store:\n{hints}");
    }
    assert!(hints.contains("read-only"));
    key(&mut browser, 'j');
    key(&mut browser, 'e');
    assert!(browser.app.form().is_none());
    assert!(browser.app.notice().unwrap().contains("read-only"));
    key(&mut browser, 'M');
    assert!(browser.app.picker().is_none());
}

#[test]
fn a_kiosk_never_opens_a_form_or_a_picker() {
    let store: Arc<Store> = Arc::new(factline::store::bundled::load().unwrap());
    let search = Arc::new(SearchIndex::new(&store));
    let mut kiosk = Browser::new(App::new(store, search), Theme::new(true));
    for c in ['e', 'M', 'D'] {
        assert!(!key(&mut kiosk, c), "{c} changed something");
    }
    assert!(kiosk.app.form().is_none() && kiosk.app.picker().is_none());
    assert!(!kiosk.app.open_form(Form::new_claim(NewPassage { source: "x".into(), start: 0, end: 1 })));
    assert_eq!(kiosk.app.mode(), Mode::List);
}

#[test]
fn snapshots_of_the_form_at_80x24_and_160x48() {
    let dir = store_copy();
    let before = read(&dir);
    for (width, height) in [(80, 24), (160, 48)] {
        let mut browser = editing(Some(dir.path()));
        key(&mut browser, 'e');
        tab(&mut browser, 1);
        ctrl(&mut browser, 'u');
        typed(&mut browser, "2024-13");
        ctrl(&mut browser, 's');
        let shot = screen(&mut browser, width, height);
        // What the snapshot shows, checked on its own: the form stays open on the selected event
        // with the bad date kept and its problem named, and nothing was saved.
        let selected = id_of(browser.app.store(), browser.app.selected().unwrap());
        assert!(shot.contains(&format!("Edit event {selected}")), "{shot}");
        assert!(shot.contains("2024-13") && shot.contains("month 13 is not 01–12"), "{shot}");
        assert!(browser.app.form().and_then(Form::problem).is_some(), "the form keeps its problem");
        assert_eq!(read(&dir), before, "a refused form writes nothing");
        insta::assert_snapshot!(format!("form_{width}x{height}"), shot);
        press(&mut browser, KeyCode::Esc);
        press(&mut browser, KeyCode::Esc);
        key(&mut browser, '2');
        key(&mut browser, 'e');
        typed(&mut browser, "pak");
        let shot = screen(&mut browser, width, height);
        // Every entity the picker lists matches what was typed, and it offers a new one too.
        assert!(browser.app.picker().is_some(), "the picker is open");
        let store = browser.app.store();
        let listed: Vec<&str> =
            store.entities.iter().map(|e| e.name.as_str()).filter(|name| shot.contains(*name)).collect();
        assert!(listed.iter().any(|name| name.to_lowercase().contains("pak")), "{shot}");
        assert!(shot.contains("+ new person: “pak”"), "{shot}");
        insta::assert_snapshot!(format!("picker_{width}x{height}"), shot);
        press(&mut browser, KeyCode::Esc);
        press(&mut browser, KeyCode::Esc);
        key(&mut browser, 'D');
        typed(&mut browser, "Who was struck");
        tab(&mut browser, 2);
        let shot = screen(&mut browser, width, height);
        assert!(shot.contains("Who was struck"), "the topic typed is in the form:\n{shot}");
        assert!(browser.app.form().is_some() && browser.app.picker().is_none(), "the discrepancy's form is open");
        assert_eq!(read(&dir), before, "nothing saved before Ctrl-s");
        insta::assert_snapshot!(format!("discrepancy_{width}x{height}"), shot);
    }
}

#[test]
fn the_form_scrolls_its_fields_on_a_small_terminal_and_never_panics() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, 'e');
    tab(&mut browser, 5);
    let shot = screen(&mut browser, 40, 12);
    assert!(shot.contains("places"), "the focused field is in view:\n{shot}");
    assert!(!shot.contains("title"), "the first fields scrolled away:\n{shot}");
    press(&mut browser, KeyCode::Enter);
    typed(&mut browser, "Balochistan, a province with a very long name indeed");
    for (width, height) in [(40, 12), (41, 13), (80, 24), (120, 30), (160, 48), (300, 80), (10, 5), (1, 1)] {
        screen(&mut browser, width, height);
    }
}

#[test]
fn help_in_an_editing_browser_lists_the_form_and_picker_keys() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '?');
    let mut text = String::new();
    for _ in 0..12 {
        text.push_str(&screen(&mut browser, 120, 30));
        for _ in 0..8 {
            key(&mut browser, 'j');
        }
    }
    for (group, keys, description) in factline::tui::keymap::help_entries() {
        if matches!(group, factline::tui::keymap::Group::Form | factline::tui::keymap::Group::Picker) {
            assert!(text.contains(group.title()), "{}", group.title());
            assert!(text.lines().any(|l| l.contains(&keys) && l.contains(description)), "{keys} {description}");
        }
    }
}

#[test]
fn saving_an_unchanged_form_says_so_and_adds_no_undo_step() {
    let dir = store_copy();
    let original = read(&dir);
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, 'e');
    ctrl(&mut browser, 's');
    assert_eq!(browser.app.form().unwrap().problem(), Some("nothing changed"));
    press(&mut browser, KeyCode::Esc);
    key(&mut browser, 'u');
    assert_eq!(browser.app.notice(), Some("nothing to undo"));
    assert_eq!(read(&dir), original);
}

#[test]
fn a_spelling_becomes_an_alias_of_the_entity_picked_for_it() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    assert!(browser.app.open_alias_picker("Persia"));
    assert_eq!(browser.app.mode(), Mode::Picker);
    assert!(screen(&mut browser, 80, 24).contains("“Persia” is another spelling of"));
    for _ in 0.."Persia".len() {
        press(&mut browser, KeyCode::Backspace);
    }
    typed(&mut browser, "iran");
    press(&mut browser, KeyCode::Enter);
    saved(&browser);
    let store = browser.app.store();
    let iran = &store.entities[store.entity_by_id("iran").unwrap() as usize];
    assert_eq!(iran.aliases.last().map(String::as_str), Some("Persia"));
    assert!(browser.app.open_alias_picker("persia"));
    press(&mut browser, KeyCode::Backspace);
    press(&mut browser, KeyCode::Backspace);
    // "persi" still finds Iran by its new alias.
    assert_eq!(browser.app.picker().unwrap().rows()[0], store_iran(&browser));
    press(&mut browser, KeyCode::Enter);
    assert!(browser.app.notice().unwrap().contains("already"), "{:?}", browser.app.notice());
    check(&dir);
}

fn store_iran(browser: &Browser) -> u32 {
    browser.app.store().entity_by_id("iran").unwrap()
}

fn chips_of(form: &Form, label: &str) -> usize {
    match &form.fields().iter().find(|f| f.label == label).unwrap().value {
        Value::Entities(chips) => chips.len(),
        Value::Entity(chip) => usize::from(chip.is_some()),
        other => panic!("{other:?}"),
    }
}

fn choice_of(form: &Form, label: &str) -> String {
    match &form.fields().iter().find(|f| f.label == label).unwrap().value {
        Value::Choice { options, at } => options[*at].clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_form_and_picker_key_does_what_help_says() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    let id = selected_event(&browser);
    key(&mut browser, 'e');
    let form = |b: &Browser| b.app.form().unwrap().clone();
    // Shift-Tab and ↑ go back, wrapping to save; Tab and ↓ go forward.
    press(&mut browser, KeyCode::BackTab);
    assert_eq!(form(&browser).focus(), form(&browser).fields().len(), "save");
    press(&mut browser, KeyCode::Up);
    assert_eq!(form(&browser).fields()[form(&browser).focus()].label, "fatalities");
    press(&mut browser, KeyCode::Down);
    press(&mut browser, KeyCode::Down);
    assert_eq!(form(&browser).focus(), 0);
    // ←/→ move the cursor of a text field: typing lands there.
    press(&mut browser, KeyCode::Left);
    key(&mut browser, '!');
    press(&mut browser, KeyCode::Right);
    key(&mut browser, '?');
    assert!(text_of(&form(&browser), "title").ends_with("!t?"), "{}", text_of(&form(&browser), "title"));
    press(&mut browser, KeyCode::Backspace);
    assert!(text_of(&form(&browser), "title").ends_with("!t"));
    // ←, → and Enter step through the event types.
    tab(&mut browser, 2);
    let first = choice_of(&form(&browser), "type");
    press(&mut browser, KeyCode::Right);
    let second = choice_of(&form(&browser), "type");
    assert_ne!(first, second);
    press(&mut browser, KeyCode::Left);
    assert_eq!(choice_of(&form(&browser), "type"), first);
    press(&mut browser, KeyCode::Enter);
    assert_eq!(choice_of(&form(&browser), "type"), second);
    // Backspace removes an entity field's last entity, Ctrl-u all of them.
    tab(&mut browser, 1);
    let actors = chips_of(&form(&browser), "actors");
    assert!(actors >= 2);
    press(&mut browser, KeyCode::Backspace);
    assert_eq!(chips_of(&form(&browser), "actors"), actors - 1);
    ctrl(&mut browser, 'u');
    assert_eq!(chips_of(&form(&browser), "actors"), 0);
    // The picker: ↓/Ctrl-n and ↑/Ctrl-p move, Esc goes back to the form, which keeps it all.
    typed(&mut browser, "pak");
    let rows = browser.app.picker().unwrap().rows().to_vec();
    assert!(rows.len() >= 2);
    press(&mut browser, KeyCode::Down);
    assert_eq!(browser.app.picker().unwrap().selected(), 1);
    ctrl(&mut browser, 'p');
    assert_eq!(browser.app.picker().unwrap().selected(), 0);
    ctrl(&mut browser, 'n');
    press(&mut browser, KeyCode::Up);
    assert_eq!(browser.app.picker().unwrap().selected(), 0);
    press(&mut browser, KeyCode::Esc);
    assert_eq!(browser.app.mode(), Mode::Form, "Esc leaves the picker, not the form");
    assert!(text_of(&form(&browser), "title").ends_with("!t"));
    press(&mut browser, KeyCode::Enter);
    ctrl(&mut browser, 'n');
    typed(&mut browser, "pak");
    ctrl(&mut browser, 'n');
    press(&mut browser, KeyCode::Enter);
    // Enter on save saves.
    while form(&browser).focus() != form(&browser).fields().len() {
        press(&mut browser, KeyCode::Tab);
    }
    press(&mut browser, KeyCode::Enter);
    saved(&browser);
    let store = browser.app.store();
    let event = store.events.iter().find(|e| e.id == id).unwrap();
    assert_eq!(event.kind, second);
    assert_eq!(event.actors, vec![rows[1]], "the second match, chosen with ↓");
    assert!(event.title.ends_with("!t"));
    check(&dir);
}

#[test]
fn d_while_selecting_offers_the_selected_text_as_a_variants_passage() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    screen(&mut browser, 120, 30);
    press(&mut browser, KeyCode::Enter);
    key(&mut browser, 'v');
    key(&mut browser, 'w');
    key(&mut browser, 'w');
    assert_eq!(browser.app.mode(), Mode::Select);
    let span = browser.app.text_selection().unwrap();
    assert!(key(&mut browser, 'D'));
    assert_eq!(browser.app.mode(), Mode::Form, "the form comes over the selection");
    let form = browser.app.form().unwrap();
    let Value::Choice { options, at } = &form.fields()[2].value else { panic!() };
    assert_eq!(*at, 0);
    assert!(options[0].ends_with("(selection)"), "{options:?}");
    typed(&mut browser, "What was hit");
    tab(&mut browser, 1);
    typed(&mut browser, "bases");
    tab(&mut browser, 2);
    typed(&mut browser, "homes");
    ctrl(&mut browser, 's');
    saved(&browser);
    let store = browser.app.store();
    let d = store.discrepancies.iter().find(|d| d.id == "what-was-hit").unwrap();
    let cited = &d.variants[0].evidence[0];
    assert_eq!((cited.source, cited.start, cited.end), (span.source, span.start, span.end));
    check(&dir);
}
