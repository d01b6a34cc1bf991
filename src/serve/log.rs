//! One line per connection on stderr: who, with which key, which terminal, how long, and how it ended.
//! Lines go through a bounded queue to a dedicated thread, so a stalled stderr never blocks the async workers.

use std::fmt;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc::{self, SyncSender};
use std::thread::JoinHandle;
use std::time::Duration;

/// How a connection ended; the last word of its log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The user quit the app (`q`, Ctrl-C).
    Quit,
    /// The client went away (closed the channel or dropped the link).
    Disconnected,
    IdleTimeout,
    SessionCap,
    ServerShutdown,
    /// Turned away before a session started, and why.
    Refused(String),
    /// It tried keys (or a password) and none was accepted.
    AuthFailed,
    /// It left before trying any key: a scanner, a client with no key to offer, a banner grabber.
    GaveUpBeforeAuth,
}

impl fmt::Display for Ending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ending::Quit => f.write_str("quit"),
            Ending::Disconnected => f.write_str("disconnected"),
            Ending::IdleTimeout => f.write_str("idle-timeout"),
            Ending::SessionCap => f.write_str("session-cap"),
            Ending::ServerShutdown => f.write_str("server-shutdown"),
            Ending::Refused(why) => write!(f, "refused({})", clean(why)),
            Ending::AuthFailed => f.write_str("auth-failed"),
            Ending::GaveUpBeforeAuth => f.write_str("gave-up-before-auth"),
        }
    }
}

/// What we learn about a connection as it goes.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub peer: Option<SocketAddr>,
    /// `SHA256:…` of the accepted key; None when anonymous (`--open`) or not authenticated.
    pub key: Option<String>,
    pub authenticated: bool,
    /// Whether it offered a key or a password at all (the "none" probe does not count).
    pub tried_auth: bool,
    /// Whether a browsing session started on this connection.
    pub session: bool,
    pub term: Option<String>,
    pub size: Option<(u16, u16)>,
    pub ending: Option<Ending>,
}

impl Record {
    /// Sets how the connection ended unless something already did: the first cause wins.
    pub fn end(&mut self, ending: Ending) {
        self.ending.get_or_insert(ending);
    }

    pub fn line(&self, duration: Duration) -> String {
        let peer = self.peer.map_or_else(|| "unknown".to_string(), |p| p.to_string());
        let key = match (&self.key, self.authenticated) {
            (Some(k), _) => clean(k),
            (None, true) => "anonymous".to_string(),
            (None, false) => "none".to_string(),
        };
        let term = self.term.as_deref().map_or_else(|| "-".to_string(), clean);
        let size = self.size.map_or_else(|| "-".to_string(), |(w, h)| format!("{w}x{h}"));
        let ending = match &self.ending {
            Some(e) => e.to_string(),
            None if self.authenticated => Ending::Disconnected.to_string(),
            None if self.tried_auth => Ending::AuthFailed.to_string(),
            None => Ending::GaveUpBeforeAuth.to_string(),
        };
        format!(
            "factline serve: peer={peer} key={key} term={term} size={size} duration={:.1}s end={ending}",
            duration.as_secs_f64()
        )
    }
}

/// Client-supplied text (TERM, reasons) in a log line: no control characters, no spaces, bounded length.
fn clean(text: &str) -> String {
    text.chars().take(64).map(|c| if c.is_control() || c.is_whitespace() { '?' } else { c }).collect()
}

/// The sending end of the log; cheap to clone.
#[derive(Clone)]
pub struct Log {
    tx: SyncSender<String>,
}

const QUEUE: usize = 1024;

impl Log {
    /// Starts the writer thread. Dropping every `Log` ends it; join the handle to see the last lines out.
    pub fn start() -> (Log, JoinHandle<()>) {
        let (tx, rx) = mpsc::sync_channel::<String>(QUEUE);
        let writer = std::thread::spawn(move || {
            let stderr = std::io::stderr();
            for line in rx {
                let mut err = stderr.lock();
                let _ = writeln!(err, "{line}");
            }
        });
        (Log { tx }, writer)
    }

    /// Queues a line; if the queue is full (stderr stuck) the line is dropped rather than waiting.
    pub fn line(&self, line: String) {
        let _ = self.tx.try_send(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_record_is_one_line_with_every_field() {
        let record = Record {
            peer: Some("127.0.0.1:5555".parse().unwrap()),
            key: Some("SHA256:abc".into()),
            authenticated: true,
            tried_auth: true,
            session: true,
            term: Some("xterm-256color".into()),
            size: Some((80, 24)),
            ending: Some(Ending::Quit),
        };
        assert_eq!(
            record.line(Duration::from_millis(12_340)),
            "factline serve: peer=127.0.0.1:5555 key=SHA256:abc term=xterm-256color size=80x24 duration=12.3s end=quit"
        );
    }

    #[test]
    fn anonymous_unauthenticated_and_hostile_values() {
        let mut record = Record { authenticated: true, term: Some("x\x1b[2J\nevil term".into()), ..Record::default() };
        let line = record.line(Duration::ZERO);
        assert!(line.contains("key=anonymous") && line.contains("end=disconnected"), "{line}");
        assert!(line.contains("term=x?[2J?evil?term"), "{line}");
        assert!(!line.contains('\x1b'));

        record.authenticated = false;
        assert!(record.line(Duration::ZERO).contains("key=none"));
        assert!(record.line(Duration::ZERO).ends_with("end=gave-up-before-auth"), "it never offered a key");
        record.tried_auth = true;
        assert!(record.line(Duration::ZERO).ends_with("end=auth-failed"));
    }

    #[test]
    fn the_first_ending_wins() {
        let mut record = Record::default();
        record.end(Ending::Refused("exec".into()));
        record.end(Ending::Disconnected);
        assert_eq!(record.ending, Some(Ending::Refused("exec".into())));
        assert!(record.line(Duration::ZERO).ends_with("end=refused(exec)"));
    }
}
