//! Which connections may hold a connection slot, so that strangers cannot lock colleagues out.
//!
//! A connection that has not logged in yet costs its owner nothing but a socket, and the login
//! grace lets it sit silent for half a minute. Counted like any other connection, a few addresses
//! opening silent sockets would hold every slot, over and over. So connections are told apart:
//! - *waiting*: not logged in yet. One address may have only a few of them at once; together they
//!   may hold at most `--max-connections` − `--max-sessions` slots (at least one), which keeps
//!   room for the sessions of people who did log in. When that share, or the whole server, is
//!   full, a waiting connection is dropped to make room for the new one: first one that has
//!   waited `STALE` without logging in, whatever it did; else one that has shown the least
//!   (nothing, then only its version line) for longer than `ARRIVAL`, the oldest. A connection
//!   in its first `ARRIVAL`, or one that went on to the key exchange or to logging in, is never
//!   dropped for a newcomer before `STALE`: when only such connections wait, the newcomer is
//!   told the server is busy. A real client sends its version line at once, starts the key
//!   exchange one round trip later and logs in within a second, so neither a flood of silent
//!   sockets nor a churn of connections that send only a version line can push it out.
//! - *logged in* (with a key, or by starting a session on an `--open` server): never dropped
//!   for a newcomer. Only when every slot is held by one of these is a newcomer turned away.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;

/// How long a new connection is spared whatever it has shown: a real client sends its version
/// line at once and starts its key exchange one round trip after ours, well within this even on a
/// loaded server; it is short so that a fast churn still finds older connections to drop.
pub const ARRIVAL: Duration = Duration::from_millis(100);
/// How long any connection may wait without logging in before it is the first to make room.
pub const STALE: Duration = Duration::from_secs(5);

/// Why a new connection gets no slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Its address already has its share of connections that have not logged in.
    FromYourAddress,
    /// Every slot is held by a connection that has logged in.
    Full,
    /// Every waiting slot is held by a connection that just arrived or is logging in.
    Busy,
}

pub struct Admission {
    total: usize,
    waiting_cap: usize,
    per_address: usize,
    state: Mutex<State>,
}

/// How far a waiting connection has come; the lowest are dropped first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Progress {
    Connected = 0,
    /// It sent its SSH version line.
    Spoke = 1,
    /// It sent more than its version line: the key exchange is under way.
    Exchanging = 2,
    /// The key exchange is done and it asked to log in.
    Authenticating = 3,
}

#[derive(Default)]
struct State {
    next_id: u64,
    /// Connections that have not logged in, least progress first, then oldest (ids only grow).
    waiting: BTreeMap<(u8, u64), Waiting>,
    waiting_from: HashMap<IpAddr, usize>,
    logged_in: usize,
}

struct Waiting {
    ip: IpAddr,
    since: Instant,
    evicted: Arc<Notify>,
}

impl State {
    fn forget_waiting(&mut self, key: (u8, u64)) -> Option<Waiting> {
        let waiting = self.waiting.remove(&key)?;
        if let Some(count) = self.waiting_from.get_mut(&waiting.ip) {
            *count -= 1;
            if *count == 0 {
                self.waiting_from.remove(&waiting.ip);
            }
        }
        Some(waiting)
    }

    /// The waiting connection to drop for a newcomer at `now`, if any may be (see the module's
    /// rules). The first entry of each progress level is that level's oldest.
    fn victim(&self, now: Instant) -> Option<(u8, u64)> {
        let firsts = [Progress::Connected, Progress::Spoke, Progress::Exchanging, Progress::Authenticating]
            .map(|level| self.waiting.range((level as u8, 0)..=(level as u8, u64::MAX)).next());
        let oldest = firsts.iter().flatten().min_by_key(|(key, _)| key.1);
        if let Some((key, waiting)) = oldest
            && now.saturating_duration_since(waiting.since) >= STALE
        {
            return Some(**key);
        }
        firsts[..2]
            .iter()
            .flatten()
            .find(|(_, waiting)| now.saturating_duration_since(waiting.since) >= ARRIVAL)
            .map(|(key, _)| **key)
    }
}

