//! TLS: bulk 256 MiB and handshakes per second, against raw futures-rustls
//! and tokio-rustls over the same std rustls server.

use std::io;
use std::net::Shutdown;
use std::time::Instant;

use sockets_core::rustls::pki_types::ServerName;

use crate::bulk::async_socket;
use crate::measure::{expect_count, gib_per_s, CHUNK};
use crate::report::{Goal, Report};
use crate::tls_peer::{counting_tls_sink, identity};
use crate::Mode;

/// Both sides connect to the IP: a name would add a resolver round trip
/// (and an IPv6 attempt) to ours only.
fn name() -> ServerName<'static> {
    ServerName::try_from("127.0.0.1").expect("valid IP name")
}

fn futures_rustls_bulk(
    port: u16,
    config: &std::sync::Arc<sockets_core::rustls::ClientConfig>,
    chunks: usize,
) -> io::Result<f64> {
    use futures_lite::{AsyncReadExt, AsyncWriteExt};
    async_std::task::block_on(async {
        let data = vec![9u8; CHUNK];
        let tcp = async_std::net::TcpStream::connect(("127.0.0.1", port)).await?;
        let mut tls = futures_rustls::TlsConnector::from(config.clone())
            .connect(name(), tcp)
            .await?;
        let start = Instant::now();
        for _ in 0..chunks {
            tls.write_all(&data).await?;
        }
        tls.close().await?;
        let mut count = Vec::new();
        tls.read_to_end(&mut count).await?;
        let rate = gib_per_s((chunks * CHUNK) as u64, start);
        expect_count(&count, (chunks * CHUNK) as u64)?;
        Ok(rate)
    })
}

fn tokio_rustls_bulk(
    port: u16,
    config: &std::sync::Arc<sockets_core::rustls::ClientConfig>,
    chunks: usize,
) -> io::Result<f64> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    crate::tokio_rt().block_on(async {
        let data = vec![9u8; CHUNK];
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
        let mut tls = tokio_rustls::TlsConnector::from(config.clone())
            .connect(name(), tcp)
            .await?;
        let start = Instant::now();
        for _ in 0..chunks {
            tls.write_all(&data).await?;
        }
        tls.shutdown().await?;
        let mut count = Vec::new();
        tls.read_to_end(&mut count).await?;
        let rate = gib_per_s((chunks * CHUNK) as u64, start);
        expect_count(&count, (chunks * CHUNK) as u64)?;
        Ok(rate)
    })
}

/// Our socket written through futures-io `AsyncWrite::write_all`, which
/// since issue 16 returns only once the TLS records have left: the cost of
/// that guarantee against raw futures-rustls, which returns earlier.
fn ours_async_write_bulk(
    port: u16,
    config: &std::sync::Arc<sockets_core::rustls::ClientConfig>,
    chunks: usize,
) -> io::Result<f64> {
    use futures_lite::AsyncWriteExt;
    async_std::task::block_on(async {
        let data = vec![9u8; CHUNK];
        let options = sockets_core::DialOptions::default().tls_config(config.clone());
        let mut socket = sockets_core::dial("127.0.0.1", port, options).await?;
        let start = Instant::now();
        for _ in 0..chunks {
            socket.write_all(&data).await?;
        }
        socket.close_write().await?;
        let count = socket.read_all().await?;
        let rate = gib_per_s((chunks * CHUNK) as u64, start);
        expect_count(&count, (chunks * CHUNK) as u64)?;
        Ok(rate)
    })
}

fn ours_handshakes(
    port: u16,
    config: &std::sync::Arc<sockets_core::rustls::ClientConfig>,
    n: usize,
) -> io::Result<f64> {
    async_std::task::block_on(async {
        let start = Instant::now();
        for _ in 0..n {
            let options = sockets_core::DialOptions::default().tls_config(config.clone());
            let mut socket = sockets_core::dial("127.0.0.1", port, options).await?;
            socket.close_write().await?;
            expect_count(&socket.read_all().await?, 0)?;
        }
        Ok(n as f64 / start.elapsed().as_secs_f64())
    })
}

fn futures_rustls_handshakes(
    port: u16,
    config: &std::sync::Arc<sockets_core::rustls::ClientConfig>,
    n: usize,
) -> io::Result<f64> {
    use futures_lite::{AsyncReadExt, AsyncWriteExt};
    async_std::task::block_on(async {
        let start = Instant::now();
        for _ in 0..n {
            let tcp = async_std::net::TcpStream::connect(("127.0.0.1", port)).await?;
            tcp.set_nodelay(true)?;
            let mut tls = futures_rustls::TlsConnector::from(config.clone())
                .connect(name(), tcp)
                .await?;
            tls.close().await?;
            let mut count = Vec::new();
            tls.read_to_end(&mut count).await?;
            expect_count(&count, 0)?;
            let _ = tls.get_ref().0.shutdown(Shutdown::Both);
        }
        Ok(n as f64 / start.elapsed().as_secs_f64())
    })
}

/// TLS bulk (256 MiB in full mode) and handshakes per second.
pub fn run(mode: Mode, report: &mut Report) -> io::Result<()> {
    let identity = identity()?;
    let port = counting_tls_sink(identity.server.clone())?;
    let config = identity.client;
    let chunks = mode.scale(4 * 1024); // 4 Ki x 64 KiB = 256 MiB
    let label = format!("TLS bulk {} MiB", (chunks * CHUNK) >> 20);
    report.compare(
        &label,
        ("async Socket (TLS)", || {
            async_socket(
                port,
                sockets_core::DialOptions::default().tls_config(config.clone()),
                chunks,
            )
        }),
        ("raw futures-rustls", || {
            futures_rustls_bulk(port, &config, chunks)
        }),
        "GiB/s",
        Goal::AtLeast(0.9),
    )?;
    report.compare(
        &label,
        ("async Socket (TLS)", || {
            async_socket(
                port,
                sockets_core::DialOptions::default().tls_config(config.clone()),
                chunks,
            )
        }),
        ("tokio-rustls", || tokio_rustls_bulk(port, &config, chunks)),
        "GiB/s",
        Goal::AtLeast(0.9),
    )?;
    report.compare(
        &label,
        ("async Socket (TLS), AsyncWrite", || {
            ours_async_write_bulk(port, &config, chunks)
        }),
        ("raw futures-rustls", || {
            futures_rustls_bulk(port, &config, chunks)
        }),
        "GiB/s",
        Goal::AtLeast(0.9),
    )?;
    let n = mode.scale(2_000);
    let label = format!("TLS handshakes x{n}");
    report.compare(
        &label,
        ("dial(tls)", || ours_handshakes(port, &config, n)),
        ("raw futures-rustls connect", || {
            futures_rustls_handshakes(port, &config, n)
        }),
        "handshakes/s",
        Goal::AtLeast(0.9),
    )?;
    Ok(())
}
