//! A small netcat: connect (or `--listen` for one connection) and bridge
//! stdin and stdout through `copy()`. End of stdin half-closes the socket;
//! the program ends when the peer closes its side. `--send FILE` uploads a
//! file instead of stdin, with a progress bar on a terminal.
//!
//! ```text
//! ncat HOST PORT [--tls] [--ca FILE] [--send FILE]
//! ncat --listen [--host H] PORT [--tls CERT KEY] [--send FILE]
//! ```

use std::fs::File;
use std::io;
use std::process::ExitCode;
use std::sync::mpsc;

use clap::Parser;
use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions, Socket};
use sockets_stream::{copy, Reader};

/// Bridge stdin/stdout with a TCP or TLS connection.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Listen for one connection instead of connecting.
    #[arg(short, long)]
    listen: bool,
    /// The host to connect to, or (with --listen) the port when no host.
    first: String,
    /// The port to connect to.
    port: Option<u16>,
    /// Listen on this address.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// TLS: as a client, trust the system roots (or --ca); listening, give
    /// the PEM certificate and key.
    #[arg(long, num_args = 0..=2, value_names = ["CERT", "KEY"])]
    tls: Option<Vec<std::path::PathBuf>>,
    /// Trust this PEM CA certificate (client, implies --tls).
    #[arg(long, value_name = "FILE")]
    ca: Option<std::path::PathBuf>,
    /// Send this file instead of stdin, with a progress bar on a terminal.
    #[arg(long, value_name = "FILE")]
    send: Option<std::path::PathBuf>,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ncat: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> io::Result<()> {
    if args.listen {
        return listen(args);
    }
    let port = args
        .port
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "missing PORT"))?;
    let mut options = DialOptions::default().tls(args.tls.is_some());
    if let Some(ca) = &args.ca {
        options = options.tls_config(sockets_examples::client_config_trusting(&std::fs::read(
            ca,
        )?)?);
    }
    let socket = dial(&args.first, port, options)?;
    bridge(socket, args.send.as_deref())
}

/// Serves one connection, bridged like a client's, then exits.
fn listen(args: Args) -> io::Result<()> {
    let port: u16 = match args.port {
        Some(port) => port,
        None => args
            .first
            .parse()
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "bad PORT"))?,
    };
    let mut options = ServeOptions::default().max_connections(1);
    if let Some(files) = &args.tls {
        if files.len() != 2 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "--listen --tls needs CERT and KEY",
            ));
        }
        options = options.tls(std::fs::read(&files[0])?, std::fs::read(&files[1])?);
    }
    let (done, finished) = mpsc::channel();
    let send = args.send.clone();
    let server = serve_with(&args.host, port, options, move |conn| {
        let outcome = bridge(conn.stream, send.as_deref());
        let _ = done.send(());
        outcome
    })?;
    eprintln!("ncat: listening on {}", server.local_addr());
    let _ = finished.recv();
    server.close()
}

/// stdin (or the file) to the socket, the socket to stdout.
fn bridge(socket: Socket, send: Option<&std::path::Path>) -> io::Result<()> {
    let (mut from_peer, mut to_peer) = socket.split();
    let send = send.map(std::path::Path::to_path_buf);
    let sending = std::thread::spawn(move || -> io::Result<()> {
        let _sent = match send {
            None => copy(&mut io::stdin(), &mut to_peer)?,
            Some(path) => {
                let file = File::open(path)?;
                let bar = indicatif::ProgressBar::new(file.metadata()?.len());
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{bytes}/{total_bytes} {wide_bar} {bytes_per_sec}",
                    )
                    .map_err(io::Error::other)?,
                );
                let sent = copy(&mut Reader::new(bar.wrap_read(file)), &mut to_peer)?;
                bar.finish_and_clear();
                sent
            }
        };
        to_peer.close() // half-close: the peer sees end of stream
    });
    copy(&mut from_peer, &mut io::stdout())?;
    sending
        .join()
        .map_err(|_| io::Error::other("the sending thread panicked"))?
}
