//! How the edit form shows its fields, driven through the browser's keys on a copy of the
//! bundled store: a long text shows its start with `…` where it is cut, a list of entities that
//! does not fit says `+N`, a date's problem goes as soon as the date is right, every row keeps a
//! cell from the border, and a claim's `about` and an event's `fatalities` are edited and saved.

use std::sync::Arc;

use crossterm::event::KeyCode;
use factline::curation::Curation;
use factline::search::SearchIndex;
use factline::tui::view::Item;
use factline::tui::{App, Browser, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

mod common;
use common::*;

/// A browser that edits, in colour, so the styles can be told apart.
fn coloured(dir: &tempfile::TempDir) -> Browser {
    let (store, curation) = Curation::open(Some(dir.path())).unwrap();
    let search = Arc::new(SearchIndex::new(&store));
    Browser::with_editor(App::new(store, search), Theme::new(false), Box::new(curation))
}

fn render(browser: &mut Browser, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| browser.draw(frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// The form's box: the rectangle drawn with `┌` … `┘` around its title.
fn form_box(buffer: &Buffer, title: &str) -> Rect {
    let area = buffer.area;
    for y in 0..area.height {
        let line: String = (0..area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect();
        if let Some(at) = line.find(&format!("┌ {title}")) {
            let left = line[..at].chars().count() as u16;
            let right = (left..area.width).find(|&x| buffer[(x, y)].symbol() == "┐").unwrap();
            let bottom = (y..area.height).find(|&b| buffer[(left, b)].symbol() == "└").unwrap();
            return Rect::new(left, y, right - left + 1, bottom - y + 1);
        }
    }
    panic!("no form titled {title}");
}

/// The text of the form's row whose label is `label` (the label and what follows it).
fn row(buffer: &Buffer, frame: Rect, label: &str) -> (u16, String) {
    for y in frame.top() + 1..frame.bottom() - 1 {
        let text: String = (frame.left() + 1..frame.right() - 1).map(|x| buffer[(x, y)].symbol()).collect();
        if text.chars().skip(2).collect::<String>().starts_with(&format!("{label} ")) {
            return (y, text);
        }
    }
    panic!("no row {label}");
}

/// Every row inside the box leaves the cell next to its right border blank.
fn assert_a_cell_from_the_border(buffer: &Buffer, frame: Rect) {
    for y in frame.top() + 1..frame.bottom() - 1 {
        let cell = &buffer[(frame.right() - 2, y)];
        assert_eq!(cell.symbol(), " ", "row {y} touches the border");
    }
}

/// Where `what` starts in row `y` of the buffer, by cell.
fn column_of(buffer: &Buffer, y: u16, what: &str) -> u16 {
    (0..buffer.area.width).find(|&x| buffer[(x, y)].symbol() == what).unwrap_or_else(|| panic!("no {what} in row {y}"))
}

#[test]
fn a_long_title_shows_its_start_when_left_and_its_cursor_end_when_edited_with_a_mark_where_cut() {
    let dir = store_copy();
    let mut browser = coloured(&dir);
    key(&mut browser, 'e');
    let title = text_of(browser.app.form().unwrap(), "title");
    typed(&mut browser, " — a correction appended by the desk after the ministry's second statement");
    let buffer = render(&mut browser, 80, 24);
    let frame = form_box(&buffer, "Edit event");
    let (y, focused) = row(&buffer, frame, "title");
    assert!(focused.trim_end().ends_with("second statement"), "the cursor's end in view: {focused:?}");
    let lead = column_of(&buffer, y, "…");
    assert_eq!(buffer[(lead, y)].fg, Color::DarkGray, "the cut is marked, dimmed");
    assert!(!focused.contains(&title[..10]), "scrolled past the start: {focused:?}");
    assert_a_cell_from_the_border(&buffer, frame);

    press(&mut browser, KeyCode::Tab);
    let buffer = render(&mut browser, 80, 24);
    let (_, left) = row(&buffer, frame, "title");
    let value: String = left.chars().skip(13).collect();
    let value = value.trim_end();
    assert!(value.starts_with(&title), "the start when not focused: {left:?}");
    assert!(value.ends_with('…'), "and a mark where it is cut: {left:?}");
    assert_a_cell_from_the_border(&buffer, frame);
}

#[test]
fn entities_that_do_not_fit_are_counted_as_plus_n() {
    let dir = store_copy();
    let mut browser = coloured(&dir);
    key(&mut browser, 'e');
    tab(&mut browser, 3);
    for name in ["Ministry of Foreign Affairs of Pakistan", "Embassy of the Islamic Republic", "Jaish al-Adl", "Kakar"]
    {
        typed(&mut browser, name);
        press(&mut browser, KeyCode::Enter);
    }
    let actors = match &browser.app.form().unwrap().fields()[3].value {
        factline::tui::form::Value::Entities(chips) => chips.len(),
        other => panic!("{other:?}"),
    };
    assert!(actors >= 5, "{actors}");
    for (width, height) in [(80, 24), (160, 48)] {
        let buffer = render(&mut browser, width, height);
        let frame = form_box(&buffer, "Edit event");
        let (y, text) = row(&buffer, frame, "actors");
        let plus = text.rfind('+').unwrap_or_else(|| panic!("no +N: {text:?}"));
        let hidden: usize = text[plus + 1..].trim_end().parse().unwrap();
        let x = frame.left() + 1 + text[..plus].chars().count() as u16;
        assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD), "+N stands out");
        // Each chip shown is drawn reversed or on a colour: count the runs of chip cells.
        let chip_cells: Vec<bool> = (frame.left() + 14..x).map(|x| buffer[(x, y)].bg == Color::Cyan).collect();
        let shown = chip_cells.windows(2).filter(|w| !w[0] && w[1]).count() + usize::from(chip_cells[0]);
        assert_eq!(shown + hidden, actors, "{width}×{height}: {text:?}");
        assert_a_cell_from_the_border(&buffer, frame);
        insta::assert_snapshot!(format!("form_fields_{width}x{height}"), screen(&mut browser, width, height));
    }
}

#[test]
fn a_date_problem_goes_as_soon_as_the_date_is_right() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, 'e');
    tab(&mut browser, 1);
    ctrl(&mut browser, 'u');
    typed(&mut browser, "2024-13");
    ctrl(&mut browser, 's');
    let problem = |b: &Browser| b.app.form().unwrap().problem().map(str::to_string);
    assert!(problem(&browser).is_some_and(|p| p.starts_with("date:")), "{:?}", problem(&browser));
    press(&mut browser, KeyCode::Backspace);
    assert!(problem(&browser).is_some(), "2024-1 is no date yet");
    key(&mut browser, '2');
    assert_eq!(problem(&browser), None, "2024-12 is");
    assert!(!screen(&mut browser, 80, 24).contains("! date"));
    // A problem about another field stays while the date is typed.
    tab(&mut browser, 5);
    typed(&mut browser, "nine");
    ctrl(&mut browser, 's');
    assert!(problem(&browser).is_some_and(|p| p.starts_with("fatalities:")), "{:?}", problem(&browser));
    press(&mut browser, KeyCode::BackTab);
    press(&mut browser, KeyCode::Backspace);
    assert!(problem(&browser).is_some_and(|p| p.starts_with("fatalities:")), "{:?}", problem(&browser));
}

