//! One browsing session: its own app state, fed by the client's bytes, rendered by ratatui into frames that a
//! separate writer task sends. Frames go through a one-slot channel and are only rendered when that slot is free,
//! so a slow client gets fewer, fresher frames instead of an ever-growing backlog, and never holds anyone else up.

use std::time::Duration;

use crossterm::event::Event;
use ratatui::{Frame, Terminal};
use russh::ChannelWriteHalf;
use russh::server::Msg;
use tokio::sync::{mpsc, watch};
use tokio::time::{Instant, sleep_until, timeout};

use super::backend::RemoteBackend;
use super::config;
use super::input::Decoder;
use super::log::Ending;

use crate::tui::modes::{mouse_off, mouse_on};

/// What a session shows. The real one is the TUI's `Browser` (its app state, frame state and theme, owned by
/// this session); anything that turns events into frames fits.
pub trait Screen: Send {
    /// Returns whether the screen must be redrawn.
    fn handle_event(&mut self, event: &Event) -> bool;
    fn should_quit(&self) -> bool;
    fn draw(&mut self, frame: &mut Frame);
}

/// From the SSH connection to its session.
#[derive(Debug)]
pub enum Input {
    Data(Vec<u8>),
    Resize { width: u16, height: u16 },
}

/// From the session to its writer.
#[derive(Debug)]
pub enum Output {
    Bytes(Vec<u8>),
    /// The session is over: report this exit status and close the channel.
    End {
        exit_status: u32,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub width: u16,
    pub height: u16,
    pub idle_timeout: Duration,
    pub max_session: Duration,
    /// How long a lone ESC waits for the rest of a sequence before it counts as the Esc key.
    pub esc_delay: Duration,
}

/// Input messages queued per session before the SSH connection waits (back-pressure on that client only).
pub const INPUT_QUEUE: usize = 64;
/// Frames that may wait for the writer: one. Rendering waits for the slot, so frames never pile up.
pub const OUTPUT_QUEUE: usize = 1;
/// How long the goodbye (terminal restore + message) may take to reach a client before we give up on it.
const FAREWELL_TIMEOUT: Duration = Duration::from_secs(2);
/// A client that has not accepted a single frame for this long is gone, whatever its TCP connection says.
const WRITE_STALL_LIMIT: Duration = Duration::from_secs(60);

/// Alternate screen, hidden cursor, the browser's mouse modes (shared with the local terminal), bracketed paste.
pub const SETUP: &[u8] = concat!("\x1b[?1049h\x1b[?25l", mouse_on!(), "\x1b[?2004h").as_bytes();
/// Undoes SETUP in reverse order and resets colours.
pub const RESTORE: &[u8] = concat!("\x1b[0m\x1b[?2004l", mouse_off!(), "\x1b[?25h\x1b[?1049l").as_bytes();
/// Synchronized output (DEC mode 2026): the terminal shows a frame only once it is complete.
const BEGIN_FRAME: &[u8] = b"\x1b[?2026h";
const END_FRAME: &[u8] = b"\x1b[?2026l";

/// Runs until the user quits, the client goes away, a time limit hits, or the server shuts down.
pub async fn run(
    mut screen: Box<dyn Screen>,
    settings: Settings,
    mut input: mpsc::Receiver<Input>,
    mut shutdown: watch::Receiver<bool>,
    output: mpsc::Sender<Output>,
) -> Ending {
    let mut backend = RemoteBackend::new(settings.width, settings.height);
    backend.write_raw(SETUP);
    let mut terminal = match Terminal::new(backend) {
        Ok(terminal) => terminal,
        Err(_) => return Ending::Disconnected,
    };
    let _ = terminal.clear();
    screen.handle_event(&Event::Resize(settings.width, settings.height));

    let mut decoder = Decoder::new();
    let started = Instant::now();
    let session_cap = started + settings.max_session;
    let mut idle_deadline = started + settings.idle_timeout;
    let mut esc_deadline: Option<Instant> = None;
    let mut dirty = true;

    let ending = loop {
        tokio::select! {
            // Limits first, so a client that never stops typing cannot outstay them; then a pending frame before
            // more input, so a steady stream of keys still shows on screen.
            biased;
            _ = stopped(&mut shutdown) => break Ending::ServerShutdown,
            _ = sleep_until(session_cap) => break Ending::SessionCap,
            _ = sleep_until(idle_deadline) => break Ending::IdleTimeout,
            slot = output.reserve(), if dirty => match slot {
                Ok(slot) => {
                    slot.send(Output::Bytes(render(&mut terminal, screen.as_mut())));
                    dirty = false;
                }
                Err(_) => break Ending::Disconnected,
            },
            message = input.recv() => match message {
                None => break Ending::Disconnected,
                Some(Input::Data(bytes)) => {
                    idle_deadline = Instant::now() + settings.idle_timeout;
                    dirty |= apply(screen.as_mut(), decoder.feed(&bytes));
                    if screen.should_quit() {
                        break Ending::Quit;
                    }
                    esc_deadline = decoder.has_pending().then(|| Instant::now() + settings.esc_delay);
                }
                Some(Input::Resize { width, height }) => {
                    terminal.backend_mut().set_size(width, height);
                    let _ = terminal.autoresize();
                    screen.handle_event(&Event::Resize(width, height));
                    dirty = true;
                }
            },
            _ = sleep_until(esc_deadline.unwrap_or(session_cap)), if esc_deadline.is_some() => {
                esc_deadline = None;
                dirty |= apply(screen.as_mut(), decoder.flush());
                if screen.should_quit() {
                    break Ending::Quit;
                }
            }
        }
    };

    let mut farewell = terminal.backend_mut().take_output();
    farewell.extend_from_slice(RESTORE);
    farewell.extend_from_slice(farewell_message(&ending, &settings).as_bytes());
    let exit_status = u32::from(ending != Ending::Quit);
    let _ = timeout(FAREWELL_TIMEOUT, async {
        output.send(Output::Bytes(farewell)).await?;
        output.send(Output::End { exit_status }).await
    })
    .await;
    ending
}

/// Resolves once shutdown is requested (or whoever could request it is gone).
pub async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

fn apply(screen: &mut dyn Screen, events: Vec<Event>) -> bool {
    let mut redraw = false;
    for event in &events {
        redraw |= screen.handle_event(event);
        if screen.should_quit() {
            break;
        }
    }
    redraw
}

fn render(terminal: &mut Terminal<RemoteBackend>, screen: &mut dyn Screen) -> Vec<u8> {
    terminal.backend_mut().write_raw(BEGIN_FRAME);
    let _ = terminal.draw(|frame| screen.draw(frame));
    terminal.backend_mut().write_raw(END_FRAME);
    terminal.backend_mut().take_output()
}

fn farewell_message(ending: &Ending, settings: &Settings) -> String {
    match ending {
        Ending::IdleTimeout => {
            format!("factline: closed after {} without input.\r\n", config::human(settings.idle_timeout))
        }
        Ending::SessionCap => {
            format!("factline: sessions last at most {}; goodbye.\r\n", config::human(settings.max_session))
        }
        Ending::ServerShutdown => "factline: the server is shutting down; goodbye.\r\n".to_string(),
        _ => String::new(),
    }
}

/// Sends a session's output to its SSH channel. `data_bytes` waits for the client's flow-control window, so a
/// client that stops reading only ever stalls this task.
pub async fn write_to_channel(mut output: mpsc::Receiver<Output>, channel: ChannelWriteHalf<Msg>) {
    while let Some(message) = output.recv().await {
        match message {
            Output::Bytes(bytes) => {
                // Giving up drops the receiver, which ends the session (its next frame finds no writer).
                if !matches!(timeout(WRITE_STALL_LIMIT, channel.data_bytes(bytes)).await, Ok(Ok(()))) {
                    return;
                }
            }
            Output::End { exit_status } => {
                let _ = channel.exit_status(exit_status).await;
                break;
            }
        }
    }
    let _ = channel.eof().await;
    let _ = channel.close().await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent};
    use ratatui::widgets::Paragraph;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Shows the keys typed so far; `q` quits. Counts events so a test can see input being handled.
    struct Echo {
        typed: String,
        quit: bool,
        events: Arc<AtomicUsize>,
    }