impl Admission {
    /// `total` slots (`--max-connections`), of which `reserved` (`--max-sessions`) are kept for
    /// logged-in connections, and at most `per_address` waiting connections per address.
    pub fn new(total: u32, reserved: u32, per_address: u32) -> Arc<Admission> {
        let total = total.max(1) as usize;
        let waiting_cap = total.saturating_sub(reserved as usize).max(1);
        Arc::new(Admission {
            total,
            waiting_cap,
            per_address: per_address.max(1) as usize,
            state: Mutex::new(State::default()),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Never held across an await: every critical section is a few map operations.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A slot for a new connection from `ip`, dropping a waiting connection if that is what it
    /// takes and one may be dropped.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Ticket, Refusal> {
        self.admit_at(ip, Instant::now())
    }

    fn admit_at(self: &Arc<Self>, ip: IpAddr, now: Instant) -> Result<Ticket, Refusal> {
        let mut state = self.state();
        if state.waiting_from.get(&ip).is_some_and(|&n| n >= self.per_address) {
            return Err(Refusal::FromYourAddress);
        }
        let in_use = state.waiting.len() + state.logged_in;
        if state.waiting.len() >= self.waiting_cap || in_use >= self.total {
            if state.waiting.is_empty() {
                return Err(Refusal::Full);
            }
            let Some(victim) = state.victim(now) else {
                return Err(Refusal::Busy);
            };
            if let Some(evicted) = state.forget_waiting(victim) {
                evicted.evicted.notify_one();
            }
        }
        let id = state.next_id;
        state.next_id += 1;
        let evicted = Arc::new(Notify::new());
        state
            .waiting
            .insert((Progress::Connected as u8, id), Waiting { ip, since: now, evicted: Arc::clone(&evicted) });
        *state.waiting_from.entry(ip).or_default() += 1;
        Ok(Ticket {
            admission: Arc::clone(self),
            id,
            evicted,
            progress: AtomicU8::new(Progress::Connected as u8),
            logged_in: AtomicBool::new(false),
        })
    }

    /// (waiting, logged in).
    #[cfg(test)]
    fn counts(&self) -> (usize, usize) {
        let state = self.state();
        (state.waiting.len(), state.logged_in)
    }
}

/// One connection's slot, given back when dropped.
pub struct Ticket {
    admission: Arc<Admission>,
    id: u64,
    evicted: Arc<Notify>,
    /// A `Progress`; changed only under the admission's lock, with the key of its waiting entry.
    progress: AtomicU8,
    logged_in: AtomicBool,
}

impl Ticket {
    fn key(&self) -> (u8, u64) {
        (self.progress.load(Ordering::Acquire), self.id)
    }

    /// Records that the connection has come this far (never backwards).
    pub fn advance(&self, to: Progress) {
        let mut state = self.admission.state();
        let from = self.key();
        if from.0 >= to as u8 {
            return;
        }
        if let Some(waiting) = state.waiting.remove(&from) {
            state.waiting.insert((to as u8, self.id), waiting);
            self.progress.store(to as u8, Ordering::Release);
        }
    }

    /// Marks the connection as logged in: from now on it is never dropped for a newcomer. False if
    /// it was dropped already (it is being closed).
    pub fn log_in(&self) -> bool {
        if self.logged_in.load(Ordering::Acquire) {
            return true;
        }
        let mut state = self.admission.state();
        if state.forget_waiting(self.key()).is_none() {
            return false;
        }
        state.logged_in += 1;
        self.logged_in.store(true, Ordering::Release);
        true
    }

    pub fn is_logged_in(&self) -> bool {
        self.logged_in.load(Ordering::Acquire)
    }

    /// Completes when the connection is dropped to make room for a newer one.
    pub async fn evicted(&self) {
        self.evicted.notified().await;
    }
}

/// A connection's socket as the SSH session reads it, telling the connection's ticket how far the
/// client has come: its version line (the first line it sends), then anything after it (the
/// key exchange). A client that sends only a version line never gets past `Spoke`.
pub struct Watched<S> {
    inner: S,
    ticket: Arc<Ticket>,
    seen: Seen,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    Nothing,
    VersionLine,
    More,
}

impl<S> Watched<S> {
    pub fn new(inner: S, ticket: Arc<Ticket>) -> Watched<S> {
        Watched { inner, ticket, seen: Seen::Nothing }
    }

    fn observe(&mut self, bytes: &[u8]) {
        let after_line = match self.seen {
            Seen::More => return,
            Seen::VersionLine => bytes,
            Seen::Nothing => match memchr::memchr(b'\n', bytes) {
                Some(end) => {
                    self.seen = Seen::VersionLine;
                    self.ticket.advance(Progress::Spoke);
                    &bytes[end + 1..]
                }
                None => return,
            },
        };
        if !after_line.is_empty() {
            self.seen = Seen::More;
            self.ticket.advance(Progress::Exchanging);
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled
            && self.seen != Seen::More
        {
            self.observe(&buf.filled()[before..]);
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut state = self.admission.state();
        if self.logged_in.load(Ordering::Acquire) {
            state.logged_in -= 1;
        } else {
            let key = self.key();
            state.forget_waiting(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;
    use std::time::Duration;

    fn ip(last: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(192, 0, 2, last))
    }

    /// Whether `ticket` has been told it was dropped, without waiting.
    fn was_evicted(ticket: &Ticket) -> bool {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        runtime.block_on(async { tokio::time::timeout(Duration::from_millis(1), ticket.evicted()).await.is_ok() })
    }

    /// Admits at `at` milliseconds after `start`.
    fn admit(admission: &Arc<Admission>, last: u8, start: Instant, at: u64) -> Result<Ticket, Refusal> {
        admission.admit_at(ip(last), start + Duration::from_millis(at))
    }

    #[test]
    fn one_address_gets_only_its_share_of_waiting_connections() {
        let admission = Admission::new(64, 16, 3);
        let mine: Vec<_> = (0..3).map(|_| admission.admit(ip(1)).unwrap()).collect();
        assert_eq!(admission.admit(ip(1)).err(), Some(Refusal::FromYourAddress));
        assert!(admission.admit(ip(2)).is_ok(), "another address has its own share");
        assert!(mine[0].log_in());
        assert!(admission.admit(ip(1)).is_ok(), "a logged-in connection no longer counts against its address");
    }

    #[test]
    fn when_waiting_connections_fill_their_share_the_oldest_past_its_arrival_is_dropped() {
        let admission = Admission::new(4, 2, 8);
        let start = Instant::now();
        let first = admit(&admission, 1, start, 0).unwrap();
        let second = admit(&admission, 2, start, 10).unwrap();
        assert_eq!(admission.counts(), (2, 0));
        assert_eq!(admit(&admission, 3, start, 20).err(), Some(Refusal::Busy), "both just arrived");
        let third = admit(&admission, 3, start, 600).unwrap();
        assert!(was_evicted(&first) && !was_evicted(&second) && !was_evicted(&third));
        assert_eq!(admission.counts(), (2, 0), "the share (4 − 2 reserved) holds");
        assert!(!first.log_in(), "a dropped connection cannot log in any more");
        drop(first);
        assert_eq!(admission.counts(), (2, 0));
    }

    #[test]
    fn logged_in_connections_are_never_dropped_and_only_they_fill_the_server() {
        let admission = Admission::new(3, 2, 8);
        let start = Instant::now();
        let a = admit(&admission, 1, start, 0).unwrap();
        assert!(a.log_in());
        let b = admit(&admission, 2, start, 0).unwrap();
        assert!(b.log_in() && b.is_logged_in());
        let c = admit(&admission, 3, start, 0).unwrap();
        assert!(c.log_in());
        assert_eq!(admit(&admission, 4, start, 0).err(), Some(Refusal::Full));
        drop(c);
        let d = admit(&admission, 4, start, 0).unwrap();
        assert_eq!(admission.counts(), (1, 2));
        let _e = admit(&admission, 5, start, 1000).unwrap();
        assert!(was_evicted(&d), "a full server makes room by dropping a waiting connection");
        assert!(!was_evicted(&a) && !was_evicted(&b));
        drop((a, b, d));
        assert_eq!(admission.counts(), (1, 0));
    }

    #[test]
    fn connections_that_have_shown_the_least_are_dropped_first() {
        let admission = Admission::new(3, 0, 8);
        let start = Instant::now();
        let talker = admit(&admission, 1, start, 0).unwrap();
        talker.advance(Progress::Authenticating);
        let speaker = admit(&admission, 2, start, 10).unwrap();
        speaker.advance(Progress::Spoke);
        let silent = admit(&admission, 3, start, 20).unwrap();
        let newcomer = admit(&admission, 4, start, 800).unwrap();
        assert!(was_evicted(&silent), "the silent one goes first, though it is the newest");
        newcomer.advance(Progress::Spoke);
        newcomer.advance(Progress::Connected);
        let _another = admit(&admission, 5, start, 900).unwrap();
        assert!(was_evicted(&speaker), "then the oldest of those that only spoke; progress never goes back");
        assert!(!was_evicted(&talker) && !was_evicted(&newcomer));
        assert!(talker.log_in() && newcomer.log_in());
        assert_eq!(admission.counts(), (1, 2));
    }

    #[test]
    fn a_churn_of_version_lines_never_drops_a_client_that_went_on_to_its_key_exchange() {
        let admission = Admission::new(8, 0, 8);
        let start = Instant::now();
        let client = admit(&admission, 1, start, 0).unwrap();
        let mut churn = Vec::new();
        // Seven churners a millisecond apart fill the rest; each sends its version line only.
        for n in 0..7u64 {
            let ticket = admit(&admission, 2 + n as u8, start, 1 + n).unwrap();
            ticket.advance(Progress::Spoke);
            churn.push(ticket);
        }
        client.advance(Progress::Spoke);
        client.advance(Progress::Exchanging);
        // New churners keep coming, far past the arrival time, but before the client is stale.
        for n in 0..40u64 {
            let at = 600 + 100 * n;
            if at >= STALE.as_millis() as u64 {
                break;
            }
            let ticket = admit(&admission, 20 + n as u8, start, at).unwrap();
            ticket.advance(Progress::Spoke);
            churn.push(ticket);
        }
        assert!(!was_evicted(&client), "the client in its key exchange stays");
        assert!(client.log_in());
    }

    #[test]
    fn connections_logging_in_are_spared_until_they_have_waited_too_long() {
        let admission = Admission::new(2, 0, 8);
        let start = Instant::now();
        let slow = admit(&admission, 1, start, 0).unwrap();
        slow.advance(Progress::Authenticating);
        let exchanging = admit(&admission, 2, start, 10).unwrap();
        exchanging.advance(Progress::Exchanging);
        assert_eq!(admit(&admission, 3, start, 1_000).err(), Some(Refusal::Busy), "both are logging in");
        let _late = admit(&admission, 3, start, STALE.as_millis() as u64).unwrap();
        assert!(was_evicted(&slow), "one that has not logged in within STALE makes room");
        assert!(!was_evicted(&exchanging));
    }

    #[test]
    fn the_waiting_share_is_at_least_one_slot() {
        let admission = Admission::new(1, 1, 3);
        let start = Instant::now();
        let first = admit(&admission, 1, start, 0).unwrap();
        let _second = admit(&admission, 2, start, 600).unwrap();
        assert!(was_evicted(&first));
        assert_eq!(admission.counts(), (1, 0));
    }

    #[test]
    fn the_socket_tells_the_ticket_of_the_version_line_and_of_what_follows() {
        let admission = Admission::new(4, 0, 4);
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        for (chunks, expected) in [
            (vec![&b"SSH-2.0-Open"[..], b"SSH\r\n"], Progress::Spoke),
            (vec![&b"SSH-2.0-x\r\n"[..], b"\0\0\x01"], Progress::Exchanging),
            (vec![&b"SSH-2.0-x\r\n\0\0\x01"[..]], Progress::Exchanging),
            (vec![&b"SSH-2.0-no line end"[..]], Progress::Connected),
        ] {
            let ticket = Arc::new(admission.admit(ip(1)).unwrap());
            let bytes = chunks.concat();
            let mut watched = Watched::new(&bytes[..], Arc::clone(&ticket));
            runtime.block_on(async {
                use tokio::io::AsyncReadExt;
                let mut buf = [0u8; 4];
                while watched.read(&mut buf).await.unwrap() > 0 {}
            });
            assert_eq!(ticket.key().0, expected as u8, "{chunks:?}");
        }
    }
}