#[test]
fn an_events_fatalities_are_a_whole_number_or_nothing_and_are_saved() {
    let dir = store_copy();
    let original = read(&dir);
    let mut browser = editing(Some(dir.path()));
    let Some(Item::Event(e)) = browser.app.selected() else { panic!("an event is selected") };
    let id = browser.app.store().events[e as usize].id.clone();
    key(&mut browser, 'e');
    press(&mut browser, KeyCode::BackTab);
    press(&mut browser, KeyCode::BackTab);
    assert_eq!(browser.app.form().unwrap().fields()[browser.app.form().unwrap().focus()].label, "fatalities");
    typed(&mut browser, "9 or 10");
    ctrl(&mut browser, 's');
    let problem = browser.app.form().unwrap().problem().unwrap().to_string();
    assert!(problem.contains("not a whole number") && problem.contains("empty"), "{problem}");
    assert!(screen(&mut browser, 80, 24).contains("! fatalities:"));
    ctrl(&mut browser, 'u');
    assert_eq!(browser.app.form().unwrap().problem(), None, "empty is right: the problem goes");
    typed(&mut browser, "9");
    ctrl(&mut browser, 's');
    saved(&browser);
    let event = browser.app.store().events.iter().find(|ev| ev.id == id).unwrap();
    assert_eq!(event.fatalities, Some(9));
    check(&dir);
    key(&mut browser, 'u');
    assert_eq!(read(&dir), original, "one undo restores the bytes");
}

#[test]
fn a_claims_about_offers_its_events_first_and_enter_marks_which_it_speaks_of() {
    let dir = store_copy();
    let mut browser = coloured(&dir);
    key(&mut browser, '2');
    let Some(Item::Claim(c)) = browser.app.selected() else { panic!("a claim is selected") };
    let store = browser.app.store();
    let claim = &store.claims[c as usize];
    let about: Vec<String> = claim.about.iter().map(|&e| store.events[e as usize].id.clone()).collect();
    assert!(about.len() >= 2, "a claim about several events: {about:?}");
    let id = claim.id.clone();
    key(&mut browser, 'e');
    tab(&mut browser, 5);
    for (width, height) in [(80, 24), (160, 48)] {
        let buffer = render(&mut browser, width, height);
        let frame = form_box(&buffer, "Edit claim");
        let (y, text) = row(&buffer, frame, "about");
        assert!(text.contains(&format!("about {}", about.len())), "{text:?}");
        assert!(text.contains("‹ ✓ "), "the first event offered is one it is about: {text:?}");
        let check_mark = column_of(&buffer, y, "✓");
        assert!(buffer[(check_mark, y)].modifier.contains(Modifier::BOLD), "the focused choice is bold");
        assert_a_cell_from_the_border(&buffer, frame);
        insta::assert_snapshot!(format!("form_about_{width}x{height}"), screen(&mut browser, width, height));
    }
    // Enter unmarks the first; the next offered keeps its mark.
    press(&mut browser, KeyCode::Enter);
    press(&mut browser, KeyCode::Right);
    ctrl(&mut browser, 's');
    saved(&browser);
    let store = browser.app.store();
    let claim = store.claims.iter().find(|c| c.id == id).unwrap();
    let now: Vec<&str> = claim.about.iter().map(|&e| store.events[e as usize].id.as_str()).collect();
    assert_eq!(now, about[1..].iter().map(String::as_str).collect::<Vec<_>>());
    check(&dir);
}

#[test]
fn the_discrepancy_forms_passage_rows_keep_a_cell_from_the_border() {
    let dir = store_copy();
    let mut browser = editing(Some(dir.path()));
    key(&mut browser, '2');
    key(&mut browser, 'D');
    typed(&mut browser, "Who was struck");
    for (width, height) in [(80, 24), (160, 48), (60, 20)] {
        for _ in 0..5 {
            let buffer = render(&mut browser, width, height);
            assert_a_cell_from_the_border(&buffer, form_box(&buffer, "New discrepancy"));
            press(&mut browser, KeyCode::Tab);
        }
    }
}
