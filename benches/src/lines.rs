//! Reading many 40-byte lines, a String per line, counted and summed.

use std::io::{self, BufRead, BufReader};
use std::net::TcpStream;
use std::time::Instant;

use crate::peers::repeating_source;
use crate::report::{Goal, Report};
use crate::Mode;

/// Lines per payload write: 1,000 lines of 39 characters and "\n".
const BATCH: usize = 1000;
const LINE: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789ABC\n";

fn million_per_s(lines: usize, start: Instant) -> f64 {
    lines as f64 / 1e6 / start.elapsed().as_secs_f64()
}

fn check(count: usize, bytes: usize, lines: usize) -> io::Result<()> {
    match (count, bytes) == (lines, lines * (LINE.len() - 1)) {
        true => Ok(()),
        false => Err(io::Error::other(format!(
            "got {count} lines / {bytes} bytes, expected {lines}"
        ))),
    }
}

fn std_lines(port: u16, lines: usize) -> io::Result<f64> {
    let reader = BufReader::new(TcpStream::connect(("127.0.0.1", port))?);
    let start = Instant::now();
    let (mut count, mut bytes) = (0, 0);
    for line in reader.lines() {
        bytes += line?.len();
        count += 1;
    }
    let rate = million_per_s(count, start);
    check(count, bytes, lines)?;
    Ok(rate)
}

fn blocking_read_line(port: u16, lines: usize) -> io::Result<f64> {
    let mut socket =
        sockets_blocking::dial("127.0.0.1", port, sockets_blocking::DialOptions::default())?;
    let start = Instant::now();
    let (mut count, mut bytes) = (0, 0);
    while let Some(line) = socket.read_line()? {
        bytes += line.len();
        count += 1;
    }
    let rate = million_per_s(count, start);
    check(count, bytes, lines)?;
    Ok(rate)
}

fn async_read_line(port: u16, lines: usize) -> io::Result<f64> {
    async_std::task::block_on(async {
        let mut socket =
            sockets_core::dial("127.0.0.1", port, sockets_core::DialOptions::default()).await?;
        let start = Instant::now();
        let (mut count, mut bytes) = (0, 0);
        while let Some(line) = socket.read_line().await? {
            bytes += line.len();
            count += 1;
        }
        let rate = million_per_s(count, start);
        check(count, bytes, lines)?;
        Ok(rate)
    })
}

fn async_std_lines(port: u16, lines: usize) -> io::Result<f64> {
    use async_std::io::prelude::BufReadExt;
    use futures_lite::StreamExt;
    async_std::task::block_on(async {
        let stream = async_std::net::TcpStream::connect(("127.0.0.1", port)).await?;
        let mut reader = async_std::io::BufReader::new(stream).lines();
        let start = Instant::now();
        let (mut count, mut bytes) = (0, 0);
        while let Some(line) = reader.next().await {
            bytes += line?.len();
            count += 1;
        }
        let rate = million_per_s(count, start);
        check(count, bytes, lines)?;
        Ok(rate)
    })
}

fn tokio_lines(port: u16, lines: usize) -> io::Result<f64> {
    use tokio::io::AsyncBufReadExt;
    crate::tokio_rt().block_on(async {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
        let mut reader = tokio::io::BufReader::new(stream).lines();
        let start = Instant::now();
        let (mut count, mut bytes) = (0, 0);
        while let Some(line) = reader.next_line().await? {
            bytes += line.len();
            count += 1;
        }
        let rate = million_per_s(count, start);
        check(count, bytes, lines)?;
        Ok(rate)
    })
}

/// 10 M lines (full mode): blocking read_line vs std BufReader::lines,
/// async read_line vs async-std BufReader::lines.
pub fn run(mode: Mode, report: &mut Report) -> io::Result<()> {
    let batches = mode.scale(10_000);
    let lines = batches * BATCH;
    let port = repeating_source(LINE.repeat(BATCH), batches)?;
    let label = format!("{} M lines of 40 B", lines as f64 / 1e6);
    report.compare(
        &label,
        ("blocking read_line", || blocking_read_line(port, lines)),
        ("std BufReader::lines", || std_lines(port, lines)),
        "M lines/s",
        Goal::AtLeast(1.0),
    )?;
    report.compare(
        &label,
        ("async read_line", || async_read_line(port, lines)),
        ("async-std BufReader::lines", || {
            async_std_lines(port, lines)
        }),
        "M lines/s",
        Goal::AtLeast(1.0),
    )?;
    report.compare(
        &label,
        ("async read_line", || async_read_line(port, lines)),
        ("tokio BufReader::lines", || tokio_lines(port, lines)),
        "M lines/s",
        Goal::AtLeast(1.0),
    )?;
    Ok(())
}
