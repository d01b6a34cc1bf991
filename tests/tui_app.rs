//! The browser's behaviour driven through `App::handle_event`, without a terminal.

use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use factline::search::SearchIndex;
use factline::store::{self, EntityIx, Store};
use factline::tui::view::{Focus, Item, View};
use factline::tui::{App, Browser, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app() -> Browser {
    let store = Arc::new(store::bundled::load().unwrap());
    let search = Arc::new(SearchIndex::new(&store));
    Browser::new(App::new(store, search), Theme::new(true))
}

fn press(browser: &mut Browser, code: KeyCode) -> bool {
    browser.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(browser: &mut Browser, c: char) -> bool {
    browser.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)))
}

fn keys(browser: &mut Browser, text: &str) {
    for c in text.chars() {
        press(browser, KeyCode::Char(c));
    }
}

fn render(browser: &mut Browser, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| browser.draw(frame)).unwrap();
}

fn items(browser: &Browser) -> Vec<Item> {
    (0..browser.app.len()).map(|i| browser.app.item(i).unwrap()).collect()
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
    let mut browser = app();
    let total = browser.app.store().events.len();
    assert_eq!(browser.app.len(), total);
    assert_eq!(browser.app.selected_index(), 0);
    assert!(!press(&mut browser, KeyCode::Char('k')), "nothing above the first item");
    press(&mut browser, KeyCode::Char('j'));
    press(&mut browser, KeyCode::Down);
    assert_eq!(browser.app.selected_index(), 2);
    press(&mut browser, KeyCode::Char('G'));
    assert_eq!(browser.app.selected_index(), total - 1);
    assert!(!press(&mut browser, KeyCode::Char('j')), "nothing below the last item");
    press(&mut browser, KeyCode::Home);
    assert_eq!(browser.app.selected_index(), 0);
    render(&mut browser, 80, 24);
    let page = usize::from(browser.frame_state.geometry.list.height);
    press(&mut browser, KeyCode::PageDown);
    assert_eq!(browser.app.selected_index(), page);
    ctrl(&mut browser, 'u');
    assert_eq!(browser.app.selected_index(), page - page.div_ceil(2));
    press(&mut browser, KeyCode::End);
    press(&mut browser, KeyCode::Char('g'));
    assert_eq!(browser.app.selected_index(), 0);
}

#[test]
fn typing_narrows_the_timeline_live_to_events_of_the_matches() {
    let mut browser = app();
    let all = browser.app.len();
    press(&mut browser, KeyCode::Char('/'));
    assert_eq!(browser.app.focus(), Focus::Search);
    let mut previous = all;
    for c in "kakar".chars() {
        press(&mut browser, KeyCode::Char(c));
        assert!(browser.app.len() <= previous, "typing {c:?} widened the list");
        previous = browser.app.len();
    }
    let kakar = entity(browser.app.store(), "anwaar-ul-haq-kakar");
    assert_eq!(browser.app.hits()[0].entity, kakar);
    assert_eq!(items(&browser), events_with_all(browser.app.store(), &[kakar]));
    assert!(browser.app.len() < all);
    assert_eq!(browser.app.filter_label().unwrap(), "“kakar”");
    // `q` is text here, not quit.
    press(&mut browser, KeyCode::Char('q'));
    assert!(!browser.app.should_quit());
    assert_eq!(browser.app.query(), "kakarq");
    // One letter too many is a typo: Kakar is still found.
    assert_eq!(browser.app.hits()[0].entity, kakar);
    keys(&mut browser, "zzwx");
    // No name comes near "kakarqzzwx" (only the articles' "Kakar", misspelt): the list is not emptied.
    assert!(browser.app.hits().is_empty());
    assert_eq!(browser.app.len(), all);
    assert_eq!(browser.app.filter_label(), None);
}

