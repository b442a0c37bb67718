//! A small netcat: connect (or `--listen` for one connection) and bridge
//! stdin and stdout through `copy()`. End of stdin half-closes the socket;
//! the program ends when the peer closes its side. `--send FILE` uploads a
//! file instead of stdin, with a progress bar on a terminal.
//!
//! ```text
//! ncat [--tls] [--ca FILE] [--send FILE] HOST PORT
//! ncat --listen [--host H] [--tls --cert FILE --key FILE] [--send FILE] PORT
//! ```

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;

use clap::{CommandFactory, Parser};
use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions, Socket};
use sockets_examples::cli::{self, ServerIdentity};
use sockets_stream::{copy, Reader};

/// Bridge stdin and stdout with a TCP or TLS connection.
///
/// End of stdin half-closes the connection (the peer sees end of stream);
/// ncat ends when the peer closes its side. Options may come before or
/// after the operands.
#[derive(Debug, Parser)]
#[command(
    version,
    override_usage = "ncat [OPTIONS] HOST PORT\n       ncat --listen [OPTIONS] PORT",
    after_help = "Examples:
  ncat localhost 7007                         talk to echo-server
  ncat --tls --ca ca.pem localhost 17030      over TLS, trusting make-cert's CA
  ncat --send big.iso 127.0.0.1 9000          upload a file, then print the reply
  ncat --listen 9000 > received.bin           receive one connection's bytes
  ncat --listen --tls --cert cert.pem --key key.pem 17030

Logs go to stderr at warn; set RUST_LOG=debug for more."
)]
struct Args {
    /// Listen for one connection instead of connecting.
    #[arg(short, long)]
    listen: bool,
    /// HOST to connect to; with --listen, the PORT to listen on.
    #[arg(value_name = "HOST")]
    first: String,
    /// The port to connect to (1 to 65535).
    #[arg(value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    port: Option<u16>,
    /// With --listen: the address to listen on.
    #[arg(long, default_value = "127.0.0.1", requires = "listen")]
    host: String,
    /// Use TLS. Connecting: trust the system's roots (or --ca); listening:
    /// needs --cert and --key.
    #[arg(long)]
    tls: bool,
    /// With --listen --tls: the PEM certificate chain to serve.
    #[arg(long, value_name = "FILE", requires_all = ["listen", "tls", "key"])]
    cert: Option<PathBuf>,
    /// With --listen --tls: the PEM private key of --cert.
    #[arg(long, value_name = "FILE", requires_all = ["listen", "tls", "cert"])]
    key: Option<PathBuf>,
    /// Connecting: trust this PEM CA certificate instead of the system's
    /// roots (implies --tls).
    #[arg(long, value_name = "FILE", conflicts_with = "listen")]
    ca: Option<PathBuf>,
    /// Send this file instead of stdin, with a progress bar on a terminal.
    #[arg(long, value_name = "FILE")]
    send: Option<PathBuf>,
}

fn main() -> ExitCode {
    cli::init_logging();
    let args = Args::parse();
    let port = match (args.listen, args.port) {
        (false, Some(port)) => port,
        (false, None) => Args::command()
            .error(
                clap::error::ErrorKind::MissingRequiredArgument,
                "the PORT to connect to is missing: ncat HOST PORT",
            )
            .exit(),
        (true, Some(_)) => Args::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "ncat --listen takes one operand, the PORT; give the address with --host",
            )
            .exit(),
        (true, None) => match args.first.parse::<u16>() {
            Ok(port) => port,
            Err(_) => Args::command()
                .error(
                    clap::error::ErrorKind::ValueValidation,
                    format!(
                        "invalid value '{}' for '<PORT>': a port is a number from 0 to 65535 \
                         (0 picks a free one)",
                        args.first
                    ),
                )
                .exit(),
        },
    };
    if args.listen && args.tls && args.cert.is_none() {
        Args::command()
            .error(
                clap::error::ErrorKind::MissingRequiredArgument,
                "listening with --tls needs --cert FILE and --key FILE",
            )
            .exit()
    }
    match run(&args, port) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ncat: {}", cli::client_error_message(&e));
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args, port: u16) -> io::Result<()> {
    // Every file is opened before any connection: a bad path fails at once,
    // and no peer is left waiting for an end of stream.
    let upload = args.send.as_deref().map(Upload::open).transpose()?;
    if args.listen {
        return listen(args, port, upload);
    }
    let mut options = DialOptions::default().tls(args.tls);
    if let Some(ca) = &args.ca {
        options = options.tls_config(cli::client_config_from_ca_file(ca)?);
    }
    let socket = dial(&args.first, port, options)?;
    bridge(socket, upload)
}

