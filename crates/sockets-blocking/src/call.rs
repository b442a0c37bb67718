//! One blocking call: one `block_on` of the core's future, on this thread.
//!
//! The future's socket read and write deadlines are enforced inside the
//! core, by the code that enforces them on an executor: a call here never
//! adds its own deadline, so every timeout error is built once, and a call
//! that times out ends the way the async one does (`close()` still closes).

use std::fmt::Display;
use std::future::Future;

use sockets_core::__private::{block_on, in_async_task};

/// Runs `future` (one call of the core API named `api`) on this thread.
pub(crate) fn call<T>(api: &str, future: impl Future<Output = T>) -> T {
    not_in_async_task(api);
    block_on(future)
}

/// Runs `future`, the core's `type_name::method`, on this thread.
pub(crate) fn call_on<T>(type_name: &str, method: &str, future: impl Future<Output = T>) -> T {
    not_in_async_task(format_args!("{type_name}::{method}"));
    block_on(future)
}

/// In debug builds, a blocking call inside an async task (async-std's, or
/// with the core's `tokio` feature a tokio task or `block_on` future, but
/// not a `spawn_blocking` closure) panics with the async API to
/// use: it would stall an executor thread, and `Server::close` there could
/// wait for handlers that need that very thread.
#[track_caller]
fn not_in_async_task(api: impl Display) {
    if cfg!(debug_assertions) && in_async_task() {
        panic!(
            "sockets_blocking::{api} was called from inside an async task, where it would block \
             the executor; use sockets_core::{api} with .await there instead \
             (or move the blocking code to a thread)"
        );
    }
}
