//! Admission control: a per-IP connection rate limit and counted slots (connections, sessions).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Sliding-window limit on new connections per IP address.
pub struct RateLimiter {
    max: usize,
    window: Duration,
    recent: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

/// Above this many tracked addresses, idle ones are forgotten so the table itself stays bounded.
const PRUNE_ABOVE: usize = 4096;

impl RateLimiter {
    pub fn new(max: u32, window: Duration) -> RateLimiter {
        RateLimiter { max: max.max(1) as usize, window, recent: Mutex::new(HashMap::new()) }
    }

    /// Records a connection attempt from `ip` at `now`; false when it is over the limit (and then not counted,
    /// so a client that keeps hammering is let in again once its earlier connections age out).
    pub fn admit(&self, ip: IpAddr, now: Instant) -> bool {
        // Never held across an await: the critical section is a few vector operations.
        let mut recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
        if recent.len() > PRUNE_ABOVE {
            recent.retain(|_, times| times.back().is_some_and(|&t| now.saturating_duration_since(t) < self.window));
        }
        let times = recent.entry(ip).or_default();
        while times.front().is_some_and(|&t| now.saturating_duration_since(t) >= self.window) {
            times.pop_front();
        }
        if times.len() >= self.max {
            return false;
        }
        times.push_back(now);
        true
    }
}

/// A fixed number of slots; a slot is held for as long as its permit lives.
#[derive(Clone)]
pub struct Slots {
    total: usize,
    semaphore: Arc<Semaphore>,
}

impl Slots {
    pub fn new(total: u32) -> Slots {
        let total = total.max(1) as usize;
        Slots { total, semaphore: Arc::new(Semaphore::new(total)) }
    }

    /// A slot if one is free right now; never waits.
    pub fn try_take(&self) -> Option<OwnedSemaphorePermit> {
        Arc::clone(&self.semaphore).try_acquire_owned().ok()
    }

    pub fn total(&self) -> usize {
        self.total
    }

    pub fn in_use(&self) -> usize {
        self.total - self.semaphore.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const A: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn the_rate_limit_counts_per_address_within_the_window() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(limiter.admit(A, t0));
        assert!(limiter.admit(A, t0 + Duration::from_secs(1)));
        assert!(!limiter.admit(A, t0 + Duration::from_secs(2)));
        assert!(limiter.admit(B, t0 + Duration::from_secs(2)), "another address has its own budget");
        assert!(!limiter.admit(A, t0 + Duration::from_secs(59)));
        assert!(limiter.admit(A, t0 + Duration::from_secs(60)), "the first attempt has left the window");
        assert!(!limiter.admit(A, t0 + Duration::from_secs(60)));
        assert!(limiter.admit(A, t0 + Duration::from_secs(61)));
    }

    #[test]
    fn the_address_table_is_pruned() {
        let limiter = RateLimiter::new(1, Duration::from_secs(1));
        let t0 = Instant::now();
        for i in 0..(PRUNE_ABOVE as u32 + 10) {
            assert!(limiter.admit(IpAddr::V4(Ipv4Addr::from(i)), t0));
        }
        assert!(limiter.admit(A, t0 + Duration::from_secs(5)));
        assert_eq!(limiter.recent.lock().unwrap().len(), 1);
    }

    #[test]
    fn slots_run_out_and_come_back_when_released() {
        let slots = Slots::new(2);
        let a = slots.try_take().unwrap();
        let _b = slots.try_take().unwrap();
        assert!(slots.try_take().is_none());
        assert_eq!((slots.in_use(), slots.total()), (2, 2));
        drop(a);
        assert_eq!(slots.in_use(), 1);
        assert!(slots.try_take().is_some());
    }
}
