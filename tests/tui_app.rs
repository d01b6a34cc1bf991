//! The browser's behaviour driven through `App::handle_event`, without a terminal.

use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use factline::search::SearchIndex;
use factline::store::{self, EntityIx, Store};
use factline::tui::app::{Focus, Item, View};
use factline::tui::{App, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app() -> App {
    let store = Arc::new(store::bundled::load().unwrap());
    let search = Arc::new(SearchIndex::new(&store));
    let mut app = App::new(store, search);
    app.set_no_color(true);
    app
}

fn press(app: &mut App, code: KeyCode) -> bool {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(app: &mut App, c: char) -> bool {
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)))
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn render(app: &mut App, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, app)).unwrap();
}

fn items(app: &App) -> Vec<Item> {
    (0..app.len()).map(|i| app.item(i).unwrap()).collect()
}

fn entity(store: &Store, id: &str) -> EntityIx {
    store.entity_by_id(id).unwrap()
}

/// Independent of the postings: scans every event.
fn events_with_all(store: &Store, entities: &[EntityIx]) -> Vec<Item> {
    (0..store.events.len() as u32)
        .filter(|&e| {
            let ev = &store.events[e as usize];
            entities.iter().all(|x| ev.actors.contains(x) || ev.targets.contains(x) || ev.places.contains(x))
        })
        .map(Item::Event)
        .collect()
}

#[test]
fn moves_through_the_timeline_with_vim_and_less_keys() {
    let mut app = app();
    let total = app.store().events.len();
    assert_eq!(app.len(), total);
    assert_eq!(app.selected_index(), 0);
    assert!(!press(&mut app, KeyCode::Char('k')), "nothing above the first item");
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Down);
    assert_eq!(app.selected_index(), 2);
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.selected_index(), total - 1);
    assert!(!press(&mut app, KeyCode::Char('j')), "nothing below the last item");
    press(&mut app, KeyCode::Home);
    assert_eq!(app.selected_index(), 0);
    render(&mut app, 80, 24);
    let page = usize::from(app.geometry().list.height);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.selected_index(), page);
    ctrl(&mut app, 'u');
    assert_eq!(app.selected_index(), page - page.div_ceil(2));
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.selected_index(), 0);
}

#[test]
fn typing_narrows_the_timeline_live_to_events_of_the_matches() {
    let mut app = app();
    let all = app.len();
    press(&mut app, KeyCode::Char('/'));
    assert_eq!(app.focus(), Focus::Search);
    let mut previous = all;
    for c in "kakar".chars() {
        press(&mut app, KeyCode::Char(c));
        assert!(app.len() <= previous, "typing {c:?} widened the list");
        previous = app.len();
    }
    let kakar = entity(app.store(), "anwaar-ul-haq-kakar");
    assert_eq!(app.hits()[0].entity, kakar);
    assert_eq!(items(&app), events_with_all(app.store(), &[kakar]));
    assert!(app.len() < all);
    assert_eq!(app.filter_label().unwrap(), "“kakar”");
    // `q` is text here, not quit.
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit());
    assert_eq!(app.query(), "kakarq");
    assert_eq!(app.len(), 0);
}

#[test]
fn pinned_chips_combine_and_backspace_removes_the_last() {
    let mut app = app();
    let store = store::bundled::load().unwrap();
    let (kakar, pakistan) = (entity(&store, "anwaar-ul-haq-kakar"), entity(&store, "pakistan"));
    keys(&mut app, "/kakar");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.chips(), &[kakar]);
    assert_eq!(app.query(), "", "pinning clears the query");
    assert_eq!(app.focus(), Focus::Search, "the search bar stays for the next chip");
    assert_eq!(items(&app), events_with_all(&store, &[kakar]));
    keys(&mut app, "pakistan");
    let pick = app.hits().iter().position(|h| h.entity == pakistan).unwrap();
    for _ in 0..pick {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.chips(), &[kakar, pakistan]);
    let both = events_with_all(&store, &[kakar, pakistan]);
    assert!(both.len() < events_with_all(&store, &[pakistan]).len());
    assert_eq!(items(&app), both);
    assert_eq!(app.filter_label().unwrap(), "Anwaar-ul-Haq Kakar + Pakistan");
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.chips(), &[kakar]);
    assert_eq!(items(&app), events_with_all(&store, &[kakar]));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.focus(), Focus::List);
    assert_eq!(app.chips(), &[kakar], "leaving the search keeps the filter");
    press(&mut app, KeyCode::Esc);
    assert!(app.chips().is_empty(), "Esc in the list clears the filter");
    assert_eq!(app.len(), store.events.len());
}