/// Serves one connection, bridged like a client's, then exits with its
/// outcome.
fn listen(args: &Args, port: u16, upload: Option<Upload>) -> io::Result<()> {
    let mut options = ServeOptions::default().max_connections(1);
    if args.tls {
        let (Some(cert), Some(key)) = (&args.cert, &args.key) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "listening with --tls needs --cert FILE and --key FILE",
            ));
        };
        let identity = ServerIdentity::read(cert, key)?;
        options = options.tls(identity.cert_chain_pem, identity.key_pem);
    }
    let (done, finished) = mpsc::channel();
    let upload = std::sync::Mutex::new(upload);
    let server = serve_with(&args.host, port, options, move |conn| {
        let upload = upload.lock().map(|mut u| u.take()).unwrap_or(None);
        let _ = done.send(bridge(conn.stream, upload));
        Ok(())
    })
    .map_err(|e| match (&args.cert, &args.key) {
        (Some(cert), Some(key)) => cli::name_tls_files(e, cert, key),
        _ => e,
    })?;
    eprintln!("ncat: listening on {}", server.local_addr());
    let outcome = finished
        .recv()
        .unwrap_or_else(|_| Err(io::Error::other("the connection's handler ended early")));
    server.close()?;
    outcome
}

/// A file to send, opened (and measured) before any connection.
struct Upload {
    path: PathBuf,
    file: File,
    len: u64,
}

impl Upload {
    fn open(path: &Path) -> io::Result<Upload> {
        let named =
            |e: io::Error| io::Error::new(e.kind(), format!("cannot send {}: {e}", path.display()));
        let file = File::open(path).map_err(named)?;
        let len = file.metadata().map_err(named)?.len();
        Ok(Upload {
            path: path.to_path_buf(),
            file,
            len,
        })
    }

    /// Copies the file into `to_peer` with a progress bar on a terminal.
    fn send(self, to_peer: &mut sockets_blocking::WriteHalf) -> io::Result<u64> {
        let bar = indicatif::ProgressBar::new(self.len);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bytes}/{total_bytes} {wide_bar} {bytes_per_sec}",
        ) {
            bar.set_style(style);
        }
        let path = self.path;
        let sent = copy(&mut Reader::new(bar.wrap_read(self.file)), to_peer)
            .map_err(|e| io::Error::new(e.kind(), format!("sending {}: {e}", path.display())))?;
        bar.finish_and_clear();
        Ok(sent)
    }
}

/// stdin (or the file) to the socket, the socket to stdout. The write half
/// is closed whatever happens while sending, so the peer always sees end of
/// stream.
fn bridge(socket: Socket, upload: Option<Upload>) -> io::Result<()> {
    let (mut from_peer, mut to_peer) = socket.split();
    let sending = std::thread::spawn(move || -> io::Result<()> {
        let sent = match upload {
            None => copy(&mut io::stdin(), &mut to_peer),
            Some(upload) => upload.send(&mut to_peer),
        };
        let closed = to_peer.close(); // half-close: the peer sees end of stream
        sent.and(closed)
    });
    // An error here (stdout closed) returns at once; the process's exit then
    // closes the socket, as the sender may be blocked reading stdin.
    copy(&mut from_peer, &mut io::stdout())?;
    sending
        .join()
        .map_err(|_| io::Error::other("the sending thread panicked"))?
}
