//! Bounds on what a run does to the network: connections at once overall
//! and per host, and one deadline for the whole online check.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Connections at once, overall and to one host.
pub const MAX_CONNECTIONS: usize = 8;
pub const MAX_PER_HOST: usize = 2;

/// Counts connections in use; `acquire` waits for a free slot.
pub struct Slots {
    state: Mutex<(usize, HashMap<String, usize>)>,
    freed: Condvar,
    overall: usize,
    per_host: usize,
}

impl Slots {
    pub fn new(overall: usize, per_host: usize) -> Slots {
        Slots {
            state: Mutex::new((0, HashMap::new())),
            freed: Condvar::new(),
            overall: overall.max(1),
            per_host: per_host.max(1),
        }
    }

    /// A slot for `host`, or `None` when the deadline passes first.
    pub fn acquire(&self, host: &str, deadline: Instant) -> Option<SlotGuard<'_>> {
        let key = host.to_ascii_lowercase();
        let mut state = self.state.lock().ok()?;
        loop {
            let on_host = state.1.get(&key).copied().unwrap_or(0);
            if state.0 < self.overall && on_host < self.per_host {
                state.0 += 1;
                *state.1.entry(key.clone()).or_insert(0) += 1;
                return Some(SlotGuard {
                    slots: self,
                    host: key,
                });
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            state = self
                .freed
                .wait_timeout(state, left.min(Duration::from_millis(200)))
                .ok()?
                .0;
        }
    }
}

pub struct SlotGuard<'a> {
    slots: &'a Slots,
    host: String,
}

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        if let Ok(mut state) = self.slots.state.lock() {
            state.0 = state.0.saturating_sub(1);
            if let Some(n) = state.1.get_mut(&self.host) {
                *n = n.saturating_sub(1);
            }
        }
        self.slots.freed.notify_all();
    }
}
