//! What the browser draws: whole-screen snapshots of each view at 80×24 and 160×48, the passage
//! highlight checked cell by cell (also after emoji, CJK and combining marks), hostile text made
//! inert, and every small size rendered without a panic.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::buffer_text;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use factline::search::SearchIndex;
use factline::store::{self, Store};
use factline::tui::app::Choice;
use factline::tui::view::{Focus, Item};
use factline::tui::{App, Browser, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;

fn app_for(store: Store, no_color: bool) -> Browser {
    let store = Arc::new(store);
    let search = Arc::new(SearchIndex::new(&store));
    Browser::new(App::new(store, search), Theme::new(no_color))
}

fn bundled() -> Browser {
    app_for(store::bundled::load().unwrap(), true)
}

fn unicode_fixture(no_color: bool) -> Browser {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-unicode");
    app_for(store::load_path(&path).unwrap(), no_color)
}

fn press(browser: &mut Browser, code: KeyCode) {
    browser.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn keys(browser: &mut Browser, text: &str) {
    for c in text.chars() {
        press(browser, KeyCode::Char(c));
    }
}

fn render(browser: &mut Browser, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| browser.draw(frame)).unwrap();
    terminal.backend().buffer().clone()
}

#[test]
fn snapshots_of_each_view_at_80x24_and_160x48() {
    for (width, height) in [(80, 24), (160, 48)] {
        for (key, name) in [('1', "timeline"), ('2', "claims"), ('3', "disagreements")] {
            let mut browser = bundled();
            press(&mut browser, KeyCode::Char(key));
            press(&mut browser, KeyCode::Char('j'));
            let shot = buffer_text(&render(&mut browser, width, height));
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), shot);
        }
    }
}

/// Whitespace runs as one space, so wrapped text reads as it was written.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Presses `j` until the list's selection is `target` (or the list ends).
fn select(browser: &mut Browser, target: Item) {
    for _ in 0..100 {
        if browser.app.selected() == Some(target) {
            return;
        }
        press(browser, KeyCode::Char('j'));
    }
    panic!("{target:?} is not in the list");
}

#[test]
fn the_detail_area_shows_the_longest_title_claim_and_a_three_variant_disagreement_whole() {
    let store = store::bundled::load().unwrap();
    let longest_title = (0..store.events.len()).max_by_key(|&e| store.events[e].title.chars().count()).unwrap();
    let longest_claim = (0..store.claims.len()).max_by_key(|&c| store.claims[c].text.chars().count()).unwrap();
    let three = (0..store.discrepancies.len()).find(|&d| store.discrepancies[d].variants.len() == 3).unwrap();
    let cases = [
        ('1', Item::Event(longest_title as u32), "long_title", vec![store.events[longest_title].title.clone()]),
        ('2', Item::Claim(longest_claim as u32), "long_claim", vec![store.claims[longest_claim].text.clone()]),
        (
            '3',
            Item::Discrepancy(three as u32),
            "three_variants",
            store.discrepancies[three].variants.iter().map(|v| v.value.clone()).collect(),
        ),
    ];
    for (width, height) in [(80, 24), (160, 48)] {
        for (key, item, name, words) in &cases {
            let mut browser = bundled();
            press(&mut browser, KeyCode::Char(*key));
            select(&mut browser, *item);
            let shot = buffer_text(&render(&mut browser, width, height));
            let flat = squeezed(&shot);
            for text in words {
                assert!(flat.contains(&squeezed(text)), "{width}x{height} {name}: {text:?} is not whole in\n{shot}");
            }
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), shot);
        }
    }
    // The speaker's full name is in the detail, whatever the list's column cut.
    let mut browser = bundled();
    press(&mut browser, KeyCode::Char('2'));
    let embassy = store.claims.iter().position(|c| store.entities[c.speaker as usize].name.len() > 40).unwrap();
    select(&mut browser, Item::Claim(embassy as u32));
    let name = &store.entities[store.claims[embassy].speaker as usize].name;
    assert!(squeezed(&buffer_text(&render(&mut browser, 80, 24))).contains(name.as_str()));
}

