//! Blocking mode, for the blocking facade (`sockets-blocking`): run one call
//! of this crate to completion on the calling thread.
//!
//! [`block_on`] polls the future on the calling thread. When a socket
//! operation inside it would block, it does not register with the reactor:
//! it records what it waits for, and the thread waits for that socket's
//! readiness itself (poll(2)), holding no lock, bounded by the socket's read
//! or write deadline, and polls again. No other thread takes part, so a
//! blocking call costs about what the same `std::net` call costs. Deadlines
//! are the socket's own (`runtime::Deadline`), enforced by the same
//! code as on an executor, so a timeout fails with the same error, and a
//! call that times out finishes its own way (a `close()` still closes).
//!
//! Anything else the future waits for (a timer, a task, DNS) wakes the
//! thread through its waker, which also interrupts a socket wait.
//!
//! Internal: reached through [`crate::__private`], exempt from semver.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll};
use std::time::Instant;

use crate::runtime::{self, BlockingMode};
use crate::wait::Notifier;

/// Runs `future` to completion on the calling thread, in blocking mode.
///
/// # Examples
/// ```
/// use sockets_core::{__private::block_on, dial, DialOptions};
///
/// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// let port = listener.local_addr()?.port();
/// let socket = block_on(dial("127.0.0.1", port, DialOptions::default()))?;
/// assert_eq!(socket.remote_addr().port(), port);
/// # std::io::Result::Ok(())
/// ```
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mode = BlockingMode::enter();
    let mut future = pin!(future);
    // Borrowed from the thread-local: no reference counting per call.
    Notifier::with_current(|notifier, waker| {
        let mut cx = Context::from_waker(waker);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
            mode.wait_with(|waits, until| {
                let timeout = until.map(|until| until.saturating_duration_since(Instant::now()));
                // One poll(2) on every socket the future waits for, plus
                // the waker's wake-up (wait.rs); with none, the wake-up alone.
                notifier.wait_ready(waits, timeout);
            });
        }
    })
}

/// Whether the calling thread runs an async task (async-std's, or with the
/// `tokio` feature a tokio worker or `block_on` thread), where blocking
/// calls would stall the executor.
///
/// # Examples
/// ```
/// use sockets_core::__private::in_async_task;
/// assert!(!in_async_task());
/// assert!(async_std::task::block_on(async { in_async_task() }));
/// ```
pub fn in_async_task() -> bool {
    runtime::in_async_task()
}
