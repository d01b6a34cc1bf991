//! One SSH connection: authentication by the access policy, then exactly one PTY + shell channel that runs a
//! session. Everything else a client may ask for — exec, subsystems (sftp), port and agent and X11 forwarding,
//! more channels — is refused, so the connection can do nothing but browse.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handle, Handler, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelOpenFailure, ChannelWriteHalf, Disconnect, Pty};
use tokio::sync::{mpsc, watch};
use tokio::time::timeout;

use super::admission::{Progress, Ticket};
use super::auth::{self, Access};
use super::limits::Slots;
use super::log::{Ending, Record};
use super::session::{self, Input, Output, Screen, Settings};

/// Builds the screen of a new session; the flag asks for a monochrome theme.
pub type ScreenFactory = Arc<dyn Fn(bool) -> Box<dyn Screen> + Send + Sync>;

/// What every connection shares: read-only policy and limits, plus the session slots.
pub struct Shared {
    pub access: Access,
    pub sessions: Slots,
    pub screens: ScreenFactory,
    pub shutdown: watch::Receiver<bool>,
    pub idle_timeout: Duration,
    pub max_session: Duration,
}

/// Terminal sizes beyond this are clamped: a client cannot make us allocate a screen buffer of its choosing
/// (ratatui keeps two buffers of cells; 400×200 is a few MiB, and wider than any real screen at a legible size).
const MAX_COLUMNS: u16 = 400;
const MAX_ROWS: u16 = 200;
/// Terminals send a whole key sequence in one write, so a lone ESC at the end of a packet is nearly always the
/// Esc key; the short wait only rejoins the rare sequence split between packets.
const ESC_DELAY: Duration = Duration::from_millis(15);

pub struct Connection {
    shared: Arc<Shared>,
    record: Arc<Mutex<Record>>,
    socket: Closer,
    channel: Option<(ChannelId, Option<ChannelWriteHalf<Msg>>)>,
    pty: Option<(u16, u16)>,
    no_color: bool,
    input: Option<mpsc::Sender<Input>>,
    ticket: Arc<Ticket>,
}

impl Connection {
    pub fn new(shared: Arc<Shared>, record: Arc<Mutex<Record>>, socket: Closer, ticket: Arc<Ticket>) -> Connection {
        Connection { shared, record, socket, channel: None, pty: None, no_color: false, input: None, ticket }
    }

    fn record(&self) -> MutexGuard<'_, Record> {
        lock(&self.record)
    }

    fn refuse(&self, what: &str) {
        self.record().end(Ending::Refused(what.to_string()));
    }

    /// The write half of our one session channel, if `id` is it and no session has taken it yet.
    fn take_writer(&mut self, id: ChannelId) -> Option<ChannelWriteHalf<Msg>> {
        match &mut self.channel {
            Some((ours, writer)) if *ours == id => writer.take(),
            _ => None,
        }
    }

    fn start_session(&mut self, writer: ChannelWriteHalf<Msg>, width: u16, height: u16, handle: Handle) {
        let Some(slot) = self.shared.sessions.try_take() else {
            let total = self.shared.sessions.total();
            self.refuse("server-full");
            let message = format!(
                "factline: the server is full ({total} of {total} sessions in use); please try again later.\r\n"
            );
            tokio::spawn(say_and_hang_up(writer, message, handle, self.socket.clone()));
            return;
        };
        // On an --open server logging in proves nothing; a started session does.
        self.ticket.log_in();
        let term = {
            let mut record = self.record();
            record.session = true;
            record.term.clone().unwrap_or_default()
        };
        let no_color = self.no_color || monochrome_term(&term);
        let screen = (self.shared.screens)(no_color);
        let settings = Settings {
            width,
            height,
            idle_timeout: self.shared.idle_timeout,
            max_session: self.shared.max_session,
            esc_delay: ESC_DELAY,
        };
        let (input_tx, input_rx) = mpsc::channel(session::INPUT_QUEUE);
        let (output_tx, output_rx) = mpsc::channel::<Output>(session::OUTPUT_QUEUE);
        self.input = Some(input_tx);
        let writing = tokio::spawn(session::write_to_channel(output_rx, writer));
        let shutdown = self.shared.shutdown.clone();
        let record = Arc::clone(&self.record);
        let socket = self.socket.clone();
        tokio::spawn(async move {
            let ending = session::run(screen, settings, input_rx, shutdown, output_tx).await;
            lock(&record).end(ending);
            drop(slot);
            let _ = writing.await;
            tokio::time::sleep(HANG_UP_AFTER).await;
            hang_up(handle, socket).await;
        });
    }
}