#[test]
fn brackets_and_n_cycle_every_passage_of_the_item_across_sources() {
    let mut app = app();
    let strike = app.store().event_by_id("iran-strike-balochistan").unwrap();
    while app.selected() != Some(Item::Event(strike)) {
        assert!(press(&mut app, KeyCode::Char('j')));
    }
    let count = app.store().events[strike as usize].evidence.len();
    assert_eq!(app.passage_position(), (0, count));
    let mut sources = Vec::new();
    for i in 0..count {
        let shown = app.current_passage().unwrap().passage;
        assert_eq!(shown, &app.store().events[strike as usize].evidence[i]);
        sources.push(shown.source);
        press(&mut app, KeyCode::Char(']'));
    }
    assert_eq!(app.passage_position().0, 0, "cycling wraps around");
    sources.dedup();
    assert!(sources.len() > 2, "the passages come from several sources");
    press(&mut app, KeyCode::Char('N'));
    assert_eq!(app.passage_position().0, count - 1);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.passage_position().0, 1);
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.passage_position().0, 0);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.passage_position().0, 0, "a new item starts at its first passage");
}

#[test]
fn a_new_item_opens_in_the_article_on_screen_when_it_cites_it() {
    let mut app = app();
    render(&mut app, 120, 40);
    let (mut kept, mut in_view, mut first) = (0, 0, 0);
    for _ in 1..app.len() {
        let shown = app.current_passage().unwrap().passage.source;
        let g = app.geometry().clone();
        let lines = factline::text::wrap(&app.store().sources[shown as usize].text, g.source.width.into());
        let visible =
            |p: &store::Passage| factline::text::shows(&lines, p.start..p.end, g.source_top, g.source_body.into());
        press(&mut app, KeyCode::Char('j'));
        let Some(Item::Event(e)) = app.selected() else { panic!("the timeline lists events") };
        let evidence = &app.store().events[e as usize].evidence;
        let (index, count) = app.passage_position();
        assert_eq!(count, evidence.len());
        match evidence.iter().position(|p| p.source == shown) {
            Some(in_article) => {
                let on_screen = evidence.iter().position(|p| p.source == shown && visible(p));
                assert_eq!(
                    index,
                    on_screen.unwrap_or(in_article),
                    "{e}: the first in view, else the first in the article"
                );
                kept += usize::from(evidence[0].source != shown);
                in_view += usize::from(on_screen.is_some_and(|i| i != in_article));
            }
            None => {
                assert_eq!(index, 0, "{e}: an item the article does not cite opens at its first passage");
                first += 1;
            }
        }
        render(&mut app, 120, 40);
    }
    assert!(kept > 0 && first > 0, "the bundled timeline has both kinds of step ({kept}, {first})");
    assert!(in_view > 0, "and a step where a later passage in the article is the one in view");
}

#[test]
fn without_a_drawn_article_a_new_item_opens_at_its_first_passage() {
    let mut app = app();
    for _ in 1..app.len() {
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(app.passage_position().0, 0);
    }
}

#[test]
fn views_switch_by_number_and_by_tab_from_the_view_bar() {
    let mut app = app();
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.view(), View::Claims);
    assert_eq!(app.len(), app.store().claims.len());
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.view(), View::Disagreements);
    assert_eq!(app.len(), app.store().discrepancies.len());
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(app.view(), View::Timeline);
    // Tab cycles focus list → source → view bar; there Tab cycles the views.
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Source);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Views);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.view(), View::Claims);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.view(), View::Disagreements);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.view(), View::Claims);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::List);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus(), Focus::Views);
}

#[test]
fn who_said_what_groups_claims_by_speaker_and_filters_by_speaker_or_mention() {
    let mut app = app();
    press(&mut app, KeyCode::Char('2'));
    let store = store::bundled::load().unwrap();
    let speakers: Vec<u32> = items(&app)
        .iter()
        .map(|item| match item {
            Item::Claim(c) => store.claims[*c as usize].speaker,
            other => panic!("{other:?} in who said what"),
        })
        .collect();
    let mut seen = speakers.clone();
    seen.dedup();
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(seen.len(), unique.len(), "each speaker's claims are together");
    let kakar = entity(&store, "anwaar-ul-haq-kakar");
    keys(&mut app, "/kakar");
    press(&mut app, KeyCode::Enter);
    let expected: Vec<u32> = (0..store.claims.len() as u32)
        .filter(|&c| store.claims[c as usize].speaker == kakar || store.claims[c as usize].mentions.contains(&kakar))
        .collect();
    let mut shown: Vec<u32> = items(&app).iter().map(|i| if let Item::Claim(c) = i { *c } else { 0 }).collect();
    shown.sort();
    assert!(!expected.is_empty());
    assert_eq!(shown, expected);
}

#[test]
fn variants_of_a_discrepancy_are_chosen_with_h_and_l() {
    let mut app = app();
    press(&mut app, KeyCode::Char('3'));
    let Some(Item::Discrepancy(d)) = app.selected() else { panic!("no discrepancy selected") };
    let variants = app.store().discrepancies[d as usize].variants.len();
    assert_eq!(app.selected_variant(), Some(0));
    press(&mut app, KeyCode::Char('l'));
    assert_eq!(app.selected_variant(), Some(1));
    let shown = app.current_passage().unwrap().passage;
    assert_eq!(shown, &app.store().discrepancies[d as usize].variants[1].evidence[0]);
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(app.selected_variant(), Some(variants - 1), "variants wrap around");
}