#[test]
fn pinned_chips_combine_and_backspace_removes_the_last() {
    let mut browser = app();
    let store = store::bundled::load().unwrap();
    let (kakar, pakistan) = (entity(&store, "anwaar-ul-haq-kakar"), entity(&store, "pakistan"));
    keys(&mut browser, "/kakar");
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.chips(), &[kakar]);
    assert_eq!(browser.app.query(), "", "pinning clears the query");
    assert_eq!(browser.app.focus(), Focus::Search, "the search bar stays for the next chip");
    assert_eq!(items(&browser), events_with_all(&store, &[kakar]));
    keys(&mut browser, "pakistan");
    let pick = browser.app.hits().iter().position(|h| h.entity == pakistan).unwrap();
    for _ in 0..pick {
        press(&mut browser, KeyCode::Down);
    }
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.chips(), &[kakar, pakistan]);
    let both = events_with_all(&store, &[kakar, pakistan]);
    assert!(both.len() < events_with_all(&store, &[pakistan]).len());
    assert_eq!(items(&browser), both);
    assert_eq!(browser.app.filter_label().unwrap(), "Anwaar-ul-Haq Kakar + Pakistan");
    press(&mut browser, KeyCode::Backspace);
    assert_eq!(browser.app.chips(), &[kakar]);
    assert_eq!(items(&browser), events_with_all(&store, &[kakar]));
    press(&mut browser, KeyCode::Esc);
    assert_eq!(browser.app.focus(), Focus::List);
    assert_eq!(browser.app.chips(), &[kakar], "leaving the search keeps the filter");
    press(&mut browser, KeyCode::Esc);
    assert!(browser.app.chips().is_empty(), "Esc in the list clears the filter");
    assert_eq!(browser.app.len(), store.events.len());
}

#[test]
fn brackets_and_n_cycle_every_passage_of_the_item_across_sources() {
    let mut browser = app();
    let strike = browser.app.store().event_by_id("iran-strike-balochistan").unwrap();
    while browser.app.selected() != Some(Item::Event(strike)) {
        assert!(press(&mut browser, KeyCode::Char('j')));
    }
    let count = browser.app.store().events[strike as usize].evidence.len();
    assert_eq!(browser.app.passage_position(), (0, count));
    let mut sources = Vec::new();
    for i in 0..count {
        let shown = browser.app.current_passage().unwrap().passage;
        assert_eq!(shown, &browser.app.store().events[strike as usize].evidence[i]);
        sources.push(shown.source);
        press(&mut browser, KeyCode::Char(']'));
    }
    assert_eq!(browser.app.passage_position().0, 0, "cycling wraps around");
    sources.dedup();
    assert!(sources.len() > 2, "the passages come from several sources");
    press(&mut browser, KeyCode::Char('N'));
    assert_eq!(browser.app.passage_position().0, count - 1);
    press(&mut browser, KeyCode::Char('n'));
    press(&mut browser, KeyCode::Char('n'));
    assert_eq!(browser.app.passage_position().0, 1);
    press(&mut browser, KeyCode::Char('['));
    assert_eq!(browser.app.passage_position().0, 0);
    press(&mut browser, KeyCode::Char('j'));
    assert_eq!(browser.app.passage_position().0, 0, "a new item starts at its first passage");
}

#[test]
fn a_new_item_opens_in_the_article_on_screen_when_it_cites_it() {
    let mut browser = app();
    render(&mut browser, 120, 40);
    let (mut kept, mut in_view, mut first) = (0, 0, 0);
    for _ in 1..browser.app.len() {
        let shown = browser.app.current_passage().unwrap().passage.source;
        let g = browser.frame_state.geometry.clone();
        let lines = factline::text::wrap(&browser.app.store().sources[shown as usize].text, g.source.width.into());
        let visible =
            |p: &store::Passage| factline::text::shows(&lines, p.start..p.end, g.source_top, g.source_body.into());
        press(&mut browser, KeyCode::Char('j'));
        let Some(Item::Event(e)) = browser.app.selected() else { panic!("the timeline lists events") };
        let evidence = &browser.app.store().events[e as usize].evidence;
        let (index, count) = browser.app.passage_position();
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
        render(&mut browser, 120, 40);
    }
    assert!(kept > 0 && first > 0, "the bundled timeline has both kinds of step ({kept}, {first})");
    assert!(in_view > 0, "and a step where a later passage in the article is the one in view");
}

#[test]
fn without_a_drawn_article_a_new_item_opens_at_its_first_passage() {
    let mut browser = app();
    for _ in 1..browser.app.len() {
        press(&mut browser, KeyCode::Char('j'));
        assert_eq!(browser.app.passage_position().0, 0);
    }
}