fn lock(record: &Mutex<Record>) -> MutexGuard<'_, Record> {
    record.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Terminals that cannot show colour; the session then uses the monochrome (NO_COLOR) theme.
pub fn monochrome_term(term: &str) -> bool {
    let term = term.to_ascii_lowercase();
    term.is_empty()
        || term == "dumb"
        || term.starts_with("vt52")
        || term.starts_with("vt100")
        || term.starts_with("vt102")
        || term.starts_with("vt220")
        || term.ends_with("-mono")
        || term.ends_with("-m")
}

/// After our side closed its one channel, a client has this long to hang up before we do: a connection without
/// a session has nothing left to offer, and must not keep holding a connection slot.
pub const HANG_UP_AFTER: Duration = Duration::from_secs(2);

/// Closes a connection's socket from outside the SSH session that owns it. russh ends a session when its socket
/// does, not when it sends DISCONNECT, so a client that ignores DISCONNECT would otherwise stay connected.
#[derive(Clone)]
pub struct Closer(Arc<std::net::TcpStream>);

impl Closer {
    /// Splits a duplicate handle off the socket; the returned stream goes to the SSH session.
    pub fn new(socket: tokio::net::TcpStream) -> std::io::Result<(tokio::net::TcpStream, Closer)> {
        let socket = socket.into_std()?;
        let closer = Closer(Arc::new(socket.try_clone()?));
        Ok((tokio::net::TcpStream::from_std(socket)?, closer))
    }

    pub fn close(&self) {
        let _ = self.0.shutdown(std::net::Shutdown::Both);
    }
}

/// Says goodbye at the SSH level, then, if the client is still there, closes the socket.
pub async fn hang_up(handle: Handle, socket: Closer) {
    let _ = handle.disconnect(Disconnect::ByApplication, "goodbye".into(), "en".into()).await;
    tokio::time::sleep(HANG_UP_AFTER).await;
    socket.close();
}

/// Writes a last message to the client, closes the channel, and then the connection.
async fn say_and_hang_up(writer: ChannelWriteHalf<Msg>, message: String, handle: Handle, socket: Closer) {
    let _ = timeout(HANG_UP_AFTER, writer.data_bytes(message.into_bytes())).await;
    let _ = writer.exit_status(1).await;
    let _ = writer.eof().await;
    let _ = writer.close().await;
    tokio::time::sleep(HANG_UP_AFTER).await;
    hang_up(handle, socket).await;
}