#[test]
fn the_source_pane_scrolls_when_focused_and_esc_returns() {
    let mut app = app();
    render(&mut app, 80, 24);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Source);
    let top = app.geometry().source_top;
    press(&mut app, KeyCode::Char('j'));
    render(&mut app, 80, 24);
    assert_eq!(app.geometry().source_top, top + 1);
    assert_eq!(app.selected_index(), 0, "j scrolls the text, not the list");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.focus(), Focus::List);
}

#[test]
fn help_opens_and_closes_and_quit_works_everywhere() {
    let mut app = app();
    press(&mut app, KeyCode::Char('?'));
    assert!(app.help_open());
    assert!(!press(&mut app, KeyCode::Char('2')), "keys behind the overlay are inert");
    press(&mut app, KeyCode::Esc);
    assert!(!app.help_open());
    press(&mut app, KeyCode::Char('/'));
    ctrl(&mut app, 'c');
    assert!(app.should_quit());
    let mut app2 = self::app();
    press(&mut app2, KeyCode::Char('q'));
    assert!(app2.should_quit());
}

#[test]
fn clicks_select_rows_and_the_wheel_scrolls_the_pane_under_it() {
    let mut app = app();
    render(&mut app, 80, 24);
    let list = app.geometry().list;
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    assert!(app.handle_event(&click(list.x + 5, list.y + 3)));
    assert_eq!(app.selected_index(), 3);
    let wheel = |column, row| {
        Event::Mouse(MouseEvent { kind: MouseEventKind::ScrollDown, column, row, modifiers: KeyModifiers::NONE })
    };
    app.handle_event(&wheel(list.x + 5, list.y));
    assert_eq!(app.selected_index(), 6);
    render(&mut app, 80, 24);
    let source = app.geometry().source;
    let top = app.geometry().source_top;
    app.handle_event(&wheel(source.x + 5, source.y + 4));
    render(&mut app, 80, 24);
    assert_eq!(app.geometry().source_top, top + 3);
    assert_eq!(app.selected_index(), 6);
    let (tab, view) = app.geometry().views[2];
    app.handle_event(&click(tab.x, tab.y));
    assert_eq!(app.view(), view);
    assert_eq!(view, View::Disagreements);
}

#[test]
fn resize_asks_for_a_redraw_and_key_releases_are_ignored() {
    let mut app = app();
    assert!(app.handle_event(&Event::Resize(100, 30)));
    let release =
        KeyEvent::new_with_kind(KeyCode::Char('j'), KeyModifiers::NONE, crossterm::event::KeyEventKind::Release);
    assert!(!app.handle_event(&Event::Key(release)));
    assert_eq!(app.selected_index(), 0);
}

#[test]
fn clicking_a_variant_shows_its_passage() {
    let mut app = app();
    press(&mut app, KeyCode::Char('3'));
    render(&mut app, 80, 24);
    let list = app.geometry().list;
    let Some(Item::Discrepancy(d)) = app.item(1) else { panic!("no second discrepancy") };
    let variants = app.store().discrepancies[d as usize].variants.len();
    // The second item's variant row, in the last variant's column.
    let column = list.x + list.width - 4;
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row: list.y + 3,
        modifiers: KeyModifiers::NONE,
    });
    assert!(app.handle_event(&click));
    assert_eq!(app.selected_index(), 1);
    assert_eq!(app.selected_variant(), Some(variants - 1));
    let shown = app.current_passage().unwrap().passage;
    assert_eq!(shown, &app.store().discrepancies[d as usize].variants[variants - 1].evidence[0]);
}

#[test]
fn an_app_can_move_to_another_thread() {
    // The SSH server runs one App per session on its own task.
    fn assert_send<T: Send + 'static>() {}
    assert_send::<App>();
}

#[test]
fn a_huge_paste_is_capped_and_renders() {
    let mut app = app();
    press(&mut app, KeyCode::Char('/'));
    assert!(app.handle_event(&Event::Paste("Kakar\u{1b}[2J ".repeat(20_000))));
    assert_eq!(app.query().chars().count(), 200);
    assert!(!app.query().contains('\u{1b}'));
    render(&mut app, 80, 24);
    assert!(!app.handle_event(&Event::Paste("more".into())), "a full query takes no more text");
}

#[test]
fn an_alt_key_is_an_esc_and_the_key_typed_together() {
    let mut app = app();
    keys(&mut app, "/kak");
    // Esc then q sent in one packet arrives as Alt-q: leave the search, then quit.
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT)));
    assert_eq!(app.focus(), Focus::List);
    assert!(app.should_quit());
    let mut app = self::app();
    keys(&mut app, "/kak");
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT)));
    assert_eq!(app.query(), "kak", "the j was not typed into the query");
    assert_eq!(app.selected_index(), 1, "the j moved down the list");
}