#[test]
fn views_switch_by_number_and_by_tab_from_the_view_bar() {
    let mut browser = app();
    press(&mut browser, KeyCode::Char('2'));
    assert_eq!(browser.app.view(), View::Claims);
    assert_eq!(browser.app.len(), browser.app.store().claims.len());
    press(&mut browser, KeyCode::Char('3'));
    assert_eq!(browser.app.view(), View::Disagreements);
    assert_eq!(browser.app.len(), browser.app.store().discrepancies.len());
    press(&mut browser, KeyCode::Char('1'));
    assert_eq!(browser.app.view(), View::Timeline);
    // Tab cycles focus list → source → view bar; there Tab cycles the views.
    press(&mut browser, KeyCode::Tab);
    assert_eq!(browser.app.focus(), Focus::Source);
    press(&mut browser, KeyCode::Tab);
    assert_eq!(browser.app.focus(), Focus::Views);
    press(&mut browser, KeyCode::Tab);
    assert_eq!(browser.app.view(), View::Claims);
    press(&mut browser, KeyCode::Tab);
    assert_eq!(browser.app.view(), View::Disagreements);
    press(&mut browser, KeyCode::BackTab);
    assert_eq!(browser.app.view(), View::Claims);
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.focus(), Focus::List);
    press(&mut browser, KeyCode::BackTab);
    assert_eq!(browser.app.focus(), Focus::Views);
}

#[test]
fn who_said_what_groups_claims_by_speaker_and_filters_by_speaker_or_mention() {
    let mut browser = app();
    press(&mut browser, KeyCode::Char('2'));
    let store = store::bundled::load().unwrap();
    let speakers: Vec<u32> = items(&browser)
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
    keys(&mut browser, "/kakar");
    press(&mut browser, KeyCode::Enter);
    let expected: Vec<u32> = (0..store.claims.len() as u32)
        .filter(|&c| store.claims[c as usize].speaker == kakar || store.claims[c as usize].mentions.contains(&kakar))
        .collect();
    let mut shown: Vec<u32> = items(&browser)
        .iter()
        .map(|item| match item {
            Item::Claim(c) => *c,
            other => panic!("{other:?} in who said what"),
        })
        .collect();
    shown.sort();
    assert!(!expected.is_empty());
    assert_eq!(shown, expected);
}

#[test]
fn variants_of_a_discrepancy_are_chosen_with_h_and_l() {
    let mut browser = app();
    press(&mut browser, KeyCode::Char('3'));
    let Some(Item::Discrepancy(d)) = browser.app.selected() else { panic!("no discrepancy selected") };
    let variants = browser.app.store().discrepancies[d as usize].variants.len();
    assert_eq!(browser.app.selected_variant(), Some(0));
    press(&mut browser, KeyCode::Char('l'));
    assert_eq!(browser.app.selected_variant(), Some(1));
    let shown = browser.app.current_passage().unwrap().passage;
    assert_eq!(shown, &browser.app.store().discrepancies[d as usize].variants[1].evidence[0]);
    press(&mut browser, KeyCode::Char('h'));
    press(&mut browser, KeyCode::Char('h'));
    assert_eq!(browser.app.selected_variant(), Some(variants - 1), "variants wrap around");
}

#[test]
fn the_source_pane_scrolls_when_focused_and_esc_returns() {
    let mut browser = app();
    render(&mut browser, 80, 24);
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.focus(), Focus::Source);
    let top = browser.frame_state.geometry.source_top;
    press(&mut browser, KeyCode::Char('j'));
    render(&mut browser, 80, 24);
    assert_eq!(browser.frame_state.geometry.source_top, top + 1);
    assert_eq!(browser.app.selected_index(), 0, "j scrolls the text, not the list");
    press(&mut browser, KeyCode::Esc);
    assert_eq!(browser.app.focus(), Focus::List);
}

#[test]
fn help_opens_and_closes_and_quit_works_everywhere() {
    let mut browser = app();
    press(&mut browser, KeyCode::Char('?'));
    assert!(browser.app.help_open());
    assert!(!press(&mut browser, KeyCode::Char('2')), "keys behind the overlay are inert");
    press(&mut browser, KeyCode::Esc);
    assert!(!browser.app.help_open());
    press(&mut browser, KeyCode::Char('/'));
    ctrl(&mut browser, 'c');
    assert!(browser.app.should_quit());
    let mut other = self::app();
    press(&mut other, KeyCode::Char('q'));
    assert!(other.app.should_quit());
}

