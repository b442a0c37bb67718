//! Loopback peers and certificates for the workspace's integration tests.
//!
//! Peers this project did not write (python3, openssl) run as child
//! processes killed on drop; certificates are made at run time with rcgen.
//! Depends on rustls directly, not on the crates it tests.

pub mod certs;
pub mod log_capture;
pub mod peers;
pub mod relay;

use std::future::Future;
use std::time::Duration;

/// The most any one test may take: a hang fails instead of blocking CI.
pub const TEST_LIMIT: Duration = Duration::from_secs(120);

/// Runs an async test body with the [`TEST_LIMIT`].
pub fn run<T>(body: impl Future<Output = T>) -> T {
    async_std::task::block_on(async {
        futures_lite::future::or(body, async {
            async_io::Timer::after(TEST_LIMIT).await;
            panic!("test did not finish within {TEST_LIMIT:?}")
        })
        .await
    })
}

/// A port on 127.0.0.1 that refuses connections for as long as the
/// returned socket lives: bound, never listening. (A port freed by dropping
/// a listener can be taken by a concurrent test before it is dialled.)
pub fn refusing_port() -> (socket2::Socket, u16) {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket
        .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    let port = socket.local_addr().unwrap().as_socket().unwrap().port();
    (socket, port)
}

/// Runs a blocking test body on a thread, failing the test if it takes
/// longer than [`TEST_LIMIT`].
pub fn run_blocking<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = done.send(body());
    });
    match result.recv_timeout(TEST_LIMIT) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            // The body panicked: re-raise its panic.
            std::panic::resume_unwind(worker.join().unwrap_err())
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("test did not finish within {TEST_LIMIT:?}")
        }
    }
}
