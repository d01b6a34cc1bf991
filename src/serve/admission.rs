//! Which connections may hold a connection slot, so that strangers cannot lock colleagues out.
//!
//! A connection that has not logged in yet costs its owner nothing but a socket, and the login
//! grace lets it sit silent for half a minute. Counted like any other connection, a few addresses
//! opening silent sockets would hold every slot, over and over. So connections are told apart:
//! - *waiting*: not logged in yet. One address may have only a few of them at once; together they
//!   may hold at most `--max-connections` − `--max-sessions` slots (at least one), which keeps
//!   room for the sessions of people who did log in. When that share, or the whole server, is
//!   full, a waiting connection is dropped to make room for the new one: the one that has shown
//!   the least (nothing, then only its version line, then a finished key exchange), and among
//!   those the oldest. A real client sends its version line at once and finishes the key
//!   exchange in a fraction of a second, so a flood of silent sockets only ever pushes out its
//!   own kind, however fast it comes back.
//! - *logged in* (with a key, or by starting a session on an `--open` server): never dropped
//!   for a newcomer. Only when every slot is held by one of these is a newcomer turned away.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::Notify;

/// Why a new connection gets no slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Its address already has its share of connections that have not logged in.
    FromYourAddress,
    /// Every slot is held by a connection that has logged in.
    Full,
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
    /// The key exchange is done and it asked to log in.
    Authenticating = 2,
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

    /// A slot for a new connection from `ip`, dropping the oldest waiting connection if that is
    /// what it takes.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Ticket, Refusal> {
        let mut state = self.state();
        if state.waiting_from.get(&ip).is_some_and(|&n| n >= self.per_address) {
            return Err(Refusal::FromYourAddress);
        }
        let in_use = state.waiting.len() + state.logged_in;
        if state.waiting.len() >= self.waiting_cap || in_use >= self.total {
            let Some((&oldest, _)) = state.waiting.first_key_value() else {
                return Err(Refusal::Full);
            };
            if let Some(evicted) = state.forget_waiting(oldest) {
                evicted.evicted.notify_one();
            }
        }
        let id = state.next_id;
        state.next_id += 1;
        let evicted = Arc::new(Notify::new());
        state.waiting.insert((Progress::Connected as u8, id), Waiting { ip, evicted: Arc::clone(&evicted) });
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
    fn when_waiting_connections_fill_their_share_the_oldest_is_dropped() {
        let admission = Admission::new(4, 2, 8);
        let first = admission.admit(ip(1)).unwrap();
        let second = admission.admit(ip(2)).unwrap();
        assert_eq!(admission.counts(), (2, 0));
        let third = admission.admit(ip(3)).unwrap();
        assert!(was_evicted(&first) && !was_evicted(&second) && !was_evicted(&third));
        assert_eq!(admission.counts(), (2, 0), "the share (4 − 2 reserved) holds");
        assert!(!first.log_in(), "a dropped connection cannot log in any more");
        drop(first);
        assert_eq!(admission.counts(), (2, 0));
    }

    #[test]
    fn logged_in_connections_are_never_dropped_and_only_they_fill_the_server() {
        let admission = Admission::new(3, 2, 8);
        let a = admission.admit(ip(1)).unwrap();
        assert!(a.log_in());
        let b = admission.admit(ip(2)).unwrap();
        assert!(b.log_in() && b.is_logged_in());
        let c = admission.admit(ip(3)).unwrap();
        assert!(c.log_in());
        assert_eq!(admission.admit(ip(4)).err(), Some(Refusal::Full));
        drop(c);
        let d = admission.admit(ip(4)).unwrap();
        assert_eq!(admission.counts(), (1, 2));
        let _e = admission.admit(ip(5)).unwrap();
        assert!(was_evicted(&d), "a full server makes room by dropping the oldest waiting connection");
        assert!(!was_evicted(&a) && !was_evicted(&b));
        drop((a, b, d));
        assert_eq!(admission.counts(), (1, 0));
    }

    #[test]
    fn connections_that_have_shown_the_least_are_dropped_first() {
        let admission = Admission::new(3, 0, 8);
        let talker = admission.admit(ip(1)).unwrap();
        talker.advance(Progress::Authenticating);
        let speaker = admission.admit(ip(2)).unwrap();
        speaker.advance(Progress::Spoke);
        let silent = admission.admit(ip(3)).unwrap();
        let newcomer = admission.admit(ip(4)).unwrap();
        assert!(was_evicted(&silent), "the silent one goes first, though it is the newest");
        newcomer.advance(Progress::Spoke);
        newcomer.advance(Progress::Connected);
        let _another = admission.admit(ip(5)).unwrap();
        assert!(was_evicted(&speaker), "then the oldest of those that only spoke; progress never goes back");
        assert!(!was_evicted(&talker) && !was_evicted(&newcomer));
        assert!(talker.log_in() && newcomer.log_in());
        assert_eq!(admission.counts(), (1, 2));
    }

    #[test]
    fn the_waiting_share_is_at_least_one_slot() {
        let admission = Admission::new(1, 1, 3);
        let first = admission.admit(ip(1)).unwrap();
        let _second = admission.admit(ip(2)).unwrap();
        assert!(was_evicted(&first));
        assert_eq!(admission.counts(), (1, 0));
    }
}
