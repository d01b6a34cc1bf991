//! The real binary in a pseudo-terminal, read back through a terminal emulator (vt100): typing
//! works end to end, frames are synchronized, nothing is drawn while idle, and the terminal is
//! restored after `q`, SIGTERM and SIGHUP.

#[path = "../benches/pty.rs"]
mod pty;

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use pty::Running as Session;

const BIN: &str = env!("CARGO_BIN_EXE_factline");

/// The status bar of the first frame: the whole bundled timeline.
fn first_frame() -> String {
    format!("item 1 of {}", factline::store::bundled::load().unwrap().events.len())
}

/// Runs `script` with `sh -c` (the binary's path in `$0`) in a cols×rows terminal.
fn start(script: &str, cols: u16, rows: u16) -> Session {
    pty::shell(script, Path::new(BIN), cols, rows)
}

fn browse() -> Session {
    start("exec \"$0\"", 80, 24)
}

#[test]
fn typing_a_search_and_enter_filters_the_timeline() {
    let mut s = browse();
    s.wait_for_text(&first_frame());
    s.type_keys("/kakar");
    s.wait_for_text("Anwaar-ul-Haq Kakar");
    s.type_keys("\r");
    // What the status bar and the list must show, taken from the store rather than hard-coded.
    let store = factline::store::bundled::load().unwrap();
    let kakar = store.entity_by_id("anwaar-ul-haq-kakar").unwrap();
    let events = store.events_of_entity(kakar);
    let name = &store.entities[kakar as usize].name;
    s.wait_for_text(&format!("item 1 of {} · filter: {name}", events.len()));
    let screen = s.screen();
    for event in &store.events {
        let title: String = event.title.chars().take(30).collect();
        let involved = events.iter().any(|&e| store.events[e as usize].id == event.id);
        assert_eq!(screen.contains(&title), involved, "{title:?} shown: {}\n{screen}", !involved);
    }
    // The screen may show a frame whose closing mark is still on its way: wait for it.
    s.wait_until("every frame's synchronized-update end (DEC 2026)", |s| {
        let output = s.text();
        let begun = output.matches("\x1b[?2026h").count();
        begun > 0 && begun == output.matches("\x1b[?2026l").count()
    });
    // A lone Esc, then q: sent together they would read as Alt-q.
    s.type_keys("\x1b");
    s.wait_for_text("Enter source");
    s.type_keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn nothing_is_drawn_while_idle() {
    let s = browse();
    s.wait_for_text(&first_frame());
    std::thread::sleep(Duration::from_millis(500));
    let before = s.received();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(s.received(), before, "output while no input arrived");
}

#[test]
fn resizing_redraws_at_once_and_tiny_sizes_say_so() {
    let mut s = browse();
    s.wait_for_text(&first_frame());
    // The first frame is drawn before the event loop listens for resizes; a resize sent in
    // between is lost (SIGWINCH is ignored until then), so let the loop start first.
    std::thread::sleep(Duration::from_millis(300));
    s.resize(30, 8);
    s.wait_for_text("terminal too small");
    s.resize(150, 30);
    s.wait_until("the status bar on the new last row", |s| {
        s.with_screen(|screen| screen.contents_between(29, 0, 29, 150).contains("TIMELINE"))
    });
    let screen = s.screen();
    assert!(screen.contains('│'), "wide enough for side by side:\n{screen}");
    s.type_keys("q");
    assert!(s.wait_exit().success());
}

/// What `stty -a` printed after the program ended, and the emulator's modes.
fn assert_restored(s: &Session) {
    s.with_screen(|screen| {
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor still hidden");
        assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse reporting still on");
        assert!(!screen.bracketed_paste(), "bracketed paste still on");
    });
    let output = s.text();
    let stty = &output[output.find("STTY-BEGIN").expect("stty ran")..];
    let flags: Vec<&str> = stty.split_whitespace().collect();
    for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(flags.contains(&flag), "{flag} is off: raw mode was left on\n{stty}");
    }
}

const THEN_STTY: &str = "echo \"exit=$?\"; echo STTY-BEGIN; stty -a; echo STTY-END";

