//! With the `tokio` feature, the debug check against blocking calls in
//! async code also recognises code tokio polls (tasks, and `block_on`
//! futures such as a `#[tokio::test]` body), still lets `spawn_blocking`
//! and `block_in_place` closures block, as they should, and raises only its
//! own panic: the check itself neither panics nor prints.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use sockets_blocking::{dial, DialOptions};

fn listener() -> (std::net::TcpListener, u16) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

fn panic_message(panic: Box<dyn std::any::Any + Send>) -> String {
    panic.downcast_ref::<String>().cloned().unwrap_or_default()
}

fn assert_names_the_async_api(message: &str) {
    assert!(
        message.contains("called from inside an async task"),
        "{message}"
    );
    assert!(
        message.contains("use sockets_core::dial with .await"),
        "{message}"
    );
}

thread_local! {
    /// Panics raised on this thread (the hook runs on the panicking thread).
    static PANICS: Cell<usize> = const { Cell::new(0) };
}

/// Counts every panic per thread, then lets the usual hook report it.
fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.with(|count| count.set(count.get() + 1));
            report(info);
        }));
    });
}

#[cfg(debug_assertions)]
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_blocking_call_in_a_tokio_task_panics_naming_the_async_function() {
    let (_listener, port) = listener();
    let outcome =
        tokio::spawn(async move { dial("127.0.0.1", port, DialOptions::default()).map(drop) })
            .await;
    assert_names_the_async_api(&panic_message(outcome.unwrap_err().into_panic()));
}

#[cfg(debug_assertions)]
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn the_check_raises_no_panic_but_its_own() {
    count_panics();
    let (_listener, port) = listener();
    let (panics, message) = tokio::spawn(async move {
        // No await from here on: the task stays on this worker thread.
        let before = PANICS.with(Cell::get);
        let outcome = catch_unwind(|| dial("127.0.0.1", port, DialOptions::default()).map(drop));
        (
            PANICS.with(Cell::get) - before,
            panic_message(outcome.unwrap_err()),
        )
    })
    .await
    .unwrap();
    assert_names_the_async_api(&message);
    assert_eq!(
        panics, 1,
        "the check panicked (or printed a panic) besides its own"
    );
}

#[cfg(debug_assertions)]
#[tokio::test(flavor = "current_thread")]
async fn a_blocking_call_in_tokio_block_on_panics_too() {
    let (_listener, port) = listener();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        dial("127.0.0.1", port, DialOptions::default()).map(drop)
    }));
    assert_names_the_async_api(&panic_message(outcome.unwrap_err()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn blocking_calls_in_spawn_blocking_are_fine() {
    let (_listener, port) = listener();
    let socket =
        tokio::task::spawn_blocking(move || dial("127.0.0.1", port, DialOptions::default()))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(socket.remote_addr().port(), port);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_calls_in_block_in_place_are_fine() {
    let (_listener, port) = listener();
    let socket = tokio::spawn(async move {
        tokio::task::block_in_place(|| dial("127.0.0.1", port, DialOptions::default()))
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(socket.remote_addr().port(), port);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_tokio_task_keeps_its_budget_across_the_check() {
    let (_listener, port) = listener();
    let kept = tokio::spawn(async move {
        let _ = catch_unwind(|| dial("127.0.0.1", port, DialOptions::default()).map(drop));
        // The probe spent the whole budget and gave it back.
        tokio::task::coop::has_budget_remaining()
    })
    .await
    .unwrap();
    assert!(kept);
}