#[test]
fn a_notice_too_long_for_the_bar_is_shown_whole_above_it_until_the_next_key() {
    let message = "could not save store.json: No space left on device (os error 28); nothing was lost: \
                   the store on disk is as it was before this change, and the change is still on screen";
    let mut browser = bundled();
    browser.app.notify(message);
    let shot = buffer_text(&render(&mut browser, 80, 24));
    assert!(squeezed(&shot).contains(&squeezed(message)), "{shot}");
    let bar = shot.lines().nth(23).unwrap();
    assert!(bar.contains("item 1 of 19") && !bar.contains("No space"), "the bar keeps its place: {bar}");
    insta::assert_snapshot!("long_notice_80x24", shot);
    // A short notice stays in the bar; the next key clears either.
    press(&mut browser, KeyCode::Char('j'));
    let shot = buffer_text(&render(&mut browser, 80, 24));
    assert!(!shot.contains("No space"), "{shot}");
    browser.app.notify("saved");
    let shot = buffer_text(&render(&mut browser, 80, 24));
    assert!(shot.lines().nth(23).unwrap().contains("item 2 of 19 · saved"), "{shot}");
}

#[test]
fn the_detail_scrolls_with_shift_j_and_k_when_the_item_is_longer_than_the_area() {
    let mut browser = bundled();
    press(&mut browser, KeyCode::Char('1'));
    // At the smallest height the area has two rows: an event's detail is longer.
    let first = buffer_text(&render(&mut browser, 80, 12));
    assert!(first.contains("more line"), "{first}");
    press(&mut browser, KeyCode::Char('J'));
    let scrolled = buffer_text(&render(&mut browser, 80, 12));
    assert_ne!(first, scrolled);
    press(&mut browser, KeyCode::Char('K'));
    assert_eq!(buffer_text(&render(&mut browser, 80, 12)), first);
}

#[test]
fn snapshots_of_search_dropdown_chip_filter_and_help() {
    let mut browser = bundled();
    keys(&mut browser, "/abdol");
    insta::assert_snapshot!("search_dropdown_80x24", buffer_text(&render(&mut browser, 80, 24)));
    press(&mut browser, KeyCode::Enter);
    press(&mut browser, KeyCode::Esc);
    insta::assert_snapshot!("chip_filter_80x24", buffer_text(&render(&mut browser, 80, 24)));
    press(&mut browser, KeyCode::Char('?'));
    insta::assert_snapshot!("help_80x24", buffer_text(&render(&mut browser, 80, 24)));
}

#[test]
fn snapshots_of_the_dropdown_with_names_and_passages() {
    let mut browser = bundled();
    // Both a name and words of the articles.
    keys(&mut browser, "/pakistan");
    assert!(!browser.app.hits().is_empty() && !browser.app.text_hits().is_empty());
    for (width, height) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(
            format!("search_passages_{width}x{height}"),
            buffer_text(&render(&mut browser, width, height))
        );
    }
}

/// The text of the highlighted cells of the source pane's body, in reading order.
fn highlighted(browser: &Browser, buffer: &Buffer) -> String {
    let g = &browser.frame_state.geometry;
    let body_top = g.source.bottom() - g.source_body;
    let mut out = String::new();
    for y in body_top..g.source.bottom() {
        for x in g.source.x..g.source.right() {
            let cell = &buffer[(x, y)];
            if cell.modifier.contains(Modifier::REVERSED) {
                out.push_str(cell.symbol());
            }
        }
    }
    out
}

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_highlight_is_the_passage(browser: &mut Browser, width: u16, height: u16) {
    let buffer = render(browser, width, height);
    let exact = browser.app.current_passage().unwrap().passage.exact(&browser.app.store().sources).to_string();
    let lit = highlighted(browser, &buffer);
    // The body highlights the passage, all of it and nothing else (whitespace aside).
    assert_eq!(without_spaces(&lit), without_spaces(&exact), "at {width}x{height}");
    assert!(!lit.is_empty());
    assert_no_highlight_outside_the_body(browser, &buffer, &format!("at {width}x{height}"));
}

