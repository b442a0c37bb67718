//! Blocking calls from inside an async task: a clear panic in debug builds,
//! naming the async API to use.

use sockets_blocking::{dial, DialOptions};

#[test]
#[cfg(debug_assertions)]
fn blocking_dial_inside_an_async_task_panics_with_the_async_api_to_use() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let outcome = async_std::task::block_on(async move {
        std::panic::catch_unwind(|| dial("127.0.0.1", port, DialOptions::default()).map(drop))
    });
    let panic = outcome.unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains("called from inside an async task"),
        "{message}"
    );
    assert!(message.contains("sockets_core::dial"), "{message}");
}

#[test]
fn blocking_calls_on_plain_threads_are_fine() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let socket = std::thread::spawn(move || dial("127.0.0.1", port, DialOptions::default()))
        .join()
        .unwrap()
        .unwrap();
    assert_eq!(socket.remote_addr().port(), port);
}