#[test]
fn clicks_select_rows_and_the_wheel_scrolls_the_pane_under_it() {
    let mut browser = app();
    render(&mut browser, 80, 24);
    let list = browser.frame_state.geometry.list;
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    assert!(browser.handle_event(&click(list.x + 5, list.y + 3)));
    assert_eq!(browser.app.selected_index(), 3);
    let wheel = |column, row| {
        Event::Mouse(MouseEvent { kind: MouseEventKind::ScrollDown, column, row, modifiers: KeyModifiers::NONE })
    };
    browser.handle_event(&wheel(list.x + 5, list.y));
    assert_eq!(browser.app.selected_index(), 6);
    render(&mut browser, 80, 24);
    let source = browser.frame_state.geometry.source;
    let top = browser.frame_state.geometry.source_top;
    browser.handle_event(&wheel(source.x + 5, source.y + 4));
    render(&mut browser, 80, 24);
    assert_eq!(browser.frame_state.geometry.source_top, top + 3);
    assert_eq!(browser.app.selected_index(), 6);
    let (tab, view) = browser.frame_state.geometry.views[2];
    browser.handle_event(&click(tab.x, tab.y));
    assert_eq!(browser.app.view(), view);
    assert_eq!(view, View::Disagreements);
}

#[test]
fn resize_asks_for_a_redraw_and_key_releases_are_ignored() {
    let mut browser = app();
    assert!(browser.handle_event(&Event::Resize(100, 30)));
    let release =
        KeyEvent::new_with_kind(KeyCode::Char('j'), KeyModifiers::NONE, crossterm::event::KeyEventKind::Release);
    assert!(!browser.handle_event(&Event::Key(release)));
    assert_eq!(browser.app.selected_index(), 0);
}

#[test]
fn clicking_a_variant_shows_its_passage() {
    let mut browser = app();
    press(&mut browser, KeyCode::Char('3'));
    render(&mut browser, 80, 24);
    let list = browser.frame_state.geometry.list;
    let Some(Item::Discrepancy(d)) = browser.app.item(1) else { panic!("no second discrepancy") };
    let variants = browser.app.store().discrepancies[d as usize].variants.len();
    // The second item's variant row, in the last variant's column.
    let column = list.x + list.width - 4;
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row: list.y + 3,
        modifiers: KeyModifiers::NONE,
    });
    assert!(browser.handle_event(&click));
    assert_eq!(browser.app.selected_index(), 1);
    assert_eq!(browser.app.selected_variant(), Some(variants - 1));
    let shown = browser.app.current_passage().unwrap().passage;
    assert_eq!(shown, &browser.app.store().discrepancies[d as usize].variants[variants - 1].evidence[0]);
}

#[test]
fn an_app_can_move_to_another_thread() {
    // The SSH server runs one browser (app, frame state, theme) per session on its own task.
    fn assert_send<T: Send + 'static>() {}
    assert_send::<Browser>();
}

#[test]
fn a_huge_paste_is_capped_and_renders() {
    let mut browser = app();
    press(&mut browser, KeyCode::Char('/'));
    assert!(browser.handle_event(&Event::Paste("Kakar\u{1b}[2J ".repeat(20_000))));
    assert_eq!(browser.app.query().chars().count(), 200);
    assert!(!browser.app.query().contains('\u{1b}'));
    render(&mut browser, 80, 24);
    assert!(!browser.handle_event(&Event::Paste("more".into())), "a full query takes no more text");
}

#[test]
fn an_alt_key_is_an_esc_and_the_key_typed_together() {
    let mut browser = app();
    keys(&mut browser, "/kak");
    // Esc then q sent in one packet arrives as Alt-q: leave the search, then quit.
    browser.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT)));
    assert_eq!(browser.app.focus(), Focus::List);
    assert!(browser.app.should_quit());
    let mut browser = self::app();
    keys(&mut browser, "/kak");
    browser.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT)));
    assert_eq!(browser.app.query(), "kak", "the j was not typed into the query");
    assert_eq!(browser.app.selected_index(), 1, "the j moved down the list");
}

