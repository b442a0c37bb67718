//! A loopback tour of the library: a plain and a TLS server, clients that
//! dial them, lines both ways, half-close, close() as the barrier, then the
//! blocking facade streaming a file through copy(). Needs no internet: the
//! TLS certificate is made at run time.
//!
//! Run it with `cargo run -p sockets-examples --bin tour`.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use clap::Parser;
use rcgen::{CertificateParams, KeyPair};
use sockets_core::{dial, rustls, serve, serve_with, DialOptions, ServeOptions};

/// A loopback tour of the sockets library, printed as it runs.
///
/// Starts a plain and a TLS server on 127.0.0.1, dials them, exchanges
/// lines, half-closes, closes each server as a barrier, then streams a file
/// through the blocking facade's copy(). Needs no internet and no openssl:
/// the TLS certificate is made at run time.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Example:
  cargo run -p sockets-examples --bin tour

Logs go to stderr at warn; set RUST_LOG=debug for more."
)]
struct Args {}

fn main() -> io::Result<()> {
    let Args {} = Args::parse();
    sockets_examples::cli::init_logging();
    async_std::task::block_on(tour())?;
    // Blocking calls belong outside async tasks, so this part runs after.
    blocking_tour()
}

/// The blocking facade and the stream protocol: a file uploaded through
/// copy(), counted and checksummed by the server.
fn blocking_tour() -> io::Result<()> {
    use sockets_stream::{copy, IoStream};
    println!("\n== blocking facade and copy() ==");
    let server = sockets_blocking::serve("127.0.0.1", 0, |mut conn| {
        let mut received = Vec::new();
        let n = copy(&mut conn.stream, &mut received)?;
        let lines = received
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .count();
        conn.stream
            .writeln(&format!("got {n} bytes in {lines} lines"))?;
        conn.stream.close()
    })?;
    let path = std::env::temp_dir().join(format!("sockets-tour-{}.txt", std::process::id()));
    let text: String = (1..=1000)
        .map(|i| format!("line {i} of the file\n"))
        .collect();
    std::fs::write(&path, &text)?;
    let mut client =
        sockets_blocking::dial("127.0.0.1", server.local_addr().port(), Default::default())?;
    let sent = copy(&mut std::fs::File::open(&path)?, &mut client)?;
    client.close_write()?;
    println!("copied a {sent}-byte file into the socket, then half-closed");
    println!(
        "server says: {}",
        IoStream::new(client).read_line()?.unwrap_or_default()
    );
    server.close()?;
    std::fs::remove_file(&path)?;
    println!("done: {}", server.stats());
    Ok(())
}

async fn tour() -> io::Result<()> {
    println!("== plain TCP ==");
    let greeted = Arc::new(AtomicUsize::new(0));
    let counter = greeted.clone();
    let server = serve("127.0.0.1", 0, move |mut conn| {
        let counter = counter.clone();
        async move {
            conn.stream
                .writeln(&format!("hello from sockets, connection {}", conn.handle))
                .await?;
            while let Some(line) = conn.stream.read_line().await? {
                conn.stream.writeln(&line.to_uppercase()).await?;
            }
            conn.stream.writeln("bye").await?;
            counter.fetch_add(1, Ordering::Relaxed);
            conn.stream.close().await
        }
    })
    .await?;
    let port = server.local_addr().port();
    println!("server listening on {}", server.local_addr());

    let mut client = dial("127.0.0.1", port, DialOptions::default()).await?;
    println!("client {} -> {}", client.local_addr(), client.remote_addr());
    println!(
        "server says: {}",
        client.read_line().await?.unwrap_or_default()
    );
    for word in ["dial", "read_line", "writeln"] {
        client.writeln(word).await?;
        println!(
            "sent {word:?}, got {:?}",
            client.read_line().await?.unwrap_or_default()
        );
    }
    client.close_write().await?;
    let rest = String::from_utf8_lossy(&client.read_all().await?).into_owned();
    println!("half-closed our side; the server still answers: {rest:?}");
    client.close().await?;

    server.close().await?;
    println!(
        "server.close() returned: {} handler(s) done; {}",
        greeted.load(Ordering::Relaxed),
        server.stats()
    );

    println!("\n== TLS (certificate made at run time) ==");
    let key = KeyPair::generate().map_err(io::Error::other)?;
    let cert = CertificateParams::new(vec!["localhost".to_string()])
        .and_then(|params| params.self_signed(&key))
        .map_err(io::Error::other)?;
    let options = ServeOptions::default().tls(cert.pem(), key.serialize_pem());
    let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
        let line = conn.stream.read_line().await?.unwrap_or_default();
        conn.stream.writeln(&format!("TLS echo: {line}")).await?;
        conn.stream.close().await
    })
    .await?;

    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.der().clone()).map_err(io::Error::other)?;
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(io::Error::other)?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let options = DialOptions::default().tls_config(Arc::new(config));
    let mut client = dial("localhost", server.local_addr().port(), options).await?;
    client.writeln("secret").await?;
    println!(
        "over TLS: {}",
        client.read_line().await?.unwrap_or_default()
    );
    client.close().await?;

    let untrusted = dial(
        "localhost",
        server.local_addr().port(),
        DialOptions::default().tls(true),
    )
    .await;
    match untrusted {
        Ok(_) => println!("unexpected: the system store trusted a run-time certificate"),
        Err(e) => println!(
            "with the system store instead it fails, as expected: no public CA signed \
             a certificate made a moment ago \
             (the server logs its side as a warning on stderr):\n  {e}"
        ),
    }
    server.close().await?;
    println!("TLS server closed; {}", server.stats());

    println!("\n== errors say what and where ==");
    let refused = dial("127.0.0.1", port, DialOptions::default()).await;
    println!(
        "{}",
        refused.err().map(|e| e.to_string()).unwrap_or_default()
    );
    Ok(())
}
