//! serve() on the tokio executor (`ServeOptions::executor(Handle)`, the
//! `tokio` feature) against a plain tokio accept loop on the same runtime
//! shape: accept rate (connect-greet-close) and echo round trip (64 B).

use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Instant;

use crate::accept::{storm, GREETING};
use crate::child;
use crate::report::{micros_per, Goal, Report};
use crate::Mode;

/// 63 bytes of payload + "\n".
const LINE: &[u8] = b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n";

fn runtime() -> io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}

/// µs per 64-byte round trip from a std client, `n` times.
fn round_trips(port: u16, n: usize) -> io::Result<f64> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = Vec::with_capacity(LINE.len());
    let start = Instant::now();
    for _ in 0..n {
        writer.write_all(LINE)?;
        line.clear();
        reader.read_until(b'\n', &mut line)?;
        if line != LINE {
            return Err(io::Error::other("echo mismatch"));
        }
    }
    Ok(micros_per(start.elapsed(), n))
}

/// Our server on `runtime`, greeting or echoing lines.
fn ours_on(runtime: &tokio::runtime::Runtime, echo: bool) -> io::Result<sockets_core::Server> {
    let options = sockets_core::ServeOptions::default()
        .nodelay(true)
        .executor(runtime.handle().clone());
    runtime.block_on(sockets_core::serve_with(
        "127.0.0.1",
        0,
        options,
        move |mut conn| async move {
            if echo {
                while let Some(line) = conn.stream.read_line().await? {
                    conn.stream.writeln(&line).await?;
                }
            } else {
                conn.stream.write(GREETING).await?;
            }
            conn.stream.close().await
        },
    ))
}

fn ours(measure: impl Fn(u16) -> io::Result<f64>, echo: bool) -> io::Result<f64> {
    let runtime = runtime()?;
    let server = ours_on(&runtime, echo)?;
    let figure = measure(server.local_addr().port());
    runtime.block_on(server.close())?;
    figure
}

/// A plain tokio accept loop on a fresh multi-thread runtime, greeting or
/// echoing lines (also the peer of the accept-rate rows).
pub(crate) fn plain_tokio(measure: impl Fn(u16) -> io::Result<f64>, echo: bool) -> io::Result<f64> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let runtime = runtime()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let port = listener.local_addr()?.port();
    runtime.spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(async move {
                if !echo {
                    let _ = stream.write_all(GREETING).await;
                    return;
                }
                let _ = stream.set_nodelay(true);
                let (reader, mut writer) = stream.split();
                let mut reader = tokio::io::BufReader::new(reader);
                let mut line = Vec::new();
                while matches!(reader.read_until(b'\n', &mut line).await, Ok(n) if n > 0) {
                    if writer.write_all(&line).await.is_err() {
                        break;
                    }
                    line.clear();
                }
            });
        }
    });
    let figure = measure(port);
    runtime.shutdown_background();
    figure
}

/// Measured in a fresh process, as a tokio program that serves would be:
/// no async-std executor thread exists there (issue 11). Threads that
/// earlier scenarios leave behind would drive async-io's reactor instead of
/// its own thread and double the echo round trip (see docs/design.md).
pub fn run(mode: Mode, report: &mut Report) -> io::Result<()> {
    let rows = child::rows(&[], "tokio", mode)?
        .ok_or_else(|| io::Error::other("cannot start the tokio child run"))?;
    rows.into_iter().for_each(|row| report.add(row));
    Ok(())
}

/// 20k connect-greet-close and 100k round trips (full mode).
pub fn measure(mode: Mode, report: &mut Report) -> io::Result<()> {
    let n = mode.scale(20_000);
    report.compare(
        &format!("accept rate on tokio, {n} connect-greet-close"),
        ("serve() on tokio executor", || ours(|p| storm(p, n), false)),
        ("tokio accept loop", || plain_tokio(|p| storm(p, n), false)),
        "conn/s",
        Goal::AtLeast(0.9),
    )?;
    let n = mode.scale(100_000);
    report.compare(
        &format!("echo round trip on tokio, 64 B x{n}"),
        ("serve() on tokio executor", || {
            ours(|p| round_trips(p, n), true)
        }),
        ("tokio accept loop", || {
            plain_tokio(|p| round_trips(p, n), true)
        }),
        "µs",
        Goal::AtMost(1.2),
    )?;
    Ok(())
}