fn clamp(value: u32, max: u16) -> u16 {
    u16::try_from(value).unwrap_or(max).clamp(1, max)
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        // Clients probe with "none" first, so this is where a finished key exchange shows.
        self.ticket.advance(Progress::Authenticating);
        Ok(if self.shared.access.is_open() { Auth::Accept } else { Auth::reject() })
    }

    async fn auth_password(&mut self, _user: &str, _password: &str) -> Result<Auth, Self::Error> {
        self.record().tried_auth = true;
        Ok(Auth::reject())
    }

    async fn auth_publickey_offered(&mut self, _user: &str, offer: PublicKeyOffer<'_>) -> Result<Auth, Self::Error> {
        self.ticket.advance(Progress::Authenticating);
        let peer = {
            let mut record = self.record();
            record.tried_auth = true;
            record.peer.map(|p| p.ip())
        };
        Ok(if self.shared.access.allows(offer.public_key, peer) { Auth::Accept } else { Auth::reject() })
    }

    async fn auth_publickey(&mut self, _user: &str, key: VerifiedPublicKey<'_>) -> Result<Auth, Self::Error> {
        let key: &PublicKey = key.public_key;
        let peer = {
            let mut record = self.record();
            record.tried_auth = true;
            record.peer.map(|p| p.ip())
        };
        if !self.shared.access.allows(key, peer) {
            return Ok(Auth::reject());
        }
        self.record().key = Some(auth::fingerprint(key));
        Ok(Auth::Accept)
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        self.record().authenticated = true;
        if !self.shared.access.is_open() {
            self.ticket.log_in();
        }
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() {
            reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
            return Ok(());
        }
        // Input arrives through the `data` callback; the channel's own reader would only duplicate it.
        let (_reader, writer) = channel.split();
        self.channel = Some((writer.id(), Some(writer)));
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn channel_open_forwarded_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _socket_path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn streamlocal_forward(&mut self, _socket_path: &str, _session: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn agent_request(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.input.is_some() || !matches!(self.channel, Some((id, _)) if id == channel) {
            return session.channel_failure(channel);
        }
        let size = (clamp(col_width, MAX_COLUMNS), clamp(row_height, MAX_ROWS));
        self.pty = Some(size);
        let mut record = self.record();
        record.term = Some(term.chars().take(64).collect());
        record.size = Some(size);
        drop(record);
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        variable_name: &str,
        variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Only NO_COLOR means anything here (https://no-color.org: set and non-empty).
        if variable_name == "NO_COLOR" {
            self.no_color = !variable_value.is_empty();
            return session.channel_success(channel);
        }
        session.channel_failure(channel)
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        let Some(writer) = self.take_writer(channel) else {
            return session.channel_failure(channel);
        };
        session.channel_success(channel)?;
        match self.pty {
            Some((width, height)) => self.start_session(writer, width, height, session.handle()),
            None => {
                self.refuse("no-pty");
                let message = "factline: this server shows an interactive browser; connect with `ssh -t`.\r\n";
                tokio::spawn(say_and_hang_up(writer, message.to_string(), session.handle(), self.socket.clone()));
            }
        }
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        if let Some(writer) = self.take_writer(channel) {
            self.refuse("exec");
            let message = "factline: commands are not available; connect without one to browse.\r\n";
            tokio::spawn(say_and_hang_up(writer, message.to_string(), session.handle(), self.socket.clone()));
        }
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        if let Some(writer) = self.take_writer(channel) {
            self.refuse("subsystem");
            tokio::spawn(say_and_hang_up(writer, String::new(), session.handle(), self.socket.clone()));
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (width, height) = (clamp(col_width, MAX_COLUMNS), clamp(row_height, MAX_ROWS));
        self.record().size = Some((width, height));
        if self.pty.is_some() {
            self.pty = Some((width, height));
        }
        if let Some(input) = &self.input {
            let _ = input.send(Input::Resize { width, height }).await;
        }
        Ok(())
    }

    async fn data(&mut self, _channel: ChannelId, data: &[u8], _session: &mut Session) -> Result<(), Self::Error> {
        if let Some(input) = &self.input
            && input.send(Input::Data(data.to_vec())).await.is_err()
        {
            // The session has ended (quit, timeout); further keystrokes have nowhere to go.
            self.input = None;
        }
        Ok(())
    }

    async fn channel_close(&mut self, channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        if matches!(self.channel, Some((id, _)) if id == channel) {
            self.input = None;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colourless_terminals_are_recognised() {
        for term in ["dumb", "vt100", "VT102", "vt220", "vt52", "", "xterm-mono", "linux-m"] {
            assert!(monochrome_term(term), "{term}");
        }
        for term in ["xterm-256color", "screen", "tmux-256color", "linux", "xterm"] {
            assert!(!monochrome_term(term), "{term}");
        }
    }

    #[test]
    fn sizes_are_clamped_to_something_sane() {
        assert_eq!(clamp(0, MAX_COLUMNS), 1);
        assert_eq!(clamp(80, MAX_COLUMNS), 80);
        assert_eq!(clamp(u32::MAX, MAX_ROWS), MAX_ROWS);
        assert_eq!(clamp(70_000, MAX_ROWS), MAX_ROWS);
    }
}
