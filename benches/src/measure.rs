//! What several scenarios measure and check the same way.

use std::io;
use std::time::Instant;

/// The write size of the bulk scenarios.
pub const CHUNK: usize = 64 * 1024;

/// GiB per second for `bytes` moved since `start`.
pub fn gib_per_s(bytes: u64, start: Instant) -> f64 {
    bytes as f64 / (1u64 << 30) as f64 / start.elapsed().as_secs_f64()
}

/// Fails unless `got == want`: a fast wrong answer must not pass.
pub fn expect_bytes(got: u64, want: u64) -> io::Result<()> {
    match got == want {
        true => Ok(()),
        false => Err(io::Error::other(format!(
            "moved {got} bytes, expected {want}"
        ))),
    }
}

/// Checks a counting sink's reply (8 bytes, little endian) against `want`.
pub fn expect_count(reply: &[u8], want: u64) -> io::Result<()> {
    let count: [u8; 8] = reply
        .try_into()
        .map_err(|_| io::Error::other("short byte-count reply"))?;
    expect_bytes(u64::from_le_bytes(count), want)
}