    impl Screen for Echo {
        fn handle_event(&mut self, event: &Event) -> bool {
            self.events.fetch_add(1, Ordering::SeqCst);
            match event {
                Event::Key(KeyEvent { code: KeyCode::Char('q'), .. }) => self.quit = true,
                Event::Key(KeyEvent { code: KeyCode::Char(c), .. }) => self.typed.push(*c),
                Event::Key(KeyEvent { code: KeyCode::Esc, .. }) => self.typed.push_str("<esc>"),
                _ => {}
            }
            true
        }
        fn should_quit(&self) -> bool {
            self.quit
        }
        fn draw(&mut self, frame: &mut Frame) {
            let area = frame.area();
            frame.render_widget(Paragraph::new(format!("{}x{} {}", area.width, area.height, self.typed)), area);
        }
    }

    struct Harness {
        input: mpsc::Sender<Input>,
        output: mpsc::Receiver<Output>,
        shutdown: watch::Sender<bool>,
        events: Arc<AtomicUsize>,
        session: tokio::task::JoinHandle<Ending>,
        screen: vt100::Parser,
    }

    fn settings() -> Settings {
        Settings {
            width: 40,
            height: 5,
            idle_timeout: Duration::from_secs(60),
            max_session: Duration::from_secs(600),
            esc_delay: Duration::from_millis(20),
        }
    }

