//! Bulk send in 64 KiB writes, verified by the server's byte count.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Instant;

use crate::measure::{expect_count, gib_per_s, CHUNK};
use crate::peers::counting_sink;
use crate::report::{Goal, Report};
use crate::Mode;

fn std_net(port: u16, chunks: usize) -> io::Result<f64> {
    let data = vec![7u8; CHUNK];
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    let start = Instant::now();
    for _ in 0..chunks {
        stream.write_all(&data)?;
    }
    stream.shutdown(Shutdown::Write)?;
    let mut count = [0u8; 8];
    stream.read_exact(&mut count)?;
    let rate = gib_per_s((chunks * CHUNK) as u64, start);
    expect_count(&count, (chunks * CHUNK) as u64)?;
    Ok(rate)
}

fn blocking_socket(port: u16, chunks: usize) -> io::Result<f64> {
    let data = vec![7u8; CHUNK];
    let mut socket =
        sockets_blocking::dial("127.0.0.1", port, sockets_blocking::DialOptions::default())?;
    let start = Instant::now();
    for _ in 0..chunks {
        socket.write(&data)?;
    }
    socket.close_write()?;
    let count = socket.read_all()?;
    let rate = gib_per_s((chunks * CHUNK) as u64, start);
    expect_count(&count, (chunks * CHUNK) as u64)?;
    Ok(rate)
}

/// Our async socket sending `chunks` writes, plain or TLS per `options`.
pub fn async_socket(
    port: u16,
    options: sockets_core::DialOptions,
    chunks: usize,
) -> io::Result<f64> {
    async_std::task::block_on(async {
        let data = vec![7u8; CHUNK];
        let mut socket = sockets_core::dial("127.0.0.1", port, options).await?;
        let start = Instant::now();
        for _ in 0..chunks {
            socket.write(&data).await?;
        }
        socket.close_write().await?;
        let count = socket.read_all().await?;
        let rate = gib_per_s((chunks * CHUNK) as u64, start);
        expect_count(&count, (chunks * CHUNK) as u64)?;
        Ok(rate)
    })
}

fn raw_async_std(port: u16, chunks: usize) -> io::Result<f64> {
    use async_std::io::prelude::{ReadExt, WriteExt};
    async_std::task::block_on(async {
        let data = vec![7u8; CHUNK];
        let mut stream = async_std::net::TcpStream::connect(("127.0.0.1", port)).await?;
        let start = Instant::now();
        for _ in 0..chunks {
            stream.write_all(&data).await?;
        }
        stream.shutdown(Shutdown::Write)?;
        let mut count = [0u8; 8];
        stream.read_exact(&mut count).await?;
        let rate = gib_per_s((chunks * CHUNK) as u64, start);
        expect_count(&count, (chunks * CHUNK) as u64)?;
        Ok(rate)
    })
}

fn tokio_bulk(port: u16, chunks: usize) -> io::Result<f64> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    crate::tokio_rt().block_on(async {
        let data = vec![7u8; CHUNK];
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
        let start = Instant::now();
        for _ in 0..chunks {
            stream.write_all(&data).await?;
        }
        stream.shutdown().await?;
        let mut count = [0u8; 8];
        stream.read_exact(&mut count).await?;
        let rate = gib_per_s((chunks * CHUNK) as u64, start);
        expect_count(&count, (chunks * CHUNK) as u64)?;
        Ok(rate)
    })
}

/// Bulk 1 GiB (full mode): async vs async-std and tokio, blocking vs std::net.
pub fn run(mode: Mode, report: &mut Report) -> io::Result<()> {
    let port = counting_sink()?;
    let chunks = mode.scale(16 * 1024); // 16 Ki x 64 KiB = 1 GiB
    let label = format!("bulk {} MiB, 64 KiB writes", (chunks * CHUNK) >> 20);
    report.compare(
        &label,
        ("async Socket", || {
            async_socket(port, Default::default(), chunks)
        }),
        ("raw async-std", || raw_async_std(port, chunks)),
        "GiB/s",
        Goal::AtLeast(0.95),
    )?;
    report.compare(
        &label,
        ("async Socket", || {
            async_socket(port, Default::default(), chunks)
        }),
        ("tokio", || tokio_bulk(port, chunks)),
        "GiB/s",
        Goal::AtLeast(0.9),
    )?;
    report.compare(
        &label,
        ("blocking Socket", || blocking_socket(port, chunks)),
        ("std::net", || std_net(port, chunks)),
        "GiB/s",
        Goal::AtLeast(0.9),
    )?;
    Ok(())
}
