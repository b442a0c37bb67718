//! The `log` records of a test binary, kept so a test can wait for an event
//! the library only logs (a server's shutdown timeout passing) instead of
//! sleeping for it.

use std::sync::{Condvar, Mutex, Once, PoisonError};
use std::time::Instant;

use crate::TEST_LIMIT;

/// Every warning (and worse) logged in this process so far.
struct Capture {
    messages: Mutex<Vec<String>>,
    logged: Condvar,
}

static CAPTURE: Capture = Capture {
    messages: Mutex::new(Vec::new()),
    logged: Condvar::new(),
};

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let mut messages = self.messages.lock().unwrap_or_else(PoisonError::into_inner);
            messages.push(record.args().to_string());
            self.logged.notify_all();
        }
    }

    fn flush(&self) {}
}

/// Starts capturing warnings; idempotent. Call before the event.
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        log::set_logger(&CAPTURE).expect("no other logger in this test binary");
        log::set_max_level(log::LevelFilter::Warn);
    });
}

/// Blocks until `count` captured warnings contain every one of `parts`
/// (an address and a phrase, say); panics after [`TEST_LIMIT`].
pub fn wait_for(parts: &[&str], count: usize) {
    let deadline = Instant::now() + TEST_LIMIT;
    let mut messages = CAPTURE
        .messages
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    loop {
        let matching = (messages.iter())
            .filter(|m| parts.iter().all(|part| m.contains(part)))
            .count();
        if matching >= count {
            return;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "no {count} warnings containing {parts:?} within {TEST_LIMIT:?}; got {messages:?}"
        );
        messages = (CAPTURE.logged.wait_timeout(messages, left))
            .unwrap_or_else(PoisonError::into_inner)
            .0;
    }
}