    fn start(settings: Settings) -> Harness {
        let (input_tx, input_rx) = mpsc::channel(INPUT_QUEUE);
        let (output_tx, output_rx) = mpsc::channel(OUTPUT_QUEUE);
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let events = Arc::new(AtomicUsize::new(0));
        let screen = Box::new(Echo { typed: String::new(), quit: false, events: Arc::clone(&events) });
        let session = tokio::spawn(run(screen, settings, input_rx, shutdown_rx, output_tx));
        Harness {
            input: input_tx,
            output: output_rx,
            shutdown: shutdown_tx,
            events,
            session,
            screen: vt100::Parser::new(settings.height, settings.width, 0),
        }
    }

    impl Harness {
        async fn next_bytes(&mut self) -> Vec<u8> {
            match timeout(Duration::from_secs(5), self.output.recv()).await.expect("a frame in time") {
                Some(Output::Bytes(bytes)) => {
                    self.screen.process(&bytes);
                    bytes
                }
                other => panic!("expected bytes, got {other:?}"),
            }
        }
        fn text(&self) -> String {
            self.screen.screen().contents().trim().to_string()
        }
        async fn send(&self, bytes: &[u8]) {
            self.input.send(Input::Data(bytes.to_vec())).await.unwrap();
        }
        async fn end(mut self) -> (Ending, Vec<u8>, u32) {
            let farewell = self.next_bytes().await;
            let status = match self.output.recv().await {
                Some(Output::End { exit_status }) => exit_status,
                other => panic!("expected the end, got {other:?}"),
            };
            (self.session.await.unwrap(), farewell, status)
        }
    }

    #[tokio::test]
    async fn the_first_frame_sets_up_the_terminal_and_is_synchronized() {
        let mut h = start(settings());
        let first = h.next_bytes().await;
        assert!(first.starts_with(SETUP));
        let body = &first[SETUP.len()..];
        let begin = body.windows(BEGIN_FRAME.len()).position(|w| w == BEGIN_FRAME).unwrap();
        assert!(body.ends_with(END_FRAME));
        assert!(begin < body.len() - END_FRAME.len());
        assert!(h.screen.screen().alternate_screen());
        assert!(h.screen.screen().hide_cursor());
        assert_eq!(h.text(), "40x5");
    }

