//! Echo round trip, 64 B, sequential: blocking Socket vs std::net, async
//! Socket vs raw async-std. The echo server is the same plain std thread for
//! both sides of each pair.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Instant;

use crate::child;
use crate::pinning::is_pinned;
use crate::report::{micros_per, Goal, Report};
use crate::Mode;

/// 63 bytes of payload + "\n".
const PAYLOAD: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde";

/// A std echo server for one connection at a time, `n` round trips each.
fn echo_server() -> io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    thread::Builder::new()
        .name("echo-server".into())
        .spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                stream.set_nodelay(true).ok();
                let mut writer = stream.try_clone().expect("clone");
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                    if writer.write_all(line.as_bytes()).is_err() {
                        break;
                    }
                    line.clear();
                }
            }
        })?;
    Ok(port)
}

fn std_net(port: u16, n: usize) -> io::Result<f64> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let request = format!("{PAYLOAD}\n");
    let mut line = String::new();
    let start = Instant::now();
    for _ in 0..n {
        writer.write_all(request.as_bytes())?;
        line.clear();
        reader.read_line(&mut line)?;
        assert_eq!(line.len(), 64, "echo mismatch");
    }
    Ok(micros_per(start.elapsed(), n))
}

fn blocking_socket(port: u16, n: usize) -> io::Result<f64> {
    let mut socket =
        sockets_blocking::dial("127.0.0.1", port, sockets_blocking::DialOptions::default())?;
    let start = Instant::now();
    for _ in 0..n {
        socket.writeln(PAYLOAD)?;
        let line = socket.read_line()?;
        assert_eq!(line.as_deref(), Some(PAYLOAD), "echo mismatch");
    }
    let elapsed = start.elapsed();
    socket.close()?;
    Ok(micros_per(elapsed, n))
}

fn async_socket(port: u16, n: usize) -> io::Result<f64> {
    async_std::task::block_on(async {
        let mut socket =
            sockets_core::dial("127.0.0.1", port, sockets_core::DialOptions::default()).await?;
        let start = Instant::now();
        for _ in 0..n {
            socket.writeln(PAYLOAD).await?;
            let line = socket.read_line().await?;
            assert_eq!(line.as_deref(), Some(PAYLOAD), "echo mismatch");
        }
        let elapsed = start.elapsed();
        socket.close().await?;
        Ok(micros_per(elapsed, n))
    })
}

fn raw_async_std(port: u16, n: usize) -> io::Result<f64> {
    use async_std::io::prelude::{BufReadExt, WriteExt};
    async_std::task::block_on(async {
        let stream = async_std::net::TcpStream::connect(("127.0.0.1", port)).await?;
        stream.set_nodelay(true)?;
        let mut writer = stream.clone();
        let mut reader = async_std::io::BufReader::new(stream);
        let request = format!("{PAYLOAD}\n");
        let mut line = String::new();
        let start = Instant::now();
        for _ in 0..n {
            writer.write_all(request.as_bytes()).await?;
            line.clear();
            reader.read_line(&mut line).await?;
            assert_eq!(line.len(), 64, "echo mismatch");
        }
        Ok(micros_per(start.elapsed(), n))
    })
}

pub fn run(mode: Mode, report: &mut Report) -> io::Result<()> {
    measure(mode, report)?;
    // Round trips are reported both ways: a halted core takes tens of µs
    // to wake here, which shows every extra thread hop when unpinned.
    if !is_pinned() {
        match child::rows(&["taskset", "-c", "0"], "echo", mode)? {
            Some(rows) => rows.into_iter().for_each(|row| report.add(row)),
            None => eprintln!("  taskset not found: no pinned echo rows"),
        }
    }
    Ok(())
}

/// The echo rows, pinned or not as this process is.
pub fn measure(mode: Mode, report: &mut Report) -> io::Result<()> {
    let port = echo_server()?;
    let n = mode.scale(100_000);
    let pinned = if is_pinned() { "pinned" } else { "unpinned" };
    let label = format!("echo round trip 64 B x{n} ({pinned})");
    report.compare(
        &label,
        ("blocking Socket", || blocking_socket(port, n)),
        ("std::net", || std_net(port, n)),
        "µs",
        Goal::AtMost(1.5),
    )?;
    report.compare(
        &label,
        ("async Socket", || async_socket(port, n)),
        ("raw async-std", || raw_async_std(port, n)),
        "µs",
        Goal::AtMost(1.1),
    )?;
    Ok(())
}