#[test]
fn q_restores_the_terminal() {
    let mut s = start(&format!("\"$0\"; {THEN_STTY}"), 80, 24);
    s.wait_for_text(&first_frame());
    assert!(s.with_screen(vt100::Screen::alternate_screen));
    s.type_keys("q");
    s.wait_until("stty output", |s| s.text().contains("STTY-END"));
    assert!(s.text().contains("exit=0"));
    assert_restored(&s);
    assert!(s.wait_exit().success());
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_end_by_the_signal() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        // The inner shell prints its pid and becomes the program, so the test can signal it.
        let script = format!("sh -c 'echo PID=$$; exec \"$0\"' \"$0\"; {THEN_STTY}");
        let mut s = start(&script, 80, 24);
        s.wait_for_text(&first_frame());
        let output = s.text();
        let pid: String = output[output.find("PID=").unwrap() + 4..].chars().take_while(char::is_ascii_digit).collect();
        let killed = std::process::Command::new("kill").args([&format!("-{signal}"), &pid]).status().unwrap();
        assert!(killed.success());
        s.wait_until("stty output", |s| s.text().contains("STTY-END"));
        assert!(s.text().contains(&format!("exit={code}")), "SIG{signal}: {}", s.text());
        assert_restored(&s);
        s.wait_exit();
    }
}

const PANIC_CHILD_ENV: &str = "FACTLINE_PANIC_CHILD";

/// The child half of `a_panic_restores_the_terminal`: enters browser mode and panics. Run in a
/// pseudo-terminal by that same test, re-run with PANIC_CHILD_ENV set, so no test passes by doing
/// nothing when run on its own.
fn panic_in_browser_mode() -> ! {
    let _session = factline::tui::terminal::Session::enter().unwrap();
    print!("IN-BROWSER-MODE");
    std::io::stdout().flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    panic!("deliberate panic inside the browser");
}

#[test]
fn a_panic_restores_the_terminal() {
    if std::env::var_os(PANIC_CHILD_ENV).is_some() {
        panic_in_browser_mode();
    }
    let exe = std::env::current_exe().unwrap();
    let script = format!(
        "RUST_BACKTRACE=0 {PANIC_CHILD_ENV}=1 '{}' --exact a_panic_restores_the_terminal --nocapture --test-threads=1; {THEN_STTY}",
        exe.display()
    );
    let mut s = start(&script, 100, 40);
    s.wait_until("stty output", |s| s.text().contains("STTY-END"));
    let output = s.text();
    assert!(output.contains("IN-BROWSER-MODE"), "{output}");
    // Printed after the restore, so it is on the main screen rather than lost with the
    // alternate one.
    let screen = s.screen();
    assert!(screen.contains("deliberate panic"), "the panic message is visible:\n{screen}");
    assert!(output.contains("exit=101"), "the child's test failed by its panic:\n{output}");
    assert_restored(&s);
    s.wait_exit();
}

#[test]
fn without_a_terminal_it_explains_instead_of_writing_escape_codes() {
    let output = std::process::Command::new(BIN).stdin(std::process::Stdio::null()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "nothing written to a pipe");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
}

/// The rows of the source pane's text at cols×rows, by the browser's own layout (its two header
/// rows left out).
fn source_rows(screen: &vt100::Screen, cols: u16, rows: u16) -> Vec<String> {
    let areas = factline::tui::ui::layout::areas(ratatui::layout::Rect::new(0, 0, cols, rows));
    let body = areas.source.y + 2..areas.source.bottom();
    body.map(|y| screen.contents_between(y, areas.source.x, y, areas.source.right()).trim().to_string()).collect()
}

#[test]
fn after_r_the_source_pane_shows_the_edited_article_as_it_now_reads() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let init = std::process::Command::new(BIN).arg("init").arg(&store).output().unwrap();
    assert!(init.status.success(), "{init:?}");
    let (cols, rows) = (80, 24);
    let mut s = start(&format!("exec \"$0\" --data '{}'", store.display()), cols, rows);
    s.wait_for_text(&first_frame());
    let shown = s.with_screen(|screen| source_rows(screen, cols, rows));
    assert!(shown.iter().any(|l| !l.is_empty()), "an article is shown: {shown:?}");
    // Every article gains a line at its top and loses a word: the wrapped lines of before no
    // longer fit the new texts, which are of another length.
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(store.join("sources")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = format!("A line added at the top by an editor.\n{}", text.replacen(" the ", " ", 3));
        std::fs::write(&path, &edited).unwrap();
        texts.push(edited);
    }
    s.type_keys("R");
    s.wait_for_text("reloaded");
    let shown = s.with_screen(|screen| source_rows(screen, cols, rows));
    let screen = s.screen();
    assert!(!screen.contains('␊'), "no line-feed markers:\n{screen}");
    let written = shown.iter().filter(|l| !l.is_empty()).count();
    assert!(written > 0, "the pane shows text:\n{screen}");
    for line in shown.iter().filter(|l| !l.is_empty()) {
        assert!(
            texts.iter().any(|t| t.contains(line.as_str())),
            "{line:?} is not a line of any article now:\n{screen}"
        );
    }
    s.type_keys("q");
    assert!(s.wait_exit().success());
}
