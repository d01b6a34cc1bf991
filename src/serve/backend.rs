//! A ratatui backend for a remote terminal: the local TUI's compact frame writer (`tui::wire`) into a byte
//! buffer, with the size the SSH client told us instead of asking our own tty.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

use crate::tui::wire::WireBackend;

/// The bytes of the frames. Shared because ratatui keeps access to a backend's writer unstable; the lock is
/// never contended (one session task owns both ends).
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn bytes(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.bytes().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub struct RemoteBackend {
    inner: WireBackend<Buffer>,
    buffer: Buffer,
    size: Size,
    cursor: Position,
}

impl RemoteBackend {
    pub fn new(width: u16, height: u16) -> RemoteBackend {
        let buffer = Buffer::default();
        RemoteBackend {
            inner: WireBackend::new(buffer.clone()),
            buffer,
            size: Size::new(width, height),
            cursor: Position::ORIGIN,
        }
    }

    pub fn set_size(&mut self, width: u16, height: u16) {
        self.size = Size::new(width, height);
    }

    /// Appends bytes of our own (mode switches, synchronized-output brackets) in order with the frame's.
    pub fn write_raw(&mut self, bytes: &[u8]) {
        self.buffer.bytes().extend_from_slice(bytes);
    }

    /// Everything written since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut *self.buffer.bytes())
    }
}

impl Backend for RemoteBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    /// Asking a remote terminal for its cursor would need a round trip through the input stream; we only ever
    /// need back the position we set ourselves.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.cursor = position.into();
        self.inner.set_cursor_position(self.cursor)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize { columns_rows: self.size, pixels: Size::ZERO })
    }

    fn flush(&mut self) -> io::Result<()> {
        // Nothing to push further: the session sends the buffer as one message per frame.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::widgets::Paragraph;

    fn screen(bytes: &[u8], width: u16, height: u16) -> vt100::Parser {
        let mut parser = vt100::Parser::new(height, width, 0);
        parser.process(bytes);
        parser
    }

    #[test]
    fn frames_are_escape_sequences_a_terminal_renders() {
        let mut terminal = Terminal::new(RemoteBackend::new(20, 3)).unwrap();
        terminal.clear().unwrap();
        terminal.draw(|f| f.render_widget(Paragraph::new("hello\nworld"), f.area())).unwrap();
        let bytes = terminal.backend_mut().take_output();
        let parser = screen(&bytes, 20, 3);
        assert_eq!(parser.screen().contents_between(0, 0, 1, 20).trim_end(), "hello\nworld");
        assert!(terminal.backend_mut().take_output().is_empty(), "output is taken once");
    }

    #[test]
    fn the_second_frame_carries_only_the_difference() {
        let mut terminal = Terminal::new(RemoteBackend::new(40, 10)).unwrap();
        let text = "a line of text that stays put\n".repeat(9);
        terminal.draw(|f| f.render_widget(Paragraph::new(text.clone()), f.area())).unwrap();
        let first = terminal.backend_mut().take_output().len();
        terminal.draw(|f| f.render_widget(Paragraph::new(format!("{text}!")), f.area())).unwrap();
        let second = terminal.backend_mut().take_output().len();
        assert!(second * 10 < first, "diff {second} bytes vs full {first} bytes");
    }

    #[test]
    fn size_comes_from_the_client_and_resizing_redraws() {
        let mut terminal = Terminal::new(RemoteBackend::new(10, 2)).unwrap();
        assert_eq!(terminal.size().unwrap(), Size::new(10, 2));
        terminal.backend_mut().set_size(30, 4);
        terminal.autoresize().unwrap();
        terminal.draw(|f| f.render_widget(Paragraph::new(format!("{}", f.area().width)), f.area())).unwrap();
        let bytes = terminal.backend_mut().take_output();
        assert_eq!(screen(&bytes, 30, 4).screen().contents().trim(), "30");
    }
}
