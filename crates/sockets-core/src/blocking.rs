//! Building blocks of the blocking facade (`sockets-blocking`): run one call
//! of this crate to completion on the calling thread.
//!
//! [`block_on`] polls the future on the calling thread. When a socket
//! operation inside it would block, it does not register with the reactor:
//! the thread waits for that socket's readiness with poll(2) itself, holding
//! no lock, bounded by the call's deadline, and polls again. No other thread
//! takes part, so a blocking call costs about what the same `std::net` call
//! costs. Anything else the future waits for (a timer, a task, DNS) wakes
//! the thread through its waker, which also interrupts a socket wait.
//!
//! Do not call these from inside an async task: [`in_async_task`] tells.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll};
use std::thread;
use std::time::Instant;

use crate::runtime::{self, BlockingMode};
use crate::wait::Notifier;

/// Runs `future` to completion on the calling thread.
///
/// # Examples
/// ```
/// use sockets_core::{blocking, dial, DialOptions};
///
/// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// let port = listener.local_addr()?.port();
/// let socket = blocking::block_on(dial("127.0.0.1", port, DialOptions::default()))?;
/// assert_eq!(socket.remote_addr().port(), port);
/// # std::io::Result::Ok(())
/// ```
pub fn block_on<F: Future>(future: F) -> F::Output {
    match run(future, None) {
        Some(output) => output,
        None => unreachable!("no deadline was set"),
    }
}

/// Runs `future` on the calling thread until it completes or `deadline`
/// passes (`None`; the future is then dropped, which every read of a
/// [`Socket`](crate::Socket) survives without losing bytes).
///
/// # Examples
/// ```
/// use std::time::{Duration, Instant};
/// use sockets_core::blocking;
/// let never = std::future::pending::<()>();
/// assert_eq!(blocking::block_on_until(never, Instant::now() + Duration::from_millis(10)), None);
/// assert_eq!(blocking::block_on_until(async { 42 }, Instant::now()), Some(42));
/// ```
pub fn block_on_until<F: Future>(future: F, deadline: Instant) -> Option<F::Output> {
    run(future, Some(deadline))
}

/// Whether the calling thread runs an async task, where blocking calls
/// would stall the executor.
///
/// # Examples
/// ```
/// use sockets_core::blocking::in_async_task;
/// assert!(!in_async_task());
/// assert!(async_std::task::block_on(async { in_async_task() }));
/// ```
pub fn in_async_task() -> bool {
    runtime::in_async_task()
}

/// Runs blocking `work` on the runtime's blocking thread pool (bounded,
/// separate from the executor's threads) and awaits its result.
///
/// # Examples
/// ```
/// use sockets_core::blocking::unblock;
/// let sum = async_std::task::block_on(unblock(|| (1..=100u64).sum::<u64>()));
/// assert_eq!(sum, 5050);
/// ```
pub async fn unblock<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    runtime::unblock(work).await
}

fn run<F: Future>(future: F, deadline: Option<Instant>) -> Option<F::Output> {
    let mode = BlockingMode::enter();
    let mut future = pin!(future);
    // Borrowed from the thread-local: no reference counting per call.
    Notifier::with_current(|notifier, waker| {
        let mut cx = Context::from_waker(waker);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return Some(output);
            }
            let remaining = match deadline {
                None => None,
                Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => Some(left),
                    _ => return None,
                },
            };
            match mode.take_wait() {
                Some(wait) => notifier.wait_ready(std::slice::from_ref(&wait), remaining),
                None => match remaining {
                    Some(timeout) => thread::park_timeout(timeout),
                    None => thread::park(),
                },
            }
        }
    })
}