    #[tokio::test]
    async fn keys_update_the_screen_and_q_restores_the_terminal() {
        let mut h = start(settings());
        h.next_bytes().await;
        h.send(b"ab").await;
        h.next_bytes().await;
        assert_eq!(h.text(), "40x5 ab");
        h.send(b"q").await;
        let (ending, farewell, status) = h.end().await;
        assert_eq!((ending, status), (Ending::Quit, 0));
        assert!(farewell.ends_with(RESTORE));
    }

    #[tokio::test]
    async fn resize_redraws_at_the_new_size() {
        let mut h = start(settings());
        h.next_bytes().await;
        h.input.send(Input::Resize { width: 20, height: 3 }).await.unwrap();
        h.screen.screen_mut().set_size(3, 20);
        h.next_bytes().await;
        assert!(h.text().starts_with("20x3"), "{}", h.text());
    }

    #[tokio::test]
    async fn a_lone_esc_becomes_the_esc_key_after_the_delay() {
        let mut h = start(settings());
        h.next_bytes().await;
        h.send(b"\x1b").await;
        h.next_bytes().await;
        assert_eq!(h.text(), "40x5 <esc>");
    }

    #[tokio::test]
    async fn a_disconnect_ends_the_session() {
        let mut h = start(settings());
        h.next_bytes().await;
        let (input, session) = (h.input, h.session);
        drop(input);
        assert_eq!(timeout(Duration::from_secs(5), session).await.unwrap().unwrap(), Ending::Disconnected);
    }

    #[tokio::test]
    async fn shutdown_restores_the_terminal_and_says_goodbye() {
        let mut h = start(settings());
        h.next_bytes().await;
        h.shutdown.send(true).unwrap();
        let (ending, farewell, status) = h.end().await;
        assert_eq!((ending, status), (Ending::ServerShutdown, 1));
        let text = String::from_utf8_lossy(&farewell);
        assert!(text.contains("\x1b[?1049l") && text.contains("shutting down"), "{text:?}");
    }

    #[tokio::test]
    async fn idle_and_absolute_limits_end_sessions() {
        let mut h = start(Settings { idle_timeout: Duration::from_millis(100), ..settings() });
        h.next_bytes().await;
        let (ending, farewell, _) = h.end().await;
        assert_eq!(ending, Ending::IdleTimeout);
        assert!(String::from_utf8_lossy(&farewell).contains("without input"));

        let mut h = start(Settings { max_session: Duration::from_millis(300), ..settings() });
        h.next_bytes().await;
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_millis(40)).await;
            h.send(b"x").await;
            h.next_bytes().await;
        }
        let (ending, _, _) = h.end().await;
        assert_eq!(ending, Ending::SessionCap, "input does not extend the absolute cap");
    }

    #[tokio::test]
    async fn a_client_that_stops_reading_gets_one_fresh_frame_not_a_backlog() {
        let mut h = start(settings());
        h.next_bytes().await;
        // Nobody reads frames now; keep typing well beyond the queue sizes.
        for _ in 0..(INPUT_QUEUE * 4) {
            h.send(b"x").await;
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while h.events.load(Ordering::SeqCst) < 1 + INPUT_QUEUE * 4 {
            assert!(Instant::now() < deadline, "input must keep flowing while output is stalled");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        // At most one frame waited in the slot; by the next one at the latest, the screen shows the latest state.
        let latest = format!("40x5 {}", "x".repeat(INPUT_QUEUE * 4)).chars().take(40).collect::<String>();
        h.next_bytes().await;
        if h.text() != latest {
            h.next_bytes().await;
        }
        assert_eq!(h.text(), latest);
        assert!(h.output.try_recv().is_err(), "no backlog of stale frames");
    }
}
