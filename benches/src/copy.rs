//! copy() against std::io::copy: socket -> file and file -> socket, on
//! tmpfs so the disk does not decide; and lines through IoStream vs the
//! socket itself.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Instant;

use sockets_stream::{copy, IoStream};

use crate::measure::{expect_bytes, expect_count, gib_per_s, CHUNK};
use crate::peers::{counting_sink, repeating_source};
use crate::report::{Goal, Report};
use crate::Mode;

fn scratch_dir() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    base.join(format!("sockets-bench-{}", std::process::id()))
}

fn socket_to_file_ours(port: u16, path: &Path, bytes: u64) -> io::Result<f64> {
    let mut socket =
        sockets_blocking::dial("127.0.0.1", port, sockets_blocking::DialOptions::default())?;
    let mut file = File::create(path)?;
    let start = Instant::now();
    let n = copy(&mut socket, &mut file)?;
    let rate = gib_per_s(n, start);
    expect_bytes(n, bytes)?;
    expect_bytes(file.metadata()?.len(), bytes)?;
    Ok(rate)
}

fn socket_to_file_std(port: u16, path: &Path, bytes: u64) -> io::Result<f64> {
    let mut socket = TcpStream::connect(("127.0.0.1", port))?;
    let mut file = File::create(path)?;
    let start = Instant::now();
    let n = io::copy(&mut socket, &mut file)?;
    let rate = gib_per_s(n, start);
    expect_bytes(n, bytes)?;
    Ok(rate)
}

fn file_to_socket_ours(port: u16, path: &Path, bytes: u64) -> io::Result<f64> {
    let mut file = File::open(path)?;
    let mut socket =
        sockets_blocking::dial("127.0.0.1", port, sockets_blocking::DialOptions::default())?;
    let start = Instant::now();
    let n = copy(&mut file, &mut socket)?;
    socket.close_write()?;
    let count = socket.read_all()?;
    let rate = gib_per_s(n, start);
    expect_bytes(n, bytes)?;
    expect_count(&count, bytes)?;
    Ok(rate)
}

fn file_to_socket_std(port: u16, path: &Path, bytes: u64) -> io::Result<f64> {
    let mut file = File::open(path)?;
    let mut socket = TcpStream::connect(("127.0.0.1", port))?;
    let start = Instant::now();
    let n = io::copy(&mut file, &mut socket)?;
    socket.shutdown(Shutdown::Write)?;
    let mut count = [0u8; 8];
    socket.read_exact(&mut count)?;
    let rate = gib_per_s(n, start);
    expect_bytes(n, bytes)?;
    expect_count(&count, bytes)?;
    Ok(rate)
}

const LINE: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789ABC\n";

fn lines_through(port: u16, lines: usize, wrapped: bool) -> io::Result<f64> {
    let socket =
        sockets_blocking::dial("127.0.0.1", port, sockets_blocking::DialOptions::default())?;
    let start = Instant::now();
    let count = if wrapped {
        let mut stream = IoStream::new(socket);
        let mut count = 0;
        while stream.read_line()?.is_some() {
            count += 1;
        }
        count
    } else {
        let mut socket = socket;
        let mut count = 0;
        while socket.read_line()?.is_some() {
            count += 1;
        }
        count
    };
    let rate = lines as f64 / 1e6 / start.elapsed().as_secs_f64();
    expect_bytes(count as u64, lines as u64)?;
    Ok(rate)
}

/// copy 1 GiB (full mode) both ways, and 10 M lines through IoStream.
pub fn run(mode: Mode, report: &mut Report) -> io::Result<()> {
    let dir = scratch_dir();
    std::fs::create_dir_all(&dir)?;
    let chunks = mode.scale(16 * 1024);
    let bytes = (chunks * CHUNK) as u64;
    let label = format!("copy {} MiB", bytes >> 20);

    let source = repeating_source(vec![5u8; CHUNK], chunks)?;
    let target = dir.join("target");
    report.compare(
        &format!("{label} socket -> file"),
        ("sockets_stream::copy", || {
            socket_to_file_ours(source, &target, bytes)
        }),
        ("std::io::copy", || {
            socket_to_file_std(source, &target, bytes)
        }),
        "GiB/s",
        Goal::AtLeast(0.9),
    )?;

    let file = dir.join("source");
    let mut out = File::create(&file)?;
    for _ in 0..chunks {
        out.write_all(&[6u8; CHUNK])?;
    }
    drop(out);
    let sink = counting_sink()?;
    report.compare(
        &format!("{label} file -> socket"),
        ("sockets_stream::copy", || {
            file_to_socket_ours(sink, &file, bytes)
        }),
        ("std::io::copy", || file_to_socket_std(sink, &file, bytes)),
        "GiB/s",
        Goal::AtLeast(0.9),
    )?;
    std::fs::remove_dir_all(&dir)?;

    let batches = mode.scale(10_000);
    let lines = batches * 1000;
    let port = repeating_source(LINE.repeat(1000), batches)?;
    let label = format!("{} M lines of 40 B", lines as f64 / 1e6);
    report.compare(
        &label,
        ("IoStream<Socket>::read_line", || {
            lines_through(port, lines, true)
        }),
        ("Socket::read_line", || lines_through(port, lines, false)),
        "M lines/s",
        Goal::AtLeast(0.95),
    )?;
    Ok(())
}
