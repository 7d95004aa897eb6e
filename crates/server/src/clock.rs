//! The server's clock, injectable: the system clock in production, a clock a test sets and moves
//! (so "overdue after 5 working days" is tested without waiting a week). Handlers that decide by
//! the date ask [`crate::state::AppState::clock`].

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use steady_domain::Timestamp;

/// The system clock, or a fixed time that moves only when told to.
#[derive(Debug, Clone, Default)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    pub fn system() -> Self {
        Clock(None)
    }

    /// A clock showing `at` until [`Clock::set`] moves it; clones share the time.
    pub fn fixed(at: Timestamp) -> Self {
        Clock(Some(Arc::new(AtomicI64::new(at.millis()))))
    }

    pub fn now(&self) -> Timestamp {
        match &self.0 {
            Some(fixed) => Timestamp::from_millis(fixed.load(Ordering::SeqCst)),
            None => crate::state::now(),
        }
    }

    /// Moves a fixed clock to `at` (a system clock cannot be moved: nothing happens).
    pub fn set(&self, at: Timestamp) {
        if let Some(fixed) = &self.0 {
            fixed.store(at.millis(), Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stays_until_moved_and_its_clones_move_with_it() {
        let at = Timestamp::from_millis(1_790_000_000_000);
        let clock = Clock::fixed(at);
        let seen_by_the_server = clock.clone();
        assert_eq!(seen_by_the_server.now(), at);
        clock.set(at.plus_days(7));
        assert_eq!(seen_by_the_server.now(), at.plus_days(7));
        assert!(Clock::system().now() > at.plus_days(-3650));
    }
}