/// The text of the source body's cells marked as found words (bold and underlined), in
/// reading order.
fn found_words(browser: &Browser, buffer: &ratatui::buffer::Buffer) -> String {
    use ratatui::style::Modifier;
    let g = &browser.frame_state.geometry;
    let mut out = String::new();
    for y in g.source.bottom() - g.source_body..g.source.bottom() {
        for x in g.source.x..g.source.right() {
            let cell = &buffer[(x, y)];
            if cell.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED) {
                out.push_str(cell.symbol());
            }
        }
    }
    out
}

fn render_buffer(browser: &mut Browser, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| browser.draw(frame)).unwrap();
    terminal.backend().buffer().clone()
}

fn letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn overlaps(passages: &[store::Passage], hit: &factline::find::Hit) -> bool {
    passages.iter().any(|p| p.source == hit.source && p.start < hit.end && hit.start < p.end)
}

#[test]
fn a_typed_phrase_lists_its_passage_and_enter_opens_it_at_the_claim_citing_it() {
    let mut browser = app();
    let phrase = "those killed were not Iranians";
    keys(&mut browser, &format!("/{phrase}"));
    render(&mut browser, 120, 40);
    let hit = browser.app.text_hits().first().expect("the phrase is in an article").clone();
    assert!(hit.is_exact());
    // A phrase, not a name: its passages come first, and the first row is chosen by Enter.
    assert!(browser.app.text_first());
    assert_eq!(browser.app.choices()[0], factline::tui::app::Choice::Text(0));
    press(&mut browser, KeyCode::Enter);

    assert_eq!(browser.app.focus(), Focus::List);
    assert_eq!(browser.app.view(), View::Claims);
    let Some(Item::Claim(claim)) = browser.app.selected() else { panic!("a claim is selected") };
    let store = browser.app.store();
    assert!(overlaps(&store.claims[claim as usize].evidence, &hit), "the selected claim cites the passage");
    assert!(!browser.app.found_uncited());
    // The source pane shows the article at the claim's passage there.
    assert_eq!(browser.app.current_passage().unwrap().passage.source, hit.source);

    let buffer = render_buffer(&mut browser, 120, 40);
    assert_eq!(letters(&found_words(&browser, &buffer)), letters(phrase));
}

