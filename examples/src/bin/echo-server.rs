//! A line echo server. Ctrl-C closes it gracefully (every connection's
//! handler finishes) and prints its statistics.
//!
//! ```text
//! echo-server [--host H] [--port P] [--tls --cert FILE --key FILE]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use sockets_core::{serve_with, LineSplitter, ServeOptions};
use sockets_examples::cli::{self, ServerIdentity};

/// Echo every line back to its sender; Ctrl-C closes gracefully.
///
/// A line that is too long or not UTF-8 is answered with a line starting
/// `error: ` and the connection goes on with the next line.
///
/// Ctrl-C stops accepting, waits for every connection's handler to finish
/// and prints the server's statistics. Handler errors and failed TLS
/// handshakes are logged on stderr at warn, with the peer's address.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Examples:
  echo-server --port 7007                     then: ncat localhost 7007
  make-cert localhost --out certs
  echo-server --tls --cert certs/cert.pem --key certs/key.pem --port 17030
                                              then: ncat --tls --ca certs/ca.pem localhost 17030

Logs go to stderr at warn; set RUST_LOG=debug for more."
)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 7007)]
    port: u16,
    /// Serve TLS (needs --cert and --key).
    #[arg(long, requires_all = ["cert", "key"])]
    tls: bool,
    /// With --tls: the PEM certificate chain to serve, leaf first.
    #[arg(long, value_name = "FILE", requires = "tls")]
    cert: Option<PathBuf>,
    /// With --tls: the PEM private key of --cert.
    #[arg(long, value_name = "FILE", requires = "tls")]
    key: Option<PathBuf>,
}

fn main() -> ExitCode {
    cli::init_logging();
    match async_std::task::block_on(run(Args::parse())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("echo-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> std::io::Result<()> {
    let mut options = ServeOptions::default();
    let files = match (&args.cert, &args.key) {
        (Some(cert), Some(key)) if args.tls => Some((cert, key)),
        _ => None,
    };
    if let Some((cert, key)) = files {
        let identity = ServerIdentity::read(cert, key)?;
        options = options.tls(identity.cert_chain_pem, identity.key_pem);
    }
    let server = serve_with(&args.host, args.port, options, |mut conn| async move {
        loop {
            match conn.stream.read_line().await {
                Ok(Some(line)) => conn.stream.writeln(&line).await?,
                Ok(None) => break,
                // Too long or not UTF-8: the library drops that line and the
                // next one reads normally, so answer and keep the connection.
                Err(e) if LineSplitter::is_line_error(&e) => {
                    conn.stream.writeln(&format!("error: {e}")).await?
                }
                Err(e) => return Err(e),
            }
        }
        conn.stream.close().await
    })
    .await
    .map_err(|e| match files {
        Some((cert, key)) => cli::name_tls_files(e, cert, key),
        None => e,
    })?;
    println!("echo-server listening on {}", server.local_addr());

    let (stop, stopped) = async_channel::bounded(1);
    ctrlc::set_handler(move || {
        let _ = stop.try_send(());
    })
    .map_err(std::io::Error::other)?;
    let _ = stopped.recv().await;

    println!(
        "closing: waiting for {} connection(s) to finish",
        server.stats().active
    );
    server.close().await?;
    println!("closed. stats: {}", server.stats());
    Ok(())
}
