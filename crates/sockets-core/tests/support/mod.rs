//! Loopback peers and certificates for the integration tests.
//!
//! Peers this project did not write (python3, openssl) run as child
//! processes killed on drop; certificates are made at run time with rcgen.
#![allow(dead_code)]

pub mod certs;
pub mod peers;

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
