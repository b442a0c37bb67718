//! A line echo server. Ctrl-C closes it gracefully (every connection's
//! handler finishes) and prints its statistics.
//!
//! ```text
//! echo-server [--host H] [--port P] [--tls CERT KEY]
//! ```

use std::process::ExitCode;

use clap::Parser;
use sockets_core::{serve_with, ServeOptions};

/// Echo every line back to its sender.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 7007)]
    port: u16,
    /// Serve TLS with this PEM certificate chain and PEM key.
    #[arg(long, num_args = 2, value_names = ["CERT", "KEY"])]
    tls: Option<Vec<std::path::PathBuf>>,
}

fn main() -> ExitCode {
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
    if let Some(files) = &args.tls {
        options = options.tls(std::fs::read(&files[0])?, std::fs::read(&files[1])?);
    }
    let server = serve_with(&args.host, args.port, options, |mut conn| async move {
        while let Some(line) = conn.stream.read_line().await? {
            conn.stream.writeln(&line).await?;
        }
        conn.stream.close().await
    })
    .await?;
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
    let stats = server.stats();
    println!(
        "closed. stats: accepted {}, handler errors {}, handler panics {}, TLS failures {}",
        stats.accepted, stats.handler_errors, stats.handler_panics, stats.tls_failures
    );
    Ok(())
}