/// The passage's highlight stays in the source pane's body: the pane's header rows have no
/// reversed cell, and, where the theme gives the passage a colour of its own, no cell outside
/// the body is reversed in that colour. (Without colour the selected list row and the status
/// bar's keys share the passage's modifiers, so only the pane itself can be checked.)
fn assert_no_highlight_outside_the_body(browser: &Browser, buffer: &Buffer, context: &str) {
    assert_ne!(browser.app.focus(), Focus::Source, "a focused pane reverses its header as well");
    let g = &browser.frame_state.geometry;
    let body = Rect::new(g.source.x, g.source.bottom() - g.source_body, g.source.width, g.source_body);
    let passage_colour = browser.theme.passage().fg;
    for y in buffer.area.top()..buffer.area.bottom() {
        for x in buffer.area.left()..buffer.area.right() {
            let at = Position::new(x, y);
            if body.contains(at) {
                continue;
            }
            let cell = &buffer[(x, y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            if g.source.contains(at) {
                assert!(!reversed, "{context}: the source pane's header is highlighted at ({x}, {y})");
            } else if let Some(colour) = passage_colour {
                assert!(
                    !(reversed && cell.fg == colour),
                    "{context}: the passage's highlight at ({x}, {y}), outside the body"
                );
            }
        }
    }
}

#[test]
fn the_highlight_covers_exactly_the_passage_after_emoji_cjk_and_combining_marks() {
    for no_color in [true, false] {
        let mut browser = unicode_fixture(no_color);
        for index in 0..browser.app.len() {
            while browser.app.selected_index() < index {
                press(&mut browser, KeyCode::Char('j'));
            }
            for (width, height) in [(80, 24), (160, 48), (44, 16), (60, 20)] {
                assert_highlight_is_the_passage(&mut browser, width, height);
            }
        }
        // The claim's passage is made of emoji; the discrepancy's variants of CJK and
        // combining text.
        press(&mut browser, KeyCode::Char('2'));
        assert_highlight_is_the_passage(&mut browser, 80, 24);
        press(&mut browser, KeyCode::Char('3'));
        assert_highlight_is_the_passage(&mut browser, 80, 24);
        press(&mut browser, KeyCode::Char('l'));
        assert_highlight_is_the_passage(&mut browser, 50, 14);
    }
}

#[test]
fn the_highlight_is_exact_for_every_passage_of_the_bundled_store() {
    let mut browser = bundled();
    for view in ['1', '2', '3'] {
        press(&mut browser, KeyCode::Char(view));
        press(&mut browser, KeyCode::Char('g'));
        loop {
            let (_, count) = browser.app.passage_position();
            for _ in 0..count {
                assert_highlight_is_the_passage(&mut browser, 160, 48);
                press(&mut browser, KeyCode::Char(']'));
            }
            if browser.app.selected_index() + 1 >= browser.app.len() {
                break;
            }
            press(&mut browser, KeyCode::Char('j'));
        }
    }
}

#[test]
fn the_emoji_article_keeps_columns_aligned() {
    // The fifth bundled article carries flags, keycaps and 🔊: every row must still be exactly
    // as wide as the screen, and the separator column must stay put.
    let mut browser = bundled();
    let statement = browser.app.store().event_by_id("joint-statement-ambassadors-and-visit").unwrap();
    while browser.app.selected() != Some(Item::Event(statement)) {
        press(&mut browser, KeyCode::Char('j'));
    }
    let emoji_source = browser.app.store().sources.iter().position(|s| s.text.contains('🔊')).unwrap() as u32;
    while browser.app.current_passage().unwrap().passage.source != emoji_source {
        press(&mut browser, KeyCode::Char(']'));
    }
    let buffer = render(&mut browser, 160, 48);
    let text = buffer_text(&buffer);
    assert!(text.contains("🇵🇰"), "{text}");
    let separator = browser.frame_state.geometry.list.right();
    for y in browser.frame_state.geometry.list.y..browser.frame_state.geometry.list.bottom() {
        assert_eq!(buffer[(separator, y)].symbol(), "│", "row {y} lost its separator");
    }
    for line in text.lines() {
        let cells: usize =
            unicode_segmentation::UnicodeSegmentation::graphemes(line, true).map(factline::text::grapheme_width).sum();
        assert!(cells <= 160, "{line}");
    }
    assert_highlight_is_the_passage(&mut browser, 160, 48);
}

#[test]
fn hostile_store_text_never_reaches_the_screen_as_control_characters() {
    let mut browser = unicode_fixture(false);
    let mut screens = Vec::new();
    for key in ['1', '2', '3'] {
        press(&mut browser, KeyCode::Char(key));
        for _ in 0..5 {
            screens.push(render(&mut browser, 120, 30));
            press(&mut browser, KeyCode::Char('j'));
        }
    }
    keys(&mut browser, "/evil");
    screens.push(render(&mut browser, 120, 30));
    press(&mut browser, KeyCode::Enter);
    screens.push(render(&mut browser, 120, 30));
    for buffer in &screens {
        for cell in buffer.content() {
            assert!(!cell.symbol().chars().any(|c| c.is_control()), "control character in {:?}", cell.symbol());
        }
    }
    let text: String = screens.iter().map(buffer_text).collect();
    assert!(text.contains("Evil"), "the hostile entity is still shown");
    assert!(!text.contains("pwned") || text.contains("␛]0;pwned"), "an OSC title is shown inert");
}

#[test]
fn every_size_from_1x1_to_40x15_renders_without_panic() {
    let mut states: Vec<Browser> = Vec::new();
    for view in ['1', '2', '3'] {
        let mut browser = bundled();
        press(&mut browser, KeyCode::Char(view));
        states.push(browser);
        let mut help = bundled();
        press(&mut help, KeyCode::Char(view));
        press(&mut help, KeyCode::Char('?'));
        states.push(help);
    }
    let mut searching = bundled();
    keys(&mut searching, "/a");
    states.push(searching);
    states.push(unicode_fixture(false));
    for browser in &mut states {
        for width in 1..=40 {
            for height in 1..=15 {
                let buffer = render(browser, width, height);
                if width >= 31 && height < 12 {
                    assert!(buffer_text(&buffer).contains("terminal too small (need 40×12)"));
                }
            }
        }
    }
}

#[test]
fn no_color_uses_only_modifiers_and_the_default_theme_only_the_16_ansi_colours() {
    use ratatui::style::Color;
    for no_color in [true, false] {
        for view in ['1', '2', '3'] {
            let mut browser = app_for(store::bundled::load().unwrap(), no_color);
            press(&mut browser, KeyCode::Char(view));
            keys(&mut browser, "/ir");
            for buffer in [render(&mut browser, 120, 40), {
                press(&mut browser, KeyCode::Enter);
                press(&mut browser, KeyCode::Esc);
                render(&mut browser, 120, 40)
            }] {
                let mut reversed = 0;
                for cell in buffer.content() {
                    for colour in [cell.fg, cell.bg] {
                        if no_color {
                            assert_eq!(colour, Color::Reset, "a colour under NO_COLOR");
                        } else {
                            assert!(
                                !matches!(colour, Color::Rgb(..) | Color::Indexed(_)),
                                "{colour:?} is not one of the 16 ANSI colours"
                            );
                        }
                    }
                    reversed += usize::from(cell.modifier.contains(Modifier::REVERSED));
                }
                assert!(reversed > 0, "the selection and the passage stand out without colour");
            }
        }
    }
}

#[test]
fn the_items_other_passages_in_the_same_article_are_underlined() {
    let mut browser = bundled();
    let strike = browser.app.store().event_by_id("iran-strike-balochistan").unwrap();
    while browser.app.selected() != Some(Item::Event(strike)) {
        press(&mut browser, KeyCode::Char('j'));
    }
    // Tall enough that the whole article is on screen.
    let buffer = render(&mut browser, 160, 120);
    let current = browser.app.current_passage().unwrap().passage.clone();
    let store = browser.app.store();
    let text = &store.sources[current.source as usize].text;
    let others: Vec<_> = store.events[strike as usize]
        .evidence
        .iter()
        .filter(|p| p.source == current.source && p.start != current.start)
        .collect();
    assert!(others.len() > 1);
    let expected: String = text
        .chars()
        .enumerate()
        .filter(|&(i, c)| {
            !c.is_whitespace()
                && !(current.start..current.end).contains(&i)
                && others.iter().any(|p| (p.start..p.end).contains(&i))
        })
        .map(|(_, c)| c)
        .collect();
    let g = &browser.frame_state.geometry;
    let mut underlined = String::new();
    for y in g.source.bottom() - g.source_body..g.source.bottom() {
        for x in g.source.x..g.source.right() {
            let cell = &buffer[(x, y)];
            if cell.modifier.contains(Modifier::UNDERLINED) && !cell.modifier.contains(Modifier::REVERSED) {
                underlined.push_str(cell.symbol());
            }
        }
    }
    assert_eq!(without_spaces(&underlined), expected);
}

#[test]
fn the_source_pane_keeps_still_while_the_next_passage_is_already_in_view() {
    use factline::text::{line_of_char, wrap};
    let mut browser = bundled();
    let strike = browser.app.store().event_by_id("iran-strike-balochistan").unwrap();
    while browser.app.selected() != Some(Item::Event(strike)) {
        press(&mut browser, KeyCode::Char('j'));
    }
    render(&mut browser, 80, 24);
    let (mut stayed, mut moved) = (0, 0);
    for _ in 0..browser.app.passage_position().1 {
        let (before_source, before_top) =
            (browser.app.current_passage().unwrap().passage.source, browser.frame_state.geometry.source_top);
        press(&mut browser, KeyCode::Char(']'));
        render(&mut browser, 80, 24);
        let passage = browser.app.current_passage().unwrap().passage.clone();
        let g = &browser.frame_state.geometry;
        let lines = wrap(&browser.app.store().sources[passage.source as usize].text, g.source.width.into());
        let (first, last) = (line_of_char(&lines, passage.start), line_of_char(&lines, passage.end - 1));
        let height = usize::from(g.source_body);
        let was_visible = passage.source == before_source && first >= before_top && last < before_top + height;
        if was_visible {
            assert_eq!(g.source_top, before_top, "the text jumped although the passage was in view");
            stayed += 1;
        } else {
            assert!(first >= g.source_top && last < g.source_top + height, "the passage was not scrolled into view");
            moved += 1;
        }
    }
    assert!(stayed > 0 && moved > 0, "both cases occur ({stayed} stayed, {moved} moved)");
}

#[test]
fn larger_and_odd_sizes_render_without_panic_in_every_state() {
    for view in ['1', '2', '3'] {
        let mut plain = unicode_fixture(false);
        press(&mut plain, KeyCode::Char(view));
        let mut searching = bundled();
        press(&mut searching, KeyCode::Char(view));
        keys(&mut searching, "/i");
        let mut help = bundled();
        press(&mut help, KeyCode::Char(view));
        press(&mut help, KeyCode::Char('?'));
        for browser in [&mut plain, &mut searching, &mut help] {
            for width in (40..=260).step_by(11) {
                for height in (12..=90).step_by(13) {
                    render(browser, width, height);
                }
            }
            render(browser, 1000, 3);
            render(browser, 3, 500);
        }
    }
}

#[test]
fn the_help_overlay_shows_every_binding_of_the_keymap() {
    let mut browser = bundled();
    press(&mut browser, KeyCode::Char('?'));
    let text = buffer_text(&render(&mut browser, 120, 70));
    for (group, keys, description) in factline::tui::keymap::help_entries() {
        // A browser without an editor (the kiosk's) offers no curation keys, form or picker.
        if factline::tui::keymap::is_editing_group(group) {
            assert!(!text.contains(group.title()), "{} shown without an editor", group.title());
            continue;
        }
        assert!(text.contains(group.title()), "{} missing", group.title());
        assert!(
            text.lines().any(|line| line.contains(&keys) && line.contains(description)),
            "help lacks `{keys}  {description}`:\n{text}"
        );
    }
}

#[test]
fn the_dropdown_marks_the_matched_characters_of_the_spelling_that_matched() {
    let mut browser = bundled();
    keys(&mut browser, "/kakar");
    let buffer = render(&mut browser, 80, 24);
    let dropdown = browser.frame_state.geometry.dropdown;
    // The best match's row, below its section's heading when passages are listed too.
    let choice = browser.app.choices().iter().position(|c| *c == Choice::Entity(0)).unwrap();
    let row = browser.frame_state.geometry.dropdown_rows.iter().position(|r| *r == Some(choice)).unwrap();
    let first_row = dropdown.y + row as u16;
    let marked: String = (dropdown.x..dropdown.right())
        .map(|x| &buffer[(x, first_row)])
        .filter(|cell| cell.modifier.contains(Modifier::UNDERLINED | Modifier::BOLD))
        .map(|cell| cell.symbol())
        .collect();
    assert_eq!(marked, "Kakar");
    let row: String = (dropdown.x..dropdown.right()).map(|x| buffer[(x, first_row)].symbol()).collect();
    assert!(row.contains("→ Anwaar-ul-Haq Kakar"), "the alias that matched leads to the name: {row}");
    assert!(row.contains("2 events"), "{row}");

    let mut browser = unicode_fixture(true);
    keys(&mut browser, "/zoe");
    let text = buffer_text(&render(&mut browser, 80, 24));
    assert!(text.contains("Zoe\u{301} Łukasik"), "a combining mark stays on its letter:\n{text}");
}

#[test]
fn an_empty_store_browses_without_panic() {
    let mut browser = app_for(Store::default(), false);
    for key in ['1', 'j', 'G', ']', 'l', '2', 'k', '3', 'h', '[', '/', 'x'] {
        press(&mut browser, KeyCode::Char(key));
        for (width, height) in [(80, 24), (160, 48), (40, 12), (5, 5)] {
            render(&mut browser, width, height);
        }
    }
    press(&mut browser, KeyCode::Enter);
    press(&mut browser, KeyCode::Esc);
    let text = buffer_text(&render(&mut browser, 80, 24));
    assert!(text.contains("no items"), "{text}");
}