#[test]
fn an_uncited_passage_opens_its_article_and_says_so() {
    let mut browser = app();
    let store = store::bundled::load().unwrap();
    // Six words of an article that no claim and no event cites.
    let cited = |source: u32, range: std::ops::Range<usize>| {
        store
            .claims
            .iter()
            .flat_map(|c| &c.evidence)
            .chain(store.events.iter().flat_map(|e| &e.evidence))
            .any(|p| p.source == source && p.start < range.end && range.start < p.end)
    };
    let (source, phrase) = store
        .sources
        .iter()
        .enumerate()
        .find_map(|(s, source)| {
            // Six plain words in a row, spaces between: typed as they stand.
            let words: Vec<(usize, &str)> = source
                .text
                .split(' ')
                .scan(0, |at, w| {
                    let start = *at;
                    *at += w.chars().count() + 1;
                    Some((start, w))
                })
                .collect();
            words.windows(6).find_map(|six| {
                let plain = six.iter().all(|(_, w)| !w.is_empty() && w.chars().all(char::is_alphanumeric));
                let (start, (last, word)) = (six[0].0, six[5]);
                let range = start..last + word.chars().count();
                (plain && !cited(s as u32, range))
                    .then(|| (s as u32, six.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ")))
            })
        })
        .expect("some stretch of an article is cited by nothing");
    keys(&mut browser, &format!("/{phrase}"));
    let hit = browser.app.text_hits().first().expect("the words are in an article").clone();
    assert_eq!(hit.source, source);
    press(&mut browser, KeyCode::Enter);
    assert!(browser.app.found_uncited());
    let buffer = render_buffer(&mut browser, 120, 40);
    let screen: String =
        (0..40).map(|y| (0..120).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect();
    assert!(screen.contains("not cited by any item"), "{screen}");
    assert!(hit.is_exact());
    assert_eq!(letters(&found_words(&browser, &buffer)), letters(&phrase));
    // Esc leaves the found passage; the list's own item shows again.
    press(&mut browser, KeyCode::Esc);
    assert!(!browser.app.found_uncited());
}

#[test]
fn n_and_shift_n_step_through_the_text_hits_once_one_is_chosen() {
    let mut browser = app();
    keys(&mut browser, "/foreign minister");
    let hits = browser.app.text_hits().to_vec();
    assert!(hits.len() >= 2, "{} hits", hits.len());
    // Down to the first text row, wherever its section is.
    let first_text = browser.app.choices().iter().position(|c| *c == factline::tui::app::Choice::Text(0)).unwrap();
    for _ in 0..first_text {
        press(&mut browser, KeyCode::Down);
    }
    press(&mut browser, KeyCode::Enter);
    assert_eq!(browser.app.found_hit(), Some(&hits[0]));
    press(&mut browser, KeyCode::Char('n'));
    assert_eq!(browser.app.found_hit(), Some(&hits[1]));
    press(&mut browser, KeyCode::Char('N'));
    press(&mut browser, KeyCode::Char('N'));
    assert_eq!(browser.app.found_hit(), hits.last());
    // Moving in the list leaves the text hits: `n` is the next passage again.
    press(&mut browser, KeyCode::Char('j'));
    assert_eq!(browser.app.found_hit(), None);
}

#[test]
fn a_name_keeps_its_entities_first() {
    let mut browser = app();
    keys(&mut browser, "/Kakar");
    assert!(!browser.app.hits().is_empty());
    assert!(!browser.app.text_first());
    assert_eq!(browser.app.choices()[0], factline::tui::app::Choice::Entity(0));
}

fn screen(browser: &mut Browser) -> String {
    let buffer = render_buffer(browser, 120, 40);
    (0..40).map(|y| (0..120).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect()
}

#[test]
fn a_phrase_that_names_nobody_keeps_the_lists_and_says_it_matches_article_text() {
    let mut browser = app();
    let before = items(&browser);
    assert!(!before.is_empty());
    keys(&mut browser, "/those killed were not Iranians");
    assert!(browser.app.hits().is_empty(), "the phrase names nobody");
    assert!(!browser.app.text_hits().is_empty());
    assert_eq!(items(&browser), before, "the list is not narrowed to nothing while the phrase is typed");
    assert!(browser.app.query_in_text_only());
    assert_eq!(browser.app.filter_label(), None);
    let shown = screen(&mut browser);
    assert!(shown.contains("“those killed were not Iranians” matches article text"), "{shown}");
    // Every prefix on the way there kept a list to look at, too.
    let mut browser = app();
    press(&mut browser, KeyCode::Char('/'));
    for c in "those killed were not Iranians".chars() {
        press(&mut browser, KeyCode::Char(c));
        assert!(!browser.app.is_empty(), "after typing {:?}", browser.app.query());
    }
}

#[test]
fn a_query_that_matches_neither_a_name_nor_an_article_keeps_the_lists_and_says_so() {
    let mut browser = app();
    let before = items(&browser);
    keys(&mut browser, "/xqzvwk");
    assert!(browser.app.hits().is_empty() && browser.app.text_hits().is_empty());
    assert_eq!(items(&browser), before);
    assert!(browser.app.query_matches_nothing());
    assert!(screen(&mut browser).contains("“xqzvwk” matches no name and no article"));
    // A pinned filter still narrows, and a query naming somebody narrows further.
    let mut browser = app();
    keys(&mut browser, "/kakar");
    press(&mut browser, KeyCode::Enter);
    let pinned = items(&browser);
    assert!(pinned.len() < before.len());
    keys(&mut browser, "/xqzvwk");
    assert_eq!(items(&browser), pinned);
}

#[test]
fn while_the_articles_are_indexed_a_query_naming_nobody_waits_for_them() {
    let store = Arc::new(store::bundled::load().unwrap());
    let search = Arc::new(SearchIndex::new(&store));
    let text = factline::tui::SharedTextIndex::default();
    let mut browser = Browser::new(App::new(store.clone(), search).with_text_index(text.clone()), Theme::new(true));
    let before = items(&browser);
    keys(&mut browser, "/those killed were not Iranians");
    assert!(browser.app.indexing());
    assert!(!browser.app.query_in_text_only() && !browser.app.query_matches_nothing());
    assert_eq!(items(&browser), before);
    text.get_or_init(|| factline::find::TextIndex::new(&store));
    assert!(browser.app.poll_text_index());
    assert!(!browser.app.indexing());
    assert!(browser.app.query_in_text_only());
    assert_eq!(items(&browser), before);
}
