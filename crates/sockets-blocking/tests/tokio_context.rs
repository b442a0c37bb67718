//! With the `tokio` feature, the debug check against blocking calls in
//! async code also recognises tokio tasks and tokio's `block_on`, and
//! still lets `spawn_blocking` threads block, as they should.

use std::panic::{catch_unwind, AssertUnwindSafe};

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
