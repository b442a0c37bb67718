//! Accept rate: connect, read a greeting, close, from two client threads;
//! serve() against a raw async-std accept loop (std's 128 backlog) and a
//! tokio accept loop.

use std::io::{self, Read};
use std::net::TcpStream;
use std::thread;
use std::time::Instant;

use crate::report::{Goal, Report};
use crate::Mode;

/// What every accept-rate server sends before closing.
pub(crate) const GREETING: &[u8] = b"hello\n";
const CLIENTS: usize = 2;

/// Connections per second for `n` connect-greet-close cycles (also the
/// client of the tokio-executor rows).
pub(crate) fn storm(port: u16, n: usize) -> io::Result<f64> {
    let start = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            thread::spawn(move || -> io::Result<()> {
                let mut buf = Vec::with_capacity(16);
                for _ in 0..n / CLIENTS {
                    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
                    buf.clear();
                    stream.read_to_end(&mut buf)?;
                    if buf != GREETING {
                        return Err(io::Error::other("wrong greeting"));
                    }
                }
                Ok(())
            })
        })
        .collect();
    for client in clients {
        client
            .join()
            .map_err(|_| io::Error::other("client panicked"))??;
    }
    Ok((n / CLIENTS * CLIENTS) as f64 / start.elapsed().as_secs_f64())
}

fn ours(n: usize) -> io::Result<f64> {
    let server =
        async_std::task::block_on(sockets_core::serve("127.0.0.1", 0, |mut conn| async move {
            conn.stream.write(GREETING).await?;
            conn.stream.close().await
        }))?;
    let rate = storm(server.local_addr().port(), n);
    async_std::task::block_on(server.close())?;
    if server.stats().accepted != (n / CLIENTS * CLIENTS) as u64 {
        return Err(io::Error::other("accepted count mismatch"));
    }
    rate
}

fn raw_async_std(n: usize) -> io::Result<f64> {
    use async_std::io::WriteExt;
    let listener = async_std::task::block_on(async_std::net::TcpListener::bind("127.0.0.1:0"))?;
    let port = listener.local_addr()?.port();
    let accept_loop = async_std::task::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            async_std::task::spawn(async move {
                let _ = stream.write_all(GREETING).await;
            });
        }
    });
    let rate = storm(port, n);
    async_std::task::block_on(accept_loop.cancel());
    rate
}

/// The tokio peer: the same plain accept loop as the tokio-executor rows.
fn tokio(n: usize) -> io::Result<f64> {
    crate::tokio_serve::plain_tokio(|port| storm(port, n), false)
}

/// 20k connect-greet-close (full mode).
pub fn run(mode: Mode, report: &mut Report) -> io::Result<()> {
    let n = mode.scale(20_000);
    let label = format!("accept rate, {n} connect-greet-close");
    report.compare(
        &label,
        ("serve()", || ours(n)),
        ("raw async-std accept loop", || raw_async_std(n)),
        "conn/s",
        Goal::AtLeast(0.9),
    )?;
    report.compare(
        &label,
        ("serve()", || ours(n)),
        ("tokio accept loop", || tokio(n)),
        "conn/s",
        Goal::AtLeast(0.9),
    )?;
    Ok(())
}
